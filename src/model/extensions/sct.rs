//! Signed certificate timestamps (Certificate Transparency, RFC 6962).

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use x509_parser::extensions::parse_ct_signed_certificate_timestamp_list;

use super::{Decoded, ExtensionDetail};
use crate::der;
use crate::model::validity::rfc3339_from_unix;

/// One SCT.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SctView {
    /// SCT version (0 = v1).
    pub version: u8,
    /// Log ID (SHA-256 of the log's key), base64 as logs lists show it.
    pub log_id: String,
    /// Log ID, lowercase hex.
    pub log_id_hex: String,
    /// When the log saw the (pre)certificate, RFC 3339 UTC.
    pub timestamp: String,
    /// Milliseconds since the epoch, as in the SCT.
    pub timestamp_ms: u64,
}

/// 1.3.6.1.4.1.11129.2.4.2
pub fn sct_list(raw: &[u8]) -> Result<Decoded, String> {
    let (rest, list) = parse_ct_signed_certificate_timestamp_list(raw).map_err(|e| format!("cannot be decoded: {e}"))?;
    if !rest.is_empty() {
        return Err(format!("{} unexpected bytes after the value", rest.len()));
    }
    let scts: Vec<SctView> = list
        .iter()
        .map(|s| SctView {
            version: s.version.0,
            log_id: base64::engine::general_purpose::STANDARD.encode(s.id.key_id),
            log_id_hex: der::hex(s.id.key_id),
            timestamp: rfc3339_from_unix(i64::try_from(s.timestamp / 1000).unwrap_or(0)),
            timestamp_ms: s.timestamp,
        })
        .collect();
    let lines = scts.iter().map(|s| format!("log {} at {}", s.log_id, s.timestamp)).collect();
    Ok((ExtensionDetail::SignedCertificateTimestamps { scts }, lines))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn one_sct() {
        // OCTET STRING { list len, sct len, v1, log id (32), timestamp (8), ext len 0, sig (hash, alg, len 0) }
        let mut sct = vec![0u8];
        sct.extend([7u8; 32]);
        sct.extend(1_700_000_000_000u64.to_be_bytes());
        sct.extend([0, 0, 4, 3, 0, 0]);
        let mut list = u16::try_from(sct.len()).unwrap().to_be_bytes().to_vec();
        list.extend(sct);
        let mut body = u16::try_from(list.len()).unwrap().to_be_bytes().to_vec();
        body.extend(list);
        let mut raw = vec![0x04, u8::try_from(body.len()).unwrap()];
        raw.extend(body);
        let (d, _) = sct_list(&raw).unwrap();
        let ExtensionDetail::SignedCertificateTimestamps { scts } = d else { panic!() };
        assert_eq!(scts[0].timestamp, "2023-11-14T22:13:20Z");
        assert_eq!(scts[0].log_id_hex.len(), 64);
        assert!(sct_list(&[0x04, 0x01, 0x00]).is_err());
    }
}
