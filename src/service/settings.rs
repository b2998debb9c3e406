//! `/settings` and `/language`.

use crate::i18n::locales;
use crate::ports::UserRecord;
use crate::service::format::usd;
use crate::service::reply::{Message, Reply, Text};
use crate::service::{Service, ServiceError};

impl Service {
    pub(crate) async fn settings(&self, user: &UserRecord) -> Result<Reply, ServiceError> {
        Ok(Reply::message(Message {
            blocks: vec![
                Text::new("settings-title"),
                Text::new("settings-language").arg("language", &user.language),
                Text::new("settings-timezone").arg("timezone", &user.timezone),
                Text::new("settings-min-worth").arg("usdt", usd(user.min_worth_usdt)),
            ],
            buttons: Vec::new(),
        }))
    }

    pub(crate) async fn language(
        &self,
        user: &UserRecord,
        choice: Option<String>,
    ) -> Result<Reply, ServiceError> {
        let available = locales().languages();
        match choice {
            Some(lang) => {
                let lang = lang.to_ascii_lowercase();
                if !available.contains(&lang.as_str()) {
                    return Ok(Reply::text(
                        Text::new("language-unknown")
                            .arg("language", lang)
                            .arg("available", available.join(", ")),
                    ));
                }
                self.store.set_language(user.id, &lang).await?;
                let mut reply = Reply::text(Text::new("language-set").arg("language", &lang));
                reply.language = Some(lang);
                Ok(reply)
            }
            None => Ok(Reply::text(
                Text::new("language-current")
                    .arg("language", &user.language)
                    .arg("available", available.join(", ")),
            )),
        }
    }
}
