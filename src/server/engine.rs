//! The rules: what IIS / HTTP.sys / Schannel does with a client certificate.
//!
//! [`predict`] is pure: facts + settings + time → [`ServerReport`]. Steps run
//! in handshake order; the first failing step decides the outcome, later
//! steps are still shown (marked `reached: false`) so that every problem can
//! be fixed at once. Inputs that are "unknown" (reachability, the CRL cache,
//! the private key) make the verdict branch: each is tried both ways.

use crate::model::keys::WeakHash;
use super::facts::{classify_url, CertFacts, ChainStatus, ClientFacts, CrlEvidence, KeyPresence, UrlClass, EKU_CLIENT_AUTH};
use super::fixes::{self, refs};
use super::settings::{
    explain_cert_check_mode, Ctl, Mapping, MappingScope, PrivateKey, Product, Proxy, Reach, Revocation, ServerSettings,
    SslMode, StrongMapping, TlsVersion, Trust,
};
use super::trace::{Assumption, Branch, Fix, Mode, Outcome, ServerReport, Step, StepStatus, TimelineEntry, Trap, UrlCheck};
use crate::model::rfc3339_from_unix;
use crate::diag::Code;
use crate::input::certutil;

/// Most change points the timeline looks at.
const TIMELINE_BUDGET: usize = 64;

/// What decided the outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Decision {
    outcome: Outcome,
    http_status: Option<Outcome>,
    summary: String,
    win32: Option<&'static str>,
    event: Option<u32>,
}

impl Decision {
    fn new(outcome: Outcome, summary: String) -> Self {
        Self { outcome, http_status: None, summary, win32: None, event: None }
    }
    fn win32(mut self, code: &'static str) -> Self {
        self.win32 = Some(code);
        self
    }
}

/// One evaluation with every input resolved as far as it is.
struct Eval {
    decision: Option<Decision>,
    trace: Vec<Step>,
    unknown: bool,
}

impl Eval {
    /// The outcome: the decision's, else 200 when every step passed, else "it depends".
    fn outcome(&self) -> Outcome {
        self.decision.as_ref().map_or(if self.unknown { Outcome::Depends } else { Outcome::Status200 }, |d| d.outcome)
    }
}

struct Tracer {
    steps: Vec<Step>,
    decision: Option<Decision>,
    unknown: bool,
    /// The steps' fixes are made (not when only the outcome is wanted: the branches' tree).
    fixes: bool,
}

impl Tracer {
    /// A step with the fix that `fix` makes, made only when the trace is shown ([`Tracer::fixes`]).
    fn push_fix(&mut self, mut step: Step, fix: impl FnOnce() -> Fix, decides: Option<Decision>) {
        if self.fixes {
            step.fix = Some(fix());
        }
        self.push(step, decides);
    }

    fn push(&mut self, mut step: Step, decides: Option<Decision>) {
        step.reached = self.decision.is_none();
        if step.status == StepStatus::Unknown && step.reached {
            self.unknown = true;
        }
        if self.decision.is_none() {
            self.decision = decides;
        }
        self.steps.push(step);
    }
}

fn step(id: &str, title: &str, status: StepStatus, cert: Option<&CertFacts>, evidence: String) -> Step {
    Step {
        step: id.into(),
        title: title.into(),
        status,
        certificate: cert.map(|c| c.subject.clone()),
        certificate_index: cert.and_then(|c| c.report_index),
        url: None,
        evidence,
        urls: Vec::new(),
        fix: None,
        reached: true,
    }
}

fn key_presence(facts: &ClientFacts, settings: &ServerSettings) -> KeyPresence {
    match settings.private_key {
        PrivateKey::Yes => KeyPresence::Present,
        PrivateKey::No => KeyPresence::Absent,
        PrivateKey::Auto => facts.private_key,
    }
}

fn reach_of(settings: &ServerSettings, class: UrlClass) -> Reach {
    match class {
        UrlClass::Internet => settings.reach.internet,
        UrlClass::Intranet => settings.reach.intranet,
        UrlClass::Ldap => settings.reach.ldap,
        UrlClass::Https => settings.reach.https,
        UrlClass::Other => Reach::No,
    }
}

fn reach_word(r: Reach) -> &'static str {
    match r {
        Reach::Yes => "yes",
        Reach::No => "no",
        Reach::Unknown => "unknown",
    }
}

use crate::model::date_only as date;

/// Status sent when no certificate arrives.
fn no_cert_status(settings: &ServerSettings) -> Outcome {
    match settings.ssl {
        SslMode::Require => Outcome::Status403_7,
        _ => Outcome::Status200,
    }
}

fn no_cert_decision(settings: &ServerSettings, outcome: Option<Outcome>, why: &str) -> Decision {
    let status = no_cert_status(settings);
    let tail = if status == Outcome::Status403_7 {
        "the site requires one, so IIS answers 403.7 (client certificate required)"
    } else {
        "the site only accepts one, so the page loads without a certificate"
    };
    let mut d = Decision::new(outcome.unwrap_or(Outcome::NoCertificateOffered), format!("{why}; {tail}."));
    if d.outcome != status {
        d.http_status = Some(status);
    }
    d
}

/// The CAs of the chain (everything after the leaf).
fn cas(facts: &ClientFacts) -> impl Iterator<Item = &CertFacts> {
    facts.chain.iter().skip(1)
}

fn trust_store_bytes(facts: &ClientFacts, settings: &ServerSettings) -> Option<u32> {
    settings.issuer_list_bytes.or_else(|| {
        facts.trust_store.as_ref().map(|s| super::audit::issuer_list_size(s.iter().map(|c| c.subject_der_len)))
    })
}

// ---------------------------------------------------------------- steps

fn selection(facts: &ClientFacts, settings: &ServerSettings, leaf: &CertFacts, t: &mut Tracer) {
    const ID: &str = "certificate-selection";
    const TITLE: &str = "Issuer list and certificate selection";
    if settings.ssl == SslMode::Ignore {
        t.push(
            step(ID, TITLE, StepStatus::Skipped, Some(leaf), "The site ignores client certificates, so the browser is never asked for one.".into()),
            None,
        );
        return;
    }
    if settings.tls == TlsVersion::Tls13 {
        let s = step(
            ID,
            TITLE,
            StepStatus::Failed,
            Some(leaf),
            "The connection uses TLS 1.3 and the binding does not have client certificate negotiation turned on: HTTP.sys cannot ask for a certificate later in TLS 1.3, so the browser is never asked (no dialog at all).".into(),
        );
        let d = no_cert_decision(settings, Some(no_cert_status(settings)), "IIS never asks for a certificate over TLS 1.3 without clientcertnegotiation on the binding");
        t.push_fix(s, || fixes::tls13(settings), Some(d));
        return;
    }
    let mut problems: Vec<(String, Fix)> = Vec::new();
    let mut unknowns: Vec<(String, Fix)> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    match key_presence(facts, settings) {
        KeyPresence::Present => notes.push("the private key is in the user's store".into()),
        KeyPresence::Absent => problems.push((
            "the user's store does not hold the private key of this certificate (a .cer file has none), and the browser only offers certificates with their key".into(),
            fixes::private_key_missing(leaf),
        )),
        KeyPresence::Unknown => unknowns.push((
            "the files do not show whether the user's store holds the private key (a .cer carries none); without it the browser does not offer the certificate".into(),
            fixes::private_key_missing(leaf),
        )),
    }
    if !leaf.allows_eku(EKU_CLIENT_AUTH) {
        let ekus = eku_words(leaf.eku.as_deref());
        problems.push((
            format!("the certificate is not meant for client authentication: its extended key usage ({ekus}) lacks Client Authentication (1.3.6.1.5.5.7.3.2)"),
            fixes::reissue_client_auth(leaf, "it needs the Client Authentication EKU"),
        ));
    } else if !leaf.allows_client_auth() {
        problems.push((
            format!("the certificate is not meant for client authentication: {}", app_policies_text(leaf)),
            fixes::reissue_client_auth(leaf, "its application policies must include Client Authentication (or leave the extension out)"),
        ));
    }
    if !leaf.ku_allows_signature() {
        let ku = leaf.key_usage.as_ref().map(|k| k.join(", ")).unwrap_or_default();
        problems.push((
            format!("its key usage ({ku}) lacks digitalSignature, which client authentication needs"),
            fixes::reissue_client_auth(leaf, "its key usage must include digitalSignature"),
        ));
    }
    for ca in cas(facts) {
        if !ca.allows_eku(EKU_CLIENT_AUTH) {
            let ekus = eku_words(ca.eku.as_deref());
            problems.push((
                format!("the CA certificate {} restricts its certificates to {ekus}, which excludes Client Authentication", ca.name()),
                fixes::ca_eku(ca),
            ));
        } else if !ca.allows_client_auth() {
            problems.push((format!("the CA certificate {}: {}", ca.name(), app_policies_text(ca)), fixes::ca_eku(ca)));
        }
    }
    if settings.send_issuer_list {
        let root = facts.root();
        let listed = match (settings.trust, &facts.trust_store, root) {
            (_, _, None) => false,
            (Trust::NotTrusted, _, _) => false,
            (_, Some(store), Some(r)) => store.iter().any(|c| c.sha256 == r.sha256 || c.subject == r.subject),
            (_, None, Some(_)) => true,
        };
        if listed {
            notes.push("the server sends its list of trusted issuers and the client's root is on it".into());
        } else {
            problems.push((
                "the server sends a list of trusted issuers (SendTrustedIssuerList=1) and the client's root CA is not on it, so the browser hides the certificate".into(),
                fixes::issuer_list(root, settings),
            ));
        }
        if let Some(bytes) = trust_store_bytes(facts, settings) {
            let limit = settings.issuer_list_limit();
            if bytes > limit {
                unknowns.push((
                    format!("the issuer list is {} bytes, over the {} KB limit: Schannel cuts it (event 36885) and the client's CA may be cut off", crate::text::grouped(bytes), limit / 1024),
                    fixes::issuer_list(root, settings),
                ));
            } else {
                notes.push(format!("the issuer list is {} bytes, within the {} KB limit", crate::text::grouped(bytes), limit / 1024));
            }
        }
    } else {
        notes.push("the server sends no issuer list (SendTrustedIssuerList=0, the default since Windows Server 2012), so the browser lists every certificate that has its key and allows client authentication".into());
    }
    if let Some((first, fix)) = problems.first() {
        let all: Vec<String> = problems.iter().map(|(p, _)| p.clone()).collect();
        let s = step(ID, TITLE, StepStatus::Failed, Some(leaf), format!("The browser will not offer this certificate (the \"choose a certificate\" dialog stays empty): {}.", all.join("; ")));
        let why = format!("The browser will not offer the certificate of {} because {first}", leaf.name());
        t.push_fix(s, || fix.clone(), Some(no_cert_decision(settings, None, &why)));
    } else if let Some((first, fix)) = unknowns.first() {
        let s = step(ID, TITLE, StepStatus::Unknown, Some(leaf), format!("Whether the browser offers this certificate is not certain: {}. Also: {}.", first, notes.join("; ")));
        t.push_fix(s, || fix.clone(), None);
    } else {
        t.push(step(ID, TITLE, StepStatus::Passed, Some(leaf), format!("The browser offers this certificate: {}.", notes.join("; "))), None);
    }
}

fn ssl_settings(settings: &ServerSettings, leaf: &CertFacts, t: &mut Tracer) {
    const ID: &str = "ssl-settings";
    const TITLE: &str = "IIS SSL settings";
    match settings.ssl {
        SslMode::Ignore => {
            let s = step(ID, TITLE, StepStatus::Passed, None, "SSL settings: Ignore client certificates. The page loads without one; nothing below is checked.".into());
            let mut d = Decision::new(Outcome::Status200, "200: the site ignores client certificates, so the page loads without one and nothing about this certificate is checked.".into());
            if settings.mapping != Mapping::None {
                d.summary.push_str(" The certificate mapping therefore never runs.");
            }
            t.push_fix(s, fixes::ssl_require, Some(d));
            return;
        }
        SslMode::Accept | SslMode::Require => {}
    }
    if settings.proxy == Proxy::TlsTerminating {
        let s = step(
            ID,
            TITLE,
            StepStatus::Failed,
            Some(leaf),
            "A proxy or load balancer ends the TLS connection before IIS, so IIS never receives the client certificate.".into(),
        );
        let d = no_cert_decision(settings, Some(no_cert_status(settings)), "A TLS-terminating proxy or load balancer sits in front of IIS, so IIS never sees the certificate");
        t.push_fix(s, || fixes::proxy_bypass(true), Some(d));
        return;
    }
    let text = match settings.ssl {
        SslMode::Require => "SSL settings: Require client certificates (sslFlags SslRequireCert): without a certificate IIS answers 403.7.",
        _ => "SSL settings: Accept client certificates (sslFlags SslNegotiateCert): a certificate is checked when the browser sends one.",
    };
    t.push(step(ID, TITLE, StepStatus::Passed, Some(leaf), text.into()), None);
}

fn chain_trust(facts: &ClientFacts, settings: &ServerSettings, leaf: &CertFacts, t: &mut Tracer) {
    const ID: &str = "chain-trust";
    const TITLE: &str = "Chain building and trust";
    let chain_names: Vec<String> = facts.chain.iter().map(CertFacts::name).collect();
    let chain_text = chain_names.join(" → ");
    let fail_with = |t: &mut Tracer, cert: Option<&CertFacts>, evidence: String, fix: Fix, summary: String, code: Option<&'static str>| {
        let s = step(ID, TITLE, StepStatus::Failed, cert, evidence);
        let d = Decision::new(Outcome::Status403_16, summary);
        t.push_fix(s, || fix, Some(match code {
            Some(c) => d.win32(c),
            None => d,
        }));
    };
    let fail = |t: &mut Tracer, cert: Option<&CertFacts>, evidence: String, fix: Fix, summary: String, code: &'static str| {
        fail_with(t, cert, evidence, fix, summary, Some(code));
    };
    match &facts.chain_status {
        ChainStatus::MissingIssuer { issuer, aia_urls } => {
            missing_issuer(facts, settings, leaf, issuer, aia_urls, t);
            return;
        }
        ChainStatus::BadSignature { index } => {
            let cert = facts.chain.get(*index).unwrap_or(leaf);
            let ev = format!("The signature on {} does not verify with its issuer's key: the certificate was altered or the wrong issuer was used.", cert.name());
            let summary = format!("403.16: the certificate {} is invalid: its signature does not verify (0x80096004).", cert.name());
            let fix = Fix { text: "Get a correctly signed certificate from the CA.".into(), commands: vec!["certutil -verify cert.cer".into()], reference: refs::CHAIN.into() };
            fail(t, Some(cert), ev, fix, summary, "0x80096004");
            return;
        }
        ChainStatus::Invalid { index, code, reason } => {
            let cert = facts.chain.get(*index).unwrap_or(leaf);
            // The Win32 code of each rule, where certlens knows it; for the others (P-192, RSA
            // under 1024 bits, policy rules, …) Windows refuses the chain but the exact code is
            // not documented, and the trace says so instead of guessing one.
            let win32 = match code {
                Code::NameConstraintsViolation | Code::NameConstraintsUnsupportedForm => Some("0x800B0114"),
                Code::PathLengthExceeded => Some("0x800B0104"),
                Code::CaNotACa | Code::CaKeyUsageNoCertSign => Some("0x800B0103"),
                Code::UnknownCriticalExtension => Some("0x800B0105"),
                Code::DuplicateExtension | Code::NameConstraintsEmpty => Some("0x800B0108"),
                _ => None,
            };
            let (code_text, code_note) = match win32 {
                Some(w) => (format!(" ({w})"), String::new()),
                None => (String::new(), " Windows refuses the chain; the exact error code it reports for this rule is not documented.".to_string()),
            };
            // The rule's message names the certificate it is about, which these sentences name
            // already ("invalid at ee-dup-ext-src: ee-dup-ext-src: extension … appears …").
            let name = cert.name();
            let reason = reason.strip_prefix(name.as_str()).and_then(|r| r.strip_prefix(": ")).unwrap_or(reason);
            let ev = format!("The chain breaks a rule Windows enforces at {name}: {reason}.{code_note}");
            let summary = format!("403.16: the chain of this certificate is invalid at {name}: {reason}{code_text}.");
            let fix = Fix { text: "Get the certificate (or the CA certificate named) re-issued so that the chain follows the rules.".into(), commands: vec!["certutil -verify -urlfetch cert.cer".into()], reference: refs::CHAIN.into() };
            fail_with(t, Some(cert), ev, fix, summary, win32);
            return;
        }
        ChainStatus::Untrusted { index, code, reason } => {
            let cert = facts.chain.get(*index).unwrap_or(leaf);
            let precedence = if settings.trust == Trust::NotTrusted && facts.trust_store.is_some() {
                " The settings say the server trusts no root (--trust-root no), which takes precedence over the dropped trust store."
            } else {
                ""
            };
            let (win32, summary, fix) = match code {
                Code::ChainLoop => (
                    "0x800B010A",
                    format!("403.16: IIS cannot build the chain for {}: its CA certificates issue each other in a loop and no root is reached (0x800B010A).", leaf.name()),
                    Fix { text: "Drop (or install on the server) the real root CA certificate of this chain; the CA certificates given only certify each other.".into(), commands: vec!["certutil -verify -urlfetch cert.cer".into()], reference: refs::CHAIN.into() },
                ),
                Code::SignatureNotVerified | Code::SignatureAlgorithmBroken => (
                    "0x80096004",
                    format!("403.16: the signature on {} cannot be verified, so the chain is not trusted (0x80096004).", cert.name()),
                    Fix { text: "Get the certificate re-issued with a current signature algorithm (RSA or ECDSA with SHA-256).".into(), commands: vec!["certutil -verify cert.cer".into()], reference: refs::CHAIN.into() },
                ),
                _ => (
                    "0x800B0109",
                    format!("403.16: the server does not trust the root CA {} of this certificate (0x800B0109 CERT_E_UNTRUSTEDROOT).", cert.name()),
                    fixes::untrusted_root(Some(cert)),
                ),
            };
            let ev = format!("The chain {chain_text} is not trusted: {reason}.{precedence}");
            fail(t, Some(cert), ev, fix, summary, win32);
            return;
        }
        ChainStatus::Malformed { reason } => {
            let ev = format!("The chain contains a malformed certificate: {reason}.");
            let summary = format!("403.16: the certificate is malformed ({reason}).");
            let fix = Fix { text: "Get a well-formed certificate from the CA.".into(), commands: vec!["certutil -dump cert.cer".into()], reference: refs::CHAIN.into() };
            fail(t, Some(leaf), ev, fix, summary, "0x800B010A");
            return;
        }
        ChainStatus::Complete => {}
    }
    if let Some(bad) = facts.trust_store.as_ref().and_then(|s| s.iter().find(|c| !c.self_signed)) {
        let ev = format!("The server's Trusted Root store holds {}, which is not self-signed (issued by {}): Schannel then fails client authentication.", bad.name(), bad.issuer);
        let summary = format!("403.16: the server's Trusted Root store holds a certificate that is not self-signed ({}); move it to the Intermediate store (KB 2802568).", bad.name());
        fail(t, Some(bad), ev, fixes::non_self_signed_root(bad), summary, "0x800B0109");
        return;
    }
    // certutil -verify on the server found this chain's root untrusted: the server's own word.
    let untrusted = facts.server_check.as_ref().and_then(|v| facts.chain.iter().find(|f| v.checked(&f.sha1).is_some_and(|c| c.has_error(certutil::IS_UNTRUSTED_ROOT))));
    if let Some(cert) = untrusted {
        let ev = format!("certutil -verify on the server says the chain {chain_text} ends in a root it does not trust (CERT_TRUST_IS_UNTRUSTED_ROOT at {}).", cert.name());
        let summary = format!("403.16: the server's own check (certutil -verify) does not trust the root of this certificate's chain, {} (0x800B0109 CERT_E_UNTRUSTEDROOT).", facts.root().unwrap_or(cert).name());
        fail(t, Some(cert), ev, fixes::untrusted_root(facts.root()), summary, "0x800B0109");
        return;
    }
    let root = facts.anchor();
    if settings.ctl == Ctl::MissesCa {
        let ca = facts.chain.get(1).unwrap_or(leaf);
        let ev = format!("The site's certificate trust list (CTL) does not list {}, so IIS rejects certificates it issued.", ca.name());
        let summary = format!("403.16: the site's certificate trust list does not include the CA {} (0x800B0112).", ca.name());
        let fix = Fix { text: format!("Add {} to the certificate trust list bound to the site.", ca.name()), commands: Vec::new(), reference: "IIS 6 certificate trust lists (CTL)".into() };
        fail(t, Some(ca), ev, fix, summary, "0x800B0112");
        return;
    }
    let mut ev = format!("The chain {chain_text} is complete, the signatures verify and the server trusts the root.");
    if let Some(c) = facts.chain.iter().filter(|c| !c.self_signed).find(|c| c.weak_hash == Some(WeakHash::Sha1)) {
        ev.push_str(&format!(" {} is signed with SHA-1: Windows still accepts SHA-1 signatures on client certificates from an enterprise CA (browsers refuse SHA-1 only for server certificates), but plan to re-issue with SHA-256.", c.name()));
    }
    if settings.client_auth_trust_mode == 2 {
        ev.push_str(" ClientAuthTrustMode=2: the issuing CA must also be in the server's Client Authentication Issuers store.");
    } else if settings.client_auth_trust_mode == 1 {
        ev.push_str(" ClientAuthTrustMode=1: the root must be in the Client Authentication Issuers store, not only in Trusted Root.");
    }
    t.push(step(ID, TITLE, StepStatus::Passed, root, ev), None);
}

/// Whether the server holds the issuer CA certificate that was not dropped:
/// as set, else yes when the server can reach its AIA address (Windows
/// downloads it from there), else unknown. certlens cannot see the server's
/// Intermediate store, so "not dropped" is never taken as "not on the server".
/// Above a dropped CA the missing certificate may be the root, which a download does not
/// make trusted: unknown unless set.
fn issuer_available(facts: &ClientFacts, settings: &ServerSettings) -> Reach {
    if settings.reach.issuer != Reach::Unknown {
        return settings.reach.issuer;
    }
    // certutil -verify on the server built the chain past the last dropped certificate (the
    // server holds or fetched its issuer), or could not (CERT_TRUST_IS_PARTIAL_CHAIN).
    if let Some((checked, above)) = server_checked_last(facts) {
        if above {
            return Reach::Yes;
        }
        if checked.has_error(certutil::IS_PARTIAL_CHAIN) {
            return Reach::No;
        }
    }
    if facts.chain.len() > 1 {
        return Reach::Unknown;
    }
    let aia = match &facts.chain_status {
        ChainStatus::MissingIssuer { aia_urls, .. } => aia_urls.as_slice(),
        _ => &[],
    };
    if aia.iter().any(|u| matches!(classify_url(u), UrlClass::Internet | UrlClass::Intranet | UrlClass::Https) && reach_of(settings, classify_url(u)) == Reach::Yes) {
        Reach::Yes
    } else {
        Reach::Unknown
    }
}

/// certutil -verify on the server checked the chain of the last dropped certificate and found
/// its root untrusted (the root not dropped: the chain stops below it here).
fn server_untrusted_above(facts: &ClientFacts) -> bool {
    server_checked_last(facts).is_some() && facts.server_check.iter().flat_map(|v| &v.chain).any(|c| c.has_error(certutil::IS_UNTRUSTED_ROOT))
}

/// What certutil -verify on the server said of the last dropped certificate of the chain, and
/// whether its chain went on above it.
fn server_checked_last(facts: &ClientFacts) -> Option<(&certutil::Checked, bool)> {
    let v = facts.server_check.as_ref()?;
    let last = facts.chain.last()?;
    let at = v.position(&last.sha1)?;
    Some((v.chain.get(at)?, at + 1 < v.chain.len()))
}

/// The chain stops at a certificate whose issuer was not dropped.
fn missing_issuer(facts: &ClientFacts, settings: &ServerSettings, leaf: &CertFacts, issuer: &str, aia_urls: &[String], t: &mut Tracer) {
    const ID: &str = "chain-trust";
    const TITLE: &str = "Chain building and trust";
    // Named by its CN in every sentence below (its whole name may hold quotes).
    let issuer = &*crate::model::names::display_name(issuer);
    let chain_text = facts.chain.iter().map(CertFacts::name).collect::<Vec<_>>().join(" → ");
    let last = facts.chain.last().unwrap_or(leaf);
    // "The chain alice → CA stops at CA: its issuer …"; a chain of one "stops at alice" (not
    // "The chain alice stops: the issuer … of alice").
    let stops = if facts.chain.len() > 1 { format!("The chain {chain_text} stops at {}", last.name()) } else { format!("The chain stops at {}", last.name()) };
    let fetch = aia_urls.first().map(|u| format!(" or downloads it from its AIA address {u}")).unwrap_or_default();
    // Above a dropped CA the missing certificate may be the root: trusted only from the
    // server's Trusted Root store, never by a download.
    let maybe_root = facts.chain.len() > 1;
    let holds = if maybe_root {
        let from = aia_urls.first().map(|u| format!(" or from its AIA address {u}")).unwrap_or_default();
        format!("has that CA certificate: in its Trusted Root store if it is the root (a root is not trusted by being downloaded), in its Intermediate store{from} if it is an intermediate CA")
    } else {
        format!("holds that CA certificate (Intermediate store){fetch}")
    };
    match issuer_available(facts, settings) {
        Reach::No => {
            let says = if settings.reach.issuer == Reach::No { "the settings say" } else { "certutil -verify on the server says (CERT_TRUST_IS_PARTIAL_CHAIN)" };
            let mut ev = format!("{stops}: its issuer \"{issuer}\" was not dropped, and {says} the server does not have it");
            if aia_urls.is_empty() {
                ev.push_str(" (the certificate names no AIA address to download it from).");
            } else {
                ev.push_str(" and cannot download it.");
            }
            let summary = format!("403.16: IIS cannot build the chain for {}: the CA certificate \"{issuer}\" is missing on the server (0x800B010A).", leaf.name());
            let s = step(ID, TITLE, StepStatus::Failed, Some(last), ev);
            t.push_fix(s, || fixes::missing_issuer(issuer, aia_urls, maybe_root), Some(Decision::new(Outcome::Status403_16, summary).win32("0x800B010A")));
        }
        Reach::Unknown => {
            let ev = format!(
                "{stops}: its issuer \"{issuer}\" was not dropped. certlens cannot see the server's certificate stores: the chain builds only if the server {holds}; otherwise IIS answers 403.16 (0x800B010A). Drop it to let certlens check the rest of the chain."
            );
            let s = step(ID, TITLE, StepStatus::Unknown, Some(last), ev);
            t.push_fix(s, || fixes::missing_issuer(issuer, aia_urls, maybe_root), None);
        }
        Reach::Yes if settings.trust == Trust::NotTrusted || server_untrusted_above(facts) => {
            let says = if settings.trust == Trust::NotTrusted { "the settings say" } else { "certutil -verify on the server says (CERT_TRUST_IS_UNTRUSTED_ROOT)" };
            let ev = format!("The chain {chain_text} continues with \"{issuer}\" on the server, but {says} the server does not trust the root it leads to.");
            let summary = format!("403.16: the server does not trust the root CA above \"{issuer}\" (0x800B0109 CERT_E_UNTRUSTEDROOT).");
            let s = step(ID, TITLE, StepStatus::Failed, Some(last), ev);
            t.push_fix(s, || fixes::untrusted_root(None), Some(Decision::new(Outcome::Status403_16, summary).win32("0x800B0109")));
        }
        Reach::Yes => {
            let how = if settings.reach.issuer == Reach::Yes {
                "the server holds it".to_string()
            } else if server_checked_last(facts).is_some_and(|(_, above)| above) {
                "certutil -verify on the server built the chain past it".to_string()
            } else {
                format!("the server can download it{fetch}")
            };
            let ev = format!(
                "The chain {chain_text} continues on the server with \"{issuer}\" ({how}); the certificates above it were not dropped, so certlens assumes they chain to a root the server trusts and checks the rest with what was dropped."
            );
            t.push(step(ID, TITLE, StepStatus::Passed, Some(last), ev), None);
        }
    }
}

fn validity(facts: &ClientFacts, leaf: &CertFacts, at: i64, t: &mut Tracer) {
    const ID: &str = "validity";
    const TITLE: &str = "Validity of every certificate";
    let bad: Vec<&CertFacts> = facts.chain.iter().filter(|c| at < c.not_before || at > c.not_after).collect();
    if let Some(first) = bad.first() {
        let lines: Vec<String> = bad
            .iter()
            .map(|c| {
                if at > c.not_after {
                    format!("{} expired on {}", c.name(), date(c.not_after))
                } else {
                    format!("{} is not valid until {}", c.name(), date(c.not_before))
                }
            })
            .collect();
        let is_leaf = first.sha256 == leaf.sha256;
        let who = if is_leaf { "the certificate".to_string() } else { format!("the CA certificate {}", first.name()) };
        // "the CA certificate X expired on …", not "X is outside its validity period (X expired on …)".
        let when = if at > first.not_after { format!("expired on {}", date(first.not_after)) } else { format!("is not valid until {}", date(first.not_before)) };
        let summary = format!("403.17: {who} {when}; every certificate in the chain must be valid (0x800B0101 CERT_E_EXPIRED).");
        let s = step(ID, TITLE, StepStatus::Failed, Some(first), format!("{}.", lines.join("; ")));
        t.push_fix(s, || fixes::renew(first, is_leaf), Some(Decision::new(Outcome::Status403_17, summary).win32("0x800B0101")));
    } else {
        let until = facts.chain.iter().map(|c| c.not_after).min().unwrap_or(leaf.not_after);
        t.push(step(ID, TITLE, StepStatus::Passed, Some(leaf), format!("Every certificate in the chain is valid now; the first to expire does so on {}.", date(until))), None);
    }
}

/// Extended key usages in words, each with its OID, as the certificate's view writes them:
/// "Server Authentication (1.3.6.1.5.5.7.3.1)" (an OID alone when it has no common name).
fn eku_words(ekus: Option<&[String]>) -> String {
    use crate::model::extensions::{purpose_line, OidName};
    let words: Vec<String> = ekus.unwrap_or_default().iter().map(|oid| purpose_line(&OidName::new(oid.clone(), crate::model::oids::eku_name))).collect();
    words.join(", ")
}

/// Why a critical application-policies extension takes Client Authentication away, in words.
fn app_policies_text(c: &CertFacts) -> String {
    let list = c.critical_application_policies.as_ref().map(|l| l.join(", ")).unwrap_or_default();
    format!("its Microsoft application-policies extension is marked critical and lists {list} without Client Authentication 1.3.6.1.5.5.7.3.2; Windows understands the extension and applies its policies like an extended key usage (certlens's reading of Microsoft's application-policy rules)")
}

/// A note for the trace when a certificate of the chain carries a critical
/// application-policies extension that allows Client Authentication.
fn app_policies_note(facts: &ClientFacts) -> String {
    facts
        .chain
        .iter()
        .find(|c| c.critical_application_policies.is_some())
        .map(|c| format!(" {} carries the Microsoft application-policies extension marked critical: Windows understands it and applies its policies like an extended key usage, so it is not an unknown critical extension there (browsers and other verifiers would reject it).", c.name()))
        .unwrap_or_default()
}

fn usage(facts: &ClientFacts, settings: &ServerSettings, leaf: &CertFacts, t: &mut Tracer) {
    const ID: &str = "usage";
    const TITLE: &str = "EKU and usage check";
    let eff = settings.effective();
    if !eff.usage_check {
        let how = if settings.product == Product::Iis6 { "CertCheckMode has MD_CERT_NO_USAGE_CHECK (0x10000)" } else { "usagecheck=disable on the binding" };
        t.push(step(ID, TITLE, StepStatus::Skipped, Some(leaf), format!("The server does not check the extended key usage ({how}).")), None);
        return;
    }
    let bad = std::iter::once(leaf).chain(cas(facts)).find(|c| !c.allows_client_auth());
    match bad {
        Some(c) => {
            let why = if c.allows_eku(EKU_CLIENT_AUTH) { format!(": {}", app_policies_text(c)) } else { String::new() };
            let s = step(ID, TITLE, StepStatus::Failed, Some(c), format!("{} does not allow Client Authentication (1.3.6.1.5.5.7.3.2){why}; Windows requires the leaf and every CA to allow it.", c.name()));
            let summary = format!("403.16: {} is not allowed for client authentication (0x800B0110 CERT_E_WRONG_USAGE).", called(c, leaf));
            let fix = || if c.sha256 == leaf.sha256 { fixes::reissue_client_auth(c, "it needs the Client Authentication EKU") } else { fixes::ca_eku(c) };
            t.push_fix(s, fix, Some(Decision::new(Outcome::Status403_16, summary).win32("0x800B0110")));
        }
        None => t.push(step(ID, TITLE, StepStatus::Passed, Some(leaf), format!("The certificate and its CAs allow Client Authentication.{}", app_policies_note(facts))), None),
    }
}

fn revocation(facts: &ClientFacts, settings: &ServerSettings, leaf: &CertFacts, at: i64, t: &mut Tracer) {
    const ID: &str = "revocation";
    const TITLE: &str = "Revocation";
    let eff = settings.effective();
    let mode_note = match (settings.product, settings.cert_check_mode) {
        (Product::Iis6, Some(m)) => format!(" CertCheckMode {m}: {}.", explain_cert_check_mode(m).join("; ")),
        (Product::Iis6, None) => " CertCheckMode is absent, which means revocation checking is on.".to_string(),
        _ => String::new(),
    };
    if eff.revocation == Revocation::Off {
        let s = step(ID, TITLE, StepStatus::Skipped, Some(leaf), format!("Revocation is not checked: a revoked certificate would be accepted.{mode_note}"));
        t.push(s, None);
        return;
    }
    let root_sha = facts.root().map(|r| r.sha256.clone());
    for (idx, cert) in facts.chain.iter().enumerate() {
        if Some(&cert.sha256) == root_sha.as_ref() {
            t.push(step(ID, TITLE, StepStatus::Skipped, Some(cert), "The root is not checked for revocation; only the certificates below it are.".into()), None);
            continue;
        }
        // certutil on the server named this very certificate revoked.
        let checked = facts.server_check.as_ref().and_then(|v| v.checked(&cert.sha1));
        if checked.is_some_and(|c| c.has_error(certutil::IS_REVOKED)) {
            let s = step(ID, TITLE, StepStatus::Failed, Some(cert), format!("certutil -verify on the server says {} is revoked (CERT_TRUST_IS_REVOKED).", cert.name()));
            let summary = format!("403.13: the server's own check (certutil -verify) found {} revoked (0x80092010 CRYPT_E_REVOKED).", called(cert, leaf));
            t.push_fix(s, || fixes::revoked(cert), Some(Decision::new(Outcome::Status403_13, summary).win32("0x80092010")));
            continue;
        }
        let newest_crl = facts.crls.iter().filter(|c| c.covers == idx).max_by_key(|c| c.this_update);
        if let Some(crl) = newest_crl {
            if let CrlEvidence::Revoked { date: when, reason } = &crl.evidence {
                if *when <= at {
                    let reason = reason.as_deref().map(|r| format!(", reason: {r}")).unwrap_or_default();
                    let s = step(ID, TITLE, StepStatus::Failed, Some(cert), format!("The dropped CRL of {} lists {} as revoked on {}{reason}.", crl.issuer, cert.name(), date(*when)));
                    let summary = format!("403.13: the certificate {} has been revoked by its CA on {} (0x80092010 CRYPT_E_REVOKED).", cert.name(), date(*when));
                    t.push_fix(s, || fixes::revoked(cert), Some(Decision::new(Outcome::Status403_13, summary).win32("0x80092010")));
                    continue;
                }
            }
            if let Some(next) = crl.next_update.filter(|n| *n < at) {
                let s = step(ID, TITLE, StepStatus::Failed, Some(cert), format!("The dropped CRL of {} expired on {} (nextUpdate): with an out-of-date CRL Windows cannot tell whether {} is revoked.", crl.issuer, date(next), cert.name()));
                let summary = format!("403.13: the CRL that covers {} expired on {}, so the server cannot check revocation (0x80092013); publish a new CRL.", cert.name(), date(next));
                let fix = || {
                    let mut fix = fixes::revocation_offline(cert, settings);
                    fix.text = format!("Publish a fresh CRL for {} (certutil -crl on the CA) and copy it to the CDP locations. {}", crl.issuer, fix.text);
                    fix
                };
                t.push_fix(s, fix, Some(Decision::new(Outcome::Status403_13, summary).win32("0x80092013")));
                continue;
            }
        }
        if eff.revocation == Revocation::CacheOnly {
            let r = settings.reach.crl_cache;
            let ev = format!("Only CRLs already cached on the server are used; is the CRL of {}'s issuer in the cache: {}.{mode_note}", cert.name(), reach_word(r));
            match r {
                Reach::Yes => t.push(step(ID, TITLE, StepStatus::Passed, Some(cert), ev), None),
                Reach::No => {
                    let s = step(ID, TITLE, StepStatus::Failed, Some(cert), ev);
                    let summary = format!("403.13: the server only uses cached CRLs and has none for {} (0x80092013).", cert.name());
                    t.push_fix(s, || fixes::revocation_offline(cert, settings), Some(Decision::new(Outcome::Status403_13, summary).win32("0x80092013")));
                }
                Reach::Unknown => t.push_fix(step(ID, TITLE, StepStatus::Unknown, Some(cert), ev), || fixes::revocation_offline(cert, settings), None),
            }
            continue;
        }
        let urls: Vec<(&String, UrlClass)> = cert.crl_urls.iter().chain(cert.ocsp_urls.iter()).map(|u| (u, classify_url(u))).collect();
        // An address certutil fetched on the server is reachable or not as it found; the others
        // are as the reach settings say.
        let fetched = |u: &str| facts.server_check.as_ref().and_then(|v| server_fetch(v, u));
        let reach = |u: &str, c: UrlClass| fetched_reach(facts, u).unwrap_or_else(|| reach_of(settings, c));
        let checks: Vec<UrlCheck> = urls
            .iter()
            .map(|(u, c)| UrlCheck { url: (*u).clone(), class: c.name().into(), reachable: reach_word(reach(u, *c)).into() })
            .collect();
        if urls.is_empty() {
            let s = step(ID, TITLE, StepStatus::Failed, Some(cert), format!("{} has no CRL distribution point and no OCSP address, so the server cannot check whether it is revoked.{mode_note}", cert.name()));
            let summary = format!("403.13: {} names no place to check revocation (no CDP), so IIS refuses it (0x80092012 CRYPT_E_NO_REVOCATION_CHECK).", called(cert, leaf));
            let fix = || {
                let mut fix = fixes::revocation_offline(cert, settings);
                fix.text = format!("Re-issue {} from a CA that puts a CRL address (CDP) in its certificates; meanwhile turn revocation checking off for this binding.", cert.name());
                fix
            };
            t.push_fix(s, fix, Some(Decision::new(Outcome::Status403_13, summary).win32("0x80092012")));
            continue;
        }
        let reachable = urls.iter().find(|(u, c)| reach(u, *c) == Reach::Yes);
        let unknown = urls.iter().find(|(u, c)| reach(u, *c) == Reach::Unknown);
        let listing: Vec<String> = checks
            .iter()
            .map(|c| match fetched(&c.url) {
                Some(f) if f.worked() || f.failed() => {
                    let error = f.error.as_deref().map(|e| format!(": {e}")).unwrap_or_default();
                    format!("{} ({}, certutil on the server: {}{error})", c.url, c.class, f.outcome)
                }
                _ => format!("{} ({}, reachable: {})", c.url, c.class, c.reachable),
            })
            .collect();
        let mut s;
        if let Some((u, _)) = reachable {
            let how = if fetched(u).is_some() { " (certutil -verify -urlfetch on the server fetched it)" } else { "" };
            s = step(ID, TITLE, StepStatus::Passed, Some(cert), format!("The server can fetch revocation information for {} from {u}{how}.{mode_note}", cert.name()));
            s.url = Some((*u).clone());
            s.urls = checks;
            t.push(s, None);
        } else if let Some((u, _)) = unknown {
            s = step(ID, TITLE, StepStatus::Unknown, Some(cert), format!("It depends on whether the server can reach a CRL address of {}: {}.{mode_note}", cert.name(), crate::text::name_a_few(&listing, "; ")));
            s.url = Some((*u).clone());
            s.urls = checks;
            t.push_fix(s, || fixes::revocation_offline(cert, settings), None);
        } else {
            let first = urls.first().map(|(u, _)| (*u).clone()).unwrap_or_default();
            let mut ev = format!("The server cannot reach any CRL address of {}: {}. Nothing is revoked, but unknown revocation status is refused too.", cert.name(), crate::text::name_a_few(&listing, "; "));
            if urls.iter().all(|(_, c)| *c == UrlClass::Ldap) {
                ev.push_str(" LDAP-only CDPs work only for servers inside the domain.");
            }
            ev.push_str(&mode_note);
            s = step(ID, TITLE, StepStatus::Failed, Some(cert), ev);
            s.url = Some(first.clone());
            s.urls = checks;
            let summary = format!("403.13: IIS cannot check whether {} is revoked because the server cannot reach {first} (0x80092013 CRYPT_E_REVOCATION_OFFLINE); run certutil -verify -urlfetch on the server.", cert.name());
            t.push_fix(s, || fixes::revocation_offline(cert, settings), Some(Decision::new(Outcome::Status403_13, summary).win32("0x80092013")));
        }
    }
}

/// What `certutil -verify -urlfetch` found when it fetched `url` (for a CRL or OCSP): a fetch
/// that worked when one did (the same address may be fetched for several certificates).
fn server_fetch<'a>(v: &'a certutil::Verify, url: &str) -> Option<&'a certutil::Fetch> {
    use certutil::FetchKind;
    let mut of_url = v.chain.iter().flat_map(|c| &c.fetches).filter(|f| f.kind != FetchKind::Issuer && f.is_of(url));
    let first = of_url.next()?;
    if first.worked() {
        return Some(first);
    }
    of_url.find(|f| f.worked()).or(Some(first))
}

/// Whether the server reached `url`, when certutil on the server fetched it (and got an answer
/// it could use, or failed): `None` when it did not try, or said neither.
fn fetched_reach(facts: &ClientFacts, url: &str) -> Option<Reach> {
    let f = server_fetch(facts.server_check.as_ref()?, url)?;
    if f.worked() {
        Some(Reach::Yes)
    } else {
        f.failed().then_some(Reach::No)
    }
}

fn is_strong_alt_sec_id(v: &str) -> bool {
    let u = v.to_ascii_uppercase();
    (u.contains("<I>") && u.contains("<SR>")) || u.contains("<SKI>") || u.contains("<SHA1-PUKEY>")
}

/// The mapping step's id and title.
const MAPPING_ID: &str = "mapping";
const MAPPING_TITLE: &str = "Mapping to a Windows account";

fn mapping(facts: &ClientFacts, settings: &ServerSettings, leaf: &CertFacts, t: &mut Tracer) {
    const ID: &str = MAPPING_ID;
    const TITLE: &str = MAPPING_TITLE;
    if settings.mapping == Mapping::None {
        t.push(step(ID, TITLE, StepStatus::Skipped, Some(leaf), "No certificate mapping is configured: the certificate only has to be valid.".into()), None);
        return;
    }
    if settings.mapping_scope == MappingScope::VirtualDirectory && matches!(settings.product, Product::Iis6 | Product::Iis7) {
        let s = step(ID, TITLE, StepStatus::Failed, Some(leaf), format!("The mapping is configured on a virtual directory; {} only applies certificate mapping set on the web site, so no account is found.", settings.product.name()));
        let summary = "401.2: the certificate is valid but the mapping is set on a virtual directory, where IIS ignores it; set it on the web site.".to_string();
        t.push_fix(s, fixes::mapping_on_site, Some(Decision::new(Outcome::Status401_2, summary)));
        return;
    }
    let fail = |t: &mut Tracer, ev: String, fix: Fix, summary: String| {
        t.push_fix(step(ID, TITLE, StepStatus::Failed, Some(leaf), ev), || fix, Some(Decision::new(Outcome::Status401_1, summary)));
    };
    match settings.mapping {
        Mapping::None => {}
        Mapping::OneToOne | Mapping::ManyToOne if facts.iis.is_some() => {
            if let Some(config) = &facts.iis {
                iis_mapping(config, leaf, t);
            }
        }
        Mapping::OneToOne => t.push(
            step(ID, TITLE, StepStatus::Passed, Some(leaf), "IIS one-to-one mapping: assumed to be made with this very certificate; a renewed certificate needs a new mapping.".into()),
            None,
        ),
        Mapping::ManyToOne => t.push(
            step(ID, TITLE, StepStatus::Passed, Some(leaf), format!("IIS many-to-one mapping: rules on subject and issuer fields; check that a rule matches subject \"{}\" and issuer \"{}\".", leaf.subject, leaf.issuer)),
            None,
        ),
        Mapping::ActiveDirectory if !settings.ds_mapper && settings.product != Product::Iis6 => {
            let s = step(ID, TITLE, StepStatus::Failed, Some(leaf), "The Active Directory mapper is chosen but the SSL binding does not have dsmapperusage enabled, so HTTP.sys never maps the certificate to an account.".into());
            let summary = "401.2: the certificate is valid but the binding does not use the Active Directory mapper (dsmapperusage is off), so no account is found.".to_string();
            t.push_fix(s, || fixes::ds_mapper(settings), Some(Decision::new(Outcome::Status401_2, summary)));
        }
        Mapping::ActiveDirectory => {
            let enforcing = settings.strong_mapping == StrongMapping::Enforcement;
            let mode = if enforcing { "full enforcement" } else { "compatibility mode" };
            if let Some(src) = &leaf.sid {
                let where_ = match src {
                    super::facts::SidSource::Extension => "the SID extension 1.3.6.1.4.1.311.25.2",
                    super::facts::SidSource::SanUrl => "a SAN URL tag:microsoft.com,2022-09-14:sid:…",
                };
                t.push(step(ID, TITLE, StepStatus::Passed, Some(leaf), format!("Active Directory mapping is strong: the certificate carries the user's SID in {where_}.")), None);
                return;
            }
            if let Some(alt) = &settings.alt_security_identity {
                if is_strong_alt_sec_id(alt) {
                    t.push(step(ID, TITLE, StepStatus::Passed, Some(leaf), format!("Active Directory mapping is strong: altSecurityIdentities uses a strong form ({alt}).")), None);
                } else if enforcing {
                    let ev = format!("altSecurityIdentities uses a weak form ({alt}); under {mode} (KB5014754) only issuer+serial, SKI or SHA1-PUKEY forms, or a SID in the certificate, are accepted.");
                    let summary = format!("401.1: the domain controllers refuse the weak certificate mapping for {} (KB5014754 strong mapping); use an X509:<I>…<SR>… mapping or a certificate with the SID extension.", leaf.name());
                    fail(t, ev, fixes::strong_mapping(leaf), summary);
                } else {
                    let s = step(ID, TITLE, StepStatus::Passed, Some(leaf), format!("altSecurityIdentities uses a weak form ({alt}); accepted in compatibility mode only, with warnings, and refused once enforcement is on."));
                    t.push_fix(s, || fixes::strong_mapping(leaf), None);
                }
                return;
            }
            match leaf.upns.first() {
                None => {
                    let ev = "The certificate has no UPN in its subject alternative name and no explicit altSecurityIdentities mapping was given, so Active Directory finds no account.".to_string();
                    let summary = format!("401.1: Active Directory finds no account for {}: no UPN and no explicit mapping.", leaf.name());
                    fail(t, ev, fixes::no_mapping(leaf), summary);
                }
                Some(upn) if enforcing => {
                    let ev = format!("The certificate maps by its UPN {upn} only, which is a weak mapping: it has no SID extension and no strong altSecurityIdentities mapping was given; under {mode} (KB5014754) the domain controllers refuse it.");
                    let summary = format!("401.1: the domain controllers refuse the UPN-only mapping of {upn} (KB5014754 strong mapping enforcement); re-issue the certificate with the SID extension or add a strong altSecurityIdentities mapping.");
                    fail(t, ev, fixes::strong_mapping(leaf), summary);
                }
                Some(upn) => {
                    let s = step(ID, TITLE, StepStatus::Passed, Some(leaf), format!("The certificate maps by its UPN {upn}; this weak mapping works in compatibility mode only (KB5014754) and fails once enforcement is on."));
                    t.push_fix(s, || fixes::strong_mapping(leaf), None);
                }
            }
        }
    }
}

/// IIS's own mapping, read from the dropped configuration: one-to-one first (this very
/// certificate), then the many-to-one mappings in order (the first whose rules all match);
/// none → 401.1, with what came closest.
fn iis_mapping(config: &crate::input::iisconfig::IisConfig, leaf: &CertFacts, t: &mut Tracer) {
    const ID: &str = MAPPING_ID;
    const TITLE: &str = MAPPING_TITLE;
    let site = if config.location.is_empty() { String::new() } else { format!(" of \"{}\"", config.location) };
    let mine = config.one_to_one.iter().find(|m| m.sha256.as_deref() == Some(leaf.sha256.as_str()));
    if config.one_to_one_enabled {
        if let Some(m) = mine.filter(|m| m.enabled) {
            let ev = format!("The dropped IIS configuration{site} maps this very certificate one-to-one to {}.", m.user);
            return t.push(step(ID, TITLE, StepStatus::Passed, Some(leaf), ev), None);
        }
    }
    let names = leaf.subject_name.as_ref().zip(leaf.issuer_name.as_ref());
    let matched = config.many_to_one_enabled.then_some(()).and(names).and_then(|(s, i)| config.many_to_one.iter().filter(|m| m.enabled).find(|m| m.matches(s, i)));
    let rules = |m: &crate::input::iisconfig::ManyToOne| m.rules.iter().map(|r| r.words()).collect::<Vec<_>>().join(" and ");
    if let Some(m) = matched {
        if !m.deny {
            let ev = format!("The dropped IIS configuration{site} maps it by the many-to-one mapping \"{}\" ({}) to {}.", m.name, rules(m), m.user);
            return t.push(step(ID, TITLE, StepStatus::Passed, Some(leaf), ev), None);
        }
        let ev = format!("The many-to-one mapping \"{}\" of the dropped IIS configuration{site} matches it ({}) and denies access.", m.name, rules(m));
        let summary = format!("401.1: the IIS many-to-one mapping \"{}\" denies {}.", m.name, leaf.name());
        let s = step(ID, TITLE, StepStatus::Failed, Some(leaf), ev);
        return t.push_fix(s, || fixes::iis_mapping(leaf, true), Some(Decision::new(Outcome::Status401_1, summary)));
    }
    // Why nothing maps it, most telling first.
    let mut why = Vec::new();
    match mine {
        Some(m) if config.one_to_one_enabled => why.push(format!("its one-to-one mapping to {} is switched off (enabled=\"false\")", m.user)),
        Some(m) => why.push(format!("it has a one-to-one mapping to {}, but one-to-one mappings are switched off (oneToOneCertificateMappingsEnabled=\"false\")", m.user)),
        None if config.one_to_one_enabled => {
            let readable = config.one_to_one.iter().filter(|m| m.enabled && m.sha256.is_some()).count();
            let unreadable = config.one_to_one.iter().filter(|m| m.enabled && m.problem.is_some()).count();
            let mut held = Vec::new();
            if readable > 0 {
                held.push(crate::text::count(readable, "for another certificate", "for other certificates"));
            }
            if unreadable > 0 {
                held.push(format!("{} not readable: base64 broken when it was copied", crate::text::grouped(unreadable)));
            }
            why.push(match held.is_empty() {
                true => "the file has no one-to-one mapping".to_string(),
                false => format!("no one-to-one mapping holds this certificate ({})", held.join("; ")),
            });
            if let Some(m) = config.one_to_one.iter().find(|m| m.enabled && m.subject.as_deref() == Some(leaf.subject.as_str())) {
                why.push(format!(
                    "the mapping to {} holds another certificate of the same subject (thumbprint {}), perhaps the one this certificate renewed: a renewed certificate needs its mapping made again",
                    m.user,
                    m.sha1.as_deref().unwrap_or_default()
                ));
            }
        }
        None => {}
    }
    if config.many_to_one_enabled {
        let n = config.many_to_one.iter().filter(|m| m.enabled).count();
        why.push(format!("no many-to-one mapping matches subject \"{}\" and issuer \"{}\" ({} enabled)", leaf.subject, leaf.issuer, crate::text::grouped(n)));
    }
    if !config.one_to_one_enabled && !config.many_to_one_enabled {
        why.push("both its one-to-one and its many-to-one mappings are switched off".into());
    }
    let ev = format!("The dropped IIS configuration{site} maps no account to this certificate: {}.", why.join("; "));
    let summary = format!("401.1: IIS maps {} to no account: {}.", leaf.name(), why.first().map_or("", String::as_str));
    let s = step(ID, TITLE, StepStatus::Failed, Some(leaf), ev);
    t.push_fix(s, || fixes::iis_mapping(leaf, false), Some(Decision::new(Outcome::Status401_1, summary)));
}

/// One evaluation for its outcome only: the steps without their fixes.
fn evaluate_outcome(facts: &ClientFacts, settings: &ServerSettings, at: i64) -> Eval {
    evaluate_with(facts, settings, at, false)
}

/// One evaluation; `fixes`: the steps with their fixes (the trace shown).
fn evaluate_with(facts: &ClientFacts, settings: &ServerSettings, at: i64, fixes: bool) -> Eval {
    #[cfg(test)]
    EVALUATIONS.with(|n| n.set(n.get() + 1));
    let mut t = Tracer { steps: Vec::new(), decision: None, unknown: false, fixes };
    let Some(leaf) = facts.leaf() else {
        return Eval { decision: Some(Decision::new(Outcome::NoCertificate, "No certificate was dropped, so there is nothing to predict.".into())), trace: Vec::new(), unknown: false };
    };
    selection(facts, settings, leaf, &mut t);
    ssl_settings(settings, leaf, &mut t);
    chain_trust(facts, settings, leaf, &mut t);
    validity(facts, leaf, at, &mut t);
    usage(facts, settings, leaf, &mut t);
    revocation(facts, settings, leaf, at, &mut t);
    mapping(facts, settings, leaf, &mut t);
    Eval { decision: t.decision, trace: t.steps, unknown: t.unknown }
}

fn success(facts: &ClientFacts, settings: &ServerSettings) -> Decision {
    let name = facts.leaf().map(CertFacts::name).unwrap_or_default();
    let mut s = format!("200: IIS accepts the certificate of {name}");
    match settings.mapping {
        Mapping::None => s.push('.'),
        Mapping::ActiveDirectory => s.push_str(" and Active Directory maps it to the user's account."),
        _ => s.push_str(" and maps it to the configured account."),
    }
    Decision::new(Outcome::Status200, s)
}

// ---------------------------------------------------------------- branches

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dim {
    Reach(UrlClass),
    CrlCache,
    Key,
    Issuer,
}

fn dims(facts: &ClientFacts, settings: &ServerSettings) -> Vec<Dim> {
    let mut out = Vec::new();
    if key_presence(facts, settings) == KeyPresence::Unknown {
        out.push(Dim::Key);
    }
    if matches!(facts.chain_status, ChainStatus::MissingIssuer { .. }) && issuer_available(facts, settings) == Reach::Unknown {
        out.push(Dim::Issuer);
    }
    let eff = settings.effective();
    if eff.revocation == Revocation::CacheOnly && settings.reach.crl_cache == Reach::Unknown {
        out.push(Dim::CrlCache);
    }
    if eff.revocation == Revocation::On {
        for class in [UrlClass::Internet, UrlClass::Intranet, UrlClass::Ldap, UrlClass::Https] {
            let used = facts.chain.iter().flat_map(|c| c.crl_urls.iter().chain(c.ocsp_urls.iter())).any(|u| classify_url(u) == class && fetched_reach(facts, u).is_none());
            if used && reach_of(settings, class) == Reach::Unknown {
                out.push(Dim::Reach(class));
            }
        }
    }
    out
}

/// Settle an unknown input as the setting that stands for it (the facts stay as they are:
/// a key setting of yes or no overrides what the files say, [`key_presence`]).
fn apply(settings: &mut ServerSettings, dim: Dim, yes: bool) {
    let r = if yes { Reach::Yes } else { Reach::No };
    match dim {
        Dim::Key => settings.private_key = if yes { PrivateKey::Yes } else { PrivateKey::No },
        Dim::CrlCache => settings.reach.crl_cache = r,
        Dim::Issuer => settings.reach.issuer = r,
        Dim::Reach(UrlClass::Internet) => settings.reach.internet = r,
        Dim::Reach(UrlClass::Intranet) => settings.reach.intranet = r,
        Dim::Reach(UrlClass::Ldap) => settings.reach.ldap = r,
        Dim::Reach(UrlClass::Https) => settings.reach.https = r,
        Dim::Reach(UrlClass::Other) => {}
    }
}

/// The setting a dimension stands for (see `ServerSettings::assume`).
fn setting_key(dim: Dim) -> &'static str {
    match dim {
        Dim::Key => "private-key",
        Dim::CrlCache => "reach.crl-cache",
        Dim::Issuer => "reach.issuer",
        Dim::Reach(UrlClass::Internet) => "reach.internet",
        Dim::Reach(UrlClass::Intranet) => "reach.intranet",
        Dim::Reach(UrlClass::Ldap) => "reach.ldap",
        Dim::Reach(UrlClass::Https) => "reach.https",
        Dim::Reach(UrlClass::Other) => "reach.other",
    }
}

fn condition(facts: &ClientFacts, dim: Dim, yes: bool) -> String {
    match dim {
        // Each condition names what it is about: a branch joins several ("…, and …"), where an
        // "it" would name the wrong one ("the user's store holds the key, and it does not
        // have that CA certificate").
        Dim::Key => if yes { "the user's store holds the private key" } else { "the user's store does not hold the private key" }.into(),
        Dim::CrlCache => if yes { "the CRLs are in the server's cache" } else { "the CRLs are not in the server's cache" }.into(),
        Dim::Issuer => {
            let issuer = match &facts.chain_status {
                ChainStatus::MissingIssuer { issuer, .. } => crate::model::names::display_name(issuer),
                _ => "the issuer".into(),
            };
            if yes {
                format!("the server holds (or can download) the CA certificate \"{issuer}\"")
            } else {
                format!("the server does not have the CA certificate \"{issuer}\"")
            }
        }
        Dim::Reach(class) => {
            let verb = if yes { "can reach" } else { "cannot reach" };
            // An LDAP address is a directory path, not a place to name: the directory it is.
            if class == UrlClass::Ldap {
                return format!("the server {verb} the domain's directory (LDAP, a domain controller)");
            }
            // The hosts, as a firewall or proxy rule names them (the full addresses are in the
            // revocation step and the certificate).
            let mut seen = std::collections::HashSet::new();
            let hosts: Vec<String> = facts
                .chain
                .iter()
                .flat_map(|c| c.crl_urls.iter().chain(c.ocsp_urls.iter()))
                .filter(|u| classify_url(u) == class)
                .map(|u| Some(crate::model::urls::host_of(u)).filter(|h| !h.is_empty()).unwrap_or_else(|| u.clone()))
                .filter(|h| seen.insert(h.clone()))
                .collect();
            let mut list: Vec<String> = hosts.iter().take(2).cloned().collect();
            if hosts.len() > 2 {
                list.push(format!("{} more", hosts.len() - 2));
            }
            format!("the server {verb} {} ({})", list.join(", "), class.name())
        }
    }
}

enum Node {
    Leaf(Outcome),
    Split(Dim, Box<Node>, Box<Node>),
}

/// The outcome for each combination of the unknown inputs `dims`, as a tree that splits on
/// each input in turn where the outcome depends on it. An evaluation that decides (or ends)
/// without a step left unknown reached no unknown input, so the inputs not yet split on cannot
/// change it: that subtree is one leaf, and its combinations are not evaluated (the first
/// unknown step is usually the first dimension, so one side of a split mostly ends at once:
/// ~2n evaluations where every combination was 2^n; `tree_in_full` below is the definition
/// this is held to).
fn tree(facts: &ClientFacts, settings: &ServerSettings, at: i64, dims: &[Dim]) -> Node {
    grow(facts, settings, at, dims, &evaluate_outcome(facts, settings, at))
}

/// [`tree`] from the evaluation of `facts` under `settings` already made (`e`).
fn grow(facts: &ClientFacts, settings: &ServerSettings, at: i64, dims: &[Dim], e: &Eval) -> Node {
    let Some((&dim, rest)) = dims.split_first().filter(|_| e.unknown) else {
        return Node::Leaf(e.outcome());
    };
    split(facts, settings, at, dim, rest, tree)
}

/// A split on `dim`: the subtrees `sub` makes with the input settled each way, or one leaf when
/// their outcomes agree.
fn split(facts: &ClientFacts, settings: &ServerSettings, at: i64, dim: Dim, rest: &[Dim], sub: fn(&ClientFacts, &ServerSettings, i64, &[Dim]) -> Node) -> Node {
    let mut sy = settings.clone();
    apply(&mut sy, dim, true);
    let mut sno = settings.clone();
    apply(&mut sno, dim, false);
    let yes = sub(facts, &sy, at, rest);
    let no = sub(facts, &sno, at, rest);
    match (&yes, &no) {
        (Node::Leaf(a), Node::Leaf(b)) if a == b => yes,
        _ => Node::Split(dim, Box::new(yes), Box::new(no)),
    }
}

/// [`tree`] by its definition: every combination of `dims` evaluated, split where the
/// outcomes differ.
#[cfg(test)]
fn tree_in_full(facts: &ClientFacts, settings: &ServerSettings, at: i64, dims: &[Dim]) -> Node {
    let Some((&dim, rest)) = dims.split_first() else {
        return Node::Leaf(evaluate_with(facts, settings, at, true).outcome());
    };
    split(facts, settings, at, dim, rest, tree_in_full)
}

#[cfg(test)]
thread_local! {
    /// How many evaluations this thread ran (tests count them).
    pub(super) static EVALUATIONS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The outcome and its branches ([`outcome_and_branches`]) made with [`tree`] and with
/// [`tree_in_full`], for a test to compare.
#[cfg(test)]
pub(super) fn branches_cut_and_in_full(facts: &ClientFacts, settings: &ServerSettings, at: i64) -> [(Option<Outcome>, Vec<Branch>); 2] {
    let d = dims(facts, settings);
    [branches_of(facts, tree(facts, settings, at, &d)), branches_of(facts, tree_in_full(facts, settings, at, &d))]
}

fn flatten(facts: &ClientFacts, node: &Node, path: &mut Vec<(String, Assumption)>, out: &mut Vec<Branch>) {
    match node {
        Node::Leaf(o) => out.push(Branch {
            condition: if path.is_empty() { "always".into() } else { path.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>().join(", and ") },
            outcome: *o,
            assumes: path.iter().map(|(_, a)| a.clone()).collect(),
        }),
        Node::Split(dim, yes, no) => {
            for (value, node) in [(true, yes), (false, no)] {
                let assumption = Assumption { setting: setting_key(*dim).into(), value: if value { "yes" } else { "no" }.into() };
                path.push((condition(facts, *dim, value), assumption));
                flatten(facts, node, path, out);
                path.pop();
            }
        }
    }
}

fn outcome_and_branches(facts: &ClientFacts, settings: &ServerSettings, at: i64) -> (Option<Outcome>, Vec<Branch>) {
    outcome_and_branches_from(facts, settings, at, &evaluate_outcome(facts, settings, at))
}

/// [`outcome_and_branches`] from the evaluation of `facts` under `settings` already made (`e`).
fn outcome_and_branches_from(facts: &ClientFacts, settings: &ServerSettings, at: i64, e: &Eval) -> (Option<Outcome>, Vec<Branch>) {
    let d = dims(facts, settings);
    branches_of(facts, grow(facts, settings, at, &d, e))
}

/// A tree's one outcome, or its branches.
fn branches_of(facts: &ClientFacts, tree: Node) -> (Option<Outcome>, Vec<Branch>) {
    match tree {
        Node::Leaf(o) => (Some(o), Vec::new()),
        node => {
            let mut out = Vec::new();
            flatten(facts, &node, &mut Vec::new(), &mut out);
            (None, out)
        }
    }
}

// ---------------------------------------------------------------- traps

fn traps(facts: &ClientFacts, settings: &ServerSettings, at: i64) -> Vec<Trap> {
    let mut out = Vec::new();
    let Some(leaf) = facts.leaf() else { return out };
    if settings.mapping != Mapping::None && settings.mapping_scope == MappingScope::VirtualDirectory {
        out.push(Trap {
            code: Code::MappingOnVirtualDirectory,
            message: "The certificate mapping is set on a virtual directory or application; IIS 6 and 7 only use mapping set on the web site, so set it there.".into(),
            fix: Some(fixes::mapping_on_site()),
        });
    }
    match settings.proxy {
        Proxy::TlsTerminating => out.push(Trap {
            code: Code::ProxyTlsTerminating,
            message: "A proxy or load balancer ends TLS in front of IIS: IIS never receives the client certificate, so it cannot check or map it.".into(),
            fix: Some(fixes::proxy_bypass(true)),
        }),
        Proxy::Forward => out.push(Trap {
            code: Code::ProxyConnectionReuse,
            message: "Browsers reach the site through a proxy that reuses connections: certificate mapping may only work for the first page and later requests get 401 (KB Q190009). Let browsers bypass the proxy for this site.".into(),
            fix: Some(fixes::proxy_bypass(false)),
        }),
        Proxy::None => {}
    }
    let root_sha = facts.root().map(|r| r.sha256.clone());
    let non_root: Vec<&CertFacts> = facts.chain.iter().filter(|c| Some(&c.sha256) != root_sha.as_ref()).collect();
    if settings.reach.ldap != Reach::Yes {
        for c in &non_root {
            if !c.crl_urls.is_empty() && c.crl_urls.iter().all(|u| classify_url(u) == UrlClass::Ldap) && c.ocsp_urls.is_empty() {
                out.push(Trap {
                    code: Code::LdapOnlyCdp,
                    message: format!("{} publishes its CRL only over LDAP: a server outside the domain (or one that cannot reach a domain controller) cannot check revocation and answers 403.13.", c.name()),
                    fix: Some(fixes::revocation_offline(c, settings)),
                });
            }
        }
    }
    if let Some(store) = &facts.trust_store {
        for c in store.iter().filter(|c| !c.self_signed) {
            out.push(Trap {
                code: Code::NonSelfSignedInRootStore,
                message: format!("{} is in the server's Trusted Root store but is not self-signed; this breaks client certificate authentication with 403.16 (KB 2802568).", c.name()),
                fix: Some(fixes::non_self_signed_root(c)),
            });
        }
    }
    for ca in cas(facts) {
        if ca.not_after < leaf.not_after {
            out.push(Trap {
                code: Code::CaExpiresBeforeLeaf,
                message: format!("The CA certificate {} expires on {}, before the certificate it issued ({}); from that day IIS answers 403.17 although the user's certificate still looks valid.", ca.name(), date(ca.not_after), date(leaf.not_after)),
                fix: Some(fixes::renew(ca, false)),
            });
        }
    }
    if facts.chain.len() >= 4 && settings.effective().revocation == Revocation::On {
        let n = facts.chain.len();
        for c in facts.chain.iter().take(n.saturating_sub(1)).skip(1) {
            let urls: Vec<&String> = c.crl_urls.iter().chain(c.ocsp_urls.iter()).collect();
            let any_yes = urls.iter().any(|u| reach_of(settings, classify_url(u)) == Reach::Yes);
            if !any_yes {
                out.push(Trap {
                    code: Code::MiddleCaCrlUnreachable,
                    message: format!("In this {n}-level chain the CRL of the middle CA {} ({}) may be out of the server's reach; every CA below the root is checked, not only the user's certificate, so one unreachable CRL gives 403.13. Check with certutil -verify -urlfetch on the server.", c.name(), urls.first().map_or("no CDP", |u| u.as_str())),
                    fix: Some(fixes::revocation_offline(c, settings)),
                });
            }
        }
    }
    if settings.send_issuer_list {
        if let Some(bytes) = trust_store_bytes(facts, settings) {
            if bytes > settings.issuer_list_limit() {
                out.push(Trap {
                    code: Code::IssuerListTruncated,
                    message: format!("The trusted issuer list is {} bytes, more than the {} KB Schannel sends: it is cut (event 36885) and users may see an empty certificate dialog.", crate::text::grouped(bytes), settings.issuer_list_limit() / 1024),
                    fix: Some(fixes::issuer_list(facts.root(), settings)),
                });
            }
        }
    }
    if settings.tls == TlsVersion::Tls13 && settings.ssl != SslMode::Ignore {
        out.push(Trap {
            code: Code::Tls13WithoutClientcertnegotiation,
            message: "TLS 1.3 has no renegotiation: without clientcertnegotiation on the binding IIS never gets a client certificate.".into(),
            fix: Some(fixes::tls13(settings)),
        });
    }
    let _ = at;
    out
}

// ---------------------------------------------------------------- timeline

fn timeline(facts: &ClientFacts, settings: &ServerSettings, at: i64, now_outcome: Outcome) -> Vec<TimelineEntry> {
    let mut points: Vec<(i64, String)> = Vec::new();
    for c in &facts.chain {
        if c.not_before > at {
            points.push((c.not_before, format!("{} becomes valid", c.name())));
        }
        if c.not_after >= at {
            points.push((c.not_after.saturating_add(1), format!("{} expires", c.name())));
        }
    }
    for crl in &facts.crls {
        if let Some(n) = crl.next_update.filter(|n| *n >= at) {
            points.push((n.saturating_add(1), format!("the CRL of {} expires (nextUpdate) unless a new one is published", crl.issuer)));
        }
        if let CrlEvidence::Revoked { date: d, .. } = crl.evidence {
            if d > at {
                points.push((d, "the revocation listed in the CRL takes effect".into()));
            }
        }
    }
    points.sort();
    points.truncate(TIMELINE_BUDGET);
    let mut out = Vec::new();
    let mut current = now_outcome;
    for (when, why) in points {
        let (o, _) = outcome_and_branches(facts, settings, when);
        let o = o.unwrap_or(Outcome::Depends);
        if o != current {
            out.push(TimelineEntry { at: rfc3339_from_unix(when), at_unix: when, outcome: o, because: why });
            current = o;
        }
    }
    out
}

/// A certificate as a summary names it: "the certificate alice" (the one presented) or "the CA
/// certificate Contoso Issuing CA 01". A summary's sentence then starts with a word of its own,
/// not with a name that [`plain_first`] would capitalise ("Ee-rsa2047 names no place …").
fn called(c: &CertFacts, leaf: &CertFacts) -> String {
    if c.sha256 == leaf.sha256 { format!("the certificate {}", c.name()) } else { format!("the CA certificate {}", c.name()) }
}

/// Summaries are written "403.16: why"; help-desk staff read the plain
/// words first, so the status moves to the end: "Why. IIS answers 403.16."
fn plain_first(outcome: Outcome, summary: String) -> String {
    let Some(rest) = summary.strip_prefix(&format!("{outcome}: ")) else { return summary };
    let mut chars = rest.chars();
    let first: String = chars.next().map(|c| c.to_uppercase().collect()).unwrap_or_default();
    let body = format!("{first}{}", chars.as_str());
    let body = body.trim_end_matches('.');
    format!("{body}. IIS answers {outcome}.")
}

/// The deciding evaluation: the decision, the branches and the trace.
fn decide(facts: &ClientFacts, settings: &ServerSettings, at: i64) -> (Decision, Vec<Branch>, Eval) {
    decide_with(facts, settings, at, true)
}

/// [`decide`]; `fixes`: the trace's steps with their fixes (else the decision alone is read).
fn decide_with(facts: &ClientFacts, settings: &ServerSettings, at: i64, fixes: bool) -> (Decision, Vec<Branch>, Eval) {
    let eval = evaluate_with(facts, settings, at, fixes);
    let (outcome, branches) = outcome_and_branches_from(facts, settings, at, &eval);
    let decision = match (&eval.decision, &outcome) {
        (Some(d), Some(o)) if d.outcome == *o => d.clone(),
        (None, Some(Outcome::Status200)) => success(facts, settings),
        // Unknown inputs before the deciding step: describe the branches.
        _ => match outcome {
            Some(o) => Decision::new(o, format!("{o}: see the trace for the step that decides.")),
            // The outcomes once each, as the page's bar says them; the branches follow it.
            None => {
                let outcomes: Vec<Outcome> = branches.iter().map(|b| b.outcome).collect();
                Decision::new(Outcome::Depends, format!("{}.", super::trace::depends_headline(&outcomes, false, None)))
            }
        },
    };
    (decision, branches, eval)
}

/// The inputs certlens assumes to lead the summary with the real verdict:
/// the private key in the user's store and the issuer on the server are
/// usually there when someone asks; the summary says what happens if not.
const ASSUMED: [Dim; 2] = [Dim::Key, Dim::Issuer];

/// When the verdict depends on the private key or the issuer on the server,
/// the summary leads with the verdict when they are there, then says what
/// happens otherwise.
fn lead_with_real_verdict(facts: &ClientFacts, settings: &ServerSettings, at: i64, decision: &Decision) -> Option<String> {
    if decision.outcome != Outcome::Depends {
        return None;
    }
    let assumed: Vec<Dim> = dims(facts, settings).into_iter().filter(|d| ASSUMED.contains(d)).collect();
    if assumed.is_empty() {
        return None;
    }
    let mut s = settings.clone();
    for d in &assumed {
        apply(&mut s, *d, true);
    }
    let (real, _, _) = decide_with(facts, &s, at, false);
    let real_summary = if real.outcome == Outcome::Depends { real.summary.clone() } else { plain_first(real.outcome, real.summary.clone()) };
    let conditions: Vec<String> = assumed.iter().map(|d| condition(facts, *d, true)).collect();
    let mut otherwise = Vec::new();
    for d in &assumed {
        let mut s = settings.clone();
        for other in &assumed {
            apply(&mut s, *other, other != d);
        }
        let (alt, _, _) = decide_with(facts, &s, at, false);
        let alt_text = match alt.http_status {
            Some(status) if alt.outcome == Outcome::NoCertificateOffered => format!("the browser offers no certificate and IIS answers {status}"),
            _ => format!("IIS answers {}", alt.outcome),
        };
        let negated = match d {
            Dim::Key => "the user's store does not hold the private key,".to_string(),
            _ => "the server does not have that CA certificate,".to_string(),
        };
        otherwise.push(format!("if {negated} {alt_text}"));
    }
    Some(format!("{} This assumes {}; {}.", real_summary, conditions.join(" and "), otherwise.join("; ")))
}

/// Predict what IIS does with the client certificate in `facts`, under
/// `settings`, at `at` (Unix seconds).
pub fn predict(facts: &ClientFacts, settings: &ServerSettings, at: i64) -> ServerReport {
    let (decision, branches, eval) = decide(facts, settings, at);
    let timeline = timeline(facts, settings, at, decision.outcome);
    let event = decision.event.or_else(|| {
        let over = settings.send_issuer_list && trust_store_bytes(facts, settings).is_some_and(|b| b > settings.issuer_list_limit());
        over.then_some(36885)
    });
    let summary = lead_with_real_verdict(facts, settings, at, &decision).unwrap_or_else(|| plain_first(decision.outcome, decision.summary.clone()));
    let observed = observed(facts, decision.http_status.unwrap_or(decision.outcome), &branches);
    ServerReport {
        mode: Mode::ClientCertificate,
        outcome: decision.outcome,
        http_status: decision.http_status,
        outcome_if: branches,
        summary,
        win32: decision.win32.map(str::to_string),
        event,
        trace: eval.trace,
        traps: traps(facts, settings, at),
        timeline,
        observed,
    }
}

/// What a dropped IIS request log shows the server answered (its most frequent client
/// certificate refusal), set against the prediction `outcome` and its branches.
fn observed(facts: &ClientFacts, outcome: Outcome, branches: &[Branch]) -> Option<String> {
    let a = facts.iis_log.first()?;
    let code = a.code();
    let error = match a.win32_words() {
        w if w.is_empty() => String::new(),
        w => format!(", {w}"),
    };
    let others = match facts.iis_log.len() {
        1 => String::new(),
        n => format!(" (and {} of another kind)", crate::text::count(n - 1, "client certificate refusal", "client certificate refusals")),
    };
    let shows = format!("The IIS log shows {code} for {}{error}{others}", crate::text::count(a.count, "request", "requests"));
    if outcome.as_str() == code {
        return Some(format!("{shows}: what this verdict predicts."));
    }
    let matching: Vec<&str> = branches.iter().filter(|b| b.outcome.as_str() == code).map(|b| b.condition.as_str()).collect();
    if !matching.is_empty() {
        return Some(format!("{shows}: it matches this verdict where {}; choose that in the server settings to see the fix.", crate::text::name_a_few(&matching, "; or where ")));
    }
    Some(format!(
        "{shows}, where this verdict predicts {}: the server's settings or certificate stores differ from the ones set here, or those requests came with another certificate.",
        outcome.as_str()
    ))
}
