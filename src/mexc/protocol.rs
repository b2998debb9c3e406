//! MEXC spot v3 wire facts (shared/exchange/mexc.md), shared by the client and the
//! simulator. Only documented facts live here; choices where mexc.md says UNCONFIRMED are in
//! [`super::assumptions`].

/// The API-key header (mexc.md §1).
pub const HEADER_API_KEY: &str = "X-MEXC-APIKEY";
/// Sent with 418/429 answers, in seconds (mexc.md §3).
pub const HEADER_RETRY_AFTER: &str = "Retry-After";

/// `recvWindow` when none is sent (mexc.md §1).
pub const DEFAULT_RECV_WINDOW_MS: u64 = 5_000;
/// The largest `recvWindow` accepted (mexc.md §1, error 700005).
pub const MAX_RECV_WINDOW_MS: u64 = 60_000;
/// A timestamp may run ahead of the server's clock by less than this (mexc.md §1).
pub const TIMESTAMP_AHEAD_MS: i64 = 1_000;

/// Each endpoint's independent budget: 500 weight per 10 seconds, per IP for public
/// endpoints and per account for keyed ones (mexc.md §3).
pub const ENDPOINT_WEIGHT_LIMIT: u32 = 500;
/// The window of that budget.
pub const WEIGHT_WINDOW_MS: i64 = 10_000;

/// Whom an endpoint's budget counts (mexc.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitKind {
    /// Public endpoints: per IP.
    Ip,
    /// Endpoints that need a key: per account (UID).
    Uid,
}

/// One endpoint: method, path, weight (mexc.md §3 table), whether it is SIGNED.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// Path, e.g. `/api/v3/account`.
    pub path: &'static str,
    /// Weight against the endpoint's budget.
    pub weight: u32,
    /// Whom the budget counts.
    pub limit: LimitKind,
    /// Needs the key header, `timestamp` and `signature`.
    pub signed: bool,
}

const fn public(method: &'static str, path: &'static str, weight: u32) -> Endpoint {
    Endpoint {
        method,
        path,
        weight,
        limit: LimitKind::Ip,
        signed: false,
    }
}

const fn signed(method: &'static str, path: &'static str, weight: u32) -> Endpoint {
    Endpoint {
        method,
        path,
        weight,
        limit: LimitKind::Uid,
        signed: true,
    }
}

/// `GET /api/v3/ping` (mexc.md §3).
pub const PING: Endpoint = public("GET", "/api/v3/ping", 1);
/// `GET /api/v3/time` (mexc.md §4).
pub const TIME: Endpoint = public("GET", "/api/v3/time", 1);
/// `GET /api/v3/exchangeInfo` (mexc.md §4).
pub const EXCHANGE_INFO: Endpoint = public("GET", "/api/v3/exchangeInfo", 10);
/// `GET /api/v3/defaultSymbols` (mexc.md §4).
pub const DEFAULT_SYMBOLS: Endpoint = public("GET", "/api/v3/defaultSymbols", 1);
/// `GET /api/v3/ticker/price` without `symbol`: weight 2 (1 with one symbol, mexc.md §3).
pub const TICKER_PRICE: Endpoint = public("GET", "/api/v3/ticker/price", 2);
/// `GET /api/v3/ticker/24hr` without `symbol`: weight 40 (1 with one symbol, mexc.md §3).
pub const TICKER_24HR: Endpoint = public("GET", "/api/v3/ticker/24hr", 40);
/// `GET /api/v3/account` (mexc.md §5).
pub const ACCOUNT: Endpoint = signed("GET", "/api/v3/account", 10);
/// `GET /api/v3/selfSymbols` (mexc.md §4).
pub const SELF_SYMBOLS: Endpoint = signed("GET", "/api/v3/selfSymbols", 1);
/// `GET /api/v3/capital/convert/list`: assets convertible to MX (mexc.md §6.1).
pub const DUST_LIST: Endpoint = signed("GET", "/api/v3/capital/convert/list", 1);
/// `POST /api/v3/capital/convert`: dust transfer to MX (mexc.md §6.2).
pub const DUST_CONVERT: Endpoint = signed("POST", "/api/v3/capital/convert", 10);
/// `GET /api/v3/capital/convert`: the dust log (mexc.md §6.3).
pub const DUST_LOG: Endpoint = signed("GET", "/api/v3/capital/convert", 1);
/// `POST /api/v3/order` (mexc.md §7).
pub const NEW_ORDER: Endpoint = signed("POST", "/api/v3/order", 1);
/// `POST /api/v3/order/test`: validates an order without sending it to the engine (§5, §7).
pub const TEST_ORDER: Endpoint = signed("POST", "/api/v3/order/test", 1);
/// `GET /api/v3/order` (mexc.md §7).
pub const QUERY_ORDER: Endpoint = signed("GET", "/api/v3/order", 2);
/// `GET /api/v3/capital/config/getall`: currencies, asked by ccxt's load_markets (§8).
pub const CAPITAL_CONFIG: Endpoint = signed("GET", "/api/v3/capital/config/getall", 10);
/// `GET /api/v1/contract/detail`: futures markets, asked by ccxt's load_markets (§8). The
/// docs give it no weight here; 1 is counted.
pub const CONTRACT_DETAIL: Endpoint = public("GET", "/api/v1/contract/detail", 1);

/// The weight of `ticker/price` or `ticker/24hr` asked for one symbol (mexc.md §3).
pub const TICKER_WEIGHT_SINGLE: u32 = 1;

/// The dust log's largest page (mexc.md §6.3: "max 1000").
pub const DUST_LOG_MAX_LIMIT: u32 = 1_000;

/// The asset dust converts to; there is no target parameter (mexc.md §6).
pub const DUST_TARGET: &str = "MX";
/// Assets one dust transfer may name (mexc.md §6.2 "max 15", §6.4).
pub const DUST_MAX_ASSETS: usize = 15;

/// Order sides and types as sent (mexc.md §7).
pub const SIDE_SELL: &str = "SELL";
/// Buy side.
pub const SIDE_BUY: &str = "BUY";
/// A market order.
pub const TYPE_MARKET: &str = "MARKET";
/// A limit order.
pub const TYPE_LIMIT: &str = "LIMIT";

/// exchangeInfo `status` values (mexc.md §4 table: 1 online, 2 pause, 3 offline).
pub const SYMBOL_ONLINE: &str = "1";
/// Paused.
pub const SYMBOL_PAUSED: &str = "2";
/// Offline.
pub const SYMBOL_OFFLINE: &str = "3";

/// A documented `{code, msg}` error (mexc.md §2 table). The HTTP status that comes with it
/// is UNCONFIRMED: see [`super::assumptions::ERROR_HTTP_STATUS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorCode {
    /// The code.
    pub code: i64,
    /// The docs' text.
    pub msg: &'static str,
}

const fn err(code: i64, msg: &'static str) -> ErrorCode {
    ErrorCode { code, msg }
}

/// 400: no key sent.
pub const API_KEY_REQUIRED: ErrorCode = err(400, "api key required");
/// 401.
pub const NO_AUTHORITY: ErrorCode = err(401, "No authority");
/// 403.
pub const ACCESS_DENIED: ErrorCode = err(403, "Access Denied");
/// 429: rate limit broken.
pub const TOO_MANY_REQUESTS: ErrorCode = err(429, "Too Many Requests");
/// 602.
pub const SIGNATURE_FAILED: ErrorCode = err(602, "Signature verification failed");
/// 700001.
pub const API_KEY_FORMAT_INVALID: ErrorCode = err(700001, "API-key format invalid.");
/// 700002: bad HMAC (the text of a real answer, mexc.md §2).
pub const BAD_SIGNATURE: ErrorCode = err(700002, "Signature for this request is not valid.");
/// 700003: the time check failed.
pub const TIMESTAMP_OUTSIDE_RECV_WINDOW: ErrorCode = err(
    700003,
    "Timestamp for this request is outside of the recvWindow.",
);
/// 700004: a mandatory parameter is missing (the order ids, or `signature`).
pub const MANDATORY_PARAM: ErrorCode = err(
    700004,
    "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!",
);
/// 700004, the wording reported for a missing signature (mexc.md §2, mexc-api-sdk#87).
pub const SIGNATURE_NOT_SENT: ErrorCode = err(
    700004,
    "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.",
);
/// 700005.
pub const RECV_WINDOW_TOO_LARGE: ErrorCode = err(700005, "recvWindow must less than 60000");
/// 700006: the caller's IP is not on the key's list.
pub const IP_NOT_WHITELISTED: ErrorCode = err(700006, "IP non white list");
/// 700007: the key lacks the endpoint's permission.
pub const NO_PERMISSION: ErrorCode = err(700007, "No permission to access the endpoint.");
/// 700008.
pub const ILLEGAL_CHARS: ErrorCode = err(700008, "Illegal characters found in parameter.");
/// 10001.
pub const USER_NOT_EXIST: ErrorCode = err(10001, "user does not exist");
/// 10007.
pub const BAD_SYMBOL: ErrorCode = err(10007, "bad symbol");
/// 10101.
pub const INSUFFICIENT_BALANCE: ErrorCode = err(10101, "Insufficient balance");
/// 30002: below the symbol's minimum.
pub const BELOW_MIN: ErrorCode = err(
    30002,
    "The minimum transaction volume cannot be less than :",
);
/// 30004.
pub const INSUFFICIENT_POSITION: ErrorCode = err(30004, "Insufficient position");
/// 30005.
pub const OVERSOLD: ErrorCode = err(30005, "Oversold");
/// 30014.
pub const INVALID_SYMBOL: ErrorCode = err(30014, "invalid symbol");
/// 30016.
pub const TRADING_DISABLED: ErrorCode = err(30016, "trading disabled");
/// 30021: also seen per asset in the dust list example (mexc.md §6.1).
pub const INVALID_SYMBOL_30021: ErrorCode = err(30021, "invalid symbol");
/// 33333.
pub const PARAM_ERROR: ErrorCode = err(33333, "param is error");
/// 44444.
pub const PARAM_NULL: ErrorCode = err(44444, "param cannot be null");
/// -2011.
pub const UNKNOWN_ORDER: ErrorCode = err(-2011, "Unknown order sent.");
/// 26.
pub const OPERATION_NOT_ALLOWED: ErrorCode = err(26, "operation not allowed");
/// 70011.
pub const PAIR_USER_BAN: ErrorCode = err(70011, "Pair user ban trade apikey.");

/// Codes that mean "fix the key" (mexc.md §2: ccxt's AuthenticationError/PermissionDenied
/// classes). The client signs the exact bytes it sends, so a refused signature means the
/// secret does not belong to the key.
pub const AUTH_CODES: &[i64] = &[
    API_KEY_REQUIRED.code,
    NO_AUTHORITY.code,
    ACCESS_DENIED.code,
    SIGNATURE_FAILED.code,
    API_KEY_FORMAT_INVALID.code,
    BAD_SIGNATURE.code,
    IP_NOT_WHITELISTED.code,
    NO_PERMISSION.code,
    USER_NOT_EXIST.code,
    PAIR_USER_BAN.code,
];
