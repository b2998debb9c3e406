//! Accounts: `/start`, `/connect` (one message or a guided two-step form), `/disconnect`,
//! `/forget`. A key is checked against the exchange's key permissions before it is stored;
//! only a masked fingerprint is ever shown.

use secrecy::{ExposeSecret, SecretString};

use crate::domain::CredentialShape;
use crate::ports::{ExchangeError, OperationRecord, OperationStatus, UserRecord};
use crate::service::buttons::ButtonAction;
use crate::service::format::{datetime, span};
use crate::service::model::{CONFIRM_TTL, Caller, DIALOGUE_TTL, ServiceError};
use crate::service::operations::gate::Gate;
use crate::service::reconcile::Reconciles;
use crate::service::reply::{Button, Message, Reply, Role, Text};

const AWAITING_KEY: &str = "connect:key";
const AWAITING_SECRET: &str = "connect:secret";

use crate::service::arming::Arming;
use crate::service::deps::Deps;
pub use crate::service::keycheck::KEY_RECHECK_EVERY;
use crate::service::keycheck::KeyChecks;
use crate::service::operations::OperationParams;
use crate::service::operations::settle::Settles;

/// The use case's steps other modules call (imported by name, so the call shows).
pub(crate) trait Accounts {
    /// Text sent on its own that is exactly the exchange's key or secret shape: deleted
    /// before it is handled, wherever it is sent.
    fn looks_like_bare_key(&self, text: &str) -> bool;

    async fn clear_dialogue(&self, user: &UserRecord) -> Result<(), ServiceError>;

    async fn start(&self, user: &UserRecord) -> Result<Reply, ServiceError>;

    async fn connect_command(
        &self,
        caller: &Caller,
        user: &UserRecord,
        key: Option<String>,
        secret: Option<String>,
    ) -> Result<Reply, ServiceError>;

    /// Plain text: the answer to a guided form, or a hint.
    async fn plain_text(&self, caller: &Caller, text: &str) -> Result<Reply, ServiceError>;

    /// Checks a key pair against the exchange and stores it encrypted.
    async fn connect(
        &self,
        user: &UserRecord,
        key: SecretString,
        secret: SecretString,
    ) -> Result<Reply, ServiceError>;

    async fn disconnect(&self, user: &UserRecord) -> Result<Reply, ServiceError>;

    async fn forget(&self, user: &UserRecord) -> Result<Reply, ServiceError>;

    async fn confirm_forget(
        &self,
        user: &UserRecord,
        op: OperationRecord,
    ) -> Result<Reply, ServiceError>;
}

impl Accounts for Deps {
    /// Text sent on its own that is exactly the exchange's key or secret shape: deleted
    /// before it is handled, wherever it is sent.
    fn looks_like_bare_key(&self, text: &str) -> bool {
        self.exchange.credential_shape(text) == CredentialShape::Exact
    }

    async fn clear_dialogue(&self, user: &UserRecord) -> Result<(), ServiceError> {
        if user.dialogue.is_some() {
            self.store.set_dialogue(user.id, None, self.now()).await?;
        }
        self.forget_pending_key(user.id);
        Ok(())
    }

    async fn start(&self, user: &UserRecord) -> Result<Reply, ServiceError> {
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

    async fn connect_command(
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

    /// Plain text: the answer to a guided form, or a hint.
    async fn plain_text(&self, caller: &Caller, text: &str) -> Result<Reply, ServiceError> {
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
    async fn connect(
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

    async fn disconnect(&self, user: &UserRecord) -> Result<Reply, ServiceError> {
        let removed = self.keys.delete(user.id, self.exchange.id()).await?;
        Ok(Reply::text(Text::new(if removed {
            "disconnect-done"
        } else {
            "disconnect-nothing"
        })))
    }

    async fn forget(&self, user: &UserRecord) -> Result<Reply, ServiceError> {
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

    async fn confirm_forget(
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
}

impl Deps {
    fn forget_pending_key(&self, user_id: i64) {
        if let Ok(mut map) = self.pending_keys.lock() {
            map.remove(&user_id);
        }
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
}
