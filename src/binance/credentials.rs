//! Binance's credential shapes: an API key and a secret, no passphrase.

use secrecy::SecretString;

use crate::domain::{CredentialShape, Credentials, CredentialsError};

/// Binance keys and secrets are 64 letters and digits; a sane range of that shape is
/// accepted, so a key of another length is refused by Binance itself, not guessed at here.
fn looks_like_key_part(s: &str) -> bool {
    (16..=128).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Text sent on its own that is exactly a Binance key or secret: 64 letters and digits in
/// both cases. Hex strings (transaction hashes) and addresses do not match, so they are
/// never taken for keys and deleted.
fn looks_like_bare_key(s: &str) -> bool {
    s.len() == 64
        && s.bytes().all(|b| b.is_ascii_alphanumeric())
        && s.bytes().any(|b| b.is_ascii_uppercase())
        && s.bytes().any(|b| b.is_ascii_lowercase())
}

/// How much `text` looks like a Binance key or secret.
pub(crate) fn shape(text: &str) -> CredentialShape {
    CredentialShape::of(text, looks_like_bare_key, looks_like_key_part)
}

/// A key pair in Binance's shape. Binance keys have no passphrase: one given is dropped.
pub(crate) fn parse(
    key: SecretString,
    secret: SecretString,
    _passphrase: Option<SecretString>,
) -> Result<Credentials, CredentialsError> {
    Credentials::key_pair(key, secret, looks_like_key_part)
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;

    fn s(v: &str) -> SecretString {
        SecretString::from(v.to_owned())
    }

    #[test]
    fn only_a_binance_shaped_key_sent_alone_is_taken_for_one() {
        let key = "FAKEkeyAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijklmnopqrstu";
        assert_eq!(key.len(), 64);
        assert!(looks_like_bare_key(key));
        // A transaction hash (hex, one case), an address, a short word: kept.
        let tx_hash = "9f2c5a7e3b1d4c6e8a0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c";
        assert_eq!(tx_hash.len(), 64);
        assert!(!looks_like_bare_key(tx_hash));
        assert!(!looks_like_bare_key(
            "0x52908400098527886E0F7030069857D2E4169EE7"
        ));
        assert!(!looks_like_bare_key("hello"));
        assert!(!looks_like_bare_key(&format!("{key}x")));
        // Their shapes, as the service reads them.
        assert_eq!(shape(key), CredentialShape::Exact);
        assert_eq!(shape(tx_hash), CredentialShape::Plausible);
        assert_eq!(shape(&format!("{key}x")), CredentialShape::Plausible);
        assert_eq!(shape("hello"), CredentialShape::None);
        assert_eq!(shape("key?"), CredentialShape::None);
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
