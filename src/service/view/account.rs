//! The screens of the accounts: `/start`, what `/connect` answers, `/disconnect`, and
//! `/forget`'s confirm screen and result.

use chrono::{DateTime, Utc};

use crate::ports::ForgetReport;
use crate::reply::{Button, Message, Reply, Role, Text};
use crate::service::buttons::ButtonAction;
use crate::service::format::{datetime, span};
use crate::service::model::CONFIRM_TTL;

/// `/start`: what dustpan does, and the next step (connect a key, or use it).
pub(crate) fn start_message(connected: bool) -> Message {
    Message {
        blocks: vec![
            Text::new("start-intro"),
            Text::new(if connected {
                "start-next-connected"
            } else {
                "start-next-connect"
            }),
        ],
        buttons: Vec::new(),
    }
}

/// A key stored: its masked fingerprint, a warning when it has no IP allow-list, and what
/// to do next.
pub(crate) fn connected_message(fingerprint: &str, ip_restricted: bool) -> Message {
    let mut blocks = vec![Text::new("connect-done").arg("fingerprint", fingerprint)];
    if !ip_restricted {
        blocks.push(Text::new("connect-warn-no-ip"));
    }
    blocks.push(Text::new("connect-next"));
    Message {
        blocks,
        buttons: Vec::new(),
    }
}

/// `/disconnect`: whether a key was removed.
pub(crate) fn disconnected_reply(removed: bool) -> Reply {
    Reply::text(Text::new(if removed {
        "disconnect-done"
    } else {
        "disconnect-nothing"
    }))
}

/// `/forget`'s confirm screen for the operation `id`; `inflight_sent` is when an operation
/// whose outcome is not known yet was sent, shown in the user's timezone `tz`.
pub(crate) fn forget_confirm_message(
    id: &str,
    inflight_sent: Option<DateTime<Utc>>,
    tz: &str,
) -> Message {
    let mut blocks = vec![Text::new("forget-confirm").text("ttl", span(CONFIRM_TTL))];
    if let Some(sent) = inflight_sent {
        // Forgetting must never wait for the exchange; say what it drops.
        blocks.push(Text::new("forget-inflight").arg("sent", datetime(sent, tz)));
    }
    Message {
        blocks,
        buttons: vec![
            Button::new(
                Role::Confirm,
                Text::new("button-forget"),
                ButtonAction::Confirm(id.to_owned()).token(),
            ),
            Button::new(
                Role::Cancel,
                Text::new("button-cancel"),
                ButtonAction::Cancel(id.to_owned()).token(),
            ),
        ],
    }
}

/// What `/forget` deleted, replacing its confirm screen.
pub(crate) fn forgotten_reply(report: &ForgetReport) -> Reply {
    Reply::text(
        Text::new("forget-done")
            .int("keys", report.credentials as i64)
            .int("conversions", report.conversions as i64)
            .int("operations", report.operations as i64),
    )
    .replacing()
}
