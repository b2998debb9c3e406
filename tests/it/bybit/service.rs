//! End to end at the service: a user with a Bybit key does /dust and /convert and gets the
//! asynchronous result reported, per coin, when Bybit finishes. The service runs with Bybit
//! as its exchange (the real adapter against the real simulator, a real database); the
//! per-exchange routing of /convert is another part of issue 20.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use dustpan::bybit::{BybitClient, BybitConfig};
use dustpan::config::MasterKeys;
use dustpan::domain::{ExchangeId, Platform};
use dustpan::ports::{Exchange, Notifier, NotifyError, SystemClock, UserRecord};
use dustpan::reply::Message;
use dustpan::service::{Caller, Service, ServiceConfig};
use dustpan::sim::bybit::{
    self as sim, BYBIT_DEMO_API_KEY, BYBIT_DEMO_API_SECRET, BybitExecution, BybitSimConfig,
    BybitSimHandle,
};
use dustpan::store::{Database, EncryptedKeyStore};

use super::{EXECUTE, KEY, dec};
use crate::app::{TestApp, text};
use crate::helpers::TempDb;
use crate::replies::{assert_key, press_token};

/// Messages the service delivers later (the outbox), as a chat platform would receive them.
#[derive(Default)]
struct Inbox(Mutex<Vec<Message>>);

#[async_trait]
impl Notifier for Inbox {
    fn platform(&self) -> Platform {
        Platform::Console
    }
    async fn notify(&self, _: &UserRecord, m: &Message, _: bool) -> Result<(), NotifyError> {
        self.0.lock().unwrap().push(m.clone());
        Ok(())
    }
}

struct Bot {
    sim: BybitSimHandle,
    client: BybitClient,
    service: Service,
    inbox: Arc<Inbox>,
    _db: TempDb,
}

impl Bot {
    async fn start(execution: BybitExecution, after: Duration) -> Self {
        let sim = sim::start(BybitSimConfig::demo(), "127.0.0.1:0".parse().unwrap())
            .await
            .expect("sim");
        sim.set_execution(execution, after);
        let client = BybitClient::new(BybitConfig::new(
            url::Url::parse(&sim.base_url()).expect("url"),
        ))
        .expect("client");
        let db = TempDb::new();
        let keys = MasterKeys::single([7u8; 32]);
        let store = Database::open(&db.path, Some(&keys)).await.expect("db");
        let service = Service::new(
            Arc::new(client.clone()),
            Arc::new(store.clone()),
            Arc::new(EncryptedKeyStore::new(store, Some(keys))),
            Arc::new(SystemClock),
            ServiceConfig {
                dust_cooldown: client.capabilities().small_balance_cooldown(),
                require_ip_restricted: false,
                user_commands_per_min: 600,
                user_command_burst: 100,
            },
        );
        Self {
            sim,
            client,
            service,
            inbox: Arc::new(Inbox::default()),
            _db: db,
        }
    }

    /// The console's own user (the service lets it in without an access list).
    fn me() -> Caller {
        Caller::in_private(Platform::Console, "demo")
    }

    async fn send(&self, text: &str) -> dustpan::reply::Reply {
        self.service.handle_text(&Self::me(), text).await
    }

    /// Connected with the demo key, then `/convert` + Confirm.
    async fn convert(&self, what: &str) -> dustpan::reply::Reply {
        let r = self
            .send(&format!(
                "/connect {BYBIT_DEMO_API_KEY} {BYBIT_DEMO_API_SECRET}"
            ))
            .await;
        assert_key(&r, "connect-done");
        let confirm = self.send(what).await;
        let token = press_token(&confirm, "button-confirm");
        self.service.handle_press(&Self::me(), &token).await
    }

    /// One background pass (the scheduler's): reconcile, then deliver what is owed.
    async fn background(&self) -> Vec<String> {
        self.service.recover().await;
        let notifiers: Vec<Arc<dyn Notifier>> = vec![self.inbox.clone()];
        self.service
            .run_due_reminders(
                chrono::Utc::now() + chrono::Duration::seconds(5),
                &notifiers,
            )
            .await;
        let lang = dustpan::i18n::locales();
        self.inbox
            .0
            .lock()
            .unwrap()
            .iter()
            .map(|m| {
                m.blocks
                    .iter()
                    .map(|b| lang.render("en", b, &|s| s.to_owned()))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .filter(|m| m.starts_with("Bybit"))
            .collect()
    }
}

/// The signed Bybit endpoints (everything but /v5/market).
const SIGNED: &[(&str, &str)] = &[
    ("GET", "/v5/account/wallet-balance"),
    ("GET", "/v5/user/query-api"),
    ("GET", "/v5/asset/covert/small-balance-list"),
    ("GET", "/v5/asset/covert/small-balance-history"),
    ("POST", "/v5/asset/covert/get-quote"),
    ("POST", "/v5/asset/covert/small-balance-execute"),
];

fn signed_count(sim: &BybitSimHandle) -> usize {
    SIGNED.iter().map(|(m, p)| sim.request_count(m, p)).sum()
}

#[tokio::test]
async fn a_user_with_a_bybit_key_sees_a_bybit_section_in_dust_for_few_signed_requests() {
    let sim = sim::start(BybitSimConfig::demo(), "127.0.0.1:0".parse().unwrap())
        .await
        .expect("sim");
    let t = TestApp::builder()
        .setting("BYBIT_API_URL", &sim.base_url())
        .build()
        .await;
    assert!(t.app.service.exchange_ids().contains(&ExchangeId::Bybit));
    let who = t.connected_user("3001").await;
    let r = t
        .send(
            &who,
            &format!("/connect bybit {BYBIT_DEMO_API_KEY} {BYBIT_DEMO_API_SECRET}"),
        )
        .await;
    assert_key(&r, "connect-done");
    assert!(r.delete_incoming, "the message carrying the key is deleted");
    let before = signed_count(&sim);
    let dust = t.send(&who, "/dust").await;
    let shown = text(&dust);
    assert!(
        shown.contains("Bybit: your dust (converts to MNT)"),
        "{shown}"
    );
    assert!(!shown.contains(BYBIT_DEMO_API_SECRET));
    let per_dust = signed_count(&sim) - before;
    let second_before = signed_count(&sim);
    let public_before = sim.request_count("GET", "/v5/market/tickers");
    t.send(&who, "/dust").await;
    // Measured for issue 20's note: signed requests per /dust on Bybit; public data cached.
    println!(
        "signed requests per /dust on Bybit: {per_dust}, then {}",
        signed_count(&sim) - second_before
    );
    assert!(per_dust <= 3, "{per_dust}");
    assert_eq!(
        sim.request_count("GET", "/v5/market/tickers"),
        public_before,
        "prices cached and shared"
    );
}

#[tokio::test]
async fn a_bybit_user_converts_and_gets_the_result_in_the_reply() {
    let bot = Bot::start(BybitExecution::Success, Duration::from_millis(500)).await;
    assert_eq!(bot.service.exchange_ids(), vec![ExchangeId::Bybit]);
    let done = bot.convert("/convert XRP ADA").await;
    assert_key(&done, "convert-done");
    assert_eq!(bot.sim.request_count(EXECUTE.0, EXECUTE.1), 1);
    assert_eq!(bot.sim.conversions(KEY), Some(vec!["success"]));
    assert_eq!(bot.sim.balance(KEY, "XRP"), Some(dec("0")));
    // Every coin converted at once: nothing more to report.
    assert!(bot.background().await.is_empty());
    assert_key(&bot.send("/history").await, "history-line-to");
    // Bybit alone: another exchange's name is refused, the key deleted unread.
    let r = bot.send("/connect mexc k s").await;
    assert_key(&r, "connect-exchange-unknown");
    assert!(r.delete_incoming);
    let _ = &bot.client;
}

#[tokio::test]
async fn a_partial_fulfilment_is_reported_coin_by_coin() {
    let bot = Bot::start(BybitExecution::Partial, Duration::from_millis(500)).await;
    let done = bot.convert("/convert XRP ADA DOGE").await;
    assert_key(&done, "convert-done");
    let reports = bot.background().await;
    assert_eq!(reports.len(), 1, "{reports:?}");
    let r = &reports[0];
    assert!(
        r.contains("Bybit: your small-balance conversion has finished"),
        "{r}"
    );
    // The simulator fails the quote's last coin (the selection is sent in order: ADA, DOGE, XRP).
    assert!(
        r.contains("• ADA 1.8 →") && r.contains("• DOGE 4.2 →"),
        "{r}"
    );
    assert!(r.contains("• XRP: not converted (failure)"), "{r}");
    assert_eq!(bot.sim.balance(KEY, "XRP"), Some(dec("0.9")));
}

#[tokio::test]
async fn a_conversion_still_processing_is_reported_when_bybit_finishes_it() {
    let bot = Bot::start(BybitExecution::Success, Duration::from_secs(600)).await;
    let reply = bot.convert("/convert XRP SOL").await;
    assert_key(&reply, "convert-submitted-unknown");
    let notes = bot.background().await;
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].starts_with("Bybit accepted the conversion and is still processing it"),
        "{}",
        notes[0]
    );
    // Meanwhile another /convert waits for it: never a second conversion.
    let wait = bot.send("/convert ADA").await;
    assert_key(&wait, "convert-still-confirming");
    bot.sim.advance_time(Duration::from_secs(601));
    let reports = bot.background().await;
    assert_eq!(reports.len(), 2, "{reports:?}");
    let reports = &reports[1..];
    assert!(
        reports[0].contains("• XRP 0.9 →") && reports[0].contains("• SOL 0.003 →"),
        "{}",
        reports[0]
    );
    assert!(reports[0].contains("Received in total"), "{}", reports[0]);
    assert_eq!(bot.sim.request_count(EXECUTE.0, EXECUTE.1), 1);
    // Settled: the user may convert again.
    let next = bot.send("/convert ADA").await;
    let _ = press_token(&next, "button-confirm");
}

#[tokio::test]
async fn a_conversion_bybit_fails_whole_is_reported_and_the_coins_stay() {
    let bot = Bot::start(BybitExecution::Failure, Duration::from_secs(600)).await;
    let reply = bot.convert("/convert XRP").await;
    assert_key(&reply, "convert-submitted-unknown");
    bot.sim.advance_time(Duration::from_secs(601));
    let reports = bot.background().await;
    assert_eq!(
        reports.len(),
        2,
        "the processing note, then the result: {reports:?}"
    );
    assert!(
        reports[1].contains("Nothing was converted"),
        "{}",
        reports[1]
    );
    assert_eq!(bot.sim.balance(KEY, "XRP"), Some(dec("0.9")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_result_two_background_passes_read_at_once_is_reported_once() {
    let bot = Bot::start(BybitExecution::Partial, Duration::from_secs(600)).await;
    let reply = bot.convert("/convert XRP ADA DOGE").await;
    assert_key(&reply, "convert-submitted-unknown");
    bot.sim.advance_time(Duration::from_secs(601));
    // Two reconciles of the same operation side by side (the background pass and a user's
    // command, or two processes on one database): both read it unknown, both read the
    // finished status; only the one that settles it reports.
    let (a, b) = tokio::join!(bot.service.recover(), bot.service.recover());
    assert!(a + b >= 1, "settled: {a} {b}");
    let reports = bot.background().await;
    let finished = reports
        .iter()
        .filter(|r| r.contains("your small-balance conversion has finished"))
        .count();
    assert_eq!(finished, 1, "{reports:?}");
    assert_eq!(bot.sim.request_count(EXECUTE.0, EXECUTE.1), 1);
}
