/// A command's failure on bad input that is not a usage error: printed as
/// `Error: <message>`, exit status 1.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
