//! The records of reminders and of the outbox (the messages the scheduler owes a user), as
//! [`crate::ports::ReminderStore`] reads and writes them.

use chrono::{DateTime, Utc};

/// Where a reminder stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReminderStatus {
    /// Waiting for its time.
    Pending,
    /// Claimed by a sender.
    Sending,
    /// Delivered (or skipped as not worth it).
    Sent,
    /// Off: reminders stopped or the user unreachable.
    Disabled,
    /// Gave up after repeated temporary failures.
    Failed,
}

impl ReminderStatus {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Disabled => "disabled",
            Self::Failed => "failed",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "pending" => Self::Pending,
            "sending" => Self::Sending,
            "sent" => Self::Sent,
            "disabled" => Self::Disabled,
            "failed" => Self::Failed,
            _ => return None,
        })
    }
}

/// A user's cooldown reminder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderRecord {
    /// Row id.
    pub id: i64,
    /// Owner.
    pub user_id: i64,
    /// Opaque token for its buttons.
    pub token: String,
    /// When it is due.
    pub due_at: DateTime<Utc>,
    /// Where it stands.
    pub status: ReminderStatus,
    /// Temporary failures so far.
    pub attempts: u32,
    /// The exchange whose cooldown it follows (one row per user per exchange).
    pub exchange: crate::domain::ExchangeId,
}

/// An auto-sweep's outcome, counted on the user's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SweepCount {
    /// The sweep converted.
    pub succeeded: bool,
    /// Failures in a row that turn auto-sweep off.
    pub max_failures: u32,
}

/// Where an outbox row stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxStatus {
    /// An auto-sweep is running; its report is not composed yet.
    Open,
    /// Waiting to be sent.
    Pending,
    /// Claimed by a sender.
    Sending,
    /// Delivered.
    Sent,
    /// Given up (logged).
    Dropped,
}

impl OutboxStatus {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Pending => "pending",
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Dropped => "dropped",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "open" => Self::Open,
            "pending" => Self::Pending,
            "sending" => Self::Sending,
            "sent" => Self::Sent,
            "dropped" => Self::Dropped,
            _ => return None,
        })
    }
}

/// A message the scheduler owes a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRecord {
    /// Row id.
    pub id: i64,
    /// Recipient.
    pub user_id: i64,
    /// Where it stands.
    pub status: OutboxStatus,
    /// The message as JSON (None while a sweep is open).
    pub message: Option<String>,
    /// Send without sound.
    pub silent: bool,
    /// The auto-sweep's operation, for a sweep report.
    pub operation_id: Option<String>,
    /// Temporary delivery failures so far.
    pub attempts: u32,
    /// When it was stored.
    pub created_at: DateTime<Utc>,
}
