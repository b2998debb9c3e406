//! The exchange port: what the service asks of an exchange, in domain words (balances,
//! small-balance conversion, quotes, market sells), and the errors it can meet, named by
//! what the caller must do. One adapter per exchange implements [`Exchange`].

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use secrecy::SecretString;

use super::cause::Cause;
use crate::domain::{Asset, CredentialShape, Credentials, CredentialsError, ExchangeId};

mod capabilities;
mod progress;
mod small_balance;
pub use capabilities::{Capabilities, QuoteConvert, SmallBalanceConvert};
pub use progress::DustProgress;
pub use small_balance::{
    DustCandidate, DustCandidates, DustConversion, DustFailure, DustLogEntry, DustTransfer,
};

/// What went wrong talking to the exchange, named by what the caller must do.
///
/// `OutcomeUnknown`, `Unavailable` and `InvalidResponse` carry a short context and the lower
/// error (transport, decoding) as their `source`; their `Display` is one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExchangeError {
    /// The key is unknown, malformed, lacks a permission, or the IP is not allowed:
    /// tell the user to fix the key; do not retry.
    Unauthorized {
        /// The exchange's error code as it writes it (Binance "-2015", Bybit "10003"); the
        /// service never reads it, only `reason`.
        code: String,
        /// The exchange's message.
        msg: String,
        /// What it means, as far as dustpan acts on it.
        reason: Refusal,
    },
    /// Too much weight used (429) or the IP is banned (418): wait `retry_after`.
    RateLimited {
        /// How long the exchange asked us to wait.
        retry_after: Duration,
        /// True for a 418 IP ban.
        banned: bool,
    },
    /// The exchange understood and refused the request: tell the user, do not retry as is.
    Rejected {
        /// The exchange's error code as it writes it (Binance "-5006", Bybit "700008"); shown
        /// to the user beside the message, never matched on outside the adapter.
        code: String,
        /// The exchange's message.
        msg: String,
        /// What it means, as far as dustpan acts on it.
        reason: Refusal,
    },
    /// A state-changing request may or may not have been applied (timeout, 5xx, dropped
    /// connection): never retry blindly, reconcile against the exchange's records.
    OutcomeUnknown(Cause),
    /// The exchange could not be reached or answered 5xx to a read: retry later.
    Unavailable(Cause),
    /// The exchange answered something we could not understand.
    InvalidResponse(Cause),
    /// The user on whose behalf the request runs has used their share of the shared
    /// request-weight budget for now (see [`requester`]): nothing was sent; they may retry
    /// after `retry_after`.
    UserBudget {
        /// When their share is free again.
        retry_after: Duration,
    },
}

impl fmt::Display for ExchangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unauthorized { code, msg, .. } => {
                write!(f, "the exchange refused the API key (code {code}): {msg}")
            }
            Self::RateLimited { retry_after, .. } => {
                write!(
                    f,
                    "rate limited by the exchange; retry after {retry_after:?}"
                )
            }
            Self::Rejected { code, msg, .. } => {
                write!(f, "the exchange rejected the request (code {code}): {msg}")
            }
            Self::OutcomeUnknown(c) => write!(f, "the outcome of the request is unknown: {c}"),
            Self::Unavailable(c) => write!(f, "the exchange is unavailable: {c}"),
            Self::InvalidResponse(c) => write!(f, "unexpected answer from the exchange: {c}"),
            Self::UserBudget { retry_after } => write!(
                f,
                "this user's share of the exchange budget is used up; retry after {retry_after:?}"
            ),
        }
    }
}

/// The source is the lower error itself (the context is already in this error's message).
impl std::error::Error for ExchangeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::OutcomeUnknown(c) | Self::Unavailable(c) | Self::InvalidResponse(c) => {
                std::error::Error::source(c)
            }
            _ => None,
        }
    }
}

/// What a refusal means, classified by each adapter from its exchange's codes (Binance's in
/// binance/error.rs) so the service never reads codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Small Asset Convert was used within the cooldown.
    DustCooldown,
    /// The account lacks Spot Convert API access.
    NoConvertAccess,
    /// The quote expired before it was accepted.
    QuoteExpired,
    /// The amount is outside the convert pair's limits.
    AmountOutOfRange,
    /// A spot order with this client order id was already sent (-2010 "Duplicate order sent.").
    DuplicateOrder,
    /// Anything else: show the exchange's words.
    Other,
    /// Spot Convert's hourly quote quota is used up (Binance 345103): try in the next hour.
    QuoteQuotaHourly,
    /// Spot Convert's daily quote quota is used up (Binance 345239): try tomorrow.
    QuoteQuotaDaily,
    /// The exchange does not offer this operation at all (MEXC has no Spot Convert): the
    /// capabilities record says so too; nothing was sent.
    NotOffered,
}

/// Refused before anything is sent: the exchange does not convert small balances to `target`.
pub fn target_not_offered(target: &Asset) -> ExchangeError {
    ExchangeError::Rejected {
        code: "0".to_owned(),
        msg: format!("small balances cannot be converted to {target} here"),
        reason: Refusal::Other,
    }
}

/// The refusal of an exchange whose Spot Convert (quote, then accept) dustpan does not use;
/// its capabilities say so (`quote_convert: None`), so the service never asks.
pub fn spot_convert_not_offered(exchange: ExchangeId) -> ExchangeError {
    ExchangeError::Rejected {
        code: String::new(),
        msg: format!(
            "Spot Convert is not offered on {} in dustpan",
            exchange.name()
        ),
        reason: Refusal::NotOffered,
    }
}

/// One asset balance of the spot wallet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Balance {
    /// The asset.
    pub asset: Asset,
    /// Free quantity.
    pub free: Decimal,
    /// Locked quantity (open orders).
    pub locked: Decimal,
}

/// A positive balance with its BTC valuation (`/sapi/v3/asset/getUserAsset`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserAsset {
    /// The asset.
    pub asset: Asset,
    /// Free quantity.
    pub free: Decimal,
    /// Locked quantity.
    pub locked: Decimal,
    /// Frozen quantity.
    pub freeze: Decimal,
    /// Quantity being withdrawn.
    pub withdrawing: Decimal,
    /// Value of the whole balance in BTC.
    pub btc_valuation: Decimal,
}

/// A spot symbol's state, as each adapter maps its exchange's states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolStatus {
    /// Trading normally.
    Trading,
    /// The market is closed for the day (Binance `END_OF_DAY`).
    ClosedForDay,
    /// Trading is paused for now (Binance `HALT`, MEXC's pause).
    Halted,
    /// Not trading: delisted, or not open yet (Binance `BREAK`, MEXC offline, Bybit
    /// `PreLaunch`/`Closed`).
    Offline,
    /// Only cancellations are accepted (Binance `CANCEL_ONLY`).
    CancelOnly,
    /// Anything else the exchange says: not tradable.
    Other,
}

/// The filters of one spot symbol that decide whether a balance can be sold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SymbolRules {
    /// e.g. `ACTUSDT`.
    pub symbol: String,
    /// Base asset (the one sold).
    pub base: Asset,
    /// Quote asset.
    pub quote: Asset,
    /// Trading state.
    pub status: SymbolStatus,
    /// LOT_SIZE minQty.
    pub min_qty: Decimal,
    /// LOT_SIZE maxQty.
    pub max_qty: Decimal,
    /// LOT_SIZE stepSize.
    pub step_size: Decimal,
    /// NOTIONAL / MIN_NOTIONAL minNotional (zero when absent).
    pub min_notional: Decimal,
    /// NOTIONAL maxNotional, when present.
    pub max_notional: Option<Decimal>,
}

/// Spot trading rules for every symbol, shared by all users.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TradingRules {
    /// By symbol name.
    pub symbols: BTreeMap<String, SymbolRules>,
}

/// Last prices of every symbol, shared by all users.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prices {
    /// By symbol name, e.g. `BNBUSDT`.
    pub by_symbol: BTreeMap<String, Decimal>,
}

/// What an API key is allowed to do (`/sapi/v1/account/apiRestrictions`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPermissions {
    /// Reading enabled.
    pub reading: bool,
    /// Spot and margin trading enabled.
    pub spot_trading: bool,
    /// Withdrawals enabled (dustpan refuses such keys).
    pub withdrawals: bool,
    /// Restricted to an IP allow-list.
    pub ip_restricted: bool,
}

/// A Spot Convert pair with its limits (`/sapi/v1/convert/exchangeInfo`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvertPair {
    /// Asset given.
    pub from_asset: Asset,
    /// Asset received.
    pub to_asset: Asset,
    /// Minimum amount given.
    pub from_min: Decimal,
    /// Maximum amount given.
    pub from_max: Decimal,
    /// Minimum amount received.
    pub to_min: Decimal,
    /// Maximum amount received.
    pub to_max: Decimal,
}

/// How many decimals an asset's convert amounts may have (`/sapi/v1/convert/assetInfo`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetPrecision {
    /// The asset.
    pub asset: Asset,
    /// Maximum decimal places.
    pub fraction: u32,
}

/// Which side of a quote the amount fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteAmount {
    /// The amount given (`fromAmount`).
    From(Decimal),
    /// The amount received (`toAmount`).
    To(Decimal),
}

/// A request for a Spot Convert quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteRequest {
    /// Asset given.
    pub from_asset: Asset,
    /// Asset received.
    pub to_asset: Asset,
    /// The fixed side.
    pub amount: QuoteAmount,
    /// How long the quote should stay valid. Exchanges offer a few validities (Binance 10 s,
    /// 30 s, 1 min) or one fixed one (Bybit 30 s): the adapter asks for the longest it offers
    /// that is not longer than this, or its shortest; `Quote::valid_until` says what came.
    pub valid_time: Duration,
}

/// A Spot Convert quote (`/sapi/v1/convert/getQuote`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// Present only when the account has the funds to accept it.
    pub quote_id: Option<String>,
    /// to per from.
    pub ratio: Decimal,
    /// from per to.
    pub inverse_ratio: Decimal,
    /// Expiry.
    pub valid_until: DateTime<Utc>,
    /// Amount given.
    pub from_amount: Decimal,
    /// Amount received.
    pub to_amount: Decimal,
}

/// State of a quote-based conversion order, as each adapter maps its exchange's states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConvertOrderState {
    /// Accepted and not final yet: ask again.
    Processing,
    /// Done: the amounts moved.
    Succeeded,
    /// Failed: nothing moved.
    Failed,
    /// A state the adapter does not know, as the exchange wrote it: not final.
    Unknown(String),
}

/// The answer to `acceptQuote`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptedOrder {
    /// The order id (a string on the wire here; never a float).
    pub order_id: String,
    /// When it was created.
    pub create_time: DateTime<Utc>,
    /// State at acceptance.
    pub state: ConvertOrderState,
}

/// How to look an order up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderRef {
    /// By order id.
    OrderId(String),
    /// By quote id.
    QuoteId(String),
}

/// A Spot Convert order (`orderStatus`, `tradeFlow`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvertOrder {
    /// Order id, kept as the exact digits sent.
    pub order_id: String,
    /// Quote id, when reported (tradeFlow).
    pub quote_id: Option<String>,
    /// State.
    pub state: ConvertOrderState,
    /// Asset given.
    pub from_asset: Asset,
    /// Amount given.
    pub from_amount: Decimal,
    /// Asset received.
    pub to_asset: Asset,
    /// Amount received.
    pub to_amount: Decimal,
    /// to per from.
    pub ratio: Decimal,
    /// from per to.
    pub inverse_ratio: Decimal,
    /// When it was created.
    pub create_time: DateTime<Utc>,
}

/// A spot market sell to place (`POST /api/v3/order`, `side=SELL`, `type=MARKET`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarketSell {
    /// e.g. `ACTUSDT`.
    pub symbol: String,
    /// Base quantity sold, already rounded down to the symbol's step.
    pub quantity: Decimal,
    /// `newClientOrderId`: the idempotency key (`^[a-zA-Z0-9-_]{1,36}$`).
    pub client_order_id: String,
}

/// State of a spot order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpotOrderStatus {
    /// Completely filled.
    Filled,
    /// Partly filled (final for a market order only once expired).
    PartiallyFilled,
    /// Accepted, nothing filled yet.
    New,
    /// Expired (a market order without enough liquidity), possibly partly filled.
    Expired,
    /// Canceled or rejected.
    Canceled,
    /// A state this client does not know.
    Other(String),
}

/// One fill of a spot order (`fills` of a FULL answer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpotFill {
    /// Price.
    pub price: Decimal,
    /// Base quantity.
    pub qty: Decimal,
    /// Commission charged.
    pub commission: Decimal,
    /// Asset the commission was charged in.
    pub commission_asset: Asset,
}

/// A spot order as the exchange reports it (new order FULL answer, or query order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpotOrder {
    /// Symbol.
    pub symbol: String,
    /// The exchange's order id (exact digits, never a float).
    pub order_id: String,
    /// Our client order id.
    pub client_order_id: String,
    /// State.
    pub status: SpotOrderStatus,
    /// Base quantity executed.
    pub executed_qty: Decimal,
    /// Quote quantity executed (`cummulativeQuoteQty`), before the commission.
    pub quote_qty: Decimal,
    /// The fills (empty when the order was looked up: the query answer has none).
    pub fills: Vec<SpotFill>,
    /// When it executed (`transactTime`, or `time` on a lookup).
    pub transact_time: Option<DateTime<Utc>>,
}

impl SpotOrder {
    /// Commission summed per asset over the fills.
    pub fn commissions(&self) -> BTreeMap<Asset, Decimal> {
        let mut out: BTreeMap<Asset, Decimal> = BTreeMap::new();
        for f in &self.fills {
            *out.entry(f.commission_asset.clone()).or_default() += f.commission;
        }
        out
    }
}

/// How much of one request-weight budget shared by every user the bot has used in the
/// budget's current window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeightUse {
    /// The budget's name (Binance: `/api`, or a `/sapi` path limited per IP).
    pub bucket: String,
    /// Weight used in the current window.
    pub used: u32,
    /// The budget's limit per window.
    pub limit: u32,
}

/// The exchange's rate-limit refusals since start.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateLimitsSeen {
    /// "Too many requests" (Binance: HTTP 429).
    pub too_many: u64,
    /// Bans for coming back too early (Binance: HTTP 418).
    pub banned: u64,
}

/// The exchange, as the service sees it. One instance is shared by every user; the
/// user's credentials travel with each private call. Public data is cached and shared.
#[async_trait]
pub trait Exchange: Send + Sync {
    /// Which exchange this is: credentials are stored under its name.
    fn id(&self) -> ExchangeId;
    /// What this exchange can do and on what terms.
    fn capabilities(&self) -> &Capabilities;
    /// Typed credentials in this exchange's shape (a passphrase it does not use is
    /// dropped). Checks the shape only; [`Exchange::key_permissions`] asks the exchange.
    fn parse_credentials(
        &self,
        key: SecretString,
        secret: SecretString,
        passphrase: Option<SecretString>,
    ) -> Result<Credentials, CredentialsError>;
    /// How much `text` alone looks like one part of this exchange's credentials: checks
    /// the first step of the guided form and tells which messages to delete.
    fn credential_shape(&self, text: &str) -> CredentialShape;
    /// The exchange's clock.
    async fn server_time(&self) -> Result<DateTime<Utc>, ExchangeError>;
    /// Every spot balance, zero balances omitted (Binance: `GET /api/v3/account`).
    async fn balances(&self, creds: &Credentials) -> Result<Vec<Balance>, ExchangeError>;
    /// Positive balances with their BTC valuation (Binance: `POST /sapi/v3/asset/getUserAsset`).
    async fn user_assets(&self, creds: &Credentials) -> Result<Vec<UserAsset>, ExchangeError>;
    /// Assets the small-balance conversion would take now, with what each would yield in
    /// its target asset (Binance: `POST /sapi/v1/asset/dust-btc`, to BNB).
    async fn dust_candidates(&self, creds: &Credentials) -> Result<DustCandidates, ExchangeError>;
    /// Converts these small balances to the exchange's target asset (Binance:
    /// `POST /sapi/v1/asset/dust`, to BNB). A money operation: an unknown outcome comes back
    /// as [`ExchangeError::OutcomeUnknown`], never retried.
    async fn convert_dust(
        &self,
        creds: &Credentials,
        assets: &[Asset],
    ) -> Result<DustConversion, ExchangeError>;
    /// Assets the small-balance conversion to `target` would take now (Binance: the classic
    /// `dust-btc` for BNB, `POST /sapi/v1/asset/dust-convert/query-convertible-assets` for the
    /// other targets of [`Capabilities`]). By default only the exchange's first target is
    /// offered, through [`Exchange::dust_candidates`].
    async fn dust_candidates_to(
        &self,
        creds: &Credentials,
        target: &Asset,
    ) -> Result<DustCandidates, ExchangeError> {
        if self.capabilities().small_balance_target() == Some(target) {
            return self.dust_candidates(creds).await;
        }
        Err(target_not_offered(target))
    }
    /// Converts these small balances to `target` (Binance: the classic `/asset/dust` for BNB,
    /// `POST /sapi/v1/asset/dust-convert/convert` for the others), with `client_id` (the
    /// operation id) as the request's id where the exchange takes one. A money operation: an
    /// unknown outcome is [`ExchangeError::OutcomeUnknown`], never retried (the exchange's
    /// handling of a repeated id is not relied upon). By default only the exchange's first
    /// target, through [`Exchange::convert_dust`].
    async fn convert_dust_to(
        &self,
        creds: &Credentials,
        assets: &[Asset],
        target: &Asset,
        client_id: &str,
    ) -> Result<DustConversion, ExchangeError> {
        let _ = client_id;
        if self.capabilities().small_balance_target() == Some(target) {
            return self.convert_dust(creds, assets).await;
        }
        Err(target_not_offered(target))
    }
    /// Starts a small-balance conversion to `target` (the exchange's first target when
    /// `None`) and answers as soon as the exchange has: finished for exchanges that convert
    /// at once (by default, through [`Exchange::convert_dust`] or
    /// [`Exchange::convert_dust_to`]), or still processing where the exchange runs it
    /// asynchronously (Bybit). A money operation: sent once, never retried.
    async fn start_dust_conversion(
        &self,
        creds: &Credentials,
        assets: &[Asset],
        target: Option<&Asset>,
        client_id: &str,
    ) -> Result<DustProgress, ExchangeError> {
        let done = match target {
            Some(t) => self.convert_dust_to(creds, assets, t, client_id).await?,
            None => self.convert_dust(creds, assets).await?,
        };
        Ok(DustProgress::Finished(done))
    }
    /// Where a conversion [`Exchange::start_dust_conversion`] left processing stands now.
    /// Exchanges that convert at once never leave one processing: refused by default.
    async fn dust_conversion_status(
        &self,
        creds: &Credentials,
        id: &str,
    ) -> Result<DustProgress, ExchangeError> {
        let _ = (creds, id);
        Err(ExchangeError::Rejected {
            code: String::new(),
            msg: "this exchange converts small balances at once".to_owned(),
            reason: Refusal::NotOffered,
        })
    }
    /// The small-balance conversion log, newest first, from `since` when given (Binance:
    /// `GET /sapi/v1/asset/dribblet`), including conversions made outside dustpan.
    async fn dust_log(
        &self,
        creds: &Credentials,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<DustLogEntry>, ExchangeError>;
    /// Spot trading rules (cached, shared).
    async fn trading_rules(&self) -> Result<Arc<TradingRules>, ExchangeError>;
    /// Last prices (cached, shared).
    async fn prices(&self) -> Result<Arc<Prices>, ExchangeError>;
    /// What the key may do (Binance: `GET /sapi/v1/account/apiRestrictions`).
    async fn key_permissions(&self, creds: &Credentials) -> Result<KeyPermissions, ExchangeError>;
    /// Spot Convert pairs into `to_asset` (cached per target, shared). The Spot Convert
    /// methods are refused by default, for exchanges whose capabilities offer none.
    async fn convert_pairs(
        &self,
        to_asset: &Asset,
    ) -> Result<Arc<Vec<ConvertPair>>, ExchangeError> {
        let _ = to_asset;
        Err(spot_convert_not_offered(self.id()))
    }
    /// Convert amount precision per asset.
    async fn convert_precision(
        &self,
        creds: &Credentials,
    ) -> Result<Vec<AssetPrecision>, ExchangeError> {
        let _ = creds;
        Err(spot_convert_not_offered(self.id()))
    }
    /// Asks for a quote. Check `quote_id`: absent means funds are short.
    async fn convert_quote(
        &self,
        creds: &Credentials,
        req: &QuoteRequest,
    ) -> Result<Quote, ExchangeError> {
        let _ = (creds, req);
        Err(spot_convert_not_offered(self.id()))
    }
    /// Accepts a quote. A money operation: unknown outcomes are reported, never retried.
    async fn convert_accept(
        &self,
        creds: &Credentials,
        quote_id: &str,
    ) -> Result<AcceptedOrder, ExchangeError> {
        let _ = (creds, quote_id);
        Err(spot_convert_not_offered(self.id()))
    }
    /// One order's state.
    async fn convert_order_status(
        &self,
        creds: &Credentials,
        order: &OrderRef,
    ) -> Result<ConvertOrder, ExchangeError> {
        let _ = (creds, order);
        Err(spot_convert_not_offered(self.id()))
    }
    /// Convert history between two times (at most 30 days apart).
    async fn convert_trade_flow(
        &self,
        creds: &Credentials,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Vec<ConvertOrder>, ExchangeError> {
        let _ = (creds, start, end);
        Err(spot_convert_not_offered(self.id()))
    }
    /// Places a spot market sell (Binance: `POST /api/v3/order`). A money operation: an unknown
    /// outcome is [`ExchangeError::OutcomeUnknown`], never retried; look it up by its
    /// client order id with [`Exchange::spot_order`].
    async fn market_sell(
        &self,
        creds: &Credentials,
        order: &MarketSell,
    ) -> Result<SpotOrder, ExchangeError>;
    /// One spot order by client order id (Binance: `GET /api/v3/order`); `None` when the exchange
    /// says it does not exist.
    async fn spot_order(
        &self,
        creds: &Credentials,
        symbol: &str,
        client_order_id: &str,
    ) -> Result<Option<SpotOrder>, ExchangeError>;
    /// The shared weight budgets in use now (for the operator's `/stats`); none when the
    /// adapter does not count weight.
    fn weight_use(&self) -> Vec<WeightUse> {
        Vec::new()
    }
    /// The rate-limit refusals seen since start; `None` when the adapter does not count them.
    fn rate_limits_seen(&self) -> Option<RateLimitsSeen> {
        None
    }
}
