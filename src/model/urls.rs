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
    /// A `.local`, `.internal`, `.lan`, `.corp`, `.home.arpa`, `.localdomain`, `.intranet` or
    /// `localhost` name.
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

/// True for URLs the UI and the CLI may turn into links (see [`link_scheme`]).
pub fn is_linkable(url: &str) -> bool {
    link_scheme(url).is_some()
}

/// True for linkable `http`/`https` URLs: the ones a download command may fetch.
pub fn is_web_link(url: &str) -> bool {
    matches!(link_scheme(url), Some(UrlScheme::Http | UrlScheme::Https))
}

/// Characters never allowed in a linkable URL, on top of whitespace, control
/// and other invisible characters: they end an HTML attribute, start markup,
/// or are read as `/` by browsers (`\`).
const LINK_REFUSED: &[char] = &['"', '\'', '<', '>', '`', '\\'];

/// The ASCII bytes no link may hold, by value: white space, control characters and
/// [`LINK_REFUSED`] (a table: a URL's every character was tested against each of them, ~40 %
/// of classifying a URL).
#[allow(clippy::indexing_slicing)] // evaluated at compile time: out of bounds would not compile
const REFUSED_IN_LINK: [bool; 128] = {
    let mut t = [false; 128];
    let mut b = 0u8;
    while b < 128 {
        t[b as usize] = b.is_ascii_whitespace() || b.is_ascii_control();
        b += 1;
    }
    let mut i = 0;
    while i < LINK_REFUSED.len() {
        t[LINK_REFUSED[i] as usize] = true;
        i += 1;
    }
    t
};

/// The one URL classifier for links (the JSON `linkable` field and the page's
/// `href`): `Some(scheme)` only for `http://`, `https://` and `ldap://` URLs
/// in plain ASCII with no whitespace, control, invisible, quote or markup
/// characters, no user name before the host, and a host that parses (a DNS
/// name, an IPv4 address or a bracketed IPv6 address; `ldap:///` may omit it).
/// `http:javascript:alert(1)` (no `//`) and `http://x"onmouseover=…` are refused.
pub fn link_scheme(url: &str) -> Option<UrlScheme> {
    if url.is_empty() || url.len() > 8192 || !url.is_ascii() || url.bytes().any(|b| REFUSED_IN_LINK.get(usize::from(b)).copied().unwrap_or(true)) {
        return None;
    }
    let (scheme, rest) = url.split_once(':')?;
    let scheme = if scheme.eq_ignore_ascii_case("http") {
        UrlScheme::Http
    } else if scheme.eq_ignore_ascii_case("https") {
        UrlScheme::Https
    } else if scheme.eq_ignore_ascii_case("ldap") {
        UrlScheme::Ldap
    } else {
        return None;
    };
    let rest = rest.strip_prefix("//")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return None;
    }
    let (host, port) = split_host_port(authority)?;
    if let Some(p) = port {
        if p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()) || p.parse::<u32>().ok()? > 65535 {
            return None;
        }
    }
    let host_ok = if host.is_empty() { scheme == UrlScheme::Ldap && port.is_none() } else { host_parses(host) };
    host_ok.then_some(scheme)
}

/// `host[:port]` or `[v6][:port]`; `None` when brackets do not match.
fn split_host_port(authority: &str) -> Option<(&str, Option<&str>)> {
    if let Some(v6) = authority.strip_prefix('[') {
        let (inside, after) = v6.split_once(']')?;
        inside.parse::<std::net::Ipv6Addr>().ok()?;
        return match after {
            "" => Some((authority.get(..inside.len() + 2)?, None)),
            a => Some((authority.get(..inside.len() + 2)?, Some(a.strip_prefix(':')?))),
        };
    }
    match authority.split_once(':') {
        Some((h, p)) => Some((h, Some(p))),
        None => Some((authority, None)),
    }
}

/// A DNS name (letters, digits, `-`, `_`; labels of 1–63, at most 253 in all,
/// one trailing dot allowed), an IPv4 address or a bracketed IPv6 address.
fn host_parses(host: &str) -> bool {
    if host.starts_with('[') {
        return true; // checked by split_host_port
    }
    let name = host.strip_suffix('.').unwrap_or(host);
    if name.is_empty() || name.len() > 253 {
        return false;
    }
    if name.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return name.parse::<std::net::Ipv4Addr>().is_ok();
    }
    name.split('.').all(|l| {
        !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-') && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// The lowercase scheme, when the URL has a well-formed one.
fn scheme_of(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let ok = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    ok.then_some(scheme)
}

/// The host part of `scheme://[user@]host[:port]/...`, lowercase, brackets removed. Empty when absent.
pub(crate) fn host_of(url: &str) -> String {
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

/// The kind of host `url` names (the one host classifier: the card's notes and the server
/// verdict's intranet / internet reach both read it).
pub fn host_kind_of(url: &str) -> UrlHost {
    host_kind(&host_of(url))
}

impl UrlHost {
    /// True for hosts only computers inside the company network reach: a single label, an
    /// internal domain, a private address.
    pub fn is_internal(self) -> bool {
        matches!(self, UrlHost::SingleLabel | UrlHost::LocalDomain | UrlHost::PrivateIp)
    }
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
    let written = scheme_of(url);
    let is = |name: &str| written.is_some_and(|s| s.eq_ignore_ascii_case(name));
    let scheme = if is("http") {
        UrlScheme::Http
    } else if is("https") {
        UrlScheme::Https
    } else if is("ldap") || is("ldaps") {
        UrlScheme::Ldap
    } else if is("file") {
        UrlScheme::File
    } else {
        UrlScheme::Other
    };
    let host = host_kind(&host_of(url));
    // The notes, "; " between them (written as they are found: no list to join).
    let mut note = String::new();
    let mut notes = |n: &str| {
        if !note.is_empty() {
            note.push_str("; ");
        }
        note.push_str(n);
    };
    match scheme {
        UrlScheme::Ldap => notes("LDAP: works only for computers inside the Active Directory forest; servers and clients outside it cannot fetch it"),
        UrlScheme::File => notes("file path: only computers that can open this share can read it"),
        UrlScheme::Other => notes("not a web or LDAP address: shown as text only"),
        UrlScheme::Https if matches!(source, "crl" | "freshest-crl" | "ocsp") => {
            notes("HTTPS for revocation: Windows may fail to fetch it (fetching it needs its own revocation check); plain HTTP is the norm")
        }
        _ => {}
    }
    match host {
        UrlHost::SingleLabel => notes("single-label host name: resolves only inside the company network"),
        UrlHost::LocalDomain => notes("internal domain name: reachable only inside the company network"),
        UrlHost::PrivateIp => notes("private IP address: reachable only inside the company network"),
        UrlHost::IpLiteral => notes("IP address instead of a name: breaks when the server moves"),
        _ => {}
    }
    let internal_only = matches!(scheme, UrlScheme::Ldap | UrlScheme::File) || host.is_internal();
    UrlView {
        url: url.to_string(),
        source: source.to_string(),
        scheme,
        host,
        linkable: is_linkable(url),
        internal_only,
        note,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    /// The table refuses exactly the ASCII characters the character test refused.
    #[test]
    fn the_refused_table_is_the_character_test() {
        let refused = |c: char| c.is_ascii_whitespace() || c.is_ascii_control() || LINK_REFUSED.contains(&c);
        for b in 0u8..128 {
            let c = char::from(b);
            assert_eq!(REFUSED_IN_LINK[usize::from(b)], refused(c), "{b:#04x}");
            let url = format!("http://example.com/a{c}b");
            assert_eq!(is_linkable(&url), !url.chars().any(refused) && is_linkable("http://example.com/ab"), "{b:#04x}");
        }
    }

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
    fn linkable_needs_slashes_and_a_host() {
        for bad in [
            "http:javascript:alert(1)",
            "http:/x",
            "http://x\"onmouseover=alert(1)",
            "http://x'onmouseover=alert(1)",
            "http://x/<script>",
            "http://x/a b",
            "http://x/\u{202E}gpj.exe",
            "http://x/\u{200B}",
            "http://x\\@evil.example/",
            "http://good.example@evil.example/",
            "http:///path",
            "https://:443/",
            "http://-bad-.example/",
            "http://a..b/",
            "http://999.1.1.1/",
            "http://x:99999/",
            "http://x:/",
            "http://[::1/",
            "http://[nothex]/",
            "ldap://:389/",
            "ldaps://dc01.contoso.com/",
            "http://ex\u{e4}mple.com/",
        ] {
            assert!(!is_linkable(bad), "{bad:?} must not be linkable");
        }
        for good in [
            "http://pki.example/ca.crt",
            "http://corppki/crl/int01.crl",
            "http://pki.contoso.com:8080/x.crl?a=1&b=2#f",
            "http://10.1.2.3/x.crl",
            "http://[fd00::1]:8080/x.crl",
            "http://pki.contoso.com./x",
            "http://pki.contoso.com/CertEnroll/Contoso%20Root%20CA.crt",
            "ldap:///CN=Contoso%20Root%20CA,CN=AIA,CN=Public%20Key%20Services,DC=contoso,DC=com?cACertificate?base?objectClass=certificationAuthority",
            "ldap://dc01.contoso.com/CN=x",
        ] {
            assert!(is_linkable(good), "{good:?} must be linkable");
        }
        assert!(is_web_link("https://pki.example/x") && !is_web_link("ldap:///CN=x"));
    }

    /// The fuzz target's property (fuzz/fuzz_targets/url_link.rs) over a
    /// generated set: no panic, and linkable implies the invariants.
    #[test]
    fn property_linkable_implies_the_invariants() {
        const PIECES: &[&str] = &[
            "http", "HTTPS", "ldap", "javascript", ":", "//", "/", "x", "pki.example", "[::1]", "[fd00::1", "]", ":8080",
            ":99999", "@", "?", "#", "\"", "'", "<", ">", " ", "\t", "\n", "\\", "%20", "\u{202E}", "\u{200B}", "é", "-", ".",
            "..", "1.2.3.4", "999.1.1.1", "_", "=",
        ];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut count = 0;
        for _ in 0..50_000 {
            const STARTS: &[&str] = &["http://", "HTTPS://", "ldap://", "ldap:///", "http:", "http:/", "javascript:", ""];
            let mut url = STARTS[(x % STARTS.len() as u64) as usize].to_string();
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let n = (x % 6) as usize + 1;
            for _ in 0..n {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                url.push_str(PIECES[(x % PIECES.len() as u64) as usize]);
            }
            let v = classify(&url, "crl");
            assert_eq!(v.linkable, link_scheme(&url).is_some());
            if v.linkable {
                count += 1;
                let lower = url.to_ascii_lowercase();
                assert!(lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("ldap://"), "{url:?}");
                assert!(url.is_ascii() && !url.chars().any(|c| c.is_ascii_whitespace() || c.is_ascii_control() || "\"'<>`\\".contains(c)), "{url:?}");
                let after = url.split_once("//").map_or("", |(_, r)| r);
                assert!(!after.split(['/', '?', '#']).next().unwrap_or_default().contains('@'), "{url:?}");
            }
        }
        assert!(count > 100, "the generator reaches linkable URLs ({count})");
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
