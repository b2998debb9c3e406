//! The only place that names concrete adapters: `App::build(settings)` wires the service to
//! the Binance client, the SQLite store and the encrypted key store. `main` and the tests
//! both call it.

use std::sync::Arc;

use anyhow::Context as _;

use crate::binance::{BinanceClient, ClientConfig};
use crate::config::Settings;
use crate::ports::{Clock, SystemClock};
use crate::service::{Service, ServiceConfig};
use crate::store::{Database, EncryptedKeyStore};

/// The wired application.
#[derive(Debug, Clone)]
pub struct App {
    /// The shared service.
    pub service: Arc<Service>,
    /// The database.
    pub db: Database,
    /// The exchange client (its stats feed the benchmarks).
    pub exchange: BinanceClient,
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
        let db = Database::open(&settings.database_path, settings.master_keys.as_ref()).await?;
        let client_config = ClientConfig {
            user_weight_share_percent: settings.user_limits.weight_share_percent,
            ..ClientConfig::new(settings.binance_api_url.clone())
        };
        let exchange = BinanceClient::new(client_config)
            .map_err(|e| anyhow::anyhow!("{e}"))
            .context("cannot build the Binance client")?;
        if let Err(e) = exchange.sync_time().await {
            tracing::warn!(%e, "could not read the exchange's clock at start-up");
        }
        let keys = EncryptedKeyStore::new(db.clone(), settings.master_keys.clone());
        let service = Service::new(
            Arc::new(exchange.clone()),
            Arc::new(db.clone()),
            Arc::new(keys),
            clock,
            ServiceConfig {
                dust_cooldown: settings.dust_cooldown,
                require_ip_restricted: settings.require_ip_restricted,
                user_commands_per_min: settings.user_limits.commands_per_min,
                user_command_burst: settings.user_limits.command_burst,
            },
        );
        let app = Self {
            service: Arc::new(service),
            db,
            exchange,
        };
        // Operations left in flight by a previous run are settled before anything else.
        let resolved = app.service.recover().await;
        if resolved > 0 {
            tracing::info!(resolved, "settled operations left in flight");
        }
        Ok(app)
    }
}
