//! Characters in certificate text that deceive a reader.
//!
//! A certificate may carry any character in its names and URLs. Some change
//! what a reader sees without being seen themselves: control characters
//! (an ESC sequence recolours or clears a terminal, a newline forges a line),
//! bidirectional overrides (U+202E shows `moc.elgoog` as `google.com`), and
//! zero-width characters (`pay<U+200B>pal` looks like `paypal`). This module
//! names them once; the model flags names holding them, the CLI escapes them
//! and the page shows them as `<U+202E>`.

use std::borrow::Cow;

/// Bidirectional formatting characters: embeddings and overrides
/// (U+202A–U+202E), isolates (U+2066–U+2069), marks (U+200E, U+200F, U+061C).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Characters that take no space: U+200B–U+200D, U+2060 (word joiner), U+FEFF (BOM).
pub fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Characters that change how the text around them is shown, or end a line:
/// control characters (C0, DEL, C1), U+2028/U+2029, bidi controls, zero-width characters.
pub fn is_deceptive(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') || is_bidi_control(c) || is_zero_width(c)
}

/// The text with every [`is_deceptive`] character written as `<U+XXXX>`, for
/// display where escapes like `\n` would be read as text (the page).
pub fn visible(s: &str) -> Cow<'_, str> {
    // Printable ASCII (almost every certificate string) holds nothing deceptive.
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) || !s.chars().any(is_deceptive) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_deceptive(c) {
            out.push_str(&code_point(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The text with every [`is_deceptive`] character escaped the way a terminal
/// user reads them: `\n`, `\r`, `\t`, `\x1b`, `\u{202e}`.
pub fn escape_for_terminal(s: &str) -> Cow<'_, str> {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) || !s.chars().any(is_deceptive) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_deceptive(c) && u32::from(c) < 0x80 => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c if is_deceptive(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `U+202E`-style name of a character, in angle brackets.
pub fn code_point(c: char) -> String {
    format!("<U+{:04X}>", u32::from(c))
}

/// The deceptive characters in `s`, each once, in order of appearance, as `U+202E (right-to-left override)`.
pub fn deceptive_names(s: &str) -> Vec<String> {
    let mut seen: Vec<char> = Vec::new();
    for c in s.chars().filter(|&c| is_deceptive(c)) {
        if !seen.contains(&c) {
            seen.push(c);
        }
    }
    seen.into_iter().map(|c| format!("U+{:04X} ({})", u32::from(c), char_name(c))).collect()
}

/// A plain name for a deceptive character.
pub fn char_name(c: char) -> &'static str {
    match c {
        '\0' => "NUL",
        '\n' => "line feed",
        '\r' => "carriage return",
        '\t' => "tab",
        '\u{1b}' => "escape",
        '\u{202A}' => "left-to-right embedding",
        '\u{202B}' => "right-to-left embedding",
        '\u{202C}' => "pop directional formatting",
        '\u{202D}' => "left-to-right override",
        '\u{202E}' => "right-to-left override",
        '\u{2066}' => "left-to-right isolate",
        '\u{2067}' => "right-to-left isolate",
        '\u{2068}' => "first strong isolate",
        '\u{2069}' => "pop directional isolate",
        '\u{200E}' => "left-to-right mark",
        '\u{200F}' => "right-to-left mark",
        '\u{061C}' => "Arabic letter mark",
        '\u{200B}' => "zero-width space",
        '\u{200C}' => "zero-width non-joiner",
        '\u{200D}' => "zero-width joiner",
        '\u{2060}' => "word joiner",
        '\u{FEFF}' => "zero-width no-break space",
        '\u{2028}' => "line separator",
        '\u{2029}' => "paragraph separator",
        _ => "control character",
    }
}

/// How many items a message names before it counts the rest.
pub const NAMED_IN_MESSAGES: usize = 3;

/// A message-sized list: the first [`NAMED_IN_MESSAGES`] items joined by
/// `sep`, then `and N more`. A certificate with 20,000 CRL URLs or subtrees
/// gives a one-line message; the full list stays in the structured fields.
pub fn name_a_few<S: AsRef<str>>(items: &[S], sep: &str) -> String {
    let mut out = items.iter().take(NAMED_IN_MESSAGES).map(AsRef::as_ref).collect::<Vec<&str>>().join(sep);
    if items.len() > NAMED_IN_MESSAGES {
        out.push_str(&format!(" and {} more", items.len() - NAMED_IN_MESSAGES));
    }
    out
}

/// 10000 → "10,000": every count a person reads (the page, the CLI's sentences, messages).
/// A sign stays in front: -1234 → "-1,234", -123 → "-123".
pub fn grouped(n: impl std::fmt::Display) -> String {
    let text = n.to_string();
    let (sign, digits) = text.strip_prefix('-').map_or(("", text.as_str()), |d| ("-", d));
    let mut out = String::with_capacity(text.len() + digits.len() / 3);
    out.push_str(sign);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count and its noun: "1 certificate", "2 certificates", "10,000 certificates" (`one` for
/// exactly one, else `many`), never "certificate(s)".
pub fn count<N: std::fmt::Display + PartialEq + From<u8>>(n: N, one: &str, many: &str) -> String {
    let word = if n == N::from(1) { one } else { many };
    format!("{} {word}", grouped(n))
}

/// `s` with its first character in upper case (each of its characters, for the few that are
/// more than one in upper case: `ß` is `SS`); the rest as it is.
pub fn capitalise_first(s: &str) -> String {
    let mut chars = s.chars();
    let Some(first) = chars.next() else { return String::new() };
    let mut out = String::with_capacity(s.len() + 2);
    out.extend(first.to_uppercase());
    out.push_str(chars.as_str());
    out
}

/// `bytes` with A–Z made a–z, eight bytes at a time (every other byte as it is, so UTF-8 stays
/// UTF-8): `make_ascii_lowercase` goes byte by byte, ~9 instructions a byte at the web worker's
/// `opt-level = "z"`, ~1,000 a row of a 10,000-row listing (callgrind).
pub fn lowercase_ascii_in_place(bytes: &mut [u8]) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut words = bytes.chunks_exact_mut(8);
    for word in &mut words {
        let mut b = [0u8; 8];
        b.copy_from_slice(word);
        let x = u64::from_le_bytes(b);
        // For each byte below 0x80: its top bit set when it is at least 'A', and when it is
        // above 'Z' (the low seven bits plus 0x80 - 'A', and plus 0x7f - 'Z': no carry crosses
        // into the next byte, each sum stays below 0x100).
        let low = x & (0x7f * ONES);
        let at_least_a = low + (0x80 - u64::from(b'A')) * ONES;
        let above_z = low + (0x7f - u64::from(b'Z')) * ONES;
        let upper = at_least_a & !above_z & !x & (0x80 * ONES);
        word.copy_from_slice(&(x | (upper >> 2)).to_le_bytes());
    }
    words.into_remainder().make_ascii_lowercase();
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_lowercased_eight_bytes_at_a_time_as_byte_by_byte() {
        let mut next = crate::test_support::xorshift(0x10_c45e);
        for len in 0..40 {
            for _ in 0..200 {
                let original: Vec<u8> = (0..len).map(|_| (next() & 0xff) as u8).collect();
                let (mut fast, mut slow) = (original.clone(), original.clone());
                lowercase_ascii_in_place(&mut fast);
                slow.make_ascii_lowercase();
                assert_eq!(fast, slow, "{original:?}");
            }
        }
        let mut all: Vec<u8> = (0..=255).collect();
        let mut expected = all.clone();
        lowercase_ascii_in_place(&mut all);
        expected.make_ascii_lowercase();
        assert_eq!(all, expected);
    }

    #[test]
    fn visible_names_every_hidden_character() {
        assert_eq!(visible("CN=alice"), "CN=alice");
        assert_eq!(visible("CN=\u{202E}moc.elgoog"), "CN=<U+202E>moc.elgoog");
        assert_eq!(visible("pay\u{200B}pal\0"), "pay<U+200B>pal<U+0000>");
        assert_eq!(visible("a\nIssuer: CN=Microsoft"), "a<U+000A>Issuer: CN=Microsoft");
    }

    #[test]
    fn counts_read_as_words() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(grouped(-123), "-123");
        assert_eq!(grouped(-1234), "-1,234");
        assert_eq!(grouped(-123_456), "-123,456");
        assert_eq!(count(1, "problem", "problems"), "1 problem");
        assert_eq!(count(0, "problem", "problems"), "0 problems");
        assert_eq!(count(10_000, "certificate", "certificates"), "10,000 certificates");
    }

    #[test]
    fn terminal_escapes() {
        assert_eq!(escape_for_terminal("plain, ünïcode"), "plain, ünïcode");
        assert_eq!(escape_for_terminal("\u{1b}[2J\u{1b}[41m"), "\\x1b[2J\\x1b[41m");
        assert_eq!(escape_for_terminal("a\nb\r\t"), "a\\nb\\r\\t");
        assert_eq!(escape_for_terminal("x\u{202E}y\u{85}\u{7f}"), "x\\u{202e}y\\u{85}\\x7f");
    }

    #[test]
    fn lists_name_a_few() {
        assert_eq!(name_a_few(&["a", "b"], ", "), "a, b");
        assert_eq!(name_a_few(&["a", "b", "c"], " or "), "a or b or c");
        let many: Vec<String> = (0..20_000).map(|i| format!("http://x/{i}.crl")).collect();
        assert_eq!(name_a_few(&many, "; "), "http://x/0.crl; http://x/1.crl; http://x/2.crl and 19997 more");
        assert_eq!(name_a_few::<&str>(&[], ", "), "");
    }

    #[test]
    fn names_listed_once() {
        assert_eq!(deceptive_names("a\u{202E}b\u{202E}\u{200B}"), vec!["U+202E (right-to-left override)", "U+200B (zero-width space)"]);
        assert!(deceptive_names("Ærøskøbing").is_empty());
    }
}
