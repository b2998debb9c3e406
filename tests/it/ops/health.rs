//! `GET /healthz` and the health report behind it: 200 when the database takes a write and
//! the exchange answers, 503 naming the part that fails; each frontend's connection; the
//! oldest operation in flight; `DUSTPAN_OPS_LISTEN` on the app and on the binary.

use std::io::{BufRead as _, BufReader};
use std::process::Stdio;
use std::time::Duration;

use dustpan::sim::{self, SimConfig};
use sqlx::Connection as _;

use super::{Metrics, scrape, scrape_until, serve_ops};
use crate::app::{TestApp, spawn_app};
use crate::helpers::{TempDb, dustpan, key_b64, text};
use crate::telegram::fake_api::{FakeBotApi, TOKEN};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_answers_200_then_503_naming_the_exchange_once_the_simulator_stops() {
    let mut t = spawn_app().await;
    let base = serve_ops(&t).await;
    let resp = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(resp.status(), 200);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body["status"], "ok", "{body}");
    assert_eq!(body["database"], "ok", "{body}");
    assert_eq!(body["exchange"], "ok", "{body}");

    // Another simulator takes the handle's place; the app's one stops.
    let other = sim::start(SimConfig::demo(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    std::mem::replace(&mut t.sim, other).shutdown().await;
    let resp = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(resp.status(), 503);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body["failing"], serde_json::json!(["exchange"]), "{body}");
    assert_eq!(body["exchange"], "failing", "{body}");
    assert_eq!(body["database"], "ok", "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_answers_503_naming_the_database_while_another_process_holds_its_write_lock() {
    let t = spawn_app().await;
    let base = serve_ops(&t).await;
    let resp = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(resp.status(), 200);

    // Another connection takes the write lock, as a stuck process would.
    let mut other =
        sqlx::SqliteConnection::connect(&format!("sqlite://{}", t.db.path.to_str().unwrap()))
            .await
            .unwrap();
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut other)
        .await
        .unwrap();
    let resp = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(resp.status(), 503);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body["failing"], serde_json::json!(["database"]), "{body}");
    assert_eq!(body["exchange"], "ok", "{body}");

    // Once it lets go, the database is writable again.
    sqlx::query("ROLLBACK").execute(&mut other).await.unwrap();
    let mut status = 0;
    for _ in 0..20 {
        status = reqwest::get(format!("{base}/healthz"))
            .await
            .unwrap()
            .status()
            .as_u16();
        if status == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert_eq!(status, 200);
}

#[test]
fn a_bad_ops_listen_address_exits_2_naming_the_setting() {
    let db = TempDb::new();
    let out = dustpan(db.dir.path())
        .arg("run")
        .env("DUSTPAN_DATABASE_URL", db.path.to_str().unwrap())
        .env("DUSTPAN_MASTER_KEY", key_b64(3))
        .env("DUSTPAN_OPEN", "true")
        .env("TELEGRAM_BOT_TOKEN", TOKEN)
        .env("DUSTPAN_OPS_LISTEN", "localhost:nine")
        .output()
        .unwrap();
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("DUSTPAN_OPS_LISTEN"), "{stderr}");
}

/// Kills the bot when the test ends, pass or fail.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dustpan_run_serves_healthz_and_metrics_on_the_address_it_logs() {
    let sim = sim::start(SimConfig::demo(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let fake = FakeBotApi::start().await;
    let db = TempDb::new();
    let mut child = dustpan(db.dir.path())
        .arg("run")
        .env("BINANCE_API_URL", sim.base_url())
        .env("DUSTPAN_DATABASE_URL", db.path.to_str().unwrap())
        .env("DUSTPAN_MASTER_KEY", key_b64(4))
        .env("DUSTPAN_OPEN", "true")
        .env("TELEGRAM_BOT_TOKEN", TOKEN)
        .env("TELEGRAM_API_URL", fake.url())
        .env("DUSTPAN_OPS_LISTEN", "127.0.0.1:0")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start dustpan run");
    let stderr = child.stderr.take().unwrap();
    let _bot = Running(child);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(at) = line.find("ops endpoint listening on http://") {
                let addr = line[at + "ops endpoint listening on ".len()..]
                    .trim()
                    .to_owned();
                let _ = tx.send(addr);
            }
        }
    });
    let base = tokio::task::spawn_blocking(move || rx.recv_timeout(Duration::from_secs(60)))
        .await
        .unwrap()
        .expect("the bound address is logged");
    assert!(!base.ends_with(":0"), "{base}");

    let resp = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(resp.status(), 200);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body["status"], "ok", "{body}");
    let m = scrape(&base).await;
    assert!(
        m.value(
            "dustpan_exchange_requests_total",
            &[("endpoint", "/api/v3/time")]
        ) >= 2.0,
        "start-up's clock sync and the health probe\n{}",
        m.text
    );
    assert_eq!(
        m.value("dustpan_frontend_connected", &[("frontend", "telegram")]),
        1.0,
        "{}",
        m.text
    );
}

#[tokio::test]
async fn the_health_report_gives_the_age_of_the_oldest_operation_left_in_flight() {
    let t = spawn_app().await;
    let base = serve_ops(&t).await;
    let report = t.app.service.health().await;
    assert!(report.is_ready(), "{report:?}");
    assert_eq!(report.oldest_unsettled, None);
    assert!(report.frontends.is_empty(), "no frontend was started");

    // An operation sent two minutes ago whose outcome is not known yet.
    t.connected_user("3006").await;
    let user: i64 = sqlx::query_scalar("SELECT id FROM users WHERE platform_user_id = ?")
        .bind("3006")
        .fetch_one(t.app.db.pool())
        .await
        .unwrap();
    let now = t.clock.now_ms();
    sqlx::query(
        "INSERT INTO operations (id, user_id, kind, status, params, created_at, expires_at, submitted_at)
         VALUES ('op-in-flight', ?, 'dust', 'unknown', '{}', ?, ?, ?)",
    )
    .bind(user)
    .bind(now - 150_000)
    .bind(now + 60_000)
    .bind(now - 120_000)
    .execute(t.app.db.pool())
    .await
    .unwrap();
    let report = t.app.service.health().await;
    assert_eq!(report.oldest_unsettled.map(|d| d.as_secs()), Some(120));
    assert!(report.is_ready(), "{report:?}");
    let body: serde_json::Value = reqwest::get(format!("{base}/healthz"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["oldest_unsettled_seconds"], 120, "{body}");
    let m = scrape(&base).await;
    assert_eq!(
        m.value("dustpan_open_operations", &[("state", "unknown")]),
        1.0,
        "{}",
        m.text
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_serves_the_ops_endpoint_on_its_setting_and_stops_it_on_shutdown() {
    // A port that was free a moment ago.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let mut t = TestApp::builder()
        .telegram()
        .setting("DUSTPAN_OPS_LISTEN", &format!("127.0.0.1:{port}"))
        .build()
        .await;
    let mut status = None;
    for _ in 0..120 {
        if let Ok(resp) = reqwest::get(format!("{base}/healthz")).await {
            status = Some(resp.status().as_u16());
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert_eq!(status, Some(200));
    let m = scrape(&base).await;
    assert_eq!(
        m.value("dustpan_frontend_connected", &[("frontend", "telegram")]),
        1.0,
        "{}",
        m.text
    );

    t.stop().await;
    assert!(
        reqwest::get(format!("{base}/healthz")).await.is_err(),
        "the endpoint still answers after shutdown"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn telegram_shows_as_failing_while_getting_updates_fails_and_connected_once_one_arrives() {
    use crate::telegram::fake_api::text_update;

    let t = TestApp::builder().telegram().build().await;
    let base = serve_ops(&t).await;
    let fake = t.telegram();
    let connected =
        |m: &Metrics| m.value("dustpan_frontend_connected", &[("frontend", "telegram")]);
    scrape_until(&base, "the bot to connect", |m| connected(m) == 1.0).await;

    // The poll under way returns the update; the next one fails.
    fake.fail_next(
        "getUpdates",
        (
            502,
            serde_json::json!({"ok": false, "error_code": 502, "description": "Bad Gateway"}),
        ),
    );
    fake.push(text_update(fake, 4001, 4001, "/help").0);
    scrape_until(&base, "getUpdates to fail", |m| connected(m) == 0.0).await;
    let body: serde_json::Value = reqwest::get(format!("{base}/healthz"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["frontends"]["telegram"], "failing", "{body}");
    // Not a reason for a load balancer to take the bot out: the database and the exchange
    // answer.
    assert_eq!(body["status"], "ok", "{body}");

    fake.push(text_update(fake, 4001, 4001, "/help").0);
    scrape_until(&base, "the next update", |m| connected(m) == 1.0).await;
    let report = t.app.service.health().await;
    assert_eq!(report.frontends, vec![("telegram", true)]);
}
