//! Replies as Discord messages (discord-api-docs: message content ≤ 2000 characters;
//! components: ≤ 5 action rows of ≤ 5 buttons, labels ≤ 80, `custom_id` ≤ 100; a select
//! menu of ≤ 25 options). The locale files carry no markup, so each rendered sentence is
//! escaped for Discord's markdown as a whole; mentions are never parsed.

use serde_json::{Value, json};

use crate::i18n::locales;
use crate::service::reply::{
    Button, CredentialsPrompt, Limits, Message, Role, Text, layout_with_menu,
};

/// Discord's limit on a message's content.
pub const MAX_CONTENT: usize = 2000;
/// Discord's limits on a message's components: action rows, and buttons in a row.
pub const COMPONENTS: Limits = Limits {
    max_rows: 5,
    per_row: 5,
};
/// Discord's limit on a select menu's options.
pub const MENU_OPTIONS: usize = 25;
/// Discord's limit on a button's label.
pub const MAX_LABEL: usize = 80;
/// Discord's limit on a select option's label.
pub const MAX_OPTION_LABEL: usize = 100;
/// Discord's limit on a `custom_id` (and on a select option's value).
pub const MAX_CUSTOM_ID: usize = 100;
/// Discord's limits on a modal's title and on a text input's label.
pub const MAX_MODAL_TITLE: usize = 45;
/// The `custom_id` of the credentials modal.
pub const CREDENTIALS_MODAL: &str = "credentials";
/// The `custom_id` of a selection's menu (its options carry the tokens).
pub const SELECT_MENU: &str = "select";
/// The message flag that shows a message to the caller alone.
pub const EPHEMERAL: u64 = 1 << 6;
/// The longest value a credentials field accepts (keys are far shorter).
const MAX_FIELD_VALUE: usize = 200;

/// Escapes Discord markdown (and mention/emoji/link syntax) with backslashes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '*'
                | '_'
                | '~'
                | '`'
                | '|'
                | '>'
                | '<'
                | '#'
                | '['
                | ']'
                | '('
                | ')'
                | '-'
                | '@'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Renders a text as plain text (labels, titles: not parsed as markdown).
pub fn plain(lang: &str, text: &Text) -> String {
    locales().render(lang, text, &|s| s.to_owned())
}

/// Renders a text as message content.
pub fn markdown(lang: &str, text: &Text) -> String {
    escape(&plain(lang, text))
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A message's data: content (escaped), components, no mentions parsed; `ephemeral` sets
/// the flag.
fn message_data(content: String, components: Vec<Value>, ephemeral: bool) -> Value {
    let mut data = json!({
        "content": content,
        "components": components,
        "allowed_mentions": { "parse": [] },
    });
    if ephemeral {
        data["flags"] = json!(EPHEMERAL);
    }
    data
}

/// One reply message as one or more Discord messages' data: its content split within
/// [`MAX_CONTENT`] (between blocks, then lines, never inside an escape), its components on
/// the last.
pub fn render_message(lang: &str, message: &Message, ephemeral: bool) -> Vec<Value> {
    let blocks: Vec<String> = message.blocks.iter().map(|b| markdown(lang, b)).collect();
    let mut contents = split_blocks(&blocks, MAX_CONTENT);
    let components = components(lang, &message.buttons);
    if contents.is_empty() && !components.is_empty() {
        contents.push(String::new());
    }
    let last = contents.len().saturating_sub(1);
    contents
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let comps = if i == last {
                components.clone()
            } else {
                Vec::new()
            };
            message_data(c, comps, ephemeral)
        })
        .collect()
}

/// The action rows of a message's buttons, within [`COMPONENTS`]; a selection that does
/// not fit as buttons becomes a select menu. Buttons whose token does not fit a
/// `custom_id` are dropped (the service's tokens are ~25 characters: a guard, not a path).
pub fn components(lang: &str, buttons: &[Button]) -> Vec<Value> {
    let laid = match layout_with_menu(buttons, COMPONENTS, MENU_OPTIONS) {
        Ok(laid) => laid,
        Err(e) => {
            tracing::error!(%e, "buttons do not fit a Discord message");
            return Vec::new();
        }
    };
    let mut rows = Vec::new();
    let options: Vec<Value> = laid
        .menu
        .iter()
        .filter(|b| fits(&b.token))
        .map(|b| {
            json!({
                "label": truncate(&plain(lang, &b.label), MAX_OPTION_LABEL),
                "value": b.token,
            })
        })
        .collect();
    if !options.is_empty() {
        rows.push(json!({
            "type": 1,
            "components": [{
                "type": 3,
                "custom_id": SELECT_MENU,
                "options": options,
                "min_values": 1,
                "max_values": 1,
            }],
        }));
    }
    for row in laid.rows {
        let buttons: Vec<Value> = row.iter().filter_map(|b| button(lang, b)).collect();
        if !buttons.is_empty() {
            rows.push(json!({ "type": 1, "components": buttons }));
        }
    }
    rows
}

fn fits(token: &str) -> bool {
    let ok = !token.is_empty() && token.chars().count() <= MAX_CUSTOM_ID;
    if !ok {
        tracing::error!(len = token.len(), "button token does not fit a custom_id");
    }
    ok
}

fn button(lang: &str, b: &Button) -> Option<Value> {
    let label = truncate(&plain(lang, &b.label), MAX_LABEL);
    if b.role == Role::Link {
        let url = b.url().filter(|u| matches!(u.scheme(), "https" | "http"));
        if url.is_none() {
            tracing::error!("a link button without a web address");
        }
        return url.map(|u| json!({ "type": 2, "style": 5, "label": label, "url": u.as_str() }));
    }
    // Discord's styles: 1 primary, 2 secondary, 3 success, 4 danger.
    let style = match b.role {
        Role::Confirm => 3,
        Role::Navigate => 1,
        _ => 2,
    };
    fits(&b.token)
        .then(|| json!({ "type": 2, "style": style, "label": label, "custom_id": b.token }))
}

/// The credentials prompt as a modal's data: one short text input per field.
pub fn modal(lang: &str, prompt: &CredentialsPrompt) -> Value {
    let rows: Vec<Value> = prompt
        .fields
        .iter()
        .take(5)
        .map(|f| {
            json!({
                "type": 1,
                "components": [{
                    "type": 4,
                    "custom_id": f.name(),
                    "label": truncate(&plain(lang, &f.label()), MAX_MODAL_TITLE),
                    "style": 1,
                    "required": true,
                    "min_length": 1,
                    "max_length": MAX_FIELD_VALUE,
                }],
            })
        })
        .collect();
    // The exchange travels in the modal's id: `credentials` (the default), `credentials:mexc`.
    let custom_id = match &prompt.exchange {
        Some(exchange) => format!("{CREDENTIALS_MODAL}:{exchange}"),
        None => CREDENTIALS_MODAL.to_owned(),
    };
    json!({
        "custom_id": custom_id,
        "title": truncate(&plain(lang, &prompt.title), MAX_MODAL_TITLE),
        "components": rows,
    })
}

/// Joins blocks with blank lines into contents of at most `max` units, splitting between
/// blocks; a longer block is cut between lines, then between characters (never between a
/// backslash and what it escapes).
pub fn split_blocks(blocks: &[String], max: usize) -> Vec<String> {
    crate::frontends::split::split_blocks(blocks, max, &|rest: &str| {
        let mut chars = rest.chars();
        let first = chars.next().map_or(1, char::len_utf8);
        match chars.next() {
            Some(next) if rest.starts_with('\\') => first + next.len_utf8(),
            _ => first,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontends::split::units;
    use crate::service::reply::CredentialField;

    /// Every variable name of the reference locale.
    fn argument_names() -> Vec<&'static str> {
        let src = include_str!("../../../locales/en.ftl");
        let mut names: Vec<&'static str> = src
            .split('$')
            .skip(1)
            .filter_map(|s| {
                s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .next()
            })
            .filter(|n| !n.is_empty())
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    #[test]
    fn arguments_are_escaped_in_every_locale() {
        let hostile = "*x* @everyone <@1> `y`";
        let escaped = r"\*x\* \@everyone \<\@1\> \`y\`";
        for lang in locales().languages() {
            let mut shown = 0;
            for key in locales().keys("en") {
                let key: &'static str = Box::leak(key.into_boxed_str());
                let mut text = Text::new(key);
                for name in argument_names() {
                    text = text.arg(name, hostile);
                }
                let out = markdown(lang, &text);
                assert!(
                    !out.contains("@everyone") || out.contains(r"\@everyone"),
                    "{lang} {key}: {out}"
                );
                assert!(!out.contains(hostile), "{lang} {key}: {out}");
                shown += usize::from(out.contains(escaped));
            }
            assert!(
                shown > 50,
                "{lang}: the value shown escaped in {shown} messages"
            );
        }
    }

    #[test]
    fn markdown_and_mentions_in_values_are_escaped() {
        let t = Text::new("unknown-command").arg("command", "*bold* @everyone <@1>");
        let out = markdown("en", &t);
        assert!(out.contains(r"\*bold\* \@everyone \<\@1\>"), "{out}");
    }

    #[test]
    fn long_content_splits_within_2000_and_never_inside_an_escape() {
        let block = r"\*".repeat(1500);
        let parts = split_blocks(&[block.clone(), "tail".into()], MAX_CONTENT);
        assert!(parts.len() >= 2);
        for p in &parts {
            assert!(units(p) <= MAX_CONTENT);
            assert!(p.starts_with('\\') || p == "tail", "{}", &p[..10]);
        }
        assert_eq!(
            parts.concat().replace("\n\n", "").replace("tail", ""),
            block
        );
    }

    fn toggles(n: usize) -> Vec<Button> {
        (0..n)
            .map(|i| {
                Button::new(
                    Role::Toggle,
                    Text::new("unknown-command").arg("command", "x".repeat(120)),
                    format!("t:{i:0>22}"),
                )
            })
            .collect()
    }

    #[test]
    fn components_stay_within_discords_limits_and_a_long_selection_becomes_a_menu() {
        for n in [3, 12, 24] {
            let mut buttons = toggles(n);
            buttons.push(Button::new(Role::Confirm, Text::new("help"), "c:1".into()));
            buttons.push(Button::new(
                Role::Cancel,
                Text::new("help"),
                "x".repeat(101),
            ));
            let rows = components("en", &buttons);
            assert!(rows.len() <= 5, "{n}: {} rows", rows.len());
            let mut ids = Vec::new();
            for row in &rows {
                let inner = row["components"].as_array().unwrap();
                assert!(inner.len() <= 5);
                for c in inner {
                    if c["type"] == 2 {
                        assert!(c["label"].as_str().unwrap().chars().count() <= MAX_LABEL);
                        ids.push(c["custom_id"].as_str().unwrap().to_owned());
                    } else {
                        assert_eq!(c["type"], 3);
                        let options = c["options"].as_array().unwrap();
                        assert_eq!(options.len(), n);
                        assert!(options.len() <= MENU_OPTIONS);
                    }
                }
            }
            assert!(ids.iter().all(|id| id.len() <= MAX_CUSTOM_ID));
            assert!(ids.contains(&"c:1".to_owned()), "{n}");
            assert!(!ids.iter().any(|id| id.starts_with("xxx")));
        }
    }

    #[test]
    fn a_credentials_prompt_is_a_modal_of_one_text_input_per_field() {
        let m = modal("en", &CredentialsPrompt::new(vec![]));
        assert_eq!(m["custom_id"], CREDENTIALS_MODAL);
        assert!(m["title"].as_str().unwrap().chars().count() <= MAX_MODAL_TITLE);
        let ids: Vec<&str> = m["components"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["components"][0]["custom_id"].as_str().unwrap())
            .collect();
        assert_eq!(
            ids,
            [CredentialField::Key.name(), CredentialField::Secret.name()]
        );
    }
}
