//! Our assumptions about Binance: every choice made where shared/exchange/binance.md marks a
//! fact UNCONFIRMED, each with its reason and the section it rests on. The documented facts
//! are in [`super::protocol`]. The simulator answers with these choices; the client reads
//! them only where being wrong is harmless: no decision that moves or settles money rests
//! on a value here alone (an unknown swap, for one, is settled from the account's convert
//! history, never from a "no such order" code). Tests that check them say they are ours.

use std::time::Duration;

use super::protocol::ErrorCode;

/// 418 ban: UNCONFIRMED what exactly triggers it (binance.md §2 says "keep hammering").
/// Choice: a request to /api that arrives while a 429's Retry-After is still running
/// is answered 418 and bans the IP for this long (the first step of the documented
/// 2 minutes → 3 days escalation).
pub const API_BAN_DURATION: Duration = Duration::from_secs(120);

/// recvWindow above the maximum: which code /api vs /sapi returns is UNCONFIRMED
/// (binance.md §1 Timing). Choice: /api answers -1102 with the spot wording, /sapi -1131.
pub const API_RECV_WINDOW_TOO_LARGE: ErrorCode = ErrorCode {
    code: -1102,
    msg: "Param 'recvWindow' was empty/null, or malformed. Cannot be greater than 60000",
    http_status: 400,
};

/// The /sapi side of the same choice.
pub const SAPI_BAD_RECV_WINDOW: ErrorCode = ErrorCode {
    code: -1131,
    msg: "recvWindow must be less than 60000",
    http_status: 400,
};

/// One unsupported (delisted, pre-market, migrated) asset fails the whole dust batch; the
/// code is UNCONFIRMED (binance.md §3.4). Choice: -5001 with the asset named.
pub const DUST_ASSET_NOT_SUPPORTED: ErrorCode = ErrorCode {
    code: -5001,
    msg: "Asset %s is not supported for small asset conversion.",
    http_status: 400,
};

/// The per-asset BTC value below which an asset is dust: UNCONFIRMED (binance.md §3.4 cites
/// 0.001, 0.0012 and 0.0003 BTC). Choice: 0.001 BTC, as error -5004's text says.
pub const DEFAULT_DUST_THRESHOLD_BTC: &str = "0.001";

/// Whether the exchange reports `transferedAmount` of a dust conversion before the fee, so
/// the BNB credited is `transferedAmount − serviceChargeAmount`. UNCONFIRMED
/// (shared/exchange/binance.md §3.2): one switch, read by the adapter (which reports both
/// amounts to the port) and the simulator.
pub const DUST_TRANSFERED_IS_GROSS: bool = true;

/// How soon after a Spot Convert quote can no longer be accepted its order, if it was
/// accepted, is listed in the account's convert history (`tradeFlow`). UNCONFIRMED
/// (binance.md §4.6 says nothing of a delay); an accepted order is created within the
/// quote's validity, so a few minutes is generous. The service reads it from the
/// capabilities to decide when absence from the history means "never accepted".
pub const CONVERT_HISTORY_LAG: Duration = Duration::from_secs(180);

/// Accepting an expired Spot Convert quote: code UNCONFIRMED (binance.md §4.4). Synthetic
/// choice from Binance Pay's 345231 TIME_OUT, positive like the Convert codes seen on the
/// wire (protocol.rs, quote quotas). Only the wording of a reply rests on it: any 4xx on an
/// accept means the quote was refused, whatever its code.
pub const QUOTE_EXPIRED: ErrorCode = ErrorCode {
    code: 345231,
    msg: "System failed to execute the quote, which has expired. Please request for quote again.",
    http_status: 400,
};

/// A quote amount outside the pair's limits: code UNCONFIRMED (binance.md §4.3). Synthetic.
pub const QUOTE_AMOUNT_OUT_OF_RANGE: ErrorCode = ErrorCode {
    code: 345232,
    msg: "The amount of %s must be between %s and %s.",
    http_status: 400,
};

/// An unknown or unsupported convert pair: code UNCONFIRMED (binance.md §4.1). Synthetic.
pub const CONVERT_PAIR_NOT_SUPPORTED: ErrorCode = ErrorCode {
    code: 345233,
    msg: "The pair %s/%s is not supported.",
    http_status: 400,
};

/// An unknown quoteId or orderId: code UNCONFIRMED (binance.md §4.4–4.5). Synthetic, and
/// the client gives it no meaning: whether a quote was accepted is read from the convert
/// history (tradeFlow), never from this answer.
pub const CONVERT_ORDER_NOT_FOUND: ErrorCode = ErrorCode {
    code: 345234,
    msg: "The quote or order does not exist.",
    http_status: 400,
};

/// tradeFlow span over 30 days (binance.md §4.6): code UNCONFIRMED; -1127 is the spot
/// "lookup interval too big" error.
pub const INTERVAL_TOO_LONG: ErrorCode = ErrorCode {
    code: -1127,
    msg: "More than %s hours between startTime and endTime.",
    http_status: 400,
};

/// How many quotes an account may get per hour: UNCONFIRMED for `/sapi/v1/convert/getQuote`
/// (binance.md §2 documents "360/hour, 500/day" only for Futures' convert getQuote).
/// Choice: the Futures numbers, as the simulator's default; the client never relies on them.
pub const DEFAULT_CONVERT_QUOTES_PER_HOUR: u32 = 360;

/// How many quotes an account may get per day (same source and caveat as the hourly one).
pub const DEFAULT_CONVERT_QUOTES_PER_DAY: u32 = 500;

/// `newClientOrderId` is "a unique id among open orders" (Binance spot REST docs, new order:
/// "Orders with the same `newClientOrderID` can be accepted only when the previous one is
/// filled"). What `GET /api/v3/order?origClientOrderId=` answers once an id has been used
/// by several orders is UNCONFIRMED (the query-order notes do not say). Choice: the latest
/// order. dustpan never reuses one (a sell's id is its operation id, sent once through the
/// gate), so no decision of dustpan's rests on this; only the simulator reads it.
pub const QUERY_BY_REUSED_CLIENT_ID_FINDS_LATEST: bool = true;

/// The largest magnitude the client accepts in any decimal field of an answer. Binance's
/// engine keeps amounts as 64-bit integers with 8 decimals (the largest values it prints,
/// e.g. a LOT_SIZE `maxQty` of `92233720368.54775807`, are `i64::MAX / 10^8`): anything
/// beyond 10^18 is not a real value but a broken answer, refused as invalid, so no sum of
/// such values can overflow. An assumption with that reason, not a documented limit.
pub const MAX_WIRE_DECIMAL: rust_decimal::Decimal =
    rust_decimal_macros::dec!(1_000_000_000_000_000_000);

// Dust Convert to a chosen target (`/sapi/v1/asset/dust-convert/*`): every point
// shared/exchange/binance-dust-convert.md marks UNCONFIRMED, one choice each. The client reads
// only the ones whose error is harmless (which targets it offers, how it reads an amount it
// displays, what it refuses to send); an unknown outcome is settled from the dust log and the
// balances as for the classic conversion, never from one of these alone.

// Not sent, so nothing rests on their meaning: `dustQuotaAssetToTargetAssetPrice` (§2, §3:
// undocumented), `thirdPartyClientId` (§3: undocumented) and `accountType` (§2, §3: default
// SPOT, the only account dustpan converts from). The simulator ignores the first two.

/// Dust Convert's fee rate: UNCONFIRMED (binance-dust-convert.md §4: `dribbletPercentage`
/// "0.02" and `exchange` = 2 % of the gross in the query example; the convert example's
/// 2.16–2.21 % is unexplained). Choice: the classic documented rate. The simulator charges it;
/// dustpan shows the fee each answer reports, never this rate.
pub const DUST_CONVERT_FEE_RATE: &str = super::protocol::DUST_FEE_RATE;

/// Whether `/dust-convert/convert` takes the repeated `asset=A&asset=B` form besides the
/// comma-joined one: UNCONFIRMED (binance-dust-convert.md §3). Choice: the simulator accepts
/// it, as on `/asset/dust` (harmless); the client sends one comma-joined value, as both
/// official SDKs do.
pub const DUST_CONVERT_ACCEPTS_REPEATED_ASSET: bool = true;

/// The assets Dust Convert converts to: UNCONFIRMED (binance-dust-convert.md §2, "allowed
/// values are not documented"). Choice: USDT (seen in third-party code) and USDC, BTC, ETH,
/// the quote assets Binance's app offers beside BNB. BNB itself goes through the classic
/// `/asset/dust` (binance.md §3.2). The simulator refuses any other target; the exchange's
/// own refusal of one of these would reach the user as its words.
pub const DUST_CONVERT_TARGETS: [&str; 4] = ["USDT", "USDC", "BTC", "ETH"];

/// A `targetAsset` Dust Convert does not offer: no documented code (binance-dust-convert.md
/// §4, last line: "generic -1100/-1102-style parameter errors are plausible"). Choice: -1100
/// with the legal range. Only the sentence shown rests on it.
pub const DUST_CONVERT_TARGET_NOT_SUPPORTED: ErrorCode = ErrorCode {
    code: -1100,
    msg: "Illegal characters found in parameter 'targetAsset'; legal range is '%s'.",
    http_status: 400,
};

/// The asset `toQuotaAssetAmount` is counted in: UNCONFIRMED (binance-dust-convert.md §2:
/// equal to the target amounts in the example, whose target was not BNB). Choice: USDT.
/// The simulator's eligibility reads it; the client never does.
pub const DUST_CONVERT_QUOTA_ASSET: &str = "USDT";

/// `dribbletBase` "10": read as "an asset is dust while worth less than 10 quota-asset
/// units" (binance-dust-convert.md §2, §4: UNCONFIRMED, cf. Bybit's < 10 USDT). The
/// simulator's eligibility rule; the client lists what the exchange lists.
pub const DUST_CONVERT_BASE: &str = "10";

/// What `/dust-convert/convert` converts to when `targetAsset` is omitted: UNCONFIRMED
/// (binance-dust-convert.md §3, "BNB would be the natural guess"). Choice: BNB, in the
/// simulator only: the client always sends `targetAsset`.
pub const DUST_CONVERT_DEFAULT_TARGET: &str = "BNB";

/// Whether Dust Convert's `transferedAmount` is before the fee: UNCONFIRMED
/// (binance-dust-convert.md §3: the example's fee is 2.21 % of it, 2.16 % of it plus the fee).
/// Choice: the classic reading ([`DUST_TRANSFERED_IS_GROSS`], the same response shape). The
/// simulator's fee rule and the client's reading of the answer both follow it; the user is
/// shown what the exchange reports.
pub const DUST_CONVERT_TRANSFERED_IS_GROSS: bool = DUST_TRANSFERED_IS_GROSS;

/// Whether Dust Convert shares the classic conversion's 6-hour window, has its own, or none
/// (binance-dust-convert.md §4: UNCONFIRMED, no source mentions a cooldown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DustConvertCooldown {
    /// One window for both kinds: a conversion of either kind blocks the other.
    Shared,
    /// Each kind has its own window.
    Separate,
    /// Dust Convert has no cooldown.
    None,
}

/// Choice: shared, the conservative reading (binance-dust-convert.md §4). The simulator's
/// default; dustpan counts every small-balance conversion in one cooldown, which at worst
/// makes a user wait when the exchange would not.
pub const DUST_CONVERT_COOLDOWN: DustConvertCooldown = DustConvertCooldown::Shared;

/// What a repeated `clientId` does (binance-dust-convert.md §3: "whether a repeated clientId
/// is rejected or returns the original result" is UNCONFIRMED).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepeatedClientId {
    /// The first call's answer again; nothing converted a second time.
    ReturnsFirst,
    /// Refused with [`DUST_CONVERT_DUPLICATE_CLIENT_ID`]; nothing converted.
    Rejected,
}

/// Choice: the first answer again. Neither reading converts twice, and dustpan never relies
/// on it: an operation's convert is sent once, through the gate, and an unknown outcome is
/// read back from the dust log and the balances, never by sending again.
pub const DUST_CONVERT_REPEATED_CLIENT_ID: RepeatedClientId = RepeatedClientId::ReturnsFirst;

/// The refusal of a repeated `clientId` when [`RepeatedClientId::Rejected`] is simulated:
/// no documented code (binance-dust-convert.md §3). Synthetic: -1101 with our wording.
pub const DUST_CONVERT_DUPLICATE_CLIENT_ID: ErrorCode = ErrorCode {
    code: -1101,
    msg: "Duplicate clientId %s.",
    http_status: 400,
};

/// `clientId`'s format and length: UNCONFIRMED (binance-dust-convert.md §3). Choice: the
/// documented `newClientOrderId` rule, `^[a-zA-Z0-9-_]{1,36}$` (Binance spot REST docs, new
/// order), which an operation id (22 URL-safe base64 characters) meets. The client refuses
/// to send another; the simulator answers -1100 to one.
pub const DUST_CONVERT_CLIENT_ID_MAX_LEN: usize = 36;

/// Whether a Dust Convert batch is written to the dust log (`GET /sapi/v1/asset/dribblet`)
/// with its real `targetAsset`: UNCONFIRMED (binance-dust-convert.md §5). Choice: yes, as
/// the shared schema suggests; the simulator's default. dustpan records the convert answer
/// itself and reads the log only as a cross-check: an unknown outcome not found there stays
/// unknown while the assets are gone, never "not executed".
pub const DUST_CONVERT_IN_DUST_LOG: bool = true;

/// Whether the dust-convert endpoints accept `recvWindow`: UNCONFIRMED (binance-dust-
/// convert.md §2, §3: not listed, as on no other SIGNED endpoint). Choice: yes; the client
/// sends it as on every SIGNED call, the simulator accepts it.
pub const DUST_CONVERT_ACCEPTS_RECV_WINDOW: bool = true;

/// Whether `/dust-convert/convert` needs "Enable Spot & Margin Trading" like the classic
/// `/asset/dust`: UNCONFIRMED (binance-dust-convert.md §3, "likely"). Choice: yes.
pub const DUST_CONVERT_NEEDS_TRADING: bool = true;
