//! The Bybit v5 REST adapter: [`BybitClient`] implements [`crate::ports::Exchange`]
//! (shared/exchange/bybit.md). The simulator (`crate::sim::bybit`) shares `protocol` and
//! `assumptions` with it, never the client.

/// Our choices where bybit.md leaves a fact UNCONFIRMED, each with its reason.
pub mod assumptions;
/// What Bybit can do, for the port's capabilities record.
pub mod capabilities;
mod client;
mod credentials;
pub mod dto;
pub mod error;
mod exchange;
pub mod map;
pub mod protocol;
pub mod sign;

pub use client::{BybitBuildError, BybitClient, BybitConfig, BybitStats};
