/// SportsBar: the pipeline's silver (Rules §3) and gold (Rules §4) rules as pure transformations over
/// column batches. No lake I/O here: the run orchestration reads bronze, calls these
/// functions and commits what they return.
public enum SportsBar {}
