//! The Telegram frontend: long polling (or a webhook), one worker per chat so a chat's
//! updates run in order, every Bot API call through one rate-limited [`send::Sender`].

pub mod group;
pub mod handle;
pub mod notifier;
pub mod render;
pub mod send;
pub mod upload;
pub mod webhook;

use std::collections::HashMap;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use futures_util::{FutureExt as _, StreamExt as _};
use secrecy::ExposeSecret;
use teloxide::Bot;
use teloxide::prelude::*;
use teloxide::types::{AllowedUpdate, BotCommand, Update, UpdateKind};
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

/// How long one getUpdates waits on Telegram's side while nothing is pending (long
/// polling): an idle bot makes about one call per this period, and an update that arrives
/// meanwhile is returned at once.
pub const LONG_POLL: Duration = Duration::from_secs(30);
/// The polling client's HTTP timeout: above [`LONG_POLL`], so a poll that waits its full
/// time is not cut off (teloxide's default client gives up on every call after 17 s).
const POLL_HTTP_TIMEOUT: Duration = Duration::from_secs(LONG_POLL.as_secs() + 15);
/// A chat worker with nothing to do for this long ends (a new one starts on demand).
const WORKER_IDLE: Duration = Duration::from_secs(60);
/// How long shutdown waits for updates being handled.
const DRAIN_WITHIN: Duration = Duration::from_secs(10);
/// How long shutdown waits for the webhook server to close.
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
    // Telegram's overall limit is the bot's, whichever instance calls: each of N instances
    // keeps 1/N of it (per-chat pacing stays per instance: a chat's replies come from the
    // instance that got its update).
    let limits = Limits {
        overall_per_sec: (Limits::default().overall_per_sec / settings.instances.max(1)).max(1),
        ..Limits::default()
    };
    let sender = Arc::new(Sender::new(limits, token).with_metrics(service.metrics().clone()));
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
            username: me.username().to_owned(),
            groups: Arc::default(),
        },
        webhook_socket,
    })
}

#[async_trait::async_trait]
impl super::Frontend for TelegramBot {
    fn name(&self) -> &'static str {
        "telegram"
    }

    /// The notifier for reminders: it shares the bot's rate limits with the replies.
    fn notifier(&self) -> Arc<dyn crate::ports::Notifier> {
        Arc::new(notifier::TelegramNotifier::new(
            self.ctx.bot.clone(),
            self.ctx.sender.clone(),
        ))
    }

    /// Receives and handles updates (long polling or the webhook) until `shutdown`
    /// resolves, or until the webhook server dies.
    async fn serve(self: Box<Self>, shutdown: super::Shutdown) -> anyhow::Result<()> {
        let Self {
            settings,
            ctx,
            webhook_socket,
        } = *self;
        let bot = ctx.bot.clone();
        match &settings.webhook {
            Some(hook) => {
                let socket = webhook_socket.context("the webhook address was not bound")?;
                let mut options = webhooks::Options::new(hook.listen, hook.url.clone());
                // The same on every instance: a second one never replaces the first's.
                let secret = webhook::shared_secret(hook, &settings.bot_token);
                options.secret_token = Some(secret.expose_secret().to_owned());
                ensure_webhook(&bot, &ctx.sender, hook, &secret).await?;
                ctx.sender.metrics().frontend("telegram", true);
                let (mut listener, closed, router) = webhooks::axum_no_setup(options);
                let router = webhook::guarded(router, secret);
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
                // The webhook stays set: other instances may still serve it (issue 21).
                // `dustpan telegram delete-webhook` removes it on purpose.
            }
            None => {
                let client = teloxide::net::default_reqwest_settings()
                    .timeout(POLL_HTTP_TIMEOUT)
                    .build()
                    .context("cannot build the HTTP client for long polling")?;
                // Its own client: the other calls keep teloxide's shorter timeout.
                let poller = Bot::with_client(settings.bot_token.expose_secret(), client)
                    .set_api_url(settings.api_url.clone());
                let listener = teloxide::update_listeners::Polling::builder(poller)
                    .timeout(LONG_POLL)
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

/// Makes Telegram send updates to `hook`: getWebhookInfo first, and setWebhook only when
/// the webhook it holds is not already ours ([`webhook::needs_set`]), so an instance
/// starting beside others leaves theirs as it is. Pending updates are never dropped.
async fn ensure_webhook(
    bot: &Bot,
    sender: &Sender,
    hook: &crate::config::TelegramWebhook,
    secret: &secrecy::SecretString,
) -> anyhow::Result<()> {
    match sender.call(Target::Bot, bot.get_webhook_info()).await {
        Ok(info) if !webhook::needs_set(&info, &hook.url, &ALLOWED_UPDATES) => {
            tracing::info!(
                pending = info.pending_update_count,
                "the webhook is already set to this URL (another instance, or an earlier run); left as it is"
            );
            return Ok(());
        }
        Ok(_) => {}
        // Unknown: setting it again with the shared secret is harmless.
        Err(e) => tracing::warn!(?e, "getWebhookInfo failed; setting the webhook"),
    }
    set_webhook_with(bot, sender, hook, secret).await
}

/// setWebhook with our URL, secret and updates, keeping pending updates (through the
/// rate-limited sender; teloxide's own setup sends no allowed_updates).
async fn set_webhook_with(
    bot: &Bot,
    sender: &Sender,
    hook: &crate::config::TelegramWebhook,
    secret: &secrecy::SecretString,
) -> anyhow::Result<()> {
    let set = bot
        .set_webhook(hook.url.clone())
        .secret_token(secret.expose_secret().to_owned())
        .allowed_updates(ALLOWED_UPDATES)
        .drop_pending_updates(false);
    sender
        .call(Target::Bot, set)
        .await
        .map(drop)
        .map_err(|e| anyhow::anyhow!("cannot set the Telegram webhook: {e:?}"))
}

/// What `dustpan telegram …` does to the webhook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookAction {
    /// setWebhook with the configured URL, secret and updates (after changing the secret).
    Set,
    /// deleteWebhook, keeping pending updates (to stop every instance's webhook, or
    /// before switching to long polling).
    Delete,
}

/// `dustpan telegram set-webhook | delete-webhook`: one call to the Bot API, on purpose.
pub async fn webhook_command(
    settings: &TelegramSettings,
    action: WebhookAction,
) -> anyhow::Result<()> {
    let token = settings.bot_token.clone();
    let bot = Bot::new(token.expose_secret()).set_api_url(settings.api_url.clone());
    let sender = Sender::new(Limits::default(), token);
    match action {
        WebhookAction::Set => {
            let hook = settings.webhook.as_ref().context(
                "TELEGRAM_WEBHOOK_URL is not set: there is no webhook to set (long polling needs none)",
            )?;
            let secret = webhook::shared_secret(hook, &settings.bot_token);
            set_webhook_with(&bot, &sender, hook, &secret).await
        }
        WebhookAction::Delete => sender
            .call(
                Target::Bot,
                bot.delete_webhook().drop_pending_updates(false),
            )
            .await
            .map(drop)
            .map_err(|e| anyhow::anyhow!("cannot delete the Telegram webhook: {e:?}")),
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

/// What the update loop hands updates to: the bot's [`Ctx`] (tests give their own).
pub trait Handler: Clone + Send + Sync + 'static {
    /// Handles one update.
    fn handle(&self, update: Update) -> impl Future<Output = ()> + Send;
    /// Getting updates failed (the listener retries by itself).
    fn listener_error(&self, e: &dyn std::any::Any);
    /// An update arrived: the bot is connected.
    fn listener_ok(&self) {}
}

impl Handler for Ctx {
    fn handle(&self, update: Update) -> impl Future<Output = ()> + Send {
        handle::handle(self, update)
    }

    fn listener_ok(&self) {
        self.sender.metrics().frontend("telegram", true);
    }

    fn listener_error(&self, e: &dyn std::any::Any) {
        self.sender.metrics().frontend("telegram", false);
        // getUpdates' 429 holds every other call too; polling itself pauses for it.
        if let Some(re) = e.downcast_ref::<teloxide::RequestError>() {
            self.sender
                .metrics()
                .chat_call("telegram", send::error_status(re));
            if let teloxide::RequestError::RetryAfter(s) = re {
                self.sender.limiter().hold(s.duration());
            }
            let failure = self.sender.classify(re);
            if !matches!(failure, Failure::RetryAfter(_)) {
                tracing::warn!(?failure, "getting updates failed");
            }
        } else {
            tracing::warn!("getting updates failed");
        }
    }
}

/// The update loop: each chat's updates go to that chat's worker, in order.
async fn serve<L, H>(mut listener: L, handler: H, shutdown: impl Future<Output = ()>)
where
    L: UpdateListener,
    L::Err: std::fmt::Debug + 'static,
    H: Handler,
{
    let stop = listener.stop_token();
    let mut workers = Workers::new(handler.clone());
    {
        let stream = listener.as_stream();
        tokio::pin!(stream);
        tokio::pin!(shutdown);
        loop {
            let next = tokio::select! {
                () = &mut shutdown => break,
                next = stream.next() => next,
            };
            match next {
                None => break,
                Some(Ok(update)) => {
                    handler.listener_ok();
                    workers.dispatch(update)
                }
                Some(Err(e)) => handler.listener_error(&e),
            }
        }
    }
    tracing::info!("shutting down: no new updates; finishing the ones in hand");
    stop.stop();
    if !workers.drain(DRAIN_WITHIN).await {
        tracing::warn!("some updates were still being handled at shutdown");
    }
}

/// One worker per chat, started on demand.
struct Workers<H> {
    handler: H,
    chats: HashMap<i64, mpsc::UnboundedSender<Update>>,
    tasks: JoinSet<()>,
}

impl<H: Handler> Workers<H> {
    /// No workers yet.
    fn new(handler: H) -> Self {
        Self {
            handler,
            chats: HashMap::new(),
            tasks: JoinSet::new(),
        }
    }

    /// Hands `update` to its chat's worker (starting one if needed). An update whose
    /// content did not parse is skipped; only its id is logged, never its content (it may
    /// carry a key).
    fn dispatch(&mut self, update: Update) {
        if let UpdateKind::Error(_) = update.kind {
            tracing::warn!(
                update = update.id.0,
                "an update did not parse; skipped (its content is not logged)"
            );
            return;
        }
        let key = update
            .chat()
            .map(|c| c.id.0)
            .or_else(|| update.from().map(|u| u.id.0 as i64))
            .unwrap_or(0);
        let update = match self.chats.get(&key) {
            Some(tx) => match tx.send(update) {
                Ok(()) => return,
                Err(mpsc::error::SendError(u)) => u,
            },
            None => update,
        };
        let (tx, rx) = mpsc::unbounded_channel();
        let _ = tx.send(update);
        self.chats.insert(key, tx);
        self.tasks.spawn(worker(self.handler.clone(), rx));
        if self.chats.len() > 1000 {
            self.chats.retain(|_, tx| !tx.is_closed());
        }
        while self.tasks.try_join_next().is_some() {}
    }

    /// Lets the workers finish the updates in hand; false if they did not within `within`.
    async fn drain(self, within: Duration) -> bool {
        let Self {
            chats, mut tasks, ..
        } = self;
        drop(chats);
        tokio::time::timeout(within, async { while tasks.join_next().await.is_some() {} })
            .await
            .is_ok()
    }
}

async fn worker<H: Handler>(handler: H, mut rx: mpsc::UnboundedReceiver<Update>) {
    loop {
        match tokio::time::timeout(WORKER_IDLE, rx.recv()).await {
            Ok(Some(update)) => contained(&handler, update).await,
            Ok(None) => return,
            Err(_) => {
                rx.close();
                while let Ok(update) = rx.try_recv() {
                    contained(&handler, update).await;
                }
                return;
            }
        }
    }
}

/// Handles one update; a panic fails that update only, and the chat's worker goes on.
async fn contained<H: Handler>(handler: &H, update: Update) {
    let id = update.id.0;
    if AssertUnwindSafe(handler.handle(update))
        .catch_unwind()
        .await
        .is_err()
    {
        tracing::error!(
            update = id,
            "handling an update panicked; that update is dropped, the bot goes on"
        );
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use serde_json::json;

    use super::*;

    /// Records what it handled; panics (after an await, as a real handler would) on one
    /// update id.
    #[derive(Clone)]
    struct Panicky {
        panic_on: u32,
        handled: Arc<Mutex<Vec<u32>>>,
    }

    impl Handler for Panicky {
        async fn handle(&self, update: Update) {
            tokio::task::yield_now().await;
            assert_ne!(update.id.0, self.panic_on, "a bug in one update's handling");
            self.handled.lock().unwrap().push(update.id.0);
        }

        fn listener_error(&self, _: &dyn std::any::Any) {}
    }

    fn text_update(id: u32, chat: i64) -> Update {
        // From text, as teloxide parses updates (its parser needs borrowed keys).
        let u: Update = serde_json::from_str(
            &json!({
                "update_id": id,
                "message": {
                    "message_id": id,
                    "date": 1_700_000_000,
                    "chat": {"id": chat, "type": "private", "first_name": "U"},
                    "from": {"id": chat, "is_bot": false, "first_name": "U"},
                    "text": "/dust",
                }
            })
            .to_string(),
        )
        .unwrap();
        assert!(matches!(u.kind, UpdateKind::Message(_)), "{u:?}");
        u
    }

    #[tokio::test]
    async fn a_panic_in_one_update_fails_that_update_only_and_its_chat_and_others_go_on() {
        let handled = Arc::new(Mutex::new(Vec::new()));
        let mut workers = Workers::new(Panicky {
            panic_on: 2,
            handled: handled.clone(),
        });
        for (id, chat) in [(1, 10), (2, 10), (3, 10), (4, 20), (5, 10)] {
            workers.dispatch(text_update(id, chat));
        }
        assert!(workers.drain(Duration::from_secs(10)).await);
        let mut got = handled.lock().unwrap().clone();
        got.sort_unstable();
        assert_eq!(got, vec![1, 3, 4, 5]);
    }

    #[tokio::test]
    async fn an_update_that_did_not_parse_is_skipped_and_the_next_one_is_handled() {
        let handled = Arc::new(Mutex::new(Vec::new()));
        let mut workers = Workers::new(Panicky {
            panic_on: 0,
            handled: handled.clone(),
        });
        let broken: Update = serde_json::from_str(
            &json!({
                "update_id": 1,
                "message": {"chat": "not a chat", "text": "/connect FAKEKEY FAKESECRET"},
            })
            .to_string(),
        )
        .unwrap();
        assert!(matches!(broken.kind, UpdateKind::Error(_)));
        workers.dispatch(broken);
        workers.dispatch(text_update(2, 10));
        assert!(workers.drain(Duration::from_secs(10)).await);
        assert_eq!(*handled.lock().unwrap(), vec![2]);
    }
}
