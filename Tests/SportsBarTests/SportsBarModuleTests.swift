import Testing
@testable import SportsBar

@Suite struct SportsBarModuleTests {
    @Test func moduleLinks() {
        _ = SportsBar.self
    }
}
