//! The persistence ports the service needs: users, pending operations, conversion records,
//! dialogue state, and the encrypted key store.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::cause::Cause;
use crate::domain::{Asset, Credentials, ExchangeId, Platform};

mod conversions;
mod export;
mod operations;
mod reminders;
mod stats;
pub use conversions::{
    ConversionSource, ConvertedAsset, DustConversionRecord, Finished, Recorded,
    id_from_number_or_string,
};
pub use export::ExportItem;
pub use operations::{OpenOperations, OperationKind, OperationRecord, OperationStatus, Transition};
pub use reminders::{OutboxRecord, OutboxStatus, ReminderRecord, ReminderStatus, SweepCount};
pub use stats::{OperatorStats, PerPlatform, PeriodTotals};

/// A storage failure: logged with its cause, shown to users as a generic apology.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreFailure(pub Cause);

impl StoreFailure {
    /// A failure with no lower error ("operation 7 without a user").
    pub fn new(context: impl Into<String>) -> Self {
        Self(Cause::new(context))
    }

    /// A failure caused by the database (or a decoding) error `source`.
    pub fn caused_by(
        context: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Self(Cause::caused_by(context, source))
    }
}

impl std::fmt::Display for StoreFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "storage failure: {}", self.0)
    }
}

impl std::error::Error for StoreFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.0)
    }
}

/// A user as the service sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    /// Internal id.
    pub id: i64,
    /// Platform.
    pub platform: Platform,
    /// Id on the platform.
    pub platform_user_id: String,
    /// Language tag.
    pub language: String,
    /// IANA timezone name.
    pub timezone: String,
    /// Below this USDT value a conversion is "not worth it yet".
    pub min_worth_usdt: Decimal,
    /// The user blocked the bot or is deactivated: send nothing until they come back.
    pub blocked: bool,
    /// An opaque random token naming the user in settings buttons (created on demand).
    pub token: Option<String>,
    /// A guided form's state and when it expires, if one was started.
    pub dialogue: Option<(String, DateTime<Utc>)>,
    /// Reminder and auto-sweep settings.
    pub reminders: ReminderSettings,
    /// Spot Convert target and display currency.
    pub prefs: Preferences,
}

/// What a user's plans convert into and what values are shown in (`/settings target`,
/// `/settings currency`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preferences {
    /// The asset Spot Convert options convert into.
    pub target: Asset,
    /// The currency values are shown in.
    pub currency: Asset,
}

impl Default for Preferences {
    fn default() -> Self {
        Self {
            target: Asset::usdt(),
            currency: Asset::usdt(),
        }
    }
}

/// A user's reminder settings (`/settings`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderSettings {
    /// Send "cooldown over" reminders.
    pub enabled: bool,
    /// Quiet hours as minutes after local midnight (start, end); may wrap midnight.
    pub quiet: Option<(u16, u16)>,
    /// During quiet hours send silently instead of postponing to their end.
    pub quiet_silent: bool,
    /// Convert automatically when the cooldown ends.
    pub auto_sweep: bool,
    /// Auto-sweep only while the dust is worth at most this (USDT).
    pub auto_sweep_cap_usdt: Decimal,
    /// Auto-sweep failures in a row (two turn it off).
    pub auto_sweep_failures: u32,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            quiet: None,
            quiet_silent: false,
            auto_sweep: false,
            auto_sweep_cap_usdt: Decimal::from(5),
            auto_sweep_failures: 0,
        }
    }
}

/// The reminders' persistence (shared/security.md §4: persist, claim, then send).
#[async_trait]
pub trait ReminderStore: Send + Sync {
    /// Arms the user's reminder on `exchange` for `due_at` when that is later than the one
    /// armed (one row per user per exchange, so a cooldown yields one reminder however often
    /// its conversion is seen).
    async fn arm_reminder(
        &self,
        user_id: i64,
        exchange: ExchangeId,
        due_at: DateTime<Utc>,
        cause_batch_id: &str,
    ) -> Result<bool, StoreFailure>;
    /// Pending reminders due at `now`, earliest first.
    async fn due_reminders(
        &self,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<ReminderRecord>, StoreFailure>;
    /// Claims a pending reminder for sending; false when someone else did.
    async fn claim_reminder(&self, id: i64, now: DateTime<Utc>) -> Result<bool, StoreFailure>;
    /// Claims up to `limit` pending reminders due at `now` in one step, earliest first:
    /// each due reminder is claimed by one caller only, however many instances claim at
    /// once (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so claimers never wait on each other).
    async fn claim_due_reminders(
        &self,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<ReminderRecord>, StoreFailure>;
    /// Returns claims older than `before` to pending (a sender died mid-send).
    async fn release_stale_claims(&self, before: DateTime<Utc>) -> Result<u64, StoreFailure>;
    /// Sets a reminder's status, optionally its due time, and counts an attempt.
    async fn set_reminder(
        &self,
        id: i64,
        status: ReminderStatus,
        due_at: Option<DateTime<Utc>>,
        error: Option<&str>,
        count_attempt: bool,
    ) -> Result<(), StoreFailure>;
    /// Like [`ReminderStore::set_reminder`], but only while the reminder is still claimed:
    /// a reminder re-armed during the send (a new conversion) keeps its new due time.
    async fn finish_claim(
        &self,
        id: i64,
        status: ReminderStatus,
        due_at: Option<DateTime<Utc>>,
        error: Option<&str>,
        count_attempt: bool,
    ) -> Result<bool, StoreFailure>;
    /// The reminder a button token names.
    async fn reminder_by_token(&self, token: &str) -> Result<Option<ReminderRecord>, StoreFailure>;
    /// The user's reminder on `exchange`, if any.
    async fn reminder_of_user(
        &self,
        user_id: i64,
        exchange: ExchangeId,
    ) -> Result<Option<ReminderRecord>, StoreFailure>;
    /// The earliest pending due time.
    async fn next_due(&self) -> Result<Option<DateTime<Utc>>, StoreFailure>;
    /// Stores the user's settings.
    async fn save_settings(
        &self,
        user_id: i64,
        timezone: &str,
        min_worth_usdt: Decimal,
        settings: &ReminderSettings,
        prefs: &Preferences,
    ) -> Result<(), StoreFailure>;
    /// Counts an auto-sweep's outcome on the current settings row: a success resets the
    /// failure count; `max_failures` failures in a row turn auto-sweep off. Returns whether
    /// auto-sweep is still on.
    async fn record_auto_sweep(
        &self,
        user_id: i64,
        succeeded: bool,
        max_failures: u32,
    ) -> Result<bool, StoreFailure>;
    /// The user's settings token, created on first use.
    async fn user_token(&self, user_id: i64) -> Result<String, StoreFailure>;
    /// The user a settings token names.
    async fn user_by_token(&self, token: &str) -> Result<Option<UserRecord>, StoreFailure>;
    /// Puts the user's reminder back to pending at `due_at` when it was turned off for a
    /// reason in `reasons` (e.g. the key the exchange refused, replaced since). True when it
    /// changed.
    async fn resume_reminder(
        &self,
        user_id: i64,
        due_at: DateTime<Utc>,
        reasons: &[&str],
    ) -> Result<bool, StoreFailure>;
    /// Opens the outbox row of an auto-sweep about to run for `operation_id`: if the
    /// process dies before the report is composed, the report is composed from the
    /// operation after `lease_until`.
    async fn open_sweep_report(
        &self,
        user_id: i64,
        operation_id: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<i64, StoreFailure>;
    /// In one transaction: stores the composed report of an open sweep row (pending, due
    /// at `now`) and, with `count`, records the sweep's outcome on the user's settings
    /// (see [`ReminderStore::record_auto_sweep`]). `messages` is the report while auto-sweep
    /// stays on, and the one when this outcome turned it off. None when the row was not
    /// open any more (someone else completed it).
    async fn complete_sweep_report(
        &self,
        id: i64,
        messages: (&str, &str),
        silent: bool,
        count: Option<SweepCount>,
        now: DateTime<Utc>,
    ) -> Result<Option<bool>, StoreFailure>;
    /// Stores a message for the user, due (and dated) at `due_at`.
    async fn enqueue_message(
        &self,
        user_id: i64,
        message: &str,
        silent: bool,
        due_at: DateTime<Utc>,
    ) -> Result<i64, StoreFailure>;
    /// Outbox rows due at `now` (open sweeps past their lease, pending messages) of users
    /// who have not blocked the bot, earliest first.
    async fn due_outbox(
        &self,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<OutboxRecord>, StoreFailure>;
    /// Claims a pending outbox row for sending; false when someone else did.
    async fn claim_outbox(&self, id: i64, now: DateTime<Utc>) -> Result<bool, StoreFailure>;
    /// Moves an outbox row that is in `from` to `status` (with a new due time, an error, an
    /// attempt counted). True when it changed.
    async fn set_outbox(
        &self,
        id: i64,
        from: OutboxStatus,
        status: OutboxStatus,
        due_at: Option<DateTime<Utc>>,
        error: Option<&str>,
        count_attempt: bool,
    ) -> Result<bool, StoreFailure>;
    /// Returns outbox claims older than `before` to pending (a sender died mid-send).
    async fn release_stale_outbox(&self, before: DateTime<Utc>) -> Result<u64, StoreFailure>;
    /// Drops the undelivered outbox rows created before `before`; returns (id, user) of each.
    async fn drop_old_outbox(&self, before: DateTime<Utc>)
    -> Result<Vec<(i64, i64)>, StoreFailure>;
    /// Deletes sent and dropped outbox rows finished before `before`.
    async fn purge_outbox(&self, before: DateTime<Utc>) -> Result<u64, StoreFailure>;
    /// The earliest due time of an outbox row waiting for a user who can be reached.
    async fn next_outbox_due(&self) -> Result<Option<DateTime<Utc>>, StoreFailure>;
}

/// What `/forget` deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ForgetReport {
    /// Stored API keys.
    pub credentials: u64,
    /// Conversion records.
    pub conversions: u64,
    /// Operations.
    pub operations: u64,
}

/// The operator's figures.
#[async_trait]
pub trait StatsStore: Send + Sync {
    /// The figures, with "today" starting at `today` and "the last 7 days" at `week`.
    async fn operator_stats(
        &self,
        today: DateTime<Utc>,
        week: DateTime<Utc>,
    ) -> Result<OperatorStats, StoreFailure>;
}

/// What receives the records of an export, one at a time (each row is written as it
/// arrives).
pub type ExportSink<'a> = dyn FnMut(ExportItem) -> Result<(), StoreFailure> + Send + 'a;

/// A user's history, streamed (`/export`).
#[async_trait]
pub trait ExportStore: Send + Sync {
    /// Hands `sink` every dust conversion, then every succeeded swap and sale, of the user
    /// at or after `since` (all without), oldest first, without holding the history in
    /// memory.
    async fn export_history(
        &self,
        user_id: i64,
        since: Option<DateTime<Utc>>,
        sink: &mut ExportSink<'_>,
    ) -> Result<(), StoreFailure>;
}

/// The service's persistence.
#[async_trait]
pub trait Store: ReminderStore + StatsStore + ExportStore + Send + Sync {
    /// Finds a user, creating them when `create` is set.
    async fn user(
        &self,
        platform: Platform,
        platform_user_id: &str,
        create: bool,
    ) -> Result<Option<UserRecord>, StoreFailure>;
    /// Looks a user up by internal id.
    async fn user_by_id(&self, id: i64) -> Result<Option<UserRecord>, StoreFailure>;
    /// Stores a new operation.
    async fn insert_operation(&self, op: &OperationRecord) -> Result<(), StoreFailure>;
    /// Looks an operation up by id.
    async fn operation(&self, id: &str) -> Result<Option<OperationRecord>, StoreFailure>;
    /// Replaces the parameters of an operation still in `status`.
    async fn update_params(
        &self,
        id: &str,
        status: OperationStatus,
        params: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<bool, StoreFailure>;
    /// Moves the owner's operation from `from` to `to` in one `BEGIN IMMEDIATE` transaction,
    /// only while it has not expired at `now`. Moving to `Submitting` sets `submitted_at`.
    async fn transition(
        &self,
        id: &str,
        owner: i64,
        from: OperationStatus,
        to: OperationStatus,
        now: DateTime<Utc>,
    ) -> Result<Transition, StoreFailure>;
    /// Records where a submitted operation ended (`Succeeded`, `Failed`, `Unknown`,
    /// `Unresolved`: only from `Submitting` or `Unknown`), or closes an unconfirmed one (`Expired`, `Cancelled`:
    /// only from `Pending` or `Selecting`). False when the operation was not in one of those
    /// states: a stale view never overwrites a newer outcome.
    async fn finish_operation(
        &self,
        id: &str,
        status: OperationStatus,
        result: Option<&str>,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreFailure>;
    /// Deletes selections and confirm screens that expired before `before` (never an
    /// operation that was confirmed). Returns how many.
    async fn purge_expired_operations(&self, before: DateTime<Utc>) -> Result<u64, StoreFailure>;
    /// Operations in `Submitting` or `Unknown`, of one user or of everyone.
    async fn inflight_operations(
        &self,
        user_id: Option<i64>,
    ) -> Result<Vec<OperationRecord>, StoreFailure>;
    /// A user's operations closed as `Unresolved` since `since`, newest first, at most
    /// `limit`.
    async fn unresolved_operations(
        &self,
        user_id: i64,
        since: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<OperationRecord>, StoreFailure>;
    /// Records a conversion, arms the user's reminder on the conversion's exchange for
    /// `remind_at` (when later than the one armed; none for an exchange without a
    /// cooldown), and, with `finish`, marks the operation that made it succeeded, in that
    /// order. Each step is idempotent; a crash before the last leaves the operation in
    /// flight, and reconciling it finds the conversion again and records the rest. Without
    /// `finish`, the first two commit together.
    async fn record_dust_conversion(
        &self,
        user_id: i64,
        rec: &DustConversionRecord,
        remind_at: Option<DateTime<Utc>>,
        finish: Option<Finished<'_>>,
    ) -> Result<Recorded, StoreFailure>;
    /// The newest recorded conversions, newest first.
    async fn dust_conversions(
        &self,
        user_id: i64,
        limit: u32,
    ) -> Result<Vec<DustConversionRecord>, StoreFailure>;
    /// The dialogue state of a user (e.g. a guided form's step), if any and not expired.
    async fn dialogue(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, StoreFailure>;
    /// Sets or clears the dialogue state.
    async fn set_dialogue(
        &self,
        user_id: i64,
        state: Option<&str>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreFailure>;
    /// Sets the user's language.
    async fn set_language(&self, user_id: i64, language: &str) -> Result<(), StoreFailure>;
    /// Finds a user, or creates them speaking `language` (first contact, in their client's
    /// language) in one statement, so a language stored meanwhile is never replaced.
    async fn user_or_create_in(
        &self,
        platform: Platform,
        platform_user_id: &str,
        language: &str,
    ) -> Result<UserRecord, StoreFailure>;
    /// Marks a user as unreachable (blocked the bot, deactivated) or reachable again.
    async fn set_blocked(&self, user_id: i64, blocked: bool) -> Result<(), StoreFailure>;
    /// Deletes the user and everything of theirs.
    async fn forget_user(&self, user_id: i64) -> Result<ForgetReport, StoreFailure>;
    /// Overwrites the one health-probe row with `now` and returns once it is on disk: the
    /// database is writable.
    async fn probe_write(&self, now: DateTime<Utc>) -> Result<(), StoreFailure>;
    /// The operations not finished, counted by state, with the oldest of each.
    async fn open_operations(&self) -> Result<Vec<OpenOperations>, StoreFailure>;
}

/// Why credentials could not be used.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum KeyStoreError {
    /// No master key is configured.
    #[error("no master key is configured")]
    NotConfigured,
    /// The stored row does not decrypt: the user must enter the key again.
    #[error("stored credentials cannot be decrypted")]
    Undecryptable,
    /// The database failed.
    #[error("key store failure")]
    Failure(#[source] Cause),
}

/// The encrypted credential store, keyed by user and exchange: a user may hold keys on
/// several exchanges, each stored and encrypted apart.
#[async_trait]
pub trait KeyStore: Send + Sync {
    /// Stores or replaces the user's credentials for `exchange`.
    async fn save(
        &self,
        user_id: i64,
        exchange: ExchangeId,
        creds: &Credentials,
    ) -> Result<(), KeyStoreError>;
    /// The user's credentials for `exchange`, if any.
    async fn load(
        &self,
        user_id: i64,
        exchange: ExchangeId,
    ) -> Result<Option<Credentials>, KeyStoreError>;
    /// Deletes them; true when there were some.
    async fn delete(&self, user_id: i64, exchange: ExchangeId) -> Result<bool, KeyStoreError>;
}

/// Why a message could not be delivered outside a conversation.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum NotifyError {
    /// The user blocked the bot, is deactivated, or cannot be messaged: never retry.
    #[error("the user cannot be reached")]
    Unreachable,
    /// The platform asked to wait before sending again.
    #[error("rate limited; retry after {0:?}")]
    RetryAfter(std::time::Duration),
    /// A passing failure (network, 5xx): retry later.
    #[error("temporary failure: {0}")]
    Temporary(String),
}

/// Delivers messages to a user outside any conversation (reminders, auto-sweep reports).
/// Each frontend implements it; the platform's rate limits are its business.
#[async_trait]
pub trait Notifier: Send + Sync {
    /// The platform this notifier reaches.
    fn platform(&self) -> Platform;
    /// Sends `message` to `user` in their language; `silent` asks for no sound.
    async fn notify(
        &self,
        user: &UserRecord,
        message: &crate::reply::Message,
        silent: bool,
    ) -> Result<(), NotifyError>;
}
