//! Authority and subject information access.

use serde::{Deserialize, Serialize};
use x509_parser::extensions::{AccessDescription, AuthorityInfoAccess, SubjectInfoAccess};
use x509_parser::prelude::FromDer;

use super::{kind_label, whole, Decoded, ExtensionDetail};
use crate::model::names::general_name_view;
use crate::model::{oids, GeneralNameView};

/// One access description.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessView {
    /// Access method OID.
    pub method_oid: String,
    /// Access method in words (`OCSP`, `CA issuers`, `CA repository`), the OID when unknown.
    pub method: String,
    /// Where.
    pub location: GeneralNameView,
}

fn views(descs: &[AccessDescription<'_>]) -> (Vec<AccessView>, Vec<String>) {
    let access: Vec<AccessView> = descs
        .iter()
        .map(|d| {
            let method_oid = crate::der::oid_text(&d.access_method);
            AccessView {
                method: oids::access_method_name(&method_oid).map_or_else(|| method_oid.clone(), str::to_string),
                method_oid,
                location: general_name_view(&d.access_location),
            }
        })
        .collect();
    let lines = access
        .iter()
        .map(|a| {
            if a.location.kind == crate::model::NameKind::Uri {
                format!("{}: {}", a.method, a.location.value)
            } else {
                format!("{}: {}: {}", a.method, kind_label(&a.location.kind), a.location.value)
            }
        })
        .collect();
    (access, lines)
}

/// 1.3.6.1.5.5.7.1.1
pub fn authority_info_access(raw: &[u8]) -> Result<Decoded, String> {
    let aia = whole(AuthorityInfoAccess::from_der(raw))?;
    let (access, lines) = views(&aia.accessdescs);
    Ok((ExtensionDetail::AuthorityInfoAccess { access }, lines))
}

/// 1.3.6.1.5.5.7.1.11
pub fn subject_info_access(raw: &[u8]) -> Result<Decoded, String> {
    let sia = whole(SubjectInfoAccess::from_der(raw))?;
    let (access, lines) = views(&sia.accessdescs);
    Ok((ExtensionDetail::SubjectInfoAccess { access }, lines))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn ocsp_and_ca_issuers() {
        let ocsp = [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01];
        let url = b"http://ocsp.contoso.com";
        let mut ad = vec![0x06, 0x08];
        ad.extend_from_slice(&ocsp);
        ad.push(0x86);
        ad.push(u8::try_from(url.len()).unwrap());
        ad.extend_from_slice(url);
        let mut seq = vec![0x30, u8::try_from(ad.len()).unwrap()];
        seq.extend(ad);
        let mut raw = vec![0x30, u8::try_from(seq.len()).unwrap()];
        raw.extend(seq);
        let (d, lines) = authority_info_access(&raw).unwrap();
        assert_eq!(lines, ["OCSP: http://ocsp.contoso.com"]);
        let ExtensionDetail::AuthorityInfoAccess { access } = d else { panic!() };
        assert_eq!(access[0].method_oid, "1.3.6.1.5.5.7.48.1");
        assert!(authority_info_access(&raw[..raw.len() - 1]).is_err());
    }
}
