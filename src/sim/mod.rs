//! The Binance-compatible simulated exchange: an axum server speaking Binance's REST wire
//! protocol (`shared/exchange/binance.md`) for `dustpan sim`, `dustpan demo` and the tests.
//!
//! It depends on `crate::binance::protocol` only, never on the client.
//!
//! - Market (`market.rs`): 33 assets vs USDT, some vs BTC/BNB, with LOT_SIZE,
//!   MARKET_LOT_SIZE and NOTIONAL filters; MATIC is delisted (symbols `BREAK`), NEWT is
//!   announced but not open (also `BREAK`: `PRE_TRADING` no longer exists), FDUSD trades
//!   but is not dust-convertible; `SimHandle::set_listing` halts an asset, closes it for
//!   the day or makes it cancel-only.
//! - Demo account (`DEMO_API_KEY`): 0.005 ACT (below ACTUSDT's 0.1 minimum), MATIC,
//!   NEWT, cents of ADA/XRP/DOGE/TRX/DOT/LINK/SHIB/PEPE/ATOM, some FDUSD, USDT and ETH
//!   above the dust threshold, a little BNB; reading + spot trading, Convert approved.
//! - Sim clock = system time + an offset (`SimHandle::advance_time`), so quote
//!   expiry, cooldowns, weight windows and bans are tested without sleeping.
//! - Faults (`Fault`, `SimHandle::inject_fault`) and a request log for tests.

mod auth;
mod common;
mod config;
mod convert;
mod dust;
mod dust_convert;
mod faults;
mod market;
mod net;
mod orders;
mod params;
mod routes;
mod server;
mod spot;
mod state;
mod weights;

/// The MEXC-compatible simulator (`dustpan sim --exchange mexc`).
pub mod mexc;

/// The Bybit-compatible simulator (`dustpan sim --exchange bybit`).
pub mod bybit;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use rust_decimal::Decimal;
use tokio::net::TcpListener;

pub use auth::{signed_payload, verify_signature};
pub use config::{
    AccountSpec, ConvertQuotas, DEFAULT_CONVERT_PROCESSING, DEMO_API_KEY, DEMO_API_SECRET, Limits,
    Permissions, SimConfig, SimConfigError,
};
pub use convert::{CONVERT_MAX_VALUE_USDT, CONVERT_MIN_VALUE_USDT, CONVERT_SPREAD};
pub use faults::{Fault, LoggedRequest};
pub use market::Listing;

use net::{ConnInfo, SimListener};
use state::{Shared, State, ms};

/// A running simulator. Dropping it stops the server too.
#[derive(Debug)]
pub struct SimHandle {
    addr: SocketAddr,
    shared: Arc<Shared>,
    serving: common::Serving,
}

/// Binds `listen` (port 0 for any) and serves the simulator in the background.
pub async fn start(config: SimConfig, listen: SocketAddr) -> std::io::Result<SimHandle> {
    let listener = TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    let shared = Arc::new(Shared::new(State::new(config)));
    let app = server::router(shared.clone()).into_make_service_with_connect_info::<ConnInfo>();
    let serving = common::Serving::spawn(|stopped| async move {
        let serve = axum::serve(SimListener(listener), app).with_graceful_shutdown(async move {
            let _ = stopped.await;
        });
        if let Err(e) = serve.await {
            tracing::error!(error = %e, "simulator stopped");
        }
    });
    tracing::info!(%addr, "simulator listening");
    Ok(SimHandle {
        addr,
        shared,
        serving,
    })
}

impl SimHandle {
    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://IP:PORT`, the value for `BINANCE_API_URL`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The sim clock, ms since the epoch (what `/api/v3/time` answers).
    pub fn now_ms(&self) -> i64 {
        self.shared.lock().now_ms()
    }

    /// Moves the sim clock forward (quote expiry, cooldowns, weight windows, PROCESS→SUCCESS).
    pub fn advance_time(&self, by: Duration) {
        let mut st = self.shared.lock();
        st.offset_ms = st.offset_ms.saturating_add(ms(by));
    }

    /// Sets the sim clock's offset from system time in ms (clock skew; may be negative).
    pub fn set_clock_offset_ms(&self, offset_ms: i64) {
        self.shared.lock().offset_ms = offset_ms;
    }

    /// The current clock offset in ms.
    pub fn clock_offset_ms(&self) -> i64 {
        self.shared.lock().offset_ms
    }

    /// Adds `latency` (real time) before every request is handled.
    pub fn set_latency(&self, latency: Duration) {
        self.shared.lock().faults.latency = latency;
    }

    /// Arms `fault` for the next `times` requests to `path` (e.g. `/sapi/v1/asset/dust`);
    /// `times == 0` disarms that path.
    pub fn inject_fault(&self, path: &str, fault: Fault, times: u32) {
        self.shared.lock().faults.inject(path, fault, times);
    }

    /// Disarms every fault and the latency.
    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    /// Every request so far: method, path, status (`None` = connection dropped).
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.shared.lock().faults.log().to_vec()
    }

    /// Total time the simulator spent handling requests (its own share of a benchmark).
    pub fn busy_time(&self) -> Duration {
        self.shared.busy()
    }

    /// How many requests reached `method path`.
    pub fn request_count(&self, method: &str, path: &str) -> usize {
        let st = self.shared.lock();
        st.faults
            .log()
            .iter()
            .filter(|r| r.method == method && r.path == path)
            .count()
    }

    /// How many requests reached `path`, any method.
    pub fn path_count(&self, path: &str) -> usize {
        let st = self.shared.lock();
        st.faults.log().iter().filter(|r| r.path == path).count()
    }

    /// Empties the request log.
    pub fn clear_request_log(&self) {
        self.shared.lock().faults.clear_log();
    }

    /// Free balance of `asset` for the account of `api_key` (`None` for an unknown key;
    /// zero for an asset never held).
    pub fn balance(&self, api_key: &str, asset: &str) -> Option<Decimal> {
        let st = self.shared.lock();
        let idx = *st.by_key.get(api_key)?;
        st.accounts.get(idx).map(|a| a.free(asset))
    }

    /// Sets a free balance; `false` for an unknown key.
    pub fn set_balance(&self, api_key: &str, asset: &str, amount: Decimal) -> bool {
        let mut st = self.shared.lock();
        let Some(idx) = st.by_key.get(api_key).copied() else {
            return false;
        };
        st.accounts.get_mut(idx).is_some_and(|a| {
            a.balances.insert(asset.to_string(), amount);
            true
        })
    }

    /// Spot orders the account of `api_key` has placed (`None` for an unknown key): the
    /// count on its ORDERS limiter.
    pub fn spot_orders_placed(&self, api_key: &str) -> Option<u32> {
        let st = self.shared.lock();
        let idx = *st.by_key.get(api_key)?;
        st.accounts.get(idx).map(|a| a.orders_placed)
    }

    /// The `clientId`s the account of `api_key` sent with Dust Convert conversions that
    /// converted, sorted (`None` for an unknown key).
    pub fn dust_convert_client_ids(&self, api_key: &str) -> Option<Vec<String>> {
        let st = self.shared.lock();
        let idx = *st.by_key.get(api_key)?;
        st.accounts.get(idx).map(|a| {
            let mut ids: Vec<String> = a.dust_convert_by_client_id.keys().cloned().collect();
            ids.sort();
            ids
        })
    }

    /// Changes what a key may do, as a user can in Binance's API Management at any time;
    /// `false` for an unknown key.
    pub fn set_permissions(&self, api_key: &str, permissions: config::Permissions) -> bool {
        let mut st = self.shared.lock();
        let Some(idx) = st.by_key.get(api_key).copied() else {
            return false;
        };
        st.accounts.get_mut(idx).is_some_and(|a| {
            a.spec.permissions = permissions;
            true
        })
    }

    /// Moves `asset` and its symbols to `listing` (e.g. `HALT`, `END_OF_DAY`); `false` for
    /// an unknown asset.
    pub fn set_listing(&self, asset: &str, listing: Listing) -> bool {
        self.shared.lock().market.set_listing(asset, listing)
    }

    /// Records a conversion made in Binance's own app in the dust log of the account of
    /// `api_key`: `amount` of `from` converted to `received` of `target` (the app also
    /// converts dust to assets other than BNB). Moves the balances; `false` for an unknown
    /// key.
    pub fn record_app_dust_conversion(
        &self,
        api_key: &str,
        from: &str,
        amount: Decimal,
        target: &str,
        received: Decimal,
    ) -> bool {
        let mut st = self.shared.lock();
        let now = st.now_ms();
        let Some(idx) = st.by_key.get(api_key).copied() else {
            return false;
        };
        let (batch, line) = (st.tran_id(), st.tran_id());
        st.accounts.get_mut(idx).is_some_and(|a| {
            a.add(from, -amount);
            a.add(target, received);
            a.dust_log.push(state::DustBatch {
                trans_id: batch,
                operate_time: now,
                total_transfered: received,
                total_fee: Decimal::ZERO,
                details: vec![state::DustDetail {
                    trans_id: line,
                    from_asset: from.to_owned(),
                    amount,
                    transfered: received,
                    fee: Decimal::ZERO,
                    target_asset: target.to_owned(),
                }],
            });
            true
        })
    }

    /// Sets Dust Convert's fee rate from now on (an UNCONFIRMED point, one switch:
    /// [`SimConfig::dust_convert_fee_rate`]).
    pub fn set_dust_convert_fee_rate(&self, rate: Decimal) {
        self.shared.lock().config.dust_convert_fee_rate = rate;
    }

    /// Switches an account's Convert API approval; `false` for an unknown key.
    pub fn set_convert_approved(&self, api_key: &str, approved: bool) -> bool {
        let mut st = self.shared.lock();
        let Some(idx) = st.by_key.get(api_key).copied() else {
            return false;
        };
        st.accounts.get_mut(idx).is_some_and(|a| {
            a.spec.convert_approved = approved;
            true
        })
    }

    /// Stops accepting, lets in-flight requests finish (at most 5 s), then returns.
    pub async fn shutdown(mut self) {
        self.serving.shutdown().await;
    }
}
