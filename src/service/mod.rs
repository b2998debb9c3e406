//! The one shared dust-conversion service: every frontend and every user goes through it.
//! It returns platform-neutral [`reply::Reply`] values and never imports a platform,
//! HTTP or database crate.

pub mod account;
pub mod buttons;
pub mod command;
pub mod convert;
pub mod currency;
pub mod dust;
pub mod format;
pub mod history;
pub mod operations;
pub mod outbox;
pub mod plan;
pub mod planner;
pub mod quote;
pub mod reconcile;
pub mod reminders;
pub mod sell;
pub use crate::reply;
pub mod settings;
pub mod swap;
pub mod swap_settle;
pub mod sweep;
pub mod throttle;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use secrecy::SecretString;

use crate::domain::{Credentials, Platform};
use crate::ports::requester::on_behalf_of;
use crate::ports::{
    Clock, Exchange, ExchangeError, KeyStore, KeyStoreError, Refusal, Store, StoreFailure,
    UserRecord,
};
use command::Command;
use reply::{Reply, Text};

/// How long a Confirm button stays valid.
pub const CONFIRM_TTL: Duration = Duration::from_secs(120);
/// How long a `/convert` selection stays editable.
pub const SELECTION_TTL: Duration = Duration::from_secs(600);
/// How long a guided `/connect` waits for the next answer.
pub const DIALOGUE_TTL: Duration = Duration::from_secs(600);
/// How long after sending an unknown-outcome conversion it may still appear in the dust
/// log before it is taken as not executed (shared/security.md §3.2 step 4).
pub const RECONCILE_GRACE: Duration = Duration::from_secs(180);
/// How long after sending dustpan waits for the exchange to confirm an operation's outcome.
/// After it, any operation still unconfirmed (a dust batch absent from the log whose assets
/// are gone, an order nobody can look up), whether or not the exchange can be asked, is
/// closed as unresolved: the user is never locked out, and is pointed to /history and the
/// exchange's own app.
pub const RECONCILE_GIVE_UP: Duration = Duration::from_secs(30 * 60);
/// A dust log read this recently counts as read "before the conversion" at Confirm: the
/// confirm screen was built on it. A conversion made elsewhere in between is still refused
/// by the exchange (-5006), which is handled.
pub const DUST_LOG_FRESH: Duration = Duration::from_secs(30);
/// Allowance for clock skew between dustpan and the exchange when matching log records.
pub const CLOCK_MARGIN: Duration = Duration::from_secs(120);

/// The service's tunables.
#[derive(Debug, Clone)]
pub struct ServiceConfig {
    /// Small Asset Convert cooldown.
    pub dust_cooldown: Duration,
    /// Refuse keys without an IP allow-list (`DUSTPAN_REQUIRE_IP_RESTRICTED`).
    pub require_ip_restricted: bool,
    /// Commands per minute one user may send, sustained (`throttle`).
    pub user_commands_per_min: u32,
    /// Commands one user may send at once.
    pub user_command_burst: u32,
}

/// Who sent a message or pressed a button.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// Platform.
    pub platform: Platform,
    /// The user's id on it.
    pub platform_user_id: String,
    /// Whether the conversation is private (secrets are accepted only there).
    pub private_chat: bool,
}

/// Something a user can act on.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum ServiceError {
    /// No exchange key is connected.
    #[error("no exchange key connected")]
    NotConnected,
    /// The stored key does not decrypt.
    #[error("stored key cannot be decrypted")]
    KeyUnreadable,
    /// The bot has no master key to store keys with.
    #[error("no master key configured")]
    NoMasterKey,
    /// The exchange said no, or could not be reached.
    #[error(transparent)]
    Exchange(#[from] ExchangeError),
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreFailure),
}

impl From<KeyStoreError> for ServiceError {
    fn from(e: KeyStoreError) -> Self {
        match e {
            KeyStoreError::NotConfigured => Self::NoMasterKey,
            KeyStoreError::Undecryptable => Self::KeyUnreadable,
            KeyStoreError::Failure(m) => Self::Store(StoreFailure(m)),
        }
    }
}

impl ServiceError {
    /// The sentence a user sees.
    pub fn text(&self) -> Text {
        match self {
            Self::NotConnected => Text::new("error-not-connected"),
            Self::KeyUnreadable => Text::new("error-key-unreadable"),
            Self::NoMasterKey => Text::new("error-no-master-key"),
            Self::Exchange(e) => exchange_error_text(e),
            Self::Store(_) => Text::new("error-internal"),
        }
    }
}

/// The sentence for an exchange error.
pub fn exchange_error_text(e: &ExchangeError) -> Text {
    match e {
        ExchangeError::Unauthorized {
            reason: Refusal::NoConvertAccess,
            ..
        } => Text::new("error-exchange-not-authorized"),
        ExchangeError::Unauthorized { .. } => Text::new("error-exchange-key-refused"),
        ExchangeError::RateLimited { retry_after, .. } => {
            Text::new("error-exchange-busy").int("seconds", retry_after.as_secs().max(1) as i64)
        }
        ExchangeError::Rejected { code, msg, .. } => Text::new("error-exchange-rejected")
            .arg("code", code)
            .arg("message", msg),
        ExchangeError::OutcomeUnknown(_) => Text::new("error-exchange-outcome-unknown"),
        ExchangeError::Unavailable(_) | ExchangeError::InvalidResponse(_) => {
            Text::new("error-exchange-unavailable")
        }
        ExchangeError::UserBudget { retry_after } => Text::new("error-exchange-busy-for-you")
            .int("seconds", retry_after.as_secs().max(1) as i64),
    }
}

/// The shared service.
pub struct Service {
    exchange: Arc<dyn Exchange>,
    store: Arc<dyn Store>,
    keys: Arc<dyn KeyStore>,
    clock: Arc<dyn Clock>,
    config: ServiceConfig,
    /// Half-entered keys of the guided `/connect`, in memory only: a secret never rests
    /// unencrypted on disk. Lost on restart; the user is asked to start again.
    pending_keys: Mutex<HashMap<i64, (SecretString, DateTime<Utc>)>>,
    /// Woken when a reminder is armed, so the scheduler recomputes its next wake-up.
    reminder_wakeup: tokio::sync::Notify,
    /// Convert precision (`convert/assetInfo`, weight 100), shared, with when it was read.
    fractions: Mutex<Option<(DateTime<Utc>, swap::Fractions)>>,
    /// When each user's dust log was last read (in memory: a hint that saves a request).
    dust_log_read: Mutex<HashMap<i64, DateTime<Utc>>>,
    /// When each user's key permissions were last read and found fit (in memory: after a
    /// restart the first money operation reads them again).
    key_checked: Mutex<HashMap<i64, DateTime<Utc>>>,
    /// Commands per user (`throttle`).
    commands: throttle::CommandBucket,
    /// Each user's last `/dust` (`throttle`).
    dust_memo: throttle::DustMemo,
}

impl std::fmt::Debug for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Service")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Service {
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
        }
    }

    /// The configuration.
    pub fn config(&self) -> &ServiceConfig {
        &self.config
    }

    fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// A user's language, for rendering (English when unknown).
    pub async fn language_of(&self, caller: &Caller) -> String {
        match self
            .store
            .user(caller.platform, &caller.platform_user_id, false)
            .await
        {
            Ok(Some(u)) => u.language,
            _ => crate::i18n::DEFAULT_LANGUAGE.to_owned(),
        }
    }

    async fn user(&self, caller: &Caller) -> Result<UserRecord, ServiceError> {
        self.store
            .user(caller.platform, &caller.platform_user_id, true)
            .await?
            .ok_or_else(|| ServiceError::Store(StoreFailure("user vanished".into())))
    }

    async fn credentials(&self, user: &UserRecord) -> Result<Credentials, ServiceError> {
        self.keys
            .load(user.id, self.exchange.id())
            .await?
            .ok_or(ServiceError::NotConnected)
    }

    /// Whether the caller has a stored exchange key.
    pub async fn is_connected(&self, caller: &Caller) -> bool {
        match self
            .store
            .user(caller.platform, &caller.platform_user_id, false)
            .await
        {
            Ok(Some(u)) => matches!(self.keys.load(u.id, self.exchange.id()).await, Ok(Some(_))),
            _ => false,
        }
    }

    /// Connects a key pair for the caller without a chat message (the demo's own key).
    pub async fn connect_caller(
        &self,
        caller: &Caller,
        key: SecretString,
        secret: SecretString,
    ) -> Reply {
        let result = async {
            let user = self.user(caller).await?;
            self.connect(&user, key, secret).await
        }
        .await;
        result.unwrap_or_else(|e| self.error_reply(&e))
    }

    /// Marks the caller unreachable (they blocked the bot) or reachable again (an unblock
    /// update). Unknown users are not created.
    pub async fn set_reachable(&self, caller: &Caller, reachable: bool) {
        if !reachable && !caller.private_chat {
            // A group that refuses the bot (kicked, muted) says nothing about the user's
            // private chat, where reminders go.
            tracing::info!("a group chat refused a message; the user stays reachable");
            return;
        }
        if let Ok(Some(user)) = self
            .store
            .user(caller.platform, &caller.platform_user_id, false)
            .await
            && user.blocked == reachable
            && let Err(e) = self.store.set_blocked(user.id, !reachable).await
        {
            tracing::error!(%e, "cannot record reachability");
        }
    }

    /// Whether messages may be sent to the caller (false after they blocked the bot).
    pub async fn is_reachable(&self, caller: &Caller) -> bool {
        !matches!(
            self.store
                .user(caller.platform, &caller.platform_user_id, false)
                .await,
            Ok(Some(UserRecord { blocked: true, .. }))
        )
    }

    /// Whether `text` carries key material (a `/connect` with arguments, an answer to the
    /// guided form, or text shaped exactly like a Binance key or secret): the frontend deletes such a message at
    /// once, before it is handled.
    pub async fn carries_secret(&self, caller: &Caller, text: &str) -> bool {
        match command::parse(text) {
            Some(Command::Connect { key, .. }) => key.is_some(),
            Some(_) => false,
            None if self.looks_like_bare_key(text.trim()) => true,
            None => match self
                .store
                .user(caller.platform, &caller.platform_user_id, false)
                .await
            {
                Ok(Some(user)) => matches!(
                    self.store.dialogue(user.id, self.now()).await,
                    Ok(Some(state)) if state.starts_with("connect:")
                ),
                _ => false,
            },
        }
    }

    /// Handles a typed message, in a span naming the command (never the text: it may
    /// carry a key) and, once known, dustpan's id of the user.
    #[tracing::instrument(
        name = "text",
        skip_all,
        fields(platform = ?caller.platform, command = tracing::field::Empty, user = tracing::field::Empty)
    )]
    pub async fn handle_text(&self, caller: &Caller, text: &str) -> Reply {
        let who = throttle::user_key(caller);
        if let Some(refused) = self.admit(who, false) {
            return refused;
        }
        let cmd = command::parse(text);
        tracing::Span::current().record("command", cmd.as_ref().map_or("none", command_name));
        if !matches!(cmd, Some(Command::Dust)) {
            self.dust_memo.forget(who);
        }
        let result = on_behalf_of(who, async {
            match cmd {
                Some(cmd) => self.command(caller, cmd).await,
                None => self.plain_text(caller, text).await,
            }
        })
        .await;
        result.unwrap_or_else(|e| self.error_reply(&e))
    }

    /// Handles a button press carrying `token`, in a span naming the button's action and,
    /// once known, dustpan's id of the user.
    #[tracing::instrument(
        name = "press",
        skip_all,
        fields(
            platform = ?caller.platform,
            action = convert::ButtonAction::parse(token).as_ref().map_or("unknown", action_name),
            user = tracing::field::Empty,
        )
    )]
    pub async fn handle_press(&self, caller: &Caller, token: &str) -> Reply {
        let who = throttle::user_key(caller);
        if let Some(refused) = self.admit(who, true) {
            return refused;
        }
        self.dust_memo.forget(who);
        on_behalf_of(who, self.press(caller, token))
            .await
            .unwrap_or_else(|e| self.error_reply(&e))
    }

    fn error_reply(&self, e: &ServiceError) -> Reply {
        match e {
            ServiceError::Store(cause) => tracing::error!(%cause, "storage failure"),
            ServiceError::Exchange(cause) => tracing::warn!(%cause, "exchange error"),
            _ => {}
        }
        Reply::text(e.text())
    }

    async fn command(&self, caller: &Caller, cmd: Command) -> Result<Reply, ServiceError> {
        let user = self.user(caller).await?;
        tracing::Span::current().record("user", user.id);
        if !matches!(cmd, Command::Connect { .. }) {
            // Any command leaves a guided form.
            self.clear_dialogue(&user).await?;
        }
        if user.blocked {
            // Writing to the bot again means they are back.
            self.store.set_blocked(user.id, false).await?;
        }
        match cmd {
            Command::Start => self.start(&user).await,
            // Replies that show nothing of the account may be seen by the whole chat; every
            // other reply stays private (the default).
            Command::Help => Ok(Reply::text(Text::new("help")).for_chat()),
            Command::Connect { key, secret } => {
                self.connect_command(caller, &user, key, secret).await
            }
            Command::Disconnect => self.disconnect(&user).await,
            Command::Forget => self.forget(&user).await,
            Command::Dust => self.dust_shared(throttle::user_key(caller), &user).await,
            Command::Convert(args) => self.convert_command(&user, args).await,
            Command::Swap(args) => self.swap_command(&user, args).await,
            Command::Cooldown => self.cooldown(&user).await,
            Command::History => self.history(&user).await,
            Command::Cancel => Ok(Reply::text(Text::new("cancelled")).for_chat()),
            Command::Settings(args) => self.settings_command(&user, args).await,
            Command::Language(choice) => self.language(&user, choice).await,
            Command::Privacy => Ok(Reply::text(Text::new("privacy")).for_chat()),
            Command::Unknown(name) => {
                Ok(Reply::text(Text::new("unknown-command").arg("command", name)).for_chat())
            }
        }
    }

    async fn press(&self, caller: &Caller, token: &str) -> Result<Reply, ServiceError> {
        let Some(action) = convert::ButtonAction::parse(token) else {
            return Ok(stale_button());
        };
        // A press never creates a user: a stranger's press changes nothing.
        let find_user = self
            .store
            .user(caller.platform, &caller.platform_user_id, false);
        let on_operation = !matches!(
            &action,
            convert::ButtonAction::ConvertNow(_)
                | convert::ButtonAction::Snooze(..)
                | convert::ButtonAction::StopReminders(_)
                | convert::ButtonAction::Setting(..)
        );
        if !on_operation {
            let Some(user) = find_user.await? else {
                return Ok(not_yours());
            };
            tracing::Span::current().record("user", user.id);
            return match &action {
                convert::ButtonAction::Setting(token, what) => {
                    self.setting_press(&user, token, *what).await
                }
                _ => self.reminder_press(&user, action).await,
            };
        }
        // Both reads at once: the user, and the operation the token names.
        let (user, op) = tokio::join!(find_user, self.store.operation(action.operation_id()));
        let Some(user) = user? else {
            return Ok(not_yours());
        };
        tracing::Span::current().record("user", user.id);
        let Some(op) = op? else {
            return Ok(stale_button());
        };
        if op.user_id != user.id {
            return Ok(not_yours());
        }
        self.press_action(&user, op, action).await
    }

    /// Reconciles every operation left in flight (after a restart). Returns how many were
    /// resolved.
    pub async fn recover(&self) -> usize {
        let ops = match self.store.inflight_operations(None).await {
            Ok(ops) => ops,
            Err(e) => {
                tracing::error!(%e, "cannot list operations in flight");
                return 0;
            }
        };
        let mut resolved = 0;
        for op in ops {
            match self.reconcile(&op).await {
                Ok(true) => resolved += 1,
                Ok(false) => {}
                Err(e) => tracing::warn!(op = %op.id, %e, "reconcile failed; will retry"),
            }
        }
        resolved
    }
}

/// A command's name, for its span (never its arguments: `/connect` carries a key).
fn command_name(cmd: &Command) -> &'static str {
    match cmd {
        Command::Start => "start",
        Command::Help => "help",
        Command::Connect { .. } => "connect",
        Command::Disconnect => "disconnect",
        Command::Forget => "forget",
        Command::Dust => "dust",
        Command::Convert(_) => "convert",
        Command::Swap(_) => "swap",
        Command::Cooldown => "cooldown",
        Command::History => "history",
        Command::Cancel => "cancel",
        Command::Settings(_) => "settings",
        Command::Language(_) => "language",
        Command::Privacy => "privacy",
        Command::Unknown(_) => "unknown",
    }
}

/// A button's action, for its span.
fn action_name(action: &convert::ButtonAction) -> &'static str {
    use convert::ButtonAction as A;
    match action {
        A::Toggle(..) => "toggle",
        A::Proceed(_) => "proceed",
        A::Confirm(_) => "confirm",
        A::Cancel(_) => "cancel",
        A::ConvertNow(_) => "convert_now",
        A::Snooze(..) => "snooze",
        A::StopReminders(_) => "stop_reminders",
        A::Setting(..) => "setting",
        A::PlanGo(_) => "plan_go",
        A::SwapInstead(..) => "swap_instead",
    }
}

fn stale_button() -> Reply {
    Reply::default().with_notice(Text::new("button-stale"))
}

fn not_yours() -> Reply {
    Reply::default().with_notice(Text::new("button-not-yours"))
}
