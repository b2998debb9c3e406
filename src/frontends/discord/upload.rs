//! Files a reply carries, sent as Discord takes them: a multipart/form-data request with
//! the message as `payload_json` and each file as `files[n]`, the message's `attachments`
//! naming them by that `n`.

use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use super::render::{EPHEMERAL, plain};
use super::rest::{Patience, Rest, RestError};
use crate::service::reply::Attachment;

/// Discord's limit on the files of one message.
pub const MAX_FILES: usize = 10;
/// Discord's default limit on an upload's total size for a bot (10 MiB).
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;
/// Discord's limit on a message's content, in characters.
const MAX_CONTENT: usize = 2000;

/// The message that carries `files`: their captions as its content, and their
/// `attachments` entries; ephemeral when `ephemeral` (a follow-up sets its own flags).
pub fn file_message(lang: &str, files: &[&Attachment], ephemeral: bool) -> Value {
    let content: String = files
        .iter()
        .filter_map(|f| f.caption.as_ref())
        .map(|c| plain(lang, c))
        .collect::<Vec<_>>()
        .join("\n")
        .chars()
        .take(MAX_CONTENT)
        .collect();
    let attachments: Vec<Value> = files
        .iter()
        .enumerate()
        .map(|(i, f)| json!({ "id": i, "filename": f.filename }))
        .collect();
    let mut message = json!({ "content": content, "attachments": attachments });
    if ephemeral {
        message["flags"] = json!(EPHEMERAL);
    }
    message
}

impl Rest {
    /// Sends `message` with `files` (at most [`MAX_FILES`]) to `path` as multipart.
    pub async fn upload(
        &self,
        method: Method,
        path: &str,
        message: &Value,
        files: &[&Attachment],
    ) -> Result<(), RestError> {
        let form = || -> Result<Form, RestError> {
            let payload = Part::text(message.to_string())
                .mime_str("application/json")
                .map_err(|e| RestError::Unavailable(e.to_string()))?;
            let mut form = Form::new().part("payload_json", payload);
            for (i, f) in files.iter().take(MAX_FILES).enumerate() {
                let part = Part::stream(f.bytes.clone())
                    .file_name(f.filename.clone())
                    .mime_str(f.content_type)
                    .map_err(|e| RestError::Unavailable(e.to_string()))?;
                form = form.part(format!("files[{i}]"), part);
            }
            Ok(form)
        };
        let body = |req: reqwest::RequestBuilder| Ok(req.multipart(form()?));
        self.call_built(Patience::REPLY, method, path, &body)
            .await
            .map(drop)
    }

    /// Edits an interaction's original response to carry `files`.
    pub async fn edit_original_with_files(
        &self,
        app: u64,
        token: &str,
        message: &Value,
        files: &[&Attachment],
    ) -> Result<(), RestError> {
        let path = format!("webhooks/{app}/{token}/messages/@original");
        self.upload(Method::PATCH, &path, message, files).await
    }

    /// Sends `files` in a follow-up message to an interaction.
    pub async fn follow_up_with_files(
        &self,
        app: u64,
        token: &str,
        message: &Value,
        files: &[&Attachment],
    ) -> Result<(), RestError> {
        let path = format!("webhooks/{app}/{token}");
        self.upload(Method::POST, &path, message, files).await
    }
}
