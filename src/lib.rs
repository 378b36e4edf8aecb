//! certlens: a certificate inspector.
//!
//! The core is pure Rust with no web dependencies. It is layered, each layer a
//! module that depends only on the ones before it (tests/layers.rs checks the
//! imports):
//!
//! `diag`, `der`, `text` (diagnostics as data, DER, words; used by all) →
//! `model` (a certificate as the app understands it) → `input` (bytes → typed
//! items) → `chain` (building, signatures, validation, the trust decision) →
//! `found` (each file and certificate found) → `server` (expected server
//! behaviour) → `report` (the serialisable result). [`analysis`] runs them as
//! one visible pipeline (decode → arena of certificates parsed once → key
//! matching → chains → server prediction).
//!
//! [`analyze`] is the one entry point: files + options in, [`report::Report`]
//! out. It never reads the clock, the network or the file system; the
//! evaluation time is an option. The CLI (`cli`, native) and the Yew app
//! (`ui`, wasm32) only render reports.
#![warn(missing_docs)]

pub mod analysis;
pub mod chain;
pub mod command;
pub mod der;
pub mod diag;
pub mod found;
pub mod input;
pub mod model;
mod par;
pub mod report;
pub mod server;
pub mod text;
#[cfg(test)]
mod test_support;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod ui;

pub use input::InputFile;
pub use report::{Diagnostic, Options, Report, Severity};

/// Analyse everything that was dropped, at the evaluation time in `options`.
///
/// Pure and deterministic: the same files and options give the same report.
pub fn analyze(files: &[InputFile], options: &Options) -> Report {
    analysis::run(files, options)
}

/// [`analyze`], telling `progress` how far it is (certificates read, certificates
/// chained): the web app's worker shows it as a progress bar. The same report.
pub fn analyze_with_progress(files: &[InputFile], options: &Options, progress: &mut dyn FnMut(analysis::Progress)) -> Report {
    analysis::run_with_progress(files, options, progress)
}
