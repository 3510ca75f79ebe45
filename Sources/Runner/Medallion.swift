import ArgumentParser

@main
struct Medallion: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "medallion",
        abstract: "A parallel batch processor for large CSV datasets (plain, gzip, zstd).",
        subcommands: [ScanCommand.self, GenerateCommand.self]
    )
}
