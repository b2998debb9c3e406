//! Who gets in (issue 19): an allow-list or an open bot, a stranger refused with their own
//! id and nothing of theirs stored, `dustpan run` refusing to start without a choice, and
//! the operators' `/stats`, unknown to everyone else, reporting true numbers.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use dustpan::domain::Platform;
use dustpan::service::{Caller, ChannelKind};
use rust_decimal::Decimal;

use crate::app::{TestApp, private_user, text};
use crate::discord::{Place, autocomplete, command};
use crate::helpers::{TempDb, dustpan, key_b64};
use crate::replies::{all, arg, arg_shown, assert_key, find_with, keys, press_token};
use crate::telegram::fake_api::{FakeBotApi, TOKEN, press_update, text_update};

const ALLOWED: i64 = 111_111;
const STRANGER: i64 = 222_222;
const ADMIN: i64 = 999_999;

/// How many rows of each table belong to the Telegram user `id`, read through a read-only
/// connection to the bot's database file.
async fn rows_of(db: &Path, id: i64) -> i64 {
    use sqlx::ConnectOptions as _;
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(db)
        .read_only(true)
        .connect()
        .await
        .expect("the database opens");
    let (n,): (i64,) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM users WHERE platform_user_id = ?1)
              + (SELECT COUNT(*) FROM dialogues d JOIN users u ON u.id = d.user_id
                 WHERE u.platform_user_id = ?1)
              + (SELECT COUNT(*) FROM operations o JOIN users u ON u.id = o.user_id
                 WHERE u.platform_user_id = ?1)",
    )
    .bind(id.to_string())
    .fetch_one(&mut conn)
    .await
    .unwrap();
    let _ = sqlx::Connection::close(conn).await;
    n
}

fn texts_to(fake: &FakeBotApi, chat: i64) -> Vec<String> {
    fake.calls()
        .iter()
        .filter(|c| c.method == "sendmessage" && c.body["chat_id"].as_i64() == Some(chat))
        .map(|c| c.body["text"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stranger_on_telegram_is_refused_once_with_their_id_and_nothing_of_theirs_is_stored() {
    let t = TestApp::builder()
        .setting("DUSTPAN_ALLOWED_USERS", &format!("telegram:{ALLOWED}"))
        .telegram()
        .build()
        .await;
    let fake = t.telegram();
    let (key, secret) = (dustpan::sim::DEMO_API_KEY, dustpan::sim::DEMO_API_SECRET);

    fake.push(text_update(fake, STRANGER, STRANGER, "/start").0);
    fake.wait_for("the refusal", |_| !texts_to(fake, STRANGER).is_empty())
        .await;
    let refusal = texts_to(fake, STRANGER);
    assert_eq!(
        refusal,
        [format!(
            "This bot is private. Ask its operator to add telegram:{STRANGER}."
        )]
    );

    // More of the same, a key among them, and a press of a made-up button.
    for said in [
        "/dust",
        &format!("/connect {key} {secret}"),
        "hello",
        "/connect",
    ] {
        fake.push(text_update(fake, STRANGER, STRANGER, said).0);
    }
    let sent = serde_json::json!({"text": "x"});
    fake.push(press_update(
        "cb-stranger",
        STRANGER,
        STRANGER,
        1,
        &sent,
        "c:nothing",
    ));
    let calls = fake
        .wait_for("the press answer", |c| {
            c.iter().any(|c| {
                c.method == "answercallbackquery" && c.body["callback_query_id"] == "cb-stranger"
            })
        })
        .await;
    let answer = calls
        .iter()
        .find(|c| c.method == "answercallbackquery" && c.body["callback_query_id"] == "cb-stranger")
        .unwrap();
    assert!(
        answer.body["text"]
            .as_str()
            .unwrap_or_default()
            .contains(&format!("telegram:{STRANGER}")),
        "{}",
        answer.body
    );

    // An allowed user is served meanwhile; by their answer the stranger's messages are
    // handled (one update at a time, in order).
    fake.push(text_update(fake, ALLOWED, ALLOWED, "/help").0);
    fake.wait_for("the allowed user's help", |_| {
        !texts_to(fake, ALLOWED).is_empty()
    })
    .await;
    assert_eq!(
        texts_to(fake, STRANGER).len(),
        1,
        "one refusal, not a flood"
    );
    // An allowed user who is no operator: /stats is unknown, as on any bot.
    fake.push(text_update(fake, ALLOWED, ALLOWED, "/stats").0);
    fake.wait_for("the unknown-command answer", |_| {
        texts_to(fake, ALLOWED).len() >= 2
    })
    .await;
    assert_eq!(
        texts_to(fake, ALLOWED)[1],
        "Unknown command /stats. See /help."
    );
    // The operator commands are in no command menu.
    let menus = fake.calls_of("setmycommands");
    assert!(!menus.is_empty());
    assert!(
        menus
            .iter()
            .all(|c| !c.body["commands"].to_string().contains("stats")),
        "{:?}",
        menus.first().map(|c| &c.body)
    );
    assert_eq!(rows_of(&t.db.path, STRANGER).await, 0);
    assert!(rows_of(&t.db.path, ALLOWED).await >= 1);
    // The key was taken for what it is all the same: deleted from the chat.
    assert!(
        calls
            .iter()
            .any(|c| c.method == "deletemessage" && c.body["chat_id"].as_i64() == Some(STRANGER))
    );
}

#[tokio::test]
async fn the_refusal_is_said_again_once_its_quiet_window_has_passed() {
    let t = TestApp::builder()
        .setting("DUSTPAN_ALLOWED_USERS", "discord:1")
        .build()
        .await;
    let who = private_user("5");
    let first = t.send(&who, "/dust").await;
    assert_eq!(keys(&first), ["access-refused"]);
    assert_eq!(arg(&first, "access-refused", "id"), "telegram:5");
    assert!(t.send(&who, "/dust").await.messages.is_empty());
    t.advance(dustpan::service::access::REFUSAL_REPEAT);
    assert_eq!(keys(&t.send(&who, "/dust").await), ["access-refused"]);
    assert_eq!(rows_of(&t.db.path, 5).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stranger_on_discord_is_told_their_discord_id_each_time_they_ask() {
    let t = TestApp::builder()
        .setting("DUSTPAN_ALLOWED_USERS", "telegram:1")
        .discord()
        .build()
        .await;
    let d = t.discord();
    let stranger = "987654321";
    for _ in 0..2 {
        let ix = command(stranger, Place::Dm, "dust", &[]);
        let response = d.interact(&ix).await;
        let message = d.message(&ix, &response).await;
        assert_eq!(
            message["content"].as_str().unwrap_or_default(),
            "This bot is private. Ask its operator to add discord:987654321.",
            "{message}"
        );
    }
    // Typing into an option is offered nothing either.
    let ix = autocomplete(stranger, Place::Dm, "swap", &[], "to", "US");
    let response = d.interact(&ix).await;
    assert_eq!(response["type"], 8, "{response}");
    assert_eq!(
        response["data"]["choices"],
        serde_json::json!([]),
        "{response}"
    );
    assert_eq!(rows_of(&t.db.path, 987_654_321).await, 0);
}

#[tokio::test]
async fn allowed_users_and_admins_connect_and_sweep_as_usual_and_nobody_else() {
    let t = TestApp::builder()
        .settings(&[
            ("DUSTPAN_ALLOWED_USERS", " telegram:1 , discord:2"),
            ("DUSTPAN_ADMINS", "telegram:3"),
        ])
        .build()
        .await;
    for id in ["1", "3"] {
        let who = t.connected_user(id).await;
        assert_key(&t.send(&who, "/dust").await, "dust-title");
    }
    let discord = Caller::new(Platform::Discord, "2", ChannelKind::DirectMessage);
    assert_key(&t.send(&discord, "/help").await, "help");
    let other_platform = Caller::new(Platform::Discord, "1", ChannelKind::DirectMessage);
    assert_eq!(
        arg(
            &t.send(&other_platform, "/help").await,
            "access-refused",
            "id"
        ),
        "discord:1"
    );
}

#[tokio::test]
async fn an_open_bot_lets_anyone_in() {
    let t = TestApp::builder()
        .setting("DUSTPAN_OPEN", "true")
        .build()
        .await;
    let who = t.connected_user("424242").await;
    assert_key(&t.send(&who, "/dust").await, "dust-title");
}

fn run_with(env: &[(&str, &str)]) -> (Option<i32>, String) {
    let db = TempDb::new();
    let mut cmd = dustpan(db.dir.path());
    cmd.arg("run")
        .env_remove("DUSTPAN_OPEN")
        .env("DUSTPAN_DATABASE_URL", db.path.to_str().unwrap())
        .env("DUSTPAN_MASTER_KEY", key_b64(2))
        .env("TELEGRAM_BOT_TOKEN", TOKEN)
        // Nothing listens there: a run that got past its settings would fail otherwise.
        .env("TELEGRAM_API_URL", "http://127.0.0.1:9")
        .stdout(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run binary");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code(), stderr)
}

#[test]
fn run_refuses_to_start_without_a_choice_of_who_gets_in_and_names_both_settings() {
    for env in [
        &[][..],
        &[("DUSTPAN_OPEN", "false")],
        &[("DUSTPAN_ADMINS", "telegram:1")],
    ] {
        let (code, stderr) = run_with(env);
        assert_eq!(code, Some(2), "{env:?}: {stderr}");
        assert!(
            stderr.contains("DUSTPAN_ALLOWED_USERS") && stderr.contains("DUSTPAN_OPEN"),
            "{stderr}"
        );
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    }
    // Both at once is a contradiction, refused too.
    let (code, stderr) = run_with(&[
        ("DUSTPAN_OPEN", "true"),
        ("DUSTPAN_ALLOWED_USERS", "telegram:1"),
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("DUSTPAN_OPEN"), "{stderr}");
    // A choice made, it gets past its settings (and fails later: no Bot API there).
    for env in [
        &[("DUSTPAN_OPEN", "true")][..],
        &[("DUSTPAN_ALLOWED_USERS", "telegram:1")],
    ] {
        let (code, stderr) = run_with(env);
        assert_ne!(code, Some(2), "{env:?}: {stderr}");
    }
}

#[test]
fn malformed_user_lists_exit_2_naming_the_setting_and_the_bad_item() {
    for setting in ["DUSTPAN_ALLOWED_USERS", "DUSTPAN_ADMINS"] {
        for (value, bad) in [
            ("telegram:12a", "telegram:12a"),
            ("telegram:1,,discord:2", "''"),
            ("telegram:1, slack:5", "slack:5"),
            ("123456", "123456"),
            ("discord:", "discord:"),
        ] {
            let (code, stderr) =
                run_with(&[("DUSTPAN_ALLOWED_USERS", "telegram:7"), (setting, value)]);
            assert_eq!(code, Some(2), "{setting}={value}: {stderr}");
            assert!(stderr.contains(setting), "{stderr}");
            assert!(stderr.contains(bad), "{bad} not named: {stderr}");
            assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        }
    }
    let (code, stderr) = run_with(&[("DUSTPAN_OPEN", "maybe")]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("DUSTPAN_OPEN"), "{stderr}");
}

#[test]
fn the_demo_needs_no_choice_of_who_gets_in() {
    use std::io::Write as _;
    let db = TempDb::new();
    let mut child = dustpan(db.dir.path())
        .arg("demo")
        .env_remove("DUSTPAN_OPEN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"/dust\n/stats\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("Your dust"), "{stdout}");
    // The console is the operator's own terminal.
    assert!(stdout.contains("Bot statistics"), "{stdout}");
    assert!(!stdout.contains("private"), "{stdout}");
}

#[tokio::test]
async fn stats_is_an_unknown_command_to_everyone_but_an_admin() {
    let t = TestApp::builder()
        .settings(&[
            ("DUSTPAN_ALLOWED_USERS", &format!("telegram:{ALLOWED}")),
            ("DUSTPAN_ADMINS", &format!("telegram:{ADMIN}")),
        ])
        .build()
        .await;
    let user = private_user(&ALLOWED.to_string());
    let admin = private_user(&ADMIN.to_string());
    let unknown = t.send(&user, "/nosuchcommand").await;
    for (command, title) in [("stats", "stats-title"), ("health", "health-title-ok")] {
        let refused = t.send(&user, &format!("/{command}")).await;
        assert_eq!(keys(&refused), ["unknown-command"]);
        assert_eq!(refused.visibility, unknown.visibility);
        assert_eq!(
            text(&refused),
            format!("Unknown command /{command}. See /help.\n")
        );
        assert_key(&t.send(&admin, &format!("/{command}")).await, title);
    }
    // Not advertised: no menu lists it.
    assert!(
        !dustpan::service::command::MENU
            .iter()
            .any(|(name, _)| *name == "stats" || *name == "health")
    );
}

#[tokio::test]
async fn stats_reports_true_numbers_after_a_scripted_conversation() {
    let t = TestApp::builder()
        .settings(&[
            ("DUSTPAN_ALLOWED_USERS", &format!("telegram:{ALLOWED}")),
            ("DUSTPAN_ADMINS", &format!("telegram:{ADMIN}")),
        ])
        .build()
        .await;
    // A stranger knocks first: not a user, not counted.
    t.send(&private_user(&STRANGER.to_string()), "/start").await;
    let who = t.connected_user(&ALLOWED.to_string()).await;
    let bnb_before = t.sim.balance(dustpan::sim::DEMO_API_KEY, "BNB").unwrap();
    let confirm = t.send(&who, "/convert all").await;
    let done = t
        .press(&who, &press_token(&confirm, "button-confirm"))
        .await;
    assert_key(&done, "convert-done");
    let received: Decimal = t.sim.balance(dustpan::sim::DEMO_API_KEY, "BNB").unwrap() - bnb_before;
    assert!(received > Decimal::ZERO);

    let admin = private_user(&ADMIN.to_string());
    let stats = t.send(&admin, "/stats").await;
    // Two users (the admin is one now), both on Telegram; one key.
    assert_eq!(arg(&stats, "stats-users", "total"), "2");
    assert_eq!(
        arg_shown(&stats, "stats-users", "split"),
        "stats-split(telegram=2, discord=0, console=0)"
    );
    assert_eq!(arg(&stats, "stats-keys", "total"), "1");
    let value = received.normalize().to_string();
    for period in [
        "stats-period-today",
        "stats-period-week",
        "stats-period-all",
    ] {
        let line = find_with(&stats, "stats-period", "period", period);
        let get = |name| crate::replies::arg_value(line, name).unwrap();
        assert_eq!(
            (get("dust"), get("received"), get("spot")),
            ("1".into(), format!("{value} BNB"), "0".into()),
            "{period}"
        );
    }
    // The conversion armed the cooldown reminder; none was sent yet.
    assert_eq!(arg(&stats, "stats-reminders", "pending"), "1");
    assert_eq!(arg(&stats, "stats-reminders", "sent"), "0");
    // No rate-limit answer came (the simulator's log agrees).
    assert!(
        t.sim
            .requests()
            .iter()
            .all(|r| !matches!(r.status, Some(429 | 418)))
    );
    assert_eq!(arg(&stats, "stats-rate-limited", "too_many"), "0");
    assert_eq!(arg(&stats, "stats-rate-limited", "banned"), "0");
    // The shared /api weight budget, against Binance's limit.
    let api = find_with(&stats, "stats-weight", "bucket", "/api");
    assert_eq!(
        crate::replies::arg_value(api, "limit").unwrap(),
        dustpan::binance::protocol::API_WEIGHT_LIMIT_1M.to_string()
    );

    // Two days on, the conversion is no longer today's, still this week's.
    t.advance(Duration::from_secs(2 * 24 * 3600));
    let later = t.send(&admin, "/stats").await;
    let count = |period| {
        crate::replies::arg_value(find_with(&later, "stats-period", "period", period), "dust")
            .unwrap()
    };
    assert_eq!(count("stats-period-today"), "0");
    assert_eq!(count("stats-period-week"), "1");
    assert_eq!(count("stats-period-all"), "1");
    assert_eq!(all(&later, "stats-period").len(), 3);
}

#[tokio::test]
async fn health_tells_an_admin_what_is_ready_and_names_what_fails_with_its_reason() {
    let mut t = TestApp::builder()
        .settings(&[
            ("DUSTPAN_ALLOWED_USERS", &format!("telegram:{ALLOWED}")),
            ("DUSTPAN_ADMINS", &format!("telegram:{ADMIN}")),
        ])
        .build()
        .await;
    let admin = private_user(&ADMIN.to_string());
    let ready = t.send(&admin, "/health").await;
    assert_key(&ready, "health-title-ok");
    assert!(
        !keys(&ready).contains(&"health-part-failing"),
        "{}",
        text(&ready)
    );
    assert!(text(&ready).contains("✅ Exchange (server time): ok"));
    assert_key(&ready, "health-nothing-unsettled");

    // The exchange goes away: the screen says so and why, the database still answers.
    let other = dustpan::sim::start(
        dustpan::sim::SimConfig::demo(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap();
    std::mem::replace(&mut t.sim, other).shutdown().await;
    let failing = t.send(&admin, "/health").await;
    assert_key(&failing, "health-title-failing");
    assert!(!arg(&failing, "health-part-failing", "reason").is_empty());
    let shown = text(&failing);
    assert!(shown.contains("✅ Database (a write): ok"), "{shown}");
    assert!(shown.contains("❌ Exchange (server time): "), "{shown}");
}
