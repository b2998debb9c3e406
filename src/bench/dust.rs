//! `dustpan bench dust`: N users run `/dust`, then `/convert all` + Confirm, concurrently,
//! through the service, the real Binance client, the in-process simulator and SQLite.
//!
//! dustpan's own time per command is measured on a sample of extra users run one command
//! at a time, as the command's wall time minus the simulator's own handling time (the
//! simulator counts it), so it includes the client, loopback HTTP, SQLite and the service
//! but not queueing behind other users. Throughput is measured with all N users at once.
//!
//! With `--db postgres://…` the database is a fresh one on that server, and `--instances N`
//! builds N whole apps in this process on it (each its own client, caches, pool and turns,
//! as N `dustpan run` would be): each user's three commands go to instances in turn, so a
//! screen made on one is pressed on another, under the users' advisory-lock turns.

use std::sync::Arc;
use std::time::{Duration, Instant};

use secrecy::SecretString;

use crate::bench::percentile;
use crate::binance::protocol;
use crate::domain::Platform;
use crate::service::reply::Reply;
use crate::service::{Caller, Service};
use crate::sim::{self, AccountSpec, SimConfig, SimHandle};

/// Goal: commands per second on 2 cores.
pub const GOAL_COMMANDS_PER_SEC: f64 = 2000.0;
/// Goal: p99 of dustpan's own time per command.
pub const GOAL_P99_OWN_TIME: Duration = Duration::from_millis(2);
/// Users in the one-at-a-time sample.
pub const SAMPLE_USERS: usize = 300;

fn account(i: usize, demo: &AccountSpec) -> AccountSpec {
    AccountSpec {
        api_key: format!("dustpanBENCHkey{i:049}"),
        api_secret: format!("dustpanBENCHsec{i:049}"),
        uid: 1_000_000 + i as u64,
        ..demo.clone()
    }
}

fn caller(i: usize) -> Caller {
    Caller::in_private(Platform::Telegram, format!("{}", 5_000_000 + i))
}

fn confirm_token(reply: &Reply) -> Option<String> {
    reply
        .messages
        .iter()
        .flat_map(|m| m.buttons.iter())
        .find(|b| b.token.starts_with("c."))
        .map(|b| b.token.clone())
}

fn first_key(reply: &Reply) -> &str {
    reply
        .messages
        .first()
        .and_then(|m| m.blocks.first())
        .map_or("", |b| b.key)
}

/// Why a user's flow failed: the first locale key of the reply that was not the expected one.
fn failure(dust: &Reply, confirm: &Reply, done: Option<&Reply>) -> Option<String> {
    if first_key(dust) != "dust-title" {
        return Some(format!("/dust: {}", first_key(dust)));
    }
    match done {
        None => Some(format!("/convert all: {}", first_key(confirm))),
        Some(done) if first_key(done) != "convert-done" => {
            Some(format!("Confirm: {}", first_key(done)))
        }
        Some(_) => None,
    }
}

/// One user's three commands, each on the next instance of `services` (from the `first`);
/// returns why it failed, if it did, and each command's wall time.
async fn user_flow(
    services: Vec<Arc<Service>>,
    first: usize,
    who: Caller,
) -> (Option<String>, [Duration; 3]) {
    let on = |step: usize| services[(first + step) % services.len()].clone();
    let t = Instant::now();
    let dust = on(0).handle_text(&who, "/dust").await;
    let d1 = t.elapsed();
    let t = Instant::now();
    let confirm = on(1).handle_text(&who, "/convert all").await;
    let d2 = t.elapsed();
    let Some(token) = confirm_token(&confirm) else {
        return (failure(&dust, &confirm, None), [d1, d2, Duration::ZERO]);
    };
    let t = Instant::now();
    let done = on(2).handle_press(&who, &token).await;
    let d3 = t.elapsed();
    (failure(&dust, &confirm, Some(&done)), [d1, d2, d3])
}

/// One command at a time: wall time minus the simulator's own time.
async fn own_time_sample(
    service: &Arc<Service>,
    client: &crate::binance::BinanceClient,
    sim: &SimHandle,
    users: std::ops::Range<usize>,
) -> ([Vec<Duration>; 3], Vec<u64>, Vec<String>) {
    let mut own: [Vec<Duration>; 3] = Default::default();
    let mut weights = Vec::new();
    let mut failures = Vec::new();
    for i in users {
        let who = caller(i);
        let mut step = |kind: usize, reply_time: Duration, busy_before: Duration| {
            own[kind].push(reply_time.saturating_sub(sim.busy_time().saturating_sub(busy_before)));
        };
        let (b, t, w) = (
            sim.busy_time(),
            Instant::now(),
            client.stats().signed_weight,
        );
        let dust = service.handle_text(&who, "/dust").await;
        step(0, t.elapsed(), b);
        weights.push(client.stats().signed_weight - w);
        let (b, t) = (sim.busy_time(), Instant::now());
        let confirm = service.handle_text(&who, "/convert all").await;
        step(1, t.elapsed(), b);
        let Some(token) = confirm_token(&confirm) else {
            failures.extend(failure(&dust, &confirm, None));
            continue;
        };
        let (b, t) = (sim.busy_time(), Instant::now());
        let done = service.handle_press(&who, &token).await;
        step(2, t.elapsed(), b);
        failures.extend(failure(&dust, &confirm, Some(&done)));
    }
    (own, weights, failures)
}

/// Runs the benchmark and prints its report: on SQLite (one instance) when `db` is `None`,
/// else on a fresh database of the PostgreSQL server `db` names with `instances` apps.
pub async fn run(users: usize, db: Option<&str>, instances: usize) -> anyhow::Result<()> {
    let users = users.max(1);
    let total_users = users + SAMPLE_USERS;
    let demo = super::demo_account()?;
    let sim = sim::start(
        SimConfig::with_accounts((0..total_users).map(|i| account(i, &demo)).collect()),
        "127.0.0.1:0".parse()?,
    )
    .await?;
    let (_dir, fresh, apps) = match db {
        None => {
            let (dir, app) = super::app_on(&sim).await?;
            (Some(dir), None, vec![app])
        }
        Some(url) => {
            let fresh = super::FreshPg::create(url).await?;
            let key =
                crate::store::crypto::generate_master_key().map_err(|e| anyhow::anyhow!("{e}"))?;
            let keys = crate::config::MasterKeys::single(*key);
            let mut apps = Vec::new();
            for _ in 0..instances.max(1) {
                apps.push(super::app_with(&sim, &fresh.url, &keys).await?);
            }
            (None, Some(fresh), apps)
        }
    };
    let engine = if fresh.is_some() {
        let n = apps.len();
        format!("PostgreSQL, {n} instance{}", if n == 1 { "" } else { "s" })
    } else {
        "SQLite, 1 instance".to_owned()
    };
    let services: Vec<Arc<Service>> = apps.iter().map(|a| a.service.clone()).collect();
    let app = apps[0].clone();
    let service = app.service.clone();

    eprintln!("connecting {total_users} users…");
    let all: Vec<usize> = (0..total_users).collect();
    for chunk in all.chunks(64) {
        let mut set = tokio::task::JoinSet::new();
        for &i in chunk {
            let (service, acct) = (services[i % services.len()].clone(), account(i, &demo));
            set.spawn(async move {
                let (k, s) = (
                    SecretString::from(acct.api_key),
                    SecretString::from(acct.api_secret),
                );
                service.connect_caller(&caller(i), k, s).await
            });
        }
        while set.join_next().await.is_some() {}
    }

    eprintln!("sample: {SAMPLE_USERS} users, one command at a time…");
    let (mut by_command, weights, sample_failures) =
        own_time_sample(&service, &app.exchange, &sim, users..total_users).await;
    let mut own: Vec<Duration> = by_command.iter().flatten().copied().collect();
    own.sort_unstable();
    for v in &mut by_command {
        v.sort_unstable();
    }

    eprintln!("load: {users} users at once…");
    sim.clear_request_log();
    let stats = |apps: &[crate::startup::App]| {
        apps.iter()
            .fold(crate::binance::ClientStats::default(), |mut sum, a| {
                let s = a.exchange.stats();
                sum.public_requests += s.public_requests;
                sum
            })
    };
    let before = stats(&apps);
    let writes_before = app.db.write_stats();
    let sim_busy_before = sim.busy_time();
    let start = Instant::now();
    let tasks: Vec<_> = (0..users)
        .map(|i| tokio::spawn(user_flow(services.clone(), i, caller(i))))
        .collect();
    let mut failures = sample_failures;
    let mut dust_wall = Vec::with_capacity(users);
    for t in tasks {
        match t.await {
            Ok((failed, [d, _, _])) => {
                failures.extend(failed);
                dust_wall.push(d);
            }
            Err(e) => failures.push(format!("task: {e}")),
        }
    }
    let elapsed = start.elapsed();
    let sim_busy = sim.busy_time().saturating_sub(sim_busy_before);
    let after = stats(&apps);
    let writes = app.db.write_stats();
    let (writes, commits, synced) = (
        writes.writes - writes_before.writes,
        writes.commits - writes_before.commits,
        writes.synced_commits - writes_before.synced_commits,
    );
    dust_wall.sort_unstable();

    let commands = users * 3;
    let rate = commands as f64 / elapsed.as_secs_f64();
    let dust_weight = weights.iter().sum::<u64>() as f64 / weights.len().max(1) as f64;
    // The users' target is USDT (the default), so /dust also weighs the small-asset batch
    // to it: query-convertible-assets is part of the minimum.
    let min_weight = f64::from(
        protocol::DUST_BTC.weight
            + protocol::USER_ASSET.weight
            + protocol::DUST_CONVERT_QUERY.weight,
    );
    let public = after.public_requests - before.public_requests;
    let throttled = sim
        .requests()
        .iter()
        .filter(|r| matches!(r.status, Some(429 | 418)))
        .count();
    let posts = sim.request_count("POST", protocol::DUST.path);
    let (p50, p99) = (percentile(&own, 50.0), percentile(&own, 99.0));
    let ms = |d: Duration| d.as_secs_f64() * 1e3;

    println!(
        "dustpan bench dust — {users} users at once ({commands} commands) + {SAMPLE_USERS} sampled one at a time ({engine})"
    );
    println!(
        "  commands/s              {rate:>9.0}   goal ≥ {GOAL_COMMANDS_PER_SEC:.0}        ratio {:.2}",
        rate / GOAL_COMMANDS_PER_SEC
    );
    println!(
        "  dustpan's own time      p50 {:.3} ms  p99 {:.3} ms   goal p99 ≤ {} ms   ratio {:.2}",
        ms(p50),
        ms(p99),
        GOAL_P99_OWN_TIME.as_millis(),
        p99.as_secs_f64() / GOAL_P99_OWN_TIME.as_secs_f64()
    );
    for (name, v) in ["/dust", "/convert all", "Confirm"].iter().zip(&by_command) {
        println!(
            "    {name:<20} p50 {:.3} ms  p90 {:.3} ms  p99 {:.3} ms  max {:.3} ms",
            ms(percentile(v, 50.0)),
            ms(percentile(v, 90.0)),
            ms(percentile(v, 99.0)),
            ms(v.last().copied().unwrap_or_default())
        );
    }
    println!(
        "  /dust wall under load   p50 {:.1} ms  p99 {:.1} ms",
        ms(percentile(&dust_wall, 50.0)),
        ms(percentile(&dust_wall, 99.0))
    );
    println!(
        "  signed weight per /dust {dust_weight:>9.2}   minimum {min_weight:.0}          ratio {:.2}",
        dust_weight / min_weight
    );
    // Prices and trading rules are cached and shared by every user: their refreshes are
    // bounded by the cache lifetimes, whatever N is.
    let ttl = crate::binance::ClientConfig::new(url::Url::parse(&sim.base_url())?);
    // Caches stay per instance: each refreshes its own.
    let bound = (60.0 / ttl.price_ttl.as_secs_f64() + 60.0 / ttl.rules_ttl.as_secs_f64())
        * apps.len() as f64;
    println!(
        "  public-data requests    {public:>9}   during {:.1} s of load = {:.1}/min (cached and shared: refreshes at most {bound:.1}/min for any N)",
        elapsed.as_secs_f64(),
        public as f64 * 60.0 / elapsed.as_secs_f64().max(1e-9),
    );
    println!(
        "  simulator's own time    {:.2} s of {:.2} s under load (it shares the 2 cores)",
        sim_busy.as_secs_f64(),
        elapsed.as_secs_f64()
    );
    println!(
        "  database writes         {writes:>9}   in {commits} commits, {synced} of them fsync'd (group commit: {:.1} writes per fsync)",
        writes as f64 / synced.max(1) as f64
    );
    println!("  429/418 answers         {throttled:>9}   goal 0");
    println!("  dust POSTs              {posts:>9}   expected {users}");
    println!("  failed flows            {:>9}   goal 0", failures.len());
    let mut kinds = std::collections::BTreeMap::<&str, usize>::new();
    for f in &failures {
        *kinds.entry(f.as_str()).or_default() += 1;
    }
    for (kind, n) in kinds {
        println!("    {n:>6} × {kind}");
    }
    for app in &apps {
        app.db.close().await;
    }
    if let Some(fresh) = fresh {
        fresh.drop().await?;
    }
    sim.shutdown().await;
    Ok(())
}
