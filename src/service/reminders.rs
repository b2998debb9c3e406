//! Cooldown reminders (shared/security.md §4): armed when a conversion is recorded (ours or
//! one learned from the exchange's dust log), due at its time plus the cooldown, claimed
//! before sending, sent once per cooldown only when the dust is worth it, and paced by the
//! platform's notifier. Also auto-sweep, snooze and stop.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveTime, TimeZone, Utc};
use rust_decimal::Decimal;

use crate::ports::{
    ExchangeError, Notifier, NotifyError, ReminderRecord, ReminderStatus, UserRecord,
};
use crate::service::buttons::ButtonAction;
use crate::service::convert::DustBatches;
use crate::service::currency::Shown;
use crate::service::model::CooldownState;
use crate::service::model::ServiceError;
use crate::service::outbox::Outbox;
use crate::service::reconcile::Reconciles;
use crate::service::reply::{Message, Reply, Text};
use crate::service::sweep::Sweeps;
use crate::service::view::reminders::{
    key_refused_message, reminder_message, snoozed_reply, stopped_reply,
};

use crate::service::arming::Arming;
use crate::service::deps::Deps;
pub use crate::service::model::{
    AUTO_SWEEP_MAX_FAILURES, EXCHANGE_RETRY, KEY_REFUSED, NO_KEY, PROTECTED_ASSETS, REMINDER_BATCH,
    STALE_CLAIM, StepReport,
};

/// What to do with a due reminder.
enum Decision {
    Disable(&'static str),
    Defer(DateTime<Utc>, &'static str),
    Send(Message, bool),
    /// An auto-sweep ran and its report is stored; the reminder is done, or due again at a
    /// time (re-armed after a cooldown refusal, the attempt counted when unexplained).
    Swept(Option<(DateTime<Utc>, bool)>),
    /// The exchange refused the key: stop, and say once to /connect again.
    KeyRefused,
}

fn chrono(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or_default()
}

/// Whether `now` falls in the user's quiet hours; if so, when they end.
pub fn quiet_until(user: &UserRecord, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let (start, end) = user.reminders.quiet?;
    if start == end {
        return None;
    }
    let tz: chrono_tz::Tz = user.timezone.parse().unwrap_or(chrono_tz::UTC);
    let local = now.with_timezone(&tz);
    let minute = u16::try_from(
        local
            .time()
            .signed_duration_since(NaiveTime::MIN)
            .num_minutes(),
    )
    .unwrap_or(0);
    let inside = if start < end {
        (start..end).contains(&minute)
    } else {
        minute >= start || minute < end
    };
    if !inside {
        return None;
    }
    let end_time = NaiveTime::from_hms_opt(u32::from(end / 60), u32::from(end % 60), 0)?;
    let mut day = local.date_naive();
    if end_time <= local.time() {
        day = day.succ_opt()?;
    }
    tz.from_local_datetime(&day.and_time(end_time))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// The reminders' schedule: due reminders run, and their buttons.
/// Called through this trait, imported by name, so each call shows.
pub(crate) trait Reminders {
    /// Returns every claimed reminder and stored message to pending (at start-up: their
    /// sender is gone).
    async fn release_reminder_claims(&self, now: DateTime<Utc>);

    /// Housekeeping: forgets selections and confirm screens that expired a day ago (their
    /// buttons then answer "no longer valid", as they would anyway), and delivered messages.
    async fn purge_expired(&self, now: DateTime<Utc>);

    /// When the next reminder or stored message is due, for the scheduler's sleep.
    async fn next_reminder_due(&self) -> Option<DateTime<Utc>>;

    /// One scheduler step: every reminder due at `now` is claimed, evaluated and delivered
    /// through the notifier of the user's platform; then every stored message due. A panic
    /// in one reminder fails that reminder only: it is logged and tried again later.
    async fn run_due_reminders(
        &self,
        now: DateTime<Utc>,
        notifiers: &[Arc<dyn Notifier>],
    ) -> StepReport;

    /// A press on a reminder's buttons.
    async fn reminder_press(
        &self,
        user: &UserRecord,
        action: ButtonAction,
    ) -> Result<Reply, ServiceError>;
}

impl Reminders for Deps {
    /// Returns every claimed reminder and stored message to pending (at start-up: their
    /// sender is gone).
    async fn release_reminder_claims(&self, now: DateTime<Utc>) {
        // Alone on the database, every claim is a previous run's. Shared, the claims of
        // the other instances are theirs: only claims older than the claim timeout are released
        // (their sender died, as every step does too).
        let before = if self.shared_database {
            now - chrono(self.claim_timeout)
        } else {
            now + chrono::Duration::milliseconds(1)
        };
        match self.store.release_stale_claims(before).await {
            Ok(0) => {}
            Ok(n) => tracing::warn!(n, "reminders claimed by a previous run will be sent again"),
            Err(e) => {
                tracing::error!(error = %crate::ports::error_chain(&e), "cannot release reminder claims")
            }
        }
        match self.store.release_stale_outbox(before).await {
            Ok(0) => {}
            Ok(n) => tracing::warn!(n, "messages claimed by a previous run will be sent again"),
            Err(e) => {
                tracing::error!(error = %crate::ports::error_chain(&e), "cannot release message claims")
            }
        }
    }

    /// Housekeeping: forgets selections and confirm screens that expired a day ago (their
    /// buttons then answer "no longer valid", as they would anyway), and delivered messages.
    async fn purge_expired(&self, now: DateTime<Utc>) {
        // One instance purges at a time; the others' turn comes an hour later.
        let Some(_job) = self.turns.try_job("purge").await else {
            return;
        };
        self.purge_outbox(now).await;
        let before = now - chrono::Duration::days(1);
        match self.store.purge_expired_operations(before).await {
            Ok(0) => {}
            Ok(n) => tracing::debug!(n, "purged expired operations"),
            Err(e) => {
                tracing::warn!(error = %crate::ports::error_chain(&e), "cannot purge expired operations")
            }
        }
    }

    /// When the next reminder or stored message is due, for the scheduler's sleep.
    async fn next_reminder_due(&self) -> Option<DateTime<Utc>> {
        let reminder = self.store.next_due().await.ok().flatten();
        let message = self.next_outbox_due().await;
        match (reminder, message) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// One scheduler step: every reminder due at `now` is claimed, evaluated and delivered
    /// through the notifier of the user's platform; then every stored message due. A panic
    /// in one reminder fails that reminder only: it is logged and tried again later.
    async fn run_due_reminders(
        &self,
        now: DateTime<Utc>,
        notifiers: &[Arc<dyn Notifier>],
    ) -> StepReport {
        let mut report = StepReport::default();
        if let Err(e) = self
            .store
            .release_stale_claims(now - chrono(self.claim_timeout))
            .await
        {
            tracing::error!(error = %crate::ports::error_chain(&e), "cannot release stale reminder claims");
        }
        // Claimed in one statement, a batch at a time: on PostgreSQL `FOR UPDATE SKIP
        // LOCKED` lets every instance claim its own batch at once, never the same row.
        let due = match self
            .store
            .claim_due_reminders(now, self.reminder_batch)
            .await
        {
            Ok(d) => d,
            Err(e) => {
                tracing::error!(error = %crate::ports::error_chain(&e), "cannot claim due reminders");
                return report;
            }
        };
        for reminder in due {
            let span =
                tracing::info_span!("reminder", reminder = reminder.id, user = reminder.user_id);
            tracing::Instrument::instrument(
                self.run_reminder(&reminder, now, notifiers, &mut report),
                span,
            )
            .await;
        }
        self.deliver_outbox(now, notifiers, &mut report).await;
        report
    }

    /// A press on a reminder's buttons.
    async fn reminder_press(
        &self,
        user: &UserRecord,
        action: ButtonAction,
    ) -> Result<Reply, ServiceError> {
        let Some(reminder) = self.store.reminder_by_token(action.operation_id()).await? else {
            return Ok(Reply::default().with_notice(Text::new("button-stale")));
        };
        if reminder.user_id != user.id {
            return Ok(Reply::default().with_notice(Text::new("button-not-yours")));
        }
        let now = self.now();
        match action {
            ButtonAction::ConvertNow(_) => {
                // On the exchange whose cooldown the reminder followed.
                let all = crate::service::command::ConvertArgs::On {
                    exchange: reminder.exchange,
                    args: Box::new(crate::service::command::ConvertArgs::All),
                };
                self.convert_command(user, all).await
            }
            ButtonAction::Snooze(_, hours) => {
                let at = now + chrono::Duration::hours(i64::from(hours));
                self.store
                    .set_reminder(reminder.id, ReminderStatus::Pending, Some(at), None, false)
                    .await?;
                self.reminder_wakeup.notify_one();
                Ok(snoozed_reply(at, &user.timezone))
            }
            _ => {
                let mut settings = user.reminders.clone();
                settings.enabled = false;
                self.store
                    .save_settings(
                        user.id,
                        &user.timezone,
                        user.min_worth_usdt,
                        &settings,
                        &user.prefs,
                    )
                    .await?;
                self.store
                    .set_reminder(
                        reminder.id,
                        ReminderStatus::Disabled,
                        None,
                        Some("stopped"),
                        false,
                    )
                    .await?;
                Ok(stopped_reply())
            }
        }
    }
}

impl Deps {
    /// One due reminder, its failure or panic contained and retried later.
    async fn run_reminder(
        &self,
        reminder: &ReminderRecord,
        now: DateTime<Utc>,
        notifiers: &[Arc<dyn Notifier>],
        report: &mut StepReport,
    ) {
        let step =
            std::panic::AssertUnwindSafe(self.handle_due(reminder, now, notifiers, &mut *report));
        let failed = match futures_util::FutureExt::catch_unwind(step).await {
            Ok(Ok(())) => return,
            Ok(Err(e)) => {
                tracing::warn!(error = %crate::ports::error_chain(&e), "reminder step failed; retrying later");
                e.to_string()
            }
            Err(_) => {
                tracing::error!("reminder step panicked; retrying later");
                "panicked".to_owned()
            }
        };
        let _ = self
            .store
            .finish_claim(
                reminder.id,
                ReminderStatus::Pending,
                Some(now + chrono(self.exchange_retry())),
                Some(&failed),
                true,
            )
            .await;
        report.retried += 1;
    }

    async fn handle_due(
        &self,
        reminder: &ReminderRecord,
        now: DateTime<Utc>,
        notifiers: &[Arc<dyn Notifier>],
        report: &mut StepReport,
    ) -> Result<(), ServiceError> {
        // Claimed (by `claim_due_reminders`) before anything is sent: two schedulers, on
        // one instance or several, never both send it.
        let Some(user) = self.store.user_by_id(reminder.user_id).await? else {
            return Ok(());
        };
        let decision = match self.decide(&user, reminder, now).await {
            Ok(d) => d,
            Err(ServiceError::NotConnected | ServiceError::KeyUnreadable) => {
                Decision::Disable(NO_KEY)
            }
            Err(ServiceError::Exchange(ExchangeError::Unauthorized { .. })) => Decision::KeyRefused,
            Err(e) => return Err(e),
        };
        let (message, silent) = match decision {
            Decision::KeyRefused => {
                // Stored before the reminder stops: at least one message, and no retry.
                tracing::info!("the exchange refused the key; reminders stop");
                self.enqueue(&user, &key_refused_message(), false).await?;
                self.store
                    .finish_claim(
                        reminder.id,
                        ReminderStatus::Disabled,
                        None,
                        Some(KEY_REFUSED),
                        false,
                    )
                    .await?;
                report.disabled += 1;
                return Ok(());
            }
            Decision::Swept(next) => {
                // A sweep's own conversion re-armed the reminder already (then this changes
                // nothing: the row is no longer claimed).
                let (status, at, why, count) = match next {
                    Some((at, count)) => (
                        ReminderStatus::Pending,
                        Some(at),
                        Some("re-armed after an auto-sweep"),
                        count,
                    ),
                    None => (ReminderStatus::Sent, None, None, false),
                };
                self.store
                    .finish_claim(reminder.id, status, at, why, count)
                    .await?;
                report.swept += 1;
                return Ok(());
            }
            Decision::Disable(why) => {
                self.store
                    .finish_claim(
                        reminder.id,
                        ReminderStatus::Disabled,
                        None,
                        Some(why),
                        false,
                    )
                    .await?;
                report.disabled += 1;
                return Ok(());
            }
            Decision::Defer(at, why) => {
                self.store
                    .finish_claim(
                        reminder.id,
                        ReminderStatus::Pending,
                        Some(at),
                        Some(why),
                        false,
                    )
                    .await?;
                report.deferred += 1;
                return Ok(());
            }
            Decision::Send(message, silent) => (message, silent),
        };
        let Some(notifier) = notifiers.iter().find(|n| n.platform() == user.platform) else {
            self.store
                .finish_claim(
                    reminder.id,
                    ReminderStatus::Disabled,
                    None,
                    Some("no frontend for the platform"),
                    false,
                )
                .await?;
            report.disabled += 1;
            return Ok(());
        };
        match notifier.notify(&user, &message, silent).await {
            Ok(()) => {
                self.store
                    .finish_claim(reminder.id, ReminderStatus::Sent, None, None, false)
                    .await?;
                report.sent += 1;
            }
            Err(NotifyError::Unreachable) => {
                self.store.set_blocked(user.id, true).await?;
                self.store
                    .finish_claim(
                        reminder.id,
                        ReminderStatus::Disabled,
                        None,
                        Some("unreachable"),
                        false,
                    )
                    .await?;
                report.disabled += 1;
            }
            Err(NotifyError::RetryAfter(wait)) => {
                self.store
                    .finish_claim(
                        reminder.id,
                        ReminderStatus::Pending,
                        Some(now + chrono(wait)),
                        Some("rate limited"),
                        false,
                    )
                    .await?;
                report.retried += 1;
            }
            Err(NotifyError::Temporary(e)) => {
                let attempts = reminder.attempts + 1;
                // Never given up: the wait doubles from 30 s up to one cooldown (then it is
                // looked at again as a reminder not worth sending yet would be).
                let wait = Duration::from_secs(30)
                    .saturating_mul(1 << attempts.min(20))
                    .min(self.config.dust_cooldown);
                self.store
                    .finish_claim(
                        reminder.id,
                        ReminderStatus::Pending,
                        Some(now + chrono(wait)),
                        Some(&e),
                        true,
                    )
                    .await?;
                report.retried += 1;
            }
        }
        Ok(())
    }

    async fn decide(
        &self,
        user: &UserRecord,
        reminder: &ReminderRecord,
        now: DateTime<Utc>,
    ) -> Result<Decision, ServiceError> {
        if user.blocked {
            return Ok(Decision::Disable("unreachable"));
        }
        if !user.reminders.enabled {
            return Ok(Decision::Disable("reminders off"));
        }
        let quiet = quiet_until(user, now);
        if let Some(end) = quiet
            && !user.reminders.quiet_silent
        {
            return Ok(Decision::Defer(end, "quiet hours"));
        }
        // An exchange whose cooldown is gone (not registered any more, or none): nothing to
        // remind of.
        let Some(cooldown) = self.cooldown_of(reminder.exchange) else {
            return Ok(Decision::Disable("no cooldown on this exchange"));
        };
        let exchange = self.adapter(reminder.exchange);
        // One look at the exchange per cooldown period: the dust log (a conversion made
        // elsewhere moves the due time) and what is convertible now.
        let creds = self.credentials_on(user, reminder.exchange).await?;
        self.sync_dust_log_on(user, &exchange, &creds).await?;
        if let CooldownState::Until(t) = self.cooldown_state_on(user, reminder.exchange).await? {
            return Ok(Decision::Defer(t, "cooldown not over"));
        }
        let (dust, prices) = tokio::join!(exchange.dust_candidates(&creds), exchange.prices());
        let (dust, prices) = (dust?, prices?);
        let btc_usdt = prices.by_symbol.get("BTCUSDT").copied().unwrap_or_default();
        let worth = dust.total_btc * btc_usdt;
        let next_check = now + chrono(cooldown);
        if dust.details.is_empty() || worth < user.min_worth_usdt {
            return Ok(Decision::Defer(next_check, "not worth it yet"));
        }
        let silent = quiet.is_some();
        // Auto-sweep runs on the default exchange, whose conversion it knows.
        if reminder.exchange == self.exchange.id()
            && user.reminders.auto_sweep
            && worth <= user.reminders.auto_sweep_cap_usdt
        {
            let candidates: Vec<_> = dust
                .details
                .iter()
                .filter(|c| !PROTECTED_ASSETS.contains(&c.asset.as_str()))
                .collect();
            if !candidates.is_empty() {
                return Ok(Decision::Swept(
                    self.auto_sweep(user, reminder, &candidates, silent, now)
                        .await?,
                ));
            }
        }
        let net: Decimal = dust.details.iter().map(|c| c.received).sum();
        let shown = Shown::new(&user.prefs.currency, &prices).unwrap_or_default();
        let mut message = reminder_message(&reminder.token, dust.details.len(), worth, &shown, net);
        // The reminder names its exchange, and what the dust becomes there.
        let target = exchange
            .capabilities()
            .small_balance_target()
            .map(|t| t.to_string())
            .unwrap_or_default();
        for block in &mut message.blocks {
            match block.key {
                "reminder-title" => {
                    *block =
                        Text::new("reminder-title-on").arg("exchange", reminder.exchange.name())
                }
                "reminder-summary" if reminder.exchange != self.exchange.id() => {
                    block.key = "reminder-summary-to";
                    block
                        .args
                        .push(("target", crate::reply::Arg::Str(target.clone())));
                }
                _ => {}
            }
        }
        Ok(Decision::Send(message, silent))
    }
}
