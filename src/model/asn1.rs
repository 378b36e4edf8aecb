//! The raw view: the ASN.1 tree of a DER object with offsets, and PEM text.
//!
//! Built on [`crate::der`]. Work is capped (depth and node count), so a hostile
//! file cannot make the view explode; a cut-off is reported, not hidden.

use base64::Engine as _;
use serde::{Deserialize, Serialize};

use super::{names, oids};
use crate::der;

/// Default node budget for [`asn1_tree`].
pub const DEFAULT_NODE_BUDGET: usize = 5_000;
/// Deepest level shown.
pub const MAX_TREE_DEPTH: usize = 32;
/// Longest value preview, in characters.
const PREVIEW_CHARS: usize = 80;

/// One node of the tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asn1Node {
    /// Offset of the identifier octet in the whole input.
    pub offset: usize,
    /// Header length (tag + length octets).
    pub header_length: usize,
    /// Content length.
    pub length: usize,
    /// The identifier octet.
    pub tag: u8,
    /// `SEQUENCE`, `INTEGER`, `[0]`, `OBJECT IDENTIFIER`, ...
    pub tag_name: String,
    /// Constructed element.
    pub constructed: bool,
    /// Short value preview (OID with its name, string text, time, hex head).
    pub preview: Option<String>,
    /// True when this primitive OCTET/BIT STRING holds DER that is shown as children.
    pub encapsulates: bool,
    /// Children.
    pub children: Vec<Asn1Node>,
}

/// The tree of a DER object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asn1Tree {
    /// Top-level elements (normally one).
    pub nodes: Vec<Asn1Node>,
    /// Nodes in the tree.
    pub node_count: usize,
    /// Set when the budget or depth limit cut the tree short.
    pub truncated: bool,
    /// Set when the bytes stop being valid DER (the tree shows what came before).
    pub error: Option<String>,
}

struct Walk {
    budget: usize,
    count: usize,
    truncated: bool,
    error: Option<String>,
}

/// Build the ASN.1 tree of `bytes`, at most `node_budget` nodes.
pub fn asn1_tree(bytes: &[u8], node_budget: usize) -> Asn1Tree {
    let mut walk = Walk { budget: node_budget, count: 0, truncated: false, error: None };
    let nodes = walk.level(bytes, 0, 0, true);
    Asn1Tree { nodes, node_count: walk.count, truncated: walk.truncated, error: walk.error }
}

impl Walk {
    fn level(&mut self, mut buf: &[u8], mut offset: usize, depth: usize, report_errors: bool) -> Vec<Asn1Node> {
        let mut out = Vec::new();
        while !buf.is_empty() {
            if self.count >= self.budget || depth > MAX_TREE_DEPTH {
                self.truncated = true;
                break;
            }
            let (tlv, rest) = match der::read_tlv(buf, offset) {
                Ok(x) => x,
                Err(e) => {
                    if report_errors && self.error.is_none() {
                        self.error = Some(e.to_string());
                    }
                    break;
                }
            };
            self.count += 1;
            out.push(self.node(&tlv, depth));
            offset += tlv.raw.len();
            buf = rest;
        }
        out
    }

    fn node(&mut self, t: &der::Tlv<'_>, depth: usize) -> Asn1Node {
        let header_length = t.raw.len().saturating_sub(t.value.len()).saturating_sub(if t.indefinite { 2 } else { 0 });
        let content_offset = t.offset + header_length;
        let mut node = Asn1Node {
            offset: t.offset,
            header_length,
            length: t.value.len(),
            tag: t.tag,
            tag_name: tag_name(t.tag),
            constructed: t.constructed(),
            preview: None,
            encapsulates: false,
            children: Vec::new(),
        };
        if t.constructed() {
            node.children = self.level(t.value, content_offset, depth + 1, true);
            return node;
        }
        node.preview = preview(t.tag, t.value);
        // OCTET STRING / BIT STRING (0 unused bits) that hold a whole DER structure: show it.
        let inner = match t.tag {
            0x04 => Some((t.value, content_offset)),
            0x03 if t.value.first() == Some(&0) => t.value.get(1..).map(|v| (v, content_offset + 1)),
            _ => None,
        };
        if let Some((v, off)) = inner {
            if looks_like_der(v) {
                let saved = (self.count, self.truncated);
                let children = self.level(v, off, depth + 1, false);
                if children.is_empty() {
                    (self.count, self.truncated) = saved;
                } else {
                    node.encapsulates = true;
                    node.children = children;
                }
            }
        }
        node
    }
}

/// A constructed element that spans exactly the whole buffer.
fn looks_like_der(v: &[u8]) -> bool {
    v.first().is_some_and(|b| b & 0x20 != 0)
        && matches!(der::read_tlv(v, 0), Ok((t, rest)) if rest.is_empty() && der::children(&t).is_ok())
}

/// The name of a tag.
pub fn tag_name(tag: u8) -> String {
    let number = tag & 0x1f;
    match tag & 0xc0 {
        0x80 => format!("[{number}]"),
        0x40 => format!("[APPLICATION {number}]"),
        0xc0 => format!("[PRIVATE {number}]"),
        _ => match number {
            1 => "BOOLEAN".into(),
            2 => "INTEGER".into(),
            3 => "BIT STRING".into(),
            4 => "OCTET STRING".into(),
            5 => "NULL".into(),
            6 => "OBJECT IDENTIFIER".into(),
            10 => "ENUMERATED".into(),
            16 => "SEQUENCE".into(),
            17 => "SET".into(),
            23 => "UTCTime".into(),
            24 => "GeneralizedTime".into(),
            12 | 18 | 19 | 20 | 22 | 26 | 28 | 30 => names::string_type_name(u32::from(number)),
            n => format!("universal {n}"),
        },
    }
}

fn short(s: String) -> String {
    if s.chars().count() <= PREVIEW_CHARS {
        return s;
    }
    let mut t: String = s.chars().take(PREVIEW_CHARS).collect();
    t.push('…');
    t
}

fn hex_preview(v: &[u8]) -> String {
    let head = der::hex(v.get(..32).unwrap_or(v));
    if v.len() > 32 { format!("{head}… ({} bytes)", v.len()) } else { head }
}

fn preview(tag: u8, v: &[u8]) -> Option<String> {
    if tag & 0xc0 != 0 {
        return (!v.is_empty()).then(|| {
            // Context-specific primitives are often IA5 (URLs, DNS names): show text when printable.
            if v.iter().all(|b| (0x20..0x7f).contains(b)) {
                short(String::from_utf8_lossy(v).into_owned())
            } else {
                hex_preview(v)
            }
        });
    }
    Some(match tag {
        0x01 => if v.first().is_some_and(|b| *b != 0) { "TRUE".into() } else { "FALSE".into() },
        0x02 | 0x0a => {
            if v.len() <= 8 && v.first().is_none_or(|b| b & 0x80 == 0) {
                let n = v.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
                format!("{n} (0x{})", der::hex(v))
            } else {
                hex_preview(v)
            }
        }
        0x03 => format!("{} unused bits, {}", v.first().copied().unwrap_or(0), hex_preview(v.get(1..).unwrap_or_default())),
        0x04 => hex_preview(v),
        0x05 => return None,
        0x06 => {
            let oid = der::oid_to_string(v)?;
            let name = key_algorithm_name(&oid)
                .or_else(|| oids::extension_name(&oid))
                .or_else(|| oids::signature_algorithm_name(&oid))
                .or_else(|| oids::attribute_short_name(&oid))
                .or_else(|| oids::eku_name(&oid))
                .or_else(|| oids::curve_name(&oid))
                .or_else(|| oids::hash_name(&oid))
                .or_else(|| oids::access_method_name(&oid))
                .or_else(|| oids::policy_name(&oid))
                .or_else(|| oids::other_name_type(&oid));
            match name {
                Some(n) => format!("{oid} ({n})"),
                None => oid,
            }
        }
        0x17 | 0x18 => short(String::from_utf8_lossy(v).into_owned()),
        0x0c | 0x12 | 0x13 | 0x14 | 0x16 | 0x1a | 0x1c | 0x1e => short(names::decode_string(u32::from(tag), v).text),
        _ => hex_preview(v),
    })
}

fn key_algorithm_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "1.2.840.113549.1.1.1" => "rsaEncryption",
        "1.2.840.10045.2.1" => "id-ecPublicKey",
        "1.2.840.10040.4.1" => "DSA",
        "1.2.840.113549.1.1.8" => "MGF1",
        "1.3.6.1.5.5.7.2.1" => "CPS",
        "1.3.6.1.5.5.7.2.2" => "user notice",
        "1.3.6.1.4.1.311.25.2.1" => "NTDS object SID",
        _ => return None,
    })
}

/// PEM text of a DER certificate (64-character lines).
pub fn pem(der_bytes: &[u8], label: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der_bytes);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn tree_with_offsets_and_encapsulation() {
        // SEQUENCE { OID 2.5.29.19, OCTET STRING { SEQUENCE { BOOLEAN TRUE } } }
        let bytes = [0x30, 0x0c, 0x06, 0x03, 0x55, 0x1d, 0x13, 0x04, 0x05, 0x30, 0x03, 0x01, 0x01, 0xff, 0x05, 0x00];
        let t = asn1_tree(&bytes, 100);
        assert_eq!(t.error, None);
        let root = &t.nodes[0];
        assert_eq!((root.tag_name.as_str(), root.offset, root.length), ("SEQUENCE", 0, 12));
        assert_eq!(root.children[0].preview.as_deref(), Some("2.5.29.19 (Basic Constraints)"));
        let octets = &root.children[1];
        assert!(octets.encapsulates);
        assert_eq!(octets.children[0].offset, 9);
        assert_eq!(octets.children[0].children[0].preview.as_deref(), Some("TRUE"));
        assert_eq!(t.nodes[1].tag_name, "NULL");
        assert_eq!(t.node_count, 6);
    }

    #[test]
    fn budget_and_errors() {
        let many: Vec<u8> = std::iter::repeat_n([0x05u8, 0x00], 100).flatten().collect();
        let t = asn1_tree(&many, 10);
        assert!(t.truncated);
        assert_eq!(t.node_count, 10);
        let bad = asn1_tree(&[0x30, 0x05, 0x02], 10);
        assert!(bad.error.is_some());
        let deep: Vec<u8> = std::iter::repeat_n([0x30u8, 0x80], 100).flatten().collect();
        let t = asn1_tree(&deep, 1000);
        assert!(t.error.is_some() || t.truncated);
    }

    #[test]
    fn pem_lines() {
        let p = pem(&[0u8; 60], "CERTIFICATE");
        assert!(p.starts_with("-----BEGIN CERTIFICATE-----\n"));
        assert_eq!(p.lines().nth(1).unwrap().len(), 64);
        assert!(p.ends_with("-----END CERTIFICATE-----\n"));
    }
}
