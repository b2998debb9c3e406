//! The console frontend (`dustpan demo`): commands as typed, buttons printed as numbered
//! choices (`[1] Confirm  [2] Cancel`) and pressed by typing the number. With piped input it
//! reads one line at a time, echoes it, and stops at the end of input.

use std::sync::Arc;

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWrite, AsyncWriteExt};

use crate::i18n::locales;
use crate::service::reply::{Reply, Text};
use crate::service::{Caller, Service};

/// A console chat with one user.
pub struct Console {
    service: Arc<Service>,
    caller: Caller,
    /// Tokens of the buttons last shown, numbered from 1.
    buttons: Vec<String>,
    /// Echo each input line (for piped input, so the transcript reads as a chat).
    echo: bool,
}

fn plain(s: &str) -> String {
    s.to_owned()
}

impl Console {
    /// A console for the given caller.
    pub fn new(service: Arc<Service>, caller: Caller, echo: bool) -> Self {
        Self {
            service,
            caller,
            buttons: Vec::new(),
            echo,
        }
    }

    /// Renders a reply as console text, remembering its buttons.
    pub async fn render(&mut self, reply: &Reply) -> String {
        let lang = self.service.language_of(&self.caller).await;
        let l = locales();
        let mut out = String::new();
        if let Some(notice) = &reply.notice {
            out.push_str(&format!("» {}\n", l.render(&lang, notice, &plain)));
        }
        let mut numbered = Vec::new();
        for message in &reply.messages {
            for block in &message.blocks {
                out.push_str(&l.render(&lang, block, &plain));
                out.push('\n');
            }
            for row in &message.buttons {
                let labels: Vec<String> = row
                    .iter()
                    .map(|b| {
                        numbered.push(b.token.clone());
                        format!("[{}] {}", numbered.len(), l.render(&lang, &b.label, &plain))
                    })
                    .collect();
                out.push_str(&labels.join("  "));
                out.push('\n');
            }
        }
        if !numbered.is_empty() {
            self.buttons = numbered;
        }
        out
    }

    /// Handles one input line and returns what to print.
    pub async fn line(&mut self, line: &str) -> String {
        let line = line.trim();
        if line.is_empty() {
            return String::new();
        }
        let reply = match line.parse::<usize>() {
            Ok(n) if n >= 1 && n <= self.buttons.len() => {
                let token = self.buttons[n - 1].clone();
                self.service.handle_press(&self.caller, &token).await
            }
            Ok(_) => Reply::text(Text::new("console-no-such-button")),
            Err(_) => self.service.handle_text(&self.caller, line).await,
        };
        self.render(&reply).await
    }

    /// Runs until the end of input.
    pub async fn run<R, W>(&mut self, input: R, mut output: W) -> std::io::Result<()>
    where
        R: AsyncBufRead + Unpin,
        W: AsyncWrite + Unpin,
    {
        let mut lines = input.lines();
        loop {
            if !self.echo {
                output.write_all(b"> ").await?;
                output.flush().await?;
            }
            let Some(line) = lines.next_line().await? else {
                break;
            };
            if self.echo && !line.trim().is_empty() {
                output
                    .write_all(format!("> {}\n", line.trim()).as_bytes())
                    .await?;
            }
            let text = self.line(&line).await;
            output.write_all(text.as_bytes()).await?;
            if !text.is_empty() {
                output.write_all(b"\n").await?;
            }
            output.flush().await?;
        }
        Ok(())
    }
}
