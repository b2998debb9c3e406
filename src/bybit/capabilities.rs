//! What Bybit can do, for the port's [`crate::ports::Capabilities`]: documented facts from
//! [`super::protocol`], our choices from [`super::assumptions`].

use std::sync::LazyLock;
use std::time::Duration;

use rust_decimal::Decimal;

use super::{assumptions, protocol};
use crate::domain::Asset;
use crate::ports::{Capabilities, SmallBalanceConvert};

fn asset(s: &str) -> Asset {
    Asset::parse(s).unwrap_or_else(|_| unreachable!("{s} is a valid asset symbol"))
}

fn decimal(s: &str) -> Decimal {
    s.parse()
        .unwrap_or_else(|_| unreachable!("{s} is a valid decimal"))
}

/// The one quote validity (bybit.md §6.5: 30 s).
pub fn quote_validity() -> Duration {
    Duration::from_millis(assumptions::QUOTE_VALIDITY_MS.unsigned_abs())
}

/// Bybit's capabilities, built once.
pub static CAPABILITIES: LazyLock<Capabilities> = LazyLock::new(|| Capabilities {
    small_balance: Some(SmallBalanceConvert {
        // MNT, USDT, USDC; one per quote (bybit.md §6.2).
        targets: protocol::SMALL_BALANCE_TARGETS
            .iter()
            .map(|t| asset(t))
            .collect(),
        // UNCONFIRMED; every example says 0.02 (assumptions.rs, bybit.md §6.2).
        fee_rate: decimal(assumptions::SMALL_BALANCE_FEE_RATE),
        cooldown: assumptions::SMALL_BALANCE_COOLDOWN,
        // Documented: at most 20 coins per quote (bybit.md §6.2).
        max_assets_per_call: Some(assumptions::MAX_COINS_PER_QUOTE),
        // bybit.md names no count of conversions per day.
        max_per_window: None,
        // Documented: each coin under 10 USDT, 1e-8 to 200 USDT per conversion (§6.1).
        max_asset_value: Some((
            decimal(protocol::SMALL_BALANCE_MAX_COIN_USDT),
            Asset::usdt(),
        )),
        min_total_value: Some((
            decimal(protocol::SMALL_BALANCE_MIN_TOTAL_USDT),
            Asset::usdt(),
        )),
        max_total_value: Some((
            decimal(protocol::SMALL_BALANCE_MAX_TOTAL_USDT),
            Asset::usdt(),
        )),
        // A quote valid 30 s, then an execution that runs asynchronously (§6.2, §6.3).
        quote_based: true,
        asynchronous: true,
    }),
    // The regular Convert (bybit.md §7) is not wired: dustpan uses Bybit's small-balance
    // conversion and spot market sells.
    quote_convert: None,
    market_sell: true,
    key_passphrase: false,
});
