//! The ports: traits the service needs, in domain words. Adapters implement them.

use chrono::{DateTime, Utc};

/// The time source, injectable so tests control cooldowns and expiry.
pub trait Clock: Send + Sync {
    /// Now.
    fn now(&self) -> DateTime<Utc>;
}

/// The wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

pub mod cause;
pub use cause::{Cause, error_chain};
pub mod exchange;
pub mod requester;
pub mod store;
pub mod turns;
pub use store::OpenOperations;
pub use store::{
    ConversionSource, ConvertedAsset, DustConversionRecord, Finished, ForgetReport, KeyStore,
    KeyStoreError, Notifier, NotifyError, OperationKind, OperationRecord, OperationStatus,
    Preferences, Recorded, ReminderRecord, ReminderSettings, ReminderStatus, ReminderStore, Store,
    StoreFailure, Transition, UserRecord,
};
pub use store::{ExportItem, ExportSink, ExportStore};
pub use store::{OperatorStats, PerPlatform, PeriodTotals, StatsStore};
pub use store::{OutboxRecord, OutboxStatus, SweepCount};
pub use turns::{Turn, Turns};

pub use exchange::*;
