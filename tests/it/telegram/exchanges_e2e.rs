//! Issue 20 point 4 end to end on Telegram, in process: one user with keys on every
//! exchange of [`VENUES`] (each with its in-process simulator), through the fake Bot API:
//! `/dust` shows a section per exchange, `/convert EXCHANGE ADA XRP` + Confirm converts once on
//! each (counted at each simulator), `/history` shows each exchange, and reminders are armed
//! per exchange as each one's cooldown says. A further exchange is one more entry in
//! [`VENUES`] (and its simulator in [`app`]).

use std::time::Duration;

use dustpan::domain::ExchangeId;
use dustpan::sim::mexc::{MEXC_DEMO_API_KEY, MEXC_DEMO_API_SECRET, MexcSimConfig};
use serde_json::Value;

use super::fake_api::{Call, FakeBotApi, press_update, text_update};
use crate::app::TestApp;

const ALICE: i64 = 4004;

/// One exchange the user holds a key on.
struct Venue {
    id: ExchangeId,
    /// The `/connect` message with the simulator's demo key.
    connect: fn() -> String,
    /// What only this exchange's `/dust` section says.
    section: &'static str,
    /// How many small-balance conversions its simulator has received.
    conversions: fn(&TestApp) -> usize,
    /// Whether its cooldown arms a reminder (Binance: 6 h; MEXC: none, a count per day).
    reminds: bool,
}

const VENUES: &[Venue] = &[
    Venue {
        id: ExchangeId::Binance,
        connect: || {
            format!(
                "/connect binance {} {}",
                dustpan::sim::DEMO_API_KEY,
                dustpan::sim::DEMO_API_SECRET
            )
        },
        section: "Your dust",
        conversions: |t| t.dust_posts(),
        reminds: true,
    },
    Venue {
        id: ExchangeId::Mexc,
        connect: || format!("/connect mexc {MEXC_DEMO_API_KEY} {MEXC_DEMO_API_SECRET}"),
        section: "MEXC: your dust",
        conversions: |t| {
            t.mexc
                .as_ref()
                .map_or(0, |m| m.request_count("POST", "/api/v3/capital/convert"))
        },
        reminds: false,
    },
    Venue {
        id: ExchangeId::Bybit,
        connect: || {
            format!(
                "/connect bybit {} {}",
                dustpan::sim::bybit::BYBIT_DEMO_API_KEY,
                dustpan::sim::bybit::BYBIT_DEMO_API_SECRET
            )
        },
        section: "Bybit: your dust",
        conversions: |t| {
            t.bybit.as_ref().map_or(0, |b| {
                b.request_count("POST", "/v5/asset/covert/small-balance-execute")
            })
        },
        // No cooldown on Bybit (bybit.md §6.5).
        reminds: false,
    },
];

/// The app on the fake Bot API with a simulator per venue.
async fn app() -> TestApp {
    TestApp::builder()
        .telegram()
        .mexc(MexcSimConfig::demo())
        .bybit(dustpan::sim::bybit::BybitSimConfig::demo())
        .setting("DUSTPAN_USER_COMMAND_BURST", "100")
        .build()
        .await
}

fn sent_to_alice_since(calls: &[Call], from: usize) -> Vec<Value> {
    calls[from..]
        .iter()
        .filter(|c| c.method == "sendmessage" && c.body["chat_id"].as_i64() == Some(ALICE))
        .map(|c| c.body.clone())
        .collect()
}

fn text_of(body: &Value) -> &str {
    body["text"].as_str().unwrap_or_default()
}

fn button(body: &Value, label: &str) -> Option<String> {
    body["reply_markup"]["inline_keyboard"]
        .as_array()?
        .iter()
        .flat_map(|r| r.as_array().cloned().unwrap_or_default())
        .find(|b| b["text"] == label)
        .and_then(|b| b["callback_data"].as_str().map(str::to_owned))
}

/// Sends `text` as Alice; returns how many calls there were before it.
fn say(fake: &FakeBotApi, text: &str) -> usize {
    let before = fake.calls().len();
    fake.push(text_update(fake, ALICE, ALICE, text).0);
    before
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_user_on_every_exchange_sees_converts_and_is_reminded_per_exchange() {
    let t = app().await;
    let fake = t.telegram();

    for v in VENUES {
        let from = say(fake, &(v.connect)());
        fake.wait_for("the connect reply", |c| {
            sent_to_alice_since(c, from)
                .iter()
                .any(|b| text_of(b).contains("Connected key"))
        })
        .await;
    }

    // /dust: one section per exchange, each with its own convert button.
    let from = say(fake, "/dust");
    let calls = fake
        .wait_for("a section per exchange", |c| {
            let sent = sent_to_alice_since(c, from);
            VENUES
                .iter()
                .all(|v| sent.iter().any(|b| text_of(b).contains(v.section)))
        })
        .await;
    let sent = sent_to_alice_since(&calls, from);
    assert_eq!(sent.len(), VENUES.len(), "one message per exchange");
    let mexc = sent
        .iter()
        .find(|b| text_of(b).contains("MEXC: your dust"))
        .unwrap();
    assert!(
        mexc["reply_markup"].to_string().contains("on MEXC"),
        "MEXC's section has its convert button: {mexc}"
    );

    // /convert on each exchange, then Confirm: each converts once, on its own simulator.
    for (n, v) in VENUES.iter().enumerate() {
        let before: Vec<usize> = VENUES.iter().map(|o| (o.conversions)(&t)).collect();
        // Two assets, so dust is left for the reminder to be worth sending.
        let from = say(fake, &format!("/convert {} ADA XRP", v.id));
        let calls = fake
            .wait_for("the confirm screen", |c| {
                sent_to_alice_since(c, from)
                    .iter()
                    .any(|b| button(b, "Confirm").is_some())
            })
            .await;
        let screen = sent_to_alice_since(&calls, from)
            .into_iter()
            .find(|b| button(b, "Confirm").is_some())
            .unwrap();
        let confirm = button(&screen, "Confirm").unwrap();
        let mid = screen["_message_id"].as_i64().unwrap();
        let pressed_at = fake.calls().len();
        fake.push(press_update(
            &format!("cq-{n}"),
            ALICE,
            ALICE,
            mid,
            &screen,
            &confirm,
        ));
        fake.wait_for("the conversion", |c| {
            c[pressed_at..].iter().any(|c| {
                c.method == "editmessagetext"
                    && c.body["text"]
                        .as_str()
                        .is_some_and(|t| t.contains("Converted"))
            })
        })
        .await;
        for (o, was) in VENUES.iter().zip(before) {
            let expected = was + usize::from(o.id == v.id);
            assert_eq!(
                (o.conversions)(&t),
                expected,
                "{} after /convert {}",
                o.id,
                v.id
            );
        }
    }
    for v in VENUES {
        assert_eq!((v.conversions)(&t), 1, "{} converted once", v.id);
    }

    // /history: a section per exchange, each showing its conversion.
    let from = say(fake, "/history");
    let calls = fake
        .wait_for("a history section per exchange", |c| {
            let sent = sent_to_alice_since(c, from);
            VENUES.iter().all(|v| {
                sent.iter()
                    .any(|b| text_of(b).starts_with(&format!("{}:", v.id.name())))
            })
        })
        .await;
    for b in sent_to_alice_since(&calls, from) {
        assert!(text_of(&b).contains("Recent conversions"), "{b}");
    }

    // Reminders: one row per exchange with a cooldown, none where there is none.
    let user = t
        .app
        .db
        .user(
            dustpan::domain::Platform::Telegram,
            &ALICE.to_string(),
            false,
        )
        .await
        .unwrap()
        .unwrap();
    for v in VENUES {
        let armed = t.app.db.reminder_of_user(user.id, v.id).await.unwrap();
        assert_eq!(armed.is_some(), v.reminds, "{}'s reminder", v.id);
    }
    // Past the cooldown (counted from the exchange's time of the conversion, which runs on
    // while the test clock stands): each reminder arrives and names its exchange.
    let from = fake.calls().len();
    t.advance(t.cooldown + Duration::from_secs(120));
    let calls = fake
        .wait_for("the reminders", |c| {
            let sent = sent_to_alice_since(c, from);
            VENUES.iter().filter(|v| v.reminds).all(|v| {
                sent.iter().any(|b| {
                    text_of(b).contains("cooldown is over") && text_of(b).contains(v.id.name())
                })
            })
        })
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let reminders = sent_to_alice_since(&fake.calls(), from)
        .into_iter()
        .filter(|b| text_of(b).contains("cooldown is over"))
        .count();
    assert_eq!(
        reminders,
        VENUES.iter().filter(|v| v.reminds).count(),
        "{:?}",
        sent_to_alice_since(&calls, from)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bare_connect_offers_each_exchange_then_asks_for_that_exchanges_key_and_secret() {
    let t = app().await;
    let fake = t.telegram();
    let from = say(fake, "/connect");
    let calls = fake
        .wait_for("the exchanges offered", |c| {
            sent_to_alice_since(c, from)
                .iter()
                .any(|b| button(b, "MEXC").is_some())
        })
        .await;
    let offer = sent_to_alice_since(&calls, from).pop().unwrap();
    for v in VENUES {
        assert!(button(&offer, v.id.name()).is_some(), "{offer}");
    }
    let mid = offer["_message_id"].as_i64().unwrap();
    let pressed = fake.calls().len();
    let data = button(&offer, "MEXC").unwrap();
    fake.push(press_update("cq-x", ALICE, ALICE, mid, &offer, &data));
    fake.wait_for("the question for the MEXC key", |c| {
        c[pressed..].iter().any(|c| {
            c.body["text"]
                .as_str()
                .is_some_and(|t| t.contains("Send your MEXC API key"))
        })
    })
    .await;
    for (part, next) in [
        (MEXC_DEMO_API_KEY, "Now send the API secret"),
        (MEXC_DEMO_API_SECRET, "Connected key"),
    ] {
        let before = fake.calls().len();
        let (u, sent_id) = text_update(fake, ALICE, ALICE, part);
        fake.push(u);
        let calls = fake
            .wait_for("the answer deleted and the next step", |c| {
                let deleted = c[before..]
                    .iter()
                    .any(|c| c.method == "deletemessage" && c.body["message_id"] == sent_id);
                deleted
                    && sent_to_alice_since(c, before)
                        .iter()
                        .any(|b| text_of(b).contains(next))
            })
            .await;
        assert!(
            calls.iter().all(|c| !c.body.to_string().contains(part)),
            "no key part echoed"
        );
    }
    let dust = say(fake, "/dust");
    fake.wait_for("MEXC's section alone", |c| {
        sent_to_alice_since(c, dust)
            .iter()
            .any(|b| text_of(b).contains("MEXC: your dust"))
    })
    .await;
}
