//! The one shared dust-conversion service: every frontend and every user goes through it.
//! It returns platform-neutral [`reply::Reply`] values and never imports a platform,
//! HTTP or database crate.

pub mod access;
pub mod account;
pub mod admission;
pub mod arming;
pub mod buttons;
pub mod chart;
pub mod command;
pub mod convert;
pub mod currency;
pub mod deps;
pub mod dust;
pub mod export;
pub mod format;
pub mod health;
pub mod held;
pub mod history;
pub mod keycheck;
pub mod model;
pub mod operations;
pub mod operator;
pub mod outbox;
pub mod pending;
pub mod plan;
pub mod planner;
pub mod reconcile;
pub mod reminders;
pub mod sell;
pub use crate::reply;
pub mod settings;
pub mod stored;
pub mod suggest;
pub mod swap;
pub mod swap_settle;
pub mod sweep;
pub mod throttle;
pub mod view;

use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Utc};
use secrecy::SecretString;

use crate::metrics::Outcome;
use crate::ports::requester::on_behalf_of;
use crate::ports::{Clock, Exchange, KeyStore, Notifier, Store, UserRecord};
use account::{Accounts, ConnectArgs};
use admission::Throttles;
use chart::Charts;
use command::Command;
use convert::DustBatches;
use deps::Deps;
use dust::{DustReport, Reports};
use export::Exports;
use health::Health;
use history::Histories;
use operations::press::Press;
use operator::Operators;
use outbox::Outbox;
use reconcile::Reconciles;
use reminders::Reminders;
use reply::{Reply, Text};
use settings::SettingsUseCase;
use suggest::{AssetField, Suggestions};
use swap::Swaps;

use crate::service::arming::Arming;
use crate::service::operations::settle::Settles;
pub use model::{
    CLOCK_MARGIN, CONFIRM_TTL, Caller, ChannelKind, DIALOGUE_TTL, DUST_LOG_FRESH, HealthReport,
    Probe, RECONCILE_GIVE_UP, RECONCILE_GRACE, SELECTION_TTL, ServiceConfig, ServiceError,
    exchange_error_text,
};

/// The shared service: the facade every frontend, the scheduler and the bench call.
pub struct Service {
    deps: Deps,
    /// Who may use the bot, checked before anything of the caller is stored.
    gate: access::Gate,
}

impl std::fmt::Debug for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Service")
            .field("config", &self.deps.config)
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
        Self {
            // Nobody but the console's user until told otherwise.
            gate: access::Gate::new(access::AccessPolicy::default()),
            deps: Deps::new(exchange, store, keys, clock, config),
        }
    }

    /// The same service, letting users connect `exchange` too (the first exchange, given
    /// to [`Service::new`], stays the default).
    pub fn with_exchange(mut self, exchange: Arc<dyn Exchange>) -> Self {
        self.deps.register_exchange(exchange);
        self
    }

    /// The ids of the exchanges users may connect, the default first.
    pub fn exchange_ids(&self) -> Vec<crate::domain::ExchangeId> {
        self.deps.exchanges.ids()
    }

    /// The same service, letting in whom `policy` allows.
    pub fn with_access(mut self, policy: access::AccessPolicy) -> Self {
        self.gate = access::Gate::new(policy);
        self
    }

    /// The configuration.
    pub fn config(&self) -> &ServiceConfig {
        &self.deps.config
    }

    /// Takes turns through `turns` (several instances on one database: `shared` true).
    pub fn with_turns(mut self, turns: Arc<dyn crate::ports::Turns>, shared: bool) -> Self {
        self.deps.turns = turns;
        self.deps.shared_database = shared;
        if shared {
            self.deps.reminder_batch = model::SHARED_REMINDER_BATCH;
        }
        self
    }

    /// Claims older than `timeout` belong to a sender that died (`DUSTPAN_CLAIM_TIMEOUT`).
    pub fn with_claim_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.deps.claim_timeout = timeout;
        self
    }

    /// Reminders claimed per scheduler step.
    pub fn reminder_batch(&self) -> u32 {
        self.deps.reminder_batch
    }

    /// Waits for the caller's turn. Held for the whole update, exchange calls included:
    /// that is the order one instance already keeps (its per-chat workers handle a chat's
    /// updates one after the other), so a screen and the press on it meet the same state
    /// on any instance. Taking the turn only around the store's reads and writes would
    /// let a second /convert build its screen while the first is still being confirmed.
    /// The exchange client's timeouts bound how long it is held; refusals that need no
    /// state (access, throttle) are answered before it.
    async fn turn(&self, caller: &Caller) -> crate::ports::Turn {
        let key = crate::ports::turns::user_turn_key(caller.platform, &caller.platform_user_id);
        self.deps.turns.user_turn(key).await
    }

    /// Counts into `metrics` (the app's registry) instead of a detached one.
    pub fn with_metrics(mut self, metrics: crate::metrics::Metrics) -> Self {
        self.deps.metrics = metrics;
        self
    }

    /// The operator's counters, shared with the frontends and the exchange client.
    pub fn metrics(&self) -> &crate::metrics::Metrics {
        &self.deps.metrics
    }

    /// The health report (database writable, exchange reachable, frontends, oldest
    /// unsettled operation), for `/healthz` and the admin `/health`.
    pub async fn health(&self) -> HealthReport {
        self.deps.health().await
    }

    /// Reads the open operations by state into the metrics (before a scrape).
    pub async fn observe_operations(&self) {
        self.deps.observe_operations().await
    }

    /// A user's language, for rendering (their client's, or English, when not a user yet).
    pub async fn language_of(&self, caller: &Caller) -> String {
        match self
            .deps
            .store
            .user(caller.platform, &caller.platform_user_id, false)
            .await
        {
            Ok(Some(u)) => u.language,
            // Not a user yet: their client's language, as they would be created in.
            _ => caller
                .language_hint
                .as_deref()
                .and_then(|h| crate::i18n::locales().best_for(h))
                .unwrap_or(crate::i18n::DEFAULT_LANGUAGE)
                .to_owned(),
        }
    }

    /// Whether the caller has a stored exchange key.
    pub async fn is_connected(&self, caller: &Caller) -> bool {
        match self
            .deps
            .store
            .user(caller.platform, &caller.platform_user_id, false)
            .await
        {
            Ok(Some(u)) => matches!(
                self.deps.keys.load(u.id, self.deps.exchange.id()).await,
                Ok(Some(_))
            ),
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
        if let Some(refused) = self.gate.check(caller, false, self.deps.now()) {
            return refused;
        }
        let result = async {
            let user = self.deps.user(caller).await?;
            self.deps
                .connect(&user, command::CredentialInput::new(key, secret))
                .await
        }
        .await;
        result.unwrap_or_else(|e| self.deps.error_reply(&e))
    }

    /// Marks the caller unreachable (they blocked the bot) or reachable again (an unblock
    /// update). Unknown users are not created.
    pub async fn set_reachable(&self, caller: &Caller, reachable: bool) {
        if !reachable && !caller.is_private() {
            // A group that refuses the bot (kicked, muted) says nothing about the user's
            // private chat, where reminders go.
            tracing::info!("a group chat refused a message; the user stays reachable");
            return;
        }
        if let Ok(Some(user)) = self
            .deps
            .store
            .user(caller.platform, &caller.platform_user_id, false)
            .await
            && user.blocked == reachable
            && let Err(e) = self.deps.store.set_blocked(user.id, !reachable).await
        {
            tracing::error!(error = %crate::ports::error_chain(&e), "cannot record reachability");
        }
    }

    /// Whether messages may be sent to the caller (false after they blocked the bot).
    pub async fn is_reachable(&self, caller: &Caller) -> bool {
        !matches!(
            self.deps
                .store
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
            None if self.deps.looks_like_bare_key(text.trim()) => true,
            None => match self
                .deps
                .store
                .user(caller.platform, &caller.platform_user_id, false)
                .await
            {
                Ok(Some(user)) => matches!(
                    self.deps.store.dialogue(user.id, self.deps.now()).await,
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
        self.run(caller, command::parse(text), text).await
    }

    /// Handles a command a frontend has already parsed (a typed slash command), in a span
    /// naming it and, once known, dustpan's id of the user.
    #[tracing::instrument(
        name = "command",
        skip_all,
        fields(platform = ?caller.platform, command = tracing::field::Empty, user = tracing::field::Empty)
    )]
    pub async fn handle_command(&self, caller: &Caller, cmd: Command) -> Reply {
        self.run(caller, Some(cmd), "").await
    }

    /// A command, or plain `text` when there is none (an answer to a guided form).
    async fn run(&self, caller: &Caller, cmd: Option<Command>, text: &str) -> Reply {
        if let Some(refused) = self.gate.check(caller, false, self.deps.now()) {
            return refused;
        }
        let who = throttle::user_key(caller);
        let (kind, started) = (cmd.as_ref().map_or("none", command_name), Instant::now());
        if let Some(refused) = self.deps.admit(who, false) {
            self.deps
                .metrics
                .command(kind, Outcome::Throttled, started.elapsed());
            return refused;
        }
        tracing::Span::current().record("command", kind);
        if !matches!(cmd, Some(Command::Dust)) {
            self.deps.dust_memo.forget(who);
        }
        let _turn = self.turn(caller).await;
        let result = on_behalf_of(who, async {
            match cmd {
                Some(cmd) => self.command(caller, cmd).await,
                None => self.deps.plain_text(caller, text).await,
            }
        })
        .await;
        let outcome = if result.is_ok() {
            Outcome::Ok
        } else {
            Outcome::Error
        };
        self.deps.metrics.command(kind, outcome, started.elapsed());
        result.unwrap_or_else(|e| self.deps.error_reply(&e))
    }

    /// Handles credentials entered in one form (a Discord modal's submit), in a span that
    /// names none of them: checked and stored as `/connect KEY SECRET` would be.
    #[tracing::instrument(
        name = "credentials",
        skip_all,
        fields(platform = ?caller.platform, user = tracing::field::Empty)
    )]
    pub async fn submit_credentials(
        &self,
        caller: &Caller,
        input: command::CredentialInput,
    ) -> Reply {
        if let Some(refused) = self.gate.check(caller, false, self.deps.now()) {
            return refused;
        }
        let who = throttle::user_key(caller);
        if let Some(refused) = self.deps.admit(who, false) {
            return refused;
        }
        let _turn = self.turn(caller).await;
        let result = on_behalf_of(who, async {
            let user = self.deps.user(caller).await?;
            tracing::Span::current().record("user", user.id);
            self.deps.submit_form(caller, &user, input).await
        })
        .await;
        result.unwrap_or_else(|e| self.deps.error_reply(&e))
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
        if let Some(refused) = self.gate.check(caller, true, self.deps.now()) {
            return refused;
        }
        let who = throttle::user_key(caller);
        let kind = convert::ButtonAction::parse(token).map_or("unknown", |a| action_name(&a));
        if let Some(refused) = self.deps.admit(who, true) {
            self.deps.metrics.press(kind, Outcome::Throttled);
            return refused;
        }
        self.deps.dust_memo.forget(who);
        let _turn = self.turn(caller).await;
        let result = on_behalf_of(who, self.press(caller, token)).await;
        let outcome = if result.is_ok() {
            Outcome::Ok
        } else {
            Outcome::Error
        };
        self.deps.metrics.press(kind, outcome);
        result.unwrap_or_else(|e| self.deps.error_reply(&e))
    }

    async fn command(&self, caller: &Caller, cmd: Command) -> Result<Reply, ServiceError> {
        let user = self.deps.user(caller).await?;
        tracing::Span::current().record("user", user.id);
        if !matches!(cmd, Command::Connect { .. }) {
            // Any command leaves a guided form.
            self.deps.clear_dialogue(&user).await?;
        }
        if user.blocked {
            // Writing to the bot again means they are back.
            self.deps.store.set_blocked(user.id, false).await?;
        }
        match cmd {
            Command::Start => self.deps.start(&user).await,
            // Replies that show nothing of the account may be seen by the whole chat; every
            // other reply stays private (the default).
            Command::Help => Ok(Reply::text(Text::new("help")).for_chat()),
            Command::Connect {
                exchange,
                key,
                secret,
                passphrase,
            } => {
                let given = ConnectArgs {
                    exchange,
                    key,
                    secret,
                    passphrase,
                };
                self.deps.connect_command(caller, &user, given).await
            }
            Command::Disconnect(exchange) => self.deps.disconnect(&user, exchange).await,
            Command::Forget => self.deps.forget(&user).await,
            Command::Dust => {
                self.deps
                    .dust_shared(throttle::user_key(caller), &user)
                    .await
            }
            Command::DustOn(exchange) => self.deps.dust_on(&user, exchange).await,
            Command::DustChart(exchange) => self.deps.dust_chart(&user, exchange).await,
            Command::Convert(args) => self.deps.convert_command(&user, args).await,
            Command::Swap(Ok(args)) => self.deps.swap_command(&user, args).await,
            Command::Cooldown => self.deps.cooldown(&user).await,
            Command::History => self.deps.history(&user, None).await,
            Command::HistoryOn(exchange) => self.deps.history(&user, Some(exchange)).await,
            Command::Cancel => Ok(Reply::text(Text::new("cancelled")).for_chat()),
            Command::Settings(Ok(args)) => self.deps.settings_command(&user, args).await,
            Command::Swap(Err(refused)) | Command::Settings(Err(refused)) => {
                Ok(Reply::text(refused.0))
            }
            Command::Language(choice) => self.deps.language(&user, choice).await,
            Command::Privacy => Ok(Reply::text(Text::new("privacy")).for_chat()),
            Command::Export(period) => self.deps.export(&user, period).await,
            // To anyone but an operator, exactly the unknown-command answer.
            Command::Operator(op) if !self.gate.policy().is_admin(caller) => {
                Ok(Reply::text(Text::new("unknown-command").arg("command", op.name())).for_chat())
            }
            Command::Operator(command::OperatorCommand::Stats) => self.deps.stats().await,
            Command::Operator(command::OperatorCommand::Health) => Ok(Reply::message(
                view::health::health(&self.deps.health().await),
            )),
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
            .deps
            .store
            .user(caller.platform, &caller.platform_user_id, false);
        let on_operation = !matches!(
            &action,
            convert::ButtonAction::ConvertNow(_)
                | convert::ButtonAction::Snooze(..)
                | convert::ButtonAction::StopReminders(_)
                | convert::ButtonAction::Setting(..)
                | convert::ButtonAction::Language(..)
                | convert::ButtonAction::Chart
                | convert::ButtonAction::ConnectExchange(..)
        );
        if !on_operation {
            let Some(user) = find_user.await? else {
                return Ok(not_yours());
            };
            tracing::Span::current().record("user", user.id);
            return match &action {
                convert::ButtonAction::Setting(token, what) => {
                    self.deps.setting_press(&user, token, *what).await
                }
                convert::ButtonAction::Language(token, index) => {
                    self.deps.language_press(&user, token, *index).await
                }
                convert::ButtonAction::Chart => self.deps.dust_chart(&user, None).await,
                convert::ButtonAction::ConnectExchange(token, index) => {
                    self.deps.connect_press(caller, &user, token, *index).await
                }
                _ => self.deps.reminder_press(&user, action).await,
            };
        }
        // Both reads at once: the user, and the operation the token names.
        let (user, op) = tokio::join!(find_user, self.deps.store.operation(action.operation_id()));
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
        self.deps.press_action(&user, op, action).await
    }

    /// Reconciles every operation left in flight (after a restart). Returns how many were
    /// resolved.
    pub async fn recover(&self) -> usize {
        // One instance reconciles at a time (the others skip this round), and each
        // operation under its user's turn: never beside that user's own command on any
        // instance. A busy user's operations are settled by their command, or next round.
        let Some(_job) = self.deps.turns.try_job("reconcile").await else {
            return 0;
        };
        let ops = match self.deps.store.inflight_operations(None).await {
            Ok(ops) => ops,
            Err(e) => {
                tracing::error!(error = %crate::ports::error_chain(&e), "cannot list operations in flight");
                return 0;
            }
        };
        let mut resolved = 0;
        for op in ops {
            let _turn = match self.deps.store.user_by_id(op.user_id).await {
                Ok(Some(user)) => {
                    let key =
                        crate::ports::turns::user_turn_key(user.platform, &user.platform_user_id);
                    match self.deps.turns.try_user_turn(key).await {
                        Some(turn) => turn,
                        None => continue,
                    }
                }
                _ => crate::ports::Turn::free(),
            };
            match self.deps.reconcile(&op).await {
                Ok(true) => resolved += 1,
                Ok(false) => {}
                Err(e) => {
                    tracing::warn!(op = %op.id, error = %crate::ports::error_chain(&e), "reconcile failed; will retry")
                }
            }
        }
        resolved
    }
    /// Stores a key pair for `user` after checking it with the exchange.
    pub async fn connect(
        &self,
        user: &UserRecord,
        input: command::CredentialInput,
    ) -> Result<Reply, ServiceError> {
        self.deps.connect(user, input).await
    }

    /// The `/dust` report of `user`.
    pub async fn dust_report(&self, user: &UserRecord) -> Result<DustReport, ServiceError> {
        self.deps.dust_report(user).await
    }

    /// Reads the exchange's dust log into the store.
    pub async fn sync_dust_log(&self, user: &UserRecord) -> Result<(), ServiceError> {
        self.deps.sync_dust_log(user).await
    }

    /// When the next outbox row is due, if any.
    pub async fn next_outbox_due(&self) -> Option<DateTime<Utc>> {
        self.deps.next_outbox_due().await
    }

    /// Woken when a reminder is armed, so the scheduler recomputes its next wake-up.
    pub fn reminder_wakeup(&self) -> &tokio::sync::Notify {
        self.deps.reminder_wakeup()
    }

    /// Releases reminder claims left by a step that stopped.
    pub async fn release_reminder_claims(&self, now: DateTime<Utc>) {
        self.deps.release_reminder_claims(now).await
    }

    /// Purges what has expired.
    pub async fn purge_expired(&self, now: DateTime<Utc>) {
        self.deps.purge_expired(now).await
    }

    /// Runs the reminders due at `now`, reaching users through `notifiers`.
    pub async fn run_due_reminders(
        &self,
        now: DateTime<Utc>,
        notifiers: &[Arc<dyn Notifier>],
    ) -> reminders::StepReport {
        let step = self.deps.run_due_reminders(now, notifiers).await;
        let due = step.handled() - step.reports;
        let m = &self.deps.metrics;
        m.reminder_step(due, step.sent + step.swept, step.retried + step.disabled);
        step
    }

    /// When the next reminder is due, if any.
    pub async fn next_reminder_due(&self) -> Option<DateTime<Utc>> {
        self.deps.next_reminder_due().await
    }

    /// Values for an asset option matching what the caller has typed so far (autocomplete):
    /// never an error, never stored, the exchange asked at most as the caches allow.
    pub async fn suggest_assets(
        &self,
        caller: &Caller,
        field: AssetField,
        typed: &str,
    ) -> Vec<String> {
        // A stranger is offered nothing (the refusal comes when they send the command).
        if !self.gate.policy().allows(caller) {
            return Vec::new();
        }
        self.deps.suggest_assets(caller, field, typed).await
    }
}

/// A command's name, for its span (never its arguments: `/connect` carries a key).
fn command_name(cmd: &Command) -> &'static str {
    match cmd {
        Command::Start => "start",
        Command::Help => "help",
        Command::Connect { .. } => "connect",
        Command::Disconnect(_) => "disconnect",
        Command::Forget => "forget",
        Command::Dust | Command::DustOn(_) => "dust",
        Command::DustChart(_) => "dust_chart",
        Command::Convert(_) => "convert",
        Command::Swap(_) => "swap",
        Command::Cooldown => "cooldown",
        Command::History | Command::HistoryOn(_) => "history",
        Command::Cancel => "cancel",
        Command::Settings(_) => "settings",
        Command::Language(_) => "language",
        Command::Privacy => "privacy",
        Command::Export(_) => "export",
        Command::Operator(op) => op.name(),
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
        A::Language(..) => "language",
        A::Chart => "chart",
        A::ConnectExchange(..) => "connect_exchange",
    }
}

fn stale_button() -> Reply {
    Reply::default().with_notice(Text::new("button-stale"))
}

fn not_yours() -> Reply {
    Reply::default().with_notice(Text::new("button-not-yours"))
}
