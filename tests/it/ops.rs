//! The operations endpoint (issue 19): `GET /metrics` in the Prometheus text format, read
//! with a real parser, moving with a conversation and holding no user id, key or token in a
//! label; `/healthz` and the health report in `ops/health.rs`.

mod health;

use std::collections::BTreeMap;
use std::time::Duration;

use dustpan::sim::{self, DEMO_API_KEY, DEMO_API_SECRET, SimConfig};
use prometheus_parse::{LineInfo, Scrape, Value};

use crate::app::{TestApp, spawn_app};
use crate::helpers::key_b64;
use crate::replies::{has_key, press_token};
use crate::telegram::fake_api::TOKEN;

/// Serves the app's operations routes on a loopback port of their own; its base URL.
async fn serve_ops(t: &TestApp) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = t.app.ops_router();
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}")
}

/// One scrape: its content type, its text, and the parsed samples.
struct Metrics {
    text: String,
    scrape: Scrape,
}

async fn scrape(base: &str) -> Metrics {
    let resp = reqwest::get(format!("{base}/metrics")).await.unwrap();
    assert_eq!(resp.status(), 200);
    let content_type = resp.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(
        content_type.starts_with("application/openmetrics-text")
            || content_type.starts_with("text/plain; version=0.0.4"),
        "{content_type}"
    );
    let text = resp.text().await.unwrap();
    // The parser skips what it cannot read: every line must read as what it claims.
    for line in text.lines() {
        let info = LineInfo::parse(line);
        let ok = if line.starts_with("# HELP") {
            matches!(info, LineInfo::Doc { .. })
        } else if line.starts_with("# TYPE") {
            matches!(info, LineInfo::Type { .. })
        } else if line.starts_with('#') {
            // `# UNIT`, `# EOF`: comments to this parser.
            true
        } else {
            matches!(info, LineInfo::Sample { .. })
        };
        assert!(ok, "a line that does not parse: {line:?}\n{text}");
    }
    assert!(text.trim_end().ends_with("# EOF"), "{text}");
    let scrape = Scrape::parse(text.lines().map(|l| Ok(l.to_owned()))).unwrap();
    Metrics { text, scrape }
}

impl Metrics {
    /// The value of the counter or gauge sample `name` whose labels include `labels`
    /// (0 when there is none).
    fn value(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        self.scrape
            .samples
            .iter()
            .filter(|s| s.metric == name)
            .filter(|s| labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v)))
            .map(|s| match &s.value {
                Value::Counter(v) | Value::Gauge(v) | Value::Untyped(v) => *v,
                other => panic!("{name} is not a number: {other:?}"),
            })
            .sum()
    }

    /// How many observations the histogram `name` with `labels` holds.
    fn observations(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        self.scrape
            .samples
            .iter()
            .filter(|s| s.metric == name)
            .filter(|s| labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v)))
            .map(|s| match &s.value {
                Value::Histogram(buckets) => {
                    buckets.iter().map(|b| b.count).fold(0.0_f64, f64::max)
                }
                other => panic!("{name} is not a histogram: {other:?}"),
            })
            .sum()
    }

    /// Every label of every sample, as (metric, label name, value).
    fn labels(&self) -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        for s in &self.scrape.samples {
            let map: BTreeMap<String, String> = s
                .labels
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            for (k, v) in map {
                out.push((s.metric.clone(), k, v));
            }
        }
        out
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_parse_as_prometheus_text_and_move_with_a_conversation_without_a_user_in_a_label() {
    let t = TestApp::builder().telegram().build().await;
    let base = serve_ops(&t).await;
    // The bot connects (getMe, the command menus) before it serves.
    let mut before = scrape(&base).await;
    for _ in 0..120 {
        if before.value("dustpan_frontend_connected", &[("frontend", "telegram")]) == 1.0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
        before = scrape(&base).await;
    }
    assert_eq!(
        before.value("dustpan_commands_total", &[("command", "dust")]),
        0.0
    );
    assert_eq!(before.value("dustpan_conversions_total", &[]), 0.0);

    const USER: &str = "7001234567";
    let who = t.connected_user(USER).await;
    let dust = t.send(&who, "/dust").await;
    assert!(!dust.messages.is_empty(), "{}", crate::app::text(&dust));
    let confirm = t.send(&who, "/convert all").await;
    let done = t
        .press(&who, &press_token(&confirm, "button-confirm"))
        .await;
    assert!(
        has_key(&done, "convert-done"),
        "{}",
        crate::app::text(&done)
    );
    assert_eq!(t.dust_posts(), 1);

    let after = scrape(&base).await;
    for command in ["connect", "dust", "convert"] {
        assert_eq!(
            after.value(
                "dustpan_commands_total",
                &[("command", command), ("outcome", "ok")]
            ),
            1.0,
            "{command}\n{}",
            after.text
        );
        assert_eq!(
            after.observations("dustpan_command_duration_seconds", &[("command", command)]),
            1.0,
            "{command}\n{}",
            after.text
        );
    }
    assert_eq!(
        after.value(
            "dustpan_presses_total",
            &[("kind", "confirm"), ("outcome", "ok")]
        ),
        1.0,
        "{}",
        after.text
    );
    // The exchange: the one dust conversion sent, every request counted with its weight.
    assert_eq!(
        after.value(
            "dustpan_exchange_requests_total",
            &[("endpoint", "/sapi/v1/asset/dust")]
        ),
        1.0,
        "{}",
        after.text
    );
    let sent: usize = t.sim.requests().len();
    let counted = after.value("dustpan_exchange_requests_total", &[]);
    assert!(
        counted >= 3.0 && counted <= sent as f64,
        "{counted} counted, {sent} reached the simulator\n{}",
        after.text
    );
    assert!(after.value("dustpan_exchange_weight_total", &[]) >= counted);
    // One conversion, and what it received valued in USDT.
    assert_eq!(
        after.value("dustpan_conversions_total", &[("kind", "dust")]),
        1.0
    );
    // The BNB received, less the fee, at the simulator's BNBUSDT price.
    let (gross, fee): (String, String) =
        sqlx::query_as("SELECT total_bnb, total_fee_bnb FROM dust_conversions")
            .fetch_one(t.app.db.pool())
            .await
            .unwrap();
    let ticker: serde_json::Value = reqwest::get(format!(
        "{}/api/v3/ticker/price?symbol=BNBUSDT",
        t.sim.base_url()
    ))
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let price: f64 = ticker["price"].as_str().unwrap().parse().unwrap();
    let net = gross.parse::<f64>().unwrap() - fee.parse::<f64>().unwrap();
    let swept = after.value("dustpan_value_swept_usdt_total", &[("kind", "dust")]);
    assert!(
        swept > 0.0 && (swept - net * price).abs() < 1e-6,
        "{swept} swept, {net} BNB at {price}\n{}",
        after.text
    );
    // Telegram: getMe and the command menu went through the counted sender.
    assert!(
        after.value(
            "dustpan_chat_api_calls_total",
            &[("platform", "telegram"), ("outcome", "ok")]
        ) >= 1.0,
        "{}",
        after.text
    );
    assert_eq!(
        after.value("dustpan_frontend_connected", &[("frontend", "telegram")]),
        1.0,
        "{}",
        after.text
    );
    // Open operations by state, as the database holds them at the scrape.
    let open: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM operations
         WHERE status IN ('selecting', 'pending', 'submitting', 'unknown')",
    )
    .fetch_one(t.app.db.pool())
    .await
    .unwrap();
    assert_eq!(after.value("dustpan_open_operations", &[]), open as f64);

    // No label names a user, a key or a token: only the fixed label names, and values
    // that hold none of them.
    let allowed = [
        "command", "outcome", "kind", "endpoint", "status", "event", "platform", "state",
        "frontend",
    ];
    let internal_ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM users")
        .fetch_all(t.app.db.pool())
        .await
        .unwrap();
    let labels = after.labels();
    assert!(labels.len() > 10, "{labels:?}");
    for (metric, name, value) in labels {
        assert!(allowed.contains(&name.as_str()), "{metric}: label {name}");
        for secret in [USER, DEMO_API_KEY, DEMO_API_SECRET, TOKEN, &key_b64(1)] {
            assert!(!value.contains(secret), "{metric}{{{name}={value:?}}}");
        }
        assert!(
            !value.chars().any(|c| c.is_ascii_digit())
                || name == "status"
                || (name == "endpoint" && value.starts_with('/')),
            "{metric}{{{name}={value:?}}}"
        );
        for id in &internal_ids {
            assert_ne!(value, id.to_string(), "{metric}{{{name}={value:?}}}");
        }
    }
}

#[tokio::test]
async fn a_429_from_the_exchange_is_counted_by_endpoint_and_status() {
    use dustpan::binance::{BinanceClient, ClientConfig};
    use dustpan::domain::Credentials;
    use dustpan::ports::{Exchange as _, ExchangeError};
    use secrecy::SecretString;

    // 60 weight a minute: the clock (1) and two account reads (20 each) fit, a third not.
    let mut config = SimConfig::demo();
    config.limits = sim::Limits {
        api_weight_1m: 60,
        ..sim::Limits::default()
    };
    let sim = sim::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    // Early in the simulator's minute, so the window does not roll over mid-test.
    let into_minute = sim.now_ms().rem_euclid(60_000);
    sim.advance_time(Duration::from_millis(
        u64::try_from((65_000 - into_minute).rem_euclid(60_000)).unwrap(),
    ));
    let client = BinanceClient::new(ClientConfig::new(sim.base_url().parse().unwrap())).unwrap();
    let metrics = dustpan::metrics::Metrics::new();
    client.count_into(metrics.clone());
    let creds = Credentials::new(
        SecretString::from(DEMO_API_KEY),
        SecretString::from(DEMO_API_SECRET),
    );
    client.sync_time().await.unwrap();
    client.balances(&creds).await.unwrap();
    client.balances(&creds).await.unwrap();
    let limited = client.balances(&creds).await;
    assert!(
        matches!(
            limited,
            Err(ExchangeError::RateLimited { banned: false, .. })
        ),
        "{limited:?}"
    );

    let text = metrics.render();
    let scrape = Scrape::parse(text.lines().map(|l| Ok(l.to_owned()))).unwrap();
    let m = Metrics { text, scrape };
    assert_eq!(
        m.value(
            "dustpan_exchange_rate_limited_total",
            &[("endpoint", "/api/v3/account"), ("status", "429")]
        ),
        1.0,
        "{}",
        m.text
    );
    assert_eq!(
        m.value(
            "dustpan_exchange_requests_total",
            &[("endpoint", "/api/v3/account")]
        ),
        3.0,
        "{}",
        m.text
    );
    assert_eq!(
        m.value(
            "dustpan_exchange_weight_total",
            &[("endpoint", "/api/v3/account")]
        ),
        60.0,
        "{}",
        m.text
    );
}

/// Scrapes until `ready` holds of a scrape (generous: two loaded cores, and teloxide backs
/// off for several seconds after a failed getUpdates).
async fn scrape_until(base: &str, what: &str, ready: impl Fn(&Metrics) -> bool) -> Metrics {
    for _ in 0..240 {
        let m = scrape(base).await;
        if ready(&m) {
            return m;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    panic!("timed out waiting for {what}:\n{}", scrape(base).await.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_due_and_sent_after_a_telegram_429_shows_in_the_metrics() {
    use crate::telegram::fake_api::errors;

    let t = TestApp::builder().telegram().build().await;
    let base = serve_ops(&t).await;
    scrape_until(&base, "the bot to connect", |m| {
        m.value("dustpan_frontend_connected", &[("frontend", "telegram")]) == 1.0
    })
    .await;
    let who = t.connected_user("3005").await;
    // Some dust stays, so the reminder has something to offer.
    let confirm = t.send(&who, "/convert ADA XRP").await;
    let done = t
        .press(&who, &press_token(&confirm, "button-confirm"))
        .await;
    assert!(
        has_key(&done, "convert-done"),
        "{}",
        crate::app::text(&done)
    );
    let before = scrape(&base).await;
    assert_eq!(before.value("dustpan_reminders_total", &[]), 0.0);

    // The reminder's first send meets a 429; the sender waits it out and sends again.
    t.telegram()
        .fail_next("sendMessage", errors::retry_after(1));
    t.advance(t.cooldown + Duration::from_secs(1));
    t.telegram()
        .wait_for("the reminder", |calls| {
            calls.iter().any(|c| {
                c.method == "sendmessage"
                    && c.body["text"]
                        .as_str()
                        .is_some_and(|s| s.contains("cooldown is over"))
            })
        })
        .await;
    let after = scrape_until(&base, "the reminder to be counted", |m| {
        m.value("dustpan_reminders_total", &[("event", "sent")]) >= 1.0
    })
    .await;
    assert_eq!(
        after.value("dustpan_reminders_total", &[("event", "sent")]),
        1.0,
        "{}",
        after.text
    );
    assert!(
        after.value("dustpan_reminders_total", &[("event", "due")]) >= 1.0,
        "{}",
        after.text
    );
    assert_eq!(
        after.value("dustpan_reminders_total", &[("event", "failed")]),
        0.0,
        "{}",
        after.text
    );
    assert_eq!(
        after.value(
            "dustpan_chat_api_calls_total",
            &[("platform", "telegram"), ("outcome", "rate_limited")]
        ),
        1.0,
        "{}",
        after.text
    );
}

#[tokio::test]
async fn a_swap_counts_one_conversion_and_the_usdt_it_received() {
    let t = spawn_app().await;
    let base = serve_ops(&t).await;
    let who = t.connected_user("3007").await;
    let screen = t.send(&who, "/swap eth usdt 0.001").await;
    let confirm = press_token(&screen, "button-confirm");
    let done = t.press(&who, &confirm).await;
    assert!(has_key(&done, "swap-done"), "{}", crate::app::text(&done));
    // A second press of the same Confirm converts nothing, and counts nothing.
    t.press(&who, &confirm).await;

    let m = scrape(&base).await;
    assert_eq!(
        m.value("dustpan_conversions_total", &[("kind", "swap")]),
        1.0,
        "{}",
        m.text
    );
    // 0.001 ETH at the simulator's quote gave 3.4735889 USDT.
    let swept = m.value("dustpan_value_swept_usdt_total", &[("kind", "swap")]);
    assert!((swept - 3.4735889).abs() < 1e-9, "{swept}\n{}", m.text);
    assert_eq!(
        m.value(
            "dustpan_presses_total",
            &[("kind", "confirm"), ("outcome", "ok")]
        ),
        2.0,
        "{}",
        m.text
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_discord_rest_call_is_counted_in_the_apps_own_registry() {
    let t = TestApp::builder().discord().build().await;
    let base = serve_ops(&t).await;
    t.discord().registration().await;
    let calls = t.discord().fake.calls().len() as f64;
    assert!(calls >= 2.0, "the application id and the registration");
    let m = scrape_until(&base, "the start-up calls to be counted", |m| {
        m.value(
            "dustpan_chat_api_calls_total",
            &[("platform", "discord"), ("outcome", "ok")],
        ) >= calls
    })
    .await;
    assert_eq!(
        m.value(
            "dustpan_chat_api_calls_total",
            &[("platform", "discord"), ("outcome", "ok")]
        ),
        calls,
        "{}",
        m.text
    );
    // Another app in the same process counts into its own registry, not this one.
    let other = TestApp::builder().discord().build().await;
    other.discord().registration().await;
    assert_eq!(
        scrape(&base).await.value(
            "dustpan_chat_api_calls_total",
            &[("platform", "discord"), ("outcome", "ok")]
        ),
        calls
    );
}
