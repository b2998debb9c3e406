//! Languages on Telegram (issue 18): a new user is answered in their client's language
//! (`language_code` in the update's `from`), the command menu is registered in each language,
//! and `/language` switches with a button and the choice outlives a restart.

use serde_json::Value;

use super::fake_api::{Call, FakeBotApi, press_update, text_update};
use super::has_text;
use crate::app::TestApp;

const IVAN: i64 = 4201;
const LI: i64 = 4202;
const OLGA: i64 = 4203;

/// An update as sent by a client set to `code`.
fn from_client_in(mut update: Value, code: &str) -> Value {
    for kind in ["message", "callback_query"] {
        if update.get(kind).is_some() {
            update[kind]["from"]["language_code"] = code.into();
        }
    }
    update
}

/// Sends `text` from `user` (client language `code`) and waits for a reply holding `needle`;
/// returns the body of that reply.
async fn say(fake: &FakeBotApi, user: i64, code: &str, text: &str, needle: &str) -> Value {
    let (u, _) = text_update(fake, user, user, text);
    fake.push(from_client_in(u, code));
    let calls = fake
        .wait_for(&format!("the reply to {text} holding {needle:?}"), |c| {
            has_text(c, "sendmessage", user, needle)
        })
        .await;
    calls
        .iter()
        .find(|c| {
            c.method == "sendmessage"
                && c.body["chat_id"] == user
                && c.body["text"].as_str().unwrap_or_default().contains(needle)
        })
        .expect("the reply")
        .body
        .clone()
}

/// Every button label of a sent message, row by row.
fn labels(sent: &Value) -> Vec<String> {
    sent["reply_markup"]["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        .map(|b| b["text"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The description each command has in the menu registered for `code`.
fn menu_in(calls: &[Call], code: &str) -> Vec<(String, String)> {
    let menu = calls
        .iter()
        .find(|c| c.method == "setmycommands" && c.body["language_code"] == code)
        .unwrap_or_else(|| panic!("no setMyCommands for {code}"));
    menu.body["commands"]
        .as_array()
        .expect("commands")
        .iter()
        .map(|c| {
            (
                c["command"].as_str().unwrap_or_default().to_owned(),
                c["description"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

async fn menus_registered(fake: &FakeBotApi, code: &'static str) -> Vec<Call> {
    fake.wait_for("the command menus", |c| {
        c.iter()
            .any(|c| c.method == "setmycommands" && c.body["language_code"] == code)
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_russian_client_gets_replies_buttons_and_the_command_menu_in_russian() {
    let mut t = TestApp::builder().telegram().build().await;
    let fake = t.telegram().clone();
    let calls = menus_registered(&fake, "ru").await;
    let menu = menu_in(&calls, "ru");
    for (command, description) in [
        ("language", "Выбрать язык"),
        ("convert", "Конвертировать пыль в BNB"),
        ("history", "Недавние конвертации"),
    ] {
        assert!(
            menu.contains(&(command.to_owned(), description.to_owned())),
            "{command}: {menu:?}"
        );
    }

    say(
        &fake,
        IVAN,
        "ru",
        "/start",
        "Дальше: подключите API-ключ Binance",
    )
    .await;
    let settings = say(&fake, IVAN, "ru", "/settings", "Ваши настройки:").await;
    assert!(
        settings["text"].as_str().unwrap().contains("Язык: Русский"),
        "{settings}"
    );
    let buttons = labels(&settings);
    assert!(
        buttons.iter().any(|b| b.starts_with("Напоминания:")),
        "{buttons:?}"
    );
    assert!(
        buttons.iter().any(|b| b.starts_with("Автоуборка:")),
        "{buttons:?}"
    );
    // A decimal comma that could group thousands is refused in Russian, with its example.
    say(
        &fake,
        IVAN,
        "ru",
        "/settings min 1,000",
        "«1,000» можно понять двояко",
    )
    .await;

    t.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chinese_client_gets_replies_buttons_and_the_command_menu_in_simplified_chinese() {
    let mut t = TestApp::builder().telegram().build().await;
    let fake = t.telegram().clone();
    let calls = menus_registered(&fake, "zh").await;
    let menu = menu_in(&calls, "zh");
    assert!(
        menu.contains(&("language".to_owned(), "选择语言".to_owned())),
        "{menu:?}"
    );
    assert!(
        menu.contains(&("convert".to_owned(), "把粉尘转换为 BNB".to_owned())),
        "{menu:?}"
    );

    say(
        &fake,
        LI,
        "zh-hans",
        "/start",
        "下一步：连接一个币安 API Key",
    )
    .await;
    let settings = say(&fake, LI, "zh-hans", "/settings", "你的设置：").await;
    assert!(
        settings["text"]
            .as_str()
            .unwrap()
            .contains("语言：简体中文"),
        "{settings}"
    );
    let buttons = labels(&settings);
    assert!(
        buttons.iter().any(|b| b.starts_with("提醒：")),
        "{buttons:?}"
    );
    assert!(
        buttons.iter().any(|b| b.starts_with("自动清扫：")),
        "{buttons:?}"
    );

    t.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_language_button_switches_the_language_and_the_choice_outlives_a_restart_and_the_client_hint()
 {
    let mut t = TestApp::builder().telegram().build().await;
    let fake = t.telegram().clone();
    menus_registered(&fake, "ru").await;

    let offer = say(&fake, OLGA, "ru", "/language", "Язык: Русский").await;
    let buttons = labels(&offer);
    let mut names = buttons.clone();
    names.sort();
    let mut want = [
        "English",
        "Español",
        "Português (Brasil)",
        "Русский",
        "Türkçe",
        "Українська",
        "Tiếng Việt",
        "简体中文",
    ];
    want.sort_unstable();
    assert_eq!(names, want);
    let spanish = offer["reply_markup"]["inline_keyboard"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row.as_array().unwrap())
        .find(|b| b["text"] == "Español")
        .unwrap()["callback_data"]
        .as_str()
        .unwrap()
        .to_owned();
    // An opaque token, as every button's: no language code, no user id.
    assert!(
        !spanish.split('.').any(|p| p.eq_ignore_ascii_case("es"))
            && !spanish.contains(&OLGA.to_string()),
        "{spanish}"
    );

    let offer_id = offer["_message_id"].as_i64().unwrap();
    fake.push(from_client_in(
        press_update("cq-olga", OLGA, OLGA, offer_id, &offer, &spanish),
        "ru",
    ));
    fake.wait_for("the offer replaced by the answer in Spanish", |c| {
        c.iter().any(|c| {
            c.method == "editmessagetext"
                && c.body["message_id"] == offer_id
                && c.body["text"] == "Idioma cambiado a Español."
        })
    })
    .await;

    // The client still says Russian; the stored choice wins, also after a restart.
    t.restart().await;
    let settings = say(&fake, OLGA, "ru", "/settings", "Tus ajustes:").await;
    assert!(
        settings["text"]
            .as_str()
            .unwrap()
            .contains("Idioma: Español"),
        "{settings}"
    );

    // Typed codes are read in any case; an unknown one is refused with the list.
    say(
        &fake,
        OLGA,
        "ru",
        "/language ZH-cn",
        "语言已设置为 简体中文。",
    )
    .await;
    say(
        &fake,
        OLGA,
        "ru",
        "/language PT-br",
        "Idioma alterado para Português (Brasil).",
    )
    .await;
    say(
        &fake,
        OLGA,
        "ru",
        "/language klingon",
        "en, es, pt-BR, ru, tr, uk, vi, zh-CN",
    )
    .await;

    t.stop().await;
}
