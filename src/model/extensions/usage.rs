//! Key usage, extended key usage, TLS feature, OCSP no-check, private key usage period,
//! Netscape certificate type and comment.

use x509_parser::extensions::KeyUsage;
use x509_parser::prelude::FromDer;

use super::{oid_of, sequence, single, whole, Decoded, ExtensionDetail, OidName};
use crate::model::{keys::small_uint, oids, validity::rfc3339_from_unix};

/// Key usage flag names, bit 0 first.
pub fn key_usage_names(flags: u16) -> Vec<String> {
    const NAMES: [&str; 9] = [
        "digitalSignature",
        "nonRepudiation",
        "keyEncipherment",
        "dataEncipherment",
        "keyAgreement",
        "keyCertSign",
        "cRLSign",
        "encipherOnly",
        "decipherOnly",
    ];
    super::flag_names(flags, &NAMES)
}

/// 2.5.29.15
pub fn key_usage(raw: &[u8]) -> Result<Decoded, String> {
    let ku = whole(KeyUsage::from_der(raw))?;
    let usages = key_usage_names(ku.flags);
    let lines = if usages.is_empty() { vec!["no usage bit set".to_string()] } else { usages.clone() };
    Ok((ExtensionDetail::KeyUsage { usages }, lines))
}

/// EKU OIDs in certificate order (also used for application policies' shape).
pub fn oid_list(raw: &[u8]) -> Result<Vec<String>, String> {
    sequence(raw)?.iter().map(oid_of).collect()
}

/// "Client Authentication (1.3.6.1.5.5.7.3.2)".
pub fn purpose_line(p: &OidName) -> String {
    if p.name == p.oid { p.oid.clone() } else { format!("{} ({})", p.name, p.oid) }
}

/// 2.5.29.37
pub fn extended_key_usage(raw: &[u8]) -> Result<Decoded, String> {
    let purposes: Vec<OidName> = oid_list(raw)?.into_iter().map(|o| OidName::new(o, oids::eku_name)).collect();
    let lines = purposes.iter().map(purpose_line).collect();
    Ok((ExtensionDetail::ExtendedKeyUsage { purposes }, lines))
}

/// 1.3.6.1.5.5.7.1.24 (RFC 7633): a SEQUENCE OF INTEGER (TLS extension numbers).
pub fn tls_feature(raw: &[u8]) -> Result<Decoded, String> {
    let features = sequence(raw)?
        .iter()
        .map(|t| small_uint(t).ok_or_else(|| format!("expected a small INTEGER at byte {}", t.offset)))
        .collect::<Result<Vec<u64>, String>>()?;
    let must_staple = features.contains(&5);
    let lines = features
        .iter()
        .map(|f| match f {
            5 => "status_request (OCSP must-staple: the server must send an OCSP response in the handshake)".to_string(),
            17 => "status_request_v2 (multiple OCSP stapling)".to_string(),
            n => format!("TLS extension {n}"),
        })
        .collect();
    Ok((ExtensionDetail::TlsFeature { features, must_staple }, lines))
}

/// 1.3.6.1.5.5.7.48.1.5: NULL.
pub fn ocsp_no_check(raw: &[u8]) -> Result<Decoded, String> {
    let t = single(raw)?;
    if t.tag != 0x05 || !t.value.is_empty() {
        return Err(format!("expected NULL, found tag 0x{:02x}", t.tag));
    }
    Ok((
        ExtensionDetail::OcspNoCheck,
        vec!["OCSP responses signed with this certificate are trusted without checking its own revocation".into()],
    ))
}

/// 2.5.29.16: SEQUENCE { [0] GeneralizedTime OPTIONAL, [1] GeneralizedTime OPTIONAL }.
pub fn private_key_usage_period(raw: &[u8]) -> Result<Decoded, String> {
    let mut not_before = None;
    let mut not_after = None;
    for t in sequence(raw)? {
        let when = generalized_time(t.value).ok_or_else(|| format!("invalid GeneralizedTime at byte {}", t.offset))?;
        match t.tag {
            0x80 => not_before = Some(when),
            0x81 => not_after = Some(when),
            other => return Err(format!("unexpected tag 0x{other:02x} at byte {}", t.offset)),
        }
    }
    let mut lines = Vec::new();
    if let Some(t) = &not_before {
        lines.push(format!("private key usable from {t}"));
    }
    if let Some(t) = &not_after {
        lines.push(format!("private key usable until {t}"));
    }
    Ok((ExtensionDetail::PrivateKeyUsagePeriod { not_before, not_after }, lines))
}

/// `YYYYMMDDHHMMSSZ` to RFC 3339.
pub fn generalized_time(v: &[u8]) -> Option<String> {
    let s = std::str::from_utf8(v).ok()?;
    let digits = s.strip_suffix('Z')?;
    if digits.len() != 14 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| digits.get(r).and_then(|x| x.parse::<i64>().ok());
    let (y, mo, d, h, mi, se) = (n(0..4)?, n(4..6)?, n(6..8)?, n(8..10)?, n(10..12)?, n(12..14)?);
    let month = time::Month::try_from(u8::try_from(mo).ok()?).ok()?;
    let date = time::Date::from_calendar_date(i32::try_from(y).ok()?, month, u8::try_from(d).ok()?).ok()?;
    let t = time::Time::from_hms(u8::try_from(h).ok()?, u8::try_from(mi).ok()?, u8::try_from(se).ok()?).ok()?;
    Some(rfc3339_from_unix(date.with_time(t).assume_utc().unix_timestamp()))
}

/// 2.16.840.1.113730.1.1: BIT STRING.
pub fn netscape_cert_type(raw: &[u8]) -> Result<Decoded, String> {
    const NAMES: [&str; 8] = ["SSL client", "SSL server", "S/MIME", "object signing", "reserved", "SSL CA", "S/MIME CA", "object signing CA"];
    let t = single(raw)?;
    if t.tag != 0x03 {
        return Err(format!("expected a BIT STRING, found tag 0x{:02x}", t.tag));
    }
    let bits = t.value.get(1).copied().unwrap_or(0);
    let types: Vec<String> = NAMES
        .iter()
        .enumerate()
        .filter(|(i, _)| bits & (0x80 >> i) != 0)
        .map(|(_, n)| (*n).to_string())
        .collect();
    Ok((ExtensionDetail::NetscapeCertType { types: types.clone() }, types))
}

/// 2.16.840.1.113730.1.13: IA5String.
pub fn netscape_comment(raw: &[u8]) -> Result<Decoded, String> {
    let t = single(raw)?;
    let comment = crate::model::names::decode_string(u32::from(t.tag & 0x1f), t.value).text;
    Ok((ExtensionDetail::NetscapeComment { comment: comment.clone() }, vec![comment]))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn key_usage_bits() {
        assert_eq!(key_usage_names(0b101), vec!["digitalSignature", "keyEncipherment"]);
        // BIT STRING, 5 unused bits, 0xa0 = digitalSignature + keyEncipherment
        let (d, _) = key_usage(&[0x03, 0x02, 0x05, 0xa0]).unwrap();
        assert_eq!(d, ExtensionDetail::KeyUsage { usages: vec!["digitalSignature".into(), "keyEncipherment".into()] });
    }

    #[test]
    fn eku_names_including_microsoft() {
        // SEQUENCE { clientAuth, smartcardLogon }
        let raw = [
            0x30, 0x16, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02, 0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04,
            0x01, 0x82, 0x37, 0x14, 0x02, 0x02,
        ];
        let (_, lines) = extended_key_usage(&raw).unwrap();
        assert_eq!(lines, ["Client Authentication (1.3.6.1.5.5.7.3.2)", "Smart Card Logon (1.3.6.1.4.1.311.20.2.2)"]);
        assert!(extended_key_usage(&[0x30, 0x02, 0x04, 0x00]).is_err());
    }

    #[test]
    fn tls_feature_must_staple() {
        let (d, _) = tls_feature(&[0x30, 0x03, 0x02, 0x01, 0x05]).unwrap();
        assert_eq!(d, ExtensionDetail::TlsFeature { features: vec![5], must_staple: true });
    }

    #[test]
    fn ocsp_no_check_is_null() {
        assert!(ocsp_no_check(&[0x05, 0x00]).is_ok());
        assert!(ocsp_no_check(&[0x04, 0x00]).is_err());
    }

    #[test]
    fn private_key_usage_period_times() {
        let mut raw = vec![0x30, 0x11, 0x80, 0x0f];
        raw.extend_from_slice(b"20260101000000Z");
        let (d, _) = private_key_usage_period(&raw).unwrap();
        assert_eq!(d, ExtensionDetail::PrivateKeyUsagePeriod { not_before: Some("2026-01-01T00:00:00Z".into()), not_after: None });
        assert_eq!(generalized_time(b"20261399000000Z"), None);
    }

    #[test]
    fn netscape_type() {
        let (_, lines) = netscape_cert_type(&[0x03, 0x02, 0x07, 0xc0]).unwrap();
        assert_eq!(lines, ["SSL client", "SSL server"]);
    }
}
