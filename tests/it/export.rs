//! `/export`: a scripted history made through the simulator (a plan with its dust
//! conversion, swaps and a market sell; a dust conversion of several assets; a swap) read
//! back as the CSV the user gets, parsed with a CSV reader; and the file delivered as
//! Telegram and Discord take uploads (multipart), checked by their fakes.

use std::collections::HashMap;
use std::time::Duration;

use dustpan::domain::Platform;
use dustpan::service::export::{HEADER, split};
use dustpan::service::reply::Reply;
use dustpan::service::{Caller, ChannelKind};
use dustpan::sim::{self, DEMO_API_KEY, DEMO_API_SECRET};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::app::TestApp;
use crate::replies::{assert_key, press_token};

/// The app with a one-second dust cooldown, so that one test makes two conversions.
async fn app(builder: crate::app::Builder) -> TestApp {
    let t = builder.cooldown(Duration::from_secs(1)).build().await;
    // 30 ACT can be sold on the market (see swap.rs): the plan places a sell.
    assert!(t.sim.set_balance(sim::DEMO_API_KEY, "ACT", dec!(30)));
    t
}

/// A conversion of ADA and XRP, then a plan (swaps, a market sell), then a swap.
async fn script(t: &TestApp, who: &Caller) {
    let confirm = t.send(who, "/convert ada XRP").await;
    let done = t.press(who, &press_token(&confirm, "button-confirm")).await;
    assert_key(&done, "convert-done");
    // Past the cooldown on both clocks.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    t.advance(Duration::from_secs(2));
    let report = t.send(who, "/dust").await;
    let screen = t.press(who, &press_token(&report, "button-plan")).await;
    let done = t.press(who, &press_token(&screen, "button-confirm")).await;
    assert_key(&done, "plan-sold");
    let screen = t.send(who, "/swap ETH USDT 0.001").await;
    let done = t.press(who, &press_token(&screen, "button-confirm")).await;
    assert_key(&done, "swap-done");
}

fn csv_of(reply: &Reply) -> String {
    assert_eq!(reply.attachments.len(), 1, "{reply:?}");
    let file = &reply.attachments[0];
    assert_eq!(file.content_type, "text/csv");
    assert!(file.filename.ends_with(".csv"), "{}", file.filename);
    String::from_utf8(file.bytes.to_vec()).unwrap()
}

type Rows = Vec<HashMap<String, String>>;

fn parse(csv_text: &str) -> Rows {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header.join(","), HEADER);
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

fn dec_of(s: &str) -> Decimal {
    if s.is_empty() {
        Decimal::ZERO
    } else {
        s.parse().unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_csv_has_every_conversion_swap_and_sale_once_and_each_batchs_shares_add_up_exactly() {
    let t = app(TestApp::builder()).await;
    let who = t.connected_user("700").await;
    script(&t, &who).await;

    let rows = parse(&csv_of(&t.send(&who, "/export csv all").await));

    // Each recorded dust conversion: one row per asset, shares summing to the batch.
    let batches: Vec<(String, String, String, String)> =
        sqlx::query_as("SELECT tran_id, total_bnb, total_fee_bnb, assets FROM dust_conversions")
            .fetch_all(t.app.db.pool())
            .await
            .unwrap();
    assert!(!batches.is_empty(), "{batches:?}");
    let mut several = false;
    for (tran, gross, fee, assets) in &batches {
        let assets: Vec<serde_json::Value> = serde_json::from_str(assets).unwrap();
        let mine: Vec<_> = rows
            .iter()
            .filter(|r| r["Kind"] == "dust" && &r["TxHash"] == tran)
            .collect();
        assert_eq!(mine.len(), assets.len(), "batch {tran}: {mine:?}");
        several |= mine.len() >= 2;
        let received: Decimal = mine.iter().map(|r| dec_of(&r["Received Amount"])).sum();
        let fees: Decimal = mine.iter().map(|r| dec_of(&r["Fee Amount"])).sum();
        assert_eq!(received, gross.parse::<Decimal>().unwrap(), "batch {tran}");
        assert_eq!(fees, fee.parse::<Decimal>().unwrap(), "batch {tran}");
        for r in &mine {
            assert_eq!(r["Exchange"], "binance");
            assert!(r["Date"].ends_with('Z') && r["Date"].contains('T'), "{r:?}");
            assert!(!r["Sent Currency"].is_empty() && dec_of(&r["Sent Amount"]) > Decimal::ZERO);
        }
    }
    assert!(several, "a conversion of several assets: {batches:?}");

    // Every succeeded swap and sale: exactly one row, under its own operation id.
    let ops: Vec<(String, String)> = sqlx::query_as(
        "SELECT id, kind FROM operations WHERE kind IN ('swap', 'sell') AND status = 'succeeded'",
    )
    .fetch_all(t.app.db.pool())
    .await
    .unwrap();
    assert!(ops.iter().any(|o| o.1 == "sell"), "{ops:?}");
    assert!(ops.iter().filter(|o| o.1 == "swap").count() >= 2, "{ops:?}");
    for (id, kind) in &ops {
        let mine: Vec<_> = rows.iter().filter(|r| &r["Operation ID"] == id).collect();
        assert_eq!(mine.len(), 1, "{kind} {id}: {rows:?}");
        assert_eq!(&mine[0]["Kind"], kind);
        assert!(!mine[0]["TxHash"].is_empty());
    }
    let dust_rows = rows.iter().filter(|r| r["Kind"] == "dust").count();
    assert_eq!(rows.len(), dust_rows + ops.len());
    // The sale's fee is in its quote asset.
    let sale = rows.iter().find(|r| r["Kind"] == "sell").unwrap();
    assert_eq!(
        (
            sale["Sent Currency"].as_str(),
            sale["Received Currency"].as_str()
        ),
        ("ACT", "USDT")
    );
    assert_eq!(sale["Fee Currency"], "USDT");

    // Nothing of the key.
    let text = csv_of(&t.send(&who, "/export").await);
    assert!(!text.contains(DEMO_API_KEY) && !text.contains(DEMO_API_SECRET));
}

#[tokio::test]
async fn a_period_narrows_the_export_and_a_bad_one_is_answered_with_a_sentence() {
    let t = spawn_simple().await;
    let who = t.connected_user("701").await;
    let screen = t.send(&who, "/swap ETH USDT 0.001").await;
    t.press(&who, &press_token(&screen, "button-confirm")).await;
    let this_year = chrono::Datelike::year(&chrono::Utc::now());
    for ok in [
        "/export 30d",
        "/export",
        "/export csv",
        &format!("/export {this_year}"),
    ] {
        assert_eq!(parse(&csv_of(&t.send(&who, ok).await)).len(), 1, "{ok}");
    }
    assert_key(&t.send(&who, "/export 2001").await, "export-empty");
    for bad in [
        "/export yesterday",
        "/export 0d",
        "/export csv 30d 2026",
        "/export 26",
    ] {
        let r = t.send(&who, bad).await;
        assert_key(&r, "export-bad-period");
        assert!(r.attachments.is_empty());
    }
}

async fn spawn_simple() -> TestApp {
    crate::app::spawn_app().await
}

#[test]
fn a_split_batch_adds_up_exactly_with_the_remainder_on_the_last_share() {
    let total = dec!(0.00000103);
    let shares = split(total, &[dec!(1), dec!(1), dec!(1)]);
    assert_eq!(shares.iter().sum::<Decimal>(), total);
    assert_eq!(shares[0], shares[1]);
    let shares = split(dec!(1), &[dec!(0), dec!(0), dec!(0)]);
    assert_eq!(shares.iter().sum::<Decimal>(), dec!(1));
    let shares = split(dec!(10.5), &[dec!(2), dec!(1)]);
    assert_eq!(shares, vec![dec!(7), dec!(3.5)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn telegram_receives_the_csv_as_a_multipart_send_document_with_a_file_name_and_caption() {
    use crate::telegram::fake_api::text_update;
    let mut t = app(TestApp::builder().telegram()).await;
    let who = t.connected_user("4700").await;
    let screen = t.send(&who, "/swap ETH USDT 0.001").await;
    t.press(&who, &press_token(&screen, "button-confirm")).await;
    let fake = t.telegram().clone();
    let (u, _) = text_update(&fake, 4700, 4700, "/export");
    fake.push(u);
    let calls = fake
        .wait_for("the document", |c| {
            c.iter().any(|c| c.method == "senddocument")
        })
        .await;
    let call = calls.iter().find(|c| c.method == "senddocument").unwrap();
    assert_eq!(call.body["chat_id"], 4700);
    let doc = &call.body["document"];
    assert!(doc["filename"].as_str().unwrap().ends_with(".csv"), "{doc}");
    assert_eq!(parse(doc["content"].as_str().unwrap()).len(), 1);
    assert!(call.body["caption"].as_str().unwrap().contains("Koinly"));
    t.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discord_sends_the_csv_as_a_multipart_message_with_payload_json_and_the_file_for_the_caller_alone()
 {
    use crate::discord::fake_api::Route;
    use crate::discord::{Place, command, is_ephemeral};
    const ALICE: &str = "300000000000000070";
    let mut t = app(TestApp::builder().discord()).await;
    let who = Caller::new(Platform::Discord, ALICE, ChannelKind::DirectMessage);
    let r = t
        .send(&who, &format!("/connect {DEMO_API_KEY} {DEMO_API_SECRET}"))
        .await;
    assert_key(&r, "connect-done");
    let screen = t.send(&who, "/swap ETH USDT 0.001").await;
    t.press(&who, &press_token(&screen, "button-confirm")).await;
    let d = t.discord();
    let response = d
        .interact(&command(
            ALICE,
            Place::Server,
            "export",
            &[("period", "all")],
        ))
        .await;
    // A deferral for the caller alone; the file edits it in.
    assert_eq!(response["type"], 5, "{response}");
    assert!(is_ephemeral(&response["data"]), "{response}");
    let calls = d
        .fake
        .wait_for("the upload", |c| {
            c.iter()
                .any(|c| c.route == Route::EditOriginal && !c.files.is_empty())
        })
        .await;
    let call = calls
        .iter()
        .find(|c| c.route == Route::EditOriginal && !c.files.is_empty())
        .unwrap();
    assert!(call.authorized);
    assert_eq!(call.files.len(), 1);
    let file = &call.files[0];
    assert_eq!(file["field"], "files[0]");
    assert_eq!(file["content_type"], "text/csv");
    assert_eq!(call.body["attachments"][0]["id"], 0);
    assert_eq!(call.body["attachments"][0]["filename"], file["filename"]);
    assert!(call.body["content"].as_str().unwrap().contains("Koinly"));
    assert_eq!(parse(file["content"].as_str().unwrap()).len(), 1);
    t.stop().await;
}

#[test]
fn the_console_writes_the_csv_to_a_file_and_prints_its_path() {
    let (_files, path) = crate::helpers::demo_saved_file(b"/convert all\n1\n/export\n");
    let rows = parse(&std::fs::read_to_string(path).unwrap());
    // "Converted 10 asset(s)": one row each, all of one batch.
    assert_eq!(rows.len(), 10, "{rows:?}");
    assert!(
        rows.iter()
            .all(|r| r["Kind"] == "dust" && r["TxHash"] == rows[0]["TxHash"])
    );
}
