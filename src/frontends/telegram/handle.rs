//! One update in, service call, reply out: messages, button presses and the
//! blocked/unblocked updates of private chats.

use std::sync::Arc;
use std::time::{Duration, Instant};

use teloxide::Bot;
use teloxide::prelude::*;
use teloxide::types::{
    CallbackQuery, ChatId, ChatMemberUpdated, InlineKeyboardMarkup, Message, MessageId, ParseMode,
    Update, UpdateKind,
};

use super::group::{self, Gate};
use super::render::{self, Part};
use super::send::{Failure, Sender, Target};
use crate::domain::Platform;
use crate::service::reply::{Reply, Text};
use crate::service::{Caller, ChannelKind, Service};

/// A press not settled within this long is answered with "working…" at once, so the
/// client stops spinning and the query does not expire; the result is edited in later.
pub const ANSWER_WITHIN: Duration = Duration::from_millis(1500);
/// Telegram's limit on answerCallbackQuery's text.
const MAX_NOTICE_CHARS: usize = 200;

/// What every handler needs.
#[derive(Clone)]
pub struct Ctx {
    /// The Bot API client (requests are built from it, sent through `sender`).
    pub bot: Bot,
    /// The rate-limited sender.
    pub sender: Arc<Sender>,
    /// The shared service.
    pub service: Arc<Service>,
    /// The bot's username (from getMe), for the link to a private chat.
    pub username: String,
    /// When each group last got the pointer to a private chat.
    pub groups: Arc<Gate>,
}

/// The bot client carries the token: never print it.
impl std::fmt::Debug for Ctx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ctx")
            .field("bot", &"[REDACTED]")
            .finish_non_exhaustive()
    }
}

fn caller_of(user: &teloxide::types::User, private_chat: bool) -> Caller {
    let channel = if private_chat {
        ChannelKind::PrivateChat
    } else {
        ChannelKind::Group
    };
    Caller::new(Platform::Telegram, user.id.0.to_string(), channel)
        .with_language_hint(user.language_code.clone())
}

/// Handles one update, in a span with its id and the kind of chat (never its text).
#[tracing::instrument(name = "update", skip_all, fields(update_id = update.id.0, chat = chat_kind(&update)))]
pub async fn handle(ctx: &Ctx, update: Update) {
    match update.kind {
        UpdateKind::Message(msg) => on_message(ctx, msg).await,
        UpdateKind::CallbackQuery(q) => on_press(ctx, q).await,
        UpdateKind::MyChatMember(m) => on_member(ctx, m).await,
        _ => {}
    }
}

/// The kind of chat an update comes from, for its span.
fn chat_kind(update: &Update) -> &'static str {
    match update.chat() {
        Some(c) if c.is_private() => "private",
        Some(c) if c.is_supergroup() => "supergroup",
        Some(c) if c.is_group() => "group",
        Some(c) if c.is_channel() => "channel",
        Some(_) => "other",
        None => "none",
    }
}

async fn on_message(ctx: &Ctx, msg: Message) {
    let (Some(from), Some(text)) = (msg.from.as_ref(), msg.text()) else {
        return;
    };
    if !msg.chat.is_private() {
        on_group_message(ctx, &msg, from, text).await;
        return;
    }
    let caller = caller_of(from, msg.chat.is_private());
    let chat = msg.chat.id;
    // A message with key material goes first, before the key is even looked at.
    let secret = ctx.service.carries_secret(&caller, text).await;
    let mut deleted = secret && ctx.delete(chat, msg.id).await;
    let mut reply = ctx.service.handle_text(&caller, text).await;
    if reply.delete_incoming && !deleted {
        deleted = ctx.delete(chat, msg.id).await;
    }
    if (secret || reply.delete_incoming) && !deleted {
        // The warning comes last, after the guided form's next question.
        let question = reply.credentials.take().map(|p| p.text_step());
        reply.messages.extend(question);
        reply
            .messages
            .push(crate::service::reply::Message::text(Text::new(
                "telegram-delete-failed",
            )));
    }
    ctx.deliver(&caller, chat, &reply, None).await;
}

/// A message in a group or supergroup (channel posts are not asked for): the service
/// never sees it, so nothing about an account is shown there and nothing starts. Key material is deleted; a command
/// addressed to the bot gets the pointer to a private chat (once per chat per period).
async fn on_group_message(ctx: &Ctx, msg: &Message, from: &teloxide::types::User, text: &str) {
    let caller = caller_of(from, false);
    let chat = msg.chat.id;
    let secret = ctx.service.carries_secret(&caller, text).await;
    let deleted = !secret || ctx.delete(chat, msg.id).await;
    // One answer per chat per period, whatever is sent: a busy group never gets a stream
    // of replies from the bot.
    let point = (secret || group::addressed_to_bot(text, &ctx.username))
        && ctx.groups.may_point(chat.0, Instant::now());
    if !point {
        return;
    }
    let mut blocks = Vec::new();
    if secret {
        blocks.push(Text::new("connect-private-only"));
        if !deleted {
            blocks.push(Text::new("telegram-delete-failed"));
        }
    }
    blocks.push(
        Text::new("telegram-group-private-only")
            .arg("link", group::private_chat_link(&ctx.username)),
    );
    let lang = ctx.service.language_of(&caller).await;
    let message = crate::service::reply::Message {
        blocks,
        buttons: Vec::new(),
    };
    for part in render::render_message(&lang, &message) {
        // A group that removed the bot says nothing about the user's private chat, so a
        // failure here is only logged.
        if let Err(e) = ctx.send(chat, part).await {
            tracing::info!(?e, "could not answer in a group");
            return;
        }
    }
}

async fn on_press(ctx: &Ctx, q: CallbackQuery) {
    let pressed = q
        .message
        .as_ref()
        .and_then(|m| m.regular_message())
        .cloned();
    let private = q.message.as_ref().is_none_or(|m| m.chat().is_private());
    let chat = q
        .message
        .as_ref()
        .map_or(ChatId(q.from.id.0 as i64), |m| m.chat().id);
    let caller = caller_of(&q.from, private);
    if !private {
        // A button under a message in a group (left from before, or forwarded): nothing
        // runs, the presser is told where it works.
        let lang = ctx.service.language_of(&caller).await;
        let notice = render::plain(&lang, &Text::new("telegram-group-press-private-only"));
        ctx.answer(&q, Some(notice)).await;
        return;
    }
    let Some(token) = q.data.as_deref() else {
        ctx.answer(&q, None).await;
        return;
    };
    let work = ctx.service.handle_press(&caller, token);
    tokio::pin!(work);
    let (mut reply, answered) = tokio::select! {
        r = &mut work => (r, false),
        () = tokio::time::sleep(ANSWER_WITHIN) => {
            let lang = ctx.service.language_of(&caller).await;
            ctx.answer(&q, Some(render::plain(&lang, &Text::new("telegram-working")))).await;
            (work.await, true)
        }
    };
    let lang = ctx.language(&caller, &reply).await;
    if !answered {
        let notice = reply.notice.as_ref().map(|n| render::plain(&lang, n));
        ctx.answer(&q, notice).await;
    } else if let Some(notice) = reply.notice.take()
        && reply.messages.is_empty()
    {
        // Too late for a toast: say it in the chat.
        reply
            .messages
            .push(crate::service::reply::Message::text(notice));
    }
    ctx.deliver(&caller, chat, &reply, pressed.as_ref()).await;
}

async fn on_member(ctx: &Ctx, m: ChatMemberUpdated) {
    if !m.chat.is_private() {
        return;
    }
    let caller = caller_of(&m.from, true);
    if m.new_chat_member.is_banned() {
        ctx.service.set_reachable(&caller, false).await;
    } else if m.new_chat_member.is_member() {
        ctx.service.set_reachable(&caller, true).await;
    }
}

impl Ctx {
    async fn language(&self, caller: &Caller, reply: &Reply) -> String {
        match &reply.language {
            Some(l) => l.clone(),
            None => self.service.language_of(caller).await,
        }
    }

    /// Deletes a message; false when it could not be deleted.
    async fn delete(&self, chat: ChatId, id: MessageId) -> bool {
        match self
            .sender
            .call(Target::Bot, self.bot.delete_message(chat, id))
            .await
        {
            Ok(_) => true,
            Err(e) => {
                tracing::warn!(?e, "could not delete a message carrying a key");
                false
            }
        }
    }

    async fn answer(&self, q: &CallbackQuery, text: Option<String>) {
        let mut req = self.bot.answer_callback_query(q.id.clone());
        if let Some(text) = text {
            req = req.text(text.chars().take(MAX_NOTICE_CHARS).collect::<String>());
        }
        match self.sender.call(Target::Bot, req).await {
            Ok(_) | Err(Failure::QueryTooOld) => {}
            Err(e) => tracing::warn!(?e, "answerCallbackQuery failed"),
        }
    }

    /// Sends a reply (editing the pressed message with its first message when it replaces
    /// it). Stops, and marks the user unreachable, when they blocked the bot.
    pub async fn deliver(
        &self,
        caller: &Caller,
        chat: ChatId,
        reply: &Reply,
        pressed: Option<&Message>,
    ) {
        let lang = self.language(caller, reply).await;
        let mut edit_target = pressed.filter(|_| reply.replaces_pressed);
        if reply.messages.is_empty()
            && reply.credentials.is_none()
            && reply.attachments.is_empty()
            && let Some(pm) = edit_target
        {
            let req = self.bot.edit_message_reply_markup(chat, pm.id);
            let _ = self
                .settle(caller, self.sender.call(Target::Chat(chat.0), req).await)
                .await;
            return;
        }
        // A credentials prompt is asked as a guided form: one question per message, each
        // answer deleted (`on_message`).
        for message in reply.text_messages() {
            for part in render::render_message(&lang, &message) {
                let outcome = match edit_target.take() {
                    Some(pm) => self.edit(chat, pm, part).await,
                    None => self.send(chat, part).await,
                };
                if !self.settle(caller, outcome).await {
                    return;
                }
            }
        }
        for file in &reply.attachments {
            if !self
                .settle(caller, self.upload(chat, &lang, file).await)
                .await
            {
                return;
            }
        }
    }

    /// Logs a failure; false when nothing more should go to this user.
    async fn settle<T>(&self, caller: &Caller, outcome: Result<T, Failure>) -> bool {
        match outcome {
            Ok(_) | Err(Failure::NotModified) => true,
            Err(Failure::Unreachable) => {
                tracing::info!("user blocked the bot or cannot be reached; stop sending");
                self.service.set_reachable(caller, false).await;
                false
            }
            Err(e) => {
                tracing::warn!(?e, "Telegram call failed");
                true
            }
        }
    }

    async fn send(&self, chat: ChatId, part: Part) -> Result<(), Failure> {
        let mut req = self
            .bot
            .send_message(chat, part.html)
            .parse_mode(ParseMode::Html);
        if let Some(kb) = part.keyboard {
            req = req.reply_markup(kb);
        }
        self.sender.call(Target::Chat(chat.0), req).await.map(drop)
    }

    async fn edit(&self, chat: ChatId, pressed: &Message, part: Part) -> Result<(), Failure> {
        let target = Target::Chat(chat.0);
        // Same text, new buttons (a selection toggled): only the keyboard changes.
        if pressed.text() == Some(render::unescape(&part.html).as_str()) {
            let req = self
                .bot
                .edit_message_reply_markup(chat, pressed.id)
                .reply_markup(
                    part.keyboard
                        .unwrap_or_else(|| InlineKeyboardMarkup::new(Vec::<Vec<_>>::new())),
                );
            return self.sender.call(target, req).await.map(drop);
        }
        let mut req = self
            .bot
            .edit_message_text(chat, pressed.id, part.html.clone())
            .parse_mode(ParseMode::Html);
        if let Some(kb) = part.keyboard.clone() {
            req = req.reply_markup(kb);
        }
        match self.sender.call(target, req).await {
            Ok(_) => Ok(()),
            // The pressed message is gone: send the result as a new one.
            Err(Failure::MessageGone) => self.send(chat, part).await,
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caller_carries_the_chat_kind_and_the_clients_language() {
        let user: teloxide::types::User = serde_json::from_value(serde_json::json!({
            "id": 42, "is_bot": false, "first_name": "Alice", "language_code": "de"
        }))
        .unwrap();
        let private = caller_of(&user, true);
        assert_eq!(private.platform_user_id, "42");
        assert_eq!(private.channel, ChannelKind::PrivateChat);
        assert!(private.is_private());
        assert_eq!(private.language_hint.as_deref(), Some("de"));
        let group = caller_of(&user, false);
        assert_eq!(group.channel, ChannelKind::Group);
        assert!(!group.is_private());
    }
}
