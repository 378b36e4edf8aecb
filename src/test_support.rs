//! Helpers for the crate's unit tests.

use crate::InputFile;

/// A fixture from `tests/fixtures/` (`chain/ee_client.der`) as a dropped file, named after
/// its last path part.
#[allow(clippy::unwrap_used)]
pub fn fixture(path: &str) -> InputFile {
    let full = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    InputFile::new(path.rsplit('/').next().unwrap_or(path), std::fs::read(full).unwrap())
}

/// Every file under `tests/fixtures/`, sorted.
#[allow(clippy::unwrap_used)]
pub fn fixture_paths() -> Vec<std::path::PathBuf> {
    let mut paths = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else {
                paths.push(p);
            }
        }
    }
    paths.sort();
    paths
}

/// Every fixture folder as one drop: its files (named after their last path part), by folder.
#[allow(clippy::unwrap_used)]
pub fn fixture_folders() -> std::collections::BTreeMap<std::path::PathBuf, Vec<InputFile>> {
    let mut folders: std::collections::BTreeMap<std::path::PathBuf, Vec<InputFile>> = std::collections::BTreeMap::new();
    for path in fixture_paths() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        folders.entry(path.parent().unwrap().to_path_buf()).or_default().push(InputFile::new(&name, std::fs::read(&path).unwrap()));
    }
    folders
}

/// A xorshift64 generator from `seed` (not zero): each call steps it and returns the new
/// state. Deterministic, for the randomised tests.
pub fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}
