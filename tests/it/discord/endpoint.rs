//! The endpoint's gate and the start-up registration: PING → PONG, anything not signed
//! by the application's key → 401, every command registered in one bulk overwrite.

use serde_json::json;

use super::fake_api::{APP_ID, Route};
use super::{Place, command};
use crate::app::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_ping_is_answered_with_pong() {
    let mut t = TestApp::builder().discord().build().await;
    let d = t.discord();
    let ping = json!({"id": "1", "application_id": APP_ID.to_string(), "type": 1, "token": "FAKE-t", "version": 1});
    assert_eq!(d.interact(&ping).await, json!({"type": 1}));
    t.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_with_a_missing_or_bad_signature_is_refused_with_401_and_reaches_nothing() {
    let mut t = TestApp::builder().discord().build().await;
    let d = t.discord();
    let body = command("3001", Place::Dm, "help", &[]).to_string();
    let ts = chrono::Utc::now().timestamp().to_string();
    let good = d.sign(&ts, body.as_bytes());
    let other_body = d.sign(&ts, b"{\"type\":1}");
    let other_time = d.sign("1", body.as_bytes());
    let mut flipped = good.clone().into_bytes();
    flipped[0] = if flipped[0] == b'0' { b'1' } else { b'0' };
    let flipped = String::from_utf8(flipped).unwrap();
    let forged = {
        use ed25519_dalek::Signer as _;
        let mallory = ed25519_dalek::SigningKey::from_bytes(&[0x13; 32]);
        hex::encode(mallory.sign(format!("{ts}{body}").as_bytes()).to_bytes())
    };
    for (what, headers) in [
        ("no signature headers", None),
        (
            "a signature that is not hex",
            Some(("not-hex", ts.as_str())),
        ),
        ("an empty signature", Some(("", ts.as_str()))),
        (
            "a signature of another body",
            Some((other_body.as_str(), ts.as_str())),
        ),
        (
            "a signature of another timestamp",
            Some((other_time.as_str(), ts.as_str())),
        ),
        (
            "a signature with one digit changed",
            Some((flipped.as_str(), ts.as_str())),
        ),
        (
            "a signature by another key",
            Some((forged.as_str(), ts.as_str())),
        ),
    ] {
        let (status, _) = d.post_raw(body.as_bytes(), headers).await;
        assert_eq!(status, 401, "{what}");
    }
    // The same request, signed: accepted.
    let (status, response) = d.post_raw(body.as_bytes(), Some((&good, &ts))).await;
    assert_eq!(status, 200);
    assert_eq!(response["type"], 4, "{response}");
    // Refused requests reached neither the service nor Discord.
    assert!(d.fake.calls_to(Route::FollowUp).is_empty());
    t.stop().await;
}

const COMMANDS: [&str; 13] = [
    "dust",
    "convert",
    "swap",
    "connect",
    "disconnect",
    "cooldown",
    "history",
    "settings",
    "language",
    "forget",
    "help",
    "privacy",
    "export",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_command_is_registered_at_start_with_typed_options_installable_on_servers_and_by_users()
 {
    let mut t = TestApp::builder().discord().build().await;
    let d = t.discord();
    let body = d.registration().await;
    let call = &d.fake.calls_to(Route::Commands)[0];
    assert!(call.authorized);
    assert_eq!(call.path, format!("applications/{APP_ID}/commands"));
    let commands = body.as_array().expect("a bulk overwrite is an array");
    let mut names: Vec<&str> = commands
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    let mut expected = COMMANDS.to_vec();
    expected.sort_unstable();
    assert_eq!(names, expected);
    let name_ok = |n: &str| {
        (1..=32).contains(&n.chars().count())
            && n.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
    };
    for c in commands {
        let name = c["name"].as_str().unwrap();
        assert!(name_ok(name), "{name}");
        assert_eq!(c["type"], 1, "{name}");
        assert_eq!(c["integration_types"], json!([0, 1]), "{name}");
        assert_eq!(c["contexts"], json!([0, 1, 2]), "{name}");
        let description = c["description"].as_str().unwrap();
        assert!((1..=100).contains(&description.chars().count()), "{name}");
        assert!(c["description_localizations"].is_object(), "{name}");
        for (code, text) in c["description_localizations"].as_object().unwrap() {
            assert!(!code.is_empty() && text.as_str().unwrap().chars().count() <= 100);
        }
        for o in c["options"].as_array().unwrap() {
            assert!(name_ok(o["name"].as_str().unwrap()), "{o}");
            assert_eq!(o["type"], 3, "{o}");
            assert!((1..=100).contains(&o["description"].as_str().unwrap().chars().count()));
            assert!(o["choices"].as_array().is_none_or(|c| c.len() <= 25));
        }
    }
    // Every other locale that Discord knows gives every description its translation.
    let l = dustpan::i18n::locales();
    for lang in l.languages().into_iter().filter(|l| *l != "en") {
        let Some(code) = dustpan::frontends::discord::commands::discord_locale(lang) else {
            continue;
        };
        for c in commands {
            assert!(
                c["description_localizations"][code].is_string(),
                "{lang} ({code}) missing for {}",
                c["name"]
            );
        }
    }
    let options = |name: &str| -> Vec<(String, bool)> {
        let c = commands.iter().find(|c| c["name"] == name).unwrap();
        c["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                (
                    o["name"].as_str().unwrap().to_owned(),
                    o["required"] == true,
                )
            })
            .collect()
    };
    assert_eq!(
        options("swap"),
        [
            ("from".into(), true),
            ("to".into(), true),
            ("amount".into(), false)
        ]
    );
    assert_eq!(
        options("convert"),
        [
            ("assets".into(), false),
            ("to".into(), false),
            ("exchange".into(), false)
        ]
    );
    assert_eq!(
        options("settings"),
        [("setting".into(), false), ("value".into(), false)]
    );
    assert_eq!(options("language"), [("language".into(), false)]);
    // Keys go in a modal, never in options: /connect takes only the exchange.
    assert_eq!(options("connect"), [("exchange".into(), false)]);
    assert_eq!(d.fake.calls_to(Route::Commands).len(), 1);
    t.stop().await;
}
