//! `dustpan bench reminders --db postgres://… --instances N --due D`: D reminders due at
//! once on a fresh PostgreSQL database, claimed by N claimers (each with a pool of its own,
//! as N instances have) a batch at a time with `FOR UPDATE SKIP LOCKED` and each marked
//! sent, as the scheduler does. Reports claimed reminders per second against the pace
//! they feed (Telegram's overall 30 messages/s: claiming must never be what limits
//! delivery) and checks that no reminder was claimed twice.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use chrono::Utc;

use crate::bench::percentile;
use crate::ports::{ReminderStatus, ReminderStore};
use crate::service::model::SHARED_REMINDER_BATCH;
use crate::store::pg::PgStore;

/// The pace claims feed: Telegram's overall limit, messages per second (platforms.md).
pub const FEEDS_PER_SEC: f64 = 30.0;

/// Runs it and prints the report.
pub async fn run(url: &str, instances: usize, due: u64) -> anyhow::Result<()> {
    let instances = instances.max(1);
    let fresh = super::FreshPg::create(url).await?;
    let store = PgStore::open(&fresh.url, None).await?;
    eprintln!("inserting {due} users with a reminder due now…");
    let now_ms = Utc::now().timestamp_millis();
    sqlx::query(
        "INSERT INTO users (platform, platform_user_id, created_at)
         SELECT 'tg', x::TEXT, $1 FROM generate_series(1, $2) x",
    )
    .bind(now_ms)
    .bind(i64::try_from(due)?)
    .execute(store.pool())
    .await?;
    sqlx::query(
        "INSERT INTO reminders (user_id, token, due_at, status)
         SELECT id, md5(id::TEXT), $1 - id, 'pending' FROM users",
    )
    .bind(now_ms)
    .execute(store.pool())
    .await?;
    sqlx::query("ANALYZE").execute(store.pool()).await?;
    let mut claimers = Vec::new();
    for _ in 0..instances {
        claimers.push(PgStore::open(&fresh.url, None).await?);
    }

    eprintln!("{instances} claimers, {SHARED_REMINDER_BATCH} per claim…");
    let started = Instant::now();
    let tasks: Vec<_> = claimers
        .into_iter()
        .map(|claimer| {
            tokio::spawn(async move {
                let mut ids = Vec::new();
                let mut claim_times = Vec::new();
                loop {
                    let t = Instant::now();
                    let batch = claimer
                        .claim_due_reminders(Utc::now(), SHARED_REMINDER_BATCH)
                        .await?;
                    claim_times.push(t.elapsed());
                    if batch.is_empty() {
                        break;
                    }
                    for r in batch {
                        claimer
                            .finish_claim(r.id, ReminderStatus::Sent, None, None, false)
                            .await?;
                        ids.push(r.id);
                    }
                }
                claimer.close().await;
                anyhow::Ok((ids, claim_times))
            })
        })
        .collect();
    let mut per_instance = Vec::new();
    let mut all = Vec::new();
    let mut times: Vec<Duration> = Vec::new();
    for t in tasks {
        let (ids, claim_times) = t.await??;
        per_instance.push(ids.len());
        all.extend(ids);
        times.extend(claim_times);
    }
    let elapsed = started.elapsed();
    times.sort_unstable();
    let unique: HashSet<i64> = all.iter().copied().collect();
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reminders WHERE status <> 'sent'")
        .fetch_one(store.pool())
        .await?;
    store.close().await;
    fresh.drop().await?;

    let rate = all.len() as f64 / elapsed.as_secs_f64().max(1e-9);
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "dustpan bench reminders claims — {due} due at once, {instances} instances on PostgreSQL, {SHARED_REMINDER_BATCH} per claim"
    );
    println!(
        "  claimed and marked sent {rate:>9.0}/s   feeds ≤ {FEEDS_PER_SEC:.0}/s (Telegram overall)   ratio {:.1}",
        rate / FEEDS_PER_SEC
    );
    println!(
        "  in                      {:>9.1} s   per instance {per_instance:?}",
        elapsed.as_secs_f64()
    );
    println!(
        "  claim statement         p50 {:.2} ms  p99 {:.2} ms",
        ms(percentile(&times, 50.0)),
        ms(percentile(&times, 99.0))
    );
    println!(
        "  claimed twice           {:>9}   goal 0",
        all.len() - unique.len()
    );
    println!("  left unclaimed          {left:>9}   goal 0");
    Ok(())
}
