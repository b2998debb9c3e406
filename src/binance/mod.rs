//! The Binance REST adapter: [`BinanceClient`] implements [`crate::ports::Exchange`].

/// Our choices where Binance's documents leave a fact unconfirmed, each with its reason.
pub mod assumptions;
mod cache;
/// What Binance can do, for the port's capabilities record.
pub mod capabilities;
mod client;
mod credentials;
pub mod dto;
pub mod error;
mod exchange;
pub mod limits;
pub mod map;
pub mod protocol;
pub mod sign;
mod time;

pub use cache::TRANSIENT_FAILURE_TTL;
pub use client::{BinanceClient, ClientBuildError, ClientConfig, ClientStats};
