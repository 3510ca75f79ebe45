import Foundation
import Testing
@testable import Workers

@Suite("Byte sizes and memory budget")
struct MemoryBudgetTests {
    static let sizes: [(String, Int)] = [
        ("512MB", 512 << 20), ("2GiB", 2 << 30), ("100k", 100 << 10), ("4096", 4096), ("1.5g", 3 << 29),
        (" 64 kb ", 64 << 10), ("7b", 7), ("1T", 1 << 40), ("0", 0), ("3 MiB", 3 << 20),
    ]

    @Test("sizes parse with binary units", arguments: sizes)
    func parses(_ text: String, _ expected: Int) throws {
        #expect(try ByteSize.parse(text) == expected)
    }

    @Test("bad sizes are rejected", arguments: ["", "  ", "MB", "-5MB", "12XB", "1..2k", "99999999999P", "k100"])
    func rejects(_ text: String) {
        #expect(throws: ByteSizeError.self) { try ByteSize.parse(text) }
    }

    @Test("the default run limit is half the RAM (/proc/meminfo's MemTotal) or of a lower cgroup limit")
    func physicalMemory() throws {
        let meminfo = try String(contentsOfFile: "/proc/meminfo", encoding: .utf8)
        let line = try #require(meminfo.split(separator: "\n").first { $0.hasPrefix("MemTotal:") })
        let kib = try #require(Int(line.split(separator: " ")[1]))
        let ram = try #require(PhysicalMemory.ram)
        // sysconf and meminfo round differently (pages vs KiB, reserved memory); within 1%.
        #expect(abs(ram - kib * 1024) < kib * 1024 / 100)
        let available = try #require(PhysicalMemory.available)
        #expect(available == min(ram, PhysicalMemory.cgroupLimit ?? ram))
        #expect(PhysicalMemory.defaultRunLimit == max(256 << 20, available / 2))
    }

    @Test("reserve, refuse, release, peak")
    func budget() throws {
        let budget = try MemoryBudget(parsing: "1k")
        #expect(budget.limit == 1024)
        #expect(budget.tryReserve(1000))
        #expect(!budget.tryReserve(100))
        budget.forceReserve(100)
        #expect(budget.used == 1100)
        budget.release(1100)
        #expect(budget.used == 0)
        #expect(budget.peak == 1100)
        do {
            let reservation = MemoryReservation(budget: budget)
            #expect(reservation.tryGrow(500))
            #expect(budget.used == 500)
        }
        #expect(budget.used == 0, "a reservation gives its bytes back when released")
    }

    @Test("concurrent reservations never exceed the limit")
    func concurrent() async {
        let budget = MemoryBudget(limit: 10_000)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0 ..< 8 {
                group.addTask {
                    for _ in 0 ..< 2000 where budget.tryReserve(7) {
                        #expect(budget.used <= 10_000)
                        budget.release(7)
                    }
                }
            }
        }
        #expect(budget.used == 0)
        #expect(budget.peak <= 10_000)
    }
}
