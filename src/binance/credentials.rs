//! Binance's credential shapes: an API key and a secret, no passphrase.

use secrecy::{ExposeSecret, SecretString};

use crate::domain::{Credentials, CredentialsError};

/// Binance keys and secrets are 64 letters and digits; a sane range of that shape is
/// accepted, so a key of another length is refused by Binance itself, not guessed at here.
pub(crate) fn looks_like_key_part(s: &str) -> bool {
    (16..=128).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// A key pair in Binance's shape. Binance keys have no passphrase: one given is dropped.
pub(crate) fn parse(
    key: SecretString,
    secret: SecretString,
    _passphrase: Option<SecretString>,
) -> Result<Credentials, CredentialsError> {
    if !looks_like_key_part(key.expose_secret()) {
        return Err(CredentialsError::Key);
    }
    if !looks_like_key_part(secret.expose_secret()) {
        return Err(CredentialsError::Secret);
    }
    Ok(Credentials::new(key, secret))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> SecretString {
        SecretString::from(v.to_owned())
    }

    #[test]
    fn a_binance_pair_parses_and_a_passphrase_is_dropped() {
        let key = "FAKEkeyAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijklmnopqrstu";
        let secret = "FAKEsecretAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijklmnopqr";
        let creds = parse(s(key), s(secret), Some(s("FAKEpassphrase"))).unwrap();
        assert_eq!(creds.api_key().expose_secret(), key);
        assert_eq!(creds.api_secret().expose_secret(), secret);
        assert!(creds.passphrase().is_none());
    }

    #[test]
    fn a_malformed_part_is_named_without_its_value() {
        let good = "FAKEkeyAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijklmnopqrstu";
        assert_eq!(
            parse(s("short"), s(good), None).unwrap_err(),
            CredentialsError::Key
        );
        assert_eq!(
            parse(s(good), s("has spaces in it, not a secret"), None).unwrap_err(),
            CredentialsError::Secret
        );
        assert_eq!(
            parse(s(good), s(&"a".repeat(129)), None).unwrap_err(),
            CredentialsError::Secret
        );
        assert!(!CredentialsError::Secret.to_string().contains("has spaces"));
    }
}
