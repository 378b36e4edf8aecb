//! Certificate policies (with CPS and user-notice qualifiers) and policy mappings.

use serde::{Deserialize, Serialize};
use x509_parser::extensions::PolicyMappings;
use x509_parser::prelude::FromDer;

use super::{oid_of, sequence, whole, Decoded, ExtensionDetail, OidName};
use crate::der;
use crate::model::keys::small_uint;
use crate::model::names::decode_string;
use crate::model::oids;

/// One policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyView {
    /// Policy OID.
    pub oid: String,
    /// Readable name, the OID when unknown.
    pub name: String,
    /// CPS URLs.
    pub cps: Vec<String>,
    /// User notices.
    pub user_notices: Vec<UserNoticeView>,
    /// Other qualifiers: "OID: hex".
    pub other_qualifiers: Vec<String>,
}

/// A user-notice qualifier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserNoticeView {
    /// Notice reference: organisation.
    pub organization: Option<String>,
    /// Notice reference: numbers.
    pub notice_numbers: Vec<u64>,
    /// The text shown to users.
    pub text: Option<String>,
}

/// A policy mapping.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyMappingView {
    /// The issuer's policy OID.
    pub issuer_policy: String,
    /// The equivalent subject policy OID.
    pub subject_policy: String,
}

fn display_text(t: &der::Tlv<'_>) -> Result<String, String> {
    if !matches!(t.tag, 0x0c | 0x16 | 0x1a | 0x1e | 0x13) {
        return Err(format!("expected a DisplayText string, found tag 0x{:02x} at byte {}", t.tag, t.offset));
    }
    Ok(decode_string(u32::from(t.tag), t.value).text)
}

fn user_notice(q: &der::Tlv<'_>) -> Result<UserNoticeView, String> {
    let mut view = UserNoticeView { organization: None, notice_numbers: Vec::new(), text: None };
    if q.tag != 0x30 {
        return Err(format!("user notice: expected a SEQUENCE at byte {}", q.offset));
    }
    for part in der::children(q).map_err(|e| e.to_string())? {
        if part.tag == 0x30 {
            let r = der::children(&part).map_err(|e| e.to_string())?;
            view.organization = r.first().map(display_text).transpose()?;
            if let Some(nums) = r.get(1) {
                view.notice_numbers = der::children(nums).map_err(|e| e.to_string())?.iter().filter_map(small_uint).collect();
            }
        } else {
            view.text = Some(display_text(&part)?);
        }
    }
    Ok(view)
}

/// Parse a SEQUENCE OF PolicyInformation (also the shape of Microsoft's application policies).
pub fn policy_list(raw: &[u8], lookup: fn(&str) -> Option<&'static str>) -> Result<Vec<PolicyView>, String> {
    let mut out = Vec::new();
    for info in sequence(raw)? {
        let parts = der::children(&info).map_err(|e| e.to_string())?;
        let oid = oid_of(parts.first().ok_or("empty PolicyInformation")?)?;
        let named = OidName::new(oid, lookup);
        let mut view = PolicyView { oid: named.oid, name: named.name, cps: Vec::new(), user_notices: Vec::new(), other_qualifiers: Vec::new() };
        if let Some(quals) = parts.get(1) {
            for q in der::children(quals).map_err(|e| e.to_string())? {
                let qparts = der::children(&q).map_err(|e| e.to_string())?;
                let qid = oid_of(qparts.first().ok_or("empty policy qualifier")?)?;
                let value = qparts.get(1);
                match (qid.as_str(), value) {
                    ("1.3.6.1.5.5.7.2.1", Some(v)) if v.tag == 0x16 => view.cps.push(decode_string(22, v.value).text),
                    ("1.3.6.1.5.5.7.2.1", _) => return Err("CPS qualifier is not an IA5String URL".into()),
                    ("1.3.6.1.5.5.7.2.2", Some(v)) => view.user_notices.push(user_notice(v)?),
                    (_, v) => view.other_qualifiers.push(format!("{qid}: {}", v.map(|v| der::hex(v.raw)).unwrap_or_default())),
                }
            }
        }
        out.push(view);
    }
    Ok(out)
}

/// Lines for a policy list.
pub fn policy_lines(policies: &[PolicyView]) -> Vec<String> {
    let mut lines = Vec::new();
    for p in policies {
        lines.push(if p.name == p.oid { p.oid.clone() } else { format!("{} ({})", p.name, p.oid) });
        lines.extend(p.cps.iter().map(|c| format!("  CPS: {c}")));
        for n in &p.user_notices {
            if let Some(t) = &n.text {
                lines.push(format!("  user notice: {t}"));
            }
            if let Some(o) = &n.organization {
                let nums: Vec<String> = n.notice_numbers.iter().map(u64::to_string).collect();
                lines.push(format!("  notice reference: {o} {}", nums.join(", ")));
            }
        }
        lines.extend(p.other_qualifiers.iter().map(|q| format!("  qualifier {q}")));
    }
    lines
}

/// 2.5.29.32
pub fn certificate_policies(raw: &[u8]) -> Result<Decoded, String> {
    let policies = policy_list(raw, oids::policy_name)?;
    let lines = policy_lines(&policies);
    Ok((ExtensionDetail::CertificatePolicies { policies }, lines))
}

/// 2.5.29.33
pub fn policy_mappings(raw: &[u8]) -> Result<Decoded, String> {
    let pm = whole(PolicyMappings::from_der(raw))?;
    let mappings: Vec<PolicyMappingView> = pm
        .mappings
        .iter()
        .map(|m| PolicyMappingView {
            issuer_policy: crate::der::oid_text(&m.issuer_domain_policy),
            subject_policy: crate::der::oid_text(&m.subject_domain_policy),
        })
        .collect();
    let lines = mappings.iter().map(|m| format!("issuer policy {} = subject policy {}", m.issuer_policy, m.subject_policy)).collect();
    Ok((ExtensionDetail::PolicyMappings { mappings }, lines))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    use crate::der::tlv;

    #[test]
    fn cps_and_user_notice() {
        let policy_oid = [0x06, 0x03, 0x2a, 0x03, 0x04]; // 1.2.3.4
        let cps_id = [0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x02, 0x01];
        let un_id = [0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x02, 0x02];
        let mut cps = cps_id.to_vec();
        cps.extend(tlv(0x16, b"http://pki/cps"));
        let mut un = un_id.to_vec();
        let mut notice = tlv(0x30, &[tlv(0x0c, b"Contoso"), tlv(0x30, &[0x02, 0x01, 0x01])].concat());
        notice.extend(tlv(0x0c, b"Hello"));
        un.extend(tlv(0x30, &notice));
        let quals = tlv(0x30, &[tlv(0x30, &cps), tlv(0x30, &un)].concat());
        let info = tlv(0x30, &[policy_oid.to_vec(), quals].concat());
        let raw = tlv(0x30, &info);
        let (d, lines) = certificate_policies(&raw).unwrap();
        assert_eq!(lines, ["1.2.3.4", "  CPS: http://pki/cps", "  user notice: Hello", "  notice reference: Contoso 1"]);
        let ExtensionDetail::CertificatePolicies { policies } = d else { panic!() };
        assert_eq!(policies[0].user_notices[0].notice_numbers, [1]);
        assert!(certificate_policies(&tlv(0x30, &tlv(0x30, &[0x02, 0x01, 0x00]))).is_err());
    }

    #[test]
    fn cps_must_be_ia5() {
        let cps_id = [0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x02, 0x01];
        let mut cps = cps_id.to_vec();
        cps.extend(tlv(0x30, &tlv(0x16, b"x")));
        let info = tlv(0x30, &[vec![0x06, 0x03, 0x2a, 0x03, 0x04], tlv(0x30, &tlv(0x30, &cps))].concat());
        assert!(certificate_policies(&tlv(0x30, &info)).unwrap_err().contains("IA5String"));
    }

    #[test]
    fn any_policy_named() {
        let raw = tlv(0x30, &tlv(0x30, &[0x06, 0x04, 0x55, 0x1d, 0x20, 0x00]));
        let (_, lines) = certificate_policies(&raw).unwrap();
        assert_eq!(lines, ["Any Policy (2.5.29.32.0)"]);
    }
}
