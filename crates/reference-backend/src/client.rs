//! Who is asking: the client's address, the key of every per-address limit.

use crate::api::ApiError;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::net::SocketAddr;

/// The peer address of the connection. The server trusts no forwarding header: behind a
/// proxy, every client shares the proxy's address (see the README's security section).
pub struct ClientAddress(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let ConnectInfo(peer) = ConnectInfo::<SocketAddr>::from_request_parts(parts, state)
            .await
            .map_err(ApiError::internal)?;
        Ok(ClientAddress(peer.ip().to_string()))
    }
}
