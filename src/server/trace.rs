//! The serialisable result of a prediction: outcome, branches, trace, traps, timeline.

use serde::{Deserialize, Serialize};

use crate::diag::Code;

/// Which verdict a [`ServerReport`] gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// What IIS does with a client certificate.
    ClientCertificate,
    /// What browsers do with a server certificate.
    ServerCertificate,
    /// Only CA certificates were dropped: a trust-store audit, no verdict.
    TrustStore,
}

impl Mode {
    /// The stable string (the JSON form).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::ClientCertificate => "client-certificate",
            Self::ServerCertificate => "server-certificate",
            Self::TrustStore => "trust-store",
        }
    }
}

impl std::fmt::Display for Mode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Declares [`Outcome`] from `Variant = "string"` pairs: the enum, its serde
/// names, [`Outcome::as_str`] and [`Outcome::ALL`] come from the one list.
macro_rules! outcomes {
    ($( $(#[doc = $doc:literal])* $variant:ident = $text:literal, )*) => {
        /// A predicted outcome, serialised as its stable string (`200`, `403.16`,
        /// `no-certificate-offered`, `trusted`, …).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Outcome {
            $( $(#[doc = $doc])* #[serde(rename = $text)] $variant, )*
        }

        impl Outcome {
            /// Every outcome, in declaration order.
            pub const ALL: &'static [Outcome] = &[$(Outcome::$variant),*];

            /// The stable string (the JSON form).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Outcome::$variant => $text,)*
                }
            }
        }
    };
}

outcomes! {
    // Client-certificate mode: IIS status codes and the cases without one.
    /// IIS accepts the request.
    Status200 = "200",
    /// A client certificate is required and none arrives.
    Status403_7 = "403.7",
    /// The certificate is revoked, or revocation cannot be checked.
    Status403_13 = "403.13",
    /// The chain is not trusted or not valid for client authentication.
    Status403_16 = "403.16",
    /// A certificate of the chain is expired or not yet valid.
    Status403_17 = "403.17",
    /// Logon fails: the certificate's mapping leads to no usable account.
    Status401_1 = "401.1",
    /// No account is found because of the configuration (mapping set where IIS ignores it, the directory mapper off).
    Status401_2 = "401.2",
    /// The browser offers no certificate (the "choose a certificate" dialog stays empty).
    NoCertificateOffered = "no-certificate-offered",
    /// No certificate was dropped: nothing to predict.
    NoCertificate = "no-certificate",
    /// It depends on an input certlens cannot see: see `outcome_if`.
    Depends = "depends",
    /// Only a trust store was dropped: an audit, no verdict.
    TrustStore = "trust-store",
    // Server-certificate mode: what browsers do.
    /// Browsers accept the certificate.
    Trusted = "trusted",
    /// The host name is not in the certificate.
    NameMismatch = "name-mismatch",
    /// The chain does not lead to a root browsers trust, or is invalid.
    Untrusted = "untrusted",
    /// The certificate is out of its validity period.
    Expired = "expired",
    /// The certificate is revoked.
    Revoked = "revoked",
    /// The certificate is not for server authentication.
    WrongUsage = "wrong-usage",
    /// A weak signature algorithm or key.
    WeakAlgorithm = "weak-algorithm",
}

impl Outcome {
    /// Whether the outcome is a success (`Some(true)`), a failure
    /// (`Some(false)`), or neither (`None`: it depends, or there is no verdict).
    pub const fn is_good(self) -> Option<bool> {
        match self {
            Self::Status200 | Self::Trusted => Some(true),
            Self::Depends | Self::TrustStore => None,
            Self::Status403_7
            | Self::Status403_13
            | Self::Status403_16
            | Self::Status403_17
            | Self::Status401_1
            | Self::Status401_2
            | Self::NoCertificateOffered
            | Self::NoCertificate
            | Self::NameMismatch
            | Self::Untrusted
            | Self::Expired
            | Self::Revoked
            | Self::WrongUsage
            | Self::WeakAlgorithm => Some(false),
        }
    }

    /// The outcome as the clause of a sentence ("IIS accepts it (200)", "the browser offers no
    /// certificate", "browsers warn that its chain is not trusted"): the words of a branch in
    /// the summary, the CLI, the Markdown report and the page.
    pub fn clause(self) -> std::borrow::Cow<'static, str> {
        match self {
            Self::Status200 => "IIS accepts it (200)".into(),
            Self::Status403_7 | Self::Status403_13 | Self::Status403_16 | Self::Status403_17 | Self::Status401_1 | Self::Status401_2 => format!("IIS refuses it ({self})").into(),
            Self::NoCertificateOffered => "the browser offers no certificate".into(),
            Self::Depends => "it still depends".into(),
            Self::NoCertificate => "there is no certificate to judge".into(),
            Self::TrustStore => "it is a trust store, not a certificate to judge".into(),
            Self::Trusted => "browsers accept it".into(),
            Self::NameMismatch => "browsers warn that the host name is not in it".into(),
            Self::Untrusted => "browsers warn that its chain is not trusted".into(),
            Self::Expired => "browsers warn that it is out of its validity period".into(),
            Self::WrongUsage => "browsers refuse it (not for server authentication)".into(),
            Self::WeakAlgorithm => "browsers refuse its weak algorithm".into(),
            Self::Revoked => "browsers refuse it (revoked)".into(),
        }
    }

    /// Whether the outcome is an HTTP status IIS sends (`200`, `403.16`, …).
    pub const fn is_http_status(self) -> bool {
        matches!(
            self,
            Self::Status200
                | Self::Status403_7
                | Self::Status403_13
                | Self::Status403_16
                | Self::Status403_17
                | Self::Status401_1
                | Self::Status401_2
        )
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Outcome {
    type Err = UnknownOutcome;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Outcome::ALL.iter().copied().find(|o| o.as_str() == s).ok_or(UnknownOutcome)
    }
}

/// A string that is no [`Outcome`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownOutcome;

impl std::fmt::Display for UnknownOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a certlens outcome")
    }
}

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

/// A `depends` verdict in one line: each possible outcome once, successes first, each as its
/// own clause ("It depends on what certlens cannot see: IIS accepts it (200), refuses it
/// (403.13), or the browser offers no certificate"); when none is a success, "IIS does not
/// accept it, whatever certlens cannot see: …". A server certificate's outcomes are said of
/// `browser` when one is given ("Firefox accepts it, or warns that …"). The summary, the CLI,
/// the Markdown report and the page's verdict bar all say it so.
pub fn depends_headline(outcomes: &[Outcome], server_mode: bool, browser: Option<&str>) -> String {
    let good = |o: &Outcome| o.is_good() == Some(true);
    let mut seen: Vec<Outcome> = Vec::new();
    for o in outcomes.iter().filter(|o| good(o)).chain(outcomes.iter().filter(|o| !good(o))) {
        if !seen.contains(o) {
            seen.push(*o);
        }
    }
    // A clause with the same subject as the one before it drops the subject
    // ("IIS accepts it (200), refuses it (403.13), refuses it (403.16)").
    let mut previous: Option<&str> = None;
    let clauses: Vec<String> = seen
        .iter()
        .map(|o| {
            let clause = o.clause().into_owned();
            let subject = ["IIS ", "browsers "].into_iter().find(|s| clause.starts_with(s));
            let same = subject.is_some() && subject == previous;
            previous = subject;
            let stripped = subject.filter(|_| same).and_then(|s| clause.strip_prefix(s));
            match (clause.strip_prefix("browsers ").zip(browser), stripped) {
                // Said of the chosen browser: its name once, then its verbs.
                (Some((rest, name)), None) => format!("{name} {}", said_of_one(rest)),
                (Some((rest, _)), Some(_)) => said_of_one(rest),
                (None, Some(rest)) => rest.to_string(),
                (None, None) => clause,
            }
        })
        .collect();
    let list = match clauses.as_slice() {
        [] => return "It depends on what certlens cannot see".to_string(),
        [one] => one.clone(),
        [init @ .., last] => format!("{}, or {last}", init.join(", ")),
    };
    if seen.iter().any(good) {
        format!("It depends on what certlens cannot see: {list}")
    } else {
        let who = match browser.filter(|_| server_mode) {
            Some(name) => format!("{name} does not accept it"),
            None if server_mode => "Browsers do not accept it".into(),
            None => "IIS does not accept it".into(),
        };
        format!("{who}, whatever certlens cannot see: {list}")
    }
}

/// What browsers do, said of one: "warn that …" → "warns that …".
pub fn said_of_one(browsers_do: &str) -> String {
    let (verb, tail) = browsers_do.split_at(browsers_do.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(browsers_do.len()));
    format!("{verb}s{tail}")
}

/// A branch of the verdict when an input is unknown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branch {
    /// The condition, plain words.
    #[serde(rename = "if")]
    pub condition: String,
    /// The outcome under that condition.
    pub outcome: Outcome,
    /// The same condition as data: the settings it assumes, in order
    /// (`private-key` = `yes`, `reach.ldap` = `no`, `browser` = `firefox`).
    /// [`crate::server::ServerSettings::assume`] applies one, so a page can
    /// offer each unknown as a toggle without reading `condition`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assumes: Vec<Assumption>,
}

impl Branch {
    /// The branch as one clause: "IIS refuses it (403.13) if the server cannot reach …", as the
    /// summary, the CLI and the Markdown list it.
    pub fn sentence(&self) -> String {
        format!("{} if {}", self.outcome.clause(), self.condition)
    }
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
    pub outcome: Outcome,
    /// Why it changes.
    pub because: String,
}

/// What the server (or browser) is predicted to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerReport {
    /// `client-certificate`, `server-certificate`, or `trust-store` (an audit, no verdict).
    pub mode: Mode,
    /// The predicted outcome: `200`, `403.7`, `403.13`, `403.16`, `403.17`,
    /// `401.1`, `401.2`, `no-certificate-offered`, or `depends` (see
    /// `outcome_if`), `no-certificate` (nothing dropped), `trust-store` (an
    /// audit). Server mode: `trusted`, `name-mismatch`, `untrusted`, `expired`,
    /// `revoked`, `wrong-usage`, `weak-algorithm`.
    pub outcome: Outcome,
    /// The HTTP status the server sends, when it differs from `outcome`
    /// (e.g. `403.7` when no certificate is offered to a site that requires one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_status: Option<Outcome>,
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
    /// What a dropped IIS request log shows the server answered, set against this prediction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<String>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_and_modes_serialise_as_their_strings() {
        let mut seen = std::collections::HashSet::new();
        for &o in Outcome::ALL {
            assert!(seen.insert(o.as_str()), "{o} twice");
            let json = serde_json::to_string(&o).unwrap();
            assert_eq!(json, format!("\"{o}\""));
            assert_eq!(serde_json::from_str::<Outcome>(&json).unwrap(), o);
            assert_eq!(o.as_str().parse::<Outcome>(), Ok(o));
        }
        assert_eq!(serde_json::to_string(&Outcome::Status403_7).unwrap(), "\"403.7\"");
        assert_eq!(serde_json::to_string(&Outcome::Status403_16).unwrap(), "\"403.16\"");
        for m in [Mode::ClientCertificate, Mode::ServerCertificate, Mode::TrustStore] {
            assert_eq!(serde_json::to_string(&m).unwrap(), format!("\"{m}\""));
        }
        for bad in ["403", "403.8", "Trusted", "validity-too-long", ""] {
            assert!(serde_json::from_str::<Outcome>(&format!("\"{bad}\"")).is_err(), "{bad}");
            assert_eq!(bad.parse::<Outcome>(), Err(UnknownOutcome));
        }
        assert!(serde_json::from_str::<Mode>("\"client\"").is_err());
    }

    #[test]
    fn good_and_http_outcomes() {
        assert_eq!(Outcome::Status200.is_good(), Some(true));
        assert_eq!(Outcome::Trusted.is_good(), Some(true));
        assert_eq!(Outcome::Depends.is_good(), None);
        assert_eq!(Outcome::TrustStore.is_good(), None);
        assert_eq!(Outcome::Status403_16.is_good(), Some(false));
        assert_eq!(Outcome::NoCertificateOffered.is_good(), Some(false));
        let http: Vec<&str> = Outcome::ALL.iter().filter(|o| o.is_http_status()).map(|o| o.as_str()).collect();
        assert_eq!(http, ["200", "403.7", "403.13", "403.16", "403.17", "401.1", "401.2"]);
    }
}
