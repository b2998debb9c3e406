//! What every MEXC endpoint of the simulator reads (the request's parameters and caller)
//! and returns on refusal (`{code,msg}`), and how it writes decimals.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::Value;

use crate::mexc::assumptions;
use crate::mexc::protocol::{self as p, ErrorCode};

/// A decimal as MEXC writes it: a string, no trailing zeros.
pub fn s(v: Decimal) -> Value {
    Value::String(v.normalize().to_string())
}

/// A refusal: `{code, msg}` with the HTTP status (assumptions::ERROR_HTTP_STATUS).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimError {
    /// HTTP status.
    pub status: u16,
    /// MEXC code.
    pub code: i64,
    /// Message.
    pub msg: String,
}

impl SimError {
    /// The documented code with its text.
    pub fn of(e: ErrorCode) -> Self {
        Self {
            status: assumptions::ERROR_HTTP_STATUS,
            code: e.code,
            msg: e.msg.to_owned(),
        }
    }

    /// The documented code with another text.
    pub fn with(e: ErrorCode, msg: impl Into<String>) -> Self {
        Self {
            status: assumptions::ERROR_HTTP_STATUS,
            code: e.code,
            msg: msg.into(),
        }
    }
}

/// One request's parameters, after merging query and body.
#[derive(Debug)]
pub struct Ctx {
    /// Parameters (query wins over body).
    pub params: BTreeMap<String, String>,
    /// The calling account, for signed endpoints.
    pub account: Option<usize>,
    /// The sim clock at arrival.
    pub now: i64,
}

impl Ctx {
    /// A parameter, if sent and non-empty.
    pub fn opt(&self, k: &str) -> Option<&str> {
        self.params
            .get(k)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// A mandatory parameter (44444 when missing).
    pub fn req(&self, k: &str) -> Result<&str, SimError> {
        self.opt(k)
            .ok_or_else(|| SimError::with(p::PARAM_NULL, format!("{k} cannot be null")))
    }

    /// A decimal parameter (33333 when malformed).
    pub fn decimal(&self, k: &str) -> Result<Option<Decimal>, SimError> {
        self.opt(k)
            .map(|v| {
                v.parse::<Decimal>()
                    .map_err(|_| SimError::with(p::PARAM_ERROR, format!("{k} is malformed")))
            })
            .transpose()
    }

    /// An integer parameter (33333 when malformed).
    pub fn int(&self, k: &str) -> Result<Option<i64>, SimError> {
        self.opt(k)
            .map(|v| {
                v.parse::<i64>()
                    .map_err(|_| SimError::with(p::PARAM_ERROR, format!("{k} is malformed")))
            })
            .transpose()
    }

    /// The caller's account index (signed endpoints only).
    pub fn account(&self) -> Result<usize, SimError> {
        self.account
            .ok_or_else(|| SimError::of(p::API_KEY_REQUIRED))
    }
}
