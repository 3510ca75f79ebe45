import Foundation

/// A small tmpfs mounted for one test (the tests run as root in CI containers; where
/// mounting is not allowed the real-device cases are skipped and say so).
public final class TinyMount {
    public let path: String

    public init?(options: String) {
        path = NSTemporaryDirectory() + "medallion-mount-" + UUID().uuidString.lowercased()
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard TinyMount.mount(["-t", "tmpfs", "-o", options, "tmpfs", path]) else {
            try? FileManager.default.removeItem(atPath: path)
            return nil
        }
    }

    /// Changes the mount's options in place (e.g. a bigger size).
    public func remount(_ options: String) -> Bool { TinyMount.mount(["-o", "remount," + options, path]) }

    deinit {
        _ = TinyMount.run("/usr/bin/umount", [path]) || TinyMount.run("/bin/umount", [path])
        try? FileManager.default.removeItem(atPath: path)
    }

    private static func mount(_ arguments: [String]) -> Bool {
        run("/usr/bin/mount", arguments) || run("/bin/mount", arguments)
    }

    private static func run(_ tool: String, _ arguments: [String]) -> Bool {
        guard FileManager.default.isExecutableFile(atPath: tool) else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
