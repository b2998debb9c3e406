//! Accounts: `/start`, `/connect` (one message or a guided two-step form), `/disconnect`,
//! `/forget`. A key is checked against the exchange's key permissions before it is stored;
//! only a masked fingerprint is ever shown.

use secrecy::{ExposeSecret, SecretString};

use crate::domain::CredentialShape;
use crate::ports::{ExchangeError, KeyPermissions, OperationRecord, OperationStatus, UserRecord};
use crate::service::convert::ButtonAction;
use crate::service::format::{datetime, span};
use crate::service::operations::OperationParams;
use crate::service::reply::{Button, Message, Reply, Role, Text};
use crate::service::{CONFIRM_TTL, Caller, DIALOGUE_TTL, Service, ServiceError};

const AWAITING_KEY: &str = "connect:key";
const AWAITING_SECRET: &str = "connect:secret";

/// How long a key's permissions, once read, are trusted before a money operation reads
/// them again: "the first money operation of a day".
pub const KEY_RECHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

impl Service {
    /// Text sent on its own that is exactly the exchange's key or secret shape: deleted
    /// before it is handled, wherever it is sent.
    pub(crate) fn looks_like_bare_key(&self, text: &str) -> bool {
        self.exchange.credential_shape(text) == CredentialShape::Exact
    }

    pub(crate) async fn clear_dialogue(&self, user: &UserRecord) -> Result<(), ServiceError> {
        if user.dialogue.is_some() {
            self.store.set_dialogue(user.id, None, self.now()).await?;
        }
        self.forget_pending_key(user.id);
        Ok(())
    }

    fn forget_pending_key(&self, user_id: i64) {
        if let Ok(mut map) = self.pending_keys.lock() {
            map.remove(&user_id);
        }
    }

    pub(crate) async fn start(&self, user: &UserRecord) -> Result<Reply, ServiceError> {
        let connected = self
            .keys
            .load(user.id, self.exchange.id())
            .await
            .map(|c| c.is_some())
            .unwrap_or(false);
        Ok(Reply::message(Message {
            blocks: vec![
                Text::new("start-intro"),
                Text::new(if connected {
                    "start-next-connected"
                } else {
                    "start-next-connect"
                }),
            ],
            buttons: Vec::new(),
        }))
    }

    pub(crate) async fn connect_command(
        &self,
        caller: &Caller,
        user: &UserRecord,
        key: Option<String>,
        secret: Option<String>,
    ) -> Result<Reply, ServiceError> {
        let carries_secret = key.is_some();
        if !caller.private_chat {
            let mut reply = Reply::text(Text::new("connect-private-only"));
            reply.delete_incoming = carries_secret;
            return Ok(reply);
        }
        let mut reply = match (key, secret) {
            (Some(k), Some(s)) => {
                self.clear_dialogue(user).await?;
                self.connect(user, SecretString::from(k), SecretString::from(s))
                    .await?
            }
            (Some(k), None) => self.received_key(user, SecretString::from(k)).await?,
            _ => {
                let until =
                    self.now() + chrono::Duration::from_std(DIALOGUE_TTL).unwrap_or_default();
                self.store
                    .set_dialogue(user.id, Some(AWAITING_KEY), until)
                    .await?;
                Reply::text(Text::new("connect-ask-key"))
            }
        };
        reply.delete_incoming = carries_secret;
        Ok(reply)
    }

    async fn received_key(
        &self,
        user: &UserRecord,
        key: SecretString,
    ) -> Result<Reply, ServiceError> {
        if self.exchange.credential_shape(key.expose_secret()) == CredentialShape::None {
            return Ok(Reply::text(Text::new("connect-bad-format")));
        }
        let until = self.now() + chrono::Duration::from_std(DIALOGUE_TTL).unwrap_or_default();
        if let Ok(mut map) = self.pending_keys.lock() {
            map.insert(user.id, (key, until));
        }
        self.store
            .set_dialogue(user.id, Some(AWAITING_SECRET), until)
            .await?;
        Ok(Reply::text(Text::new("connect-ask-secret")))
    }

    /// Plain text: the answer to a guided form, or a hint.
    pub(crate) async fn plain_text(
        &self,
        caller: &Caller,
        text: &str,
    ) -> Result<Reply, ServiceError> {
        let user = self.user(caller).await?;
        let state = self.store.dialogue(user.id, self.now()).await?;
        let text = text.trim().to_owned();
        let mut reply = match state.as_deref() {
            Some(AWAITING_KEY) if caller.private_chat => {
                self.received_key(&user, SecretString::from(text)).await?
            }
            Some(AWAITING_SECRET) if caller.private_chat => {
                let key = self
                    .pending_keys
                    .lock()
                    .ok()
                    .and_then(|mut m| m.remove(&user.id))
                    .filter(|(_, until)| *until > self.now());
                self.store.set_dialogue(user.id, None, self.now()).await?;
                match key {
                    Some((key, _)) => self.connect(&user, key, SecretString::from(text)).await?,
                    None => Reply::text(Text::new("connect-start-again")),
                }
            }
            _ => {
                let mut reply = Reply::text(Text::new("not-a-command"));
                // What looks like key material sent outside the form (it expired, or was
                // lost) is deleted all the same.
                reply.delete_incoming =
                    self.exchange.credential_shape(&text) != CredentialShape::None;
                return Ok(reply);
            }
        };
        // Whatever was typed in a guided form may be key material.
        reply.delete_incoming = true;
        Ok(reply)
    }

    /// Checks a key pair against the exchange and stores it encrypted.
    pub async fn connect(
        &self,
        user: &UserRecord,
        key: SecretString,
        secret: SecretString,
    ) -> Result<Reply, ServiceError> {
        // The exchange's adapter knows its key shapes. No frontend asks for a passphrase
        // yet: the only exchange so far has none.
        let Ok(creds) = self.exchange.parse_credentials(key, secret, None) else {
            return Ok(Reply::text(Text::new("connect-bad-format")));
        };
        let perms = match self.exchange.key_permissions(&creds).await {
            Ok(p) => p,
            Err(ExchangeError::Unauthorized { .. }) => {
                return Ok(Reply::text(Text::new("connect-refused")));
            }
            Err(e) => return Err(e.into()),
        };
        if let Some(problem) = self.permission_problem(&perms) {
            return Ok(Reply::text(problem));
        }
        self.keys.save(user.id, self.exchange.id(), &creds).await?;
        self.mark_key_checked(user.id);
        let mut blocks = vec![Text::new("connect-done").arg("fingerprint", creds.fingerprint())];
        if !perms.ip_restricted {
            blocks.push(Text::new("connect-warn-no-ip"));
        }
        // The dust log tells the cooldown of conversions made before dustpan knew the user.
        if let Err(e) = self.sync_dust_log(user).await {
            tracing::warn!(%e, "dust log not read at connect");
        }
        // Reminders stopped because the old key was refused or removed run again.
        self.resume_reminders(user).await;
        blocks.push(Text::new("connect-next"));
        Ok(Reply::message(Message {
            blocks,
            buttons: Vec::new(),
        }))
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

    fn mark_key_checked(&self, user_id: i64) {
        let now = self.now();
        if let Ok(mut checked) = self.key_checked.lock() {
            if checked.len() > 10_000 {
                let every = chrono::Duration::from_std(KEY_RECHECK_EVERY).unwrap_or_default();
                checked.retain(|_, at| now - *at < every);
            }
            checked.insert(user_id, now);
        }
    }

    /// Before a money operation: the key's permissions are read again when they were last
    /// read [`KEY_RECHECK_EVERY`] ago or more (or never since the start), since a key's
    /// permissions can be changed on the exchange at any time. Returns the refusal to show
    /// when the key may no longer be used; nothing is sent then.
    pub(crate) async fn recheck_key(
        &self,
        user: &UserRecord,
    ) -> Result<Option<Reply>, ServiceError> {
        let every = chrono::Duration::from_std(KEY_RECHECK_EVERY).unwrap_or_default();
        let recent = self
            .key_checked
            .lock()
            .ok()
            .and_then(|m| m.get(&user.id).copied())
            .is_some_and(|at| self.now() - at < every);
        if recent {
            return Ok(None);
        }
        let creds = self.credentials(user).await?;
        let perms = self.exchange.key_permissions(&creds).await?;
        if let Some(problem) = self.permission_problem(&perms) {
            tracing::warn!(user = user.id, "key refused at its permission re-check");
            return Ok(Some(Reply::message(Message {
                blocks: vec![Text::new("key-permissions-changed"), problem],
                buttons: Vec::new(),
            })));
        }
        self.mark_key_checked(user.id);
        Ok(None)
    }

    pub(crate) async fn disconnect(&self, user: &UserRecord) -> Result<Reply, ServiceError> {
        let removed = self.keys.delete(user.id, self.exchange.id()).await?;
        Ok(Reply::text(Text::new(if removed {
            "disconnect-done"
        } else {
            "disconnect-nothing"
        })))
    }

    pub(crate) async fn forget(&self, user: &UserRecord) -> Result<Reply, ServiceError> {
        let op = self
            .open_operation(
                user.id,
                OperationStatus::Pending,
                &OperationParams::Forget,
                CONFIRM_TTL,
            )
            .await?;
        let mut blocks = vec![Text::new("forget-confirm").text("ttl", span(CONFIRM_TTL))];
        if let Some(busy) = self.store.inflight_operations(Some(user.id)).await?.first() {
            // Forgetting must never wait for the exchange; say what it drops.
            blocks.push(Text::new("forget-inflight").arg(
                "sent",
                datetime(busy.submitted_at.unwrap_or(busy.created_at), &user.timezone),
            ));
        }
        Ok(Reply::message(Message {
            blocks,
            buttons: vec![
                Button::new(
                    Role::Confirm,
                    Text::new("button-forget"),
                    ButtonAction::Confirm(op.id.clone()).token(),
                ),
                Button::new(
                    Role::Cancel,
                    Text::new("button-cancel"),
                    ButtonAction::Cancel(op.id).token(),
                ),
            ],
        }))
    }

    pub(crate) async fn confirm_forget(
        &self,
        user: &UserRecord,
        op: OperationRecord,
    ) -> Result<Reply, ServiceError> {
        // An operation whose outcome is unknown must not keep a user from being forgotten:
        // close it (its rows go with the user; the exchange keeps its own records).
        if op.status == OperationStatus::Pending && op.expires_at > self.now() {
            self.abandon_inflight(user.id, "the user asked to be forgotten")
                .await?;
        }
        if let Some(refused) = self.pass_gate(user, &op).await? {
            return Ok(refused);
        }
        self.forget_pending_key(user.id);
        let report = self.store.forget_user(user.id).await?;
        Ok(Reply::text(
            Text::new("forget-done")
                .int("keys", report.credentials as i64)
                .int("conversions", report.conversions as i64)
                .int("operations", report.operations as i64),
        )
        .replacing())
    }

    /// A forget that did not finish touched nothing outside the database (the delete is
    /// one transaction): it is closed so the user is not locked out.
    pub(crate) async fn reconcile_forget(
        &self,
        op: &OperationRecord,
    ) -> Result<bool, ServiceError> {
        self.store
            .finish_operation(
                &op.id,
                OperationStatus::Failed,
                None,
                Some("interrupted"),
                self.now(),
            )
            .await?;
        Ok(true)
    }
}
