//! The HTTP interactions endpoint (discord-api-docs `interactions/overview`): every request
//! verified with Ed25519 over timestamp + body (401 otherwise), PING answered with PONG,
//! commands, presses and modal submits handed to the service and answered within Discord's
//! 3 seconds: at once when the service is quick, else deferred (type 5, or 6 for a press)
//! and the original response edited when the reply is ready.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use futures_util::future::BoxFuture;
use secrecy::SecretString;
use serde::Deserialize;
use serde_json::{Value, json};
use serenity::interactions_endpoint::Verifier;
use tokio::sync::Semaphore;

use super::commands;
use super::render::{self, EPHEMERAL, SELECT_MENU};
use super::rest::{Rest, RestError, UNKNOWN_WEBHOOK};
use super::upload;
use crate::domain::Platform;
use crate::service::command::CredentialInput;
use crate::service::reply::{Attachment, CredentialField, Reply, Text, Visibility};
use crate::service::{Caller, ChannelKind, Service};

/// A reply not ready within this long is deferred: Discord drops an interaction not
/// answered within 3 s, and the answer still has to travel.
pub const DEFER_AFTER: Duration = Duration::from_millis(2000);
/// Replies still being worked on at shutdown are waited for this long.
pub const DRAIN_WITHIN: Duration = Duration::from_secs(10);
/// Suggestions not ready within this long are answered empty: an autocomplete cannot be
/// deferred, and Discord drops an answer later than 3 s.
pub const SUGGEST_WITHIN: Duration = Duration::from_millis(2000);
/// A signed request whose timestamp is further than this from now is refused (401): a
/// captured request cannot be replayed later. Discord signs as it sends, so honest
/// requests are seconds old; the margin covers clock drift.
pub const REPLAY_WINDOW: Duration = Duration::from_secs(5 * 60);
/// How many replies may be worked on at once (a bound, not a tuning knob).
const MAX_IN_HAND: u32 = 1024;

/// Interaction types (discord-api-docs `receiving-and-responding`).
mod kind {
    pub const PING: u8 = 1;
    pub const APPLICATION_COMMAND: u8 = 2;
    pub const MESSAGE_COMPONENT: u8 = 3;
    pub const AUTOCOMPLETE: u8 = 4;
    pub const MODAL_SUBMIT: u8 = 5;
}

/// Interaction callback types.
mod callback {
    pub const PONG: u8 = 1;
    pub const MESSAGE: u8 = 4;
    pub const DEFERRED_MESSAGE: u8 = 5;
    pub const DEFERRED_UPDATE: u8 = 6;
    pub const UPDATE_MESSAGE: u8 = 7;
    pub const AUTOCOMPLETE_RESULT: u8 = 8;
    pub const MODAL: u8 = 9;
}

/// What the endpoint needs.
pub struct Endpoint {
    /// None on the gateway, where interactions arrive unsigned over an authenticated socket.
    verifier: Option<Verifier>,
    service: Arc<Service>,
    rest: Rest,
    application_id: u64,
    in_hand: Arc<Semaphore>,
}

/// The fields of an interaction dustpan reads; the rest is ignored. No `Debug`: a modal
/// submit's data holds a key.
#[derive(Deserialize)]
struct Interaction {
    #[serde(rename = "type")]
    kind: u8,
    #[serde(default)]
    token: String,
    #[serde(default)]
    data: Value,
    guild_id: Option<String>,
    context: Option<u8>,
    member: Option<Member>,
    user: Option<User>,
    locale: Option<String>,
}

#[derive(Deserialize)]
struct Member {
    user: User,
}

#[derive(Deserialize)]
struct User {
    id: String,
}

/// Where an interaction came from, for how it may be answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Command,
    Press,
    Modal,
}

impl Endpoint {
    /// An endpoint verifying against `public_key` (none: it refuses every HTTP request,
    /// and serves the gateway only), answering through `rest`.
    pub fn new(
        public_key: Option<[u8; 32]>,
        service: Arc<Service>,
        rest: Rest,
        application_id: u64,
    ) -> anyhow::Result<Self> {
        let verifier = public_key
            .map(|key| {
                Verifier::try_new(key).map_err(|e| anyhow::anyhow!("DISCORD_PUBLIC_KEY: {e}"))
            })
            .transpose()?;
        Ok(Self {
            verifier,
            service,
            rest,
            application_id,
            in_hand: Arc::new(Semaphore::new(MAX_IN_HAND as usize)),
        })
    }

    /// Waits (up to `within`) for the replies being worked on; false if some were not done.
    pub async fn drain(&self, within: Duration) -> bool {
        tokio::time::timeout(within, self.in_hand.acquire_many(MAX_IN_HAND))
            .await
            .is_ok()
    }
}

/// The endpoint's routes: interactions are POSTed to any path.
pub fn router(endpoint: Arc<Endpoint>) -> Router {
    Router::new()
        .route("/", post(receive))
        .route("/{*path}", post(receive))
        .with_state(endpoint)
}

async fn receive(State(ep): State<Arc<Endpoint>>, headers: HeaderMap, body: Bytes) -> Response {
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
    let verified = match (
        &ep.verifier,
        header("x-signature-ed25519"),
        header("x-signature-timestamp"),
    ) {
        (Some(verifier), Some(signature), Some(timestamp)) => {
            verifier.verify(signature, timestamp, &body).is_ok() && fresh(timestamp)
        }
        _ => false,
    };
    if !verified {
        return (StatusCode::UNAUTHORIZED, "invalid request signature").into_response();
    }
    match respond(ep, &body).await {
        Ok(response) => axum::Json(response).into_response(),
        Err(refusal) => refusal.into_response(),
    }
}

/// Whether a signature timestamp (Unix seconds) is within [`REPLAY_WINDOW`] of now.
fn fresh(timestamp: &str) -> bool {
    let Ok(at) = timestamp.trim().parse::<i64>() else {
        return false;
    };
    let now = chrono::Utc::now().timestamp();
    now.abs_diff(at) <= REPLAY_WINDOW.as_secs()
}

/// Answers one verified interaction (Discord's JSON, from either transport): the
/// response to send at once, while late replies and follow-ups go on through REST; or
/// why it was refused.
pub(super) async fn respond(
    ep: Arc<Endpoint>,
    body: &[u8],
) -> Result<Value, (StatusCode, &'static str)> {
    let Ok(ix) = serde_json::from_slice::<Interaction>(body) else {
        return Err((StatusCode::BAD_REQUEST, "not an interaction"));
    };
    if ix.kind == kind::PING {
        return Ok(json!({ "type": callback::PONG }));
    }
    if ix.kind == kind::AUTOCOMPLETE {
        let choices = suggest(&ep, &ix).await;
        return Ok(json!({
            "type": callback::AUTOCOMPLETE_RESULT,
            "data": { "choices": choices },
        }));
    }
    let Some(caller) = caller_of(&ix) else {
        return Err((StatusCode::BAD_REQUEST, "no user"));
    };
    let Ok(permit) = ep.in_hand.clone().try_acquire_owned() else {
        return Err((StatusCode::SERVICE_UNAVAILABLE, "busy"));
    };
    let service = ep.service.clone();
    let who = caller.clone();
    let (source, work): (Source, BoxFuture<'static, Reply>) = match ix.kind {
        kind::APPLICATION_COMMAND => {
            let name = ix.data["name"].as_str().unwrap_or_default().to_owned();
            let options = options_of(&ix.data);
            let cmd = commands::command(&name, &options);
            let work = Box::pin(async move { service.handle_command(&who, cmd).await });
            (Source::Command, work)
        }
        kind::MESSAGE_COMPONENT => {
            let token = pressed_token(&ix.data);
            let work = Box::pin(async move { service.handle_press(&who, &token).await });
            (Source::Press, work)
        }
        kind::MODAL_SUBMIT => {
            let input = credentials_of(&ix.data);
            let work = Box::pin(async move {
                match input {
                    Some(input) => service.submit_credentials(&who, input).await,
                    None => Reply::text(Text::new("discord-credentials-missing")),
                }
            });
            (Source::Modal, work)
        }
        _ => return Err((StatusCode::BAD_REQUEST, "unknown interaction type")),
    };
    Ok(answer(ep, ix.token, caller, source, work, permit).await)
}

/// The choices for the focused option of an autocomplete: the service's suggestions, or
/// none when it names no asset, no user is known or they are not ready within
/// [`SUGGEST_WITHIN`] (the work goes on, so the next keystroke finds them cached).
async fn suggest(ep: &Endpoint, ix: &Interaction) -> Vec<Value> {
    let command = ix.data["name"].as_str().unwrap_or_default();
    let Some((option, typed)) = focused(&ix.data) else {
        return Vec::new();
    };
    let (Some(field), Some(caller)) = (commands::asset_field(command, &option), caller_of(ix))
    else {
        return Vec::new();
    };
    let service = ep.service.clone();
    let work = tokio::spawn(async move { service.suggest_assets(&caller, field, &typed).await });
    let values = match tokio::time::timeout(SUGGEST_WITHIN, work).await {
        Ok(Ok(values)) => values,
        _ => Vec::new(),
    };
    values
        .into_iter()
        .map(|v| json!({ "name": v, "value": v }))
        .collect()
}

/// The option the user is typing in, and what they have typed so far.
fn focused(data: &Value) -> Option<(String, String)> {
    let o = data["options"]
        .as_array()?
        .iter()
        .find(|o| o["focused"] == true)?;
    let typed = match &o["value"] {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    Some((o["name"].as_str()?.to_owned(), typed))
}

/// The caller, and what kind of conversation they wrote in (a server channel; the bot's
/// DM; another private channel, where a user-installed app is used).
fn caller_of(ix: &Interaction) -> Option<Caller> {
    let user = ix.member.as_ref().map(|m| &m.user).or(ix.user.as_ref())?;
    let channel = match (ix.context, ix.guild_id.is_some()) {
        (Some(0), _) | (None, true) => ChannelKind::ServerChannel,
        (Some(1), _) | (None, false) => ChannelKind::DirectMessage,
        _ => ChannelKind::Group,
    };
    Some(
        Caller::new(Platform::Discord, user.id.clone(), channel)
            .with_language_hint(ix.locale.as_deref().map(commands::language_hint)),
    )
}

fn options_of(data: &Value) -> Vec<(String, String)> {
    data["options"]
        .as_array()
        .map(|opts| {
            opts.iter()
                .filter_map(|o| {
                    let name = o["name"].as_str()?.to_owned();
                    let value = match &o["value"] {
                        Value::String(s) => s.clone(),
                        Value::Null => return None,
                        other => other.to_string(),
                    };
                    Some((name, value))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A button's `custom_id`, or the option chosen in a selection's menu: the token.
fn pressed_token(data: &Value) -> String {
    let id = data["custom_id"].as_str().unwrap_or_default();
    if id == SELECT_MENU {
        data["values"][0].as_str().unwrap_or_default().to_owned()
    } else {
        id.to_owned()
    }
}

/// The fields of the credentials modal, taken as secrets at once.
fn credentials_of(data: &Value) -> Option<CredentialInput> {
    let id = data["custom_id"].as_str()?;
    let exchange = match id.strip_prefix(render::CREDENTIALS_MODAL)? {
        "" => None,
        rest => Some(crate::domain::ExchangeId::parse(rest.strip_prefix(':')?)?),
    };
    let field = |name: &str| -> Option<SecretString> {
        data["components"]
            .as_array()?
            .iter()
            .filter_map(|row| row["components"].as_array())
            .flatten()
            .find(|c| c["custom_id"].as_str() == Some(name))
            .and_then(|c| c["value"].as_str())
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| SecretString::from(v.to_owned()))
    };
    let mut input = CredentialInput::new(
        field(CredentialField::Key.name())?,
        field(CredentialField::Secret.name())?,
    );
    input.passphrase = field(CredentialField::Passphrase.name());
    input.exchange = exchange;
    Some(input)
}

/// Runs the service's work; answers with its reply when it is ready within
/// [`DEFER_AFTER`], otherwise with a deferral, and delivers the reply later.
async fn answer(
    ep: Arc<Endpoint>,
    token: String,
    caller: Caller,
    source: Source,
    work: BoxFuture<'static, Reply>,
    permit: tokio::sync::OwnedSemaphorePermit,
) -> Value {
    let mut task = tokio::spawn(work);
    let deferral = match source {
        Source::Press => json!({ "type": callback::DEFERRED_UPDATE }),
        // Ephemeral unless in the bot's DM: whether the reply shows account data
        // is not known yet, and a deferral fixes the flag.
        _ if caller.channel == ChannelKind::DirectMessage => {
            json!({ "type": callback::DEFERRED_MESSAGE })
        }
        _ => json!({ "type": callback::DEFERRED_MESSAGE, "data": { "flags": EPHEMERAL } }),
    };
    let reply = match tokio::time::timeout(DEFER_AFTER, &mut task).await {
        // Files go up by the interaction's webhook (multipart): answer with a deferral.
        Ok(Ok(reply)) if !reply.attachments.is_empty() => {
            tokio::spawn(async move {
                ep.deliver_late(&token, &caller, source, reply).await;
                drop(permit);
            });
            return deferral;
        }
        Ok(done) => done.unwrap_or_else(|_| Reply::text(Text::new("error-internal"))),
        Err(_) => {
            tokio::spawn(async move {
                let reply = task
                    .await
                    .unwrap_or_else(|_| Reply::text(Text::new("error-internal")));
                ep.deliver_late(&token, &caller, source, reply).await;
                drop(permit);
            });
            return deferral;
        }
    };
    let (response, follow_ups) = ep.immediate(&caller, source, &reply).await;
    if follow_ups.is_empty() {
        drop(permit);
    } else {
        tokio::spawn(async move {
            ep.follow_ups(&token, follow_ups).await;
            drop(permit);
        });
    }
    response
}

/// Whether a reply is shown to the caller alone: a private reply anywhere but the bot's
/// DM.
fn ephemeral(caller: &Caller, reply: &Reply) -> bool {
    reply.visibility == Visibility::Private && caller.channel != ChannelKind::DirectMessage
}

fn without_flags(mut data: Value) -> Value {
    if let Some(m) = data.as_object_mut() {
        m.remove("flags");
    }
    data
}

impl Endpoint {
    async fn language(&self, caller: &Caller, reply: &Reply) -> String {
        match &reply.language {
            Some(l) => l.clone(),
            None => self.service.language_of(caller).await,
        }
    }

    /// Every message of a reply as Discord messages' data; a press's notice last, to the
    /// presser alone; a credentials prompt that cannot be a modal here (after a deferral,
    /// or answering a modal) as a sentence asking to run /connect again: never a text form,
    /// which would put a key in the channel.
    fn parts(
        &self,
        lang: &str,
        caller: &Caller,
        reply: &Reply,
        modal_possible: bool,
    ) -> Vec<Value> {
        let eph = ephemeral(caller, reply);
        let mut parts: Vec<Value> = reply
            .messages
            .iter()
            .flat_map(|m| render::render_message(lang, m, eph))
            .collect();
        let alone = caller.channel != ChannelKind::DirectMessage;
        if reply.credentials.is_some() && !modal_possible {
            parts.extend(render::render_message(
                lang,
                &crate::service::reply::Message::text(Text::new("discord-connect-again")),
                alone,
            ));
        }
        if let Some(notice) = &reply.notice {
            parts.extend(render::render_message(
                lang,
                &crate::service::reply::Message::text(notice.clone()),
                alone,
            ));
        }
        parts
    }

    /// The response to send at once, and the follow-ups after it.
    async fn immediate(
        &self,
        caller: &Caller,
        source: Source,
        reply: &Reply,
    ) -> (Value, Vec<Value>) {
        let lang = self.language(caller, reply).await;
        if let Some(prompt) = &reply.credentials
            && source != Source::Modal
        {
            let modal = render::modal(&lang, prompt);
            return (
                json!({ "type": callback::MODAL, "data": modal }),
                Vec::new(),
            );
        }
        let mut parts = self.parts(&lang, caller, reply, source != Source::Modal);
        if source == Source::Press && reply.replaces_pressed {
            let first = if reply.messages.is_empty() {
                json!({ "components": [] })
            } else {
                without_flags(parts.remove(0))
            };
            return (
                json!({ "type": callback::UPDATE_MESSAGE, "data": first }),
                parts,
            );
        }
        if parts.is_empty() {
            if source == Source::Press {
                return (json!({ "type": callback::DEFERRED_UPDATE }), Vec::new());
            }
            parts = self.parts(
                &lang,
                caller,
                &Reply::text(Text::new("discord-nothing")),
                false,
            );
        }
        let first = parts.remove(0);
        (json!({ "type": callback::MESSAGE, "data": first }), parts)
    }

    /// Delivers a reply after a deferral: the original response (or, for a press that
    /// replaces its message, that message) is edited, the rest follows.
    async fn deliver_late(&self, token: &str, caller: &Caller, source: Source, reply: Reply) {
        let lang = self.language(caller, &reply).await;
        let mut parts = self.parts(&lang, caller, &reply, false);
        let files: Vec<&Attachment> = reply.attachments.iter().collect();
        if parts.is_empty() && !files.is_empty() && source != Source::Press {
            // The files and their captions are the response.
            let message = upload::file_message(&lang, &files, false);
            let edit = || {
                self.rest
                    .edit_original_with_files(self.application_id, token, &message, &files)
            };
            if let Err(e) = once_more(edit).await {
                tracing::warn!(%e, "could not send the reply's files");
            }
            return;
        }
        let first = match source {
            Source::Press if reply.replaces_pressed => Some(if reply.messages.is_empty() {
                json!({ "components": [] })
            } else {
                without_flags(parts.remove(0))
            }),
            Source::Press => None,
            _ => {
                if parts.is_empty() {
                    parts = self.parts(
                        &lang,
                        caller,
                        &Reply::text(Text::new("discord-nothing")),
                        false,
                    );
                }
                Some(without_flags(parts.remove(0)))
            }
        };
        if let Some(first) = first {
            let edit = || self.rest.edit_original(self.application_id, token, &first);
            if let Err(e) = once_more(edit).await {
                tracing::warn!(%e, "could not edit the deferred response");
            }
        }
        self.follow_ups(token, parts).await;
        if !files.is_empty() {
            let message = upload::file_message(&lang, &files, ephemeral(caller, &reply));
            let send = || {
                self.rest
                    .follow_up_with_files(self.application_id, token, &message, &files)
            };
            if let Err(e) = once_more(send).await {
                tracing::warn!(%e, "could not send the reply's files");
            }
        }
    }

    /// Sends follow-ups in order; stops at one that fails.
    async fn follow_ups(&self, token: &str, parts: Vec<Value>) {
        for part in parts {
            let send = || self.rest.follow_up(self.application_id, token, &part);
            if let Err(e) = once_more(send).await {
                tracing::warn!(%e, "could not send a follow-up message");
                return;
            }
        }
    }
}

/// Runs a call to an interaction's webhook, and once more after a pause when it found no
/// webhook yet (it raced the response it follows). 429s are waited out by the client
/// itself, within [`super::rest::Patience::REPLY`].
async fn once_more<F, Fut>(call: F) -> Result<(), RestError>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<(), RestError>>,
{
    let outcome = call().await;
    let pause = match &outcome {
        Err(e) if e.code() == Some(UNKNOWN_WEBHOOK) => Duration::from_millis(500),
        _ => return outcome,
    };
    tokio::time::sleep(pause).await;
    call().await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ix(v: Value) -> Interaction {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn the_caller_and_the_kind_of_conversation_come_from_the_context() {
        let user = json!({"id": "42"});
        let server = ix(
            json!({"type": 2, "guild_id": "1", "context": 0, "member": {"user": user}, "locale": "da"}),
        );
        let c = caller_of(&server).unwrap();
        assert_eq!(
            (c.platform_user_id.as_str(), c.channel),
            ("42", ChannelKind::ServerChannel)
        );
        assert_eq!(c.language_hint.as_deref(), Some("da"));
        let dm = ix(json!({"type": 2, "context": 1, "user": user}));
        assert_eq!(caller_of(&dm).unwrap().channel, ChannelKind::DirectMessage);
        let other = ix(json!({"type": 2, "context": 2, "user": user}));
        assert_eq!(caller_of(&other).unwrap().channel, ChannelKind::Group);
        // Without `context` (older payloads): a guild id means a server.
        let old = ix(json!({"type": 2, "guild_id": "1", "member": {"user": user}}));
        assert_eq!(caller_of(&old).unwrap().channel, ChannelKind::ServerChannel);
        assert!(caller_of(&ix(json!({"type": 2}))).is_none());
    }

    #[test]
    fn a_press_sends_the_buttons_token_and_a_menu_choice_the_options_token() {
        assert_eq!(
            pressed_token(&json!({"custom_id": "c:abc", "component_type": 2})),
            "c:abc"
        );
        let menu = json!({"custom_id": SELECT_MENU, "component_type": 3, "values": ["t:xyz"]});
        assert_eq!(pressed_token(&menu), "t:xyz");
    }

    #[test]
    fn a_modal_without_both_fields_gives_no_credentials() {
        let field = |id: &str, v: &str| json!({"type": 1, "components": [{"type": 4, "custom_id": id, "value": v}]});
        let both = json!({"custom_id": "credentials", "components": [field("key", "k"), field("secret", "s")]});
        assert!(credentials_of(&both).is_some());
        let blank = json!({"custom_id": "credentials", "components": [field("key", "k"), field("secret", "  ")]});
        assert!(credentials_of(&blank).is_none());
        let other =
            json!({"custom_id": "other", "components": [field("key", "k"), field("secret", "s")]});
        assert!(credentials_of(&other).is_none());
    }

    #[test]
    fn a_modal_opened_for_an_exchange_gives_credentials_for_that_exchange() {
        let field = |id: &str, v: &str| json!({"type": 1, "components": [{"type": 4, "custom_id": id, "value": v}]});
        let modal = |id: &str| json!({"custom_id": id, "components": [field("key", "k"), field("secret", "s")]});
        let mexc = credentials_of(&modal("credentials:mexc")).expect("credentials");
        assert_eq!(mexc.exchange, Some(crate::domain::ExchangeId::Mexc));
        assert_eq!(
            credentials_of(&modal("credentials")).unwrap().exchange,
            None
        );
        assert!(credentials_of(&modal("credentials:nowhere")).is_none());
        assert!(credentials_of(&modal("credentialsmexc")).is_none());
        // The modal a prompt for MEXC renders carries it.
        let prompt = crate::service::reply::CredentialsPrompt::new(vec![])
            .on(crate::domain::ExchangeId::Mexc);
        assert_eq!(
            render::modal("en", &prompt)["custom_id"],
            "credentials:mexc"
        );
    }
}
