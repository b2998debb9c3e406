//! Public data shared by all users, with a time-to-live and single flight: N callers on a
//! cold or stale entry cause ONE request; the others wait for it and share its answer
//! (binance.md §5 "What /dust costs": exchangeInfo and prices are cached and shared;
//! convert pairs are cached per target asset for an hour).

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

/// One cached value.
#[derive(Debug)]
pub struct Cached<T> {
    ttl: Duration,
    // The async lock is held across the refresh: that is the single flight.
    slot: Mutex<Option<(Instant, Arc<T>)>>,
}

impl<T> Cached<T> {
    /// An empty entry with this time-to-live.
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            slot: Mutex::new(None),
        }
    }

    /// The cached value while fresh, else the result of `fetch` (stored on success; an
    /// error is returned to this caller and not cached).
    pub async fn get_or_fetch<E, F, Fut>(&self, fetch: F) -> Result<Arc<T>, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        let mut slot = self.slot.lock().await;
        if let Some((at, value)) = slot.as_ref()
            && at.elapsed() < self.ttl
        {
            return Ok(Arc::clone(value));
        }
        let value = Arc::new(fetch().await?);
        *slot = Some((Instant::now(), Arc::clone(&value)));
        Ok(value)
    }
}

/// Cached values per key (e.g. convert pairs per target asset).
#[derive(Debug)]
pub struct KeyedCache<K, T> {
    ttl: Duration,
    entries: std::sync::Mutex<HashMap<K, Arc<Cached<T>>>>,
}

impl<K: Eq + Hash + Clone, T> KeyedCache<K, T> {
    /// An empty cache with this time-to-live per entry.
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            entries: std::sync::Mutex::new(HashMap::new()),
        }
    }

    /// The entry of `key` (created empty on first use).
    pub fn entry(&self, key: &K) -> Arc<Cached<T>> {
        let mut map = self
            .entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(
            map.entry(key.clone())
                .or_insert_with(|| Arc::new(Cached::new(self.ttl))),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    // tokio's `test-util` (paused time) is not enabled in this crate: short real waits.
    #[tokio::test]
    async fn concurrent_callers_on_a_cold_cache_cause_one_fetch_and_expiry_refetches() {
        let cache = Arc::new(Cached::<u32>::new(Duration::from_millis(300)));
        let calls = Arc::new(AtomicU32::new(0));
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let (cache, calls) = (Arc::clone(&cache), Arc::clone(&calls));
            tasks.push(tokio::spawn(async move {
                cache
                    .get_or_fetch(|| async {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        Ok::<_, ()>(calls.fetch_add(1, Ordering::SeqCst) + 1)
                    })
                    .await
            }));
        }
        for t in tasks {
            assert_eq!(t.await.ok().and_then(Result::ok).as_deref(), Some(&1));
        }
        tokio::time::sleep(Duration::from_millis(350)).await;
        let v = cache
            .get_or_fetch(|| async { Ok::<_, ()>(calls.fetch_add(1, Ordering::SeqCst) + 1) })
            .await;
        assert_eq!(v.as_deref(), Ok(&2));
    }

    #[tokio::test]
    async fn an_error_is_not_cached() {
        let cache = Cached::<u32>::new(Duration::from_secs(10));
        assert!(
            cache
                .get_or_fetch(|| async { Err::<u32, _>("down") })
                .await
                .is_err()
        );
        assert_eq!(
            cache
                .get_or_fetch(|| async { Ok::<_, &str>(5) })
                .await
                .as_deref(),
            Ok(&5)
        );
    }
}
