//! A small, panic-free DER/BER TLV reader, used where the typed parsers do not
//! go (Microsoft extensions, PKCS#12 structure, byte offsets for messages).

/// Maximum nesting depth followed by recursive readers.
pub const MAX_DEPTH: usize = 64;

/// One tag-length-value element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// The identifier octet (class, constructed bit, tag number < 31).
    pub tag: u8,
    /// The content octets. For BER indefinite length, everything up to the end-of-contents.
    pub value: &'a [u8],
    /// The whole element, header included.
    pub raw: &'a [u8],
    /// Offset of the element within the buffer it was read from.
    pub offset: usize,
    /// True when the element used the BER indefinite-length form.
    pub indefinite: bool,
}

impl Tlv<'_> {
    /// Constructed (bit 6 of the tag).
    pub fn constructed(&self) -> bool {
        self.tag & 0x20 != 0
    }
}

/// Why a TLV could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DerError {
    /// Byte offset of the problem.
    pub offset: usize,
    /// What is wrong, lowercase (for people).
    pub what: String,
    /// What is wrong, as a value (for code: never read `what` to find it).
    pub kind: DerErrorKind,
}

/// The kind of a [`DerError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DerErrorKind {
    /// Nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// The data ends inside an element (its tag, length or content).
    Truncated,
    /// An element declares more content than the data holds.
    LengthBeyondData {
        /// The content length the element declares.
        claimed: usize,
        /// The bytes left after its header.
        available: usize,
    },
    /// Not well-formed DER/BER (a multi-byte tag, an over-long length field, …).
    Invalid,
}

impl std::fmt::Display for DerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at byte {}", self.what, self.offset)
    }
}

fn err(offset: usize, kind: DerErrorKind, what: impl Into<String>) -> DerError {
    DerError { offset, what: what.into(), kind }
}

/// A DER tag-length-value: `content` under `tag`, its length in the short or long form.
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let len = content.len();
    let mut out = Vec::with_capacity(len + 10);
    out.push(tag);
    match u8::try_from(len) {
        Ok(short) if short < 0x80 => out.push(short),
        _ => {
            let bytes: Vec<u8> = len.to_be_bytes().iter().copied().skip_while(|b| *b == 0).collect();
            out.push(0x80 | u8::try_from(bytes.len()).unwrap_or(0));
            out.extend(bytes);
        }
    }
    out.extend_from_slice(content);
    out
}

/// Read one element from the start of `buf`; `base` is `buf`'s offset in the
/// original input, for messages. Returns the element and the rest.
pub fn read_tlv(buf: &[u8], base: usize) -> Result<(Tlv<'_>, &[u8]), DerError> {
    read_tlv_depth(buf, base, 0)
}

fn read_tlv_depth(buf: &[u8], base: usize, depth: usize) -> Result<(Tlv<'_>, &[u8]), DerError> {
    if depth > MAX_DEPTH {
        return Err(err(base, DerErrorKind::TooDeep, format!("nesting deeper than {MAX_DEPTH} levels")));
    }
    let (&tag, rest) = buf.split_first().ok_or_else(|| err(base, DerErrorKind::Truncated, "unexpected end of data"))?;
    if tag & 0x1f == 0x1f {
        return Err(err(base, DerErrorKind::Invalid, "multi-byte tags are not supported"));
    }
    let (&len0, mut rest) = rest.split_first().ok_or_else(|| err(base + 1, DerErrorKind::Truncated, "missing length"))?;
    let header_len;
    let len: usize = if len0 < 0x80 {
        header_len = 2;
        usize::from(len0)
    } else if len0 == 0x80 {
        if tag & 0x20 == 0 {
            return Err(err(base + 1, DerErrorKind::Invalid, "indefinite length on a primitive element"));
        }
        // BER indefinite length: walk children until the end-of-contents marker.
        let mut inner = rest;
        let mut consumed = 0usize;
        loop {
            if inner.len() >= 2 && inner.first() == Some(&0) && inner.get(1) == Some(&0) {
                let value = rest.get(..consumed).ok_or_else(|| err(base, DerErrorKind::Truncated, "truncated"))?;
                let total = 2 + consumed + 2;
                let raw = buf.get(..total).ok_or_else(|| err(base, DerErrorKind::Truncated, "truncated"))?;
                let after = buf.get(total..).unwrap_or_default();
                return Ok((Tlv { tag, value, raw, offset: base, indefinite: true }, after));
            }
            let (child, after) = read_tlv_depth(inner, base + 2 + consumed, depth + 1)?;
            consumed += child.raw.len();
            inner = after;
        }
    } else {
        let n = usize::from(len0 & 0x7f);
        if n > 4 {
            return Err(err(base + 1, DerErrorKind::Invalid, format!("length field of {n} bytes is too long")));
        }
        let bytes = rest.get(..n).ok_or_else(|| err(base + 1, DerErrorKind::Truncated, "truncated length field"))?;
        rest = rest.get(n..).unwrap_or_default();
        header_len = 2 + n;
        bytes.iter().fold(0usize, |acc, b| (acc << 8) | usize::from(*b))
    };
    let value = rest.get(..len).ok_or_else(|| {
        err(base, DerErrorKind::LengthBeyondData { claimed: len, available: rest.len() }, format!("element says {} of content but only {} remain", crate::text::count(len, "byte", "bytes"), crate::text::grouped(rest.len())))
    })?;
    let raw = buf.get(..header_len + len).ok_or_else(|| err(base, DerErrorKind::Truncated, "truncated"))?;
    let after = rest.get(len..).unwrap_or_default();
    Ok((Tlv { tag, value, raw, offset: base, indefinite: false }, after))
}

/// The children of a constructed element, in order.
pub fn children<'a>(parent: &Tlv<'a>) -> Result<Vec<Tlv<'a>>, DerError> {
    let header = parent.raw.len() - parent.value.len() - if parent.indefinite { 2 } else { 0 };
    let mut out = Vec::new();
    let mut rest = parent.value;
    let mut offset = parent.offset + header;
    while !rest.is_empty() {
        let (child, after) = read_tlv(rest, offset)?;
        offset += child.raw.len();
        out.push(child);
        rest = after;
    }
    Ok(out)
}

/// Decode an OBJECT IDENTIFIER's content octets to dotted form.
pub fn oid_to_string(content: &[u8]) -> Option<String> {
    oid_str(content).map(std::borrow::Cow::into_owned)
}

/// [`oid_to_string`], borrowing the text of the OIDs nearly every certificate carries (a
/// certificate's view reads ~36): a lookup instead of an arc-by-arc conversion, and for a
/// caller that only compares the text, no string made.
pub fn oid_str(content: &[u8]) -> Option<std::borrow::Cow<'static, str>> {
    match common_oid(content) {
        Some(text) => Some(std::borrow::Cow::Borrowed(text)),
        None => dotted(content).map(std::borrow::Cow::Owned),
    }
}

/// Common OIDs by their content bytes, with their dotted text: name attributes, extensions,
/// algorithms, curves, access methods, EKUs, policies. One list makes both the table (sorted by
/// the bytes: the tests check each text) and the lookup, a `match` the compiler turns into
/// branches on the length and the bytes (a search by halves compared slices: ~45 % of its time
/// in `memcmp`, and `oid_to_string` was ~8 % of the CLI's time on 10,000 certificates).
macro_rules! common_oids {
    ($([$($byte:literal),+] => $text:literal,)+) => {
        #[cfg(test)]
        const COMMON_OIDS: &[(&[u8], &str)] = &[$((&[$($byte),+], $text)),+];

        fn common_oid(content: &[u8]) -> Option<&'static str> {
            match content {
                $([$($byte),+] => Some($text),)+
                _ => None,
            }
        }
    };
}

common_oids! {
    [0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19] => "0.9.2342.19200300.100.1.25",
    [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01] => "1.2.840.113549.1.1.1",
    [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05] => "1.2.840.113549.1.1.5",
    [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a] => "1.2.840.113549.1.1.10",
    [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b] => "1.2.840.113549.1.1.11",
    [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c] => "1.2.840.113549.1.1.12",
    [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d] => "1.2.840.113549.1.1.13",
    [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01] => "1.2.840.113549.1.9.1",
    [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01] => "1.2.840.10045.2.1",
    [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07] => "1.2.840.10045.3.1.7",
    [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02] => "1.2.840.10045.4.3.2",
    [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03] => "1.2.840.10045.4.3.3",
    [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04] => "1.2.840.10045.4.3.4",
    [0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x14, 0x02] => "1.3.6.1.4.1.311.20.2",
    [0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x14, 0x02, 0x02] => "1.3.6.1.4.1.311.20.2.2",
    [0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x14, 0x02, 0x03] => "1.3.6.1.4.1.311.20.2.3",
    [0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x15, 0x01] => "1.3.6.1.4.1.311.21.1",
    [0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x15, 0x07] => "1.3.6.1.4.1.311.21.7",
    [0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x15, 0x0a] => "1.3.6.1.4.1.311.21.10",
    [0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02, 0x04, 0x02] => "1.3.6.1.4.1.11129.2.4.2",
    [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01] => "1.3.6.1.5.5.7.1.1",
    [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x02, 0x01] => "1.3.6.1.5.5.7.2.1",
    [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01] => "1.3.6.1.5.5.7.3.1",
    [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02] => "1.3.6.1.5.5.7.3.2",
    [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x04] => "1.3.6.1.5.5.7.3.4",
    [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01] => "1.3.6.1.5.5.7.48.1",
    [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02] => "1.3.6.1.5.5.7.48.2",
    [0x2b, 0x65, 0x70] => "1.3.101.112",
    [0x2b, 0x81, 0x04, 0x00, 0x22] => "1.3.132.0.34",
    [0x2b, 0x81, 0x04, 0x00, 0x23] => "1.3.132.0.35",
    [0x55, 0x04, 0x03] => "2.5.4.3",
    [0x55, 0x04, 0x05] => "2.5.4.5",
    [0x55, 0x04, 0x06] => "2.5.4.6",
    [0x55, 0x04, 0x07] => "2.5.4.7",
    [0x55, 0x04, 0x08] => "2.5.4.8",
    [0x55, 0x04, 0x0a] => "2.5.4.10",
    [0x55, 0x04, 0x0b] => "2.5.4.11",
    [0x55, 0x1d, 0x0e] => "2.5.29.14",
    [0x55, 0x1d, 0x0f] => "2.5.29.15",
    [0x55, 0x1d, 0x11] => "2.5.29.17",
    [0x55, 0x1d, 0x13] => "2.5.29.19",
    [0x55, 0x1d, 0x1f] => "2.5.29.31",
    [0x55, 0x1d, 0x20] => "2.5.29.32",
    [0x55, 0x1d, 0x20, 0x00] => "2.5.29.32.0",
    [0x55, 0x1d, 0x23] => "2.5.29.35",
    [0x55, 0x1d, 0x25] => "2.5.29.37",
    [0x67, 0x81, 0x0c, 0x01, 0x02, 0x01] => "2.23.140.1.2.1",
    [0x67, 0x81, 0x0c, 0x01, 0x02, 0x02] => "2.23.140.1.2.2",
}

/// [`oid_to_string`] arc by arc.
fn dotted(content: &[u8]) -> Option<String> {
    // Written straight into one string (no list of arcs): certificates carry a dozen OIDs each.
    let mut out = String::with_capacity(content.len() * 3);
    let mut acc: u64 = 0;
    for &b in content {
        acc = acc.checked_mul(128)?.checked_add(u64::from(b & 0x7f))?;
        if b & 0x80 == 0 {
            if out.is_empty() {
                let first = (acc / 40).min(2);
                push_decimal(&mut out, first, 1);
                out.push('.');
                push_decimal(&mut out, acc - first * 40, 1);
            } else {
                out.push('.');
                push_decimal(&mut out, acc, 1);
            }
            acc = 0;
        }
    }
    if out.is_empty() || content.last().is_some_and(|b| b & 0x80 != 0) {
        return None;
    }
    Some(out)
}

/// Dotted text of a parsed OID (x509-parser's own conversion is slower; same result).
pub fn oid_text(oid: &x509_parser::der_parser::oid::Oid<'_>) -> String {
    let bytes = oid.as_bytes();
    // x509-parser splits the first byte as byte / 40 and byte % 40 ("3.0" for 120);
    // the fast path takes only OIDs where both readings agree (first byte below
    // 120, one byte), the rest go its way.
    // It also prints an OID with an arc longer than 9 bytes (over 64 bits of encoding) as hex.
    let longest_arc = bytes.split_inclusive(|b| b & 0x80 == 0).map(<[u8]>::len).max().unwrap_or(0);
    let ordinary = bytes.len() >= 2
        && bytes.first().is_some_and(|b| *b < 120)
        && bytes.last().is_some_and(|b| b & 0x80 == 0)
        && longest_arc <= 9;
    if ordinary {
        if let Some(text) = oid_to_string(bytes) {
            return text;
        }
    }
    oid.to_id_string()
}

/// `n` in decimal, zero-padded to at least `min_width` digits (OID arcs, dates, counts in
/// words): written into `out`, without the formatting machinery (~1,000 instructions a
/// number through `format!`).
pub fn push_decimal(out: &mut String, n: u64, min_width: usize) {
    // Most OID arcs and every padded date field but the year are short.
    if n < 10 && min_width <= 1 {
        out.push(char::from(b'0' + n as u8));
        return;
    }
    let mut digits = [b'0'; 20];
    let (mut n, mut i) = (n, digits.len());
    while n > 0 && i > 0 {
        i -= 1;
        if let Some(d) = digits.get_mut(i) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
    }
    let from = i.min(digits.len().saturating_sub(min_width.max(1)));
    // ASCII digits: always UTF-8.
    out.push_str(std::str::from_utf8(digits.get(from..).unwrap_or_default()).unwrap_or_default());
}

/// Where `part` (a slice borrowed from `whole`, such as a parsed certificate's name) lies in
/// `whole`; `None` when it is not inside it.
pub fn range_within(whole: &[u8], part: &[u8]) -> Option<std::ops::Range<usize>> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    let end = start.checked_add(part.len())?;
    (end <= whole.len()).then_some(start..end)
}

/// The bytes of hex text (either case); `None` when it is not whole hex pairs.
pub fn unhex(text: &str) -> Option<Vec<u8>> {
    let digit = |c: u8| char::from(c).to_digit(16).and_then(|d| u8::try_from(d).ok());
    let t = text.as_bytes();
    if t.len() % 2 != 0 {
        return None;
    }
    t.chunks_exact(2).map(|p| Some(digit(*p.first()?)? << 4 | digit(*p.get(1)?)?)).collect()
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    // Bytes, then one check of the ASCII they are: pushing each digit as a `char` encoded it
    // as UTF-8 one at a time (the listing in wasm spent ~3 % of its time there: two
    // fingerprints a certificate).
    let digit = |n: u8| if n < 10 { b'0' + n } else { b'a' + n - 10 };
    let mut out = Vec::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(digit(b >> 4));
        out.push(digit(b & 0xf));
    }
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A TLV made here reads back as what it was made of, its length in the short form below
    /// 128 bytes and the long form from 128 (one, two and three length bytes).
    #[test]
    fn tlv_is_read_back_in_either_length_form() {
        for (len, head) in [(0usize, 2usize), (1, 2), (127, 2), (128, 3), (255, 3), (256, 4), (65_535, 4), (65_536, 5)] {
            let content: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let made = tlv(0x04, &content);
            assert_eq!(made.len(), head + len, "{len} bytes");
            let (t, rest) = read_tlv(&made, 0).unwrap();
            assert!(rest.is_empty() && t.tag == 0x04 && t.value == content.as_slice(), "{len} bytes");
        }
    }

    /// A part borrowed from a buffer is found in it; another buffer's bytes are not.
    #[test]
    fn range_within_finds_a_borrowed_part() {
        let whole = [1u8, 2, 3, 4, 5];
        assert_eq!(range_within(&whole, &whole[1..4]), Some(1..4));
        assert_eq!(range_within(&whole, &whole[5..]), Some(5..5));
        let other = [2u8, 3, 4];
        assert_eq!(range_within(&whole[1..], &whole[..2]), None, "starts before");
        assert_eq!(range_within(&whole[..2], &whole[1..4]), None, "ends after");
        assert_eq!(range_within(&whole, &other), None, "another buffer");
    }

    /// Hex back to bytes, either case; odd lengths and non-hex characters are refused.
    #[test]
    fn unhex_reverses_hex() {
        let bytes: Vec<u8> = (0..=255).collect();
        assert_eq!(unhex(&hex(&bytes)).as_deref(), Some(&bytes[..]));
        assert_eq!(unhex("ABcd09"), Some(vec![0xab, 0xcd, 0x09]));
        assert_eq!(unhex(""), Some(vec![]));
        for bad in ["a", "abc", "zz", "0g", " 0", "+1", "é0"] {
            assert_eq!(unhex(bad), None, "{bad}");
        }
    }

    /// The table of common OIDs is sorted (each entry once) and each text is the one the
    /// arc-by-arc conversion makes; an OID one byte away from an entry is converted as before.
    #[test]
    fn common_oids_are_their_dotted_text() {
        assert!(COMMON_OIDS.windows(2).all(|w| w[0].0 < w[1].0));
        for &(bytes, text) in COMMON_OIDS {
            assert_eq!(dotted(bytes).as_deref(), Some(text));
            assert_eq!(oid_to_string(bytes).as_deref(), Some(text));
            let mut other = bytes.to_vec();
            *other.last_mut().unwrap() ^= 0x01;
            assert_eq!(oid_to_string(&other), dotted(&other), "{other:02x?}");
            assert_eq!(oid_to_string(&bytes[..bytes.len() - 1]), dotted(&bytes[..bytes.len() - 1]));
        }
    }

    #[test]
    fn hex_is_lowercase_two_digits_a_byte() {
        let all: Vec<u8> = (0..=255).collect();
        let want: String = all.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex(&all), want);
        assert_eq!(hex(&[]), "");
    }

    #[test]
    fn reads_definite_and_indefinite() {
        let der = [0x30, 0x03, 0x02, 0x01, 0x05];
        let (tlv, rest) = read_tlv(&der, 0).unwrap();
        assert_eq!(tlv.tag, 0x30);
        assert!(rest.is_empty());
        assert_eq!(children(&tlv).unwrap().len(), 1);
        let ber = [0x30, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00, 0xff];
        let (tlv, rest) = read_tlv(&ber, 0).unwrap();
        assert!(tlv.indefinite);
        assert_eq!(tlv.value, &[0x02, 0x01, 0x05]);
        assert_eq!(rest, &[0xff]);
        assert_eq!(children(&tlv).unwrap().len(), 1);
    }

    #[test]
    fn rejects_overlong_and_deep_input() {
        let e = read_tlv(&[0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x00], 0).unwrap_err();
        assert!(e.what.contains("remain"), "{e}");
        assert_eq!(e.kind, DerErrorKind::LengthBeyondData { claimed: 0x7fff_ffff, available: 1 });
        let deep: Vec<u8> = std::iter::repeat_n([0x30u8, 0x80], 10_000).flatten().collect();
        let e = read_tlv(&deep, 0).unwrap_err();
        assert!(e.what.contains("nesting"));
        assert_eq!(e.kind, DerErrorKind::TooDeep);
    }

    #[test]
    fn error_kinds_are_values() {
        assert_eq!(read_tlv(&[], 0).unwrap_err().kind, DerErrorKind::Truncated);
        assert_eq!(read_tlv(&[0x30], 0).unwrap_err().kind, DerErrorKind::Truncated);
        assert_eq!(read_tlv(&[0x30, 0x82, 0x01], 0).unwrap_err().kind, DerErrorKind::Truncated);
        assert_eq!(read_tlv(&[0x1f, 0x01, 0x00], 0).unwrap_err().kind, DerErrorKind::Invalid);
        assert_eq!(read_tlv(&[0x02, 0x80, 0x00, 0x00], 0).unwrap_err().kind, DerErrorKind::Invalid);
        assert_eq!(read_tlv(&[0x30, 0x85, 1, 1, 1, 1, 1], 0).unwrap_err().kind, DerErrorKind::Invalid);
        assert_eq!(read_tlv(&[0x30, 0x05, 0x00], 0).unwrap_err().kind, DerErrorKind::LengthBeyondData { claimed: 5, available: 1 });
    }

    #[test]
    fn oids() {
        assert_eq!(oid_to_string(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02]).as_deref(), Some("1.3.6.1.5.5.7.3.2"));
        assert_eq!(oid_to_string(&[0x2b, 0x86]), None);
        // The fast text is x509-parser's text, arcs of every size (0, 39, 40+, 2.999, 2^63+).
        let cases: [&[u8]; 12] = [
            &[0x2a, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00],
            &[0x00],
            &[0x78, 0x01],
            &[0x50, 0x01],
            &[0x77, 0x01],
            &[0x55, 0x04, 0x03],
            &[0x2b, 0x86],
            &[0x27, 0x00],
            &[0x55, 0x1d, 0x13],
            &[0x88, 0x37, 0x01],
            &[0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x15, 0x0a],
            &[0x2a, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00],
        ];
        for c in cases {
            let oid = x509_parser::der_parser::oid::Oid::new(std::borrow::Cow::Borrowed(c));
            assert_eq!(oid_text(&oid), oid.to_id_string(), "{c:02x?}");
        }
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
    }
}
