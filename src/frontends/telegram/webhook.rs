//! Our own gate in front of teloxide's webhook router: the secret header is compared in
//! constant time (teloxide compares with `!=`), and a body that does not parse as an
//! update is dropped here, unlogged (teloxide would log it raw, and it may carry a key).

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use teloxide::types::Update;

/// The header Telegram echoes the webhook's `secret_token` in.
pub const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";
/// The largest update body read (Telegram's updates are a few kilobytes).
const MAX_BODY: usize = 1 << 20;

/// `router` behind the gate.
pub fn guarded(router: Router, secret: SecretString) -> Router {
    router.layer(axum::middleware::from_fn_with_state(Arc::new(secret), gate))
}

/// Whether `given` is the secret, in time independent of where they differ and of their
/// lengths (both are hashed first, then compared in constant time).
pub fn secret_matches(given: &[u8], secret: &SecretString) -> bool {
    let a = Sha256::digest(given);
    let b = Sha256::digest(secret.expose_secret().as_bytes());
    a.as_slice().ct_eq(b.as_slice()).into()
}

async fn gate(State(secret): State<Arc<SecretString>>, req: Request, next: Next) -> Response {
    let given = req
        .headers()
        .get(SECRET_HEADER)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if !secret_matches(given, &secret) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        tracing::warn!("a webhook body was too large or broken; dropped");
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    if serde_json::from_slice::<Update>(&bytes).is_err() {
        // 200, so Telegram does not send it again and again.
        tracing::warn!(
            bytes = bytes.len(),
            "a webhook update did not parse; dropped (its content is not logged)"
        );
        return StatusCode::OK.into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_secret_matches() {
        let secret = SecretString::from("FAKE-webhook-secret_01");
        assert!(secret_matches(b"FAKE-webhook-secret_01", &secret));
        for wrong in [
            &b""[..],
            b"FAKE-webhook-secret_0",
            b"FAKE-webhook-secret_012",
            b"fake-webhook-secret_01",
        ] {
            assert!(!secret_matches(wrong, &secret));
        }
    }
}
