//! The process-wide request-weight budget and Retry-After gates (binance.md §2,
//! security.md §3.2 item 7).
//!
//! - /api: one shared IP bucket (`X-MBX-USED-WEIGHT-1M`, limit 6000).
//! - /sapi: one bucket per endpoint, per IP (`X-SAPI-USED-IP-WEIGHT-1M`, 12 000) or per
//!   account (`X-SAPI-USED-UID-WEIGHT-1M`, 180 000; keyed by a hash of the API key, since a
//!   UID budget belongs to the account, not to the process).
//!
//! Before a request we reserve its weight; if that would cross the limit in the current
//! window we wait for the next window instead of sending. The used weight the exchange
//! reports raises our count (never lowers it: our count includes requests still in flight).
//! A 429 closes the bucket until `Retry-After`; a 418 (IP ban) closes every bucket. Every
//! caller obeys the gates; a wait longer than `max_wait` fails fast with `RateLimited`.
//!
//! Per-user share: a request made on behalf of a user (`ports::requester`) is also charged
//! to that user's ledger for its IP bucket. A user may use at most `user_share_percent` of
//! an IP bucket's limit per window; past it the request is refused at once with
//! `UserBudget` (nothing sent), so the others always keep the rest of the IP budget. As for
//! the shared bucket, a request heavier than the share goes alone into a user's fresh
//! window. UID buckets are the account's own (not shared by the bot's users) and are not
//! divided.
//!
//! Several instances (issue 21): each keeps its own budget. When N of them send from one
//! egress address (`DUSTPAN_INSTANCES_PER_ADDRESS=N`), each keeps 1/N of every per-IP bucket;
//! the used weight the exchange reports is then the address's total, of which 1/N is taken
//! as this instance's part (an even spread; a 429 still closes the bucket whatever the
//! estimate). UID buckets are not divided.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

use super::protocol::{self, Endpoint, LimitKind};
use crate::ports::ExchangeError;

/// Which weight budget a request draws from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BucketKey {
    /// The shared /api IP bucket.
    Api,
    /// An IP-limited /sapi endpoint.
    SapiIp(&'static str),
    /// A UID-limited /sapi endpoint for one account (hash of its API key).
    SapiUid(&'static str, u64),
}

impl BucketKey {
    /// Whether the bucket is counted per IP, i.e. shared by every user of the bot.
    pub fn per_ip(self) -> bool {
        !matches!(self, BucketKey::SapiUid(..))
    }

    /// The bucket of `ep`, for the account `account` (a key hash; 0 when unsigned).
    pub fn of(ep: &Endpoint, account: u64) -> Self {
        match ep.limit {
            LimitKind::ApiIp => BucketKey::Api,
            LimitKind::SapiIp => BucketKey::SapiIp(ep.path),
            LimitKind::SapiUid => BucketKey::SapiUid(ep.path, account),
        }
    }

    /// The bucket's limit per window.
    pub fn limit(self) -> u32 {
        match self {
            BucketKey::Api => protocol::API_WEIGHT_LIMIT_1M,
            BucketKey::SapiIp(_) => protocol::SAPI_IP_WEIGHT_LIMIT_1M,
            BucketKey::SapiUid(..) => protocol::SAPI_UID_WEIGHT_LIMIT_1M,
        }
    }

    /// The response header reporting this bucket's used weight.
    pub fn header(self) -> &'static str {
        match self {
            BucketKey::Api => protocol::HEADER_USED_WEIGHT_1M,
            BucketKey::SapiIp(_) => protocol::HEADER_SAPI_IP_WEIGHT_1M,
            BucketKey::SapiUid(..) => protocol::HEADER_SAPI_UID_WEIGHT_1M,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Used {
    window: i64,
    weight: u32,
}

#[derive(Debug, Clone, Copy)]
struct Gate {
    until: Instant,
    banned: bool,
}

#[derive(Debug, Default)]
struct State {
    used: HashMap<BucketKey, Used>,
    gates: HashMap<BucketKey, Gate>,
    ban: Option<Gate>,
    /// The window `ledger` counts; older windows are dropped as a new one starts.
    window: i64,
    /// Weight each user used per IP bucket in `window`.
    ledger: HashMap<(u64, BucketKey), u32>,
    /// 429 and 418 answers since start (for the operator's `/stats`).
    seen: (u64, u64),
}

/// The budget shared by every request of the process.
#[derive(Debug)]
pub struct Limits {
    state: Mutex<State>,
    window_ms: i64,
    max_wait: Duration,
    user_share_percent: u32,
    /// Instances sending from this egress address (1: this one alone).
    address_share: u32,
}

/// Default share of an IP bucket one user may use per window: a quarter, so the 3000-weight
/// convert pairs request (a quarter of its 12 000 bucket) stays possible once per window.
pub const DEFAULT_USER_SHARE_PERCENT: u32 = 25;

/// Margin added to a window wait: the server's minute may end a little after ours.
const WINDOW_MARGIN: Duration = Duration::from_millis(100);

enum Decision {
    Go,
    Wait(Duration, bool),
    /// The requester's share is used up until the window ends.
    Refuse(Duration),
}

impl Limits {
    /// A budget with this weight window (Binance: one minute) and longest wait, each user
    /// limited to [`DEFAULT_USER_SHARE_PERCENT`].
    pub fn new(window: Duration, max_wait: Duration) -> Self {
        let window_ms = i64::try_from(window.as_millis()).unwrap_or(60_000).max(1);
        Self {
            state: Mutex::new(State::default()),
            window_ms,
            max_wait,
            user_share_percent: DEFAULT_USER_SHARE_PERCENT,
            address_share: 1,
        }
    }

    /// The same budget with every per-IP bucket divided among `instances` (1–64) that
    /// share one egress address.
    pub fn with_address_share(mut self, instances: u32) -> Self {
        self.address_share = instances.clamp(1, 64);
        self
    }

    /// This instance's limit for `key`: the bucket's own, divided among the instances of
    /// one address when the bucket counts per IP.
    pub fn limit(&self, key: BucketKey) -> u32 {
        if key.per_ip() {
            (key.limit() / self.address_share).max(1)
        } else {
            key.limit()
        }
    }

    /// The same budget with each user limited to `percent` (1–100) of an IP bucket.
    pub fn with_user_share(mut self, percent: u32) -> Self {
        self.user_share_percent = percent.clamp(1, 100);
        self
    }

    /// The most weight one user may use in an IP bucket per window.
    pub fn user_share(&self, key: BucketKey) -> u32 {
        (self.limit(key).saturating_mul(self.user_share_percent) / 100).max(1)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the maps inconsistent: keep going.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Waits until `weight` may be sent to `key` and reserves it. `server_now_ms` gives the
    /// exchange's clock in ms, which places the weight windows.
    pub async fn acquire(
        &self,
        key: BucketKey,
        weight: u32,
        server_now_ms: impl Fn() -> i64,
    ) -> Result<(), ExchangeError> {
        self.acquire_for(None, key, weight, server_now_ms).await
    }

    /// [`Self::acquire`] on behalf of `user`: also charged to their share of an IP bucket,
    /// and refused at once with `UserBudget` when that share is used up.
    pub async fn acquire_for(
        &self,
        user: Option<u64>,
        key: BucketKey,
        weight: u32,
        server_now_ms: impl Fn() -> i64,
    ) -> Result<(), ExchangeError> {
        loop {
            let decision = self.decide(user, key, weight, server_now_ms());
            match decision {
                Decision::Go => return Ok(()),
                Decision::Refuse(retry_after) => {
                    tracing::debug!(
                        retry_ms = retry_after.as_millis() as u64,
                        "a user's share of the weight budget is used up"
                    );
                    return Err(ExchangeError::UserBudget { retry_after });
                }
                Decision::Wait(wait, banned) => {
                    if wait > self.max_wait {
                        return Err(ExchangeError::RateLimited {
                            retry_after: wait,
                            banned,
                        });
                    }
                    tracing::debug!(wait_ms = wait.as_millis() as u64, "waiting for rate limit");
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    fn decide(&self, user: Option<u64>, key: BucketKey, weight: u32, now_ms: i64) -> Decision {
        let now = Instant::now();
        let mut st = self.lock();
        if let Some(g) = st.ban.filter(|g| g.until > now) {
            return Decision::Wait(g.until - now, g.banned);
        }
        if let Some(g) = st.gates.get(&key).filter(|g| g.until > now) {
            return Decision::Wait(g.until - now, g.banned);
        }
        let window = now_ms.div_euclid(self.window_ms);
        if st.window != window {
            // A new window: last window's ledgers and counts are history.
            st.window = window;
            st.ledger.clear();
            st.used.retain(|_, u| u.window >= window - 1);
        }
        let next_ms = (window + 1) * self.window_ms - now_ms;
        let to_next = Duration::from_millis(u64::try_from(next_ms).unwrap_or(0)) + WINDOW_MARGIN;
        let user = user.filter(|_| key.per_ip());
        let mine = user.map_or(0, |u| st.ledger.get(&(u, key)).copied().unwrap_or(0));
        if user.is_some() && mine > 0 && mine.saturating_add(weight) > self.user_share(key) {
            return Decision::Refuse(to_next);
        }
        let used = match st.used.get(&key) {
            Some(u) if u.window == window => u.weight,
            _ => 0,
        };
        // A request heavier than the whole budget goes alone into a fresh window.
        if used > 0 && used.saturating_add(weight) > self.limit(key) {
            return Decision::Wait(to_next, false);
        }
        if let Some(u) = user {
            st.ledger.insert((u, key), mine.saturating_add(weight));
        }
        st.used.insert(
            key,
            Used {
                window,
                weight: used.saturating_add(weight),
            },
        );
        Decision::Go
    }

    /// Records the used weight the exchange reported for `key`.
    pub fn observe(&self, key: BucketKey, reported: u32, server_now_ms: i64) {
        let window = server_now_ms.div_euclid(self.window_ms);
        let reported = if key.per_ip() {
            reported / self.address_share
        } else {
            reported
        };
        let mut st = self.lock();
        let entry = st.used.entry(key).or_insert(Used { window, weight: 0 });
        if entry.window != window {
            *entry = Used { window, weight: 0 };
        }
        entry.weight = entry.weight.max(reported);
    }

    /// Closes `key` for `retry_after` (429), or every bucket (418 ban).
    pub fn block(&self, key: BucketKey, retry_after: Duration, banned: bool) {
        let gate = Gate {
            until: Instant::now() + retry_after,
            banned,
        };
        let mut st = self.lock();
        if banned {
            st.seen.1 += 1;
        } else {
            st.seen.0 += 1;
        }
        if banned {
            st.ban = Some(gate);
        } else {
            st.gates.insert(key, gate);
        }
    }

    /// How many 429 (too much weight) and 418 (banned) answers came since start.
    pub fn refusals_seen(&self) -> (u64, u64) {
        self.lock().seen
    }

    /// The per-IP buckets (shared by every user) with weight used in the window containing
    /// `server_now_ms`, and how much.
    pub fn shared_in_use(&self, server_now_ms: i64) -> Vec<(BucketKey, u32)> {
        let window = server_now_ms.div_euclid(self.window_ms);
        let mut out: Vec<(BucketKey, u32)> = self
            .lock()
            .used
            .iter()
            .filter(|(k, u)| k.per_ip() && u.window == window && u.weight > 0)
            .map(|(k, u)| (*k, u.weight))
            .collect();
        out.sort_by_key(|(k, _)| match k {
            BucketKey::SapiIp(path) => *path,
            _ => "",
        });
        out
    }

    /// Used weight of `key` in the window containing `server_now_ms`.
    pub fn used(&self, key: BucketKey, server_now_ms: i64) -> u32 {
        let window = server_now_ms.div_euclid(self.window_ms);
        match self.lock().used.get(&key) {
            Some(u) if u.window == window => u.weight,
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: Duration = Duration::from_secs(60);

    fn wall_ms() -> i64 {
        chrono::Utc::now().timestamp_millis()
    }

    #[tokio::test]
    async fn instances_sharing_an_address_each_keep_their_share_of_the_ip_buckets_only() {
        let limits = Limits::new(MIN, Duration::ZERO).with_address_share(2);
        assert_eq!(limits.limit(BucketKey::Api), 3000);
        assert_eq!(limits.limit(BucketKey::SapiUid("/sapi/x", 1)), 180_000);
        // The address's reported 5000 is this instance's 2500: 500 more fit, 501 do not.
        limits.observe(BucketKey::Api, 5000, 0);
        assert!(limits.acquire(BucketKey::Api, 500, || 0).await.is_ok());
        assert!(matches!(
            limits.acquire(BucketKey::Api, 1, || 0).await,
            Err(ExchangeError::RateLimited { .. })
        ));
        // A user's share is a share of this instance's part.
        assert_eq!(limits.user_share(BucketKey::Api), 750);
    }

    // tokio's `test-util` (paused time) is not enabled in this crate: a short real window.
    #[tokio::test]
    async fn a_request_that_would_cross_the_limit_waits_for_the_next_window() {
        let window = Duration::from_millis(400);
        let limits = Limits::new(window, Duration::from_secs(5));
        let now = wall_ms();
        limits.observe(BucketKey::Api, 5990, now);
        let boundary = (now.div_euclid(400) + 1) * 400;
        // 20 more would make 6010 > 6000: wait for the next window.
        assert!(limits.acquire(BucketKey::Api, 20, wall_ms).await.is_ok());
        let after = wall_ms();
        assert!(after >= boundary, "sent at {after}, window ends {boundary}");
        assert!(
            after < boundary + 300,
            "waited too long: {after} vs {boundary}"
        );
        assert_eq!(limits.used(BucketKey::Api, after), 20);
    }

    #[tokio::test]
    async fn a_wait_longer_than_the_maximum_fails_fast() {
        let limits = Limits::new(MIN, Duration::from_secs(5));
        limits.block(BucketKey::Api, Duration::from_secs(30), false);
        let res = limits.acquire(BucketKey::Api, 1, || 0).await;
        assert!(matches!(
            res,
            Err(ExchangeError::RateLimited { banned: false, retry_after }) if retry_after > Duration::from_secs(29)
        ));
    }

    #[tokio::test]
    async fn a_ban_closes_every_bucket_and_a_429_only_its_own() {
        let limits = Limits::new(MIN, Duration::from_secs(1));
        let sapi = BucketKey::SapiIp("/sapi/v1/asset/dribblet");
        limits.block(sapi, Duration::from_secs(10), false);
        assert!(limits.acquire(BucketKey::Api, 1, || 0).await.is_ok());
        assert!(limits.acquire(sapi, 1, || 0).await.is_err());
        limits.block(BucketKey::Api, Duration::from_secs(100), true);
        let other = BucketKey::SapiIp("/sapi/v1/account/apiRestrictions");
        assert!(matches!(
            limits.acquire(other, 1, || 0).await,
            Err(ExchangeError::RateLimited { banned: true, .. })
        ));
    }

    fn refused_for(res: Result<(), ExchangeError>) -> Option<Duration> {
        match res {
            Err(ExchangeError::UserBudget { retry_after }) => Some(retry_after),
            _ => None,
        }
    }

    #[tokio::test]
    async fn a_user_past_their_share_is_refused_at_once_and_the_others_keep_theirs() {
        let limits = Limits::new(MIN, Duration::from_secs(5));
        let pairs = BucketKey::SapiIp("/sapi/v1/convert/exchangeInfo");
        assert_eq!(limits.user_share(pairs), 3000);
        // 10 s into a window: 50 s (plus the margin) are left.
        let at = || 10_000;
        assert!(limits.acquire_for(Some(1), pairs, 3000, at).await.is_ok());
        let wait = refused_for(limits.acquire_for(Some(1), pairs, 1, at).await);
        assert_eq!(wait, Some(Duration::from_millis(50_000) + WINDOW_MARGIN));
        // Nothing was reserved for the refused request.
        assert_eq!(limits.used(pairs, 10_000), 3000);
        // Another user, and a request on nobody's behalf, still go.
        assert!(limits.acquire_for(Some(2), pairs, 3000, at).await.is_ok());
        assert!(limits.acquire(pairs, 3000, at).await.is_ok());
        // The user's share is theirs again in the next window.
        assert!(
            limits
                .acquire_for(Some(1), pairs, 3000, || 60_000)
                .await
                .is_ok()
        );
    }

    #[tokio::test]
    async fn a_request_heavier_than_the_share_goes_alone_and_uid_buckets_are_not_divided() {
        let limits = Limits::new(MIN, Duration::from_secs(5)).with_user_share(10);
        let pairs = BucketKey::SapiIp("/sapi/v1/convert/exchangeInfo");
        assert_eq!(limits.user_share(pairs), 1200);
        assert!(limits.acquire_for(Some(1), pairs, 3000, || 0).await.is_ok());
        assert!(refused_for(limits.acquire_for(Some(1), pairs, 1, || 0).await).is_some());
        let api = BucketKey::Api;
        assert!(limits.acquire_for(Some(1), api, 600, || 0).await.is_ok());
        assert!(refused_for(limits.acquire_for(Some(1), api, 1, || 0).await).is_some());
        let quote = BucketKey::SapiUid("/sapi/v1/convert/getQuote", 9);
        for _ in 0..100 {
            assert!(limits.acquire_for(Some(1), quote, 200, || 0).await.is_ok());
        }
    }

    #[test]
    fn reported_weight_raises_but_never_lowers_the_count() {
        let limits = Limits::new(MIN, MIN);
        limits.observe(BucketKey::Api, 100, 1_000);
        limits.observe(BucketKey::Api, 40, 2_000);
        assert_eq!(limits.used(BucketKey::Api, 3_000), 100);
        limits.observe(BucketKey::Api, 7, 61_000);
        assert_eq!(limits.used(BucketKey::Api, 61_000), 7);
    }

    #[test]
    fn refusals_are_counted_and_the_shared_buckets_in_use_listed() {
        let limits = Limits::new(MIN, MIN);
        assert_eq!(limits.refusals_seen(), (0, 0));
        limits.block(BucketKey::Api, Duration::from_secs(1), false);
        limits.block(BucketKey::Api, Duration::from_secs(1), false);
        limits.block(BucketKey::Api, Duration::from_secs(1), true);
        assert_eq!(limits.refusals_seen(), (2, 1));
        let pairs = BucketKey::SapiIp("/sapi/v1/convert/exchangeInfo");
        limits.observe(BucketKey::Api, 30, 1_000);
        limits.observe(pairs, 3000, 1_000);
        limits.observe(BucketKey::SapiUid("/sapi/v1/asset/dust", 9), 10, 1_000);
        assert_eq!(
            limits.shared_in_use(2_000),
            [(BucketKey::Api, 30), (pairs, 3000)]
        );
        assert!(limits.shared_in_use(61_000).is_empty());
    }
}
