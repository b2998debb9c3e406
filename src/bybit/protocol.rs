//! Bybit v5 wire facts (shared/exchange/bybit.md), shared by the client and the simulator.
//! Only documented facts live here; choices where bybit.md says UNCONFIRMED are in
//! [`super::assumptions`].

/// The key header (bybit.md §1).
pub const HEADER_API_KEY: &str = "X-BAPI-API-KEY";
/// The request time in ms (bybit.md §1).
pub const HEADER_TIMESTAMP: &str = "X-BAPI-TIMESTAMP";
/// Lowercase hex HMAC-SHA256 (bybit.md §1).
pub const HEADER_SIGN: &str = "X-BAPI-SIGN";
/// The receive window in ms (bybit.md §1).
pub const HEADER_RECV_WINDOW: &str = "X-BAPI-RECV-WINDOW";
/// Requests left for this endpoint in its window (bybit.md §2).
pub const HEADER_LIMIT_STATUS: &str = "X-Bapi-Limit-Status";
/// The endpoint's limit (bybit.md §2).
pub const HEADER_LIMIT: &str = "X-Bapi-Limit";
/// When the limit resets, ms; "otherwise the current timestamp" (bybit.md §2).
pub const HEADER_LIMIT_RESET: &str = "X-Bapi-Limit-Reset-Timestamp";

/// The per-UID API limit's window (bybit.md §2: "rolling 1-second window").
pub const UID_WINDOW_MS: i64 = 1_000;
/// The IP limit: 600 requests per 5 s window; over it, HTTP 403 and a ban of "at least 10
/// minutes" (bybit.md §2).
pub const IP_LIMIT: u32 = 600;
/// The IP limit's window.
pub const IP_WINDOW_MS: i64 = 5_000;
/// How long to keep away after a 403 (bybit.md §2: "wait for at least 10 minutes").
pub const IP_BAN_MS: i64 = 600_000;

/// One endpoint: method, path, whether it is signed, its per-UID limit per second (bybit.md
/// §2 table; 0 for public endpoints, which only the IP limit counts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// Path, e.g. `/v5/account/wallet-balance`.
    pub path: &'static str,
    /// Needs the four auth headers.
    pub signed: bool,
    /// Requests per UID per second.
    pub per_second: u32,
}

const fn public(method: &'static str, path: &'static str) -> Endpoint {
    Endpoint {
        method,
        path,
        signed: false,
        per_second: 0,
    }
}

const fn signed(method: &'static str, path: &'static str, per_second: u32) -> Endpoint {
    Endpoint {
        method,
        path,
        signed: true,
        per_second,
    }
}

/// `GET /v5/market/time` (bybit.md §4).
pub const TIME: Endpoint = public("GET", "/v5/market/time");
/// `GET /v5/market/instruments-info` (bybit.md §4).
pub const INSTRUMENTS: Endpoint = public("GET", "/v5/market/instruments-info");
/// `GET /v5/market/tickers` (bybit.md §4).
pub const TICKERS: Endpoint = public("GET", "/v5/market/tickers");
/// `GET /v5/account/wallet-balance` (bybit.md §2: 50/s).
pub const WALLET_BALANCE: Endpoint = signed("GET", "/v5/account/wallet-balance", 50);
/// `GET /v5/account/info` (asked by ccxt, bybit.md §5; not in the table: 50/s served).
pub const ACCOUNT_INFO: Endpoint = signed("GET", "/v5/account/info", 50);
/// `GET /v5/user/query-api` (bybit.md §2: 10/s).
pub const QUERY_API: Endpoint = signed("GET", "/v5/user/query-api", 10);
/// `GET /v5/asset/coin/query-info` (asked by ccxt's load_markets, bybit.md §9; not in the
/// table: 5/s served).
pub const COIN_INFO: Endpoint = signed("GET", "/v5/asset/coin/query-info", 5);
/// `POST /v5/order/create` (bybit.md §2: spot 20/s).
pub const ORDER_CREATE: Endpoint = signed("POST", "/v5/order/create", 20);
/// `GET /v5/order/realtime` (bybit.md §2: 50/s).
pub const ORDER_REALTIME: Endpoint = signed("GET", "/v5/order/realtime", 50);
/// `GET /v5/asset/covert/small-balance-list` (sic, bybit.md §6.1: 10/s).
pub const SMALL_BALANCE_LIST: Endpoint = signed("GET", "/v5/asset/covert/small-balance-list", 10);
/// `POST /v5/asset/covert/get-quote` (bybit.md §6.2: 5/s).
pub const SMALL_BALANCE_QUOTE: Endpoint = signed("POST", "/v5/asset/covert/get-quote", 5);
/// `POST /v5/asset/covert/small-balance-execute` (bybit.md §6.3: 5/s).
pub const SMALL_BALANCE_EXECUTE: Endpoint =
    signed("POST", "/v5/asset/covert/small-balance-execute", 5);
/// `GET /v5/asset/covert/small-balance-history` (bybit.md §6.4: the table's 5/s, the
/// stricter of the two figures).
pub const SMALL_BALANCE_HISTORY: Endpoint =
    signed("GET", "/v5/asset/covert/small-balance-history", 5);

/// The account type of every small-balance request (bybit.md §6: Unified wallet only).
pub const CONVERT_ACCOUNT_UTA: &str = "eb_convert_uta";
/// The wallet read for balances (bybit.md §5).
pub const ACCOUNT_UNIFIED: &str = "UNIFIED";
/// The spot category (bybit.md §4, §8).
pub const CATEGORY_SPOT: &str = "spot";

/// Small-balance targets (bybit.md §6.2, `supportToCoins`), the default first.
pub const SMALL_BALANCE_TARGETS: [&str; 3] = ["MNT", "USDT", "USDC"];
/// A coin is listed only while worth less than this many USDT (bybit.md §6.1).
pub const SMALL_BALANCE_MAX_COIN_USDT: &str = "10";
/// The least one conversion may total, in USDT (bybit.md §6.1).
pub const SMALL_BALANCE_MIN_TOTAL_USDT: &str = "0.00000001";
/// The most one conversion may total, in USDT (bybit.md §6.1).
pub const SMALL_BALANCE_MAX_TOTAL_USDT: &str = "200";
/// `supportConvert` of a coin that converts (bybit.md §6.1; 2 = not supported).
pub const SUPPORT_CONVERT_YES: i64 = 1;
/// `supportConvert` of a coin that does not.
pub const SUPPORT_CONVERT_NO: i64 = 2;

/// Execution states (bybit.md §6.3).
pub const STATUS_INIT: &str = "init";
/// Still running.
pub const STATUS_PROCESSING: &str = "processing";
/// Done.
pub const STATUS_SUCCESS: &str = "success";
/// Nothing converted.
pub const STATUS_FAILURE: &str = "failure";
/// Some coins converted, others not.
pub const STATUS_PARTIAL: &str = "partial_fulfillment";

/// The history's largest page (bybit.md §6.4: "max 100").
pub const HISTORY_MAX_SIZE: u32 = 100;

/// Spot statuses (bybit.md §4: `Trading`; enum.mdx also `PreLaunch`, `Delivering`, `Closed`).
pub const SYMBOL_TRADING: &str = "Trading";

/// Order fields as sent (bybit.md §8).
pub const SIDE_SELL: &str = "Sell";
/// A market order.
pub const ORDER_MARKET: &str = "Market";
/// A market sell's quantity in base units.
pub const MARKET_UNIT_BASE: &str = "baseCoin";
/// orderLinkId's length limit (bybit.md §8: "A max of 36 characters").
pub const ORDER_LINK_ID_MAX_LEN: usize = 36;

/// Order statuses (bybit.md §8).
pub const ORDER_NEW: &str = "New";
/// Partly filled, still open.
pub const ORDER_PARTIALLY_FILLED: &str = "PartiallyFilled";
/// Filled.
pub const ORDER_FILLED: &str = "Filled";
/// Partly filled, the rest canceled (spot only).
pub const ORDER_PARTIALLY_FILLED_CANCELED: &str = "PartiallyFilledCanceled";
/// Canceled.
pub const ORDER_CANCELLED: &str = "Cancelled";
/// Rejected.
pub const ORDER_REJECTED: &str = "Rejected";

/// A documented retCode with its text (bybit.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetCode {
    /// The code.
    pub code: i64,
    /// The docs' text.
    pub msg: &'static str,
}

const fn rc(code: i64, msg: &'static str) -> RetCode {
    RetCode { code, msg }
}

/// 10001.
pub const PARAM_ERROR: RetCode = rc(10001, "Request parameter error");
/// 10002: outside `server_time - recv_window <= timestamp < server_time + 1000`.
pub const TIME_WINDOW: RetCode = rc(10002, "The request time exceeds the time window range.");
/// 10003.
pub const INVALID_KEY: RetCode = rc(
    10003,
    "API key is invalid. Check whether the key and domain are matched, there are 4 env: mainnet, testnet, mainnet-demo, testnet-demo",
);
/// 10004.
pub const BAD_SIGN: RetCode = rc(
    10004,
    "Error sign, please check your signature generation algorithm.",
);
/// 10005.
pub const PERMISSION_DENIED: RetCode = rc(
    10005,
    "Permission denied, please check your API key permissions.",
);
/// 10006 (the rate-limit page's text).
pub const TOO_MANY_VISITS: RetCode = rc(10006, "Too many visits!");
/// 10007.
pub const AUTH_FAILED: RetCode = rc(10007, "User authentication failed.");
/// 10008.
pub const COMMON_BANNED: RetCode = rc(10008, "Common banned, please check your account mode");
/// 10009.
pub const REGION_RESTRICTED: RetCode = rc(
    10009,
    "Service Restricted: Access is currently unavailable for your region.",
);
/// 10010.
pub const UNMATCHED_IP: RetCode = rc(
    10010,
    "Unmatched IP, please check your API key's bound IP addresses.",
);
/// 10016.
pub const SERVER_ERROR: RetCode = rc(10016, "Server error.");
/// 10018 (struck through in the docs).
pub const IP_RATE_LIMIT: RetCode = rc(10018, "Exceeded the IP Rate Limit.");
/// 10028.
pub const UNIFIED_ONLY: RetCode = rc(
    10028,
    "The API can only be accessed by unified account users.",
);
/// 170121.
pub const INVALID_SYMBOL: RetCode = rc(170121, "Invalid symbol.");
/// 170130.
pub const PARAM_NOT_VALID: RetCode = rc(170130, "Data sent for paramter '%s' is not valid.");
/// 170131.
pub const BALANCE_INSUFFICIENT: RetCode = rc(170131, "Balance insufficient");
/// 170136.
pub const QTY_BELOW_MIN: RetCode = rc(170136, "Order quantity lower than the minimum.");
/// 170137.
pub const QTY_DECIMALS: RetCode = rc(170137, "Order volume decimal too long");
/// 170140.
pub const VALUE_BELOW_MIN: RetCode = rc(170140, "Order value exceeded lower limit");
/// 170141.
pub const DUPLICATE_CLIENT_ORDER_ID: RetCode = rc(170141, "Duplicate clientOrderId");
/// 170157.
pub const NOT_API_TRADABLE: RetCode =
    rc(170157, "The trading pair is not available for api trading");
/// 110072.
pub const ORDER_LINK_ID_DUPLICATE: RetCode = rc(110072, "OrderLinkedID is duplicate");

/// Convert Small Balances errors (bybit.md §3 "Convert Small Balances").
pub const CONVERT_SYSTEM_ERROR: RetCode = rc(790000, "system error. please try again later");
/// 700000.
pub const CONVERT_PARAMS_ERROR: RetCode = rc(700000, "params error");
/// 700001.
pub const CONVERT_NO_DEALER: RetCode = rc(700001, "quote fail:no dealer can used");
/// 700004.
pub const CONVERT_ORDER_NOT_EXIST: RetCode = rc(700004, "order not exist");
/// 700005.
pub const CONVERT_INSUFFICIENT: RetCode = rc(
    700005,
    "Your Available Balance is insufficient or your wallet not exist",
);
/// 700006.
pub const CONVERT_LOW_AMOUNT: RetCode = rc(700006, "Low amount limit");
/// 700007.
pub const CONVERT_LARGE_AMOUNT: RetCode = rc(700007, "Large amount limit");
/// 700008.
pub const CONVERT_PRICE_TIMEOUT: RetCode = rc(700008, "quote fail: price time out");
/// 700009.
pub const CONVERT_QUOTE_USED: RetCode = rc(700009, "quoteTxId has already been used");
/// 700013.
pub const CONVERT_COIN_UNSUPPORTED: RetCode =
    rc(700013, "the current coin does not support convert");
/// 700021.
pub const CONVERT_PROCESSING: RetCode = rc(
    700021,
    "exist processing exchange order, please try again later",
);

/// Codes that mean "fix the key": never retried, the user is told (bybit.md §3, ccxt's
/// AuthenticationError / PermissionDenied classes). The client signs the bytes it sends, so
/// a refused signature means the secret does not belong to the key.
pub const AUTH_CODES: &[i64] = &[
    INVALID_KEY.code,
    BAD_SIGN.code,
    PERMISSION_DENIED.code,
    AUTH_FAILED.code,
    REGION_RESTRICTED.code,
    UNMATCHED_IP.code,
    UNIFIED_ONLY.code,
];
/// Codes that mean "too many requests" (bybit.md §3: ccxt's RateLimitExceeded).
pub const RATE_LIMIT_CODES: &[i64] = &[TOO_MANY_VISITS.code, IP_RATE_LIMIT.code];
/// Codes of a failure on Bybit's side: for a money call the outcome is unknown.
pub const SERVER_CODES: &[i64] = &[SERVER_ERROR.code, CONVERT_SYSTEM_ERROR.code];
