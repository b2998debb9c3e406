//! The only place that names concrete adapters: `App::build(settings)` wires the service to
//! the Binance client, the store (SQLite or PostgreSQL) and the encrypted key store; `App::run` connects the
//! chat frontends the settings enable and runs them with the reminder scheduler, all on the
//! App's one clock. `main` and the tests both call them (zero2prod's `Application::build`).

use std::future::Future;
use std::sync::Arc;

use anyhow::Context as _;

use crate::binance::{BinanceClient, ClientConfig};
use crate::bybit::{BybitClient, BybitConfig};
use crate::config::{DiscordSettings, Settings, TelegramSettings};
use crate::frontends::{Frontend, Shutdown};
use crate::metrics::Metrics;
use crate::mexc::{MexcClient, MexcConfig};
use crate::ports::{Clock, Exchange as _, Notifier, SystemClock};
use crate::scheduler::Scheduler;
use crate::service::{Service, ServiceConfig};
use crate::store::Storage;
use std::net::SocketAddr;

/// The wired application.
#[derive(Clone)]
pub struct App {
    /// The shared service.
    pub service: Arc<Service>,
    /// The database (SQLite or PostgreSQL).
    pub db: Storage,
    /// The exchange client (its stats feed the benchmarks).
    pub exchange: BinanceClient,
    /// The clock of the service and of the scheduler.
    clock: Arc<dyn Clock>,
    /// Telegram, when a bot token is configured.
    telegram: Option<TelegramSettings>,
    /// Discord, when a bot token is configured.
    discord: Option<DiscordSettings>,
    /// The operator's counters, shared by the service, the exchange client and the
    /// frontends.
    pub metrics: Metrics,
    /// Where the operations endpoint listens, when enabled.
    ops_listen: Option<SocketAddr>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("db", &self.db)
            .field("exchange", &self.exchange)
            .field("telegram", &self.telegram)
            .field("discord", &self.discord)
            .finish_non_exhaustive()
    }
}

/// Whether the settings enable any chat frontend (`dustpan run` has nothing to serve
/// otherwise).
pub fn any_frontend(settings: &Settings) -> bool {
    settings.telegram.is_some() || settings.discord.is_some()
}

/// The job whose lock the one instance receiving Telegram updates by long polling holds
/// on a shared (PostgreSQL) database.
pub const TELEGRAM_POLLING_JOB: &str = "telegram-long-polling";

/// Why a second instance polling Telegram refuses to start.
pub const POLLING_TAKEN: &str = "another instance on this database already receives the Telegram updates by long polling, which allows one consumer: set TELEGRAM_WEBHOOK_URL (webhook mode), which every instance can serve";

/// The MEXC client's settings. MEXC counts each endpoint's weight per IP (public) or per
/// account (keyed): when instances share an address, each keeps its share of every
/// endpoint's budget.
fn mexc_config(settings: &Settings) -> MexcConfig {
    let config = MexcConfig::new(settings.mexc_api_url.clone());
    MexcConfig {
        endpoint_weight_limit: (config.endpoint_weight_limit
            / settings.user_limits.instances_per_address.max(1))
        .max(1),
        ..config
    }
}

/// The start-up checks that need no exchange and no chat platform: the database opens and
/// the master keys match it (a wrong key refuses here).
pub async fn check_storage(settings: &Settings) -> anyhow::Result<()> {
    let db = Storage::open(settings).await?;
    db.close().await;
    Ok(())
}

impl App {
    /// Builds the application with the wall clock.
    pub async fn build(settings: &Settings) -> anyhow::Result<Self> {
        Self::build_with_clock(settings, Arc::new(SystemClock)).await
    }

    /// Builds the application with an injected clock (tests).
    pub async fn build_with_clock(
        settings: &Settings,
        clock: Arc<dyn Clock>,
    ) -> anyhow::Result<Self> {
        let db = Storage::open(settings).await?;
        let client_config = ClientConfig {
            user_weight_share_percent: settings.user_limits.weight_share_percent,
            instances_per_address: settings.user_limits.instances_per_address,
            ..ClientConfig::new(settings.binance_api_url.clone())
        };
        let exchange = BinanceClient::new(client_config)
            .map_err(|e| anyhow::anyhow!("{e}"))
            .context("cannot build the Binance client")?;
        let metrics = Metrics::new();
        exchange.count_into(metrics.clone());
        if let Err(e) = exchange.sync_time().await {
            tracing::warn!(error = %crate::ports::error_chain(&e), "could not read the exchange's clock at start-up");
        }
        // No request at start-up: the MEXC client measures its clock when MEXC first says so.
        let mexc = MexcClient::new(mexc_config(settings))
            .map_err(|e| anyhow::anyhow!("{e}"))
            .context("cannot build the MEXC client")?;
        // Likewise Bybit: its clock is measured when Bybit first answers 10002.
        let bybit = BybitClient::new(BybitConfig::new(settings.bybit_api_url.clone()))
            .map_err(|e| anyhow::anyhow!("{e}"))
            .context("cannot build the Bybit client")?;
        let keys = db.key_store(settings.master_keys.clone());
        let dust_cooldown = settings
            .dust_cooldown
            .unwrap_or_else(|| exchange.capabilities().small_balance_cooldown());
        let service = Service::new(
            Arc::new(exchange.clone()),
            db.store(),
            keys,
            clock.clone(),
            ServiceConfig {
                dust_cooldown,
                require_ip_restricted: settings.require_ip_restricted,
                user_commands_per_min: settings.user_limits.commands_per_min,
                user_command_burst: settings.user_limits.command_burst,
            },
        )
        .with_exchange(Arc::new(mexc))
        .with_exchange(Arc::new(bybit))
        .with_access(settings.access.policy())
        .with_metrics(metrics.clone())
        .with_turns(db.turns(), db.is_shared())
        .with_claim_timeout(settings.claim_timeout);
        let app = Self {
            service: Arc::new(service),
            db,
            exchange,
            clock,
            telegram: settings.telegram.clone(),
            discord: settings.discord.clone(),
            metrics,
            ops_listen: settings.ops_listen,
        };
        // Operations left in flight by a previous run are settled before anything else.
        let resolved = app.service.recover().await;
        if resolved > 0 {
            tracing::info!(resolved, "settled operations left in flight");
        }
        Ok(app)
    }
    /// Connects the frontends the settings enable: Telegram and Discord, each when its bot
    /// token is set.
    pub async fn connect_frontends(&self) -> anyhow::Result<Vec<Box<dyn Frontend>>> {
        let mut frontends: Vec<Box<dyn Frontend>> = Vec::new();
        if let Some(telegram) = &self.telegram {
            let bot = crate::frontends::telegram::connect(telegram, self.service.clone()).await?;
            frontends.push(Box::new(bot));
        }
        if let Some(discord) = &self.discord {
            let app = crate::frontends::discord::connect(discord, self.service.clone()).await?;
            frontends.push(Box::new(app));
        }
        Ok(frontends)
    }

    /// Connects the enabled frontends and serves them with the scheduler until `shutdown`
    /// resolves (see [`App::serve`]).
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send) -> anyhow::Result<()> {
        let frontends = self.connect_frontends().await?;
        anyhow::ensure!(!frontends.is_empty(), "no chat frontend is configured");
        self.serve(frontends, shutdown).await
    }

    /// Serves `frontends`, and sends reminders through their notifiers on the App's clock,
    /// until `shutdown` resolves or any frontend stops on its own (the webhook server died,
    /// the console's input ended): then every frontend finishes what it has in hand, the
    /// scheduler stops, and the database closes. The first frontend error is returned.
    pub async fn serve(
        self,
        frontends: Vec<Box<dyn Frontend>>,
        shutdown: impl Future<Output = ()> + Send,
    ) -> anyhow::Result<()> {
        let ops = match self.ops_listen {
            Some(addr) => Some(ops::bind(addr).await?),
            None => None,
        };
        let notifiers: Vec<Arc<dyn Notifier>> = frontends.iter().map(|f| f.notifier()).collect();
        let scheduler = Scheduler::new(self.service.clone(), notifiers, self.clock.clone());
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let wait = |mut rx: tokio::sync::watch::Receiver<bool>| -> Shutdown {
            Box::pin(async move {
                let _ = rx.wait_for(|stop| *stop).await;
            })
        };
        let signal = {
            let stopped = wait(stopped.clone());
            let stop = &stop;
            async move {
                tokio::select! {
                    () = shutdown => tracing::info!("shutting down"),
                    () = stopped => {}
                }
                let _ = stop.send(true);
            }
        };
        let ops = ops.map(|listener| {
            tokio::spawn(ops::serve(
                listener,
                self.ops_router(),
                wait(stopped.clone()),
            ))
        });
        let serving = futures_util::future::join_all(frontends.into_iter().map(|frontend| {
            let name = frontend.name();
            let shutdown = wait(stopped.clone());
            let stop = &stop;
            let metrics = self.metrics.clone();
            async move {
                metrics.frontend(name, true);
                let result = frontend.serve(shutdown).await;
                metrics.frontend(name, false);
                tracing::info!(frontend = name, "frontend stopped");
                let _ = stop.send(true);
                result
            }
        }));
        let ((), results, ()) = tokio::join!(signal, serving, scheduler.run(wait(stopped)));
        if let Some(server) = ops {
            let _ = server.await;
        }
        self.db.close().await;
        results.into_iter().collect()
    }
}

impl App {
    /// The operations endpoint's routes: `GET /healthz` and `GET /metrics` (served on
    /// `DUSTPAN_OPS_LISTEN` by [`App::serve`]; tests serve it on a port of their own).
    pub fn ops_router(&self) -> axum::Router {
        ops::router(self.service.clone())
    }
}

/// The operations endpoint: health for a load balancer or a pager, metrics for Prometheus.
/// Unauthenticated by design, so the README says to bind it to loopback.
mod ops {
    use std::net::SocketAddr;
    use std::sync::Arc;

    use axum::extract::State;
    use axum::http::{StatusCode, header};
    use axum::response::IntoResponse;
    use axum::routing::get;

    use crate::frontends::Shutdown;
    use crate::service::Service;

    /// Binds the address, naming the setting when it cannot.
    pub(super) async fn bind(addr: SocketAddr) -> anyhow::Result<tokio::net::TcpListener> {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on DUSTPAN_OPS_LISTEN={addr}: {e}"))?;
        let bound = listener.local_addr()?;
        tracing::info!("ops endpoint listening on http://{bound}");
        Ok(listener)
    }

    /// Serves until `shutdown` resolves.
    pub(super) async fn serve(
        listener: tokio::net::TcpListener,
        router: axum::Router,
        shutdown: Shutdown,
    ) {
        if let Err(e) = axum::serve(listener, router)
            .with_graceful_shutdown(shutdown)
            .await
        {
            tracing::error!(%e, "the ops endpoint failed");
        }
    }

    pub(super) fn router(service: Arc<Service>) -> axum::Router {
        axum::Router::new()
            .route("/healthz", get(healthz))
            .route("/metrics", get(metrics))
            .with_state(service)
    }

    /// 200 when the database takes a write and the exchange answers; 503 naming what fails
    /// otherwise (the reasons go to the log, not to an unauthenticated caller).
    async fn healthz(State(service): State<Arc<Service>>) -> impl IntoResponse {
        let report = service.health().await;
        let word = |ok: bool| if ok { "ok" } else { "failing" };
        let frontends: serde_json::Map<String, serde_json::Value> = report
            .frontends
            .iter()
            .map(|(name, up)| ((*name).to_owned(), word(*up).into()))
            .collect();
        let body = serde_json::json!({
            "status": if report.is_ready() { "ok" } else { "unavailable" },
            "failing": report.failing(),
            "database": word(report.database.is_ok()),
            "exchange": word(report.exchange.is_ok()),
            "frontends": frontends,
            "oldest_unsettled_seconds": report.oldest_unsettled.map(|d| d.as_secs()),
        });
        let status = if report.is_ready() {
            StatusCode::OK
        } else {
            StatusCode::SERVICE_UNAVAILABLE
        };
        (status, axum::Json(body))
    }

    /// The exposition, with the open operations read from the database just now.
    async fn metrics(State(service): State<Arc<Service>>) -> impl IntoResponse {
        service.observe_operations().await;
        (
            [(header::CONTENT_TYPE, crate::metrics::CONTENT_TYPE)],
            service.metrics().render(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RawSettings;

    fn settings(pairs: &[(&str, &str)]) -> Settings {
        let mut raw = RawSettings::default();
        raw.set("TELEGRAM_BOT_TOKEN", "123456:FAKE-token");
        for (k, v) in pairs {
            raw.set(k, v);
        }
        raw.parse().expect("valid settings")
    }

    #[test]
    fn instances_sharing_an_address_divide_each_mexc_endpoints_budget() {
        let alone = mexc_config(&settings(&[]));
        assert_eq!(alone.endpoint_weight_limit, 500);
        let shared = mexc_config(&settings(&[("DUSTPAN_INSTANCES_PER_ADDRESS", "4")]));
        assert_eq!(shared.endpoint_weight_limit, 125);
    }
}
