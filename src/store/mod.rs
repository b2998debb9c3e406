//! Storage adapters: SQLite (sqlx), the AES-GCM crypto and the encrypted key store.

pub mod backup;
pub mod crypto;
pub mod export;
pub mod keystore;
pub mod records;
pub mod reminders;
pub mod rows;
pub mod sqlite;
pub mod stats;
pub mod users;
pub mod writer;

pub use keystore::{CredentialError, EncryptedKeyStore};
pub use sqlite::{Database, StoreError};
