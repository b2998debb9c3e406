//! MEXC's credential shapes: an access key (`mx0…`) and a secret key, no passphrase
//! (mexc.md §1: the docs' sample key is `mx0aBYs33eIilxBWC5`, the secret 32 hex digits).

use secrecy::SecretString;

use crate::domain::{CredentialShape, Credentials, CredentialsError};

/// A sane range of letters and digits; a key of another shape is refused by MEXC itself.
fn looks_like_key_part(s: &str) -> bool {
    (8..=128).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Text sent on its own that is exactly a MEXC access key (`mx0` + letters and digits) or
/// secret (32 lowercase hex digits). 64-hex transaction hashes do not match.
fn looks_like_bare_key(s: &str) -> bool {
    let access = s.starts_with("mx0")
        && (16..=40).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_alphanumeric());
    let secret = s.len() == 32
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    access || secret
}

/// How much `text` looks like a MEXC key or secret.
pub(crate) fn shape(text: &str) -> CredentialShape {
    CredentialShape::of(text, looks_like_bare_key, looks_like_key_part)
}

/// A key pair in MEXC's shape; a passphrase, which MEXC does not use, is dropped.
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
    fn the_documented_sample_key_and_secret_are_taken_for_mexc_credentials() {
        assert_eq!(shape("mx0aBYs33eIilxBWC5"), CredentialShape::Exact);
        assert_eq!(
            shape("45d0b3c26f2644f19bfb98b07741b2f5"),
            CredentialShape::Exact
        );
        let tx_hash = "9f2c5a7e3b1d4c6e8a0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c";
        assert_eq!(shape(tx_hash), CredentialShape::Plausible);
        assert_eq!(shape("hi"), CredentialShape::None);
        let c = parse(
            SecretString::from("mx0aBYs33eIilxBWC5"),
            SecretString::from("45d0b3c26f2644f19bfb98b07741b2f5"),
            Some(SecretString::from("ignored")),
        );
        assert!(c.is_ok_and(|c| c.passphrase().is_none()));
        assert_eq!(
            parse(SecretString::from("short"), SecretString::from("x"), None).err(),
            Some(CredentialsError::Key)
        );
    }
}
