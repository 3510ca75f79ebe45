import Foundation

/// The INI files the AWS CLI and SDKs share: `~/.aws/credentials` (sections named by
/// profile, `[prod]`) and `~/.aws/config` (`[default]` and `[profile prod]`).
/// Comments start with `#` or `;`; indented lines under a key with an empty value are a
/// nested block (`s3 =` then `  addressing_style = path`) and are kept as `s3.addressing_style`.
struct AWSConfigFile: Sendable {
    enum Kind: Sendable { case credentials, config }

    /// Settings by profile name, keys lower-cased.
    private(set) var profiles: [String: [String: String]] = [:]

    init(text: String, kind: Kind) {
        var section: String?
        var nestedParent: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let indented = rawLine.first == " " || rawLine.first == "\t"
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                nestedParent = nil
                guard line.hasSuffix("]") else { section = nil; continue }
                let name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                section = Self.profileName(section: name, kind: kind)
                if let section, profiles[section] == nil { profiles[section] = [:] }
                continue
            }
            guard let section, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if indented, let parent = nestedParent {
                profiles[section, default: [:]]["\(parent).\(key)"] = value
            } else {
                profiles[section, default: [:]][key] = value
                nestedParent = value.isEmpty ? key : nil
            }
        }
    }

    /// `[profile x]` names profile x in the config file, `[default]` the default one;
    /// the credentials file names profiles bare. Other config sections (`[sso-session x]`) are no profile.
    private static func profileName(section: String, kind: Kind) -> String? {
        switch kind {
        case .credentials:
            return section
        case .config:
            if section == "default" { return "default" }
            let words = section.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            guard words.count == 2, words[0] == "profile" else { return nil }
            return words[1].trimmingCharacters(in: .whitespaces)
        }
    }
}
