//! The `DISCORD_*` settings, parsed into typed values (a bad one names itself).

use std::net::SocketAddr;

use secrecy::SecretString;
use url::Url;

use super::error::ConfigError;

/// Default Discord REST origin; request paths carry `/api/v10` themselves, so a fake
/// server is given as a bare origin (`http://127.0.0.1:PORT`).
pub const DEFAULT_DISCORD_API_URL: &str = "https://discord.com";

/// Discord settings, present when a bot token is configured.
#[derive(Debug, Clone)]
pub struct DiscordSettings {
    /// The bot token.
    pub bot_token: SecretString,
    /// The application id, when given (otherwise read from the API at start-up).
    pub application_id: Option<u64>,
    /// The application's Ed25519 public key, checked to be a valid key: interactions are
    /// verified against it.
    pub public_key: Option<[u8; 32]>,
    /// The REST origin.
    pub api_url: Url,
    /// Where to serve the HTTP interactions endpoint, if at all.
    pub interactions_listen: Option<SocketAddr>,
    /// How many instances serve this bot (`DUSTPAN_INSTANCES`): each keeps this share of
    /// Discord's global 50 calls per second.
    pub instances: u32,
}

/// Parses the Discord settings, read through `get`, with `api_url` already parsed:
/// `None` without `DISCORD_BOT_TOKEN` (the others are still checked, so a typo is caught
/// before the token is added).
pub(super) fn settings<'a>(
    get: impl Fn(&str) -> Option<&'a str>,
    api_url: Url,
) -> Result<Option<DiscordSettings>, ConfigError> {
    let application_id = get("DISCORD_APPLICATION_ID")
        .map(|v| {
            v.parse::<u64>().ok().filter(|id| *id > 0).ok_or_else(|| {
                ConfigError::new("DISCORD_APPLICATION_ID", "must be a numeric snowflake id")
            })
        })
        .transpose()?;
    let public_key = get("DISCORD_PUBLIC_KEY")
        .map(parse_public_key)
        .transpose()?;
    let interactions_listen = get("DISCORD_INTERACTIONS_LISTEN")
        .map(|v| {
            v.parse::<SocketAddr>().map_err(|_| {
                ConfigError::new(
                    "DISCORD_INTERACTIONS_LISTEN",
                    format!("'{v}' is not an address like 127.0.0.1:8443"),
                )
            })
        })
        .transpose()?;
    let Some(token) = get("DISCORD_BOT_TOKEN") else {
        return Ok(None);
    };
    let token_ok = !token.is_empty()
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    if !token_ok {
        return Err(ConfigError::new(
            "DISCORD_BOT_TOKEN",
            "does not look like a bot token from the Discord developer portal",
        ));
    }
    if interactions_listen.is_some() && public_key.is_none() {
        return Err(ConfigError::new(
            "DISCORD_PUBLIC_KEY",
            "is required with DISCORD_INTERACTIONS_LISTEN (every interaction is verified with it)",
        ));
    }
    Ok(Some(DiscordSettings {
        bot_token: SecretString::from(token.to_owned()),
        application_id,
        public_key,
        api_url,
        interactions_listen,
        instances: 1,
    }))
}

/// 64 hexadecimal characters that make a valid Ed25519 public key.
fn parse_public_key(v: &str) -> Result<[u8; 32], ConfigError> {
    let bad = || {
        ConfigError::new(
            "DISCORD_PUBLIC_KEY",
            "must be the application's public key: 64 hexadecimal characters",
        )
    };
    let bytes: [u8; 32] = hex::decode(v)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(bad)?;
    serenity::interactions_endpoint::Verifier::try_new(bytes).map_err(|_| bad())?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pairs: &[(&str, &str)]) -> Result<Option<DiscordSettings>, ConfigError> {
        let get = |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
        let url = get("DISCORD_API_URL").unwrap_or(DEFAULT_DISCORD_API_URL);
        settings(get, Url::parse(url).unwrap())
    }

    const TOKEN: &str = "FAKE.discord-token_for.tests0123456789";
    /// The public key of an obviously fake secret key, as hex.
    fn key() -> String {
        hex::encode(
            ed25519_dalek::SigningKey::from_bytes(&[7; 32])
                .verifying_key()
                .as_bytes(),
        )
    }

    #[test]
    fn discord_settings_parse_into_typed_values() {
        assert!(parse(&[]).unwrap().is_none());
        let s = parse(&[
            ("DISCORD_BOT_TOKEN", TOKEN),
            ("DISCORD_PUBLIC_KEY", &key()),
            ("DISCORD_INTERACTIONS_LISTEN", "127.0.0.1:8443"),
            ("DISCORD_APPLICATION_ID", "1234567890"),
            ("DISCORD_API_URL", "http://127.0.0.1:9"),
        ])
        .unwrap()
        .unwrap();
        assert_eq!(
            s.public_key.map(hex::encode).as_deref(),
            Some(key().as_str())
        );
        assert_eq!(s.application_id, Some(1_234_567_890));
        assert_eq!(
            s.interactions_listen,
            Some("127.0.0.1:8443".parse().unwrap())
        );
        assert_eq!(s.api_url.as_str(), "http://127.0.0.1:9/");
        let default = parse(&[("DISCORD_BOT_TOKEN", TOKEN)]).unwrap().unwrap();
        assert_eq!(default.api_url.as_str(), "https://discord.com/");
    }

    #[test]
    fn bad_discord_settings_name_themselves() {
        for (pairs, name) in [
            (vec![("DISCORD_PUBLIC_KEY", "abcd")], "DISCORD_PUBLIC_KEY"),
            (
                vec![("DISCORD_PUBLIC_KEY", &"zz".repeat(32)[..])],
                "DISCORD_PUBLIC_KEY",
            ),
            (
                vec![("DISCORD_APPLICATION_ID", "0")],
                "DISCORD_APPLICATION_ID",
            ),
            (
                vec![("DISCORD_INTERACTIONS_LISTEN", "localhost")],
                "DISCORD_INTERACTIONS_LISTEN",
            ),
            (
                vec![("DISCORD_BOT_TOKEN", "has a space")],
                "DISCORD_BOT_TOKEN",
            ),
            (
                vec![
                    ("DISCORD_BOT_TOKEN", TOKEN),
                    ("DISCORD_INTERACTIONS_LISTEN", "127.0.0.1:8443"),
                ],
                "DISCORD_PUBLIC_KEY",
            ),
        ] {
            let err = parse(&pairs).unwrap_err();
            assert_eq!(err.setting, name, "{pairs:?}");
            assert!(!err.to_string().contains(TOKEN));
        }
    }
}
