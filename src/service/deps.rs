//! The dependencies every use case shares ([`Deps`]): a leaf that names no use case.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use secrecy::SecretString;

use crate::domain::{Credentials, ExchangeId};
use crate::i18n::{DEFAULT_LANGUAGE, locales};
use crate::ports::{Clock, Exchange, KeyStore, Store, UserRecord};
use crate::reply::Reply;
use crate::service::held::HeldAssets;
use crate::service::model::{Caller, ServiceConfig, ServiceError};
use crate::service::throttle;

/// A guided `/connect` under way: the fields answered so far, and when it was started.
pub(crate) type PendingForm = (Vec<SecretString>, DateTime<Utc>);

/// Cached `convert/assetInfo`: fetched with the first caller's key, shared.
pub(crate) type Fractions = Arc<BTreeMap<String, u32>>;

/// The exchanges users may connect, by id; the first registered is the default, which
/// every path that names no exchange uses (the old `/connect KEY SECRET` means Binance).
#[derive(Clone)]
pub struct Exchanges {
    default: Arc<dyn Exchange>,
    /// In registration order, the default first (the order users see them listed in).
    all: Vec<Arc<dyn Exchange>>,
}

impl Exchanges {
    /// A registry holding only `default`.
    pub fn new(default: Arc<dyn Exchange>) -> Self {
        Self {
            all: vec![default.clone()],
            default,
        }
    }

    /// Registers `exchange`, replacing one already registered under its id (adding an
    /// exchange at start-up is this one call).
    pub fn register(&mut self, exchange: Arc<dyn Exchange>) {
        let id = exchange.id();
        if id == self.default.id() {
            self.default = exchange.clone();
        }
        match self.all.iter_mut().find(|e| e.id() == id) {
            Some(slot) => *slot = exchange,
            None => self.all.push(exchange),
        }
    }

    /// The default exchange.
    pub fn default_exchange(&self) -> &Arc<dyn Exchange> {
        &self.default
    }

    /// The exchange registered under `id`.
    pub fn get(&self, id: ExchangeId) -> Option<&Arc<dyn Exchange>> {
        self.all.iter().find(|e| e.id() == id)
    }

    /// The ids registered, default first.
    pub fn ids(&self) -> Vec<ExchangeId> {
        self.all.iter().map(|e| e.id()).collect()
    }

    /// Every registered exchange, default first.
    pub fn iter(&self) -> impl Iterator<Item = &Arc<dyn Exchange>> {
        self.all.iter()
    }
}

impl std::fmt::Debug for Exchanges {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.ids()).finish()
    }
}

/// What every use case shares: the ports, the configuration and the in-memory caches.
pub struct Deps {
    /// The default exchange (`exchanges.default_exchange()`), for the paths that name none.
    pub(crate) exchange: Arc<dyn Exchange>,
    /// Every exchange users may connect.
    pub(crate) exchanges: Exchanges,
    pub(crate) store: Arc<dyn Store>,
    pub(crate) keys: Arc<dyn KeyStore>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) config: ServiceConfig,
    /// Half-entered keys of the guided `/connect`, in memory only: a secret never rests
    /// unencrypted on disk. Lost on restart; the user is asked to start again.
    pub(crate) pending_keys: Mutex<HashMap<i64, PendingForm>>,
    /// Woken when a reminder is armed, so the scheduler recomputes its next wake-up.
    pub(crate) reminder_wakeup: tokio::sync::Notify,
    /// Convert precision (`convert/assetInfo`, weight 100), shared, with when it was read.
    pub(crate) fractions: Mutex<Option<(DateTime<Utc>, Fractions)>>,
    /// When each user's dust log was last read (in memory: a hint that saves a request).
    pub(crate) dust_log_read: Mutex<HashMap<(i64, ExchangeId), DateTime<Utc>>>,
    /// When each user's key permissions were last read and found fit (in memory: after a
    /// restart the first money operation reads them again).
    pub(crate) key_checked: Mutex<HashMap<(i64, ExchangeId), DateTime<Utc>>>,
    /// Commands per user (`throttle`).
    pub(crate) commands: throttle::CommandBucket,
    /// Each user's last `/dust` (`throttle`).
    pub(crate) dust_memo: throttle::DustMemo,
    /// The operator's counters (a detached registry unless the app hands its own).
    pub(crate) metrics: crate::metrics::Metrics,
    /// Each user's assets for suggestions, briefly (`held`).
    pub(crate) held: HeldAssets,
    /// A user's updates one at a time, and background jobs once, across instances.
    pub(crate) turns: Arc<dyn crate::ports::Turns>,
    /// Whether other instances share the database (their reminder claims are theirs).
    pub(crate) shared_database: bool,
    /// How long a claim outlives a sender that died (`STALE_CLAIM` unless set).
    pub(crate) claim_timeout: std::time::Duration,
    /// Reminders claimed per step.
    pub(crate) reminder_batch: u32,
}

impl std::fmt::Debug for Deps {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Deps")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Deps {
    /// Wires the service to its ports.
    pub fn new(
        exchange: Arc<dyn Exchange>,
        store: Arc<dyn Store>,
        keys: Arc<dyn KeyStore>,
        clock: Arc<dyn Clock>,
        config: ServiceConfig,
    ) -> Self {
        let (per_min, burst) = (config.user_commands_per_min, config.user_command_burst);
        Self {
            exchanges: Exchanges::new(exchange.clone()),
            exchange,
            store,
            keys,
            clock,
            config,
            pending_keys: Mutex::new(HashMap::new()),
            reminder_wakeup: tokio::sync::Notify::new(),
            fractions: Mutex::new(None),
            dust_log_read: Mutex::new(HashMap::new()),
            key_checked: Mutex::new(HashMap::new()),
            commands: throttle::CommandBucket::new(per_min, burst),
            dust_memo: throttle::DustMemo::default(),
            metrics: crate::metrics::Metrics::default(),
            held: HeldAssets::default(),
            turns: Arc::new(crate::ports::turns::InProcess),
            shared_database: false,
            claim_timeout: crate::service::model::STALE_CLAIM,
            reminder_batch: crate::service::model::REMINDER_BATCH,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &ServiceConfig {
        &self.config
    }

    /// Registers another exchange users may connect (or replaces the one of its id).
    pub(crate) fn register_exchange(&mut self, exchange: Arc<dyn Exchange>) {
        self.exchanges.register(exchange);
        self.exchange = self.exchanges.default_exchange().clone();
    }

    /// Now, by the injected clock.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The caller's user, created on first contact in their client's language (when it is
    /// one we have); a stored language, chosen or not, is never replaced by the hint.
    pub(crate) async fn user(&self, caller: &Caller) -> Result<UserRecord, ServiceError> {
        let language = caller
            .language_hint
            .as_deref()
            .and_then(|h| locales().best_for(h))
            .unwrap_or(DEFAULT_LANGUAGE);
        Ok(self
            .store
            .user_or_create_in(caller.platform, &caller.platform_user_id, language)
            .await?)
    }

    /// The user's exchange key.
    pub(crate) async fn credentials(&self, user: &UserRecord) -> Result<Credentials, ServiceError> {
        self.keys
            .load(user.id, self.exchange.id())
            .await?
            .ok_or(ServiceError::NotConnected)
    }

    /// The user's key on `exchange`.
    pub(crate) async fn credentials_on(
        &self,
        user: &UserRecord,
        exchange: ExchangeId,
    ) -> Result<Credentials, ServiceError> {
        self.keys
            .load(user.id, exchange)
            .await?
            .ok_or(ServiceError::NotConnected)
    }

    /// The registered adapter of `exchange`, or the default one for an id the app does not
    /// offer (an operation stored while it did: its reads then fail as for any key).
    pub(crate) fn adapter(&self, exchange: ExchangeId) -> Arc<dyn Exchange> {
        self.exchanges
            .get(exchange)
            .cloned()
            .unwrap_or_else(|| self.exchange.clone())
    }

    /// The registered exchanges the user holds a key on, default first.
    pub(crate) async fn connected(
        &self,
        user: &UserRecord,
    ) -> Result<Vec<ExchangeId>, ServiceError> {
        let mut ids = Vec::new();
        for id in self.exchanges.ids() {
            if self.keys.load(user.id, id).await?.is_some() {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// How long after a small-balance conversion on `exchange` the next is refused: the
    /// configured cooldown on the default exchange (a demo may shorten it), the exchange's
    /// own elsewhere; `None` when it has none.
    pub(crate) fn cooldown_of(&self, exchange: ExchangeId) -> Option<std::time::Duration> {
        if exchange == self.exchange.id() {
            return Some(self.config.dust_cooldown).filter(|d| !d.is_zero());
        }
        self.exchanges
            .get(exchange)
            .and_then(|e| e.capabilities().small_balance.as_ref())
            .and_then(|s| s.cooldown)
            .filter(|d| !d.is_zero())
    }

    /// The reply for an error, logged here once with its whole cause chain (the layers
    /// below return errors without logging them).
    pub(crate) fn error_reply(&self, e: &ServiceError) -> Reply {
        match e {
            ServiceError::Store(cause) => {
                tracing::error!(error = %crate::ports::error_chain(cause), "storage failure")
            }
            ServiceError::Exchange(cause) => {
                tracing::warn!(error = %crate::ports::error_chain(cause), "exchange error")
            }
            _ => {}
        }
        Reply::text(e.text())
    }
}
