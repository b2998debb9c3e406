//! The registered commands within Discord's size rules in every locale
//! (discord-api-docs `application-commands`: the name, description and value of a command,
//! its options and their choices add up to at most 4,000 characters, counted in each
//! locale with its localizations in place of the defaults).

use serde_json::Value;

use crate::app::TestApp;

/// Discord's limit on a command's combined characters.
const MAX_COMBINED: usize = 4000;

/// A localizable field in `locale` (its localization, else the default).
fn localized<'a>(v: &'a Value, field: &str, locale: Option<&str>) -> &'a str {
    locale
        .and_then(|code| v[format!("{field}_localizations")][code].as_str())
        .or_else(|| v[field].as_str())
        .unwrap_or_default()
}

fn combined(v: &Value, locale: Option<&str>) -> usize {
    let value = match &v["value"] {
        Value::Null => 0,
        Value::String(s) => s.chars().count(),
        other => other.to_string().len(),
    };
    let own = localized(v, "name", locale).chars().count()
        + localized(v, "description", locale).chars().count()
        + value;
    let options: usize = v["options"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|o| combined(o, locale))
        .sum();
    let choices: usize = v["choices"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| combined(c, locale))
        .sum();
    own + options + choices
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_command_fits_discords_combined_size_in_every_locale() {
    let t = TestApp::builder().discord().build().await;
    let body = t.discord().registration().await;
    let l = dustpan::i18n::locales();
    let mut locales: Vec<Option<&str>> = vec![None];
    locales.extend(
        l.languages()
            .into_iter()
            .filter_map(dustpan::frontends::discord::commands::discord_locale)
            .map(Some),
    );
    assert!(locales.len() > 1, "localized for Discord's locales");
    for c in body.as_array().unwrap() {
        assert!(c["options"].as_array().is_none_or(|o| o.len() <= 25));
        for locale in &locales {
            let size = combined(c, *locale);
            assert!(
                size <= MAX_COMBINED,
                "/{} in {locale:?}: {size} characters",
                c["name"]
            );
            assert!(size > 0);
        }
    }
}
