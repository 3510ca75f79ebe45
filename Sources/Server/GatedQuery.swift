import Foundation
import Workers

/// How every query a request causes runs (`/api/sql`, `/api/ask`): in a slot of the
/// concurrency gate, on the lake version current when the slot was given, on the server's
/// worker threads, cancelled at the timeout — its slot held until the engine has stopped,
/// so a timed-out query cannot outlive the bound.
struct GatedQuery: Sendable {
    let view: LakeView
    let gate: QueryGate
    let threads: WorkerThreads
    let limits: ServeLimits

    /// `body`'s value, or the API error to answer with (busy, timeout, lake unreadable,
    /// or the `APIError` `body` threw; anything else is an internal error).
    func run<T: Sendable>(_ body: @escaping @Sendable (LakeState) async throws -> T) async throws(APIError) -> T {
        do {
            return try await gate.withSlot { [self] in try await timed(body) }
        } catch let error as APIError {
            throw error
        } catch is QueryGate.Full {
            throw APIError(.serviceUnavailable, "busy",
                           "\(limits.maxConcurrentQueries) queries are running and \(limits.maxQueuedQueries) waiting; try again shortly",
                           headers: [.retryAfter: "1"])
        } catch is CancellationError {
            throw APIError(.serviceUnavailable, "cancelled", "the request was cancelled before its query ran")
        } catch {
            throw APIError(.internalServerError, "internal", "\(error)")
        }
    }

    private func timed<T: Sendable>(_ body: @escaping @Sendable (LakeState) async throws -> T) async throws -> T {
        let state: LakeState
        do { state = try await view.current() } catch {
            throw APIError(.serviceUnavailable, "lake_unreadable", "cannot read the lake \(view.lake): \(error)")
        }
        let threads = threads, timeout = limits.queryTimeout
        let value: T? = try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await WorkerThreads.$current.withValue(threads) {
                    try await withTaskExecutorPreference(threads) { try await body(state) }
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { return nil }
            return first
        }
        guard let value else {
            throw APIError(.gatewayTimeout, "timeout",
                           "the query ran longer than \(ServeLimits.describe(timeout)) (--query-timeout) and was cancelled")
        }
        return value
    }
}
