//! [`Turns`] on PostgreSQL (issue 21): session advisory locks, each held on a connection of
//! a small pool of its own, so a turn never takes a connection the work inside it needs
//! (the holder of a user's turn always progresses; only waiters wait).
//!
//! A lock is given back by `pg_advisory_unlock` when its [`Turn`] drops. Whatever ends the
//! holder early (an error, a panic, a cancelled future, a timeout while waiting) drops the
//! turn: when the unlock cannot be sent, or the wait was cut short with the lock perhaps
//! granted, the connection is closed instead of going back to the pool, and closing a
//! session frees every lock it held. A killed instance's locks go with its connections.

use std::time::Duration;

use async_trait::async_trait;
use sqlx::pool::PoolConnection;
use sqlx::postgres::PgPoolOptions;
use sqlx::{PgPool, Postgres};

use crate::ports::turns::{Turn, Turns, stable_key};

/// Connections for turns per instance: updates handled at once across all users.
pub const TURN_POOL_SIZE: u32 = 32;

/// The longest an update waits for its user's turn (or a connection to wait on). Past it,
/// the update is handled anyway, out of order, and a warning logged: the order of screens
/// is a courtesy, the operation gate is what keeps money safe.
pub const USER_TURN_WAIT: Duration = Duration::from_secs(60);

/// Advisory locks on a pool of their own.
#[derive(Debug, Clone)]
pub struct PgTurns {
    pool: PgPool,
}

impl PgTurns {
    /// A lazily connected pool to the same database as `store_pool`.
    pub fn beside(store_pool: &PgPool) -> Self {
        let options = (*store_pool.connect_options()).clone();
        let pool = PgPoolOptions::new()
            .max_connections(TURN_POOL_SIZE)
            .acquire_timeout(USER_TURN_WAIT)
            .connect_lazy_with(options);
        Self { pool }
    }

    /// Closes the pool (held turns close their connections when dropped).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    async fn lock(&self, key: i64, wait: bool) -> Result<Option<Turn>, sqlx::Error> {
        let conn = self.pool.acquire().await?;
        let mut held = Held {
            conn: Some(conn),
            key,
            locked: false,
        };
        let Some(conn) = held.conn.as_mut() else {
            return Ok(None);
        };
        if wait {
            let locked = tokio::time::timeout(
                USER_TURN_WAIT,
                sqlx::query("SELECT pg_advisory_lock($1)")
                    .bind(key)
                    .execute(&mut **conn),
            )
            .await;
            match locked {
                Ok(Ok(_)) => {}
                // Dropping `held` unlocked closes the session: a lock granted at the last
                // moment goes with it.
                Ok(Err(e)) => return Err(e),
                Err(_) => return Ok(None),
            }
        } else {
            let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
                .bind(key)
                .fetch_one(&mut **conn)
                .await?;
            if !got {
                // Nothing held: the connection goes back to the pool as it is.
                held.locked = true;
                held.key = 0;
                if let Some(conn) = held.conn.take() {
                    drop(conn);
                }
                return Ok(None);
            }
        }
        held.locked = true;
        Ok(Some(Turn::held(Box::new(held))))
    }
}

/// A lock in hand (or being waited for: then `locked` is false).
struct Held {
    conn: Option<PoolConnection<Postgres>>,
    key: i64,
    locked: bool,
}

impl Drop for Held {
    fn drop(&mut self) {
        let Some(mut conn) = self.conn.take() else {
            return;
        };
        let key = self.key;
        let runtime = tokio::runtime::Handle::try_current();
        match runtime {
            Ok(rt) if self.locked => {
                rt.spawn(async move {
                    let unlocked: Result<bool, _> =
                        sqlx::query_scalar("SELECT pg_advisory_unlock($1)")
                            .bind(key)
                            .fetch_one(&mut *conn)
                            .await;
                    if !matches!(unlocked, Ok(true)) {
                        conn.close_on_drop();
                    }
                });
            }
            _ => conn.close_on_drop(),
        }
    }
}

#[async_trait]
impl Turns for PgTurns {
    async fn user_turn(&self, key: i64) -> Turn {
        match self.lock(key, true).await {
            Ok(Some(turn)) => turn,
            Ok(None) => {
                tracing::warn!(
                    "a user's turn was not free within {}s; handled out of order",
                    USER_TURN_WAIT.as_secs()
                );
                Turn::free()
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot take a user's turn; handled without it");
                Turn::free()
            }
        }
    }

    async fn try_user_turn(&self, key: i64) -> Option<Turn> {
        self.lock(key, false).await.ok().flatten()
    }

    async fn try_job(&self, job: &str) -> Option<Turn> {
        self.lock(stable_key(&["dustpan-job", job]), false)
            .await
            .ok()
            .flatten()
    }
}
