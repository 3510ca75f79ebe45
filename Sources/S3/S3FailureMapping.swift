import ObjectStorage

/// S3 errors in the object store's terms: 404 → notFound, 401/403 → accessDenied,
/// a create's 412/409 conflicts → alreadyExists (a read's 412 is an object replaced mid-read), throttling, 5xx and lost connections that outlasted
/// the retries → unavailable; the cause keeps S3's status, code and message.
enum S3FailureMapping {
    static func failure(_ error: any Error, store: String, operation: String, key: String) -> ObjectStoreFailure {
        if let failure = error as? ObjectStoreFailure { return failure }
        guard let s3 = error as? S3Error else {
            let kind: ObjectStoreFailure.Kind = error is S3ConfigurationError ? .accessDenied : .other
            return ObjectStoreFailure(store: store, key: key, operation: operation, kind: kind, cause: String(describing: error))
        }
        let kind: ObjectStoreFailure.Kind
        switch s3.reason {
        case .service(let status, let code, _, _):
            if status == 404 {
                kind = .notFound
            } else if status == 401 || status == 403 {
                kind = .accessDenied
            } else if operation == "create", status == 412 || (status == 409 && code == "ConditionalRequestConflict") {
                kind = .alreadyExists
            } else if operation == "read", status == 412 {
                // Reads are pinned to the ETag seen when the object was listed or opened.
                return ObjectStoreFailure(store: store, key: key, operation: operation, kind: .changed,
                                          cause: "the object was replaced since it was listed (\(s3.description))")
            } else if RetryPolicy.isRetryable(status: status, code: code) {
                kind = .unavailable
            } else {
                kind = .other
            }
        case .transport:
            kind = .unavailable
        case .malformedResponse, .invalidRequest:
            kind = .other
        }
        return ObjectStoreFailure(store: store, key: key, operation: operation, kind: kind, cause: s3.description)
    }
}
