//! On whose behalf an exchange request runs.
//!
//! The exchange's request-weight budget is counted per IP, so every user of one bot shares
//! it (binance.md §2). To keep one user from using it all, the exchange adapter charges each
//! request to the user it runs for and refuses it, before sending, once that user has used
//! their share ([`super::ExchangeError::UserBudget`]). The service names the user around
//! each command with [`on_behalf_of`]; the adapter reads it with [`requester`]. A task-local
//! rather than a parameter: every port method would otherwise carry it, and a request with
//! no user (the scheduler, start-up) is simply not charged to anyone.

use std::future::Future;

tokio::task_local! {
    static REQUESTER: u64;
}

/// Runs `fut` with the exchange requests it makes (in this task) charged to `user`, an
/// opaque stable key of the user.
pub async fn on_behalf_of<F: Future>(user: u64, fut: F) -> F::Output {
    REQUESTER.scope(user, fut).await
}

/// The user the current task's exchange requests are charged to, if any.
pub fn requester() -> Option<u64> {
    REQUESTER.try_with(|u| *u).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_requester_is_known_inside_the_scope_only() {
        assert_eq!(requester(), None);
        let inside = on_behalf_of(7, async {
            let (a, b) = tokio::join!(async { requester() }, async { requester() });
            (a, b)
        })
        .await;
        assert_eq!(inside, (Some(7), Some(7)));
        assert_eq!(requester(), None);
    }
}
