//! Request-weight accounting (binance.md §2): one shared /api IP bucket, one bucket per
//! /sapi endpoint (per IP or per UID), fixed windows aligned to the sim clock's minute.

use crate::binance::assumptions;
use std::collections::HashMap;
use std::net::IpAddr;

use super::config::Limits;
use super::params::SimError;
use crate::binance::protocol::{self, LimitKind};

const MINUTE_MS: i64 = 60_000;

/// Who a bucket belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Owner {
    Ip(IpAddr),
    Uid(u64),
}

#[derive(Debug, Default, Clone, Copy)]
struct Bucket {
    window: i64,
    used: u32,
}

#[derive(Debug, Default, Clone, Copy)]
struct ApiPenalty {
    /// End of the window that last answered 429 (ms); a request before it earns a ban.
    retry_until: i64,
    /// End of the 418 ban (ms).
    banned_until: i64,
}

/// The outcome of charging one request.
#[derive(Debug, Clone)]
pub struct Charge {
    /// Header name and used weight to report.
    pub header: (&'static str, u32),
    /// Refusal (429/418) with the seconds for `Retry-After`.
    pub refused: Option<(SimError, u64)>,
}

/// All buckets.
#[derive(Debug, Default)]
pub struct Weights {
    limits: Limits,
    api: HashMap<IpAddr, Bucket>,
    api_penalty: HashMap<IpAddr, ApiPenalty>,
    sapi: HashMap<(&'static str, Owner), Bucket>,
}

fn secs_until(now: i64, until: i64) -> u64 {
    // Round up: Retry-After must not send the caller back too early.
    u64::try_from((until - now + 999) / 1000)
        .unwrap_or(0)
        .max(1)
}

fn add(bucket: &mut Bucket, now: i64, weight: u32) -> u32 {
    let window = now.div_euclid(MINUTE_MS);
    if bucket.window != window {
        *bucket = Bucket { window, used: 0 };
    }
    bucket.used = bucket.used.saturating_add(weight);
    bucket.used
}

fn window_end(now: i64) -> i64 {
    (now.div_euclid(MINUTE_MS) + 1) * MINUTE_MS
}

fn ban_text(until_ms: i64) -> String {
    until_ms.to_string()
}

impl Weights {
    /// Buckets with these limits.
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            ..Self::default()
        }
    }

    /// Charges `weight` for one request at `now` (ms) and says whether to refuse it.
    pub fn charge(
        &mut self,
        path: &'static str,
        kind: LimitKind,
        ip: IpAddr,
        uid: Option<u64>,
        weight: u32,
        now: i64,
    ) -> Charge {
        match kind {
            LimitKind::ApiIp => self.charge_api(ip, weight, now),
            LimitKind::SapiIp | LimitKind::SapiUid => {
                let (owner, limit, header) = match (kind, uid) {
                    (LimitKind::SapiUid, Some(uid)) => (
                        Owner::Uid(uid),
                        self.limits.sapi_uid_weight_1m,
                        protocol::HEADER_SAPI_UID_WEIGHT_1M,
                    ),
                    (LimitKind::SapiUid, None) => (
                        Owner::Ip(ip),
                        self.limits.sapi_uid_weight_1m,
                        protocol::HEADER_SAPI_UID_WEIGHT_1M,
                    ),
                    _ => (
                        Owner::Ip(ip),
                        self.limits.sapi_ip_weight_1m,
                        protocol::HEADER_SAPI_IP_WEIGHT_1M,
                    ),
                };
                let used = add(self.sapi.entry((path, owner)).or_default(), now, weight);
                // /sapi answers 429 only, never 418 (binance.md §2).
                let refused = (used > limit).then(|| {
                    let limit_s = limit.to_string();
                    (
                        SimError::new(protocol::TOO_MUCH_WEIGHT, &[&limit_s]),
                        secs_until(now, window_end(now)),
                    )
                });
                Charge {
                    header: (header, used),
                    refused,
                }
            }
        }
    }

    fn charge_api(&mut self, ip: IpAddr, weight: u32, now: i64) -> Charge {
        let limit = self.limits.api_weight_1m;
        let penalty = self.api_penalty.entry(ip).or_default();
        let bucket = self.api.entry(ip).or_default();
        let header = protocol::HEADER_USED_WEIGHT_1M;
        let ban_ms = i64::try_from(assumptions::API_BAN_DURATION.as_millis()).unwrap_or(i64::MAX);
        if penalty.banned_until > now {
            let used = add(bucket, now, 0);
            let until = ban_text(penalty.banned_until);
            return Charge {
                header: (header, used),
                refused: Some((
                    SimError::new(protocol::IP_BANNED, &[&until]),
                    secs_until(now, penalty.banned_until),
                )),
            };
        }
        if penalty.retry_until > now {
            // Came back while a 429's Retry-After still ran: ban (assumptions::API_BAN_DURATION).
            penalty.banned_until = now.saturating_add(ban_ms);
            let used = add(bucket, now, 0);
            let until = ban_text(penalty.banned_until);
            return Charge {
                header: (header, used),
                refused: Some((
                    SimError::new(protocol::IP_BANNED, &[&until]),
                    secs_until(now, penalty.banned_until),
                )),
            };
        }
        let used = add(bucket, now, weight);
        let refused = (used > limit).then(|| {
            penalty.retry_until = window_end(now);
            let limit_s = limit.to_string();
            (
                SimError::new(protocol::TOO_MUCH_WEIGHT, &[&limit_s]),
                secs_until(now, window_end(now)),
            )
        });
        Charge {
            header: (header, used),
            refused,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    #[test]
    fn api_bucket_429s_then_bans_a_caller_that_ignores_retry_after() {
        let ip = IpAddr::V4(Ipv4Addr::LOCALHOST);
        let mut w = Weights::new(Limits {
            api_weight_1m: 40,
            ..Limits::default()
        });
        let now = 120_000;
        assert!(
            w.charge("/api/v3/account", LimitKind::ApiIp, ip, None, 20, now)
                .refused
                .is_none()
        );
        assert!(
            w.charge("/api/v3/account", LimitKind::ApiIp, ip, None, 20, now)
                .refused
                .is_none()
        );
        let c = w.charge(
            "/api/v3/account",
            LimitKind::ApiIp,
            ip,
            None,
            20,
            now + 1000,
        );
        let (e, retry) = c.refused.expect("429");
        assert_eq!((e.status, retry), (429, 59));
        let (e, _) = w
            .charge("/api/v3/time", LimitKind::ApiIp, ip, None, 1, now + 2000)
            .refused
            .expect("418");
        assert_eq!(e.status, 418);
    }
}
