/// The lake's table format: Parquet data files (Parquet/) written and read from
/// column batches, and the Delta Lake transaction log (Delta/) that makes a set of
/// files one table version. Depends only on Partition's column types.
public enum Lake {}
