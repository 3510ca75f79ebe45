import Foundation
import Synchronization

/// Points of a run where a test can make it die, to prove a failed or killed run
/// leaves the lake as it was (or, past the commit point, is completed by the next).
public enum FaultPoint: String, Sendable, CaseIterable {
    case afterDiscovery = "after-discovery"
    case afterBronze = "after-bronze"
    case afterSilver = "after-silver"
    case afterGold = "after-gold"
    /// Every data file written and every commit prepared, the manifest not yet written.
    case beforeCommit = "before-commit"
    /// The manifest written and half of the table commits published.
    case midPublish = "mid-publish"
}

/// Fires at one configured point: throws (in-process tests) or ends the process at
/// once without any cleanup, as `kill -9` would (the `MEDALLION_FAULT` hook).
/// `MEDALLION_FAULT=<point>` exits there; `<point>:throw` fails the run with an error
/// instead (the process goes on, as a watcher does); `<point>:throw:N` fails only the
/// process's first N runs that reach the point (a watcher's retries then succeed).
public struct FaultInjector: Sendable {
    public enum Action: Sendable { case throwError, exitProcess }

    public var point: FaultPoint
    public var action: Action
    /// How many more times the fault fires (shared by copies); nil: every time.
    private let remaining: FaultCount?

    public init(point: FaultPoint, action: Action, times: Int? = nil) {
        self.point = point
        self.action = action
        remaining = times.map(FaultCount.init)
    }

    /// `MEDALLION_FAULT` in the environment (see above).
    public static func fromEnvironment() throws -> FaultInjector? {
        guard let value = ProcessInfo.processInfo.environment["MEDALLION_FAULT"], !value.isEmpty else { return nil }
        let parts = value.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard let point = FaultPoint(rawValue: parts[0]), parts.count <= 3,
              parts.count < 2 || parts[1] == "throw", parts.count < 3 || Int(parts[2]).map({ $0 > 0 }) == true else {
            throw PipelineError.io(path: "MEDALLION_FAULT", reason: "'\(value)' is not <point>[:throw[:N]] with a point of "
                + FaultPoint.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return FaultInjector(point: point, action: parts.count >= 2 ? .throwError : .exitProcess,
                             times: parts.count == 3 ? Int(parts[2]) : nil)
    }

    func check(_ reached: FaultPoint) throws {
        guard reached == point, remaining?.take() ?? true else { return }
        switch action {
        case .throwError: throw PipelineError.injectedFault(point: reached.rawValue)
        case .exitProcess:
            FileHandle.standardError.write(Data("medallion: fault injected at \(reached.rawValue), exiting\n".utf8))
            _exit(86)
        }
    }
}

/// A count shared by the copies of one `FaultInjector`.
private final class FaultCount: Sendable {
    private let count: Mutex<Int>

    init(_ count: Int) { self.count = Mutex(count) }

    /// True (and one fewer left) while any are left.
    func take() -> Bool {
        count.withLock { count in
            guard count > 0 else { return false }
            count -= 1
            return true
        }
    }
}
