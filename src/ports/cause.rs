//! A failure's short context and the lower error that caused it, kept as its source so the
//! log at the edge can show the whole chain (`error_chain`).

use std::error::Error;
use std::fmt;
use std::sync::Arc;

/// What failed, in a few words ("reading operation 7"), and the lower error behind it.
///
/// Cheap to clone (the source is shared). Equality compares the context only: two failures
/// of the same kind are the same to a caller whatever their causes. An adapter must never
/// put a secret, a signed URL or a header into the context or the source.
#[derive(Clone)]
pub struct Cause {
    context: String,
    source: Option<Arc<dyn Error + Send + Sync>>,
}

impl Cause {
    /// A failure with no lower error.
    pub fn new(context: impl Into<String>) -> Self {
        Self {
            context: context.into(),
            source: None,
        }
    }

    /// A failure caused by `source`.
    pub fn caused_by(
        context: impl Into<String>,
        source: impl Error + Send + Sync + 'static,
    ) -> Self {
        Self {
            context: context.into(),
            source: Some(Arc::new(source)),
        }
    }

    /// The short context message.
    pub fn context(&self) -> &str {
        &self.context
    }
}

impl Error for Cause {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn Error + 'static))
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.context)
    }
}

/// Shows the context and the causes' messages (never their `Debug`, which may hold more
/// than their messages do).
impl fmt::Debug for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = f.debug_tuple("Cause");
        t.field(&self.context);
        let mut next = self.source();
        while let Some(e) = next {
            t.field(&format_args!("{e}"));
            next = e.source();
        }
        t.finish()
    }
}

impl PartialEq for Cause {
    fn eq(&self, other: &Self) -> bool {
        self.context == other.context
    }
}

impl Eq for Cause {}

impl From<&str> for Cause {
    fn from(s: &str) -> Self {
        Self::new(s)
    }
}

impl From<String> for Cause {
    fn from(s: String) -> Self {
        Self::new(s)
    }
}

/// An error and all its causes on one line, `: `-separated: what the edge logs. A cause
/// whose message its parent already ends with (thiserror's `"…: {0}"` beside `#[from]`) is
/// not repeated.
pub fn error_chain(e: &(dyn Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut last = out.clone();
    let mut next = e.source();
    while let Some(cause) = next {
        let msg = cause.to_string();
        if !last.ends_with(&msg) {
            out.push_str(": ");
            out.push_str(&msg);
        }
        last = msg;
        next = cause.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("inner")]
    struct Inner(#[source] std::io::Error);

    #[test]
    fn the_chain_shows_every_cause_once_in_order() {
        let c = Cause::caused_by("reading operation 7", Inner(std::io::Error::other("disk")));
        assert_eq!(c.to_string(), "reading operation 7");
        assert_eq!(
            format!("{c:?}"),
            r#"Cause("reading operation 7", inner, disk)"#
        );
        assert_eq!(
            Cause::new("a"),
            Cause::caused_by("a", std::io::Error::other("b"))
        );
        let io = std::io::Error::other(Inner(std::io::Error::other("disk")));
        assert_eq!(error_chain(&io), "inner: disk");
        #[derive(Debug, thiserror::Error)]
        #[error("database error: {0}")]
        struct Repeats(#[from] std::io::Error);
        let e = Repeats(std::io::Error::other(Inner(std::io::Error::other("disk"))));
        assert_eq!(error_chain(&e), "database error: inner: disk");
    }
}
