//! Subject and issuer alternative names.

use x509_parser::extensions::{IssuerAlternativeName, SubjectAlternativeName};
use x509_parser::prelude::FromDer;

use super::{name_lines, whole, Decoded, ExtensionDetail};
use x509_parser::extensions::GeneralName;

use crate::model::names::{general_name_problem, general_name_view};

/// 2.5.29.17. UPN otherNames and the `tag:microsoft.com,2022-09-14:sid:` URL are recognised.
pub fn subject_alt_name(raw: &[u8]) -> Result<Decoded, String> {
    let san = read_san(raw)?;
    let names: Vec<_> = san.general_names.iter().map(general_name_view).collect();
    let lines = name_lines(&names);
    Ok((ExtensionDetail::SubjectAltName { names }, lines))
}

/// The SAN's names, when [`subject_alt_name`] can decode them.
fn read_san(raw: &[u8]) -> Result<SubjectAlternativeName<'_>, String> {
    let san = whole(SubjectAlternativeName::from_der(raw))?;
    check(&san.general_names)?;
    Ok(san)
}

/// The first DNS name of a SAN as [`subject_alt_name`] gives it (`Some(None)`: none), without
/// a view of the others (a listing's row); `None` when the extension does not decode.
pub fn first_dns(raw: &[u8]) -> Option<Option<String>> {
    let san = read_san(raw).ok()?;
    Some(san.general_names.iter().find_map(|g| match g {
        GeneralName::DNSName(s) => Some((*s).to_string()),
        _ => None,
    }))
}

fn check(names: &[GeneralName<'_>]) -> Result<(), String> {
    names.iter().find_map(general_name_problem).map_or(Ok(()), Err)
}

/// 2.5.29.18
pub fn issuer_alt_name(raw: &[u8]) -> Result<Decoded, String> {
    let ian = whole(IssuerAlternativeName::from_der(raw))?;
    check(&ian.general_names)?;
    let names: Vec<_> = ian.general_names.iter().map(general_name_view).collect();
    let lines = name_lines(&names);
    Ok((ExtensionDetail::IssuerAltName { names }, lines))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    use crate::der::tlv;

    #[test]
    fn upn_sid_dns_ip() {
        // otherName [0] { OID upn, [0] { UTF8String "alice@contoso.com" } }
        let upn_oid = [0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x14, 0x02, 0x03];
        let mut other = upn_oid.to_vec();
        other.extend(tlv(0xa0, &tlv(0x0c, b"alice@contoso.com")));
        let mut names = tlv(0xa0, &other);
        names.extend(tlv(0x86, b"tag:microsoft.com,2022-09-14:sid:S-1-5-21-1-2-3-1105"));
        names.extend(tlv(0x82, b"www.contoso.com"));
        names.extend(tlv(0x87, &[192, 168, 1, 10]));
        let (d, lines) = subject_alt_name(&tlv(0x30, &names)).unwrap();
        assert_eq!(lines, ["UPN: alice@contoso.com", "SID: S-1-5-21-1-2-3-1105", "DNS: www.contoso.com", "IP: 192.168.1.10"]);
        let ExtensionDetail::SubjectAltName { names } = d else { panic!() };
        assert_eq!(names[0].kind, "upn");
        assert_eq!(names[1].kind, "sid");
    }

    #[test]
    fn malformed_san_is_an_error() {
        assert!(subject_alt_name(&[0x30, 0x05, 0x82, 0x07, b'a']).is_err());
        // otherName CN with a bare UTF8String (no [0] wrapper), as in cryptography's malformed-san.pem
        let e = subject_alt_name(&[0x30, 0x09, 0xa0, 0x07, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x00]).unwrap_err();
        assert!(e.contains("not wrapped"), "{e}");
    }
}
