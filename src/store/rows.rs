//! Rows of the store (either engine) in domain types, and back: users, operations, the
//! shared reading of times, decimals and failures (the store's files share them).

use std::str::FromStr;

use chrono::{DateTime, TimeZone, Utc};
use rust_decimal::Decimal;

use crate::domain::{Asset, ExchangeId, Platform};
use crate::ports::{
    ConversionSource, ConvertedAsset, DustConversionRecord, OperationKind, OperationRecord,
    OperationStatus, Preferences, ReminderSettings, StoreFailure, UserRecord,
};
use crate::store::engine::{Engine, Sql, StoreRow};

/// A database failure in `context` (the store method's name, in words), kept as the source.
pub(crate) fn fail<E: std::error::Error + Send + Sync + 'static>(
    context: &'static str,
) -> impl FnOnce(E) -> StoreFailure {
    move |e| StoreFailure::caused_by(context, e)
}

/// A stored value that does not read.
pub(crate) fn bad(what: String) -> StoreFailure {
    StoreFailure::new(what)
}

pub(crate) fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub(crate) fn time(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

pub(crate) fn decimal(s: &str) -> Result<Decimal, StoreFailure> {
    Decimal::from_str(s)
        .map_err(|e| StoreFailure::caused_by(format!("bad stored decimal {s:?}"), e))
}

pub(crate) fn operation_from(row: &impl StoreRow) -> Result<OperationRecord, StoreFailure> {
    let kind: String = row.cell("kind").map_err(fail("reading an operation row"))?;
    let status: String = row
        .cell("status")
        .map_err(fail("reading an operation row"))?;
    Ok(OperationRecord {
        id: row.cell("id").map_err(fail("reading an operation row"))?,
        user_id: row
            .cell("user_id")
            .map_err(fail("reading an operation row"))?,
        kind: OperationKind::parse(&kind).ok_or_else(|| bad(format!("bad kind {kind}")))?,
        status: OperationStatus::parse(&status)
            .ok_or_else(|| bad(format!("bad status {status}")))?,
        params: row
            .cell("params")
            .map_err(fail("reading an operation row"))?,
        created_at: time(
            row.cell("created_at")
                .map_err(fail("reading an operation row"))?,
        ),
        expires_at: time(
            row.cell("expires_at")
                .map_err(fail("reading an operation row"))?,
        ),
        submitted_at: row
            .cell::<Option<i64>, _>("submitted_at")
            .map_err(fail("reading an operation row"))?
            .map(time),
        result: row
            .cell("result")
            .map_err(fail("reading an operation row"))?,
        last_error: row
            .cell("last_error")
            .map_err(fail("reading an operation row"))?,
        exchange: {
            let name: String = row
                .cell("exchange")
                .map_err(fail("reading an operation row"))?;
            crate::domain::ExchangeId::parse(&name)
                .ok_or_else(|| bad(format!("bad exchange {name}")))?
        },
    })
}

pub(crate) const OPERATION_COLUMNS: &str = "id, user_id, kind, status, params, created_at, expires_at, submitted_at, result, last_error, exchange";

/// Where a submitted operation ended, or the closing of an unconfirmed one; `None` for a
/// status no operation finishes in.
pub(crate) fn finish_query(
    id: &str,
    status: OperationStatus,
    result: Option<&str>,
    error: Option<&str>,
    now: DateTime<Utc>,
) -> Option<Sql> {
    let (from_a, from_b) = match status {
        OperationStatus::Succeeded
        | OperationStatus::Failed
        | OperationStatus::Unknown
        | OperationStatus::Unresolved => ("submitting", "unknown"),
        OperationStatus::Expired | OperationStatus::Cancelled => ("pending", "selecting"),
        OperationStatus::Pending | OperationStatus::Selecting | OperationStatus::Submitting => {
            return None;
        }
    };
    let finished = (status != OperationStatus::Unknown).then_some(ms(now));
    let query = Sql::new(
        "UPDATE operations SET status = ?, result = COALESCE(?, result), last_error = ?,
                finished_at = ?
         WHERE id = ? AND status IN (?, ?)",
    )
    .bind(status.as_str())
    .bind(result)
    .bind(error)
    .bind(finished)
    .bind(id)
    .bind(from_a)
    .bind(from_b);
    Some(query)
}

/// A fresh opaque token: 128 random bits, base64url (22 characters).
pub fn new_token() -> String {
    use base64::Engine as _;
    let bytes: [u8; 16] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Arms a user's reminder on `exchange` for `due_at` when that is later than the one armed.
pub(crate) fn arm_query(
    user_id: i64,
    exchange: crate::domain::ExchangeId,
    due_at: DateTime<Utc>,
    cause_batch_id: &str,
) -> Sql {
    Sql::new(
        "INSERT INTO reminders (user_id, exchange, token, due_at, status, cause_tran_id)
         VALUES (?, ?, ?, ?, 'pending', ?)
         ON CONFLICT (user_id, exchange) DO UPDATE SET
           due_at = excluded.due_at, status = 'pending', attempts = 0, claimed_at = NULL,
           cause_tran_id = excluded.cause_tran_id, last_error = NULL
         WHERE excluded.due_at > reminders.due_at",
    )
    .bind(user_id)
    .bind(exchange.as_str())
    .bind(new_token())
    .bind(ms(due_at))
    .bind(cause_batch_id.to_owned())
}

/// The user with this platform identity, if any.
pub(crate) async fn find_user<E: Engine>(
    db: &E,
    platform: Platform,
    platform_user_id: &str,
) -> Result<Option<UserRecord>, StoreFailure> {
    let sql = Sql::new(format!(
        "SELECT {USER_COLUMNS} FROM {USER_FROM} WHERE platform = ? AND platform_user_id = ?"
    ))
    .bind(platform.as_str())
    .bind(platform_user_id);
    let row = db.read_one(sql).await.map_err(fail("find user"))?;
    row.as_ref().map(user_from).transpose()
}

/// The columns [`user_from`] reads.
pub(crate) const USER_COLUMNS: &str = "users.id AS id, platform, platform_user_id, language, timezone, min_worth_usdt, blocked, token, reminders_enabled, quiet_start, quiet_end, quiet_silent, auto_sweep, auto_sweep_cap_usdt, auto_sweep_failures, convert_target, display_currency, d.state AS dialogue_state, d.expires_at AS dialogue_expires";

/// Users with their dialogue state, if any: one query answers both.
pub(crate) const USER_FROM: &str = "users LEFT JOIN dialogues d ON d.user_id = users.id";

/// Maps a `users` row selected with [`USER_COLUMNS`].
pub(crate) fn user_from(row: &impl StoreRow) -> Result<UserRecord, StoreFailure> {
    let platform: String = row.cell("platform").map_err(fail("reading a user row"))?;
    let quiet_start: Option<i64> = row
        .cell("quiet_start")
        .map_err(fail("reading a user row"))?;
    let quiet_end: Option<i64> = row.cell("quiet_end").map_err(fail("reading a user row"))?;
    let minutes = |m: i64| u16::try_from(m.rem_euclid(1440)).unwrap_or(0);
    Ok(UserRecord {
        id: row.cell("id").map_err(fail("reading a user row"))?,
        platform: Platform::parse(&platform)
            .ok_or_else(|| bad(format!("bad platform {platform}")))?,
        platform_user_id: row
            .cell("platform_user_id")
            .map_err(fail("reading a user row"))?,
        language: row.cell("language").map_err(fail("reading a user row"))?,
        timezone: row.cell("timezone").map_err(fail("reading a user row"))?,
        min_worth_usdt: decimal(
            &row.cell::<String, _>("min_worth_usdt")
                .map_err(fail("reading a user row"))?,
        )?,
        blocked: row.cell("blocked").map_err(fail("reading a user row"))?,
        token: row.cell("token").map_err(fail("reading a user row"))?,
        dialogue: row
            .cell::<Option<String>, _>("dialogue_state")
            .map_err(fail("reading a user row"))?
            .zip(
                row.cell::<Option<i64>, _>("dialogue_expires")
                    .map_err(fail("reading a user row"))?,
            )
            .map(|(state, until)| (state, time(until))),
        reminders: ReminderSettings {
            enabled: row
                .cell("reminders_enabled")
                .map_err(fail("reading a user row"))?,
            quiet: quiet_start
                .zip(quiet_end)
                .map(|(a, b)| (minutes(a), minutes(b))),
            quiet_silent: row
                .cell("quiet_silent")
                .map_err(fail("reading a user row"))?,
            auto_sweep: row.cell("auto_sweep").map_err(fail("reading a user row"))?,
            auto_sweep_cap_usdt: decimal(
                &row.cell::<String, _>("auto_sweep_cap_usdt")
                    .map_err(fail("reading a user row"))?,
            )?,
            auto_sweep_failures: u32::try_from(
                row.cell::<i64, _>("auto_sweep_failures")
                    .map_err(fail("reading a user row"))?,
            )
            .unwrap_or(0),
        },
        prefs: Preferences {
            target: stored_asset(
                &row.cell::<String, _>("convert_target")
                    .map_err(fail("reading a user row"))?,
            )?,
            currency: stored_asset(
                &row.cell::<String, _>("display_currency")
                    .map_err(fail("reading a user row"))?,
            )?,
        },
    })
}

pub(crate) fn stored_asset(s: &str) -> Result<Asset, StoreFailure> {
    Asset::parse(s).map_err(|_| bad(format!("bad stored asset {s}")))
}

/// A `dust_conversions` row (the columns `tran_id, operate_time, total_bnb, total_fee_bnb,
/// assets, source, operation_id, target_asset, exchange`); `context` names the reading.
pub(crate) fn conversion_from(
    row: &impl StoreRow,
    context: &'static str,
) -> Result<DustConversionRecord, StoreFailure> {
    let assets: String = row.cell("assets").map_err(fail(context))?;
    let source: String = row.cell("source").map_err(fail(context))?;
    let exchange: String = row.cell("exchange").map_err(fail(context))?;
    Ok(DustConversionRecord {
        batch_id: row.cell("tran_id").map_err(fail(context))?,
        operate_time: time(row.cell("operate_time").map_err(fail(context))?),
        total_gross: decimal(&row.cell::<String, _>("total_bnb").map_err(fail(context))?)?,
        total_fee: decimal(
            &row.cell::<String, _>("total_fee_bnb")
                .map_err(fail(context))?,
        )?,
        assets: serde_json::from_str::<Vec<ConvertedAsset>>(&assets).map_err(fail(context))?,
        source: if source == "dustpan" {
            ConversionSource::Dustpan
        } else {
            ConversionSource::Exchange
        },
        operation_id: row.cell("operation_id").map_err(fail(context))?,
        target_asset: row.cell("target_asset").map_err(fail(context))?,
        exchange: ExchangeId::parse(&exchange)
            .ok_or_else(|| bad(format!("unknown stored exchange {exchange:?}")))?,
    })
}
