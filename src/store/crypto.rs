//! AES-256-GCM with a fresh random 96-bit nonce per encryption and associated data that
//! binds each ciphertext to its place (shared/security.md §1.2). Stored form:
//! `nonce (12 bytes) || ciphertext || tag (16 bytes)`.

use aes_gcm::aead::{Aead, Generate, Nonce, Payload};
use aes_gcm::{Aes256Gcm, KeyInit};
use secrecy::ExposeSecret;
use zeroize::Zeroizing;

use crate::config::MasterKey;

const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;

/// Why a value could not be encrypted or decrypted. Never carries key or plaintext bytes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    /// The ciphertext was altered, moved to another row or field, or the key is wrong.
    #[error("the ciphertext does not authenticate (tampered, moved, or a different master key)")]
    Undecryptable,
    /// The operating system's random generator failed.
    #[error("the system random generator failed")]
    Rng,
}

/// What a credential ciphertext is bound to.
#[derive(Debug, Clone, Copy)]
pub struct Binding<'a> {
    /// `tg`, `dc`, `console`.
    pub platform: &'a str,
    /// The user's id on that platform.
    pub platform_user_id: &'a str,
    /// The exchange's stored name (`binance`).
    pub exchange: &'a str,
    /// `api_key`, `api_secret` or `api_passphrase`.
    pub field: &'a str,
    /// The master key version that encrypts it.
    pub key_version: u32,
}

impl Binding<'_> {
    /// The associated data: every part of the binding, length-prefixed so that no part
    /// can be shifted into another.
    pub fn aad(&self) -> Vec<u8> {
        let part = |s: &str| format!("{}:{}", s.len(), s);
        format!(
            "dustpan/v1|platform={}|user={}|exchange={}|field={}|kv={}",
            part(self.platform),
            part(self.platform_user_id),
            part(self.exchange),
            part(self.field),
            self.key_version
        )
        .into_bytes()
    }
}

/// The associated data of the key-check row of a version.
pub fn keycheck_aad(key_version: u32) -> Vec<u8> {
    format!("dustpan/v1|keycheck|kv={key_version}").into_bytes()
}

/// The plaintext of a key-check row.
pub const KEYCHECK_PLAINTEXT: &[u8] = b"dustpan-keycheck";

/// Encrypts `plaintext` under `key` with a fresh random nonce.
pub fn encrypt(key: &MasterKey, aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let cipher = Aes256Gcm::new_from_slice(key.expose_secret()).map_err(|_| CryptoError::Rng)?;
    let nonce = Nonce::<Aes256Gcm>::try_generate().map_err(|_| CryptoError::Rng)?;
    let ct = cipher
        .encrypt(
            &nonce,
            Payload {
                msg: plaintext,
                aad,
            },
        )
        .map_err(|_| CryptoError::Rng)?;
    let mut out = Vec::with_capacity(NONCE_LEN + ct.len());
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ct);
    Ok(out)
}

/// Decrypts a stored value; any change to it, the key or the binding is an error.
pub fn decrypt(
    key: &MasterKey,
    aad: &[u8],
    stored: &[u8],
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    if stored.len() < NONCE_LEN + TAG_LEN {
        return Err(CryptoError::Undecryptable);
    }
    let (nonce, ct) = stored.split_at(NONCE_LEN);
    let nonce = Nonce::<Aes256Gcm>::try_from(nonce).map_err(|_| CryptoError::Undecryptable)?;
    let cipher =
        Aes256Gcm::new_from_slice(key.expose_secret()).map_err(|_| CryptoError::Undecryptable)?;
    cipher
        .decrypt(&nonce, Payload { msg: ct, aad })
        .map(Zeroizing::new)
        .map_err(|_| CryptoError::Undecryptable)
}

/// A fresh random 32-byte master key (for `dustpan keygen` and the demo).
pub fn generate_master_key() -> Result<Zeroizing<[u8; 32]>, CryptoError> {
    <[u8; 32]>::try_generate()
        .map(Zeroizing::new)
        .map_err(|_| CryptoError::Rng)
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::SecretBox;

    fn key(b: u8) -> MasterKey {
        SecretBox::new(Box::new([b; 32]))
    }

    fn binding<'a>(user: &'a str, field: &'a str) -> Binding<'a> {
        Binding {
            platform: "tg",
            platform_user_id: user,
            exchange: "binance",
            field,
            key_version: 1,
        }
    }

    #[test]
    fn round_trip_and_fresh_nonces() {
        let aad = binding("42", "api_secret").aad();
        let a = encrypt(&key(1), &aad, b"FAKE-secret").unwrap();
        let b = encrypt(&key(1), &aad, b"FAKE-secret").unwrap();
        assert_ne!(a, b, "two encryptions must use two nonces");
        assert_eq!(
            decrypt(&key(1), &aad, &a).unwrap().as_slice(),
            b"FAKE-secret"
        );
    }

    #[test]
    fn any_flipped_byte_is_refused() {
        let aad = binding("42", "api_secret").aad();
        let ct = encrypt(&key(1), &aad, b"FAKE-secret").unwrap();
        for i in 0..ct.len() {
            for bit in [0x01u8, 0x80] {
                let mut t = ct.clone();
                t[i] ^= bit;
                assert_eq!(decrypt(&key(1), &aad, &t), Err(CryptoError::Undecryptable));
            }
        }
        assert_eq!(
            decrypt(&key(1), &aad, &ct[..10]),
            Err(CryptoError::Undecryptable)
        );
        assert_eq!(decrypt(&key(2), &aad, &ct), Err(CryptoError::Undecryptable));
    }

    #[test]
    fn binding_parts_cannot_be_shifted_into_each_other() {
        let a = Binding {
            platform: "tg",
            platform_user_id: "1|exchange=x",
            ..binding("", "api_key")
        };
        let b = Binding {
            platform: "tg",
            platform_user_id: "1",
            exchange: "x",
            ..binding("", "api_key")
        };
        assert_ne!(a.aad(), b.aad());
        assert_ne!(
            binding("42", "api_key").aad(),
            binding("42", "api_secret").aad()
        );
        assert_ne!(
            binding("42", "api_key").aad(),
            binding("43", "api_key").aad()
        );
    }
}
