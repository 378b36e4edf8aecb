//! Distinguished names and general names as text.
//!
//! A name is shown three ways because users paste it into three kinds of tools:
//! Windows (`CN=alice, OU=Users, O=Contoso`, most specific first), RFC 4514
//! (`CN=alice,OU=Users,O=Contoso`, for LDAP and most libraries) and OpenSSL's
//! one-line form (`O = Contoso, OU = Users, CN = alice`, certificate order).

use serde::{Deserialize, Serialize};
use x509_parser::extensions::GeneralName;
use x509_parser::x509::X509Name;

use super::{oids, GeneralNameView};
use crate::der;
use crate::diag::Code;

/// UPN otherName type (Microsoft).
pub const OID_UPN: &str = "1.3.6.1.4.1.311.20.2.3";
/// The SAN URL prefix that carries an account SID (KB5014754).
pub const SID_URL_PREFIX: &str = "tag:microsoft.com,2022-09-14:sid:";

/// A distinguished name in the forms people paste, plus its typed attributes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameView {
    /// As Windows shows it: most specific first, `, ` between RDNs (`CN=alice, OU=Users, O=Contoso`).
    pub windows: String,
    /// RFC 4514 string: most specific first, `,` between RDNs, special characters escaped.
    pub rfc4514: String,
    /// OpenSSL one-line form: certificate order (`C = US, O = Contoso, CN = Root`).
    pub openssl: String,
    /// Every attribute, in certificate order (least specific first).
    pub attributes: Vec<AttributeView>,
}

/// One attribute of a distinguished name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeView {
    /// Short name as Windows shows it (`CN`, `O`, `E`, `SERIALNUMBER`), the OID when unknown.
    pub short_name: String,
    /// Dotted OID of the attribute type.
    pub oid: String,
    /// ASN.1 string type of the value (`UTF8String`, `PrintableString`, `BMPString`, ...).
    pub string_type: String,
    /// The decoded value.
    pub value: String,
    /// Position of the RDN this attribute belongs to (several attributes share one in a multi-valued RDN).
    pub rdn: usize,
    /// Set when the value does not follow the rules of its string type.
    pub problem: Option<String>,
}

/// Build the [`NameView`] of a name.
pub fn name_view(name: &X509Name<'_>) -> NameView {
    let attributes = attributes(name);
    NameView {
        windows: render(&attributes, Form::Windows),
        rfc4514: render(&attributes, Form::Rfc4514),
        openssl: render(&attributes, Form::OpenSsl),
        attributes,
    }
}

/// A name as Windows shows it ([`NameView::windows`]) and its attributes, without the
/// other forms (a listing of many certificates).
pub fn windows_name(name: &X509Name<'_>) -> (String, Vec<AttributeView>) {
    let attributes = attributes(name);
    (render(&attributes, Form::Windows), attributes)
}

fn attributes(name: &X509Name<'_>) -> Vec<AttributeView> {
    let mut attributes = Vec::new();
    for (rdn_index, rdn) in name.iter_rdn().enumerate() {
        for atv in rdn.iter() {
            let oid = crate::der::oid_text(atv.attr_type());
            let tag = atv.attr_value().tag().0;
            let mut decoded = decode_string(tag, atv.as_slice());
            if oid == "2.5.4.6" && decoded.problem.is_none() && decoded.text.chars().count() != 2 {
                decoded.problem = Some("a country must be a two-letter ISO 3166 code".into());
            }
            attributes.push(AttributeView {
                short_name: oids::attribute_short_name(&oid).map_or_else(|| oid.clone(), str::to_string),
                oid,
                string_type: string_type_name(tag),
                value: decoded.text,
                rdn: rdn_index,
                problem: decoded.problem,
            });
        }
    }
    attributes
}

#[derive(Clone, Copy)]
enum Form {
    Windows,
    Rfc4514,
    OpenSsl,
}

fn render(attributes: &[AttributeView], form: Form) -> String {
    // Written into one string: RDNs in certificate order (OpenSSL) or most specific first
    // (Windows, RFC 4514), the attributes of a multi-valued RDN in certificate order. One
    // string per call, not one per attribute and per RDN (every view renders six names).
    let (between_rdns, within_rdn) = match form {
        Form::Windows => (", ", " + "),
        Form::Rfc4514 => (",", "+"),
        Form::OpenSsl => (", ", " + "),
    };
    // Each RDN's attributes are consecutive: find where each RDN starts.
    let mut starts: Vec<usize> = Vec::with_capacity(attributes.len());
    let mut last_rdn = None;
    for (i, a) in attributes.iter().enumerate() {
        if last_rdn != Some(a.rdn) {
            starts.push(i);
        }
        last_rdn = Some(a.rdn);
    }
    let mut out = String::with_capacity(attributes.iter().map(|a| a.value.len() + 8).sum());
    let write_rdn = |out: &mut String, k: usize| {
        let from = starts.get(k).copied().unwrap_or(attributes.len());
        let to = starts.get(k + 1).copied().unwrap_or(attributes.len());
        for (j, a) in attributes.get(from..to).unwrap_or_default().iter().enumerate() {
            if j > 0 {
                out.push_str(within_rdn);
            }
            match form {
                Form::Windows => {
                    out.push_str(&a.short_name);
                    out.push('=');
                    push_windows_quoted(out, &a.value, &crate::text::visible(&a.value));
                }
                Form::Rfc4514 => {
                    out.push_str(rfc4514_key(&a.oid));
                    out.push('=');
                    push_rfc4514_value(out, &a.value);
                }
                Form::OpenSsl => {
                    out.push_str(openssl_key(&a.oid));
                    out.push_str(" = ");
                    push_openssl_value(out, &a.value);
                }
            }
        }
    };
    let n = starts.len();
    for k in 0..n {
        if k > 0 {
            out.push_str(between_rdns);
        }
        let rdn = match form {
            Form::OpenSsl => k,
            Form::Windows | Form::Rfc4514 => n - 1 - k,
        };
        write_rdn(&mut out, rdn);
    }
    out
}

/// Windows quotes a value that holds a separator or quote, doubling inner quotes.
/// The characters stay as they are (for values that go into data, such as an
/// altSecurityIdentities mapping); displays use [`windows_display_value`].
pub fn windows_value(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    push_windows_quoted(&mut out, v, v);
    out
}

/// [`windows_value`] for display: characters that hide or reorder text (bidi
/// overrides, zero-width, control) are written as `<U+202E>`, so a displayed
/// name cannot pretend to be another.
pub fn windows_display_value(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    push_windows_quoted(&mut out, v, &crate::text::visible(v));
    out
}

/// Write `shown`, quoted when the original value `v` needs quoting.
fn push_windows_quoted(out: &mut String, v: &str, shown: &str) {
    let needs = v.is_empty()
        || v.starts_with(' ')
        || v.ends_with(' ')
        || v.bytes().any(|b| matches!(b, b',' | b'+' | b'=' | b'"' | b'\n' | b'\r' | b'<' | b'>' | b'#' | b';'));
    if !needs {
        out.push_str(shown);
        return;
    }
    out.push('"');
    for (k, part) in shown.split('"').enumerate() {
        if k > 0 {
            out.push_str("\"\"");
        }
        out.push_str(part);
    }
    out.push('"');
}

/// The attributes of a name in the Windows form [`render`] writes, in its order: each key and
/// its value as the certificate has it (`CN="Doe, John", O=Contoso` gives `CN` = `Doe, John`:
/// quotes taken off, doubled quotes made single). Attributes are separated by `, ` (between
/// RDNs) or ` + ` (within one) outside quotes. Text in another form is read as well as it goes:
/// a piece without a `KEY=` of its own belongs to the value before it (`O=Contoso, Ltd.`), and a
/// name without any key is one attribute with an empty key.
/// Every display of a certificate's short name reads its CN here ([`common_name`]).
pub fn windows_attributes(name: &str) -> Vec<(&str, std::borrow::Cow<'_, str>)> {
    windows_attributes_until(name, |_| false)
}

/// [`windows_attributes`] up to the first attributes for which `enough` says yes: it is asked
/// whenever the attributes read so far are complete (a new one begins), so a reader that wants
/// one of them ([`common_name`], `ui::format::short_name`) need not read the rest of the name.
pub fn windows_attributes_until<'n>(name: &'n str, enough: impl Fn(&[(&'n str, std::borrow::Cow<'n, str>)]) -> bool) -> Vec<(&'n str, std::borrow::Cow<'n, str>)> {
    use std::borrow::Cow;
    let b = name.as_bytes();
    let mut out: Vec<(&str, Cow<'_, str>)> = Vec::new();
    let mut at = 0;
    // The separator before the piece at `at` (empty for the first).
    let mut sep = "";
    if name.is_empty() {
        return out;
    }
    loop {
        // `KEY=` at the start of the piece: letters, digits and dots (short names and OIDs).
        let key_len = b.get(at..).unwrap_or_default().iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'.').count();
        let keyed = key_len > 0 && b.get(at + key_len) == Some(&b'=');
        let value_at = if keyed { at + key_len + 1 } else { at };
        // A quoted value runs to its closing quote (a doubled quote is one quote of the value).
        let mut end = value_at;
        let mut quoted = None;
        if keyed && b.get(value_at) == Some(&b'"') {
            let mut i = value_at + 1;
            let mut doubled = false;
            while let Some(&c) = b.get(i) {
                if c == b'"' {
                    if b.get(i + 1) == Some(&b'"') {
                        doubled = true;
                        i += 2;
                        continue;
                    }
                    quoted = Some((value_at + 1, i, doubled));
                    i += 1;
                    break;
                }
                i += 1;
            }
            // No closing quote: read as an unquoted value.
            if quoted.is_some() {
                end = i;
            }
        }
        // The piece ends at the next separator. (Only a comma or a space can start one: the
        // bytes between are skipped by a plain search, three looks a byte were ~1,000
        // instructions a row of a 10,000-row listing at the worker's `opt-level = "z"`.)
        let mut next_sep = "";
        let mut i = end;
        while let Some(at) = b.get(i..).and_then(|rest| rest.iter().position(|&c| c == b',' || c == b' ')) {
            i += at;
            match (b.get(i), b.get(i + 1), b.get(i + 2)) {
                (Some(b','), Some(b' '), _) => {
                    next_sep = ", ";
                    break;
                }
                (Some(b' '), Some(b'+'), Some(b' ')) => {
                    next_sep = " + ";
                    break;
                }
                _ => i += 1,
            }
        }
        if next_sep.is_empty() {
            i = b.len();
        }
        let piece_end = i;
        let text = |from: usize, to: usize| name.get(from..to).unwrap_or_default();
        let value: Cow<'_, str> = match quoted {
            // Only the quoted text up to the separator: unquoted.
            Some((from, to, doubled)) if to + 1 == piece_end => {
                if doubled {
                    Cow::Owned(text(from, to).replace("\"\"", "\""))
                } else {
                    Cow::Borrowed(text(from, to))
                }
            }
            _ => Cow::Borrowed(text(value_at, piece_end)),
        };
        match out.last_mut() {
            Some((_, previous)) if !keyed => {
                let previous = previous.to_mut();
                previous.push_str(sep);
                previous.push_str(&value);
            }
            _ => {
                if enough(&out) {
                    return out;
                }
                out.push((if keyed { text(at, at + key_len) } else { "" }, value));
            }
        }
        sep = next_sep;
        at = piece_end + next_sep.len();
        if next_sep.is_empty() {
            break;
        }
    }
    out
}

/// The common name (CN) of a name in the Windows form, unquoted ([`windows_attributes`]);
/// `None` when it has none.
pub fn common_name(name: &str) -> Option<std::borrow::Cow<'_, str>> {
    let is_cn = |(key, _): &(&str, std::borrow::Cow<'_, str>)| *key == "CN";
    windows_attributes_until(name, |read| read.iter().any(is_cn)).into_iter().find(is_cn).map(|(_, value)| value)
}

/// How a sentence names a certificate known by its name (Windows form): its CN, else the whole
/// name. A quoted whole name would nest quotes whenever a value holds a comma
/// (`O="GoDaddy.com, Inc."`, `CN="Doe, John"`).
pub fn display_name(name: &str) -> std::borrow::Cow<'_, str> {
    common_name(name).unwrap_or(std::borrow::Cow::Borrowed(name))
}

/// How a sentence names a certificate: [`display_name`] of its subject; for an empty subject
/// (RFC 5280 §4.1.2.6 allows one when the alternative names say who the certificate is for),
/// the first DNS name, UPN or email address of `alt_names` (its subject alternative names of
/// those kinds, in order), else `serial 01a2…` (`serial`: lowercase hex). The one rule for the
/// chain, the server layer and the findings, so that an empty subject never leaves a gap in a
/// sentence ("The chain  → Contoso Issuing CA 01").
pub fn certificate_name<'a>(subject: &'a str, alt_names: impl IntoIterator<Item = &'a str>, serial: &str) -> std::borrow::Cow<'a, str> {
    if !subject.trim().is_empty() {
        return display_name(subject);
    }
    match alt_names.into_iter().map(str::trim).find(|n| !n.is_empty()) {
        Some(name) => std::borrow::Cow::Borrowed(name),
        None if serial.is_empty() => std::borrow::Cow::Borrowed("(empty subject)"),
        None => std::borrow::Cow::Owned(format!("serial {serial}")),
    }
}

/// RFC 4514 section 2.4 escaping.
#[cfg(test)]
fn rfc4514_value(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    push_rfc4514_value(&mut out, v);
    out
}

/// Write `v` with RFC 4514 section 2.4 escaping.
fn push_rfc4514_value(out: &mut String, v: &str) {
    let last = v.chars().count().saturating_sub(1);
    for (i, c) in v.chars().enumerate() {
        match c {
            '"' | '+' | ',' | ';' | '<' | '>' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '#' if i == 0 => out.push_str("\\#"),
            ' ' if i == 0 || i == last => out.push_str("\\ "),
            c if crate::text::is_deceptive(c) => {
                // Hex pairs of the UTF-8 bytes (RFC 4514 section 2.4): never shown raw.
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("\\{b:02X}"));
                }
            }
            _ => out.push(c),
        }
    }
}

/// Write `v` as OpenSSL's one-line form does: separators escaped with a backslash.
fn push_openssl_value(out: &mut String, v: &str) {
    for c in v.chars() {
        if crate::text::is_deceptive(c) {
            out.push_str(&crate::text::code_point(c));
            continue;
        }
        if matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';') {
            out.push('\\');
        }
        out.push(c);
    }
}

/// RFC 4514 keywords (section 3); other types as the dotted OID.
fn rfc4514_key(oid: &str) -> &str {
    match oid {
        "2.5.4.3" => "CN",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.6" => "C",
        "2.5.4.9" => "STREET",
        "0.9.2342.19200300.100.1.25" => "DC",
        "0.9.2342.19200300.100.1.1" => "UID",
        other => other,
    }
}

/// OpenSSL's short names.
fn openssl_key(oid: &str) -> &str {
    match oid {
        "2.5.4.3" => "CN",
        "2.5.4.4" => "SN",
        "2.5.4.5" => "serialNumber",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.9" => "street",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.12" => "title",
        "2.5.4.42" => "GN",
        "2.5.4.43" => "initials",
        "2.5.4.46" => "dnQualifier",
        "2.5.4.97" => "organizationIdentifier",
        "0.9.2342.19200300.100.1.25" => "DC",
        "0.9.2342.19200300.100.1.1" => "UID",
        "1.2.840.113549.1.9.1" => "emailAddress",
        other => other,
    }
}

/// Findings for names holding characters that hide or reorder text: NUL,
/// control characters, bidi overrides and marks, zero-width characters. One
/// finding per place (subject, issuer, alternative names).
pub fn deceptive_name_findings(subject: &NameView, issuer: &NameView, alt_names: &[GeneralNameView]) -> Vec<super::Finding> {
    let mut out = Vec::new();
    let mut check = |place: &str, values: Vec<&str>| {
        let all: String = values.concat();
        let found = crate::text::deceptive_names(&all);
        if !found.is_empty() {
            out.push(super::Finding::new(
                Code::NameDeceptiveCharacters,
                super::Severity::Warning,
                format!(
                    "the {place} holds characters that hide or reorder text ({}): a name like this can be made to look like another; certlens shows them as <U+…>",
                    crate::text::name_a_few(&found, ", ")
                ),
            ));
        }
    };
    check("subject", subject.attributes.iter().map(|a| a.value.as_str()).collect());
    check("issuer", issuer.attributes.iter().map(|a| a.value.as_str()).collect());
    check("subject alternative name", alt_names.iter().map(|n| n.value.as_str()).collect());
    out
}

/// A name, most specific RDN first, as Windows shows it (`CN=alice, OU=Users, O=Contoso`).
pub fn format_name(name: &X509Name<'_>) -> String {
    name_view(name).windows
}

/// The name of an ASN.1 string type by universal tag number.
pub fn string_type_name(tag: u32) -> String {
    match tag {
        12 => "UTF8String".into(),
        18 => "NumericString".into(),
        19 => "PrintableString".into(),
        20 => "TeletexString".into(),
        22 => "IA5String".into(),
        26 => "VisibleString".into(),
        28 => "UniversalString".into(),
        30 => "BMPString".into(),
        other => format!("tag {other}"),
    }
}

/// A decoded directory string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodedString {
    /// The text (lossy when malformed).
    pub text: String,
    /// What is wrong with it, if anything.
    pub problem: Option<String>,
}

/// Decode a directory string by its universal tag number, checking the rules of its type.
pub fn decode_string(tag: u32, bytes: &[u8]) -> DecodedString {
    let ok = |text: String| DecodedString { text, problem: None };
    let bad = |text: String, problem: String| DecodedString { text, problem: Some(problem) };
    match tag {
        30 => {
            if bytes.len() % 2 != 0 {
                return bad(latin1(bytes), format!("BMPString has an odd length ({} bytes)", bytes.len()));
            }
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c.first().copied().unwrap_or(0), c.get(1).copied().unwrap_or(0)]))
                .collect();
            match String::from_utf16(&units) {
                Ok(s) => ok(s),
                Err(_) => bad(String::from_utf16_lossy(&units), "BMPString holds an unpaired surrogate".into()),
            }
        }
        28 => {
            if bytes.len() % 4 != 0 {
                return bad(latin1(bytes), format!("UniversalString length {} is not a multiple of 4", bytes.len()));
            }
            let mut text = String::new();
            let mut problem = None;
            for c in bytes.chunks_exact(4) {
                let v = c.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b));
                match char::from_u32(v) {
                    Some(ch) => text.push(ch),
                    None => {
                        text.push(char::REPLACEMENT_CHARACTER);
                        problem = Some(format!("UniversalString holds an invalid code point 0x{v:x}"));
                    }
                }
            }
            DecodedString { text, problem }
        }
        // Teletex (T.61) is in practice Latin-1; every byte maps to a character.
        20 => ok(latin1(bytes)),
        19 => checked_ascii(bytes, "PrintableString", |b| {
            b.is_ascii_alphanumeric() || b" '()+,-./:=?".contains(&b)
        }),
        18 => checked_ascii(bytes, "NumericString", |b| b.is_ascii_digit() || b == b' '),
        22 => checked_ascii(bytes, "IA5String", |b| b.is_ascii()),
        26 => checked_ascii(bytes, "VisibleString", |b| (0x20..0x7f).contains(&b)),
        _ => match std::str::from_utf8(bytes) {
            Ok(s) => ok(s.to_string()),
            Err(_) if tag == 12 => bad(String::from_utf8_lossy(bytes).into_owned(), "UTF8String is not valid UTF-8".into()),
            Err(_) => ok(format!("#{}", der::hex(bytes))),
        },
    }
}

fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

fn checked_ascii(bytes: &[u8], type_name: &str, allowed: impl Fn(u8) -> bool) -> DecodedString {
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => latin1(bytes),
    };
    let problem = bytes
        .iter()
        .find(|&&b| !allowed(b))
        .map(|b| format!("{type_name} holds a character it does not allow (byte 0x{b:02x})"));
    DecodedString { text, problem }
}

/// Decode a directory string by its tag: BMPString (30) as UTF-16BE, others as UTF-8/Latin-1.
pub fn attribute_text(tag: u32, bytes: &[u8]) -> String {
    decode_string(tag, bytes).text
}

/// Decode one punycode label body (RFC 3492), the part after `xn--`. `None` when invalid.
pub fn punycode_decode(input: &str) -> Option<String> {
    const BASE: u32 = 36;
    let (basic, rest) = match input.rfind('-') {
        Some(i) => (input.get(..i)?, input.get(i + 1..)?),
        None => ("", input),
    };
    if !basic.is_ascii() || input.len() > 256 {
        return None;
    }
    let mut output: Vec<char> = basic.chars().collect();
    let (mut n, mut i, mut bias) = (128u32, 0u32, 72u32);
    let mut digits = rest.bytes().peekable();
    let mut first = true;
    while digits.peek().is_some() {
        let old_i = i;
        let mut w = 1u32;
        let mut k = BASE;
        loop {
            let c = digits.next()?;
            let digit = match c {
                b'a'..=b'z' => u32::from(c - b'a'),
                b'A'..=b'Z' => u32::from(c - b'A'),
                b'0'..=b'9' => u32::from(c - b'0') + 26,
                _ => return None,
            };
            i = i.checked_add(digit.checked_mul(w)?)?;
            let t = if k <= bias { 1 } else if k >= bias + 26 { 26 } else { k - bias };
            if digit < t {
                break;
            }
            w = w.checked_mul(BASE - t)?;
            k += BASE;
        }
        let len = u32::try_from(output.len()).ok()? + 1;
        // Bias adaptation (RFC 3492 section 6.1).
        let mut delta = if first { (i - old_i) / 700 } else { (i - old_i) / 2 };
        first = false;
        delta += delta / len;
        let mut kk = 0;
        while delta > ((BASE - 1) * 26) / 2 {
            delta /= BASE - 1;
            kk += BASE;
        }
        bias = kk + (BASE * delta) / (delta + 38);
        n = n.checked_add(i / len)?;
        i %= len;
        output.insert(usize::try_from(i).ok()?, char::from_u32(n)?);
        i += 1;
    }
    Some(output.into_iter().collect())
}

/// The Unicode form of a DNS name with `xn--` labels; `None` when there is none or it is invalid.
pub fn idna_unicode(dns: &str) -> Option<String> {
    if !dns.split('.').any(|l| l.len() > 4 && l.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("xn--"))) {
        return None;
    }
    let labels: Option<Vec<String>> = dns
        .split('.')
        .map(|l| match l.get(..4) {
            Some(p) if p.eq_ignore_ascii_case("xn--") => punycode_decode(l.get(4..)?),
            _ => Some(l.to_string()),
        })
        .collect();
    labels.map(|l| l.join("."))
}

/// A general name as kind + text. UPN otherNames and SID URLs are recognised.
pub fn general_name_view(gn: &GeneralName<'_>) -> GeneralNameView {
    use super::NameKind as K;
    let (kind, value) = match gn {
        GeneralName::DNSName(s) => (K::Dns, (*s).to_string()),
        GeneralName::RFC822Name(s) => (K::Email, (*s).to_string()),
        GeneralName::URI(s) if s.starts_with(SID_URL_PREFIX) => {
            (K::Sid, s.get(SID_URL_PREFIX.len()..).unwrap_or_default().to_string())
        }
        GeneralName::URI(s) => (K::Uri, (*s).to_string()),
        GeneralName::IPAddress(b) => (K::Ip, ip_text(b)),
        GeneralName::DirectoryName(n) => (K::Directory, format_name(n)),
        GeneralName::RegisteredID(oid) => (K::RegisteredId, crate::der::oid_text(oid)),
        GeneralName::OtherName(oid, value) => {
            let oid = crate::der::oid_text(oid);
            if oid == OID_UPN {
                (K::Upn, other_name_string(value).unwrap_or_else(|| der::hex(value)))
            } else {
                let name = oids::other_name_type(&oid).map_or_else(|| oid.clone(), |n| format!("{n} ({oid})"));
                let text = other_name_string(value).unwrap_or_else(|| der::hex(value));
                (K::Other, format!("{name}: {text}"))
            }
        }
        GeneralName::X400Address(_) => (K::X400, "(X.400 address)".to_string()),
        GeneralName::EDIPartyName(_) => (K::EdiParty, "(EDI party name)".to_string()),
        GeneralName::Invalid(tag, bytes) => (K::Invalid, format!("tag {}: {}", tag.0, der::hex(bytes))),
    };
    let unicode = if kind == K::Dns { idna_unicode(&value) } else { None };
    GeneralNameView { kind, value, unicode }
}

/// What is wrong with a general name in a SAN or IAN, if anything.
pub fn general_name_problem(gn: &GeneralName<'_>) -> Option<String> {
    match gn {
        GeneralName::OtherName(oid, value) => match der::read_tlv(value, 0) {
            Ok((t, rest)) if t.tag == 0xa0 && rest.is_empty() => None,
            _ => Some(format!("otherName {} has a value that is not wrapped in [0] as RFC 5280 requires", crate::der::oid_text(oid))),
        },
        GeneralName::IPAddress(b) if b.len() != 4 && b.len() != 16 => {
            Some(format!("IP address of {} bytes (must be 4 or 16)", b.len()))
        }
        GeneralName::Invalid(tag, _) => Some(format!("general name with unknown tag [{}]", tag.0)),
        _ => None,
    }
}

/// The string inside an otherName value (`[0] EXPLICIT UTF8String`), tolerating both the
/// explicit wrapper present or already stripped. `None` when it is not a string.
fn other_name_string(value: &[u8]) -> Option<String> {
    let (tlv, _) = der::read_tlv(value, 0).ok()?;
    let inner = if tlv.tag == 0xa0 { der::read_tlv(tlv.value, 0).ok()?.0 } else { tlv };
    if !matches!(inner.tag, 12 | 18 | 19 | 20 | 22 | 26 | 28 | 30) {
        return None;
    }
    Some(decode_string(u32::from(inner.tag & 0x1f), inner.value).text)
}

/// An IP address (4 or 16 bytes) or, in name constraints, address + mask (8 or 32 bytes).
pub fn ip_text(b: &[u8]) -> String {
    fn v6(b: &[u8]) -> Option<std::net::Ipv6Addr> {
        let a: [u8; 16] = b.try_into().ok()?;
        Some(std::net::Ipv6Addr::from(a))
    }
    match b.len() {
        4 => b.iter().map(u8::to_string).collect::<Vec<_>>().join("."),
        8 => format!("{}/{}", ip_text(b.get(..4).unwrap_or_default()), ip_text(b.get(4..).unwrap_or_default())),
        16 => v6(b).map_or_else(|| der::hex(b), |a| a.to_string()),
        32 => match (v6(b.get(..16).unwrap_or_default()), v6(b.get(16..).unwrap_or_default())) {
            (Some(a), Some(m)) => format!("{a}/{m}"),
            _ => der::hex(b),
        },
        _ => der::hex(b),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;
    use x509_parser::prelude::FromDer;

    #[test]
    fn a_certificate_without_a_subject_is_named_by_its_alternative_names_else_its_serial() {
        assert_eq!(certificate_name("CN=alice, O=Contoso", ["bob.contoso.com"], "01"), "alice");
        assert_eq!(certificate_name("O=Contoso, C=US", [], "01"), "O=Contoso, C=US");
        assert_eq!(certificate_name("", ["", "www.contoso.com", "alice@contoso.com"], "01"), "www.contoso.com");
        assert_eq!(certificate_name(" ", [], "01234567"), "serial 01234567");
        assert_eq!(certificate_name("", [], ""), "(empty subject)");
    }

    fn name(der_hex: &str) -> NameView {
        let bytes: Vec<u8> = (0..der_hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&der_hex[i..i + 2], 16).unwrap())
            .collect();
        let (_, n) = X509Name::from_der(&bytes).unwrap();
        name_view(&n)
    }

    fn attrs(name: &str) -> Vec<(String, String)> {
        windows_attributes(name).into_iter().map(|(k, v)| (k.to_string(), v.into_owned())).collect()
    }

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn windows_names_are_read_back_with_their_quotes_taken_off() {
        assert_eq!(attrs("CN=alice, OU=Users, O=Contoso"), pairs(&[("CN", "alice"), ("OU", "Users"), ("O", "Contoso")]));
        // A value with a comma is quoted: one value, not two pieces ("Doe" used to be the CN).
        assert_eq!(attrs("CN=\"Doe, John\", O=Contoso"), pairs(&[("CN", "Doe, John"), ("O", "Contoso")]));
        assert_eq!(common_name("CN=\"Doe, John\", O=Contoso").as_deref(), Some("Doe, John"));
        assert_eq!(attrs("OU=\"(c) 2006 Entrust, Inc.\", CN=\"say \"\"hi\"\"\""), pairs(&[("OU", "(c) 2006 Entrust, Inc."), ("CN", "say \"hi\"")]));
        // A multi-valued RDN; a CN anywhere in the name.
        assert_eq!(attrs("UID=7 + CN=bob, O=x"), pairs(&[("UID", "7"), ("CN", "bob"), ("O", "x")]));
        assert_eq!(common_name("O=x, UID=7 + CN=bob").as_deref(), Some("bob"));
        assert_eq!(common_name("OID.1.2.3=v, O=x"), None);
        assert_eq!(attrs("OID.1.2.3=v"), pairs(&[("OID.1.2.3", "v")]));
        // Other text, as well as it goes: a bare comma stays in its value; no key, no CN.
        assert_eq!(attrs("CN=alice, OU=Users, O=Contoso, Ltd., C=US"), pairs(&[("CN", "alice"), ("OU", "Users"), ("O", "Contoso, Ltd."), ("C", "US")]));
        assert_eq!(attrs("just text, more"), pairs(&[("", "just text, more")]));
        assert_eq!(attrs(""), pairs(&[]));
        assert_eq!(attrs("CN=\"unterminated, O=x"), pairs(&[("CN", "\"unterminated"), ("O", "x")]));
        assert_eq!(attrs("CN=\"a\"b, O=x"), pairs(&[("CN", "\"a\"b"), ("O", "x")]));
        assert_eq!(attrs("CN=a, "), pairs(&[("CN", "a, ")]));
        assert_eq!(attrs("CN="), pairs(&[("CN", "")]));
        assert_eq!(attrs("=x"), pairs(&[("", "=x")]));
    }

    /// Whatever the values hold (separators, quotes, equals signs, spaces at either end), the
    /// Windows form [`render`] writes reads back to the same keys and values.
    #[test]
    fn windows_names_read_back_what_render_wrote() {
        let mut next = crate::test_support::xorshift(0x5eed_cafe);
        let alphabet: Vec<char> = "ab ,+=\"<>#;.é\u{e9}x".chars().collect();
        let keys = ["CN", "O", "OU", "C", "1.2.3.4", "E", "DC"];
        for _ in 0..3000 {
            let n = 1 + (next() % 4) as usize;
            let mut attributes = Vec::new();
            for i in 0..n {
                let len = (next() % 7) as usize;
                let value: String = (0..len).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect();
                let key = keys[(next() % keys.len() as u64) as usize];
                // Two attributes in one RDN now and then.
                let rdn = if i > 0 && next() % 4 == 0 { attributes.last().map_or(0, |a: &AttributeView| a.rdn) } else { i };
                attributes.push(AttributeView { short_name: key.into(), oid: key.into(), string_type: "UTF8String".into(), value, rdn, problem: None });
            }
            let written = render(&attributes, Form::Windows);
            // The Windows form lists RDNs most specific first, each RDN's attributes in order.
            let mut expected: Vec<(String, String)> = Vec::new();
            let mut rdns: Vec<Vec<&AttributeView>> = Vec::new();
            for a in &attributes {
                match rdns.last_mut() {
                    Some(r) if r.last().map(|x| x.rdn) == Some(a.rdn) => r.push(a),
                    _ => rdns.push(vec![a]),
                }
            }
            for r in rdns.iter().rev() {
                expected.extend(r.iter().map(|a| (a.short_name.clone(), a.value.clone())));
            }
            assert_eq!(attrs(&written), expected, "{written}");
        }
    }

    #[test]
    fn forms() {
        // SEQUENCE { SET { C=US PrintableString } SET { O="Con,toso" UTF8 } SET { CN=alice BMPString } }
        let der = "3031310b3009060355040613025553311130\
                   0f060355040a0c08436f6e2c746f736f310f300d06035504031e06\
                   0061006c0069";
        let v = name(&der.replace(' ', ""));
        assert_eq!(v.windows, "CN=ali, O=\"Con,toso\", C=US");
        assert_eq!(v.rfc4514, "CN=ali,O=Con\\,toso,C=US");
        assert_eq!(v.openssl, "C = US, O = Con\\,toso, CN = ali");
        assert_eq!(v.attributes[2].string_type, "BMPString");
        assert_eq!(v.attributes[0].short_name, "C");
        assert_eq!(v.attributes[1].oid, "2.5.4.10");
    }

    #[test]
    fn a_multi_valued_rdn_keeps_its_attributes_together_in_each_form() {
        // SEQUENCE { SET { C=US } SET { CN=a, O=b } }: the second RDN holds two attributes.
        let v = name("3023310b3009060355040613025553311430080603550403\
                      0c01613008060355040a0c0162");
        assert_eq!(v.windows, "CN=a + O=b, C=US");
        assert_eq!(v.rfc4514, "CN=a+O=b,C=US");
        assert_eq!(v.openssl, "C = US, CN = a + O = b");
        assert_eq!(v.attributes.iter().map(|a| a.rdn).collect::<Vec<_>>(), [0, 1, 1]);
    }

    #[test]
    fn string_types_decoded_and_flagged() {
        assert_eq!(decode_string(30, &[0, 0x41, 0x00, 0xe9]).text, "Aé");
        assert!(decode_string(30, &[0, 0x41, 0x00]).problem.unwrap().contains("odd"));
        assert!(decode_string(30, &[0xd8, 0x00]).problem.is_some());
        assert_eq!(decode_string(20, &[0x63, 0x61, 0x66, 0xe9]).text, "café");
        assert!(decode_string(19, b"a@b").problem.unwrap().contains("PrintableString"));
        assert!(decode_string(19, b"Contoso Ltd.").problem.is_none());
        assert!(decode_string(22, &[0x61, 0xff]).problem.is_some());
        assert_eq!(decode_string(28, &[0, 0, 0, 0x41]).text, "A");
        assert!(decode_string(28, &[0, 0, 0]).problem.is_some());
        assert!(decode_string(12, &[0xc3]).problem.unwrap().contains("UTF-8"));
    }

    #[test]
    fn escaping() {
        assert_eq!(rfc4514_value("#a b "), "\\#a b\\ ");
        assert_eq!(windows_value("a\"b,c"), "\"a\"\"b,c\"");
        assert_eq!(windows_value("plain"), "plain");
    }

    #[test]
    fn punycode() {
        assert_eq!(punycode_decode("bcher-kva").as_deref(), Some("bücher"));
        assert_eq!(punycode_decode("mnchen-3ya").as_deref(), Some("münchen"));
        assert_eq!(punycode_decode("wgv71a119e").as_deref(), Some("日本語"));
        assert_eq!(idna_unicode("www.xn--bcher-kva.example").as_deref(), Some("www.bücher.example"));
        assert_eq!(idna_unicode("www.contoso.com"), None);
        assert_eq!(punycode_decode("!!"), None);
        assert_eq!(punycode_decode("99999999999999"), None);
    }

    #[test]
    fn ip_forms() {
        assert_eq!(ip_text(&[10, 0, 0, 1]), "10.0.0.1");
        assert_eq!(ip_text(&[10, 0, 0, 0, 255, 0, 0, 0]), "10.0.0.0/255.0.0.0");
        assert_eq!(ip_text(&[1, 2, 3]), "010203");
    }
}
