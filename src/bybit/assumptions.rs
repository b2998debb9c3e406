//! Choices where bybit.md marks a fact UNCONFIRMED. Client and simulator read these constants;
//! no money decision rests on one alone (an unknown outcome is settled from Bybit's history).

/// Receive window sent in `X-BAPI-RECV-WINDOW` (bybit.md §1: documented default 5000 ms).
pub const RECV_WINDOW_MS: u64 = 5_000;

/// How far ahead of the server a timestamp may be (bybit.md §1 "Time rule": `< server_time + 1000`).
pub const MAX_AHEAD_MS: i64 = 1_000;

/// Coins per small-balance quote (bybit.md §6.5 "coins per quote": at most 20).
pub const MAX_COINS_PER_QUOTE: usize = 20;

/// Quote lifetime in ms (bybit.md §6.5 "quote lifetime": 30 s).
pub const QUOTE_VALIDITY_MS: i64 = 30_000;

/// retCode for an expired small-balance quote. UNCONFIRMED (bybit.md §3: no page ties the
/// codes to the small-balance endpoints); 700008 "quote fail: price time out" is the closest text.
pub const EXPIRED_QUOTE_CODE: i64 = 700_008;

/// retCode for more than 20 coins in one quote. UNCONFIRMED (bybit.md §3); 700000 "params error".
pub const TOO_MANY_COINS_CODE: i64 = 700_000;

/// retCode for a second execute of the same quote. UNCONFIRMED (bybit.md §6.5 "quote reuse").
pub const QUOTE_REUSED_CODE: i64 = 700_009;

/// Which business errors come with HTTP 200 and which with 401 is UNCONFIRMED (bybit.md §1
/// "HTTP status codes"): every retCode error comes with 200, 401 only when the auth headers
/// are missing. The client classifies by retCode whatever the status.
pub const RETCODE_HTTP_STATUS: u16 = 200;

/// The spendable spot balance of a coin is `walletBalance - locked` (bybit.md §5: "my
/// derivation, UNCONFIRMED"). Only shown and used to size sells; conversions are sized by
/// Bybit's own small-balance list.
pub const FREE_IS_WALLET_MINUS_LOCKED: bool = true;

/// The small-balance fee rate shown before a quote: 2 % (bybit.md §6.2: "0.02" in every
/// example, UNCONFIRMED). The quote's own `feeRate` and the history's amounts always win.
pub const SMALL_BALANCE_FEE_RATE: &str = "0.02";

/// No cooldown between two small-balance conversions (bybit.md §6.5: "none documented" for
/// the API; the six hours of the old BIT-target product are not carried over).
pub const SMALL_BALANCE_COOLDOWN: Option<std::time::Duration> = None;

/// A key may convert and sell when it is not read-only and holds `SpotTrade` or the
/// convert permission `ExchangeHistory` (bybit.md §5: treating "Convert" and `Exchange`
/// as the same is a reading of the modify-key page; a missing one surfaces as 10005).
pub const CONVERT_PERMISSION: &str = "ExchangeHistory";

/// An unbound key's `ips` is `["*"]` (bybit.md §5: UNCONFIRMED, likely); `[]` is unbound too.
pub const IPS_UNBOUND: &str = "*";

/// A per-coin failure in a `partial_fulfillment` record carries its own `status`
/// `failure` beside `success` ones (bybit.md §6.4: "my inference from the shape,
/// UNCONFIRMED"). The client reads each sub-record's status.
pub const SUB_RECORD_HAS_STATUS: bool = true;

/// A record's `createdAt` is when the quote was executed, and the history lists records
/// newest first (bybit.md §6.4 does not say the order). The client sorts itself anyway.
pub const HISTORY_NEWEST_FIRST: bool = true;

/// How long after its execution a conversion may stay `processing` before dustpan stops
/// waiting in the reply and reports it later: the docs give no duration (bybit.md §6.3).
pub const EXECUTION_REPLY_WAIT_MS: u64 = 8_000;

/// How often the execution's status is asked while waiting (the history's limit is 5/s,
/// bybit.md §2; one a second leaves room for the others).
pub const EXECUTION_POLL_MS: u64 = 1_000;

/// Bybit's key shapes, used only to tell a key sent on its own from chat: 18 letters and
/// digits for the key, 36 for the secret (bybit.md is silent; these are the lengths of
/// system-generated keys as Bybit's key page shows them). Never a money decision.
pub const KEY_LEN: usize = 18;
/// The secret's length (see [`KEY_LEN`]).
pub const SECRET_LEN: usize = 36;

/// The history's `cursor` is a page number starting at 1 (bybit.md §6.4: "Page number";
/// the first page's number is not stated).
pub const HISTORY_FIRST_PAGE: u32 = 1;

/// Most history pages read per call (pages of [`super::protocol::HISTORY_MAX_SIZE`]).
pub const HISTORY_MAX_PAGES: u32 = 20;
