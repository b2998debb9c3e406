//! `DUSTPAN_ALLOWED_USERS`, `DUSTPAN_ADMINS` and `DUSTPAN_OPEN`: who may use the bot.

use std::collections::HashSet;

use super::error::ConfigError;
use crate::service::access::{AccessPolicy, PlatformUser};

/// The access settings as given: a choice not made is `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccessSettings {
    /// `DUSTPAN_ALLOWED_USERS`, when set.
    pub allowed_users: Option<Vec<PlatformUser>>,
    /// `DUSTPAN_OPEN`, when set.
    pub open: Option<bool>,
    /// `DUSTPAN_ADMINS` (none when unset).
    pub admins: Vec<PlatformUser>,
}

impl AccessSettings {
    /// The policy the service enforces: with no choice made, nobody but the console's user
    /// (the demo) gets in.
    pub fn policy(&self) -> AccessPolicy {
        AccessPolicy {
            open: self.open == Some(true),
            allowed: self.allowed_users.iter().flatten().cloned().collect(),
            admins: self.admins.iter().cloned().collect::<HashSet<_>>(),
        }
    }

    /// What `dustpan run` needs: the operator chose an allow-list or an open bot, not both.
    pub fn chosen(&self) -> Result<(), ConfigError> {
        match (&self.allowed_users, self.open) {
            (Some(_), Some(true)) => Err(ConfigError::new(
                "DUSTPAN_OPEN",
                "is true, which lets everyone in, while DUSTPAN_ALLOWED_USERS lists who may: set only one of them",
            )),
            (Some(_), _) | (None, Some(true)) => Ok(()),
            (None, _) => Err(ConfigError::new(
                "DUSTPAN_ALLOWED_USERS",
                "is not set and DUSTPAN_OPEN is not true: list who gets in (DUSTPAN_ALLOWED_USERS=telegram:123456,discord:987654321) or let everyone in with DUSTPAN_OPEN=true",
            )),
        }
    }
}

/// Parses the access settings, read through `get`, `DUSTPAN_OPEN` with `parse_bool`.
pub(super) fn settings<'a>(
    get: impl Fn(&str) -> Option<&'a str>,
    parse_bool: fn(&str, &str) -> Result<bool, ConfigError>,
) -> Result<AccessSettings, ConfigError> {
    let list = |name| get(name).map(|v| parse_users(name, v)).transpose();
    Ok(AccessSettings {
        allowed_users: list("DUSTPAN_ALLOWED_USERS")?,
        open: get("DUSTPAN_OPEN")
            .map(|v| parse_bool("DUSTPAN_OPEN", v))
            .transpose()?,
        admins: list("DUSTPAN_ADMINS")?.unwrap_or_default(),
    })
}

/// Parses `platform:id` items separated by commas; an empty or malformed item is named.
pub(super) fn parse_users(setting: &str, value: &str) -> Result<Vec<PlatformUser>, ConfigError> {
    value
        .split(',')
        .map(|item| {
            PlatformUser::parse(item).map_err(|e| {
                let shown: String = item.trim().chars().take(64).collect();
                ConfigError::new(
                    setting,
                    format!("'{shown}' is not a user like telegram:123456: {e}"),
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_parses_and_a_bad_item_is_named() {
        let users = parse_users("X", " telegram:1 ,discord:22").unwrap();
        assert_eq!(users.len(), 2);
        let e = parse_users("X", "telegram:1,,discord:2").unwrap_err();
        assert_eq!(e.setting, "X");
        assert!(e.reason.contains("empty"), "{e}");
        let e = parse_users("X", "telegram:1,discord:abc").unwrap_err();
        assert!(e.to_string().contains("discord:abc"), "{e}");
    }

    #[test]
    fn run_needs_exactly_one_choice() {
        let list = Some(vec![PlatformUser::parse("telegram:1").unwrap()]);
        let s = |allowed_users: Option<Vec<PlatformUser>>, open| AccessSettings {
            allowed_users,
            open,
            admins: Vec::new(),
        };
        assert!(s(list.clone(), None).chosen().is_ok());
        assert!(s(list.clone(), Some(false)).chosen().is_ok());
        assert!(s(None, Some(true)).chosen().is_ok());
        let e = s(None, None).chosen().unwrap_err().to_string();
        assert!(
            e.contains("DUSTPAN_ALLOWED_USERS") && e.contains("DUSTPAN_OPEN"),
            "{e}"
        );
        assert!(s(None, Some(false)).chosen().is_err());
        assert_eq!(
            s(list, Some(true)).chosen().unwrap_err().setting,
            "DUSTPAN_OPEN"
        );
    }
}
