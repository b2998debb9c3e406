//! The shape of the house (shared/design.md): imports run one way, frontends → service →
//! ports ← adapters, with no cycle between the top-level modules of `src/`, and the service,
//! the ports and the domain never name an HTTP, database or chat-platform crate.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, with its text less `//` comments.
fn sources(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
    for entry in std::fs::read_dir(dir).expect("a readable directory") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("a source file");
            let code: Vec<&str> = text
                .lines()
                .map(|l| l.split("//").next().unwrap_or_default())
                .collect();
            out.push((path, code.join("\n")));
        }
    }
}

/// The top-level module a file of `src/` belongs to (`service/dust.rs` → `service`).
fn top_module(src: &Path, file: &Path) -> String {
    let first = file
        .strip_prefix(src)
        .unwrap()
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    first.trim_end_matches(".rs").to_owned()
}

/// Top-level module → the top-level modules it names through `crate::…`, and the text of
/// each module's files.
fn import_graph() -> (BTreeMap<String, BTreeSet<String>>, BTreeMap<String, String>) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut text: BTreeMap<String, String> = BTreeMap::new();
    for (path, code) in &files {
        let from = top_module(&src, path);
        for piece in code.split("crate::").skip(1) {
            let to: String = piece
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !to.is_empty() && to != from {
                graph.entry(from.clone()).or_default().insert(to);
            }
        }
        graph.entry(from.clone()).or_default();
        text.entry(from).or_default().push_str(code);
    }
    (graph, text)
}

#[test]
fn the_top_level_modules_import_each_other_without_a_cycle() {
    let (graph, _) = import_graph();
    assert!(graph.len() > 10, "modules found: {:?}", graph.keys());
    // Depth-first search; a module met again while still on the path closes a cycle.
    fn visit<'a>(
        m: &'a str,
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) {
        if let Some(at) = path.iter().position(|p| *p == m) {
            panic!("import cycle: {} → {m}", path[at..].join(" → "));
        }
        if !done.insert(m) {
            return;
        }
        path.push(m);
        for next in graph.get(m).into_iter().flatten() {
            visit(next, graph, path, done);
        }
        path.pop();
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        visit(m, &graph, &mut Vec::new(), &mut done);
    }
}

#[test]
fn imports_run_one_way_frontends_to_service_to_ports_from_adapters() {
    let (graph, text) = import_graph();
    // What each layer must never name (startup, cli and bench wire everything).
    let adapters = ["binance", "store", "sim"];
    let wiring = ["startup", "cli", "bench"];
    let rules: &[(&str, Vec<&str>)] = &[
        (
            "domain",
            vec![
                "service",
                "ports",
                "frontends",
                "binance",
                "store",
                "sim",
                "scheduler",
            ],
        ),
        (
            "ports",
            [
                adapters.as_slice(),
                &wiring,
                &["service", "frontends", "scheduler"],
            ]
            .concat(),
        ),
        (
            "service",
            [adapters.as_slice(), &wiring, &["frontends", "scheduler"]].concat(),
        ),
        ("frontends", [adapters.as_slice(), &wiring].concat()),
        (
            "scheduler",
            [adapters.as_slice(), &wiring, &["frontends"]].concat(),
        ),
        (
            "binance",
            [
                &["store", "sim", "service", "frontends", "scheduler"][..],
                &wiring,
            ]
            .concat(),
        ),
        (
            "store",
            [
                &["binance", "sim", "service", "frontends", "scheduler"][..],
                &wiring,
            ]
            .concat(),
        ),
        (
            "sim",
            [&["store", "service", "frontends", "scheduler"][..], &wiring].concat(),
        ),
    ];
    let mut wrong = Vec::new();
    for (module, never) in rules {
        let Some(imports) = graph.get(*module) else {
            panic!("no module {module} under src/");
        };
        for to in never {
            if imports.contains(*to) {
                wrong.push(format!("{module} imports {to}"));
            }
        }
    }
    // The core speaks in domain words: no HTTP, database or chat-platform crate.
    for module in ["domain", "ports", "service"] {
        let code = &text[module];
        for krate in ["reqwest", "sqlx", "teloxide", "serenity", "axum", "hyper"] {
            if code.contains(&format!("{krate}::")) || code.contains(&format!("use {krate}")) {
                wrong.push(format!("{module} names the crate {krate}"));
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the arrows: {wrong:#?}");
}
