//! Master keys: versioned AES-256 keys, one active (shared/security.md §1.2 items 3–4).

use std::collections::BTreeMap;
use std::fmt;

use base64::Engine as _;
use secrecy::{ExposeSecret, SecretBox};
use zeroize::Zeroizing;

use super::error::ConfigError;

/// A 32-byte AES-256 master key, zeroed on drop, `Debug` shows `[REDACTED]`.
pub type MasterKey = SecretBox<[u8; 32]>;

/// The configured master keys by version, and the one that encrypts.
pub struct MasterKeys {
    keys: BTreeMap<u32, MasterKey>,
    active: u32,
}

impl MasterKeys {
    /// Builds a key set; `active` must be one of the versions.
    pub fn new(keys: BTreeMap<u32, MasterKey>, active: u32) -> Result<Self, ConfigError> {
        if !keys.contains_key(&active) {
            return Err(ConfigError::new(
                "DUSTPAN_MASTER_KEY_ACTIVE",
                format!("no master key is configured for version {active}"),
            ));
        }
        Ok(Self { keys, active })
    }

    /// A set with one key as version 1 (demo, tests).
    pub fn single(key: [u8; 32]) -> Self {
        let mut keys = BTreeMap::new();
        keys.insert(1, SecretBox::new(Box::new(key)));
        Self { keys, active: 1 }
    }

    /// The version new ciphertexts use.
    pub fn active_version(&self) -> u32 {
        self.active
    }

    /// The key of a version, if configured.
    pub fn get(&self, version: u32) -> Option<&MasterKey> {
        self.keys.get(&version)
    }

    /// Every configured version, ascending.
    pub fn versions(&self) -> impl Iterator<Item = u32> + '_ {
        self.keys.keys().copied()
    }
}

impl Clone for MasterKeys {
    fn clone(&self) -> Self {
        let keys = self
            .keys
            .iter()
            .map(|(v, k)| (*v, SecretBox::new(Box::new(*k.expose_secret()))))
            .collect();
        Self {
            keys,
            active: self.active,
        }
    }
}

impl fmt::Debug for MasterKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MasterKeys")
            .field("versions", &self.keys.keys().collect::<Vec<_>>())
            .field("active", &self.active)
            .field("keys", &"[REDACTED]")
            .finish()
    }
}

/// `DUSTPAN_MASTER_KEY_V3` → `(3, false)`, `DUSTPAN_MASTER_KEY_V3_FILE` → `(3, true)`.
pub(super) fn master_key_version_of(name: &str) -> Option<(u32, bool)> {
    let rest = name.strip_prefix("DUSTPAN_MASTER_KEY_V")?;
    let (digits, file) = match rest.strip_suffix("_FILE") {
        Some(d) => (d, true),
        None => (rest, false),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|v| *v > 0).map(|v| (v, file))
}

/// Parses base64 of exactly 32 bytes. The error never contains the value.
pub fn parse_master_key(setting: &str, value: &str) -> Result<MasterKey, ConfigError> {
    let bytes = Zeroizing::new(
        base64::engine::general_purpose::STANDARD
            .decode(value.trim())
            .map_err(|_| {
                ConfigError::new(
                    setting,
                    "is not valid base64 (make one with `dustpan keygen`)",
                )
            })?,
    );
    let key: [u8; 32] = bytes.as_slice().try_into().map_err(|_| {
        ConfigError::new(
            setting,
            format!(
                "must be base64 of exactly 32 bytes, got {} bytes (make one with `dustpan keygen`)",
                bytes.len()
            ),
        )
    })?;
    Ok(SecretBox::new(Box::new(key)))
}

fn read_master_key_file(setting: &str, path: &str) -> Result<MasterKey, ConfigError> {
    let text = Zeroizing::new(
        std::fs::read_to_string(path)
            .map_err(|e| ConfigError::new(setting, format!("cannot read {path}: {}", e.kind())))?,
    );
    parse_master_key(setting, &text)
}

/// Every configured master key, by version, and the active one: `get` reads a plain
/// setting, `values` holds them all (the versioned names among them).
pub(super) fn master_keys<'a>(
    values: &'a BTreeMap<String, Zeroizing<String>>,
    get: impl Fn(&str) -> Option<&'a str>,
) -> Result<Option<MasterKeys>, ConfigError> {
    let mut keys: BTreeMap<u32, MasterKey> = BTreeMap::new();
    let mut add = |version: u32, name: &str, key: MasterKey| -> Result<(), ConfigError> {
        if keys.insert(version, key).is_some() {
            return Err(ConfigError::new(
                name,
                format!("master key version {version} is configured twice"),
            ));
        }
        Ok(())
    };
    if let Some(v) = get("DUSTPAN_MASTER_KEY") {
        add(
            1,
            "DUSTPAN_MASTER_KEY",
            parse_master_key("DUSTPAN_MASTER_KEY", v)?,
        )?;
    }
    if let Some(path) = get("DUSTPAN_MASTER_KEY_FILE") {
        add(
            1,
            "DUSTPAN_MASTER_KEY_FILE",
            read_master_key_file("DUSTPAN_MASTER_KEY_FILE", path)?,
        )?;
    }
    for (name, value) in values {
        let Some((version, is_file)) = master_key_version_of(name) else {
            continue;
        };
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let key = if is_file {
            read_master_key_file(name, value)?
        } else {
            parse_master_key(name, value)?
        };
        add(version, name, key)?;
    }
    let active = match get("DUSTPAN_MASTER_KEY_ACTIVE") {
        Some(v) => Some(v.parse::<u32>().ok().filter(|v| *v > 0).ok_or_else(|| {
            ConfigError::new(
                "DUSTPAN_MASTER_KEY_ACTIVE",
                "must be a key version number such as 2",
            )
        })?),
        None => None,
    };
    if keys.is_empty() {
        return match active {
            Some(_) => Err(ConfigError::new(
                "DUSTPAN_MASTER_KEY_ACTIVE",
                "is set but no master key is configured",
            )),
            None => Ok(None),
        };
    }
    let active = active.unwrap_or_else(|| keys.keys().copied().max().unwrap_or(1));
    MasterKeys::new(keys, active).map(Some)
}
