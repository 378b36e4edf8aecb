//! The "notable" summary: the few facts that explain most problems, first.

use serde::{Deserialize, Serialize};

use super::findings::Severity;
use super::urls::{UrlScheme, UrlView};
use super::validity::{date_only, ValidityState};
use super::extensions::ExtensionDetail;
use super::CertificateView;

/// One short line of the summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotableLine {
    /// What the line is about, stable: `kind`, `expiry`, `client-auth`, `server-auth`,
    /// `key-usage`, `revocation`, `mapping`, or a finding's code.
    pub topic: String,
    /// Info for plain facts; warning and error when it explains a failure.
    pub severity: Severity,
    /// One plain sentence.
    pub text: String,
}

fn line(topic: &str, severity: Severity, text: impl Into<String>) -> NotableLine {
    NotableLine { topic: topic.to_string(), severity, text: text.into() }
}

const CLIENT_AUTH: &str = "1.3.6.1.5.5.7.3.2";
const SERVER_AUTH: &str = "1.3.6.1.5.5.7.3.1";
const ANY_EKU: &str = "2.5.29.37.0";
const APP_POLICIES: &str = "1.3.6.1.4.1.311.21.10";

/// Build the summary of a decoded certificate.
pub fn notable(v: &CertificateView) -> Vec<NotableLine> {
    let mut out = Vec::new();
    let root = v.self_issued && v.is_ca;
    // What it is.
    out.push(if root {
        line("kind", Severity::Info, "Root certificate authority (self-issued): a trust anchor")
    } else if v.is_ca {
        let limit = match v.path_len {
            Some(0) => ", may issue only end-entity certificates".to_string(),
            Some(n) => format!(", at most {} below it", crate::text::count(n, "CA level", "CA levels")),
            None => String::new(),
        };
        line("kind", Severity::Info, format!("Certificate authority (intermediate CA){limit}"))
    } else {
        line("kind", Severity::Info, "End-entity certificate (not a CA)")
    });
    // When it expires.
    let end = date_only(v.validity.not_after_unix);
    out.push(match v.validity.state {
        ValidityState::Expired => line("expiry", Severity::Error, format!("Expired on {end} ({})", v.validity.text)),
        ValidityState::NotYetValid => line("expiry", Severity::Error, format!("Not valid yet: valid from {}", date_only(v.validity.not_before_unix))),
        ValidityState::Valid if v.validity.days < 30 => {
            line("expiry", Severity::Warning, format!("Expires soon: {end} ({})", v.validity.text))
        }
        ValidityState::Valid => line("expiry", Severity::Info, format!("Valid until {end} ({})", v.validity.text)),
    });
    // Client authentication. A critical Microsoft application-policies extension restricts the
    // usage like an EKU (the verdict reads it the same way: chain::cert).
    let app_policies = v.extensions.iter().find(|e| e.critical && e.oid == APP_POLICIES).and_then(|e| match &e.detail {
        Some(ExtensionDetail::ApplicationPolicies { policies }) => Some(policies),
        _ => None,
    });
    if let Some(policies) = app_policies.filter(|p| !p.iter().any(|o| o.oid == CLIENT_AUTH || o.oid == ANY_EKU)) {
        let names: Vec<&str> = policies.iter().map(|p| p.name.as_str()).collect();
        let names = if names.is_empty() { "no purpose".to_string() } else { names.join(", ") };
        out.push(line(
            "client-auth",
            Severity::Warning,
            if v.is_ca {
                format!("Its critical application policies ({names}) do not allow client authentication: Windows rejects client certificates issued below it")
            } else {
                format!("Cannot be used for client authentication: its critical application policies list only {names}, and Windows applies them like an EKU (IIS 403.7)")
            },
        ));
    }
    let restricted = app_policies.is_some_and(|p| !p.iter().any(|o| o.oid == CLIENT_AUTH || o.oid == ANY_EKU));
    let eku = v.extended_key_usage.as_deref().filter(|_| !restricted);
    let has = |oid: &str| eku.is_some_and(|e| e.iter().any(|o| o == oid || o == ANY_EKU));
    match eku {
        None if restricted => {}
        None if !v.is_ca => out.push(line("client-auth", Severity::Info, "No extended key usage: usable for any purpose, client authentication included")),
        None => {}
        Some(_) if has(CLIENT_AUTH) => out.push(line(
            "client-auth",
            Severity::Info,
            if v.is_ca { "Its EKU allows client authentication for the certificates below it" } else { "Can be used for client authentication" },
        )),
        Some(_) if !v.is_ca && has(SERVER_AUTH) && has_host_names(v) => out.push(line(
            "client-auth",
            Severity::Info,
            format!("Server certificate: its EKU ({}) does not include client authentication", v.eku_names().join(", ")),
        )),
        Some(_) => {
            let names = v.eku_names().join(", ");
            out.push(line(
                "client-auth",
                Severity::Warning,
                if v.is_ca {
                    format!("Its EKU ({names}) does not allow client authentication: Windows rejects client certificates issued below it")
                } else {
                    format!("Cannot be used for client authentication: its EKU lists only {names}; browsers will not offer it (IIS 403.7)")
                },
            ));
        }
    }
    // Key usage.
    if let Some(ku) = &v.key_usage {
        let list = if ku.is_empty() { "no bits".to_string() } else { ku.join(", ") };
        if v.is_ca && !ku.iter().any(|k| k == "keyCertSign") {
            out.push(line("key-usage", Severity::Warning, format!("CA without keyCertSign in its key usage ({list}): certificates it signs are rejected")));
        } else if !v.is_ca && has(CLIENT_AUTH) && !ku.iter().any(|k| k == "digitalSignature") {
            out.push(line(
                "key-usage",
                Severity::Warning,
                format!("Key usage lacks digitalSignature ({list}): browsers will not offer it for client authentication"),
            ));
        }
    }
    // Server authentication.
    if !v.is_ca && eku.is_some_and(|e| e.iter().any(|o| o == SERVER_AUTH)) {
        let hosts: Vec<&str> = v
            .subject_alt_names
            .iter()
            .filter(|n| n.kind == crate::model::NameKind::Dns || n.kind == crate::model::NameKind::Ip)
            .map(|n| n.value.as_str())
            .collect();
        out.push(if hosts.is_empty() {
            line("server-auth", Severity::Warning, "TLS server certificate without a DNS name or IP address in its SAN: browsers ignore the CN and reject it")
        } else {
            let shown: Vec<&str> = hosts.iter().take(4).copied().collect();
            let more = if hosts.len() > 4 { format!(" and {} more", hosts.len() - 4) } else { String::new() };
            line("server-auth", Severity::Info, format!("TLS server certificate for {}{more}", shown.join(", ")))
        });
    }
    // Keys Windows cannot use for TLS.
    if !v.is_ca {
        let k = &v.public_key;
        let problem = match (k.algorithm.as_str(), k.curve.as_deref()) {
            ("Ed25519" | "Ed448", _) => Some(format!("{} key: Windows (Schannel) cannot use it for TLS client or server authentication", k.algorithm)),
            ("DSA", _) => Some("DSA key: browsers and current Windows TLS do not accept DSA certificates".to_string()),
            ("EC", Some(c)) if !matches!(c, "P-256" | "P-384" | "P-521") => {
                Some(format!("EC key on curve {c}: browsers and Windows TLS support only P-256, P-384 and P-521"))
            }
            _ => None,
        };
        if let Some(text) = problem {
            out.push(line("key", Severity::Warning, text));
        }
    }
    // Revocation: never asked of a chain's top, a root or a self-signed end certificate alike
    // (Windows checks the certificates below the root; the card's "Revocation" says "not
    // checked (root)" of both).
    if !v.self_issued {
        out.push(revocation(&v.urls));
    }
    // Account mapping.
    if !v.is_ca {
        let upns: Vec<&str> = v.subject_alt_names.iter().filter(|n| n.kind == crate::model::NameKind::Upn).map(|n| n.value.as_str()).collect();
        match (&v.sid, upns.first()) {
            (Some(sid), _) => out.push(line(
                "mapping",
                Severity::Info,
                format!(
                    "Carries the account SID {sid} ({}): strong mapping to an Active Directory account{}",
                    if v.sid_source == Some(super::SidSource::Extension) { "SID extension" } else { "SAN URL" },
                    upns.first().map(|u| format!(", UPN {u}")).unwrap_or_default()
                ),
            )),
            (None, Some(upn)) => out.push(line(
                "mapping",
                Severity::Info,
                format!("UPN {upn} but no SID: under Windows' strong mapping enforcement the account needs a strong altSecurityIdentities mapping"),
            )),
            (None, None) => {}
        }
    }
    // Problems found in the certificate itself.
    out.extend(
        v.findings
            .iter()
            .filter(|f| f.severity != Severity::Info)
            .map(|f| line(f.code.as_str(), f.severity, capitalise(&f.message))),
    );
    out
}

fn has_host_names(v: &CertificateView) -> bool {
    v.subject_alt_names.iter().any(|n| n.kind == crate::model::NameKind::Dns || n.kind == crate::model::NameKind::Ip)
}

fn revocation(urls: &[UrlView]) -> NotableLine {
    let rev: Vec<&UrlView> = urls.iter().filter(|u| matches!(u.source.as_str(), "crl" | "ocsp")).collect();
    if rev.is_empty() {
        return line(
            "revocation",
            Severity::Warning,
            "No CRL or OCSP address: its revocation cannot be checked, so servers that check revocation reject it (IIS 403.13)",
        );
    }
    let list: Vec<String> = rev
        .iter()
        .map(|u| {
            let kind = if u.source == "ocsp" { "OCSP" } else { "CRL" };
            if u.scheme == UrlScheme::Ldap {
                format!("{kind} in LDAP (only inside the AD forest)")
            } else {
                format!("{kind} {}", u.url)
            }
        })
        .collect();
    let internal = rev.iter().filter(|u| u.internal_only).count();
    if internal == rev.len() {
        line(
            "revocation",
            Severity::Warning,
            format!(
                "Revocation can be checked only inside the company network ({}): servers that cannot reach it reject the certificate (IIS 403.13)",
                crate::text::name_a_few(&list, "; ")
            ),
        )
    } else {
        line("revocation", Severity::Info, format!("Revocation is checked at {}", crate::text::name_a_few(&list, "; ")))
    }
}

fn capitalise(s: &str) -> String {
    crate::text::capitalise_first(s)
}
