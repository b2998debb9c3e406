//! The reply model as a frontend meets it (issue 16 point 3): a credentials prompt instead of
//! a sentence, asked one field per message by a text frontend or submitted whole from a form
//! (a Discord modal), and the channel kinds where key material is taken.

use dustpan::domain::Platform;
use dustpan::service::command::CredentialInput;
use dustpan::service::reply::{CredentialField, CredentialsPrompt, Text, Visibility};
use dustpan::service::{Caller, ChannelKind};
use dustpan::sim;
use secrecy::SecretString;

use crate::app::{private_user, spawn_app, text};

fn demo_key() -> CredentialInput {
    CredentialInput::new(
        SecretString::from(sim::DEMO_API_KEY),
        SecretString::from(sim::DEMO_API_SECRET),
    )
}

#[tokio::test]
async fn connect_binance_is_a_private_credentials_prompt_whose_text_form_asks_one_field_at_a_time()
{
    let t = spawn_app().await;
    let who = private_user("301");
    let r = t.send(&who, "/connect binance").await;
    assert!(r.messages.is_empty(), "{}", text(&r));
    assert_eq!(r.visibility, Visibility::Private);
    let prompt = r.credentials.as_ref().expect("a credentials prompt");
    assert_eq!(
        prompt.fields,
        [CredentialField::Key, CredentialField::Secret]
    );
    assert_eq!(prompt.title, Text::new("credentials-form-title"));
    assert_eq!(
        prompt.text_step().blocks,
        [Text::new("connect-ask-key")],
        "the question Telegram and the console send"
    );
    // The key typed in the form: deleted, and the prompt goes on with what is left.
    let r = t.send(&who, sim::DEMO_API_KEY).await;
    assert!(r.delete_incoming);
    assert_eq!(
        r.credentials,
        Some(CredentialsPrompt::new(vec![CredentialField::Secret]))
    );
    assert_eq!(
        r.credentials.unwrap().text_step().blocks,
        [Text::new("connect-ask-secret")]
    );
    let r = t.send(&who, sim::DEMO_API_SECRET).await;
    assert!(r.delete_incoming && r.credentials.is_none());
    assert!(text(&r).contains("Connected key"), "{}", text(&r));
}

#[tokio::test]
async fn credentials_submitted_from_one_form_connect_in_one_step_where_only_the_caller_sees_the_form()
 {
    let t = spawn_app().await;
    // A Discord server channel: the prompt becomes a modal only the caller sees.
    let server = Caller::new(Platform::Discord, "302", ChannelKind::ServerChannel);
    let r = t.send(&server, "/connect binance").await;
    assert!(r.credentials.is_some(), "{}", text(&r));
    let r = t.app.service.submit_credentials(&server, demo_key()).await;
    let out = text(&r);
    assert!(out.contains("Connected key dust…0000"), "{out}");
    assert!(!out.contains(sim::DEMO_API_KEY) && !out.contains(sim::DEMO_API_SECRET));
    assert!(t.app.service.is_connected(&server).await);
    // The form is over: plain text is no longer taken for key material.
    assert!(!t.app.service.carries_secret(&server, "hello").await);

    // A group chat: no prompt, no submit.
    let group = Caller::new(Platform::Telegram, "303", ChannelKind::Group);
    let r = t.send(&group, "/connect").await;
    assert!(r.credentials.is_none());
    assert!(text(&r).contains("private chat"), "{}", text(&r));
    let r = t.app.service.submit_credentials(&group, demo_key()).await;
    assert!(text(&r).contains("private chat"), "{}", text(&r));
    assert!(!t.app.service.is_connected(&group).await);

    // A submit in the middle of a guided form ends it, and a badly shaped one says so.
    let dm = Caller::new(Platform::Discord, "304", ChannelKind::DirectMessage);
    t.send(&dm, "/connect binance").await;
    assert!(t.app.service.carries_secret(&dm, "hello").await);
    let bad = CredentialInput::new(SecretString::from("key?"), SecretString::from("s"));
    let r = t.app.service.submit_credentials(&dm, bad).await;
    assert!(
        text(&r).contains("does not look like a Binance API key"),
        "{}",
        text(&r)
    );
    assert!(!t.app.service.carries_secret(&dm, "hello").await);
    assert!(!t.app.service.is_connected(&dm).await);
}
