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

/// The dustpan binary with a clean environment, run in `dir`.
pub fn dustpan(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dustpan"));
    cmd.env_clear().current_dir(dir);
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

/// Captures this thread's logs at debug level, without colour, until the guard drops. In a
/// `current_thread` test every task runs on the test's thread (the store's writer too).
pub fn capture_logs() -> (Captured, tracing::subscriber::DefaultGuard) {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    (captured, tracing::subscriber::set_default(subscriber))
}
