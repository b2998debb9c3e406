//! `DUSTPAN_DATABASE_URL` naming a PostgreSQL database (issue 21): `postgres://…` or
//! `postgresql://…`. Its password, if any, is never shown (Debug, errors).

use std::fmt;

use url::Url;

use super::error::ConfigError;

/// A PostgreSQL connection URL.
#[derive(Clone, PartialEq, Eq)]
pub struct PostgresUrl(String);

impl PostgresUrl {
    /// The URL as given, password included (for the driver only).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The URL with its password replaced by `***`.
    pub fn redacted(&self) -> String {
        redact(&self.0)
    }
}

impl fmt::Debug for PostgresUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PostgresUrl({})", self.redacted())
    }
}

fn redact(value: &str) -> String {
    match Url::parse(value) {
        Ok(mut url) if url.password().is_some() => {
            let _ = url.set_password(Some("***"));
            url.to_string()
        }
        Ok(url) => url.to_string(),
        Err(_) => "(unreadable URL)".to_owned(),
    }
}

/// `Some` when `value` names PostgreSQL (a well-formed URL with a host), `None` when it is
/// not a PostgreSQL URL at all; `setting` is named in the error of a malformed one.
pub fn parse_postgres_url(setting: &str, value: &str) -> Result<Option<PostgresUrl>, ConfigError> {
    let lower = value.to_ascii_lowercase();
    if !(lower.starts_with("postgres://") || lower.starts_with("postgresql://")) {
        return Ok(None);
    }
    let bad = |why: &str| {
        ConfigError::new(
            setting,
            format!(
                "'{}' is not a usable PostgreSQL URL ({why}); use postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE",
                redact(value)
            ),
        )
    };
    let url = Url::parse(value).map_err(|e| bad(&e.to_string()))?;
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("no host"));
    }
    if url.path().trim_start_matches('/').is_empty() {
        return Err(bad("no database name"));
    }
    Ok(Some(PostgresUrl(value.to_owned())))
}
