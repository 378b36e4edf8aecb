//! The serialisable result of a prediction: outcome, branches, trace, traps, timeline.

use serde::{Deserialize, Serialize};

use crate::diag::Code;

/// How one step of the handshake went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepStatus {
    /// The step succeeds.
    Passed,
    /// The step fails.
    Failed,
    /// It depends on something certlens does not know.
    Unknown,
    /// The step does not run with these settings.
    Skipped,
}

/// How to fix a failing step.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// What to do, in plain words.
    pub text: String,
    /// Exact commands, in the order to run them, each quoted for its shell
    /// (serialised as strings).
    pub commands: Vec<crate::command::Command>,
    /// Where the rule comes from: public references only (KB numbers, RFC sections, tool documentation).
    pub reference: String,
}

/// One URL the server would try (CRL, OCSP, AIA).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UrlCheck {
    /// The URL.
    pub url: String,
    /// Its class (`internet http`, `intranet http`, `LDAP`, `https`, `other`).
    pub class: String,
    /// `yes`, `no` or `unknown`: can the server reach it.
    pub reachable: String,
}

/// One step of the trace, in handshake order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// Stable id: `certificate-selection`, `ssl-settings`, `chain-trust`,
    /// `validity`, `usage`, `revocation`, `mapping` (client mode); `name`,
    /// `usage`, `chain`, `validity`, `algorithms` (server mode).
    pub step: String,
    /// Short title.
    pub title: String,
    /// Passed / failed / unknown / skipped.
    pub status: StepStatus,
    /// The certificate it concerns (subject).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
    /// Index into the report's `certificates`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate_index: Option<usize>,
    /// The URL it concerns (the one that decides).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// What certlens saw, plain words first.
    pub evidence: String,
    /// Every URL tried, CDP by CDP.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub urls: Vec<UrlCheck>,
    /// The fix, for a failed or unknown step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
    /// False when an earlier step already decided the outcome (the server never gets here).
    pub reached: bool,
}

/// A branch of the verdict when an input is unknown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branch {
    /// The condition, plain words.
    #[serde(rename = "if")]
    pub condition: String,
    /// The outcome under that condition.
    pub outcome: String,
    /// The same condition as data: the settings it assumes, in order
    /// (`private-key` = `yes`, `reach.ldap` = `no`, `browser` = `firefox`).
    /// [`crate::server::ServerSettings::assume`] applies one, so a page can
    /// offer each unknown as a toggle without reading `condition`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assumes: Vec<Assumption>,
}

/// One setting a branch assumes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assumption {
    /// The setting, as [`crate::server::ServerSettings::assume`] names it.
    pub setting: String,
    /// Its value (the setting's serde name: `yes`, `no`, `chromium`, ...).
    pub value: String,
}

/// A known trap that applies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trap {
    /// Stable code, e.g. `mapping-on-virtual-directory`.
    pub code: Code,
    /// Plain words.
    pub message: String,
    /// What to do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

/// A moment when the outcome changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// When, RFC 3339.
    pub at: String,
    /// When, Unix seconds.
    pub at_unix: i64,
    /// The outcome from then on.
    pub outcome: String,
    /// Why it changes.
    pub because: String,
}

/// What the server (or browser) is predicted to do.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerReport {
    /// `client-certificate` or `server-certificate`.
    pub mode: String,
    /// The predicted outcome: `200`, `403.7`, `403.13`, `403.16`, `403.17`,
    /// `401.1`, `401.2`, `no-certificate-offered`, or `depends` (see
    /// `outcome_if`). Server mode: `trusted`, `name-mismatch`, `untrusted`,
    /// `expired`, `wrong-usage`, `weak-algorithm`, `validity-too-long`.
    pub outcome: String,
    /// The HTTP status the server sends, when it differs from `outcome`
    /// (e.g. `403.7` when no certificate is offered to a site that requires one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_status: Option<String>,
    /// Branches when an input is unknown (empty when the outcome is certain).
    pub outcome_if: Vec<Branch>,
    /// One sentence a help-desk person can act on.
    pub summary: String,
    /// Win32 / CryptoAPI status, e.g. `0x800B0109`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub win32: Option<String>,
    /// Windows event id, e.g. 36885.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<u32>,
    /// The steps in handshake order.
    pub trace: Vec<Step>,
    /// Known traps that apply.
    pub traps: Vec<Trap>,
    /// When the outcome changes after the evaluation time.
    pub timeline: Vec<TimelineEntry>,
}
