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
    let adapters = ["binance", "bybit", "mexc", "store", "sim"];
    let wiring = ["startup", "cli", "bench"];
    let rules: &[(&str, Vec<&str>)] = &[
        (
            "domain",
            vec![
                "service",
                "ports",
                "frontends",
                "binance",
                "bybit",
                "mexc",
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
                &[
                    "bybit",
                    "mexc",
                    "store",
                    "sim",
                    "service",
                    "frontends",
                    "scheduler",
                ][..],
                &wiring,
            ]
            .concat(),
        ),
        (
            "mexc",
            [
                &[
                    "binance",
                    "bybit",
                    "store",
                    "sim",
                    "service",
                    "frontends",
                    "scheduler",
                ][..],
                &wiring,
            ]
            .concat(),
        ),
        (
            "store",
            [
                &[
                    "binance",
                    "mexc",
                    "sim",
                    "service",
                    "frontends",
                    "scheduler",
                ][..],
                &wiring,
            ]
            .concat(),
        ),
        (
            "bybit",
            [
                &[
                    "binance",
                    "mexc",
                    "store",
                    "sim",
                    "service",
                    "frontends",
                    "scheduler",
                ][..],
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

// ---- The same, file by file: no cycle between the files of `src/` ----

/// A module path (`["service", "operations"]`) → the file that holds it.
type Files = BTreeMap<Vec<String>, PathBuf>;

/// The module path of a file of `src/` (`service/operations/mod.rs` → service::operations).
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let mut parts: Vec<String> = file
        .strip_prefix(src)
        .unwrap()
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_owned());
    }
    parts
}

/// `text` less every `#[cfg(test)]` module written inline: a test's imports are not the
/// file's.
fn without_test_modules(text: &str) -> String {
    let mut out = text.to_owned();
    while let Some(at) = out.find("#[cfg(test)]") {
        let rest = &out[at..];
        let Some(open) = rest.find('{') else { break };
        let head = &rest[..open];
        if !head.contains("mod ") || head.contains(';') {
            // `#[cfg(test)] mod x;` or a test-only item other than a module: only the
            // attribute goes.
            out.replace_range(at..at + "#[cfg(test)]".len(), "");
            continue;
        }
        let mut depth = 0usize;
        let mut end = rest.len();
        for (i, ch) in rest.char_indices().skip(open) {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        out.replace_range(at..at + end, "");
    }
    out
}

/// Every path a `use` tree names, in full (`a::{b, c::d as e}` → `a::b`, `a::c::d`).
fn expand_use(tree: &str, prefix: &str, out: &mut Vec<String>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let head = tree[..open].trim().trim_end_matches("::");
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let prefix = [prefix, head]
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("::");
        // Split `inner` at top-level commas.
        let (mut depth, mut start) = (0, 0);
        for (i, ch) in inner.char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand_use(&inner[start..i], &prefix, out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        expand_use(&inner[start..], &prefix, out);
    } else {
        let path = tree.split(" as ").next().unwrap_or_default().trim();
        if path.is_empty() {
            return;
        }
        let full = if prefix.is_empty() {
            path.to_owned()
        } else if path == "self" {
            prefix.to_owned()
        } else {
            format!("{prefix}::{path}")
        };
        out.push(full);
    }
}

/// The paths a file names: its `use` trees in full, and the `a::b::c` paths in its code
/// that start at `crate`, `super`, `self` or a child module.
fn named_paths(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut rest = String::new();
    let mut text = code;
    // `use` statements (also `pub use`, `pub(crate) use`).
    while let Some(at) = find_use(text) {
        rest.push_str(&text[..at]);
        let after = &text[at + 4..];
        let end = after.find(';').unwrap_or(after.len());
        expand_use(&after[..end], "", &mut paths);
        text = &after[(end + 1).min(after.len())..];
    }
    rest.push_str(text);
    // Paths written in the code.
    let chars: Vec<char> = rest.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let boundary = i == 0
            || !(chars[i - 1].is_ascii_alphanumeric()
                || chars[i - 1] == '_'
                || chars[i - 1] == ':');
        if boundary && (chars[i].is_ascii_alphabetic() || chars[i] == '_') {
            let mut j = i;
            let mut path = String::new();
            loop {
                let start = j;
                while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '_') {
                    j += 1;
                }
                path.extend(&chars[start..j]);
                if j + 2 < chars.len()
                    && chars[j] == ':'
                    && chars[j + 1] == ':'
                    && (chars[j + 2].is_ascii_alphabetic() || chars[j + 2] == '_')
                {
                    path.push_str("::");
                    j += 2;
                } else {
                    break;
                }
            }
            if path.contains("::") {
                paths.push(path);
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    paths
}

/// Where the next `use` statement of `text` begins (the `use` keyword).
fn find_use(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = text[from..].find("use ") {
        let at = from + at;
        let before = text[..at].chars().last();
        if before.is_none_or(|c| c == '\n' || c == ' ' || c == ')' || c == '{' || c == ';') {
            return Some(at);
        }
        from = at + 4;
    }
    None
}

/// The file a path names: the longest prefix that is a module with a file, following
/// modules re-exported under another name (`pub use crate::reply;`).
fn resolve(
    from: &[String],
    path: &str,
    files: &Files,
    aliases: &BTreeMap<Vec<String>, BTreeMap<String, Vec<String>>>,
) -> Option<Vec<String>> {
    let segs: Vec<&str> = path.split("::").collect();
    let mut at: Vec<String> = match segs[0] {
        "crate" => Vec::new(),
        "self" => from.to_vec(),
        "super" => from[..from.len().saturating_sub(1)].to_vec(),
        child => {
            let mut m = from.to_vec();
            m.push(child.to_owned());
            if !files.contains_key(&m) {
                return None; // another crate, or an item in scope
            }
            m
        }
    };
    for seg in &segs[1..] {
        if *seg == "super" {
            at.pop();
            continue;
        }
        let mut next = at.clone();
        next.push((*seg).to_owned());
        if files.contains_key(&next) {
            at = next;
        } else if let Some(target) = aliases.get(&at).and_then(|a| a.get(*seg)) {
            at = target.clone();
        } else {
            break;
        }
    }
    Some(at)
}

/// File (as its module path) → the files it names.
fn file_graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources_found = Vec::new();
    sources(&src, &mut sources_found);
    // main.rs is the binary's crate root: a crate of its own.
    sources_found.retain(|(p, _)| p != &src.join("main.rs"));
    let files: Files = sources_found
        .iter()
        .map(|(p, _)| (module_path(&src, p), p.clone()))
        .collect();
    let code: BTreeMap<Vec<String>, String> = sources_found
        .iter()
        .map(|(p, c)| (module_path(&src, p), without_test_modules(c)))
        .collect();
    // Modules re-exported whole under a name: `pub use crate::reply;`.
    let mut aliases: BTreeMap<Vec<String>, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for (m, c) in &code {
        for line in c.lines().map(str::trim) {
            if let Some(tree) = line
                .strip_prefix("pub use ")
                .and_then(|l| l.strip_suffix(';'))
                && !tree.contains('{')
                && let Some(target) = resolve(m, tree, &files, &BTreeMap::new())
                && files.contains_key(&target)
                && target.last().map(String::as_str) == tree.rsplit("::").next()
            {
                aliases
                    .entry(m.clone())
                    .or_default()
                    .insert(target.last().cloned().unwrap_or_default(), target);
            }
        }
    }
    let mut graph: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (m, c) in &code {
        let edges = graph.entry(m.clone()).or_default();
        for path in named_paths(c) {
            // `super::x` inside a module `x`'s sibling written inline in this file names
            // this file.
            let path = match path.strip_prefix("super::") {
                Some(rest)
                    if c.contains(&format!(
                        "mod {} {{",
                        rest.split("::").next().unwrap_or_default()
                    )) =>
                {
                    format!("self::{rest}")
                }
                _ => path,
            };
            if let Some(to) = resolve(m, &path, &files, &aliases)
                && &to != m
            {
                edges.insert(to);
            }
        }
    }
    graph
}

/// A cycle in `graph`, if any, as the files on it.
fn find_cycle(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Option<Vec<String>> {
    fn visit<'a>(
        m: &'a Vec<String>,
        graph: &'a BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        path: &mut Vec<&'a Vec<String>>,
        done: &mut BTreeSet<&'a Vec<String>>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| *p == m) {
            let mut cycle: Vec<String> = path[at..].iter().map(|p| p.join("::")).collect();
            cycle.push(m.join("::"));
            return Some(cycle);
        }
        if !done.insert(m) {
            return None;
        }
        path.push(m);
        for next in graph.get(m).into_iter().flatten() {
            if let Some(c) = visit(next, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|m| visit(m, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_files_of_src_import_each_other_without_a_cycle() {
    let graph = file_graph();
    assert!(graph.len() > 80, "files found: {}", graph.len());
    // The graph sees the imports it must: the facade names its use cases.
    let facade = vec!["service".to_owned()];
    assert!(
        graph[&facade].len() > 5,
        "the service facade names {:?}",
        graph[&facade]
    );
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "import cycle between files: {}\nevery import on a cycle:\n{}",
            cycle.join(" → "),
            imports_on_cycles(&graph).join("\n")
        );
    }
}

/// Every import `a → b` where `b` reaches `a` back, for the failure message.
fn imports_on_cycles(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<String> {
    let reaches = |from: &Vec<String>, to: &Vec<String>| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from];
        while let Some(m) = todo.pop() {
            if m == to {
                return true;
            }
            if seen.insert(m) {
                todo.extend(graph.get(m).into_iter().flatten());
            }
        }
        false
    };
    let mut out = Vec::new();
    for (a, bs) in graph {
        for b in bs {
            if reaches(b, a) {
                out.push(format!("  {} → {}", a.join("::"), b.join("::")));
            }
        }
    }
    out
}

#[test]
fn the_file_cycle_check_finds_a_cycle_between_two_files() {
    // Two files naming each other, one through `crate::`, one through `super::`.
    let files: Files = [
        (vec!["a".to_owned()], PathBuf::from("a/mod.rs")),
        (
            vec!["a".to_owned(), "b".to_owned()],
            PathBuf::from("a/b.rs"),
        ),
    ]
    .into_iter()
    .collect();
    let mut graph: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (m, code) in [
        (
            vec!["a".to_owned()],
            "use b::{Thing, other::{One as Two}};\nfn f() {}",
        ),
        (
            vec!["a".to_owned(), "b".to_owned()],
            "pub struct Thing;\nfn g() { super::f() }",
        ),
    ] {
        for path in named_paths(code) {
            if let Some(to) = resolve(&m, &path, &files, &BTreeMap::new())
                && to != m
            {
                graph.entry(m.clone()).or_default().insert(to);
            }
        }
    }
    assert_eq!(
        find_cycle(&graph),
        Some(vec!["a".to_owned(), "a::b".to_owned(), "a".to_owned()])
    );
    graph.remove(&vec!["a".to_owned(), "b".to_owned()]);
    assert_eq!(find_cycle(&graph), None);
}

#[test]
fn inside_the_service_the_facade_names_use_cases_and_the_leaves_name_none() {
    let graph = file_graph();
    let m = |p: &str| -> Vec<String> { p.split("::").map(str::to_owned).collect() };
    let facade = m("service");
    // What every use case may share: dependencies, vocabulary, typed operations, screens,
    // helpers.
    let leaves: Vec<Vec<String>> = [
        "service::deps",
        "service::model",
        "service::operations",
        "service::operations::dust",
        "service::operations::swap",
        "service::operations::plan",
        "service::operations::sell",
        "service::buttons",
        "service::command",
        "service::command::amount",
        "service::command::period",
        "service::currency",
        "service::format",
        "service::held",
        "service::planner",
        "service::stored",
        "service::throttle",
        "service::view",
        "service::view::account",
        "service::view::convert",
        "service::view::history",
        "service::view::plan",
        "service::view::quote",
        "service::view::reminders",
        "service::view::report",
        "service::view::stats",
        "service::view::health",
    ]
    .into_iter()
    .map(m)
    .collect();
    let mut wrong = Vec::new();
    for (file, imports) in &graph {
        if !file.starts_with(&facade) || file == &facade {
            continue;
        }
        if imports.contains(&facade) {
            wrong.push(format!("{} names the facade", file.join("::")));
        }
        if leaves.contains(file) {
            for to in imports {
                if to.starts_with(&facade) && !leaves.contains(to) {
                    wrong.push(format!(
                        "the leaf {} names {}",
                        file.join("::"),
                        to.join("::")
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn a_use_case_is_called_from_another_file_only_through_a_trait_it_imports() {
    // Methods on the shared dependencies that another file may call without naming them
    // live in deps.rs alone; every other file's inherent `impl Deps` is private to it, so a
    // call across files goes through a use case's trait, which the caller must import.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src.join("service"), &mut files);
    let mut wrong = Vec::new();
    for (path, code) in &files {
        if path.ends_with("service/deps.rs") {
            continue;
        }
        let mut rest = code.as_str();
        while let Some(at) = rest.find("\nimpl Deps {") {
            let block = &rest[at + 1..];
            let end = block.find("\n}\n").unwrap_or(block.len());
            for line in block[..end].lines() {
                let line = line.trim_start();
                if line.starts_with("pub fn")
                    || line.starts_with("pub async fn")
                    || line.starts_with("pub(crate) fn")
                    || line.starts_with("pub(crate) async fn")
                    || line.starts_with("pub(super) fn")
                    || line.starts_with("pub(super) async fn")
                {
                    wrong.push(format!("{}: {line}", path.display()));
                }
            }
            rest = &block[end..];
        }
    }
    assert!(files.len() > 20, "service files found: {}", files.len());
    assert!(
        wrong.is_empty(),
        "methods other files call unseen: {wrong:#?}"
    );
}
