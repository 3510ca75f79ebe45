import Testing
@testable import Pipeline

@Suite struct PipelineModuleTests {
    @Test func moduleLoads() { #expect(String(describing: Pipeline.self) == "Pipeline") }
}
