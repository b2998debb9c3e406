//! `dustpan bench …`: benchmarks that print ratios against the limits they chase.

pub mod claims;
pub mod discord_ack;
pub mod discord_fanout;
pub mod dust;
pub mod fanout;
pub mod reminders;

/// The simulator's demo account, the template of the benchmarks' accounts.
pub fn demo_account() -> anyhow::Result<crate::sim::AccountSpec> {
    crate::sim::SimConfig::demo()
        .accounts
        .into_iter()
        .next()
        .ok_or_else(|| anyhow::anyhow!("no demo account"))
}

/// The whole app against `sim`, on a fresh database in a temporary directory (kept while
/// the returned guard lives) with a fresh master key.
pub async fn app_on(
    sim: &crate::sim::SimHandle,
) -> anyhow::Result<(tempfile::TempDir, crate::startup::App)> {
    let dir = tempfile::tempdir()?;
    let key = crate::store::crypto::generate_master_key().map_err(|e| anyhow::anyhow!("{e}"))?;
    let db = dir.path().join("bench.db").display().to_string();
    let app = app_with(sim, &db, &crate::config::MasterKeys::single(*key)).await?;
    Ok((dir, app))
}

/// The whole app against `sim` on the database `database_url` names (a SQLite path or a
/// PostgreSQL URL), with `keys`: one instance (call it again for another on the same
/// PostgreSQL database).
pub async fn app_with(
    sim: &crate::sim::SimHandle,
    database_url: &str,
    keys: &crate::config::MasterKeys,
) -> anyhow::Result<crate::startup::App> {
    let mut raw = crate::config::RawSettings::default();
    raw.set("DUSTPAN_DATABASE_URL", database_url);
    raw.set("BINANCE_API_URL", &sim.base_url());
    raw.set("DUSTPAN_OPEN", "true");
    let mut settings = raw.parse()?;
    settings.master_keys = Some(keys.clone());
    crate::startup::App::build(&settings).await
}

/// A fresh database on the PostgreSQL server `url` names, for one benchmark run (a reused
/// one would carry the last run's cooldowns): created with the URL's role (it needs
/// CREATEDB), dropped by [`FreshPg::drop`].
pub struct FreshPg {
    admin_url: String,
    name: String,
    /// The fresh database's URL.
    pub url: String,
}

impl FreshPg {
    /// Creates it.
    pub async fn create(url: &str) -> anyhow::Result<Self> {
        use sqlx::Connection as _;
        let mut admin = sqlx::PgConnection::connect(url).await?;
        let name = format!(
            "dustpan_bench_{}_{}",
            std::process::id(),
            chrono::Utc::now().timestamp_millis()
        );
        // The name is made here of digits and underscores: nothing outside flows in.
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await?;
        admin.close().await?;
        let mut fresh = url::Url::parse(url)?;
        fresh.set_path(&format!("/{name}"));
        Ok(Self {
            admin_url: url.to_owned(),
            name,
            url: fresh.to_string(),
        })
    }

    /// Drops it (its connections first).
    pub async fn drop(self) -> anyhow::Result<()> {
        use sqlx::Connection as _;
        let mut admin = sqlx::PgConnection::connect(&self.admin_url).await?;
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        )))
        .execute(&mut admin)
        .await?;
        admin.close().await?;
        Ok(())
    }
}

/// Percentile of sorted samples (nearest rank).
pub fn percentile(sorted: &[std::time::Duration], p: f64) -> std::time::Duration {
    if sorted.is_empty() {
        return std::time::Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}
