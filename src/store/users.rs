//! The users table: platform identity → internal id, language, timezone, settings.

use crate::domain::Platform;
use crate::store::engine::{Engine, Sql, StoreRow, TOGETHER};
use crate::store::sqlite::{Database, StoreError};

/// Returns the user's internal id, creating the user on first sight speaking `language`;
/// an existing user's language is not touched.
pub(crate) async fn upsert_user_in<E: Engine>(
    db: &E,
    platform: Platform,
    platform_user_id: &str,
    language: &str,
) -> Result<i64, sqlx::Error> {
    let upsert = Sql::new(
        "INSERT INTO users (platform, platform_user_id, created_at, language) VALUES (?, ?, ?, ?)
         ON CONFLICT (platform, platform_user_id) DO UPDATE SET platform = excluded.platform
         RETURNING id",
    )
    .bind(platform.as_str())
    .bind(platform_user_id)
    .bind(crate::store::sqlite::now_ms())
    .bind(language);
    let rows = db.exec_rows(upsert, TOGETHER).await?;
    rows.first().ok_or(sqlx::Error::RowNotFound)?.cell(0)
}

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
        Ok(upsert_user_in(self, platform, platform_user_id, language).await?)
    }
}
