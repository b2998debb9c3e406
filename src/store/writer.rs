//! Group commit: every write the service makes goes through one writer task that owns the
//! database's writing connections.
//!
//! SQLite commits one writer at a time, and with `synchronous=FULL` every commit waits for
//! an fsync (≈ 0.15–0.3 ms here), so N writers one after another cost N fsyncs, and writers
//! that collide in SQLite itself sleep in its busy handler for milliseconds. The writer task
//! takes every write that is waiting, runs them in ONE `BEGIN IMMEDIATE` transaction, each in
//! its own savepoint (a job that fails is rolled back alone), commits once, and only then
//! answers each caller. A read started after a write returned sees it; under load many writes
//! share one fsync.
//!
//! Each write says how durable it must be before it returns ([`Durability`]). The task has
//! two connections to the same file, used one at a time: `synchronous=FULL` for batches with
//! any [`Durability::Synced`] write, `synchronous=NORMAL` for batches of
//! [`Durability::Deferred`] ones. Both append to the one WAL file in commit order, and
//! recovery keeps a prefix of it, so the next synced commit (or checkpoint) makes every
//! deferred one before it durable too: a deferred write can be lost only by an OS crash or a
//! power cut, never by dustpan crashing, and never after a synced write that followed it.
//! A background flush (see `Flusher`) fsyncs the WAL shortly after deferred commits, so
//! they reach the disk within milliseconds anyway and a synced commit has little to flush.

use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};
use tokio::sync::{mpsc, oneshot};
use tracing::Instrument;

/// At most this many jobs share one transaction, so that one commit stays short.
pub const MAX_BATCH: usize = 128;

/// One unit of work: statements run on the writer's connection inside the batch transaction.
pub type Work<T> = Box<
    dyn for<'c> FnOnce(&'c mut SqliteConnection) -> BoxFuture<'c, Result<T, sqlx::Error>> + Send,
>;

/// How durable a write must be when it returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// On disk (fsync'd). For what nothing else can restore: the intent committed before a
    /// money request leaves, settings, reminders being sent.
    Synced,
    /// Committed and seen by every reader, safe if dustpan crashes, and on disk with the
    /// next synced commit. For what an OS crash may lose harmlessly: screens waiting for a
    /// press (their buttons then say they expired), and outcomes that reconciliation derives
    /// again from the exchange because a synced intent row points at them.
    Deferred,
}

/// How a write is run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteKind {
    /// Its statements must commit together. When not (one statement, atomic by itself, or
    /// statements each safe to commit alone, in order), a job alone in its batch runs
    /// without the transaction's two extra round trips: SQLite commits each statement.
    pub together: bool,
    /// How durable it must be when it returns.
    pub durability: Durability,
}

impl WriteKind {
    /// Statements that must commit together.
    pub fn together(durability: Durability) -> Self {
        Self {
            together: true,
            durability,
        }
    }

    /// One statement, or statements each safe to commit alone in the order they run (a
    /// crash between two leaves a state the rest of the system completes).
    pub fn in_order(durability: Durability) -> Self {
        Self {
            together: false,
            durability,
        }
    }
}

/// A queued job, with its result type erased.
trait Job: Send {
    /// How it is run.
    fn kind(&self) -> WriteKind;
    /// Runs the job's statements; true when they all succeeded.
    fn run<'c>(&'c mut self, conn: &'c mut SqliteConnection) -> BoxFuture<'c, bool>;
    /// Answers the caller once the batch's fate is known: `committed` is the commit's error,
    /// if it failed.
    fn finish(self: Box<Self>, committed: Result<(), &str>);
}

struct Typed<T> {
    kind: WriteKind,
    work: Option<Work<T>>,
    outcome: Option<Result<T, sqlx::Error>>,
    reply: oneshot::Sender<Result<T, sqlx::Error>>,
    /// The caller's span: the job's statements are logged in it (its update, operation or
    /// reminder), though the writer task runs them.
    span: tracing::Span,
}

impl<T: Send + 'static> Job for Typed<T> {
    fn kind(&self) -> WriteKind {
        self.kind
    }

    fn run<'c>(&'c mut self, conn: &'c mut SqliteConnection) -> BoxFuture<'c, bool> {
        let span = self.span.clone();
        let job = async move {
            let Some(work) = self.work.take() else {
                return false;
            };
            // A panic, in the work's first synchronous part or later, fails this job only.
            let outcome = match std::panic::catch_unwind(AssertUnwindSafe(|| work(conn))) {
                Ok(running) => match AssertUnwindSafe(running).catch_unwind().await {
                    Ok(outcome) => outcome,
                    Err(_) => Err(stopped("a write panicked")),
                },
                Err(_) => Err(stopped("a write panicked")),
            };
            let ok = outcome.is_ok();
            self.outcome = Some(outcome);
            ok
        };
        Box::pin(job.instrument(span))
    }

    fn finish(self: Box<Self>, committed: Result<(), &str>) {
        let answer = match (self.outcome, committed) {
            (Some(Err(e)), _) => Err(e),
            (Some(Ok(value)), Ok(())) => Ok(value),
            (Some(Ok(_)), Err(why)) => Err(stopped(why)),
            (None, Err(why)) => Err(stopped(why)),
            (None, Ok(())) => Err(stopped("the write did not run")),
        };
        // The caller may have gone away; the write stands either way.
        let _ = self.reply.send(answer);
    }
}

fn stopped(why: &str) -> sqlx::Error {
    sqlx::Error::Io(std::io::Error::other(format!(
        "database write failed: {why}"
    )))
}

enum Message {
    Job(Box<dyn Job>),
    Close(oneshot::Sender<()>),
}

/// What the writer has done since it started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WriteStats {
    /// Writes that ran.
    pub writes: u64,
    /// Batches they ran in (each one commit, or one lone statement).
    pub commits: u64,
    /// Those of the commits that were fsync'd before answering.
    pub synced_commits: u64,
}

#[derive(Debug, Default)]
struct Counters {
    writes: AtomicU64,
    commits: AtomicU64,
    synced_commits: AtomicU64,
}

/// The handle every clone of the database shares.
#[derive(Debug, Clone)]
pub struct Writer {
    queue: mpsc::UnboundedSender<Message>,
    counters: Arc<Counters>,
}

impl Writer {
    /// Starts the writer task on two connections to one database: `synced` with
    /// `synchronous=FULL`, `deferred` with `synchronous=NORMAL`, each with the options
    /// that reopen it.
    pub fn start(
        synced: (SqliteConnection, SqliteConnectOptions),
        deferred: (SqliteConnection, SqliteConnectOptions),
        wal: PathBuf,
    ) -> Self {
        let (queue, inbox) = mpsc::unbounded_channel();
        let counters = Arc::new(Counters::default());
        let (synced, deferred) = (Slot::new(synced), Slot::new(deferred));
        let flusher = Flusher::start(wal);
        tokio::spawn(run(synced, deferred, inbox, counters.clone(), flusher));
        Self { queue, counters }
    }

    /// Writes and commits so far.
    pub fn stats(&self) -> WriteStats {
        WriteStats {
            writes: self.counters.writes.load(Ordering::Relaxed),
            commits: self.counters.commits.load(Ordering::Relaxed),
            synced_commits: self.counters.synced_commits.load(Ordering::Relaxed),
        }
    }

    /// Runs `work` in the next batch; returns its result once the batch has committed as
    /// durably as `kind` asks.
    pub async fn write<T: Send + 'static>(
        &self,
        work: Work<T>,
        kind: WriteKind,
    ) -> Result<T, sqlx::Error> {
        let (reply, answer) = oneshot::channel();
        let job = Typed {
            kind,
            work: Some(work),
            outcome: None,
            reply,
            span: tracing::Span::current(),
        };
        self.queue
            .send(Message::Job(Box::new(job)))
            .map_err(|_| stopped("the database is closed"))?;
        answer
            .await
            .map_err(|_| stopped("the database writer stopped"))?
    }

    /// Finishes the queued writes and closes the connection.
    pub async fn close(&self) {
        let (done, closed) = oneshot::channel();
        if self.queue.send(Message::Close(done)).is_ok() {
            let _ = closed.await;
        }
    }
}

/// One of the writer's connections, reopened after a transaction could not be ended
/// cleanly (e.g. SQLite rolled it back itself on a full disk or an I/O error): sqlx would
/// otherwise still count it as open and refuse every later `BEGIN` on that connection.
struct Slot {
    conn: Option<SqliteConnection>,
    options: SqliteConnectOptions,
}

impl Slot {
    fn new((conn, options): (SqliteConnection, SqliteConnectOptions)) -> Self {
        Self {
            conn: Some(conn),
            options,
        }
    }

    async fn run(&mut self, batch: Vec<Box<dyn Job>>) {
        if self.conn.is_none() {
            match self.options.connect().await {
                Ok(conn) => self.conn = Some(conn),
                // Each caller gets the cause and its edge logs it: not logged here too.
                Err(e) => return finish_all(batch, Err(&e.to_string())),
            }
        }
        let Some(conn) = self.conn.as_mut() else {
            return finish_all(batch, Err("no connection"));
        };
        if let Err(why) = run_batch(conn, batch).await {
            tracing::warn!(%why, "a write transaction did not end cleanly; reopening the connection");
            if let Some(conn) = self.conn.take() {
                let _ = conn.close().await;
            }
        }
    }

    async fn close(self) {
        if let Some(conn) = self.conn {
            let _ = conn.close().await;
        }
    }
}

/// Flushes the WAL file to disk in the background shortly after deferred commits (as
/// PostgreSQL's WAL writer does for asynchronous commits): deferred writes reach the disk
/// within milliseconds, and the next synced commit has little left to flush. An fsync of
/// any handle to the file flushes what every connection wrote to it.
struct Flusher {
    wake: Arc<tokio::sync::Notify>,
    task: tokio::task::JoinHandle<()>,
}

impl Flusher {
    fn start(wal: PathBuf) -> Self {
        let wake = Arc::new(tokio::sync::Notify::new());
        let notified = wake.clone();
        let task = tokio::spawn(async move {
            loop {
                notified.notified().await;
                let wal = wal.clone();
                let flushed = tokio::task::spawn_blocking(move || {
                    // SQLite locks the database and `-shm` files, never the WAL, so opening
                    // and closing another handle to it cannot drop SQLite's locks. Absent
                    // (before the first write): nothing is pending.
                    match std::fs::File::open(&wal) {
                        Ok(file) => file.sync_data(),
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                        Err(e) => Err(e),
                    }
                })
                .await;
                if let Ok(Err(e)) = flushed {
                    tracing::warn!(%e, "cannot flush the WAL; the next synced commit will");
                }
            }
        });
        Self { wake, task }
    }

    fn flush_soon(&self) {
        self.wake.notify_one();
    }

    fn stop(self) {
        self.task.abort();
    }
}

async fn run(
    mut synced: Slot,
    mut deferred: Slot,
    mut inbox: mpsc::UnboundedReceiver<Message>,
    counters: Arc<Counters>,
    flusher: Flusher,
) {
    let mut closing = None;
    while closing.is_none() {
        let Some(first) = inbox.recv().await else {
            break;
        };
        let mut batch = Vec::new();
        for message in std::iter::once(first).chain(std::iter::from_fn(|| inbox.try_recv().ok())) {
            match message {
                Message::Job(job) => batch.push(job),
                Message::Close(done) => {
                    closing = Some(done);
                    break;
                }
            }
            if batch.len() >= MAX_BATCH {
                break;
            }
        }
        if !batch.is_empty() {
            counters
                .writes
                .fetch_add(batch.len() as u64, Ordering::Relaxed);
            counters.commits.fetch_add(1, Ordering::Relaxed);
            let sync = batch
                .iter()
                .any(|job| job.kind().durability == Durability::Synced);
            if sync {
                counters.synced_commits.fetch_add(1, Ordering::Relaxed);
                synced.run(batch).await;
            } else {
                deferred.run(batch).await;
                flusher.flush_soon();
            }
        }
    }
    flusher.stop();
    deferred.close().await;
    synced.close().await;
    if let Some(done) = closing {
        let _ = done.send(());
    }
}

/// One transaction: a lone job runs in it directly; several each get a savepoint. A lone
/// job whose statements need not commit together runs on its own. Every job is answered; `Err` says the connection's
/// transaction could not be begun or ended cleanly.
async fn run_batch(
    conn: &mut SqliteConnection,
    mut batch: Vec<Box<dyn Job>>,
) -> Result<(), String> {
    if let [job] = batch.as_mut_slice()
        && !job.kind().together
    {
        job.run(conn).await;
        finish_all(batch, Ok(()));
        return Ok(());
    }
    let mut tx = match conn.begin_with("BEGIN IMMEDIATE").await {
        Ok(tx) => tx,
        Err(e) => return failed(batch, e),
    };
    if let [job] = batch.as_mut_slice() {
        if !job.run(&mut tx).await {
            let ended = tx.rollback().await;
            finish_all(batch, Ok(()));
            return ended.map_err(|e| e.to_string());
        }
    } else {
        for job in &mut batch {
            let mut savepoint = match tx.begin().await {
                Ok(savepoint) => savepoint,
                Err(e) => return failed(batch, e),
            };
            let step = if job.run(&mut savepoint).await {
                savepoint.commit().await
            } else {
                savepoint.rollback().await
            };
            if let Err(e) = step {
                return failed(batch, e);
            }
        }
    }
    match tx.commit().await {
        Ok(()) => {
            finish_all(batch, Ok(()));
            Ok(())
        }
        Err(e) => failed(batch, e),
    }
}

/// Answers every job with `e` (nothing of the batch committed) and reports it.
fn failed(batch: Vec<Box<dyn Job>>, e: sqlx::Error) -> Result<(), String> {
    let why = e.to_string();
    finish_all(batch, Err(&why));
    Err(why)
}

fn finish_all(batch: Vec<Box<dyn Job>>, committed: Result<(), &str>) {
    for job in batch {
        job.finish(committed);
    }
}
