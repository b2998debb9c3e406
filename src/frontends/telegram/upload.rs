//! Files a reply carries, sent as Telegram does them: sendDocument (a CSV) or sendPhoto (a
//! picture), multipart/form-data with a file name and an HTML caption.

use teloxide::prelude::*;
use teloxide::types::{ChatId, InputFile, ParseMode};

use super::handle::Ctx;
use super::render;
use super::send::{Failure, Target};
use crate::service::reply::Attachment;

/// Telegram's limit on a caption, in characters.
pub const MAX_CAPTION_CHARS: usize = 1024;

impl Ctx {
    /// Sends one file to `chat`.
    pub(super) async fn upload(
        &self,
        chat: ChatId,
        lang: &str,
        file: &Attachment,
    ) -> Result<(), Failure> {
        let input = InputFile::memory(file.bytes.clone()).file_name(file.filename.clone());
        let caption = file.caption.as_ref().map(|c| {
            let html = render::html(lang, c);
            if html.chars().count() > MAX_CAPTION_CHARS {
                // An over-long caption would refuse the whole upload: send the file bare.
                String::new()
            } else {
                html
            }
        });
        let target = Target::Chat(chat.0);
        if file.is_image() {
            let mut req = self.bot.send_photo(chat, input);
            if let Some(c) = caption.filter(|c| !c.is_empty()) {
                req = req.caption(c).parse_mode(ParseMode::Html);
            }
            self.sender.call(target, req).await.map(drop)
        } else {
            let mut req = self.bot.send_document(chat, input);
            if let Some(c) = caption.filter(|c| !c.is_empty()) {
                req = req.caption(c).parse_mode(ParseMode::Html);
            }
            self.sender.call(target, req).await.map(drop)
        }
    }
}
