import Testing
@testable import Jobs

@Suite("Arrival trigger")
struct ArrivalTriggerTests {
    typealias Stamp = SourceSnapshot.Stamp
    let t0 = ContinuousClock.now

    func snapshot(_ files: [String: Int64]) -> SourceSnapshot {
        SourceSnapshot(files: files.mapValues { Stamp(size: $0, modified: $0 * 10) })
    }

    @Test("the first snapshot runs once it has been quiet for the debounce (the start catches up)")
    func firstRun() {
        var trigger = ArrivalTrigger(debounce: .seconds(5))
        let files = snapshot(["a.csv": 1])
        #expect(trigger.observe(files, at: t0) == .settling(files: ["a.csv"], wait: .seconds(5)))
        #expect(trigger.observe(files, at: t0 + .seconds(4)) == .settling(files: ["a.csv"], wait: .seconds(1)))
        #expect(trigger.observe(files, at: t0 + .seconds(5)) == .run(files: ["a.csv"]))
        trigger.started(over: files)
        #expect(trigger.observe(files, at: t0 + .seconds(6)) == .idle)
    }

    @Test("an empty source is nothing to run after the first")
    func emptySource() {
        var trigger = ArrivalTrigger(debounce: .zero)
        #expect(trigger.observe(snapshot([:]), at: t0) == .run(files: []))
        trigger.started(over: snapshot([:]))
        #expect(trigger.observe(snapshot([:]), at: t0) == .idle)
    }

    @Test("a file still growing restarts the wait; only new or changed files count")
    func growingFile() {
        var trigger = ArrivalTrigger(debounce: .seconds(5), baseline: snapshot(["old.csv": 7]))
        #expect(trigger.observe(snapshot(["old.csv": 7]), at: t0) == .idle)
        #expect(trigger.observe(snapshot(["old.csv": 7, "new.csv": 1]), at: t0) == .settling(files: ["new.csv"], wait: .seconds(5)))
        #expect(trigger.observe(snapshot(["old.csv": 7, "new.csv": 2]), at: t0 + .seconds(4)) == .settling(files: ["new.csv"], wait: .seconds(5)))
        // 5 s after the first sighting but only 1 s after the last change: still waiting.
        #expect(trigger.observe(snapshot(["old.csv": 7, "new.csv": 2]), at: t0 + .seconds(5)) == .settling(files: ["new.csv"], wait: .seconds(4)))
        #expect(trigger.observe(snapshot(["old.csv": 7, "new.csv": 2]), at: t0 + .seconds(9)) == .run(files: ["new.csv"]))
    }

    @Test("a file changed after a run started is new again")
    func changedAfterRun() {
        var trigger = ArrivalTrigger(debounce: .zero, baseline: snapshot(["a.csv": 1]))
        #expect(trigger.observe(snapshot(["a.csv": 2]), at: t0) == .run(files: ["a.csv"]))
        trigger.started(over: snapshot(["a.csv": 2]))
        #expect(trigger.observe(snapshot(["a.csv": 2]), at: t0) == .idle)
        #expect(trigger.observe(snapshot(["a.csv": 3]), at: t0) == .run(files: ["a.csv"]))
    }

    @Test("names of copies in progress and hidden files are not source files")
    func inProgressNames() {
        for name in [".orders.csv.swp", "orders.csv.tmp", "orders.csv.part", "x.PARTIAL", "orders.csv~"] {
            #expect(SourceSnapshot.isInProgressName(name), "\(name)")
        }
        for name in ["orders.csv", "orders_2025_06_30.csv.zst", "part-0.csv.gz"] {
            #expect(!SourceSnapshot.isInProgressName(name), "\(name)")
        }
    }
}
