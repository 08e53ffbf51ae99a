use crate::api::ApiError;
use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use contract::Region;
use contract::wire::ErrorCode;

/// The region whose prefix the request came under: `/europe/openapi/...` is Europe's.
pub struct InRegion(pub Region);

impl<S: Send + Sync> FromRequestParts<S> for InRegion {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        // Nesting strips the prefix from `uri`; the original keeps it.
        let path = parts
            .extensions
            .get::<OriginalUri>()
            .map_or(parts.uri.path(), |uri| uri.path());
        let prefix = path.split('/').nth(1).unwrap_or_default();
        prefix
            .parse()
            .map(InRegion)
            .map_err(|_| ApiError::new(ErrorCode::NotFound, "Unknown region."))
    }
}
