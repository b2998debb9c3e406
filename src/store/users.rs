//! The users table: platform identity → internal id, language, timezone, settings.

use crate::domain::Platform;
use crate::store::sqlite::{Database, StoreError, now_ms};

/// A stored user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    /// Internal id.
    pub id: i64,
    /// Platform.
    pub platform: Platform,
    /// The user's id on the platform.
    pub platform_user_id: String,
    /// Language tag, e.g. `en`.
    pub language: String,
    /// IANA timezone, e.g. `Europe/Berlin`.
    pub timezone: String,
}

impl Database {
    /// Returns the user's internal id, creating the user on first sight.
    pub async fn upsert_user(
        &self,
        platform: Platform,
        platform_user_id: &str,
    ) -> Result<i64, StoreError> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (platform, platform_user_id, created_at) VALUES (?, ?, ?)
             ON CONFLICT (platform, platform_user_id) DO UPDATE SET platform = excluded.platform
             RETURNING id",
        )
        .bind(platform.as_str())
        .bind(platform_user_id)
        .bind(now_ms())
        .fetch_one(self.pool())
        .await?;
        Ok(id)
    }

    /// Looks a user up by internal id.
    pub async fn user(&self, id: i64) -> Result<Option<UserRow>, StoreError> {
        let row: Option<(i64, String, String, String, String)> = sqlx::query_as(
            "SELECT id, platform, platform_user_id, language, timezone FROM users WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        Ok(
            row.and_then(|(id, platform, platform_user_id, language, timezone)| {
                Some(UserRow {
                    id,
                    platform: Platform::parse(&platform)?,
                    platform_user_id,
                    language,
                    timezone,
                })
            }),
        )
    }
}
