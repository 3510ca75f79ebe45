import Foundation

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
public struct FaultInjector: Sendable {
    public enum Action: Sendable { case throwError, exitProcess }

    public var point: FaultPoint
    public var action: Action

    public init(point: FaultPoint, action: Action) {
        self.point = point
        self.action = action
    }

    /// `MEDALLION_FAULT=<point>` in the environment: die there.
    public static func fromEnvironment() throws -> FaultInjector? {
        guard let value = ProcessInfo.processInfo.environment["MEDALLION_FAULT"], !value.isEmpty else { return nil }
        guard let point = FaultPoint(rawValue: value) else {
            throw PipelineError.io(path: "MEDALLION_FAULT", reason: "unknown fault point '\(value)'; one of "
                + FaultPoint.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return FaultInjector(point: point, action: .exitProcess)
    }

    func check(_ reached: FaultPoint) throws {
        guard reached == point else { return }
        switch action {
        case .throwError: throw PipelineError.injectedFault(point: reached.rawValue)
        case .exitProcess:
            FileHandle.standardError.write(Data("medallion: fault injected at \(reached.rawValue), exiting\n".utf8))
            _exit(86)
        }
    }
}
