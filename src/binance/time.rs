//! The exchange's clock as seen from here: an offset added to local time for `timestamp`
//! (binance.md §1 Timing; security.md §3.1 "Clock": measured at the midpoint of send and
//! receive, as ccxt's server-time example does).

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Utc};
use tokio::sync::Mutex;
use tokio::time::Instant;

/// Server-time offset in ms, plus when it was last measured.
#[derive(Debug, Default)]
pub struct TimeSync {
    offset_ms: AtomicI64,
    last_sync: Mutex<Option<Instant>>,
}

impl TimeSync {
    /// The exchange's clock now, in ms since the epoch.
    pub fn server_now_ms(&self) -> i64 {
        Utc::now().timestamp_millis() + self.offset_ms.load(Ordering::Relaxed)
    }

    /// The current offset (server − local), in ms.
    pub fn offset_ms(&self) -> i64 {
        self.offset_ms.load(Ordering::Relaxed)
    }

    /// Records a measurement: `server` was read between local `sent` and `received`.
    pub fn record(&self, sent: DateTime<Utc>, received: DateTime<Utc>, server: DateTime<Utc>) {
        let sent = sent.timestamp_millis();
        let received = received.timestamp_millis();
        let midpoint = sent + (received - sent) / 2;
        self.offset_ms
            .store(server.timestamp_millis() - midpoint, Ordering::Relaxed);
    }

    /// The resync lock: holds the instant of the last completed sync. A caller whose request
    /// started before that instant need not resync again (many -1021s, one `/time` call).
    pub fn resync_lock(&self) -> &Mutex<Option<Instant>> {
        &self.last_sync
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offset_is_measured_at_the_midpoint_of_the_round_trip() {
        let t = TimeSync::default();
        let ms = |v: i64| DateTime::from_timestamp_millis(v).unwrap_or_default();
        t.record(ms(1_000), ms(1_200), ms(5_100));
        assert_eq!(t.offset_ms(), 4_000);
    }
}
