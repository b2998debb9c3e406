//! Our own gate in front of teloxide's webhook router: the secret header is compared in
//! constant time (teloxide compares with `!=`), and a body that does not parse as an
//! update is dropped here, unlogged (teloxide would log it raw, and it may carry a key).
//!
//! Several instances may serve one webhook (issue 21): they share its secret (the setting,
//! or one derived from the bot token, never a random one), an instance starting leaves a
//! webhook already set to its URL and updates alone ([`needs_set`]), and none deletes it
//! when it stops (`dustpan telegram delete-webhook` does, on purpose).

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
use teloxide::types::{AllowedUpdate, Update, WebhookInfo};

use crate::config::TelegramWebhook;

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

/// The webhook's secret, the same on every instance with the same settings: the
/// `TELEGRAM_WEBHOOK_SECRET` setting, else one derived from the bot token (SHA-256 of it
/// under a label of ours, in hex: Telegram's alphabet, 64 characters), so instances never
/// overwrite each other's secret and the token cannot be recovered from it.
pub fn shared_secret(hook: &TelegramWebhook, bot_token: &SecretString) -> SecretString {
    if let Some(s) = &hook.secret {
        return s.clone();
    }
    let mut h = Sha256::new();
    h.update(b"dustpan telegram webhook secret\0");
    h.update(bot_token.expose_secret().as_bytes());
    SecretString::from(hex::encode(h.finalize()))
}

/// Whether setWebhook must be called at start: not when Telegram already sends this URL
/// the updates we handle. The secret cannot be read back (getWebhookInfo does not show
/// it); every instance uses the same one ([`shared_secret`]), so a webhook with our URL
/// and updates was set by an instance with our settings. After changing the secret alone,
/// `dustpan telegram set-webhook` sets it once (README, "Several instances").
pub fn needs_set(info: &WebhookInfo, url: &url::Url, allowed: &[AllowedUpdate]) -> bool {
    let same_url = info.url.as_ref() == Some(url);
    let same_updates = info.allowed_updates.as_ref().is_some_and(|held| {
        held.len() == allowed.len() && allowed.iter().all(|a| held.contains(a))
    });
    !(same_url && same_updates)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(url: Option<&str>, allowed: Option<Vec<AllowedUpdate>>) -> WebhookInfo {
        WebhookInfo {
            url: url.map(|u| u.parse().unwrap()),
            has_custom_certificate: false,
            pending_update_count: 3,
            ip_address: None,
            last_error_date: None,
            last_error_message: None,
            last_synchronization_error_date: None,
            max_connections: Some(40),
            allowed_updates: allowed,
        }
    }

    #[test]
    fn a_webhook_already_set_to_our_url_and_updates_is_left_alone_and_any_other_is_set() {
        use AllowedUpdate::{CallbackQuery, Message, MyChatMember};
        let ours: url::Url = "https://bot.example/hook".parse().unwrap();
        let allowed = [Message, CallbackQuery, MyChatMember];
        let same = info(
            Some("https://bot.example/hook"),
            Some(vec![MyChatMember, Message, CallbackQuery]),
        );
        assert!(!needs_set(&same, &ours, &allowed));
        for other in [
            info(None, None),
            info(Some("https://bot.example/other"), Some(allowed.to_vec())),
            info(Some("https://bot.example/hook"), None),
            info(Some("https://bot.example/hook"), Some(vec![Message])),
        ] {
            assert!(needs_set(&other, &ours, &allowed), "{other:?}");
        }
    }

    #[test]
    fn the_shared_secret_is_the_setting_or_the_same_one_derived_from_the_token() {
        let token = SecretString::from("123456:FAKE-token");
        let mut hook = TelegramWebhook {
            url: "https://bot.example/hook".parse().unwrap(),
            listen: "127.0.0.1:8443".parse().unwrap(),
            secret: None,
        };
        let a = shared_secret(&hook, &token);
        let b = shared_secret(&hook, &token);
        assert_eq!(a.expose_secret(), b.expose_secret());
        assert_eq!(a.expose_secret().len(), 64);
        assert!(!a.expose_secret().contains("FAKE"));
        let other = shared_secret(&hook, &SecretString::from("654321:FAKE-token"));
        assert_ne!(a.expose_secret(), other.expose_secret());
        hook.secret = Some(SecretString::from("FAKE-set-secret"));
        assert_eq!(
            shared_secret(&hook, &token).expose_secret(),
            "FAKE-set-secret"
        );
    }

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
