#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal switched to raw mode (no echo, no line buffering, no signals from Ctrl-C
/// or Ctrl-Z: those arrive as bytes) and back again on every way out: `restore()`, process
/// exit (`atexit`), and the signals that end a process (SIGTERM, SIGHUP, SIGQUIT, and the
/// crash signals), whose handlers put the saved settings back and then let the signal do
/// what it did before. Output processing stays on, so `\n` still starts a new line.
enum RawMode {
    /// Puts `fd` in raw mode; false when it is not a terminal or refuses.
    static func enable(_ fd: Int32) -> Bool {
        var original = termios()
        guard tcgetattr(fd, &original) == 0 else { return false }
        var raw = original
        raw.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        raw.c_cflag |= tcflag_t(CS8)
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        SavedTerminal.remember(fd, original)
        // TCSADRAIN, not TCSAFLUSH: what was typed ahead while a statement ran is kept.
        guard tcsetattr(fd, TCSADRAIN, &raw) == 0 else {
            SavedTerminal.forget()
            return false
        }
        return true
    }

    /// Puts the settings from before `enable` back.
    static func restore() {
        SavedTerminal.restoreNow()
        SavedTerminal.forget()
    }
}

/// The settings to put back, where a signal handler can reach them: plain globals set
/// only while no handler can run against a half-written value (the handlers are
/// installed after the settings are stored and removed before they are cleared).
private enum SavedTerminal {
    nonisolated(unsafe) static var fd: Int32 = -1
    nonisolated(unsafe) static var settings = termios()
    nonisolated(unsafe) static var active = false
    nonisolated(unsafe) static var atExitInstalled = false
    static let signals: [Int32] = [SIGTERM, SIGHUP, SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE]
    /// The handlers that were there before ours, indexed by signal number.
    nonisolated(unsafe) static let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)

    static func remember(_ fd: Int32, _ original: termios) {
        self.fd = fd
        settings = original
        active = true
        if !atExitInstalled {
            atExitInstalled = true
            atexit { SavedTerminal.restoreNow() }
        }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signal in
            SavedTerminal.restoreNow()
            // The earlier handler back, then the signal again: it ends the process (or
            // reaches the runtime's crash report) as it would have without us.
            sigaction(signal, SavedTerminal.previous + Int(signal), nil)
            raise(signal)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        for signal in signals { sigaction(signal, &action, previous + Int(signal)) }
    }

    static func forget() {
        guard active else { return }
        for signal in signals { sigaction(signal, previous + Int(signal), nil) }
        active = false
    }

    /// Async-signal-safe: one `tcsetattr`, taking effect at once (keys typed meanwhile
    /// stay queued for whatever reads next).
    static func restoreNow() {
        guard active else { return }
        var settings = settings
        tcsetattr(fd, TCSANOW, &settings)
    }
}
