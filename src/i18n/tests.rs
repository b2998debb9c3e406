//! The locale files against each other and against the code.

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
fn a_clients_language_tag_finds_the_closest_locale_or_none() {
    let l = locales();
    for (tag, want) in [
        ("ru", Some("ru")),
        ("uk", Some("uk")),
        ("en", Some("en")),
        ("en-US", Some("en")),
        ("en-gb", Some("en")),
        ("pt-br", Some("pt-BR")),
        ("pt-BR", Some("pt-BR")),
        ("pt", Some("pt-BR")),
        ("pt-PT", Some("pt-BR")),
        ("es-419", Some("es")),
        ("es-ES", Some("es")),
        ("zh-hans", Some("zh-CN")),
        ("zh", Some("zh-CN")),
        ("zh-CN", Some("zh-CN")),
        ("zh_cn", Some("zh-CN")),
        ("zh-Hans-SG", Some("zh-CN")),
        ("zh-hant", None),
        ("zh-TW", None),
        ("tr", Some("tr")),
        ("vi", Some("vi")),
        ("de", None),
        ("", None),
        ("-", None),
    ] {
        assert_eq!(l.best_for(tag), want, "{tag}");
    }
    assert_eq!(l.find("ZH-CN"), Some("zh-CN"));
    assert_eq!(l.find("pt-br"), Some("pt-BR"));
    assert_eq!(l.find("pt"), None);
}

#[test]
fn every_language_is_named_in_itself() {
    let names: Vec<(&str, String)> = locales()
        .languages()
        .into_iter()
        .map(|l| (l, locales().name_of(l)))
        .collect();
    let want = [
        ("en", "English"),
        ("es", "Español"),
        ("pt-BR", "Português (Brasil)"),
        ("ru", "Русский"),
        ("tr", "Türkçe"),
        ("uk", "Українська"),
        ("vi", "Tiếng Việt"),
        ("zh-CN", "简体中文"),
    ];
    let names: Vec<(&str, &str)> = names.iter().map(|(l, n)| (*l, n.as_str())).collect();
    assert_eq!(names, want);
}

#[test]
fn arguments_are_escaped_in_every_locale() {
    let html = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let hostile = "<b>A&B</b>";
    let texts = [
        Text::new("unknown-command").arg("command", hostile),
        Text::new("settings-target-refused")
            .arg("asset", hostile)
            .arg("current", "BNB"),
        Text::new("language-unknown")
            .arg("language", hostile)
            .arg("available", "en, ru"),
    ];
    for lang in locales().languages() {
        for text in &texts {
            let out = locales().render(lang, text, &html);
            assert!(out.contains("&lt;b&gt;A&amp;B&lt;/b&gt;"), "{lang}: {out}");
            assert!(
                !out.contains("<b>") && !out.contains("A&B"),
                "{lang}: {out}"
            );
        }
    }
}

#[test]
fn amounts_and_times_reach_every_locale_digit_for_digit() {
    // Amounts are Decimal strings and times are formatted numerically in the user's
    // timezone by the service (`service::format::datetime`, no month or day names), so
    // no locale can round or rename them.
    let at = "2026-11-25 02:00 CST";
    let amount = "1234567.000000000000000001";
    for lang in locales().languages() {
        let line = Text::new("confirm-line")
            .arg("asset", "ADA")
            .arg("amount", amount)
            .arg("bnb", "0.00012345")
            .arg("fee", "0.00000247")
            .arg("net", "0.00012098");
        let out = locales().render(lang, &line, &|s| s.to_owned());
        for shown in [amount, "0.00012345", "0.00000247", "0.00012098"] {
            assert!(out.contains(shown), "{lang}: {out}");
        }
        let wait = Text::new("cooldown-wait")
            .arg("left", "5 h")
            .arg("at", at)
            .arg("last", at);
        let out = locales().render(lang, &wait, &|s| s.to_owned());
        assert_eq!(out.matches(at).count(), 2, "{lang}: {out}");
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

/// One message as written in a locale file: its variables, which of them select a plural
/// form, and the variant keys of those that select among words.
#[derive(Default)]
struct Shape {
    vars: std::collections::BTreeSet<String>,
    plural: std::collections::BTreeSet<String>,
    choices: std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
}

/// Every message of a locale file with its body (the `key =` line and its indented lines),
/// read from the source as compiled in.
fn bodies(lang: &str) -> Vec<(String, String)> {
    let src = LOCALES
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, s)| *s)
        .unwrap_or_else(|| panic!("no locale {lang}"));
    let mut out: Vec<(String, String)> = Vec::new();
    let mut open = false;
    for line in src.lines() {
        if line.starts_with(' ') && open {
            let (_, body) = out.last_mut().expect("an open message");
            body.push('\n');
            body.push_str(line);
        } else if let Some((key, rest)) = line
            .split_once(" =")
            .filter(|_| line.starts_with(|c: char| c.is_ascii_lowercase()))
        {
            out.push((key.trim().to_owned(), rest.to_owned()));
            open = true;
        } else {
            open = false;
        }
    }
    out
}

/// The variables of a message body, and for each select expression its variant keys.
fn shape(body: &str) -> Shape {
    const PLURAL_KEYS: [&str; 5] = ["zero", "one", "two", "few", "many"];
    let mut shape = Shape::default();
    let chars: Vec<char> = body.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '$' && chars.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic()) {
            let start = i + 1;
            let mut end = start;
            while chars
                .get(end)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            {
                end += 1;
            }
            let name: String = chars[start..end].iter().collect();
            let rest: String = chars[end..].iter().collect();
            if rest.trim_start().starts_with("->") {
                // The variant keys of this select: `[key]` at its own brace depth.
                let mut keys = std::collections::BTreeSet::new();
                let mut depth = 1;
                let mut j = end;
                while j < chars.len() && depth > 0 {
                    match chars[j] {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        '[' if depth == 1 => {
                            let key: String =
                                chars[j + 1..].iter().take_while(|c| **c != ']').collect();
                            keys.insert(key.trim().to_owned());
                        }
                        _ => {}
                    }
                    j += 1;
                }
                let is_plural = keys
                    .iter()
                    .any(|k| PLURAL_KEYS.contains(&k.as_str()) || k.parse::<f64>().is_ok());
                if is_plural {
                    shape.plural.insert(name.clone());
                } else {
                    shape.choices.entry(name.clone()).or_default().extend(keys);
                }
            }
            shape.vars.insert(name);
            i = end;
        } else {
            i += 1;
        }
    }
    shape
}

/// Every message key with its shape in every locale.
fn shapes() -> Vec<(&'static str, Vec<(String, Shape)>)> {
    LOCALES
        .iter()
        .map(|(lang, _)| {
            let messages = bodies(lang)
                .into_iter()
                .map(|(key, body)| {
                    let s = shape(&body);
                    (key, s)
                })
                .collect();
            (*lang, messages)
        })
        .collect()
}

#[test]
fn every_locale_has_exactly_the_keys_of_english() {
    let en: std::collections::BTreeSet<String> = locales().keys("en").into_iter().collect();
    assert!(en.len() > 150, "en.ftl read: {} keys", en.len());
    for (lang, _) in LOCALES {
        let keys: Vec<String> = locales().keys(lang);
        let set: std::collections::BTreeSet<String> = keys.iter().cloned().collect();
        assert_eq!(set.len(), keys.len(), "locales/{lang}.ftl repeats a key");
        let missing: Vec<_> = en.difference(&set).collect();
        let extra: Vec<_> = set.difference(&en).collect();
        assert!(missing.is_empty(), "locales/{lang}.ftl lacks {missing:?}");
        assert!(
            extra.is_empty(),
            "locales/{lang}.ftl has keys en.ftl lacks: {extra:?}"
        );
        for key in &keys {
            assert!(
                locales().has(lang, key),
                "locales/{lang}.ftl: {key} does not load"
            );
        }
    }
}

#[test]
fn every_message_keeps_the_variables_of_english() {
    let all = shapes();
    let en: HashMap<_, _> = all[0].1.iter().map(|(k, s)| (k.clone(), &s.vars)).collect();
    assert_eq!(all[0].0, "en");
    for (lang, messages) in &all {
        for (key, shape) in messages {
            let Some(want) = en.get(key) else { continue };
            assert_eq!(
                &&shape.vars, want,
                "locales/{lang}.ftl {key} uses other variables than en.ftl"
            );
        }
    }
}

#[test]
fn every_message_renders_in_every_locale_with_sample_arguments() {
    const NUMBERS: [f64; 6] = [0.0, 1.0, 2.0, 5.0, 21.0, 1.5];
    let all = shapes();
    // A variable counts as a number if any locale chooses a plural form on it; a word
    // choice is tried with each of its variant keys; anything else gets a sample string.
    let mut plural: HashMap<&str, std::collections::BTreeSet<&str>> = HashMap::new();
    let mut choices: HashMap<(&str, &str), Vec<&str>> = HashMap::new();
    for (_, messages) in &all {
        for (key, shape) in messages {
            let p = plural.entry(key.as_str()).or_default();
            p.extend(shape.plural.iter().map(String::as_str));
            for (var, keys) in &shape.choices {
                let c = choices.entry((key.as_str(), var.as_str())).or_default();
                c.extend(keys.iter().map(String::as_str));
                c.sort_unstable();
                c.dedup();
            }
        }
    }
    let en = &all[0].1;
    let mut rendered = 0;
    for (lang, _) in LOCALES {
        let bundle = &locales().bundles[lang];
        for (key, shape) in en {
            let message = bundle
                .get_message(key)
                .unwrap_or_else(|| panic!("locales/{lang}.ftl lacks {key}"));
            let pattern = message.value().expect("a message with a value");
            let rounds = choices
                .iter()
                .filter(|((k, _), _)| k == key)
                .map(|(_, keys)| keys.len())
                .fold(NUMBERS.len(), usize::max);
            for round in 0..rounds {
                let number = NUMBERS[round % NUMBERS.len()];
                let mut args = FluentArgs::new();
                for var in &shape.vars {
                    if plural[key.as_str()].contains(var.as_str()) {
                        args.set(var.clone(), FluentValue::from(number));
                    } else if let Some(keys) = choices.get(&(key.as_str(), var.as_str())) {
                        args.set(var.clone(), FluentValue::from(keys[round % keys.len()]));
                    } else {
                        args.set(var.clone(), FluentValue::from(format!("⟨{var}⟩")));
                    }
                }
                let mut errors = Vec::new();
                let out = bundle.format_pattern(pattern, Some(&args), &mut errors);
                let case = format!("locales/{lang}.ftl {key} with n = {number}: {out:?}");
                assert!(errors.is_empty(), "{case}: {errors:?}");
                assert!(!out.trim().is_empty(), "{case} is empty");
                assert!(!out.contains(['{', '}']), "{case} has a leftover brace");
                let stray_variable = out
                    .split('$')
                    .skip(1)
                    .any(|after| after.starts_with(|c: char| c.is_ascii_alphabetic()));
                assert!(!stray_variable, "{case} has a leftover variable");
                // A hard-coded "1" in a plural form is caught by showing the number;
                // an explicit zero variant ("no key saved") may say it in words.
                let zero_in_words = number == 0.0
                    && bodies(lang)
                        .iter()
                        .any(|(k, b)| k == key && b.contains("[0]"));
                if !zero_in_words && plural[key.as_str()].iter().any(|v| shape.vars.contains(*v)) {
                    assert!(
                        out.contains(&number.to_string()),
                        "{case} does not show its number"
                    );
                }
                rendered += 1;
            }
        }
    }
    assert!(rendered > 1000, "{rendered} renderings");
}

#[test]
fn each_locale_chooses_its_own_plural_categories() {
    // CLDR categories for 0, 1, 2, 5, 21 and 1.5, as Fluent picks them for the locale's tag.
    let expected: HashMap<&str, [&str; 6]> = HashMap::from([
        ("en", ["other", "one", "other", "other", "other", "other"]),
        ("es", ["other", "one", "other", "other", "other", "other"]),
        ("pt-BR", ["one", "one", "other", "other", "other", "one"]),
        ("ru", ["many", "one", "few", "many", "one", "other"]),
        ("tr", ["other", "one", "other", "other", "other", "other"]),
        ("uk", ["many", "one", "few", "many", "one", "other"]),
        ("vi", ["other", "other", "other", "other", "other", "other"]),
        (
            "zh-CN",
            ["other", "other", "other", "other", "other", "other"],
        ),
    ]);
    let probe = "n = { $n ->\n    [zero] zero\n    [one] one\n    [two] two\n    [few] few\n    [many] many\n   *[other] other\n}\n";
    for (lang, _) in LOCALES {
        let want = expected
            .get(lang)
            .unwrap_or_else(|| panic!("no expected plural categories for {lang}"));
        let id: LanguageIdentifier = lang.parse().expect("a language tag");
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        bundle
            .add_resource(FluentResource::try_new(probe.to_owned()).expect("the probe parses"))
            .expect("the probe loads");
        let pattern = bundle.get_message("n").and_then(|m| m.value()).expect("n");
        for (number, want) in [0.0, 1.0, 2.0, 5.0, 21.0, 1.5].into_iter().zip(want) {
            let mut args = FluentArgs::new();
            args.set("n", FluentValue::from(number));
            let mut errors = Vec::new();
            let got = bundle.format_pattern(pattern, Some(&args), &mut errors);
            assert!(errors.is_empty(), "{lang} {number}: {errors:?}");
            assert_eq!(got, *want, "{lang}: {number} is {want}");
        }
    }
}

#[test]
fn russian_and_ukrainian_count_assets_in_the_right_form() {
    let forms = [
        (
            "ru",
            [
                (1, "1 актив,"),
                (2, "2 актива,"),
                (5, "5 активов,"),
                (21, "21 актив,"),
            ],
        ),
        (
            "uk",
            [
                (1, "1 актив,"),
                (2, "2 активи,"),
                (5, "5 активів,"),
                (21, "21 актив,"),
            ],
        ),
    ];
    for (lang, cases) in forms {
        for (count, want) in cases {
            let text = Text::new("dust-section-convertible")
                .int("count", count)
                .arg("fee_percent", "2");
            let out = locales().render(lang, &text, &|s| s.to_owned());
            assert!(out.contains(want), "{lang} {count}: {out}");
        }
    }
}
