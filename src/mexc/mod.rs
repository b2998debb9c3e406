//! The MEXC spot v3 REST adapter: [`MexcClient`] implements [`crate::ports::Exchange`]
//! (shared/exchange/mexc.md). The simulator (`crate::sim::mexc`) shares `protocol` and
//! `assumptions` with it, never the client.

/// Our choices where mexc.md leaves a fact UNCONFIRMED, each with its reason.
pub mod assumptions;
/// What MEXC can do, for the port's capabilities record.
pub mod capabilities;
mod client;
mod credentials;
pub mod dto;
pub mod error;
mod exchange;
pub mod map;
pub mod protocol;
pub mod sign;

pub use client::{DEFAULT_DUST_LOG_PAGE_LIMIT, MexcBuildError, MexcClient, MexcConfig, MexcStats};
