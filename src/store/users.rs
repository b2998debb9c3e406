//! The users table: platform identity → internal id, language, timezone, settings.

use crate::domain::Platform;
use crate::store::sqlite::{Database, StoreError, now_ms};

impl Database {
    /// Returns the user's internal id, creating the user on first sight.
    pub async fn upsert_user(
        &self,
        platform: Platform,
        platform_user_id: &str,
    ) -> Result<i64, StoreError> {
        let upsert = sqlx::query_scalar(
            "INSERT INTO users (platform, platform_user_id, created_at) VALUES (?, ?, ?)
             ON CONFLICT (platform, platform_user_id) DO UPDATE SET platform = excluded.platform
             RETURNING id",
        )
        .bind(platform.as_str())
        .bind(platform_user_id.to_owned())
        .bind(now_ms());
        let id: i64 = self
            .write(Box::new(move |c| {
                Box::pin(async move { upsert.fetch_one(&mut *c).await })
            }))
            .await?;
        Ok(id)
    }
}
