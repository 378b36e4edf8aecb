//! Microsoft serialized certificate stores (`.sst`).
//!
//! Two different things carry the `.sst` extension:
//! - what the certificates MMC, `Export-Certificate -Type SST` and
//!   `certutil -generateSSTFromWU` write in practice: a PKCS#7 SignedData
//!   (DER), read by [`super::pkcs7`] like any `.p7b`;
//! - the serialized store of `CertSaveStore(CERT_STORE_SAVE_AS_STORE)`,
//!   read here. Its structure is public in [MS-OSHARED] 2.3.2.5
//!   (DocSigSerializedCertStore and the elements below) and in [MS-GPEF]
//!   2.2.1.1.1.1 (the certificate property layout):
//!
//! ```text
//! store   = version:u32 = 0, fileType:u32 = 0x54524543 ("CERT"),
//!           element*, end
//! element = id:u32, encodingType:u32 (1 = X.509 ASN.1), length:u32, value[length]
//!           id 0x20  the certificate (DER); the properties before it
//!                    (id 1..0xFFFF, e.g. 3 SHA-1 hash, 11 friendly name)
//!                    belong to it
//!           id 0x21  a CRL (DER),  id 0x22  a certificate trust list (CTL)
//! end     = id:u32 = 0, 8 zero bytes
//! ```
//!
//! All integers are little-endian. Reading is bounded: at most
//! [`MAX_ELEMENTS`] elements, every length checked against what remains.

/// The file type magic after the version: "CERT" as a little-endian u32.
pub const MAGIC: u32 = 0x5452_4543;
/// Element id of a certificate.
pub const ID_CERTIFICATE: u32 = 0x20;
/// Element id of a CRL.
pub const ID_CRL: u32 = 0x21;
/// Element id of a certificate trust list.
pub const ID_CTL: u32 = 0x22;
/// Element id of the friendly-name property (UTF-16LE, NUL-terminated).
pub const ID_FRIENDLY_NAME: u32 = 11;
/// Most elements read from one store (a Windows root store has a few hundred certificates, each with a few properties).
pub const MAX_ELEMENTS: usize = 100_000;

/// The key provider information property ([MS-BPAU] 2.2.2.1.1 KEY_PROV_INFO): where Windows
/// keeps the private key it links to the certificate (the key itself is never in the store).
pub const ID_KEY_PROV_INFO: u32 = 2;

/// Where the private key linked to a certificate lives, as its store says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyLink {
    /// The key container (or, with a CNG provider, the key name).
    pub container: String,
    /// The provider (a CSP or a CNG key storage provider).
    pub provider: String,
    /// A machine key (`CRYPT_MACHINE_KEYSET`), not a user's.
    pub machine: bool,
}

impl KeyLink {
    /// In words: `the machine key "…" of Microsoft Software Key Storage Provider`.
    pub fn words(&self) -> String {
        format!("the {} key \"{}\" of {}", if self.machine { "machine" } else { "user" }, self.container, self.provider)
    }
}

/// A KEY_PROV_INFO value: two offsets (from its start) to UTF-16 names, the provider type, the
/// flags, 8 reserved bytes, the key specification, then the names.
fn key_link(value: &[u8]) -> Option<KeyLink> {
    let name = |at: usize| -> Option<String> {
        let bytes = value.get(at..)?;
        let units: Vec<u16> = bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c.first().copied().unwrap_or(0), c.get(1).copied().unwrap_or(0)])).take_while(|&u| u != 0).collect();
        Some(String::from_utf16_lossy(&units))
    };
    let container = name(usize::try_from(u32_at(value, 0)?).ok()?)?;
    let provider = name(usize::try_from(u32_at(value, 4)?).ok()?)?;
    let machine = u32_at(value, 12)? & 0x20 != 0;
    (!container.is_empty()).then_some(KeyLink { container, provider, machine })
}

/// A certificate or CRL found in a serialized store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SstEntry {
    /// DER bytes.
    pub der: Vec<u8>,
    /// Friendly name property of the certificate, when present.
    pub friendly_name: Option<String>,
    /// The private key the store links to the certificate, when it links one.
    pub key_link: Option<KeyLink>,
    /// Byte offset of the element in the file.
    pub offset: usize,
}

/// What a serialized store holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SstContents {
    /// Certificates, in file order.
    pub certificates: Vec<SstEntry>,
    /// CRLs, in file order.
    pub crls: Vec<SstEntry>,
    /// Certificate trust lists (not read: counted).
    pub ctls: usize,
    /// Problems, plain words, each with the byte offset.
    pub problems: Vec<String>,
    /// Whether the end marker was reached.
    pub complete: bool,
}

/// Does this look like a serialized store (version 0, "CERT" magic)?
pub fn looks_like_serialized_store(bytes: &[u8]) -> bool {
    u32_at(bytes, 0) == Some(0) && u32_at(bytes, 4) == Some(MAGIC)
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    let arr: [u8; 4] = b.try_into().ok()?;
    Some(u32::from_le_bytes(arr))
}

fn utf16_name(value: &[u8]) -> Option<String> {
    let units: Vec<u16> = value.chunks_exact(2).map(|c| u16::from_le_bytes([c.first().copied().unwrap_or(0), c.get(1).copied().unwrap_or(0)])).collect();
    let end = units.iter().position(|u| *u == 0).unwrap_or(units.len());
    let s = String::from_utf16_lossy(units.get(..end).unwrap_or_default());
    (!s.is_empty()).then_some(s)
}

/// Read a serialized store. Never panics; stops at the first structural error
/// (recorded in `problems`) and keeps what was read before it.
pub fn read(bytes: &[u8]) -> SstContents {
    let mut out = SstContents::default();
    if !looks_like_serialized_store(bytes) {
        out.problems.push("not a serialized certificate store (no \"CERT\" header)".into());
        return out;
    }
    read_from(bytes, 8, true)
}

/// The elements alone, without the store's header and end marker, as a registry key's `Blob`
/// value holds a certificate and its properties: read as [`read`] reads a store's (offsets
/// counted from their start).
pub fn read_elements(elements: &[u8]) -> SstContents {
    read_from(elements, 0, false)
}

/// The elements from byte `at` to the end marker, or (`marked: false`) to the end of `bytes`.
fn read_from(bytes: &[u8], mut at: usize, marked: bool) -> SstContents {
    let mut out = SstContents::default();
    let mut friendly: Option<String> = None;
    let mut link: Option<KeyLink> = None;
    for _ in 0..MAX_ELEMENTS {
        if !marked && at == bytes.len() {
            out.complete = true;
            return out;
        }
        let (Some(id), Some(encoding), Some(len)) = (u32_at(bytes, at), u32_at(bytes, at + 4), u32_at(bytes, at + 8)) else {
            out.problems.push(format!("the store ends at byte {at} without its end marker (truncated?)"));
            return out;
        };
        if id == 0 {
            out.complete = true;
            let rest = bytes.len().saturating_sub(at + 12);
            if rest > 0 {
                out.problems.push(format!("{rest} bytes after the end marker (from byte {}) were ignored", at + 12));
            }
            return out;
        }
        let start = at + 12;
        let Some(value) = usize::try_from(len).ok().and_then(|l| start.checked_add(l)).and_then(|end| bytes.get(start..end)) else {
            out.problems.push(format!(
                "{} at byte {} says it is {} long but only {} {} there: the store was cut short (export it again)",
                match id {
                    ID_CERTIFICATE => "the certificate".to_string(),
                    ID_CRL => "the CRL".to_string(),
                    ID_CTL => "the certificate trust list".to_string(),
                    _ => format!("property {id}"),
                },
                crate::text::grouped(at),
                crate::text::count(len, "byte", "bytes"),
                crate::text::grouped(bytes.len().saturating_sub(start)),
                if bytes.len().saturating_sub(start) == 1 { "is" } else { "are" }
            ));
            return out;
        };
        match id {
            ID_CERTIFICATE | ID_CRL => {
                if encoding != 1 {
                    out.problems.push(format!("element {id:#x} at byte {at} has encoding type {encoding}, not 1 (X.509 ASN.1); read anyway"));
                }
                let entry = SstEntry { der: value.to_vec(), friendly_name: friendly.take(), key_link: link.take(), offset: at };
                if id == ID_CERTIFICATE { out.certificates.push(entry) } else { out.crls.push(entry) }
            }
            ID_CTL => {
                out.ctls += 1;
                friendly = None;
                link = None;
            }
            ID_FRIENDLY_NAME => friendly = utf16_name(value),
            ID_KEY_PROV_INFO => link = key_link(value),
            id if id > 0xFFFF => {
                out.problems.push(format!("element id {id:#x} at byte {at} is not a valid property id; the rest of the store was not read"));
                return out;
            }
            _ => {}
        }
        at = start + value.len();
    }
    out.problems.push(format!("more than {MAX_ELEMENTS} elements: the rest of the store was not read"));
    out
}

/// Write a serialized store holding `certificates` (DER), each with an
/// optional friendly name: the inverse of [`read`] (for tests and fixtures).
pub fn write(certificates: &[(&[u8], Option<&str>)]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&MAGIC.to_le_bytes());
    let element = |out: &mut Vec<u8>, id: u32, value: &[u8]| {
        out.extend_from_slice(&id.to_le_bytes());
        out.extend_from_slice(&1u32.to_le_bytes());
        out.extend_from_slice(&u32::try_from(value.len()).unwrap_or(u32::MAX).to_le_bytes());
        out.extend_from_slice(value);
    };
    for (der, name) in certificates {
        if let Some(n) = name {
            let utf16: Vec<u8> = n.encode_utf16().chain(std::iter::once(0)).flat_map(u16::to_le_bytes).collect();
            element(&mut out, ID_FRIENDLY_NAME, &utf16);
        }
        element(&mut out, ID_CERTIFICATE, der);
    }
    out.extend_from_slice(&[0u8; 12]);
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// A KEY_PROV_INFO value as Windows writes it: offsets from its start to the names.
    pub(crate) fn key_prov_info(container: &str, provider: &str, flags: u32) -> Vec<u8> {
        let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().chain(std::iter::once(0)).flat_map(u16::to_le_bytes).collect() };
        let (c, p) = (utf16(container), utf16(provider));
        let mut v = Vec::new();
        v.extend(28u32.to_le_bytes());
        v.extend((28 + c.len() as u32).to_le_bytes());
        v.extend(0u32.to_le_bytes()); // CNG
        v.extend(flags.to_le_bytes());
        v.extend([0; 8]);
        v.extend(1u32.to_le_bytes()); // AT_KEYEXCHANGE
        v.extend(c);
        v.extend(p);
        v
    }

    #[test]
    fn the_key_a_store_links_is_read() {
        let element = |id: u32, value: &[u8]| [&id.to_le_bytes()[..], &1u32.to_le_bytes(), &(value.len() as u32).to_le_bytes(), value].concat();
        let prov = key_prov_info("te-WebServer-1f2e", "Microsoft Software Key Storage Provider", 0x20);
        let elements = [element(ID_KEY_PROV_INFO, &prov), element(ID_CERTIFICATE, &[0x30, 0x00]), element(ID_CERTIFICATE, &[0x30, 0x00])].concat();
        let r = read_elements(&elements);
        let link = r.certificates[0].key_link.as_ref().unwrap();
        assert_eq!(link.words(), "the machine key \"te-WebServer-1f2e\" of Microsoft Software Key Storage Provider");
        assert_eq!(r.certificates[1].key_link, None, "a property belongs to the certificate after it only");
        // Offsets past the value: no link, no panic.
        let mut bad = prov.clone();
        bad[0] = 0xff;
        assert_eq!(key_link(&bad), None);
    }

    #[test]
    fn round_trip() {
        let a = [0x30u8, 0x03, 0x02, 0x01, 0x01];
        let b = [0x30u8, 0x00];
        let bytes = write(&[(&a, Some("Root A")), (&b, None)]);
        assert!(looks_like_serialized_store(&bytes));
        let r = read(&bytes);
        assert!(r.complete, "{:?}", r.problems);
        assert!(r.problems.is_empty());
        assert_eq!(r.certificates.len(), 2);
        assert_eq!(r.certificates[0].der, a);
        assert_eq!(r.certificates[0].friendly_name.as_deref(), Some("Root A"));
        assert_eq!(r.certificates[1].der, b);
        assert_eq!(r.certificates[1].friendly_name, None);
    }

    #[test]
    fn truncation_is_reported_at_every_cut() {
        let a = [0x30u8, 0x03, 0x02, 0x01, 0x01];
        let bytes = write(&[(&a, Some("x"))]);
        for cut in 0..bytes.len() {
            let r = read(&bytes[..cut]);
            assert!(!r.complete);
            assert!(!r.problems.is_empty());
        }
    }

    #[test]
    fn huge_length_does_not_allocate() {
        let mut bytes = vec![0, 0, 0, 0, 0x43, 0x45, 0x52, 0x54];
        bytes.extend_from_slice(&0x20u32.to_le_bytes());
        bytes.extend_from_slice(&1u32.to_le_bytes());
        bytes.extend_from_slice(&u32::MAX.to_le_bytes());
        let r = read(&bytes);
        assert!(r.certificates.is_empty());
        assert!(r.problems[0].contains("says it is 4,294,967,295 bytes long"), "{:?}", r.problems);
    }
}
