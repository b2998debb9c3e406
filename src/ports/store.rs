//! The persistence ports the service needs: users, pending operations, conversion records,
//! dialogue state, and the encrypted key store.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::domain::{Asset, Credentials, ExchangeId, Platform};

/// A storage failure: logged with its cause, shown to users as a generic apology.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[error("storage failure: {0}")]
pub struct StoreFailure(pub String);

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
}

/// The reminders' persistence (shared/security.md §4: persist, claim, then send).
#[async_trait]
pub trait ReminderStore: Send + Sync {
    /// Arms the user's reminder for `due_at` when that is later than the one armed (one row
    /// per user, so a cooldown yields one reminder however often its conversion is seen).
    async fn arm_reminder(
        &self,
        user_id: i64,
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
    /// The user's reminder, if any.
    async fn reminder_of_user(&self, user_id: i64) -> Result<Option<ReminderRecord>, StoreFailure>;
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

/// Where a conversion record came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConversionSource {
    /// Made through dustpan.
    Dustpan,
    /// Learned from the exchange's dust log (e.g. made in the exchange's app).
    Exchange,
}

/// One asset of a recorded dust conversion.
///
/// Stored as JSON in `dust_conversions.assets`; rows written before the port was neutral
/// name the gross amount `bnb`, which still reads.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ConvertedAsset {
    /// Asset symbol.
    pub asset: String,
    /// Quantity removed.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// Target amount before the fee, as reported by the exchange.
    #[serde(alias = "bnb", with = "rust_decimal::serde::str")]
    pub gross: Decimal,
    /// The fee, in the target asset.
    #[serde(with = "rust_decimal::serde::str")]
    pub fee: Decimal,
}

/// A recorded dust conversion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DustConversionRecord {
    /// The exchange's id of the conversion (the batch id).
    pub batch_id: String,
    /// When it happened (exchange time).
    pub operate_time: DateTime<Utc>,
    /// Target amount before the fee, as reported.
    pub total_gross: Decimal,
    /// The fee, in the target asset.
    pub total_fee: Decimal,
    /// Per asset.
    pub assets: Vec<ConvertedAsset>,
    /// Where we learned of it.
    pub source: ConversionSource,
    /// The dustpan operation, if any.
    pub operation_id: Option<String>,
}

/// Reads an exchange id stored either as a JSON number (rows written when ids were
/// integers) or as a string, into its string form.
pub fn id_from_number_or_string<'de, D>(d: D) -> Result<String, D::Error>
where
    D: serde::Deserializer<'de>,
{
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Id {
        Int(i64),
        Str(String),
    }
    Ok(match <Id as serde::Deserialize>::deserialize(d)? {
        Id::Int(i) => i.to_string(),
        Id::Str(s) => s,
    })
}

/// An operation that ended in success, with its result, recorded with its conversion.
#[derive(Debug, Clone, Copy)]
pub struct Finished<'a> {
    /// The operation.
    pub id: &'a str,
    /// Its result (JSON).
    pub result: &'a str,
    /// When.
    pub now: DateTime<Utc>,
}

/// What recording a conversion changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    /// The transfer id was not recorded before.
    pub new: bool,
    /// The reminder was armed (or moved later).
    pub armed: bool,
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

/// The service's persistence.
#[async_trait]
pub trait Store: ReminderStore + Send + Sync {
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
    /// Records a conversion, arms the user's reminder for `remind_at` (when later than the
    /// one armed), and, with `finish`, marks the operation that made it succeeded, in that
    /// order. Each step is idempotent; a crash before the last leaves the operation in
    /// flight, and reconciling it finds the conversion again and records the rest. Without
    /// `finish`, the first two commit together.
    async fn record_dust_conversion(
        &self,
        user_id: i64,
        rec: &DustConversionRecord,
        remind_at: DateTime<Utc>,
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
    #[error("{0}")]
    Failure(String),
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
