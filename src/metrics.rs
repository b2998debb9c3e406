//! The operator's counters: one Prometheus registry per running app, created at start-up
//! and handed to the parts that count (the service through its dependencies, the exchange
//! client, the chat senders), exposed by the operations endpoint (`GET /metrics`).
//!
//! Every label value is a `&'static str` from a fixed set written in the code (a command's
//! name, an endpoint's path, a platform): a user id, a key, a balance or a token cannot
//! become a label, and no label set grows with the number of users.

use std::collections::BTreeMap;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// The content type of [`Metrics::render`] (the OpenMetrics text the crate writes).
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

type One = [(&'static str, &'static str); 1];
type Two = [(&'static str, &'static str); 2];

/// Latency buckets: 5 ms to ~41 s, doubling (a command may wait on the exchange).
fn latency() -> Histogram {
    Histogram::new(exponential_buckets(0.005, 2.0, 14))
}

/// The registry and its metrics. Cheap to clone (one `Arc`).
#[derive(Clone)]
pub struct Metrics {
    inner: Arc<Inner>,
}

struct Inner {
    registry: Registry,
    commands: Family<Two, Counter>,
    presses: Family<Two, Counter>,
    command_seconds: Family<One, Histogram, fn() -> Histogram>,
    exchange_requests: Family<One, Counter>,
    exchange_weight: Family<One, Counter>,
    exchange_rate_limited: Family<Two, Counter>,
    conversions: Family<One, Counter>,
    value_swept: Family<One, Counter<f64, AtomicU64>>,
    reminders: Family<One, Counter>,
    chat_calls: Family<Two, Counter>,
    open_operations: Family<One, Gauge>,
    frontend_connected: Family<One, Gauge>,
    /// Each started frontend and whether it is connected now (the health report reads it).
    frontends: Mutex<BTreeMap<&'static str, bool>>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

/// A command's, a press's or a chat call's outcome, as labelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Answered normally.
    Ok,
    /// Answered with an error sentence (the exchange or storage failed, or the user must act).
    Error,
    /// Refused by the per-user rate limit.
    Throttled,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Error => "error",
            Self::Throttled => "throttled",
        }
    }
}

impl Metrics {
    /// A fresh registry with every metric registered (at zero until counted).
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("dustpan");
        let commands = Family::<Two, Counter>::default();
        let presses = Family::<Two, Counter>::default();
        let command_seconds: Family<One, Histogram, fn() -> Histogram> =
            Family::new_with_constructor(latency);
        let exchange_requests = Family::<One, Counter>::default();
        let exchange_weight = Family::<One, Counter>::default();
        let exchange_rate_limited = Family::<Two, Counter>::default();
        let conversions = Family::<One, Counter>::default();
        let value_swept = Family::<One, Counter<f64, AtomicU64>>::default();
        let reminders = Family::<One, Counter>::default();
        let chat_calls = Family::<Two, Counter>::default();
        let open_operations = Family::<One, Gauge>::default();
        let frontend_connected = Family::<One, Gauge>::default();
        registry.register(
            "commands",
            "Commands handled, by command and outcome",
            commands.clone(),
        );
        registry.register(
            "presses",
            "Button presses handled, by kind and outcome",
            presses.clone(),
        );
        registry.register(
            "command_duration_seconds",
            "Time to answer a command, by command",
            command_seconds.clone(),
        );
        registry.register(
            "exchange_requests",
            "Requests sent to the exchange, by endpoint path",
            exchange_requests.clone(),
        );
        registry.register(
            "exchange_weight",
            "Request weight spent at the exchange, by endpoint path",
            exchange_weight.clone(),
        );
        registry.register(
            "exchange_rate_limited",
            "429 and 418 answers from the exchange, by endpoint path and status",
            exchange_rate_limited.clone(),
        );
        registry.register(
            "conversions",
            "Conversions made through dustpan, by kind",
            conversions.clone(),
        );
        registry.register(
            "value_swept_usdt",
            "Value received by conversions made through dustpan, in USDT at the time",
            value_swept.clone(),
        );
        registry.register(
            "reminders",
            "Reminders by event (due, sent, failed)",
            reminders.clone(),
        );
        registry.register(
            "chat_api_calls",
            "Calls to the chat platforms' APIs, by platform and outcome",
            chat_calls.clone(),
        );
        registry.register(
            "open_operations",
            "Operations not finished, by state (read from the database at scrape time)",
            open_operations.clone(),
        );
        registry.register(
            "frontend_connected",
            "Whether each started chat frontend is connected (1) or not (0)",
            frontend_connected.clone(),
        );
        Self {
            inner: Arc::new(Inner {
                registry,
                commands,
                presses,
                command_seconds,
                exchange_requests,
                exchange_weight,
                exchange_rate_limited,
                conversions,
                value_swept,
                reminders,
                chat_calls,
                open_operations,
                frontend_connected,
                frontends: Mutex::new(BTreeMap::new()),
            }),
        }
    }

    /// The exposition, in the OpenMetrics text format ([`CONTENT_TYPE`]).
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = encode(&mut out, &self.inner.registry);
        out
    }

    /// A command answered: its name (a fixed word, never its arguments), outcome and time.
    pub fn command(&self, kind: &'static str, outcome: Outcome, took: Duration) {
        let i = &self.inner;
        i.commands
            .get_or_create(&[("command", kind), ("outcome", outcome.as_str())])
            .inc();
        if outcome != Outcome::Throttled {
            i.command_seconds
                .get_or_create(&[("command", kind)])
                .observe(took.as_secs_f64());
        }
    }

    /// A button press answered: its kind and outcome.
    pub fn press(&self, kind: &'static str, outcome: Outcome) {
        self.inner
            .presses
            .get_or_create(&[("kind", kind), ("outcome", outcome.as_str())])
            .inc();
    }

    /// A request sent to the exchange: its path (no query) and weight.
    pub fn exchange_request(&self, path: &'static str, weight: u32) {
        let i = &self.inner;
        i.exchange_requests
            .get_or_create(&[("endpoint", path)])
            .inc();
        i.exchange_weight
            .get_or_create(&[("endpoint", path)])
            .inc_by(u64::from(weight));
    }

    /// A 429 or 418 answer from the exchange.
    pub fn exchange_rate_limited(&self, path: &'static str, status: u16) {
        let status = if status == 418 { "418" } else { "429" };
        self.inner
            .exchange_rate_limited
            .get_or_create(&[("endpoint", path), ("status", status)])
            .inc();
    }

    /// A conversion made through dustpan, and the value received in USDT when known
    /// (converted to a float here, at the edge, for the exposition only).
    pub fn conversion(&self, kind: &'static str, value_usdt: Option<Decimal>) {
        let i = &self.inner;
        i.conversions.get_or_create(&[("kind", kind)]).inc();
        if let Some(v) = value_usdt.and_then(|v| v.to_f64()).filter(|v| *v > 0.0) {
            i.value_swept.get_or_create(&[("kind", kind)]).inc_by(v);
        }
    }

    /// One step of the reminder scheduler: reminders that came due, were sent (or swept
    /// and reported), and failed (retried later or turned off).
    pub fn reminder_step(&self, due: u32, sent: u32, failed: u32) {
        let r = &self.inner.reminders;
        for (event, n) in [("due", due), ("sent", sent), ("failed", failed)] {
            if n > 0 {
                r.get_or_create(&[("event", event)]).inc_by(u64::from(n));
            }
        }
    }

    /// A call to a chat platform's API answered with HTTP `status` (0: no answer).
    pub fn chat_call(&self, platform: &'static str, status: u16) {
        let outcome = match status {
            200..=299 => "ok",
            429 => "rate_limited",
            0 => "unreachable",
            _ => "refused",
        };
        self.inner
            .chat_calls
            .get_or_create(&[("platform", platform), ("outcome", outcome)])
            .inc();
    }

    /// How many calls to `platform`'s chat API were answered 429 since start.
    pub fn chat_rate_limited(&self, platform: &'static str) -> u64 {
        self.inner
            .chat_calls
            .get_or_create(&[("platform", platform), ("outcome", "rate_limited")])
            .get()
    }

    /// The operations not finished, by state, as just read from the database.
    pub fn open_operations(&self, by_state: &[(&'static str, u64)]) {
        let g = &self.inner.open_operations;
        g.clear();
        for (state, n) in by_state {
            g.get_or_create(&[("state", *state)])
                .set(i64::try_from(*n).unwrap_or(i64::MAX));
        }
    }

    /// A frontend connected or lost its connection (console: connected while it runs).
    pub fn frontend(&self, name: &'static str, connected: bool) {
        let i = &self.inner;
        i.frontends
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(name, connected);
        i.frontend_connected
            .get_or_create(&[("frontend", name)])
            .set(i64::from(connected));
    }

    /// Each frontend started so far and whether it is connected now.
    pub fn frontends(&self) -> Vec<(&'static str, bool)> {
        let f = self
            .inner
            .frontends
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        f.iter().map(|(k, v)| (*k, *v)).collect()
    }
}
