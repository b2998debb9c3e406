//! Turns across instances (issue 21): a user's updates one at a time, and background jobs
//! run by one instance at a time. On SQLite (one process) the frontends' per-chat workers
//! already order a user's updates and the scheduler is the only background loop, so every
//! turn is granted at once ([`InProcess`]). On PostgreSQL the store's advisory locks give
//! the same order across every instance that shares the database.

use async_trait::async_trait;

use crate::domain::Platform;

/// A held turn: dropping it gives the turn back (also on an error, a panic or when the
/// future holding it is cancelled).
pub struct Turn(#[allow(dead_code)] Option<Box<dyn Send + Sync>>);

impl Turn {
    /// A turn that holds nothing (one process: the order is kept in memory).
    pub fn free() -> Self {
        Self(None)
    }

    /// A turn released when `guard` is dropped.
    pub fn held(guard: Box<dyn Send + Sync>) -> Self {
        Self(Some(guard))
    }
}

impl std::fmt::Debug for Turn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Turn(held)"
        } else {
            "Turn(free)"
        })
    }
}

/// Who hands out turns.
#[async_trait]
pub trait Turns: Send + Sync {
    /// Waits for the user's turn (bounded: past the implementation's wait the update is
    /// handled anyway, since the operation gate, not the order, protects money).
    async fn user_turn(&self, key: i64) -> Turn;

    /// The user's turn if nobody holds it now (background work on a user's behalf skips a
    /// user who is busy and comes back later).
    async fn try_user_turn(&self, key: i64) -> Option<Turn>;

    /// The turn of a background job (reconcile, purge) if no instance runs it now.
    async fn try_job(&self, job: &str) -> Option<Turn>;
}

/// One process: every turn at once.
#[derive(Debug, Default, Clone, Copy)]
pub struct InProcess;

#[async_trait]
impl Turns for InProcess {
    async fn user_turn(&self, _key: i64) -> Turn {
        Turn::free()
    }

    async fn try_user_turn(&self, _key: i64) -> Option<Turn> {
        Some(Turn::free())
    }

    async fn try_job(&self, _job: &str) -> Option<Turn> {
        Some(Turn::free())
    }
}

/// FNV-1a, 64 bits: stable across processes and builds (std's hasher is not promised to
/// be), so every instance computes the same key for the same user.
pub fn stable_key(parts: &[&str]) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    i64::from_ne_bytes(h.to_ne_bytes())
}

/// The key of a user's turn (the chat platform's id, known before the user's row is read).
pub fn user_turn_key(platform: Platform, platform_user_id: &str) -> i64 {
    stable_key(&["dustpan-user", platform.as_str(), platform_user_id])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_keys_are_stable_and_tell_users_and_platforms_apart() {
        let a = user_turn_key(Platform::Telegram, "42");
        assert_eq!(a, user_turn_key(Platform::Telegram, "42"));
        assert_ne!(a, user_turn_key(Platform::Discord, "42"));
        assert_ne!(a, user_turn_key(Platform::Telegram, "421"));
        // Parts are separated: ("ab", "c") is not ("a", "bc").
        assert_ne!(stable_key(&["ab", "c"]), stable_key(&["a", "bc"]));
    }
}
