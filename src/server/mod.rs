//! Expected server behaviour: what IIS / HTTP.sys / Schannel does with a
//! client certificate, and what browsers do with a server certificate.
//!
//! - [`settings`]: the server settings panel (defaults: IIS 10, a site that
//!   requires client certificates, revocation on).
//! - [`facts`]: the small set of facts the engine needs about the
//!   certificate and its chain ([`facts::ClientFacts`]).
//! - [`engine`]: the rules, a pure function [`predict`].
//! - [`trace`]: the result ([`ServerReport`]) with its step-by-step trace.
//! - [`fixes`]: commands and references for each fix.
//! - [`browser`]: server-certificate mode (host name → what browsers do).
//! - [`adapter`]: builds the facts from a report.
//! - [`mapping`]: the Active Directory mapping helper (altSecurityIdentities values, commands).
//! - [`audit`]: the trust-store audit (issuer-list size, roots that break client authentication).
//! - [`shell`]: commands from typed parts, quoted per shell.

pub mod adapter;
pub mod audit;
pub mod browser;
pub mod engine;
pub mod facts;
pub mod fixes;
pub mod mapping;
pub mod settings;
pub mod shell;
pub mod trace;

#[cfg(test)]
mod tests;

pub use engine::predict;
pub use facts::ClientFacts;
pub use settings::ServerSettings;
pub use trace::{Mode, Outcome, ServerReport};
