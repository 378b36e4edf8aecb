//! PKCS#7 / CMS SignedData certificate bundles (`.p7b`, `.p7c`, `.spc`,
//! signed `.p7s`), in DER and in BER with indefinite lengths.

use crate::der::{children, oid_to_string, Tlv};

/// What a SignedData holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignedDataContents {
    /// Certificates, DER (BER elements re-encoded).
    pub certificates: Vec<Vec<u8>>,
    /// CRLs, DER.
    pub crls: Vec<Vec<u8>>,
    /// Attribute certificates and other choices that were skipped.
    pub skipped: usize,
    /// Number of signer infos (0 for a plain certificate bundle).
    pub signers: usize,
    /// True when BER indefinite lengths were used somewhere.
    pub indefinite: bool,
}

/// Readable name of a PKCS#7 content type.
pub fn content_type_name(oid: &str) -> &'static str {
    match oid {
        "1.2.840.113549.1.7.1" => "data",
        "1.2.840.113549.1.7.2" => "signedData",
        "1.2.840.113549.1.7.3" => "envelopedData (encrypted for a recipient)",
        "1.2.840.113549.1.7.4" => "signedAndEnvelopedData",
        "1.2.840.113549.1.7.5" => "digestedData",
        "1.2.840.113549.1.7.6" => "encryptedData",
        "1.2.840.113549.1.9.16.1.2" => "authenticatedData",
        _ => "unknown content",
    }
}

/// Encode one DER element.
pub(crate) fn encode_tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    let len_bytes: Vec<u8> = len.to_be_bytes().into_iter().skip_while(|b| *b == 0).collect();
    match u8::try_from(len) {
        Ok(b) if b < 0x80 => out.push(b),
        _ => {
            out.push(0x80 | u8::try_from(len_bytes.len()).unwrap_or(0));
            out.extend_from_slice(&len_bytes);
        }
    }
    out.extend_from_slice(content);
    out
}

fn any_indefinite(t: &Tlv<'_>, depth: usize) -> bool {
    if t.indefinite {
        return true;
    }
    if !t.constructed() || depth > crate::der::MAX_DEPTH {
        return false;
    }
    // What `children(t)` would give, walked once without collecting it (called for every
    // certificate read): unreadable children mean "no", as before.
    let header = t.raw.len() - t.value.len() - if t.indefinite { 2 } else { 0 };
    let (mut rest, mut offset) = (t.value, t.offset + header);
    let mut found = false;
    while !rest.is_empty() {
        let Ok((child, after)) = crate::der::read_tlv(rest, offset) else { return false };
        found = found || any_indefinite(&child, depth + 1);
        offset += child.raw.len();
        rest = after;
    }
    found
}

/// True when every element inside `value` (the content of an element `depth` deep, as
/// [`any_indefinite`] counts) reads as [`crate::der::read_tlv`] reads a definite element, and
/// none has an indefinite length: then [`any_indefinite`] says no. False for anything else
/// (an indefinite length, an element `read_tlv` refuses, or one this reading is unsure of),
/// where [`any_indefinite`] decides. Each element's header is read in place, without the
/// element or the error `read_tlv` makes (every certificate read passes here: ~120 elements).
fn all_definite(mut value: &[u8], depth: usize) -> bool {
    while let Some((&tag, after_tag)) = value.split_first() {
        let Some((&len0, mut rest)) = after_tag.split_first() else { return false };
        if tag & 0x1f == 0x1f || len0 == 0x80 {
            return false;
        }
        let len = if len0 < 0x80 {
            usize::from(len0)
        } else {
            let n = usize::from(len0 & 0x7f);
            let Some(bytes) = rest.get(..n).filter(|_| n <= 4) else { return false };
            rest = rest.get(n..).unwrap_or_default();
            bytes.iter().fold(0usize, |acc, b| (acc << 8) | usize::from(*b))
        };
        let Some(content) = rest.get(..len) else { return false };
        // A constructed child is looked into up to the depth `any_indefinite` looks.
        if tag & 0x20 != 0 && depth < crate::der::MAX_DEPTH && !all_definite(content, depth + 1) {
            return false;
        }
        value = rest.get(len..).unwrap_or_default();
    }
    true
}

/// Whether [`to_definite`] re-encodes `t` (an indefinite length somewhere in it), rather than
/// copying it as it is.
pub fn needs_rewrite(t: &Tlv<'_>) -> bool {
    let definite = !t.indefinite && (!t.constructed() || all_definite(t.value, 0));
    !definite && any_indefinite(t, 0)
}

/// Re-encode an element with definite lengths (BER → DER for the length
/// form only). Elements already definite are copied as they are.
pub fn to_definite(t: &Tlv<'_>) -> Vec<u8> {
    if !needs_rewrite(t) {
        return t.raw.to_vec();
    }
    fn walk(t: &Tlv<'_>, depth: usize) -> Vec<u8> {
        if !t.constructed() || depth > crate::der::MAX_DEPTH {
            return t.raw.to_vec();
        }
        match children(t) {
            Ok(kids) => {
                let body: Vec<u8> = kids.iter().flat_map(|k| walk(k, depth + 1)).collect();
                encode_tlv(t.tag, &body)
            }
            Err(_) => t.raw.to_vec(),
        }
    }
    walk(t, 0)
}

/// Read a ContentInfo holding SignedData.
pub fn parse_content_info(top: &Tlv<'_>) -> Result<SignedDataContents, String> {
    let kids = children(top).map_err(|e| format!("the PKCS#7 structure is damaged: {e}"))?;
    let oid = kids
        .first()
        .filter(|t| t.tag == 0x06)
        .and_then(|t| oid_to_string(t.value))
        .ok_or("the PKCS#7 structure has no content type")?;
    if oid != "1.2.840.113549.1.7.2" {
        return Err(format!(
            "this PKCS#7/CMS file holds {} ({oid}), not a certificate bundle (signedData)",
            content_type_name(&oid)
        ));
    }
    let explicit = kids.get(1).filter(|t| t.tag == 0xa0).ok_or("the PKCS#7 signedData has no content")?;
    let sd = children(explicit)
        .map_err(|e| format!("the PKCS#7 signedData is damaged: {e}"))?
        .into_iter()
        .next()
        .filter(|t| t.tag == 0x30)
        .ok_or("the PKCS#7 signedData is empty")?;
    let fields = children(&sd).map_err(|e| format!("the PKCS#7 signedData is damaged: {e}"))?;
    let mut out = SignedDataContents { indefinite: top.indefinite || explicit.indefinite || sd.indefinite, ..Default::default() };
    for f in &fields {
        match f.tag {
            0xa0 | 0xa1 => {
                out.indefinite |= f.indefinite;
                let list = children(f).map_err(|e| format!("the PKCS#7 certificate list is damaged: {e}"))?;
                for c in &list {
                    if c.tag != 0x30 {
                        out.skipped += 1;
                        continue;
                    }
                    out.indefinite |= any_indefinite(c, 0);
                    let der = to_definite(c);
                    if f.tag == 0xa0 {
                        out.certificates.push(der);
                    } else {
                        out.crls.push(der);
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(last) = fields.last().filter(|l| l.tag == 0x31 && fields.len() >= 4) {
        out.signers = children(last).map(|s| s.len()).unwrap_or(0);
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::der::read_tlv;

    #[test]
    fn definite_reencoding() {
        let ber = [0x30, 0x80, 0x30, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00, 0x00, 0x00];
        let (t, _) = read_tlv(&ber, 0).unwrap();
        assert_eq!(to_definite(&t), vec![0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x05]);
    }

    /// The re-encoding as it was before [`all_definite`] read ahead: [`any_indefinite`] alone.
    fn to_definite_reference(t: &Tlv<'_>) -> Vec<u8> {
        if !any_indefinite(t, 0) {
            return t.raw.to_vec();
        }
        fn walk(t: &Tlv<'_>, depth: usize) -> Vec<u8> {
            if !t.constructed() || depth > crate::der::MAX_DEPTH {
                return t.raw.to_vec();
            }
            match crate::der::children(t) {
                Ok(kids) => encode_tlv(t.tag, &kids.iter().flat_map(|k| walk(k, depth + 1)).collect::<Vec<u8>>()),
                Err(_) => t.raw.to_vec(),
            }
        }
        walk(t, 0)
    }

    /// The read-ahead changes no answer: certificates, a BER one, and every one-byte change of
    /// them (each byte set to 0x80, the indefinite length, to 0x1f, to 0xff and flipped), and
    /// deep nesting around the depth limit, each re-encoded as before.
    #[test]
    fn reading_ahead_for_indefinite_lengths_changes_nothing() {
        let mut inputs: Vec<Vec<u8>> = vec![
            include_bytes!("../../tests/fixtures/chain/ee_client.der").to_vec(),
            include_bytes!("../../tests/fixtures/chain/ee_ec_p384.der").to_vec(),
            include_bytes!("../../tests/fixtures/chain/ee_rsa_pss.der").to_vec(),
            vec![0x30, 0x80, 0x30, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00, 0x00, 0x00],
        ];
        for depth in [60, 63, 64, 65, 66, 70] {
            let (mut open, mut close) = (Vec::new(), Vec::new());
            for _ in 0..depth {
                open.extend([0x30, 0x80]);
                close.extend([0x00, 0x00]);
            }
            inputs.push([open.as_slice(), &[0x02, 0x01, 0x05], &close].concat());
            let mut definite = vec![0x02, 0x01, 0x05];
            for level in 0..depth {
                let inner = if level == depth / 2 { [vec![0x30, 0x80], definite, vec![0, 0]].concat() } else { definite };
                definite = [vec![0x30, 0x81, inner.len() as u8], inner].concat();
                if definite.len() > 250 {
                    break;
                }
            }
            inputs.push(definite);
        }
        let originals = inputs.clone();
        for original in originals.iter().take(3) {
            for at in 0..original.len() {
                for change in [0x80, 0x1f, 0xff, !original[at]] {
                    let mut changed = original.clone();
                    changed[at] = change;
                    inputs.push(changed);
                }
            }
        }
        let mut checked = 0;
        for input in &inputs {
            if let Ok((t, _)) = read_tlv(input, 0) {
                assert_eq!(to_definite(&t), to_definite_reference(&t), "{input:02x?}");
                // Decoding takes an element `needs_rewrite` passes as it is (`der_owned`).
                assert!(needs_rewrite(&t) || to_definite_reference(&t) == t.raw, "{input:02x?}");
                checked += 1;
            }
        }
        assert!(checked > 5_000, "{checked}");
    }

    #[test]
    fn other_content_types_are_named() {
        // ContentInfo { envelopedData, [0] {} }
        let der = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x03, 0xa0, 0x00];
        let (t, _) = read_tlv(&der, 0).unwrap();
        assert!(parse_content_info(&t).unwrap_err().contains("envelopedData"));
    }
}
