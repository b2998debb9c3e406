//! The gateway transport (the default): a serenity `Client` receives interactions over
//! Discord's websocket; each is serialized back to Discord's JSON and answered by the very
//! code the HTTP endpoint runs (`interactions::respond`), its response POSTed to the
//! interaction's callback through dustpan's own REST client (platforms.md §3.6: serenity's
//! `Http` bypasses a proxy with its rate limiter on and loses `retry_after`). Deferrals,
//! `@original` edits and follow-ups go the same way as on the endpoint. serenity reconnects
//! and resumes by itself.

use std::sync::Arc;
use std::time::Duration;

use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use serenity::all::{
    ConnectionStage, Context, EventHandler, GatewayIntents, Interaction, Ready,
    ShardStageUpdateEvent,
};
use serenity::client::ClientBuilder;
use serenity::http::HttpBuilder;
use url::Url;
use zeroize::Zeroizing;

use super::interactions::{self, Endpoint};
use super::rest::{Rest, RestError};
use crate::config::DEFAULT_DISCORD_API_URL;
use crate::service::Service;

/// How long shutdown waits for the shards to close.
const CLOSE_WITHIN: Duration = Duration::from_secs(5);

/// Answers interactions that came over the gateway with the endpoint's handlers.
#[derive(Clone)]
pub struct Handler {
    endpoint: Arc<Endpoint>,
    rest: Rest,
}

impl Handler {
    /// A handler over `service`, answering through `rest` as application `application_id`.
    pub fn new(service: Arc<Service>, rest: Rest, application_id: u64) -> anyhow::Result<Self> {
        let endpoint = Endpoint::new(None, service, rest.clone(), application_id)?;
        Ok(Self::over(Arc::new(endpoint), rest))
    }

    fn over(endpoint: Arc<Endpoint>, rest: Rest) -> Self {
        Self { endpoint, rest }
    }

    /// Answers one interaction: the response the HTTP endpoint would return is POSTed to
    /// `interactions/{id}/{token}/callback`; what comes later (an edit after a deferral,
    /// follow-ups) is sent by the same code as on the endpoint.
    pub async fn handle(&self, interaction: &Interaction) -> Result<(), RestError> {
        // serenity's types leave out the interaction's `type` when serialized: it goes back
        // in, from the variant (discord-api-docs "Interaction Type").
        let (id, token, kind) = match interaction {
            Interaction::Command(i) => (i.id.get(), &i.token, 2),
            Interaction::Component(i) => (i.id.get(), &i.token, 3),
            Interaction::Autocomplete(i) => (i.id.get(), &i.token, 4),
            Interaction::Modal(i) => (i.id.get(), &i.token, 5),
            // Discord pings the HTTP endpoint only.
            _ => return Ok(()),
        };
        // A modal submit carries a key: its JSON is wiped once read.
        let json = Zeroizing::new(
            serde_json::to_vec(interaction).map_err(|e| RestError::Unavailable(e.to_string()))?,
        );
        let mut body = Zeroizing::new(Vec::with_capacity(json.len() + 12));
        body.extend_from_slice(format!("{{\"type\":{kind},").as_bytes());
        body.extend_from_slice(json.get(1..).unwrap_or_default());
        drop(json);
        let response = match interactions::respond(self.endpoint.clone(), &body).await {
            Ok(response) => response,
            Err((_, why)) => {
                tracing::warn!(
                    why,
                    "a Discord interaction from the gateway was not answered"
                );
                return Ok(());
            }
        };
        drop(body);
        self.rest
            .call(
                Method::POST,
                &format!("interactions/{id}/{token}/callback"),
                Some(&response),
            )
            .await
            .map(drop)
    }

    /// Waits (up to `within`) for replies being worked on; false if some were not done.
    pub async fn drain(&self, within: Duration) -> bool {
        self.endpoint.drain(within).await
    }
}

struct Events(Handler, crate::metrics::Metrics);

/// The frontend's name in the health report and the metrics.
const FRONTEND: &str = "discord";

#[serenity::async_trait]
impl EventHandler for Events {
    async fn ready(&self, _: Context, ready: Ready) {
        tracing::info!(shard = ?ready.shard, "connected to the Discord gateway");
        self.1.frontend(FRONTEND, true);
    }

    /// Connected only while the shard is: a lost socket shows in `/health` and
    /// `/healthz` until it is back.
    async fn shard_stage_update(&self, _: Context, event: ShardStageUpdateEvent) {
        let connected = matches!(event.new, ConnectionStage::Connected);
        if connected != matches!(event.old, ConnectionStage::Connected) {
            tracing::info!(stage = %event.new, "Discord gateway connection");
        }
        self.1.frontend(FRONTEND, connected);
    }

    async fn interaction_create(&self, _: Context, interaction: Interaction) {
        if let Err(e) = self.0.handle(&interaction).await {
            tracing::warn!(%e, "could not answer a Discord interaction");
        }
    }
}

/// The gateway, ready to connect: the websocket URL Discord gave for this bot.
pub struct Gateway {
    handler: Handler,
    metrics: crate::metrics::Metrics,
    token: SecretString,
    api_url: Url,
    ws_url: String,
}

impl Gateway {
    /// Asks Discord where to connect (`GET /gateway/bot`, which also checks the token);
    /// a refusal fails start-up with one line.
    pub async fn prepare(
        service: Arc<Service>,
        rest: Rest,
        application_id: u64,
        token: SecretString,
        api_url: Url,
    ) -> anyhow::Result<Self> {
        let answer = rest
            .call(Method::GET, "gateway/bot", None)
            .await
            .map_err(|e| anyhow::anyhow!("the Discord gateway is not available: {e}"))?;
        let ws_url = answer["url"]
            .as_str()
            .ok_or_else(|| anyhow::anyhow!("Discord gave no gateway URL"))?
            .to_owned();
        let metrics = service.metrics().clone();
        let endpoint = Endpoint::new(None, service, rest.clone(), application_id)?;
        Ok(Self {
            handler: Handler::over(Arc::new(endpoint), rest),
            metrics,
            token,
            api_url,
            ws_url,
        })
    }

    /// Runs the shards until `shutdown` resolves (then closes them) or the client stops
    /// on its own (an error); then finishes the replies in hand.
    pub async fn serve(self, shutdown: super::super::Shutdown) -> anyhow::Result<()> {
        // Not connected until the gateway says it is ready.
        self.metrics.frontend(FRONTEND, false);
        let mut http = HttpBuilder::new(self.token.expose_secret());
        let origin = self.api_url.as_str().trim_end_matches('/');
        if origin != DEFAULT_DISCORD_API_URL {
            // serenity's own REST calls (only its start-up ones) go to DISCORD_API_URL.
            http = http.proxy(origin).ratelimiter_disabled(true);
        }
        // Interactions need no intent; GUILDS keeps the shard's view of its servers.
        let mut client = ClientBuilder::new_with_http(http.build(), GatewayIntents::GUILDS)
            .event_handler(Events(self.handler.clone(), self.metrics.clone()))
            .await
            .map_err(|e| anyhow::anyhow!("cannot build the Discord gateway client: {e}"))?;
        *client.ws_url.lock().await = self.ws_url.clone();
        let shards = client.shard_manager.clone();
        tracing::info!("receiving Discord interactions over the gateway");
        let mut running = tokio::spawn(async move { client.start().await });
        let result = tokio::select! {
            () = shutdown => {
                shards.shutdown_all().await;
                // A shard that never connected leaves `start` waiting: it is cut short.
                if tokio::time::timeout(CLOSE_WITHIN, &mut running).await.is_err() {
                    running.abort();
                }
                Ok(())
            }
            r = &mut running => match r {
                Ok(Ok(())) => Err(anyhow::anyhow!("the Discord gateway client stopped")),
                Ok(Err(e)) => Err(anyhow::anyhow!("the Discord gateway client failed: {e}")),
                Err(e) => Err(anyhow::anyhow!("the Discord gateway client panicked: {e}")),
            },
        };
        if !self.handler.drain(interactions::DRAIN_WITHIN).await {
            tracing::warn!("some Discord replies were still being worked on at shutdown");
        }
        result
    }
}
