//! The console frontend (`dustpan demo`): commands as typed, buttons printed as numbered
//! choices (`[1] Confirm  [2] Cancel`) and pressed by typing the number. With piped input it
//! reads one line at a time, echoes it, and stops at the end of input. Reminders arrive in
//! the same terminal through its [`Notifier`].

use std::borrow::Cow;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWrite, AsyncWriteExt};

use crate::domain::Platform;
use crate::i18n::locales;
use crate::ports::{Notifier, NotifyError, UserRecord};
use crate::service::reply::{Attachment, Limits, Message, Reply, Role, Text, layout};
use crate::service::{Caller, Service};

/// The console numbers buttons in rows of three, as many rows as it takes.
const BUTTONS: Limits = Limits {
    max_rows: usize::MAX,
    per_row: 3,
};

type Writer = Pin<Box<dyn AsyncWrite + Send>>;

struct Shared {
    /// Tokens of the buttons last shown, numbered from 1.
    buttons: Mutex<Vec<String>>,
    out: tokio::sync::Mutex<Writer>,
}

impl Shared {
    /// Renders messages as console text and remembers their buttons.
    fn render(&self, lang: &str, notice: Option<&Text>, messages: &[Message]) -> String {
        let l = locales();
        let plain = |s: &str| s.to_owned();
        let mut out = String::new();
        if let Some(notice) = notice {
            out.push_str(&format!("» {}\n", l.render(lang, notice, &plain)));
        }
        let mut numbered = Vec::new();
        for message in messages {
            for block in &message.blocks {
                out.push_str(&l.render(lang, block, &plain));
                out.push('\n');
            }
            // Within unbounded rows every layout fits.
            for row in layout(&message.buttons, BUTTONS).unwrap_or_default() {
                let labels: Vec<String> = row
                    .iter()
                    .map(|b| {
                        let label = l.render(lang, &b.label, &plain);
                        if b.role == Role::Link {
                            // Nothing to press: the address is printed to open.
                            let url = b.url().map_or_else(String::new, |u| u.to_string());
                            return format!("{label} <{url}>");
                        }
                        numbered.push(b.token.clone());
                        format!("[{}] {label}", numbered.len())
                    })
                    .collect();
                out.push_str(&labels.join("  "));
                out.push('\n');
            }
        }
        if !numbered.is_empty()
            && let Ok(mut buttons) = self.buttons.lock()
        {
            *buttons = numbered;
        }
        out
    }

    async fn write(&self, text: &str) -> std::io::Result<()> {
        let mut out = self.out.lock().await;
        out.write_all(text.as_bytes()).await?;
        out.flush().await
    }
}

/// A console chat with one user.
pub struct Console {
    service: Arc<Service>,
    caller: Caller,
    shared: Arc<Shared>,
    /// Echo each input line (for piped input, so the transcript reads as a chat).
    echo: bool,
}

impl Console {
    /// A console for the given caller, writing to `out`.
    pub fn new(
        service: Arc<Service>,
        caller: Caller,
        echo: bool,
        out: impl AsyncWrite + Send + 'static,
    ) -> Self {
        Self {
            service,
            caller,
            shared: Arc::new(Shared {
                buttons: Mutex::new(Vec::new()),
                out: tokio::sync::Mutex::new(Box::pin(out)),
            }),
            echo,
        }
    }

    /// The notifier that prints reminders in this console.
    pub fn notifier(&self) -> Arc<dyn Notifier> {
        Arc::new(ConsoleNotifier(self.shared.clone()))
    }

    /// Renders a reply as console text, remembering its buttons.
    pub async fn render(&self, reply: &Reply) -> String {
        let lang = match &reply.language {
            Some(l) => l.clone(),
            None => self.service.language_of(&self.caller).await,
        };
        // A credentials prompt is asked as a guided form, one question per line typed.
        let messages: Vec<Message> = reply.text_messages().map(Cow::into_owned).collect();
        let mut out = self.shared.render(&lang, reply.notice.as_ref(), &messages);
        out.push_str(&self.save(&lang, &reply.attachments).await);
        out
    }

    /// Writes a reply's files under the system's temporary directory and says where (a
    /// terminal cannot show them).
    async fn save(&self, lang: &str, attachments: &[Attachment]) -> String {
        let l = locales();
        let plain = |s: &str| s.to_owned();
        let mut out = String::new();
        if attachments.is_empty() {
            return out;
        }
        let dir = std::env::temp_dir().join("dustpan");
        for a in attachments {
            if let Some(caption) = &a.caption {
                out.push_str(&l.render(lang, caption, &plain));
                out.push('\n');
            }
            // Only the name's last component: a file never lands outside the directory.
            let name = std::path::Path::new(&a.filename)
                .file_name()
                .map_or_else(|| "file".into(), |n| n.to_os_string());
            let path = dir.join(name);
            let written = async {
                tokio::fs::create_dir_all(&dir).await?;
                tokio::fs::write(&path, &a.bytes).await
            }
            .await;
            let text = match written {
                Ok(()) => Text::new("console-file-saved").arg("path", path.display()),
                Err(e) => {
                    tracing::warn!(error = %e, "cannot write a reply's file");
                    Text::new("error-internal")
                }
            };
            out.push_str(&l.render(lang, &text, &plain));
            out.push('\n');
        }
        out
    }

    /// Writes text to the console.
    pub async fn write(&self, text: &str) -> std::io::Result<()> {
        self.shared.write(text).await
    }

    /// Handles one input line and returns what to print, in a span saying whether it was a
    /// press or text (never the text).
    #[tracing::instrument(name = "console", skip_all, fields(input = tracing::field::Empty))]
    pub async fn line(&self, line: &str) -> String {
        let line = line.trim();
        if line.is_empty() {
            return String::new();
        }
        let pressed = line.parse::<usize>().ok().map(|n| {
            let buttons = self
                .shared
                .buttons
                .lock()
                .map(|b| b.clone())
                .unwrap_or_default();
            n.checked_sub(1).and_then(|i| buttons.get(i).cloned())
        });
        tracing::Span::current().record("input", if pressed.is_some() { "press" } else { "text" });
        let reply = match pressed {
            Some(Some(token)) => self.service.handle_press(&self.caller, &token).await,
            Some(None) => Reply::text(Text::new("console-no-such-button")),
            None => self.service.handle_text(&self.caller, line).await,
        };
        self.render(&reply).await
    }

    /// Runs until the end of input.
    pub async fn run<R: AsyncBufRead + Unpin>(&self, input: R) -> std::io::Result<()> {
        let mut lines = input.lines();
        loop {
            if !self.echo {
                self.write("> ").await?;
            }
            let Some(line) = lines.next_line().await? else {
                break;
            };
            let mut text = String::new();
            if self.echo && !line.trim().is_empty() {
                // A key typed into the demo is never echoed back.
                let shown = if self.service.carries_secret(&self.caller, &line).await {
                    line.split_whitespace()
                        .next()
                        .filter(|w| w.starts_with('/'))
                        .map_or_else(|| "[hidden]".to_owned(), |cmd| format!("{cmd} [hidden]"))
                } else {
                    line.trim().to_owned()
                };
                text.push_str(&format!("> {shown}\n"));
            }
            let answer = self.line(&line).await;
            if !answer.is_empty() {
                text.push_str(&answer);
                text.push('\n');
            }
            self.write(&text).await?;
        }
        Ok(())
    }
}

/// Prints reminders in the console.
struct ConsoleNotifier(Arc<Shared>);

#[async_trait]
impl Notifier for ConsoleNotifier {
    fn platform(&self) -> Platform {
        Platform::Console
    }

    async fn notify(
        &self,
        user: &UserRecord,
        message: &Message,
        _silent: bool,
    ) -> Result<(), NotifyError> {
        let text = self
            .0
            .render(&user.language, None, std::slice::from_ref(message));
        self.0
            .write(&format!("\n{text}\n"))
            .await
            .map_err(|e| NotifyError::Temporary(e.to_string()))
    }
}

/// The console as a [`super::Frontend`]: one user's chat on `input` until its end (or the
/// shutdown), reminders printed in the same terminal.
pub struct ConsoleFrontend<R> {
    console: Console,
    input: R,
}

impl<R> ConsoleFrontend<R> {
    /// `console` reading lines from `input`.
    pub fn new(console: Console, input: R) -> Self {
        Self { console, input }
    }
}

#[async_trait]
impl<R: AsyncBufRead + Unpin + Send + 'static> super::Frontend for ConsoleFrontend<R> {
    fn name(&self) -> &'static str {
        "console"
    }

    fn notifier(&self) -> Arc<dyn Notifier> {
        self.console.notifier()
    }

    async fn serve(self: Box<Self>, shutdown: super::Shutdown) -> anyhow::Result<()> {
        let Self { console, input } = *self;
        tokio::select! {
            result = console.run(input) => Ok(result?),
            () = shutdown => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::reply::Button;

    #[test]
    fn links_are_printed_with_their_address_and_only_pressable_buttons_are_numbered() {
        let shared = Shared {
            buttons: Mutex::new(Vec::new()),
            out: tokio::sync::Mutex::new(Box::pin(tokio::io::sink())),
        };
        let url = url::Url::parse("https://www.binance.com/en/my/settings/api-management").unwrap();
        let message = Message {
            blocks: vec![Text::new("help")],
            buttons: vec![
                Button::link(Text::new("button-cancel"), &url),
                Button::new(Role::Confirm, Text::new("button-confirm"), "c:1".into()),
                Button::new(Role::Cancel, Text::new("button-cancel"), "x:1".into()),
            ],
        };
        let out = shared.render("en", None, std::slice::from_ref(&message));
        assert!(
            out.contains("Cancel <https://www.binance.com/en/my/settings/api-management>\n[1] Confirm  [2] Cancel\n"),
            "{out}"
        );
        assert_eq!(*shared.buttons.lock().unwrap(), ["c:1", "x:1"]);
    }
}
