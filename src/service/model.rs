//! The service's shared vocabulary: who calls ([`Caller`]), what a user can act on
//! ([`ServiceError`]), the tunables and the time limits every use case reads.

use std::time::Duration;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::domain::{Asset, Platform};
use crate::ports::{
    DustCandidate, ExchangeError, KeyStoreError, OpenOperations, Refusal, StoreFailure,
    SymbolStatus,
};
use crate::reply::Text;

/// How long a Confirm button stays valid.
pub const CONFIRM_TTL: Duration = Duration::from_secs(120);
/// How long a `/convert` selection stays editable.
pub const SELECTION_TTL: Duration = Duration::from_secs(600);
/// How long a guided `/connect` waits for the next answer.
pub const DIALOGUE_TTL: Duration = Duration::from_secs(600);
/// How long after sending an unknown-outcome conversion it may still appear in the dust
/// log before it is taken as not executed (shared/security.md §3.2 step 4).
pub const RECONCILE_GRACE: Duration = Duration::from_secs(180);
/// How long after sending dustpan waits for the exchange to confirm an operation's outcome.
/// After it, any operation still unconfirmed (a dust batch absent from the log whose assets
/// are gone, an order nobody can look up), whether or not the exchange can be asked, is
/// closed as unresolved: the user is never locked out, and is pointed to /history and the
/// exchange's own app.
pub const RECONCILE_GIVE_UP: Duration = Duration::from_secs(30 * 60);
/// A dust log read this recently counts as read "before the conversion" at Confirm: the
/// confirm screen was built on it. A conversion made elsewhere in between is still refused
/// by the exchange (-5006), which is handled.
pub const DUST_LOG_FRESH: Duration = Duration::from_secs(30);
/// Allowance for clock skew between dustpan and the exchange when matching log records.
pub const CLOCK_MARGIN: Duration = Duration::from_secs(120);

/// The service's tunables.
#[derive(Debug, Clone)]
pub struct ServiceConfig {
    /// The small-balance conversion's cooldown: the exchange's own (its capabilities), or
    /// `DUSTPAN_DUST_COOLDOWN` when set; resolved at start-up.
    pub dust_cooldown: Duration,
    /// Refuse keys without an IP allow-list (`DUSTPAN_REQUIRE_IP_RESTRICTED`).
    pub require_ip_restricted: bool,
    /// Commands per minute one user may send, sustained (`throttle`).
    pub user_commands_per_min: u32,
    /// Commands one user may send at once.
    pub user_command_burst: u32,
}

/// The kind of conversation a message or press comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelKind {
    /// A private chat with the bot (Telegram, the console).
    PrivateChat,
    /// A direct message with the bot (Discord).
    DirectMessage,
    /// A group chat (a Telegram group or supergroup, a Discord group DM).
    Group,
    /// A channel of a server (a Discord guild): others read it, but a private reply is
    /// shown to the caller alone (ephemeral), and so is a credentials form (a modal).
    ServerChannel,
}

impl ChannelKind {
    /// Whether only the caller and the bot are in the conversation.
    pub fn is_private(self) -> bool {
        matches!(self, Self::PrivateChat | Self::DirectMessage)
    }

    /// Whether a credentials form is seen by the caller alone here: in a private
    /// conversation, or as a modal in a server channel (never in a group chat).
    pub fn private_forms(self) -> bool {
        self != Self::Group
    }
}

/// Who sent a message or pressed a button.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// Platform.
    pub platform: Platform,
    /// The user's id on it.
    pub platform_user_id: String,
    /// Where they wrote (secrets are accepted only in a private conversation).
    pub channel: ChannelKind,
    /// The language their client is set to, as the platform tells it (Telegram's
    /// `language_code`, Discord's `locale`), if it does. A new user is created in the
    /// closest available language; after that the stored language wins.
    pub language_hint: Option<String>,
}

impl Caller {
    /// A user of `platform` writing in a conversation of kind `channel`.
    pub fn new(
        platform: Platform,
        platform_user_id: impl Into<String>,
        channel: ChannelKind,
    ) -> Self {
        Self {
            platform,
            platform_user_id: platform_user_id.into(),
            channel,
            language_hint: None,
        }
    }

    /// A user of `platform` in their private chat with the bot.
    pub fn in_private(platform: Platform, platform_user_id: impl Into<String>) -> Self {
        Self::new(platform, platform_user_id, ChannelKind::PrivateChat)
    }

    /// The same caller, with their client's language.
    pub fn with_language_hint(mut self, language: Option<String>) -> Self {
        self.language_hint = language;
        self
    }

    /// Whether only the caller and the bot are in the conversation.
    pub fn is_private(&self) -> bool {
        self.channel.is_private()
    }
}

/// Something a user can act on.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum ServiceError {
    /// No exchange key is connected.
    #[error("no exchange key connected")]
    NotConnected,
    /// The stored key does not decrypt.
    #[error("stored key cannot be decrypted")]
    KeyUnreadable,
    /// The bot has no master key to store keys with.
    #[error("no master key configured")]
    NoMasterKey,
    /// The exchange said no, or could not be reached.
    #[error(transparent)]
    Exchange(#[from] ExchangeError),
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreFailure),
}

impl From<KeyStoreError> for ServiceError {
    fn from(e: KeyStoreError) -> Self {
        match e {
            KeyStoreError::NotConfigured => Self::NoMasterKey,
            KeyStoreError::Undecryptable => Self::KeyUnreadable,
            KeyStoreError::Failure(c) => Self::Store(StoreFailure(c)),
        }
    }
}

impl ServiceError {
    /// The sentence a user sees.
    pub fn text(&self) -> Text {
        match self {
            Self::NotConnected => Text::new("error-not-connected"),
            Self::KeyUnreadable => Text::new("error-key-unreadable"),
            Self::NoMasterKey => Text::new("error-no-master-key"),
            Self::Exchange(e) => exchange_error_text(e),
            Self::Store(_) => Text::new("error-internal"),
        }
    }
}

/// The sentence for an exchange error.
pub fn exchange_error_text(e: &ExchangeError) -> Text {
    match e {
        ExchangeError::Unauthorized {
            reason: Refusal::NoConvertAccess,
            ..
        } => Text::new("error-exchange-not-authorized"),
        ExchangeError::Unauthorized { .. } => Text::new("error-exchange-key-refused"),
        ExchangeError::RateLimited { retry_after, .. } => {
            Text::new("error-exchange-busy").int("seconds", retry_after.as_secs().max(1) as i64)
        }
        ExchangeError::Rejected { code, msg, .. } => Text::new("error-exchange-rejected")
            .arg("code", code)
            .arg("message", msg),
        ExchangeError::OutcomeUnknown(_) => Text::new("error-exchange-outcome-unknown"),
        ExchangeError::Unavailable(_) | ExchangeError::InvalidResponse(_) => {
            Text::new("error-exchange-unavailable")
        }
        ExchangeError::UserBudget { retry_after } => Text::new("error-exchange-busy-for-you")
            .int("seconds", retry_after.as_secs().max(1) as i64),
    }
}

/// Why an asset cannot be converted at all, by what the user can do about it: the most
/// hopeful state of its markets (a pause before a closed day before a break).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ineligible {
    /// No market trades it (`BREAK`, or no market at all): delisted, or not open yet.
    Delisted,
    /// Trading is paused on the exchange (`HALT`): try again later.
    Halted,
    /// The market is closed for the day (`END_OF_DAY`): try again when it reopens.
    ClosedForDay,
    /// The exchange accepts only cancellations (`CANCEL_ONLY`): try again later.
    CancelOnly,
    /// A state dustpan does not know: not tradable now.
    Unknown,
}

impl Ineligible {
    /// The verdict for an asset whose markets are all in these (non-trading) states.
    pub(crate) fn of(statuses: impl IntoIterator<Item = SymbolStatus>) -> Self {
        let mut best = Self::Delisted;
        let rank = |i: Self| match i {
            Self::Halted => 4,
            Self::ClosedForDay => 3,
            Self::CancelOnly => 2,
            Self::Unknown => 1,
            Self::Delisted => 0,
        };
        for st in statuses {
            let this = match st {
                SymbolStatus::Halted => Self::Halted,
                SymbolStatus::ClosedForDay => Self::ClosedForDay,
                SymbolStatus::CancelOnly => Self::CancelOnly,
                SymbolStatus::Other => Self::Unknown,
                SymbolStatus::Offline | SymbolStatus::Trading => Self::Delisted,
            };
            if rank(this) > rank(best) {
                best = this;
            }
        }
        best
    }

    /// The locale key of a report line.
    pub fn key(self) -> &'static str {
        match self {
            Self::Delisted => "dust-line-delisted",
            Self::Halted => "dust-line-halted",
            Self::ClosedForDay => "dust-line-end-of-day",
            Self::CancelOnly => "dust-line-cancel-only",
            Self::Unknown => "dust-line-not-tradable",
        }
    }
}

/// How a small balance can leave the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DustClass {
    /// Small Asset Convert to BNB accepts it.
    Convertible {
        /// The exchange's numbers.
        candidate: DustCandidate,
        /// Also below the spot market's minimum order.
        below_min_order: bool,
    },
    /// Too small to sell on the spot market, and not BNB-convertible.
    BelowMinimum {
        /// The minimum quantity of the best market.
        min_qty: Decimal,
        /// The minimum order value of that market, in its quote asset.
        min_notional: Decimal,
        /// That market's quote asset.
        quote: Asset,
    },
    /// Cannot be converted at all.
    Ineligible(Ineligible),
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DustLine {
    /// The asset.
    pub asset: Asset,
    /// Free quantity.
    pub amount: Decimal,
    /// Value in BTC.
    pub btc: Decimal,
    /// Value in USDT.
    pub usdt: Decimal,
    /// Its class.
    pub class: DustClass,
}

/// The cooldown as known from records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CooldownState {
    /// A conversion is possible now.
    Ready,
    /// Possible again at this time.
    Until(DateTime<Utc>),
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DustReport {
    /// One line per small balance.
    pub lines: Vec<DustLine>,
    /// Sum of BNB before fee of the convertible lines.
    pub total_bnb: Decimal,
    /// Sum of fees.
    pub total_fee: Decimal,
    /// Sum of net BNB.
    pub total_net: Decimal,
    /// Value of the convertible lines in USDT.
    pub convertible_usdt: Decimal,
    /// The fee rate.
    pub fee_rate: Decimal,
    /// Balances large enough to trade normally (not listed).
    pub tradeable_count: usize,
    /// Cooldown state.
    pub cooldown: CooldownState,
}

/// Due reminders handled per scheduler step.
pub const REMINDER_BATCH: u32 = 200;
/// A claim older than this belongs to a sender that died mid-send: send again (at most one
/// duplicate "cooldown over" message, which is harmless; documented in the README).
pub const STALE_CLAIM: Duration = Duration::from_secs(300);
/// Reminders claimed at once when instances share the database: a batch small enough to be
/// sent well within a claim's timeout at one instance's pace, so that no live sender's
/// claims look stale to the others.
pub const SHARED_REMINDER_BATCH: u32 = 50;
/// When the exchange cannot be asked, try again after this long.
pub const EXCHANGE_RETRY: Duration = Duration::from_secs(300);
/// Assets auto-sweep never converts (shared/security.md §4, the peer's lesson).
pub const PROTECTED_ASSETS: &[&str] =
    &["USDT", "USDC", "FDUSD", "TUSD", "DAI", "BTC", "ETH", "BNB"];
/// Auto-sweep turns itself off after this many failures in a row.
pub const AUTO_SWEEP_MAX_FAILURES: u32 = 2;
/// Why a reminder is off because the exchange refused the user's key (a new /connect
/// resumes it).
pub const KEY_REFUSED: &str = "key refused";
/// Why a reminder is off because the user has no usable key (a new /connect resumes it).
pub const NO_KEY: &str = "no usable key";

/// What one scheduler step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StepReport {
    /// Reminders delivered.
    pub sent: u32,
    /// Auto-sweeps carried out (and reported).
    pub swept: u32,
    /// Not worth it or not over yet: checked again later, nothing sent.
    pub deferred: u32,
    /// Turned off (stopped, unreachable, no key).
    pub disabled: u32,
    /// Rescheduled after a rate limit or a temporary failure.
    pub retried: u32,
    /// Stored messages (auto-sweep reports, notices) delivered.
    pub reports: u32,
}

impl StepReport {
    /// How many rows the step handled.
    pub fn handled(&self) -> u32 {
        self.sent + self.swept + self.deferred + self.disabled + self.retried + self.reports
    }
}

/// How a dust operation stopped by a cooldown (ours before sending, or the exchange's
/// refusal, see `confirm_dust`) begins its error: such a sweep is postponed, not failed.
pub(crate) const COOLDOWN_ERROR: &str = "cooldown";

/// One probed part: fine, or failing with the reason (never a secret: error chains of the
/// store and the exchange carry none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Probe {
    /// It answered.
    Ok,
    /// It did not, and why.
    Failing(String),
}

impl Probe {
    /// Whether it answered.
    pub fn is_ok(&self) -> bool {
        matches!(self, Self::Ok)
    }
}

/// What the health check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthReport {
    /// A write reached the database.
    pub database: Probe,
    /// The exchange answered a server-time request.
    pub exchange: Probe,
    /// Each started frontend and whether it is connected.
    pub frontends: Vec<(&'static str, bool)>,
    /// The operations not finished, by state (empty when the database could not be read).
    pub open_operations: Vec<OpenOperations>,
    /// How long the oldest operation sent to the exchange and not settled has waited.
    pub oldest_unsettled: Option<Duration>,
    /// When the report was made (the service's clock).
    pub at: DateTime<Utc>,
}

impl HealthReport {
    /// What `/healthz` needs: the database writable and the exchange answering.
    pub fn is_ready(&self) -> bool {
        self.database.is_ok() && self.exchange.is_ok()
    }

    /// The parts that fail, by name (`database`, `exchange`).
    pub fn failing(&self) -> Vec<&'static str> {
        [("database", &self.database), ("exchange", &self.exchange)]
            .into_iter()
            .filter(|(_, p)| !p.is_ok())
            .map(|(name, _)| name)
            .collect()
    }
}
