//! A key's permissions, read again before money moves once they are a day old.

use crate::ports::{KeyPermissions, UserRecord};
use crate::reply::{Message, Reply, Text};
use crate::service::deps::Deps;
use crate::service::model::*;

/// How long a key's permissions, once read, are trusted before a money operation reads
/// them again: "the first money operation of a day".
pub const KEY_RECHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// The key-permission check before money moves.
/// Called through this trait, imported by name, so each call shows.
pub(crate) trait KeyChecks {
    /// Before a money operation: the key's permissions are read again when they were last
    /// read [`KEY_RECHECK_EVERY`] ago or more (or never since the start), since a key's
    /// permissions can be changed on the exchange at any time. Returns the refusal to show
    /// when the key may no longer be used; nothing is sent then.
    async fn recheck_key(
        &self,
        user: &UserRecord,
        exchange: crate::domain::ExchangeId,
    ) -> Result<Option<Reply>, ServiceError>;

    /// Why a key with these permissions may not be used, if it may not: it can withdraw,
    /// it lacks reading or spot trading, or the operator requires an IP allow-list.
    fn permission_problem(&self, perms: &KeyPermissions) -> Option<Text>;

    fn mark_key_checked(&self, user_id: i64, exchange: crate::domain::ExchangeId);
}

impl KeyChecks for Deps {
    /// Before a money operation: the key's permissions are read again when they were last
    /// read [`KEY_RECHECK_EVERY`] ago or more (or never since the start), since a key's
    /// permissions can be changed on the exchange at any time. Returns the refusal to show
    /// when the key may no longer be used; nothing is sent then.
    async fn recheck_key(
        &self,
        user: &UserRecord,
        exchange: crate::domain::ExchangeId,
    ) -> Result<Option<Reply>, ServiceError> {
        let every = chrono::Duration::from_std(KEY_RECHECK_EVERY).unwrap_or_default();
        let recent = self
            .key_checked
            .lock()
            .ok()
            .and_then(|m| m.get(&(user.id, exchange)).copied())
            .is_some_and(|at| self.now() - at < every);
        if recent {
            return Ok(None);
        }
        // The key of the exchange the operation runs on, asked of that exchange.
        let creds = self.credentials_on(user, exchange).await?;
        let perms = self.adapter(exchange).key_permissions(&creds).await?;
        if let Some(problem) = self.permission_problem(&perms) {
            tracing::warn!(user = user.id, "key refused at its permission re-check");
            return Ok(Some(Reply::message(Message {
                blocks: vec![Text::new("key-permissions-changed"), problem],
                buttons: Vec::new(),
            })));
        }
        self.mark_key_checked(user.id, exchange);
        Ok(None)
    }

    /// Why a key with these permissions may not be used, if it may not: it can withdraw,
    /// it lacks reading or spot trading, or the operator requires an IP allow-list.
    fn permission_problem(&self, perms: &KeyPermissions) -> Option<Text> {
        if perms.withdrawals {
            return Some(Text::new("connect-withdrawals-enabled"));
        }
        if !perms.reading || !perms.spot_trading {
            return Some(
                Text::new("connect-missing-permission")
                    .arg("reading", if perms.reading { "yes" } else { "no" })
                    .arg("trading", if perms.spot_trading { "yes" } else { "no" }),
            );
        }
        if self.config.require_ip_restricted && !perms.ip_restricted {
            return Some(Text::new("connect-ip-restriction-required"));
        }
        None
    }

    fn mark_key_checked(&self, user_id: i64, exchange: crate::domain::ExchangeId) {
        let now = self.now();
        if let Ok(mut checked) = self.key_checked.lock() {
            if checked.len() > 10_000 {
                let every = chrono::Duration::from_std(KEY_RECHECK_EVERY).unwrap_or_default();
                checked.retain(|_, at| now - *at < every);
            }
            checked.insert((user_id, exchange), now);
        }
    }
}
