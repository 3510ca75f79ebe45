/// Runs `body` over `items` with at most `workers` tasks at once and returns the
/// results in input order. The first error cancels every task still running and is
/// rethrown.
public func parallelMap<T: Sendable, R: Sendable>(
    _ items: [T], workers: Int, _ body: @escaping @Sendable (T) async throws -> R
) async throws -> [R] {
    try await withThrowingTaskGroup(of: (Int, R).self) { group in
        var results = [R?](repeating: nil, count: items.count)
        var next = 0
        let limit = max(1, workers)
        while next < min(limit, items.count) {
            let index = next
            group.addTask { (index, try await body(items[index])) }
            next += 1
        }
        while let (index, value) = try await group.next() {
            results[index] = value
            if next < items.count {
                let index = next
                group.addTask { (index, try await body(items[index])) }
                next += 1
            }
        }
        return results.compactMap { $0 }
    }
}
