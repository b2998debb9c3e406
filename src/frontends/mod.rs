//! Frontends: turn chat events into service calls and replies into platform messages.

pub mod console;
pub mod discord;
pub mod split;
pub mod telegram;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use async_trait::async_trait;

use crate::ports::Notifier;

/// Resolves when a frontend is to stop taking new input.
pub type Shutdown = Pin<Box<dyn Future<Output = ()> + Send>>;

/// A connected chat frontend, as `startup` runs it: its notifier goes to the scheduler, and
/// it serves until `shutdown` resolves (or until it stops on its own, which stops the app).
#[async_trait]
pub trait Frontend: Send {
    /// Its name, for logs.
    fn name(&self) -> &'static str;

    /// The notifier reminders reach its users through.
    fn notifier(&self) -> Arc<dyn Notifier>;

    /// Receives and handles input until `shutdown` resolves, then finishes what it has in
    /// hand.
    async fn serve(self: Box<Self>, shutdown: Shutdown) -> anyhow::Result<()>;
}
