//! Text: PEM (RFC 7468, lax), bare base64, and the text encodings Windows
//! tools produce (UTF-8 with BOM, UTF-16 from PowerShell redirection).

use std::borrow::Cow;

use base64::Engine;

/// One `-----BEGIN LABEL-----` … `-----END LABEL-----` block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PemBlock {
    /// The label, e.g. `CERTIFICATE`.
    pub label: String,
    /// 1-based line of the BEGIN line.
    pub line: usize,
    /// Encapsulated headers (`Proc-Type`, `DEK-Info`), name and value.
    pub headers: Vec<(String, String)>,
    /// The decoded bytes, or why base64 decoding failed.
    pub decoded: Result<Vec<u8>, String>,
    /// Set when the END line is missing or names a different label.
    pub end_problem: Option<String>,
}

impl PemBlock {
    /// The value of an encapsulated header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        header_in(&self.headers, name)
    }
}

/// The value of header `name` (case-insensitive) among `headers`.
pub fn header_in<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// How the bytes were turned into text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 (or ASCII), no BOM.
    Utf8,
    /// UTF-8 with a byte-order mark.
    Utf8Bom,
    /// UTF-16 little endian (PowerShell `>` on Windows PowerShell 5).
    Utf16Le,
    /// UTF-16 big endian.
    Utf16Be,
}

/// Turn bytes into text when they look like text (UTF-8 borrowed as it is). `None` for
/// binary data.
pub fn bytes_to_text(bytes: &[u8]) -> Option<(Cow<'_, str>, TextEncoding)> {
    if let Some(rest) = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        return Some((String::from_utf8_lossy(rest), TextEncoding::Utf8Bom));
    }
    let utf16 = |le: bool, data: &[u8]| -> Cow<'_, str> {
        let units: Vec<u16> = data
            .chunks_exact(2)
            .map(|c| match c {
                [a, b] if le => u16::from_le_bytes([*a, *b]),
                [a, b] => u16::from_be_bytes([*a, *b]),
                _ => 0,
            })
            .collect();
        Cow::Owned(String::from_utf16_lossy(&units))
    };
    if let Some(rest) = bytes.strip_prefix(&[0xff, 0xfe]) {
        return Some((utf16(true, rest), TextEncoding::Utf16Le));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        return Some((utf16(false, rest), TextEncoding::Utf16Be));
    }
    // UTF-16 without BOM: ASCII text with every other byte zero.
    let sample = bytes.get(..bytes.len().min(512)).unwrap_or_default();
    if sample.len() >= 8 {
        let even_zero = sample.iter().step_by(2).filter(|b| **b == 0).count();
        let odd_zero = sample.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
        let half = sample.len() / 2;
        if odd_zero * 10 >= half * 9 && even_zero == 0 {
            return Some((utf16(true, bytes), TextEncoding::Utf16Le));
        }
        if even_zero * 10 >= half * 9 && odd_zero == 0 {
            return Some((utf16(false, bytes), TextEncoding::Utf16Be));
        }
    }
    // Text: printable ASCII/UTF-8 with white space, no control bytes.
    let text = std::str::from_utf8(bytes).ok()?;
    let control = |c: char| c.is_control() && !matches!(c, '\r' | '\n' | '\t' | '\u{c}');
    // ASCII (every PEM bundle): the same test on bytes, without decoding characters, a piece
    // at a time (see `PemBlocks`: in the web worker each piece's call can be optimised).
    let ascii = || bytes.chunks(PIECE).all(<[u8]>::is_ascii);
    if if ascii() { bytes.chunks(PIECE).any(ascii_control) } else { text.chars().any(control) } {
        return None;
    }
    Some((Cow::Borrowed(text), TextEncoding::Utf8))
}

/// The piece of a text that one call of a byte scan reads (64 KB).
const PIECE: usize = 1 << 16;

/// A one in every byte of a word: `ONES * b` repeats byte `b` eight times (the word-at-a-time
/// scans below).
const ONES: u64 = 0x0101_0101_0101_0101;

/// Whether ASCII bytes hold a control byte other than white space.
#[inline(never)]
fn ascii_control(piece: &[u8]) -> bool {
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // Eight bytes at a time: a word with no byte below 0x20 and none equal to 0x7f is passed
    // over (the test is exact for bytes below 0x80), and only a word with one (in PEM text:
    // the line break every 65 bytes) is read byte by byte. A byte loop was 2.5 % of the web
    // worker's listing (wasm has no vector instructions in this build).
    let mut words = piece.chunks_exact(8);
    for w in &mut words {
        let x = u64::from_le_bytes(<[u8; 8]>::try_from(w).unwrap_or_default());
        let below_space = x.wrapping_sub(0x20 * ONES) & !x & HIGHS;
        let del = x ^ (0x7f * ONES);
        let has_del = del.wrapping_sub(ONES) & !del & HIGHS;
        if below_space | has_del != 0 && w.iter().any(|&b| control_byte(b)) {
            return true;
        }
    }
    words.remainder().iter().any(|&b| control_byte(b))
}

/// How many line feeds `piece` holds, eight bytes at a time (a byte loop was a third of
/// reading a PEM block, its base64 decoding excepted).
fn line_feeds(piece: &[u8]) -> usize {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let mut words = piece.chunks_exact(8);
    let mut n = 0;
    for w in &mut words {
        // Zero where the text has a line feed; each zero byte becomes 0x80, any other 0 (the
        // sum stays within its byte: nothing carries into the next).
        let x = u64::from_le_bytes(<[u8; 8]>::try_from(w).unwrap_or_default()) ^ (u64::from(b'\n') * ONES);
        let zeros = !((x & LOW7).wrapping_add(LOW7) | x | LOW7);
        n += zeros.count_ones() as usize;
    }
    n + words.remainder().iter().filter(|&&b| b == b'\n').count()
}

/// A control byte other than white space (CR, LF, tab, form feed).
fn control_byte(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\r' | b'\n' | b'\t' | 0x0c)) || b == 0x7f
}

/// All PEM blocks in `text`, in order. Text around and between blocks is
/// ignored; blocks may be on one line (pasted text that lost its newlines).
pub fn pem_blocks(text: &str) -> Vec<PemBlock> {
    PemBlocks::new(text).collect()
}

/// The PEM blocks of a text one by one ([`pem_blocks`]), each decoded when it is taken.
///
/// Each block is read by a call of its own (`next`, never inlined): in the web worker a
/// loop over a whole 12 MB bundle inside one call would run as V8 first compiled it, since
/// WebAssembly has no on-stack replacement, while a function called once per block is
/// optimised after the first few blocks.
pub struct PemBlocks<'t> {
    text: &'t str,
    pos: usize,
    /// 1-based line at `counted_to`: lines are counted incrementally, so a 20 MB bundle of
    /// 10,000 blocks stays linear.
    line: usize,
    counted_to: usize,
}

impl<'t> PemBlocks<'t> {
    const BEGIN: &'static str = "-----BEGIN ";

    /// The blocks of `text`, from its start.
    pub fn new(text: &'t str) -> Self {
        PemBlocks { text, pos: 0, line: 1, counted_to: 0 }
    }
}

impl Iterator for PemBlocks<'_> {
    type Item = PemBlock;

    #[inline(never)]
    fn next(&mut self) -> Option<PemBlock> {
        self.find_next().map(RawBlock::decode)
    }
}

/// A PEM block found in a text, its body not decoded yet ([`PemBlocks::find_next`]).
pub struct RawBlock<'t> {
    label: String,
    line: usize,
    body: &'t str,
    end_problem: Option<String>,
}

/// A PEM block's encapsulated headers (name, value) and its body decoded, or why it could not be.
pub type Body = (Vec<(String, String)>, Result<Vec<u8>, String>);

impl RawBlock<'_> {
    /// The block with its headers read and its body decoded: what [`PemBlocks`] yields.
    pub fn decode(self) -> PemBlock {
        let body = self.body();
        self.with_body(body)
    }

    /// Its label as written.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Its headers and decoded body ([`RawBlock::decode`] without the block; natively made on
    /// helper threads).
    // A call of its own, as `find_next` (see [`PemBlocks`]).
    #[inline(never)]
    pub fn body(&self) -> Body {
        let mut headers = Vec::new();
        // Encapsulated headers (Proc-Type, DEK-Info) hold a colon, base64 never does. Without
        // one, the body is the base64 as it is (decoding drops the white space the lines had).
        let decoded = if self.body.contains(':') {
            let mut b64 = String::new();
            for raw_line in self.body.lines() {
                let l = raw_line.trim();
                if let Some((name, value)) = l.split_once(':') {
                    headers.push((name.trim().to_string(), value.trim().to_string()));
                } else {
                    b64.push_str(l);
                }
            }
            decode_base64(&b64)
        } else {
            decode_base64(self.body)
        };
        (headers, decoded)
    }

    /// The block with `body`, its [`RawBlock::body`].
    pub fn with_body(self, (headers, decoded): Body) -> PemBlock {
        PemBlock { label: self.label, line: self.line, headers, decoded, end_problem: self.end_problem }
    }
}

impl<'t> PemBlocks<'t> {
    /// The next block, found but not decoded: natively the decoding of a large bundle's
    /// blocks is shared among threads (`input::decode`), each block decoded as `next` would.
    #[inline(never)]
    pub fn find_next(&mut self) -> Option<RawBlock<'t>> {
        let text = self.text;
        let start = self.pos + find_dashed(text.get(self.pos..)?, Self::BEGIN)?;
        self.line += text.get(self.counted_to..start).map_or(0, |t| line_feeds(t.as_bytes()));
        self.counted_to = start;
        let line = self.line;
        let after_begin = start + Self::BEGIN.len();
        let rest = text.get(after_begin..).unwrap_or_default();
        // The label ends at the next run of dashes, or the end of the line.
        let label_end = rest.find('-').unwrap_or(rest.len()).min(rest.find('\n').unwrap_or(rest.len()));
        let label = rest.get(..label_end).unwrap_or_default().trim().to_string();
        let mut body_start = after_begin + label_end;
        body_start += text.get(body_start..).map_or(0, dashes);
        let body_text = text.get(body_start..).unwrap_or_default();
        let (body, end_problem, next) = match find_dashed(body_text, "-----END") {
            Some(end) => {
                let end_line = body_text.get(end + 8..).unwrap_or_default();
                let end_label_len = end_line.find('-').unwrap_or(end_line.len()).min(end_line.find('\n').unwrap_or(end_line.len()));
                let end_label = end_line.get(..end_label_len).unwrap_or_default().trim();
                let mut next = body_start + end + 8 + end_label_len;
                next += text.get(next..).map_or(0, dashes);
                let problem = (end_label != label)
                    .then(|| format!("the END line says \"{end_label}\" but the BEGIN line says \"{label}\""));
                (body_text.get(..end).unwrap_or_default(), problem, next)
            }
            None => {
                // A following BEGIN without END in between: this block is cut off there.
                let cut = find_dashed(body_text, Self::BEGIN).unwrap_or(body_text.len());
                (
                    body_text.get(..cut).unwrap_or_default(),
                    Some(format!("no \"-----END {label}-----\" line: the block is cut off")),
                    body_start + cut,
                )
            }
        };
        self.pos = next.max(start + 1);
        Some(RawBlock { label, line, body, end_problem })
    }
}

/// Where `marker`, which starts with a dash, first is in `t` (`t.find(marker)`): each dash
/// found by `memchr`, then compared. A PEM body has no dash before its END line, so a block's
/// search is one `memchr` over its base64, not a substring searcher built for each call.
fn find_dashed(t: &str, marker: &str) -> Option<usize> {
    let mut from = 0;
    loop {
        let at = from + t.get(from..)?.find('-')?;
        if t.get(at..)?.starts_with(marker) {
            return Some(at);
        }
        from = at + 1;
    }
}

/// How many dashes `t` starts with (`t.len() - t.trim_start_matches('-').len()`, byte by
/// byte: a character searcher per call was ~2 % of the samples of a cold web worker's listing,
/// though its removal made no difference an A/B could see).
fn dashes(t: &str) -> usize {
    t.bytes().take_while(|&b| b == b'-').count()
}

/// Decode base64, ignoring white space and tolerating missing padding.
/// The error names the first offending character and its position.
pub fn decode_base64(body: &str) -> Result<Vec<u8>, String> {
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::RequireNone)
            .with_decode_allow_trailing_bits(true),
    );
    // Every real PEM body decodes in one pass (`quick`); whatever that cannot decode (other
    // white space, a bad character, a bad length) goes the careful way below, which says what
    // is wrong (what decodes there decodes the same here).
    if let Some(der) = quick(body.as_bytes()) {
        return Ok(der);
    }
    // ASCII (every real PEM body): one pass over bytes; else Unicode white space is dropped too.
    let clean: String = if body.is_ascii() {
        let mut out = Vec::with_capacity(body.len());
        out.extend(body.bytes().filter(|&b| !white(b)));
        String::from_utf8(out).unwrap_or_default()
    } else {
        body.chars().filter(|c| !c.is_whitespace()).collect()
    };
    if clean.is_empty() {
        return Err("the block has no base64 content".into());
    }
    let trimmed = clean.trim_end_matches('=');
    if let Some(i) = trimmed.bytes().position(|b| !(b.is_ascii_alphanumeric() || b == b'+' || b == b'/')) {
        let c = trimmed.get(i..).and_then(|t| t.chars().next()).unwrap_or('?');
        return Err(format!("bad base64: character {c:?} at position {i} of the base64 text"));
    }
    if trimmed.len() % 4 == 1 {
        return Err(format!("bad base64: {} characters is not a valid base64 length (text cut off?)", trimmed.len()));
    }
    engine.decode(trimmed.as_bytes()).map_err(|e| format!("bad base64: {e}"))
}

/// White space between base64 characters, as both ways of decoding drop it: ASCII white
/// space and 0x0b (vertical tab).
fn white(b: u8) -> bool {
    b.is_ascii_whitespace() || b == 0x0b
}

/// The value of each base64 character (`NOT_BASE64` for any other byte).
#[allow(clippy::indexing_slicing)] // evaluated at compile time: out of bounds would not compile
const BASE64_VALUES: [u8; 256] = {
    let mut t = [NOT_BASE64; 256];
    let mut i = 0;
    while i < 64 {
        t[b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[i] as usize] = i as u8;
        i += 1;
    }
    t
};
const NOT_BASE64: u8 = 0xff;

/// Standard base64 with ASCII white space anywhere (and 0x0b), the padding optional and any
/// number of `=` at the end, trailing bits allowed: decoded straight into the output, in one
/// pass without a cleaned copy (10,000 PEM certificates are 12.5 MB of base64). `None` for
/// anything else (and for no content): the caller then reads it the careful way.
fn quick(body: &[u8]) -> Option<Vec<u8>> {
    // Written by place into a buffer of the largest size and cut to length at the end (at
    // `opt-level = "z"`, the web worker's, a push per byte is a call per byte).
    let mut out = vec![0u8; body.len() / 4 * 3 + 2];
    let mut k = 0;
    let (mut acc, mut n, mut padding) = (0u32, 0u32, false);
    let value = |b: u8| BASE64_VALUES.get(usize::from(b)).copied().unwrap_or(NOT_BASE64);
    let mut i = 0;
    while let Some(&b) = body.get(i) {
        // Eight base64 characters at the start of a group (8 of every PEM line's 9 steps): six
        // bytes at once; else four, three bytes; what the steps below make of them one by one.
        if n == 0 && !padding {
            if let Some(&[c0, c1, c2, c3, c4, c5, c6, c7]) = body.get(i..i + 8).and_then(|g| <&[u8; 8]>::try_from(g).ok()) {
                // Written out, not a loop: at the worker's `opt-level = "z"` a loop stays one.
                let (v0, v1, v2, v3) = (value(c0), value(c1), value(c2), value(c3));
                let (v4, v5, v6, v7) = (value(c4), value(c5), value(c6), value(c7));
                let bits = u64::from(v0) << 42
                    | u64::from(v1) << 36
                    | u64::from(v2) << 30
                    | u64::from(v3) << 24
                    | u64::from(v4) << 18
                    | u64::from(v5) << 12
                    | u64::from(v6) << 6
                    | u64::from(v7);
                // NOT_BASE64 has the high bit set, no base64 value has.
                if (v0 | v1 | v2 | v3 | v4 | v5 | v6 | v7) & 0x80 == 0 {
                    let [_, _, b0, b1, b2, b3, b4, b5] = bits.to_be_bytes();
                    if let Some(o) = out.get_mut(k..k + 6) {
                        o.copy_from_slice(&[b0, b1, b2, b3, b4, b5]);
                    }
                    k += 6;
                    i += 8;
                    continue;
                }
            }
            if let Some(&[c0, c1, c2, c3]) = body.get(i..i + 4).and_then(|g| <&[u8; 4]>::try_from(g).ok()) {
                let (v0, v1, v2, v3) = (value(c0), value(c1), value(c2), value(c3));
                // NOT_BASE64 has the high bit set, no base64 value has.
                if (v0 | v1 | v2 | v3) & 0x80 == 0 {
                    put_group(&mut out, k, u32::from(v0) << 18 | u32::from(v1) << 12 | u32::from(v2) << 6 | u32::from(v3));
                    k += 3;
                    i += 4;
                    continue;
                }
            }
        }
        i += 1;
        let v = value(b);
        if v != NOT_BASE64 && !padding {
            acc = acc << 6 | u32::from(v);
            n += 1;
            if n == 4 {
                put_group(&mut out, k, acc);
                k += 3;
                (acc, n) = (0, 0);
            }
        } else if b == b'=' {
            padding = true;
        } else if !white(b) {
            return None;
        }
    }
    // What is left of the last group: 2 characters make a byte, 3 make two (their low bits
    // dropped); 1 is not a length base64 has.
    let tail: &[u8] = match n {
        0 if k == 0 => return None,
        0 => &[],
        2 => &[(acc >> 4) as u8],
        3 => &((acc >> 2) as u16).to_be_bytes(),
        _ => return None,
    };
    out.truncate(k);
    out.extend_from_slice(tail);
    Some(out)
}

/// The three bytes of a group of four base64 characters (its low 24 bits), at `k` in `out`.
fn put_group(out: &mut [u8], k: usize, group: u32) {
    let [_, x, y, z] = group.to_be_bytes();
    if let Some([o1, o2, o3]) = out.get_mut(k..k + 3).and_then(|o| <&mut [u8; 3]>::try_from(o).ok()) {
        (*o1, *o2, *o3) = (x, y, z);
    }
}

/// Text that is only base64 (Windows "Base-64 encoded X.509" without armour,
/// or a pasted blob), in the standard alphabet or the URL-safe one (base64url, RFC 4648 §5:
/// `-` and `_` for `+` and `/`, as Azure Key Vault's `cer` and ACME write a certificate).
/// `None` when the text is not base64 or does not decode to an ASN.1 SEQUENCE.
pub fn bare_base64(text: &str) -> Option<Vec<u8>> {
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.len() < 16
        || !trimmed.chars().all(|c| c.is_ascii_alphanumeric() || "+/=-_".contains(c) || c.is_whitespace())
    {
        return None;
    }
    decode_base64(&from_url_safe(trimmed)?).ok().filter(|d| d.first() == Some(&0x30))
}

/// Base64 text in the standard alphabet: as it is, or base64url's `-` and `_` made `+` and `/`;
/// `None` when it mixes the two alphabets (no encoder writes that).
pub fn from_url_safe(text: &str) -> Option<Cow<'_, str>> {
    let url = text.contains(['-', '_']);
    if !url {
        return Some(Cow::Borrowed(text));
    }
    if text.contains(['+', '/']) {
        return None;
    }
    Some(Cow::Owned(text.replace('-', "+").replace('_', "/")))
}

/// The OpenSSL trust settings that follow the certificate in a `TRUSTED CERTIFICATE` block
/// (`openssl x509 -trustout`, `-addtrust`, `-addreject`, `-setalias`): `X509_CERT_AUX ::=
/// SEQUENCE { trust SEQUENCE OF OID OPTIONAL, reject [0] SEQUENCE OF OID OPTIONAL, alias
/// UTF8String OPTIONAL, keyid OCTET STRING OPTIONAL, other [1] … OPTIONAL }`, in words; `None`
/// when the bytes are not that.
pub fn trust_settings(aux: &[u8]) -> Option<String> {
    let (top, rest) = crate::der::read_tlv(aux, 0).ok()?;
    if top.tag != 0x30 || !rest.is_empty() {
        return None;
    }
    let purposes = |t: &crate::der::Tlv<'_>| -> Option<String> {
        let names: Option<Vec<String>> = crate::der::children(t)
            .ok()?
            .iter()
            .map(|o| {
                (o.tag == 0x06).then(|| {
                    let oid = crate::der::oid_to_string(o.value).unwrap_or_default();
                    crate::model::oids::eku_name(&oid).map_or(oid, str::to_string)
                })
            })
            .collect();
        Some(names?.join(", "))
    };
    let mut parts = Vec::new();
    for field in crate::der::children(&top).ok()? {
        match field.tag {
            0x30 => parts.push(format!("trusted for {}", purposes(&field)?)),
            0xa0 => parts.push(format!("rejected for {}", purposes(&field)?)),
            0x0c => parts.push(format!("alias {:?}", String::from_utf8_lossy(field.value))),
            0x04 => parts.push("a key identifier".to_string()),
            0xa1 => parts.push("other settings".to_string()),
            _ => return None,
        }
    }
    Some(if parts.is_empty() { "none".to_string() } else { parts.join("; ") })
}

/// Standard base64 of bytes (for messages and reports of public data).
pub fn encode_base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// The decoder before it took four characters at once: one character a step.
    fn quick_one_by_one(body: &[u8]) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let (mut acc, mut n, mut padding) = (0u32, 0u32, false);
        for &b in body {
            let v = BASE64_VALUES[usize::from(b)];
            if v != NOT_BASE64 && !padding {
                acc = acc << 6 | u32::from(v);
                n += 1;
                if n == 4 {
                    out.extend_from_slice(&acc.to_be_bytes()[1..]);
                    (acc, n) = (0, 0);
                }
            } else if b == b'=' {
                padding = true;
            } else if !white(b) {
                return None;
            }
        }
        match n {
            0 if out.is_empty() => return None,
            0 => {}
            2 => out.push((acc >> 4) as u8),
            3 => out.extend_from_slice(&((acc >> 2) as u16).to_be_bytes()),
            _ => return None,
        }
        Some(out)
    }

    /// The word-at-a-time scan answers as a byte loop does: random ASCII (text, white space,
    /// every control byte) of every length up to 100, and PEM-like lines with one control
    /// byte put anywhere.
    #[test]
    fn the_control_byte_scan_answers_as_a_byte_loop() {
        let slow = |p: &[u8]| p.iter().any(|&b| control_byte(b));
        let mut next = crate::test_support::xorshift(0x2545_f491_4f6c_dd1d);
        for round in 0..20_000 {
            let len = round % 101;
            let bytes: Vec<u8> = (0..len)
                .map(|_| match next() % 16 {
                    0 => (next() % 0x20) as u8,
                    1 => 0x7f,
                    2 => b'\n',
                    _ => 0x20 + (next() % 0x5f) as u8,
                })
                .collect();
            assert_eq!(ascii_control(&bytes), slow(&bytes), "{bytes:?}");
        }
        let line = b"MIIDdzCCAl+gAwIBAgIUb2Fkl1+oVgqR8Hh1n7TfDmYd0e8wDQYJKoZIhvcNAQEL\r\n".repeat(20);
        assert!(!ascii_control(&line));
        for at in 0..line.len() {
            for bad in [0x00, 0x01, 0x0b, 0x1b, 0x1f, 0x7f] {
                let mut l = line.clone();
                l[at] = bad;
                assert!(ascii_control(&l), "{bad:#x} at {at}");
            }
        }
    }

    #[test]
    fn dashed_markers_are_found_where_find_finds_them() {
        let mut next = crate::test_support::xorshift(0x5eed_da54_0000_0001);
        let pieces = ["-", "--", "-----", "-----BEGIN ", "-----BEGIN", "-----END", "END", "BEGIN ", "a", "Zm9v", "\n", "é", "\r\n"];
        for round in 0..20_000 {
            let n = (next() % 12) as usize;
            let t: String = (0..n).map(|_| pieces[(next() % pieces.len() as u64) as usize]).collect();
            for marker in [PemBlocks::BEGIN, "-----END"] {
                assert_eq!(find_dashed(&t, marker), t.find(marker), "round {round}: {t:?} {marker:?}");
            }
        }
        assert_eq!(find_dashed("", "-----END"), None);
        assert_eq!(find_dashed("----END -----END x", "-----END"), Some(8));
    }

    #[test]
    fn line_feeds_are_counted_as_a_byte_loop_counts_them() {
        let mut next = crate::test_support::xorshift(0x2545_f491_4f6c_dd1d);
        for round in 0..20_000 {
            let len = (next() % 100) as usize;
            let text: Vec<u8> = (0..len).map(|_| if next() % 4 == 0 { b'\n' } else { (next() % 256) as u8 }).collect();
            assert_eq!(line_feeds(&text), text.iter().filter(|&&b| b == b'\n').count(), "round {round}: {text:?}");
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(line_feeds(&all), 1);
        assert_eq!(line_feeds(&[b'\n'; 17]), 17);
    }

    /// Eight or four characters at once decode what one at a time decodes, and refuse what it
    /// refuses: 20,000 bodies of base64 with white space, padding and stray bytes anywhere.
    #[test]
    fn quick_decodes_as_one_character_at_a_time() {
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut next = crate::test_support::xorshift(0x9e37_79b9_7f4a_7c15);
        for round in 0..20_000 {
            let len = (next() % 200) as usize;
            let body: Vec<u8> = (0..len)
                .map(|_| match next() % 100 {
                    0..=84 => alphabet[(next() % 64) as usize],
                    85..=91 => b"\n\r \t\x0b"[(next() % 5) as usize],
                    92..=96 => b'=',
                    _ => (next() % 256) as u8,
                })
                .collect();
            assert_eq!(quick(&body), quick_one_by_one(&body), "round {round}: {body:?}");
        }
        let line = alphabet.repeat(4);
        let pem: Vec<u8> = [line.as_slice(), b"\n", &alphabet[..20], b"==\n"].concat();
        assert_eq!(quick(&pem), quick_one_by_one(&pem));
        assert!(quick(&pem).is_some());
    }

    #[test]
    fn blocks_with_text_around_and_headers() {
        let text = "Certificate:\n  Data: ...\n-----BEGIN CERTIFICATE-----\r\nMIIB\r\n-----END CERTIFICATE-----\r\nbetween\n\
                    -----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00FF\n\nMAAA\n-----END RSA PRIVATE KEY-----\n";
        let blocks = pem_blocks(text);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].label, "CERTIFICATE");
        assert_eq!(blocks[0].line, 3);
        assert_eq!(blocks[0].decoded, Ok(vec![0x30, 0x82, 0x01]));
        assert_eq!(blocks[1].header("dek-info"), Some("AES-128-CBC,00FF"));
        assert_eq!(blocks[1].decoded, Ok(vec![0x30, 0x00, 0x00]));
        assert!(blocks[1].end_problem.is_none());
    }

    #[test]
    fn one_line_and_missing_end() {
        let b = pem_blocks("-----BEGIN CERTIFICATE----- MIIB -----END CERTIFICATE-----");
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].decoded, Ok(vec![0x30, 0x82, 0x01]));
        let b = pem_blocks("-----BEGIN CERTIFICATE-----\nMIIB\n");
        assert!(b[0].end_problem.as_deref().unwrap().contains("cut off"));
        let b = pem_blocks("-----BEGIN CERTIFICATE-----\nMIIB\n-----END X509 CRL-----");
        assert!(b[0].end_problem.as_deref().unwrap().contains("X509 CRL"));
    }

    #[test]
    fn bad_base64_names_the_character() {
        let e = decode_base64("MII*AAAA").unwrap_err();
        assert!(e.contains("'*'") && e.contains("position 3"), "{e}");
        assert!(decode_base64("MIIBA").unwrap_err().contains("length"));
        assert_eq!(decode_base64("MIIB\n  MA"), Ok(vec![0x30, 0x82, 0x01, 0x30]));
    }

    /// The quick way (ASCII white space dropped line by line) and the careful one agree: white
    /// space anywhere, padding or none, other white space, and what does not decode.
    #[test]
    fn base64_with_any_white_space_decodes_the_same() {
        let want = Ok(vec![0x30, 0x82, 0x01, 0x30, 0x82]);
        for body in ["MIIBMII=", "MIIBMII", "MIIB\r\nMII=\r\n", " MI IB\tMI\x0bI \n\n", "MIIB\u{a0}MII=", "\u{2003}MIIB\nMII\u{3000}"] {
            assert_eq!(decode_base64(body), want, "{body:?}");
        }
        assert!(decode_base64("MIIB\u{a0}M*I=").unwrap_err().contains("'*'"));
        assert!(decode_base64("MIIB=MII").unwrap_err().starts_with("bad base64"));
        assert!(decode_base64(" \n\t").unwrap_err().contains("no base64"));
        // A PEM body without headers is decoded as it is; with them, the headers are read apart.
        let b = pem_blocks("-----BEGIN CERTIFICATE-----\r\nMIIB\r\n MII=\r\n-----END CERTIFICATE-----\r\n");
        assert_eq!((b[0].decoded.clone(), b[0].headers.len()), (want.clone(), 0));
        let b = pem_blocks("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nMIIB\nMII=\n-----END RSA PRIVATE KEY-----\n");
        assert_eq!((b[0].decoded.clone(), b[0].headers.len()), (want, 1));
    }

    /// The one-pass decoder against the base64 crate on every length, padded or not, with
    /// white space: the same bytes; and it leaves to the careful way what is not base64.
    #[test]
    fn quick_decoding_equals_the_base64_crate() {
        let engine = base64::engine::general_purpose::STANDARD;
        for len in 0..80usize {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + len) as u8).collect();
            let text = engine.encode(&bytes);
            let unpadded = text.trim_end_matches('=');
            let wrapped: String = text.as_bytes().chunks(7).map(|c| format!("{}\r\n ", std::str::from_utf8(c).unwrap())).collect();
            for body in [text.as_str(), unpadded, wrapped.as_str()] {
                let want = (len > 0).then(|| bytes.clone());
                assert_eq!(quick(body.as_bytes()), want, "{body:?}");
                if len > 0 {
                    assert_eq!(decode_base64(body), Ok(bytes.clone()), "{body:?}");
                }
            }
        }
        for body in ["MIIB*", "MIIB=MII", "MIIBM", "MIIB\u{a0}", "====", "", " \n"] {
            assert_eq!(quick(body.as_bytes()), None, "{body:?}");
        }
    }

    #[test]
    fn text_encodings() {
        let s = "-----BEGIN X";
        let le: Vec<u8> = [0xff, 0xfe].into_iter().chain(s.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(bytes_to_text(&le), Some((s.into(), TextEncoding::Utf16Le)));
        let le_nobom: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(bytes_to_text(&le_nobom).unwrap().1, TextEncoding::Utf16Le);
        let be: Vec<u8> = s.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(bytes_to_text(&be).unwrap().1, TextEncoding::Utf16Be);
        assert_eq!(bytes_to_text(b"\xef\xbb\xbfabc").unwrap(), ("abc".into(), TextEncoding::Utf8Bom));
        assert_eq!(bytes_to_text(&[0x30, 0x82, 0x01, 0x00]), None);
    }
}
