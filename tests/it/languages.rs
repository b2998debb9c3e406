//! A user's language (issue 18 point 2) at the service: created in their client's language,
//! chosen with `/language` (typed code or button), never replaced by the client's hint.

use dustpan::domain::Platform;
use dustpan::ports::Store;
use dustpan::store::Database;

use crate::app::{private_user, spawn_app};
use crate::replies::{assert_args, assert_key, press_token_with};

#[tokio::test]
async fn a_new_user_speaks_their_clients_language_and_a_stored_choice_outranks_the_hint() {
    let t = spawn_app().await;
    let service = &t.app.service;
    let brazilian = private_user("500").with_language_hint(Some("pt-br".into()));
    // Not a user yet: rendered in the client's language all the same.
    assert_eq!(service.language_of(&brazilian).await, "pt-BR");
    t.send(&brazilian, "/help").await;
    assert_eq!(service.language_of(&private_user("500")).await, "pt-BR");

    // English chosen on purpose stays English, whatever the client says afterwards.
    let set = t.send(&brazilian, "/language EN").await;
    assert_args(&set, "language-set", &[("language", "English")]);
    assert_eq!(set.language.as_deref(), Some("en"));
    t.send(&brazilian, "/help").await;
    assert_eq!(service.language_of(&brazilian).await, "en");

    for (id, hint, want) in [
        ("501", Some("zh-hans"), "zh-CN"),
        ("502", Some("uk"), "uk"),
        ("503", Some("en-US"), "en"),
        ("504", Some("de"), "en"),
        ("505", None, "en"),
    ] {
        let who = private_user(id).with_language_hint(hint.map(str::to_owned));
        t.send(&who, "/start").await;
        assert_eq!(
            service.language_of(&private_user(id)).await,
            want,
            "{hint:?}"
        );
    }
}

#[tokio::test]
async fn language_shows_a_button_per_language_and_refuses_unknown_codes_with_the_list() {
    let t = spawn_app().await;
    let who = private_user("510").with_language_hint(Some("ru".into()));
    let offer = t.send(&who, "/language").await;
    assert_args(
        &offer,
        "language-current",
        &[
            ("language", "Русский"),
            ("available", "en, es, pt-BR, ru, tr, uk, vi, zh-CN"),
        ],
    );
    assert_eq!(offer.messages[0].buttons.len(), 8);
    let turkish = press_token_with(&offer, "language-button", "name", "Türkçe");

    // Someone else's press changes nothing.
    let other = private_user("511");
    t.send(&other, "/start").await;
    let refused = t.press(&other, &turkish).await;
    assert_eq!(
        refused.notice.as_ref().map(|n| n.key),
        Some("button-not-yours")
    );
    assert_eq!(t.app.service.language_of(&other).await, "en");

    let chosen = t.press(&who, &turkish).await;
    assert_args(&chosen, "language-set", &[("language", "Türkçe")]);
    assert_eq!(chosen.language.as_deref(), Some("tr"));
    assert_eq!(t.app.service.language_of(&who).await, "tr");

    let unknown = t.send(&who, "/language klingon").await;
    assert_key(&unknown, "language-unknown");
    assert_args(
        &unknown,
        "language-unknown",
        &[
            ("language", "klingon"),
            ("available", "en, es, pt-BR, ru, tr, uk, vi, zh-CN"),
        ],
    );
    assert_eq!(t.app.service.language_of(&who).await, "tr");
}

#[tokio::test]
async fn creating_a_user_in_a_language_never_changes_one_that_exists() {
    let tmp = crate::helpers::TempDb::new();
    let db = Database::open(&tmp.path, None).await.expect("open db");
    let first = db
        .upsert_user_in(Platform::Telegram, "520", "ru")
        .await
        .expect("created");
    // A second first contact racing the first (its read saw no user): same row, same language.
    let again = db
        .upsert_user_in(Platform::Telegram, "520", "es")
        .await
        .expect("found");
    assert_eq!(first, again);
    let user = db
        .user_or_create_in(Platform::Telegram, "520", "es")
        .await
        .expect("found");
    assert_eq!(user.language, "ru");
    db.set_language(first, "en").await.expect("chosen");
    let user = db
        .user_or_create_in(Platform::Telegram, "520", "ru")
        .await
        .expect("found");
    assert_eq!((user.id, user.language.as_str()), (first, "en"));
    let fresh = db
        .user_or_create_in(Platform::Telegram, "521", "vi")
        .await
        .expect("created");
    assert_eq!(fresh.language, "vi");
}
