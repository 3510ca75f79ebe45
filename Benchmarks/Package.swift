// swift-tools-version: 6.1
// Benchmarks live in their own package so the main build and tests never compile
// the benchmark framework. Run: `cd Benchmarks && swift package benchmark`
// (see perf/README.md, "Benchmarks").
import PackageDescription

let benchmarkDependencies: [Target.Dependency] = [
    "BenchSupport",
    .product(name: "Benchmark", package: "package-benchmark"),
    .product(name: "Partition", package: "medallion"),
    .product(name: "Workers", package: "medallion"),
]

let package = Package(
    name: "medallion-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "medallion", path: ".."),
        // Naming a trait turns the default RuntimeInterposer trait off (its package is not
        // available here); MallocInterposer is only hooked when a malloc metric is asked for.
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Shared helpers (environment knobs, custom metrics, seeded random numbers, executor).
        .target(
            name: "BenchSupport",
            dependencies: [.product(name: "Benchmark", package: "package-benchmark")],
            path: "Sources/BenchSupport"
        ),
        .executableTarget(
            name: "ScanBenchmarks",
            dependencies: benchmarkDependencies,
            path: "Benchmarks/ScanBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        .executableTarget(
            name: "OperatorBenchmarks",
            dependencies: benchmarkDependencies,
            path: "Benchmarks/OperatorBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ]
)
