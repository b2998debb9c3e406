//! Conversions stored before the port was neutral (integer batch ids, `bnb` amounts in the
//! assets JSON, an integer `tran_id` in an operation's result) still read after the upgrade,
//! and new batch ids keep every character however long or non-numeric.

use chrono::{DateTime, Utc};
use dustpan::domain::ExchangeId;
use dustpan::ports::{ConversionSource, ConvertedAsset, DustConversionRecord, Store};
use dustpan::store::Database;
use rust_decimal::Decimal;

use super::dec;

fn at(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap()
}

#[tokio::test]
async fn a_conversion_stored_with_an_integer_id_and_bnb_amounts_reads_after_the_upgrade() {
    let (tmp, old) = crate::helpers::database_at(10).await;
    for sql in [
        "INSERT INTO users (id, platform, platform_user_id, created_at) VALUES (1, 'tg', '9', 0)",
        "INSERT INTO operations (id, user_id, kind, status, params, created_at, expires_at, submitted_at, result)
         VALUES ('op-a', 1, 'dust', 'succeeded', '{}', 1, 2, 1,
                 '{\"tran_id\":2970932918,\"bnb\":\"0.25\",\"fee\":\"0.005\",\"operate_time\":\"2019-07-17T13:02:29.307Z\",\"assets\":1}')",
        // As the store wrote it then: an INTEGER id, the gross amount named `bnb`.
        "INSERT INTO dust_conversions (user_id, tran_id, operate_time, total_bnb, total_fee_bnb, assets, source, operation_id)
         VALUES (1, 2970932918, 1563368549307, '0.25', '0.005',
                 '[{\"asset\":\"ETH\",\"amount\":\"0.03\",\"bnb\":\"0.25\",\"fee\":\"0.005\"}]', 'dustpan', 'op-a'),
                (1, 45178372831, 1615985535000, '0.00132256', '0.00002699', '[]', 'exchange', NULL)",
    ] {
        sqlx::query(sql).execute(&old).await.unwrap();
    }
    old.close().await;

    let db = Database::open(&tmp.path, None).await.unwrap();
    let got = db.dust_conversions(1, 10).await.unwrap();
    assert_eq!(
        got,
        vec![
            DustConversionRecord {
                batch_id: "45178372831".into(),
                operate_time: at(1_615_985_535_000),
                total_gross: dec("0.00132256"),
                total_fee: dec("0.00002699"),
                assets: vec![],
                source: ConversionSource::Exchange,
                operation_id: None,
                // Rows from before targets were recorded were all to BNB.
                target_asset: "BNB".into(),
                // Rows from before several exchanges were all Binance's.
                exchange: ExchangeId::Binance,
            },
            DustConversionRecord {
                batch_id: "2970932918".into(),
                operate_time: at(1_563_368_549_307),
                total_gross: dec("0.25"),
                total_fee: dec("0.005"),
                assets: vec![ConvertedAsset {
                    asset: "ETH".into(),
                    amount: dec("0.03"),
                    gross: dec("0.25"),
                    fee: dec("0.005"),
                }],
                source: ConversionSource::Dustpan,
                operation_id: Some("op-a".into()),
                target_asset: "BNB".into(),
                exchange: ExchangeId::Binance,
            },
        ]
    );
    // The operation's stored result, written with an integer `tran_id`, still reads.
    let op = db.operation("op-a").await.unwrap().expect("kept");
    let result: dustpan::service::convert::DustResult =
        serde_json::from_str(op.result.as_deref().unwrap()).expect("an old result reads");
    assert_eq!(result.batch_id, "2970932918");
    assert_eq!(result.received(), dec("0.245"));
    // Recording the same batch again (as reconciliation does) finds the migrated row.
    let again = DustConversionRecord {
        assets: vec![],
        source: ConversionSource::Exchange,
        operation_id: None,
        ..got[1].clone()
    };
    let recorded = db
        .record_dust_conversion(1, &again, Some(at(1_563_368_549_307)), None)
        .await
        .unwrap();
    assert!(
        !recorded.new,
        "the batch id of the migrated row still matches"
    );
    assert_eq!(db.dust_conversions(1, 10).await.unwrap().len(), 2);
}

#[tokio::test]
async fn batch_ids_that_are_not_64_bit_integers_are_stored_and_read_exactly() {
    let tmp = crate::helpers::TempDb::new();
    let db = Database::open(&tmp.path, None).await.unwrap();
    sqlx::query(
        "INSERT INTO users (id, platform, platform_user_id, created_at) VALUES (1, 'tg', '9', 0)",
    )
    .execute(db.pool())
    .await
    .unwrap();
    // A 28-digit id (Bybit's shape, beyond i64 and exact as a REAL) and a hex one (MEXC's).
    let ids = [
        "1010075157602510902217555968",
        "3e52a99c5c3447b2af2163cd829dca28",
    ];
    for (i, id) in ids.iter().enumerate() {
        let rec = DustConversionRecord {
            batch_id: (*id).to_owned(),
            operate_time: at(1_000 + i as i64),
            total_gross: dec("1"),
            total_fee: dec("0.02"),
            assets: vec![ConvertedAsset {
                asset: "XRP".into(),
                amount: dec("0.5"),
                gross: dec("1"),
                fee: dec("0.02"),
            }],
            source: ConversionSource::Exchange,
            operation_id: None,
            target_asset: "USDT".into(),
            exchange: ExchangeId::Mexc,
        };
        let recorded = db
            .record_dust_conversion(1, &rec, Some(at(2_000)), None)
            .await
            .unwrap();
        assert!(recorded.new, "{id}");
    }
    let got: Vec<String> = db
        .dust_conversions(1, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.batch_id)
        .collect();
    assert_eq!(got, [ids[1], ids[0]], "newest first, every digit kept");
    let total: Decimal = db
        .dust_conversions(1, 10)
        .await
        .unwrap()
        .iter()
        .map(|r| r.total_gross)
        .sum();
    assert_eq!(total, dec("2"));
}

#[tokio::test]
async fn one_batch_id_on_two_exchanges_is_two_conversions_each_read_back_with_its_exchange() {
    let tmp = crate::helpers::TempDb::new();
    let db = Database::open(&tmp.path, None).await.unwrap();
    sqlx::query(
        "INSERT INTO users (id, platform, platform_user_id, created_at) VALUES (1, 'tg', '9', 0)",
    )
    .execute(db.pool())
    .await
    .unwrap();
    for (i, (exchange, target)) in [(ExchangeId::Binance, "BNB"), (ExchangeId::Mexc, "MX")]
        .into_iter()
        .enumerate()
    {
        let rec = DustConversionRecord {
            batch_id: "777".into(),
            operate_time: at(1_000 + i as i64),
            total_gross: dec("1"),
            total_fee: dec("0.02"),
            assets: vec![],
            source: ConversionSource::Exchange,
            operation_id: None,
            target_asset: target.into(),
            exchange,
        };
        let recorded = db
            .record_dust_conversion(1, &rec, Some(at(2_000)), None)
            .await
            .unwrap();
        assert!(
            recorded.new,
            "{exchange}: a batch id is unique per exchange only"
        );
    }
    let got: Vec<(ExchangeId, String)> = db
        .dust_conversions(1, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.exchange, r.target_asset))
        .collect();
    assert_eq!(
        got,
        [
            (ExchangeId::Mexc, "MX".to_owned()),
            (ExchangeId::Binance, "BNB".to_owned())
        ]
    );
}
