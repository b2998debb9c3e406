//! Cooldown reminders (shared/security.md §4): armed when a conversion is recorded (ours or
//! one learned from the exchange's dust log), due at its time plus the cooldown, claimed
//! before sending, sent once per cooldown only when the dust is worth it, and paced by the
//! platform's notifier. Also auto-sweep, snooze and stop.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveTime, TimeZone, Utc};
use rust_decimal::Decimal;

use crate::ports::{
    DustConversionRecord, Finished, Notifier, NotifyError, OperationKind, OperationStatus,
    ReminderRecord, ReminderStatus, UserRecord,
};
use crate::service::convert::{ButtonAction, Candidate, DustParams};
use crate::service::currency::Shown;
use crate::service::dust::CooldownState;
use crate::service::format::{amount, datetime};
use crate::service::reply::{Button, Message, Reply, Text};
use crate::service::{CONFIRM_TTL, Service, ServiceError};

/// Due reminders handled per scheduler step.
pub const REMINDER_BATCH: u32 = 200;
/// A claim older than this belongs to a sender that died mid-send: send again (at most one
/// duplicate "cooldown over" message, which is harmless; documented in the README).
pub const STALE_CLAIM: Duration = Duration::from_secs(300);
/// Temporary delivery failures before a reminder is given up.
pub const MAX_ATTEMPTS: u32 = 5;
/// When the exchange cannot be asked, try again after this long.
pub const EXCHANGE_RETRY: Duration = Duration::from_secs(300);
/// Assets auto-sweep never converts (shared/security.md §4, the peer's lesson).
pub const PROTECTED_ASSETS: &[&str] =
    &["USDT", "USDC", "FDUSD", "TUSD", "DAI", "BTC", "ETH", "BNB"];
/// Auto-sweep turns itself off after this many failures in a row.
pub const AUTO_SWEEP_MAX_FAILURES: u32 = 2;

/// What one scheduler step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StepReport {
    /// Reminders delivered.
    pub sent: u32,
    /// Auto-sweeps carried out (and reported).
    pub swept: u32,
    /// Not worth it or not over yet: checked again later, nothing sent.
    pub deferred: u32,
    /// Turned off (stopped, unreachable, no key).
    pub disabled: u32,
    /// Rescheduled after a rate limit or a temporary failure.
    pub retried: u32,
}

/// What to do with a due reminder.
enum Decision {
    Disable(&'static str),
    Defer(DateTime<Utc>, &'static str),
    Send(Message, bool),
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

impl Service {
    /// The scheduler's wake-up: notified when a reminder is armed.
    pub fn reminder_wakeup(&self) -> &tokio::sync::Notify {
        &self.reminder_wakeup
    }

    /// Records a conversion and arms the user's reminder for its time plus the cooldown;
    /// with `finish`, the operation that made it is marked succeeded in the same step.
    pub(crate) async fn record_conversion(
        &self,
        user_id: i64,
        rec: &DustConversionRecord,
        finish: Option<Finished<'_>>,
    ) -> Result<bool, ServiceError> {
        let due = rec.operate_time + chrono(self.config.dust_cooldown);
        let recorded = self
            .store
            .record_dust_conversion(user_id, rec, due, finish)
            .await?;
        if recorded.armed {
            self.reminder_wakeup.notify_one();
        }
        Ok(recorded.new)
    }

    /// Returns every claimed reminder to pending (at start-up: their sender is gone).
    pub async fn release_reminder_claims(&self, now: DateTime<Utc>) {
        match self
            .store
            .release_stale_claims(now + chrono::Duration::milliseconds(1))
            .await
        {
            Ok(0) => {}
            Ok(n) => tracing::warn!(n, "reminders claimed by a previous run will be sent again"),
            Err(e) => tracing::error!(%e, "cannot release reminder claims"),
        }
    }

    /// Housekeeping: forgets selections and confirm screens that expired a day ago (their
    /// buttons then answer "no longer valid", as they would anyway).
    pub async fn purge_expired(&self, now: DateTime<Utc>) {
        let before = now - chrono::Duration::days(1);
        match self.store.purge_expired_operations(before).await {
            Ok(0) => {}
            Ok(n) => tracing::debug!(n, "purged expired operations"),
            Err(e) => tracing::warn!(%e, "cannot purge expired operations"),
        }
    }

    /// How long after a failed step a reminder is tried again: [`EXCHANGE_RETRY`], or a
    /// tenth of the cooldown when that is shorter (a 30 s demo cooldown retries in 3 s).
    fn exchange_retry(&self) -> Duration {
        (self.config.dust_cooldown / 10)
            .max(Duration::from_secs(1))
            .min(EXCHANGE_RETRY)
    }

    /// When the next reminder is due, for the scheduler's sleep.
    pub async fn next_reminder_due(&self) -> Option<DateTime<Utc>> {
        self.store.next_due().await.ok().flatten()
    }

    /// One scheduler step: every reminder due at `now` is claimed, evaluated and delivered
    /// through the notifier of the user's platform.
    pub async fn run_due_reminders(
        &self,
        now: DateTime<Utc>,
        notifiers: &[Arc<dyn Notifier>],
    ) -> StepReport {
        let mut report = StepReport::default();
        if let Err(e) = self
            .store
            .release_stale_claims(now - chrono(STALE_CLAIM))
            .await
        {
            tracing::error!(%e, "cannot release stale reminder claims");
        }
        let due = match self.store.due_reminders(now, REMINDER_BATCH).await {
            Ok(d) => d,
            Err(e) => {
                tracing::error!(%e, "cannot read due reminders");
                return report;
            }
        };
        for reminder in due {
            if let Err(e) = self
                .handle_due(&reminder, now, notifiers, &mut report)
                .await
            {
                tracing::warn!(reminder = reminder.id, %e, "reminder step failed; retrying later");
                let _ = self
                    .store
                    .finish_claim(
                        reminder.id,
                        ReminderStatus::Pending,
                        Some(now + chrono(self.exchange_retry())),
                        Some(&e.to_string()),
                        true,
                    )
                    .await;
                report.retried += 1;
            }
        }
        report
    }

    async fn handle_due(
        &self,
        reminder: &ReminderRecord,
        now: DateTime<Utc>,
        notifiers: &[Arc<dyn Notifier>],
        report: &mut StepReport,
    ) -> Result<(), ServiceError> {
        // Claimed before anything is sent: two schedulers never both send it.
        if !self.store.claim_reminder(reminder.id, now).await? {
            return Ok(());
        }
        let Some(user) = self.store.user_by_id(reminder.user_id).await? else {
            return Ok(());
        };
        let decision = match self.decide(&user, reminder, now).await {
            Ok(d) => d,
            Err(ServiceError::NotConnected | ServiceError::KeyUnreadable) => {
                Decision::Disable("no usable key")
            }
            Err(e) => return Err(e),
        };
        let (message, silent) = match decision {
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
        let swept = message
            .blocks
            .first()
            .is_some_and(|b| matches!(b.key, "auto-sweep-done" | "auto-sweep-failed"));
        match notifier.notify(&user, &message, silent).await {
            Ok(()) => {
                self.store
                    .finish_claim(reminder.id, ReminderStatus::Sent, None, None, false)
                    .await?;
                if swept {
                    report.swept += 1;
                } else {
                    report.sent += 1;
                }
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
                let (status, at) = if attempts >= MAX_ATTEMPTS {
                    (ReminderStatus::Failed, None)
                } else {
                    (
                        ReminderStatus::Pending,
                        Some(now + chrono(Duration::from_secs(30 << attempts))),
                    )
                };
                self.store
                    .finish_claim(reminder.id, status, at, Some(&e), true)
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
        // One look at the exchange per cooldown period: the dust log (a conversion made
        // elsewhere moves the due time) and what is convertible now.
        self.sync_dust_log(user).await?;
        if let CooldownState::Until(t) = self.cooldown_state(user).await? {
            return Ok(Decision::Defer(t, "cooldown not over"));
        }
        let creds = self.credentials(user).await?;
        let (dust, prices) = tokio::join!(
            self.exchange.dust_candidates(&creds),
            self.exchange.prices()
        );
        let (dust, prices) = (dust?, prices?);
        let btc_usdt = prices.by_symbol.get("BTCUSDT").copied().unwrap_or_default();
        let worth = dust.total_btc * btc_usdt;
        let next_check = now + chrono(self.config.dust_cooldown);
        if dust.details.is_empty() || worth < user.min_worth_usdt {
            return Ok(Decision::Defer(next_check, "not worth it yet"));
        }
        let silent = quiet.is_some();
        if user.reminders.auto_sweep && worth <= user.reminders.auto_sweep_cap_usdt {
            let candidates: Vec<_> = dust
                .details
                .iter()
                .filter(|c| !PROTECTED_ASSETS.contains(&c.asset.as_str()))
                .collect();
            if !candidates.is_empty() {
                return Ok(Decision::Send(
                    self.auto_sweep(user, &candidates).await?,
                    silent,
                ));
            }
        }
        let net: Decimal = dust.details.iter().map(|c| c.to_bnb_after_fee).sum();
        let token = reminder.token.clone();
        Ok(Decision::Send(
            Message {
                blocks: vec![
                    Text::new("reminder-title"),
                    Text::new("reminder-summary")
                        .int("count", dust.details.len() as i64)
                        .arg(
                            "value",
                            Shown::new(&user.prefs.currency, &prices)
                                .unwrap_or_default()
                                .show(worth),
                        )
                        .arg("net", amount(net)),
                ],
                buttons: vec![
                    vec![Button {
                        label: Text::new("button-convert-now"),
                        token: ButtonAction::ConvertNow(token.clone()).token(),
                    }],
                    vec![
                        Button {
                            label: Text::new("button-snooze-1h"),
                            token: ButtonAction::Snooze(token.clone(), 1).token(),
                        },
                        Button {
                            label: Text::new("button-snooze-6h"),
                            token: ButtonAction::Snooze(token.clone(), 6).token(),
                        },
                    ],
                    vec![Button {
                        label: Text::new("button-stop-reminders"),
                        token: ButtonAction::StopReminders(token).token(),
                    }],
                ],
            },
            silent,
        ))
    }

    /// Converts what the reminder would have offered, through the same pending-operation
    /// record and gate as a manual Confirm, and returns the report to send.
    async fn auto_sweep(
        &self,
        user: &UserRecord,
        candidates: &[&crate::ports::DustCandidate],
    ) -> Result<Message, ServiceError> {
        let params = DustParams {
            candidates: candidates
                .iter()
                .map(|c| Candidate {
                    asset: c.asset.to_string(),
                    amount: c.amount_free,
                    bnb: c.to_bnb,
                    fee: c.fee_bnb,
                    net: c.to_bnb_after_fee,
                    selected: true,
                })
                .collect(),
            left_out: Vec::new(),
        };
        let params = serde_json::to_string(&params)
            .map_err(|e| crate::ports::StoreFailure(e.to_string()))?;
        let op = self
            .open_operation(
                user.id,
                OperationKind::Dust,
                OperationStatus::Pending,
                params,
                CONFIRM_TTL,
            )
            .await?;
        let reply = self
            .press_action(user, op.clone(), ButtonAction::Confirm(op.id.clone()))
            .await?;
        let succeeded = matches!(self.store.operation(&op.id).await?, Some(o) if o.status == OperationStatus::Succeeded);
        let mut blocks = vec![Text::new(if succeeded {
            "auto-sweep-done"
        } else {
            "auto-sweep-failed"
        })];
        blocks.extend(reply.messages.into_iter().flat_map(|m| m.blocks));
        // One statement on the current row: a setting changed during the sweep stays changed.
        let still_on = self
            .store
            .record_auto_sweep(user.id, succeeded, AUTO_SWEEP_MAX_FAILURES)
            .await?;
        if !succeeded && !still_on {
            blocks.push(Text::new("auto-sweep-turned-off"));
        }
        Ok(Message {
            blocks,
            buttons: Vec::new(),
        })
    }

    /// A press on a reminder's buttons.
    pub(crate) async fn reminder_press(
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
                self.convert_command(user, crate::service::command::ConvertArgs::All)
                    .await
            }
            ButtonAction::Snooze(_, hours) => {
                let at = now + chrono::Duration::hours(i64::from(hours));
                self.store
                    .set_reminder(reminder.id, ReminderStatus::Pending, Some(at), None, false)
                    .await?;
                self.reminder_wakeup.notify_one();
                Ok(Reply::text(
                    Text::new("reminder-snoozed").arg("at", datetime(at, &user.timezone)),
                )
                .replacing())
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
                Ok(Reply::text(Text::new("reminder-stopped")).replacing())
            }
        }
    }
}
