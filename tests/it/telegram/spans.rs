//! Logs: the real bot at `RUST_LOG=debug` puts each update, press and operation in a span
//! (its log lines carry the update id, the operation id, dustpan's user id), and nothing
//! it logs holds the API key, the secret, the master key or the bot token.

use std::time::Duration;

use super::fake_api::{FakeBotApi, TOKEN, press_update, text_update};
use super::{has_text, run_bot};
use crate::helpers::{TempDb, key_b64};

const ALICE: i64 = 8008;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn debug_logs_carry_update_press_and_operation_spans_and_never_a_key_secret_or_token() {
    let fake = FakeBotApi::start().await;
    let sim = super::demo_sim().await;
    let db = TempDb::new();
    let (bot, stderr) = run_bot(&db, &fake.url(), &sim.base_url(), &[("RUST_LOG", "debug")]);
    super::connect_demo(&fake, ALICE).await;
    fake.push(text_update(&fake, ALICE, ALICE, "/dust").0);
    fake.wait_for("the dust report", |c| {
        has_text(c, "sendmessage", ALICE, "Your dust")
    })
    .await;
    fake.push(text_update(&fake, ALICE, ALICE, "/convert all").0);
    let calls = fake
        .wait_for("the confirm prompt", |c| {
            c.iter().any(|c| {
                c.method == "sendmessage" && c.body["reply_markup"].to_string().contains("Confirm")
            })
        })
        .await;
    let prompt = calls
        .iter()
        .rev()
        .find(|c| {
            c.method == "sendmessage" && c.body["reply_markup"].to_string().contains("Confirm")
        })
        .unwrap()
        .body
        .clone();
    let prompt_id = prompt["_message_id"].as_i64().unwrap();
    let confirm = prompt["reply_markup"]["inline_keyboard"][0]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["text"] == "Confirm")
        .unwrap()["callback_data"]
        .as_str()
        .unwrap()
        .to_owned();
    // The token names the operation: "c.<id>".
    let op_id = confirm
        .strip_prefix("c.")
        .expect("a confirm token")
        .to_owned();
    let press = fake.push(press_update(
        "cq-spans", ALICE, ALICE, prompt_id, &prompt, &confirm,
    ));
    fake.wait_for("the edited result", |c| {
        c.iter().any(|c| {
            c.method == "editmessagetext"
                && c.body["text"]
                    .as_str()
                    .unwrap_or_default()
                    .contains("Converted")
        })
    })
    .await;
    assert_eq!(sim.request_count("POST", "/sapi/v1/asset/dust"), 1);

    // The log lines of the conversion's request, once written.
    let conversion = format!("operation{{op={op_id} kind=Dust user=");
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    let log = loop {
        let log = stderr.text();
        if log
            .lines()
            .any(|l| l.contains(&conversion) && l.contains("path=\"/sapi/v1/asset/dust\""))
        {
            break log;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no log line of the conversion in its operation span:\n{log}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    drop(bot);

    // Nothing secret anywhere, at debug level, from dustpan or any library it uses.
    let raw = stderr.text();
    assert!(
        !raw.contains(dustpan::sim::DEMO_API_KEY),
        "the API key was logged"
    );
    assert!(
        !raw.contains(dustpan::sim::DEMO_API_SECRET),
        "the API secret was logged"
    );
    assert!(!raw.contains(TOKEN), "the bot token was logged");
    let token_secret = TOKEN.split(':').nth(1).unwrap();
    assert!(!raw.contains(token_secret), "the bot token was logged");
    assert!(!raw.contains(&key_b64(9)), "the master key was logged");
    assert!(!raw.contains("/convert all"), "a message's text was logged");

    // The press: its update, the press with its action and user, then the operation.
    let press_line = format!("update{{update_id={press} chat=\"private\"}}:press{{");
    assert!(
        log.lines().any(|l| l.contains(&press_line)
            && l.contains("action=\"confirm\"")
            && l.contains(&conversion)),
        "no line with the press's update, press and operation spans:\n{log}"
    );
    // The conversion's record, written by the store's writer task, in the same span.
    assert!(
        log.lines()
            .any(|l| l.contains(&conversion) && l.contains("INSERT INTO dust_conversions")),
        "the conversion's write is not logged in its operation span:\n{log}"
    );
    // The commands: named, never with their text.
    for command in ["connect", "dust", "convert"] {
        assert!(
            log.lines().any(|l| l.contains("update{update_id=")
                && l.contains(&format!(
                    "text{{platform=Telegram command=\"{command}\" user="
                ))),
            "no line in the span of /{command}:\n{log}"
        );
    }
}
