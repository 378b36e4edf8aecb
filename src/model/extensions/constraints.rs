//! Basic constraints, name constraints, policy constraints, inhibit anyPolicy.

use x509_parser::extensions::{BasicConstraints, GeneralName, InhibitAnyPolicy, NameConstraints, PolicyConstraints};
use x509_parser::prelude::FromDer;

use super::{name_lines, whole, Decoded, ExtensionDetail};
use crate::model::names::general_name_view;

/// 2.5.29.19
pub fn basic_constraints(raw: &[u8]) -> Result<Decoded, String> {
    let bc = whole(BasicConstraints::from_der(raw))?;
    let mut lines = vec![if bc.ca {
        "certificate authority (CA): may issue certificates".to_string()
    } else {
        "end entity (not a CA)".to_string()
    }];
    if let Some(n) = bc.path_len_constraint {
        lines.push(match n {
            0 => "path length limit: 0 (may issue only end-entity certificates)".to_string(),
            n => format!("path length limit: {n} (at most {n} CA certificates below it)"),
        });
    }
    Ok((ExtensionDetail::BasicConstraints { ca: bc.ca, path_len: bc.path_len_constraint }, lines))
}

/// Whether basic constraints say CA, as [`basic_constraints`] reads them, without their
/// lines (a listing's row); `None` when the extension does not decode.
pub fn is_ca(raw: &[u8]) -> Option<bool> {
    whole(BasicConstraints::from_der(raw)).ok().map(|bc| bc.ca)
}

/// 2.5.29.30
pub fn name_constraints(raw: &[u8]) -> Result<Decoded, String> {
    let nc = whole(NameConstraints::from_der(raw))?;
    for sub in nc.permitted_subtrees.iter().chain(nc.excluded_subtrees.iter()).flatten() {
        if let GeneralName::IPAddress(b) = &sub.base {
            ip_subtree_problem(b).map_or(Ok(()), Err)?;
        }
    }
    let permitted: Vec<_> = nc.permitted_subtrees.iter().flatten().map(|s| general_name_view(&s.base)).collect();
    let excluded: Vec<_> = nc.excluded_subtrees.iter().flatten().map(|s| general_name_view(&s.base)).collect();
    let mut lines: Vec<String> = name_lines(&permitted).into_iter().map(|l| format!("permitted: {l}")).collect();
    lines.extend(name_lines(&excluded).into_iter().map(|l| format!("excluded: {l}")));
    if lines.is_empty() {
        lines.push("no subtrees".into());
    }
    Ok((ExtensionDetail::NameConstraints { permitted, excluded }, lines))
}

/// An IP subtree is address + mask (8 or 32 bytes) and the mask must be contiguous ones.
fn ip_subtree_problem(b: &[u8]) -> Option<String> {
    if b.len() != 8 && b.len() != 32 {
        return Some(format!("IP address constraint of {} bytes (must be 8 or 32: address and mask)", b.len()));
    }
    let mask = b.get(b.len() / 2..).unwrap_or_default();
    let bits: Vec<bool> = mask.iter().flat_map(|byte| (0..8).rev().map(move |i| byte & (1 << i) != 0)).collect();
    let ones = bits.iter().take_while(|b| **b).count();
    if bits.iter().skip(ones).any(|b| *b) {
        return Some(format!("IP address constraint {} has a mask that is not contiguous", crate::model::names::ip_text(b)));
    }
    None
}

/// 2.5.29.36
pub fn policy_constraints(raw: &[u8]) -> Result<Decoded, String> {
    let pc = whole(PolicyConstraints::from_der(raw))?;
    let mut lines = Vec::new();
    if let Some(n) = pc.require_explicit_policy {
        lines.push(format!("require an explicit policy after {}", crate::text::count(n, "more certificate", "more certificates")));
    }
    if let Some(n) = pc.inhibit_policy_mapping {
        lines.push(format!("policy mapping not allowed after {}", crate::text::count(n, "more certificate", "more certificates")));
    }
    Ok((
        ExtensionDetail::PolicyConstraints {
            require_explicit_policy: pc.require_explicit_policy,
            inhibit_policy_mapping: pc.inhibit_policy_mapping,
        },
        lines,
    ))
}

/// 2.5.29.54
pub fn inhibit_any_policy(raw: &[u8]) -> Result<Decoded, String> {
    let ia = whole(InhibitAnyPolicy::from_der(raw))?;
    Ok((
        ExtensionDetail::InhibitAnyPolicy { skip_certs: ia.skip_certs },
        vec![format!("anyPolicy stops counting after {}", crate::text::count(ia.skip_certs, "more certificate", "more certificates"))],
    ))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn basic_constraints_ca_with_path_len() {
        let (d, lines) = basic_constraints(&[0x30, 0x06, 0x01, 0x01, 0xff, 0x02, 0x01, 0x00]).unwrap();
        assert_eq!(d, ExtensionDetail::BasicConstraints { ca: true, path_len: Some(0) });
        assert!(lines[1].contains("only end-entity"));
        assert!(basic_constraints(&[0x30, 0x03, 0x01, 0x01]).is_err());
        assert!(basic_constraints(&[0x30, 0x00, 0x00]).is_err());
    }

    #[test]
    fn name_constraints_permitted_dns() {
        // permitted [0] { GeneralSubtree { dNSName ".contoso.com" } }
        let raw = [
            0x30, 0x12, 0xa0, 0x10, 0x30, 0x0e, 0x82, 0x0c, b'.', b'c', b'o', b'n', b't', b'o', b's', b'o', b'.', b'c',
            b'o', b'm',
        ];
        let (d, lines) = name_constraints(&raw).unwrap();
        assert_eq!(lines, ["permitted: DNS: .contoso.com"]);
        assert!(matches!(d, ExtensionDetail::NameConstraints { ref excluded, .. } if excluded.is_empty()));
    }

    #[test]
    fn ip_masks_checked() {
        assert_eq!(ip_subtree_problem(&[10, 0, 0, 0, 255, 0, 0, 0]), None);
        assert!(ip_subtree_problem(&[10, 0, 0, 0, 255, 0, 255, 0]).unwrap().contains("contiguous"));
        assert!(ip_subtree_problem(&[10, 0, 0, 0]).unwrap().contains("4 bytes"));
    }

    #[test]
    fn policy_constraints_and_inhibit() {
        let (d, _) = policy_constraints(&[0x30, 0x03, 0x80, 0x01, 0x00]).unwrap();
        assert_eq!(d, ExtensionDetail::PolicyConstraints { require_explicit_policy: Some(0), inhibit_policy_mapping: None });
        let (d, _) = inhibit_any_policy(&[0x02, 0x01, 0x02]).unwrap();
        assert_eq!(d, ExtensionDetail::InhibitAnyPolicy { skip_certs: 2 });
    }
}
