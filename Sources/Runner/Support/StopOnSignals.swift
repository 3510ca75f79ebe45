import Dispatch
import Foundation
import Jobs

/// SIGTERM and SIGINT request a stop (`StopSignal`) instead of killing the process, so a
/// long-running command ends at a safe point; a second signal exits at once (safe too:
/// an uncommitted run leaves the lake as it was).
final class StopOnSignals: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []

    init(_ stop: StopSignal, note: @escaping @Sendable (String) -> Void) {
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if stop.isStopped {
                    note("second signal: exiting now")
                    exit(0)
                }
                note("stopping: a run in progress is abandoned unless it is committing")
                stop.stop()
            }
            source.resume()
            sources.append(source)
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
