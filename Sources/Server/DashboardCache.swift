/// Renders the dashboard page for a lake state (the Dashboard module's page).
public typealias DashboardRenderer = @Sendable (LakeState) async throws -> String

/// The dashboard page, rendered once per lake version: requests for the same version
/// share one rendering (also while it is being made); a new completed run makes the next
/// request render again. A plain Delta folder (no version) is rendered per request.
actor DashboardCache {
    private let render: DashboardRenderer
    private var page: (version: Int64, task: Task<String, any Error>)?

    init(render: @escaping DashboardRenderer) { self.render = render }

    func html(for state: LakeState) async throws -> String {
        guard let version = state.version else { return try await render(state) }
        if let page, page.version == version { return try await page.task.value }
        let render = render
        let task = Task { try await render(state) }
        page = (version, task)
        do {
            return try await task.value
        } catch {
            // A failed rendering is not kept: the next request tries again.
            if page?.version == version { page = nil }
            throw error
        }
    }
}
