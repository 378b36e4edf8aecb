//! CRL distribution points and freshest CRL (same syntax).

use serde::{Deserialize, Serialize};
use x509_parser::extensions::{CRLDistributionPoints, DistributionPointName};
use x509_parser::prelude::FromDer;

use super::{name_lines, whole, Decoded, ExtensionDetail};
use crate::model::names::general_name_view;
use crate::model::GeneralNameView;

/// One distribution point.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistributionPointView {
    /// Full names (usually URLs).
    pub full_names: Vec<GeneralNameView>,
    /// Name relative to the CRL issuer, `CN=...` form.
    pub relative_name: Option<String>,
    /// Reasons this point covers (absent: all reasons).
    pub reasons: Vec<String>,
    /// CRL issuer when it is not the certificate's issuer (indirect CRL).
    pub crl_issuer: Vec<GeneralNameView>,
}

fn reason_names(flags: u16) -> Vec<String> {
    const NAMES: [&str; 9] = [
        "unused",
        "keyCompromise",
        "cACompromise",
        "affiliationChanged",
        "superseded",
        "cessationOfOperation",
        "certificateHold",
        "privilegeWithdrawn",
        "aACompromise",
    ];
    super::flag_names(flags, &NAMES)
}

fn points(raw: &[u8]) -> Result<(Vec<DistributionPointView>, Vec<String>), String> {
    let cdp = whole(CRLDistributionPoints::from_der(raw))?;
    let mut views = Vec::new();
    let mut lines = Vec::new();
    for p in cdp.points.iter() {
        let mut v = DistributionPointView { full_names: Vec::new(), relative_name: None, reasons: Vec::new(), crl_issuer: Vec::new() };
        match &p.distribution_point {
            Some(DistributionPointName::FullName(names)) => v.full_names = names.iter().map(general_name_view).collect(),
            Some(DistributionPointName::NameRelativeToCRLIssuer(rdn)) => {
                let mut attrs = Vec::new();
                for atv in rdn.iter() {
                    let oid = crate::der::oid_text(atv.attr_type());
                    let d = crate::model::names::decode_string(atv.attr_value().tag().0, atv.as_slice());
                    let key = crate::model::oids::attribute_short_name(&oid).map_or(oid, str::to_string);
                    attrs.push(format!("{key}={}", d.text));
                }
                v.relative_name = Some(attrs.join(" + "));
            }
            None => {}
        }
        v.reasons = p.reasons.as_ref().map(|r| reason_names(r.flags)).unwrap_or_default();
        v.crl_issuer = p.crl_issuer.iter().flatten().map(general_name_view).collect();
        lines.extend(name_lines(&v.full_names));
        if let Some(r) = &v.relative_name {
            lines.push(format!("relative to the CRL issuer: {r}"));
        }
        if !v.reasons.is_empty() {
            lines.push(format!("only for reasons: {}", v.reasons.join(", ")));
        }
        lines.extend(name_lines(&v.crl_issuer).into_iter().map(|l| format!("CRL issuer: {l}")));
        views.push(v);
    }
    Ok((views, lines))
}

/// 2.5.29.31
pub fn crl_distribution_points(raw: &[u8]) -> Result<Decoded, String> {
    let (points, lines) = points(raw)?;
    Ok((ExtensionDetail::CrlDistributionPoints { points }, lines))
}

/// 2.5.29.46 (delta CRLs)
pub fn freshest_crl(raw: &[u8]) -> Result<Decoded, String> {
    let (points, lines) = points(raw)?;
    Ok((ExtensionDetail::FreshestCrl { points }, lines))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn full_name_url_and_reasons() {
        // SEQUENCE { SEQUENCE { [0] { [0] { [6] "http://a/c.crl" } } [1] BIT STRING keyCompromise } }
        let url = b"http://a/c.crl";
        let mut gn = vec![0x86, u8::try_from(url.len()).unwrap()];
        gn.extend_from_slice(url);
        let mut full = vec![0xa0, u8::try_from(gn.len()).unwrap()];
        full.extend(gn);
        let mut dpn = vec![0xa0, u8::try_from(full.len()).unwrap()];
        dpn.extend(full);
        dpn.extend([0x81, 0x02, 0x06, 0x40]);
        let mut dp = vec![0x30, u8::try_from(dpn.len()).unwrap()];
        dp.extend(dpn);
        let mut raw = vec![0x30, u8::try_from(dp.len()).unwrap()];
        raw.extend(dp);
        let (d, lines) = crl_distribution_points(&raw).unwrap();
        assert_eq!(lines, ["URL: http://a/c.crl", "only for reasons: keyCompromise"]);
        let ExtensionDetail::CrlDistributionPoints { points } = d else { panic!() };
        assert_eq!(points[0].full_names[0].value, "http://a/c.crl");
        let (d, _) = freshest_crl(&raw).unwrap();
        assert!(matches!(d, ExtensionDetail::FreshestCrl { .. }));
    }
}
