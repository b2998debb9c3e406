//! What the store's ports need from a SQL engine, so that one body of queries serves SQLite
//! and PostgreSQL alike (issue 21): statements are written once, with `?` placeholders,
//! their arguments held as engine-neutral values ([`Sql`]); each engine binds them, runs
//! reads and writes its own way (SQLite: read-only pool and the group-commit writer;
//! PostgreSQL: one pool), and hands back rows read through [`StoreRow`].

use std::borrow::Cow;

use async_trait::async_trait;
use futures_util::future::BoxFuture;
use sqlx::Row as _;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;

use crate::ports::StoreFailure;
use crate::store::writer::{Durability, WriteKind};

/// One bound value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// A 64-bit integer (ids, times in ms, counts) or NULL.
    Int(Option<i64>),
    /// Text or NULL.
    Text(Option<String>),
    /// A boolean.
    Bool(bool),
    /// Bytes (ciphertexts) or NULL.
    Bytes(Option<Vec<u8>>),
}

macro_rules! arg_from {
    ($($t:ty => |$v:ident| $e:expr),* $(,)?) => {
        $(impl From<$t> for Arg {
            fn from($v: $t) -> Self {
                $e
            }
        })*
    };
}

arg_from! {
    i64 => |v| Arg::Int(Some(v)),
    Option<i64> => |v| Arg::Int(v),
    bool => |v| Arg::Bool(v),
    String => |v| Arg::Text(Some(v)),
    &str => |v| Arg::Text(Some(v.to_owned())),
    &String => |v| Arg::Text(Some(v.clone())),
    Option<String> => |v| Arg::Text(v),
    Option<&str> => |v| Arg::Text(v.map(str::to_owned)),
    &Option<String> => |v| Arg::Text(v.clone()),
    Vec<u8> => |v| Arg::Bytes(Some(v)),
    Option<Vec<u8>> => |v| Arg::Bytes(v),
}

/// A statement with its arguments, in the shared dialect: `?` placeholders.
#[derive(Debug, Clone)]
pub struct Sql {
    /// The text; never holds user input (that is bound).
    pub text: Cow<'static, str>,
    /// The arguments, in placeholder order.
    pub args: Vec<Arg>,
}

impl Sql {
    /// A statement without arguments yet.
    pub fn new(text: impl Into<Cow<'static, str>>) -> Self {
        Self {
            text: text.into(),
            args: Vec::new(),
        }
    }

    /// Binds the next argument.
    pub fn bind(mut self, value: impl Into<Arg>) -> Self {
        self.args.push(value.into());
        self
    }

    /// The text with PostgreSQL's numbered placeholders (`$1`, `$2`…) for `?`; the shared
    /// statements hold no `?` inside a string literal.
    pub fn numbered(&self) -> String {
        let mut out = String::with_capacity(self.text.len() + 8);
        let mut n = 0;
        for c in self.text.chars() {
            if c == '?' {
                n += 1;
                out.push('$');
                out.push_str(&n.to_string());
            } else {
                out.push(c);
            }
        }
        out
    }
}

/// A column, by name or by position.
#[derive(Debug, Clone, Copy)]
pub enum Col<'a> {
    /// By name.
    Name(&'a str),
    /// By position, from 0.
    At(usize),
}

impl<'a> From<&'a str> for Col<'a> {
    fn from(name: &'a str) -> Self {
        Self::Name(name)
    }
}

impl From<usize> for Col<'_> {
    fn from(at: usize) -> Self {
        Self::At(at)
    }
}

/// A value the store reads from a row of either engine.
pub trait Cell: Sized {
    /// From a SQLite row.
    fn from_sqlite(row: &SqliteRow, col: Col<'_>) -> Result<Self, sqlx::Error>;
    /// From a PostgreSQL row.
    fn from_pg(row: &PgRow, col: Col<'_>) -> Result<Self, sqlx::Error>;
}

macro_rules! cells {
    ($($t:ty),*) => {
        $(impl Cell for $t {
            fn from_sqlite(row: &SqliteRow, col: Col<'_>) -> Result<Self, sqlx::Error> {
                match col {
                    Col::Name(n) => row.try_get(n),
                    Col::At(i) => row.try_get(i),
                }
            }
            fn from_pg(row: &PgRow, col: Col<'_>) -> Result<Self, sqlx::Error> {
                match col {
                    Col::Name(n) => row.try_get(n),
                    Col::At(i) => row.try_get(i),
                }
            }
        })*
    };
}

cells!(
    i64,
    Option<i64>,
    String,
    Option<String>,
    bool,
    Option<bool>,
    Vec<u8>,
    Option<Vec<u8>>
);

/// A row of either engine.
pub trait StoreRow: Send + Sync + 'static {
    /// The value of `col`.
    fn cell<'a, T: Cell, C: Into<Col<'a>>>(&self, col: C) -> Result<T, sqlx::Error>;
}

impl StoreRow for SqliteRow {
    fn cell<'a, T: Cell, C: Into<Col<'a>>>(&self, col: C) -> Result<T, sqlx::Error> {
        T::from_sqlite(self, col.into())
    }
}

impl StoreRow for PgRow {
    fn cell<'a, T: Cell, C: Into<Col<'a>>>(&self, col: C) -> Result<T, sqlx::Error> {
        T::from_pg(self, col.into())
    }
}

/// Statements run inside a transaction (a connection of either engine).
#[async_trait]
pub trait Exec<R>: Send {
    /// Runs a statement; rows affected.
    async fn run(&mut self, sql: Sql) -> Result<u64, sqlx::Error>;
    /// Every row.
    async fn all(&mut self, sql: Sql) -> Result<Vec<R>, sqlx::Error>;
    /// The first row, if any.
    async fn first(&mut self, sql: Sql) -> Result<Option<R>, sqlx::Error> {
        Ok(self.all(sql).await?.into_iter().next())
    }
}

/// Work run in one transaction.
pub type TxWork<T, R> =
    Box<dyn for<'c> FnOnce(&'c mut dyn Exec<R>) -> BoxFuture<'c, Result<T, sqlx::Error>> + Send>;

/// One statement, committed alone, on disk when it returns.
pub const SYNCED: WriteKind = WriteKind {
    together: false,
    durability: Durability::Synced,
};
/// One statement, committed alone, on disk with the next synced commit (SQLite; on
/// PostgreSQL every commit is synced).
pub const DEFERRED: WriteKind = WriteKind {
    together: false,
    durability: Durability::Deferred,
};
/// Statements that commit together, on disk when it returns.
pub const TOGETHER: WriteKind = WriteKind {
    together: true,
    durability: Durability::Synced,
};

/// A SQL engine the store's ports run on.
#[async_trait]
pub trait Engine: Clone + Send + Sync + 'static {
    /// Its rows.
    type Row: StoreRow;
    /// Appended to a claim's row selection: PostgreSQL's `FOR UPDATE SKIP LOCKED` lets
    /// concurrent claimers pass each other's rows instead of waiting for them; SQLite
    /// runs one writer at a time and needs nothing.
    const SKIP_LOCKED: &'static str;

    /// Every row of a read.
    async fn read(&self, sql: Sql) -> Result<Vec<Self::Row>, sqlx::Error>;
    /// The first row of a read, if any.
    async fn read_one(&self, sql: Sql) -> Result<Option<Self::Row>, sqlx::Error>;
    /// Runs a write; rows affected.
    async fn exec(&self, sql: Sql, kind: WriteKind) -> Result<u64, sqlx::Error>;
    /// Runs a write that returns rows (`RETURNING`).
    async fn exec_rows(&self, sql: Sql, kind: WriteKind) -> Result<Vec<Self::Row>, sqlx::Error>;
    /// Runs `work` in one transaction (or, for `in_order` kinds on SQLite, statement by
    /// statement).
    async fn transaction<T: Send + 'static>(
        &self,
        work: TxWork<T, Self::Row>,
        kind: WriteKind,
    ) -> Result<T, sqlx::Error>;
    /// Hands each row of a read to `each` as it arrives, never holding them all.
    async fn each(
        &self,
        sql: Sql,
        each: &mut (dyn for<'r> FnMut(&'r Self::Row) -> Result<(), StoreFailure> + Send),
    ) -> Result<(), StoreFailure>;
}

macro_rules! binder {
    ($(#[$doc:meta])* $name:ident, $db:ty, $args:ty, |$sql:ident| $text:expr) => {
        $(#[$doc])*
        pub fn $name($sql: Sql) -> sqlx::query::Query<'static, $db, $args> {
            let mut query = sqlx::query(sqlx::AssertSqlSafe($text));
            for arg in $sql.args {
                query = match arg {
                    Arg::Int(v) => query.bind(v),
                    Arg::Text(v) => query.bind(v),
                    Arg::Bool(v) => query.bind(v),
                    Arg::Bytes(v) => query.bind(v),
                };
            }
            query
        }
    };
}

binder!(
    /// Binds `sql` for SQLite.
    sqlite_query,
    sqlx::Sqlite,
    sqlx::sqlite::SqliteArguments,
    |sql| sql.text.to_string()
);
binder!(
    /// Binds `sql` for PostgreSQL (numbering its placeholders).
    pg_query,
    sqlx::Postgres,
    sqlx::postgres::PgArguments,
    |sql| sql.numbered()
);

macro_rules! exec_on {
    ($conn:ty, $row:ty, $bind:path) => {
        #[async_trait]
        impl Exec<$row> for $conn {
            async fn run(&mut self, sql: Sql) -> Result<u64, sqlx::Error> {
                Ok($bind(sql).execute(&mut *self).await?.rows_affected())
            }
            async fn all(&mut self, sql: Sql) -> Result<Vec<$row>, sqlx::Error> {
                $bind(sql).fetch_all(&mut *self).await
            }
            async fn first(&mut self, sql: Sql) -> Result<Option<$row>, sqlx::Error> {
                $bind(sql).fetch_optional(&mut *self).await
            }
        }
    };
}

exec_on!(sqlx::SqliteConnection, SqliteRow, sqlite_query);
exec_on!(sqlx::PgConnection, PgRow, pg_query);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_in_order_for_postgresql() {
        let sql = Sql::new("UPDATE t SET a = ?, b = COALESCE(?, b) WHERE id = ? AND s = 'x'");
        assert_eq!(
            sql.numbered(),
            "UPDATE t SET a = $1, b = COALESCE($2, b) WHERE id = $3 AND s = 'x'"
        );
    }
}
