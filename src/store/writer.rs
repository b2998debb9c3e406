//! Group commit: every write the service makes goes through one writer task that owns the
//! database's one writing connection.
//!
//! SQLite commits one writer at a time, and with `synchronous=FULL` every commit waits for
//! an fsync (≈ 0.15 ms here), so N writers one after another cost N fsyncs, and writers that
//! collide in SQLite itself sleep in its busy handler for milliseconds. The writer task takes
//! every write that is waiting, runs them in ONE `BEGIN IMMEDIATE` transaction, each in its
//! own savepoint (a job that fails is rolled back alone), commits once, and only then answers
//! each caller. So a write still returns only once it is durable, and a read started after it
//! returned sees it; under load many writes share one fsync.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use sqlx::{Connection, SqliteConnection};
use tokio::sync::{mpsc, oneshot};

/// At most this many jobs share one transaction, so that one commit stays short.
pub const MAX_BATCH: usize = 128;

/// One unit of work: statements run on the writer's connection inside the batch transaction.
pub type Work<T> = Box<
    dyn for<'c> FnOnce(&'c mut SqliteConnection) -> BoxFuture<'c, Result<T, sqlx::Error>> + Send,
>;

/// A queued job, with its result type erased.
trait Job: Send {
    /// One statement, atomic by itself: alone in a batch it needs no transaction around it.
    fn single_statement(&self) -> bool;
    /// Runs the job's statements; true when they all succeeded.
    fn run<'c>(&'c mut self, conn: &'c mut SqliteConnection) -> BoxFuture<'c, bool>;
    /// Answers the caller once the batch's fate is known: `committed` is the commit's error,
    /// if it failed.
    fn finish(self: Box<Self>, committed: Result<(), &str>);
}

struct Typed<T> {
    single_statement: bool,
    work: Option<Work<T>>,
    outcome: Option<Result<T, sqlx::Error>>,
    reply: oneshot::Sender<Result<T, sqlx::Error>>,
}

impl<T: Send + 'static> Job for Typed<T> {
    fn single_statement(&self) -> bool {
        self.single_statement
    }

    fn run<'c>(&'c mut self, conn: &'c mut SqliteConnection) -> BoxFuture<'c, bool> {
        Box::pin(async move {
            let Some(work) = self.work.take() else {
                return false;
            };
            let outcome = match AssertUnwindSafe(work(conn)).catch_unwind().await {
                Ok(outcome) => outcome,
                Err(_) => Err(stopped("a write panicked")),
            };
            let ok = outcome.is_ok();
            self.outcome = Some(outcome);
            ok
        })
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
}

#[derive(Debug, Default)]
struct Counters {
    writes: AtomicU64,
    commits: AtomicU64,
}

/// The handle every clone of the database shares.
#[derive(Debug, Clone)]
pub struct Writer {
    queue: mpsc::UnboundedSender<Message>,
    counters: Arc<Counters>,
}

impl Writer {
    /// Starts the writer task on `conn`.
    pub fn start(conn: SqliteConnection) -> Self {
        let (queue, inbox) = mpsc::unbounded_channel();
        let counters = Arc::new(Counters::default());
        tokio::spawn(run(conn, inbox, counters.clone()));
        Self { queue, counters }
    }

    /// Writes and commits so far.
    pub fn stats(&self) -> WriteStats {
        WriteStats {
            writes: self.counters.writes.load(Ordering::Relaxed),
            commits: self.counters.commits.load(Ordering::Relaxed),
        }
    }

    /// Runs `work` in the next batch; returns its result once the batch has committed.
    /// `single_statement`: the work is one statement (then, alone, it runs without the
    /// transaction's two extra round trips, as SQLite commits a lone statement itself).
    pub async fn write<T: Send + 'static>(
        &self,
        work: Work<T>,
        single_statement: bool,
    ) -> Result<T, sqlx::Error> {
        let (reply, answer) = oneshot::channel();
        let job = Typed {
            single_statement,
            work: Some(work),
            outcome: None,
            reply,
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

async fn run(
    mut conn: SqliteConnection,
    mut inbox: mpsc::UnboundedReceiver<Message>,
    counters: Arc<Counters>,
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
            run_batch(&mut conn, batch).await;
        }
    }
    let _ = conn.close().await;
    if let Some(done) = closing {
        let _ = done.send(());
    }
}

/// One transaction: a lone job runs in it directly; several each get a savepoint. A lone
/// single statement runs on its own.
async fn run_batch(conn: &mut SqliteConnection, mut batch: Vec<Box<dyn Job>>) {
    if let [job] = batch.as_mut_slice()
        && job.single_statement()
    {
        job.run(conn).await;
        return finish_all(batch, Ok(()));
    }
    let mut tx = match conn.begin_with("BEGIN IMMEDIATE").await {
        Ok(tx) => tx,
        Err(e) => return finish_all(batch, Err(&e.to_string())),
    };
    if let [job] = batch.as_mut_slice() {
        if !job.run(&mut tx).await {
            let _ = tx.rollback().await;
            return finish_all(batch, Ok(()));
        }
    } else {
        for job in &mut batch {
            let mut savepoint = match tx.begin().await {
                Ok(savepoint) => savepoint,
                Err(e) => {
                    return finish_all(batch, Err(&e.to_string()));
                }
            };
            let step = if job.run(&mut savepoint).await {
                savepoint.commit().await
            } else {
                savepoint.rollback().await
            };
            if let Err(e) = step {
                return finish_all(batch, Err(&e.to_string()));
            }
        }
    }
    match tx.commit().await {
        Ok(()) => finish_all(batch, Ok(())),
        Err(e) => finish_all(batch, Err(&e.to_string())),
    }
}

fn finish_all(batch: Vec<Box<dyn Job>>, committed: Result<(), &str>) {
    for job in batch {
        job.finish(committed);
    }
}
