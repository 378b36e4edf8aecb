//! Pretty JSON into a byte buffer: the bytes `serde_json::to_writer_pretty` writes (two spaces
//! a level), starting any number of levels deep, made faster for what `--json` prints.
//!
//! serde_json checks every byte of every string, field names included, against its escape
//! table one at a time, and goes through its `Formatter` for each punctuation mark: on
//! 10,000 leaves that check alone was ~6.5 % of the CLI's CPU (docs/performance.md, the
//! twenty-eighth session), half of it on field names and the DER's base64, which never hold
//! a character to escape. Here a string is checked eight bytes at a time and written whole
//! when nothing in it needs escaping, and the punctuation goes straight into the buffer.
//! The escapes are serde_json's (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, else `\u00xx`);
//! numbers are written by `itoa` as serde_json does, and anything this does not write itself
//! (floating-point numbers) by serde_json.

use serde::ser::{self, Serialize};

type Error = serde_json::Error;
type Result<T = ()> = std::result::Result<T, Error>;

/// `value` as pretty JSON `level` levels deep, appended to `out`.
pub fn append<T: Serialize + ?Sized>(out: &mut Vec<u8>, level: usize, value: &T) -> Result {
    value.serialize(Ser { out, level })
}

/// The indent of `level`, two spaces a level.
pub fn indent(out: &mut Vec<u8>, level: usize) {
    const SPACES: &[u8; 64] = b"                                                                ";
    let mut left = level.saturating_mul(2);
    while left > 0 {
        let k = left.min(SPACES.len());
        out.extend_from_slice(SPACES.get(..k).unwrap_or_default());
        left -= k;
    }
}

/// The bytes of `w` below 0x20, `"` or `\\` marked by their high bit (a byte after a marked one
/// may be marked too: zero only when none of the eight is one).
#[inline]
fn to_escape(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_in = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let below_space = w.wrapping_sub(ONES.wrapping_mul(0x20)) & !w & HIGH;
    below_space | zero_in(w ^ ONES.wrapping_mul(u64::from(b'"'))) | zero_in(w ^ ONES.wrapping_mul(u64::from(b'\\')))
}

/// Whether each byte is one to escape. (Made at compile time: an index out of range would
/// fail the build, not panic.)
#[allow(clippy::indexing_slicing)]
const ESCAPE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = b < 0x20 || b == b'"' as usize || b == b'\\' as usize;
        b += 1;
    }
    t
};

/// Whether `bytes` hold a byte to escape: eight at a time without a branch (the last eight
/// overlapping the ones before), a short string byte by byte. Nearly all are short (a
/// field's name, a date, a name) and none has one; the longest, the DER's base64, never has.
#[inline]
fn needs_escape(bytes: &[u8]) -> bool {
    let word = |chunk: &[u8]| u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or_default());
    let Some(tail) = bytes.len().checked_sub(8).and_then(|from| bytes.get(from..)) else {
        return bytes.iter().any(|&b| ESCAPE.get(usize::from(b)).copied().unwrap_or(true));
    };
    let mut marked = to_escape(word(tail));
    for chunk in bytes.chunks_exact(8) {
        marked |= to_escape(word(chunk));
    }
    marked != 0
}

/// `s` quoted, with serde_json's escapes.
pub fn string(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    if needs_escape(bytes) {
        escaped(out, bytes);
    } else {
        out.extend_from_slice(bytes);
    }
    out.push(b'"');
}

/// `bytes` with serde_json's escapes (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, else `\u00xx`),
/// eight bytes at a time past those with none (a message that quotes a name has two).
fn escaped(out: &mut Vec<u8>, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut start = 0; // the first byte not yet written
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8) {
            if to_escape(u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or_default())) == 0 {
                i += 8;
                continue;
            }
        }
        let end = bytes.len().min(i + 8);
        for (at, &b) in bytes.iter().enumerate().take(end).skip(i) {
            let escape: &[u8] = match b {
                b'"' => b"\\\"",
                b'\\' => b"\\\\",
                0x08 => b"\\b",
                0x0c => b"\\f",
                b'\n' => b"\\n",
                b'\r' => b"\\r",
                b'\t' => b"\\t",
                0..=0x1f => b"",
                _ => continue,
            };
            out.extend_from_slice(bytes.get(start..at).unwrap_or_default());
            if escape.is_empty() {
                out.extend_from_slice(b"\\u00");
                out.push(HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0'));
                out.push(HEX.get(usize::from(b & 0xf)).copied().unwrap_or(b'0'));
            } else {
                out.extend_from_slice(escape);
            }
            start = at + 1;
        }
        i = end;
    }
    out.extend_from_slice(bytes.get(start..).unwrap_or_default());
}

/// The integer methods of a `Serializer` with an `integer` method (the value and the map key).
macro_rules! integers {
    () => {
        integers!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64, serialize_i128: i128);
        integers!(serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64, serialize_u128: u128);
    };
    ($($name:ident: $t:ty),*) => {$(
        fn $name(self, v: $t) -> Result {
            self.integer(v)
        }
    )*};
}

struct Ser<'a> {
    out: &'a mut Vec<u8>,
    level: usize,
}

impl<'a> Ser<'a> {
    fn integer<I: itoa::Integer>(self, v: I) -> Result {
        self.out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
        Ok(())
    }

    /// An array or object opened: `[` or `{`, its elements one level deeper.
    fn open(self, bracket: u8, close: u8) -> Compound<'a> {
        self.out.push(bracket);
        Compound { out: self.out, level: self.level, first: true, close }
    }

    /// `{"variant": ` of an enum's variant that holds something, pretty.
    fn variant(self, variant: &str) -> Ser<'a> {
        self.out.push(b'{');
        self.out.push(b'\n');
        indent(self.out, self.level + 1);
        string(self.out, variant);
        self.out.extend_from_slice(b": ");
        Ser { out: self.out, level: self.level + 1 }
    }

    /// The `}` after a variant's value.
    fn end_variant(out: &mut Vec<u8>, level: usize) {
        out.push(b'\n');
        indent(out, level);
        out.push(b'}');
    }
}

/// An array or object being written.
pub struct Compound<'a> {
    out: &'a mut Vec<u8>,
    /// The level of the brackets (elements are one deeper).
    level: usize,
    first: bool,
    close: u8,
}

impl<'a> Compound<'a> {
    /// Before an element or a key: a new line, indented.
    fn next(&mut self) {
        self.out.extend_from_slice(if self.first { b"\n" } else { b",\n" });
        self.first = false;
        indent(self.out, self.level + 1);
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.next();
        value.serialize(Ser { out: self.out, level: self.level + 1 })
    }

    fn entry<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result {
        self.next();
        string(self.out, key);
        self.out.extend_from_slice(b": ");
        value.serialize(Ser { out: self.out, level: self.level + 1 })
    }

    /// The closing bracket (on a line of its own when something was in it); the buffer, for
    /// what follows it.
    fn close(self) -> &'a mut Vec<u8> {
        if !self.first {
            self.out.push(b'\n');
            indent(self.out, self.level);
        }
        self.out.push(self.close);
        self.out
    }

    fn finish(self) -> Result {
        self.close();
        Ok(())
    }
}

/// A compound inside an enum variant's `{"variant": …}`.
pub struct InVariant<'a>(Compound<'a>);

impl InVariant<'_> {
    fn finish(self) -> Result {
        let level = self.0.level.saturating_sub(1);
        Ser::end_variant(self.0.close(), level);
        Ok(())
    }
}

impl<'a> ser::Serializer for Ser<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = InVariant<'a>;
    type SerializeMap = MapOf<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = InVariant<'a>;

    fn serialize_bool(self, v: bool) -> Result {
        self.out.extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    integers!();
    fn serialize_f32(self, v: f32) -> Result {
        serde_json::to_writer(self.out, &v)
    }
    fn serialize_f64(self, v: f64) -> Result {
        serde_json::to_writer(self.out, &v)
    }
    fn serialize_char(self, v: char) -> Result {
        string(self.out, v.encode_utf8(&mut [0u8; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result {
        string(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result {
        let mut seq = self.open(b'[', b']');
        for b in v {
            seq.element(b)?;
        }
        seq.finish()
    }
    fn serialize_none(self) -> Result {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(self, _name: &'static str, _index: u32, variant: &'static str, value: &T) -> Result {
        let level = self.level;
        let out = self.variant(variant).out;
        value.serialize(Ser { out: &mut *out, level: level + 1 })?;
        Ser::end_variant(out, level);
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>> {
        Ok(self.open(b'[', b']'))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'a>> {
        Ok(self.open(b'[', b']'))
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a>> {
        Ok(self.open(b'[', b']'))
    }
    fn serialize_tuple_variant(self, _name: &'static str, _index: u32, variant: &'static str, _len: usize) -> Result<InVariant<'a>> {
        Ok(InVariant(self.variant(variant).open(b'[', b']')))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<MapOf<'a>> {
        Ok(MapOf(self.open(b'{', b'}')))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a>> {
        Ok(self.open(b'{', b'}'))
    }
    fn serialize_struct_variant(self, _name: &'static str, _index: u32, variant: &'static str, _len: usize) -> Result<InVariant<'a>> {
        Ok(InVariant(self.variant(variant).open(b'{', b'}')))
    }
}

/// The traits of arrays: each element on a line of its own.
macro_rules! arrays {
    ($($t:ident :: $method:ident),*) => {$(
        impl ser::$t for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
                self.element(value)
            }
            fn end(self) -> Result {
                self.finish()
            }
        }
    )*};
}

arrays!(SerializeSeq::serialize_element, SerializeTuple::serialize_element, SerializeTupleStruct::serialize_field);

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.entry(key, value)
    }
    fn end(self) -> Result {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for InVariant<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.0.element(value)
    }
    fn end(self) -> Result {
        self.finish()
    }
}

impl ser::SerializeStructVariant for InVariant<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.0.entry(key, value)
    }
    fn end(self) -> Result {
        self.finish()
    }
}

/// A map: its keys are written as strings (numbers and booleans quoted, as serde_json does).
pub struct MapOf<'a>(Compound<'a>);

impl ser::SerializeMap for MapOf<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        self.0.next();
        key.serialize(Key(self.0.out))
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.0.out.extend_from_slice(b": ");
        value.serialize(Ser { out: self.0.out, level: self.0.level + 1 })
    }
    fn end(self) -> Result {
        self.0.finish()
    }
}

/// A map's key.
struct Key<'a>(&'a mut Vec<u8>);

impl Key<'_> {
    fn quoted(self, text: &str) -> Result {
        string(self.0, text);
        Ok(())
    }

    fn integer<I: itoa::Integer>(self, v: I) -> Result {
        self.0.push(b'"');
        self.0.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
        self.0.push(b'"');
        Ok(())
    }
}

fn key_must_be_a_string() -> Error {
    ser::Error::custom("key must be a string")
}

impl ser::Serializer for Key<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result {
        self.quoted(if v { "true" } else { "false" })
    }
    integers!();
    fn serialize_f32(self, _v: f32) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_f64(self, _v: f64) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_char(self, v: char) -> Result {
        self.quoted(v.encode_utf8(&mut [0u8; 4]))
    }
    fn serialize_str(self, v: &str) -> Result {
        self.quoted(v)
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_unit(self) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result {
        self.quoted(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(self, _name: &'static str, _index: u32, _variant: &'static str, _value: &T) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeTupleStruct> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(self, _name: &'static str, _index: u32, _variant: &'static str, _len: usize) -> Result<Self::SerializeTupleVariant> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(self, _name: &'static str, _index: u32, _variant: &'static str, _len: usize) -> Result<Self::SerializeStructVariant> {
        Err(key_must_be_a_string())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// What serde_json writes for `value` pretty, `level` levels deep: its pretty document with
    /// every line after the first indented by `level` more.
    fn serde_json_at<T: Serialize + ?Sized>(value: &T, level: usize) -> String {
        let whole = serde_json::to_string_pretty(value).unwrap();
        whole.replace('\n', &format!("\n{}", "  ".repeat(level)))
    }

    fn ours_at<T: Serialize + ?Sized>(value: &T, level: usize) -> String {
        let mut out = b"prefix".to_vec();
        append(&mut out, level, value).unwrap();
        String::from_utf8(out).unwrap().strip_prefix("prefix").unwrap().to_string()
    }

    fn same<T: Serialize + ?Sized>(value: &T) {
        for level in [0, 1, 2, 5, 40] {
            assert_eq!(ours_at(value, level), serde_json_at(value, level), "level {level}");
        }
    }

    #[derive(serde::Serialize)]
    enum Kinds {
        Unit,
        Newtype(u8),
        Tuple(i64, String),
        EmptyTuple(),
        Struct { a: Option<u32>, b: Vec<Kinds> },
        EmptyStruct {},
    }

    #[derive(serde::Serialize)]
    struct Shape<'a> {
        name: &'a str,
        #[serde(flatten)]
        inner: Inner,
        empty: Vec<u8>,
        empty_map: BTreeMap<String, u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        none: Option<u8>,
        unit: (),
        pair: (bool, char),
        kinds: Vec<Kinds>,
        by_number: BTreeMap<u64, &'a str>,
        by_bool: BTreeMap<bool, i8>,
        big: (u128, i128, u64, i64),
        floats: (f64, f32, f64),
        #[serde(with = "serde_bytes_like")]
        bytes: Vec<u8>,
    }

    #[derive(serde::Serialize)]
    struct Inner {
        flat_a: u16,
        flat_b: Vec<String>,
    }

    /// `serialize_bytes` (serde_json writes an array of numbers).
    mod serde_bytes_like {
        pub fn serialize<S: serde::Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(b)
        }
    }

    /// Every shape serde's derive and the report make: the bytes of serde_json's pretty output,
    /// at every depth.
    #[test]
    fn every_shape_is_written_as_serde_json_writes_it() {
        let value = Shape {
            name: "CN=\"quoted\" \\ back\tslash",
            inner: Inner { flat_a: 7, flat_b: vec!["x".into(), String::new()] },
            empty: vec![],
            empty_map: BTreeMap::new(),
            skipped: None,
            none: None,
            unit: (),
            pair: (true, '"'),
            kinds: vec![
                Kinds::Unit,
                Kinds::Newtype(3),
                Kinds::Tuple(-5, "t".into()),
                Kinds::EmptyTuple(),
                Kinds::Struct { a: Some(1), b: vec![Kinds::Unit, Kinds::Struct { a: None, b: vec![] }] },
                Kinds::EmptyStruct {},
            ],
            by_number: [(1, "one"), (20, "twenty")].into_iter().collect(),
            by_bool: [(false, -1), (true, 1)].into_iter().collect(),
            big: (u128::MAX, i128::MIN, u64::MAX, i64::MIN),
            floats: (1.5, 0.1, f64::NAN),
            bytes: vec![0, 255, 7],
        };
        same(&value);
        same(&Kinds::Newtype(1));
        same(&Kinds::Struct { a: None, b: vec![Kinds::Tuple(1, "a".into())] });
        same(&vec![Vec::<u8>::new(), vec![1]]);
        same("plain");
        same(&42u8);
    }

    /// Strings: each character serde_json escapes, at each place within and across the
    /// eight-byte chunks checked at once, beside multi-byte characters.
    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut specials: Vec<char> = (0u8..0x20).map(char::from).collect();
        specials.extend(['"', '\\', '\u{7f}', 'é', '€', '😀', '/', ' ', '~']);
        for len in 0..20 {
            for at in 0..=len {
                for &c in &specials {
                    let s: String = (0..len).map(|i| if i == at { c } else { char::from(b'a' + (i % 26) as u8) }).collect();
                    let mut ours = Vec::new();
                    string(&mut ours, &s);
                    assert_eq!(String::from_utf8(ours).unwrap(), serde_json::to_string(&s).unwrap(), "{s:?}");
                }
            }
        }
        // Long strings with escapes throughout (the base64 of a DER, a name with quotes).
        let long: String = (0..5000u32).map(|i| char::from_u32(i % 200).unwrap_or('x')).collect();
        let mut ours = Vec::new();
        string(&mut ours, &long);
        assert_eq!(String::from_utf8(ours).unwrap(), serde_json::to_string(&long).unwrap());
    }

    /// A map whose keys are not strings or numbers fails as serde_json's does, not written wrong.
    #[test]
    fn a_key_that_is_not_a_string_is_an_error() {
        let map: BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into_iter().collect();
        assert!(serde_json::to_string_pretty(&map).is_err());
        assert!(append(&mut Vec::new(), 0, &map).is_err());
    }
}
