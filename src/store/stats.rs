//! The `StatsStore` port on either engine: `/stats` counted from the rows themselves. Amounts are
//! summed as decimals here, never by SQL (which would sum decimal text as floating point).

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::domain::Platform;
use crate::ports::{OperatorStats, PerPlatform, PeriodTotals, StatsStore, StoreFailure};
use crate::store::engine::{Engine, Sql, StoreRow};
use crate::store::rows::{decimal, fail, ms};

/// Runs `sql`, which selects a platform and a count, into a count per frontend.
async fn per_platform<E: Engine>(
    db: &E,
    sql: &'static str,
    binds: &[i64],
) -> Result<PerPlatform, StoreFailure> {
    let mut query = Sql::new(sql);
    for b in binds {
        query = query.bind(*b);
    }
    let rows = db.read(query).await.map_err(fail("operator stats"))?;
    let mut out = PerPlatform::default();
    for row in rows {
        let platform: String = row.cell(0).map_err(fail("operator stats"))?;
        let n: i64 = row.cell(1).map_err(fail("operator stats"))?;
        if let Some(p) = Platform::parse(&platform) {
            out.add(p, u64::try_from(n).unwrap_or_default());
        }
    }
    Ok(out)
}

#[async_trait]
impl<E: Engine> StatsStore for E {
    async fn operator_stats(
        &self,
        today: DateTime<Utc>,
        week: DateTime<Utc>,
    ) -> Result<OperatorStats, StoreFailure> {
        let users = per_platform(
            self,
            "SELECT platform, COUNT(*) FROM users GROUP BY platform",
            &[],
        )
        .await?;
        let connected = per_platform(
            self,
            "SELECT u.platform, COUNT(DISTINCT u.id) FROM credentials c
                 JOIN users u ON u.id = c.user_id GROUP BY u.platform",
            &[],
        )
        .await?;
        // A reminder being sent ('sending') is still owed.
        let reminders_pending = per_platform(
            self,
            "SELECT u.platform, COUNT(*) FROM reminders r JOIN users u ON u.id = r.user_id
                 WHERE r.status IN ('pending', 'sending') GROUP BY u.platform",
            &[],
        )
        .await?;
        let reminders_sent = per_platform(
            self,
            "SELECT u.platform, COUNT(*) FROM reminders r JOIN users u ON u.id = r.user_id
                 WHERE r.status = 'sent' GROUP BY u.platform",
            &[],
        )
        .await?;
        let (today_ms, week_ms) = (ms(today), ms(week));

        let mut stats = OperatorStats {
            users,
            connected,
            reminders_pending,
            reminders_sent,
            ..OperatorStats::default()
        };
        let sql = Sql::new(
            "SELECT u.platform, d.operate_time, d.total_bnb, d.total_fee_bnb, d.target_asset
             FROM dust_conversions d JOIN users u ON u.id = d.user_id
             WHERE d.source = 'dustpan'",
        );
        let rows = self.read(sql).await.map_err(fail("operator stats"))?;
        for row in rows {
            let platform: String = row.cell(0).map_err(fail("operator stats"))?;
            let Some(platform) = Platform::parse(&platform) else {
                continue;
            };
            let at: i64 = row.cell(1).map_err(fail("operator stats"))?;
            let gross = decimal(&row.cell::<String, _>(2).map_err(fail("operator stats"))?)?;
            let fee = decimal(&row.cell::<String, _>(3).map_err(fail("operator stats"))?)?;
            let net = gross - fee;
            let target: String = row.cell(4).map_err(fail("operator stats"))?;
            let periods: [(&mut PeriodTotals, bool); 3] = [
                (&mut stats.all_time, true),
                (&mut stats.week, at >= week_ms),
                (&mut stats.today, at >= today_ms),
            ];
            for (period, counts) in periods {
                if counts {
                    period.dust.add(platform, 1);
                    *period.received.entry(target.clone()).or_default() += net;
                }
            }
        }
        let spot = "SELECT u.platform, COUNT(*) FROM operations o JOIN users u ON u.id = o.user_id
                    WHERE o.kind IN ('swap', 'sell', 'plan') AND o.status = 'succeeded'
                      AND COALESCE(o.finished_at, o.created_at) >= ? GROUP BY u.platform";
        stats.all_time.spot = per_platform(self, spot, &[i64::MIN]).await?;
        stats.week.spot = per_platform(self, spot, &[week_ms]).await?;
        stats.today.spot = per_platform(self, spot, &[today_ms]).await?;
        Ok(stats)
    }
}
