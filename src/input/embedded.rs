//! Certificates written inside other text, read when the text is neither PEM nor bare base64:
//! PEM inside a JSON string (its line breaks written `\n`, as HashiCorp Vault, Terraform and
//! many APIs print it), base64 inside XML or JSON (SAML federation metadata's
//! `<X509Certificate>`, a JWKS's `x5c`, a key vault's PFX value), and hexadecimal (`30 82 …`,
//! `30:82:…`, PowerShell's `30-82-…`, SQL's `0x3082…`). A pasted thumbprint is recognised, so
//! that the message can say what to paste instead.

use std::borrow::Cow;

/// PEM written inside a JSON string: `-----BEGIN CERTIFICATE-----\nMII…` with `\n` as two
/// characters. The text with the JSON string escapes that PEM can hold undone (`\n`, `\r`,
/// `\t`, `\/`), or `None` when the text has no such PEM.
pub fn json_escaped_pem(text: &str) -> Option<String> {
    // Told by the first BEGIN line alone: its end is followed by `\n` written out (a bundle of
    // 10,000 PEM certificates is not searched to its end).
    let begin = text.find("-----BEGIN")?;
    let line = text.as_bytes().get(begin + 10..)?;
    let line = line.get(..line.len().min(80))?;
    let escaped = |end: &[u8]| line.windows(end.len()).any(|w| w == end);
    if !(escaped(b"-----\\n") || escaped(b"-----\\r\\n")) {
        return None;
    }
    Some(text.replace("\\r\\n", "\n").replace("\\n", "\n").replace("\\r", "\n").replace("\\t", " ").replace("\\/", "/"))
}

/// The base64 characters (padding apart), base64url's `-` and `_` among them (a key vault's
/// `cer`, an ACME message).
fn base64_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_')
}

/// White space that may stand inside base64 in XML (line breaks, indentation).
fn white(b: u8) -> bool {
    b.is_ascii_whitespace()
}

/// Base64 of whole DER elements inside other text: each place where `MI` starts a word (the
/// base64 of a SEQUENCE of 128 bytes or more: every certificate, CRL, key and container),
/// read for as many characters as the element's own length asks (white space skipped: XML
/// wraps them), wherever the text around it ends it (`"`, `<`, a space). Each is the byte
/// offset where it starts in `text` and its bytes, which hold one whole DER element; what
/// decodes to anything else is not returned.
///
/// Bounded work: a place that only looks like the start of an element reads on until its
/// length or the first character that cannot be base64, so a text made of such places would
/// be read again and again; all the places together read at most [`SCAN_FACTOR`] times the
/// text, and the search stops there.
pub fn base64_elements(text: &str) -> Vec<(usize, Vec<u8>)> {
    scan(text, &mut text.len().saturating_mul(SCAN_FACTOR))
}

/// [`base64_elements`], each byte looked at taken from `budget`.
fn scan(text: &str, budget: &mut usize) -> Vec<(usize, Vec<u8>)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text.get(from..).and_then(|t| t.find("MI")).map(|p| from + p) {
        from = at + 2;
        if at > 0 && bytes.get(at - 1).is_some_and(|&b| base64_char(b)) {
            continue;
        }
        match element_at(bytes, at, budget) {
            Some((der, end)) => {
                found.push((at, der));
                from = end;
            }
            None if *budget == 0 => break,
            None => {}
        }
    }
    found
}

/// How many times over the text [`base64_elements`] reads at most.
pub const SCAN_FACTOR: usize = 4;

/// The DER element whose base64 starts at `at`, and where its base64 ends; each byte looked
/// at is taken from `budget`.
fn element_at(bytes: &[u8], at: usize, budget: &mut usize) -> Option<(Vec<u8>, usize)> {
    // The characters of the element, white space left out: first its head (tag and length,
    // at most 6 bytes: 8 characters), then as many as the length asks.
    let mut chars = Vec::new();
    let mut i = at;
    let mut wanted = 8;
    while chars.len() < wanted {
        *budget = budget.checked_sub(1)?;
        let &b = bytes.get(i)?;
        i += 1;
        if base64_char(b) {
            chars.push(b);
        } else if b == b'=' {
            // Padding ends it (the last group's missing characters).
            break;
        } else if !white(b) {
            break;
        }
        if chars.len() == 8 && wanted == 8 {
            let head = decode(&chars)?;
            wanted = base64_length(&head)?;
        }
    }
    while bytes.get(i) == Some(&b'=') {
        i += 1;
    }
    let der = decode(&chars)?;
    let whole = crate::der::read_tlv(&der, 0).is_ok_and(|(_, rest)| rest.is_empty());
    whole.then_some((der, i))
}

/// Base64 characters of either alphabet (not both), decoded.
fn decode(chars: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(chars).ok()?;
    super::pem::decode_base64(&super::pem::from_url_safe(text)?).ok()
}

/// How many base64 characters (padding left out) the DER element whose first bytes are
/// `head` takes: a SEQUENCE with a long-form length of one to three bytes.
fn base64_length(head: &[u8]) -> Option<usize> {
    let (&tag, rest) = head.split_first()?;
    let (&first, rest) = rest.split_first()?;
    if tag != 0x30 || !(0x81..=0x83).contains(&first) {
        return None;
    }
    let n = usize::from(first & 0x7f);
    let content = rest.get(..n)?.iter().fold(0usize, |a, &b| a << 8 | usize::from(b));
    let total = 2 + n + content;
    // Three bytes are four characters; one or two bytes left over are two or three.
    Some(total / 3 * 4 + [0, 2, 3].get(total % 3).copied().unwrap_or(0))
}

/// One `"Blob"=hex:…` value of a registry export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistryBlob {
    /// The key it is under (`HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\SystemCertificates\ROOT\Certificates\<thumbprint>`).
    pub key: String,
    /// The line its value starts on (1-based).
    pub line: usize,
    /// Its bytes: a serialized store's elements (the certificate and its properties).
    pub value: Vec<u8>,
}

/// The `Blob` values of a Windows registry export (`reg export`, regedit's Export: "Windows
/// Registry Editor Version 5.00" or "REGEDIT4"), where Windows keeps each certificate of a
/// store (`…\SystemCertificates\<store>\Certificates\<thumbprint>`, `"Blob"=hex:…` over
/// lines ending in `\`). `None` when the text is not a registry export.
pub fn registry_blobs(text: &str) -> Option<Vec<RegistryBlob>> {
    let head = text.trim_start_matches(invisible);
    if !(head.starts_with("Windows Registry Editor Version 5.00") || head.starts_with("REGEDIT4")) {
        return None;
    }
    let mut blobs = Vec::new();
    let mut key = String::new();
    let mut lines = text.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        let line = line.trim();
        if let Some(k) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            key = k.to_string();
            continue;
        }
        const BLOB: &str = "\"blob\"=hex:";
        let Some(hex) = line.get(..BLOB.len()).filter(|p| p.eq_ignore_ascii_case(BLOB)).and_then(|_| line.get(BLOB.len()..)) else { continue };
        let mut value = String::from(hex);
        while value.ends_with('\\') {
            value.pop();
            match lines.next() {
                Some((_, more)) => value.push_str(more.trim()),
                None => break,
            }
        }
        // Pairs separated by commas; what is not hex ends the value where it stands.
        let bytes: Vec<u8> = value.split(',').map_while(|p| u8::from_str_radix(p.trim(), 16).ok()).collect();
        blobs.push(RegistryBlob { key: key.clone(), line: n + 1, value: bytes });
    }
    Some(blobs)
}

/// Characters that may stand around text copied from a Windows dialog or a document and
/// mean nothing: a byte-order mark, the left-to-right and right-to-left marks (the
/// certificate dialog's Thumbprint field starts with one), a zero-width space.
fn invisible(c: char) -> bool {
    matches!(c, '\u{feff}' | '\u{200e}' | '\u{200f}' | '\u{200b}') || c.is_whitespace()
}

/// The bytes written as hexadecimal text: pairs of hex digits, separated or not by white
/// space, `:`, `-` or `,` (never inside a pair), optionally after `0x`. `None` when the text is
/// anything else or holds no byte.
pub fn hex_bytes(text: &str) -> Option<Vec<u8>> {
    let t = text.trim_matches(invisible);
    let t = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")).unwrap_or(t);
    let mut out = Vec::with_capacity(t.len() / 2);
    let mut high: Option<u8> = None;
    for c in t.bytes() {
        let nibble = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            b' ' | b'\t' | b'\r' | b'\n' | b':' | b'-' | b',' if high.is_none() => continue,
            _ => return None,
        };
        match high.take() {
            Some(h) => out.push(h << 4 | nibble),
            None => high = Some(nibble),
        }
    }
    (high.is_none() && !out.is_empty()).then_some(out)
}

/// The certificate DER written as hexadecimal text (its first byte a SEQUENCE's): plain hex
/// ([`hex_bytes`]), a hex dump with offsets ([`hex_dump`]) or a C array ([`c_array`]).
pub fn hex_der(text: &str) -> Option<Vec<u8>> {
    hex_bytes(text).or_else(|| hex_dump(text)).or_else(|| c_array(text)).filter(|b| b.len() >= 2 && b.first() == Some(&0x30))
}

/// A hex dump: each line an offset, then bytes in hex, then (often) the bytes as ASCII:
/// `certutil -encodehex` (`0000\t30 82 …\t0..Z`), `xxd` (`00000000: 3082 035a …  0..Z`),
/// `hexdump -C` (`00000000  30 82 …  |0..Z|`, and its last line the length alone), Wireshark's
/// "Copy as Hex Dump". Every line's offset must be the count of bytes before it, which tells
/// how many of a line's hex-looking words are bytes and where its ASCII column starts (the
/// last line: as many as the DER's own length asks for). `None` for anything else, or a dump
/// with lines left out (`hexdump`'s `*`).
pub fn hex_dump(text: &str) -> Option<Vec<u8>> {
    // Each line: its offset, and the bytes its hex-looking words could be.
    let mut lines: Vec<(usize, Vec<u8>)> = Vec::new();
    for line in text.lines().map(|l| l.trim_matches(invisible)).filter(|l| !l.is_empty()) {
        let mut words = line.split_whitespace();
        let offset = words.next()?.trim_end_matches(':');
        if offset.len() < 4 || offset.len() > 8 {
            return None;
        }
        let offset = usize::from_str_radix(offset, 16).ok()?;
        let mut bytes = Vec::new();
        for w in words {
            if w.len() % 2 != 0 || w.len() > 8 {
                break;
            }
            match hex_bytes(w) {
                Some(b) => bytes.extend(b),
                None => break,
            }
        }
        lines.push((offset, bytes));
    }
    if lines.len() < 2 || lines.first().map(|l| l.0) != Some(0) {
        return None;
    }
    let mut out = Vec::new();
    for (i, (offset, bytes)) in lines.iter().enumerate() {
        if *offset != out.len() {
            return None;
        }
        let take = match lines.get(i + 1) {
            Some((next, _)) => next.checked_sub(*offset).filter(|n| *n <= bytes.len())?,
            None => bytes.len(),
        };
        out.extend(bytes.get(..take)?);
    }
    // The last line's ASCII column may read as hex: the DER says where it ends.
    let end = crate::der::read_tlv(&out, 0).ok().map(|(_, rest)| out.len() - rest.len());
    if let Some(end) = end {
        out.truncate(end);
    }
    Some(out)
}

/// A C or C# array of bytes (`unsigned char cert[] = { 0x30, 0x82, … };`,
/// `new byte[] { 0x30, … }`): every `0x` and two hex digits, in order. `None` unless the text
/// has a brace and nothing but such bytes between its braces.
pub fn c_array(text: &str) -> Option<Vec<u8>> {
    let open = text.find('{')?;
    let close = text.rfind('}').filter(|&c| c > open)?;
    let body = text.get(open + 1..close)?;
    let mut out = Vec::new();
    for item in body.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let hex = item.strip_prefix("0x").or_else(|| item.strip_prefix("0X"))?;
        if hex.len() != 2 {
            return None;
        }
        out.push(u8::from_str_radix(hex, 16).ok()?);
    }
    (!out.is_empty()).then_some(out)
}

/// What hex text of these bytes ([`hex_bytes`]) is when it is a pasted thumbprint: "SHA-1"
/// for 20 bytes, "SHA-256" for 32.
pub fn thumbprint(bytes: &[u8]) -> Option<&'static str> {
    match bytes.len() {
        20 => Some("SHA-1"),
        32 => Some("SHA-256"),
        _ => None,
    }
}

/// The note for text read by one of the ways above: what was read and that the text around
/// it was not.
pub fn note(kind: Found, blocks: usize) -> Cow<'static, str> {
    match kind {
        Found::JsonPem => "the PEM text is written inside a JSON string (its line breaks as \\n) and was read as PEM; the rest of the JSON was not read".into(),
        Found::Base64 => format!(
            "{} inside this text (XML or JSON, such as federation metadata or a JWKS) {} read; the text around {} was not",
            crate::text::count(blocks, "base64 block", "base64 blocks"),
            if blocks == 1 { "was" } else { "were" },
            if blocks == 1 { "it" } else { "them" }
        )
        .into(),
    }
}

/// How certificates were found inside text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    /// PEM inside a JSON string.
    JsonPem,
    /// Base64 inside XML, JSON or other text.
    Base64,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::test_support::fixture;

    fn b64(der: &[u8]) -> String {
        crate::input::pem::encode_base64(der)
    }

    #[test]
    fn base64_is_found_in_xml_and_json_whatever_ends_it() {
        let cert = fixture("chain/ee_client.der").bytes;
        let int = fixture("chain/int_ca.der").bytes;
        // XML, wrapped and indented, and padded; JSON in quotes; plain text ended by a word.
        let wrapped: String = b64(&int).as_bytes().chunks(64).map(|c| format!("\n      {}", std::str::from_utf8(c).unwrap())).collect();
        let text = format!(
            "<X509Certificate>{}</X509Certificate><X509Certificate>{wrapped}\n    </X509Certificate> {{\"x5c\":[\"{}\"]}} MIT licence; key: {} and more",
            b64(&cert),
            b64(&int),
            b64(&cert).trim_end_matches('=')
        );
        let found = base64_elements(&text);
        let ders: Vec<&[u8]> = found.iter().map(|(_, d)| d.as_slice()).collect();
        assert_eq!(ders, [cert.as_slice(), int.as_slice(), int.as_slice(), cert.as_slice()]);
        assert_eq!(&text[found[0].0..found[0].0 + 3], "MII");
        // A word that merely starts with MI, and base64 inside a longer word, are not read.
        assert!(base64_elements("MIIIIIIIIIIIII MIDDLE xMIIGiTCCBXGgAwIBAgIKYQAB").is_empty());
        // Many places that look like the start of a long element, each read to the end of the
        // text: the search stops at its budget, having read the text a few times, not once per
        // place (20 MB of them would be 3.5 million reads of up to 20 MB).
        let hostile = " MIP/////".repeat(200_000);
        let mut budget = hostile.len() * SCAN_FACTOR;
        assert!(scan(&hostile, &mut budget).is_empty());
        assert_eq!(budget, 0, "stopped by its budget");
        // Real text reads each byte about once.
        let mut budget = text.len() * SCAN_FACTOR;
        assert_eq!(scan(&text, &mut budget).len(), 4);
        assert!(budget > text.len() * (SCAN_FACTOR - 2), "{budget} of {}", text.len() * SCAN_FACTOR);
        // Cut short: not an element.
        let b = b64(&cert);
        assert!(base64_elements(&b[..b.len() / 2]).is_empty());
    }

    #[test]
    fn pem_in_a_json_string_is_unescaped() {
        let pem = String::from_utf8(fixture("chain/ee_client.pem").bytes).unwrap();
        let json = format!("{{\"certificate\":{}}}", serde_json::to_string(&pem).unwrap().replace('/', "\\/"));
        let text = json_escaped_pem(&json).unwrap();
        assert!(text.contains(pem.trim()), "{text}");
        assert_eq!(json_escaped_pem(&pem), None);
    }

    #[test]
    fn hex_in_the_forms_tools_write() {
        let der = fixture("chain/ee_client.der").bytes;
        let plain: String = der.iter().map(|b| format!("{b:02x}")).collect();
        let spaced: Vec<String> = der.iter().map(|b| format!("{b:02X}")).collect();
        for text in [plain.clone(), format!("0x{}", plain.to_uppercase()), spaced.join(" "), spaced.join(":"), spaced.join("-"), format!("\u{200e}{}\n", spaced.join(" "))] {
            assert_eq!(hex_der(&text).as_deref(), Some(der.as_slice()), "{}", &text[..20]);
        }
        assert_eq!(hex_bytes("3 082"), None, "a separator inside a pair");
        // Hex dumps with offsets and an ASCII column, as tools print them, and C arrays.
        let der = crate::test_support::fixture("chain/ee_client.der").bytes;
        let ascii = |row: &[u8]| row.iter().map(|&b| if b.is_ascii_graphic() { b as char } else { '.' }).collect::<String>();
        let hex = |row: &[u8]| row.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>();
        let certutil: String = der.chunks(16).enumerate().map(|(i, r)| format!("{:04x}\t{}\t{}\r\n", i * 16, hex(r).join(" "), ascii(r))).collect();
        let xxd: String = der.chunks(16).enumerate().map(|(i, r)| format!("{:08x}: {}  {}\n", i * 16, hex(r).chunks(2).map(|p| p.concat()).collect::<Vec<_>>().join(" "), ascii(r))).collect();
        let hexdump: String = der.chunks(16).enumerate().map(|(i, r)| format!("{:08x}  {}  |{}|\n", i * 16, hex(r).join(" "), ascii(r))).collect::<String>() + &format!("{:08x}\n", der.len());
        for (name, text) in [("certutil -encodehex", &certutil), ("xxd", &xxd), ("hexdump -C", &hexdump)] {
            assert_eq!(hex_der(text).as_deref(), Some(der.as_slice()), "{name}:\n{}", &text[..200]);
        }
        // The last line's ASCII column reads as hex ("beef"): the DER's length ends the bytes.
        assert_eq!(hex_dump("0000 30 03 02 01\n0004 05 beef\n").as_deref(), Some(&[0x30, 0x03, 0x02, 0x01, 0x05][..]));
        assert_eq!(hex_dump("0000 30 03 02 01\n0010 05\n"), None, "an offset that is not the count of bytes before it");
        assert_eq!(hex_dump("00000000  30 03 02 01\n*\n00000040\n"), None, "lines left out");
        let c = format!("static const unsigned char cert[] = {{\n  {}\n}};\n", der.iter().map(|b| format!("0x{b:02X}")).collect::<Vec<_>>().join(", "));
        assert_eq!(hex_der(&c).as_deref(), Some(der.as_slice()));
        assert_eq!(c_array("{ 0x30, x }"), None);
        assert_eq!(hex_bytes("308"), None, "an odd number of digits");
        assert_eq!(hex_der("0102"), None, "not a SEQUENCE");
        let thumbprint_of = |text: &str| hex_bytes(text).and_then(|b| thumbprint(&b));
        assert_eq!(thumbprint_of("\u{200e}8b 2b 5f f3 22 ae 6e f8 8f eb a5 d0 f6 32 f3 25 5e d0 24 f8"), Some("SHA-1"));
        assert_eq!(thumbprint_of(&"ab".repeat(32)), Some("SHA-256"));
        assert_eq!(thumbprint_of("abcd"), None);
    }
}
