//! `dustpan bench …`: benchmarks that print ratios against the limits they chase.

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
    let mut raw = crate::config::RawSettings::default();
    raw.set(
        "DUSTPAN_DATABASE_URL",
        &dir.path().join("bench.db").display().to_string(),
    );
    raw.set("BINANCE_API_URL", &sim.base_url());
    raw.set("DUSTPAN_OPEN", "true");
    let mut settings = raw.parse()?;
    let key = crate::store::crypto::generate_master_key().map_err(|e| anyhow::anyhow!("{e}"))?;
    settings.master_keys = Some(crate::config::MasterKeys::single(*key));
    let app = crate::startup::App::build(&settings).await?;
    Ok((dir, app))
}

/// Percentile of sorted samples (nearest rank).
pub fn percentile(sorted: &[std::time::Duration], p: f64) -> std::time::Duration {
    if sorted.is_empty() {
        return std::time::Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}
