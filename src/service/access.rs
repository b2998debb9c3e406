//! Who may use the bot (issue 19, point 1): an allow-list of platform ids, or open to
//! everyone, and the operators (admins) among them. Checked at the facade before anything
//! of the caller is read or stored: a stranger gets one polite refusal naming their own id,
//! and no row.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::domain::Platform;
use crate::reply::{Reply, Text};
use crate::service::model::Caller;

/// A refused caller is told again at most once per this long; in between, nothing is sent,
/// so a stranger's flood gets no flood of answers.
pub const REFUSAL_REPEAT: Duration = Duration::from_secs(10 * 60);

/// Above this many remembered refusals, the ones older than [`REFUSAL_REPEAT`] are dropped.
const PRUNE_AT: usize = 4096;

/// A user of one platform, as an operator writes them: `telegram:123456`, `discord:987654321`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PlatformUser {
    platform: Platform,
    id: String,
}

/// Why a text is not a [`PlatformUser`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PlatformUserError {
    /// Nothing between two commas.
    #[error("an empty item")]
    Empty,
    /// No `platform:` before the id.
    #[error("no platform before the id (write telegram:ID, discord:ID or console:ID)")]
    NoPlatform,
    /// A platform dustpan does not serve.
    #[error("an unknown platform (telegram, discord or console)")]
    UnknownPlatform,
    /// The id is not all digits.
    #[error("the id must be digits only")]
    BadId,
}

/// The name an operator writes for a platform (the domain's [`Platform`], in lower case).
pub fn platform_name(platform: Platform) -> &'static str {
    match platform {
        Platform::Telegram => "telegram",
        Platform::Discord => "discord",
        Platform::Console => "console",
    }
}

impl PlatformUser {
    /// Parses one item, whitespace around it tolerated; the platform in any case.
    pub fn parse(item: &str) -> Result<Self, PlatformUserError> {
        let item = item.trim();
        if item.is_empty() {
            return Err(PlatformUserError::Empty);
        }
        let (platform, id) = item.split_once(':').ok_or(PlatformUserError::NoPlatform)?;
        let platform = match platform.trim().to_ascii_lowercase().as_str() {
            "telegram" => Platform::Telegram,
            "discord" => Platform::Discord,
            "console" => Platform::Console,
            _ => return Err(PlatformUserError::UnknownPlatform),
        };
        let id = id.trim();
        // Telegram and Discord ids are integers (Discord's snowflakes fit 20 digits).
        if id.is_empty() || id.len() > 20 || !id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PlatformUserError::BadId);
        }
        Ok(Self {
            platform,
            id: id.to_owned(),
        })
    }

    /// The caller's own.
    pub fn of(caller: &Caller) -> Self {
        Self {
            platform: caller.platform,
            id: caller.platform_user_id.clone(),
        }
    }
}

impl fmt::Display for PlatformUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", platform_name(self.platform), self.id)
    }
}

/// Who may use the bot and who operates it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AccessPolicy {
    /// Everyone may use it (`DUSTPAN_OPEN=true`).
    pub open: bool,
    /// Those who may, when not open (`DUSTPAN_ALLOWED_USERS`).
    pub allowed: HashSet<PlatformUser>,
    /// The operators (`DUSTPAN_ADMINS`): allowed, and they may use operator commands.
    pub admins: HashSet<PlatformUser>,
}

impl AccessPolicy {
    /// Whether `caller` may use the bot. The console is the operator's own terminal (the
    /// demo): always.
    pub fn allows(&self, caller: &Caller) -> bool {
        if self.open || caller.platform == Platform::Console {
            return true;
        }
        let who = PlatformUser::of(caller);
        self.allowed.contains(&who) || self.admins.contains(&who)
    }

    /// Whether `caller` may use operator commands (the console's user always may).
    pub fn is_admin(&self, caller: &Caller) -> bool {
        caller.platform == Platform::Console || self.admins.contains(&PlatformUser::of(caller))
    }
}

/// The policy with its memory of whom it refused, and when.
#[derive(Debug)]
pub struct Gate {
    policy: AccessPolicy,
    refused: Mutex<HashMap<PlatformUser, DateTime<Utc>>>,
}

impl Gate {
    /// A gate enforcing `policy`.
    pub fn new(policy: AccessPolicy) -> Self {
        Self {
            policy,
            refused: Mutex::new(HashMap::new()),
        }
    }

    /// The policy.
    pub fn policy(&self) -> &AccessPolicy {
        &self.policy
    }

    /// `None` when `caller` may go on; else what to answer: the refusal naming their id
    /// (as a notice to a press, the button's own answer), or nothing when they were told
    /// within [`REFUSAL_REPEAT`].
    pub fn check(&self, caller: &Caller, press: bool, now: DateTime<Utc>) -> Option<Reply> {
        if self.policy.allows(caller) {
            return None;
        }
        let who = PlatformUser::of(caller);
        let text = Text::new("access-refused").arg("id", &who);
        if press {
            // A press must be answered anyway (Telegram shows a spinner until it is).
            return Some(Reply::default().with_notice(text));
        }
        if caller.platform == Platform::Discord {
            // Every Discord interaction must be answered, and Discord paces them itself.
            return Some(Reply::text(text));
        }
        let repeat = chrono::Duration::from_std(REFUSAL_REPEAT).unwrap_or_default();
        let mut refused = self
            .refused
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if refused.len() >= PRUNE_AT {
            refused.retain(|_, at| now - *at < repeat);
        }
        match refused.get(&who) {
            Some(at) if now - *at < repeat => Some(Reply::default()),
            _ => {
                refused.insert(who, now);
                tracing::info!("refused a user who is not on the allow-list");
                Some(Reply::text(text))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_parse_with_whitespace_and_any_case_and_refuse_junk() {
        let u = PlatformUser::parse("  Discord: 987654321 ").unwrap();
        assert_eq!(u.to_string(), "discord:987654321");
        for (item, err) in [
            ("", PlatformUserError::Empty),
            ("123", PlatformUserError::NoPlatform),
            ("slack:1", PlatformUserError::UnknownPlatform),
            ("telegram:12a", PlatformUserError::BadId),
            ("telegram:", PlatformUserError::BadId),
            ("telegram:-5", PlatformUserError::BadId),
        ] {
            assert_eq!(PlatformUser::parse(item), Err(err), "{item}");
        }
    }

    #[test]
    fn refusal_is_said_once_per_window_and_presses_are_always_answered() {
        let gate = Gate::new(AccessPolicy::default());
        let who = Caller::in_private(Platform::Telegram, "42");
        let t0 = Utc::now();
        let first = gate.check(&who, false, t0).unwrap();
        assert_eq!(first.messages.len(), 1);
        assert_eq!(gate.check(&who, false, t0).unwrap(), Reply::default());
        assert!(gate.check(&who, true, t0).unwrap().notice.is_some());
        let later = t0 + chrono::Duration::from_std(REFUSAL_REPEAT).unwrap();
        assert_eq!(gate.check(&who, false, later).unwrap().messages.len(), 1);
        let console = Caller::in_private(Platform::Console, "demo");
        assert!(gate.check(&console, false, t0).is_none());
    }
}
