//! The MEXC simulator's settings: accounts (the demo one, or an accounts file in the
//! Binance simulator's format, whose optional `passphrase` MEXC ignores), budgets and the
//! dust rules, each defaulting to the constant of `crate::mexc`.

use std::path::Path;

use rust_decimal::Decimal;

use crate::mexc::{assumptions, protocol};
use crate::sim::common::{d, demo_spec};
use crate::sim::{AccountSpec, SimConfig, SimConfigError};

/// The demo account's access key: obviously fake, MEXC-shaped (`mx0…`).
pub const MEXC_DEMO_API_KEY: &str = "mx0DEMOkeyNOTaREALmexcKEY";
/// The demo account's secret key: obviously fake.
pub const MEXC_DEMO_API_SECRET: &str = "dustpanDEMOmexcSECRETnotREAL0000";

/// Everything the MEXC simulator needs to start.
#[derive(Debug, Clone)]
pub struct MexcSimConfig {
    /// Accounts and their keys.
    pub accounts: Vec<AccountSpec>,
    /// Each endpoint's budget per 10 s (mexc.md §3: 500); tests shrink it.
    pub endpoint_weight_limit: u32,
    /// Dust fee rate (UNCONFIRMED, assumptions::DUST_FEE_RATE).
    pub dust_fee_rate: Decimal,
    /// Per-asset value limit in USDT (assumptions::DUST_ASSET_MAX_USDT).
    pub dust_asset_max_usdt: Decimal,
    /// Per-conversion total limit in USDT (assumptions::DUST_TX_MAX_USDT).
    pub dust_tx_max_usdt: Decimal,
    /// Conversions per 24 h (assumptions::DUST_MAX_PER_24H).
    pub dust_max_per_24h: usize,
}

impl MexcSimConfig {
    /// Defaults around the given accounts.
    pub fn with_accounts(accounts: Vec<AccountSpec>) -> Self {
        Self {
            accounts,
            endpoint_weight_limit: protocol::ENDPOINT_WEIGHT_LIMIT,
            dust_fee_rate: d(assumptions::DUST_FEE_RATE),
            dust_asset_max_usdt: d(assumptions::DUST_ASSET_MAX_USDT),
            dust_tx_max_usdt: d(assumptions::DUST_TX_MAX_USDT),
            dust_max_per_24h: assumptions::DUST_MAX_PER_24H,
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

/// The demo account: MX-convertible cents, a paused and a delisted asset, USDT and ETH
/// above the per-asset limit.
fn demo_account() -> AccountSpec {
    let balances: &[(&str, &str)] = &[
        ("ADA", "1.8"),
        ("XRP", "0.9"),
        ("DOGE", "4.2"),
        ("TRX", "2.5"),
        ("DOT", "0.07"),
        ("LINK", "0.03"),
        ("SHIB", "45000"),
        ("PEPE", "120000"),
        ("ATOM", "0.05"),
        ("ACT", "0.005"),
        ("LUNA", "3"),
        ("MATIC", "12.3"),
        ("USDT", "152.43"),
        ("ETH", "0.25"),
        ("MX", "0.4"),
    ];
    demo_spec(MEXC_DEMO_API_KEY, MEXC_DEMO_API_SECRET, balances)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_accounts_file_with_a_passphrase_is_accepted_and_the_passphrase_ignored() {
        let json = r#"{"accounts":[{"api_key":"mx0abc","api_secret":"s","passphrase":"p",
            "balances":{"ADA":"1.5"}}]}"#;
        let c = MexcSimConfig::from_accounts_json(json).expect("parses");
        assert_eq!(c.accounts[0].balances["ADA"], d("1.5"));
        assert_eq!(c.dust_max_per_24h, 10);
    }
}
