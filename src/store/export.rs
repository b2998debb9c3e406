//! The `ExportStore` port on either engine: rows fetched as a stream and handed on one by
//! one, so an export of a long history never holds it in memory.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::ports::{ExportItem, ExportSink, ExportStore, StoreFailure};
use crate::store::engine::{Engine, Sql, StoreRow};
use crate::store::rows::{conversion_from, fail, ms, operation_from, time};

#[async_trait]
impl<E: Engine> ExportStore for E {
    async fn export_history(
        &self,
        user_id: i64,
        since: Option<DateTime<Utc>>,
        sink: &mut ExportSink<'_>,
    ) -> Result<(), StoreFailure> {
        let since = since.map_or(i64::MIN, ms);
        let sql = Sql::new(
            "SELECT tran_id, operate_time, total_bnb, total_fee_bnb, assets, source, operation_id,
                    target_asset, exchange
             FROM dust_conversions WHERE user_id = ? AND operate_time >= ?
             ORDER BY operate_time, id",
        )
        .bind(user_id)
        .bind(since);
        self.each(sql, &mut |row| {
            sink(ExportItem::Conversion(conversion_from(
                row,
                "exporting conversions",
            )?))
        })
        .await?;
        let sql = Sql::new(
            "SELECT * FROM operations
             WHERE user_id = ? AND kind IN ('swap', 'sell') AND status = 'succeeded'
               AND COALESCE(finished_at, created_at) >= ?
             ORDER BY COALESCE(finished_at, created_at), id",
        )
        .bind(user_id)
        .bind(since);
        self.each(sql, &mut |row| {
            let at: Option<i64> = row
                .cell("finished_at")
                .map_err(fail("exporting operations"))?;
            let op = operation_from(row)?;
            let at = at.map_or(op.created_at, time);
            sink(ExportItem::Operation(op, at))
        })
        .await
    }
}
