import Foundation
import Partition

/// Writes an orders-like sample CSV (the shape of SportsBar's child orders files)
/// for demos and benchmarks: mixed date styles with quoted weekday dates, a few
/// invalid customer ids, about 5% missing quantities. Deterministic per seed.
struct OrdersSampleWriter {
    var rows: Int
    var seed: UInt64

    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August",
                         "September", "October", "November", "December"]

    /// The CSV bytes, generated in blocks handed to `sink`.
    func generate(_ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        var rng = SplitMix64(seed: seed)
        var out = ContiguousArray<UInt8>()
        out.reserveCapacity(1 << 20)
        out.append(contentsOf: "order_id,order_placement_date,customer_id,product_id,order_qty\n".utf8)
        let start = CivilDate.days(year: 2024, month: 7, day: 1) ?? 0
        for i in 0 ..< rows {
            let day = start + Int32(i * 540 / max(rows, 1))
            let (y, m, d) = CivilDate.civil(day)
            let weekday = Self.weekdays[Int((day + 3) % 7 + 7) % 7]
            out.append(contentsOf: "F\(Self.months[m - 1].prefix(3).uppercased())\(10_000_000 + Int(rng.next() % 90_000_000)),".utf8)
            switch rng.next() % 20 {
            case 0: out.append(contentsOf: "\(y)/\(pad(m))/\(pad(d)),".utf8)
            case 1: out.append(contentsOf: "\(pad(d))-\(pad(m))-\(y),".utf8)
            case 2: out.append(contentsOf: "\(pad(d))/\(pad(m))/\(y),".utf8)
            default: out.append(contentsOf: "\"\(weekday), \(Self.months[m - 1]) \(pad(d)), \(y)\",".utf8)
            }
            let customer = rng.next() % 50
            out.append(contentsOf: (customer == 0 ? "XYZ123" : customer == 1 ? "INVALID" : "789\(100 + rng.next() % 900)").utf8)
            out.append(contentsOf: ",2589\(1000 + rng.next() % 9000),".utf8)
            if rng.next() % 20 != 0 { out.append(contentsOf: "\(1 + rng.next() % 500).0".utf8) }
            out.append(0x0A)
            if out.count > 1 << 20 {
                try out.withUnsafeBytes(sink)
                out.removeAll(keepingCapacity: true)
            }
        }
        try out.withUnsafeBytes(sink)
    }

    private func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
}

