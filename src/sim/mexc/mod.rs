//! The MEXC-compatible simulated exchange: an axum server speaking MEXC's spot v3 wire
//! protocol (shared/exchange/mexc.md) for `dustpan sim --exchange mexc` and the tests.
//! It depends on `crate::mexc::{protocol, assumptions}` only, never on the client.
//!
//! - Market: 20 assets vs USDT with MEXC's plain-field limits (`baseSizePrecision`,
//!   `quoteAmountPrecision`), status `"1"`; LUNA paused (`"2"`), MATIC offline (`"3"`).
//! - Demo account ([`MEXC_DEMO_API_KEY`]): cents of ten assets (MX-convertible), a paused
//!   and a delisted asset, USDT and ETH above the 5 USDT per-asset limit, a little MX.
//! - Sim clock = system time + an offset; faults per `METHOD path`; a request log.

mod config;
mod ctx;
mod dust;
mod endpoints;
mod orders;
mod routes;
mod server;
mod state;

use std::net::SocketAddr;

use crate::sim::common::{self, Running};

pub use config::{MEXC_DEMO_API_KEY, MEXC_DEMO_API_SECRET, MexcSimConfig};
pub use state::MexcFault;

use state::State;

/// A running MEXC simulator (address, clock, balances: [`Running`]). Dropping it stops the
/// server.
pub type MexcSimHandle = Running<State>;

/// Binds `listen` (port 0 for any) and serves the simulator in the background.
pub async fn start(config: MexcSimConfig, listen: SocketAddr) -> std::io::Result<MexcSimHandle> {
    common::start(State::new(config), server::router, listen, "MEXC").await
}

impl Running<State> {
    /// Arms `fault` for the next `times` requests to `method path`.
    pub fn inject_fault(&self, method: &str, path: &str, fault: MexcFault, times: u32) {
        self.lock()
            .faults
            .insert((method.to_owned(), path.to_owned()), (fault, times));
    }

    /// How many requests reached `method path`.
    pub fn request_count(&self, method: &str, path: &str) -> usize {
        self.lock()
            .log
            .iter()
            .filter(|(m, p, _)| m == method && p == path)
            .count()
    }

    /// The statuses answered to `method path`, in order.
    pub fn statuses(&self, method: &str, path: &str) -> Vec<u16> {
        self.lock()
            .log
            .iter()
            .filter(|(m, p, _)| m == method && p == path)
            .map(|(_, _, s)| *s)
            .collect()
    }

    /// How many dust transfers the account of `api_key` made.
    pub fn dust_batches(&self, api_key: &str) -> Option<usize> {
        let st = self.lock();
        let idx = *st.by_key.get(api_key)?;
        Some(st.accounts[idx].dust_log.len())
    }

    /// Changes what a key may do; `false` for an unknown key.
    pub fn set_permissions(&self, api_key: &str, permissions: crate::sim::Permissions) -> bool {
        self.edit_spec(api_key, |spec| spec.permissions = permissions)
    }
}
