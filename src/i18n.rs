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
    ("ru", include_str!("../locales/ru.ftl")),
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
mod tests {
    use super::*;

    /// Every key given to Text::new and every key chosen in code, in any file under src/,
    /// exists in English, and every language has every English key.
    #[test]
    fn every_key_used_in_code_exists_in_every_locale() {
        let l = locales();
        // Every source file under src/, read at test time, so a new file is never missed:
        // in the service (where sentences are chosen) every kebab-case string literal counts
        // as a key; everywhere, the literal given to every Text::new.
        fn walk(dir: &std::path::Path, out: &mut Vec<(std::path::PathBuf, String)>) {
            for entry in std::fs::read_dir(dir).expect("src/ is readable") {
                let path = entry.expect("a directory entry").path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).expect("a source file");
                    out.push((path, text));
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut sources = Vec::new();
        walk(&root, &mut sources);
        assert!(sources.len() > 40, "src/ walked: {} files", sources.len());
        let mut used = Vec::new();
        for (path, src) in &sources {
            let rel = path.strip_prefix(&root).unwrap_or(path);
            if rel.starts_with("service") {
                for piece in src.split('"').skip(1).step_by(2) {
                    let is_key = piece.len() > 3
                        && piece.contains('-')
                        && piece.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
                        && !piece.starts_with('-')
                        && !piece.ends_with('-');
                    if is_key {
                        used.push(piece.to_owned());
                    }
                }
            }
            for call in src.split("Text::new(\"").skip(1) {
                if let Some(key) = call.split('"').next() {
                    used.push(key.to_owned());
                }
            }
        }
        used.extend(["help".to_owned(), "cancelled".to_owned()]);
        assert!(used.len() > 60);
        for key in &used {
            assert!(l.has("en", key), "locales/en.ftl lacks {key}");
        }
        for lang in l.languages() {
            for key in l.keys("en") {
                assert!(l.has(lang, &key), "locales/{lang}.ftl lacks {key}");
            }
        }
    }

    #[test]
    fn arguments_are_escaped_and_plurals_work() {
        let t = Text::new("unknown-command").arg("command", "<b>");
        let out = locales().render("en", &t, &|s| s.replace('<', "&lt;").replace('>', "&gt;"));
        assert_eq!(out, "Unknown command /&lt;b&gt;. See /help.");
        let one = Text::new("dust-section-convertible")
            .int("count", 1)
            .arg("fee_percent", "2");
        assert!(
            locales()
                .render("xx", &one, &|s| s.to_owned())
                .contains("1 asset,")
        );
    }
}
