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
        // English: the column's default, the reference language.
        self.upsert_user_in(platform, platform_user_id, "en").await
    }

    /// Returns the user's internal id, creating the user on first sight speaking
    /// `language`; an existing user's language is not touched.
    pub async fn upsert_user_in(
        &self,
        platform: Platform,
        platform_user_id: &str,
        language: &str,
    ) -> Result<i64, StoreError> {
        let upsert = sqlx::query_scalar(
            "INSERT INTO users (platform, platform_user_id, created_at, language) VALUES (?, ?, ?, ?)
             ON CONFLICT (platform, platform_user_id) DO UPDATE SET platform = excluded.platform
             RETURNING id",
        )
        .bind(platform.as_str())
        .bind(platform_user_id.to_owned())
        .bind(now_ms())
        .bind(language.to_owned());
        let id: i64 = self
            .write(Box::new(move |c| {
                Box::pin(async move { upsert.fetch_one(&mut *c).await })
            }))
            .await?;
        Ok(id)
    }
}
