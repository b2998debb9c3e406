//! Binance wire-protocol facts shared by the client and the simulator: paths, weights,
//! header names, error codes and messages, each as documented (shared/exchange/binance.md).
//! Where only an HTTP status beside a documented code and message is unconfirmed, the
//! status is the simulator's choice, said beside it (no decision reads a status beyond
//! 4xx/5xx). Every other choice at a point binance.md marks UNCONFIRMED lives in
//! [`super::assumptions`], with its reason.

use std::time::Duration;

/// Header carrying the API key.
pub const HEADER_API_KEY: &str = "X-MBX-APIKEY";
/// Used IP weight of the shared /api bucket (binance.md §2).
pub const HEADER_USED_WEIGHT_1M: &str = "X-MBX-USED-WEIGHT-1M";
/// Used weight of an IP-limited /sapi endpoint's bucket (binance.md §2).
pub const HEADER_SAPI_IP_WEIGHT_1M: &str = "X-SAPI-USED-IP-WEIGHT-1M";
/// Used weight of a UID-limited /sapi endpoint's bucket (binance.md §2).
pub const HEADER_SAPI_UID_WEIGHT_1M: &str = "X-SAPI-USED-UID-WEIGHT-1M";
/// Seconds to wait after a 429 or 418.
pub const HEADER_RETRY_AFTER: &str = "Retry-After";

/// The shared /api IP budget per minute (binance.md §2, exchangeInfo `rateLimits`).
pub const API_WEIGHT_LIMIT_1M: u32 = 6000;
/// Each IP-limited /sapi endpoint's own budget per minute (binance.md §2).
pub const SAPI_IP_WEIGHT_LIMIT_1M: u32 = 12_000;
/// Each UID-limited /sapi endpoint's own budget per minute (binance.md §2).
pub const SAPI_UID_WEIGHT_LIMIT_1M: u32 = 180_000;

/// Default `recvWindow` in ms (binance.md §1 Timing).
pub const DEFAULT_RECV_WINDOW_MS: u64 = 5000;
/// Largest `recvWindow` in ms (binance.md §1 Timing).
pub const MAX_RECV_WINDOW_MS: u64 = 60_000;
/// How far ahead of the server a timestamp may be (binance.md §1 Timing).
pub const MAX_TIMESTAMP_AHEAD_MS: i64 = 1000;

/// Is this endpoint limited by IP or by account (UID)?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitKind {
    /// The /api shared IP bucket.
    ApiIp,
    /// An IP-limited /sapi endpoint's own bucket.
    SapiIp,
    /// A UID-limited /sapi endpoint's own bucket.
    SapiUid,
}

/// One endpoint of the protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    /// HTTP method.
    pub method: &'static str,
    /// Path.
    pub path: &'static str,
    /// Request weight (binance.md §2 table).
    pub weight: u32,
    /// Which budget it draws from.
    pub limit: LimitKind,
    /// Needs `timestamp` + `signature`.
    pub signed: bool,
}

macro_rules! endpoint {
    ($name:ident, $method:literal, $path:literal, $weight:expr, $limit:ident, $signed:expr) => {
        #[doc = concat!("`", $method, " ", $path, "`")]
        pub const $name: Endpoint = Endpoint {
            method: $method,
            path: $path,
            weight: $weight,
            limit: LimitKind::$limit,
            signed: $signed,
        };
    };
}

endpoint!(TIME, "GET", "/api/v3/time", 1, ApiIp, false);
endpoint!(
    EXCHANGE_INFO,
    "GET",
    "/api/v3/exchangeInfo",
    20,
    ApiIp,
    false
);
endpoint!(ACCOUNT, "GET", "/api/v3/account", 20, ApiIp, true);
endpoint!(DUST_BTC, "POST", "/sapi/v1/asset/dust-btc", 1, SapiIp, true);
endpoint!(DUST, "POST", "/sapi/v1/asset/dust", 10, SapiUid, true);
endpoint!(DRIBBLET, "GET", "/sapi/v1/asset/dribblet", 1, SapiIp, true);
endpoint!(
    USER_ASSET,
    "POST",
    "/sapi/v3/asset/getUserAsset",
    5,
    SapiIp,
    true
);
endpoint!(
    API_RESTRICTIONS,
    "GET",
    "/sapi/v1/account/apiRestrictions",
    1,
    SapiIp,
    true
);
endpoint!(
    CONVERT_EXCHANGE_INFO,
    "GET",
    "/sapi/v1/convert/exchangeInfo",
    3000,
    SapiIp,
    false
);
endpoint!(
    CONVERT_ASSET_INFO,
    "GET",
    "/sapi/v1/convert/assetInfo",
    100,
    SapiIp,
    true
);
endpoint!(
    CONVERT_GET_QUOTE,
    "POST",
    "/sapi/v1/convert/getQuote",
    200,
    SapiUid,
    true
);
endpoint!(
    CONVERT_ACCEPT_QUOTE,
    "POST",
    "/sapi/v1/convert/acceptQuote",
    500,
    SapiUid,
    true
);
endpoint!(
    CONVERT_ORDER_STATUS,
    "GET",
    "/sapi/v1/convert/orderStatus",
    100,
    SapiUid,
    true
);
endpoint!(
    CONVERT_TRADE_FLOW,
    "GET",
    "/sapi/v1/convert/tradeFlow",
    3000,
    SapiUid,
    true
);

// Dust Convert to a chosen target (binance-dust-convert.md §2: IP 1; §3: UID 10). Both are
// USER_DATA, signed as every SAPI call (§6).
endpoint!(
    DUST_CONVERT_QUERY,
    "POST",
    "/sapi/v1/asset/dust-convert/query-convertible-assets",
    1,
    SapiIp,
    true
);
endpoint!(
    DUST_CONVERT,
    "POST",
    "/sapi/v1/asset/dust-convert/convert",
    10,
    SapiUid,
    true
);

/// `/api/v3/ticker/price` weighs 2 with `symbol`, 4 with `symbols` or none (binance.md §2).
pub const TICKER_PRICE_PATH: &str = "/api/v3/ticker/price";
/// Weight of a single-symbol price request.
pub const TICKER_PRICE_WEIGHT_SINGLE: u32 = 2;
/// Weight of a multi-symbol or all-symbols price request.
pub const TICKER_PRICE_WEIGHT_MULTI: u32 = 4;

/// A Binance error: code and verbatim message (binance.md §1, §3.4, §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorCode {
    /// The code.
    pub code: i64,
    /// The message (may contain `%s` placeholders).
    pub msg: &'static str,
    /// The HTTP status the simulator answers with.
    pub http_status: u16,
}

macro_rules! error_code {
    ($name:ident, $code:expr, $msg:literal, $status:expr) => {
        #[doc = concat!("`", stringify!($code), "` ", $msg)]
        pub const $name: ErrorCode = ErrorCode {
            code: $code,
            msg: $msg,
            http_status: $status,
        };
    };
}

// HTTP status 401 for -1002 is UNCONFIRMED (binance.md §1 table): chosen 401.
error_code!(
    UNAUTHORIZED,
    -1002,
    "You are not authorized to execute this request.",
    401
);
error_code!(
    TOO_MUCH_WEIGHT,
    -1003,
    "Too much request weight used; current limit is %s request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.",
    429
);
error_code!(
    IP_BANNED,
    -1003,
    "Way too much request weight used; IP banned until %s. Please use WebSocket Streams for live updates to avoid bans.",
    418
);
// Exact status of -1021 is UNCONFIRMED (binance.md §1 table): chosen 400.
error_code!(
    TIMESTAMP_OUTSIDE_RECV_WINDOW,
    -1021,
    "Timestamp for this request is outside of the recvWindow.",
    400
);
error_code!(
    TIMESTAMP_AHEAD,
    -1021,
    "Timestamp for this request was 1000ms ahead of the server's time.",
    400
);
error_code!(
    BAD_SIGNATURE,
    -1022,
    "Signature for this request is not valid.",
    400
);
error_code!(
    ILLEGAL_CHARS,
    -1100,
    "Illegal characters found in parameter '%s'; legal range is '%s'.",
    400
);
error_code!(
    DUPLICATE_PARAM,
    -1101,
    "Duplicate values for a parameter detected.",
    400
);
error_code!(
    MANDATORY_PARAM,
    -1102,
    "Mandatory parameter '%s' was not sent, was empty/null, or malformed.",
    400
);
error_code!(
    EITHER_PARAM,
    -1102,
    "Param '%s' or '%s' must be sent, but both were empty/null!",
    400
);
error_code!(PARAM_EMPTY, -1105, "Parameter '%s' was empty.", 400);
error_code!(INVALID_SYMBOL, -1121, "Invalid symbol.", 400);
// -2014 / -2015 status 401: -2015 seen with 401; -2014 UNCONFIRMED (binance.md §1 table).
error_code!(
    API_KEY_FORMAT_INVALID,
    -2014,
    "API-key format invalid.",
    401
);
error_code!(
    INVALID_API_KEY_IP_OR_PERMISSIONS,
    -2015,
    "Invalid API-key, IP, or permissions for action.",
    401
);
error_code!(
    INSUFFICIENT_BALANCE,
    -5002,
    "You have insufficient balance.",
    400
);
error_code!(NO_SUCH_ASSET, -5003, "You don't have this asset.", 400);
error_code!(
    DUST_OVER_THRESHOLD,
    -5004,
    "The residual balances of %s have exceeded 0.001BTC, Please re-choose.",
    400
);
error_code!(
    AMOUNT_OVER_ZERO,
    -5007,
    "Quantity must be greater than zero.",
    400
);
// The dust cooldown (binance.md §3.4): the only documented code is -5006 with the 24 h
// wording although the policy is 6 h; that the live API says exactly this is UNCONFIRMED.
error_code!(DUST_COOLDOWN, -5006, "Only transfer once in 24 hours.", 400);

/// The fee rate of Small Asset Convert (binance.md §3.4, `dribbletPercentage`).
pub const DUST_FEE_RATE: &str = "0.02";
/// Decimal places of the dust amounts (fee rounded to nearest, binance.md §3.1).
pub const DUST_DECIMALS: u32 = 8;
/// The dust log keeps the last 100 records (binance.md §3.3).
pub const DUST_LOG_MAX_RECORDS: usize = 100;
/// Default dust cooldown (binance.md §3.4: once every 6 hours).
pub const DEFAULT_DUST_COOLDOWN: Duration = Duration::from_secs(6 * 3600);

/// The `validTime` values of `/sapi/v1/convert/getQuote`, shortest first (binance.md §4.3:
/// 10s (default), 30s, 1m; the 2m of a legacy docstring is UNCONFIRMED and not used).
pub const CONVERT_QUOTE_VALIDITIES: [(Duration, &str); 3] = [
    (Duration::from_secs(10), "10s"),
    (Duration::from_secs(30), "30s"),
    (Duration::from_secs(60), "1m"),
];

/// The `validTime` to ask for: the longest not longer than `wanted`, or the shortest.
pub fn quote_validity(wanted: Duration) -> &'static str {
    let [shortest, ..] = CONVERT_QUOTE_VALIDITIES;
    CONVERT_QUOTE_VALIDITIES
        .iter()
        .rev()
        .find(|(d, _)| *d <= wanted)
        .unwrap_or(&shortest)
        .1
}

/// Convert order states (binance.md §4.4–4.5): accepted, not final.
pub const CONVERT_STATE_PROCESS: &str = "PROCESS";
/// Accepted, not final.
pub const CONVERT_STATE_ACCEPT_SUCCESS: &str = "ACCEPT_SUCCESS";
/// Done.
pub const CONVERT_STATE_SUCCESS: &str = "SUCCESS";
/// Failed.
pub const CONVERT_STATE_FAIL: &str = "FAIL";

/// `tradeFlow`'s largest span (binance.md §4.6).
pub const TRADE_FLOW_MAX_SPAN: Duration = Duration::from_secs(30 * 24 * 3600);

// Constants added for the simulator (binance.md §1 error table and spot errors.md).
error_code!(
    INTERNAL_ERROR,
    -1001,
    "Internal error; unable to process your request. Please try again.",
    503
);
// Unknown path or method: the SAPI catch-all (binance.md §1 table); status 404 chosen.
error_code!(
    NOT_FOUND,
    -1099,
    "Not found, authenticated, or authorized",
    404
);
error_code!(
    PARAM_COMBINATION_INVALID,
    -1128,
    "Combination of optional parameters invalid.",
    400
);

/// `GET /api/v3/ticker/24hr` (NONE): not used by the bot, served by the simulator because
/// standard clients (ccxt's `fetch_ticker`/`fetch_tickers`) read prices from it. Weight
/// per binance-spot-api-docs rest-api.md "24hr ticker price change statistics": 2 with
/// `symbol`; with `symbols` 2 for 1–20, 40 for 21–100, 80 for 101 or more; 80 with neither.
pub const TICKER_24HR_PATH: &str = "/api/v3/ticker/24hr";
/// Weight of a `ticker/24hr` request for one symbol, or for `symbols` listing 1–20.
pub const TICKER_24HR_WEIGHT_SINGLE: u32 = 2;
/// Weight of a `ticker/24hr` request whose `symbols` lists 21–100 symbols.
pub const TICKER_24HR_WEIGHT_UP_TO_100: u32 = 40;
/// Weight of a `ticker/24hr` request for every symbol, or for 101 or more.
pub const TICKER_24HR_WEIGHT_ALL: u32 = 80;

// `-2008 Invalid Api-Key ID.` on unknown keys on some /sapi routes (binance.md §1 table,
// binance-signature-examples#17); HTTP status UNCONFIRMED, 401 chosen. The simulator answers
// unknown keys with -2015 and never emits it; the client treats it as a key error.
error_code!(INVALID_API_KEY_ID, -2008, "Invalid Api-Key ID.", 401);

// Spot orders: paths, weights, codes and messages from Binance spot REST docs (new order /
// query order): binance-spot-api-docs rest-api.md "New order (TRADE)" and "Query order
// (USER_DATA)", errors.md. One constant each, shared by the client and the simulator.
endpoint!(NEW_ORDER, "POST", "/api/v3/order", 1, ApiIp, true);
endpoint!(QUERY_ORDER, "GET", "/api/v3/order", 4, ApiIp, true);
/// A new order also counts 1 on the ORDERS limiter (Binance spot REST docs, new order).
pub const NEW_ORDER_ORDERS_COUNT: u32 = 1;
/// `newClientOrderId` / `origClientOrderId` legal range (Binance spot REST docs, new order).
pub const CLIENT_ORDER_ID_RANGE: &str = "^[a-zA-Z0-9-_]{1,36}$";
/// Longest client order id (Binance spot REST docs, new order).
pub const CLIENT_ORDER_ID_MAX_LEN: usize = 36;
/// `side` of a sell (Binance spot REST docs, new order).
pub const ORDER_SIDE_SELL: &str = "SELL";
/// `type` of a market order (Binance spot REST docs, new order).
pub const ORDER_TYPE_MARKET: &str = "MARKET";
/// `newOrderRespType` asking for the fills (Binance spot REST docs, new order).
pub const ORDER_RESP_TYPE_FULL: &str = "FULL";
/// `status` of a completely filled order (Binance spot REST docs, enums).
pub const ORDER_STATUS_FILLED: &str = "FILLED";
error_code!(FILTER_LOT_SIZE, -1013, "Filter failure: LOT_SIZE", 400);
error_code!(FILTER_NOTIONAL, -1013, "Filter failure: NOTIONAL", 400);
// A symbol that is not TRADING: errors.md lists "Market is closed." among the matching
// engine's -2010 NEW_ORDER_REJECTED messages.
error_code!(MARKET_CLOSED, -2010, "Market is closed.", 400);
error_code!(INVALID_ORDER_TYPE, -1116, "Invalid orderType.", 400);
error_code!(INVALID_SIDE, -1117, "Invalid side.", 400);
error_code!(DUPLICATE_ORDER, -2010, "Duplicate order sent.", 400);
error_code!(
    ORDER_INSUFFICIENT_BALANCE,
    -2010,
    "Account has insufficient balance for requested action.",
    400
);
error_code!(ORDER_DOES_NOT_EXIST, -2013, "Order does not exist.", 400);

// Symbol `status` values (binance-spot-api-docs enums.md "Symbol status", snapshot a5e0bc3d):
// TRADING, END_OF_DAY, HALT, BREAK, CANCEL_ONLY. PRE_TRADING, POST_TRADING and AUCTION_MATCH
// were removed (CHANGELOG, SBE schema 3:0). A value not listed here is read as "not tradable".
/// The symbol trades.
pub const SYMBOL_STATUS_TRADING: &str = "TRADING";
/// The market is closed for the day.
pub const SYMBOL_STATUS_END_OF_DAY: &str = "END_OF_DAY";
/// Trading is halted.
pub const SYMBOL_STATUS_HALT: &str = "HALT";
/// Trading is broken off (delisted, or not opened yet).
pub const SYMBOL_STATUS_BREAK: &str = "BREAK";
/// Only cancellations are accepted (added 2026-07 per the CHANGELOG).
pub const SYMBOL_STATUS_CANCEL_ONLY: &str = "CANCEL_ONLY";

// Spot Convert quote quotas (issue 15 point 7; binance.md §2 and §4.3). The codes 345103
// (hourly quote quota) and 345239 (daily quote quota) are Binance's; Convert error codes are
// POSITIVE in the JSON body (a captured `{"code":345214,"msg":"Placing a limit order has
// failed..."}` from /sapi/v1/convert), unlike the spot list. Their messages and HTTP status
// are UNCONFIRMED: the messages below are ours, 400 like every other caller error.
error_code!(
    CONVERT_HOURLY_QUOTE_QUOTA,
    345103,
    "Your hourly quotation limit is reached. Please try again later.",
    400
);
error_code!(
    CONVERT_DAILY_QUOTE_QUOTA,
    345239,
    "Your daily quotation limit is reached. Please try again tomorrow.",
    400
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wanted_quote_validity_maps_to_the_longest_documented_one_not_longer() {
        let s = Duration::from_secs;
        for (wanted, sent) in [
            (s(0), "10s"),
            (s(9), "10s"),
            (s(10), "10s"),
            (s(29), "10s"),
            (s(30), "30s"),
            (s(59), "30s"),
            (s(60), "1m"),
            (s(120), "1m"),
        ] {
            assert_eq!(quote_validity(wanted), sent, "{wanted:?}");
        }
    }
}
