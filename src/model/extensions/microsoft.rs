//! Microsoft (AD CS) extensions: certificate template (v2 and v1 name), CA version,
//! previous CA hash, application policies, NTDS CA security extension (account SID).

use super::{oid_of, sequence, single, Decoded, ExtensionDetail, OidName};
use super::policies::policy_list;
use crate::der;
use crate::model::keys::small_uint;
use crate::model::names::decode_string;
use crate::model::oids;

/// OID of the SID inside the NTDS security extension.
const OID_NTDS_OBJECTSID: &str = "1.3.6.1.4.1.311.25.2.1";

/// 1.3.6.1.4.1.311.21.7: SEQUENCE { templateID OID, major INTEGER OPTIONAL, minor INTEGER OPTIONAL }.
pub fn certificate_template(raw: &[u8]) -> Result<Decoded, String> {
    let parts = sequence(raw)?;
    let template_oid = oid_of(parts.first().ok_or("empty template information")?)?;
    let major_version = parts.get(1).and_then(small_uint);
    let minor_version = parts.get(2).and_then(small_uint);
    let mut lines = vec![format!("template: {template_oid}")];
    match (major_version, minor_version) {
        (Some(a), Some(b)) => lines.push(format!("version {a}.{b}")),
        (Some(a), None) => lines.push(format!("major version {a}")),
        _ => {}
    }
    Ok((ExtensionDetail::CertificateTemplate { template_oid, major_version, minor_version }, lines))
}

/// 1.3.6.1.4.1.311.20.2: the template name, a BMPString (v1 templates).
pub fn certificate_template_name(raw: &[u8]) -> Result<Decoded, String> {
    let t = single(raw)?;
    if !matches!(t.tag, 0x1e | 0x0c | 0x13 | 0x16) {
        return Err(format!("expected a string, found tag 0x{:02x}", t.tag));
    }
    let d = decode_string(u32::from(t.tag), t.value);
    if let Some(p) = d.problem {
        return Err(p);
    }
    Ok((ExtensionDetail::CertificateTemplateName { name: d.text.clone() }, vec![format!("template: {}", d.text)]))
}

/// 1.3.6.1.4.1.311.21.1: INTEGER, low 16 bits certificate index, high 16 bits key index.
pub fn ca_version(raw: &[u8]) -> Result<Decoded, String> {
    let t = single(raw)?;
    let v = small_uint(&t).ok_or("expected a small non-negative INTEGER")?;
    let certificate_index = v & 0xffff;
    let key_index = (v >> 16) & 0xffff;
    Ok((
        ExtensionDetail::CaVersion { certificate_index, key_index },
        vec![format!("V{certificate_index}.{key_index} (CA certificate renewed {}, key renewed {})", crate::text::count(certificate_index, "time", "times"), crate::text::count(key_index, "time", "times"))],
    ))
}

/// 1.3.6.1.4.1.311.21.2: OCTET STRING, SHA-1 of the previous CA certificate.
pub fn previous_ca_hash(raw: &[u8]) -> Result<Decoded, String> {
    let t = single(raw)?;
    if t.tag != 0x04 {
        return Err(format!("expected an OCTET STRING, found tag 0x{:02x}", t.tag));
    }
    let hash = der::hex(t.value);
    Ok((ExtensionDetail::PreviousCaHash { hash: hash.clone() }, vec![hash]))
}

/// 1.3.6.1.4.1.311.21.10: same syntax as certificate policies; the policy OIDs are EKUs.
pub fn application_policies(raw: &[u8]) -> Result<Decoded, String> {
    let list = policy_list(raw, oids::eku_name)?;
    let policies: Vec<OidName> = list.into_iter().map(|p| OidName { oid: p.oid, name: p.name }).collect();
    let lines = policies.iter().map(super::usage::purpose_line).collect();
    Ok((ExtensionDetail::ApplicationPolicies { policies }, lines))
}

/// 1.3.6.1.4.1.311.25.2: SEQUENCE { [0] { OID 1.3.6.1.4.1.311.25.2.1, [0] { OCTET STRING "S-1-5-..." } } }.
pub fn ntds_security(raw: &[u8]) -> Result<Decoded, String> {
    let parts = sequence(raw)?;
    let other = parts.first().filter(|t| t.tag == 0xa0).ok_or("expected an otherName [0]")?;
    let inner = der::children(other).map_err(|e| e.to_string())?;
    let oid = oid_of(inner.first().ok_or("missing OID")?)?;
    if oid != OID_NTDS_OBJECTSID {
        return Err(format!("unexpected name type {oid} (expected {OID_NTDS_OBJECTSID})"));
    }
    let wrapped = inner.get(1).filter(|t| t.tag == 0xa0).ok_or("missing [0] value")?;
    let (value, _) = der::read_tlv(wrapped.value, wrapped.offset).map_err(|e| e.to_string())?;
    let sid = decode_string(u32::from(value.tag & 0x1f).max(22), value.value).text;
    if !is_sid(&sid) {
        return Err(format!("value {sid:?} is not a SID (S-1-...)"));
    }
    Ok((ExtensionDetail::NtdsSecurity { sid: sid.clone() }, vec![format!("account SID: {sid}")]))
}

/// A SID in string form: `S-1-` then dash-separated numbers.
pub fn is_sid(s: &str) -> bool {
    s.strip_prefix("S-1-").is_some_and(|rest| !rest.is_empty() && rest.split('-').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }

    #[test]
    fn ntds_sid() {
        let raw = unhex("303FA03D060A2B060104018237190201A02F042D532D312D352D32312D313030343333363334382D313137373233383931352D3638323030333333302D31313035");
        let (d, _) = ntds_security(&raw).unwrap();
        assert_eq!(d, ExtensionDetail::NtdsSecurity { sid: "S-1-5-21-1004336348-1177238915-682003330-1105".into() });
        assert!(ntds_security(&raw[..20]).is_err());
        assert!(is_sid("S-1-5-32-544"));
        assert!(!is_sid("S-1-5-x"));
    }

    #[test]
    fn template_v2() {
        // SEQUENCE { OID 1.2.3, INTEGER 100, INTEGER 4 }
        let (d, lines) = certificate_template(&[0x30, 0x0a, 0x06, 0x02, 0x2a, 0x03, 0x02, 0x01, 0x64, 0x02, 0x01, 0x04]).unwrap();
        assert_eq!(d, ExtensionDetail::CertificateTemplate { template_oid: "1.2.3".into(), major_version: Some(100), minor_version: Some(4) });
        assert_eq!(lines[1], "version 100.4");
    }

    #[test]
    fn template_name_bmp() {
        let (d, _) = certificate_template_name(&[0x1e, 0x04, 0x00, 0x55, 0x00, 0x73]).unwrap();
        assert_eq!(d, ExtensionDetail::CertificateTemplateName { name: "Us".into() });
        assert!(certificate_template_name(&[0x1e, 0x03, 0x00, 0x55, 0x00]).is_err());
    }

    #[test]
    fn ca_version_indexes() {
        let (d, lines) = ca_version(&[0x02, 0x03, 0x01, 0x00, 0x01]).unwrap();
        assert_eq!(d, ExtensionDetail::CaVersion { certificate_index: 1, key_index: 1 });
        assert!(lines[0].starts_with("V1.1"));
    }

    #[test]
    fn application_policies_named() {
        let raw = [0x30, 0x0c, 0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02];
        let (_, lines) = application_policies(&raw).unwrap();
        assert_eq!(lines, ["Client Authentication (1.3.6.1.5.5.7.3.2)"]);
    }
}
