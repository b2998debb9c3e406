//! Public data shared by all users, with a time-to-live and single flight: N callers on a
//! cold or stale entry cause ONE request; the others wait for it and share its answer
//! (binance.md §5 "What /dust costs": exchangeInfo and prices are cached and shared;
//! convert pairs are cached per target asset for an hour).
//!
//! Failures are remembered too, so a request that keeps failing is not sent again by every
//! caller (a `/swap` naming an asset the exchange refuses would otherwise cost weight 3000
//! per message):
//! - a refusal (`Rejected`: the exchange understood and said no) is an answer: it is kept
//!   for the entry's whole time-to-live, like a value;
//! - a transient failure (5xx, unreachable, unreadable answer) is kept for
//!   [`TRANSIENT_FAILURE_TTL`] only, so a burst of callers sends one request but a blip
//!   does not hide the data for long;
//! - a rate-limit refusal (the exchange's 429/418 or our own gates, which send nothing) is
//!   never kept: the gates already stop the next request, and a user's own share being used
//!   up says nothing about other users.
//!
//! Keyed caches hold at most a fixed number of entries; a new key evicts the entries not
//! used for a whole time-to-live, else the least recently used one.

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

use crate::ports::ExchangeError;

/// How long a transient failure (5xx, unreachable, unreadable answer) is remembered.
pub const TRANSIENT_FAILURE_TTL: Duration = Duration::from_secs(5);

/// How long `e` is remembered for an entry whose values live `ttl` (`None`: not at all).
fn remember_failure(e: &ExchangeError, ttl: Duration) -> Option<Duration> {
    match e {
        ExchangeError::Rejected { .. } => Some(ttl),
        ExchangeError::RateLimited { .. } | ExchangeError::UserBudget { .. } => None,
        ExchangeError::Unauthorized { .. }
        | ExchangeError::OutcomeUnknown(_)
        | ExchangeError::Unavailable(_)
        | ExchangeError::InvalidResponse(_) => Some(TRANSIENT_FAILURE_TTL.min(ttl)),
    }
}

type Slot<T> = Option<(Instant, Duration, Result<Arc<T>, ExchangeError>)>;

/// One cached value (or remembered failure).
#[derive(Debug)]
pub struct Cached<T> {
    ttl: Duration,
    // The async lock is held across the refresh: that is the single flight.
    slot: Mutex<Slot<T>>,
}

impl<T> Cached<T> {
    /// An empty entry with this time-to-live.
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            slot: Mutex::new(None),
        }
    }

    /// The cached value (or remembered failure) while fresh, else the result of `fetch`,
    /// stored as the module docs say.
    pub async fn get_or_fetch<F, Fut>(&self, fetch: F) -> Result<Arc<T>, ExchangeError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, ExchangeError>>,
    {
        let mut slot = self.slot.lock().await;
        if let Some((at, keep, answer)) = slot.as_ref()
            && at.elapsed() < *keep
        {
            return answer.clone();
        }
        let answer = fetch().await.map(Arc::new);
        let keep = match &answer {
            Ok(_) => Some(self.ttl),
            Err(e) => remember_failure(e, self.ttl),
        };
        *slot = keep.map(|keep| (Instant::now(), keep, answer.clone()));
        answer
    }
}

/// Cached values per key (e.g. convert pairs per target asset), at most `max_entries`.
#[derive(Debug)]
pub struct KeyedCache<K, T> {
    ttl: Duration,
    max_entries: usize,
    /// Each entry with when it was last asked for.
    entries: std::sync::Mutex<HashMap<K, Used<T>>>,
}

/// An entry with when it was last asked for.
type Used<T> = (Instant, Arc<Cached<T>>);

impl<K: Eq + Hash + Clone, T> KeyedCache<K, T> {
    /// An empty cache with this time-to-live per entry, holding at most `max_entries`
    /// (at least one).
    pub fn new(ttl: Duration, max_entries: usize) -> Self {
        Self {
            ttl,
            max_entries: max_entries.max(1),
            entries: std::sync::Mutex::new(HashMap::new()),
        }
    }

    /// The entry of `key` (created empty on first use, evicting as the module docs say).
    pub fn entry(&self, key: &K) -> Arc<Cached<T>> {
        let mut map = self
            .entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        if let Some((used, entry)) = map.get_mut(key) {
            *used = now;
            return Arc::clone(entry);
        }
        if map.len() >= self.max_entries {
            map.retain(|_, (used, _)| now.duration_since(*used) < self.ttl);
        }
        if map.len() >= self.max_entries
            && let Some(oldest) = map
                .iter()
                .min_by_key(|(_, (used, _))| *used)
                .map(|(k, _)| k.clone())
        {
            map.remove(&oldest);
        }
        let entry = Arc::new(Cached::new(self.ttl));
        map.insert(key.clone(), (now, Arc::clone(&entry)));
        entry
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    fn down() -> ExchangeError {
        ExchangeError::Unavailable("503".into())
    }

    fn refused() -> ExchangeError {
        ExchangeError::Rejected {
            code: "-1121".into(),
            msg: "Invalid symbol.".into(),
            reason: crate::ports::Refusal::Other,
        }
    }

    #[tokio::test(start_paused = true)]
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
                        Ok(calls.fetch_add(1, Ordering::SeqCst) + 1)
                    })
                    .await
            }));
        }
        for t in tasks {
            assert_eq!(t.await.ok().and_then(Result::ok).as_deref(), Some(&1));
        }
        tokio::time::sleep(Duration::from_millis(350)).await;
        let v = cache
            .get_or_fetch(|| async { Ok(calls.fetch_add(1, Ordering::SeqCst) + 1) })
            .await;
        assert_eq!(v.as_deref(), Ok(&2));
    }

    #[tokio::test(start_paused = true)]
    async fn a_transient_failure_is_remembered_for_a_few_seconds_only() {
        let cache = Cached::<u32>::new(Duration::from_secs(3600));
        let calls = AtomicU32::new(0);
        let fetch = |ok: bool| {
            calls.fetch_add(1, Ordering::SeqCst);
            async move { if ok { Ok(5) } else { Err(down()) } }
        };
        assert_eq!(cache.get_or_fetch(|| fetch(false)).await, Err(down()));
        // A burst right after the failure shares it: nothing is sent.
        for _ in 0..10 {
            assert_eq!(cache.get_or_fetch(|| fetch(true)).await, Err(down()));
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        tokio::time::sleep(TRANSIENT_FAILURE_TTL).await;
        assert_eq!(cache.get_or_fetch(|| fetch(true)).await.as_deref(), Ok(&5));
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_refusal_is_remembered_for_the_whole_lifetime_and_a_rate_limit_not_at_all() {
        let ttl = Duration::from_secs(3600);
        let cache = Cached::<u32>::new(ttl);
        assert_eq!(
            cache.get_or_fetch(|| async { Err(refused()) }).await,
            Err(refused())
        );
        tokio::time::sleep(ttl - Duration::from_secs(1)).await;
        assert_eq!(cache.get_or_fetch(|| async { Ok(1) }).await, Err(refused()));
        tokio::time::sleep(Duration::from_secs(1)).await;
        assert_eq!(
            cache.get_or_fetch(|| async { Ok(1) }).await.as_deref(),
            Ok(&1)
        );

        let limited = Cached::<u32>::new(ttl);
        let busy = ExchangeError::UserBudget {
            retry_after: Duration::from_secs(30),
        };
        assert_eq!(
            limited.get_or_fetch(|| async { Err(busy.clone()) }).await,
            Err(busy)
        );
        assert_eq!(
            limited.get_or_fetch(|| async { Ok(2) }).await.as_deref(),
            Ok(&2)
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_keyed_cache_never_holds_more_than_its_bound_and_evicts_the_least_recently_used() {
        let cache = KeyedCache::<u32, u32>::new(Duration::from_secs(3600), 3);
        for k in 0..3 {
            let e = cache.entry(&k);
            assert_eq!(
                e.get_or_fetch(|| async move { Ok(k) }).await.as_deref(),
                Ok(&k)
            );
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        // 0 is used again: 1 is now the least recently used.
        let zero = cache.entry(&0);
        assert_eq!(
            zero.get_or_fetch(|| async { Ok(99) }).await.as_deref(),
            Ok(&0)
        );
        for k in 3..1000 {
            cache.entry(&k);
            assert!(cache.len() <= 3, "{} entries", cache.len());
        }
        let mut cache = KeyedCache::<u32, u32>::new(Duration::from_secs(3600), 3);
        for k in 0..3 {
            cache.entry(&k);
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        cache.entry(&0);
        cache.entry(&3);
        let held = |c: &mut KeyedCache<u32, u32>, k: u32| {
            c.entries
                .get_mut()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .contains_key(&k)
        };
        assert!(!held(&mut cache, 1), "the least recently used entry stays");
        assert!(held(&mut cache, 0) && held(&mut cache, 2) && held(&mut cache, 3));
    }

    #[tokio::test(start_paused = true)]
    async fn entries_unused_for_a_whole_lifetime_go_first() {
        let cache = KeyedCache::<u32, u32>::new(Duration::from_secs(10), 4);
        cache.entry(&0);
        cache.entry(&1);
        tokio::time::sleep(Duration::from_secs(11)).await;
        cache.entry(&2);
        cache.entry(&3);
        // Full: the two stale entries go, not just one.
        cache.entry(&4);
        assert_eq!(cache.len(), 3);
    }
}
