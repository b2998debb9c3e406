//! Replies read as the service means them: locale keys and their arguments (design.md:
//! tests of logic assert keys, a few rendering tests check the sentences).

#![allow(dead_code)]

use dustpan::service::reply::{Arg, Message, Reply, Text};

use crate::app::text;

/// A reply or one of its messages.
pub trait Texts {
    /// Its texts in order (a reply's notice first), nested argument texts after the text
    /// that holds them.
    fn texts(&self) -> Vec<&Text>;
    /// Its buttons in order.
    fn buttons(&self) -> Vec<&dustpan::service::reply::Button>;
    /// The English rendering, for failure messages.
    fn english(&self) -> String;
}

fn with_nested<'a>(t: &'a Text, out: &mut Vec<&'a Text>) {
    out.push(t);
    for (_, a) in &t.args {
        if let Arg::Text(inner) = a {
            with_nested(inner, out);
        }
    }
}

impl Texts for Message {
    fn texts(&self) -> Vec<&Text> {
        let mut out = Vec::new();
        for b in &self.blocks {
            with_nested(b, &mut out);
        }
        out
    }
    fn buttons(&self) -> Vec<&dustpan::service::reply::Button> {
        self.buttons.iter().collect()
    }
    fn english(&self) -> String {
        text(&Reply::message(self.clone()))
    }
}

impl Texts for Reply {
    fn texts(&self) -> Vec<&Text> {
        let mut out = Vec::new();
        if let Some(n) = &self.notice {
            with_nested(n, &mut out);
        }
        for m in &self.messages {
            out.extend(m.texts());
        }
        out
    }
    fn buttons(&self) -> Vec<&dustpan::service::reply::Button> {
        self.messages
            .iter()
            .flat_map(|m| m.buttons.iter())
            .collect()
    }
    fn english(&self) -> String {
        text(self)
    }
}

/// A key the test names must exist in English, so that a misspelt key in a test fails
/// instead of making a negative check pass on its own.
#[track_caller]
fn known(key: &str) {
    assert!(
        dustpan::i18n::locales().has("en", key),
        "{key:?} is not a key of locales/en.ftl"
    );
}

/// The keys of every text, in order.
pub fn keys(r: &impl Texts) -> Vec<&'static str> {
    r.texts().iter().map(|t| t.key).collect()
}

/// Whether any text has `key`.
#[track_caller]
pub fn has_key(r: &impl Texts, key: &str) -> bool {
    known(key);
    r.texts().iter().any(|t| t.key == key)
}

/// Fails unless a text has `key`.
#[track_caller]
pub fn assert_key(r: &impl Texts, key: &str) {
    assert!(
        has_key(r, key),
        "no {key:?} in {:?}\n{}",
        keys(r),
        r.english()
    );
}

/// Fails if a text has `key`.
#[track_caller]
pub fn assert_no_key(r: &impl Texts, key: &str) {
    assert!(
        !has_key(r, key),
        "{key:?} in {:?}\n{}",
        keys(r),
        r.english()
    );
}

/// The first text with `key`.
#[track_caller]
pub fn find<'a>(r: &'a impl Texts, key: &str) -> &'a Text {
    known(key);
    r.texts()
        .into_iter()
        .find(|t| t.key == key)
        .unwrap_or_else(|| panic!("no {key:?} in {:?}\n{}", keys(r), r.english()))
}

/// An argument as text: a string as it is, an integer in decimal, a nested text as its key.
pub fn arg_value(t: &Text, name: &str) -> Option<String> {
    t.args
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, a)| match a {
            Arg::Str(s) => s.clone(),
            Arg::Int(i) => i.to_string(),
            Arg::Text(inner) => inner.key.to_owned(),
        })
}

/// The argument `name` of the first text with `key`.
#[track_caller]
pub fn arg(r: &impl Texts, key: &str, name: &str) -> String {
    let t = find(r, key);
    arg_value(t, name).unwrap_or_else(|| panic!("{key:?} has no argument {name:?}: {t:?}"))
}

/// The keys of the button labels, in order.
pub fn button_keys(r: &impl Texts) -> Vec<&'static str> {
    r.buttons().iter().map(|b| b.label.key).collect()
}

/// The token of the first button labelled with `key`.
#[track_caller]
pub fn press_token(r: &impl Texts, key: &str) -> String {
    known(key);
    r.buttons()
        .iter()
        .find(|b| b.label.key == key)
        .map(|b| b.token.clone())
        .unwrap_or_else(|| panic!("no button {key:?} in {:?}\n{}", button_keys(r), r.english()))
}

/// The token of the first button labelled with `key` whose argument `name` is `value`
/// (an asset's toggle, say).
#[track_caller]
pub fn press_token_with(r: &impl Texts, key: &str, name: &str, value: &str) -> String {
    known(key);
    r.buttons()
        .iter()
        .find(|b| b.label.key == key && arg_value(&b.label, name).as_deref() == Some(value))
        .map(|b| b.token.clone())
        .unwrap_or_else(|| {
            panic!(
                "no button {key:?} with {name} = {value:?} in {:?}\n{}",
                button_keys(r),
                r.english()
            )
        })
}

/// A text as `key(name=value, …)`, nested texts shown the same way: compact, and exact
/// about arguments.
pub fn show(t: &Text) -> String {
    let args: Vec<String> = t
        .args
        .iter()
        .map(|(n, a)| match a {
            Arg::Str(s) => format!("{n}={s}"),
            Arg::Int(i) => format!("{n}={i}"),
            Arg::Text(inner) => format!("{n}={}", show(inner)),
        })
        .collect();
    if args.is_empty() {
        t.key.to_owned()
    } else {
        format!("{}({})", t.key, args.join(", "))
    }
}

/// The argument `name` of the first text with `key`, nested texts [`show`]n.
#[track_caller]
pub fn arg_shown(r: &impl Texts, key: &str, name: &str) -> String {
    let t = find(r, key);
    t.args
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, a)| match a {
            Arg::Text(inner) => show(inner),
            _ => arg_value(t, name).unwrap_or_default(),
        })
        .unwrap_or_else(|| panic!("{key:?} has no argument {name:?}: {t:?}"))
}

/// Every text with `key`.
#[track_caller]
pub fn all<'a>(r: &'a impl Texts, key: &str) -> Vec<&'a Text> {
    known(key);
    r.texts().into_iter().filter(|t| t.key == key).collect()
}

/// Fails unless the first text with `key` has these arguments (nested texts [`show`]n).
#[track_caller]
pub fn assert_args(r: &impl Texts, key: &str, expected: &[(&str, &str)]) {
    for (name, value) in expected {
        assert_eq!(
            arg_shown(r, key, name),
            *value,
            "{key}.{name} in {}",
            show(find(r, key))
        );
    }
}

/// The first text with `key` whose argument `name` is `value` (the line of one asset, say).
#[track_caller]
pub fn find_with<'a>(r: &'a impl Texts, key: &str, name: &str, value: &str) -> &'a Text {
    known(key);
    r.texts()
        .into_iter()
        .find(|t| t.key == key && arg_value(t, name).as_deref() == Some(value))
        .unwrap_or_else(|| {
            panic!(
                "no {key:?} with {name} = {value:?} in {:?}\n{}",
                keys(r),
                r.english()
            )
        })
}

/// Asserts that `r` asks for credentials, these fields still to come (the first one is what
/// a guided text form asks next).
#[track_caller]
pub fn assert_asks(r: &Reply, fields: &[dustpan::service::reply::CredentialField]) {
    let prompt = r
        .credentials
        .as_ref()
        .unwrap_or_else(|| panic!("no credentials prompt in {}", r.english()));
    assert_eq!(prompt.fields, fields, "{}", r.english());
}
