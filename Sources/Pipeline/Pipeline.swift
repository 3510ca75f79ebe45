/// The SportsBar run on the lake: discovery, the bronze/silver/gold/quarantine tables and
/// the lake-wide atomic commit.
public enum Pipeline {}
