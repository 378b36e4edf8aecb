//! The core's modules import downwards only: no module names one of a higher layer, so there
//! is no circle (the report and the server layer used to import each other). Read from the
//! sources: every `crate::<module>` path outside a file's `#[cfg(test)]` module.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Each top-level module of `src/` and its layer: a module may name only modules of a lower one.
const LAYERS: &[(&str, u8)] = &[
    // Shared helpers: no certificate knowledge.
    ("diag", 0),
    ("par", 0),
    ("text", 0),
    // DER reading (its messages count as the others do, with `text`), suggested commands.
    ("der", 1),
    ("command", 1),
    // A certificate as the app understands it, then the dropped bytes read into items.
    ("model", 2),
    ("input", 3),
    // Chains, signatures and the one trust decision.
    ("chain", 4),
    // What was found, item by item (read by the server layer, shown by the report).
    ("found", 5),
    ("server", 6),
    ("report", 7),
    // The pipeline, then its two front ends.
    ("analysis", 8),
    ("cli", 9),
    ("ui", 9),
];

/// `crate::` names that are not modules of a layer: the entry points in lib.rs and the tests' helpers.
const NOT_LAYERS: &[&str] = &["analyze", "analyze_with_progress", "test_support", "InputFile", "Options", "Report"];

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for p in entries {
            rust_files(&p, out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

/// The source without its `#[cfg(test)]` module (tests may use any layer) and its comments.
fn code_of(text: &str) -> String {
    let code = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    code.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// The `crate::<name>` paths in `code`.
fn crate_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{a, b::{c, d}}`: the first segment of each path at the top level.
            out.extend(top_level_names(group));
            continue;
        }
        out.push(name_at(rest));
    }
    out
}

fn name_at(s: &str) -> String {
    s.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect()
}

/// The first segment of each path in a `{…}` use group (up to its closing brace).
fn top_level_names(group: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut at_start = true;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => at_start = true,
            c if at_start && depth == 0 && !c.is_whitespace() => {
                out.push(name_at(&group[i..]));
                at_start = false;
            }
            _ => {}
        }
    }
    out
}

#[test]
fn modules_import_only_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let layer: BTreeMap<&str, u8> = LAYERS.iter().copied().collect();
    let mut wrong = Vec::new();
    let mut seen = Vec::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_string();
        if ["lib", "main", "bin", "test_support"].contains(&name.as_str()) {
            continue;
        }
        let Some(&own) = layer.get(name.as_str()) else {
            wrong.push(format!("src/{name}: a module without a layer (add it to LAYERS)"));
            continue;
        };
        seen.push(name.clone());
        let mut files = Vec::new();
        rust_files(&path, &mut files);
        for file in files {
            let code = code_of(&std::fs::read_to_string(&file).unwrap());
            for used in crate_paths(&code) {
                if used == name || NOT_LAYERS.contains(&used.as_str()) {
                    continue;
                }
                match layer.get(used.as_str()) {
                    Some(&theirs) if theirs < own => {}
                    Some(&theirs) => wrong.push(format!("{}: {name} (layer {own}) names crate::{used} (layer {theirs})", file.display())),
                    None => wrong.push(format!("{}: crate::{used} is not a module of a layer", file.display())),
                }
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(wrong.is_empty(), "imports against the layers:\n{}", wrong.join("\n"));
    // Every layer named exists (a renamed module is not silently unchecked).
    for (name, _) in LAYERS {
        assert!(seen.iter().any(|s| s == name), "src/{name} is in LAYERS but not in src/");
    }
}
