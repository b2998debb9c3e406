//! The Bybit-compatible simulated exchange: an axum server speaking Bybit's v5 wire
//! protocol (shared/exchange/bybit.md) for `dustpan sim --exchange bybit` and the tests.
//! It depends on `crate::bybit::{protocol, assumptions, sign}` only, never on the client.
//!
//! - Market: 22 coins vs USDT (`Trading`), LUNA `Closed`; minimum order 5 USDT.
//! - Demo account ([`BYBIT_DEMO_API_KEY`]): coins under 10 USDT (convertible to MNT, USDT,
//!   USDC), LUNA (not supported), USDT and ETH above the 10 USDT limit, a little MNT.
//! - Convert Small Balances: quotes valid 30 s; an execution stays `processing` for
//!   [`BybitSimConfig::execution_ms`] of the sim clock, then ends as
//!   [`BybitSimConfig::execution`] says (success, partial fulfilment, failure).
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
use std::time::Duration;

use crate::sim::common::{self, Running};

pub use config::{
    BYBIT_DEMO_API_KEY, BYBIT_DEMO_API_SECRET, BybitExecution, BybitSimConfig,
    DEFAULT_EXECUTION_MS, demo_account,
};
pub use state::BybitFault;

use state::State;

/// A running Bybit simulator (address, clock, balances: [`Running`]). Dropping it stops the
/// server.
pub type BybitSimHandle = Running<State>;

/// Binds `listen` (port 0 for any) and serves the simulator in the background.
pub async fn start(config: BybitSimConfig, listen: SocketAddr) -> std::io::Result<BybitSimHandle> {
    common::start(State::new(config), server::router, listen, "Bybit").await
}

impl Running<State> {
    /// How executions from now on end, and after how long of the sim clock.
    pub fn set_execution(&self, outcome: BybitExecution, after: Duration) {
        let mut st = self.lock();
        st.config.execution = outcome;
        st.config.execution_ms = i64::try_from(after.as_millis()).unwrap_or(i64::MAX);
    }

    /// Arms `fault` for the next `times` requests to `method path`.
    pub fn inject_fault(&self, method: &str, path: &str, fault: BybitFault, times: u32) {
        self.lock()
            .faults
            .insert((method.to_owned(), path.to_owned()), (fault, times));
    }

    /// How many requests reached `method path`.
    pub fn request_count(&self, method: &str, path: &str) -> usize {
        self.lock()
            .log
            .iter()
            .filter(|(m, p, _, _)| m == method && p == path)
            .count()
    }

    /// The (HTTP status, retCode) answered to `method path`, in order (retCode -1 without
    /// an envelope).
    pub fn answers(&self, method: &str, path: &str) -> Vec<(u16, i64)> {
        self.lock()
            .log
            .iter()
            .filter(|(m, p, _, _)| m == method && p == path)
            .map(|(_, _, s, c)| (*s, *c))
            .collect()
    }

    /// The statuses of the account's conversions, oldest first (the clock settles them).
    pub fn conversions(&self, api_key: &str) -> Option<Vec<&'static str>> {
        let mut st = self.lock();
        let now = st.now_ms();
        st.settle(now);
        let idx = *st.by_key.get(api_key)?;
        Some(st.accounts[idx].records.iter().map(|r| r.status).collect())
    }

    /// Changes what a key may do (`convert` is Bybit's "Convert" permission); `false` for
    /// an unknown key.
    pub fn set_permissions(
        &self,
        api_key: &str,
        permissions: crate::sim::Permissions,
        convert: bool,
    ) -> bool {
        self.edit_spec(api_key, |spec| {
            spec.permissions = permissions;
            spec.convert_approved = convert;
        })
    }

    /// Binds the key to these IPs (empty: unbound).
    pub fn set_ips(&self, api_key: &str, ips: Vec<std::net::IpAddr>) -> bool {
        self.edit_spec(api_key, |spec| spec.ip_whitelist = ips)
    }
}
