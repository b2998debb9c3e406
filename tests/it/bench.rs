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
