//! `dustpan demo` as a process with a scripted, piped session.

use std::io::Write as _;
use std::process::Stdio;

use crate::helpers::{TempDb, dustpan, text};

fn run_demo(dir: &std::path::Path, args: &[&str], script: &str) -> (String, String, bool) {
    let mut child = dustpan(dir)
        .arg("demo")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start dustpan demo");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let (stdout, stderr) = text(&out);
    (stdout, stderr, out.status.success())
}

#[test]
fn a_scripted_demo_session_lists_converts_and_reports() {
    let db = TempDb::new();
    let (out, err, ok) = run_demo(
        db.dir.path(),
        &[],
        "/start\n/dust\n/convert all\n1\n/cooldown\n/history\n/convert all\n",
    );
    assert!(ok, "{err}");
    assert!(
        out.contains("dustpan demo on a simulated Binance exchange at http://127.0.0.1:"),
        "{out}"
    );
    assert!(out.contains("Connected key dust…0000"), "{out}");
    assert!(out.contains("> /dust\nYour dust\n"), "{out}");
    assert!(out.contains("• ACT 0.005"), "{out}");
    assert!(out.contains("• MATIC 12.3 — delisted"), "{out}");
    assert!(out.contains("[1] Confirm  [2] Cancel"), "{out}");
    assert!(out.contains("> 1\nConverted 10 asset(s)"), "{out}");
    assert!(
        out.contains("> /cooldown\nNext conversion possible in 5 h 59 min")
            || out.contains("> /cooldown\nNext conversion possible in 6 h"),
        "{out}"
    );
    assert!(out.contains("> /history\nRecent conversions:"), "{out}");
    assert!(out.contains("Nothing was sent to the exchange."), "{out}");
    assert!(
        !out.contains(dustpan::sim::DEMO_API_SECRET)
            && !err.contains(dustpan::sim::DEMO_API_SECRET)
    );
    // No database was left in the working directory.
    assert!(!db.path.exists());
}

#[test]
fn a_demo_database_kept_with_db_is_reused_with_its_own_key_file() {
    let db = TempDb::new();
    let path = db.path.to_str().unwrap().to_owned();
    let (out, err, ok) = run_demo(
        db.dir.path(),
        &["--db", &path, "--dust-cooldown", "2m"],
        "/convert ADA\n1\n",
    );
    assert!(ok, "{err}");
    assert!(
        out.contains("next Small Asset Convert is possible in 2 min"),
        "{out}"
    );
    let key_file = format!("{path}.key");
    let meta = std::fs::metadata(&key_file).expect("key file saved beside the database");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    }
    let _ = meta;
    // Second run: same database, same key; the demo key is already connected and the
    // conversion is in the history.
    let (out, err, ok) = run_demo(db.dir.path(), &["--db", &path], "/history\n");
    assert!(ok, "{err}");
    assert!(!out.contains("Connected key"), "{out}");
    assert!(out.contains("ADA →"), "{out}");
}

#[test]
fn a_demo_with_a_short_cooldown_prints_the_reminder_and_convert_now_works() {
    use std::io::{BufRead as _, BufReader};
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    let db = TempDb::new();
    let mut child = dustpan(db.dir.path())
        .args(["demo", "--dust-cooldown", "3s"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start dustpan demo");
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    let wait_for = |needle: &str, seen: &mut Vec<String>| {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
                let hit = line.contains(needle);
                seen.push(line);
                if hit {
                    return;
                }
            }
        }
        panic!("no {needle:?} in output:\n{}", seen.join("\n"));
    };
    stdin.write_all(b"/convert ADA XRP\n1\n").unwrap();
    wait_for("Converted 2 asset(s)", &mut seen);
    wait_for("cooldown is over", &mut seen);
    wait_for("Stop reminders", &mut seen);
    // The reminder's buttons are numbered like any other: [1] is Convert now.
    stdin.write_all(b"1\n").unwrap();
    wait_for("Convert 8 asset(s) to BNB", &mut seen);
    drop(stdin);
    let status = child.wait().unwrap();
    assert!(status.success());
}

#[test]
fn a_demo_at_debug_level_logs_each_line_in_spans_and_never_the_key_or_secret() {
    let db = TempDb::new();
    let (key, secret) = (dustpan::sim::DEMO_API_KEY, dustpan::sim::DEMO_API_SECRET);
    let mut child = dustpan(db.dir.path())
        .arg("demo")
        .env("RUST_LOG", "debug")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start dustpan demo");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("/connect {key} {secret}\n/dust\n/convert all\n1\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    // Logs piped to a file or journal carry no colour codes.
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
    assert!(stdout.contains("Converted 10 asset(s)"), "{stdout}");
    for shown in [&stdout, &stderr] {
        assert!(!shown.contains(key), "the API key was shown or logged");
        assert!(
            !shown.contains(secret),
            "the API secret was shown or logged"
        );
    }
    assert!(!stderr.contains("/convert all"), "a typed line was logged");
    // A typed command, then the pressed Confirm and its operation, each in its spans.
    assert!(
        stderr.lines().any(|l| l
            .contains("console{input=\"text\"}:text{platform=Console command=\"connect\" user=")),
        "{stderr}"
    );
    assert!(
        stderr.lines().any(|l| l
            .contains("console{input=\"press\"}:press{platform=Console action=\"confirm\" user=")
            && l.contains("}:operation{op=")
            && l.contains("kind=Dust")
            && l.contains("path=\"/sapi/v1/asset/dust\"")),
        "{stderr}"
    );
}

#[test]
fn a_bare_connect_in_the_demo_asks_for_the_key_then_the_secret_and_never_echoes_them() {
    let db = TempDb::new();
    let (key, secret) = (dustpan::sim::DEMO_API_KEY, dustpan::sim::DEMO_API_SECRET);
    let (out, err, ok) = run_demo(
        db.dir.path(),
        &[],
        // Which exchange first: its button 1 is Binance.
        &format!("/disconnect\n/connect\n1\n{key}\n{secret}\n/dust\n"),
    );
    assert!(ok, "{err}");
    assert!(out.contains("> /connect\nWhich exchange"), "{out}");
    assert!(out.contains("Send your Binance API key"), "{out}");
    assert!(out.contains("> [hidden]\nNow send the API secret"), "{out}");
    assert!(out.contains("> [hidden]\nConnected key dust…0000"), "{out}");
    assert!(out.contains("> /dust\nYour dust\n"), "{out}");
    for shown in [&out, &err] {
        assert!(!shown.contains(key) && !shown.contains(secret), "{shown}");
    }
}

#[test]
fn a_demo_in_a_russian_terminal_answers_in_russian() {
    let db = TempDb::new();
    let mut child = dustpan(db.dir.path())
        .arg("demo")
        .env("LANG", "ru_RU.UTF-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start dustpan demo");
    child.stdin.take().unwrap().write_all(b"/dust\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let (out, err) = text(&out);
    assert!(
        out.contains("Демо dustpan на симуляторе биржи Binance"),
        "{out}\n{err}"
    );
    assert!(out.contains("Ключ dust…0000 подключён."), "{out}");
    assert!(out.contains("> /dust\nВаша пыль\n"), "{out}");
}

#[test]
fn a_demo_on_binance_and_mexc_connects_both_and_dust_shows_both_sections() {
    let db = TempDb::new();
    let (out, err, ok) = run_demo(db.dir.path(), &["--exchanges", "binance,mexc"], "/dust\n");
    assert!(ok, "{err}");
    assert!(out.contains("> /dust\nYour dust\n"), "{out}");
    assert!(out.contains("MEXC: your dust (converts to MX)"), "{out}");
    assert!(
        !out.contains(dustpan::sim::mexc::MEXC_DEMO_API_SECRET)
            && !err.contains(dustpan::sim::mexc::MEXC_DEMO_API_SECRET)
    );
}

#[test]
fn a_demo_on_binance_mexc_and_bybit_connects_all_three_and_dust_shows_three_sections() {
    let db = TempDb::new();
    let (out, err, ok) = run_demo(
        db.dir.path(),
        &["--exchanges", "binance,mexc,bybit"],
        "/dust\n/dust bybit\n",
    );
    assert!(ok, "{err}");
    assert!(out.contains("> /dust\nYour dust\n"), "{out}");
    assert!(out.contains("MEXC: your dust (converts to MX)"), "{out}");
    assert!(out.contains("Bybit: your dust (converts to MNT)"), "{out}");
    assert!(
        out.contains("At most 20 assets per conversion"),
        "Bybit's limit explained: {out}"
    );
    for secret in [
        dustpan::sim::bybit::BYBIT_DEMO_API_SECRET,
        dustpan::sim::mexc::MEXC_DEMO_API_SECRET,
    ] {
        assert!(!out.contains(secret) && !err.contains(secret));
    }
}
