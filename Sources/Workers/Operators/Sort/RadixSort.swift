/// Least-significant-digit radix sort of `UInt64`s, 11 bits per pass, over only the
/// low `significantBits` (the rest must be zero). For sorting packed keys, where it is
/// several times faster than a comparison sort; stable, though packed keys are unique.
enum RadixSort {
    static func sort(_ values: inout ContiguousArray<UInt64>, significantBits: Int) {
        let count = values.count
        guard count > 1 else { return }
        let digitBits = 11, buckets = 1 << digitBits, mask = UInt64(buckets - 1)
        let passes = (max(1, significantBits) + digitBits - 1) / digitBits
        var scratch = ContiguousArray<UInt64>(repeating: 0, count: count)
        var histogram = ContiguousArray<Int>(repeating: 0, count: buckets)
        for pass in 0 ..< passes {
            let shift = UInt64(pass * digitBits)
            values.withUnsafeBufferPointer { source in
                scratch.withUnsafeMutableBufferPointer { target in
                    histogram.withUnsafeMutableBufferPointer { counts in
                        for i in 0 ..< buckets { counts[i] = 0 }
                        for value in source { counts[Int((value >> shift) & mask)] += 1 }
                        var start = 0
                        for i in 0 ..< buckets {
                            let n = counts[i]
                            counts[i] = start
                            start += n
                        }
                        for value in source {
                            let digit = Int((value >> shift) & mask)
                            target[counts[digit]] = value
                            counts[digit] += 1
                        }
                    }
                }
            }
            swap(&values, &scratch)
        }
    }
}
