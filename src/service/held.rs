//! What each user holds, kept in memory a short while for autocomplete: one exchange
//! request per user and list per [`HELD_TTL`], however fast they type. Nothing is stored.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

use crate::domain::Asset;

/// How long a user's assets are reused for suggestions (a hint: the command checks again).
pub const HELD_TTL: Duration = Duration::from_secs(60);
/// How long a failed read is remembered as "nothing", so typing does not retry it.
pub const HELD_FAILED_TTL: Duration = Duration::from_secs(10);
/// Above this many tracked lists, those nobody is reading are dropped.
const PRUNE_AT: usize = 4096;

/// Which of a user's assets a list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Holding {
    /// The small balances the small-balance conversion would take now.
    Dust,
    /// Every positive free balance.
    Balance,
}

type Slot = Arc<tokio::sync::Mutex<Option<(Instant, Arc<Vec<Asset>>)>>>;

/// Each user's recent asset lists, with single flight per user and list.
#[derive(Default)]
pub struct HeldAssets {
    slots: Mutex<HashMap<(u64, Holding), Slot>>,
}

impl HeldAssets {
    fn slot(&self, key: (u64, Holding)) -> Slot {
        let mut slots = self
            .slots
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if slots.len() >= PRUNE_AT {
            slots.retain(|_, s| Arc::strong_count(s) > 1);
        }
        Arc::clone(slots.entry(key).or_default())
    }

    /// The user's list while fresh (waiting for a read under way), else `fetch`'s; a
    /// failure is remembered as an empty list for [`HELD_FAILED_TTL`].
    pub async fn get<F, Fut, E>(&self, user: u64, holding: Holding, fetch: F) -> Arc<Vec<Asset>>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Vec<Asset>, E>>,
        E: std::fmt::Display,
    {
        let slot = self.slot((user, holding));
        let mut held = slot.lock().await;
        if let Some((until, list)) = held.as_ref()
            && Instant::now() < *until
        {
            return Arc::clone(list);
        }
        let (ttl, list) = match fetch().await {
            Ok(list) => (HELD_TTL, Arc::new(list)),
            Err(e) => {
                tracing::debug!(error = %e, "assets for suggestions not read");
                (HELD_FAILED_TTL, Arc::new(Vec::new()))
            }
        };
        *held = Some((Instant::now() + ttl, Arc::clone(&list)));
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[tokio::test(start_paused = true)]
    async fn a_list_is_read_once_per_lifetime_and_a_failure_briefly_remembered_as_empty() {
        let held = HeldAssets::default();
        let reads = AtomicU32::new(0);
        let read = |ok: bool| {
            reads.fetch_add(1, Ordering::Relaxed);
            async move {
                if ok {
                    Ok(vec![Asset::parse("ADA").unwrap()])
                } else {
                    Err("down")
                }
            }
        };
        assert!(held.get(1, Holding::Dust, || read(false)).await.is_empty());
        assert!(held.get(1, Holding::Dust, || read(true)).await.is_empty());
        tokio::time::advance(HELD_FAILED_TTL).await;
        assert_eq!(held.get(1, Holding::Dust, || read(true)).await.len(), 1);
        assert_eq!(held.get(1, Holding::Dust, || read(false)).await.len(), 1);
        // Another list, another user: their own reads.
        assert_eq!(held.get(1, Holding::Balance, || read(true)).await.len(), 1);
        assert_eq!(held.get(2, Holding::Dust, || read(true)).await.len(), 1);
        assert_eq!(reads.load(Ordering::Relaxed), 4);
        tokio::time::advance(HELD_TTL).await;
        assert!(held.get(1, Holding::Dust, || read(false)).await.is_empty());
        assert_eq!(reads.load(Ordering::Relaxed), 5);
    }
}
