//! Our assumptions about MEXC: every choice made where shared/exchange/mexc.md marks a fact
//! UNCONFIRMED, each with its reason and the section it rests on. The documented facts are
//! in [`super::protocol`]. The simulator answers with these choices; the client reads them
//! only where being wrong is harmless: no decision that moves or settles money rests on a
//! value here alone (a dust transfer whose answer is lost is settled from the dust log, a
//! market sell from the order query).

use std::time::Duration;

use super::protocol::ErrorCode;

/// Which HTTP status comes with each JSON error code is UNCONFIRMED (mexc.md §2: "no source
/// gives it"; ccxt maps by the body). Choice: every `{code,msg}` refusal is a 400; the client
/// classifies by the body's code, never by this status.
pub const ERROR_HTTP_STATUS: u16 = 400;

/// An API key the exchange does not know: the code is UNCONFIRMED (mexc.md §2 lists 700001
/// "API-key format invalid" and ccxt's comment that 700002 also covers expired keys).
/// Choice: 700001. The client treats both as "fix the key".
pub const UNKNOWN_API_KEY: ErrorCode = super::protocol::API_KEY_FORMAT_INVALID;

/// The dust fee rate is UNCONFIRMED: three sources give 0.2 %, 1 % and 2 % (mexc.md §6.4).
/// Choice: 2 %, the rate of the DustLog example. The simulator charges it; the client shows
/// it only as the expected rate of a preview, and reports the fee each answer states.
pub const DUST_FEE_RATE: &str = "0.02";

/// Each asset must be worth less than this many USDT to be converted (mexc.md §6.4, MEXC
/// Learn article; not in the API docs).
pub const DUST_ASSET_MAX_USDT: &str = "5";

/// The most one conversion may convert in total, in USDT (mexc.md §6.4, Learn article).
pub const DUST_TX_MAX_USDT: &str = "50";

/// Conversions allowed per rolling 24 hours (mexc.md §6.4, Learn article); whether API calls
/// share the app's counter is UNCONFIRMED. Choice: they do; the simulator refuses the 11th.
pub const DUST_MAX_PER_24H: usize = 10;

/// The rolling window of [`DUST_MAX_PER_24H`].
pub const DUST_COUNT_WINDOW: Duration = Duration::from_secs(24 * 3600);

/// The refusal of a dust transfer naming more than 15 assets: UNCONFIRMED (mexc.md §6.2).
/// Choice: 33333 "param is error", as mexc.md recommends. The client never sends such a
/// request (it refuses before sending).
pub const DUST_TOO_MANY_ASSETS: ErrorCode = super::protocol::PARAM_ERROR;

/// The refusal once [`DUST_MAX_PER_24H`] conversions were made: UNCONFIRMED (mexc.md §6.4).
/// Choice: 26 "operation not allowed".
pub const DUST_DAILY_LIMIT: ErrorCode = super::protocol::OPERATION_NOT_ALLOWED;

/// The per-asset code of a `failedList` entry and of a non-convertible row of the list:
/// UNCONFIRMED (mexc.md §6.1–6.2 show only `"30021"` in the list example, with no meaning).
/// Choice: "30021" for every per-asset refusal, the message telling why.
pub const DUST_ASSET_REFUSED_CODE: &str = "30021";

/// How a convertible row of `/capital/convert/list` is told from one that is not: UNCONFIRMED
/// (mexc.md §6.1: what a convertible row carries in `code` is unknown). Choice: a row is
/// convertible iff its `code` is absent, null, empty, "0" or "200". The simulator omits it.
/// Only the preview rests on it: the transfer's own `failedList` says what was refused.
pub const DUST_LIST_OK_CODES: &[&str] = &["", "0", "200"];

/// Whether a failed dust transfer lands per asset in `failedList` (partial success) rather
/// than failing the whole call: UNCONFIRMED (mexc.md §6.2; the shape suggests per asset).
/// Choice: per asset. The client reads whichever comes: a refusal or the two lists.
pub const DUST_PARTIAL_SUCCESS: bool = true;

/// The dust log has no batch id, only per-detail `id`s (mexc.md §6.3). Choice: a batch is
/// named by the `id` of its first detail as listed, in the port's `batch_id`. The simulator
/// lists details in the order the assets were sent.
pub const DUST_BATCH_ID_IS_FIRST_DETAIL_ID: bool = true;

/// Whether the dust log's `convert`/`totalConvert` are net of the fee, as the dust transfer's
/// `totalConvert` is documented to be ("Deducted commission fee", mexc.md §6.2): UNCONFIRMED
/// for the log (§6.3 says only "Convert mx"). Choice: net, the same words on both.
pub const DUST_LOG_CONVERT_IS_NET: bool = true;

/// The dust log's order: UNCONFIRMED (mexc.md §6.3). Choice: newest first. The client reads
/// every page it asks for and sorts, so nothing rests on it.
pub const DUST_LOG_NEWEST_FIRST: bool = true;

/// The exact check of a MARKET sell is UNCONFIRMED (mexc.md §4): choice, quantity ≥
/// `baseSizePrecision` and quantity × last price ≥ `quoteAmountPrecisionMarket`; the
/// simulator refuses with 30002 otherwise.
pub const MARKET_SELL_MIN_CHECK: bool = true;

/// What `GET /api/v3/order` answers for an order id it does not know: UNCONFIRMED (mexc.md
/// §2 lists -2011 "Unknown order sent" without saying when). Choice: -2011. The client reads
/// it as "no such order", so only a sell whose POST was refused or never sent can be
/// settled by it; the simulator lists every order it accepted at once.
pub const ORDER_NOT_FOUND: ErrorCode = super::protocol::UNKNOWN_ORDER;

/// `newClientOrderId`'s rules are UNCONFIRMED (mexc.md §7). Choice: Binance's pattern
/// `^[a-zA-Z0-9-_]{1,36}$`, a safe subset to generate; the simulator refuses others with
/// 33333 and a reused id with [`DUPLICATE_CLIENT_ORDER_ID`].
pub const CLIENT_ORDER_ID_MAX_LEN: usize = 36;

/// A reused `newClientOrderId`: UNCONFIRMED (mexc.md §7). Choice: 26 "operation not allowed"
/// with this message; the client reports it as a duplicate.
pub const DUPLICATE_CLIENT_ORDER_ID: ErrorCode = ErrorCode {
    code: 26,
    msg: "Duplicate order sent.",
};

/// A market sell that cannot fill completely: UNCONFIRMED (mexc.md §7). Choice: it ends
/// `PARTIALLY_CANCELED` with what filled.
pub const MARKET_REST_CANCELED_STATUS: &str = "PARTIALLY_CANCELED";

/// The taker commission on a market order: the docs' example gives `takerCommission`
/// "0.002"; what MEXC charges a given account is not documented. Choice: the simulator
/// charges 0.2 % of the quote received; the client reports what the answers say.
pub const TAKER_COMMISSION: &str = "0.002";

/// A key's withdrawal permission and IP binding cannot be read: no endpoint returns the
/// calling key's own permissions (mexc.md §5), and whether `canWithdraw` of `/account`
/// reflects the key is UNCONFIRMED. Choice: the account's `canWithdraw` is reported as the
/// key's (the safe side: dustpan refuses keys that can withdraw), and the IP binding as
/// unknown = not restricted.
pub const WITHDRAW_FROM_ACCOUNT_FLAG: bool = true;

/// The symbol of the write-permission probe (`POST /api/v3/order/test`, mexc.md §5): a limit
/// buy far below any price, never executed ("does not send it into the matching engine").
pub const PROBE_SYMBOL: &str = "MXUSDT";
