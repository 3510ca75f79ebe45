// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "medallion",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "medallion", targets: ["Runner"]),
        .library(name: "Columns", targets: ["Columns"]),
        .library(name: "Files", targets: ["Files"]),
        .library(name: "ObjectStorage", targets: ["ObjectStorage"]),
        .library(name: "Partition", targets: ["Partition"]),
        .library(name: "Workers", targets: ["Workers"]),
        .library(name: "Lake", targets: ["Lake"]),
        .library(name: "SportsBar", targets: ["SportsBar"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
        .library(name: "Generator", targets: ["Generator"]),
        .library(name: "SQLSyntax", targets: ["SQLSyntax"]),
        .library(name: "SQL", targets: ["SQL"]),
        .library(name: "LineEditing", targets: ["LineEditing"]),
        .library(name: "SQLShell", targets: ["SQLShell"]),
        .library(name: "Jobs", targets: ["Jobs"]),
        .library(name: "Ask", targets: ["Ask"]),
        .library(name: "Dashboard", targets: ["Dashboard"]),
        .library(name: "Server", targets: ["Server"]),
        .library(name: "S3", targets: ["S3"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // Thin C shims over the system compression libraries.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"]), .brew(["zstd"])]
        ),
        // A cache prefetch hint (a compiler builtin Swift does not expose), header only.
        .systemLibrary(name: "CPrefetch"),
        // The column data model every layer shares: schemas, column buffers, record
        // batches, civil dates, decimal text, UTF-8 checks, the one byte hash. Depends on nothing.
        .target(name: "Columns"),
        // Files opened, read at offsets and written (swift-system), with errors that say why.
        .target(name: "Files", dependencies: [.product(name: "SystemPackage", package: "swift-system")]),
        // Where sources and lakes live: the ObjectStore protocol (list, ranged read, atomic write,
        // create-if-absent, streamed writer), the local-directory store, s3:// locations and the opener registry.
        .target(name: "ObjectStorage", dependencies: ["Files"]),
        // Finding, splitting, decompressing and parsing inputs.
        .target(
            name: "Partition",
            dependencies: ["Columns", "Files", "ObjectStorage", "CZlib", "CZstd", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The lake's table format: Parquet data files and the Delta Lake transaction log.
        .target(
            name: "Lake",
            dependencies: ["Columns", "Files", "ObjectStorage", "CZlib", "CZstd", "CPrefetch"]
        ),
        // The engine: scheduler, operators, shuffles, spilling, and the plan layer
        // (one ExecutionPlan protocol: a stream of column batches per partition).
        .target(
            name: "Workers",
            dependencies: ["Columns", "Files", "ObjectStorage", "Partition", "Lake", "CZstd", "CPrefetch", .product(name: "DequeModule", package: "swift-collections")]
        ),
        // The silver and gold rules (SportsBar.docc/PipelineRules.md) as transformations over column batches.
        .target(
            name: "SportsBar",
            dependencies: ["Columns", "Partition", "Workers"]
        ),
        // Synthetic SportsBar source folders with the real data's dirt (`medallion generate`).
        .target(
            name: "Generator",
            dependencies: ["Columns", "Partition"]
        ),
        // The SportsBar run: discovery, bronze/silver/gold/quarantine tables, the lake-wide commit.
        .target(
            name: "Pipeline",
            dependencies: ["SportsBar", "Workers", "Lake", "Columns", "Files", "ObjectStorage", "Partition"]
        ),
        // The Spark SQL front end of `medallion sql`: tokens, syntax tree, parser, caret errors, printer. Depends on nothing.
        .target(name: "SQLSyntax"),
        // SQL over the lake: catalog, binder, vectorized expressions, planning onto the Workers operators, statements.
        .target(name: "SQL", dependencies: ["SQLSyntax", "Workers", "Lake", "Columns", "ObjectStorage"]),
        // A small line editor for terminal prompts: keys, edit buffer, history, rendering, raw mode. Depends on nothing.
        .target(name: "LineEditing"),
        // The interactive `medallion sql` shell without the terminal: statement splitting, dot commands, the session.
        .target(name: "SQLShell", dependencies: ["SQL", "Workers"]),
        // Operating the pipeline: the file-arrival watcher, retries, systemd/cron schedules.
        .target(name: "Jobs", dependencies: ["Pipeline", "ObjectStorage"]),
        // Questions in plain English over the lake (`medallion ask`): a semantic model, a rule-based
        // parser into an intermediate query, its Spark SQL, and the answer run on the SQL engine.
        .target(
            name: "Ask",
            dependencies: ["SQL", "SQLSyntax", "Columns", .product(name: "Yams", package: "Yams")],
            // The SportsBar semantic model, compiled into the module.
            resources: [.embedInCode("Model/sportsbar.yaml")]
        ),
        // `medallion dashboard`: YAML definitions, datasets aggregated by SQL, one self-contained HTML page.
        .target(
            name: "Dashboard",
            dependencies: ["SQL", "Pipeline", "Lake", "Columns", "Workers", "CZlib", .product(name: "Yams", package: "Yams")],
            // The page's own script and style and the default SportsBar definition, compiled into the binary.
            resources: [.embedInCode("Resources/dashboard.js"), .embedInCode("Resources/dashboard.css"),
                        .embedInCode("Resources/sportsbar.yaml"), .embedInCode("Resources/ask.js")]
        ),
        // `medallion serve`: the lake over HTTP (Hummingbird): read-only SQL as JSON, the tables, health, the dashboard.
        .target(
            name: "Server",
            dependencies: [
                "SQL", "SQLSyntax", "Dashboard", "Ask", "Pipeline", "Workers", "Columns", "Lake",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Amazon S3 and S3-compatible stores behind the ObjectStore protocol: SigV4 signing, credentials,
        // ranged reads, multipart writes, conditional creates, retries.
        .target(
            name: "S3",
            dependencies: [
                "ObjectStorage",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // The `medallion` executable.
        .executableTarget(
            name: "Runner",
            dependencies: [
                "Columns", "ObjectStorage", "S3", "Partition", "Workers", "Lake", "SportsBar", "Pipeline", "Generator", "SQL", "SQLShell", "LineEditing", "Jobs", "Ask", "Dashboard", "Server",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // The PySpark job `medallion export-spark` writes, compiled into the binary.
            resources: [.embedInCode("Resources/spark_job.py")]
        ),
        // Fixtures shared by the test targets: sample-data lookup, Python interop runner.
        .target(name: "TestSupport", path: "Tests/TestSupport", exclude: ["moto_server.py"]),
        // The sample data's lake, built once per test process, for suites that query a real lake.
        .target(name: "LakeFixtures", dependencies: ["Pipeline", "TestSupport"], path: "Tests/LakeFixtures"),
        .testTarget(name: "ColumnsTests", dependencies: ["Columns"]),
        .testTarget(
            name: "S3Tests",
            dependencies: ["S3", "ObjectStorage", "TestSupport"],
            // The fault-injecting proxy in front of moto for the retry tests.
            exclude: ["fault_proxy.py"]
        ),
        .testTarget(name: "FilesTests", dependencies: ["Files"]),
        // An in-memory store that behaves like S3 (no rename, small list pages, injected failures), for tests only.
        .target(name: "ObjectStoreFixtures", dependencies: ["ObjectStorage"], path: "Tests/ObjectStoreFixtures"),
        .testTarget(name: "ObjectStorageTests", dependencies: ["ObjectStorage", "ObjectStoreFixtures"]),
        .testTarget(name: "PartitionTests", dependencies: ["Columns", "Partition"]),
        .testTarget(name: "WorkersTests", dependencies: ["Workers", "Columns", "Partition"]),
        .testTarget(
            name: "LakeTests",
            dependencies: ["Lake", "Columns", "Files", "Partition", "TestSupport"],
            // Python halves of the interop tests (pyarrow, deltalake, duckdb).
            exclude: ["Delta/delta_interop.py", "interop/parquet_check.py"]
        ),
        .testTarget(name: "SportsBarTests", dependencies: ["SportsBar", "Columns", "Partition", "Workers", "TestSupport"]),
        .testTarget(name: "GeneratorTests", dependencies: ["Generator", "Columns", "Partition"]),
        .testTarget(name: "SQLSyntaxTests", dependencies: ["SQLSyntax", "Columns"]),
        .testTarget(
            name: "SQLTests",
            dependencies: ["SQL", "SQLSyntax", "Workers", "Lake", "Columns", "LakeFixtures", "TestSupport", "ObjectStoreFixtures"],
            exclude: ["Queries", "expected.py", "Differential/differential.py"]
        ),
        .testTarget(name: "LineEditingTests", dependencies: ["LineEditing", "Columns"]),
        .testTarget(name: "JobsTests", dependencies: ["Jobs", "Pipeline", "TestSupport"]),
        .testTarget(
            name: "SQLShellTests",
            dependencies: ["SQLShell", "SQL", "LakeFixtures", "TestSupport"]
        ),
        .testTarget(
            name: "AskTests",
            dependencies: ["Ask", "SQL", "Columns", "LakeFixtures", "TestSupport", .product(name: "Yams", package: "Yams")],
            // The golden questions (read at run time) and DuckDB's half of the cross-check.
            exclude: ["Golden", "duckdb_check.py"]
        ),
        .testTarget(
            name: "DashboardTests",
            dependencies: ["Dashboard", "SQL", "LakeFixtures", "TestSupport"],
            // The Chromium half of the page test (Playwright) and its DuckDB cross-check.
            exclude: ["page_check.py"]
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Dashboard", "Ask", "SQL", "Pipeline", "LakeFixtures", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            // The Chromium half of the ask box test (Playwright).
            exclude: ["ask_box_check.py"]
        ),
        .testTarget(
            name: "PipelineTests",
            dependencies: ["Pipeline", "SportsBar", "Workers", "Lake", "Columns", "Partition", "Generator", "TestSupport",
                           "ObjectStorage", "ObjectStoreFixtures", "LakeFixtures", "S3"],
            // Python halves of the interop tests (deltalake, pyarrow, duckdb).
            exclude: ["gold_check.py", "lake_check.py", "spark_gold_check.py"]
        ),
    ]
)
