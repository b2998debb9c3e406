//! Accounts: `/start`, `/connect` (one message or a guided two-step form), `/disconnect`,
//! `/forget`. A key is checked against the exchange's key permissions before it is stored;
//! only a masked fingerprint is ever shown.

use secrecy::{ExposeSecret, SecretString};

use crate::domain::{CredentialShape, ExchangeId};
use crate::ports::{ExchangeError, OperationRecord, OperationStatus, UserRecord};
use crate::service::command::CredentialInput;
use crate::service::deps::Deps;
use crate::service::model::{CONFIRM_TTL, Caller, DIALOGUE_TTL, ServiceError};
use crate::service::operations::OperationParams;
use crate::service::reply::{CredentialField, CredentialsPrompt, Reply, Text};
use crate::service::view::account::{
    connected_message, disconnected_reply, forget_confirm_message, forgotten_reply, start_message,
};

/// The guided form's state while it waits for `field` of `exchange`'s key: `connect:key`
/// on the default exchange (as before several), `connect:mexc:key` on another.
fn awaiting(exchange: Option<ExchangeId>, field: CredentialField) -> String {
    match exchange {
        None => format!("connect:{}", field.name()),
        Some(e) => format!("connect:{}:{}", e.as_str(), field.name()),
    }
}

use crate::service::arming::Arming;
pub use crate::service::keycheck::KEY_RECHECK_EVERY;
use crate::service::keycheck::KeyChecks;
use crate::service::operations::gate::Gate;
use crate::service::operations::settle::Settles;
use crate::service::reconcile::Reconciles;

/// What `/connect` was given: the exchange named (none: the default) and the key's parts.
#[derive(Default)]
pub(crate) struct ConnectArgs {
    pub(crate) exchange: Option<ExchangeId>,
    pub(crate) key: Option<String>,
    pub(crate) secret: Option<String>,
    pub(crate) passphrase: Option<String>,
}

/// The accounts use case: `/start`, `/connect`, `/disconnect`, `/forget`.
/// Called through this trait, imported by name, so each call shows.
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
        given: ConnectArgs,
    ) -> Result<Reply, ServiceError>;

    /// Plain text: the answer to a guided form, or a hint.
    async fn plain_text(&self, caller: &Caller, text: &str) -> Result<Reply, ServiceError>;

    /// Credentials entered in one form (a Discord modal), checked and stored as a
    /// `/connect` with every part: they leave any guided form. Refused where a form is not
    /// shown to the caller alone.
    async fn submit_form(
        &self,
        caller: &Caller,
        user: &UserRecord,
        input: CredentialInput,
    ) -> Result<Reply, ServiceError>;

    /// Checks a key pair against the exchange and stores it encrypted.
    async fn connect(
        &self,
        user: &UserRecord,
        input: CredentialInput,
    ) -> Result<Reply, ServiceError>;

    /// A press on an exchange of a bare `/connect`: the guided form for that exchange's key.
    async fn connect_press(
        &self,
        caller: &Caller,
        user: &UserRecord,
        token: &str,
        index: usize,
    ) -> Result<Reply, ServiceError>;

    /// Checks a key pair against `exchange` and stores it encrypted as that exchange's.
    async fn connect_to(
        &self,
        user: &UserRecord,
        exchange: ExchangeId,
        input: CredentialInput,
    ) -> Result<Reply, ServiceError>;

    /// Removes the key of `exchange`; without one, of the only exchange connected (several
    /// connected: asks which).
    async fn disconnect(
        &self,
        user: &UserRecord,
        exchange: Option<ExchangeId>,
    ) -> Result<Reply, ServiceError>;

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
        Ok(Reply::message(start_message(connected)))
    }

    async fn connect_command(
        &self,
        caller: &Caller,
        user: &UserRecord,
        given: ConnectArgs,
    ) -> Result<Reply, ServiceError> {
        let ConnectArgs {
            exchange,
            key,
            secret,
            passphrase,
        } = given;
        let carries_secret = key.is_some();
        let form_allowed = if carries_secret {
            caller.is_private()
        } else {
            caller.channel.private_forms()
        };
        if !form_allowed {
            let mut reply = Reply::text(Text::new("connect-private-only"));
            reply.delete_incoming = carries_secret;
            return Ok(reply);
        }
        let default = self.exchange.id();
        let chosen = exchange.unwrap_or(default);
        let Some(adapter) = self.exchanges.get(chosen) else {
            let mut reply =
                Reply::text(Text::new("connect-exchange-unknown").arg("exchange", chosen.name()));
            reply.delete_incoming = carries_secret;
            return Ok(reply);
        };
        // Only an exchange whose keys have a passphrase takes one (the old form's extra
        // words were ignored).
        let passphrase = passphrase.filter(|_| adapter.capabilities().key_passphrase);
        let mut reply = match (key, secret) {
            (Some(k), Some(s)) => {
                self.clear_dialogue(user).await?;
                let mut input = CredentialInput::new(k.into(), s.into());
                input.passphrase = passphrase.map(SecretString::from);
                self.connect_to(user, chosen, input).await?
            }
            (Some(k), None) => {
                self.form_answer(user, chosen, CredentialField::Key, k.into())
                    .await?
            }
            // Several exchanges offered and none named: which one first.
            _ if exchange.is_none() && self.exchanges.ids().len() > 1 => {
                self.clear_dialogue(user).await?;
                self.which_exchange(user).await?
            }
            _ => {
                self.forget_pending_key(user.id);
                self.ask_from(user, chosen, 0, Vec::new()).await?
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
        let waiting = self.exchanges.ids().into_iter().find_map(|exchange| {
            self.credential_fields(exchange)
                .into_iter()
                .find(|f| state.as_deref() == Some(self.awaiting_on(exchange, *f).as_str()))
                .map(|f| (exchange, f))
        });
        let mut reply = match waiting {
            Some((exchange, field)) if caller.is_private() => {
                self.form_answer(&user, exchange, field, SecretString::from(text))
                    .await?
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

    /// Credentials entered in one form (a Discord modal), checked and stored as a
    /// `/connect` with every part: they leave any guided form. Refused where a form is not
    /// shown to the caller alone.
    async fn submit_form(
        &self,
        caller: &Caller,
        user: &UserRecord,
        input: CredentialInput,
    ) -> Result<Reply, ServiceError> {
        if !caller.channel.private_forms() {
            return Ok(Reply::text(Text::new("connect-private-only")));
        }
        self.clear_dialogue(user).await?;
        self.connect(user, input).await
    }

    /// Checks a key pair against the exchange it was entered for (the default when none)
    /// and stores it encrypted.
    async fn connect(
        &self,
        user: &UserRecord,
        input: CredentialInput,
    ) -> Result<Reply, ServiceError> {
        let exchange = input.exchange.unwrap_or(self.exchange.id());
        self.connect_to(user, exchange, input).await
    }

    async fn connect_press(
        &self,
        caller: &Caller,
        user: &UserRecord,
        token: &str,
        index: usize,
    ) -> Result<Reply, ServiceError> {
        match self.store.user_by_token(token).await? {
            Some(owner) if owner.id == user.id => {}
            Some(_) => return Ok(Reply::default().with_notice(Text::new("button-not-yours"))),
            None => return Ok(Reply::default().with_notice(Text::new("button-stale"))),
        }
        let Some(exchange) = self.exchanges.ids().get(index).copied() else {
            return Ok(Reply::default().with_notice(Text::new("button-stale")));
        };
        if !caller.channel.private_forms() {
            return Ok(Reply::text(Text::new("connect-private-only")));
        }
        self.forget_pending_key(user.id);
        self.ask_from(user, exchange, 0, Vec::new()).await
    }

    async fn connect_to(
        &self,
        user: &UserRecord,
        exchange: ExchangeId,
        input: CredentialInput,
    ) -> Result<Reply, ServiceError> {
        let Some(adapter) = self.exchanges.get(exchange).cloned() else {
            return Ok(Reply::text(
                Text::new("connect-exchange-unknown").arg("exchange", exchange.name()),
            ));
        };
        let is_default = exchange == self.exchange.id();
        // The exchange's adapter knows its key shapes.
        let CredentialInput {
            key,
            secret,
            passphrase,
            ..
        } = input;
        let Ok(creds) = adapter.parse_credentials(key, secret, passphrase) else {
            return Ok(Reply::text(if is_default {
                Text::new("connect-bad-format")
            } else {
                Text::new("connect-bad-format-exchange").arg("exchange", exchange.name())
            }));
        };
        let perms = match adapter.key_permissions(&creds).await {
            Ok(p) => p,
            Err(ExchangeError::Unauthorized { .. }) => {
                return Ok(Reply::text(Text::new("connect-refused")));
            }
            Err(e) => return Err(e.into()),
        };
        if let Some(problem) = self.permission_problem(&perms) {
            return Ok(Reply::text(problem));
        }
        self.keys.save(user.id, exchange, &creds).await?;
        self.mark_key_checked(user.id, exchange);
        // The dust log tells the cooldown of conversions made before dustpan knew the user.
        if let Err(e) = self.sync_dust_log_on(user, &adapter, &creds).await {
            tracing::warn!(error = %crate::ports::error_chain(&e), "dust log not read at connect");
        }
        // Reminders stopped because the old key was refused or removed run again.
        self.resume_reminders(user).await;
        let mut msg = connected_message(&creds.fingerprint(), perms.ip_restricted);
        if !is_default {
            // The advice names the exchange whose API Management it means.
            for block in &mut msg.blocks {
                if block.key == "connect-warn-no-ip" {
                    *block = Text::new("connect-warn-no-ip-on").arg("exchange", exchange.name());
                }
            }
        }
        Ok(Reply::message(msg))
    }

    async fn disconnect(
        &self,
        user: &UserRecord,
        exchange: Option<ExchangeId>,
    ) -> Result<Reply, ServiceError> {
        let exchange = match exchange {
            Some(id) => id,
            None => {
                let mut connected = Vec::new();
                for id in self.exchanges.ids() {
                    if self.keys.load(user.id, id).await?.is_some() {
                        connected.push(id);
                    }
                }
                match connected.as_slice() {
                    [] => return Ok(disconnected_reply(false)),
                    [only] => *only,
                    several => {
                        let names: Vec<&str> = several.iter().map(|e| e.as_str()).collect();
                        return Ok(Reply::text(
                            Text::new("disconnect-which").arg("exchanges", names.join(", ")),
                        ));
                    }
                }
            }
        };
        let removed = self.keys.delete(user.id, exchange).await?;
        Ok(disconnected_reply(removed))
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
        let inflight_sent = self
            .store
            .inflight_operations(Some(user.id))
            .await?
            .first()
            .map(|busy| busy.submitted_at.unwrap_or(busy.created_at));
        Ok(Reply::message(forget_confirm_message(
            &op.id,
            inflight_sent,
            &user.timezone,
        )))
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
        Ok(forgotten_reply(&report))
    }
}

impl Deps {
    fn forget_pending_key(&self, user_id: i64) {
        if let Ok(mut map) = self.pending_keys.lock() {
            map.remove(&user_id);
        }
    }

    /// The parts of `exchange`'s credentials, in the order they are asked for.
    fn credential_fields(&self, exchange: ExchangeId) -> Vec<CredentialField> {
        // The exchange's adapter says whether its keys have a passphrase.
        let mut fields = vec![CredentialField::Key, CredentialField::Secret];
        if self.adapter(exchange).capabilities().key_passphrase {
            fields.push(CredentialField::Passphrase);
        }
        fields
    }

    /// The guided form's state while it waits for `field` of `exchange`'s key.
    fn awaiting_on(&self, exchange: ExchangeId, field: CredentialField) -> String {
        awaiting((exchange != self.exchange.id()).then_some(exchange), field)
    }

    /// A bare `/connect` with several exchanges offered: a button per exchange.
    async fn which_exchange(&self, user: &UserRecord) -> Result<Reply, ServiceError> {
        let token = self.store.user_token(user.id).await?;
        let buttons = self
            .exchanges
            .ids()
            .into_iter()
            .enumerate()
            .map(|(i, id)| {
                crate::reply::Button::new(
                    crate::reply::Role::Choice,
                    Text::new("button-connect-exchange").arg("exchange", id.name()),
                    crate::service::buttons::ButtonAction::ConnectExchange(token.clone(), i)
                        .token(),
                )
            })
            .collect();
        Ok(Reply::message(crate::reply::Message {
            blocks: vec![Text::new("connect-which-exchange")],
            buttons,
        }))
    }

    /// Asks for `exchange`'s credential fields from the `index`th on, the ones before it
    /// (`parts`) kept in memory meanwhile.
    async fn ask_from(
        &self,
        user: &UserRecord,
        exchange: ExchangeId,
        index: usize,
        parts: Vec<SecretString>,
    ) -> Result<Reply, ServiceError> {
        let fields = self.credential_fields(exchange);
        let Some(&field) = fields.get(index) else {
            return Ok(Reply::text(Text::new("connect-start-again")));
        };
        let until = self.now() + chrono::Duration::from_std(DIALOGUE_TTL).unwrap_or_default();
        if !parts.is_empty()
            && let Ok(mut map) = self.pending_keys.lock()
        {
            map.insert(user.id, (parts, until));
        }
        self.store
            .set_dialogue(user.id, Some(&self.awaiting_on(exchange, field)), until)
            .await?;
        let prompt = CredentialsPrompt::new(fields[index..].to_vec());
        Ok(Reply::credentials(if exchange == self.exchange.id() {
            prompt
        } else {
            prompt.on(exchange)
        }))
    }

    /// One answer of the guided form: the next question, or the key checked and stored
    /// once every field is in.
    async fn form_answer(
        &self,
        user: &UserRecord,
        exchange: ExchangeId,
        field: CredentialField,
        value: SecretString,
    ) -> Result<Reply, ServiceError> {
        let fields = self.credential_fields(exchange);
        let index = fields.iter().position(|f| *f == field);
        let mut parts = match index {
            Some(0) => {
                if self
                    .adapter(exchange)
                    .credential_shape(value.expose_secret())
                    == CredentialShape::None
                {
                    // The form waits for a key of the right shape.
                    return Ok(Reply::text(if exchange == self.exchange.id() {
                        Text::new("connect-bad-format")
                    } else {
                        Text::new("connect-bad-format-exchange").arg("exchange", exchange.name())
                    }));
                }
                Vec::new()
            }
            _ => {
                let kept = self
                    .pending_keys
                    .lock()
                    .ok()
                    .and_then(|mut m| m.remove(&user.id))
                    .filter(|(parts, until)| *until > self.now() && Some(parts.len()) == index);
                match kept {
                    Some((parts, _)) => parts,
                    None => {
                        self.store.set_dialogue(user.id, None, self.now()).await?;
                        return Ok(Reply::text(Text::new("connect-start-again")));
                    }
                }
            }
        };
        parts.push(value);
        if parts.len() < fields.len() {
            return self.ask_from(user, exchange, parts.len(), parts).await;
        }
        self.store.set_dialogue(user.id, None, self.now()).await?;
        let mut parts = parts.into_iter();
        let (Some(key), Some(secret)) = (parts.next(), parts.next()) else {
            return Ok(Reply::text(Text::new("connect-start-again")));
        };
        let mut input = CredentialInput::new(key, secret);
        input.passphrase = parts.next();
        self.connect_to(user, exchange, input).await
    }
}
