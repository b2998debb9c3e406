//! The Discord frontend in HTTP-interactions mode: the app in process
//! (`TestApp::builder().discord()`: `App::run` serving the endpoint, the scheduler on the
//! test clock) against a fake Discord REST API and the simulator; interactions built from
//! Discord's documented JSON and signed with an obviously fake Ed25519 key.

mod autocomplete;
mod binary;
mod endpoint;
mod exchanges;
pub(crate) mod fake_api;
mod fixtures;
mod flows;
mod gateway;
mod limits;
mod notifier;
mod registration;
mod replay;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use ed25519_dalek::{Signer as _, SigningKey};
use serde_json::Value;

use fake_api::{APP_ID, Call, FakeDiscord, Route, TOKEN};
pub use fixtures::{autocomplete, command, modal_submit, press};

/// An obviously fake signing key: the test plays Discord.
const FAKE_SIGNING_SECRET: [u8; 32] = [0x42; 32];
/// The guild and channel interactions "come from" in a server.
const GUILD: &str = "500000000000000001";
const CHANNEL: &str = "600000000000000001";

/// The fake REST API, the endpoint's address and the key interactions are signed with.
pub struct Discord {
    pub fake: FakeDiscord,
    pub listen: SocketAddr,
    key: SigningKey,
}

/// Where an interaction comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A channel of a server (guild install).
    Server,
    /// The bot's DM.
    Dm,
}

impl Discord {
    /// Starts the fake and picks a loopback port for the endpoint.
    pub async fn start() -> Self {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let listen = l.local_addr().unwrap();
        drop(l);
        Self {
            fake: FakeDiscord::start().await,
            listen,
            key: SigningKey::from_bytes(&FAKE_SIGNING_SECRET),
        }
    }

    /// The settings that point the app at the fake and the endpoint at the port.
    pub fn settings(&self) -> Vec<(String, String)> {
        vec![
            ("DISCORD_BOT_TOKEN".into(), TOKEN.into()),
            ("DISCORD_API_URL".into(), self.fake.url()),
            (
                "DISCORD_PUBLIC_KEY".into(),
                hex::encode(self.key.verifying_key().as_bytes()),
            ),
            (
                "DISCORD_INTERACTIONS_LISTEN".into(),
                self.listen.to_string(),
            ),
        ]
    }

    /// Discord's signature of `timestamp || body`, as hex.
    pub fn sign(&self, timestamp: &str, body: &[u8]) -> String {
        let message = [timestamp.as_bytes(), body].concat();
        hex::encode(self.key.sign(&message).to_bytes())
    }

    /// POSTs `body` with the given signature headers (none: unsigned); waits (up to 30 s)
    /// for the endpoint to accept connections. Status and JSON answer.
    pub async fn post_raw(&self, body: &[u8], headers: Option<(&str, &str)>) -> (u16, Value) {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let mut req = client
                .post(format!("http://{}/interactions", self.listen))
                .header("content-type", "application/json")
                .body(body.to_vec());
            if let Some((signature, timestamp)) = headers {
                req = req
                    .header("X-Signature-Ed25519", signature)
                    .header("X-Signature-Timestamp", timestamp);
            }
            match req.send().await {
                Ok(resp) => {
                    let status = resp.status().as_u16();
                    let text = resp.text().await.unwrap_or_default();
                    return (status, serde_json::from_str(&text).unwrap_or(Value::Null));
                }
                Err(e) => {
                    assert!(
                        Instant::now() < deadline,
                        "the endpoint at {} never answered: {e}",
                        self.listen
                    );
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
    }

    /// POSTs a signed interaction; it must be accepted. The response.
    pub async fn interact(&self, ix: &Value) -> Value {
        let body = ix.to_string();
        let ts = chrono::Utc::now().timestamp().to_string();
        let sig = self.sign(&ts, body.as_bytes());
        let (status, response) = self.post_raw(body.as_bytes(), Some((&sig, &ts))).await;
        assert_eq!(status, 200, "{response}");
        response
    }

    /// The message a response leads to: its data (types 4 and 7), or, after a deferral
    /// (5 or 6), the edit of the original response (waited for).
    pub async fn message(&self, ix: &Value, response: &Value) -> Value {
        match response["type"].as_u64() {
            Some(4 | 7) => response["data"].clone(),
            Some(5 | 6) => {
                let token = ix["token"].as_str().unwrap().to_owned();
                let calls = self
                    .fake
                    .wait_for("the deferred reply", |c| {
                        c.iter().any(|c| is_reply_to(c, &token))
                    })
                    .await;
                calls
                    .into_iter()
                    .find(|c| is_reply_to(c, &token))
                    .unwrap()
                    .body
            }
            _ => panic!("not a message response: {response}"),
        }
    }

    /// The command registration the app sent at start (waited for).
    pub async fn registration(&self) -> Value {
        let calls = self
            .fake
            .wait_for("the command registration", |c| {
                c.iter().any(|c| c.route == Route::Commands)
            })
            .await;
        calls
            .into_iter()
            .find(|c| c.route == Route::Commands)
            .unwrap()
            .body
    }
}

fn is_reply_to(c: &Call, token: &str) -> bool {
    matches!(c.route, Route::EditOriginal | Route::FollowUp)
        && c.path.starts_with(&format!("webhooks/{APP_ID}/{token}"))
}

/// The buttons of a message's data: (label, style, custom_id).
pub fn buttons(message: &Value) -> Vec<(String, u64, String)> {
    message["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter(|c| c["type"] == 2)
        .map(|c| {
            (
                c["label"].as_str().unwrap_or_default().to_owned(),
                c["style"].as_u64().unwrap_or_default(),
                c["custom_id"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// Whether a response or message is shown to the caller alone.
pub fn is_ephemeral(data: &Value) -> bool {
    data["flags"].as_u64().is_some_and(|f| f & 64 != 0)
}
