//! Domain newtypes: a value that exists is valid ("parse, don't validate").

use std::fmt;

use rust_decimal::Decimal;
use secrecy::{ExposeSecret, SecretString};

/// An exchange asset symbol such as `BTC` or `1INCH`: 1 to 20 ASCII upper-case letters or digits.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Asset(String);

/// Why a string is not an [`Asset`].
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("not an asset symbol: 1 to 20 letters or digits expected")]
pub struct InvalidAsset;

impl Asset {
    /// Parses user or exchange input; lower case is accepted and upper-cased.
    pub fn parse(s: &str) -> Result<Self, InvalidAsset> {
        let s = s.trim();
        if s.is_empty() || s.len() > 20 || !s.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(InvalidAsset);
        }
        Ok(Self(s.to_ascii_uppercase()))
    }

    /// Tether USD, the hub every listed asset trades against.
    pub fn usdt() -> Self {
        Self("USDT".to_owned())
    }

    /// The symbol as the exchange spells it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Asset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Asset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Asset({})", self.0)
    }
}

impl std::str::FromStr for Asset {
    type Err = InvalidAsset;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// Rounds `qty` down to a multiple of `step` (a zero step leaves it unchanged).
pub fn floor_to_step(qty: Decimal, step: Decimal) -> Decimal {
    if step.is_zero() {
        return qty;
    }
    // A step so fine that the count of steps leaves Decimal's range (an absurd answer from
    // the exchange) cannot cut anything off: never a panic.
    let Some(steps) = qty.checked_div(step).map(|s| s.trunc()) else {
        return qty.normalize();
    };
    steps.checked_mul(step).unwrap_or(qty).normalize()
}

/// An exchange dustpan can reach: the name its credentials are stored and encrypted under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ExchangeId {
    /// Binance (spot, Small Asset Convert, Spot Convert).
    Binance,
    /// Bybit: a name credentials can be stored under (a user may hold keys on several
    /// exchanges); no adapter yet, so startup never offers it.
    Bybit,
    /// MEXC (spot, dust transfer to MX, market sells).
    Mexc,
}

impl ExchangeId {
    /// The short stable name stored in the database and bound into ciphertexts.
    pub fn as_str(self) -> &'static str {
        match self {
            ExchangeId::Binance => "binance",
            ExchangeId::Bybit => "bybit",
            ExchangeId::Mexc => "mexc",
        }
    }

    /// The name its users know it by, for messages (the stored name is for commands).
    pub fn name(self) -> &'static str {
        match self {
            ExchangeId::Binance => "Binance",
            ExchangeId::Bybit => "Bybit",
            ExchangeId::Mexc => "MEXC",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "binance" => Some(ExchangeId::Binance),
            "bybit" => Some(ExchangeId::Bybit),
            "mexc" => Some(ExchangeId::Mexc),
            _ => None,
        }
    }
}

impl fmt::Display for ExchangeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A user's exchange API credentials: a key, a secret and, on exchanges that ask for one
/// (OKX, Bitget, KuCoin), a passphrase. Every part is a secret: `Debug` shows `[REDACTED]`,
/// memory is zeroed on drop, and reading them takes an explicit `expose_secret()`.
#[derive(Clone)]
pub struct Credentials {
    api_key: SecretString,
    api_secret: SecretString,
    passphrase: Option<SecretString>,
}

/// How much a text sent on its own looks like one part of an exchange's credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialShape {
    /// Not key material.
    None,
    /// Within the range of the exchange's shapes: an answer to the guided form may be it,
    /// and such text sent outside the form is deleted all the same.
    Plausible,
    /// Exactly the exchange's key or secret shape: taken for key material anywhere, even
    /// before it is handled. Ordinary text that merely resembles it (a transaction hash,
    /// an address) is not exact.
    Exact,
}

impl CredentialShape {
    /// How much `text` looks like an exchange's key or secret, by that exchange's two
    /// tests: exactly its shape (`exact`), or within its range (`plausible`).
    pub fn of(text: &str, exact: impl Fn(&str) -> bool, plausible: impl Fn(&str) -> bool) -> Self {
        if exact(text) {
            Self::Exact
        } else if plausible(text) {
            Self::Plausible
        } else {
            Self::None
        }
    }
}

/// Why typed credentials do not have an exchange's shape. Names the part, never its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CredentialsError {
    /// The API key has not the exchange's shape.
    #[error("the API key does not have this exchange's shape")]
    Key,
    /// The API secret has not the exchange's shape.
    #[error("the API secret does not have this exchange's shape")]
    Secret,
    /// The exchange needs a passphrase and none was given.
    #[error("this exchange needs a passphrase")]
    PassphraseMissing,
    /// The passphrase has not the exchange's shape.
    #[error("the passphrase does not have this exchange's shape")]
    Passphrase,
}

impl Credentials {
    /// Wraps a key pair (no passphrase).
    pub fn new(api_key: SecretString, api_secret: SecretString) -> Self {
        Self {
            api_key,
            api_secret,
            passphrase: None,
        }
    }

    /// A key pair whose key and secret each pass the exchange's `shape` test, for exchanges
    /// without a passphrase (one given is dropped).
    pub fn key_pair(
        api_key: SecretString,
        api_secret: SecretString,
        shape: impl Fn(&str) -> bool,
    ) -> Result<Self, CredentialsError> {
        if !shape(api_key.expose_secret()) {
            return Err(CredentialsError::Key);
        }
        if !shape(api_secret.expose_secret()) {
            return Err(CredentialsError::Secret);
        }
        Ok(Self::new(api_key, api_secret))
    }

    /// The same credentials with a passphrase, for exchanges that ask for one.
    pub fn with_passphrase(mut self, passphrase: SecretString) -> Self {
        self.passphrase = Some(passphrase);
        self
    }

    /// The API key, sent in a request header.
    pub fn api_key(&self) -> &SecretString {
        &self.api_key
    }

    /// The API secret, used only to sign.
    pub fn api_secret(&self) -> &SecretString {
        &self.api_secret
    }

    /// The passphrase chosen when the key was made, on exchanges that ask for one.
    pub fn passphrase(&self) -> Option<&SecretString> {
        self.passphrase.as_ref()
    }

    /// A masked fingerprint safe to show: first four and last four characters of the key.
    pub fn fingerprint(&self) -> String {
        let key = self.api_key.expose_secret();
        let chars: Vec<char> = key.chars().collect();
        if chars.len() < 12 {
            return "****".to_owned();
        }
        let head: String = chars[..4].iter().collect();
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("{head}…{tail}")
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("api_key", &"[REDACTED]")
            .field("api_secret", &"[REDACTED]")
            .field(
                "passphrase",
                &self.passphrase.as_ref().map(|_| "[REDACTED]"),
            )
            .finish()
    }
}

/// The chat platform a user comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Platform {
    /// Telegram (teloxide).
    Telegram,
    /// Discord (serenity).
    Discord,
    /// The local console (`dustpan demo`).
    Console,
}

impl Platform {
    /// The short stable name stored in the database and bound into ciphertexts.
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Telegram => "tg",
            Platform::Discord => "dc",
            Platform::Console => "console",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "tg" => Some(Platform::Telegram),
            "dc" => Some(Platform::Discord),
            "console" => Some(Platform::Console),
            _ => None,
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_step_too_fine_to_count_leaves_the_quantity_whole_instead_of_panicking() {
        let tiny = Decimal::new(1, 28);
        assert_eq!(
            floor_to_step(dec!(1000000000000000000), tiny),
            dec!(1000000000000000000)
        );
        assert_eq!(floor_to_step(dec!(1.27), dec!(0.1)), dec!(1.2));
    }

    #[test]
    fn asset_parses_upper_cases_and_rejects_junk() {
        assert_eq!(Asset::parse("ada").unwrap().as_str(), "ADA");
        assert_eq!(Asset::parse("1INCH").unwrap().as_str(), "1INCH");
        assert!(Asset::parse("").is_err());
        assert!(Asset::parse("AD A").is_err());
        assert!(Asset::parse("ADA,XRP").is_err());
        assert!(Asset::parse(&"A".repeat(21)).is_err());
    }

    #[test]
    fn floor_to_step_rounds_toward_zero() {
        assert_eq!(floor_to_step(dec!(0.005), dec!(0.1)), dec!(0));
        assert_eq!(floor_to_step(dec!(1.2345), dec!(0.01)), dec!(1.23));
        assert_eq!(floor_to_step(dec!(7), dec!(0)), dec!(7));
    }

    #[test]
    fn credentials_debug_and_fingerprint_hide_the_secret() {
        let c = Credentials::new(
            SecretString::from("FAKEKEYabcdefghijklmnop1234"),
            SecretString::from("FAKESECRETzyxwvutsrq9876"),
        );
        let dbg = format!("{c:?}");
        assert!(!dbg.contains("FAKEKEY") && !dbg.contains("FAKESECRET"));
        assert_eq!(c.fingerprint(), "FAKE…1234");
        assert!(c.passphrase().is_none());
        let c = c.with_passphrase(SecretString::from("FAKEPASSPHRASEqq"));
        let dbg = format!("{c:?}");
        assert!(!dbg.contains("FAKEPASSPHRASE") && dbg.contains("[REDACTED]"));
        assert_eq!(
            c.passphrase().map(|p| p.expose_secret().to_owned()),
            Some("FAKEPASSPHRASEqq".to_owned())
        );
    }

    #[test]
    fn exchange_ids_round_trip_through_their_stored_names() {
        assert_eq!(ExchangeId::Binance.as_str(), "binance");
        assert_eq!(ExchangeId::parse("binance"), Some(ExchangeId::Binance));
        assert_eq!(ExchangeId::Bybit.as_str(), "bybit");
        assert_eq!(ExchangeId::parse("bybit"), Some(ExchangeId::Bybit));
        assert_eq!(ExchangeId::Mexc.as_str(), "mexc");
        assert_eq!(ExchangeId::parse("mexc"), Some(ExchangeId::Mexc));
        assert_eq!(ExchangeId::parse("okx"), None);
    }
}
