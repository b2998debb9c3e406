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
use serde_json::{Value, json};

use crate::ports::{
    Notifier, NotifyError, OperationStatus, OutboxRecord, OutboxStatus, SweepCount, UserRecord,
};
use crate::reply::{Arg, Button, Message, Role, Text};
use crate::service::arming::Arming;
use crate::service::buttons::ButtonAction;
use crate::service::convert::DustBatches;
use crate::service::deps::Deps;
use crate::service::model::COOLDOWN_ERROR;
use crate::service::model::ServiceError;
use crate::service::model::{AUTO_SWEEP_MAX_FAILURES, REMINDER_BATCH, STALE_CLAIM, StepReport};
use crate::service::operations::gate::NOT_SENT_ERROR;
use crate::service::operations::settle::Settles;

/// Undelivered messages older than this are dropped (logged): a report weeks late is noise.
pub const OUTBOX_MAX_AGE: Duration = Duration::from_secs(30 * 24 * 3600);
/// The longest wait between two tries after passing failures.
pub const OUTBOX_MAX_BACKOFF: Duration = Duration::from_secs(3600);
/// Sent and dropped rows are deleted this long after they were stored.
const OUTBOX_KEEP: Duration = Duration::from_secs(7 * 24 * 3600);

fn chrono(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or_default()
}

/// The locale the stored keys are resolved against: a stored message names its sentences by
/// key, and keys are `&'static str` in the reply model.
const KEYS: &str = include_str!("../../locales/en.ftl");

fn static_key(key: &str) -> Option<&'static str> {
    KEYS.lines().find_map(|line| {
        let (k, _) = line.split_once('=')?;
        let k = k.trim_end();
        (k == key && !k.is_empty() && !k.starts_with([' ', '#', '.', '-'])).then_some(k)
    })
}

fn static_arg(name: &str) -> Option<&'static str> {
    KEYS.match_indices('$').find_map(|(i, _)| {
        let rest = &KEYS[i + 1..];
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        (&rest[..end] == name).then_some(&rest[..end])
    })
}

fn text_json(t: &Text) -> Value {
    let args: Vec<Value> = t
        .args
        .iter()
        .map(|(name, arg)| {
            let v = match arg {
                Arg::Str(s) => json!({ "s": s }),
                Arg::Int(i) => json!({ "i": i }),
                Arg::Text(t) => json!({ "t": text_json(t) }),
            };
            json!([name, v])
        })
        .collect();
    json!({ "key": t.key, "args": args })
}

fn text_of(v: &Value) -> Option<Text> {
    let mut t = Text::new(static_key(v["key"].as_str()?)?);
    for a in v["args"].as_array()? {
        // An argument no sentence uses is not rendered anyway.
        let Some(name) = a[0].as_str().and_then(static_arg) else {
            continue;
        };
        let arg = &a[1];
        let value = if let Some(s) = arg["s"].as_str() {
            Arg::Str(s.to_owned())
        } else if let Some(i) = arg["i"].as_i64() {
            Arg::Int(i)
        } else {
            Arg::Text(Box::new(text_of(&arg["t"])?))
        };
        t.args.push((name, value));
    }
    Some(t)
}

/// A message as stored: locale keys and arguments, as the frontends render them.
pub fn encode(m: &Message) -> String {
    let blocks: Vec<Value> = m.blocks.iter().map(text_json).collect();
    let buttons: Vec<Value> = m
        .buttons
        .iter()
        .map(|b| json!({ "label": text_json(&b.label), "role": role_name(b.role), "token": b.token }))
        .collect();
    json!({ "blocks": blocks, "buttons": buttons }).to_string()
}

/// A stored message, if every sentence it names still exists.
pub fn decode(s: &str) -> Option<Message> {
    let v: Value = serde_json::from_str(s).ok()?;
    let blocks = v["blocks"]
        .as_array()?
        .iter()
        .map(text_of)
        .collect::<Option<Vec<_>>>()?;
    // Messages stored before buttons had roles hold rows of buttons without one.
    let mut buttons = Vec::new();
    for item in v["buttons"].as_array()? {
        match item.as_array() {
            Some(row) => buttons.extend(row.iter().map(button_of)),
            None => buttons.push(button_of(item)),
        }
    }
    let buttons = buttons.into_iter().collect::<Option<Vec<_>>>()?;
    Some(Message { blocks, buttons })
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Confirm => "confirm",
        Role::Cancel => "cancel",
        Role::Toggle => "toggle",
        Role::Setting => "setting",
        Role::Navigate => "navigate",
        Role::Choice => "choice",
        Role::Link => "link",
    }
}

/// A stored button; one stored without a role gets the one its action implies.
fn button_of(b: &Value) -> Option<Button> {
    let token = b["token"].as_str()?.to_owned();
    let role = match b["role"].as_str() {
        Some("confirm") => Role::Confirm,
        Some("cancel") => Role::Cancel,
        Some("toggle") => Role::Toggle,
        Some("setting") => Role::Setting,
        Some("navigate") => Role::Navigate,
        Some("choice") => Role::Choice,
        Some("link") => Role::Link,
        Some(_) => return None,
        None => match ButtonAction::parse(&token) {
            Some(ButtonAction::Confirm(_)) => Role::Confirm,
            Some(ButtonAction::Cancel(_)) => Role::Cancel,
            Some(ButtonAction::Toggle(..)) => Role::Toggle,
            Some(ButtonAction::Setting(..) | ButtonAction::StopReminders(_)) => Role::Setting,
            Some(ButtonAction::Snooze(..) | ButtonAction::SwapInstead(..)) => Role::Choice,
            _ => Role::Navigate,
        },
    };
    Some(Button::new(role, text_of(&b["label"])?, token))
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
        let on = encode(&message);
        let mut off = message;
        off.blocks.push(Text::new("auto-sweep-turned-off"));
        let off = encode(&off);
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
            .release_stale_outbox(now - chrono(STALE_CLAIM))
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
        let (key, count) = match op.status {
            OperationStatus::Succeeded => ("auto-sweep-done", Some(true)),
            OperationStatus::Failed
                if !op.last_error.as_deref().is_some_and(|e| {
                    e.starts_with(COOLDOWN_ERROR) || e.starts_with(NOT_SENT_ERROR)
                }) =>
            {
                ("auto-sweep-failed", Some(false))
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
            _ => ("auto-sweep-unknown", None),
        };
        let Some(user) = self.store.user_by_id(row.user_id).await? else {
            return Ok(None);
        };
        let mut blocks = vec![Text::new(key)];
        if count.is_some() {
            let reply = self.finished_reply(&user, &op.id).await?;
            blocks.extend(reply.messages.into_iter().flat_map(|m| m.blocks));
        }
        let message = Message {
            blocks,
            buttons: Vec::new(),
        };
        let on = encode(&message);
        let mut off = message;
        off.blocks.push(Text::new("auto-sweep-turned-off"));
        let off = encode(&off);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_message_reads_back_the_same() {
        let m = Message {
            blocks: vec![
                Text::new("auto-sweep-done"),
                Text::new("convert-failed").text("reason", Text::new("error-exchange-key-refused")),
                Text::new("reminder-summary")
                    .int("count", 3)
                    .arg("value", "$1.20")
                    .arg("net", "0.001"),
            ],
            buttons: vec![
                Button::new(
                    Role::Navigate,
                    Text::new("button-convert-now"),
                    "r:abc".into(),
                ),
                Button::new(Role::Choice, Text::new("button-snooze-1h"), "z:abc".into()),
                Button::new(
                    Role::Link,
                    Text::new("button-convert-now"),
                    "https://www.binance.com/".into(),
                ),
            ],
        };
        assert_eq!(decode(&encode(&m)), Some(m));
        assert_eq!(
            decode(r#"{"blocks":[{"key":"no-such-key","args":[]}],"buttons":[]}"#),
            None
        );
    }

    #[test]
    fn a_reminder_stored_with_rows_of_buttons_reads_back_with_roles_in_order() {
        let id = "AAAAAAAAAAAAAAAAAAAAAA";
        let button = |key: &str, token: String| json!({ "label": { "key": key, "args": [] }, "token": token });
        let stored = json!({
            "blocks": [{ "key": "reminder-title", "args": [] }],
            "buttons": [
                [button("button-convert-now", format!("n.{id}"))],
                [button("button-snooze-1h", format!("z.{id}.1")), button("button-snooze-6h", format!("z.{id}.6"))],
                [button("button-stop-reminders", format!("o.{id}"))],
            ],
        });
        let m = decode(&stored.to_string()).unwrap();
        let roles: Vec<(Role, &str)> = m.buttons.iter().map(|b| (b.role, b.label.key)).collect();
        assert_eq!(
            roles,
            vec![
                (Role::Navigate, "button-convert-now"),
                (Role::Choice, "button-snooze-1h"),
                (Role::Choice, "button-snooze-6h"),
                (Role::Setting, "button-stop-reminders"),
            ]
        );
    }
}
