//! Bybit's credential shapes: an API key and a secret, no passphrase (assumptions::KEY_LEN,
//! assumptions::SECRET_LEN; used only to recognise a key sent alone in chat).

use secrecy::SecretString;

use super::assumptions;
use crate::domain::{CredentialShape, Credentials, CredentialsError};

/// A sane range of letters and digits; a key of another shape is refused by Bybit itself.
fn looks_like_key_part(s: &str) -> bool {
    (8..=128).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Text sent on its own that is exactly a Bybit key or secret by length.
fn looks_like_bare_key(s: &str) -> bool {
    (s.len() == assumptions::KEY_LEN || s.len() == assumptions::SECRET_LEN)
        && s.bytes().all(|b| b.is_ascii_alphanumeric())
        && s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes().any(|b| b.is_ascii_alphabetic())
}

/// How much `text` looks like a Bybit key or secret.
pub(crate) fn shape(text: &str) -> CredentialShape {
    CredentialShape::of(text, looks_like_bare_key, looks_like_key_part)
}

/// A key pair in Bybit's shape; a passphrase, which Bybit does not use, is dropped.
pub(crate) fn parse(
    key: SecretString,
    secret: SecretString,
    _passphrase: Option<SecretString>,
) -> Result<Credentials, CredentialsError> {
    Credentials::key_pair(key, secret, looks_like_key_part)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_eighteen_letter_key_and_a_thirty_six_letter_secret_are_taken_for_bybit_ones() {
        assert_eq!(shape("XgT7kP2qLm9Rv4Ns1B"), CredentialShape::Exact);
        assert_eq!(
            shape("a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"),
            CredentialShape::Exact
        );
        assert_eq!(shape("hi"), CredentialShape::None);
        let c = parse(
            SecretString::from("XgT7kP2qLm9Rv4Ns1B"),
            SecretString::from("a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"),
            Some(SecretString::from("ignored")),
        );
        assert!(c.is_ok_and(|c| c.passphrase().is_none()));
    }
}
