//! The test harness (zero2prod's `spawn_app`): one builder gives the real app (service,
//! Binance client, SQLite, key store, and on request its frontends and scheduler) on a fresh
//! temp database, against the in-process simulator, on a clock the test moves, with the fake
//! Telegram Bot API when asked. Only third parties are faked.
//!
//! ```ignore
//! let t = TestApp::builder().sim(config).setting("K", "v").telegram().build().await;
//! ```

#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use dustpan::config::RawSettings;
use dustpan::domain::Platform;
use dustpan::ports::Clock;
use dustpan::service::reply::{Limits, Reply, layout};
use dustpan::service::{Caller, ChannelKind};
use dustpan::sim::{self, SimConfig, SimHandle};
use dustpan::startup::App;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::discord::Discord;
use crate::helpers::{TempDb, key_b64};
use crate::telegram::fake_api::{FakeBotApi, TOKEN};

/// A clock tests move by hand.
#[derive(Debug)]
pub struct TestClock(Mutex<DateTime<Utc>>);

impl TestClock {
    pub fn starting_at(at: DateTime<Utc>) -> Self {
        Self(Mutex::new(at))
    }

    pub fn advance(&self, by: Duration) {
        let mut t = self.0.lock().unwrap();
        *t += chrono::Duration::from_std(by).unwrap();
    }

    pub fn now_ms(&self) -> i64 {
        self.now().timestamp_millis()
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

/// The dust cooldown of the app and the simulator unless a test sets another.
pub const COOLDOWN: Duration = Duration::from_secs(6 * 3600);

/// What a test asks of its app (see [`TestApp::builder`]).
pub struct Builder {
    sim: SimConfig,
    settings: Vec<(String, String)>,
    cooldown: Duration,
    telegram: bool,
    discord: bool,
    start: Option<DateTime<Utc>>,
    mexc: Option<dustpan::sim::mexc::MexcSimConfig>,
    bybit: Option<dustpan::sim::bybit::BybitSimConfig>,
}

impl Builder {
    /// The simulator's accounts and behaviour (default: the demo account).
    pub fn sim(mut self, config: SimConfig) -> Self {
        self.sim = config;
        self
    }

    /// A setting on top of the test defaults (database, master key, exchange URL, cooldown).
    pub fn setting(mut self, name: &str, value: &str) -> Self {
        self.settings.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Several settings on top of the test defaults.
    pub fn settings(self, pairs: &[(&str, &str)]) -> Self {
        pairs.iter().fold(self, |b, (k, v)| b.setting(k, v))
    }

    /// The dust cooldown of both the app and the simulator (default [`COOLDOWN`]).
    pub fn cooldown(mut self, cooldown: Duration) -> Self {
        self.cooldown = cooldown;
        self
    }

    /// The fake Telegram Bot API, and the app serving it with its scheduler (`App::run`)
    /// until the test ends or calls [`TestApp::stop`].
    pub fn telegram(mut self) -> Self {
        self.telegram = true;
        self
    }

    /// The fake Discord REST API and a signed interactions endpoint on a loopback port, and
    /// the app serving them with its scheduler (`App::run`).
    pub fn discord(mut self) -> Self {
        self.discord = true;
        self
    }

    /// A MEXC simulator too, its URL given to the app as `MEXC_API_URL`.
    pub fn mexc(mut self, config: dustpan::sim::mexc::MexcSimConfig) -> Self {
        self.mexc = Some(config);
        self
    }

    /// A Bybit simulator too, its URL given to the app as `BYBIT_API_URL`.
    pub fn bybit(mut self, config: dustpan::sim::bybit::BybitSimConfig) -> Self {
        self.bybit = Some(config);
        self
    }

    /// Where the test clock starts (default: now).
    pub fn clock(mut self, start: DateTime<Utc>) -> Self {
        self.start = Some(start);
        self
    }

    pub async fn build(self) -> TestApp {
        let mut config = self.sim;
        config.dust_cooldown = self.cooldown;
        let sim = sim::start(config, "127.0.0.1:0".parse().unwrap())
            .await
            .expect("sim");
        let clock = Arc::new(TestClock::starting_at(self.start.unwrap_or_else(Utc::now)));
        let mut extra = vec![(
            "DUSTPAN_DUST_COOLDOWN".to_owned(),
            format!("{}s", self.cooldown.as_secs()),
        )];
        let telegram = if self.telegram {
            let fake = FakeBotApi::start().await;
            extra.push(("TELEGRAM_BOT_TOKEN".into(), TOKEN.into()));
            extra.push(("TELEGRAM_API_URL".into(), fake.url()));
            Some(fake)
        } else {
            None
        };
        let discord = if self.discord {
            let d = Discord::start().await;
            extra.extend(d.settings());
            Some(d)
        } else {
            None
        };
        let mexc = match self.mexc {
            Some(config) => {
                let m = dustpan::sim::mexc::start(config, "127.0.0.1:0".parse().unwrap())
                    .await
                    .expect("mexc sim");
                extra.push(("MEXC_API_URL".into(), m.base_url()));
                Some(m)
            }
            None => None,
        };
        let bybit = match self.bybit {
            Some(config) => {
                let b = dustpan::sim::bybit::start(config, "127.0.0.1:0".parse().unwrap())
                    .await
                    .expect("bybit sim");
                extra.push(("BYBIT_API_URL".into(), b.base_url()));
                Some(b)
            }
            None => None,
        };
        extra.extend(self.settings);
        let db = TempDb::new();
        let app = build(&sim, &db, clock.clone(), &extra).await;
        let mut t = TestApp {
            app,
            sim,
            clock,
            db,
            cooldown: self.cooldown,
            extra,
            telegram,
            discord,
            mexc,
            bybit,
            running: None,
        };
        t.start();
        t
    }
}

/// The app serving its frontends, and the way to stop it.
struct Running {
    stop: oneshot::Sender<()>,
    task: JoinHandle<anyhow::Result<()>>,
}

pub struct TestApp {
    pub app: App,
    pub sim: SimHandle,
    pub clock: Arc<TestClock>,
    pub db: TempDb,
    pub cooldown: Duration,
    /// Settings on top of the test defaults, kept for a restart.
    pub extra: Vec<(String, String)>,
    /// The fake Bot API, when the builder asked for Telegram.
    telegram: Option<FakeBotApi>,
    /// The fake Discord API and the endpoint's address, when the builder asked for Discord.
    discord: Option<Discord>,
    /// The MEXC simulator, when the builder asked for one.
    pub mexc: Option<dustpan::sim::mexc::MexcSimHandle>,
    /// The Bybit simulator, when the builder asked for one.
    pub bybit: Option<dustpan::sim::bybit::BybitSimHandle>,
    running: Option<Running>,
}

/// The demo simulator and no frontend: most tests of the service.
pub async fn spawn_app() -> TestApp {
    TestApp::builder().build().await
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
    // Open to everyone unless the test chooses who gets in (issue 19: a choice is required).
    if !extra
        .iter()
        .any(|(k, _)| k == "DUSTPAN_ALLOWED_USERS" || k == "DUSTPAN_OPEN")
    {
        raw.set("DUSTPAN_OPEN", "true");
    }
    for (k, v) in extra {
        raw.set(k, v);
    }
    let settings = raw.parse().unwrap();
    App::build_with_clock(&settings, clock).await.expect("app")
}

impl TestApp {
    pub fn builder() -> Builder {
        Builder {
            sim: SimConfig::demo(),
            settings: Vec::new(),
            cooldown: COOLDOWN,
            telegram: false,
            discord: false,
            start: None,
            mexc: None,
            bybit: None,
        }
    }

    /// The fake Bot API the app talks to.
    pub fn telegram(&self) -> &FakeBotApi {
        self.telegram.as_ref().expect("built without .telegram()")
    }

    /// The fake Discord API and the interactions endpoint the app serves.
    pub fn discord(&self) -> &Discord {
        self.discord.as_ref().expect("built without .discord()")
    }

    /// Runs the app's frontends and scheduler (`App::run`) when it has a frontend.
    fn start(&mut self) {
        if self.telegram.is_none() && self.discord.is_none() {
            return;
        }
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(self.app.clone().run(async {
            let _ = stopped.await;
        }));
        self.running = Some(Running { stop, task });
    }

    /// Whether `App::run` is still going (it stops on its own when a frontend fails).
    pub fn is_running(&self) -> bool {
        self.running.as_ref().is_some_and(|r| !r.task.is_finished())
    }

    /// Resolves the app's shutdown future and returns what `App::run` returned (waited
    /// for generously).
    pub async fn stop_result(&mut self) -> anyhow::Result<()> {
        let running = self.running.take().expect("the app is not running");
        let _ = running.stop.send(());
        tokio::time::timeout(Duration::from_secs(30), running.task)
            .await
            .expect("run returns after its shutdown future resolves")
            .expect("run did not panic")
    }

    /// Stops the running app; it must stop cleanly.
    pub async fn stop(&mut self) {
        let result = self.stop_result().await;
        assert!(result.is_ok(), "{result:?}");
    }

    /// Stops the app and builds it again on the same database ("a restart"); a running app
    /// runs again.
    pub async fn restart(&mut self) {
        if self.running.is_some() {
            self.stop().await;
        }
        self.app.db.close().await;
        self.app = build(&self.sim, &self.db, self.clock.clone(), &self.extra).await;
        self.start();
    }

    /// A restart against another simulator (another exchange), same database and clock.
    pub async fn restart_on(&mut self, sim: SimHandle) {
        self.sim = sim;
        self.restart().await;
    }

    /// Moves both the bot's and the exchange's clocks; a running scheduler looks at once.
    pub fn advance(&self, by: Duration) {
        self.clock.advance(by);
        self.sim.advance_time(by);
        if self.running.is_some() {
            self.app.service.reminder_wakeup().notify_one();
        }
    }

    pub async fn send(&self, who: &Caller, text: &str) -> Reply {
        self.app.service.handle_text(who, text).await
    }

    pub async fn press(&self, who: &Caller, token: &str) -> Reply {
        self.app.service.handle_press(who, token).await
    }

    /// A user connected with the demo key in their private chat.
    pub async fn connected_user(&self, id: &str) -> Caller {
        let who = private_user(id);
        let reply = self
            .send(
                &who,
                &format!("/connect {} {}", sim::DEMO_API_KEY, sim::DEMO_API_SECRET),
            )
            .await;
        crate::replies::assert_key(&reply, "connect-done");
        who
    }

    pub fn dust_posts(&self) -> usize {
        self.sim.request_count("POST", "/sapi/v1/asset/dust")
    }
}

/// Where a caller writes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chat {
    /// Their private chat with the bot.
    Private,
    /// A group or channel.
    Group,
}

/// The one place tests build a [`Caller`]: a Telegram user `id` writing in `chat`.
pub fn caller(id: &str, chat: Chat) -> Caller {
    let kind = match chat {
        Chat::Private => ChannelKind::PrivateChat,
        Chat::Group => ChannelKind::Group,
    };
    Caller::new(Platform::Telegram, id, kind)
}

/// A Telegram user in their private chat with the bot.
pub fn private_user(id: &str) -> Caller {
    caller(id, Chat::Private)
}

/// A Telegram user writing in a group.
pub fn group_user(id: &str) -> Caller {
    caller(id, Chat::Group)
}

/// The English rendering of a reply, notices included (for the rendering tests; tests of
/// logic read keys and arguments, see [`crate::replies`]).
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
