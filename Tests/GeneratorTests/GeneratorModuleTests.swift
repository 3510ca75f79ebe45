import Testing
@testable import Generator

@Suite struct GeneratorModuleTests {
    @Test func moduleLoads() { #expect(String(describing: Generator.self) == "Generator") }
}
