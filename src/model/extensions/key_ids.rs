//! Subject and authority key identifiers.

use x509_parser::extensions::{AuthorityKeyIdentifier, KeyIdentifier};
use x509_parser::prelude::FromDer;

use super::{name_lines, whole, Decoded, ExtensionDetail};
use crate::der;
use crate::model::names::general_name_view;

/// 2.5.29.14
pub fn subject_key_identifier(raw: &[u8]) -> Result<Decoded, String> {
    let kid = whole(KeyIdentifier::from_der(raw))?;
    let key_id = der::hex(kid.0);
    Ok((ExtensionDetail::SubjectKeyIdentifier { key_id: key_id.clone() }, vec![key_id]))
}

/// 2.5.29.35: key id, issuer name and serial of the issuer's certificate.
pub fn authority_key_identifier(raw: &[u8]) -> Result<Decoded, String> {
    let aki = whole(AuthorityKeyIdentifier::from_der(raw))?;
    let key_id = aki.key_identifier.as_ref().map(|k| der::hex(k.0));
    let issuer: Vec<_> = aki.authority_cert_issuer.iter().flatten().map(general_name_view).collect();
    let serial = aki.authority_cert_serial.map(der::hex);
    let mut lines = Vec::new();
    if let Some(k) = &key_id {
        lines.push(format!("key id: {k}"));
    }
    lines.extend(name_lines(&issuer).into_iter().map(|l| format!("issuer: {l}")));
    if let Some(s) = &serial {
        lines.push(format!("issuer serial: {s}"));
    }
    Ok((ExtensionDetail::AuthorityKeyIdentifier { key_id, issuer, serial }, lines))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn ski_hex() {
        let (d, _) = subject_key_identifier(&[0x04, 0x02, 0xab, 0x01]).unwrap();
        assert_eq!(d, ExtensionDetail::SubjectKeyIdentifier { key_id: "ab01".into() });
    }

    #[test]
    fn aki_key_id_and_serial() {
        // SEQUENCE { [0] 0102, [2] 05 }
        let (d, lines) = authority_key_identifier(&[0x30, 0x07, 0x80, 0x02, 0x01, 0x02, 0x82, 0x01, 0x05]).unwrap();
        assert_eq!(d, ExtensionDetail::AuthorityKeyIdentifier { key_id: Some("0102".into()), issuer: vec![], serial: Some("05".into()) });
        assert_eq!(lines, ["key id: 0102", "issuer serial: 05"]);
    }
}
