//! The Discord frontend: slash commands registered at start (one bulk overwrite), and
//! interactions received on the HTTP interactions endpoint (the gateway transport comes
//! next), each verified, handed to the service and answered within Discord's limits.

pub mod commands;
pub mod interactions;
pub mod notifier;
pub mod render;
pub mod rest;

use std::sync::Arc;

use anyhow::Context as _;
use secrecy::SecretString;

use crate::config::DiscordSettings;
use crate::service::Service;
use interactions::Endpoint;
use rest::Rest;

/// How long shutdown waits for the endpoint's server to close.
const CLOSE_WITHIN: std::time::Duration = std::time::Duration::from_secs(5);

/// A connected Discord app: its token checked, its commands registered, its endpoint's
/// address bound.
pub struct DiscordBot {
    rest: Rest,
    endpoint: Arc<Endpoint>,
    socket: tokio::net::TcpListener,
}

/// Binds the interactions endpoint's address first (a taken address fails start-up with
/// one line), reads the application's id from Discord (which checks the token), and
/// registers every slash command.
pub async fn connect(
    settings: &DiscordSettings,
    service: Arc<Service>,
) -> anyhow::Result<DiscordBot> {
    let (Some(listen), Some(public_key)) = (settings.interactions_listen, settings.public_key)
    else {
        anyhow::bail!(
            "the Discord gateway transport is not available yet: set DISCORD_INTERACTIONS_LISTEN \
             and DISCORD_PUBLIC_KEY to receive interactions over HTTP"
        );
    };
    let socket = tokio::net::TcpListener::bind(listen).await.map_err(|e| {
        anyhow::anyhow!("cannot listen on DISCORD_INTERACTIONS_LISTEN={listen}: {e}")
    })?;
    let token: SecretString = settings.bot_token.clone();
    let rest =
        Rest::new(settings.api_url.clone(), token).context("cannot build the Discord client")?;
    let application_id = rest
        .application_id()
        .await
        .map_err(|e| anyhow::anyhow!("the Discord API refused or could not be reached: {e}"))?;
    if let Some(configured) = settings.application_id
        && configured != application_id
    {
        anyhow::bail!(
            "DISCORD_APPLICATION_ID={configured} is not the application of DISCORD_BOT_TOKEN ({application_id})"
        );
    }
    tracing::info!(application_id, "connected to Discord");
    if let Err(e) = rest
        .overwrite_commands(application_id, &commands::registration())
        .await
    {
        tracing::warn!(%e, "registering the slash commands failed");
    }
    let endpoint = Endpoint::new(public_key, service, rest.clone(), application_id)?;
    Ok(DiscordBot {
        rest,
        endpoint: Arc::new(endpoint),
        socket,
    })
}

#[async_trait::async_trait]
impl super::Frontend for DiscordBot {
    fn name(&self) -> &'static str {
        "discord"
    }

    fn notifier(&self) -> Arc<dyn crate::ports::Notifier> {
        Arc::new(notifier::DiscordNotifier::new(self.rest.clone()))
    }

    /// Serves the interactions endpoint until `shutdown` resolves (or the server fails),
    /// then finishes the replies in hand.
    async fn serve(self: Box<Self>, shutdown: super::Shutdown) -> anyhow::Result<()> {
        let Self {
            endpoint, socket, ..
        } = *self;
        let addr = socket.local_addr().ok();
        tracing::info!(listen = ?addr, "receiving Discord interactions over HTTP");
        let router = interactions::router(endpoint.clone());
        let (closed_tx, closed_rx) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            axum::serve(socket, router)
                .with_graceful_shutdown(async {
                    let _ = closed_rx.await;
                })
                .await
        });
        tokio::pin!(server);
        let failed = tokio::select! {
            () = shutdown => None,
            r = &mut server => Some(r),
        };
        let result = match failed {
            Some(Ok(Ok(()))) => Err(anyhow::anyhow!("the Discord interactions server stopped")),
            Some(Ok(Err(e))) => Err(anyhow::anyhow!(
                "the Discord interactions server failed: {e}"
            )),
            Some(Err(e)) => Err(anyhow::anyhow!(
                "the Discord interactions server panicked: {e}"
            )),
            None => {
                let _ = closed_tx.send(());
                if tokio::time::timeout(CLOSE_WITHIN, server).await.is_err() {
                    tracing::warn!("the Discord interactions server did not close in time");
                }
                Ok(())
            }
        };
        if !endpoint.drain(interactions::DRAIN_WITHIN).await {
            tracing::warn!("some Discord replies were still being worked on at shutdown");
        }
        result
    }
}
