//! What MEXC can do, for the port's [`crate::ports::Capabilities`]: documented facts from
//! [`super::protocol`], our choices from [`super::assumptions`].

use std::sync::LazyLock;

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

/// MEXC's capabilities, built once.
pub static CAPABILITIES: LazyLock<Capabilities> = LazyLock::new(|| Capabilities {
    small_balance: Some(SmallBalanceConvert {
        // Always MX, no target parameter (mexc.md §6).
        targets: vec![asset(protocol::DUST_TARGET)],
        // UNCONFIRMED; our choice (assumptions.rs, mexc.md §6.4).
        fee_rate: decimal(assumptions::DUST_FEE_RATE),
        // No cooldown between two conversions, only a count per 24 h (mexc.md §6.4).
        cooldown: None,
        // Documented: at most 15 assets per call (mexc.md §6.2).
        max_assets_per_call: Some(protocol::DUST_MAX_ASSETS),
        // UNCONFIRMED; our choice (assumptions.rs, mexc.md §6.4).
        max_per_window: Some((
            assumptions::DUST_MAX_PER_24H,
            assumptions::DUST_COUNT_WINDOW,
        )),
        max_asset_value: Some((decimal(assumptions::DUST_ASSET_MAX_USDT), Asset::usdt())),
        min_total_value: None,
        max_total_value: Some((decimal(assumptions::DUST_TX_MAX_USDT), Asset::usdt())),
        quote_based: false,
        asynchronous: false,
    }),
    // MEXC has no quote-then-accept Spot Convert.
    quote_convert: None,
    market_sell: true,
    key_passphrase: false,
});
