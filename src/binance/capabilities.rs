//! What Binance can do, for the port's [`crate::ports::Capabilities`]: each value from a
//! documented fact in [`crate::binance::protocol`] or a named choice in
//! [`crate::binance::assumptions`].

use std::sync::LazyLock;

use rust_decimal::Decimal;

use super::{assumptions, protocol};
use crate::domain::Asset;
use crate::ports::{Capabilities, QuoteConvert, SmallBalanceConvert};

/// The asset Small Asset Convert (`/sapi/v1/asset/dust`) converts to (binance.md §3.2).
pub const DUST_TARGET: &str = "BNB";

fn asset(s: &str) -> Asset {
    Asset::parse(s).unwrap_or_else(|_| unreachable!("{s} is a valid asset symbol"))
}

fn decimal(s: &str) -> Decimal {
    s.parse()
        .unwrap_or_else(|_| unreachable!("{s} is a valid decimal"))
}

/// Binance's capabilities, built once.
pub static CAPABILITIES: LazyLock<Capabilities> = LazyLock::new(|| Capabilities {
    small_balance: Some(SmallBalanceConvert {
        // BNB first (the classic `/asset/dust`, used when none is chosen), then what Dust
        // Convert offers: our choice where its targets are UNCONFIRMED
        // (binance-dust-convert.md §2). The classic 2 % fee and the shared 6-hour window are
        // the choices for those too (§4, assumptions.rs).
        targets: std::iter::once(DUST_TARGET)
            .chain(assumptions::DUST_CONVERT_TARGETS)
            .map(asset)
            .collect(),
        // Documented: "a fixed 2 % fee" (binance.md §3.4, `dribbletPercentage`).
        fee_rate: decimal(protocol::DUST_FEE_RATE),
        // Documented: once every 6 hours (binance.md §3.4, FAQ).
        cooldown: Some(protocol::DEFAULT_DUST_COOLDOWN),
        // Documented: "Any number of assets per conversion" (binance.md §3.4).
        max_assets_per_call: None,
        // The cooldown is the only limit binance.md §3.4 names: no count per day.
        max_per_window: None,
        // Our choice where the threshold is UNCONFIRMED (binance.md §3.4).
        max_asset_value: Some((
            decimal(assumptions::DEFAULT_DUST_THRESHOLD_BTC),
            asset("BTC"),
        )),
        min_total_value: None,
        max_total_value: None,
        // One request converts and answers with the result (binance.md §3.2).
        quote_based: false,
        asynchronous: false,
    }),
    quote_convert: Some(QuoteConvert {
        validities: protocol::CONVERT_QUOTE_VALIDITIES
            .iter()
            .map(|(d, _)| *d)
            .collect(),
        // An accepted order may be `PROCESS` before `SUCCESS` (binance.md §4.4–4.5).
        asynchronous: true,
        history_lag: assumptions::CONVERT_HISTORY_LAG,
    }),
    market_sell: true,
    // A Binance API key is a key and a secret (binance.md §1).
    key_passphrase: false,
});
