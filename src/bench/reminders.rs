//! `dustpan bench reminders`: the due lookup over many scheduled reminders (an index
//! range scan, not a table scan) and the process's peak memory.

use std::time::{Duration, Instant};

use chrono::Utc;

use crate::bench::percentile;
use crate::ports::ReminderStore;
use crate::store::Database;

/// Goal: the due lookup in milliseconds.
pub const GOAL_LOOKUP: Duration = Duration::from_millis(10);
/// Goal: peak resident memory.
pub const GOAL_PEAK_RSS_MB: f64 = 100.0;

/// The process's peak resident set size in MiB (Linux `VmHWM`), if known.
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Runs the scale benchmark and prints its report.
pub async fn run_scale(users: u64) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let db = Database::open(&dir.path().join("bench.db"), None).await?;
    let window_ms: i64 = 6 * 3600 * 1000;
    let base = Utc::now().timestamp_millis();
    eprintln!("inserting {users} users with a reminder each…");
    let started = Instant::now();
    let chunk: u64 = 100_000;
    let mut done = 0;
    while done < users {
        let n = chunk.min(users - done);
        let mut tx = db.pool().begin_with("BEGIN IMMEDIATE").await?;
        sqlx::query(
            "WITH RECURSIVE c(x) AS (SELECT ? UNION ALL SELECT x + 1 FROM c WHERE x < ?)
             INSERT INTO users (platform, platform_user_id, created_at) SELECT 'tg', x, ? FROM c",
        )
        .bind(done as i64 + 1)
        .bind((done + n) as i64)
        .bind(base)
        .execute(&mut *tx)
        .await?;
        // Due times spread evenly over one cooldown window.
        sqlx::query(
            "INSERT INTO reminders (user_id, token, due_at, status)
             SELECT id, lower(hex(randomblob(16))), ? + (id * ?) / ?, 'pending'
             FROM users WHERE id BETWEEN ? AND ?",
        )
        .bind(base)
        .bind(window_ms)
        .bind(users as i64)
        .bind(done as i64 + 1)
        .bind((done + n) as i64)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        done += n;
    }
    let fill = started.elapsed();
    sqlx::query("ANALYZE").execute(db.pool()).await?;
    let plan: Vec<(i64, i64, i64, String)> = sqlx::query_as(
        "EXPLAIN QUERY PLAN SELECT id, user_id, token, due_at, status, attempts FROM reminders
         WHERE status = 'pending' AND due_at <= ? ORDER BY due_at LIMIT ?",
    )
    .bind(base)
    .bind(200)
    .fetch_all(db.pool())
    .await?;
    let plan: Vec<String> = plan.into_iter().map(|r| r.3).collect();
    let uses_index = plan.iter().any(|p| p.contains("reminders_due"));

    // Look up the due ones at 200 points across the window: each finds up to a batch.
    let mut samples = Vec::new();
    let mut found = 0;
    for i in 0..200i64 {
        let now =
            chrono::DateTime::from_timestamp_millis(base + window_ms * i / 200).unwrap_or_default();
        let t = Instant::now();
        found += db
            .due_reminders(now, crate::service::reminders::REMINDER_BATCH)
            .await?
            .len();
        samples.push(t.elapsed());
    }
    samples.sort_unstable();
    let next = Instant::now();
    db.next_due().await?;
    let next_due = next.elapsed();
    let (p50, p99) = (percentile(&samples, 50.0), percentile(&samples, 99.0));
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let rss = peak_rss_mb().unwrap_or(f64::NAN);
    println!(
        "dustpan bench reminders — {users} users with a scheduled reminder (filled in {:.1} s)",
        fill.as_secs_f64()
    );
    println!(
        "  due lookup            p50 {:.3} ms  p99 {:.3} ms   goal ≤ {} ms   ratio {:.3}",
        ms(p50),
        ms(p99),
        GOAL_LOOKUP.as_millis(),
        p99.as_secs_f64() / GOAL_LOOKUP.as_secs_f64()
    );
    println!("  next due time         {:.3} ms", ms(next_due));
    println!(
        "  query plan            {} ({})",
        if uses_index {
            "index range scan"
        } else {
            "NOT using the index"
        },
        plan.join("; ")
    );
    println!(
        "  reminders found       {found} over 200 lookups (batch {})",
        crate::service::reminders::REMINDER_BATCH
    );
    println!(
        "  peak RSS              {rss:.1} MB   goal < {GOAL_PEAK_RSS_MB:.0} MB   ratio {:.2}",
        rss / GOAL_PEAK_RSS_MB
    );
    db.close().await;
    Ok(())
}
