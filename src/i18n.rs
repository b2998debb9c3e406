//! Fluent bundles from `locales/*.ftl`: every user-visible sentence lives there.
//! `en` is the reference; a language missing a key falls back to it.

use std::collections::HashMap;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use crate::reply::{Arg, Text};

/// The reference language.
pub const DEFAULT_LANGUAGE: &str = "en";

/// Every locale file, compiled in. Adding a language is one line here and one file.
const LOCALES: &[(&str, &str)] = &[
    ("en", include_str!("../locales/en.ftl")),
    ("es", include_str!("../locales/es.ftl")),
    ("pt-BR", include_str!("../locales/pt-BR.ftl")),
    ("ru", include_str!("../locales/ru.ftl")),
    ("tr", include_str!("../locales/tr.ftl")),
    ("uk", include_str!("../locales/uk.ftl")),
    ("vi", include_str!("../locales/vi.ftl")),
    ("zh-CN", include_str!("../locales/zh-CN.ftl")),
];

/// The loaded bundles.
pub struct Locales {
    bundles: HashMap<&'static str, FluentBundle<FluentResource>>,
}

impl std::fmt::Debug for Locales {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Locales")
            .field("languages", &self.bundles.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// The process-wide bundles (parsed once; the files are compiled in and tested).
pub fn locales() -> &'static Locales {
    static CELL: OnceLock<Locales> = OnceLock::new();
    CELL.get_or_init(|| Locales::load().unwrap_or_else(|e| panic!("{e}")))
}

impl Locales {
    /// Parses every compiled-in locale file.
    pub fn load() -> Result<Self, String> {
        let mut bundles = HashMap::new();
        for (lang, source) in LOCALES {
            let id: LanguageIdentifier = lang
                .parse()
                .map_err(|e| format!("bad language tag {lang}: {e}"))?;
            let resource = FluentResource::try_new((*source).to_owned())
                .map_err(|(_, errs)| format!("locales/{lang}.ftl does not parse: {errs:?}"))?;
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // No Unicode isolation marks: chat clients show them as stray characters.
            bundle.set_use_isolating(false);
            bundle
                .add_resource(resource)
                .map_err(|errs| format!("locales/{lang}.ftl has duplicate keys: {errs:?}"))?;
            bundles.insert(*lang, bundle);
        }
        Ok(Self { bundles })
    }

    /// The languages available.
    pub fn languages(&self) -> Vec<&'static str> {
        let mut v: Vec<_> = self.bundles.keys().copied().collect();
        v.sort_unstable();
        v
    }

    /// The available language whose code is `code`, in any case (`pt-br`, `ZH-CN`).
    pub fn find(&self, code: &str) -> Option<&'static str> {
        let code = code.trim().replace('_', "-");
        self.languages()
            .into_iter()
            .find(|l| l.eq_ignore_ascii_case(&code))
    }

    /// The available language that best fits a client's language tag (Telegram's
    /// `language_code` such as `ru`, `pt-br`, `zh-hans`, `en-US`; Discord's `locale` such as
    /// `zh-CN`, `es-ES`), or `None` when none does (the caller falls back to English).
    /// An exact code wins; otherwise the primary language decides, except that Chinese
    /// written in traditional characters (`zh-Hant`, `zh-TW`, `zh-HK`, `zh-MO`) is not
    /// given the simplified locale.
    pub fn best_for(&self, tag: &str) -> Option<&'static str> {
        if let Some(exact) = self.find(tag) {
            return Some(exact);
        }
        let tag = tag.trim().replace('_', "-").to_ascii_lowercase();
        let mut parts = tag.split('-');
        let primary = parts.next().filter(|p| !p.is_empty())?;
        if primary == "zh" && parts.any(|p| matches!(p, "hant" | "tw" | "hk" | "mo")) {
            return None;
        }
        self.languages().into_iter().find(|l| {
            l.split('-')
                .next()
                .is_some_and(|p| p.eq_ignore_ascii_case(primary))
        })
    }

    /// A language's name in itself (its `language-name` message), for buttons and lists.
    pub fn name_of(&self, lang: &str) -> String {
        self.render(lang, &Text::new("language-name"), &|s| s.to_owned())
    }

    /// Whether `key` exists in the language (no fallback).
    pub fn has(&self, lang: &str, key: &str) -> bool {
        self.bundles.get(lang).is_some_and(|b| b.has_message(key))
    }

    /// Every message key of a language.
    pub fn keys(&self, lang: &str) -> Vec<String> {
        LOCALES
            .iter()
            .filter(|(l, _)| *l == lang)
            .flat_map(|(_, src)| {
                src.lines()
                    .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
                    .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_owned()))
            })
            .collect()
    }

    /// Renders a text in `lang` (falling back to English). Each argument passes through
    /// `escape` first, so a frontend can make user-controlled values safe for its markup.
    pub fn render(&self, lang: &str, text: &Text, escape: &dyn Fn(&str) -> String) -> String {
        let bundle = self
            .bundles
            .get(lang)
            .filter(|b| b.has_message(text.key))
            .or_else(|| self.bundles.get(DEFAULT_LANGUAGE));
        let Some(bundle) = bundle else {
            return text.key.to_owned();
        };
        let Some(pattern) = bundle.get_message(text.key).and_then(|m| m.value()) else {
            tracing::error!(key = text.key, "missing locale key");
            return text.key.to_owned();
        };
        let mut args = FluentArgs::new();
        for (name, value) in &text.args {
            let value = match value {
                Arg::Str(s) => FluentValue::from(escape(s)),
                Arg::Int(i) => FluentValue::from(*i),
                Arg::Text(inner) => FluentValue::from(self.render(lang, inner, escape)),
            };
            args.set(*name, value);
        }
        let mut errors = Vec::new();
        let out = bundle.format_pattern(pattern, Some(&args), &mut errors);
        if !errors.is_empty() {
            tracing::error!(key = text.key, ?errors, "locale formatting errors");
        }
        out.into_owned()
    }
}

#[cfg(test)]
mod tests;
