//! Simulator configuration: accounts (built-in demo or an `--accounts` JSON file),
//! dust rules and rate limits.

use crate::binance::assumptions;
use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::binance::protocol;

/// The demo account's API key: obviously fake, printed in the README.
pub const DEMO_API_KEY: &str = "dustpanDEMOkeyNOTaREALbinanceKEY00000000000000000000000000000000";
/// The demo account's API secret: obviously fake, printed in the README.
pub const DEMO_API_SECRET: &str =
    "dustpanDEMOsecretNOTaREALbinance0123456789abcdefghijklmnopqrstuv";

/// How long an accepted convert order stays `PROCESS` before it is `SUCCESS` (sim time).
pub const DEFAULT_CONVERT_PROCESSING: Duration = Duration::from_secs(1);

/// What an API key may do (binance.md §1 "API-key permission flags").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct Permissions {
    /// `enableReading`: needed by every signed endpoint.
    #[serde(default = "yes")]
    pub reading: bool,
    /// `enableSpotAndMarginTrading`: needed by `/asset/dust`, getQuote, acceptQuote.
    #[serde(default = "yes")]
    pub spot_trading: bool,
    /// `enableWithdrawals`: shown only; the bot never needs it.
    #[serde(default)]
    pub withdrawals: bool,
}

fn yes() -> bool {
    true
}

impl Default for Permissions {
    fn default() -> Self {
        Self {
            reading: true,
            spot_trading: true,
            withdrawals: false,
        }
    }
}

/// One simulated account and its API key.
#[derive(Clone)]
pub struct AccountSpec {
    /// The key sent in `X-MBX-APIKEY`.
    pub api_key: String,
    /// The HMAC secret.
    pub api_secret: String,
    /// Free balances by asset.
    pub balances: BTreeMap<String, Decimal>,
    /// Key permissions.
    pub permissions: Permissions,
    /// Whether the account passed the Convert API questionnaire (binance.md §4).
    pub convert_approved: bool,
    /// IP allow-list; empty means unrestricted.
    pub ip_whitelist: Vec<IpAddr>,
    /// Binance user id; defaults to a per-index value.
    pub uid: u64,
}

impl fmt::Debug for AccountSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccountSpec")
            .field("api_key", &self.api_key)
            .field("api_secret", &"[REDACTED]")
            .field("balances", &self.balances)
            .field("permissions", &self.permissions)
            .field("convert_approved", &self.convert_approved)
            .field("ip_whitelist", &self.ip_whitelist)
            .field("uid", &self.uid)
            .finish()
    }
}

/// Request-weight budgets per minute (binance.md §2); tests shrink them to provoke 429s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The shared /api IP bucket.
    pub api_weight_1m: u32,
    /// Each IP-limited /sapi endpoint's bucket.
    pub sapi_ip_weight_1m: u32,
    /// Each UID-limited /sapi endpoint's bucket.
    pub sapi_uid_weight_1m: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            api_weight_1m: protocol::API_WEIGHT_LIMIT_1M,
            sapi_ip_weight_1m: protocol::SAPI_IP_WEIGHT_LIMIT_1M,
            sapi_uid_weight_1m: protocol::SAPI_UID_WEIGHT_LIMIT_1M,
        }
    }
}

/// How many Spot Convert quotes an account may get (issue 15 point 7: Binance's hourly
/// 345103 and daily 345239 quote quotas). The numbers are UNCONFIRMED; the defaults are
/// `assumptions::DEFAULT_CONVERT_QUOTES_PER_HOUR` / `_PER_DAY` (360 and 500, binance.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct ConvertQuotas {
    /// Quotes per rolling hour.
    #[serde(default = "default_per_hour")]
    pub per_hour: u32,
    /// Quotes per rolling 24 hours.
    #[serde(default = "default_per_day")]
    pub per_day: u32,
}

fn default_per_hour() -> u32 {
    assumptions::DEFAULT_CONVERT_QUOTES_PER_HOUR
}

fn default_per_day() -> u32 {
    assumptions::DEFAULT_CONVERT_QUOTES_PER_DAY
}

impl Default for ConvertQuotas {
    fn default() -> Self {
        Self {
            per_hour: default_per_hour(),
            per_day: default_per_day(),
        }
    }
}

/// Everything the simulator needs to start.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// The accounts and their keys.
    pub accounts: Vec<AccountSpec>,
    /// Minimum time between two dust conversions of one account (binance.md §3.4).
    pub dust_cooldown: Duration,
    /// Per-asset BTC value below which a balance is dust (binance.md §3.4).
    pub dust_threshold_btc: Decimal,
    /// Rate limits.
    pub limits: Limits,
    /// Sim time an accepted convert order stays `PROCESS` (binance.md §4.4).
    pub convert_processing: Duration,
    /// Spot Convert quote quotas of every account without its own.
    pub convert_quotas: ConvertQuotas,
    /// Per-account quote quotas, by API key (an accounts file's `convert_quotas`).
    pub convert_quotas_by_key: BTreeMap<String, ConvertQuotas>,
    /// Dust Convert's cooldown beside the classic one (binance-dust-convert.md §4).
    pub dust_convert_cooldown: assumptions::DustConvertCooldown,
    /// What a repeated Dust Convert `clientId` does (binance-dust-convert.md §3).
    pub dust_convert_repeated_client_id: assumptions::RepeatedClientId,
    /// Whether Dust Convert batches are written to the dust log (binance-dust-convert.md §5).
    pub dust_convert_in_dust_log: bool,
    /// Dust Convert's fee rate (binance-dust-convert.md §4: UNCONFIRMED, the examples show
    /// 2 % and 2.16–2.21 %): a switch, so tests can check that dustpan decides on the amounts
    /// the exchange quotes and never on a rate of its own.
    pub dust_convert_fee_rate: Decimal,
}

impl SimConfig {
    /// The quote quotas of the account of `api_key`.
    pub fn quotas_for(&self, api_key: &str) -> ConvertQuotas {
        self.convert_quotas_by_key
            .get(api_key)
            .copied()
            .unwrap_or(self.convert_quotas)
    }
}

/// Why an accounts file was refused. Never carries a secret.
#[derive(Debug, thiserror::Error)]
pub enum SimConfigError {
    /// The file could not be read.
    #[error("cannot read accounts file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Not the expected JSON shape (position only: the text may hold secrets).
    #[error("accounts JSON is malformed at line {line}, column {column} ({category})")]
    Json {
        /// Line of the error.
        line: usize,
        /// Column of the error.
        column: usize,
        /// syntax, data or eof.
        category: &'static str,
    },
    /// A balance is not a decimal string.
    #[error(
        "account #{account}: balance of {asset} must be a non-negative decimal string with at most 8 decimals, e.g. \"0.005\""
    )]
    BadBalance {
        /// Index of the account in the file.
        account: usize,
        /// The asset.
        asset: String,
    },
    /// An asset symbol is not 1-20 upper-case letters or digits.
    #[error("account #{account}: {asset:?} is not an asset symbol")]
    BadAsset {
        /// Index of the account.
        account: usize,
        /// The offending name.
        asset: String,
    },
    /// The API key is empty or has whitespace/control characters, or the secret is empty.
    #[error(
        "account #{account}: api_key must be non-empty printable ASCII without spaces, api_secret non-empty"
    )]
    BadKey {
        /// Index of the account.
        account: usize,
    },
    /// Two accounts share a key.
    #[error("account #{account}: api_key is used by an earlier account")]
    DuplicateKey {
        /// Index of the second account.
        account: usize,
    },
    /// An IP allow-list entry is not an IP address.
    #[error("account #{account}: ip_whitelist entry {entry:?} is not an IP address")]
    BadIp {
        /// Index of the account.
        account: usize,
        /// The entry.
        entry: String,
    },
}

#[derive(Deserialize)]
struct FileRoot {
    accounts: Vec<FileAccount>,
}

#[derive(Deserialize)]
struct FileAccount {
    api_key: String,
    api_secret: String,
    #[serde(default)]
    balances: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    permissions: Permissions,
    #[serde(default = "yes")]
    convert_approved: bool,
    #[serde(default)]
    ip_whitelist: Vec<String>,
    #[serde(default)]
    uid: Option<u64>,
    #[serde(default)]
    convert_quotas: Option<ConvertQuotas>,
}

/// First uid handed out; realistic 9-digit Binance uids.
const BASE_UID: u64 = 354_937_868;

/// A key is well-formed iff non-empty visible ASCII (binance.md §1: -2014 otherwise).
pub(crate) fn key_well_formed(key: &str) -> bool {
    !key.is_empty() && key.bytes().all(|b| b.is_ascii_graphic())
}

fn asset_ok(a: &str) -> bool {
    !a.is_empty()
        && a.len() <= 20
        && a.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Parses a balance string strictly: digits with an optional fraction of up to 8 places.
fn parse_balance(v: &serde_json::Value) -> Option<Decimal> {
    let s = v.as_str()?;
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || int.len() > 20 || !digits(int) || !digits(frac) || frac.len() > 8 {
        return None;
    }
    if s.ends_with('.') {
        return None;
    }
    Decimal::from_str(s).ok()
}

impl SimConfig {
    /// The built-in market with the demo account (binance.md §3, §5).
    pub fn demo() -> Self {
        Self::with_accounts(vec![demo_account()])
    }

    /// Defaults around the given accounts.
    pub fn with_accounts(accounts: Vec<AccountSpec>) -> Self {
        Self {
            accounts,
            dust_cooldown: protocol::DEFAULT_DUST_COOLDOWN,
            dust_threshold_btc: Decimal::from_str(assumptions::DEFAULT_DUST_THRESHOLD_BTC)
                .unwrap_or_default(),
            limits: Limits::default(),
            convert_processing: DEFAULT_CONVERT_PROCESSING,
            convert_quotas: ConvertQuotas::default(),
            convert_quotas_by_key: BTreeMap::new(),
            dust_convert_cooldown: assumptions::DUST_CONVERT_COOLDOWN,
            dust_convert_repeated_client_id: assumptions::DUST_CONVERT_REPEATED_CLIENT_ID,
            dust_convert_in_dust_log: assumptions::DUST_CONVERT_IN_DUST_LOG,
            dust_convert_fee_rate: Decimal::from_str(assumptions::DUST_CONVERT_FEE_RATE)
                .unwrap_or_default(),
        }
    }

    /// Parses an accounts document (`{"accounts":[...]}`).
    pub fn from_accounts_json(json: &str) -> Result<Self, SimConfigError> {
        let root: FileRoot = serde_json::from_str(json).map_err(|e| SimConfigError::Json {
            line: e.line(),
            column: e.column(),
            category: match e.classify() {
                serde_json::error::Category::Io => "io",
                serde_json::error::Category::Syntax => "syntax",
                serde_json::error::Category::Data => "unexpected field or type",
                serde_json::error::Category::Eof => "unexpected end",
            },
        })?;
        let mut accounts: Vec<AccountSpec> = Vec::with_capacity(root.accounts.len());
        let mut quotas = BTreeMap::new();
        for (i, a) in root.accounts.into_iter().enumerate() {
            if !key_well_formed(&a.api_key) || a.api_secret.is_empty() {
                return Err(SimConfigError::BadKey { account: i });
            }
            if accounts.iter().any(|b| b.api_key == a.api_key) {
                return Err(SimConfigError::DuplicateKey { account: i });
            }
            let mut balances = BTreeMap::new();
            for (asset, v) in &a.balances {
                if !asset_ok(asset) {
                    return Err(SimConfigError::BadAsset {
                        account: i,
                        asset: asset.clone(),
                    });
                }
                let amount = parse_balance(v).ok_or_else(|| SimConfigError::BadBalance {
                    account: i,
                    asset: asset.clone(),
                })?;
                balances.insert(asset.clone(), amount);
            }
            let mut ip_whitelist = Vec::new();
            for entry in &a.ip_whitelist {
                let ip = IpAddr::from_str(entry).map_err(|_| SimConfigError::BadIp {
                    account: i,
                    entry: entry.clone(),
                })?;
                ip_whitelist.push(ip);
            }
            if let Some(q) = a.convert_quotas {
                quotas.insert(a.api_key.clone(), q);
            }
            accounts.push(AccountSpec {
                api_key: a.api_key,
                api_secret: a.api_secret,
                balances,
                permissions: a.permissions,
                convert_approved: a.convert_approved,
                ip_whitelist,
                uid: a.uid.unwrap_or(BASE_UID + i as u64),
            });
        }
        let mut config = Self::with_accounts(accounts);
        config.convert_quotas_by_key = quotas;
        Ok(config)
    }

    /// Reads and parses an accounts file.
    pub fn from_accounts_file(path: &Path) -> Result<Self, SimConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| SimConfigError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_accounts_json(&text)
    }
}

/// The demo account: a realistic dust mix (see the module docs of `sim`).
fn demo_account() -> AccountSpec {
    let balances: &[(&str, &str)] = &[
        // The seed case: below ACTUSDT's 0.1 minimum order.
        ("ACT", "0.005"),
        // Delisted (symbols BREAK) and pre-market: held but not convertible.
        ("MATIC", "12.3"),
        ("NEWT", "3"),
        // BNB-convertible leftovers worth cents.
        ("ADA", "1.8"),
        ("XRP", "0.9"),
        ("DOGE", "4.2"),
        ("TRX", "2.5"),
        ("DOT", "0.07"),
        ("LINK", "0.03"),
        ("SHIB", "45000"),
        ("PEPE", "120000"),
        ("ATOM", "0.05"),
        // Tradeable but not dust-convertible.
        ("FDUSD", "0.37"),
        // Above the dust threshold.
        ("USDT", "152.43"),
        ("ETH", "0.25"),
        ("BNB", "0.0123"),
    ];
    AccountSpec {
        api_key: DEMO_API_KEY.to_string(),
        api_secret: DEMO_API_SECRET.to_string(),
        balances: balances
            .iter()
            .map(|(a, v)| ((*a).to_string(), Decimal::from_str(v).unwrap_or_default()))
            .collect(),
        permissions: Permissions::default(),
        convert_approved: true,
        ip_whitelist: Vec::new(),
        uid: BASE_UID,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_keys_are_64_alphanumerics() {
        for k in [DEMO_API_KEY, DEMO_API_SECRET] {
            assert_eq!(k.len(), 64);
            assert!(k.bytes().all(|b| b.is_ascii_alphanumeric()));
        }
    }

    #[test]
    fn float_balance_is_rejected_naming_account_and_asset_not_secret() {
        let json = r#"{"accounts":[{"api_key":"k1","api_secret":"s1","balances":{"ACT":"0.1"}},
            {"api_key":"k2","api_secret":"topsecret","balances":{"ADA":0.5}}]}"#;
        let e = SimConfig::from_accounts_json(json).expect_err("float");
        let text = e.to_string();
        assert!(text.contains("#1") && text.contains("ADA"), "{text}");
        assert!(!text.contains("topsecret"));
    }

    #[test]
    fn quote_quotas_default_to_the_protocol_numbers_and_may_be_set_per_account() {
        let json = r#"{"accounts":[{"api_key":"k1","api_secret":"s"},
            {"api_key":"k2","api_secret":"s","convert_quotas":{"per_hour":2}}]}"#;
        let c = SimConfig::from_accounts_json(json).expect("parses");
        assert_eq!(c.quotas_for("k1"), ConvertQuotas::default());
        assert_eq!(c.quotas_for("k1").per_hour, 360);
        assert_eq!(
            c.quotas_for("k2"),
            ConvertQuotas {
                per_hour: 2,
                per_day: 500
            }
        );
    }

    #[test]
    fn minimal_account_file_parses() {
        let json = r#"{"accounts":[{"api_key":"k","api_secret":"s","balances":{"ACT":"0.005"},
            "permissions":{"reading":true,"spot_trading":true,"withdrawals":false},"convert_approved":true}]}"#;
        let c = SimConfig::from_accounts_json(json).expect("parses");
        assert_eq!(c.accounts[0].balances["ACT"].to_string(), "0.005");
    }
}
