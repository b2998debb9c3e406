//! Discord's REST API through dustpan's own reqwest client (platforms.md §3.6: serenity's
//! `Http` loses `retry_after` and bypasses a proxy with its rate limiter on): JSON bodies
//! in, Discord's error bodies (`{"message", "code"}`) and 429s (`retry_after`) classified
//! for the caller. Paths carry `/api/v10`; the base is an origin.
//!
//! Discord's limits are kept for the whole bot (every clone of [`Rest`] shares them):
//! at most [`GLOBAL_PER_SECOND`] calls in any second, a global 429 holding every call
//! bound by that limit until its `retry_after`, a route's 429 or exhausted bucket
//! (`X-RateLimit-Remaining: 0`) holding that route. Calls wait their turn; how long a
//! caller waits out a hold, and whether it tries again after a 429, is its [`Patience`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;
use url::Url;

/// Discord's JSON error code for a DM the user does not accept.
pub const CANNOT_DM: i64 = 50007;
/// Discord's JSON error code for an interaction webhook that does not exist (yet).
pub const UNKNOWN_WEBHOOK: i64 = 10015;
/// How long one REST call may take.
const CALL_TIMEOUT: Duration = Duration::from_secs(15);
/// Discord's global limit: 50 requests per second per bot; interaction endpoints (the
/// callback, edits of the original response, follow-ups) are not bound by it
/// (platforms.md §3.4; discord-api-docs `developers/topics/rate-limits.mdx`).
pub const GLOBAL_PER_SECOND: usize = 50;
/// The window of [`GLOBAL_PER_SECOND`]. A call's turn is given back one window after its
/// answer came (not after it left): Discord counts arrivals, which lie between the two,
/// so no second seen by Discord ever holds more than the limit, whatever the latency.
const GLOBAL_WINDOW: Duration = Duration::from_secs(1);
/// The longest hold believed from a `retry_after` or `X-RateLimit-Reset-After` (a guard
/// against a garbled value; Discord's own are seconds to minutes).
const MAX_HOLD: Duration = Duration::from_secs(3600);
/// How many route holds are kept before the expired ones are swept out.
const SWEEP_HOLDS_ABOVE: usize = 1024;

/// What puts a call's body on its request, once per attempt.
pub(crate) type Body<'a> =
    dyn Fn(reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder, RestError> + Sync + 'a;

/// How long a call may wait for Discord's limits, and whether it tries again after a 429.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Patience {
    /// The longest total wait for holds (and, when `retry`, 429s) before giving up with
    /// [`RestError::RateLimited`].
    pub within: Duration,
    /// Whether a 429 is waited out and the call sent again (within `within`).
    pub retry: bool,
}

impl Patience {
    /// Replies to an interaction and start-up calls: wait and try again, within 30 s (the
    /// token stays valid 15 minutes, but a user waiting longer has moved on).
    pub const REPLY: Self = Self {
        within: Duration::from_secs(30),
        retry: true,
    };
    /// Reminder DMs: a hold of a few seconds is waited out; a 429 goes back to the caller
    /// (the scheduler sets the reminder's next try at its `retry_after`), never resent here.
    pub const BACKGROUND: Self = Self {
        within: Duration::from_secs(5),
        retry: false,
    };
}

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
/// Clones share one connection pool and one set of limits.
#[derive(Clone)]
pub struct Rest(Arc<Shared>);

struct Shared {
    client: reqwest::Client,
    base: Url,
    token: SecretString,
    limits: Limits,
    /// Where each call's answer is counted, once the app hands its registry.
    metrics: std::sync::OnceLock<crate::metrics::Metrics>,
}

/// Discord's limits as the bot has met them, shared by every clone.
struct Limits {
    /// One permit per call in the current window; a permit comes back [`GLOBAL_WINDOW`]
    /// after its call ended ([`Turn`]). Fair: calls get their turn in order.
    global: Arc<Semaphore>,
    holds: Mutex<Holds>,
}

/// Until when calls may not be sent. Route keys hold webhook tokens: never logged.
#[derive(Default)]
struct Holds {
    global: Option<Instant>,
    routes: HashMap<String, Instant>,
}

/// One instance's share of [`GLOBAL_PER_SECOND`] when `instances` serve the bot.
fn global_share(instances: u32) -> usize {
    (GLOBAL_PER_SECOND / usize::try_from(instances.max(1)).unwrap_or(usize::MAX)).max(1)
}

impl Limits {
    fn new(per_second: usize) -> Self {
        Self {
            global: Arc::new(Semaphore::new(per_second)),
            holds: Mutex::default(),
        }
    }

    fn holds(&self) -> std::sync::MutexGuard<'_, Holds> {
        // The map is consistent after any panic: a poisoned lock is still usable.
        self.holds.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// When the hold on a call to `route` ends, if it is held now.
    fn held_until(&self, route: &str, global_bound: bool, now: Instant) -> Option<Instant> {
        let mut holds = self.holds();
        let global = holds.global.filter(|t| global_bound && *t > now);
        let own = match holds.routes.get(route) {
            Some(t) if *t > now => Some(*t),
            Some(_) => {
                holds.routes.remove(route);
                None
            }
            None => None,
        };
        global.max(own)
    }

    fn hold(&self, route: Option<&str>, until: Instant) {
        let mut holds = self.holds();
        match route {
            None => holds.global = holds.global.max(Some(until)),
            Some(route) => {
                if holds.routes.len() > SWEEP_HOLDS_ABOVE {
                    let now = Instant::now();
                    holds.routes.retain(|_, t| *t > now);
                }
                let t = holds.routes.entry(route.to_owned()).or_insert(until);
                *t = (*t).max(until);
            }
        }
    }
}

/// A call's turn under the global limit: given back one window after the call ended
/// (answered, failed, or dropped mid-flight), or at once when nothing was sent.
struct Turn(Option<OwnedSemaphorePermit>);

impl Turn {
    fn unused(mut self) {
        drop(self.0.take());
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        if let Some(permit) = self.0.take()
            && let Ok(runtime) = tokio::runtime::Handle::try_current()
        {
            runtime.spawn(async move {
                tokio::time::sleep(GLOBAL_WINDOW).await;
                drop(permit);
            });
        }
    }
}

/// The route's key as Discord buckets it: the method and the path, its major parameters
/// (channel, guild, webhook id and token, interaction id and token) kept, other ids
/// (messages) folded. Holds a token: never logged.
fn route_key(method: &Method, path: &str) -> String {
    let mut key = format!("{method} ");
    let mut previous = "";
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            key.push('/');
        }
        let major = matches!(
            previous,
            "channels" | "guilds" | "webhooks" | "interactions" | "applications"
        );
        if !major && !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
            key.push_str("{id}");
        } else {
            key.push_str(segment);
        }
        previous = segment;
    }
    key
}

/// Whether the global limit binds calls to `path`: interaction endpoints are outside it
/// (platforms.md §3.4). dustpan calls webhooks only with interaction tokens.
fn bound_by_global_limit(path: &str) -> bool {
    !(path.starts_with("interactions/") || path.starts_with("webhooks/"))
}

fn seconds(v: f64) -> Duration {
    if v.is_finite() && v > 0.0 {
        Duration::from_secs_f64(v).min(MAX_HOLD)
    } else {
        Duration::ZERO
    }
}

/// The token is never printed.
impl std::fmt::Debug for Rest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rest")
            .field("base", &self.0.base.as_str())
            .field("token", &"[REDACTED]")
            .finish()
    }
}

impl Rest {
    /// A client for the REST API at `base` (an origin such as `https://discord.com`).
    pub fn new(base: Url, token: SecretString) -> anyhow::Result<Self> {
        Self::sharing(base, token, 1)
    }

    /// The same, for one of `instances` instances of the bot: each keeps its share of
    /// Discord's global limit (divided, as Telegram's pace is; issue 21).
    pub fn sharing(base: Url, token: SecretString, instances: u32) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(CALL_TIMEOUT)
            .user_agent(concat!(
                "DiscordBot (https://github.com/dustpan, ",
                env!("CARGO_PKG_VERSION"),
                ")"
            ))
            .build()?;
        Ok(Self(Arc::new(Shared {
            client,
            base,
            token,
            limits: Limits::new(global_share(instances)),
            metrics: std::sync::OnceLock::new(),
        })))
    }

    /// Counts every call's answer into `metrics` from now on (every clone shares it; the
    /// first registry handed in stays).
    pub fn count_into(&self, metrics: crate::metrics::Metrics) {
        let _ = self.0.metrics.set(metrics);
    }

    /// One call, patient as a reply ([`Patience::REPLY`]): `path` below `/api/v10/`, an
    /// optional JSON body; the JSON answer (`null` for 204).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, RestError> {
        self.call_with(Patience::REPLY, method, path, body).await
    }

    /// One call within Discord's limits: waits for holds on it and for its turn under the
    /// global limit; gives up with [`RestError::RateLimited`] (sending nothing more) when
    /// a hold outlasts `patience`.
    pub async fn call_with(
        &self,
        patience: Patience,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, RestError> {
        let json = |req: reqwest::RequestBuilder| {
            Ok(match body {
                Some(body) => req.json(body),
                None => req,
            })
        };
        self.call_built(patience, method, path, &json).await
    }

    /// [`Rest::call_with`] for any body: `body` puts it on each attempt's request (a
    /// multipart upload builds its form again for a retry).
    pub(crate) async fn call_built(
        &self,
        patience: Patience,
        method: Method,
        path: &str,
        body: &Body<'_>,
    ) -> Result<Value, RestError> {
        let route = route_key(&method, path);
        let global = bound_by_global_limit(path);
        let deadline = Instant::now() + patience.within;
        let mut not_before = None;
        loop {
            if let Some(t) = not_before.take() {
                tokio::time::sleep_until(t).await;
            }
            while let Some(until) = self.0.limits.held_until(&route, global, Instant::now()) {
                if until > deadline {
                    return Err(RestError::RateLimited(until - Instant::now()));
                }
                tokio::time::sleep_until(until).await;
            }
            let turn = Turn(if global {
                let permit = self.0.limits.global.clone().acquire_owned().await;
                Some(permit.map_err(|_| RestError::Unavailable("the rate limiter closed".into()))?)
            } else {
                None
            });
            // A 429 may have come in while this call waited its turn: nothing sent, the
            // turn given back at once.
            if self
                .0
                .limits
                .held_until(&route, global, Instant::now())
                .is_some()
            {
                turn.unused();
                continue;
            }
            let outcome = self.send_once(&method, path, body, &route).await;
            drop(turn);
            match outcome {
                Err(RestError::RateLimited(wait))
                    if patience.retry && Instant::now() + wait <= deadline =>
                {
                    not_before = Some(Instant::now() + wait);
                }
                other => return other,
            }
        }
    }

    /// Sends once; records what the answer says of the limits.
    async fn send_once(
        &self,
        method: &Method,
        path: &str,
        body: &Body<'_>,
        route: &str,
    ) -> Result<Value, RestError> {
        let method = method.clone();
        let url = self
            .0
            .base
            .join(&format!("api/v10/{path}"))
            .map_err(|e| RestError::Unavailable(e.to_string()))?;
        let req = body(self.0.client.request(method, url).header(
            "Authorization",
            format!("Bot {}", self.0.token.expose_secret()),
        ))?;
        // Never the URL in an error: interaction webhooks carry their token in the path.
        let resp = req
            .send()
            .await
            .map_err(|e| RestError::Unavailable(e.without_url().to_string()))?;
        let status = resp.status().as_u16();
        if let Some(m) = self.0.metrics.get() {
            m.chat_call("discord", status);
        }
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let number = |name: &str| header(name).and_then(|v| v.trim().parse::<f64>().ok());
        let header_retry = number("retry-after");
        let global_header = header("x-ratelimit-global").is_some_and(|v| v != "false")
            || header("x-ratelimit-scope").as_deref() == Some("global");
        if (200..300).contains(&status)
            && number("x-ratelimit-remaining") == Some(0.0)
            && let Some(reset) = number("x-ratelimit-reset-after")
        {
            self.0
                .limits
                .hold(Some(route), Instant::now() + seconds(reset));
        }
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
                let wait = seconds(json["retry_after"].as_f64().or(header_retry).unwrap_or(1.0));
                let global = json["global"].as_bool() == Some(true) || global_header;
                let held = (!global).then_some(route);
                self.0.limits.hold(held, Instant::now() + wait);
                if global {
                    tracing::warn!(?wait, "Discord's global rate limit: every call waits");
                }
                Err(RestError::RateLimited(wait))
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
            .call_with(
                Patience::BACKGROUND,
                Method::POST,
                "users/@me/channels",
                Some(&body),
            )
            .await?;
        channel["id"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| RestError::Unavailable("the DM channel has no id".into()))
    }

    /// Sends a message to a channel.
    pub async fn send(&self, channel: &str, message: &Value) -> Result<(), RestError> {
        self.call_with(
            Patience::BACKGROUND,
            Method::POST,
            &format!("channels/{channel}/messages"),
            Some(message),
        )
        .await
        .map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instances_divide_discords_global_limit_and_each_keeps_at_least_one_call() {
        assert_eq!(global_share(1), 50);
        assert_eq!(global_share(2), 25);
        assert_eq!(global_share(3), 16);
        assert_eq!(global_share(64), 1);
        assert_eq!(global_share(0), 50);
    }

    #[test]
    fn a_route_is_keyed_by_its_major_parameters_and_other_ids_are_folded() {
        assert_eq!(
            route_key(&Method::POST, "channels/111/messages"),
            "POST channels/111/messages"
        );
        assert_eq!(
            route_key(&Method::PATCH, "channels/111/messages/222"),
            "PATCH channels/111/messages/{id}"
        );
        assert_eq!(
            route_key(&Method::PATCH, "webhooks/9/tok/messages/@original"),
            "PATCH webhooks/9/tok/messages/@original"
        );
        assert!(!bound_by_global_limit("webhooks/9/tok"));
        assert!(!bound_by_global_limit("interactions/1/tok/callback"));
        assert!(bound_by_global_limit("users/@me/channels"));
    }

    #[test]
    fn a_garbled_wait_is_bounded() {
        assert_eq!(seconds(f64::NAN), Duration::ZERO);
        assert_eq!(seconds(-1.0), Duration::ZERO);
        assert_eq!(seconds(1e12), MAX_HOLD);
        assert_eq!(seconds(1.5), Duration::from_millis(1500));
    }
}
