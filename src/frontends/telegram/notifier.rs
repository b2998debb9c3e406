//! Reminders and reports to Telegram users outside a conversation, through the same
//! rate-limited sender as the replies. Always to the user's private chat (its id is the
//! user id), never to a group where they typed a command: a 403 here means the user blocked
//! the bot, while a group that refuses the bot says nothing about them.

use std::sync::Arc;

use async_trait::async_trait;
use teloxide::Bot;
use teloxide::prelude::*;
use teloxide::types::{ChatId, ParseMode};

use super::render;
use super::send::{Failure, Sender, Target};
use crate::domain::Platform;
use crate::ports::UserRecord;
use crate::ports::store::{Notifier, NotifyError};
use crate::service::reply::Message;

/// The Telegram [`Notifier`].
#[derive(Clone)]
pub struct TelegramNotifier {
    bot: Bot,
    sender: Arc<Sender>,
}

/// The bot client carries the token: never print it.
impl std::fmt::Debug for TelegramNotifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TelegramNotifier")
            .field("bot", &"[REDACTED]")
            .finish_non_exhaustive()
    }
}

impl TelegramNotifier {
    /// A notifier sending through `sender` (shared with the interactive replies, so both
    /// count against one set of limits).
    pub fn new(bot: Bot, sender: Arc<Sender>) -> Self {
        Self { bot, sender }
    }
}

#[async_trait]
impl Notifier for TelegramNotifier {
    fn platform(&self) -> Platform {
        Platform::Telegram
    }

    async fn notify(
        &self,
        user: &UserRecord,
        message: &Message,
        silent: bool,
    ) -> Result<(), NotifyError> {
        if user.blocked {
            return Err(NotifyError::Unreachable);
        }
        let chat: i64 = user
            .platform_user_id
            .parse()
            .map_err(|_| NotifyError::Unreachable)?;
        let chat = ChatId(chat);
        for part in render::render_message(&user.language, message) {
            let mut req = self
                .bot
                .send_message(chat, part.html)
                .parse_mode(ParseMode::Html)
                .disable_notification(silent);
            if let Some(kb) = part.keyboard {
                req = req.reply_markup(kb);
            }
            self.sender
                .call(Target::Chat(chat.0), req)
                .await
                .map_err(|e| match e {
                    Failure::Unreachable => NotifyError::Unreachable,
                    Failure::RetryAfter(d) => NotifyError::RetryAfter(d),
                    Failure::Other(m) => NotifyError::Temporary(m),
                    other => NotifyError::Temporary(format!("{other:?}")),
                })?;
        }
        Ok(())
    }
}
