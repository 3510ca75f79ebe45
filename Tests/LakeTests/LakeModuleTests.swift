import Lake
import Testing

@Test("the Lake module links")
func lakeLinks() {
    #expect(String(describing: Lake.self) == "Lake")
}
