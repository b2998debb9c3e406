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
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rust_decimal::Decimal;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use config::{MEXC_DEMO_API_KEY, MEXC_DEMO_API_SECRET, MexcSimConfig};
pub use state::MexcFault;

use state::State;

/// A running MEXC simulator. Dropping it stops the server.
#[derive(Debug)]
pub struct MexcSimHandle {
    addr: SocketAddr,
    shared: server::Shared,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

/// Binds `listen` (port 0 for any) and serves the simulator in the background.
pub async fn start(config: MexcSimConfig, listen: SocketAddr) -> std::io::Result<MexcSimHandle> {
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
            tracing::error!(error = %e, "MEXC simulator stopped");
        }
    });
    tracing::info!(%addr, "MEXC simulator listening");
    Ok(MexcSimHandle {
        addr,
        shared,
        stop: Some(stop),
        task: Some(task),
    })
}

impl MexcSimHandle {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.shared
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://IP:PORT`, the value for `MEXC_API_URL`.
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

    /// Moves the sim clock forward (the 24 h dust count, budget windows).
    pub fn advance_time(&self, by: Duration) {
        let mut st = self.lock();
        st.offset_ms = st
            .offset_ms
            .saturating_add(i64::try_from(by.as_millis()).unwrap_or(i64::MAX));
    }

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

    /// Free balance of `asset` for the account of `api_key` (`None` for an unknown key).
    pub fn balance(&self, api_key: &str, asset: &str) -> Option<Decimal> {
        let st = self.lock();
        let idx = *st.by_key.get(api_key)?;
        Some(st.accounts[idx].free(asset))
    }

    /// Sets a free balance; `false` for an unknown key.
    pub fn set_balance(&self, api_key: &str, asset: &str, amount: Decimal) -> bool {
        let mut st = self.lock();
        let Some(idx) = st.by_key.get(api_key).copied() else {
            return false;
        };
        st.accounts[idx].balances.insert(asset.to_owned(), amount);
        true
    }

    /// How many dust transfers the account of `api_key` made.
    pub fn dust_batches(&self, api_key: &str) -> Option<usize> {
        let st = self.lock();
        let idx = *st.by_key.get(api_key)?;
        Some(st.accounts[idx].dust_log.len())
    }

    /// Changes what a key may do; `false` for an unknown key.
    pub fn set_permissions(&self, api_key: &str, permissions: crate::sim::Permissions) -> bool {
        let mut st = self.lock();
        let Some(idx) = st.by_key.get(api_key).copied() else {
            return false;
        };
        st.accounts[idx].spec.permissions = permissions;
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

impl Drop for MexcSimHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
