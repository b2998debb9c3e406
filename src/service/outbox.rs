//! The outbox: messages the scheduler owes a user (auto-sweep reports, "reconnect your
//! key"), stored before they are sent and delivered at least once, across restarts.
//!
//! Delivery, per row: claimed, sent through the user's platform notifier, marked sent on
//! success. A 429 reschedules it after the wait asked; a passing failure backs off (up to
//! [`OUTBOX_MAX_BACKOFF`]). A user who blocked the bot keeps their messages: they are
//! delivered when the user comes back (a message or an unblock), and dropped with a log line
//! after [`OUTBOX_MAX_AGE`]. A sender that dies after the send and before marking it leaves
//! a claim that is released later: at most one duplicate, never a lost report.
//!
//! An auto-sweep opens its row before anything is sent. If the sweep's outcome is unknown,
//! or its process died before composing the report, the row stays open past its lease and
//! the report is composed here from the operation record once reconciling settles it:
//! converted, failed (counted as a sweep failure), or closed unknown (said so, not
//! counted). An operation that sent nothing is not reported: the reminder tries again.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::ports::{
    Notifier, NotifyError, OperationStatus, OutboxRecord, OutboxStatus, SweepCount, UserRecord,
};
use crate::reply::Message;
use crate::service::arming::Arming;
use crate::service::convert::DustBatches;
use crate::service::deps::Deps;
use crate::service::model::COOLDOWN_ERROR;
use crate::service::model::ServiceError;
use crate::service::model::{AUTO_SWEEP_MAX_FAILURES, REMINDER_BATCH, StepReport};
use crate::service::operations::gate::NOT_SENT_ERROR;
use crate::service::operations::settle::Settles;
use crate::service::stored::{decode, encode};
use crate::service::view::reminders::{SweepOutcome, sweep_report, with_auto_sweep_off};

/// Undelivered messages older than this are dropped (logged): a report weeks late is noise.
pub const OUTBOX_MAX_AGE: Duration = Duration::from_secs(30 * 24 * 3600);
/// The longest wait between two tries after passing failures.
pub const OUTBOX_MAX_BACKOFF: Duration = Duration::from_secs(3600);
/// Sent and dropped rows are deleted this long after they were stored.
const OUTBOX_KEEP: Duration = Duration::from_secs(7 * 24 * 3600);

fn chrono(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or_default()
}

/// Stored messages (auto-sweep reports, notices) and their delivery.
/// Called through this trait, imported by name, so each call shows.
pub(crate) trait Outbox {
    /// Stores a message for the user, to be delivered by the scheduler's next step.
    async fn enqueue(
        &self,
        user: &UserRecord,
        message: &Message,
        silent: bool,
    ) -> Result<(), ServiceError>;

    /// Stores an auto-sweep's report and, with `count`, its outcome, in one transaction.
    async fn complete_sweep(
        &self,
        row: i64,
        message: Message,
        silent: bool,
        count: Option<SweepCount>,
    ) -> Result<(), ServiceError>;

    /// When the outbox has something due next, for the scheduler's sleep.
    async fn next_outbox_due(&self) -> Option<DateTime<Utc>>;

    /// Housekeeping: drops (logged) messages undelivered after [`OUTBOX_MAX_AGE`], and
    /// deletes delivered and dropped ones after a week.
    async fn purge_outbox(&self, now: DateTime<Utc>);

    /// Delivers every outbox message due at `now` (one scheduler step).
    async fn deliver_outbox(
        &self,
        now: DateTime<Utc>,
        notifiers: &[Arc<dyn Notifier>],
        report: &mut StepReport,
    );
}

impl Outbox for Deps {
    /// Stores a message for the user, to be delivered by the scheduler's next step.
    async fn enqueue(
        &self,
        user: &UserRecord,
        message: &Message,
        silent: bool,
    ) -> Result<(), ServiceError> {
        self.store
            .enqueue_message(user.id, &encode(message), silent, self.now())
            .await?;
        self.reminder_wakeup.notify_one();
        Ok(())
    }

    /// Stores an auto-sweep's report and, with `count`, its outcome, in one transaction.
    async fn complete_sweep(
        &self,
        row: i64,
        message: Message,
        silent: bool,
        count: Option<SweepCount>,
    ) -> Result<(), ServiceError> {
        let (on, off) = (encode(&message), encode(&with_auto_sweep_off(&message)));
        self.store
            .complete_sweep_report(row, (&on, &off), silent, count, self.now())
            .await?;
        Ok(())
    }

    /// When the outbox has something due next, for the scheduler's sleep.
    async fn next_outbox_due(&self) -> Option<DateTime<Utc>> {
        self.store.next_outbox_due().await.ok().flatten()
    }

    /// Housekeeping: drops (logged) messages undelivered after [`OUTBOX_MAX_AGE`], and
    /// deletes delivered and dropped ones after a week.
    async fn purge_outbox(&self, now: DateTime<Utc>) {
        match self
            .store
            .drop_old_outbox(now - chrono(OUTBOX_MAX_AGE))
            .await
        {
            Ok(dropped) => {
                for (id, user) in dropped {
                    tracing::warn!(id, user, "undelivered message dropped: too old");
                }
            }
            Err(e) => {
                tracing::error!(error = %crate::ports::error_chain(&e), "cannot drop old messages")
            }
        }
        match self.store.purge_outbox(now - chrono(OUTBOX_KEEP)).await {
            Ok(0) => {}
            Ok(n) => tracing::debug!(n, "purged delivered messages"),
            Err(e) => {
                tracing::warn!(error = %crate::ports::error_chain(&e), "cannot purge delivered messages")
            }
        }
    }

    /// Delivers every outbox message due at `now` (one scheduler step).
    async fn deliver_outbox(
        &self,
        now: DateTime<Utc>,
        notifiers: &[Arc<dyn Notifier>],
        report: &mut StepReport,
    ) {
        if let Err(e) = self
            .store
            .release_stale_outbox(now - chrono(self.claim_timeout))
            .await
        {
            tracing::error!(error = %crate::ports::error_chain(&e), "cannot release stale outbox claims");
        }
        let due = match self.store.due_outbox(now, REMINDER_BATCH).await {
            Ok(d) => d,
            Err(e) => {
                tracing::error!(error = %crate::ports::error_chain(&e), "cannot read the outbox");
                return;
            }
        };
        for row in due {
            let span = tracing::info_span!(
                "outbox",
                id = row.id,
                user = row.user_id,
                op = row.operation_id.as_deref().map(tracing::field::display)
            );
            tracing::Instrument::instrument(self.deliver_row(&row, now, notifiers, report), span)
                .await;
        }
    }
}

impl Deps {
    /// One due message, its failure or panic contained and retried later.
    async fn deliver_row(
        &self,
        row: &OutboxRecord,
        now: DateTime<Utc>,
        notifiers: &[Arc<dyn Notifier>],
        report: &mut StepReport,
    ) {
        let step = std::panic::AssertUnwindSafe(self.deliver_one(row, now, notifiers));
        match futures_util::FutureExt::catch_unwind(step).await {
            Ok(Ok(true)) => report.reports += 1,
            Ok(Ok(false)) => {}
            Ok(Err(e)) => {
                tracing::warn!(error = %crate::ports::error_chain(&e), "outbox step failed; retrying later");
                self.retry_outbox(row, now, &e.to_string()).await;
            }
            Err(_) => {
                tracing::error!("outbox step panicked; retrying later");
                self.retry_outbox(row, now, "panicked").await;
            }
        }
    }

    async fn retry_outbox(&self, row: &OutboxRecord, now: DateTime<Utc>, why: &str) {
        let at = now + chrono(self.exchange_retry());
        // Whatever state the step left the row in, it is due again later, never "now": a
        // row that failed before its claim (still pending) must not be picked up again at
        // once, or a lasting failure would spin the scheduler.
        for from in [
            OutboxStatus::Sending,
            OutboxStatus::Open,
            OutboxStatus::Pending,
        ] {
            let to = if from == OutboxStatus::Open {
                OutboxStatus::Open
            } else {
                OutboxStatus::Pending
            };
            if let Err(e) = self
                .store
                .set_outbox(row.id, from, to, Some(at), Some(why), false)
                .await
            {
                tracing::error!(error = %crate::ports::error_chain(&e), "cannot reschedule an outbox message");
            }
        }
    }

    /// Delivers one row; true when a message went out.
    async fn deliver_one(
        &self,
        row: &OutboxRecord,
        now: DateTime<Utc>,
        notifiers: &[Arc<dyn Notifier>],
    ) -> Result<bool, ServiceError> {
        let stored = if row.status == OutboxStatus::Open {
            match self.recover_sweep(row, now).await? {
                Some(message) => Some(message),
                None => return Ok(false),
            }
        } else {
            row.message.clone()
        };
        if !self.store.claim_outbox(row.id, now).await? {
            return Ok(false);
        }
        let finish = |status, at: Option<DateTime<Utc>>, why: Option<&'static str>, count| {
            self.store
                .set_outbox(row.id, OutboxStatus::Sending, status, at, why, count)
        };
        let Some(user) = self.store.user_by_id(row.user_id).await? else {
            return Ok(false);
        };
        let message = stored.as_deref().and_then(decode);
        let Some(message) = message else {
            tracing::error!("stored message names unknown sentences; dropped");
            finish(OutboxStatus::Dropped, None, Some("undecodable"), false).await?;
            return Ok(false);
        };
        let Some(notifier) = notifiers.iter().find(|n| n.platform() == user.platform) else {
            // The platform's frontend is not running now: keep it for when it is.
            finish(
                OutboxStatus::Pending,
                Some(now + chrono(OUTBOX_MAX_BACKOFF)),
                Some("no frontend"),
                false,
            )
            .await?;
            return Ok(false);
        };
        match notifier.notify(&user, &message, row.silent).await {
            Ok(()) => {
                finish(OutboxStatus::Sent, None, None, false).await?;
                tracing::debug!("message delivered");
                Ok(true)
            }
            Err(NotifyError::Unreachable) => {
                // Kept (not due while the user blocks the bot) for when they come back.
                tracing::info!("user unreachable; message kept for their return");
                self.store.set_blocked(user.id, true).await?;
                finish(OutboxStatus::Pending, None, Some("unreachable"), false).await?;
                Ok(false)
            }
            Err(NotifyError::RetryAfter(wait)) => {
                finish(
                    OutboxStatus::Pending,
                    Some(now + chrono(wait)),
                    Some("rate limited"),
                    false,
                )
                .await?;
                Ok(false)
            }
            Err(NotifyError::Temporary(e)) => {
                tracing::warn!(%e, "message not delivered; retrying later");
                let backoff = Duration::from_secs(30)
                    .saturating_mul(1 << row.attempts.min(16))
                    .min(OUTBOX_MAX_BACKOFF);
                finish(
                    OutboxStatus::Pending,
                    Some(now + chrono(backoff)),
                    Some("temporary failure"),
                    true,
                )
                .await?;
                Ok(false)
            }
        }
    }

    /// Composes the report of an auto-sweep whose process died before it did (its lease
    /// ran out), from the operation record. The report, when it is now pending.
    async fn recover_sweep(
        &self,
        row: &OutboxRecord,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, ServiceError> {
        let drop = |why: &'static str| {
            self.store.set_outbox(
                row.id,
                OutboxStatus::Open,
                OutboxStatus::Dropped,
                None,
                Some(why),
                false,
            )
        };
        let op = match row.operation_id.as_deref() {
            Some(id) => self.store.operation(id).await?,
            None => None,
        };
        let Some(mut op) = op else {
            drop("no operation").await?;
            return Ok(None);
        };
        if matches!(
            op.status,
            OperationStatus::Submitting | OperationStatus::Unknown
        ) {
            if !self.reconcile(&op).await? {
                self.store
                    .set_outbox(
                        row.id,
                        OutboxStatus::Open,
                        OutboxStatus::Open,
                        Some(now + chrono(self.exchange_retry())),
                        Some("outcome unknown"),
                        false,
                    )
                    .await?;
                return Ok(None);
            }
            op = self.store.operation(&op.id).await?.unwrap_or(op);
        }
        let (outcome, count) = match op.status {
            OperationStatus::Succeeded => (SweepOutcome::Done, Some(true)),
            OperationStatus::Failed
                if !op.last_error.as_deref().is_some_and(|e| {
                    e.starts_with(COOLDOWN_ERROR) || e.starts_with(NOT_SENT_ERROR)
                }) =>
            {
                (SweepOutcome::Failed, Some(false))
            }
            OperationStatus::Failed
            | OperationStatus::Pending
            | OperationStatus::Selecting
            | OperationStatus::Expired
            | OperationStatus::Cancelled => {
                // Nothing was converted and nothing failed: the reminder, released with its
                // claim, tries again and reports that attempt.
                tracing::info!("an interrupted auto-sweep sent nothing");
                drop("nothing sent").await?;
                return Ok(None);
            }
            // Closed without a known outcome: say so, count nothing.
            _ => (SweepOutcome::Unknown, None),
        };
        let Some(user) = self.store.user_by_id(row.user_id).await? else {
            return Ok(None);
        };
        let mut details = Vec::new();
        if count.is_some() {
            let reply = self.finished_reply(&user, &op.id).await?;
            details.extend(reply.messages.into_iter().flat_map(|m| m.blocks));
        }
        let message = sweep_report(outcome, details);
        let (on, off) = (encode(&message), encode(&with_auto_sweep_off(&message)));
        let done = self
            .store
            .complete_sweep_report(
                row.id,
                (&on, &off),
                false,
                count.map(|succeeded| SweepCount {
                    succeeded,
                    max_failures: AUTO_SWEEP_MAX_FAILURES,
                }),
                now,
            )
            .await?;
        Ok(done.map(|still_on| if still_on { on } else { off }))
    }
}
