//! Reminders to Discord users as DMs: the DM channel opened once per user and kept;
//! Discord's 50007 (the user accepts no DM from the bot) makes the user unreachable, a 429
//! asks the scheduler to wait its `retry_after`.

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;

use super::render;
use super::rest::{CANNOT_DM, Rest, RestError};
use crate::domain::Platform;
use crate::ports::UserRecord;
use crate::ports::store::{Notifier, NotifyError};
use crate::service::reply::Message;

/// The message flag that delivers without a push notification.
const SUPPRESS_NOTIFICATIONS: u64 = 1 << 12;

/// The Discord [`Notifier`].
#[derive(Debug)]
pub struct DiscordNotifier {
    rest: Rest,
    channels: Mutex<HashMap<String, String>>,
}

impl DiscordNotifier {
    /// A notifier sending through `rest`.
    pub fn new(rest: Rest) -> Self {
        Self {
            rest,
            channels: Mutex::default(),
        }
    }

    async fn channel(&self, user: &str) -> Result<String, RestError> {
        let known = self.channels.lock().expect("poisoned").get(user).cloned();
        if let Some(channel) = known {
            return Ok(channel);
        }
        let channel = self.rest.dm_channel(user).await?;
        self.channels
            .lock()
            .expect("poisoned")
            .insert(user.to_owned(), channel.clone());
        Ok(channel)
    }
}

fn failure(e: RestError) -> NotifyError {
    match e {
        RestError::Refused { code, .. } if code == CANNOT_DM => NotifyError::Unreachable,
        RestError::RateLimited(d) => NotifyError::RetryAfter(d),
        other => NotifyError::Temporary(other.to_string()),
    }
}

#[async_trait]
impl Notifier for DiscordNotifier {
    fn platform(&self) -> Platform {
        Platform::Discord
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
        let channel = self
            .channel(&user.platform_user_id)
            .await
            .map_err(failure)?;
        for mut part in render::render_message(&user.language, message, false) {
            if silent {
                part["flags"] = serde_json::json!(SUPPRESS_NOTIFICATIONS);
            }
            self.rest.send(&channel, &part).await.map_err(failure)?;
        }
        Ok(())
    }
}
