//! Converting, reading and reminding per exchange (issue 20, point 4): `/convert [EXCHANGE]`
//! through that exchange's adapter and on its own terms (MEXC: to MX, at most 15 assets a
//! call, 10 conversions a day, no cooldown), `/dust` sections that convert and fail alone,
//! `/history` per exchange, reminders per exchange.

use std::collections::BTreeMap;
use std::time::Duration;

use dustpan::domain::ExchangeId;
use dustpan::ports::{Clock, OperationStatus, ReminderStore};
use dustpan::service::reply::Reply;
use dustpan::sim::mexc::{MEXC_DEMO_API_KEY, MEXC_DEMO_API_SECRET, MexcFault, MexcSimConfig};
use dustpan::sim::{AccountSpec, Permissions};
use rust_decimal::Decimal;

use crate::app::{TestApp, private_user, text};
use crate::replies::{all, arg, assert_key, assert_no_key, has_key, press_token};

/// MEXC's dust transfer (mexc.md §6.2).
const MEXC_DUST_POST: &str = "/api/v3/capital/convert";
/// MEXC's convertible-assets list (mexc.md §6.1).
const MEXC_DUST_LIST: &str = "/api/v3/capital/convert/list";

fn connect_mexc() -> String {
    format!("/connect mexc {MEXC_DEMO_API_KEY} {MEXC_DEMO_API_SECRET}")
}

/// The demo user connected on Binance and on MEXC.
async fn on_both(t: &TestApp, id: &str) -> dustpan::service::Caller {
    let who = t.connected_user(id).await;
    assert_key(&t.send(&who, &connect_mexc()).await, "connect-done");
    who
}

fn mexc_posts(t: &TestApp) -> usize {
    t.mexc
        .as_ref()
        .expect("mexc sim")
        .request_count("POST", MEXC_DUST_POST)
}

/// The Confirm tokens of a reply, one per confirm screen, in order.
fn confirms(reply: &Reply) -> Vec<String> {
    reply
        .messages
        .iter()
        .flat_map(|m| m.buttons.iter())
        .filter(|b| b.label.key == "button-confirm")
        .map(|b| b.token.clone())
        .collect()
}

/// The operation a Confirm token names (`c.<id>`).
async fn operation_of(t: &TestApp, token: &str) -> dustpan::ports::OperationRecord {
    let id = token.split('.').nth(1).expect("an operation token");
    t.app.db.operation(id).await.unwrap().expect("stored")
}

/// A MEXC account holding 17 small balances, each convertible to MX.
fn seventeen_small_balances() -> MexcSimConfig {
    let balances: &[(&str, &str)] = &[
        ("ADA", "1"),
        ("XRP", "1"),
        ("DOGE", "10"),
        ("TRX", "10"),
        ("DOT", "0.1"),
        ("LINK", "0.1"),
        ("ATOM", "0.1"),
        ("SHIB", "10000"),
        ("PEPE", "10000"),
        ("ACT", "1"),
        ("FIL", "0.5"),
        ("LTC", "0.01"),
        ("SOL", "0.01"),
        ("ALGO", "5"),
        ("OMG", "3"),
        ("AVAX", "0.05"),
        ("NEAR", "0.3"),
    ];
    MexcSimConfig::with_accounts(vec![AccountSpec {
        api_key: MEXC_DEMO_API_KEY.to_owned(),
        api_secret: MEXC_DEMO_API_SECRET.to_owned(),
        balances: balances
            .iter()
            .map(|(a, v)| ((*a).to_owned(), v.parse::<Decimal>().unwrap()))
            .collect::<BTreeMap<_, _>>(),
        permissions: Permissions::default(),
        convert_approved: true,
        ip_whitelist: Vec::new(),
        uid: 7,
    }])
}

#[tokio::test]
async fn convert_without_an_exchange_asks_which_when_two_are_connected_and_sends_nothing() {
    let t = TestApp::builder().mexc(MexcSimConfig::demo()).build().await;
    let who = on_both(&t, "3001").await;
    let reply = t.send(&who, "/convert all").await;
    assert_key(&reply, "convert-which-exchange");
    assert_eq!(
        arg(&reply, "convert-which-exchange", "exchanges"),
        "binance, mexc"
    );
    assert_eq!(mexc_posts(&t), 0);
    assert_eq!(t.dust_posts(), 0);
}

#[tokio::test]
async fn convert_mexc_all_converts_once_on_mexc_to_mx_and_nothing_on_binance() {
    let t = TestApp::builder().mexc(MexcSimConfig::demo()).build().await;
    let who = on_both(&t, "3002").await;
    let mx_before = t.mexc.as_ref().unwrap().balance(MEXC_DEMO_API_KEY, "MX");
    let reply = t.send(&who, "/convert mexc all").await;
    assert_key(&reply, "convert-on-exchange");
    assert_key(&reply, "confirm-title-to");
    assert_eq!(arg(&reply, "confirm-title-to", "target"), "MX");
    // MEXC has no cooldown: the confirm screen tells its count a day instead.
    assert_key(&reply, "confirm-window-warning");
    assert_no_key(&reply, "confirm-cooldown-warning");
    let confirm = press_token(&reply, "button-confirm");
    let op = operation_of(&t, &confirm).await;
    assert_eq!(op.exchange, ExchangeId::Mexc, "the operation runs on MEXC");

    let done = t.press(&who, &confirm).await;
    assert_key(&done, "convert-done-on");
    assert_eq!(arg(&done, "convert-done-on", "exchange"), "MEXC");
    assert_no_key(&done, "convert-next");
    assert_eq!(mexc_posts(&t), 1, "one dust transfer on MEXC");
    assert_eq!(t.dust_posts(), 0, "nothing on Binance");
    assert!(t.mexc.as_ref().unwrap().balance(MEXC_DEMO_API_KEY, "MX") > mx_before);

    // A second press converts nothing.
    t.press(&who, &confirm).await;
    assert_eq!(mexc_posts(&t), 1);
    let op = t.app.db.operation(&op.id).await.unwrap().unwrap();
    assert_eq!(op.status, OperationStatus::Succeeded);
    let records = t.app.db.dust_conversions(op.user_id, 10).await.unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].exchange, ExchangeId::Mexc);
    assert_eq!(records[0].target_asset, "MX");
    // No cooldown on MEXC: no reminder is armed there.
    assert_eq!(
        t.app
            .db
            .reminder_of_user(op.user_id, ExchangeId::Mexc)
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn with_only_mexc_connected_convert_needs_no_exchange_word() {
    let t = TestApp::builder().mexc(MexcSimConfig::demo()).build().await;
    let who = private_user("3003");
    assert_key(&t.send(&who, &connect_mexc()).await, "connect-done");
    let reply = t.send(&who, "/convert ADA XRP").await;
    assert_key(&reply, "convert-on-exchange");
    let done = t.press(&who, &press_token(&reply, "button-confirm")).await;
    assert_key(&done, "convert-done-on");
    assert_eq!(arg(&done, "convert-done-on", "count"), "2");
    assert_eq!(mexc_posts(&t), 1);
}

#[tokio::test]
async fn seventeen_assets_on_mexc_are_two_conversions_of_fifteen_and_two_each_confirmed_alone() {
    let t = TestApp::builder()
        .mexc(seventeen_small_balances())
        .build()
        .await;
    let who = private_user("3004");
    assert_key(&t.send(&who, &connect_mexc()).await, "connect-done");
    let reply = t.send(&who, "/convert mexc all").await;
    assert_key(&reply, "convert-batches");
    assert_eq!(arg(&reply, "convert-batches", "max"), "15");
    assert_eq!(arg(&reply, "convert-batches", "count"), "17");
    assert_eq!(arg(&reply, "convert-batches", "batches"), "2");
    assert_key(&reply, "convert-batches-window");
    let counts: Vec<String> = all(&reply, "confirm-title-to")
        .iter()
        .map(|t| crate::replies::arg_value(t, "count").unwrap())
        .collect();
    assert_eq!(counts, ["15", "2"]);
    let tokens = confirms(&reply);
    assert_eq!(tokens.len(), 2, "one Confirm per conversion");

    let first = t.press(&who, &tokens[0]).await;
    assert_key(&first, "convert-done-on");
    assert_eq!(arg(&first, "convert-done-on", "count"), "15");
    assert_eq!(mexc_posts(&t), 1);
    let second = t.press(&who, &tokens[1]).await;
    assert_eq!(arg(&second, "convert-done-on", "count"), "2");
    assert_eq!(mexc_posts(&t), 2);
    assert_eq!(
        t.mexc.as_ref().unwrap().dust_batches(MEXC_DEMO_API_KEY),
        Some(2)
    );
}

#[tokio::test]
async fn the_mexc_sections_button_takes_all_of_it_to_confirm_screens_of_fifteen_at_most() {
    let t = TestApp::builder()
        .mexc(seventeen_small_balances())
        .build()
        .await;
    let who = private_user("3005");
    assert_key(&t.send(&who, &connect_mexc()).await, "connect-done");
    let dust = t.send(&who, "/dust").await;
    let button = dust
        .messages
        .iter()
        .flat_map(|m| m.buttons.iter())
        .find(|b| b.label.key == "button-convert-on")
        .expect("the MEXC section's button");
    let label = |name| crate::replies::arg_value(&button.label, name);
    assert_eq!(label("exchange").as_deref(), Some("MEXC"));
    assert_eq!(label("count").as_deref(), Some("17"));
    let screens = t
        .press(&who, &press_token(&dust, "button-convert-on"))
        .await;
    assert_key(&screens, "convert-batches");
    let tokens = confirms(&screens);
    assert_eq!(tokens.len(), 2);
    for token in &tokens {
        assert_key(&t.press(&who, token).await, "convert-done-on");
    }
    assert_eq!(mexc_posts(&t), 2);
    // Its button is spent: pressing it again opens nothing more.
    let again = t
        .press(&who, &press_token(&dust, "button-convert-on"))
        .await;
    assert!(confirms(&again).is_empty(), "{}", text(&again));
    assert_eq!(mexc_posts(&t), 2);
}

#[tokio::test]
async fn mexc_allows_ten_conversions_in_24_hours_as_its_capabilities_say_and_the_eleventh_waits() {
    // Eleven conversions in a row: more commands than a user's default pace allows.
    let t = TestApp::builder()
        .mexc(MexcSimConfig::demo())
        .setting("DUSTPAN_USER_COMMAND_BURST", "100")
        .build()
        .await;
    let who = private_user("3006");
    assert_key(&t.send(&who, &connect_mexc()).await, "connect-done");
    let mexc = t.mexc.as_ref().unwrap();
    for n in 0..10 {
        mexc.set_balance(MEXC_DEMO_API_KEY, "ADA", "1.8".parse().unwrap());
        let reply = t.send(&who, "/convert mexc ADA").await;
        let done = t.press(&who, &press_token(&reply, "button-confirm")).await;
        assert_key(&done, "convert-done-on");
        assert_eq!(mexc_posts(&t), n + 1);
    }
    mexc.set_balance(MEXC_DEMO_API_KEY, "ADA", "1.8".parse().unwrap());
    let reply = t.send(&who, "/convert mexc ADA").await;
    assert_key(&reply, "convert-cooldown");
    assert_eq!(mexc_posts(&t), 10, "the eleventh is not sent");

    // A day later the oldest has left the window.
    t.advance(Duration::from_secs(24 * 3600 + 60));
    mexc.advance_time(Duration::from_secs(24 * 3600 + 60));
    let reply = t.send(&who, "/convert mexc ADA").await;
    assert_key(
        &t.press(&who, &press_token(&reply, "button-confirm")).await,
        "convert-done-on",
    );
    assert_eq!(mexc_posts(&t), 11);
}

#[tokio::test]
async fn a_failing_mexc_shows_its_error_line_and_the_binance_report_stays_whole() {
    let t = TestApp::builder().mexc(MexcSimConfig::demo()).build().await;
    let who = on_both(&t, "3007").await;
    t.mexc.as_ref().unwrap().inject_fault(
        "GET",
        MEXC_DUST_LIST,
        MexcFault::ServerErrorBeforeApply,
        1,
    );
    let reply = t.send(&who, "/dust").await;
    assert_key(&reply, "dust-title");
    assert_key(&reply, "dust-exchange-failed");
    assert_eq!(arg(&reply, "dust-exchange-failed", "exchange"), "MEXC");
    assert_no_key(&reply, "dust-exchange-title");
    // Once MEXC answers again, its section is back.
    let reply = t.send(&who, "/dust mexc").await;
    assert_key(&reply, "dust-exchange-title");
}

#[tokio::test]
async fn a_tiny_mexc_balance_reads_as_its_small_value_not_as_zero() {
    let t = TestApp::builder().mexc(MexcSimConfig::demo()).build().await;
    let who = private_user("3008");
    assert_key(&t.send(&who, &connect_mexc()).await, "connect-done");
    let reply = t.send(&who, "/dust mexc").await;
    // ACT 0.005 at 0.2 USDT: 0.001 USDT.
    let act = crate::replies::find_with(&reply, "dust-exchange-line", "asset", "ACT");
    assert_eq!(
        crate::replies::arg_value(act, "value").as_deref(),
        Some("0.0012")
    );
    assert!(!text(&reply).contains("≈ 0.00 USDT"), "{}", text(&reply));
}

#[tokio::test]
async fn history_shows_a_section_per_exchange_each_read_from_its_own_log() {
    let t = TestApp::builder().mexc(MexcSimConfig::demo()).build().await;
    let who = on_both(&t, "3009").await;
    let reply = t.send(&who, "/convert mexc ADA").await;
    t.press(&who, &press_token(&reply, "button-confirm")).await;
    let reply = t.send(&who, "/convert binance all").await;
    assert_key(
        &t.press(&who, &press_token(&reply, "button-confirm")).await,
        "convert-done",
    );

    let reply = t.send(&who, "/history").await;
    let sections: Vec<String> = all(&reply, "history-exchange-title")
        .iter()
        .map(|t| crate::replies::arg_value(t, "exchange").unwrap())
        .collect();
    assert_eq!(sections, ["Binance", "MEXC"]);
    assert_eq!(reply.messages.len(), 2);
    assert!(has_key(&reply.messages[0], "history-line"));
    assert!(has_key(&reply.messages[1], "history-line-to"));
    assert_eq!(arg(&reply.messages[1], "history-line-to", "target"), "MX");
    let mexc_log = t
        .mexc
        .as_ref()
        .unwrap()
        .request_count("GET", MEXC_DUST_POST);
    assert!(mexc_log > 0, "MEXC's dust log was read");

    let reply = t.send(&who, "/history mexc").await;
    assert_eq!(reply.messages.len(), 1);
    assert_eq!(arg(&reply, "history-exchange-title", "exchange"), "MEXC");
}

#[tokio::test]
async fn a_lost_mexc_answer_is_settled_from_the_mexc_log_and_never_sent_again() {
    let t = TestApp::builder().mexc(MexcSimConfig::demo()).build().await;
    let who = on_both(&t, "3010").await;
    t.mexc.as_ref().unwrap().inject_fault(
        "POST",
        MEXC_DUST_POST,
        MexcFault::ServerErrorAfterApply,
        1,
    );
    let reply = t.send(&who, "/convert mexc ADA XRP").await;
    let confirm = press_token(&reply, "button-confirm");
    let done = t.press(&who, &confirm).await;
    // Read back from MEXC's dust log at once: the conversion is known.
    assert_key(&done, "convert-done-on");
    t.press(&who, &confirm).await;
    assert_eq!(mexc_posts(&t), 1, "never sent twice");
    let op = operation_of(&t, &confirm).await;
    assert_eq!(op.status, OperationStatus::Succeeded);
    let records = t.app.db.dust_conversions(op.user_id, 10).await.unwrap();
    assert_eq!(records[0].exchange, ExchangeId::Mexc);
    assert_eq!(records[0].operation_id.as_deref(), Some(op.id.as_str()));
}

#[tokio::test]
async fn a_binance_conversion_arms_binances_reminder_and_a_mexc_one_arms_none() {
    let t = TestApp::builder().mexc(MexcSimConfig::demo()).build().await;
    let who = on_both(&t, "3011").await;
    let reply = t.send(&who, "/convert binance all").await;
    t.press(&who, &press_token(&reply, "button-confirm")).await;
    let reply = t.send(&who, "/convert mexc all").await;
    t.press(&who, &press_token(&reply, "button-confirm")).await;
    let user = t
        .app
        .db
        .user(dustpan::domain::Platform::Telegram, "3011", false)
        .await
        .unwrap()
        .unwrap();
    let binance = t
        .app
        .db
        .reminder_of_user(user.id, ExchangeId::Binance)
        .await
        .unwrap()
        .expect("Binance's reminder");
    assert_eq!(binance.exchange, ExchangeId::Binance);
    assert!(binance.due_at > t.clock.now());
    assert_eq!(
        t.app
            .db
            .reminder_of_user(user.id, ExchangeId::Mexc)
            .await
            .unwrap(),
        None
    );
    // Binance's cooldown does not hold MEXC back.
    let reply = t.send(&who, "/convert mexc all").await;
    assert_no_key(&reply, "convert-cooldown");
    let reply = t.send(&who, "/convert binance all").await;
    assert_key(&reply, "convert-cooldown");
}

#[tokio::test]
async fn cooldown_answers_for_each_connected_exchange_from_its_own_conversions() {
    let t = TestApp::builder().mexc(MexcSimConfig::demo()).build().await;
    let who = on_both(&t, "3012").await;
    // Nothing converted yet: each exchange says so.
    let reply = t.send(&who, "/cooldown").await;
    let titles: Vec<String> = all(&reply, "history-exchange-title")
        .iter()
        .map(|t| crate::replies::arg_value(t, "exchange").unwrap())
        .collect();
    assert_eq!(titles, ["Binance", "MEXC"]);
    assert_eq!(all(&reply, "cooldown-never").len(), 2);
    // A MEXC conversion starts no wait on Binance, and MEXC has no cooldown to wait out.
    let reply = t.send(&who, "/convert mexc all").await;
    t.press(&who, &press_token(&reply, "button-confirm")).await;
    let reply = t.send(&who, "/cooldown").await;
    assert_eq!(all(&reply, "cooldown-never").len(), 1, "Binance: never");
    assert_eq!(all(&reply, "cooldown-ready").len(), 1, "MEXC: ready");
    assert_no_key(&reply, "cooldown-wait");
    // A Binance conversion starts Binance's wait alone.
    let reply = t.send(&who, "/convert binance all").await;
    t.press(&who, &press_token(&reply, "button-confirm")).await;
    let reply = t.send(&who, "/cooldown").await;
    assert_eq!(all(&reply, "cooldown-wait").len(), 1, "Binance waits");
    assert_eq!(all(&reply, "cooldown-ready").len(), 1, "MEXC does not");
}

#[tokio::test]
async fn a_reminder_armed_before_several_exchanges_is_binances_after_the_upgrade() {
    let (tmp, old) = crate::helpers::database_at(15).await;
    for sql in [
        "INSERT INTO users (id, platform, platform_user_id, created_at) VALUES (1, 'tg', '9', 0)",
        "INSERT INTO reminders (user_id, token, due_at, status, cause_tran_id)
         VALUES (1, 'tok-1', 1700000000000, 'pending', 2970932918)",
    ] {
        sqlx::query(sql).execute(&old).await.unwrap();
    }
    old.close().await;
    let db = dustpan::store::Database::open(&tmp.path, None)
        .await
        .unwrap();
    let r = db
        .reminder_of_user(1, ExchangeId::Binance)
        .await
        .unwrap()
        .expect("kept");
    assert_eq!(r.token, "tok-1");
    assert_eq!(r.exchange, ExchangeId::Binance);
    assert_eq!(
        db.reminder_of_user(1, ExchangeId::Mexc).await.unwrap(),
        None
    );
    // A second exchange's reminder is a row of its own.
    let at = chrono::DateTime::from_timestamp_millis(1_700_000_500_000).unwrap();
    assert!(db.arm_reminder(1, ExchangeId::Mexc, at, "b").await.unwrap());
    let m = db
        .reminder_of_user(1, ExchangeId::Mexc)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(m.due_at, at);
    let b = db
        .reminder_of_user(1, ExchangeId::Binance)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(b.token, "tok-1", "Binance's row untouched");
}

#[tokio::test]
async fn after_binances_cooldown_its_reminder_names_binance_and_mexc_sends_none() {
    let t = TestApp::builder().mexc(MexcSimConfig::demo()).build().await;
    let who = on_both(&t, "3012").await;
    for venue in ["binance", "mexc"] {
        let reply = t.send(&who, &format!("/convert {venue} ADA XRP")).await;
        t.press(&who, &press_token(&reply, "button-confirm")).await;
    }
    let rec = std::sync::Arc::new(crate::reminders::Recorder::default());
    let s = dustpan::scheduler::Scheduler::new(
        t.app.service.clone(),
        vec![rec.clone()],
        t.clock.clone(),
    );
    // The cooldown counts from the exchange's time of the conversion, a little ahead.
    t.advance(t.cooldown + Duration::from_secs(120));
    let report = s.run_due_once(t.clock.now()).await;
    assert_eq!(report.sent, 1, "{report:?}");
    let sent = rec.sent.lock().unwrap().clone();
    assert_eq!(sent.len(), 1);
    assert_eq!(arg(&sent[0].1, "reminder-title-on", "exchange"), "Binance");
    // Convert now converts on Binance, the reminder's exchange.
    let now = press_token(&sent[0].1, "button-convert-now");
    let screen = t.press(&who, &now).await;
    assert_no_key(&screen, "convert-on-exchange");
    assert_key(&screen, "confirm-title");
}

/// The signed endpoints of each protocol (the public ones are cached and shared).
fn binance_signed(t: &TestApp) -> Vec<String> {
    use dustpan::binance::protocol as p;
    let signed = [
        p::ACCOUNT,
        p::DUST_BTC,
        p::DUST,
        p::DRIBBLET,
        p::USER_ASSET,
        p::API_RESTRICTIONS,
        p::CONVERT_ASSET_INFO,
        p::CONVERT_GET_QUOTE,
        p::CONVERT_ACCEPT_QUOTE,
        p::CONVERT_ORDER_STATUS,
        p::CONVERT_TRADE_FLOW,
        p::DUST_CONVERT_QUERY,
        p::DUST_CONVERT,
        p::QUERY_ORDER,
        p::NEW_ORDER,
    ];
    t.sim
        .requests()
        .into_iter()
        .filter(|r| {
            signed
                .iter()
                .any(|e| e.signed && e.method == r.method && e.path == r.path)
        })
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

fn mexc_signed(t: &TestApp) -> usize {
    use dustpan::mexc::protocol as p;
    let mexc = t.mexc.as_ref().unwrap();
    [
        p::ACCOUNT,
        p::SELF_SYMBOLS,
        p::DUST_LIST,
        p::DUST_CONVERT,
        p::DUST_LOG,
        p::NEW_ORDER,
        p::TEST_ORDER,
        p::QUERY_ORDER,
        p::CAPITAL_CONFIG,
    ]
    .iter()
    .filter(|e| e.signed)
    .map(|e| mexc.request_count(e.method, e.path))
    .sum()
}

#[tokio::test]
async fn a_dust_report_costs_three_signed_requests_on_binance_and_two_on_mexc_once_public_data_is_cached()
 {
    let t = TestApp::builder().mexc(MexcSimConfig::demo()).build().await;
    let who = on_both(&t, "3013").await;
    // The first /dust fills the shared public caches (rules, prices).
    t.send(&who, "/dust").await;
    let (binance, mexc) = (binance_signed(&t).len(), mexc_signed(&t));
    // A second user's /dust, the caches warm: only their own account is read.
    let other = on_both(&t, "3014").await;
    let (binance_connect, mexc_connect) = (binance_signed(&t).len(), mexc_signed(&t));
    assert!(binance_connect > binance && mexc_connect > mexc);
    let reply = t.send(&other, "/dust").await;
    assert_key(&reply, "dust-title");
    assert_key(&reply, "dust-exchange-title");
    // Sent side by side: in either order.
    let mut binance_dust: Vec<String> = binance_signed(&t)[binance_connect..].to_vec();
    binance_dust.sort();
    // Binance: dust-btc and getUserAsset (binance.md §5 "What /dust costs"), and Dust
    // Convert's list for the user's target, which the plan weighs beside BNB.
    assert_eq!(
        binance_dust,
        [
            "POST /sapi/v1/asset/dust-btc",
            "POST /sapi/v1/asset/dust-convert/query-convertible-assets",
            "POST /sapi/v3/asset/getUserAsset"
        ],
        "{binance_dust:?}"
    );
    // MEXC: the dust list and the account (mexc.md §6.1, §4).
    assert_eq!(mexc_signed(&t) - mexc_connect, 2);
    assert_eq!(
        t.mexc
            .as_ref()
            .unwrap()
            .request_count("GET", "/api/v3/exchangeInfo"),
        1,
        "MEXC's trading rules read once for both users"
    );
}

#[tokio::test]
async fn a_target_mexc_does_not_offer_is_refused_naming_mx_and_an_exchange_without_a_key_says_so() {
    let t = TestApp::builder().mexc(MexcSimConfig::demo()).build().await;
    let who = on_both(&t, "3015").await;
    let reply = t.send(&who, "/convert mexc all to USDT").await;
    assert_key(&reply, "convert-target-not-offered");
    assert_eq!(arg(&reply, "convert-target-not-offered", "targets"), "MX");
    // MX itself is MEXC's conversion, as without `to`.
    assert_key(
        &t.send(&who, "/convert mexc all to MX").await,
        "confirm-title-to",
    );
    let reply = t.send(&who, "/convert bybit all").await;
    assert_key(&reply, "error-not-connected");
    assert_eq!(mexc_posts(&t), 0);
}

fn bybit_signed(t: &TestApp) -> usize {
    use dustpan::bybit::protocol as p;
    let bybit = t.bybit.as_ref().unwrap();
    [
        p::WALLET_BALANCE,
        p::ACCOUNT_INFO,
        p::QUERY_API,
        p::COIN_INFO,
        p::ORDER_CREATE,
        p::ORDER_REALTIME,
        p::SMALL_BALANCE_LIST,
        p::SMALL_BALANCE_QUOTE,
        p::SMALL_BALANCE_EXECUTE,
        p::SMALL_BALANCE_HISTORY,
    ]
    .iter()
    .map(|e| bybit.request_count(e.method, e.path))
    .sum()
}

#[tokio::test]
async fn a_bybit_dust_section_costs_two_signed_requests_once_public_data_is_cached() {
    let t = TestApp::builder()
        .bybit(dustpan::sim::bybit::BybitSimConfig::demo())
        .build()
        .await;
    let connect = format!(
        "/connect bybit {} {}",
        dustpan::sim::bybit::BYBIT_DEMO_API_KEY,
        dustpan::sim::bybit::BYBIT_DEMO_API_SECRET
    );
    let bybit = t.bybit.as_ref().unwrap();
    for id in ["3016", "3017"] {
        let who = private_user(id);
        assert_key(&t.send(&who, &connect).await, "connect-done");
        let reads = || {
            [
                dustpan::bybit::protocol::SMALL_BALANCE_LIST,
                dustpan::bybit::protocol::WALLET_BALANCE,
            ]
            .map(|e| bybit.request_count(e.method, e.path))
        };
        let (before, listed) = (bybit_signed(&t), reads());
        let reply = t.send(&who, "/dust bybit").await;
        assert_key(&reply, "dust-exchange-title");
        // The small-balance list and the wallet (bybit.md §6.1, §4), nothing else signed.
        assert_eq!(bybit_signed(&t) - before, 2, "user {id}");
        let after = reads();
        assert_eq!([after[0] - listed[0], after[1] - listed[1]], [1, 1]);
    }
    // Public data read once for both users.
    let instruments = dustpan::bybit::protocol::INSTRUMENTS;
    assert_eq!(bybit.request_count(instruments.method, instruments.path), 1);
}
