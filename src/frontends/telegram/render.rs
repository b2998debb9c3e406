//! Replies as Telegram messages: HTML parse mode with every argument escaped, long replies
//! split between blocks (never inside an HTML entity), inline keyboards of opaque tokens.

use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use crate::i18n::locales;
use crate::service::reply::{Button, Limits, Message, Role, Text, layout};

/// Telegram's limit on a message's text (sendMessage and editMessageText).
pub const MAX_MESSAGE_CHARS: usize = 4096;
/// Telegram's limit on `callback_data`, in bytes.
pub const MAX_CALLBACK_BYTES: usize = 64;
/// How dustpan lays out an inline keyboard: rows of three (short labels stay readable on a
/// phone) and at most 33 rows, so at most 99 buttons: the Bot API documents no cap on a
/// keyboard, and 100 buttons is the commonly reported one (unconfirmed, so kept under).
pub const KEYBOARD: Limits = Limits {
    max_rows: 33,
    per_row: 3,
};

/// Escapes a value for Telegram's HTML parse mode: `&`, `<` and `>` (and `"`, harmless and
/// safe should a value ever land inside an attribute).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Undoes [`escape`]: the text Telegram shows for an HTML string without tags.
pub fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// Renders a text as HTML. The locale files carry no markup, so the whole rendered
/// sentence is escaped, which escapes every argument (and any `&` of the sentence itself).
pub fn html(lang: &str, text: &Text) -> String {
    escape(&plain(lang, text))
}

/// Renders a text as plain text (for answerCallbackQuery, which is not parsed).
pub fn plain(lang: &str, text: &Text) -> String {
    locales().render(lang, text, &|s| s.to_owned())
}

/// One Telegram message to send: HTML text and, on the last part of a reply message, its
/// keyboard.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// HTML text, at most [`MAX_MESSAGE_CHARS`] characters.
    pub html: String,
    /// The inline keyboard, if any.
    pub keyboard: Option<InlineKeyboardMarkup>,
}

/// Renders a reply message as one or more Telegram messages.
pub fn render_message(lang: &str, message: &Message) -> Vec<Part> {
    let blocks: Vec<String> = message.blocks.iter().map(|b| html(lang, b)).collect();
    let mut parts: Vec<Part> = split_blocks(&blocks, MAX_MESSAGE_CHARS)
        .into_iter()
        .map(|html| Part {
            html,
            keyboard: None,
        })
        .collect();
    let keyboard = keyboard(lang, message);
    if parts.is_empty() && keyboard.is_some() {
        // Telegram needs text under buttons.
        parts.push(Part {
            html: "\u{2063}".into(),
            keyboard: None,
        });
    }
    if let Some(last) = parts.last_mut() {
        last.keyboard = keyboard;
    }
    parts
}

/// The inline keyboard of a message, laid out within [`KEYBOARD`]; buttons whose token
/// would not fit Telegram's 64 bytes are dropped (the service's tokens are ~25 bytes, so
/// this is a guard, not a path), and so are links to no web address and a keyboard too
/// large to lay out.
pub fn keyboard(lang: &str, message: &Message) -> Option<InlineKeyboardMarkup> {
    let laid_out = layout(&message.buttons, KEYBOARD)
        .inspect_err(|e| tracing::error!(%e, "keyboard does not fit"))
        .ok()?;
    let rows: Vec<Vec<InlineKeyboardButton>> = laid_out
        .iter()
        .map(|row| {
            row.iter()
                .filter_map(|b| inline_button(lang, b))
                .collect::<Vec<_>>()
        })
        .filter(|row| !row.is_empty())
        .collect();
    (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows))
}

fn inline_button(lang: &str, b: &Button) -> Option<InlineKeyboardButton> {
    let label = plain(lang, &b.label);
    if b.role == Role::Link {
        let url = b.url();
        if url.is_none() {
            tracing::error!("a link button without a web address");
        }
        return url.map(|u| InlineKeyboardButton::url(label, u));
    }
    let fits = !b.token.is_empty() && b.token.len() <= MAX_CALLBACK_BYTES;
    if !fits {
        tracing::error!(len = b.token.len(), "button token does not fit");
    }
    fits.then(|| InlineKeyboardButton::callback(label, b.token.clone()))
}

/// Joins blocks with blank lines into messages of at most `max` units, splitting between
/// blocks; a single block longer than `max` is cut between lines, then between characters
/// outside HTML entities (an entity moves as one unit).
pub fn split_blocks(blocks: &[String], max: usize) -> Vec<String> {
    crate::frontends::split::split_blocks(blocks, max, &|rest: &str| {
        if rest.starts_with('&') {
            rest.find(';').map_or(1, |i| i + 1)
        } else {
            rest.chars().next().map_or(1, char::len_utf8)
        }
    })
}

/// Whether `s` is valid Telegram HTML as dustpan writes it: no tags, and every `&` starts
/// one of the entities Telegram knows.
pub fn is_valid_html(s: &str) -> bool {
    if s.contains('<') || s.contains('>') {
        return false;
    }
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        rest = &rest[i..];
        let known = ["&amp;", "&lt;", "&gt;", "&quot;"];
        match known.iter().find(|e| rest.starts_with(**e)) {
            Some(e) => rest = &rest[e.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontends::split::units;
    use teloxide::types::InlineKeyboardButtonKind;

    #[test]
    fn arguments_and_sentences_are_escaped() {
        let t = Text::new("unknown-command").arg("command", "<b>&");
        let out = html("en", &t);
        assert_eq!(out, "Unknown command /&lt;b&gt;&amp;. See /help.");
        assert!(is_valid_html(&out));
        assert_eq!(unescape(&out), "Unknown command /<b>&. See /help.");
    }

    #[test]
    fn arguments_are_escaped_in_every_locale() {
        let hostile = "<i>A&B</i>";
        for lang in locales().languages() {
            let mut shown = 0;
            for key in locales().keys("en") {
                let key: &'static str = Box::leak(key.into_boxed_str());
                let mut text = Text::new(key);
                for name in argument_names() {
                    text = text.arg(name, hostile);
                }
                let out = html(lang, &text);
                assert!(is_valid_html(&out), "{lang} {key}: {out}");
                assert!(
                    !out.contains("<i>") && !out.contains("A&B"),
                    "{lang} {key}: {out}"
                );
                assert_eq!(unescape(&out), plain(lang, &text), "{lang} {key}");
                shown += usize::from(out.contains("&lt;i&gt;A&amp;B&lt;/i&gt;"));
            }
            assert!(
                shown > 50,
                "{lang}: the value shown escaped in {shown} messages"
            );
        }
    }

    #[test]
    fn long_replies_split_between_blocks_within_the_limit() {
        let blocks: Vec<String> = (0..300).map(|i| format!("line {i} &amp; more")).collect();
        let parts = split_blocks(&blocks, 100);
        assert!(parts.len() > 1);
        for p in &parts {
            assert!(units(p) <= 100, "{}", p.len());
            assert!(is_valid_html(p));
        }
        assert_eq!(parts.join("\n\n"), blocks.join("\n\n"));
    }

    #[test]
    fn a_block_longer_than_the_limit_is_cut_outside_entities() {
        let block = "&amp;".repeat(50) + &"é".repeat(30);
        let parts = split_blocks(std::slice::from_ref(&block), 7);
        for p in &parts {
            assert!(units(p) <= 7 && is_valid_html(p), "{p}");
        }
        assert_eq!(parts.concat(), block);
    }

    #[test]
    fn keyboard_keeps_tokens_within_64_bytes_and_sits_on_the_last_part() {
        let message = Message {
            blocks: vec![Text::new("help")],
            buttons: vec![
                Button::new(
                    Role::Confirm,
                    Text::new("unknown-command").arg("command", "x"),
                    "c:abcdefghijklmnopqrstuv".into(),
                ),
                Button::new(Role::Cancel, Text::new("help"), "x".repeat(65)),
            ],
        };
        let parts = render_message("en", &message);
        let kb = parts.last().unwrap().keyboard.as_ref().unwrap();
        assert_eq!(kb.inline_keyboard.len(), 1);
        assert_eq!(kb.inline_keyboard[0].len(), 1);
    }

    #[test]
    fn a_link_button_opens_its_address_and_a_link_without_one_is_dropped() {
        let url = url::Url::parse("https://t.me/dustpan_bot").unwrap();
        let message = Message {
            blocks: vec![Text::new("help")],
            buttons: vec![
                Button::link(Text::new("help"), &url),
                Button::new(Role::Link, Text::new("help"), "javascript:alert(1)".into()),
                Button::new(Role::Navigate, Text::new("help"), "p:abc".into()),
            ],
        };
        let kb = keyboard("en", &message).unwrap();
        let kinds: Vec<&InlineKeyboardButtonKind> = kb
            .inline_keyboard
            .iter()
            .flatten()
            .map(|b| &b.kind)
            .collect();
        assert_eq!(
            kinds,
            [
                &InlineKeyboardButtonKind::Url(url),
                &InlineKeyboardButtonKind::CallbackData("p:abc".into())
            ]
        );
    }

    /// Every argument name used anywhere in the English locale.
    fn argument_names() -> Vec<&'static str> {
        let src = include_str!("../../../locales/en.ftl");
        let mut names: Vec<&'static str> = src
            .split('$')
            .skip(1)
            .map(|s| {
                s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .next()
                    .unwrap_or("")
            })
            .filter(|n| !n.is_empty())
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    proptest::proptest! {
        // Each case renders every sentence of the locale: few cases cover a lot.
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(16))]
        /// Random asset names (anything a hostile exchange could send) and decimals, in
        /// every sentence of the locale: every rendered message is valid Telegram HTML
        /// within the length limit, and reads back as the plain rendering.
        #[test]
        fn every_rendered_message_is_valid_telegram_html(
            asset in "\\PC{0,40}",
            amount in "-?[0-9]{1,12}(\\.[0-9]{1,18})?",
            other in "[<>&\"';a-z#]{0,20}",
            lines in 1usize..60,
        ) {
            let names = argument_names();
            let l = locales();
            for key in l.keys("en") {
                let key: &'static str = Box::leak(key.into_boxed_str());
                let mut text = Text::new(key);
                for (i, name) in names.iter().enumerate() {
                    let value = match i % 3 { 0 => &asset, 1 => &amount, _ => &other };
                    text = text.arg(name, value);
                }
                let message = Message {
                    blocks: std::iter::repeat_n(text.clone(), lines).collect(),
                    buttons: vec![Button::new(Role::Toggle, text.clone(), "t:0123456789abcdefghijkl".into())],
                };
                let parts = render_message("en", &message);
                proptest::prop_assert!(!parts.is_empty());
                for part in &parts {
                    proptest::prop_assert!(is_valid_html(&part.html), "{}", part.html);
                    proptest::prop_assert!(units(&part.html) <= MAX_MESSAGE_CHARS);
                }
                proptest::prop_assert_eq!(unescape(&html("en", &text)), plain("en", &text));
                proptest::prop_assert!(parts.last().unwrap().keyboard.is_some());
            }
        }
    }
}
