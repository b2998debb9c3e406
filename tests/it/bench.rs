//! `dustpan bench dust` as a user runs it (a small N): the report's exact counts, not its
//! timings, which the benchmark itself judges.

use crate::helpers::{TempDb, dustpan, text};

fn line<'a>(out: &'a str, label: &str) -> &'a str {
    out.lines()
        .find(|l| l.trim_start().starts_with(label))
        .unwrap_or_else(|| panic!("no '{label}' line in:\n{out}"))
}

#[test]
fn bench_dust_reports_the_minimum_weight_no_throttling_and_one_conversion_per_user() {
    let dir = TempDb::new();
    let run = dustpan(dir.dir.path())
        .args(["bench", "dust", "--users", "12"])
        .output()
        .expect("run dustpan bench dust");
    let (out, err) = text(&run);
    assert!(run.status.success(), "{out}\n{err}");
    assert!(line(&out, "dustpan bench dust").contains("12 users at once (36 commands)"));
    for (label, want) in [
        ("signed weight per /dust", "ratio 1.00"),
        ("429/418 answers", " 0 "),
        ("dust POSTs", "12   expected 12"),
        ("database writes", "48 "),
    ] {
        assert!(line(&out, label).contains(want), "{label}: {out}");
    }
    let failed = line(&out, "failed flows");
    assert!(failed.split_whitespace().nth(2) == Some("0"), "{out}");
    for label in [
        "commands/s",
        "dustpan's own time",
        "Confirm",
        "public-data requests",
    ] {
        line(&out, label);
    }
}

#[test]
fn bench_discord_ack_answers_every_signed_interaction_of_the_mix_and_reports_p50_p99_against_50_ms()
{
    let dir = TempDb::new();
    let run = dustpan(dir.dir.path())
        .args([
            "bench",
            "discord-ack",
            "--interactions",
            "24",
            "--concurrency",
            "4",
        ])
        .output()
        .expect("run dustpan bench discord-ack");
    let (out, err) = text(&run);
    assert!(run.status.success(), "{out}\n{err}");
    assert!(line(&out, "dustpan bench discord-ack").contains("24 signed interactions, 4 at once"));
    assert!(
        line(&out, "acknowledged").contains("24 of 24 with 200"),
        "{out}"
    );
    for kind in ["/dust", "press", "/help", "autocomplete"] {
        assert!(line(&out, kind).contains(" 6 answered"), "{kind}: {out}");
    }
    let latency = line(&out, "ack latency");
    assert!(
        latency.contains("p50 ") && latency.contains("p99 "),
        "{out}"
    );
    let ratio: f64 = line(&out, "p99 / 50 ms")
        .split_whitespace()
        .nth(5)
        .and_then(|r| r.parse().ok())
        .unwrap_or_else(|| panic!("no ratio in:\n{out}"));
    assert!(ratio > 0.0, "{out}");
    // The /dust replies are long: their rest went through the fake REST API.
    let rest: u32 = line(&out, "REST calls to Discord")
        .split_whitespace()
        .nth(4)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no REST count in:\n{out}"));
    assert!(rest >= 6, "{out}");
}

#[test]
fn bench_discord_fanout_delivers_every_dm_past_the_50_per_second_limit_without_a_429() {
    let dir = TempDb::new();
    let run = dustpan(dir.dir.path())
        .args(["bench", "discord-fanout", "--users", "30"])
        .output()
        .expect("run dustpan bench discord-fanout");
    let (out, err) = text(&run);
    assert!(run.status.success(), "{out}\n{err}");
    assert!(line(&out, "dustpan bench discord-fanout").contains("30 due reminders as DMs"));
    assert!(line(&out, "delivered").contains("30 of 30"), "{out}");
    // 60 requests: more than the limit allows in one second, so the limit was met.
    assert_eq!(
        line(&out, "requests").split_whitespace().nth(1),
        Some("60"),
        "{out}"
    );
    assert_eq!(
        line(&out, "429 answers").split_whitespace().nth(2),
        Some("0"),
        "{out}"
    );
    let span: f64 = line(&out, "span")
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        span >= 1.0,
        "60 requests at 50/s span a second at least: {out}"
    );
    line(&out, "achieved rate");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bench_dust_on_postgresql_with_two_instances_converts_once_per_user_and_leaves_no_database_behind()
 {
    let Some(cluster) = crate::pg::cluster().await else {
        return;
    };
    let server = cluster.url("postgres");
    let dir = TempDb::new();
    let run = dustpan(dir.dir.path())
        .args([
            "bench",
            "dust",
            "--users",
            "12",
            "--db",
            &server,
            "--instances",
            "2",
        ])
        .output()
        .expect("run dustpan bench dust --db");
    let (out, err) = text(&run);
    assert!(run.status.success(), "{out}\n{err}");
    assert!(
        line(&out, "dustpan bench dust").contains("(PostgreSQL, 2 instances)"),
        "{out}"
    );
    assert!(
        line(&out, "dust POSTs").contains("12   expected 12"),
        "{out}"
    );
    assert!(line(&out, "429/418 answers").contains(" 0 "), "{out}");
    let failed = line(&out, "failed flows");
    assert!(failed.split_whitespace().nth(2) == Some("0"), "{out}");
    // The fresh database it made is dropped again.
    let run = dustpan(dir.dir.path())
        .args([
            "bench",
            "reminders",
            "--db",
            &server,
            "--instances",
            "2",
            "--due",
            "600",
        ])
        .output()
        .expect("run dustpan bench reminders --db");
    let (out, err) = text(&run);
    assert!(run.status.success(), "{out}\n{err}");
    assert!(line(&out, "dustpan bench reminders claims").contains("600 due at once, 2 instances"));
    let per = line(&out, "in ");
    assert!(per.contains("per instance ["), "{out}");
    for label in ["claimed twice", "left unclaimed"] {
        assert!(
            line(&out, label).split_whitespace().nth(2) == Some("0"),
            "{label}: {out}"
        );
    }
    use sqlx::Connection as _;
    let mut admin = sqlx::PgConnection::connect(&server).await.unwrap();
    let left: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM pg_database WHERE datname LIKE 'dustpan_bench_%'")
            .fetch_one(&mut admin)
            .await
            .unwrap();
    assert_eq!(left, 0, "a benchmark database was left behind");
}
