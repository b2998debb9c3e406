//! Auto-sweep (shared/security.md §4): when a reminder is due and the user opted in, the
//! dust the reminder would have offered is converted through the same operation record and
//! gate as a manual Confirm, and the sweep's report goes through the outbox.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::ports::{
    OperationStatus, OutboxStatus, ReminderRecord, StoreFailure, SweepCount, UserRecord,
};
use crate::service::arming::Arming;
use crate::service::buttons::ButtonAction;
use crate::service::deps::Deps;
use crate::service::model::CooldownState;
use crate::service::model::{AUTO_SWEEP_MAX_FAILURES, COOLDOWN_ERROR, STALE_CLAIM};
use crate::service::model::{CONFIRM_TTL, RECONCILE_GIVE_UP, ServiceError};
use crate::service::operations::gate::Gate;
use crate::service::operations::press::Press;
use crate::service::operations::{Candidate, DustParams, OperationParams};
use crate::service::outbox::Outbox;
use crate::service::view::reminders::{SweepOutcome, sweep_postponed_message, sweep_report};

fn chrono(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or_default()
}

/// Auto-sweep: a reminder that converts by itself, reported through the outbox.
/// Called through this trait, imported by name, so each call shows.
pub(crate) trait Sweeps {
    /// Converts what the reminder would have offered, through the same pending-operation
    /// record and gate as a manual Confirm. Returns when the reminder is due again, if it
    /// is re-armed (and whether that counts an attempt). The report's outbox row is opened
    /// before anything is sent and completed, with the outcome counted, in one
    /// transaction: the report survives a crash at any point (see `service::outbox`).
    ///
    /// A sweep stopped by a cooldown (a conversion made elsewhere, seen in the dust log
    /// before sending, or the exchange's refusal) is not a failure: the reminder is re-armed
    /// for the cooldown's end from the dust log, or, when the log shows no conversion (the
    /// exchange's window differs from ours), after a bounded backoff.
    async fn auto_sweep(
        &self,
        user: &UserRecord,
        reminder: &ReminderRecord,
        candidates: &[&crate::ports::DustCandidate],
        silent: bool,
        now: DateTime<Utc>,
    ) -> Result<Option<(DateTime<Utc>, bool)>, ServiceError>;
}

impl Sweeps for Deps {
    /// Converts what the reminder would have offered, through the same pending-operation
    /// record and gate as a manual Confirm. Returns when the reminder is due again, if it
    /// is re-armed (and whether that counts an attempt). The report's outbox row is opened
    /// before anything is sent and completed, with the outcome counted, in one
    /// transaction: the report survives a crash at any point (see `service::outbox`).
    ///
    /// A sweep stopped by a cooldown (a conversion made elsewhere, seen in the dust log
    /// before sending, or the exchange's refusal) is not a failure: the reminder is re-armed
    /// for the cooldown's end from the dust log, or, when the log shows no conversion (the
    /// exchange's window differs from ours), after a bounded backoff.
    async fn auto_sweep(
        &self,
        user: &UserRecord,
        reminder: &ReminderRecord,
        candidates: &[&crate::ports::DustCandidate],
        silent: bool,
        now: DateTime<Utc>,
    ) -> Result<Option<(DateTime<Utc>, bool)>, ServiceError> {
        let params = DustParams {
            candidates: candidates
                .iter()
                .map(|c| Candidate {
                    asset: c.asset.to_string(),
                    amount: c.amount_free,
                    bnb: c.gross,
                    fee: c.fee,
                    net: c.received,
                    selected: true,
                })
                .collect(),
            left_out: Vec::new(),
            target: None,
        };
        let op = self
            .open_operation(
                user.id,
                OperationStatus::Pending,
                &OperationParams::Dust(params),
                CONFIRM_TTL,
            )
            .await?;
        let row = self
            .store
            .open_sweep_report(user.id, &op.id, now, now + chrono(STALE_CLAIM))
            .await?;
        let reply = match self
            .press_action(user, op.clone(), ButtonAction::Confirm(op.id.clone()))
            .await
        {
            Ok(reply) => reply,
            Err(e) => {
                // Stopped before anything was sent (the permission or cooldown read failed):
                // no report and no failure; the reminder step tries again.
                drop_unsent(self, row).await?;
                return Err(e);
            }
        };
        let done = self.store.operation(&op.id).await?;
        let status = done.as_ref().map(|o| o.status);
        match status {
            Some(OperationStatus::Submitting | OperationStatus::Unknown) => {
                // Sent, outcome not known yet: the report's row stays open and is composed
                // once reconciling settles it (service::outbox). The reminder looks again
                // when it must be settled; a conversion found re-arms it for its cooldown.
                tracing::info!("auto-sweep outcome unknown; reported once settled");
                self.store
                    .set_outbox(
                        row,
                        OutboxStatus::Open,
                        OutboxStatus::Open,
                        Some(self.now() + chrono(self.exchange_retry())),
                        Some("outcome unknown"),
                        false,
                    )
                    .await?;
                return Ok(Some((self.now() + chrono(RECONCILE_GIVE_UP), false)));
            }
            Some(
                OperationStatus::Pending
                | OperationStatus::Selecting
                | OperationStatus::Expired
                | OperationStatus::Cancelled,
            )
            | None => {
                // Nothing was sent (an earlier operation still settling, say): not a
                // failure and nothing to report; tried again later.
                drop_unsent(self, row).await?;
                return Ok(Some((self.now() + chrono(self.exchange_retry()), false)));
            }
            _ => {}
        }
        let succeeded = status == Some(OperationStatus::Succeeded);
        let error = done.as_ref().and_then(|o| o.last_error.as_deref());
        let cooldown = !succeeded && error.is_some_and(|e| e.starts_with(COOLDOWN_ERROR));
        if cooldown {
            // The dust log was read when the cooldown stopped it: the records know.
            let (at, explained) = match self.cooldown_state(user).await? {
                CooldownState::Until(t) => (t, true),
                CooldownState::Ready => (
                    self.now() + chrono(self.cooldown_backoff(reminder.attempts)),
                    false,
                ),
            };
            tracing::info!(explained, %at, "auto-sweep postponed by a cooldown");
            // Said once: an unexplained refusal repeats with the backoff, silently.
            if explained || reminder.attempts == 0 {
                let message = sweep_postponed_message(explained, at, &user.timezone);
                self.complete_sweep(row, message, silent, None).await?;
            } else {
                self.store
                    .set_outbox(
                        row,
                        OutboxStatus::Open,
                        OutboxStatus::Dropped,
                        None,
                        Some("repeated cooldown refusal, not reported"),
                        false,
                    )
                    .await?;
            }
            return Ok(Some((at, !explained)));
        }
        let outcome = if succeeded {
            SweepOutcome::Done
        } else {
            SweepOutcome::Failed
        };
        let details = reply.messages.into_iter().flat_map(|m| m.blocks).collect();
        // Counted on the current row: a setting changed during the sweep stays changed.
        self.complete_sweep(
            row,
            sweep_report(outcome, details),
            silent,
            Some(SweepCount {
                succeeded,
                max_failures: AUTO_SWEEP_MAX_FAILURES,
            }),
        )
        .await?;
        if succeeded {
            // The sweep's own conversion re-armed the reminder for its cooldown.
            return Ok(None);
        }
        // A failed sweep (refused by the exchange, or by the key's permission re-check) never
        // ends the reminders: the next comes a cooldown later, as a plain reminder once
        // auto-sweep turned itself off.
        Ok(Some((
            self.now() + chrono(self.config.dust_cooldown),
            false,
        )))
    }
}

impl Deps {
    /// How long to wait before trying an auto-sweep again after the exchange refused it for
    /// a cooldown its log does not explain (the exchange's window differs from ours):
    /// doubling from a twelfth of the cooldown, never more than the cooldown.
    fn cooldown_backoff(&self, attempts: u32) -> Duration {
        let cooldown = self.config.dust_cooldown;
        (cooldown / 12)
            .saturating_mul(1 << attempts.min(16))
            .min(cooldown)
            .max(Duration::from_secs(1))
    }
}

/// Drops an auto-sweep's report row when nothing was sent: no report, no failure.
async fn drop_unsent(deps: &Deps, row: i64) -> Result<(), StoreFailure> {
    deps.store
        .set_outbox(
            row,
            OutboxStatus::Open,
            OutboxStatus::Dropped,
            None,
            Some("nothing sent"),
            false,
        )
        .await
        .map(drop)
}
