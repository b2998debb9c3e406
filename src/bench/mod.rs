//! `dustpan bench …`: benchmarks that print ratios against the limits they chase.

pub mod dust;
pub mod fanout;
pub mod reminders;

/// Percentile of sorted samples (nearest rank).
pub fn percentile(sorted: &[std::time::Duration], p: f64) -> std::time::Duration {
    if sorted.is_empty() {
        return std::time::Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}
