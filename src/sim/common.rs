//! What the simulators share beyond their wire protocols: serving a router in the background
//! until stopped, the running handle of a simulator whose state sits behind one lock (its
//! address, clock and balances), and the demo accounts' specs. Routes, envelopes, error codes
//! and limits stay in each simulator.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::str::FromStr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use rust_decimal::Decimal;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::config::{AccountSpec, Permissions};

/// A server task and the switch that stops it. Dropping it stops the server.
#[derive(Debug)]
pub struct Serving {
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Serving {
    /// Spawns `serve`, handed the signal it must stop on.
    pub fn spawn<F>(serve: impl FnOnce(oneshot::Receiver<()>) -> F) -> Self
    where
        F: std::future::Future<Output = ()> + Send + 'static,
    {
        let (stop, stopped) = oneshot::channel::<()>();
        Self {
            stop: Some(stop),
            task: Some(tokio::spawn(serve(stopped))),
        }
    }

    /// Stops accepting, lets in-flight requests finish (at most 5 s).
    pub async fn shutdown(&mut self) {
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

impl Drop for Serving {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// A simulator's state as the shared handle sees it: its clock and its accounts.
pub trait SimState: Send + 'static {
    /// The sim clock's offset from system time, ms.
    fn offset_ms(&mut self) -> &mut i64;
    /// The sim clock, ms.
    fn now_ms(&self) -> i64;
    /// The account of `api_key`: its spec and balances.
    fn account(
        &mut self,
        api_key: &str,
    ) -> Option<(&mut AccountSpec, &mut BTreeMap<String, Decimal>)>;
}

/// A running simulator whose state sits behind one lock. Dropping it stops the server.
#[derive(Debug)]
pub struct Running<S> {
    addr: SocketAddr,
    shared: Arc<Mutex<S>>,
    serving: Serving,
}

/// Binds `listen` (port 0 for any) and serves `router(state)` in the background; `name`
/// names the simulator in the log.
pub async fn start<S: SimState>(
    state: S,
    router: impl FnOnce(Arc<Mutex<S>>) -> Router,
    listen: SocketAddr,
    name: &'static str,
) -> std::io::Result<Running<S>> {
    let listener = TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    let shared = Arc::new(Mutex::new(state));
    let app = router(shared.clone()).into_make_service_with_connect_info::<SocketAddr>();
    let serving = Serving::spawn(|stopped| async move {
        let serve = axum::serve(listener, app).with_graceful_shutdown(async move {
            let _ = stopped.await;
        });
        if let Err(e) = serve.await {
            tracing::error!(error = %e, "{name} simulator stopped");
        }
    });
    tracing::info!(%addr, "{name} simulator listening");
    Ok(Running {
        addr,
        shared,
        serving,
    })
}

impl<S: SimState> Running<S> {
    pub(crate) fn lock(&self) -> MutexGuard<'_, S> {
        self.shared
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://IP:PORT`, the value for the exchange's API URL setting.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The sim clock, ms since the epoch.
    pub fn now_ms(&self) -> i64 {
        self.lock().now_ms()
    }

    /// Sets the sim clock's offset from system time in ms (may be negative).
    pub fn set_clock_offset_ms(&self, offset_ms: i64) {
        *self.lock().offset_ms() = offset_ms;
    }

    /// Moves the sim clock forward (quote expiry, executions, 24 h counts, windows).
    pub fn advance_time(&self, by: Duration) {
        let mut st = self.lock();
        let offset = st.offset_ms();
        *offset = offset.saturating_add(i64::try_from(by.as_millis()).unwrap_or(i64::MAX));
    }

    /// Balance of `asset` for the account of `api_key` (`None` for an unknown key).
    pub fn balance(&self, api_key: &str, asset: &str) -> Option<Decimal> {
        let mut st = self.lock();
        let (_, balances) = st.account(api_key)?;
        Some(balances.get(asset).copied().unwrap_or_default())
    }

    /// Sets a balance; `false` for an unknown key.
    pub fn set_balance(&self, api_key: &str, asset: &str, amount: Decimal) -> bool {
        let mut st = self.lock();
        let Some((_, balances)) = st.account(api_key) else {
            return false;
        };
        balances.insert(asset.to_owned(), amount);
        true
    }

    /// Changes the spec of a key's account; `false` for an unknown key.
    pub(crate) fn edit_spec(&self, api_key: &str, edit: impl FnOnce(&mut AccountSpec)) -> bool {
        let mut st = self.lock();
        let Some((spec, _)) = st.account(api_key) else {
            return false;
        };
        edit(spec);
        true
    }

    /// Stops accepting, lets in-flight requests finish (at most 5 s).
    pub async fn shutdown(mut self) {
        self.serving.shutdown().await;
    }
}

/// Account index by API key.
pub fn index_by_key<'a>(specs: impl Iterator<Item = &'a AccountSpec>) -> HashMap<String, usize> {
    specs
        .enumerate()
        .map(|(i, spec)| (spec.api_key.clone(), i))
        .collect()
}

/// A decimal written in the source (0 if mistyped).
pub fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_default()
}

/// A demo account: these balances, the default permissions, Convert approved, no IP list.
pub fn demo_spec(api_key: &str, api_secret: &str, balances: &[(&str, &str)]) -> AccountSpec {
    AccountSpec {
        api_key: api_key.to_owned(),
        api_secret: api_secret.to_owned(),
        balances: balances
            .iter()
            .map(|(a, v)| ((*a).to_owned(), d(v)))
            .collect::<BTreeMap<_, _>>(),
        permissions: Permissions::default(),
        convert_approved: true,
        ip_whitelist: Vec::new(),
        uid: 1,
    }
}

/// One request as a simulator reads it: the raw query and body bytes are what signatures
/// are checked over.
#[derive(Debug)]
pub struct Incoming {
    /// `GET`, `POST`, ….
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The raw query string.
    pub query: Vec<u8>,
    /// The headers.
    pub headers: axum::http::HeaderMap,
    /// The raw body (at most 64 KiB; empty if longer or unreadable).
    pub body: Vec<u8>,
}

impl Incoming {
    /// Reads `req` whole.
    pub async fn read(req: axum::extract::Request) -> Self {
        let method = req.method().as_str().to_owned();
        let path = req.uri().path().to_owned();
        let query = req.uri().query().unwrap_or("").as_bytes().to_vec();
        let headers = req.headers().clone();
        let body = axum::body::to_bytes(req.into_body(), 64 * 1024)
            .await
            .map(|b| b.to_vec())
            .unwrap_or_default();
        Self {
            method,
            path,
            query,
            headers,
            body,
        }
    }
}

/// A client order id both simulators accept: 1 to `max_len` letters, digits, `-` and `_`.
pub fn client_order_id_ok(id: &str, max_len: usize) -> bool {
    (1..=max_len).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}
