import Files
import ObjectStorage
import Foundation

/// `_medallion/clean`: present only while no run is under way and the last one ended
/// without leaving files behind. A run removes it (durably) before it writes anything
/// and puts it back once it has committed, or found nothing to do. A run that fails or
/// is killed leaves it absent, and so does a lake written before the marker existed;
/// only then does the next run walk every table folder for files no version
/// references (`LakeLeftovers`) — a walk that grows with the lake, not with the run.
enum CleanEndMarker {
    static let name = "clean"

    static func path(_ lake: String) -> String { LakeLayout.metaDirectory(lake) + "/" + name }

    static func isPresent(_ lake: String) -> Bool { (try? LakeFiles.exists(path(lake))) ?? false }

    /// Before the run writes its first file.
    static func clear(_ lake: String) throws {
        guard isPresent(lake) else { return }
        try LakeFiles.remove(path(lake))
        if ObjectStores.isRemote(lake) { return } // a DELETE is durable when it returns
        do throws(DurableFile.Failure) { try DurableFile.syncDirectory(LakeLayout.metaDirectory(lake)) } catch {
            throw PipelineError(error)
        }
    }

    /// After the run committed, or found nothing new.
    static func set(_ lake: String) throws {
        _ = try LakeFiles.createExclusive(Array("the last run ended cleanly\n".utf8), at: path(lake))
    }
}
