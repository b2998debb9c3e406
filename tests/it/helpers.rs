//! Shared test helpers: temp databases, the binary, fake keys.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use base64::Engine as _;
use dustpan::config::MasterKeys;
use dustpan::domain::{Credentials, ExchangeId, Platform};
use dustpan::store::{Database, EncryptedKeyStore};
use secrecy::SecretString;

/// A fresh temporary directory with a database path inside it.
pub struct TempDb {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl TempDb {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("dustpan.db");
        Self { dir, path }
    }

    /// The database file and its WAL, concatenated, for byte searches.
    pub fn all_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for suffix in ["", "-wal", "-shm"] {
            let p = PathBuf::from(format!("{}{suffix}", self.path.display()));
            if let Ok(b) = std::fs::read(&p) {
                out.extend(b);
            }
        }
        out
    }
}

/// A deterministic, obviously fake master key.
pub fn key_bytes(seed: u8) -> [u8; 32] {
    let mut k = [0u8; 32];
    for (i, b) in k.iter_mut().enumerate() {
        *b = seed.wrapping_mul(31).wrapping_add(i as u8);
    }
    k
}

pub fn key_b64(seed: u8) -> String {
    base64::engine::general_purpose::STANDARD.encode(key_bytes(seed))
}

pub fn keys_v(pairs: &[(u32, u8)], active: u32) -> MasterKeys {
    let map = pairs
        .iter()
        .map(|(v, seed)| (*v, secrecy::SecretBox::new(Box::new(key_bytes(*seed)))))
        .collect();
    MasterKeys::new(map, active).expect("valid key set")
}

/// Obviously fake credentials unique to `n`.
pub fn fake_creds(n: u32) -> (String, String) {
    (
        format!("FAKEapiKEY{n:04}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        format!("FAKEapiSECRET{n:04}yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy"),
    )
}

/// The exchange every test key is stored under.
pub const BINANCE: ExchangeId = ExchangeId::Binance;

pub fn creds(n: u32) -> Credentials {
    let (k, s) = fake_creds(n);
    Credentials::new(SecretString::from(k), SecretString::from(s))
}

/// Opens the database and stores fake credentials for users 1..=n.
pub async fn seed_users(
    db_path: &Path,
    keys: MasterKeys,
    n: u32,
) -> (Database, EncryptedKeyStore, Vec<i64>) {
    let db = Database::open(db_path, Some(&keys)).await.expect("open db");
    let store = EncryptedKeyStore::new(db.clone(), Some(keys));
    let mut ids = Vec::new();
    for i in 1..=n {
        let id = db
            .upsert_user(Platform::Telegram, &format!("{}", 1000 + i))
            .await
            .expect("user");
        store.save(id, BINANCE, &creds(i)).await.expect("save");
        ids.push(id);
    }
    (db, store, ids)
}

/// The dustpan binary with a clean environment, run in `dir`, open to everyone (`dustpan
/// run` needs a choice of who gets in; a test about that choice removes `DUSTPAN_OPEN`).
pub fn dustpan(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dustpan"));
    cmd.env_clear().current_dir(dir).env("DUSTPAN_OPEN", "true");
    if let Some(path) = std::env::var_os("PATH") {
        cmd.env("PATH", path);
    }
    cmd
}

pub fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Log output captured in memory (see [`capture_logs`]).
#[derive(Clone, Default)]
pub struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Captured {
    /// Everything logged so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

thread_local! {
    /// Where this thread's log lines go while it captures (see [`capture_logs`]).
    static CAPTURING: std::cell::RefCell<Option<Captured>> = const { std::cell::RefCell::new(None) };
}

/// Writes a log line to the capturing thread's buffer (none: dropped).
struct ThreadCapture;

impl std::io::Write for ThreadCapture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        CAPTURING.with(|c| match c.borrow_mut().as_mut() {
            Some(captured) => captured.write(buf),
            None => Ok(buf.len()),
        })
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Stops this thread's capture when dropped.
pub struct CaptureGuard;

impl Drop for CaptureGuard {
    fn drop(&mut self) {
        CAPTURING.with(|c| c.borrow_mut().take());
    }
}

/// Captures this thread's logs at every level, without colour, until the guard drops. In a
/// `current_thread` test every task runs on the test's thread (the store's writer too).
///
/// One process-wide subscriber whose filter asks, per event, whether the thread captures:
/// subscribers set per thread (`set_default`) race with tracing's process-wide cache of
/// which callsites are wanted, and lose lines now and then when tests run side by side.
pub fn capture_logs() -> (Captured, CaptureGuard) {
    use tracing_subscriber::Layer as _;
    use tracing_subscriber::layer::SubscriberExt as _;
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        // Asked per event ("sometimes"), never cached per callsite: the answer depends on
        // the thread.
        let capturing = tracing_subscriber::filter::dynamic_filter_fn(|_, _| {
            CAPTURING.with(|c| c.borrow().is_some())
        })
        .with_callsite_filter(|_| tracing::subscriber::Interest::sometimes());
        let layer = tracing_subscriber::fmt::layer()
            .with_ansi(false)
            .with_writer(|| ThreadCapture)
            .with_filter(capturing);
        tracing::subscriber::set_global_default(tracing_subscriber::registry().with(layer))
            .expect("no other global subscriber in the tests");
    });
    let captured = Captured::default();
    CAPTURING.with(|c| *c.borrow_mut() = Some(captured.clone()));
    (captured, CaptureGuard)
}

/// The parts of a `multipart/form-data` body, split on the raw bytes: each part's head (its
/// header lines, as text) and its content exactly as sent (a PNG stays a PNG).
pub fn multipart_parts<'a>(body: &'a [u8], boundary: &str) -> Vec<(String, &'a [u8])> {
    let delimiter = format!("--{boundary}").into_bytes();
    let mut starts = Vec::new();
    let mut i = 0;
    while i + delimiter.len() <= body.len() {
        if body[i..].starts_with(&delimiter) {
            starts.push(i);
            i += delimiter.len();
        } else {
            i += 1;
        }
    }
    starts
        .windows(2)
        .filter_map(|w| {
            let part = &body[w[0] + delimiter.len()..w[1]];
            let split = part.windows(4).position(|x| x == b"\r\n\r\n")?;
            let head = String::from_utf8_lossy(&part[..split]).into_owned();
            let value = &part[split + 4..];
            Some((head, value.strip_suffix(b"\r\n").unwrap_or(value)))
        })
        .collect()
}

/// A file part as the fakes record it: its name, type, content as text (lossy: for text
/// files), its exact bytes in base64, and its size in bytes.
pub fn file_part(
    field: Option<&str>,
    filename: &str,
    content_type: &str,
    bytes: &[u8],
) -> serde_json::Value {
    let mut file = serde_json::json!({
        "filename": filename,
        "content_type": content_type,
        "content": String::from_utf8_lossy(bytes),
        "base64": base64::engine::general_purpose::STANDARD.encode(bytes),
        "size": bytes.len(),
    });
    if let Some(field) = field {
        file["field"] = serde_json::json!(field);
    }
    file
}

/// The exact bytes of a file part recorded by a fake (see [`file_part`]).
pub fn file_bytes(file: &serde_json::Value) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(file["base64"].as_str().expect("a recorded file part"))
        .expect("base64 of the file part")
}

/// A key pair as given.
pub fn key_pair(key: &str, secret: &str) -> Credentials {
    Credentials::new(SecretString::from(key), SecretString::from(secret))
}

pub fn asset(s: &str) -> dustpan::domain::Asset {
    dustpan::domain::Asset::parse(s).expect("asset symbol")
}

pub fn dec(s: &str) -> rust_decimal::Decimal {
    s.parse().expect("decimal literal")
}

/// A market sell of `qty` of `symbol` with this client order id.
pub fn market_sell(symbol: &str, qty: &str, id: &str) -> dustpan::ports::MarketSell {
    dustpan::ports::MarketSell {
        symbol: symbol.to_owned(),
        quantity: dec(qty),
        client_order_id: id.to_owned(),
    }
}

/// `dustpan sim --exchange EXCHANGE --listen 127.0.0.1:0` serving the accounts of
/// `accounts_json` (written to `dir`), and the base URL it prints on its first line. The
/// caller kills the child.
pub async fn spawn_sim(
    dir: &Path,
    exchange: &str,
    accounts_json: &str,
) -> (std::process::Child, String) {
    use std::io::BufRead as _;
    let accounts = dir.join("accounts.json");
    std::fs::write(&accounts, accounts_json).expect("accounts file");
    let mut child = dustpan(dir)
        .args([
            "sim",
            "--exchange",
            exchange,
            "--listen",
            "127.0.0.1:0",
            "--accounts",
        ])
        .arg(&accounts)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawns");
    let stdout = child.stdout.take().expect("stdout");
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .map(|_| line)
    });
    let line = tokio::time::timeout(std::time::Duration::from_secs(60), line)
        .await
        .expect("prints within a minute")
        .expect("joins")
        .expect("reads");
    let url = line
        .trim()
        .strip_prefix("listening on http://")
        .map(|a| format!("http://{a}"))
        .unwrap_or_else(|| panic!("{line}"));
    (child, url)
}

/// Runs `dustpan demo` with `input` typed in and a temporary folder of its own, and returns
/// the path of the file it says it saved ("File saved: PATH"), checked to be in that folder,
/// with the folder that holds it (kept while the caller reads the file).
pub fn demo_saved_file(input: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    use std::io::Write as _;
    use std::process::Stdio;
    let db = TempDb::new();
    let files = tempfile::tempdir().unwrap();
    let mut child = dustpan(db.dir.path())
        .arg("demo")
        .env("TMPDIR", files.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start dustpan demo");
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    let path = stdout
        .lines()
        .find_map(|l| l.strip_prefix("File saved: "))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(path.starts_with(files.path().to_str().unwrap()), "{path}");
    let path = std::path::PathBuf::from(path);
    (files, path)
}

/// A database file with the migrations up to `version` only: the schema of an older dustpan.
pub async fn database_at(version: i64) -> (TempDb, sqlx::SqlitePool) {
    use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
    let tmp = TempDb::new();
    let options = SqliteConnectOptions::new()
        .filename(&tmp.path)
        .create_if_missing(true)
        .foreign_keys(true);
    let old = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .unwrap();
    sqlx::migrate!("./migrations")
        .run_to(version, &old)
        .await
        .unwrap();
    (tmp, old)
}
