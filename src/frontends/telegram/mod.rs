//! The Telegram frontend: long polling (or a webhook), one worker per chat so a chat's
//! updates run in order, every Bot API call through one rate-limited [`send::Sender`].

pub mod handle;
pub mod notifier;
pub mod render;
pub mod send;

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use futures_util::StreamExt as _;
use secrecy::ExposeSecret;
use teloxide::Bot;
use teloxide::prelude::*;
use teloxide::types::{AllowedUpdate, BotCommand, Update};
use teloxide::update_listeners::{UpdateListener, webhooks};
use tokio::sync::mpsc;
use tokio::task::JoinSet;

use crate::config::TelegramSettings;
use crate::i18n::locales;
use crate::service::Service;
use crate::service::command::MENU;
use crate::service::reply::Text;
use handle::Ctx;
use send::{Failure, Limits, Sender, Target};

/// A chat worker with nothing to do for this long ends (a new one starts on demand).
const WORKER_IDLE: Duration = Duration::from_secs(60);
/// How long shutdown waits for updates being handled.
const DRAIN_WITHIN: Duration = Duration::from_secs(10);
/// How long shutdown waits for the webhook server to close and deleteWebhook to return.
const WEBHOOK_CLOSE_WITHIN: Duration = Duration::from_secs(5);
/// The updates the bot handles, asked for in both modes (a webhook otherwise keeps
/// whatever list an earlier setWebhook left).
const ALLOWED_UPDATES: [AllowedUpdate; 3] = [
    AllowedUpdate::Message,
    AllowedUpdate::CallbackQuery,
    AllowedUpdate::MyChatMember,
];

/// A connected bot: checked with getMe, its command menu registered, its webhook address
/// (in webhook mode) bound.
pub struct TelegramBot {
    settings: TelegramSettings,
    ctx: Ctx,
    webhook_socket: Option<tokio::net::TcpListener>,
}

/// Binds the webhook address (in webhook mode) first, so a taken or forbidden address
/// fails start-up with one line instead of a panic in the server task later; then
/// connects to the Bot API (getMe) and registers the command menu for every locale.
pub async fn connect(
    settings: &TelegramSettings,
    service: Arc<Service>,
) -> anyhow::Result<TelegramBot> {
    let webhook_socket = match &settings.webhook {
        Some(hook) => Some(
            tokio::net::TcpListener::bind(hook.listen)
                .await
                .map_err(|e| {
                    anyhow::anyhow!(
                        "cannot listen on TELEGRAM_WEBHOOK_LISTEN={}: {e}",
                        hook.listen
                    )
                })?,
        ),
        None => None,
    };
    let token = settings.bot_token.clone();
    let bot = Bot::new(token.expose_secret()).set_api_url(settings.api_url.clone());
    let sender = Arc::new(Sender::new(Limits::default(), token));
    let me = sender.call(Target::Bot, bot.get_me()).await.map_err(|e| {
        anyhow::anyhow!("the Telegram Bot API refused or could not be reached: {e:?}")
    })?;
    tracing::info!(username = %me.username(), "connected to Telegram");
    register_commands(&bot, &sender).await;
    Ok(TelegramBot {
        settings: settings.clone(),
        ctx: Ctx {
            bot,
            sender,
            service,
        },
        webhook_socket,
    })
}

impl TelegramBot {
    /// The notifier for reminders: it shares the bot's rate limits with the replies.
    pub fn notifier(&self) -> Arc<dyn crate::ports::Notifier> {
        Arc::new(notifier::TelegramNotifier::new(
            self.ctx.bot.clone(),
            self.ctx.sender.clone(),
        ))
    }

    /// Receives and handles updates until `shutdown` resolves.
    pub async fn serve(self, shutdown: impl Future<Output = ()>) -> anyhow::Result<()> {
        let Self {
            settings,
            ctx,
            webhook_socket,
        } = self;
        let bot = ctx.bot.clone();
        match &settings.webhook {
            Some(hook) => {
                let socket = webhook_socket.context("the webhook address was not bound")?;
                let mut options = webhooks::Options::new(hook.listen, hook.url.clone());
                let secret = match &hook.secret {
                    Some(s) => s.expose_secret().to_owned(),
                    None => options.get_or_gen_secret_token().to_owned(),
                };
                options.secret_token = Some(secret.clone());
                // setWebhook ourselves (teloxide's setup sends no allowed_updates), through
                // the rate-limited sender.
                let set = bot
                    .set_webhook(hook.url.clone())
                    .secret_token(secret)
                    .allowed_updates(ALLOWED_UPDATES)
                    .drop_pending_updates(false);
                ctx.sender
                    .call(Target::Bot, set)
                    .await
                    .map_err(|e| anyhow::anyhow!("cannot set the Telegram webhook: {e:?}"))?;
                let (mut listener, closed, router) = webhooks::axum_no_setup(options);
                let stop = listener.stop_token();
                let server = tokio::spawn(async move {
                    if let Err(e) = axum::serve(socket, router)
                        .with_graceful_shutdown(closed)
                        .await
                    {
                        tracing::error!(%e, "the webhook server failed");
                        stop.stop();
                    }
                });
                tracing::info!(listen = %hook.listen, "receiving updates by webhook");
                serve(listener, ctx.clone(), shutdown).await;
                if tokio::time::timeout(WEBHOOK_CLOSE_WITHIN, server)
                    .await
                    .is_err()
                {
                    tracing::warn!("the webhook server did not close in time");
                }
                if let Err(e) = ctx.sender.call(Target::Bot, bot.delete_webhook()).await {
                    tracing::warn!(?e, "deleteWebhook failed");
                }
            }
            None => {
                let listener = teloxide::update_listeners::Polling::builder(bot)
                    .allowed_updates(ALLOWED_UPDATES.to_vec())
                    .delete_webhook()
                    .await
                    .build();
                tracing::info!("receiving updates by long polling");
                serve(listener, ctx, shutdown).await;
            }
        }
        Ok(())
    }
}

/// setMyCommands once per language (with its two-letter code) and once as the default.
async fn register_commands(bot: &Bot, sender: &Sender) {
    let l = locales();
    for lang in l.languages() {
        let commands: Vec<BotCommand> = MENU
            .iter()
            .map(|(name, key)| {
                BotCommand::new(*name, l.render(lang, &Text::new(key), &|s| s.to_owned()))
            })
            .collect();
        let code: String = lang
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        let mut reqs = vec![bot.set_my_commands(commands.clone()).language_code(code)];
        if lang == crate::i18n::DEFAULT_LANGUAGE {
            reqs.push(bot.set_my_commands(commands));
        }
        for req in reqs {
            if let Err(e) = sender.call(Target::Bot, req).await {
                tracing::warn!(?e, lang, "setMyCommands failed");
            }
        }
    }
}

/// The update loop: each chat's updates go to that chat's worker, in order.
async fn serve<L>(mut listener: L, ctx: Ctx, shutdown: impl Future<Output = ()>)
where
    L: UpdateListener,
    L::Err: std::fmt::Debug + 'static,
{
    let stop = listener.stop_token();
    let mut workers: HashMap<i64, mpsc::UnboundedSender<Update>> = HashMap::new();
    let mut tasks = JoinSet::new();
    {
        let stream = listener.as_stream();
        tokio::pin!(stream);
        tokio::pin!(shutdown);
        loop {
            let next = tokio::select! {
                () = &mut shutdown => break,
                next = stream.next() => next,
            };
            let Some(next) = next else { break };
            let update = match next {
                Ok(u) => u,
                Err(e) => {
                    on_listener_error(&ctx, &e);
                    continue;
                }
            };
            let key = update
                .chat()
                .map(|c| c.id.0)
                .or_else(|| update.from().map(|u| u.id.0 as i64))
                .unwrap_or(0);
            let update = match workers.get(&key) {
                Some(tx) => match tx.send(update) {
                    Ok(()) => continue,
                    Err(mpsc::error::SendError(u)) => u,
                },
                None => update,
            };
            let (tx, rx) = mpsc::unbounded_channel();
            let _ = tx.send(update);
            workers.insert(key, tx);
            tasks.spawn(worker(ctx.clone(), rx));
            if workers.len() > 1000 {
                workers.retain(|_, tx| !tx.is_closed());
            }
            while tasks.try_join_next().is_some() {}
        }
    }
    tracing::info!("shutting down: no new updates; finishing the ones in hand");
    stop.stop();
    drop(workers);
    let drained = tokio::time::timeout(DRAIN_WITHIN, async {
        while tasks.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!("some updates were still being handled at shutdown");
    }
}

fn on_listener_error<E: std::fmt::Debug + 'static>(ctx: &Ctx, e: &E) {
    // getUpdates' 429 holds every other call too; polling itself pauses for it.
    if let Some(re) = (e as &dyn std::any::Any).downcast_ref::<teloxide::RequestError>() {
        if let teloxide::RequestError::RetryAfter(s) = re {
            ctx.sender.limiter().hold(s.duration());
        }
        let failure = ctx.sender.classify(re);
        if !matches!(failure, Failure::RetryAfter(_)) {
            tracing::warn!(?failure, "getting updates failed");
        }
    } else {
        tracing::warn!("getting updates failed");
    }
}

async fn worker(ctx: Ctx, mut rx: mpsc::UnboundedReceiver<Update>) {
    loop {
        match tokio::time::timeout(WORKER_IDLE, rx.recv()).await {
            Ok(Some(update)) => handle::handle(&ctx, update).await,
            Ok(None) => return,
            Err(_) => {
                rx.close();
                while let Ok(update) = rx.try_recv() {
                    handle::handle(&ctx, update).await;
                }
                return;
            }
        }
    }
}
