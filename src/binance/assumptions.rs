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
