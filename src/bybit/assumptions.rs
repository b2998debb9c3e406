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
