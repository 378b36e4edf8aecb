//! Server-certificate mode: what browsers do with a server certificate
//! presented for a host name (name match, serverAuth EKU, chain served
//! complete or not, validity, weak algorithms).
//!
//! The outcome is for the browser chosen in the settings; when browsers
//! disagree (a missing intermediate: only Chromium/Edge fetch it through
//! AIA), `outcome_if` lists each.

use super::facts::{CertFacts, ChainStatus, ClientFacts, CrlEvidence, EKU_SERVER_AUTH};
use super::settings::{Browser, Reach, ServerSettings};
use super::trace::{Assumption, Branch, Fix, Mode, Outcome, ServerReport, Step, StepStatus, Trap};
use crate::diag::Code;

/// Longest lifetime (days) browsers accept for publicly trusted certificates.
const MAX_PUBLIC_DAYS: i64 = 398;
const DAY: i64 = 86_400;
const REF: &str = "CA/Browser Forum Baseline Requirements; RFC 5280; RFC 6125 (host names)";

struct Verdict {
    outcome: Outcome,
    summary: String,
    code: Option<&'static str>,
}

use crate::model::date_only as date;

/// Does `pattern` (a SAN DNS name, maybe `*.` wildcard) match `host`?
pub fn name_matches(pattern: &str, host: &str) -> bool {
    let p = pattern.trim_end_matches('.').to_ascii_lowercase();
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    if let Some(suffix) = p.strip_prefix("*.") {
        // The wildcard stands for exactly one whole left-most label.
        return match h.split_once('.') {
            Some((label, rest)) => !label.is_empty() && rest == suffix && suffix.contains('.'),
            None => false,
        };
    }
    p == h
}

fn mk(id: &str, title: &str, status: StepStatus, cert: &CertFacts, evidence: String, fix: Option<Fix>) -> Step {
    Step {
        step: id.into(),
        title: title.into(),
        status,
        certificate: Some(cert.subject.clone()),
        certificate_index: cert.report_index,
        url: None,
        evidence,
        urls: Vec::new(),
        fix,
        reached: true,
    }
}

fn fix(text: &str, commands: Vec<crate::command::Command>) -> Option<Fix> {
    Some(Fix { text: text.into(), commands, reference: REF.into() })
}

/// The trace for `browser`, its verdict when a step decides one, and whether the verdict
/// depends on the unknown of whether the server sends the intermediate that was not dropped.
fn evaluate(facts: &ClientFacts, settings: &ServerSettings, host: &str, browser: Browser, at: i64) -> (Vec<Step>, Option<Verdict>, bool) {
    let mut steps = Vec::new();
    let mut verdict: Option<Verdict> = None;
    let mut depends = false;
    let Some(leaf) = facts.leaf() else { return (steps, None, false) };
    let mut push = |steps: &mut Vec<Step>, mut s: Step, v: Option<Verdict>| {
        s.reached = verdict.is_none();
        if verdict.is_none() {
            verdict = v;
        }
        steps.push(s);
    };

    // Name.
    let ip_host = host.parse::<std::net::IpAddr>().is_ok();
    let matched = if ip_host {
        leaf.ip_addresses.iter().find(|ip| ip.as_str() == host).cloned()
    } else {
        leaf.dns_names.iter().find(|n| name_matches(n, host)).cloned()
    };
    match matched {
        Some(n) => push(&mut steps, mk("name", "Name match", StepStatus::Passed, leaf, format!("{host} matches the subject alternative name {n}."), None), None),
        None => {
            let cn_note = if leaf.subject.to_ascii_lowercase().contains(&format!("cn={}", host.to_ascii_lowercase())) {
                " The name is only in the subject CN, which browsers ignore."
            } else {
                ""
            };
            let names = if leaf.dns_names.is_empty() && leaf.ip_addresses.is_empty() { "none".to_string() } else { crate::text::name_a_few(&leaf.dns_names.iter().chain(leaf.ip_addresses.iter()).cloned().collect::<Vec<_>>(), ", ") };
            let s = mk("name", "Name match", StepStatus::Failed, leaf, format!("{host} is not among the certificate's subject alternative names ({names}).{cn_note}"), fix(&format!("Get a certificate with {host} as a DNS name in its subject alternative name."), Vec::new()));
            push(&mut steps, s, Some(Verdict { outcome: Outcome::NameMismatch, summary: format!("Browsers refuse the connection: the certificate is not valid for {host} (NET::ERR_CERT_COMMON_NAME_INVALID).{cn_note}"), code: Some("NET::ERR_CERT_COMMON_NAME_INVALID") }));
        }
    }

    // Usage.
    let bad_usage = std::iter::once(leaf).chain(facts.chain.iter().skip(1)).find(|c| !c.allows_eku(EKU_SERVER_AUTH));
    match bad_usage {
        None => push(&mut steps, mk("usage", "Server Authentication EKU", StepStatus::Passed, leaf, "The certificate and its CAs allow Server Authentication.".into(), None), None),
        Some(c) => {
            let s = mk("usage", "Server Authentication EKU", StepStatus::Failed, c, format!("{} does not allow Server Authentication (1.3.6.1.5.5.7.3.1).", c.name()), fix("Get a certificate from a web server template (Server Authentication EKU).", Vec::new()));
            push(&mut steps, s, Some(Verdict { outcome: Outcome::WrongUsage, summary: format!("Browsers refuse the certificate: {} is not meant for web servers (no Server Authentication EKU).", c.name()), code: Some("NET::ERR_CERT_INVALID") }));
        }
    }

    // Chain.
    let chain_text: Vec<String> = facts.chain.iter().map(CertFacts::name).collect();
    match &facts.chain_status {
        // The dropped chain reaches a CA whose issuer was not dropped: most often its root,
        // which no server sends and which browsers must find in their own trust store.
        ChainStatus::MissingIssuer { issuer, aia_urls } if facts.chain.len() > 1 => {
            let issuer = crate::model::names::display_name(issuer);
            let top = facts.chain.last().map(CertFacts::name).unwrap_or_default();
            let fetch = if aia_urls.is_empty() { "" } else { " Chrome and Edge download it through the AIA address; other browsers do not." };
            let ev = format!(
                "The dropped chain ends at the CA \"{top}\", issued by \"{issuer}\", which was not dropped. A server does not send its root: browsers accept the chain if \"{issuer}\" is a root in their trust store (public roots are; a private CA's root must be installed on the user's device). If \"{issuer}\" is an intermediate CA instead, the server must send it too.{fetch}"
            );
            let f = fix(&format!("Drop the certificate of \"{issuer}\" too, to check the whole chain. For a private CA, install its root on the users' devices."), vec!["certutil -addstore Root root_ca.cer".into()]);
            push(&mut steps, mk("chain", "Chain served", StepStatus::Unknown, leaf, ev, f), None);
        }
        // Only the certificate was dropped: what the server sends with it is the server's
        // (its Intermediate store, or what it downloads), which certlens cannot see.
        ChainStatus::MissingIssuer { issuer, aia_urls } => {
            let issuer = crate::model::names::display_name(issuer);
            let fetches = browser == Browser::Chromium && !aia_urls.is_empty();
            let fetch_words = if fetches { "Chrome and Edge download it through the AIA address; other browsers do not." } else { "this browser does not download missing intermediates." };
            let f = fix("Configure the server to send the whole chain (install the intermediate CA certificate in the server's Intermediate store and re-bind).", vec!["certutil -addstore CA issuing_ca.cer".into()]);
            match settings.reach.issuer {
                Reach::Yes => push(&mut steps, mk("chain", "Chain served", StepStatus::Passed, leaf, format!("The server holds the intermediate CA certificate \"{issuer}\" (the settings say so) and sends it with its own: the browser builds the chain."), None), None),
                Reach::No if fetches => push(&mut steps, mk("chain", "Chain served", StepStatus::Passed, leaf, format!("The server does not send the CA certificate \"{issuer}\" (the settings say so). {fetch_words}"), f), None),
                Reach::No => push(&mut steps, mk("chain", "Chain served", StepStatus::Failed, leaf, format!("The server does not send the CA certificate \"{issuer}\" (the settings say so), and {fetch_words}"), f), Some(Verdict { outcome: Outcome::Untrusted, summary: format!("{} refuses the certificate: the server does not send the intermediate CA \"{issuer}\" (NET::ERR_CERT_AUTHORITY_INVALID / SEC_ERROR_UNKNOWN_ISSUER).", browser.name()), code: Some("SEC_ERROR_UNKNOWN_ISSUER") })),
                Reach::Unknown if fetches => push(&mut steps, mk("chain", "Chain served", StepStatus::Passed, leaf, format!("Only the certificate was dropped: whether the server sends the CA certificate \"{issuer}\" with it is not known. If it does not, {fetch_words}"), f), None),
                Reach::Unknown => {
                    depends = true;
                    let ev = format!("Only the certificate was dropped: whether the server sends the CA certificate \"{issuer}\" with it is not known. If it does, the browser builds the chain; if not, {fetch_words}");
                    push(&mut steps, mk("chain", "Chain served", StepStatus::Unknown, leaf, ev, f), None);
                }
            }
        }
        ChainStatus::Untrusted { reason, .. } => {
            let f = fix("Use a certificate from a CA the clients trust, or deploy the root to the clients.", vec!["certutil -addstore Root root_ca.cer".into()]);
            push(&mut steps, mk("chain", "Chain served", StepStatus::Failed, leaf, format!("The chain {} is not trusted: {reason}.", chain_text.join(" → ")), f), Some(Verdict { outcome: Outcome::Untrusted, summary: "Browsers refuse the certificate: it does not chain to a root they trust (NET::ERR_CERT_AUTHORITY_INVALID).".into(), code: Some("NET::ERR_CERT_AUTHORITY_INVALID") }));
        }
        ChainStatus::BadSignature { .. } | ChainStatus::Invalid { .. } | ChainStatus::Malformed { .. } => {
            let why = match &facts.chain_status {
                ChainStatus::Invalid { reason, .. } | ChainStatus::Malformed { reason } => reason.clone(),
                _ => "a signature in the chain does not verify".to_string(),
            };
            push(&mut steps, mk("chain", "Chain served", StepStatus::Failed, leaf, format!("The chain is invalid: {why}."), None), Some(Verdict { outcome: Outcome::Untrusted, summary: "Browsers refuse the certificate: its chain is invalid.".into(), code: Some("NET::ERR_CERT_AUTHORITY_INVALID") }));
        }
        ChainStatus::Complete if facts.chain.iter().any(|c| c.critical_application_policies.is_some()) => {
            // The Microsoft application-policies extension is CryptoAPI's own: the browsers'
            // verifiers (Chrome's and Edge's own verifier, NSS in Firefox, Safari's) do not
            // know it, and a critical extension they do not know makes them refuse.
            let c = facts.chain.iter().find(|c| c.critical_application_policies.is_some()).unwrap_or(leaf);
            let ev = format!("{} carries the Microsoft application-policies extension (1.3.6.1.4.1.311.21.10) marked critical. Only Windows (CryptoAPI) understands it; browsers reject a certificate with a critical extension they do not know.", c.name());
            let f = fix("Re-issue the certificate without the application-policies extension, or with it not critical (the EKU carries the usage for browsers).", Vec::new());
            push(&mut steps, mk("chain", "Chain served", StepStatus::Failed, c, ev, f), Some(Verdict { outcome: Outcome::Untrusted, summary: format!("Browsers refuse the certificate: {} carries a critical extension they do not understand (Microsoft application policies).", c.name()), code: Some("SEC_ERROR_UNKNOWN_CRITICAL_EXTENSION") }));
        }
        ChainStatus::Complete => {
            // Browsers accept any certificate of their trust store as an anchor, self-signed or not.
            let anchor = facts.chain.last().map(CertFacts::name).unwrap_or_default();
            push(&mut steps, mk("chain", "Chain served", StepStatus::Passed, leaf, format!("The chain {} is complete and ends in the trusted anchor {anchor}.", chain_text.join(" → ")), None), None);
        }
    }

    // Revocation: a dropped CRL that lists a certificate of the chain.
    let revoked = facts.crls.iter().find_map(|c| match c.evidence {
        CrlEvidence::Revoked { date: d, .. } if d <= at => facts.chain.get(c.covers).map(|cert| (cert, d, c.issuer.clone())),
        _ => None,
    });
    match revoked {
        Some((c, d, issuer)) => {
            let ev = format!("The dropped CRL of {issuer} lists {} as revoked on {}.", c.name(), date(d));
            push(&mut steps, mk("revocation", "Revocation", StepStatus::Failed, c, ev, fix("Replace the revoked certificate.", Vec::new())), Some(Verdict { outcome: Outcome::Revoked, summary: format!("Browsers refuse the certificate: {} has been revoked (NET::ERR_CERT_REVOKED).", c.name()), code: Some("NET::ERR_CERT_REVOKED") }));
        }
        None => push(&mut steps, mk("revocation", "Revocation", StepStatus::Passed, leaf, "No dropped CRL lists a certificate of the chain (browsers mostly rely on their own revocation lists).".into(), None), None),
    }

    // A CA certificate as the server certificate: Firefox refuses it.
    if leaf.is_ca && browser == Browser::Firefox {
        let s = mk("chain", "CA certificate as end certificate", StepStatus::Failed, leaf, format!("{} is a CA certificate (basicConstraints cA=TRUE); Firefox refuses a CA certificate as a server certificate.", leaf.name()), fix("Get a certificate without cA=TRUE for the server.", Vec::new()));
        push(&mut steps, s, Some(Verdict { outcome: Outcome::Untrusted, summary: "Firefox refuses the certificate: it is a CA certificate used as a server certificate (MOZILLA_PKIX_ERROR_CA_CERT_USED_AS_END_ENTITY).".into(), code: Some("MOZILLA_PKIX_ERROR_CA_CERT_USED_AS_END_ENTITY") }));
    }

    // Validity.
    match facts.chain.iter().find(|c| at < c.not_before || at > c.not_after) {
        Some(c) => {
            let ev = if at > c.not_after { format!("{} expired on {}.", c.name(), date(c.not_after)) } else { format!("{} is not valid before {}.", c.name(), date(c.not_before)) };
            push(&mut steps, mk("validity", "Validity", StepStatus::Failed, c, ev.clone(), fix("Renew the certificate (and check the clocks).", Vec::new())), Some(Verdict { outcome: Outcome::Expired, summary: format!("Browsers refuse the certificate: {ev} (NET::ERR_CERT_DATE_INVALID)"), code: Some("NET::ERR_CERT_DATE_INVALID") }));
        }
        None => {
            let days = leaf.not_after.saturating_sub(leaf.not_before) / DAY;
            let note = if days > MAX_PUBLIC_DAYS { format!(" Its lifetime is {} days; browsers refuse more than {MAX_PUBLIC_DAYS} days for publicly trusted certificates (private CAs are exempt).", crate::text::grouped(days)) } else { String::new() };
            push(&mut steps, mk("validity", "Validity", StepStatus::Passed, leaf, format!("Valid until {}.{note}", date(leaf.not_after)), None), None);
        }
    }

    // Algorithms.
    let weak = facts.chain.iter().filter(|c| !c.self_signed).find(|c| c.weak_hash.is_some());
    let small = facts.chain.iter().find(|c| c.rsa_key && c.key_bits.is_some_and(|b| b < 2048));
    match (weak, small) {
        (Some(c), _) => push(&mut steps, mk("algorithms", "Signature and key", StepStatus::Failed, c, format!("{} is signed with {}, which browsers reject.", c.name(), c.signature_algorithm), fix("Re-issue with SHA-256.", Vec::new())), Some(Verdict { outcome: Outcome::WeakAlgorithm, summary: format!("Browsers refuse the certificate: {} uses the {} signature (NET::ERR_CERT_WEAK_SIGNATURE_ALGORITHM).", c.name(), c.signature_algorithm), code: Some("NET::ERR_CERT_WEAK_SIGNATURE_ALGORITHM") })),
        (None, Some(c)) => push(&mut steps, mk("algorithms", "Signature and key", StepStatus::Failed, c, format!("{} has an RSA key of {} bits; browsers need at least 2048.", c.name(), c.key_bits.unwrap_or(0)), fix("Re-issue with an RSA 2048+ or ECDSA P-256 key.", Vec::new())), Some(Verdict { outcome: Outcome::WeakAlgorithm, summary: format!("Browsers refuse the certificate: {} has a weak RSA key (NET::ERR_CERT_WEAK_KEY).", c.name()), code: Some("NET::ERR_CERT_WEAK_KEY") })),
        (None, None) => push(&mut steps, mk("algorithms", "Signature and key", StepStatus::Passed, leaf, format!("{} with {}.", leaf.signature_algorithm, leaf.key_algorithm), None), None),
    }
    (steps, verdict, depends)
}

/// Predict what browsers do with the server certificate in `facts` for `host`.
pub fn predict(facts: &ClientFacts, settings: &ServerSettings, host: &str, at: i64) -> ServerReport {
    let (trace, verdict, depends) = evaluate(facts, settings, host, settings.browser, at);
    let name = facts.leaf().map(CertFacts::name).unwrap_or_default();
    // The intermediate above a leaf dropped alone, whether the server sends it not known.
    let unsent = match &facts.chain_status {
        ChainStatus::MissingIssuer { issuer, .. } if facts.chain.len() == 1 && settings.reach.issuer == Reach::Unknown => Some(crate::model::names::display_name(issuer)),
        _ => None,
    };
    // The root above the dropped chain, when it was not dropped (see `evaluate`).
    let root_not_dropped = match &facts.chain_status {
        ChainStatus::MissingIssuer { issuer, .. } if facts.chain.len() > 1 => Some(crate::model::names::display_name(issuer)),
        _ => None,
    };
    let (outcome, summary, code) = match verdict {
        Some(v) => (v.outcome, v.summary, v.code),
        None if depends => {
            let browser = settings.browser.name();
            let issuer = unsent.as_deref().unwrap_or_default();
            (Outcome::Depends, format!("{browser} accepts the certificate of {name} for {host} if the server sends the intermediate CA certificate \"{issuer}\" with it; if not, {browser} refuses it (SEC_ERROR_UNKNOWN_ISSUER)."), None)
        }
        None => {
            let browser = settings.browser.name();
            let condition = root_not_dropped.as_ref().map(|r| format!(", if \"{r}\" is a root it trusts (it was not dropped, and certlens cannot see the browser's trust store)")).unwrap_or_default();
            (Outcome::Trusted, format!("{browser} accepts the certificate of {name} for {host}{condition}."), None)
        }
    };
    // One branch per browser; a browser whose outcome turns on whether the server sends the
    // intermediate gets one for each answer.
    let mut per_browser: Vec<Branch> = Vec::new();
    for b in [Browser::Chromium, Browser::Firefox, Browser::Safari] {
        let browser = Assumption { setting: "browser".into(), value: b.to_string() };
        let with = |issuer: Reach| {
            let s = ServerSettings { browser: b, reach: super::settings::Reachability { issuer, ..settings.reach }, ..settings.clone() };
            evaluate(facts, &s, host, b, at).1.map_or(Outcome::Trusted, |v| v.outcome)
        };
        // Each answer evaluated once: whether they differ, then their branches.
        let answers = unsent.as_ref().map(|_| (with(Reach::Yes), with(Reach::No)));
        match answers {
            Some((sent, not_sent)) if sent != not_sent => {
                for (outcome, value, words) in [(sent, Reach::Yes, "the server sends the intermediate"), (not_sent, Reach::No, "the server does not send the intermediate")] {
                    per_browser.push(Branch {
                        condition: format!("the browser is {}, and {words}", b.name()),
                        outcome,
                        assumes: vec![browser.clone(), Assumption { setting: "reach.issuer".into(), value: value.to_string() }],
                    });
                }
            }
            Some((sent, _)) => per_browser.push(Branch { condition: format!("the browser is {}", b.name()), outcome: sent, assumes: vec![browser] }),
            None => per_browser.push(Branch { condition: format!("the browser is {}", b.name()), outcome: with(settings.reach.issuer), assumes: vec![browser] }),
        }
    }
    let differ = per_browser.iter().any(|b| per_browser.first().is_some_and(|f| f.outcome != b.outcome));
    let mut traps = Vec::new();
    if let Some(leaf) = facts.leaf() {
        if leaf.not_after.saturating_sub(leaf.not_before) / DAY > MAX_PUBLIC_DAYS {
            traps.push(Trap { code: Code::ValidityTooLong, message: format!("The certificate is valid for more than {MAX_PUBLIC_DAYS} days: fine from a private CA, refused by browsers if it comes from a public CA."), fix: None });
        }
        if leaf.dns_names.is_empty() {
            traps.push(Trap { code: Code::NameOnlyInCn, message: "The certificate has no DNS names in its subject alternative name; browsers ignore the subject CN.".into(), fix: None });
        }
    }
    if let Some(root) = &root_not_dropped {
        traps.push(Trap { code: Code::IncompleteChain, message: format!("The chain's root \"{root}\" was not dropped: a browser accepts the certificate only if that root is in its trust store, so it can work on one device and fail on another. Drop the root too to check the whole chain."), fix: None });
    } else if matches!(facts.chain_status, ChainStatus::MissingIssuer { .. }) && settings.reach.issuer != Reach::Yes {
        // Not when the settings say the server sends the intermediate.
        traps.push(Trap { code: Code::IncompleteChain, message: "If the server does not send the intermediate, the chain is incomplete: it works in Chrome and Edge (they fetch the intermediate) and fails elsewhere, which makes it look random.".into(), fix: None });
    }
    ServerReport {
        mode: Mode::ServerCertificate,
        outcome,
        http_status: None,
        outcome_if: if differ { per_browser } else { Vec::new() },
        summary,
        win32: code.map(str::to_string),
        event: None,
        trace,
        traps,
        timeline: Vec::new(),
        observed: None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::model::keys::WeakHash;

    #[test]
    fn wildcards_match_one_label() {
        assert!(name_matches("*.app.contoso.com", "x.app.contoso.com"));
        assert!(!name_matches("*.app.contoso.com", "app.contoso.com"));
        assert!(!name_matches("*.app.contoso.com", "a.b.app.contoso.com"));
        assert!(!name_matches("*.com", "contoso.com"));
        assert!(name_matches("WWW.contoso.com", "www.contoso.com."));
    }

    fn server_chain(missing: bool) -> ClientFacts {
        let leaf = CertFacts {
            subject: "CN=www.contoso.com".into(),
            issuer: "CN=Int".into(),
            not_before: 0,
            not_after: 30 * DAY,
            dns_names: vec!["www.contoso.com".into()],
            eku: Some(vec![EKU_SERVER_AUTH.into()]),
            signature_algorithm: "sha256WithRSAEncryption".into(),
            key_algorithm: "RSA".into(),
            rsa_key: true,
            key_bits: Some(2048),
            aia_urls: vec!["http://pki/int.crt".into()],
            ..Default::default()
        };
        let int = CertFacts { subject: "CN=Int".into(), issuer: "CN=Root".into(), not_after: 900 * DAY, is_ca: true, signature_algorithm: "sha256WithRSAEncryption".into(), ..Default::default() };
        let root = CertFacts { subject: "CN=Root".into(), issuer: "CN=Root".into(), not_after: 900 * DAY, is_ca: true, self_signed: true, ..Default::default() };
        if missing {
            ClientFacts { chain: vec![leaf], chain_status: ChainStatus::MissingIssuer { issuer: "CN=Int".into(), aia_urls: vec!["http://pki/int.crt".into()] }, ..Default::default() }
        } else {
            ClientFacts { chain: vec![leaf, int, root], ..Default::default() }
        }
    }

    #[test]
    fn server_mode_outcomes() {
        let s = ServerSettings::default();
        let r = predict(&server_chain(false), &s, "www.contoso.com", DAY);
        assert_eq!(r.outcome, Outcome::Trusted);
        assert_eq!(r.mode, Mode::ServerCertificate);
        let r = predict(&server_chain(false), &s, "contoso.com", DAY);
        assert_eq!(r.outcome, Outcome::NameMismatch);
        let r = predict(&server_chain(false), &s, "www.contoso.com", 40 * DAY);
        assert_eq!(r.outcome, Outcome::Expired);
        let r = predict(&server_chain(true), &s, "www.contoso.com", DAY);
        assert_eq!(r.outcome, Outcome::Trusted);
        // Whether the server sends the intermediate is the server's: Firefox branches on it.
        let firefox_if = |r: &ServerReport, sends: &str| r.outcome_if.iter().find(|b| b.condition == format!("the browser is Firefox, and {sends}")).unwrap().outcome;
        assert_eq!(firefox_if(&r, "the server sends the intermediate"), Outcome::Trusted);
        assert_eq!(firefox_if(&r, "the server does not send the intermediate"), Outcome::Untrusted);
        assert_eq!(r.outcome_if.iter().find(|b| b.condition == "the browser is Chrome or Edge").unwrap().outcome, Outcome::Trusted);
        // The missing intermediate is named by its CN, as the chain names it.
        let firefox = ServerSettings { browser: crate::server::settings::Browser::Firefox, ..ServerSettings::default() };
        let r = predict(&server_chain(true), &firefox, "www.contoso.com", DAY);
        assert_eq!(r.outcome, Outcome::Depends);
        assert!(r.summary.contains("if the server sends the intermediate CA certificate \"Int\""), "{}", r.summary);
        assert_eq!(r.trace.iter().find(|s| s.step == "chain").unwrap().status, StepStatus::Unknown);
        let mut not_sent = firefox.clone();
        not_sent.reach.issuer = Reach::No;
        let r = predict(&server_chain(true), &not_sent, "www.contoso.com", DAY);
        assert_eq!(r.outcome, Outcome::Untrusted);
        assert!(r.summary.contains("the intermediate CA \"Int\""), "{}", r.summary);
        assert_eq!(r.outcome_if.iter().find(|b| b.condition == "the browser is Firefox").unwrap().outcome, Outcome::Untrusted);
        let mut sent = firefox;
        sent.reach.issuer = Reach::Yes;
        let r = predict(&server_chain(true), &sent, "www.contoso.com", DAY);
        assert_eq!(r.outcome, Outcome::Trusted);
        assert!(r.traps.iter().all(|t| t.code != Code::IncompleteChain), "the settings say the server sends it: {:?}", r.traps);
        let mut f = server_chain(false);
        f.chain[0].signature_algorithm = "sha1WithRSAEncryption".into();
        f.chain[0].weak_hash = Some(WeakHash::Sha1);
        assert_eq!(predict(&f, &s, "www.contoso.com", DAY).outcome, Outcome::WeakAlgorithm);
    }

    /// A leaf and its intermediate dropped, the root not: no server sends a root, so the
    /// browsers do not differ (it was said that Chrome fetches it and Firefox refuses); each
    /// accepts if the root is in its trust store, which the verdict says it assumes.
    #[test]
    fn a_root_that_was_not_dropped_is_not_a_missing_intermediate() {
        let mut f = server_chain(false);
        f.chain.truncate(2);
        f.chain_status = ChainStatus::MissingIssuer { issuer: "CN=Root".into(), aia_urls: vec!["http://pki/root.crt".into()] };
        for browser in [Browser::Chromium, Browser::Firefox, Browser::Safari] {
            let r = predict(&f, &ServerSettings { browser, ..ServerSettings::default() }, "www.contoso.com", DAY);
            assert_eq!(r.outcome, Outcome::Trusted, "{browser:?}: {}", r.summary);
            assert!(r.outcome_if.is_empty(), "{:?}", r.outcome_if);
            assert!(r.summary.contains("if \"Root\" is a root it trusts"), "{}", r.summary);
            let chain = r.trace.iter().find(|s| s.step == "chain").unwrap();
            assert_eq!(chain.status, StepStatus::Unknown);
            assert!(chain.evidence.contains("does not send its root") && !chain.evidence.contains("does not send the CA certificate"), "{}", chain.evidence);
            assert!(r.traps.iter().all(|t| !t.message.contains("fetch the intermediate")), "{:?}", r.traps);
        }
        // Only the leaf dropped: its issuer is the intermediate, which Chrome and Edge fetch
        // when the server does not send it.
        let r = predict(&server_chain(true), &ServerSettings::default(), "www.contoso.com", DAY);
        assert_eq!(r.outcome_if.iter().find(|b| b.condition == "the browser is Firefox, and the server does not send the intermediate").unwrap().outcome, Outcome::Untrusted);
    }

    #[test]
    fn weak_hashes_and_small_keys_are_read_from_typed_facts_not_from_names() {
        let s = ServerSettings::default();
        // RSASSA-PSS over SHA-1: the name says "SHA-1", not "sha1"; the typed hash catches it.
        let mut f = server_chain(false);
        f.chain[1].signature_algorithm = "RSASSA-PSS (SHA-1, MGF1 with SHA-1, salt 20 bytes)".into();
        f.chain[1].weak_hash = Some(WeakHash::Sha1);
        assert_eq!(predict(&f, &s, "www.contoso.com", DAY).outcome, Outcome::WeakAlgorithm);
        // MD2 and MD4 are refused like MD5.
        f.chain[1].weak_hash = Some(WeakHash::Md2);
        assert_eq!(predict(&f, &s, "www.contoso.com", DAY).outcome, Outcome::WeakAlgorithm);
        // A 1024-bit RSASSA-PSS key is an RSA key too.
        let mut f = server_chain(false);
        f.chain[0].key_algorithm = "RSA-PSS".into();
        f.chain[0].key_bits = Some(1024);
        assert_eq!(predict(&f, &s, "www.contoso.com", DAY).outcome, Outcome::WeakAlgorithm);
        // A 1024-bit EC "size" is not an RSA key.
        f.chain[0].rsa_key = false;
        f.chain[0].key_algorithm = "EC".into();
        f.chain[0].key_bits = Some(256);
        assert_eq!(predict(&f, &s, "www.contoso.com", DAY).outcome, Outcome::Trusted);
    }
}
