//! Which certificate the verdict is about and which host it is checked for in
//! server-certificate mode: one rule for the page, share links and the CLI (`--link`).

use super::Report;
use crate::server::settings::{ServerSettings, VerdictMode};

const SERVER_AUTH: &str = "1.3.6.1.5.5.7.3.1";
const ANY_EKU: &str = "2.5.29.37.0";
const COMMON_NAME: &str = "2.5.4.3";

/// The certificate a verdict is about when none was chosen: the first end certificate (not a
/// CA) that is not in a file marked as the server's root store.
pub fn default_certificate(report: &Report, trust_store_files: &[String]) -> Option<usize> {
    report.certificates.iter().position(|c| !c.view.is_ca && !trust_store_files.contains(&c.file))
}

/// The certificate the verdict is about: the one chosen in the settings (when it exists), else
/// [`default_certificate`], else the first certificate (a bundle of CAs only).
pub fn verdict_certificate(report: &Report, settings: &ServerSettings) -> Option<usize> {
    settings
        .certificate
        .filter(|&i| i < report.certificates.len())
        .or_else(|| default_certificate(report, &settings.trust_store_files))
        .or_else(|| (!report.certificates.is_empty()).then_some(0))
}

/// The host to check certificate `i` for under `mode`: `None` means a client-certificate
/// verdict. `Auto` picks server-certificate mode only for a server-authentication-only end
/// certificate with a DNS name.
pub fn host_for(report: &Report, i: usize, mode: VerdictMode) -> Option<String> {
    match mode {
        VerdictMode::Auto => server_only_host(report, i),
        VerdictMode::Server => host_of(report, i),
        VerdictMode::Client => None,
    }
}

/// The first DNS name of a server-authentication-only end certificate (automatic mode).
pub fn server_only_host(report: &Report, i: usize) -> Option<String> {
    let c = report.certificates.get(i)?;
    let ekus = c.view.extended_key_usage.as_ref()?;
    let server_only = !ekus.is_empty() && ekus.iter().all(|o| o == SERVER_AUTH);
    if !server_only || c.view.is_ca {
        return None;
    }
    c.view.subject_alt_names.iter().find(|n| n.kind == crate::model::NameKind::Dns).map(|n| n.value.clone())
}

/// A host name to check a certificate for in server-certificate mode: the first DNS name,
/// else a common name that looks like a host name.
pub fn host_of(report: &Report, i: usize) -> Option<String> {
    let c = report.certificates.get(i)?;
    let dns = c.view.subject_alt_names.iter().find(|n| n.kind == crate::model::NameKind::Dns).map(|n| n.value.as_str());
    host_from(dns, c.view.subject_name.attributes.iter().map(|a| (a.oid.as_str(), a.value.as_str())))
}

/// [`host_of`] from its parts: the first DNS name, else the subject's last common name
/// (`attributes`: OID and value, in order) when it looks like a host name. The listing
/// (`analysis::list`) reads the same rule from the certificate itself.
pub fn host_from<'a>(first_dns: Option<&str>, attributes: impl DoubleEndedIterator<Item = (&'a str, &'a str)>) -> Option<String> {
    first_dns.map(str::to_string).or_else(|| {
        let (_, cn) = attributes.rev().find(|(oid, _)| *oid == COMMON_NAME)?;
        Some(cn.to_string()).filter(|n| n.contains('.') && !n.contains(' '))
    })
}

/// Whether the certificate allows server authentication (EKU absent or listing it).
pub fn allows_server_auth(report: &Report, i: usize) -> bool {
    report.certificates.get(i).is_some_and(|c| eku_allows_server_auth(c.view.extended_key_usage.as_ref().map(|e| e.iter().map(String::as_str))))
}

/// [`allows_server_auth`] from the EKU's purposes (`None`: no EKU extension, any use).
pub fn eku_allows_server_auth<'a>(purposes: Option<impl IntoIterator<Item = &'a str>>) -> bool {
    purposes.is_none_or(|p| p.into_iter().any(is_server_auth_purpose))
}

/// An EKU purpose that allows server authentication: serverAuth, or any purpose.
fn is_server_auth_purpose(oid: &str) -> bool {
    oid == SERVER_AUTH || oid == ANY_EKU
}

/// [`eku_allows_server_auth`] of an EKU extension's value, as the view reads its purposes
/// ([`crate::model::extensions::oid_list`]), without making a string of each (a listing reads
/// only this of the EKU); `None` where the view finds no purposes (a value it cannot read).
pub fn eku_value_allows_server_auth(value: &[u8]) -> Option<bool> {
    let mut allows = false;
    for t in crate::model::extensions::sequence(value).ok()? {
        let oid = crate::model::extensions::oid_str_of(&t).ok()?;
        allows = allows || is_server_auth_purpose(&oid);
    }
    Some(allows)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::cast_possible_truncation)]
mod tests {
    use super::*;

    /// The listing's reading of an EKU value is the view's: its purposes' text
    /// (`oid_list`), then [`eku_allows_server_auth`]; over well-formed values, OIDs written
    /// the long way (a needless 0x80), other tags, cut values and random bytes.
    #[test]
    fn eku_values_allow_server_auth_as_the_view_reads_them() {
        let view = |v: &[u8]| crate::model::extensions::oid_list(v).ok().map(|o| eku_allows_server_auth(Some(o.iter().map(String::as_str))));
        let seq = |oids: &[&[u8]]| {
            let body: Vec<u8> = oids.iter().flat_map(|o| [&[0x06, o.len() as u8][..], o].concat()).collect();
            [&[0x30, body.len() as u8][..], &body].concat()
        };
        let server: &[u8] = &[0x2b, 6, 1, 5, 5, 7, 3, 1];
        let client: &[u8] = &[0x2b, 6, 1, 5, 5, 7, 3, 2];
        let any: &[u8] = &[0x55, 0x1d, 0x25, 0x00];
        let long_way: &[u8] = &[0x2b, 6, 1, 5, 5, 7, 3, 0x80, 1];
        let private: &[u8] = &[0x2b, 6, 1, 4, 1, 0x82, 0x37, 0x14, 2, 2];
        let mut values: Vec<Vec<u8>> = vec![
            seq(&[server]),
            seq(&[client]),
            seq(&[client, any]),
            seq(&[long_way]),
            seq(&[private, client]),
            seq(&[]),
            vec![0x31, 0],
            vec![0x30, 3, 0x04, 1, 0],
            vec![0x30, 2, 0x06, 0],
            vec![0x30, 3, 0x06, 1, 0x81],
        ];
        let mut next = crate::test_support::xorshift(0xe4b);
        for base in values.clone() {
            for _ in 0..400 {
                let mut v = base.clone();
                let at = (next() as usize) % v.len();
                v[at] = next() as u8;
                if next() % 3 == 0 {
                    v.truncate((next() as usize) % (v.len() + 1));
                }
                values.push(v);
            }
        }
        for v in &values {
            assert_eq!(eku_value_allows_server_auth(v), view(v), "{v:02x?}");
        }
        assert_eq!(eku_value_allows_server_auth(&seq(&[server])), Some(true));
        assert_eq!(eku_value_allows_server_auth(&seq(&[long_way])), Some(true));
        assert_eq!(eku_value_allows_server_auth(&seq(&[private, client])), Some(false));
        assert_eq!(eku_value_allows_server_auth(&[0x30, 2, 0x06, 0]), None);
    }
}
