//! Distinguished names and general names as text.

use x509_parser::extensions::GeneralName;
use x509_parser::x509::X509Name;

use super::{oids, GeneralNameView};
use crate::der;

/// UPN otherName type (Microsoft).
pub const OID_UPN: &str = "1.3.6.1.4.1.311.20.2.3";
/// The SAN URL prefix that carries an account SID (KB5014754).
pub const SID_URL_PREFIX: &str = "tag:microsoft.com,2022-09-14:sid:";

/// A name, most specific RDN first (as Windows and RFC 4514 show it).
pub fn format_name(name: &X509Name<'_>) -> String {
    let rdns: Vec<String> = name
        .iter_rdn()
        .map(|rdn| {
            rdn.iter()
                .map(|atv| {
                    let oid = atv.attr_type().to_id_string();
                    let key = oids::attribute_short_name(&oid).map_or(oid, str::to_string);
                    format!("{key}={}", attribute_text(atv.attr_value().tag().0, atv.as_slice()))
                })
                .collect::<Vec<_>>()
                .join(" + ")
        })
        .collect();
    rdns.into_iter().rev().collect::<Vec<_>>().join(", ")
}

/// Decode a directory string by its tag: BMPString (30) as UTF-16BE, others as UTF-8/Latin-1.
pub fn attribute_text(tag: u32, bytes: &[u8]) -> String {
    match tag {
        30 => {
            let units: Vec<u16> = bytes.chunks(2).map(|c| u16::from_be_bytes([c.first().copied().unwrap_or(0), c.get(1).copied().unwrap_or(0)])).collect();
            String::from_utf16_lossy(&units)
        }
        20 => bytes.iter().map(|&b| char::from(b)).collect(),
        _ => match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(_) => format!("#{}", der::hex(bytes)),
        },
    }
}

/// A general name as kind + text. UPN otherNames and SID URLs are recognised.
pub fn general_name_view(gn: &GeneralName<'_>) -> GeneralNameView {
    let (kind, value) = match gn {
        GeneralName::DNSName(s) => ("dns", (*s).to_string()),
        GeneralName::RFC822Name(s) => ("email", (*s).to_string()),
        GeneralName::URI(s) if s.starts_with(SID_URL_PREFIX) => ("sid", s.get(SID_URL_PREFIX.len()..).unwrap_or_default().to_string()),
        GeneralName::URI(s) => ("uri", (*s).to_string()),
        GeneralName::IPAddress(b) => ("ip", ip_text(b)),
        GeneralName::DirectoryName(n) => ("directory", format_name(n)),
        GeneralName::RegisteredID(oid) => ("registered-id", oid.to_id_string()),
        GeneralName::OtherName(oid, value) => {
            let oid = oid.to_id_string();
            if oid == OID_UPN {
                ("upn", other_name_string(value).unwrap_or_else(|| der::hex(value)))
            } else {
                ("other", format!("{oid}: {}", der::hex(value)))
            }
        }
        GeneralName::X400Address(_) => ("x400", "(X.400 address)".to_string()),
        GeneralName::EDIPartyName(_) => ("edi-party", "(EDI party name)".to_string()),
        GeneralName::Invalid(tag, bytes) => ("invalid", format!("tag {}: {}", tag.0, der::hex(bytes))),
    };
    GeneralNameView { kind: kind.to_string(), value }
}

/// The string inside an otherName value (`[0] EXPLICIT UTF8String`), tolerating both the
/// explicit wrapper present or already stripped.
fn other_name_string(value: &[u8]) -> Option<String> {
    let (tlv, _) = der::read_tlv(value, 0).ok()?;
    let inner = if tlv.tag == 0xa0 { der::read_tlv(tlv.value, 0).ok()?.0 } else { tlv };
    Some(attribute_text(u32::from(inner.tag & 0x1f), inner.value))
}

fn ip_text(b: &[u8]) -> String {
    match b.len() {
        4 => b.iter().map(u8::to_string).collect::<Vec<_>>().join("."),
        16 => {
            let mut a = [0u8; 16];
            a.copy_from_slice(b);
            std::net::Ipv6Addr::from(a).to_string()
        }
        _ => der::hex(b),
    }
}
