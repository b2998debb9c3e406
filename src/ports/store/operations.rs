//! The records of operations (pending, in flight, finished), as [`crate::ports::Store`]
//! reads and writes them.

use chrono::{DateTime, Utc};

/// What an operation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperationKind {
    /// Small Asset Convert to BNB.
    Dust,
    /// Spot Convert of one asset (`/swap`, "swap instead", or a plan's leg).
    Swap,
    /// "Convert the rest as recommended": sends nothing itself; its legs are their own
    /// operations.
    Plan,
    /// A plan's spot market-sell leg.
    Sell,
    /// Delete all of the user's data.
    Forget,
}

/// Where an operation stands (shared/security.md §3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperationStatus {
    /// A selection being edited; nothing confirmed.
    Selecting,
    /// Waiting for Confirm.
    Pending,
    /// Confirmed; the request is being sent (committed before sending).
    Submitting,
    /// Sent; the outcome is not known yet and must be reconciled.
    Unknown,
    /// Done.
    Succeeded,
    /// Refused or failed; nothing happened.
    Failed,
    /// Not confirmed in time.
    Expired,
    /// Cancelled by the user.
    Cancelled,
    /// Sent, but the exchange could not confirm the outcome before dustpan stopped waiting
    /// (it may or may not have happened): final, so the user is never locked out; the user
    /// is pointed to /history and the exchange's own records.
    Unresolved,
}

impl OperationKind {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dust => "dust",
            Self::Swap => "swap",
            Self::Plan => "plan",
            Self::Sell => "sell",
            Self::Forget => "forget",
        }
    }

    /// Parses the stored name. The former shared name `convert` is gone: migration 0009
    /// labelled every such row by its params.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "dust" => Self::Dust,
            "swap" => Self::Swap,
            "plan" => Self::Plan,
            "sell" => Self::Sell,
            "forget" => Self::Forget,
            _ => return None,
        })
    }
}

impl OperationStatus {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Selecting => "selecting",
            Self::Pending => "pending",
            Self::Submitting => "submitting",
            Self::Unknown => "unknown",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Expired => "expired",
            Self::Cancelled => "cancelled",
            Self::Unresolved => "unresolved",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "selecting" => Self::Selecting,
            "pending" => Self::Pending,
            "submitting" => Self::Submitting,
            "unknown" => Self::Unknown,
            "succeeded" => Self::Succeeded,
            "failed" => Self::Failed,
            "expired" => Self::Expired,
            "cancelled" => Self::Cancelled,
            "unresolved" => Self::Unresolved,
            _ => return None,
        })
    }
}

/// A pending or finished operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationRecord {
    /// The random id, also the button token's secret part.
    pub id: String,
    /// Owner.
    pub user_id: i64,
    /// What it does.
    pub kind: OperationKind,
    /// Where it stands.
    pub status: OperationStatus,
    /// The parameters, as JSON (amounts as strings).
    pub params: String,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// After this it can no longer be confirmed.
    pub expires_at: DateTime<Utc>,
    /// When Confirm was accepted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// The result, as JSON.
    pub result: Option<String>,
    /// Why it failed.
    pub last_error: Option<String>,
    /// The exchange it runs on (rows written before several exchanges: Binance).
    pub exchange: crate::domain::ExchangeId,
}

/// The result of trying to move an operation from one status to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    /// Done: this caller owns the next step.
    Done,
    /// The operation was not in the expected status, not the caller's, or expired.
    NotApplicable,
    /// The user already has an operation in flight.
    UserBusy,
}

/// The operations not finished in one state (selecting, pending, submitting, unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenOperations {
    /// The state.
    pub status: OperationStatus,
    /// How many.
    pub count: u64,
    /// When the oldest of them was confirmed (or created, when not confirmed).
    pub oldest: DateTime<Utc>,
}
