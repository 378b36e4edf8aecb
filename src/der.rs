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
    /// What is wrong, lowercase.
    pub what: String,
}

impl std::fmt::Display for DerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at byte {}", self.what, self.offset)
    }
}

fn err(offset: usize, what: impl Into<String>) -> DerError {
    DerError { offset, what: what.into() }
}

/// Read one element from the start of `buf`; `base` is `buf`'s offset in the
/// original input, for messages. Returns the element and the rest.
pub fn read_tlv(buf: &[u8], base: usize) -> Result<(Tlv<'_>, &[u8]), DerError> {
    read_tlv_depth(buf, base, 0)
}

fn read_tlv_depth(buf: &[u8], base: usize, depth: usize) -> Result<(Tlv<'_>, &[u8]), DerError> {
    if depth > MAX_DEPTH {
        return Err(err(base, format!("nesting deeper than {MAX_DEPTH} levels")));
    }
    let (&tag, rest) = buf.split_first().ok_or_else(|| err(base, "unexpected end of data"))?;
    if tag & 0x1f == 0x1f {
        return Err(err(base, "multi-byte tags are not supported"));
    }
    let (&len0, mut rest) = rest.split_first().ok_or_else(|| err(base + 1, "missing length"))?;
    let header_len;
    let len: usize = if len0 < 0x80 {
        header_len = 2;
        usize::from(len0)
    } else if len0 == 0x80 {
        if tag & 0x20 == 0 {
            return Err(err(base + 1, "indefinite length on a primitive element"));
        }
        // BER indefinite length: walk children until the end-of-contents marker.
        let mut inner = rest;
        let mut consumed = 0usize;
        loop {
            if inner.len() >= 2 && inner.first() == Some(&0) && inner.get(1) == Some(&0) {
                let value = rest.get(..consumed).ok_or_else(|| err(base, "truncated"))?;
                let total = 2 + consumed + 2;
                let raw = buf.get(..total).ok_or_else(|| err(base, "truncated"))?;
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
            return Err(err(base + 1, format!("length field of {n} bytes is too long")));
        }
        let bytes = rest.get(..n).ok_or_else(|| err(base + 1, "truncated length field"))?;
        rest = rest.get(n..).unwrap_or_default();
        header_len = 2 + n;
        bytes.iter().fold(0usize, |acc, b| (acc << 8) | usize::from(*b))
    };
    let value = rest.get(..len).ok_or_else(|| {
        err(base, format!("element says {len} bytes of content but only {} remain", rest.len()))
    })?;
    let raw = buf.get(..header_len + len).ok_or_else(|| err(base, "truncated"))?;
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
    let mut arcs: Vec<u64> = Vec::new();
    let mut acc: u64 = 0;
    for &b in content {
        acc = acc.checked_mul(128)?.checked_add(u64::from(b & 0x7f))?;
        if b & 0x80 == 0 {
            if arcs.is_empty() {
                let first = (acc / 40).min(2);
                arcs.push(first);
                arcs.push(acc - first * 40);
            } else {
                arcs.push(acc);
            }
            acc = 0;
        }
    }
    if arcs.is_empty() || content.last().is_some_and(|b| b & 0x80 != 0) {
        return None;
    }
    Some(arcs.iter().map(u64::to_string).collect::<Vec<_>>().join("."))
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let deep: Vec<u8> = std::iter::repeat_n([0x30u8, 0x80], 10_000).flatten().collect();
        assert!(read_tlv(&deep, 0).unwrap_err().what.contains("nesting"));
    }

    #[test]
    fn oids() {
        assert_eq!(oid_to_string(&[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02]).as_deref(), Some("1.3.6.1.5.5.7.3.2"));
        assert_eq!(oid_to_string(&[0x2b, 0x86]), None);
    }
}
