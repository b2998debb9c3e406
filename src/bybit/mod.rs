//! The Bybit v5 REST adapter (shared/exchange/bybit.md). So far: the request signer and the
//! choices where bybit.md leaves a fact UNCONFIRMED; the client and simulator share both.

/// Our choices where bybit.md leaves a fact UNCONFIRMED, each with its reason.
pub mod assumptions;
pub mod sign;
