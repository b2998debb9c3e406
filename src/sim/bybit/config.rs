//! The Bybit simulator's settings: accounts (the demo one, or an accounts file in the
//! Binance simulator's format, whose optional `passphrase` Bybit ignores), limits and how a
//! small-balance execution ends.

use std::path::Path;

use rust_decimal::Decimal;

use crate::bybit::{assumptions, protocol};
use crate::sim::common::{d, demo_spec};
use crate::sim::{AccountSpec, SimConfig, SimConfigError};

/// The demo account's API key: obviously fake, Bybit-shaped (18 letters and digits).
pub const BYBIT_DEMO_API_KEY: &str = "DEMObybitKEY0NOTrl";
/// The demo account's secret: obviously fake (36 letters and digits).
pub const BYBIT_DEMO_API_SECRET: &str = "dustpanDEMObybitSECRETnotREAL0000000";

/// How a small-balance execution ends once its processing time is over (bybit.md §6.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BybitExecution {
    /// Every coin converts: `success`.
    Success,
    /// The last coin of the quote fails, the others convert: `partial_fulfillment`
    /// (a quote of one coin then fails whole).
    Partial,
    /// Nothing converts, the coins are given back: `failure`.
    Failure,
}

/// Everything the Bybit simulator needs to start.
#[derive(Debug, Clone)]
pub struct BybitSimConfig {
    /// Accounts and their keys.
    pub accounts: Vec<AccountSpec>,
    /// Every signed endpoint's per-UID limit per second instead of its own (tests shrink it).
    pub uid_limit: Option<u32>,
    /// Requests per IP per 5 s before the 403 ban (bybit.md §2: 600).
    pub ip_limit: u32,
    /// The small-balance fee rate (UNCONFIRMED, assumptions::SMALL_BALANCE_FEE_RATE).
    pub fee_rate: Decimal,
    /// How long an execution stays `processing`, ms of the sim clock.
    pub execution_ms: i64,
    /// How it ends.
    pub execution: BybitExecution,
    /// How long the `SlowAfterApply` fault holds the answer, ms.
    pub slow_ms: u64,
}

/// Processing time by default: long enough that a first status read sees `processing`.
pub const DEFAULT_EXECUTION_MS: i64 = 1_500;

impl BybitSimConfig {
    /// Defaults around the given accounts.
    pub fn with_accounts(accounts: Vec<AccountSpec>) -> Self {
        Self {
            accounts,
            uid_limit: None,
            ip_limit: protocol::IP_LIMIT,
            fee_rate: d(assumptions::SMALL_BALANCE_FEE_RATE),
            execution_ms: DEFAULT_EXECUTION_MS,
            execution: BybitExecution::Success,
            slow_ms: 3_000,
        }
    }

    /// The built-in market with the demo account.
    pub fn demo() -> Self {
        Self::with_accounts(vec![demo_account()])
    }

    /// Parses an accounts document in the Binance simulator's format.
    pub fn from_accounts_json(json: &str) -> Result<Self, SimConfigError> {
        Ok(Self::with_accounts(
            SimConfig::from_accounts_json(json)?.accounts,
        ))
    }

    /// Reads and parses an accounts file.
    pub fn from_accounts_file(path: &Path) -> Result<Self, SimConfigError> {
        Ok(Self::with_accounts(
            SimConfig::from_accounts_file(path)?.accounts,
        ))
    }
}

/// The demo account: coins under 10 USDT (convertible), a closed market's coin (not
/// supported), USDT and ETH above the limit, a little MNT.
pub fn demo_account() -> AccountSpec {
    let balances: &[(&str, &str)] = &[
        ("XRP", "0.9"),
        ("SOL", "0.003"),
        ("ADA", "1.8"),
        ("DOGE", "4.2"),
        ("TRX", "2.5"),
        ("DOT", "0.07"),
        ("LINK", "0.03"),
        ("PEPE", "120000"),
        ("ATOM", "0.05"),
        ("LUNA", "3"),
        ("USDT", "152.43"),
        ("ETH", "0.25"),
        ("MNT", "0.4"),
    ];
    demo_spec(BYBIT_DEMO_API_KEY, BYBIT_DEMO_API_SECRET, balances)
}
