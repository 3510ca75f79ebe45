import ArgumentParser
import Workers

@main
struct Medallion: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "medallion",
        abstract: "A parallel batch processor for large CSV datasets (plain, gzip, zstd).",
        subcommands: [DemoCommand.self, RunCommand.self, StatusCommand.self, RulesCommand.self, ScanCommand.self, AggregateCommand.self, ConvertCommand.self, GenerateCommand.self,
                      TablesCommand.self, DescribeCommand.self, HistoryCommand.self, ShowCommand.self,
                      RepairCommand.self, VacuumCommand.self, SQLCommand.self]
    )

    static func main() async {
        AllocatorTuning.keepLargeBuffers()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
