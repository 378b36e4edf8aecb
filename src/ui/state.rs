//! The app state: a reducer over actions, like Yew's `function_todomvc`.
//!
//! [`ViewState`] is what the page shows, as plain serialisable data (share
//! links will rebuild the view from it). File contents and passwords live
//! next to it in [`AppState`], in memory only: they are never serialised.
//!
//! [`AppState::apply`] is pure (the time comes in as an argument) so it is
//! tested natively; the `yew::Reducible` glue in `app.rs` reads the clock.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::server::ServerSettings;
use crate::{analyze, InputFile, Options, Report};

/// Name given to pasted text (numbered when pasted more than once).
pub const PASTED_NAME: &str = "pasted text";

/// A file as the view knows it: no bytes, no password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileMeta {
    /// Stable id within this session.
    pub id: u32,
    /// File name, or `pasted text`.
    pub name: String,
    /// Size in bytes.
    pub size: usize,
}

/// Everything the view shows, as plain data. Never holds bytes or passwords.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewState {
    /// The files, in the order given.
    pub files: Vec<FileMeta>,
    /// A fixed evaluation time (Unix seconds); `None` means "now".
    pub at: Option<i64>,
    /// SHA-256 of the certificate the user opened, if any.
    pub selected: Option<String>,
    /// The server settings panel (expected server behaviour).
    pub server: ServerSettings,
    /// SHA-256 of dropped self-signed roots the user does not trust.
    pub untrusted_roots: Vec<String>,
}

/// A file that was read into memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewFile {
    /// File name.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Something the user did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Files were dropped or picked.
    AddFiles(Vec<NewFile>),
    /// Text was pasted.
    Paste(String),
    /// A file was removed from the list.
    Remove(u32),
    /// Everything was removed.
    Clear,
    /// The user typed a password for a file (PKCS#12, encrypted key).
    SetPassword {
        /// The file.
        file: u32,
        /// The password; kept in memory only.
        password: String,
    },
    /// Evaluate at a fixed time (Unix seconds), or at "now" with `None`.
    SetTime(Option<i64>),
    /// Open (or close, with `None`) a certificate by SHA-256.
    Select(Option<String>),
    /// The server settings changed.
    SetServer(ServerSettings),
    /// Trust or stop trusting a dropped root (SHA-256) for this analysis.
    ToggleRootTrust(String),
}

/// The whole state: the view plus what must stay in memory.
#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    /// What the page shows (serialisable).
    pub view: ViewState,
    /// File bytes by id (memory only).
    contents: BTreeMap<u32, Rc<Vec<u8>>>,
    /// Passwords by file id (memory only; never serialised, never shown).
    passwords: BTreeMap<u32, String>,
    /// The analysis of the current files.
    pub report: Rc<Report>,
    /// The time the report was evaluated at (Unix seconds).
    pub evaluated_at: i64,
    next_id: u32,
}

impl AppState {
    /// An empty state, evaluated at `now`.
    pub fn new(now: i64) -> Self {
        Self {
            view: ViewState::default(),
            contents: BTreeMap::new(),
            passwords: BTreeMap::new(),
            report: Rc::new(analyze(&[], &Options::at(now))),
            evaluated_at: now,
            next_id: 1,
        }
    }

    /// The state after `action`, re-analysing at `now` when inputs changed.
    pub fn apply(&self, action: Action, now: i64) -> Self {
        let mut next = self.clone();
        match action {
            Action::AddFiles(files) => {
                for f in files {
                    next.push_file(f.name, f.bytes);
                }
            }
            Action::Paste(text) => {
                if text.trim().is_empty() {
                    return next;
                }
                let pastes = next.view.files.iter().filter(|f| f.name.starts_with(PASTED_NAME)).count();
                let name = if pastes == 0 { PASTED_NAME.to_string() } else { format!("{PASTED_NAME} {}", pastes + 1) };
                next.push_file(name, text.into_bytes());
            }
            Action::Remove(id) => {
                next.view.files.retain(|f| f.id != id);
                next.contents.remove(&id);
                next.passwords.remove(&id);
            }
            Action::Clear => {
                next.view.files.clear();
                next.view.selected = None;
                next.contents.clear();
                next.passwords.clear();
            }
            Action::SetPassword { file, password } => {
                if next.contents.contains_key(&file) {
                    next.passwords.insert(file, password);
                }
            }
            Action::SetTime(at) => next.view.at = at,
            Action::SetServer(settings) => next.view.server = settings,
            Action::ToggleRootTrust(sha256) => {
                if next.view.untrusted_roots.contains(&sha256) {
                    next.view.untrusted_roots.retain(|s| s != &sha256);
                } else {
                    next.view.untrusted_roots.push(sha256);
                }
            }
            Action::Select(sha256) => {
                next.view.selected = sha256;
                return next;
            }
        }
        next.reanalyse(now);
        next
    }

    /// Whether a password was given for `file`.
    pub fn has_password(&self, file: u32) -> bool {
        self.passwords.contains_key(&file)
    }

    /// The inputs for the core: bytes plus passwords.
    pub fn inputs(&self) -> Vec<InputFile> {
        self.view
            .files
            .iter()
            .map(|f| InputFile {
                name: f.name.clone(),
                bytes: self.contents.get(&f.id).map(|b| b.as_ref().clone()).unwrap_or_default(),
                password: self.passwords.get(&f.id).cloned(),
            })
            .collect()
    }

    fn push_file(&mut self, name: String, bytes: Vec<u8>) {
        let id = self.next_id;
        self.next_id = self.next_id.wrapping_add(1);
        self.view.files.push(FileMeta { id, name, size: bytes.len() });
        self.contents.insert(id, Rc::new(bytes));
    }

    fn reanalyse(&mut self, now: i64) {
        let at = self.view.at.unwrap_or(now);
        self.evaluated_at = at;
        let mut options = Options::at(at);
        options.server = self.view.server.clone();
        options.untrusted_roots = self.view.untrusted_roots.clone();
        self.report = Rc::new(analyze(&self.inputs(), &options));
        // A selection that no longer exists is dropped.
        if let Some(sel) = &self.view.selected {
            if !self.report.certificates.iter().any(|c| &c.view.sha256 == sel) {
                self.view.selected = None;
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_392_000; // 2026-11-23T00:00:00Z

    fn fixture(path: &str) -> NewFile {
        let full = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
        NewFile { name: path.rsplit('/').next().unwrap_or(path).into(), bytes: std::fs::read(full).unwrap() }
    }

    #[test]
    fn adding_files_analyses_them() {
        let s = AppState::new(NOW).apply(Action::AddFiles(vec![fixture("chain/ee_client.cer"), fixture("chain/root_ca.pem")]), NOW);
        assert_eq!(s.view.files.len(), 2);
        assert_eq!(s.report.files.len(), 2);
        assert_eq!(s.report.certificates.len(), 2);
        assert_eq!(s.report.evaluated_at, "2026-11-23T00:00:00Z");
    }

    #[test]
    fn garbage_gets_a_problem_and_removal_reanalyses() {
        let s = AppState::new(NOW).apply(
            Action::AddFiles(vec![NewFile { name: "junk.cer".into(), bytes: b"hello".to_vec() }, fixture("chain/ee_client.cer")]),
            NOW,
        );
        assert!(!s.report.files[0].problems.is_empty());
        let junk = s.view.files[0].id;
        let s = s.apply(Action::Remove(junk), NOW);
        assert_eq!(s.report.files.len(), 1);
        assert_eq!(s.report.files[0].name, "ee_client.cer");
    }

    #[test]
    fn pastes_are_numbered_and_blank_pastes_ignored() {
        let pem = String::from_utf8(fixture("chain/root_ca.pem").bytes).unwrap();
        let s = AppState::new(NOW).apply(Action::Paste(pem.clone()), NOW).apply(Action::Paste("  \n".into()), NOW);
        let s = s.apply(Action::Paste(pem), NOW);
        let names: Vec<_> = s.view.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["pasted text", "pasted text 2"]);
        // The same certificate twice is one certificate in the report.
        assert_eq!(s.report.certificates.len(), 1);
    }

    #[test]
    fn passwords_reach_the_core_but_never_the_view() {
        let s = AppState::new(NOW).apply(Action::AddFiles(vec![fixture("chain/ee_client.cer")]), NOW);
        let id = s.view.files[0].id;
        let s = s.apply(Action::SetPassword { file: id, password: "hunter2".into() }, NOW);
        assert!(s.has_password(id));
        assert_eq!(s.inputs()[0].password.as_deref(), Some("hunter2"));
        let json = serde_json::to_string(&s.view).unwrap();
        assert!(!json.contains("hunter2"), "{json}");
        let back: ViewState = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s.view);
        // Removing the file forgets its password.
        let s = s.apply(Action::Remove(id), NOW);
        assert!(!s.has_password(id));
    }

    #[test]
    fn fixed_time_changes_the_verdict() {
        let s = AppState::new(NOW).apply(Action::AddFiles(vec![fixture("chain/ee_client.cer")]), NOW);
        assert_eq!(s.report.certificates[0].view.validity.state, crate::model::ValidityState::Valid);
        let s = s.apply(Action::SetTime(Some(NOW + 3 * 365 * 86_400)), NOW);
        assert_eq!(s.report.certificates[0].view.validity.state, crate::model::ValidityState::Expired);
        let s = s.apply(Action::SetTime(None), NOW);
        assert_eq!(s.evaluated_at, NOW);
    }

    #[test]
    fn server_settings_reach_the_prediction() {
        use crate::server::settings::{Revocation, SslMode};
        let s = AppState::new(NOW).apply(Action::AddFiles(vec![fixture("pkcs12/ee_client_noenc.pfx"), fixture("chain/root_ca.cer")]), NOW);
        let before = s.report.server.clone().map(|r| r.outcome);
        let settings = ServerSettings { ssl: SslMode::Ignore, revocation: Revocation::Off, ..ServerSettings::default() };
        let s = s.apply(Action::SetServer(settings.clone()), NOW);
        assert_eq!(s.view.server, settings);
        let after = s.report.server.clone().map(|r| r.outcome);
        assert!(after.is_some());
        assert_ne!(before, after);
        // The settings are part of the serialisable view.
        let json = serde_json::to_string(&s.view).unwrap();
        assert!(json.contains("\"ssl\":\"ignore\""), "{json}");
    }

    #[test]
    fn untrusting_a_root_changes_the_hierarchy() {
        use crate::chain::AnchorTrust;
        let s = AppState::new(NOW).apply(
            Action::AddFiles(vec![fixture("chain/ee_client.cer"), fixture("chain/int_ca.cer"), fixture("chain/root_ca.cer")]),
            NOW,
        );
        let trust = |s: &AppState| s.report.hierarchy.tree.first().and_then(|n| n.anchor_trust);
        assert_eq!(trust(&s), Some(AnchorTrust::TrustedForAnalysis));
        let root = s.report.certificates.iter().find(|c| c.view.self_issued).unwrap().view.sha256.clone();
        let s = s.apply(Action::ToggleRootTrust(root.clone()), NOW);
        assert_eq!(trust(&s), Some(AnchorTrust::Untrusted));
        let s = s.apply(Action::ToggleRootTrust(root), NOW);
        assert_eq!(trust(&s), Some(AnchorTrust::TrustedForAnalysis));
    }

    #[test]
    fn selection_is_dropped_when_its_certificate_goes() {
        let s = AppState::new(NOW).apply(Action::AddFiles(vec![fixture("chain/ee_client.cer")]), NOW);
        let sha = s.report.certificates[0].view.sha256.clone();
        let s = s.apply(Action::Select(Some(sha.clone())), NOW);
        assert_eq!(s.view.selected, Some(sha));
        let s = s.apply(Action::Clear, NOW);
        assert_eq!(s.view.selected, None);
        assert!(s.report.certificates.is_empty());
    }
}
