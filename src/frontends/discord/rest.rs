//! Discord's REST API through dustpan's own reqwest client (platforms.md §3.6: serenity's
//! `Http` loses `retry_after` and bypasses a proxy with its rate limiter on): JSON bodies
//! in, Discord's error bodies (`{"message", "code"}`) and 429s (`retry_after`) classified
//! for the caller. Paths carry `/api/v10`; the base is an origin.

use std::time::Duration;

use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use url::Url;

/// Discord's JSON error code for a DM the user does not accept.
pub const CANNOT_DM: i64 = 50007;
/// Discord's JSON error code for an interaction webhook that does not exist (yet).
pub const UNKNOWN_WEBHOOK: i64 = 10015;
/// How long one REST call may take.
const CALL_TIMEOUT: Duration = Duration::from_secs(15);

/// What went wrong with a REST call, by what the caller must do.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RestError {
    /// Discord refused the call (its JSON error code and message).
    #[error("Discord refused the call (HTTP {status}, code {code}): {message}")]
    Refused {
        /// The HTTP status.
        status: u16,
        /// Discord's JSON error code (0 when the body had none).
        code: i64,
        /// Discord's message.
        message: String,
    },
    /// Rate limited: try again after this long (never sooner).
    #[error("rate limited by Discord for {0:?}")]
    RateLimited(Duration),
    /// Discord could not be reached or answered with something unreadable.
    #[error("Discord could not be reached: {0}")]
    Unavailable(String),
}

impl RestError {
    /// Discord's JSON error code, when it refused.
    pub fn code(&self) -> Option<i64> {
        match self {
            Self::Refused { code, .. } => Some(*code),
            _ => None,
        }
    }
}

/// The REST client: the bot token goes in every call's `Authorization` header.
#[derive(Clone)]
pub struct Rest {
    client: reqwest::Client,
    base: Url,
    token: SecretString,
}

/// The token is never printed.
impl std::fmt::Debug for Rest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rest")
            .field("base", &self.base.as_str())
            .field("token", &"[REDACTED]")
            .finish()
    }
}

impl Rest {
    /// A client for the REST API at `base` (an origin such as `https://discord.com`).
    pub fn new(base: Url, token: SecretString) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(CALL_TIMEOUT)
            .user_agent(concat!(
                "DiscordBot (https://github.com/dustpan, ",
                env!("CARGO_PKG_VERSION"),
                ")"
            ))
            .build()?;
        Ok(Self {
            client,
            base,
            token,
        })
    }

    /// One call: `path` below `/api/v10/`, an optional JSON body; the JSON answer (`null`
    /// for 204).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, RestError> {
        let mut req = self.request(method, path)?;
        if let Some(body) = body {
            req = req.json(body);
        }
        self.execute(req).await
    }

    /// A request to `path` below `/api/v10/`, authorized (a hook for calls with other
    /// bodies, e.g. uploads).
    pub(crate) fn request(
        &self,
        method: Method,
        path: &str,
    ) -> Result<reqwest::RequestBuilder, RestError> {
        let url = self
            .base
            .join(&format!("api/v10/{path}"))
            .map_err(|e| RestError::Unavailable(e.to_string()))?;
        Ok(self.client.request(method, url).header(
            "Authorization",
            format!("Bot {}", self.token.expose_secret()),
        ))
    }

    /// Sends a request made by [`Rest::request`]; the JSON answer, or Discord's error.
    pub(crate) async fn execute(&self, req: reqwest::RequestBuilder) -> Result<Value, RestError> {
        // Never the URL in an error: interaction webhooks carry their token in the path.
        let resp = req
            .send()
            .await
            .map_err(|e| RestError::Unavailable(e.without_url().to_string()))?;
        let status = resp.status().as_u16();
        crate::metrics::chat_call("discord", status);
        let header_retry = resp
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<f64>().ok());
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| RestError::Unavailable(e.without_url().to_string()))?;
        let json: Value = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or(Value::Null)
        };
        match status {
            200..=299 => Ok(json),
            429 => {
                let secs = json["retry_after"].as_f64().or(header_retry).unwrap_or(1.0);
                Err(RestError::RateLimited(Duration::from_secs_f64(
                    secs.clamp(0.0, 3600.0),
                )))
            }
            _ => Err(RestError::Refused {
                status,
                code: json["code"].as_i64().unwrap_or(0),
                message: json["message"].as_str().unwrap_or_default().to_owned(),
            }),
        }
    }

    /// The application's id (`GET /applications/@me`), which also checks the token.
    pub async fn application_id(&self) -> Result<u64, RestError> {
        let app = self.call(Method::GET, "applications/@me", None).await?;
        app["id"]
            .as_str()
            .and_then(|id| id.parse().ok())
            .ok_or_else(|| RestError::Unavailable("the application has no id".into()))
    }

    /// Replaces every global command (`PUT /applications/{app}/commands`).
    pub async fn overwrite_commands(&self, app: u64, commands: &Value) -> Result<(), RestError> {
        self.call(
            Method::PUT,
            &format!("applications/{app}/commands"),
            Some(commands),
        )
        .await
        .map(drop)
    }

    /// Edits an interaction's original response (after a deferral, or the pressed message
    /// after a deferred update).
    pub async fn edit_original(
        &self,
        app: u64,
        token: &str,
        message: &Value,
    ) -> Result<(), RestError> {
        self.call(
            Method::PATCH,
            &format!("webhooks/{app}/{token}/messages/@original"),
            Some(message),
        )
        .await
        .map(drop)
    }

    /// Sends a follow-up message to an interaction.
    pub async fn follow_up(&self, app: u64, token: &str, message: &Value) -> Result<(), RestError> {
        self.call(
            Method::POST,
            &format!("webhooks/{app}/{token}"),
            Some(message),
        )
        .await
        .map(drop)
    }

    /// Opens (or finds) the DM channel with a user; its id.
    pub async fn dm_channel(&self, user: &str) -> Result<String, RestError> {
        let body = serde_json::json!({ "recipient_id": user });
        let channel = self
            .call(Method::POST, "users/@me/channels", Some(&body))
            .await?;
        channel["id"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| RestError::Unavailable("the DM channel has no id".into()))
    }

    /// Sends a message to a channel.
    pub async fn send(&self, channel: &str, message: &Value) -> Result<(), RestError> {
        self.call(
            Method::POST,
            &format!("channels/{channel}/messages"),
            Some(message),
        )
        .await
        .map(drop)
    }
}
