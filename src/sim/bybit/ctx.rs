//! What every Bybit endpoint of the simulator reads (the query's and the JSON body's
//! parameters, the caller) and returns on refusal (a retCode), and how it writes decimals.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::Value;

use crate::bybit::assumptions;
use crate::bybit::protocol::{self as p, RetCode};

/// A decimal as Bybit writes it: a string, no trailing zeros.
pub fn s(v: Decimal) -> Value {
    Value::String(v.normalize().to_string())
}

/// A refusal: the envelope's retCode and retMsg with the HTTP status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimError {
    /// HTTP status (assumptions::RETCODE_HTTP_STATUS for retCode errors).
    pub status: u16,
    /// retCode.
    pub code: i64,
    /// retMsg.
    pub msg: String,
}

impl SimError {
    /// The documented code with its text.
    pub fn of(e: RetCode) -> Self {
        Self::with(e, e.msg)
    }

    /// A documented code with another text.
    pub fn with(e: RetCode, msg: impl Into<String>) -> Self {
        Self::code(e.code, msg)
    }

    /// A code chosen in assumptions.rs.
    pub fn code(code: i64, msg: impl Into<String>) -> Self {
        Self {
            status: assumptions::RETCODE_HTTP_STATUS,
            code,
            msg: msg.into(),
        }
    }
}

/// One request's parameters: the query's, then the JSON body's (the query wins).
#[derive(Debug)]
pub struct Ctx {
    /// Parameters as text (a number or boolean as written).
    pub params: BTreeMap<String, String>,
    /// The body's arrays (`fromCoinList`).
    pub lists: BTreeMap<String, Vec<String>>,
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

    /// A mandatory parameter (10001 when missing).
    pub fn req(&self, k: &str) -> Result<&str, SimError> {
        self.opt(k)
            .ok_or_else(|| SimError::with(p::PARAM_ERROR, format!("{k} is required")))
    }

    /// An integer parameter (10001 when malformed).
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
        self.account.ok_or_else(|| SimError::of(p::INVALID_KEY))
    }

    /// `category` must be `spot` where only spot is served.
    pub fn spot(&self) -> Result<(), SimError> {
        match self.req("category")? {
            p::CATEGORY_SPOT => Ok(()),
            _ => Err(SimError::with(p::PARAM_ERROR, "category is invalid")),
        }
    }
}
