//! The Binance-compatible simulated exchange.
