//! ZIP archives, as CAs deliver a certificate with its chain (`contoso_com.zip` holding
//! `contoso_com.crt` and `DigiCertCA.crt`): the entries are read from the central directory,
//! stored or deflated (PKZIP APPNOTE 4.3), within the file size limit, and each is decoded as a
//! file of its own. Encrypted entries, other compression methods, ZIP64 and archives inside the
//! archive are named, not read.

/// Most entries read from one archive.
pub const MAX_ENTRIES: usize = 1_000;

/// One entry of the archive: its name and its bytes, or why they were not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The name inside the archive (with its folders).
    pub name: String,
    /// The uncompressed bytes, or why they were not read (plain words).
    pub data: Result<Vec<u8>, String>,
}

/// What an archive holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Archive {
    /// Its files, in the central directory's order (folders and macOS's `__MACOSX` copies left out).
    pub entries: Vec<Entry>,
    /// Folder entries and macOS resource copies passed over (counted, for the note).
    pub passed_over: usize,
    /// Entries beyond [`MAX_ENTRIES`], not read.
    pub beyond_limit: usize,
}

/// Does this look like a ZIP archive (a local file header, or the end record of an empty one)?
pub fn looks_like_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// `len` bytes at `at` (offsets come from the file: on wasm32 a sum of them can pass `usize`).
fn slice(b: &[u8], at: usize, len: usize) -> Option<&[u8]> {
    b.get(at..at.checked_add(len)?)
}

fn u16_at(b: &[u8], at: usize) -> Option<usize> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(usize::from(u16::from_le_bytes([*s.first()?, *s.get(1)?])))
}

fn u32_at(b: &[u8], at: usize) -> Option<usize> {
    let s: [u8; 4] = b.get(at..at.checked_add(4)?)?.try_into().ok()?;
    usize::try_from(u32::from_le_bytes(s)).ok()
}

/// Read the archive; `limit`: the most uncompressed bytes all entries together may take (what
/// is left after it is named, not read). `Err` when the archive's directory cannot be read.
pub fn read(bytes: &[u8], limit: usize) -> Result<Archive, String> {
    // The end of central directory record: its signature within the last 64 KB (a comment may follow it).
    let from = bytes.len().saturating_sub(22 + 0xffff);
    let end = (from..=bytes.len().saturating_sub(22))
        .rev()
        .find(|&i| slice(bytes, i, 4) == Some(b"PK\x05\x06"))
        .ok_or("its directory (the end of the archive) is missing: the archive was cut short or is damaged")?;
    let (count, dir_at) = (u16_at(bytes, end + 10).unwrap_or(0), u32_at(bytes, end + 16).unwrap_or(0));
    if count == 0xffff || dir_at == 0xffff_ffff {
        return Err("it is a ZIP64 archive, which certlens does not read: extract it and drop the files".into());
    }
    let mut archive = Archive::default();
    let mut left = limit;
    let mut at = dir_at;
    for n in 0..count {
        if slice(bytes, at, 4) != Some(b"PK\x01\x02") {
            return Err(format!("its directory is damaged at entry {} of {count}", n + 1));
        }
        let field = |o: usize| u16_at(bytes, at + o).ok_or_else(|| format!("its directory is cut short at entry {} of {count}", n + 1));
        let (flags, method, name_len, extra_len, comment_len) = (field(8)?, field(10)?, field(28)?, field(30)?, field(32)?);
        let wide = |o: usize| u32_at(bytes, at + o).ok_or_else(|| format!("its directory is cut short at entry {} of {count}", n + 1));
        let (packed, size, local) = (wide(20)?, wide(24)?, wide(42)?);
        let name = at.checked_add(46).and_then(|n| slice(bytes, n, name_len)).ok_or_else(|| format!("its directory is cut short at entry {} of {count}", n + 1))?;
        let name = String::from_utf8_lossy(name).into_owned();
        at = at.saturating_add(46 + name_len + extra_len + comment_len);
        let base = name.rsplit('/').next().unwrap_or_default();
        if name.ends_with('/') || name.starts_with("__MACOSX/") || base.starts_with("._") {
            archive.passed_over += 1;
            continue;
        }
        if archive.entries.len() == MAX_ENTRIES {
            archive.beyond_limit += 1;
            continue;
        }
        let data = entry_data(bytes, (flags, method, packed, size, local), &mut left);
        archive.entries.push(Entry { name, data });
    }
    Ok(archive)
}

/// An entry's bytes: `(flags, method, compressed size, size, local header offset)` from its
/// directory record; `left`: what remains of the limit, taken from.
fn entry_data(bytes: &[u8], (flags, method, packed, size, local): (usize, usize, usize, usize, usize), left: &mut usize) -> Result<Vec<u8>, String> {
    if flags & 1 != 0 {
        return Err("it is encrypted (a password-protected archive), which certlens does not open: extract it and drop the file".into());
    }
    if size == 0xffff_ffff || packed == 0xffff_ffff {
        return Err("it is a ZIP64 entry, which certlens does not read: extract it and drop the file".into());
    }
    if size > *left {
        return Err(format!(
            "it is {} uncompressed, more than what is left of the {} MB limit: extract it and drop it alone",
            crate::text::count(size, "byte", "bytes"),
            super::MAX_FILE_SIZE >> 20
        ));
    }
    if slice(bytes, local, 4) != Some(b"PK\x03\x04") {
        return Err("its data is missing or damaged (the archive was cut short?)".into());
    }
    // The local header is there (checked above): its fields are within the file.
    let start = local + 30 + u16_at(bytes, local + 26).unwrap_or(0) + u16_at(bytes, local + 28).unwrap_or(0);
    let data = slice(bytes, start, packed).ok_or("its data is cut short (the archive was cut short?)")?;
    let out = match method {
        0 => data.to_vec(),
        // Inflated no further than the size the directory gives (a bomb stops there).
        8 => miniz_oxide::inflate::decompress_to_vec_with_limit(data, size).map_err(|_| "its compressed data is damaged".to_string())?,
        m => return Err(format!("it is compressed with method {m}, which certlens does not read (only stored and deflated entries): extract it and drop the file")),
    };
    if out.len() != size {
        return Err("its data is damaged (not the size the archive's directory gives)".into());
    }
    *left -= size;
    Ok(out)
}

/// A ZIP archive of `(name, data, deflated)` entries, with `flags` on every entry: the
/// inverse of [`read`] (for tests and fixtures; no CRC-32, which [`read`] does not check).
#[allow(clippy::cast_possible_truncation)] // test data: small entries
pub fn write(entries: &[(&str, &[u8], bool)], flags: u16) -> Vec<u8> {
    let mut out = Vec::new();
    let mut dir = Vec::new();
    for (name, data, deflated) in entries {
        let packed = if *deflated { miniz_oxide::deflate::compress_to_vec(data, 6) } else { data.to_vec() };
        let method: u16 = if *deflated { 8 } else { 0 };
        let local = out.len() as u32;
        let head = |sig: &[u8]| {
            let mut h = sig.to_vec();
            h.extend(20u16.to_le_bytes());
            h.extend(flags.to_le_bytes());
            h.extend(method.to_le_bytes());
            h.extend([0; 8]); // time, date, CRC-32 (not checked)
            h.extend((packed.len() as u32).to_le_bytes());
            h.extend((data.len() as u32).to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes());
            h
        };
        out.extend(head(b"PK\x03\x04"));
        out.extend(name.as_bytes());
        out.extend(&packed);
        let mut d = b"PK\x01\x02".to_vec();
        d.extend(20u16.to_le_bytes());
        d.extend(&head(b"")[..]);
        d.extend([0; 10]); // comment length, disk, attributes
        d.extend(local.to_le_bytes());
        d.extend(name.as_bytes());
        dir.extend(d);
    }
    let dir_at = out.len() as u32;
    out.extend(&dir);
    out.extend(b"PK\x05\x06");
    out.extend([0; 4]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((dir.len() as u32).to_le_bytes());
    out.extend(dir_at.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}


#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn stored_and_deflated_entries_are_read() {
        let a = write(&[("contoso_com.crt", b"stored bytes", false), ("ca/", b"", false), ("ca/DigiCertCA.crt", &[7u8; 5000], true), ("__MACOSX/ca/._DigiCertCA.crt", b"x", false)], 0);
        let r = read(&a, 1 << 20).unwrap();
        assert_eq!(r.entries.len(), 2);
        assert_eq!((r.entries[0].name.as_str(), r.entries[0].data.as_deref().unwrap()), ("contoso_com.crt", &b"stored bytes"[..]));
        assert_eq!(r.entries[1].data.as_deref().unwrap(), &[7u8; 5000][..]);
        assert_eq!(r.passed_over, 2);
        // The limit counts every entry's bytes: what does not fit is named, not read.
        let r = read(&a, 5005).unwrap();
        assert!(r.entries[1].data.as_ref().unwrap_err().starts_with("it is 5,000 bytes uncompressed, more than what is left"), "{:?}", r.entries[1]);
        // Encrypted entries are named.
        let r = read(&write(&[("a.crt", b"x", false)], 1), 1 << 20).unwrap();
        assert!(r.entries[0].data.as_ref().unwrap_err().contains("encrypted"));
    }

    #[test]
    fn entries_past_the_limit_are_counted_not_read() {
        let names: Vec<String> = (0..=MAX_ENTRIES).map(|i| format!("{i}.crt")).collect();
        let entries: Vec<(&str, &[u8], bool)> = names.iter().map(|n| (n.as_str(), &b"x"[..], false)).collect();
        let r = read(&write(&entries, 0), 1 << 20).unwrap();
        assert_eq!((r.entries.len(), r.beyond_limit), (MAX_ENTRIES, 1));
    }

    #[test]
    fn damaged_archives_are_said_never_panic() {
        let a = write(&[("a.crt", &[1u8; 300], true), ("b.crt", b"bbb", false)], 0);
        assert!(read(&a[..a.len() - 30], 1 << 20).unwrap_err().contains("cut short"));
        for cut in 0..a.len() {
            let _ = read(&a[..cut], 1 << 20);
            let mut flipped = a.clone();
            flipped[cut] ^= 0xff;
            let _ = read(&flipped, 1 << 20);
        }
    }
}
