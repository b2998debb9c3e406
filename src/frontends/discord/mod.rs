//! The Discord frontend: slash commands registered at start (one bulk overwrite), and
//! interactions received over the gateway (the default) or, when
//! DISCORD_INTERACTIONS_LISTEN is set, on the HTTP interactions endpoint (each verified);
//! both hand them to the same handlers, answered within Discord's limits.

pub mod commands;
pub mod gateway;
pub mod interactions;
pub mod notifier;
pub mod render;
pub mod rest;
pub mod upload;

use std::sync::Arc;

use anyhow::Context as _;
use secrecy::SecretString;

use crate::config::DiscordSettings;
use crate::service::Service;
use interactions::Endpoint;
use rest::Rest;

/// How long shutdown waits for the endpoint's server to close.
const CLOSE_WITHIN: std::time::Duration = std::time::Duration::from_secs(5);

/// A connected Discord app: its token checked, its commands registered, its transport
/// ready.
pub struct DiscordBot {
    rest: Rest,
    transport: Transport,
}

/// How interactions arrive.
enum Transport {
    /// The HTTP interactions endpoint, its address bound.
    Http {
        endpoint: Arc<Endpoint>,
        socket: tokio::net::TcpListener,
    },
    /// The gateway, its URL known.
    Gateway(gateway::Gateway),
}

/// Binds the interactions endpoint's address first when there is one (a taken address
/// fails start-up with one line), reads the application's id from Discord (which checks
/// the token), registers every slash command, and, without an endpoint, asks for the
/// gateway.
pub async fn connect(
    settings: &DiscordSettings,
    service: Arc<Service>,
) -> anyhow::Result<DiscordBot> {
    let socket = match settings.interactions_listen {
        Some(listen) => Some(tokio::net::TcpListener::bind(listen).await.map_err(|e| {
            anyhow::anyhow!("cannot listen on DISCORD_INTERACTIONS_LISTEN={listen}: {e}")
        })?),
        None => None,
    };
    let token: SecretString = settings.bot_token.clone();
    let rest = Rest::sharing(settings.api_url.clone(), token, settings.instances)
        .context("cannot build the Discord client")?;
    rest.count_into(service.metrics().clone());
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
        .overwrite_commands(
            application_id,
            &commands::registration_for(&service.exchange_ids()),
        )
        .await
    {
        tracing::warn!(%e, "registering the slash commands failed");
    }
    let transport = match socket {
        Some(socket) => {
            let public_key = settings.public_key;
            let endpoint = Endpoint::new(public_key, service, rest.clone(), application_id)?;
            Transport::Http {
                endpoint: Arc::new(endpoint),
                socket,
            }
        }
        None => Transport::Gateway(
            gateway::Gateway::prepare(
                service,
                rest.clone(),
                application_id,
                settings.bot_token.clone(),
                settings.api_url.clone(),
            )
            .await?,
        ),
    };
    Ok(DiscordBot { rest, transport })
}

#[async_trait::async_trait]
impl super::Frontend for DiscordBot {
    fn name(&self) -> &'static str {
        "discord"
    }

    fn notifier(&self) -> Arc<dyn crate::ports::Notifier> {
        Arc::new(notifier::DiscordNotifier::new(self.rest.clone()))
    }

    /// Serves the gateway or the interactions endpoint until `shutdown` resolves (or the
    /// transport fails), then finishes the replies in hand.
    async fn serve(self: Box<Self>, shutdown: super::Shutdown) -> anyhow::Result<()> {
        let (endpoint, socket) = match self.transport {
            Transport::Gateway(gateway) => return gateway.serve(shutdown).await,
            Transport::Http { endpoint, socket } => (endpoint, socket),
        };
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
