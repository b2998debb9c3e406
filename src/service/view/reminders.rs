//! The scheduler's messages: a due reminder with its buttons, what its buttons answer, the
//! "reconnect your key" notice, and an auto-sweep's report.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::reply::{Button, Message, Reply, Role, Text};
use crate::service::buttons::ButtonAction;
use crate::service::currency::Shown;
use crate::service::format::{amount, datetime};

/// A due reminder: `count` convertible balances worth `worth` (USDT, shown in the user's
/// currency), `net` of the target after the fee, with the buttons of the reminder `token`.
pub(crate) fn reminder_message(
    token: &str,
    count: usize,
    worth: Decimal,
    shown: &Shown,
    net: Decimal,
) -> Message {
    let token = token.to_owned();
    Message {
        blocks: vec![
            Text::new("reminder-title"),
            Text::new("reminder-summary")
                .int("count", count as i64)
                .arg("value", shown.show(worth))
                .arg("net", amount(net)),
        ],
        buttons: vec![
            Button::new(
                Role::Navigate,
                Text::new("button-convert-now"),
                ButtonAction::ConvertNow(token.clone()).token(),
            ),
            Button::new(
                Role::Choice,
                Text::new("button-snooze-1h"),
                ButtonAction::Snooze(token.clone(), 1).token(),
            ),
            Button::new(
                Role::Choice,
                Text::new("button-snooze-6h"),
                ButtonAction::Snooze(token.clone(), 6).token(),
            ),
            Button::new(
                Role::Setting,
                Text::new("button-stop-reminders"),
                ButtonAction::StopReminders(token).token(),
            ),
        ],
    }
}

/// A reminder snoozed until `at`, shown in the timezone `tz`.
pub(crate) fn snoozed_reply(at: DateTime<Utc>, tz: &str) -> Reply {
    Reply::text(Text::new("reminder-snoozed").arg("at", datetime(at, tz))).replacing()
}

/// Reminders stopped from a reminder's button.
pub(crate) fn stopped_reply() -> Reply {
    Reply::text(Text::new("reminder-stopped")).replacing()
}

/// The exchange refused the key: reminders stop until the user connects again.
pub(crate) fn key_refused_message() -> Message {
    Message::text(Text::new("reminders-key-refused"))
}

/// An auto-sweep stopped by a cooldown, tried again at `at` (shown in the timezone `tz`);
/// `explained` when the dust log shows the conversion that started the cooldown.
pub(crate) fn sweep_postponed_message(explained: bool, at: DateTime<Utc>, tz: &str) -> Message {
    let key = if explained {
        "auto-sweep-postponed"
    } else {
        "auto-sweep-postponed-unexplained"
    };
    Message::text(Text::new(key).arg("at", datetime(at, tz)))
}

/// How an auto-sweep ended, as its report says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SweepOutcome {
    Done,
    Failed,
    /// Closed without a known outcome.
    Unknown,
}

/// An auto-sweep's report: its outcome, then the conversion's own result screen (`details`).
pub(crate) fn sweep_report(outcome: SweepOutcome, details: Vec<Text>) -> Message {
    let mut blocks = vec![Text::new(match outcome {
        SweepOutcome::Done => "auto-sweep-done",
        SweepOutcome::Failed => "auto-sweep-failed",
        SweepOutcome::Unknown => "auto-sweep-unknown",
    })];
    blocks.extend(details);
    Message {
        blocks,
        buttons: Vec::new(),
    }
}

/// The same report when this sweep turned auto-sweep off (too many failures in a row).
pub(crate) fn with_auto_sweep_off(report: &Message) -> Message {
    let mut off = report.clone();
    off.blocks.push(Text::new("auto-sweep-turned-off"));
    off
}
