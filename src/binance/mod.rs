//! The Binance REST adapter.

pub mod protocol;
