import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A program run on a pseudo-terminal, as a person at a terminal would run it: keys
/// written to the terminal's master side, everything the program draws read back.
final class PseudoTerminal: Sendable {
    private let master: Int32
    private let process: Process
    private let screen = Screen()

    /// The bytes read so far, shared with the reading thread.
    private final class Screen: Sendable {
        let bytes = Mutex<[UInt8]>([])
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    init(_ executable: String, _ arguments: [String], environment: [String: String], columns: UInt16 = 100) throws {
        // posix_openpt, unlockpt and ptsname are not in Swift's Glibc module; on Linux they
        // are /dev/ptmx and two ioctls (their numbers are the same on x86_64 and arm64).
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0, number: UInt32 = 0
        let TIOCSPTLCK: UInt = 0x4004_5431, TIOCGPTN: UInt = 0x8004_5430
        guard master >= 0, ioctl(master, TIOCSPTLCK, &unlock) == 0, ioctl(master, TIOCGPTN, &number) == 0 else {
            throw Failure(description: "no pseudo-terminal: errno \(errno)")
        }
        let name = "/dev/pts/\(number)"
        var size = winsize(ws_row: 30, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        let slave = open(name, O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw Failure(description: "cannot open \(name)") }
        let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = terminal
        process.standardOutput = terminal
        process.standardError = terminal
        try process.run()
        try? terminal.close()  // the program's copies stay open; with ours gone, its exit ends the reads below
        let master = self.master, screen = self.screen
        Thread.detachNewThread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return }  // EIO once the program and every copy of the slave are gone
                screen.bytes.withLock { $0 += buffer.prefix(count) }
            }
        }
    }

    deinit {
        if process.isRunning { process.terminate() }
        close(master)
    }

    /// Everything the program wrote so far, escape sequences included.
    var output: String { String(decoding: screen.bytes.withLock { $0 }, as: UTF8.self) }

    /// Types `text` (bytes as a terminal sends them: "\r" for Enter, "\u{1B}[D" for Left).
    func type(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Waits until the output holds `text` `times` times; throws with the output after `timeout`.
    func waitFor(_ text: String, times: Int = 1, timeout: Duration = .seconds(60)) throws {
        let deadline = ContinuousClock.now + timeout
        while output.components(separatedBy: text).count - 1 < times {
            guard ContinuousClock.now < deadline else {
                throw Failure(description: "no \(times) × \(text.debugDescription) in:\n" + Self.readable(output))
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    /// Waits for the program to end; its exit status.
    func waitForExit(timeout: Duration = .seconds(30)) throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else { throw Failure(description: "still running:\n" + Self.readable(output)) }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return process.terminationStatus
    }

    /// The output with escape sequences shown as text, for failure messages.
    static func readable(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{1B}", with: "⎋").replacingOccurrences(of: "\r", with: "")
    }
}
