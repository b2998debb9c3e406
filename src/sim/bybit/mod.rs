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
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rust_decimal::Decimal;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use config::{
    BYBIT_DEMO_API_KEY, BYBIT_DEMO_API_SECRET, BybitExecution, BybitSimConfig,
    DEFAULT_EXECUTION_MS, demo_account,
};
pub use state::BybitFault;

use state::State;

/// A running Bybit simulator. Dropping it stops the server.
#[derive(Debug)]
pub struct BybitSimHandle {
    addr: SocketAddr,
    shared: server::Shared,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

/// Binds `listen` (port 0 for any) and serves the simulator in the background.
pub async fn start(config: BybitSimConfig, listen: SocketAddr) -> std::io::Result<BybitSimHandle> {
    let listener = TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    let shared: server::Shared = Arc::new(Mutex::new(State::new(config)));
    let app = server::router(shared.clone()).into_make_service_with_connect_info::<SocketAddr>();
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let serve = axum::serve(listener, app).with_graceful_shutdown(async move {
            let _ = stopped.await;
        });
        if let Err(e) = serve.await {
            tracing::error!(error = %e, "Bybit simulator stopped");
        }
    });
    tracing::info!(%addr, "Bybit simulator listening");
    Ok(BybitSimHandle {
        addr,
        shared,
        stop: Some(stop),
        task: Some(task),
    })
}

impl BybitSimHandle {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.shared
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://IP:PORT`, the value for `BYBIT_API_URL`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The sim clock, ms since the epoch.
    pub fn now_ms(&self) -> i64 {
        self.lock().now_ms()
    }

    /// Sets the sim clock's offset from system time in ms (may be negative).
    pub fn set_clock_offset_ms(&self, offset_ms: i64) {
        self.lock().offset_ms = offset_ms;
    }

    /// Moves the sim clock forward (quote expiry, executions, windows).
    pub fn advance_time(&self, by: Duration) {
        let mut st = self.lock();
        st.offset_ms = st
            .offset_ms
            .saturating_add(i64::try_from(by.as_millis()).unwrap_or(i64::MAX));
    }

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

    /// Balance of `coin` for the account of `api_key` (`None` for an unknown key).
    pub fn balance(&self, api_key: &str, coin: &str) -> Option<Decimal> {
        let st = self.lock();
        let idx = *st.by_key.get(api_key)?;
        Some(st.accounts[idx].free(coin))
    }

    /// Sets a balance; `false` for an unknown key.
    pub fn set_balance(&self, api_key: &str, coin: &str, amount: Decimal) -> bool {
        let mut st = self.lock();
        let Some(idx) = st.by_key.get(api_key).copied() else {
            return false;
        };
        st.accounts[idx].balances.insert(coin.to_owned(), amount);
        true
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
        let mut st = self.lock();
        let Some(idx) = st.by_key.get(api_key).copied() else {
            return false;
        };
        st.accounts[idx].spec.permissions = permissions;
        st.accounts[idx].spec.convert_approved = convert;
        true
    }

    /// Binds the key to these IPs (empty: unbound).
    pub fn set_ips(&self, api_key: &str, ips: Vec<std::net::IpAddr>) -> bool {
        let mut st = self.lock();
        let Some(idx) = st.by_key.get(api_key).copied() else {
            return false;
        };
        st.accounts[idx].spec.ip_whitelist = ips;
        true
    }

    /// Stops accepting, lets in-flight requests finish (at most 5 s).
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let abort = task.abort_handle();
            if tokio::time::timeout(Duration::from_secs(5), task)
                .await
                .is_err()
            {
                abort.abort();
            }
        }
    }
}

impl Drop for BybitSimHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
