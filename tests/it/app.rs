//! `spawn_app()`: the real app (service, Binance client, SQLite, key store) against the
//! in-process simulator, with a controllable clock.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use dustpan::config::RawSettings;
use dustpan::domain::Platform;
use dustpan::ports::Clock;
use dustpan::service::Caller;
use dustpan::service::reply::{Limits, Reply, layout};
use dustpan::sim::{self, SimConfig, SimHandle};
use dustpan::startup::App;

use crate::helpers::{TempDb, key_b64};

/// A clock tests move by hand.
#[derive(Debug)]
pub struct TestClock(Mutex<DateTime<Utc>>);

impl TestClock {
    pub fn advance(&self, by: Duration) {
        let mut t = self.0.lock().unwrap();
        *t += chrono::Duration::from_std(by).unwrap();
    }
}

impl TestClock {
    pub fn now_ms(&self) -> i64 {
        self.now().timestamp_millis()
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

pub struct TestApp {
    pub app: App,
    pub sim: SimHandle,
    pub clock: Arc<TestClock>,
    pub db: TempDb,
    pub cooldown: Duration,
    /// Settings on top of the test defaults, kept for a restart.
    pub extra: Vec<(String, String)>,
}

pub const COOLDOWN: Duration = Duration::from_secs(6 * 3600);

pub async fn spawn_app() -> TestApp {
    spawn_app_with(SimConfig::demo()).await
}

pub async fn spawn_app_with(config: SimConfig) -> TestApp {
    spawn_app_configured(config, &[]).await
}

/// [`spawn_app_with`] and these settings on top of the test defaults.
pub async fn spawn_app_configured(mut config: SimConfig, extra: &[(&str, &str)]) -> TestApp {
    config.dust_cooldown = COOLDOWN;
    let sim = sim::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .expect("sim");
    let db = TempDb::new();
    let clock = Arc::new(TestClock(Mutex::new(Utc::now())));
    let extra: Vec<(String, String)> = extra
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let app = build(&sim, &db, clock.clone(), &extra).await;
    TestApp {
        app,
        sim,
        clock,
        db,
        cooldown: COOLDOWN,
        extra,
    }
}

async fn build(
    sim: &SimHandle,
    db: &TempDb,
    clock: Arc<TestClock>,
    extra: &[(String, String)],
) -> App {
    let mut raw = RawSettings::default();
    raw.set("DUSTPAN_DATABASE_URL", db.path.to_str().unwrap());
    raw.set("DUSTPAN_MASTER_KEY", &key_b64(1));
    raw.set("BINANCE_API_URL", &sim.base_url());
    raw.set("DUSTPAN_DUST_COOLDOWN", "6h");
    for (k, v) in extra {
        raw.set(k, v);
    }
    let settings = raw.parse().unwrap();
    App::build_with_clock(&settings, clock).await.expect("app")
}

impl TestApp {
    /// Stops the app and builds it again on the same database ("a restart").
    pub async fn restart(&mut self) {
        self.app.db.close().await;
        self.app = build(&self.sim, &self.db, self.clock.clone(), &self.extra).await;
    }

    /// Moves both the bot's and the exchange's clocks.
    pub fn advance(&self, by: Duration) {
        self.clock.advance(by);
        self.sim.advance_time(by);
    }

    pub async fn send(&self, who: &Caller, text: &str) -> Reply {
        self.app.service.handle_text(who, text).await
    }

    pub async fn press(&self, who: &Caller, token: &str) -> Reply {
        self.app.service.handle_press(who, token).await
    }

    /// A user connected with the demo key.
    pub async fn connected_user(&self, id: &str) -> Caller {
        let who = user(id);
        let reply = self
            .send(
                &who,
                &format!("/connect {} {}", sim::DEMO_API_KEY, sim::DEMO_API_SECRET),
            )
            .await;
        assert!(text(&reply).contains("Connected key"), "{}", text(&reply));
        who
    }

    pub fn dust_posts(&self) -> usize {
        self.sim.request_count("POST", "/sapi/v1/asset/dust")
    }
}

pub fn user(id: &str) -> Caller {
    Caller::in_private(Platform::Telegram, id)
}

/// The English rendering of a reply, notices included.
pub fn text(reply: &Reply) -> String {
    let l = dustpan::i18n::locales();
    let mut out = String::new();
    if let Some(n) = &reply.notice {
        out.push_str(&l.render("en", n, &|s| s.to_owned()));
        out.push('\n');
    }
    // A credentials prompt as Telegram and the console ask it: its guided form's question.
    for m in reply.text_messages() {
        for b in &m.blocks {
            out.push_str(&l.render("en", b, &|s| s.to_owned()));
            out.push('\n');
        }
        // Rows of three, as Telegram and the console show them.
        let rows = layout(
            &m.buttons,
            Limits {
                max_rows: usize::MAX,
                per_row: 3,
            },
        )
        .expect("unbounded rows fit every button");
        for row in rows {
            for b in row {
                out.push_str(&format!(
                    "[{}]",
                    l.render("en", &b.label, &|s| s.to_owned())
                ));
            }
            out.push('\n');
        }
    }
    out
}

/// The token of the button whose label contains `label`.
pub fn button(reply: &Reply, label: &str) -> String {
    let l = dustpan::i18n::locales();
    reply
        .messages
        .iter()
        .flat_map(|m| m.buttons.iter())
        .find(|b| l.render("en", &b.label, &|s| s.to_owned()).contains(label))
        .map(|b| b.token.clone())
        .unwrap_or_else(|| panic!("no button {label:?} in\n{}", text(reply)))
}
