// swift-tools-version: 6.1
// Benchmarks live in their own package so the main build and tests never compile
// the benchmark framework. Run: `cd Benchmarks && swift package benchmark`.
import PackageDescription

let package = Package(
    name: "medallion-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "medallion", path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "ScanBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "Partition", package: "medallion"),
                .product(name: "Workers", package: "medallion"),
            ],
            path: "Benchmarks/ScanBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ]
)
