//! Per-user limits, so no user can starve the others (issue 15 point 4):
//! - a token bucket on commands (typed messages and button presses) per user: past it the
//!   user is told once to wait, and nothing reaches the store or the exchange;
//! - a recent `/dust` is answered again from its result for [`DUST_REPEAT_WINDOW`], and
//!   concurrent `/dust` of one user (one key in many chats) share one exchange fetch.
//!
//! The per-user share of the exchange's weight budget lives with the budget itself (the
//! exchange adapter, through `ports::requester`); this module gives each user the stable
//! key both use ([`user_key`]).

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::time::Instant;

use crate::service::model::{Caller, ServiceError};
use crate::service::reply::Reply;

/// A `/dust` repeated within this long is answered from the last result (with its age).
pub const DUST_REPEAT_WINDOW: Duration = Duration::from_secs(10);
/// Default sustained commands per minute per user (`DUSTPAN_USER_COMMANDS_PER_MIN`): one
/// every two seconds, more than a person types and presses.
pub const DEFAULT_COMMANDS_PER_MIN: u32 = 30;
/// Default burst of commands per user (`DUSTPAN_USER_COMMAND_BURST`): a quick series of
/// presses on a selection screen passes.
pub const DEFAULT_COMMAND_BURST: u32 = 20;

/// Above this many tracked users, users with nothing left to remember are dropped.
const PRUNE_AT: usize = 4096;

/// A stable key of a user within this process (platform and platform id).
pub fn user_key(caller: &Caller) -> u64 {
    let mut h = DefaultHasher::new();
    caller.platform.hash(&mut h);
    caller.platform_user_id.hash(&mut h);
    h.finish()
}

/// What the bucket says about one more command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// Go ahead.
    Go,
    /// Too fast: tell the user to wait this long (the first refusal of a streak).
    Wait(Duration),
    /// Too fast again: they were just told; answer nothing.
    Quiet,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    /// When the bucket would be full again (GCRA's theoretical arrival time).
    full_at: Instant,
    /// The user was told to wait since their last admitted command.
    told: bool,
}

/// Commands per user: `burst` at once, then one per `60 s / per_min`.
#[derive(Debug)]
pub struct CommandBucket {
    interval: Duration,
    burst: u32,
    slots: Mutex<(HashMap<u64, Slot>, usize)>,
}

impl CommandBucket {
    /// `per_min` commands a minute sustained, `burst` at once (both at least 1).
    pub fn new(per_min: u32, burst: u32) -> Self {
        Self {
            interval: Duration::from_secs(60) / per_min.max(1),
            burst: burst.max(1),
            slots: Mutex::new((HashMap::new(), PRUNE_AT)),
        }
    }

    /// Takes a token for `user`, or says how long to wait for one.
    pub fn admit(&self, user: u64) -> Admission {
        let now = Instant::now();
        let mut guard = self
            .slots
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (slots, prune_at) = &mut *guard;
        if slots.len() >= *prune_at {
            // A full bucket is the same as no entry.
            slots.retain(|_, s| s.full_at > now);
            *prune_at = (slots.len() * 2).max(PRUNE_AT);
        }
        let slot = slots.entry(user).or_insert(Slot {
            full_at: now,
            told: false,
        });
        let full_at = slot.full_at.max(now) + self.interval;
        let capacity = self.interval * self.burst;
        let ahead = full_at - now;
        if ahead > capacity {
            if slot.told {
                return Admission::Quiet;
            }
            slot.told = true;
            return Admission::Wait(ahead - capacity);
        }
        *slot = Slot {
            full_at,
            told: false,
        };
        Admission::Go
    }
}

type Outcome = Result<Reply, ServiceError>;
/// One user's last `/dust` and when it was computed; held while one is computed.
type DustSlot = Arc<tokio::sync::Mutex<Option<(DateTime<Utc>, Outcome)>>>;

/// The last `/dust` outcome per user, with single flight.
#[derive(Debug, Default)]
pub struct DustMemo {
    slots: Mutex<HashMap<u64, DustSlot>>,
}

impl DustMemo {
    fn slot(&self, user: u64) -> DustSlot {
        let mut slots = self
            .slots
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if slots.len() >= PRUNE_AT {
            // Only users with a /dust running keep their slot (someone holds it).
            slots.retain(|_, s| Arc::strong_count(s) > 1);
        }
        Arc::clone(slots.entry(user).or_default())
    }

    /// The user's `/dust` outcome: the last answer with its age while younger than
    /// [`DUST_REPEAT_WINDOW`] (waiting for one in progress), else `fresh()`'s.
    pub async fn get<F, Fut>(
        &self,
        user: u64,
        now: impl Fn() -> DateTime<Utc>,
        fresh: F,
    ) -> (Outcome, Option<Duration>)
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Outcome>,
    {
        let slot = self.slot(user);
        let mut last = slot.lock().await;
        if let Some((at, outcome)) = last.as_ref() {
            let age = (now() - *at).to_std().unwrap_or_default();
            if age < DUST_REPEAT_WINDOW {
                return (outcome.clone(), Some(age));
            }
        }
        let outcome = fresh().await;
        // Only an answer is reused: after an error, the next /dust asks again.
        *last = outcome.is_ok().then(|| (now(), outcome.clone()));
        (outcome, None)
    }

    /// Forgets the user's last `/dust` (they did something else: it may be out of date).
    pub fn forget(&self, user: u64) {
        let slots = self
            .slots
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(slot) = slots.get(&user)
            && let Ok(mut last) = slot.try_lock()
        {
            *last = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_burst_passes_then_one_command_per_interval_and_the_user_is_told_once() {
        let bucket = CommandBucket::new(30, 3);
        for _ in 0..3 {
            assert_eq!(bucket.admit(1), Admission::Go);
        }
        assert_eq!(bucket.admit(1), Admission::Wait(Duration::from_secs(2)));
        assert_eq!(bucket.admit(1), Admission::Quiet);
        // Another user is not affected.
        assert_eq!(bucket.admit(2), Admission::Go);
        tokio::time::advance(Duration::from_millis(1900)).await;
        assert_eq!(bucket.admit(1), Admission::Quiet);
        tokio::time::advance(Duration::from_millis(100)).await;
        assert_eq!(bucket.admit(1), Admission::Go);
        // Told again on the next streak.
        assert_eq!(bucket.admit(1), Admission::Wait(Duration::from_secs(2)));
        // A minute idle refills the whole burst, no more.
        tokio::time::advance(Duration::from_secs(60)).await;
        for _ in 0..3 {
            assert_eq!(bucket.admit(1), Admission::Go);
        }
        assert!(matches!(bucket.admit(1), Admission::Wait(_)));
    }

    #[tokio::test(start_paused = true)]
    async fn the_bucket_forgets_idle_users() {
        let bucket = CommandBucket::new(60, 1);
        for u in 0..(PRUNE_AT as u64) {
            bucket.admit(u);
        }
        tokio::time::advance(Duration::from_secs(2)).await;
        bucket.admit(u64::MAX);
        let tracked = bucket.slots.lock().map(|g| g.0.len()).unwrap_or(0);
        assert_eq!(tracked, 1);
    }

    #[tokio::test]
    async fn a_repeated_dust_is_served_from_the_last_result_until_forgotten() {
        let memo = DustMemo::default();
        let t0 = Utc::now();
        let clock = Mutex::new(t0);
        let now = || {
            *clock
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        let fresh = || async { Ok(Reply::default()) };
        assert_eq!(memo.get(1, now, fresh).await.1, None);
        *clock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = t0 + chrono::Duration::seconds(4);
        assert_eq!(
            memo.get(1, now, fresh).await.1,
            Some(Duration::from_secs(4))
        );
        memo.forget(1);
        assert_eq!(memo.get(1, now, fresh).await.1, None);
        *clock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) =
            t0 + chrono::Duration::seconds(20);
        assert_eq!(memo.get(1, now, fresh).await.1, None);
    }
}
