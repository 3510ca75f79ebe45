import ArgumentParser
import Foundation
import Pipeline
import S3
import Workers

@main
struct Medallion: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "medallion",
        abstract: "A parallel batch processor for large CSV datasets (plain, gzip, zstd).",
        subcommands: [DemoCommand.self, RunCommand.self, StatusCommand.self, RulesCommand.self, ScanCommand.self, AggregateCommand.self, ConvertCommand.self, GenerateCommand.self,
                      TablesCommand.self, DescribeCommand.self, HistoryCommand.self, ShowCommand.self,
                      RepairCommand.self, VacuumCommand.self, SQLCommand.self, WatchCommand.self, ScheduleCommand.self,
                      ExportSparkCommand.self, AskCommand.self, DashboardCommand.self, ServeCommand.self]
    )

    static func main() async {
        AllocatorTuning.keepLargeBuffers()
        // `--source`/`--lake` may be s3://bucket/prefix (credentials, region and endpoint as the AWS CLI finds them).
        S3ObjectStore.register()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withStatusFor: error)
        }
    }

    /// Documented exit statuses (schedulers act on them): 0 success, 1 failed, 2 bad usage,
    /// 75 (EX_TEMPFAIL) the lake is locked by another run.
    static func exit(withStatusFor error: any Error) -> Never {
        if case PipelineError.lakeLocked = error {
            writeStandardError("Error: \(error)\n")
            Foundation.exit(75)
        }
        if exitCode(for: error) == .validationFailure {
            writeStandardError(fullMessage(for: error) + "\n")
            Foundation.exit(2)
        }
        exit(withError: error)
    }
}
