//! The store's contract, one set of test bodies run on both engines (issue 21): each body
//! below becomes `store_contract::sqlite::NAME` (a temp file) and
//! `store_contract::postgres::NAME` (a fresh database on the throwaway cluster of
//! [`crate::pg`]). Without PostgreSQL's programs the PostgreSQL cases say so once and
//! pass; with `DUSTPAN_TEST_POSTGRES=1` they fail instead.

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use dustpan::domain::{ExchangeId, Platform};
use dustpan::ports::{
    ConversionSource, ConvertedAsset, DustConversionRecord, KeyStore, OperationKind,
    OperationRecord, OperationStatus, Store,
};
use dustpan::store::{Database, EncryptedKeyStore, PgStore};
use rust_decimal_macros::dec;

use crate::helpers::{TempDb, keys_v};

mod bodies;

/// A store under test, with a way to look at its raw bytes.
pub struct Under {
    pub store: Arc<dyn Store>,
    pub keys: Arc<dyn KeyStore>,
    engine: Engine,
}

enum Engine {
    Sqlite(Database, TempDb),
    Postgres(PgStore),
}

impl Under {
    pub async fn sqlite() -> Self {
        let tmp = TempDb::new();
        let db = Database::open(&tmp.path, Some(&keys_v(&[(1, 1)], 1)))
            .await
            .expect("open SQLite");
        Self {
            store: Arc::new(db.clone()),
            keys: Arc::new(EncryptedKeyStore::new(
                db.clone(),
                Some(keys_v(&[(1, 1)], 1)),
            )),
            engine: Engine::Sqlite(db, tmp),
        }
    }

    pub async fn postgres() -> Option<Self> {
        let url = crate::pg::fresh_database().await?;
        let pg = PgStore::open(&url, Some(&keys_v(&[(1, 1)], 1)))
            .await
            .expect("open PostgreSQL");
        Some(Self {
            store: Arc::new(pg.clone()),
            keys: Arc::new(EncryptedKeyStore::new(
                pg.clone(),
                Some(keys_v(&[(1, 1)], 1)),
            )),
            engine: Engine::Postgres(pg),
        })
    }

    /// Every stored credential ciphertext, concatenated (and on SQLite the whole file).
    pub async fn raw_credential_bytes(&self) -> Vec<u8> {
        const SQL: &str = "SELECT api_key_ct, api_secret_ct FROM credentials";
        let rows: Vec<(Vec<u8>, Vec<u8>)> = match &self.engine {
            Engine::Sqlite(db, _) => sqlx::query_as(SQL).fetch_all(db.pool()).await.unwrap(),
            Engine::Postgres(pg) => sqlx::query_as(SQL).fetch_all(pg.pool()).await.unwrap(),
        };
        let mut out: Vec<u8> = rows
            .into_iter()
            .flat_map(|(a, b)| [a, b])
            .flatten()
            .collect();
        if let Engine::Sqlite(_, tmp) = &self.engine {
            out.extend(tmp.all_bytes());
        }
        out
    }
}

macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    super::bodies::$name(super::Under::sqlite().await).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    if let Some(under) = super::Under::postgres().await {
                        super::bodies::$name(under).await;
                    }
                }
            )*
        }
    };
}

on_both_engines!(
    a_user_is_created_once_and_keeps_their_settings_language_and_token,
    credentials_are_encrypted_at_rest_and_read_back_per_exchange,
    of_concurrent_transitions_from_one_state_exactly_one_wins_and_the_gate_holds_one_per_user,
    a_finished_operation_is_never_overwritten_by_a_stale_outcome,
    a_conversion_is_recorded_once_per_user_exchange_and_batch,
    each_exchange_keeps_its_own_reminder_and_an_operation_its_exchange,
    many_concurrent_claimers_claim_each_of_200_due_reminders_exactly_once,
    each_reminder_claimed_one_by_one_goes_to_exactly_one_of_its_claimers,
    outbox_messages_are_claimed_once_and_sweep_reports_complete_once,
    stats_count_users_keys_conversions_and_reminders,
    export_streams_conversions_then_succeeded_swaps,
    forgetting_a_user_deletes_everything_of_theirs,
);

pub fn at(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap()
}

pub fn op(id: &str, user_id: i64, status: OperationStatus, now: DateTime<Utc>) -> OperationRecord {
    OperationRecord {
        id: id.to_owned(),
        user_id,
        kind: OperationKind::Dust,
        status,
        params: "{}".to_owned(),
        created_at: now,
        expires_at: now + Duration::minutes(5),
        submitted_at: None,
        result: None,
        last_error: None,
        exchange: ExchangeId::Binance,
    }
}

pub fn conversion(batch: &str, exchange: ExchangeId, when: DateTime<Utc>) -> DustConversionRecord {
    DustConversionRecord {
        batch_id: batch.to_owned(),
        operate_time: when,
        total_gross: dec!(0.0123),
        total_fee: dec!(0.0003),
        assets: vec![ConvertedAsset {
            asset: "DOGE".to_owned(),
            amount: dec!(12.5),
            gross: dec!(0.0123),
            fee: dec!(0.0003),
        }],
        source: ConversionSource::Dustpan,
        operation_id: None,
        target_asset: "BNB".to_owned(),
        exchange,
    }
}

pub async fn user(s: &Under, id: &str) -> i64 {
    s.store
        .user(Platform::Telegram, id, true)
        .await
        .unwrap()
        .unwrap()
        .id
}
