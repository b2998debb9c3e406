//! The one way out to the Bot API: every method (sends, edits, answers, deletes,
//! setMyCommands) goes through [`Sender::call`], which paces them with one limiter shared
//! by replies and notifications, and honours a 429's `retry_after` process-wide.
//!
//! Limits (Telegram Bot FAQ, shared/platforms.md §1): about 1 message per second per chat
//! (short bursts tolerated), 20 per minute per group, 30 per second overall.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use teloxide::ApiError;
use teloxide::RequestError;
use teloxide::requests::{Output, Request};
use tokio::time::Instant;

/// How many times one call is retried after a 429 before giving up.
const MAX_RETRIES: u32 = 5;
/// The longest `retry_after` waited in line; longer ones are returned to the caller.
const MAX_WAIT: Duration = Duration::from_secs(60);

/// A token bucket: `capacity` calls at once, refilled at one per `every`.
#[derive(Debug, Clone)]
struct Bucket {
    capacity: f64,
    every: Duration,
    tokens: f64,
    at: Instant,
}

impl Bucket {
    fn new(capacity: u32, every: Duration, now: Instant) -> Self {
        Self {
            capacity: f64::from(capacity),
            every,
            tokens: f64::from(capacity),
            at: now,
        }
    }

    fn refill(&mut self, now: Instant) {
        let gained = now.duration_since(self.at).as_secs_f64() / self.every.as_secs_f64();
        self.tokens = (self.tokens + gained).min(self.capacity);
        self.at = now;
    }

    /// How long until a token is available.
    fn wait(&mut self, now: Instant) -> Duration {
        self.refill(now);
        if self.tokens >= 1.0 {
            Duration::ZERO
        } else {
            self.every.mul_f64(1.0 - self.tokens)
        }
    }

    fn take(&mut self) {
        self.tokens -= 1.0;
    }

    fn is_full(&self) -> bool {
        self.tokens >= self.capacity
    }
}

/// What a call is addressed to, for pacing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A message into a chat (send, edit): the per-chat limits apply. Negative ids are
    /// groups (20 per minute).
    Chat(i64),
    /// Anything else (answers, deletes, setMyCommands): only the overall limit and the
    /// 429 hold.
    Bot,
}

/// The limits, so tests can shrink them.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Overall calls per second.
    pub overall_per_sec: u32,
    /// Burst allowed in one chat before pacing at one per second.
    pub chat_burst: u32,
    /// Messages per minute into one group.
    pub group_per_min: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            overall_per_sec: 30,
            chat_burst: 3,
            group_per_min: 20,
        }
    }
}

#[derive(Debug)]
struct State {
    overall: Bucket,
    chats: HashMap<i64, (Bucket, Option<Bucket>)>,
    /// No call before this instant (a 429 said so).
    hold_until: Option<Instant>,
}

/// The shared rate limiter.
#[derive(Debug)]
pub struct Limiter {
    limits: Limits,
    state: Mutex<State>,
}

impl Limiter {
    /// A limiter with the given limits.
    pub fn new(limits: Limits) -> Self {
        let now = Instant::now();
        Self {
            limits,
            state: Mutex::new(State {
                // No burst overall: calls evenly spaced never put more than the limit
                // into any one-second window, however Telegram counts it.
                overall: Bucket::new(
                    1,
                    Duration::from_secs(1) / limits.overall_per_sec.max(1),
                    now,
                ),
                chats: HashMap::new(),
                hold_until: None,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits until a call to `target` may go out, and books it.
    pub async fn acquire(&self, target: Target) {
        loop {
            let wait = {
                let now = Instant::now();
                let mut st = self.lock();
                let hold = st
                    .hold_until
                    .map_or(Duration::ZERO, |t| t.saturating_duration_since(now));
                let mut wait = hold.max(st.overall.wait(now));
                if let Target::Chat(id) = target {
                    if st.chats.len() > 10_000 {
                        st.chats.retain(|_, (b, g)| {
                            !b.is_full() || g.as_ref().is_some_and(|g| !g.is_full())
                        });
                    }
                    let limits = self.limits;
                    let (chat, group) = st.chats.entry(id).or_insert_with(|| {
                        (
                            Bucket::new(limits.chat_burst, Duration::from_secs(1), now),
                            (id < 0).then(|| {
                                Bucket::new(
                                    limits.group_per_min,
                                    Duration::from_secs(60) / limits.group_per_min.max(1),
                                    now,
                                )
                            }),
                        )
                    });
                    wait = wait.max(chat.wait(now));
                    if let Some(g) = group {
                        wait = wait.max(g.wait(now));
                    }
                }
                if wait.is_zero() {
                    st.overall.take();
                    if let Target::Chat(id) = target
                        && let Some((chat, group)) = st.chats.get_mut(&id)
                    {
                        chat.take();
                        if let Some(g) = group {
                            g.take();
                        }
                    }
                }
                wait
            };
            if wait.is_zero() {
                return;
            }
            tokio::time::sleep(wait).await;
        }
    }

    /// Holds every call of the bot for `d` (a 429 with `retry_after`).
    pub fn hold(&self, d: Duration) {
        let until = Instant::now() + d;
        let mut st = self.lock();
        if st.hold_until.is_none_or(|t| t < until) {
            st.hold_until = Some(until);
        }
    }
}

/// How a failed call should be treated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The user blocked the bot, is deactivated, or cannot be messaged: stop sending.
    Unreachable,
    /// The edit changed nothing: fine.
    NotModified,
    /// The callback query can no longer be answered: fine.
    QueryTooOld,
    /// The message to edit or delete is gone or cannot be touched.
    MessageGone,
    /// 429 beyond what we wait in line: retry after this long.
    RetryAfter(Duration),
    /// Anything else (network, 5xx, bad request); the text has no URL and no token.
    Other(String),
}

/// Classifies an error, with a description safe to log.
pub fn classify(e: &RequestError, token: &SecretString) -> Failure {
    match e {
        RequestError::Api(
            ApiError::BotBlocked
            | ApiError::UserDeactivated
            | ApiError::CantInitiateConversation
            | ApiError::ChatNotFound
            | ApiError::BotKicked
            | ApiError::BotKickedFromSupergroup,
        ) => Failure::Unreachable,
        RequestError::Api(ApiError::MessageNotModified) => Failure::NotModified,
        RequestError::Api(ApiError::InvalidQueryId) => Failure::QueryTooOld,
        RequestError::Api(
            ApiError::MessageToEditNotFound
            | ApiError::MessageToDeleteNotFound
            | ApiError::MessageCantBeDeleted
            | ApiError::MessageIdInvalid,
        ) => Failure::MessageGone,
        RequestError::RetryAfter(s) => Failure::RetryAfter(s.duration()),
        other => Failure::Other(redact(other, token)),
    }
}

/// An error's text without URLs and without the bot token (reqwest puts the request
/// URL, which holds the token, into its errors), and without an unparsed answer's body.
pub fn redact(e: &RequestError, token: &SecretString) -> String {
    let text = match e {
        RequestError::Network(inner) => {
            let mut s = inner.to_string();
            if let Some(url) = inner.url() {
                s = s.replace(url.as_str(), "<Bot API URL>");
            }
            s
        }
        // Never the raw body: a getUpdates answer carries users' messages (keys, too),
        // and serde's own message may quote the offending value.
        RequestError::InvalidJson { source, raw } => format!(
            "the Bot API's answer did not parse ({:?} error at line {} column {}, {} bytes)",
            source.classify(),
            source.line(),
            source.column(),
            raw.len()
        ),
        other => other.to_string(),
    };
    let token = token.expose_secret();
    if token.is_empty() {
        text
    } else {
        text.replace(token, "<token>")
    }
}

/// The rate-limited caller of the Bot API.
#[derive(Debug)]
pub struct Sender {
    limiter: Limiter,
    token: SecretString,
    metrics: crate::metrics::Metrics,
}

impl Sender {
    /// A sender with the given limits; `token` is kept only to scrub it from error texts.
    pub fn new(limits: Limits, token: SecretString) -> Self {
        Self {
            limiter: Limiter::new(limits),
            token,
            metrics: crate::metrics::Metrics::default(),
        }
    }

    /// Counts every call into `metrics` (the app's registry).
    pub fn with_metrics(mut self, metrics: crate::metrics::Metrics) -> Self {
        self.metrics = metrics;
        self
    }

    /// The registry calls are counted into.
    pub fn metrics(&self) -> &crate::metrics::Metrics {
        &self.metrics
    }

    /// Classifies an error of a call made elsewhere (the update listener's getUpdates).
    pub fn classify(&self, e: &RequestError) -> Failure {
        classify(e, &self.token)
    }

    /// The limiter (the update loop holds it on a 429 from getUpdates).
    pub fn limiter(&self) -> &Limiter {
        &self.limiter
    }

    /// Sends `req` when the limits allow, retrying after every 429 (and holding every
    /// other call of the bot meanwhile).
    pub async fn call<R>(&self, target: Target, req: R) -> Result<Output<R>, Failure>
    where
        R: Request<Err = RequestError>,
    {
        let mut tries = 0;
        loop {
            self.limiter.acquire(target).await;
            let sent = req.send_ref().await;
            self.metrics.chat_call("telegram", status_of(&sent));
            match sent {
                Ok(out) => return Ok(out),
                Err(RequestError::RetryAfter(s))
                    if tries < MAX_RETRIES && s.duration() <= MAX_WAIT =>
                {
                    tries += 1;
                    tracing::warn!(retry_after = s.seconds(), "Telegram asked to slow down");
                    self.limiter.hold(s.duration());
                }
                Err(e) => {
                    if let RequestError::RetryAfter(s) = &e {
                        self.limiter.hold(s.duration());
                    }
                    return Err(classify(&e, &self.token));
                }
            }
        }
    }
}

/// The HTTP status a call's result stands for, for the metrics (0: no answer).
pub fn status_of<T>(result: &Result<T, RequestError>) -> u16 {
    result.as_ref().err().map_or(200, error_status)
}

/// The HTTP status an error stands for, for the metrics (0: no answer).
pub fn error_status(e: &RequestError) -> u16 {
    match e {
        RequestError::RetryAfter(_) => 429,
        RequestError::Api(_) | RequestError::MigrateToChatId(_) => 400,
        _ => 0,
    }
}
