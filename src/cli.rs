//! The command line: `demo`, `run`, `sim`, `keygen`, `rotate-keys`, `backup`, `bench`,
//! `migrate-db`.

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use base64::Engine as _;
use clap::{Parser, Subcommand};

use crate::config::{ConfigError, RawSettings, Settings, parse_duration};
use crate::store::{EncryptedKeyStore, Storage};

/// dustpan: list and sweep the small "dust" balances of your exchange account from chat.
#[derive(Debug, Parser)]
#[command(name = "dustpan", version, about, long_about = None)]
pub struct Cli {
    /// Settings file (TOML). Default: `dustpan.toml` in the working directory, when present.
    /// Environment variables override it.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Chat with the bot in this terminal against the built-in simulated exchange.
    Demo {
        /// Keep the demo's database here (default: a fresh temporary one).
        #[arg(long, value_name = "PATH")]
        db: Option<PathBuf>,
        /// The Small Asset Convert cooldown of the simulated exchange and the bot (e.g. 30s, 6h).
        #[arg(long, value_name = "DURATION", value_parser = cooldown_arg)]
        dust_cooldown: Option<Duration>,
        /// The simulated exchanges the demo user is connected to, comma-separated (binance,
        /// mexc, bybit); Binance is always one of them.
        #[arg(long, value_name = "LIST", value_delimiter = ',', default_value = "binance", value_parser = exchange_arg)]
        exchanges: Vec<crate::domain::ExchangeId>,
    },
    /// Run the bot on the configured chat platforms (Telegram, Discord).
    Run,
    /// Serve a simulated exchange (Binance, MEXC, Bybit) over HTTP.
    Sim {
        /// Address to listen on (loopback recommended).
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8765")]
        listen: SocketAddr,
        /// Accounts JSON file (default: the built-in demo account).
        #[arg(long, value_name = "FILE")]
        accounts: Option<PathBuf>,
        /// The Small Asset Convert cooldown (e.g. 30s, 6h).
        #[arg(long, value_name = "DURATION", value_parser = cooldown_arg)]
        dust_cooldown: Option<Duration>,
        /// Which exchange's wire protocol to serve.
        #[arg(long, value_enum, default_value_t = SimExchange::Binance)]
        exchange: SimExchange,
    },
    /// Print a fresh random master key (base64 of 32 bytes) for DUSTPAN_MASTER_KEY.
    Keygen,
    /// Benchmarks: print measured figures as ratios against their goals.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Re-encrypt every stored credential with the active master key version.
    RotateKeys {
        /// Rows per transaction.
        #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=10_000))]
        batch: u32,
    },
    /// Write a consistent copy of the live database to PATH (safe while the bot runs;
    /// never overwrites).
    Backup {
        /// Where the copy goes; must not exist yet.
        #[arg(value_name = "PATH")]
        path: PathBuf,
    },
    /// Copy a SQLite deployment (it may be running) into a new, empty PostgreSQL database;
    /// stored keys stay encrypted under the same master key.
    MigrateDb {
        /// The SQLite database: sqlite://PATH or a file path.
        #[arg(long, value_name = "URL")]
        from: String,
        /// The PostgreSQL database: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE.
        #[arg(long, value_name = "URL")]
        to: String,
    },
    /// The Telegram webhook, on purpose: `dustpan run` never deletes it when it stops
    /// (other instances may still serve it) and sets it only when it is not already set.
    #[command(subcommand)]
    Telegram(TelegramCommand),
}

/// `dustpan telegram …`.
#[derive(Debug, Subcommand)]
pub enum TelegramCommand {
    /// deleteWebhook (pending updates kept): every instance stops receiving updates; needed
    /// before switching a bot from webhook to long polling.
    DeleteWebhook,
    /// setWebhook with the configured URL, secret and updates (pending updates kept): after
    /// changing TELEGRAM_WEBHOOK_SECRET, which Telegram never shows back.
    SetWebhook,
}

/// The exchanges `dustpan sim` can serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SimExchange {
    /// Binance spot, Small Asset Convert, Spot Convert.
    Binance,
    /// MEXC spot v3 and its dust transfer to MX.
    Mexc,
    /// Bybit v5: spot, Convert Small Balances (asynchronous execution).
    Bybit,
}

/// The benchmarks.
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// N users run /dust, then /convert all + Confirm, concurrently, against the in-process simulator.
    Dust {
        /// How many simulated users.
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        users: u32,
        /// A PostgreSQL server (`postgres://…`, a role that may CREATE DATABASE): the run
        /// uses a fresh database there, dropped at the end. SQLite when absent.
        #[arg(long)]
        db: Option<String>,
        /// Instances (whole apps in this process) on the PostgreSQL database.
        #[arg(long, default_value_t = 1, requires = "db", value_parser = clap::value_parser!(u32).range(1..=16))]
        instances: u32,
    },
    /// Reminders: fan-out through a rate-limited fake Telegram (achieved rate ÷ limit, 429s),
    /// then the due lookup over many scheduled reminders and the peak memory.
    Reminders {
        /// How many users with a scheduled reminder (scale part).
        #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
        users: u64,
        /// How many due reminders to fan out.
        #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        fanout: u32,
        /// The fake platform's overall limit, messages per second.
        #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=1000))]
        overall_per_sec: u32,
        /// The fake platform's per-chat limit, messages per second.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100))]
        chat_per_sec: u32,
        /// A PostgreSQL server (`postgres://…`, a role that may CREATE DATABASE): instead of
        /// the parts above, claims across instances on a fresh database there.
        #[arg(long)]
        db: Option<String>,
        /// Claiming instances (with --db).
        #[arg(long, default_value_t = 2, requires = "db", value_parser = clap::value_parser!(u32).range(1..=16))]
        instances: u32,
        /// Reminders due at once (with --db).
        #[arg(long, default_value_t = 100_000, requires = "db", value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
        due: u64,
    },
    /// Discord interactions: acknowledgement latency through the HTTP interactions endpoint
    /// (p50/p99 against 50 ms), the simulator and a fake Discord REST API in process.
    DiscordAck {
        /// How many signed interactions to send.
        #[arg(long, default_value_t = 2000, value_parser = clap::value_parser!(u32).range(4..=100_000))]
        interactions: u32,
        /// How many at once.
        #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u32).range(1..=1024))]
        concurrency: u32,
    },
    /// Discord DM reminders: N due reminders through the Discord notifier and scheduler to a
    /// fake enforcing Discord's 50 requests/s (achieved rate ÷ limit, 429s).
    DiscordFanout {
        /// How many due reminders (users) to fan out.
        #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        users: u32,
    },
}

fn cooldown_arg(s: &str) -> Result<Duration, String> {
    parse_duration("--dust-cooldown", s).map_err(|e| e.reason)
}

/// Exit code for a bad setting or argument.
pub const EXIT_CONFIG: u8 = 2;

/// Parses the command line and the settings, then runs the command. The settings (and
/// the master keys) are read here, before any thread starts, so the key variables can be
/// cleared from the environment (shared/security.md §1.2 item 4).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Keygen = cli.command {
        return keygen();
    }
    let settings = match load_settings(&cli) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("dustpan: {e}");
            return ExitCode::from(EXIT_CONFIG);
        }
    };
    init_logging(&settings, &cli.command);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("dustpan: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(dispatch(cli.command, settings)) {
        Ok(code) => code,
        Err(e) => {
            tracing::debug!(error = ?e, "command failed");
            eprintln!("dustpan: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn load_settings(cli: &Cli) -> Result<Settings, ConfigError> {
    let raw = RawSettings::load(
        cli.config.as_deref(),
        std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?))),
    )?;
    let settings = raw.parse()?;
    for name in RawSettings::master_key_env_names() {
        // SAFETY: called from the plain `fn main` before the tokio runtime or any other
        // thread exists, so nothing reads the environment concurrently.
        unsafe { std::env::remove_var(name) };
    }
    Ok(settings)
}

fn init_logging(settings: &Settings, command: &Command) {
    let default = match command {
        Command::Demo { .. } => "warn",
        // Bulk fills trip sqlx's slow-statement warning; a benchmark's report is its output.
        Command::Bench(_) => "warn,sqlx=error",
        // A long copy trips sqlx's slow-statement warning; the counts are the output.
        Command::MigrateDb { .. } => "warn,sqlx=error",
        _ => "info",
    };
    let filter = settings.log_filter.as_deref().unwrap_or(default);
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        // Colour only on a terminal: a log file or journal gets plain text.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .try_init();
}

fn keygen() -> ExitCode {
    match crate::store::crypto::generate_master_key() {
        Ok(key) => {
            let text =
                zeroize::Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(*key));
            println!("{}", text.as_str());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("dustpan: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn dispatch(command: Command, settings: Settings) -> anyhow::Result<ExitCode> {
    match command {
        Command::Keygen => Ok(keygen()),
        Command::Bench(BenchCommand::Dust {
            users,
            db,
            instances,
        }) => {
            crate::bench::dust::run(users as usize, db.as_deref(), instances as usize).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench(BenchCommand::Reminders {
            users,
            fanout,
            overall_per_sec,
            chat_per_sec,
            db,
            instances,
            due,
        }) => {
            if let Some(db) = db {
                crate::bench::claims::run(&db, instances as usize, due).await?;
                return Ok(ExitCode::SUCCESS);
            }
            crate::bench::fanout::run(
                fanout as usize,
                overall_per_sec as usize,
                chat_per_sec as usize,
            )
            .await?;
            crate::bench::reminders::run_scale(users).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench(BenchCommand::DiscordAck {
            interactions,
            concurrency,
        }) => {
            crate::bench::discord_ack::run(interactions as usize, concurrency as usize).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench(BenchCommand::DiscordFanout { users }) => {
            crate::bench::discord_fanout::run(users as usize).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::RotateKeys { batch } => rotate_keys(settings, batch).await,
        Command::Backup { path } => backup(settings, path).await,
        Command::MigrateDb { from, to } => migrate_db(settings, &from, &to).await,
        Command::Run => run(settings).await,
        Command::Telegram(c) => telegram_webhook(settings, c).await,
        Command::Sim {
            listen,
            accounts,
            dust_cooldown,
            exchange,
        } => match exchange {
            SimExchange::Binance => sim(listen, accounts, dust_cooldown).await,
            SimExchange::Mexc => sim_mexc(listen, accounts).await,
            SimExchange::Bybit => sim_bybit(listen, accounts).await,
        },
        Command::Demo {
            db,
            dust_cooldown,
            exchanges,
        } => demo(settings, db, dust_cooldown, exchanges).await,
    }
}

/// `dustpan run`: the chat frontends and the reminders until Ctrl-C or SIGTERM.
async fn run(settings: Settings) -> anyhow::Result<ExitCode> {
    if let Err(e) = settings.access.chosen() {
        eprintln!("dustpan: {e}");
        return Ok(ExitCode::from(EXIT_CONFIG));
    }
    if !crate::startup::any_frontend(&settings) {
        // Start-up checks still run for real: a wrong master key refuses here.
        crate::startup::check_storage(&settings).await?;
        eprintln!(
            "dustpan run: TELEGRAM_BOT_TOKEN is not set, so there is no chat frontend to run; the database and master keys check out"
        );
        return Ok(ExitCode::FAILURE);
    }
    let app = crate::startup::App::build(&settings).await?;
    // Long polling allows one consumer: on a database several instances share, the instance
    // that polls holds a lock while it runs, and another one refuses to start.
    let polling = settings
        .telegram
        .as_ref()
        .is_some_and(|t| t.webhook.is_none());
    let _poller = if polling && app.db.is_shared() {
        match app
            .db
            .turns()
            .try_job(crate::startup::TELEGRAM_POLLING_JOB)
            .await
        {
            Some(turn) => Some(turn),
            None => {
                eprintln!("dustpan run: {}", crate::startup::POLLING_TAKEN);
                app.db.close().await;
                return Ok(ExitCode::from(EXIT_CONFIG));
            }
        }
    } else {
        None
    };
    app.run(shutdown_signal()).await?;
    Ok(ExitCode::SUCCESS)
}

/// `dustpan telegram delete-webhook | set-webhook`.
async fn telegram_webhook(settings: Settings, c: TelegramCommand) -> anyhow::Result<ExitCode> {
    use crate::frontends::telegram::{WebhookAction, webhook_command};
    let Some(telegram) = &settings.telegram else {
        eprintln!("dustpan telegram: TELEGRAM_BOT_TOKEN is not set");
        return Ok(ExitCode::from(EXIT_CONFIG));
    };
    let (action, done) = match c {
        TelegramCommand::DeleteWebhook => {
            (WebhookAction::Delete, "the Telegram webhook is deleted")
        }
        TelegramCommand::SetWebhook => (WebhookAction::Set, "the Telegram webhook is set"),
    };
    webhook_command(telegram, action).await?;
    println!("{done}");
    Ok(ExitCode::SUCCESS)
}

async fn rotate_keys(settings: Settings, batch: u32) -> anyhow::Result<ExitCode> {
    let Some(keys) = settings.master_keys.clone() else {
        eprintln!(
            "dustpan rotate-keys: no master key is configured; set DUSTPAN_MASTER_KEY_V<n> and DUSTPAN_MASTER_KEY_ACTIVE"
        );
        return Ok(ExitCode::from(EXIT_CONFIG));
    };
    let active = keys.active_version();
    let db = Storage::open(&settings).await?;
    let progress = |done, total| {
        eprintln!("re-encrypted {done} of {total} credential rows");
        let _ = std::io::stderr().flush();
    };
    let report = match &db {
        Storage::Sqlite(d) => {
            EncryptedKeyStore::new(d.clone(), Some(keys))
                .rotate(batch, progress)
                .await?
        }
        Storage::Postgres(p) => {
            EncryptedKeyStore::new(p.clone(), Some(keys))
                .rotate(batch, progress)
                .await?
        }
    };
    db.close().await;
    println!(
        "rotation done: {} row(s) re-encrypted to key version {active}, {} already at it",
        report.rotated, report.already_current
    );
    Ok(ExitCode::SUCCESS)
}

/// `dustpan backup PATH`: the copy, what it holds, and what must be kept beside it.
async fn backup(settings: Settings, path: PathBuf) -> anyhow::Result<ExitCode> {
    use crate::store::backup::{BackupError, KeyCheck};
    if let Some(url) = &settings.postgres_url {
        eprintln!(
            "dustpan backup: DUSTPAN_DATABASE_URL names a PostgreSQL database ({}); back it up with PostgreSQL's own tools, e.g. `pg_dump --format=custom --file=PATH 'URL'`, and keep the master key separately",
            url.redacted()
        );
        return Ok(ExitCode::from(EXIT_CONFIG));
    }
    let report = match crate::store::backup::backup(
        &settings.database_path,
        &path,
        settings.master_keys.as_ref(),
    )
    .await
    {
        Ok(report) => report,
        Err(e @ (BackupError::Destination(_) | BackupError::NoDatabase(_))) => {
            eprintln!("dustpan backup: {e}");
            return Ok(ExitCode::from(EXIT_CONFIG));
        }
        Err(e) => return Err(e.into()),
    };
    let versions = report
        .key_versions
        .iter()
        .map(|v| format!("v{v}"))
        .collect::<Vec<_>>()
        .join(", ");
    println!(
        "backup written: {} ({} bytes; {} user(s), {} stored exchange key(s); integrity check ok)",
        path.display(),
        report.bytes,
        report.users,
        report.credentials
    );
    if report.credentials > 0 {
        println!(
            "The stored exchange keys in it are encrypted with master key version(s) {versions}. Keep those master keys too, but never beside this file: store them separately (a password manager, another machine). Without them the keys in the copy cannot be read; with them, whoever has both can."
        );
    } else {
        println!(
            "Keep the master key (DUSTPAN_MASTER_KEY) too, separately from this file: keys stored later are encrypted with it."
        );
    }
    println!(
        "To restore: stop dustpan, remove the database and its -wal and -shm files, copy this file to the DUSTPAN_DATABASE_URL path, and start dustpan with the same master key."
    );
    match report.key_check {
        KeyCheck::Matches => {
            println!("The configured master key(s) open every stored key in the copy.");
            Ok(ExitCode::SUCCESS)
        }
        KeyCheck::NotConfigured => Ok(ExitCode::SUCCESS),
        KeyCheck::Mismatch(why) => {
            eprintln!(
                "dustpan backup: the copy is written, but the configured master keys do not open it: {why}"
            );
            Ok(ExitCode::FAILURE)
        }
    }
}

async fn sim(
    listen: SocketAddr,
    accounts: Option<PathBuf>,
    dust_cooldown: Option<Duration>,
) -> anyhow::Result<ExitCode> {
    let mut config = match &accounts {
        Some(path) => match crate::sim::SimConfig::from_accounts_file(path) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("dustpan sim: {e}");
                return Ok(ExitCode::from(EXIT_CONFIG));
            }
        },
        None => crate::sim::SimConfig::demo(),
    };
    if let Some(d) = dust_cooldown {
        config.dust_cooldown = d;
    }
    let handle = match crate::sim::start(config, listen).await {
        Ok(h) => h,
        Err(e) => {
            eprintln!("dustpan sim: cannot listen on {listen}: {e}");
            return Ok(ExitCode::FAILURE);
        }
    };
    println!("listening on {}", handle.base_url());
    let _ = std::io::stdout().flush();
    shutdown_signal().await;
    handle.shutdown().await;
    Ok(ExitCode::SUCCESS)
}

/// Serves the simulator of `$sim` (a module of `crate::sim` with `start` and its config
/// type) until Ctrl-C or SIGTERM: the accounts file or the demo account, then
/// `listening on http://ADDR`.
macro_rules! serve_sim {
    ($sim:ident, $config:ident, $listen:expr, $accounts:expr) => {{
        use crate::sim::$sim::{start, $config};
        let config = match &$accounts {
            Some(path) => match $config::from_accounts_file(path) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("dustpan sim: {e}");
                    return Ok(ExitCode::from(EXIT_CONFIG));
                }
            },
            None => $config::demo(),
        };
        let handle = match start(config, $listen).await {
            Ok(h) => h,
            Err(e) => {
                eprintln!("dustpan sim: cannot listen on {}: {e}", $listen);
                return Ok(ExitCode::FAILURE);
            }
        };
        println!("listening on {}", handle.base_url());
        let _ = std::io::stdout().flush();
        shutdown_signal().await;
        handle.shutdown().await;
        Ok(ExitCode::SUCCESS)
    }};
}

/// `dustpan sim --exchange mexc`: the MEXC simulator until Ctrl-C or SIGTERM.
async fn sim_mexc(listen: SocketAddr, accounts: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    serve_sim!(mexc, MexcSimConfig, listen, accounts)
}

/// `dustpan sim --exchange bybit`: the Bybit simulator until Ctrl-C or SIGTERM.
async fn sim_bybit(listen: SocketAddr, accounts: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    serve_sim!(bybit, BybitSimConfig, listen, accounts)
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}

/// `dustpan migrate-db`: the copy, and its row counts per table.
async fn migrate_db(settings: Settings, from: &str, to: &str) -> anyhow::Result<ExitCode> {
    use crate::store::migrate_db::{MigrateDbError, copy_sqlite_to_postgres};
    let refuse = |why: String| {
        eprintln!("dustpan migrate-db: {why}");
        Ok(ExitCode::from(EXIT_CONFIG))
    };
    let source = if let Some(rest) = from.strip_prefix("sqlite://") {
        rest
    } else if let Some(rest) = from.strip_prefix("sqlite:") {
        rest
    } else if from.contains("://") {
        // Only the scheme is shown: the rest of a URL may carry a password.
        let scheme = from.split("://").next().unwrap_or_default();
        return refuse(format!(
            "--from must name a SQLite database (sqlite://PATH or a file path), not a {scheme}:// URL"
        ));
    } else {
        from
    };
    let source = PathBuf::from(source.split('?').next().unwrap_or_default());
    let target = match crate::config::parse_postgres_url("--to", to) {
        Ok(Some(url)) => url,
        Ok(None) => {
            return refuse(
                "--to must name a PostgreSQL database (postgres://USER@HOST/DATABASE)".to_owned(),
            );
        }
        Err(e) => return refuse(e.to_string()),
    };
    let report = match copy_sqlite_to_postgres(
        &source,
        target.expose(),
        settings.master_keys.as_ref(),
    )
    .await
    {
        Ok(report) => report,
        Err(
            e @ (MigrateDbError::NoSource(_)
            | MigrateDbError::SourceVersion { .. }
            | MigrateDbError::TargetNotEmpty(_)),
        ) => return refuse(e.to_string()),
        Err(e) => return Err(e.into()),
    };
    println!(
        "copied {} into {}; rows per table (source = copy):",
        source.display(),
        target.redacted()
    );
    for (table, rows) in &report {
        println!("  {table}: {rows}");
    }
    println!(
        "Every count matches. Start dustpan with DUSTPAN_DATABASE_URL set to the PostgreSQL URL and the same master key."
    );
    Ok(ExitCode::SUCCESS)
}

/// The master key of a demo database kept with `--db PATH`: `PATH.key`, mode 0600,
/// created on first use and reused after (shared/security.md §1.2 item 4).
fn demo_master_key(db: Option<&std::path::Path>) -> anyhow::Result<crate::config::MasterKeys> {
    use anyhow::Context as _;
    let fresh = || -> anyhow::Result<zeroize::Zeroizing<[u8; 32]>> {
        crate::store::crypto::generate_master_key().map_err(|e| anyhow::anyhow!("{e}"))
    };
    let Some(db) = db else {
        return Ok(crate::config::MasterKeys::single(*fresh()?));
    };
    let path = PathBuf::from(format!("{}.key", db.display()));
    if path.exists() {
        let text = zeroize::Zeroizing::new(
            std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?,
        );
        let key = crate::config::parse_master_key(&path.display().to_string(), &text)?;
        return Ok(crate::config::MasterKeys::single(
            *secrecy::ExposeSecret::expose_secret(&key),
        ));
    }
    let key = fresh()?;
    let text = zeroize::Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(*key));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(&path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(text.as_bytes())?;
    file.write_all(b"\n")?;
    Ok(crate::config::MasterKeys::single(*key))
}

async fn demo(
    mut settings: Settings,
    db: Option<PathBuf>,
    dust_cooldown: Option<Duration>,
    exchanges: Vec<crate::domain::ExchangeId>,
) -> anyhow::Result<ExitCode> {
    use crate::service::{Caller, reply::Text};
    use std::io::IsTerminal as _;

    // One cooldown for the simulated exchange and the bot: the one asked for, else the
    // simulator's (Binance's) own, which the bot reads from the exchange's capabilities.
    let cooldown = dust_cooldown.or(settings.dust_cooldown);
    let mut sim_config = crate::sim::SimConfig::demo();
    if let Some(cooldown) = cooldown {
        sim_config.dust_cooldown = cooldown;
    }
    let sim = crate::sim::start(sim_config, SocketAddr::from(([127, 0, 0, 1], 0))).await?;
    let tmp = tempfile::tempdir()?;
    // The demo always runs on its own SQLite file, whatever DUSTPAN_DATABASE_URL names.
    settings.postgres_url = None;
    settings.database_path = db.clone().unwrap_or_else(|| tmp.path().join("demo.db"));
    if settings.master_keys.is_none() {
        settings.master_keys = Some(demo_master_key(db.as_deref())?);
    }
    settings.binance_api_url = url::Url::parse(&sim.base_url())?;
    // One in-process simulator per other exchange asked for.
    let mexc = if exchanges.contains(&crate::domain::ExchangeId::Mexc) {
        let m = crate::sim::mexc::start(
            crate::sim::mexc::MexcSimConfig::demo(),
            SocketAddr::from(([127, 0, 0, 1], 0)),
        )
        .await?;
        settings.mexc_api_url = url::Url::parse(&m.base_url())?;
        Some(m)
    } else {
        None
    };
    let bybit = if exchanges.contains(&crate::domain::ExchangeId::Bybit) {
        let b = crate::sim::bybit::start(
            crate::sim::bybit::BybitSimConfig::demo(),
            SocketAddr::from(([127, 0, 0, 1], 0)),
        )
        .await?;
        settings.bybit_api_url = url::Url::parse(&b.base_url())?;
        Some(b)
    } else {
        None
    };
    settings.dust_cooldown = cooldown;
    let app = crate::startup::App::build(&settings).await?;
    // The terminal's locale is the console's client language (`ru_RU.UTF-8` → ru).
    let terminal_language = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()));
    let caller = Caller::in_private(crate::domain::Platform::Console, "demo")
        .with_language_hint(terminal_language);
    let interactive = std::io::stdin().is_terminal();
    let console = crate::frontends::console::Console::new(
        app.service.clone(),
        caller.clone(),
        !interactive,
        tokio::io::stdout(),
    );
    let banner = Text::new("console-banner").arg("url", sim.base_url());
    let language = app.service.language_of(&caller).await;
    let mut out = crate::i18n::locales().render(&language, &banner, &|s| s.to_owned());
    out.push('\n');
    if !app.service.is_connected(&caller).await {
        let reply = app
            .service
            .connect_caller(
                &caller,
                secrecy::SecretString::from(crate::sim::DEMO_API_KEY),
                secrecy::SecretString::from(crate::sim::DEMO_API_SECRET),
            )
            .await;
        out.push_str(&console.render(&reply).await);
    }
    if mexc.is_some() {
        let connect = format!(
            "/connect mexc {} {}",
            crate::sim::mexc::MEXC_DEMO_API_KEY,
            crate::sim::mexc::MEXC_DEMO_API_SECRET
        );
        let reply = app.service.handle_text(&caller, &connect).await;
        out.push('\n');
        out.push_str(&console.render(&reply).await);
    }
    if bybit.is_some() {
        let connect = format!(
            "/connect bybit {} {}",
            crate::sim::bybit::BYBIT_DEMO_API_KEY,
            crate::sim::bybit::BYBIT_DEMO_API_SECRET
        );
        let reply = app.service.handle_text(&caller, &connect).await;
        out.push('\n');
        out.push_str(&console.render(&reply).await);
    }
    out.push('\n');
    console.write(&out).await?;
    // Reminders arrive in the same terminal when the cooldown ends; the demo ends with its
    // input.
    let console = crate::frontends::console::ConsoleFrontend::new(
        console,
        tokio::io::BufReader::new(tokio::io::stdin()),
    );
    app.serve(vec![Box::new(console)], std::future::pending())
        .await?;
    sim.shutdown().await;
    if let Some(m) = mexc {
        m.shutdown().await;
    }
    if let Some(b) = bybit {
        b.shutdown().await;
    }
    Ok(ExitCode::SUCCESS)
}

/// An exchange `dustpan demo --exchanges` can simulate.
fn exchange_arg(s: &str) -> Result<crate::domain::ExchangeId, String> {
    match crate::domain::ExchangeId::parse(&s.trim().to_ascii_lowercase()) {
        Some(
            id @ (crate::domain::ExchangeId::Binance
            | crate::domain::ExchangeId::Mexc
            | crate::domain::ExchangeId::Bybit),
        ) => Ok(id),
        _ => Err(format!(
            "'{s}' is not an exchange the demo simulates (binance, mexc, bybit)"
        )),
    }
}
