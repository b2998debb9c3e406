//! What an exchange can do, and on what terms: the port's capabilities record.

use std::time::Duration;

use rust_decimal::Decimal;

use crate::domain::Asset;

/// What an exchange can do and on what terms, so that the service and the planner need not
/// know which exchange they talk to (as freqtrade's `_ft_has`). Each adapter fills it from
/// its exchange's documented facts and, where the documents are silent, its own named
/// assumptions; amounts an answer reports (fees charged, amounts received) always win over
/// the rates here, which serve for planning and display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capabilities {
    /// Converting small balances ([`crate::ports::Exchange::convert_dust`]), if offered.
    pub small_balance: Option<SmallBalanceConvert>,
    /// Converting between two assets at a quoted price
    /// ([`crate::ports::Exchange::convert_quote`], then
    /// [`crate::ports::Exchange::convert_accept`]), if offered.
    pub quote_convert: Option<QuoteConvert>,
    /// Whether spot market sells ([`crate::ports::Exchange::market_sell`]) are offered.
    pub market_sell: bool,
    /// Whether the exchange's API keys come with a passphrase beside key and secret (OKX,
    /// Bitget, KuCoin), so the credentials prompt asks for one.
    pub key_passphrase: bool,
}

impl Capabilities {
    /// How long after a small-balance conversion the next is refused: zero when the
    /// exchange has no cooldown or no small-balance conversion.
    pub fn small_balance_cooldown(&self) -> Duration {
        self.small_balance
            .as_ref()
            .and_then(|s| s.cooldown)
            .unwrap_or_default()
    }

    /// The asset small balances convert to when none is chosen (the first target), if the
    /// exchange converts small balances.
    pub fn small_balance_target(&self) -> Option<&Asset> {
        self.small_balance.as_ref().and_then(|s| s.targets.first())
    }

    /// Whether small balances can be converted to `target`.
    pub fn offers_small_balance_target(&self, target: &Asset) -> bool {
        self.small_balance
            .as_ref()
            .is_some_and(|s| s.targets.contains(target))
    }
}

/// The terms of an exchange's small-balance conversion (Binance's Small Asset Convert,
/// Bybit's Convert Small Balances, MEXC's dust transfer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmallBalanceConvert {
    /// The assets it converts to, the one used when none is chosen first (Binance: BNB, then
    /// USDT, USDC, BTC, ETH through Dust Convert; Bybit: MNT, USDT, USDC; MEXC: MX). The fee
    /// rate and the cooldown below apply to every target: one cooldown for all of them.
    pub targets: Vec<Asset>,
    /// The fee rate, charged in the target asset (e.g. 0.02).
    pub fee_rate: Decimal,
    /// How long after a conversion the next is refused; `None` when there is no cooldown.
    pub cooldown: Option<Duration>,
    /// Most assets one request may name; `None` when unlimited.
    pub max_assets_per_call: Option<usize>,
    /// Most conversions allowed in a rolling window (MEXC: 10 per 24 h), with the window;
    /// `None` when the exchange counts none.
    pub max_per_window: Option<(usize, Duration)>,
    /// An asset is convertible only while its whole balance is worth less than this
    /// (Binance 0.001 BTC, Bybit 10 USDT); `None` when unknown.
    pub max_asset_value: Option<(Decimal, Asset)>,
    /// The least a request must convert in total (Bybit 1e-8 USDT); `None` when unknown.
    pub min_total_value: Option<(Decimal, Asset)>,
    /// The most a request may convert in total (Bybit 200 USDT); `None` when unknown.
    pub max_total_value: Option<(Decimal, Asset)>,
    /// Whether the exchange quotes the conversion first and executes the quote (Bybit),
    /// rather than converting in one request (Binance, MEXC).
    pub quote_based: bool,
    /// Whether a request only starts the conversion, to be read back later (Bybit:
    /// `processing`), rather than answering with its result (Binance).
    pub asynchronous: bool,
}

/// The terms of an exchange's quote-then-accept conversion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteConvert {
    /// The validities a quote may be asked for, shortest first (Binance: 10 s, 30 s, 1 min;
    /// Bybit: 30 s only).
    pub validities: Vec<Duration>,
    /// Whether an accepted order may still be processing, to be read back later.
    pub asynchronous: bool,
    /// How soon after its quote is over an accepted order is listed in the account's
    /// convert history: after that, absence means "never accepted".
    pub history_lag: Duration,
}
