//! `netsh http show sslcert` output (HTTP.sys's TLS bindings, English): the binding settings
//! that decide what IIS does with a client certificate, read so that the user does not have to
//! set them by hand. The settings themselves are applied by the server layer
//! (`ServerSettings::apply_binding`).

use serde::{Deserialize, Serialize};

/// One binding's settings, as `netsh http show sslcert` prints them (`None`: not printed).
/// It crosses to the page in the positional wire format: no attribute that makes its form
/// depend on its content.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Binding {
    /// `0.0.0.0:443`, `www.contoso.com:443` (SNI) or `[::]:443`.
    pub binding: String,
    /// The server certificate's SHA-1 thumbprint (lowercase hex).
    pub certificate_hash: Option<String>,
    /// Verify Client Certificate Revocation.
    pub verify_revocation: Option<bool>,
    /// Verify Revocation Using Cached Client Certificate Only.
    pub cached_only: Option<bool>,
    /// Revocation Freshness Time, in seconds.
    pub freshness_seconds: Option<u32>,
    /// Usage Check.
    pub usage_check: Option<bool>,
    /// DS Mapper Usage.
    pub ds_mapper: Option<bool>,
    /// Negotiate Client Certificate (`clientcertnegotiation`).
    pub negotiate_client_certificate: Option<bool>,
    /// Disable TLS1.3 (`Set` or `Enabled`: TLS 1.3 is off on the binding).
    pub tls13_disabled: Option<bool>,
    /// A certificate trust list (Ctl Identifier) is bound.
    pub ctl: Option<bool>,
}

/// What `netsh http show sslcert` printed: its bindings, in order (none when the text is not
/// that output).
pub fn read(text: &str) -> Vec<Binding> {
    if !text.contains("SSL Certificate bindings:") {
        return Vec::new();
    }
    let mut out: Vec<Binding> = Vec::new();
    for line in text.lines() {
        let Some((name, value)) = line.split_once(" : ").or_else(|| line.split_once(": ")) else { continue };
        let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
        let on = || match value.to_ascii_lowercase().as_str() {
            "enabled" | "set" => Some(true),
            "disabled" | "not set" => Some(false),
            _ => None,
        };
        if matches!(name.as_str(), "ip:port" | "hostname:port" | "central certificate store" | "ccs port") {
            out.push(Binding { binding: value.to_string(), ..Binding::default() });
            continue;
        }
        let Some(b) = out.last_mut() else { continue };
        match name.as_str() {
            "certificate hash" if value.len() == 40 && value.bytes().all(|c| c.is_ascii_hexdigit()) => b.certificate_hash = Some(value.to_ascii_lowercase()),
            "verify client certificate revocation" => b.verify_revocation = on(),
            "verify revocation using cached client certificate only" => b.cached_only = on(),
            "revocation freshness time" => b.freshness_seconds = value.parse().ok(),
            "usage check" => b.usage_check = on(),
            "ds mapper usage" => b.ds_mapper = on(),
            "negotiate client certificate" => b.negotiate_client_certificate = on(),
            "disable tls1.3" => b.tls13_disabled = on(),
            "ctl identifier" => b.ctl = Some(!value.is_empty() && value != "(null)"),
            _ => {}
        }
    }
    out
}

impl Binding {
    /// The settings in words, for the file's note.
    pub fn words(&self) -> String {
        let mut w = Vec::new();
        match (self.verify_revocation, self.cached_only) {
            (Some(false), _) => w.push("revocation checking off".to_string()),
            (Some(true), Some(true)) => w.push("revocation checking with cached CRLs only".to_string()),
            (Some(true), _) => w.push("revocation checking on".to_string()),
            (None, _) => {}
        }
        if let Some(s) = self.freshness_seconds.filter(|&s| s > 0) {
            w.push(format!("revocation freshness {}", crate::text::count(s, "second", "seconds")));
        }
        let flag = |w: &mut Vec<String>, v: Option<bool>, name: &str| {
            if let Some(v) = v {
                w.push(format!("{name} {}", if v { "on" } else { "off" }));
            }
        };
        flag(&mut w, self.usage_check, "usage check");
        flag(&mut w, self.ds_mapper, "DS mapper");
        flag(&mut w, self.negotiate_client_certificate, "client certificate negotiation");
        if self.tls13_disabled == Some(true) {
            w.push("TLS 1.3 disabled".into());
        }
        if self.ctl == Some(true) {
            w.push("a certificate trust list bound".into());
        }
        w.join(", ")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    const OUTPUT: &str = "\r\nSSL Certificate bindings:\r\n-------------------------\r\n\r\n    IP:port                      : 0.0.0.0:443\r\n    Certificate Hash             : dbd494d414808386b7a29ba26a8417b81ae18051\r\n    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}\r\n    Certificate Store Name       : My\r\n    Verify Client Certificate Revocation : Enabled\r\n    Verify Revocation Using Cached Client Certificate Only : Disabled\r\n    Usage Check                  : Enabled\r\n    Revocation Freshness Time    : 0\r\n    URL Retrieval Timeout        : 0\r\n    Ctl Identifier               : (null)\r\n    Ctl Store Name               : (null)\r\n    DS Mapper Usage              : Disabled\r\n    Negotiate Client Certificate : Disabled\r\n    Reject Connections           : Disabled\r\n    Disable HTTP2                : Not Set\r\n    Disable TLS1.3               : Not Set\r\n\r\n    Hostname:port                : www.contoso.com:443\r\n    Certificate Hash             : 2973879aa2615e67cb6c001034a8d5094ba6e50d\r\n    Verify Client Certificate Revocation : Disabled\r\n    DS Mapper Usage              : Enabled\r\n\r\n";

    #[test]
    fn bindings_are_read_with_their_settings() {
        let b = read(OUTPUT);
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].binding, "0.0.0.0:443");
        assert_eq!(b[0].certificate_hash.as_deref(), Some("dbd494d414808386b7a29ba26a8417b81ae18051"));
        assert_eq!((b[0].verify_revocation, b[0].cached_only, b[0].usage_check, b[0].ds_mapper), (Some(true), Some(false), Some(true), Some(false)));
        assert_eq!((b[0].negotiate_client_certificate, b[0].tls13_disabled, b[0].ctl, b[0].freshness_seconds), (Some(false), Some(false), Some(false), Some(0)));
        assert_eq!(b[0].words(), "revocation checking on, usage check on, DS mapper off, client certificate negotiation off");
        assert_eq!(b[1].binding, "www.contoso.com:443");
        assert_eq!(b[1].words(), "revocation checking off, DS mapper on");
        assert!(read("IP:port : 0.0.0.0:443").is_empty(), "only netsh's output");
    }
}
