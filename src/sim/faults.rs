//! Fault switches and the request log, for tests of the client's failure handling
//! (binance.md §1: a 5XX leaves the outcome UNKNOWN; the bot must re-query).

use std::collections::HashMap;
use std::time::Duration;

/// What to do to the next requests to a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Answer 503 with a Binance-shaped `-1001` body WITHOUT running the endpoint.
    UnavailableBeforeApply,
    /// Run the endpoint (its state change happens), then answer 503 `-1001` instead.
    UnavailableAfterApply,
    /// Answer an empty 500 WITHOUT running the endpoint.
    EmptyInternalErrorBeforeApply,
    /// Run the endpoint (its state change happens), then answer an empty 500 instead.
    EmptyInternalErrorAfterApply,
    /// Run the endpoint (its state change happens), then close the TCP connection
    /// without sending any response byte.
    DropConnectionAfterApply,
    /// Run the endpoint (its state change happens), then hold the normal answer back for
    /// this long (real time): a client timeout after the request was applied.
    DelayAfterApply(Duration),
    /// Run the endpoint (its state change happens), then answer 200 with every decimal
    /// string of the answer (amounts, prices; not ids) replaced by this text: absurd values
    /// such as `79228162514264337593543950335`, `0`, or 28 decimals.
    ReplaceDecimals(&'static str),
}

impl Fault {
    /// Whether the endpoint runs before the fault strikes.
    pub fn after_apply(self) -> bool {
        !matches!(
            self,
            Fault::UnavailableBeforeApply | Fault::EmptyInternalErrorBeforeApply
        )
    }
}

/// Replaces every decimal string under a key that is not an id (`…Id`, `…id`) by `with`.
pub fn replace_decimals(v: &mut serde_json::Value, with: &str) {
    use serde_json::Value;
    let decimal = |s: &str| {
        !s.is_empty()
            && s.bytes().any(|b| b.is_ascii_digit())
            && s.bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
    };
    match v {
        Value::Array(items) => items.iter_mut().for_each(|i| replace_decimals(i, with)),
        Value::Object(map) => {
            for (k, val) in map.iter_mut() {
                match val {
                    Value::String(s) if !k.ends_with("Id") && !k.ends_with("id") => {
                        if decimal(s) {
                            *s = with.to_owned();
                        }
                    }
                    other => replace_decimals(other, with),
                }
            }
        }
        _ => {}
    }
}

/// One logged request. `status` is `None` when the connection was dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedRequest {
    /// HTTP method.
    pub method: String,
    /// Path only: never the query (it carries the signature).
    pub path: String,
    /// HTTP status answered, or `None` for a dropped connection.
    pub status: Option<u16>,
}

/// Fault switches and request log.
#[derive(Debug, Default)]
pub struct Faults {
    /// Added before handling each request.
    pub latency: Duration,
    pending: HashMap<String, (Fault, u32)>,
    log: Vec<LoggedRequest>,
}

impl Faults {
    /// Arms `fault` for the next `times` requests to `path`.
    pub fn inject(&mut self, path: &str, fault: Fault, times: u32) {
        if times == 0 {
            self.pending.remove(path);
        } else {
            self.pending.insert(path.to_string(), (fault, times));
        }
    }

    /// Disarms everything (latency included).
    pub fn clear(&mut self) {
        self.pending.clear();
        self.latency = Duration::ZERO;
    }

    /// Takes one armed fault for `path`, if any.
    pub fn take(&mut self, path: &str) -> Option<Fault> {
        let (fault, left) = self.pending.get_mut(path)?;
        let fault = *fault;
        *left -= 1;
        if *left == 0 {
            self.pending.remove(path);
        }
        Some(fault)
    }

    /// Appends to the request log.
    pub fn record(&mut self, method: &str, path: &str, status: Option<u16>) {
        self.log.push(LoggedRequest {
            method: method.to_string(),
            path: path.to_string(),
            status,
        });
    }

    /// The whole log.
    pub fn log(&self) -> &[LoggedRequest] {
        &self.log
    }

    /// Empties the log.
    pub fn clear_log(&mut self) {
        self.log.clear();
    }
}
