// The `medallion` command line.
print("medallion")
