//! URLs found in a certificate (CDP, AIA, SIA, policies), classified by where they work.
//!
//! Only `http`, `https` and `ldap` URLs may become links ([`is_linkable`]); every
//! other scheme (`javascript:`, `data:`, `file:`) is shown as text only.

use serde::{Deserialize, Serialize};

/// The URL scheme family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UrlScheme {
    /// `http:`
    Http,
    /// `https:`
    Https,
    /// `ldap:` / `ldaps:`
    Ldap,
    /// `file:`
    File,
    /// Anything else (shown as text only).
    Other,
}

/// What kind of host the URL names: tells where it can be reached from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UrlHost {
    /// A fully qualified public DNS name.
    Public,
    /// A single-label name (`http://corppki/`): resolves only inside the company network.
    SingleLabel,
    /// A `.local`, `.internal`, `.lan`, `.corp`, `.home.arpa` or `localhost` name.
    LocalDomain,
    /// A private, loopback or link-local IP address.
    PrivateIp,
    /// A public IP literal.
    IpLiteral,
    /// No host (`ldap:///CN=...` uses the computer's own domain; `file:` paths).
    None,
}

/// A URL from the certificate, classified.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UrlView {
    /// The URL as written in the certificate.
    pub url: String,
    /// Where it came from: `crl`, `freshest-crl`, `ca-issuers`, `ocsp`, `ca-repository`, `sia`, `cps`, `other`.
    pub source: String,
    /// The scheme family.
    pub scheme: UrlScheme,
    /// The host kind.
    pub host: UrlHost,
    /// Only http, https and ldap URLs become links.
    pub linkable: bool,
    /// True when only computers inside the company network (or AD forest) can reach it.
    pub internal_only: bool,
    /// Plain words about reachability, empty when there is nothing to say.
    pub note: String,
}

/// True for URLs the UI and the CLI may turn into links: `http`, `https`, `ldap` only.
/// Never `javascript:`, `data:`, `file:`; nothing with spaces or control characters.
pub fn is_linkable(url: &str) -> bool {
    if url.is_empty() || url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return false;
    }
    matches!(scheme_of(url).as_deref(), Some("http" | "https" | "ldap"))
}

/// The lowercase scheme, when the URL has a well-formed one.
fn scheme_of(url: &str) -> Option<String> {
    let (scheme, _) = url.split_once(':')?;
    let ok = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    ok.then(|| scheme.to_ascii_lowercase())
}

/// The host part of `scheme://[user@]host[:port]/...`, lowercase, brackets removed. Empty when absent.
fn host_of(url: &str) -> String {
    let Some((_, rest)) = url.split_once("://") else { return String::new() };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if let Some(v6) = hostport.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        hostport.split(':').next().unwrap_or_default()
    };
    host.trim_end_matches('.').to_ascii_lowercase()
}

fn host_kind(host: &str) -> UrlHost {
    if host.is_empty() {
        return UrlHost::None;
    }
    if let Ok(ip) = host.parse::<std::net::IpAddr>() {
        let private = match ip {
            std::net::IpAddr::V4(v4) => {
                let [a, b, ..] = v4.octets();
                v4.is_private() || v4.is_loopback() || v4.is_link_local() || v4.is_unspecified() || (a == 100 && (64..128).contains(&b))
            }
            std::net::IpAddr::V6(v6) => {
                let first = v6.segments().first().copied().unwrap_or(0);
                v6.is_loopback() || v6.is_unspecified() || (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80
            }
        };
        return if private { UrlHost::PrivateIp } else { UrlHost::IpLiteral };
    }
    const LOCAL: [&str; 7] = [".local", ".internal", ".lan", ".corp", ".home.arpa", ".localdomain", ".intranet"];
    if host == "localhost" || LOCAL.iter().any(|s| host.ends_with(s)) {
        return UrlHost::LocalDomain;
    }
    if !host.contains('.') {
        return UrlHost::SingleLabel;
    }
    UrlHost::Public
}

/// Classify one URL found at `source`.
pub fn classify(url: &str, source: &str) -> UrlView {
    let scheme = match scheme_of(url).as_deref() {
        Some("http") => UrlScheme::Http,
        Some("https") => UrlScheme::Https,
        Some("ldap" | "ldaps") => UrlScheme::Ldap,
        Some("file") => UrlScheme::File,
        _ => UrlScheme::Other,
    };
    let host = host_kind(&host_of(url));
    let mut notes: Vec<&str> = Vec::new();
    match scheme {
        UrlScheme::Ldap => notes.push("LDAP: works only for computers inside the Active Directory forest; servers and clients outside it cannot fetch it"),
        UrlScheme::File => notes.push("file path: only computers that can open this share can read it"),
        UrlScheme::Other => notes.push("not a web or LDAP address: shown as text only"),
        UrlScheme::Https if matches!(source, "crl" | "freshest-crl" | "ocsp") => {
            notes.push("HTTPS for revocation: Windows may fail to fetch it (fetching it needs its own revocation check); plain HTTP is the norm")
        }
        _ => {}
    }
    match host {
        UrlHost::SingleLabel => notes.push("single-label host name: resolves only inside the company network"),
        UrlHost::LocalDomain => notes.push("internal domain name: reachable only inside the company network"),
        UrlHost::PrivateIp => notes.push("private IP address: reachable only inside the company network"),
        UrlHost::IpLiteral => notes.push("IP address instead of a name: breaks when the server moves"),
        _ => {}
    }
    let internal_only = matches!(scheme, UrlScheme::Ldap | UrlScheme::File)
        || matches!(host, UrlHost::SingleLabel | UrlHost::LocalDomain | UrlHost::PrivateIp);
    UrlView {
        url: url.to_string(),
        source: source.to_string(),
        scheme,
        host,
        linkable: is_linkable(url),
        internal_only,
        note: notes.join("; "),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn linkable_only_web_and_ldap() {
        assert!(is_linkable("http://pki.contoso.com/crl/int01.crl"));
        assert!(is_linkable("HTTPS://pki.contoso.com/"));
        assert!(is_linkable("ldap:///CN=Contoso,CN=CDP?certificateRevocationList?base"));
        assert!(!is_linkable("javascript:alert(1)"));
        assert!(!is_linkable("JavaScript:alert(1)"));
        assert!(!is_linkable(" javascript:alert(1)"));
        assert!(!is_linkable("java\tscript:alert(1)"));
        assert!(!is_linkable("data:text/html,hi"));
        assert!(!is_linkable("file://server/share/ca.crl"));
        assert!(!is_linkable("http://a b/"));
        assert!(!is_linkable("http"));
        assert!(!is_linkable(""));
        assert!(!is_linkable("//evil.example/"));
    }

    #[test]
    fn classes() {
        let c = classify("http://corppki/crl/int01.crl", "crl");
        assert_eq!((c.scheme, c.host, c.internal_only), (UrlScheme::Http, UrlHost::SingleLabel, true));
        let c = classify("http://pki-internal.contoso.local/crl/policy.crl", "crl");
        assert_eq!(c.host, UrlHost::LocalDomain);
        let c = classify("ldap:///CN=x?certificateRevocationList", "crl");
        assert_eq!((c.scheme, c.host, c.internal_only), (UrlScheme::Ldap, UrlHost::None, true));
        assert!(c.note.contains("Active Directory forest"));
        let c = classify("http://10.1.2.3/x.crl", "crl");
        assert_eq!(c.host, UrlHost::PrivateIp);
        let c = classify("http://[fd00::1]:8080/x.crl", "crl");
        assert_eq!(c.host, UrlHost::PrivateIp);
        let c = classify("http://8.8.8.8/x.crl", "crl");
        assert_eq!((c.host, c.internal_only), (UrlHost::IpLiteral, false));
        let c = classify("http://user@pki.contoso.com:80/x.crl", "crl");
        assert_eq!((c.host, c.internal_only, c.note.as_str()), (UrlHost::Public, false, ""));
        let c = classify("file://server/share/x.crl", "crl");
        assert_eq!((c.scheme, c.linkable), (UrlScheme::File, false));
        let c = classify("javascript:alert(1)", "cps");
        assert_eq!((c.scheme, c.linkable), (UrlScheme::Other, false));
    }
}
