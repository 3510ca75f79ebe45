/// Synthetic SportsBar source folders (SPEC §1 layout) with the real data's dirt.
public enum Generator {}
