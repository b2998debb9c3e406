//! Tests of the reply model.
use super::*;

const DISCORD: Limits = Limits {
    max_rows: 5,
    per_row: 5,
};
const TELEGRAM: Limits = Limits {
    max_rows: 33,
    per_row: 3,
};

fn b(role: Role, n: usize) -> Button {
    Button::new(role, Text::new("button-confirm"), format!("t{n}"))
}

fn tokens(rows: &[Vec<&Button>]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|b| b.token.clone()).collect())
        .collect()
}

/// The selection of `n` assets: toggles, then "convert selected", then cancel.
fn selection(n: usize) -> Vec<Button> {
    let mut v: Vec<Button> = (0..n).map(|i| b(Role::Toggle, i)).collect();
    v.push(b(Role::Navigate, 100));
    v.push(b(Role::Cancel, 101));
    v
}

#[test]
fn a_selection_lays_out_as_on_telegram_today() {
    let buttons = selection(7);
    let rows = layout(&buttons, TELEGRAM).unwrap();
    assert_eq!(
        tokens(&rows),
        vec![
            vec!["t0", "t1", "t2"],
            vec!["t3", "t4", "t5"],
            vec!["t6"],
            vec!["t100"],
            vec!["t101"],
        ]
    );
}

#[test]
fn confirm_and_cancel_share_the_last_row_and_settings_take_a_row_each() {
    let confirm = [b(Role::Confirm, 0), b(Role::Cancel, 1)];
    assert_eq!(
        tokens(&layout(&confirm, TELEGRAM).unwrap()),
        vec![vec!["t0", "t1"]]
    );
    let settings = [
        b(Role::Setting, 0),
        b(Role::Setting, 1),
        b(Role::Setting, 2),
    ];
    assert_eq!(
        tokens(&layout(&settings, DISCORD).unwrap()),
        vec![vec!["t0"], vec!["t1"], vec!["t2"]]
    );
    let reminder = [
        b(Role::Navigate, 0),
        b(Role::Choice, 1),
        b(Role::Choice, 2),
        b(Role::Setting, 3),
    ];
    assert_eq!(
        tokens(&layout(&reminder, TELEGRAM).unwrap()),
        vec![vec!["t0"], vec!["t1", "t2"], vec!["t3"]]
    );
}

#[test]
fn the_demo_selection_of_six_telegram_rows_fits_discord() {
    // 12 assets: six rows on Telegram, which Discord's five rows would not take as is.
    let buttons = selection(12);
    assert_eq!(layout(&buttons, TELEGRAM).unwrap().len(), 6);
    let rows = layout(&buttons, DISCORD).unwrap();
    assert!(rows.len() <= 5 && rows.iter().all(|r| r.len() <= 5));
    assert_eq!(rows.concat().len(), 14);
}

#[test]
fn twenty_six_buttons_do_not_fit_five_rows_of_five_and_are_refused() {
    let buttons = selection(24);
    assert_eq!(buttons.len(), 26);
    assert_eq!(
        layout(&buttons, DISCORD),
        Err(TooManyButtons {
            count: 26,
            max_rows: 5,
            per_row: 5
        })
    );
    // Twenty-five still fit, packed densely and in order.
    let rows = layout(&buttons[1..], DISCORD).unwrap();
    assert_eq!(rows.len(), 5);
    let order: Vec<&String> = rows.iter().flatten().map(|b| &b.token).collect();
    let expected: Vec<&String> = buttons[1..].iter().map(|b| &b.token).collect();
    assert_eq!(order, expected);
}

#[test]
fn a_layout_never_exceeds_the_limits_and_keeps_every_button() {
    let roles = [
        Role::Confirm,
        Role::Cancel,
        Role::Toggle,
        Role::Setting,
        Role::Navigate,
        Role::Choice,
        Role::Link,
    ];
    // A deterministic walk over role sequences, counts and limits.
    let mut seed = 0x9e37_79b9_u32;
    let mut next = |m: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed as usize % m
    };
    for _ in 0..2000 {
        let limits = Limits {
            max_rows: 1 + next(6),
            per_row: 1 + next(6),
        };
        let buttons: Vec<Button> = (0..next(40))
            .map(|i| b(roles[next(roles.len())], i))
            .collect();
        match layout(&buttons, limits) {
            Ok(rows) => {
                assert!(rows.len() <= limits.max_rows, "{limits:?}");
                assert!(
                    rows.iter()
                        .all(|r| !r.is_empty() && r.len() <= limits.per_row)
                );
                let mut seen: Vec<&String> = rows.iter().flatten().map(|b| &b.token).collect();
                seen.sort();
                let mut all: Vec<&String> = buttons.iter().map(|b| &b.token).collect();
                all.sort();
                assert_eq!(seen, all);
            }
            Err(e) => assert!(buttons.len() > limits.max_rows * limits.per_row, "{e}"),
        }
    }
}

#[test]
fn a_credentials_prompt_is_asked_one_field_per_message_by_a_text_form() {
    // (Every key named here exists in every locale: i18n's test reads them all.)
    let prompt = CredentialsPrompt::new(Vec::new());
    assert_eq!(
        prompt.fields,
        [CredentialField::Key, CredentialField::Secret]
    );
    // A text frontend sends the other messages first, then the question.
    let mut reply = Reply::credentials(prompt);
    reply.messages.push(Message::text(Text::new("help")));
    let keys: Vec<&str> = reply.text_messages().map(|m| m.blocks[0].key).collect();
    assert_eq!(keys, ["help", "connect-ask-key"]);
    assert_eq!(reply.visibility, Visibility::Private);
    let later = CredentialsPrompt::new(vec![CredentialField::Passphrase]);
    assert_eq!(
        later.text_step().blocks,
        [Text::new("connect-ask-passphrase")]
    );
}

/// Discord's select menu: at most 25 options.
const MENU_OPTIONS: usize = 25;

#[test]
fn a_selection_too_long_for_five_rows_of_five_becomes_a_menu_and_its_buttons() {
    // The demo's selection (ten assets) fits as buttons: no menu.
    let demo = selection(10);
    let laid = layout_with_menu(&demo, DISCORD, MENU_OPTIONS).unwrap();
    assert!(laid.menu.is_empty());
    assert_eq!(laid.rows.len(), 4);
    // Twenty-four assets do not fit as buttons: the toggles become the menu's options,
    // in order, and "convert selected" and Cancel keep rows of their own.
    let long = selection(24);
    assert!(layout(&long, DISCORD).is_err());
    let laid = layout_with_menu(&long, DISCORD, MENU_OPTIONS).unwrap();
    let options: Vec<&str> = laid.menu.iter().map(|b| b.token.as_str()).collect();
    let expected: Vec<String> = (0..24).map(|i| format!("t{i}")).collect();
    assert_eq!(options, expected);
    assert_eq!(tokens(&laid.rows), vec![vec!["t100"], vec!["t101"]]);
    assert!(laid.rows.len() < DISCORD.max_rows, "the menu takes a row");
    // More toggles than a menu takes: refused, so the frontend knows it cannot show it.
    assert_eq!(
        layout_with_menu(&selection(26), DISCORD, MENU_OPTIONS),
        Err(TooManyButtons {
            count: 28,
            max_rows: 5,
            per_row: 5
        })
    );
    // Buttons that are not a selection never become a menu.
    let choices: Vec<Button> = (0..26).map(|i| b(Role::Choice, i)).collect();
    assert!(layout_with_menu(&choices, DISCORD, MENU_OPTIONS).is_err());
}

#[test]
fn a_link_opens_a_web_address_only() {
    let url = url::Url::parse("https://t.me/dustpan_bot?start=connect").unwrap();
    let link = Button::link(Text::new("button-cancel"), &url);
    assert_eq!((link.role, link.url()), (Role::Link, Some(url)));
    for bad in ["javascript:alert(1)", "not a url", "file:///etc/passwd"] {
        let b = Button::new(Role::Link, Text::new("button-cancel"), bad.into());
        assert_eq!(b.url(), None, "{bad}");
    }
    // A press token is no address.
    assert_eq!(b(Role::Confirm, 0).url(), None);
    // Links lay out like any role: their own rows, before Confirm and Cancel.
    let buttons = [b(Role::Link, 0), b(Role::Confirm, 1), b(Role::Cancel, 2)];
    assert_eq!(
        tokens(&layout(&buttons, TELEGRAM).unwrap()),
        vec![vec!["t0"], vec!["t1", "t2"]]
    );
}
