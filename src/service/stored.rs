//! Messages as the outbox stores them: locale keys and arguments in JSON, read back only
//! while every sentence they name still exists.

use serde_json::{Value, json};

use crate::reply::{Arg, Button, Message, Role, Text};
use crate::service::buttons::ButtonAction;

/// The locale the stored keys are resolved against: a stored message names its sentences by
/// key, and keys are `&'static str` in the reply model.
const KEYS: &str = include_str!("../../locales/en.ftl");

fn static_key(key: &str) -> Option<&'static str> {
    KEYS.lines().find_map(|line| {
        let (k, _) = line.split_once('=')?;
        let k = k.trim_end();
        (k == key && !k.is_empty() && !k.starts_with([' ', '#', '.', '-'])).then_some(k)
    })
}

fn static_arg(name: &str) -> Option<&'static str> {
    KEYS.match_indices('$').find_map(|(i, _)| {
        let rest = &KEYS[i + 1..];
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        (&rest[..end] == name).then_some(&rest[..end])
    })
}

fn text_json(t: &Text) -> Value {
    let args: Vec<Value> = t
        .args
        .iter()
        .map(|(name, arg)| {
            let v = match arg {
                Arg::Str(s) => json!({ "s": s }),
                Arg::Int(i) => json!({ "i": i }),
                Arg::Text(t) => json!({ "t": text_json(t) }),
            };
            json!([name, v])
        })
        .collect();
    json!({ "key": t.key, "args": args })
}

fn text_of(v: &Value) -> Option<Text> {
    let mut t = Text::new(static_key(v["key"].as_str()?)?);
    for a in v["args"].as_array()? {
        // An argument no sentence uses is not rendered anyway.
        let Some(name) = a[0].as_str().and_then(static_arg) else {
            continue;
        };
        let arg = &a[1];
        let value = if let Some(s) = arg["s"].as_str() {
            Arg::Str(s.to_owned())
        } else if let Some(i) = arg["i"].as_i64() {
            Arg::Int(i)
        } else {
            Arg::Text(Box::new(text_of(&arg["t"])?))
        };
        t.args.push((name, value));
    }
    Some(t)
}

/// A message as stored: locale keys and arguments, as the frontends render them.
pub fn encode(m: &Message) -> String {
    let blocks: Vec<Value> = m.blocks.iter().map(text_json).collect();
    let buttons: Vec<Value> = m
        .buttons
        .iter()
        .map(|b| json!({ "label": text_json(&b.label), "role": role_name(b.role), "token": b.token }))
        .collect();
    json!({ "blocks": blocks, "buttons": buttons }).to_string()
}

/// A stored message, if every sentence it names still exists.
pub fn decode(s: &str) -> Option<Message> {
    let v: Value = serde_json::from_str(s).ok()?;
    let blocks = v["blocks"]
        .as_array()?
        .iter()
        .map(text_of)
        .collect::<Option<Vec<_>>>()?;
    // Messages stored before buttons had roles hold rows of buttons without one.
    let mut buttons = Vec::new();
    for item in v["buttons"].as_array()? {
        match item.as_array() {
            Some(row) => buttons.extend(row.iter().map(button_of)),
            None => buttons.push(button_of(item)),
        }
    }
    let buttons = buttons.into_iter().collect::<Option<Vec<_>>>()?;
    Some(Message { blocks, buttons })
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Confirm => "confirm",
        Role::Cancel => "cancel",
        Role::Toggle => "toggle",
        Role::Setting => "setting",
        Role::Navigate => "navigate",
        Role::Choice => "choice",
        Role::Link => "link",
    }
}

/// A stored button; one stored without a role gets the one its action implies.
fn button_of(b: &Value) -> Option<Button> {
    let token = b["token"].as_str()?.to_owned();
    let role = match b["role"].as_str() {
        Some("confirm") => Role::Confirm,
        Some("cancel") => Role::Cancel,
        Some("toggle") => Role::Toggle,
        Some("setting") => Role::Setting,
        Some("navigate") => Role::Navigate,
        Some("choice") => Role::Choice,
        Some("link") => Role::Link,
        Some(_) => return None,
        None => match ButtonAction::parse(&token) {
            Some(ButtonAction::Confirm(_)) => Role::Confirm,
            Some(ButtonAction::Cancel(_)) => Role::Cancel,
            Some(ButtonAction::Toggle(..)) => Role::Toggle,
            Some(ButtonAction::Setting(..) | ButtonAction::StopReminders(_)) => Role::Setting,
            Some(ButtonAction::Snooze(..) | ButtonAction::SwapInstead(..)) => Role::Choice,
            _ => Role::Navigate,
        },
    };
    Some(Button::new(role, text_of(&b["label"])?, token))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_message_reads_back_the_same() {
        let m = Message {
            blocks: vec![
                Text::new("auto-sweep-done"),
                Text::new("convert-failed").text("reason", Text::new("error-exchange-key-refused")),
                Text::new("reminder-summary")
                    .int("count", 3)
                    .arg("value", "$1.20")
                    .arg("net", "0.001"),
            ],
            buttons: vec![
                Button::new(
                    Role::Navigate,
                    Text::new("button-convert-now"),
                    "r:abc".into(),
                ),
                Button::new(Role::Choice, Text::new("button-snooze-1h"), "z:abc".into()),
                Button::new(
                    Role::Link,
                    Text::new("button-convert-now"),
                    "https://www.binance.com/".into(),
                ),
            ],
        };
        assert_eq!(decode(&encode(&m)), Some(m));
        assert_eq!(
            decode(r#"{"blocks":[{"key":"no-such-key","args":[]}],"buttons":[]}"#),
            None
        );
    }

    #[test]
    fn a_reminder_stored_with_rows_of_buttons_reads_back_with_roles_in_order() {
        let id = "AAAAAAAAAAAAAAAAAAAAAA";
        let button = |key: &str, token: String| json!({ "label": { "key": key, "args": [] }, "token": token });
        let stored = json!({
            "blocks": [{ "key": "reminder-title", "args": [] }],
            "buttons": [
                [button("button-convert-now", format!("n.{id}"))],
                [button("button-snooze-1h", format!("z.{id}.1")), button("button-snooze-6h", format!("z.{id}.6"))],
                [button("button-stop-reminders", format!("o.{id}"))],
            ],
        });
        let m = decode(&stored.to_string()).unwrap();
        let roles: Vec<(Role, &str)> = m.buttons.iter().map(|b| (b.role, b.label.key)).collect();
        assert_eq!(
            roles,
            vec![
                (Role::Navigate, "button-convert-now"),
                (Role::Choice, "button-snooze-1h"),
                (Role::Choice, "button-snooze-6h"),
                (Role::Setting, "button-stop-reminders"),
            ]
        );
    }
}
