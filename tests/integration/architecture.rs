//! The import rule of docs/architecture.md, kept by a test: inside `src/`, no circle of imports
//! larger than two files. An edge runs from a file to every file of the crate it names by a
//! `crate::` or `super::` path (grouped imports included); the circles are the strongly
//! connected components (Tarjan).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The module path of a file under src/ (`pdf/form1/mod.rs` → `pdf::form1`).
fn module_of(rel: &str) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .trim_end_matches(".rs")
        .split('/')
        .map(String::from)
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

fn files(dir: &Path, root: &Path, out: &mut BTreeMap<String, String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&path).unwrap();
            // Comments name modules without importing them; a file's unit tests (at its end,
            // after `#[cfg(test)]`) are not part of its imports (their `super` is the file).
            let text = text.split("#[cfg(test)]").next().unwrap_or("");
            let code: String = text
                .lines()
                .map(|l| l.split("//").next().unwrap_or(""))
                .collect::<Vec<_>>()
                .join("\n");
            out.insert(rel, code);
        }
    }
}

/// The paths named after `prefix::` in `code`: `a::b::c`, and each item of `{a::b, c}`.
fn named_paths(code: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let needle = format!("{prefix}::");
    let mut from = 0;
    while let Some(at) = code[from..].find(&needle) {
        let start = from + at;
        from = start + needle.len();
        let before = code[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let rest = &code[from..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                out.push(path_idents(item.trim()));
            }
        } else {
            out.push(path_idents(rest));
        }
    }
    out
}

fn path_idents(s: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest = s;
    loop {
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        parts.push(rest[..end].to_string());
        match rest[end..].strip_prefix("::") {
            Some(r) => rest = r,
            None => break,
        }
    }
    parts
}

/// Strongly connected components of `edges`.
fn components(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct T<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a str) {
        let n = t.index.len();
        t.index.insert(v, n);
        t.low.insert(v, n);
        t.stack.push(v);
        t.on.insert(v);
        for w in &t.edges[v] {
            if !t.index.contains_key(w.as_str()) {
                visit(t, w);
                let lw = t.low[w.as_str()];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if t.on.contains(w.as_str()) {
                let iw = t.index[w.as_str()];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if t.low[v] == t.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(w);
                comp.push(w.to_string());
                if w == v {
                    break;
                }
            }
            t.out.push(comp);
        }
    }
    let mut t = T {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in edges.keys() {
        if !t.index.contains_key(v.as_str()) {
            visit(&mut t, v);
        }
    }
    t.out
}

/// The import graph of the root crate's `src/`.
fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut code = BTreeMap::new();
    files(&root, &root, &mut code);
    let by_module: BTreeMap<Vec<String>, String> = code
        .keys()
        .map(|rel| (module_of(rel), rel.clone()))
        .collect();
    let resolve = |mut parts: Vec<String>| -> Option<String> {
        while !parts.is_empty() {
            if let Some(rel) = by_module.get(&parts) {
                return Some(rel.clone());
            }
            parts.pop();
        }
        None
    };
    let mut edges = BTreeMap::new();
    for (rel, text) in &code {
        let me = module_of(rel);
        // `super` of `a/b.rs` (module a::b) is a; of `a/mod.rs` (module a) the crate root.
        let parent: Vec<String> = me[..me.len().saturating_sub(1)].to_vec();
        let mut to = BTreeSet::new();
        for p in named_paths(text, "crate") {
            if let Some(t) = resolve(p) {
                to.insert(t);
            }
        }
        for p in named_paths(text, "super") {
            let mut full = parent.clone();
            full.extend(p);
            if let Some(t) = resolve(full) {
                to.insert(t);
            }
        }
        to.remove(rel);
        edges.insert(rel.clone(), to);
    }
    edges
}

#[test]
fn no_import_circle_in_src_is_larger_than_two_files() {
    let edges = import_graph();
    // The graph is real: the PDF module imports the print plan's pieces, the app the store.
    assert!(
        edges["app/mod.rs"].contains("store/mod.rs"),
        "{:?}",
        edges["app/mod.rs"]
    );
    assert!(edges["incoming.rs"].contains("container.rs"));
    let big: Vec<Vec<String>> = components(&edges)
        .into_iter()
        .filter(|c| c.len() > 2)
        .collect();
    assert!(
        big.is_empty(),
        "import circles of more than two files (docs/architecture.md, \"The rule\"): {big:?}"
    );
}

/// The test finds a circle when there is one (a graph made by hand).
#[test]
fn a_circle_is_found() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (a, b) in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")] {
        edges.entry(a.into()).or_default().insert(b.into());
        edges.entry(b.into()).or_default();
    }
    let comps = components(&edges);
    assert!(comps.iter().any(|c| c.len() == 3), "{comps:?}");
    assert_eq!(
        named_paths(
            "use crate::{pdf::plan, output};\nlet x = crate::store::open();",
            "crate"
        ),
        vec![
            vec!["pdf".to_string(), "plan".into()],
            vec!["output".into()],
            vec!["store".into(), "open".into()],
        ]
    );
}
