#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes to and from the terminal's file descriptors, retried on EINTR.
struct TerminalIO {
    let input: Int32
    let output: Int32

    /// Whatever bytes are there, waiting at most `timeoutMilliseconds` (-1: for ever);
    /// empty on timeout, nil at end of input (the terminal went away) or on an error.
    func readAvailable(timeoutMilliseconds: Int32 = -1) -> [UInt8]? {
        var poller = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = poll(&poller, 1, timeoutMilliseconds)
            if ready == 0 { return [] }
            if ready < 0 {
                if errno == EINTR { continue }
                return nil
            }
            break
        }
        var bytes = [UInt8](repeating: 0, count: 256)
        while true {
            let count = bytes.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return nil }
            return Array(bytes.prefix(count))
        }
    }

    func send(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(output, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }

    /// The terminal's width in columns (80 when it does not say).
    var columns: Int {
        var size = winsize()
        if ioctl(output, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}
