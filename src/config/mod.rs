//! Settings: an optional TOML file overridden by environment variables, parsed into typed
//! values at start-up. A bad value is a [`ConfigError`] naming the setting (exit code 2).
//!
//! The TOML file uses the environment names in lower case without the `DUSTPAN_` prefix:
//! `database_url`, `master_key_v2`, `binance_api_url`, `telegram_bot_token`, …

use std::collections::BTreeMap;
use std::fmt;

mod access;
mod database;
mod discord;
mod error;
mod keys;
pub use access::AccessSettings;
pub use database::{PostgresUrl, parse_postgres_url};
pub use discord::{DEFAULT_DISCORD_API_URL, DiscordSettings};
pub use error::ConfigError;
use keys::master_key_version_of;
pub use keys::{MasterKey, MasterKeys, parse_master_key};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::SecretString;
use url::Url;
use zeroize::Zeroizing;

/// The names of every plain (non-versioned) setting: the public interface.
pub const SETTING_NAMES: &[&str] = &[
    "DUSTPAN_DATABASE_URL",
    "DUSTPAN_MASTER_KEY",
    "DUSTPAN_MASTER_KEY_FILE",
    "DUSTPAN_MASTER_KEY_ACTIVE",
    "DUSTPAN_DUST_COOLDOWN",
    "DUSTPAN_REQUIRE_IP_RESTRICTED",
    "BINANCE_API_URL",
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_API_URL",
    "TELEGRAM_WEBHOOK_URL",
    "TELEGRAM_WEBHOOK_LISTEN",
    "TELEGRAM_WEBHOOK_SECRET",
    "DISCORD_BOT_TOKEN",
    "DISCORD_APPLICATION_ID",
    "DISCORD_PUBLIC_KEY",
    "DISCORD_API_URL",
    "DISCORD_INTERACTIONS_LISTEN",
    "RUST_LOG",
    "DUSTPAN_USER_COMMANDS_PER_MIN",
    "DUSTPAN_USER_COMMAND_BURST",
    "DUSTPAN_USER_WEIGHT_SHARE",
    "DUSTPAN_ALLOWED_USERS",
    "DUSTPAN_ADMINS",
    "DUSTPAN_OPEN",
    "DUSTPAN_OPS_LISTEN",
    "DUSTPAN_INSTANCES_PER_ADDRESS",
    "DUSTPAN_INSTANCES",
    "DUSTPAN_CLAIM_TIMEOUT",
];

/// Default Binance REST base.
pub const DEFAULT_BINANCE_API_URL: &str = "https://api.binance.com";
/// MEXC's REST base (mexc.md §1).
pub const DEFAULT_MEXC_API_URL: &str = "https://api.mexc.com";
/// Bybit's REST base (bybit.md §1).
pub const DEFAULT_BYBIT_API_URL: &str = "https://api.bybit.com";
/// Default Telegram Bot API base.
pub const DEFAULT_TELEGRAM_API_URL: &str = "https://api.telegram.org";
/// Default database file, in the working directory.
pub const DEFAULT_DATABASE_FILE: &str = "dustpan.db";

/// Telegram settings, present when a bot token is configured.
#[derive(Debug, Clone)]
pub struct TelegramSettings {
    /// The bot token from @BotFather.
    pub bot_token: SecretString,
    /// The Bot API base URL.
    pub api_url: Url,
    /// Webhook mode, when a webhook URL is configured (long polling otherwise).
    pub webhook: Option<TelegramWebhook>,
    /// How many instances serve this bot (`DUSTPAN_INSTANCES`, 1–64): each paces its Bot
    /// API calls at this share of Telegram's overall limit (issue 21: divided, not shared
    /// through the database).
    pub instances: u32,
}

/// Telegram webhook mode: Telegram POSTs updates to `url`, which reaches `listen`.
#[derive(Debug, Clone)]
pub struct TelegramWebhook {
    /// The public HTTPS URL Telegram calls.
    pub url: Url,
    /// The local address the webhook server listens on.
    pub listen: SocketAddr,
    /// The `X-Telegram-Bot-Api-Secret-Token` every call must carry (when unset, one derived
    /// from the bot token: the same on every instance, see `webhook::shared_secret`).
    pub secret: Option<SecretString>,
}

/// Every setting, typed.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The SQLite database file (unused when `postgres_url` is set).
    pub database_path: PathBuf,
    /// The master keys, when configured.
    pub master_keys: Option<MasterKeys>,
    /// The small-balance conversion's cooldown, when set: it overrides the exchange's own
    /// (its capabilities' `cooldown`), e.g. to shorten it against the simulator.
    pub dust_cooldown: Option<Duration>,
    /// Refuse exchange keys without an IP allow-list.
    pub require_ip_restricted: bool,
    /// Binance REST base URL.
    pub binance_api_url: Url,
    /// MEXC REST base URL.
    pub mexc_api_url: Url,
    /// Bybit REST base URL.
    pub bybit_api_url: Url,
    /// Telegram, when `TELEGRAM_BOT_TOKEN` is set.
    pub telegram: Option<TelegramSettings>,
    /// Discord, when `DISCORD_BOT_TOKEN` is set.
    pub discord: Option<DiscordSettings>,
    /// The `RUST_LOG` filter, when set (each command has its own default).
    pub log_filter: Option<String>,
    /// Per-user limits (`DUSTPAN_USER_*`).
    pub user_limits: UserLimits,
    /// Who may use the bot (`DUSTPAN_ALLOWED_USERS`, `DUSTPAN_ADMINS`, `DUSTPAN_OPEN`).
    pub access: AccessSettings,
    /// Where the operations endpoint (`/healthz`, `/metrics`) listens; off when unset.
    pub ops_listen: Option<SocketAddr>,
    /// The PostgreSQL database, when `DUSTPAN_DATABASE_URL` names one (issue 21).
    pub postgres_url: Option<PostgresUrl>,
    /// How long a reminder's or message's claim outlives a sender that died before another
    /// sends it (`DUSTPAN_CLAIM_TIMEOUT`, seconds, 10–3600; issue 21).
    pub claim_timeout: std::time::Duration,
}

/// Per-user limits, so no user can starve the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UserLimits {
    /// Commands (messages and presses) per minute, sustained.
    pub commands_per_min: u32,
    /// Commands at once.
    pub command_burst: u32,
    /// Percent (1–100) of each shared exchange weight bucket one user may use per window.
    pub weight_share_percent: u32,
    /// How many instances send to the exchange from one egress address
    /// (`DUSTPAN_INSTANCES_PER_ADDRESS`, 1–64): each keeps this share of the per-address
    /// weight budgets (issue 21).
    pub instances_per_address: u32,
}

impl Default for UserLimits {
    fn default() -> Self {
        Self {
            commands_per_min: crate::service::throttle::DEFAULT_COMMANDS_PER_MIN,
            command_burst: crate::service::throttle::DEFAULT_COMMAND_BURST,
            weight_share_percent: crate::binance::limits::DEFAULT_USER_SHARE_PERCENT,
            instances_per_address: 1,
        }
    }
}

/// Raw setting values by environment name, from the file and the environment.
#[derive(Default)]
pub struct RawSettings {
    values: BTreeMap<String, Zeroizing<String>>,
}

impl fmt::Debug for RawSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawSettings")
            .field("names", &self.values.keys().collect::<Vec<_>>())
            .finish()
    }
}

fn is_known_name(name: &str) -> bool {
    SETTING_NAMES.contains(&name) || master_key_version_of(name).is_some()
}

impl RawSettings {
    /// Reads the TOML file (if any) and then the environment, which wins.
    /// `explicit_file` is `--config`; without it `dustpan.toml` is read when present.
    pub fn load(
        explicit_file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, ConfigError> {
        let mut raw = RawSettings::default();
        let file = match explicit_file {
            Some(p) => Some(p.to_path_buf()),
            None => Some(PathBuf::from("dustpan.toml")).filter(|p| p.exists()),
        };
        if let Some(path) = file {
            raw.read_toml(&path)?;
        }
        for (name, value) in env {
            if is_known_name(&name) {
                raw.values.insert(name, Zeroizing::new(value));
            }
        }
        Ok(raw)
    }

    fn read_toml(&mut self, path: &Path) -> Result<(), ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            ConfigError::new("--config", format!("cannot read {}: {e}", path.display()))
        })?;
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            ConfigError::new(
                "--config",
                format!("{} is not valid TOML: {}", path.display(), e.message()),
            )
        })?;
        for (key, value) in table {
            let name = if key.starts_with("binance_")
                || key.starts_with("telegram_")
                || key.starts_with("discord_")
                || key == "rust_log"
            {
                key.to_ascii_uppercase()
            } else {
                format!("DUSTPAN_{}", key.to_ascii_uppercase())
            };
            if !is_known_name(&name) {
                return Err(ConfigError::new(
                    "--config",
                    format!("unknown setting '{key}' in {}", path.display()),
                ));
            }
            let text = match value {
                toml::Value::String(s) => s,
                toml::Value::Integer(i) => i.to_string(),
                toml::Value::Boolean(b) => b.to_string(),
                _ => {
                    return Err(ConfigError::new(name, "must be a string or a number"));
                }
            };
            self.values.insert(name, Zeroizing::new(text));
        }
        Ok(())
    }

    /// Sets one value (tests, the demo).
    pub fn set(&mut self, name: &str, value: &str) {
        self.values
            .insert(name.to_owned(), Zeroizing::new(value.to_owned()));
    }

    /// The names of environment variables holding master keys, to clear after reading.
    pub fn master_key_env_names() -> impl Iterator<Item = String> {
        std::env::vars_os()
            .filter_map(|(k, _)| k.into_string().ok())
            .filter(|k| k == "DUSTPAN_MASTER_KEY" || master_key_version_of(k).is_some())
            .collect::<Vec<_>>()
            .into_iter()
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.values
            .get(name)
            .map(|v| v.as_str().trim())
            .filter(|v| !v.is_empty())
    }

    /// Parses every setting.
    pub fn parse(&self) -> Result<Settings, ConfigError> {
        let postgres_url = self
            .get("DUSTPAN_DATABASE_URL")
            .map(|v| parse_postgres_url("DUSTPAN_DATABASE_URL", v))
            .transpose()?
            .flatten();
        let database_path = match self.get("DUSTPAN_DATABASE_URL") {
            Some(v) if postgres_url.is_none() => parse_database_url(v)?,
            _ => PathBuf::from(DEFAULT_DATABASE_FILE),
        };
        let dust_cooldown = self
            .get("DUSTPAN_DUST_COOLDOWN")
            .map(|v| parse_duration("DUSTPAN_DUST_COOLDOWN", v))
            .transpose()?;
        let require_ip_restricted = match self.get("DUSTPAN_REQUIRE_IP_RESTRICTED") {
            Some(v) => parse_bool("DUSTPAN_REQUIRE_IP_RESTRICTED", v)?,
            None => false,
        };
        let binance_api_url = self.url("BINANCE_API_URL", DEFAULT_BINANCE_API_URL)?;
        let mexc_api_url = self.url("MEXC_API_URL", DEFAULT_MEXC_API_URL)?;
        let bybit_api_url = self.url("BYBIT_API_URL", DEFAULT_BYBIT_API_URL)?;
        let telegram_api_url = self.url("TELEGRAM_API_URL", DEFAULT_TELEGRAM_API_URL)?;
        let telegram_webhook = self.telegram_webhook()?;
        let instances = self.count("DUSTPAN_INSTANCES", 1, 1..=64)?;
        let telegram = match self.get("TELEGRAM_BOT_TOKEN") {
            Some(token) => Some(TelegramSettings {
                bot_token: parse_telegram_token(token)?,
                api_url: telegram_api_url,
                webhook: telegram_webhook,
                instances,
            }),
            None => None,
        };
        let discord_api_url = self.url("DISCORD_API_URL", DEFAULT_DISCORD_API_URL)?;
        let discord = discord::settings(|name| self.get(name), discord_api_url)?
            .map(|d| discord::DiscordSettings { instances, ..d });
        let log_filter = self.get("RUST_LOG").map(str::to_owned);
        if let Some(filter) = &log_filter {
            tracing_subscriber::EnvFilter::try_new(filter).map_err(|e| {
                ConfigError::new("RUST_LOG", format!("'{filter}' is not a valid filter: {e}"))
            })?;
        }
        Ok(Settings {
            database_path,
            master_keys: self.master_keys()?,
            dust_cooldown,
            require_ip_restricted,
            binance_api_url,
            mexc_api_url,
            bybit_api_url,
            telegram,
            discord,
            log_filter,
            user_limits: self.user_limits()?,
            access: access::settings(|name| self.get(name), parse_bool)?,
            ops_listen: self
                .get("DUSTPAN_OPS_LISTEN")
                .map(|v| {
                    v.parse::<SocketAddr>().map_err(|_| {
                        ConfigError::new(
                            "DUSTPAN_OPS_LISTEN",
                            format!("'{v}' is not an address like 127.0.0.1:9184"),
                        )
                    })
                })
                .transpose()?,
            postgres_url,
            claim_timeout: std::time::Duration::from_secs(u64::from(self.count(
                "DUSTPAN_CLAIM_TIMEOUT",
                300,
                10..=3600,
            )?)),
        })
    }

    fn user_limits(&self) -> Result<UserLimits, ConfigError> {
        let d = UserLimits::default();
        Ok(UserLimits {
            commands_per_min: self.count(
                "DUSTPAN_USER_COMMANDS_PER_MIN",
                d.commands_per_min,
                1..=6000,
            )?,
            command_burst: self.count("DUSTPAN_USER_COMMAND_BURST", d.command_burst, 1..=1000)?,
            weight_share_percent: self.count(
                "DUSTPAN_USER_WEIGHT_SHARE",
                d.weight_share_percent,
                1..=100,
            )?,
            instances_per_address: self.count(
                "DUSTPAN_INSTANCES_PER_ADDRESS",
                d.instances_per_address,
                1..=64,
            )?,
        })
    }

    /// A whole number in `range`, or `default` when unset.
    fn count(
        &self,
        name: &str,
        default: u32,
        range: std::ops::RangeInclusive<u32>,
    ) -> Result<u32, ConfigError> {
        let Some(v) = self.get(name) else {
            return Ok(default);
        };
        match v.parse::<u32>() {
            Ok(n) if range.contains(&n) => Ok(n),
            _ => Err(ConfigError::new(
                name,
                format!(
                    "'{v}' is not a whole number from {} to {}",
                    range.start(),
                    range.end()
                ),
            )),
        }
    }

    fn telegram_webhook(&self) -> Result<Option<TelegramWebhook>, ConfigError> {
        let secret = self
            .get("TELEGRAM_WEBHOOK_SECRET")
            .map(parse_webhook_secret)
            .transpose()?;
        let Some(url) = self.get("TELEGRAM_WEBHOOK_URL") else {
            return Ok(None);
        };
        let url = parse_http_url("TELEGRAM_WEBHOOK_URL", url)?;
        let listen = self.get("TELEGRAM_WEBHOOK_LISTEN").ok_or_else(|| {
            ConfigError::new(
                "TELEGRAM_WEBHOOK_LISTEN",
                "is required with TELEGRAM_WEBHOOK_URL (an address like 0.0.0.0:8443)",
            )
        })?;
        let listen = listen.parse::<SocketAddr>().map_err(|_| {
            ConfigError::new(
                "TELEGRAM_WEBHOOK_LISTEN",
                format!("'{listen}' is not an address like 0.0.0.0:8443"),
            )
        })?;
        Ok(Some(TelegramWebhook {
            url,
            listen,
            secret,
        }))
    }

    fn url(&self, name: &str, default: &str) -> Result<Url, ConfigError> {
        parse_http_url(name, self.get(name).unwrap_or(default))
    }
}

fn parse_database_url(value: &str) -> Result<PathBuf, ConfigError> {
    let path = if let Some(rest) = value.strip_prefix("sqlite://") {
        rest
    } else if let Some(rest) = value.strip_prefix("sqlite:") {
        rest
    } else if value.contains("://") {
        return Err(ConfigError::new(
            "DUSTPAN_DATABASE_URL",
            format!(
                "'{value}' is neither a SQLite nor a PostgreSQL database (use sqlite://PATH, a file path, or postgres://USER@HOST/DATABASE)"
            ),
        ));
    } else {
        value
    };
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Err(ConfigError::new(
            "DUSTPAN_DATABASE_URL",
            "must name a database file (an in-memory database cannot keep anything)",
        ));
    }
    Ok(PathBuf::from(path))
}

/// `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`), any case.
pub fn parse_bool(setting: &str, value: &str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        _ => Err(ConfigError::new(
            setting,
            format!("'{value}' is not true or false"),
        )),
    }
}

/// Parses a humantime duration such as `30s`, `2m`, `6h`; zero is refused.
pub fn parse_duration(setting: &str, value: &str) -> Result<Duration, ConfigError> {
    let d = humantime::parse_duration(value).map_err(|e| {
        ConfigError::new(
            setting,
            format!("'{value}' is not a duration like 30s, 2m or 6h ({e})"),
        )
    })?;
    if d.is_zero() {
        return Err(ConfigError::new(setting, "must be longer than zero"));
    }
    if d > MAX_DURATION {
        return Err(ConfigError::new(setting, "must be at most 30 days"));
    }
    Ok(d)
}

/// The longest duration setting accepted: keeps every time computed from it in range.
pub const MAX_DURATION: Duration = Duration::from_secs(30 * 24 * 3600);

/// Parses an http(s) URL with a host.
pub fn parse_http_url(setting: &str, value: &str) -> Result<Url, ConfigError> {
    let url = Url::parse(value)
        .map_err(|e| ConfigError::new(setting, format!("'{value}' is not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(ConfigError::new(
            setting,
            format!("'{value}' must be an http:// or https:// URL with a host"),
        ));
    }
    Ok(url)
}

/// Telegram's rule for `secret_token`: 1-256 characters of `A-Z a-z 0-9 _ -`.
fn parse_webhook_secret(value: &str) -> Result<SecretString, ConfigError> {
    let ok = (1..=256).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !ok {
        return Err(ConfigError::new(
            "TELEGRAM_WEBHOOK_SECRET",
            "must be 1-256 characters of A-Z, a-z, 0-9, _ and -",
        ));
    }
    Ok(SecretString::from(value.to_owned()))
}

fn parse_telegram_token(value: &str) -> Result<SecretString, ConfigError> {
    let ok = value.split_once(':').is_some_and(|(id, rest)| {
        !id.is_empty()
            && id.bytes().all(|b| b.is_ascii_digit())
            && !rest.is_empty()
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    });
    if !ok {
        return Err(ConfigError::new(
            "TELEGRAM_BOT_TOKEN",
            "does not look like a token from @BotFather (123456:ABC-DEF…)",
        ));
    }
    Ok(SecretString::from(value.to_owned()))
}

impl RawSettings {
    fn master_keys(&self) -> Result<Option<MasterKeys>, ConfigError> {
        keys::master_keys(&self.values, |name| self.get(name))
    }
}

#[cfg(test)]
mod tests;
