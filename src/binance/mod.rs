//! The Binance REST adapter: [`BinanceClient`] implements [`crate::ports::Exchange`].

mod cache;
mod client;
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
