//! Password-based encryption and MACs used by PKCS#12, encrypted PKCS#8 and
//! legacy encrypted PEM keys: PBES2 (PBKDF2 + AES/3DES-CBC), the PKCS#12
//! key-derivation function with its 3DES and RC2 ciphers, PBES1, and
//! OpenSSL's `EVP_BytesToKey` for `Proc-Type: 4,ENCRYPTED` PEM.
//!
//! Derived keys and decrypted data are wiped on drop (`Zeroizing`).

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::der::{children, oid_to_string, read_tlv, Tlv};

/// Most iterations a password-based scheme may ask for before we refuse
/// (a hostile file could otherwise keep the page busy for hours).
pub const MAX_ITERATIONS: u64 = 2_000_000;

/// Key-derivation work one drop (all files analysed together) may ask for, in
/// iterations of PBKDF2-HMAC-SHA-256 (about 0.28 µs each in a native release
/// build; other schemes are weighted by their measured cost, see
/// [`derivation_work`]): about 4.5 s natively. Every derivation counts: each
/// key bag, each encrypted part, the MAC, and each password encoding tried
/// (the empty password is tried in two forms). A PKCS#12 file with a MAC, an
/// encrypted part and four AES key bags (or three 3DES ones) at the
/// 2,000,000-iteration maximum opens; fifty such bags do not.
pub const MAX_DERIVATION_WORK: u64 = 16_000_000;

/// What is left of the key-derivation work for one drop. Each derivation is
/// weighed before it starts: one that does not fit is not started at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DerivationBudget {
    left: u64,
    /// Work asked for by the derivations refused, in the same units.
    pub refused_work: u64,
    /// Number of derivations refused.
    pub refused: usize,
}

impl Default for DerivationBudget {
    fn default() -> Self {
        Self::new(MAX_DERIVATION_WORK)
    }
}

impl DerivationBudget {
    /// A budget of `work` units.
    pub fn new(work: u64) -> Self {
        Self { left: work, refused_work: 0, refused: 0 }
    }

    /// Take `work` units; false (and nothing taken) when they do not fit.
    pub fn take(&mut self, work: u64) -> bool {
        if work <= self.left {
            self.left -= work;
            true
        } else {
            self.refused += 1;
            self.refused_work = self.refused_work.saturating_add(work);
            false
        }
    }

    /// True once any derivation was refused.
    pub fn exhausted(&self) -> bool {
        self.refused > 0
    }
}

/// Relative cost of one iteration of `hash` in a KDF, in thousandths of a
/// PBKDF2-HMAC-SHA-256 iteration, measured in a native release build. `hmac`
/// is true for PBKDF2 (an HMAC per iteration), false for the PKCS#12 KDF and
/// PBKDF1 (one hash per iteration).
fn iteration_weight(hash: HashAlg, hmac: bool) -> u64 {
    match (hash, hmac) {
        (HashAlg::Md5, _) => 450,
        (HashAlg::Sha1, false) => 550,
        (HashAlg::Sha224 | HashAlg::Sha256, false) => 700,
        (HashAlg::Sha384 | HashAlg::Sha512, false) => 1_000,
        (HashAlg::Sha1, true) => 800,
        (HashAlg::Sha224 | HashAlg::Sha256, true) => 1_000,
        (HashAlg::Sha384 | HashAlg::Sha512, true) => 2_000,
    }
}

/// The work of a derivation: `iterations` per output block of `hash`, weighted.
pub fn derivation_work(hash: HashAlg, hmac: bool, iterations: u64, out_len: usize) -> u64 {
    let blocks = u64::try_from(out_len.div_ceil(hash.digest_len()).max(1)).unwrap_or(u64::MAX);
    iterations.saturating_mul(blocks).saturating_mul(iteration_weight(hash, hmac)) / 1000
}

/// An encryption scheme as shown to the user. Public facts only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PbeInfo {
    /// Readable name, e.g. `PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC)`.
    pub algorithm: String,
    /// Dotted OID of the outer algorithm.
    pub oid: String,
    /// Iteration count, when the parameters could be read.
    pub iterations: Option<u64>,
    /// True for old schemes (3DES, RC2, RC4, DES) that modern systems may refuse.
    pub legacy: bool,
    /// False when certlens cannot decrypt this scheme.
    pub supported: bool,
}

/// Why decryption did not work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecryptError {
    /// Padding or structure after decryption was wrong: almost always a wrong password.
    WrongPassword,
    /// A scheme certlens does not implement (named).
    Unsupported(String),
    /// The parameters are damaged.
    Malformed(String),
    /// Not tried: the key derivation would take more work than is left for this drop.
    OverBudget,
}

impl std::fmt::Display for DecryptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecryptError::WrongPassword => write!(f, "the password is wrong"),
            DecryptError::Unsupported(s) => write!(f, "{s} is not supported"),
            DecryptError::Malformed(s) => write!(f, "{s}"),
            DecryptError::OverBudget => write!(f, "not decrypted: the key derivation asks for more work than certlens allows for one drop"),
        }
    }
}

/// One way of turning the user's password into bytes. PKCS#12 uses a
/// BMPString with a terminating zero (`bmp`), PBES2 the UTF-8 bytes (`utf8`).
pub struct Secret {
    /// UTF-8 bytes of the password.
    pub utf8: Zeroizing<Vec<u8>>,
    /// UTF-16BE with two zero bytes at the end (or no bytes at all: the
    /// "absent password" variant some exporters use for an empty password).
    pub bmp: Zeroizing<Vec<u8>>,
}

impl Secret {
    /// The encodings to try for a password, most likely first. For the empty
    /// password both the `00 00` and the zero-length form are tried.
    pub fn candidates(password: &str) -> Vec<Secret> {
        let utf8 = || Zeroizing::new(password.as_bytes().to_vec());
        let mut bmp: Vec<u8> = password.encode_utf16().flat_map(u16::to_be_bytes).collect();
        bmp.extend_from_slice(&[0, 0]);
        let mut out = vec![Secret { utf8: utf8(), bmp: Zeroizing::new(bmp) }];
        if password.is_empty() {
            out.push(Secret { utf8: utf8(), bmp: Zeroizing::new(Vec::new()) });
        } else if !password.is_ascii() {
            // Old OpenSSL widened each UTF-8 byte on its own.
            let mut wide: Vec<u8> = password.bytes().flat_map(|b| [0, b]).collect();
            wide.extend_from_slice(&[0, 0]);
            out.push(Secret { utf8: utf8(), bmp: Zeroizing::new(wide) });
        }
        out
    }
}

/// Hash functions used by the schemes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HashAlg {
    /// MD5.
    Md5,
    /// SHA-1.
    Sha1,
    /// SHA-224.
    Sha224,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl HashAlg {
    /// From a digest algorithm OID.
    pub fn from_digest_oid(oid: &str) -> Option<Self> {
        Some(match oid {
            "1.2.840.113549.2.5" => HashAlg::Md5,
            "1.3.14.3.2.26" => HashAlg::Sha1,
            "2.16.840.1.101.3.4.2.4" => HashAlg::Sha224,
            "2.16.840.1.101.3.4.2.1" => HashAlg::Sha256,
            "2.16.840.1.101.3.4.2.2" => HashAlg::Sha384,
            "2.16.840.1.101.3.4.2.3" => HashAlg::Sha512,
            _ => return None,
        })
    }

    fn from_hmac_oid(oid: &str) -> Option<Self> {
        Some(match oid {
            "1.2.840.113549.2.7" => HashAlg::Sha1,
            "1.2.840.113549.2.8" => HashAlg::Sha224,
            "1.2.840.113549.2.9" => HashAlg::Sha256,
            "1.2.840.113549.2.10" => HashAlg::Sha384,
            "1.2.840.113549.2.11" => HashAlg::Sha512,
            _ => return None,
        })
    }

    /// Readable name.
    pub fn name(self) -> &'static str {
        match self {
            HashAlg::Md5 => "MD5",
            HashAlg::Sha1 => "SHA-1",
            HashAlg::Sha224 => "SHA-224",
            HashAlg::Sha256 => "SHA-256",
            HashAlg::Sha384 => "SHA-384",
            HashAlg::Sha512 => "SHA-512",
        }
    }

    /// Output length in bytes.
    pub fn digest_len(self) -> usize {
        match self {
            HashAlg::Md5 => 16,
            HashAlg::Sha1 => 20,
            HashAlg::Sha224 => 28,
            HashAlg::Sha256 => 32,
            HashAlg::Sha384 => 48,
            HashAlg::Sha512 => 64,
        }
    }

    fn block_len(self) -> usize {
        match self {
            HashAlg::Sha384 | HashAlg::Sha512 => 128,
            _ => 64,
        }
    }

    /// Hash the concatenation of `parts`.
    pub fn digest(self, parts: &[&[u8]]) -> Vec<u8> {
        use sha2::Digest;
        macro_rules! run {
            ($h:ty) => {{
                let mut h = <$h>::new();
                for p in parts {
                    h.update(p);
                }
                h.finalize().to_vec()
            }};
        }
        match self {
            HashAlg::Md5 => run!(md5::Md5),
            HashAlg::Sha1 => run!(sha1::Sha1),
            HashAlg::Sha224 => run!(sha2::Sha224),
            HashAlg::Sha256 => run!(sha2::Sha256),
            HashAlg::Sha384 => run!(sha2::Sha384),
            HashAlg::Sha512 => run!(sha2::Sha512),
        }
    }

    /// HMAC of `data` under `key`.
    pub fn hmac(self, key: &[u8], data: &[u8]) -> Vec<u8> {
        use hmac::{Hmac, Mac};
        macro_rules! run {
            ($h:ty) => {{
                match <Hmac<$h> as Mac>::new_from_slice(key) {
                    Ok(mut m) => {
                        m.update(data);
                        m.finalize().into_bytes().to_vec()
                    }
                    Err(_) => Vec::new(),
                }
            }};
        }
        match self {
            HashAlg::Md5 => run!(md5::Md5),
            HashAlg::Sha1 => run!(sha1::Sha1),
            HashAlg::Sha224 => run!(sha2::Sha224),
            HashAlg::Sha256 => run!(sha2::Sha256),
            HashAlg::Sha384 => run!(sha2::Sha384),
            HashAlg::Sha512 => run!(sha2::Sha512),
        }
    }

    fn pbkdf2(self, password: &[u8], salt: &[u8], rounds: u32, out: &mut [u8]) -> Result<(), DecryptError> {
        use pbkdf2::pbkdf2_hmac;
        match self {
            HashAlg::Sha1 => pbkdf2_hmac::<sha1::Sha1>(password, salt, rounds, out),
            HashAlg::Sha224 => pbkdf2_hmac::<sha2::Sha224>(password, salt, rounds, out),
            HashAlg::Sha256 => pbkdf2_hmac::<sha2::Sha256>(password, salt, rounds, out),
            HashAlg::Sha384 => pbkdf2_hmac::<sha2::Sha384>(password, salt, rounds, out),
            HashAlg::Sha512 => pbkdf2_hmac::<sha2::Sha512>(password, salt, rounds, out),
            HashAlg::Md5 => return Err(DecryptError::Unsupported("PBKDF2 with HMAC-MD5".into())),
        }
        Ok(())
    }
}

/// The PKCS#12 key-derivation function (RFC 7292, appendix B.2).
/// `id` is 1 for keys, 2 for IVs, 3 for MAC keys.
pub fn pkcs12_kdf(hash: HashAlg, pass_bmp: &[u8], salt: &[u8], id: u8, iterations: u32, n: usize) -> Zeroizing<Vec<u8>> {
    let v = hash.block_len();
    let fill = |src: &[u8]| -> Vec<u8> {
        if src.is_empty() {
            Vec::new()
        } else {
            src.iter().cycle().take(v * src.len().div_ceil(v)).copied().collect()
        }
    };
    let d = vec![id; v];
    let mut i_buf = Zeroizing::new([fill(salt), fill(pass_bmp)].concat());
    let mut out = Zeroizing::new(Vec::with_capacity(n + 64));
    while out.len() < n {
        let mut a = hash.digest(&[&d, &i_buf]);
        for _ in 1..iterations {
            a = hash.digest(&[&a]);
        }
        let b: Vec<u8> = a.iter().cycle().take(v).copied().collect();
        for chunk in i_buf.chunks_mut(v) {
            let mut carry: u16 = 1;
            for (x, y) in chunk.iter_mut().rev().zip(b.iter().rev()) {
                let [hi, lo] = (u16::from(*x) + u16::from(*y) + carry).to_be_bytes();
                *x = lo;
                carry = u16::from(hi);
            }
        }
        out.extend_from_slice(&a);
    }
    out.truncate(n);
    out
}

/// Block ciphers in CBC mode with PKCS#7 padding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cipher {
    Aes128,
    Aes192,
    Aes256,
    DesEde3,
    DesEde2,
    Des,
    /// RC2 with this many effective key bits.
    Rc2(usize),
}

impl Cipher {
    fn key_len(self) -> usize {
        match self {
            Cipher::Aes128 | Cipher::DesEde2 => 16,
            Cipher::Aes192 | Cipher::DesEde3 => 24,
            Cipher::Aes256 => 32,
            Cipher::Des => 8,
            Cipher::Rc2(bits) => bits / 8,
        }
    }
    fn iv_len(self) -> usize {
        match self {
            Cipher::Aes128 | Cipher::Aes192 | Cipher::Aes256 => 16,
            _ => 8,
        }
    }
    fn name(self) -> String {
        match self {
            Cipher::Aes128 => "AES-128-CBC".into(),
            Cipher::Aes192 => "AES-192-CBC".into(),
            Cipher::Aes256 => "AES-256-CBC".into(),
            Cipher::DesEde3 => "3DES-CBC".into(),
            Cipher::DesEde2 => "2-key 3DES-CBC".into(),
            Cipher::Des => "DES-CBC".into(),
            Cipher::Rc2(bits) => format!("RC2-{bits}-CBC"),
        }
    }
    fn legacy(self) -> bool {
        !matches!(self, Cipher::Aes128 | Cipher::Aes192 | Cipher::Aes256)
    }

    fn decrypt(self, key: &[u8], iv: &[u8], data: &[u8]) -> Result<Zeroizing<Vec<u8>>, DecryptError> {
        use cbc::cipher::{block_padding::Pkcs7, BlockDecryptMut, InnerIvInit, KeyIvInit};
        let bad = |_| DecryptError::Malformed("wrong key or IV length".into());
        let bs = if self.iv_len() == 16 { 16 } else { 8 };
        if data.is_empty() || data.len() % bs != 0 {
            return Err(DecryptError::Malformed(format!(
                "the encrypted data is {} bytes, not a whole number of {bs}-byte blocks (file damaged or cut off)",
                data.len()
            )));
        }
        let mut buf = Zeroizing::new(data.to_vec());
        let plain_len = match self {
            Cipher::Aes128 => cbc::Decryptor::<aes::Aes128>::new_from_slices(key, iv).map_err(bad)?.decrypt_padded_mut::<Pkcs7>(&mut buf).map(<[u8]>::len),
            Cipher::Aes192 => cbc::Decryptor::<aes::Aes192>::new_from_slices(key, iv).map_err(bad)?.decrypt_padded_mut::<Pkcs7>(&mut buf).map(<[u8]>::len),
            Cipher::Aes256 => cbc::Decryptor::<aes::Aes256>::new_from_slices(key, iv).map_err(bad)?.decrypt_padded_mut::<Pkcs7>(&mut buf).map(<[u8]>::len),
            Cipher::DesEde3 => cbc::Decryptor::<des::TdesEde3>::new_from_slices(key, iv).map_err(bad)?.decrypt_padded_mut::<Pkcs7>(&mut buf).map(<[u8]>::len),
            Cipher::DesEde2 => cbc::Decryptor::<des::TdesEde2>::new_from_slices(key, iv).map_err(bad)?.decrypt_padded_mut::<Pkcs7>(&mut buf).map(<[u8]>::len),
            Cipher::Des => cbc::Decryptor::<des::Des>::new_from_slices(key, iv).map_err(bad)?.decrypt_padded_mut::<Pkcs7>(&mut buf).map(<[u8]>::len),
            Cipher::Rc2(bits) => {
                // The rc2 crate indexes by these: keep them in its range.
                if key.is_empty() || key.len() > 128 || !(8..=1024).contains(&bits) {
                    return Err(DecryptError::Malformed(format!("an RC2 key of {} bytes / {bits} bits is not valid", key.len())));
                }
                let inner = rc2::Rc2::new_with_eff_key_len(key, bits);
                cbc::Decryptor::<rc2::Rc2>::inner_iv_slice_init(inner, iv).map_err(bad)?.decrypt_padded_mut::<Pkcs7>(&mut buf).map(<[u8]>::len)
            }
        }
        .map_err(|_| DecryptError::WrongPassword)?;
        buf.truncate(plain_len);
        Ok(buf)
    }
}

fn cipher_from_oid(oid: &str) -> Option<Cipher> {
    Some(match oid {
        "2.16.840.1.101.3.4.1.2" => Cipher::Aes128,
        "2.16.840.1.101.3.4.1.22" => Cipher::Aes192,
        "2.16.840.1.101.3.4.1.42" => Cipher::Aes256,
        "1.2.840.113549.3.7" => Cipher::DesEde3,
        "1.3.14.3.2.7" => Cipher::Des,
        "1.2.840.113549.3.2" => Cipher::Rc2(128),
        _ => return None,
    })
}

/// The PKCS#12 PBE schemes (RFC 7292 appendix C) by OID: name, cipher.
fn pkcs12_scheme(oid: &str) -> Option<(&'static str, Option<Cipher>)> {
    Some(match oid {
        "1.2.840.113549.1.12.1.1" => ("pbeWithSHAAnd128BitRC4", None),
        "1.2.840.113549.1.12.1.2" => ("pbeWithSHAAnd40BitRC4", None),
        "1.2.840.113549.1.12.1.3" => ("pbeWithSHAAnd3-KeyTripleDES-CBC", Some(Cipher::DesEde3)),
        "1.2.840.113549.1.12.1.4" => ("pbeWithSHAAnd2-KeyTripleDES-CBC", Some(Cipher::DesEde2)),
        "1.2.840.113549.1.12.1.5" => ("pbeWithSHAAnd128BitRC2-CBC", Some(Cipher::Rc2(128))),
        "1.2.840.113549.1.12.1.6" => ("pbeWithSHAAnd40BitRC2-CBC", Some(Cipher::Rc2(40))),
        _ => return None,
    })
}

/// PBES1 (PKCS#5 v1.5) schemes: name, hash, cipher.
fn pbes1_scheme(oid: &str) -> Option<(&'static str, HashAlg, Option<Cipher>)> {
    Some(match oid {
        "1.2.840.113549.1.5.3" => ("pbeWithMD5AndDES-CBC", HashAlg::Md5, Some(Cipher::Des)),
        "1.2.840.113549.1.5.10" => ("pbeWithSHA1AndDES-CBC", HashAlg::Sha1, Some(Cipher::Des)),
        "1.2.840.113549.1.5.6" => ("pbeWithMD5AndRC2-CBC", HashAlg::Md5, Some(Cipher::Rc2(64))),
        "1.2.840.113549.1.5.11" => ("pbeWithSHA1AndRC2-CBC", HashAlg::Sha1, Some(Cipher::Rc2(64))),
        _ => return None,
    })
}

/// An AlgorithmIdentifier: OID and the parameters element, if any.
pub fn algorithm_identifier<'a>(alg: &Tlv<'a>) -> Result<(String, Option<Tlv<'a>>), DecryptError> {
    let parts = children(alg).map_err(|e| DecryptError::Malformed(format!("algorithm identifier: {e}")))?;
    let mut it = parts.into_iter();
    let oid_tlv = it.next().filter(|t| t.tag == 0x06).ok_or_else(|| DecryptError::Malformed("algorithm identifier has no OID".into()))?;
    let oid = oid_to_string(oid_tlv.value).ok_or_else(|| DecryptError::Malformed("algorithm identifier has a bad OID".into()))?;
    Ok((oid, it.next()))
}

/// An iteration count: a positive INTEGER below 2^64 (counts above
/// [`MAX_ITERATIONS`] are refused later, as unsupported). Zero, negative and
/// absurd values (2^64 and up) are malformed, never read as some other number.
pub fn iteration_count(t: &Tlv<'_>) -> Result<u64, DecryptError> {
    let bad = |what: String| Err(DecryptError::Malformed(format!("the iteration count {what} is not valid (the file is damaged or was made to mislead)")));
    if t.tag != 0x02 || t.value.is_empty() {
        return bad(format!("(tag 0x{:02x}, {} bytes)", t.tag, t.value.len()));
    }
    if t.value.first().is_some_and(|b| b & 0x80 != 0) {
        let shown = if t.value.len() <= 8 {
            let v = t.value.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
            let bits = u32::try_from(t.value.len() * 8).unwrap_or(64);
            // Two's complement of a value `bits` wide.
            let neg = if bits >= 64 { v.wrapping_neg() } else { (1u64 << bits) - v };
            format!("-{neg}")
        } else {
            format!("(a negative number of {} bytes)", t.value.len())
        };
        return bad(shown);
    }
    match small_uint(t) {
        Some(0) => bad("0".into()),
        Some(n) => Ok(n),
        None => {
            // Bit length of the value: it is at least 2^(bits - 1).
            let significant = t.value.iter().skip_while(|b| **b == 0).count();
            let top = t.value.iter().find(|b| **b != 0).map_or(0, |b| 8 - b.leading_zeros() as usize);
            let bits = significant.saturating_sub(1) * 8 + top;
            bad(format!("2^{} or more", bits.saturating_sub(1)))
        }
    }
}

/// An unsigned INTEGER as u64 (None when negative or too big).
pub fn small_uint(t: &Tlv<'_>) -> Option<u64> {
    if t.tag != 0x02 || t.value.is_empty() || t.value.first().is_some_and(|b| b & 0x80 != 0) {
        return None;
    }
    let v: &[u8] = match t.value {
        [0, rest @ ..] if !rest.is_empty() => rest,
        v => v,
    };
    if v.len() > 8 {
        return None;
    }
    Some(v.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
}

fn malformed(what: &str) -> DecryptError {
    DecryptError::Malformed(format!("the {what} parameters are damaged"))
}

/// Salt and iteration count: `SEQUENCE { salt OCTET STRING, iterations INTEGER }`.
fn salt_iterations<'a>(params: Option<Tlv<'a>>, what: &str) -> Result<(&'a [u8], u64), DecryptError> {
    let p = params.filter(|p| p.tag == 0x30).ok_or_else(|| malformed(what))?;
    let kids = children(&p).map_err(|_| malformed(what))?;
    let salt = kids.first().filter(|t| t.tag == 0x04).ok_or_else(|| malformed(what))?;
    let iter = iteration_count(kids.get(1).ok_or_else(|| malformed(what))?)?;
    Ok((salt.value, iter))
}

fn check_iterations(n: u64) -> Result<u32, DecryptError> {
    if n == 0 {
        return Err(DecryptError::Malformed("the iteration count is 0".into()));
    }
    if n > MAX_ITERATIONS {
        return Err(DecryptError::Unsupported(format!(
            "an iteration count of {} (more than {}, refused to keep the page responsive)",
            crate::text::grouped(n),
            crate::text::grouped(MAX_ITERATIONS)
        )));
    }
    u32::try_from(n).map_err(|_| DecryptError::Malformed("iteration count too large".into()))
}

struct Pbes2<'a> {
    kdf_hash: HashAlg,
    salt: &'a [u8],
    iterations: u64,
    key_len: Option<usize>,
    cipher: Cipher,
    iv: &'a [u8],
}

fn parse_pbes2<'a>(params: Option<Tlv<'a>>) -> Result<Pbes2<'a>, DecryptError> {
    let p = params.filter(|p| p.tag == 0x30).ok_or_else(|| malformed("PBES2"))?;
    let kids = children(&p).map_err(|_| malformed("PBES2"))?;
    let kdf = kids.first().ok_or_else(|| malformed("PBES2"))?;
    let enc = kids.get(1).ok_or_else(|| malformed("PBES2"))?;
    let (kdf_oid, kdf_params) = algorithm_identifier(kdf)?;
    match kdf_oid.as_str() {
        "1.2.840.113549.1.5.12" => {}
        "1.3.6.1.4.1.11591.4.11" => return Err(DecryptError::Unsupported("PBES2 with scrypt".into())),
        other => return Err(DecryptError::Unsupported(format!("PBES2 key derivation {other}"))),
    }
    let kp = kdf_params.filter(|p| p.tag == 0x30).ok_or_else(|| malformed("PBKDF2"))?;
    let kk = children(&kp).map_err(|_| malformed("PBKDF2"))?;
    let salt = kk.first().filter(|t| t.tag == 0x04).ok_or_else(|| malformed("PBKDF2"))?.value;
    let iterations = iteration_count(kk.get(1).ok_or_else(|| malformed("PBKDF2"))?)?;
    let mut key_len = None;
    let mut kdf_hash = HashAlg::Sha1;
    for t in kk.iter().skip(2) {
        if t.tag == 0x02 {
            key_len = small_uint(t).and_then(|n| usize::try_from(n).ok());
        } else if t.tag == 0x30 {
            let (prf, _) = algorithm_identifier(t)?;
            kdf_hash = HashAlg::from_hmac_oid(&prf)
                .ok_or_else(|| DecryptError::Unsupported(format!("PBKDF2 with pseudo-random function {prf}")))?;
        }
    }
    let (enc_oid, enc_params) = algorithm_identifier(enc)?;
    let cipher = cipher_from_oid(&enc_oid).ok_or_else(|| DecryptError::Unsupported(format!("PBES2 cipher {enc_oid}")))?;
    let iv = match (cipher, enc_params) {
        (Cipher::Rc2(_), Some(p)) if p.tag == 0x30 => {
            // RC2-CBC parameters: SEQUENCE { version INTEGER OPTIONAL, iv OCTET STRING }
            let k = children(&p).map_err(|_| malformed("RC2-CBC"))?;
            k.iter().find(|t| t.tag == 0x04).map(|t| t.value).ok_or_else(|| malformed("RC2-CBC"))?
        }
        (_, Some(p)) if p.tag == 0x04 => p.value,
        _ => return Err(malformed("cipher IV")),
    };
    Ok(Pbes2 { kdf_hash, salt, iterations, key_len, cipher, iv })
}

/// Describe an encryption AlgorithmIdentifier for the user.
pub fn describe(alg: &Tlv<'_>) -> PbeInfo {
    let (oid, params) = match algorithm_identifier(alg) {
        Ok(x) => x,
        Err(e) => {
            return PbeInfo { algorithm: format!("unreadable ({e})"), oid: String::new(), iterations: None, legacy: false, supported: false }
        }
    };
    if oid == "1.2.840.113549.1.5.13" {
        return match parse_pbes2(params) {
            Ok(p) => PbeInfo {
                algorithm: format!("PBES2 (PBKDF2-HMAC-{}, {})", p.kdf_hash.name(), p.cipher.name()),
                oid,
                iterations: Some(p.iterations),
                legacy: p.cipher.legacy(),
                supported: true,
            },
            Err(e) => PbeInfo { algorithm: format!("PBES2 ({e})"), oid, iterations: None, legacy: false, supported: false },
        };
    }
    let iterations = salt_iterations(params, "PBE").ok().map(|(_, i)| i);
    if let Some((name, cipher)) = pkcs12_scheme(&oid) {
        return PbeInfo { algorithm: name.into(), oid, iterations, legacy: true, supported: cipher.is_some() };
    }
    if let Some((name, _, _)) = pbes1_scheme(&oid) {
        return PbeInfo { algorithm: name.into(), oid, iterations, legacy: true, supported: true };
    }
    PbeInfo { algorithm: format!("unknown scheme {oid}"), oid, iterations: None, legacy: false, supported: false }
}

/// Decrypt `data` encrypted with the scheme `alg` under `secret`, taking the
/// key derivation's work from `budget` first ([`DecryptError::OverBudget`]
/// when it does not fit: nothing is derived then).
pub fn decrypt(alg: &Tlv<'_>, secret: &Secret, data: &[u8], budget: &mut DerivationBudget) -> Result<Zeroizing<Vec<u8>>, DecryptError> {
    let (oid, params) = algorithm_identifier(alg)?;
    let mut spend = |work: u64| if budget.take(work) { Ok(()) } else { Err(DecryptError::OverBudget) };
    if oid == "1.2.840.113549.1.5.13" {
        let p = parse_pbes2(params)?;
        let rounds = check_iterations(p.iterations)?;
        let key_len = p.key_len.unwrap_or(p.cipher.key_len());
        if key_len != p.cipher.key_len() && !matches!(p.cipher, Cipher::Rc2(_)) {
            return Err(DecryptError::Malformed(format!("key length {key_len} does not fit {}", p.cipher.name())));
        }
        if key_len > 64 {
            return Err(malformed("PBKDF2 key length"));
        }
        if p.kdf_hash == HashAlg::Md5 {
            return Err(DecryptError::Unsupported("PBKDF2 with HMAC-MD5".into()));
        }
        spend(derivation_work(p.kdf_hash, true, p.iterations, key_len))?;
        let mut key = Zeroizing::new(vec![0u8; key_len]);
        p.kdf_hash.pbkdf2(&secret.utf8, p.salt, rounds, &mut key)?;
        let cipher = match p.cipher {
            Cipher::Rc2(_) => Cipher::Rc2(key_len * 8),
            c => c,
        };
        return cipher.decrypt(&key, p.iv, data);
    }
    if let Some((name, cipher)) = pkcs12_scheme(&oid) {
        let cipher = cipher.ok_or_else(|| DecryptError::Unsupported(name.to_string()))?;
        let (salt, iterations) = salt_iterations(params, name)?;
        let rounds = check_iterations(iterations)?;
        spend(derivation_work(HashAlg::Sha1, false, iterations, cipher.key_len()) + derivation_work(HashAlg::Sha1, false, iterations, cipher.iv_len()))?;
        let key = pkcs12_kdf(HashAlg::Sha1, &secret.bmp, salt, 1, rounds, cipher.key_len());
        let iv = pkcs12_kdf(HashAlg::Sha1, &secret.bmp, salt, 2, rounds, cipher.iv_len());
        return cipher.decrypt(&key, &iv, data);
    }
    if let Some((name, hash, cipher)) = pbes1_scheme(&oid) {
        let cipher = cipher.ok_or_else(|| DecryptError::Unsupported(name.to_string()))?;
        let (salt, iterations) = salt_iterations(params, name)?;
        let rounds = check_iterations(iterations)?;
        spend(derivation_work(hash, false, iterations, 16))?;
        // PBKDF1: T = H^c(P || S); key = T[0..8], IV = T[8..16].
        let mut t = Zeroizing::new(hash.digest(&[&secret.utf8, salt]));
        for _ in 1..rounds {
            t = Zeroizing::new(hash.digest(&[&t]));
        }
        let key = t.get(..8).ok_or_else(|| malformed(name))?;
        let iv = t.get(8..16).ok_or_else(|| malformed(name))?;
        return cipher.decrypt(key, iv, data);
    }
    Err(DecryptError::Unsupported(format!("encryption scheme {oid}")))
}

/// Decrypt a legacy OpenSSL PEM body (`DEK-Info: CIPHER,IVHEX`), key from
/// `EVP_BytesToKey(MD5, password, iv[..8], 1)`.
pub fn decrypt_legacy_pem(dek_info: &str, password: &str, data: &[u8]) -> Result<Zeroizing<Vec<u8>>, DecryptError> {
    let (name, iv_hex) = dek_info.split_once(',').ok_or_else(|| malformed("DEK-Info"))?;
    let cipher = match name.trim().to_ascii_uppercase().as_str() {
        "AES-128-CBC" => Cipher::Aes128,
        "AES-192-CBC" => Cipher::Aes192,
        "AES-256-CBC" => Cipher::Aes256,
        "DES-EDE3-CBC" => Cipher::DesEde3,
        "DES-CBC" => Cipher::Des,
        other => return Err(DecryptError::Unsupported(format!("PEM encryption {other}"))),
    };
    let iv = crate::der::unhex(iv_hex.trim()).ok_or_else(|| malformed("DEK-Info IV"))?;
    if iv.len() != cipher.iv_len() {
        return Err(malformed("DEK-Info IV"));
    }
    let salt = iv.get(..8).ok_or_else(|| malformed("DEK-Info IV"))?;
    let mut key = Zeroizing::new(Vec::new());
    let mut prev: Vec<u8> = Vec::new();
    while key.len() < cipher.key_len() {
        prev = HashAlg::Md5.digest(&[&prev, password.as_bytes(), salt]);
        key.extend_from_slice(&prev);
    }
    key.truncate(cipher.key_len());
    cipher.decrypt(&key, &iv, data)
}

/// Describe a legacy PEM `DEK-Info` header.
pub fn describe_legacy_pem(dek_info: &str) -> PbeInfo {
    let name = dek_info.split(',').next().unwrap_or_default().trim().to_ascii_uppercase();
    let supported = matches!(name.as_str(), "AES-128-CBC" | "AES-192-CBC" | "AES-256-CBC" | "DES-EDE3-CBC" | "DES-CBC");
    PbeInfo {
        algorithm: format!("OpenSSL legacy PEM encryption ({name}, MD5 key derivation)"),
        oid: String::new(),
        iterations: Some(1),
        legacy: true,
        supported,
    }
}

/// Read the first TLV of `bytes` (helper for callers holding raw parameters).
pub fn first_tlv(bytes: &[u8]) -> Option<Tlv<'_>> {
    read_tlv(bytes, 0).ok().map(|(t, _)| t)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn a_legacy_pem_iv_is_whole_hex_pairs_and_nothing_else() {
        let data = [0u8; 16];
        // Whole pairs (either case) are read; a sign or a space inside a pair is not hex
        // (`u8::from_str_radix` took "+a" as 0x0a).
        assert!(!matches!(decrypt_legacy_pem("AES-128-CBC,00112233445566778899AABBCCDDeeff", "pw", &data), Err(DecryptError::Malformed(_))));
        for iv in ["+a112233445566778899aabbccddeeff", "0011223344556677 899aabbccddeeff", "0011223344556677889", "00112233445566778899aabbccddeeé"] {
            assert!(matches!(decrypt_legacy_pem(&format!("AES-128-CBC,{iv}"), "pw", &data), Err(DecryptError::Malformed(_))), "{iv}");
        }
    }

    #[test]
    fn pkcs12_kdf_known_answer() {
        // From the BouncyCastle / RFC 7292 test vectors: password "smeg", salt 0A58CF64530D823F, 1 iteration.
        let pass: Vec<u8> = "smeg".encode_utf16().flat_map(u16::to_be_bytes).chain([0, 0]).collect();
        let salt = [0x0a, 0x58, 0xcf, 0x64, 0x53, 0x0d, 0x82, 0x3f];
        let key = pkcs12_kdf(HashAlg::Sha1, &pass, &salt, 1, 1, 24);
        assert_eq!(crate::der::hex(&key), "8aaae6297b6cb04642ab5b077851284eb7128f1a2a7fbca3");
        let iv = pkcs12_kdf(HashAlg::Sha1, &pass, &salt, 2, 1, 8);
        assert_eq!(crate::der::hex(&iv), "79993dfe048d3b76");
    }

    #[test]
    fn empty_password_has_two_forms() {
        let c = Secret::candidates("");
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].bmp.as_slice(), &[0, 0]);
        assert!(c[1].bmp.is_empty());
        assert_eq!(Secret::candidates("a")[0].bmp.as_slice(), &[0, 0x61, 0, 0]);
    }

    #[test]
    fn rc2_key_sizes_out_of_range_are_errors() {
        let data = [0u8; 8];
        for (key, bits) in [(&[][..], 40), (&[1u8; 5][..], 0), (&[1u8; 200][..], 1600)] {
            assert!(matches!(Cipher::Rc2(bits).decrypt(key, &[0; 8], &data), Err(DecryptError::Malformed(_))));
        }
    }

    #[test]
    fn hostile_iterations_refused() {
        assert!(matches!(check_iterations(MAX_ITERATIONS + 1), Err(DecryptError::Unsupported(_))));
        assert!(check_iterations(0).is_err());
    }

    fn int(bytes: &[u8]) -> Vec<u8> {
        [&[0x02, u8::try_from(bytes.len()).unwrap()][..], bytes].concat()
    }

    #[test]
    fn absurd_iteration_counts_are_malformed_not_read_as_small_numbers() {
        let cases: [(&[u8], &str); 5] = [
            (&[1, 0, 0, 0, 0, 0, 0, 0, 0], "2^64 or more"),
            (&[1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "2^128 or more"),
            (&[0xff], "-1"),
            (&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], "negative"),
            (&[0], "count 0 "),
        ];
        for (value, shown) in cases {
            let der = int(value);
            let t = first_tlv(&der).unwrap();
            match iteration_count(&t) {
                Err(DecryptError::Malformed(m)) => assert!(m.contains(shown), "{m}"),
                other => panic!("{value:02x?}: {other:?}"),
            }
        }
        assert_eq!(iteration_count(&first_tlv(&int(&[0x00, 0x80])).unwrap()), Ok(128));
    }

    #[test]
    fn derivation_work_is_weighted_and_refused_before_starting() {
        assert_eq!(derivation_work(HashAlg::Sha256, true, 2_000_000, 32), 2_000_000);
        // 3DES under the PKCS#12 KDF: two SHA-1 blocks of key, one of IV.
        assert_eq!(derivation_work(HashAlg::Sha1, false, 1000, 24) + derivation_work(HashAlg::Sha1, false, 1000, 8), 1650);
        let mut b = DerivationBudget::new(10);
        assert!(b.take(6));
        assert!(!b.take(6));
        assert!(b.take(4));
        assert_eq!((b.refused, b.refused_work, b.exhausted()), (1, 6, true));
    }
}
