//! A throwaway PostgreSQL server for the tests (issue 21): Debian's `postgresql` package
//! (`.ci/run` installs it when it is missing), a cluster made with `initdb` in a temporary
//! folder, started on a loopback port of its own and shared by the tests of this process,
//! with a fresh database for each test. No mock: the real server, really started.
//!
//! The server runs under a small shell that reads the test process's end of a pipe: when
//! the test process exits, however it exits, the pipe closes and the shell stops the
//! server (`pg_ctl stop -m immediate`) and removes its folder, so nothing outlives the
//! tests.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use sqlx::{Connection, PgConnection};

/// The superuser of the throwaway cluster (trust authentication, loopback only).
const SUPERUSER: &str = "dustpan";

/// The running cluster.
pub struct Cluster {
    port: u16,
    /// The shell that stops the server when the test process ends (its stdin closes).
    _guard: Mutex<Child>,
}

/// The folder of Debian's PostgreSQL programs (the newest version installed), if any.
fn installed() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|bin| bin.join("initdb").is_file())
        .collect();
    versions.sort();
    versions.pop()
}

/// Set to require the PostgreSQL tests (CI): without PostgreSQL they fail instead of being
/// left out.
pub const REQUIRE: &str = "DUSTPAN_TEST_POSTGRES";

/// The folder of Debian's PostgreSQL programs, installing the `postgresql` package first
/// when it is missing and the tests run as root (as `.ci/run` does), so that `cargo test`
/// sets up what it needs on a fresh machine. `None` when they are missing and cannot be
/// installed (not root), unless [`REQUIRE`] is set.
fn bin_dir() -> Option<PathBuf> {
    if let Some(bin) = installed() {
        return Some(bin);
    }
    if uid(None) != 0 && std::env::var_os(REQUIRE).is_none() {
        return None;
    }
    if uid(None) == 0 {
        eprintln!("installing Debian's postgresql package for the PostgreSQL tests…");
        for args in [
            &["update", "-qq"][..],
            &["install", "-y", "-qq", "postgresql"][..],
        ] {
            let status = Command::new("apt-get")
                .args(args)
                .env("DEBIAN_FRONTEND", "noninteractive")
                .stdout(Stdio::null())
                .status()
                .expect("run apt-get");
            assert!(status.success(), "apt-get {args:?} failed");
        }
    }
    Some(installed().expect("PostgreSQL (Debian's postgresql package) is installed"))
}

/// The numeric id `id -u` prints for `user` (the caller when `None`).
fn uid(user: Option<&str>) -> u32 {
    let out = Command::new("id")
        .arg("-u")
        .args(user)
        .output()
        .expect("run id");
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or_else(|_| {
            panic!("no user {user:?} (Debian's postgresql package creates postgres)")
        })
}

/// `program args…`, as the `postgres` system user when run as root (the server refuses
/// to run as root).
fn as_server_user(program: &Path) -> Command {
    if uid(None) == 0 {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--"]).arg(program);
        cmd
    } else {
        Command::new(program)
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

impl Cluster {
    /// The cluster of this test process, started on first use; `None` on a machine without
    /// PostgreSQL's programs (see [`bin_dir`]). Blocking: call it from `spawn_blocking`.
    pub fn get() -> Option<&'static Cluster> {
        static CLUSTER: OnceLock<Option<Cluster>> = OnceLock::new();
        CLUSTER
            .get_or_init(|| bin_dir().map(Cluster::start))
            .as_ref()
    }

    fn start(bin: PathBuf) -> Cluster {
        // Kept past this function: the server's shell removes it when it stops.
        let dir = tempfile::Builder::new()
            .prefix("dustpan-pg-")
            .tempdir()
            .expect("temp dir")
            .keep();
        let data = dir.join("data");
        std::fs::create_dir(&data).unwrap();
        if uid(None) == 0 {
            let server = uid(Some("postgres"));
            for p in [dir.as_path(), data.as_path()] {
                std::os::unix::fs::chown(p, Some(server), None).unwrap();
            }
        }
        let out = as_server_user(&bin.join("initdb"))
            .arg("-D")
            .arg(&data)
            .args(["-U", SUPERUSER, "--auth=trust", "--no-sync", "-E", "UTF8"])
            .args(["--locale=C"])
            .output()
            .expect("run initdb");
        assert!(
            out.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let port = free_port();
        // The server in the foreground of a shell that stops it when stdin closes.
        let script = format!(
            "'{postgres}' -D '{data}' -h 127.0.0.1 -p {port} -k '{socket}' -c fsync=off \
             -c max_connections=200 >'{log}' 2>&1 & read _; '{pg_ctl}' -D '{data}' stop -m immediate >/dev/null 2>&1; rm -rf '{dir}'",
            postgres = bin.join("postgres").display(),
            pg_ctl = bin.join("pg_ctl").display(),
            data = data.display(),
            socket = dir.display(),
            log = dir.join("server.log").display(),
            dir = dir.display(),
        );
        let mut sh = as_server_user(Path::new("/bin/sh"));
        let guard = sh
            .args(["-c", &script])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the server");
        let cluster = Cluster {
            port,
            _guard: Mutex::new(guard),
        };
        cluster.wait_ready();
        cluster
    }

    /// The URL of database `name` as the superuser.
    pub fn url(&self, name: &str) -> String {
        format!("postgres://{SUPERUSER}@127.0.0.1:{}/{name}", self.port)
    }

    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        loop {
            let ok = rt.block_on(async {
                match PgConnection::connect(&self.url("postgres")).await {
                    Ok(c) => {
                        let _ = c.close().await;
                        true
                    }
                    Err(_) => false,
                }
            });
            if ok {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "PostgreSQL did not accept connections on 127.0.0.1:{} within 60 s",
                self.port
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A fresh, empty database of its own: its URL.
    pub async fn fresh_database(&self) -> String {
        static NEXT: AtomicU32 = AtomicU32::new(1);
        let name = format!(
            "test_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let mut admin = PgConnection::connect(&self.url("postgres"))
            .await
            .expect("connect as the superuser");
        // The name is made here of digits and underscores: nothing outside flows in.
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await
            .expect("create the test database");
        admin.close().await.unwrap();
        self.url(&name)
    }
}

/// The cluster, or `None` after saying once, on the terminal, how to include the
/// PostgreSQL tests (the SQLite suite runs either way).
pub async fn cluster() -> Option<&'static Cluster> {
    let cluster = tokio::task::spawn_blocking(Cluster::get).await.unwrap();
    if cluster.is_none() {
        static SAID: std::sync::Once = std::sync::Once::new();
        SAID.call_once(|| {
            use std::io::Write as _;
            // Straight to stderr: the test harness captures eprintln! of passing tests.
            let _ = writeln!(
                std::io::stderr(),
                "PostgreSQL tests left out: PostgreSQL's programs are not installed; install Debian's postgresql package (apt-get install postgresql, or run cargo test as root once) to include them, or set {REQUIRE}=1 to make their absence fail"
            );
        });
    }
    cluster
}

/// A fresh database on the cluster: its URL, or `None` without PostgreSQL (see
/// [`cluster`]).
pub async fn fresh_database() -> Option<String> {
    Some(cluster().await?.fresh_database().await)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_throwaway_postgresql_server_starts_on_loopback_and_gives_each_test_its_own_database() {
    let Some(cluster) = cluster().await else {
        return;
    };
    let a = cluster.fresh_database().await;
    let b = cluster.fresh_database().await;
    assert_ne!(a, b);
    assert!(a.starts_with("postgres://dustpan@127.0.0.1:"), "{a}");
    let mut conn = PgConnection::connect(&a).await.expect("connect");
    sqlx::raw_sql("CREATE TABLE t (id BIGINT PRIMARY KEY, v TEXT NOT NULL)")
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::query("INSERT INTO t (id, v) VALUES ($1, $2)")
        .bind(1_i64)
        .bind("one")
        .execute(&mut conn)
        .await
        .unwrap();
    let v: String = sqlx::query_scalar("SELECT v FROM t WHERE id = $1")
        .bind(1_i64)
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(v, "one");
    let version: String = sqlx::query_scalar("SHOW server_version")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert!(!version.is_empty());
    conn.close().await.unwrap();
    // The other database does not see this one's table.
    let mut other = PgConnection::connect(&b).await.unwrap();
    let tables: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 't'")
            .fetch_one(&mut other)
            .await
            .unwrap();
    assert_eq!(tables, 0);
}
