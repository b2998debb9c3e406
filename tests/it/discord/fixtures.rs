//! Interactions as Discord sends them (discord-api-docs `receiving-and-responding`,
//! "Interaction Object"; `application-commands`, "Autocomplete"; `resources/message`,
//! "Message Object"), with every field serenity's models require, so that the one set of
//! fixtures drives both transports: signed over HTTP, or parsed by serenity for the
//! gateway's handler.

use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Value, json};
use serenity::all::Interaction;

use super::fake_api::APP_ID;
use super::{CHANNEL, GUILD, Place};

/// Discord's default upload limit, sent on every interaction.
const ATTACHMENT_SIZE_LIMIT: u64 = 10_485_760;

static NEXT: AtomicU64 = AtomicU64::new(1);

/// An interaction of `kind` with `data`, from `user` in `place` (discord-api-docs
/// `receiving-and-responding`: the fields Discord sends).
pub fn interaction(kind: u8, user: &str, place: Place, data: Value) -> Value {
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let who = json!({
        "id": user, "username": format!("user{user}"), "discriminator": "0",
        "global_name": format!("User {user}"), "avatar": null,
    });
    let mut ix = json!({
        "id": format!("{}", 800_000_000_000_000_000u64 + n),
        "application_id": APP_ID.to_string(),
        "type": kind,
        "token": format!("FAKE-interaction-token-{n}"),
        "version": 1,
        "locale": "en-US",
        "app_permissions": "0",
        "entitlements": [],
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        "data": data,
    });
    match place {
        Place::Server => {
            ix["guild_id"] = json!(GUILD);
            ix["guild_locale"] = json!("en-US");
            ix["channel_id"] = json!(CHANNEL);
            ix["channel"] = json!({"id": CHANNEL, "type": 0, "guild_id": GUILD});
            ix["context"] = json!(0);
            ix["authorizing_integration_owners"] = json!({"0": GUILD});
            ix["member"] = json!({
                "user": who, "roles": [], "joined_at": "2024-01-01T00:00:00.000000+00:00",
                "deaf": false, "mute": false, "flags": 0, "permissions": "0",
            });
        }
        Place::Dm => {
            let dm = format!("7{user}");
            ix["channel_id"] = json!(dm);
            ix["channel"] = json!({"id": dm, "type": 1});
            ix["context"] = json!(1);
            ix["authorizing_integration_owners"] = json!({"1": user});
            ix["user"] = who;
        }
    }
    ix
}

/// A slash command with string options.
pub fn command(user: &str, place: Place, name: &str, options: &[(&str, &str)]) -> Value {
    let options: Vec<Value> = options
        .iter()
        .map(|(n, v)| json!({"name": n, "type": 3, "value": v}))
        .collect();
    interaction(
        2,
        user,
        place,
        json!({"id": "100000000000000001", "name": name, "type": 1, "options": options}),
    )
}

/// A press of the button whose `custom_id` is `id`, with the message the button is on
/// (Discord sends it with every component interaction).
pub fn press(user: &str, place: Place, id: &str) -> Value {
    let mut ix = interaction(
        3,
        user,
        place,
        json!({"custom_id": id, "component_type": 2}),
    );
    ix["message"] = json!({
        "id": "700000000000000001", "channel_id": ix["channel_id"].clone(), "type": 0,
        "author": {"id": APP_ID.to_string(), "username": "dustpan", "discriminator": "0",
                   "global_name": null, "avatar": null, "bot": true},
        "content": "", "timestamp": "2024-01-01T00:00:00.000000+00:00",
        "edited_timestamp": null, "tts": false, "mention_everyone": false,
        "mentions": [], "mention_roles": [], "attachments": [], "embeds": [],
        "pinned": false, "flags": if place == Place::Server { 64 } else { 0 },
        "components": [{"type": 1, "components": [
            {"type": 2, "style": 1, "label": "Button", "custom_id": id}
        ]}],
    });
    ix
}

/// An autocomplete of `command` while the user types `typed` in the option `focused`,
/// `others` already filled in (Discord sends the partial value as a string, with
/// `focused: true`).
pub fn autocomplete(
    user: &str,
    place: Place,
    command: &str,
    others: &[(&str, &str)],
    focused: &str,
    typed: &str,
) -> Value {
    let mut options: Vec<Value> = others
        .iter()
        .map(|(n, v)| json!({"name": n, "type": 3, "value": v}))
        .collect();
    options.push(json!({"name": focused, "type": 3, "value": typed, "focused": true}));
    interaction(
        4,
        user,
        place,
        json!({"id": "100000000000000001", "name": command, "type": 1, "options": options}),
    )
}

/// The credentials modal submitted.
pub fn modal_submit(user: &str, place: Place, key: &str, secret: &str) -> Value {
    let field = |id: &str, value: &str| json!({"type": 1, "components": [{"type": 4, "custom_id": id, "value": value}]});
    interaction(
        5,
        user,
        place,
        json!({"custom_id": "credentials", "components": [field("key", key), field("secret", secret)]}),
    )
}

#[test]
fn every_fixture_is_read_by_serenity_as_the_interaction_it_stands_for() {
    for place in [Place::Server, Place::Dm] {
        let user = "300000000000000201";
        let parsed = |ix: Value| -> Interaction {
            serde_json::from_value(ix.clone())
                .unwrap_or_else(|e| panic!("serenity refused {ix}: {e}"))
        };
        match parsed(command(
            user,
            place,
            "swap",
            &[("from", "ada"), ("to", "usdt")],
        )) {
            Interaction::Command(c) => {
                assert_eq!(c.data.name, "swap");
                assert_eq!(c.data.options.len(), 2);
                assert_eq!(c.user.id.get().to_string(), user);
            }
            other => panic!("not a command: {other:?}"),
        }
        match parsed(press(user, place, "c:token")) {
            Interaction::Component(c) => {
                assert_eq!(c.data.custom_id, "c:token");
                assert_eq!(c.message.components.len(), 1);
            }
            other => panic!("not a press: {other:?}"),
        }
        match parsed(modal_submit(user, place, "FAKE-key", "FAKE-secret")) {
            Interaction::Modal(m) => assert_eq!(m.data.custom_id, "credentials"),
            other => panic!("not a modal submit: {other:?}"),
        }
        match parsed(autocomplete(
            user,
            place,
            "swap",
            &[("from", "ada")],
            "to",
            "us",
        )) {
            Interaction::Autocomplete(a) => {
                let focused = a.data.autocomplete().expect("a focused option");
                assert_eq!((focused.name, focused.value), ("to", "us"));
            }
            other => panic!("not an autocomplete: {other:?}"),
        }
    }
}
