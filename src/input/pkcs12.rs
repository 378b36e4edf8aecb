//! PKCS#12 (`.pfx`, `.p12`): structure without a password, MAC check and
//! decryption with one, keys and certificates with their bag attributes.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::keys::{self, KeyKind, KeyReport};
use super::pbe::{self, DecryptError, DerivationBudget, HashAlg, PbeInfo, Secret, MAX_DERIVATION_WORK, MAX_ITERATIONS};
use super::{problem_with, InputProblem, InputSeverity, ItemAttributes};
use crate::der::{children, hex, oid_to_string, read_tlv, Tlv};
use crate::diag::Code;

const OID_DATA: &str = "1.2.840.113549.1.7.1";
const OID_SIGNED: &str = "1.2.840.113549.1.7.2";
const OID_ENVELOPED: &str = "1.2.840.113549.1.7.3";
const OID_ENCRYPTED: &str = "1.2.840.113549.1.7.6";
const BAG_KEY: &str = "1.2.840.113549.1.12.10.1.1";
const BAG_SHROUDED: &str = "1.2.840.113549.1.12.10.1.2";
const BAG_CERT: &str = "1.2.840.113549.1.12.10.1.3";
const BAG_CRL: &str = "1.2.840.113549.1.12.10.1.4";
const BAG_SECRET: &str = "1.2.840.113549.1.12.10.1.5";
const BAG_SAFE: &str = "1.2.840.113549.1.12.10.1.6";
const ATTR_FRIENDLY: &str = "1.2.840.113549.1.9.20";
const ATTR_LOCAL_KEY_ID: &str = "1.2.840.113549.1.9.21";
const CERT_X509: &str = "1.2.840.113549.1.9.22.1";
const PBMAC1: &str = "1.2.840.113549.1.5.14";

/// How deep `safeContents` bags may nest inside each other. Real files use one
/// or two levels; a key five levels down must still be found. Deeper bags are
/// reported, never dropped silently.
pub const MAX_SAFE_CONTENTS_DEPTH: usize = 16;

/// Whether and how a password was used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PasswordState {
    /// Nothing in the file needs a password.
    NotNeeded,
    /// The file opened with the empty password (none was typed, or an empty one).
    Empty,
    /// The password given was right.
    Accepted,
    /// A password is needed and none was given.
    Needed,
    /// The password given is wrong.
    Wrong,
}

impl PasswordState {
    /// Whether the file stays locked: a password is needed and none, or a wrong one, was given.
    pub fn locks(self) -> bool {
        matches!(self, Self::Needed | Self::Wrong)
    }
}

/// The MAC (integrity check) of a PKCS#12 file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MacReport {
    /// E.g. `HMAC-SHA-256`, `PBMAC1`.
    pub algorithm: String,
    /// Iteration count of the MAC key derivation.
    pub iterations: u64,
    /// `Some(true)` verified, `Some(false)` did not verify, `None` not checked.
    pub verified: Option<bool>,
}

/// One bag (item) inside a container.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BagReport {
    /// `certificate`, `shrouded-key` (encrypted key), `key`, `crl`, `secret`, `other`.
    pub kind: String,
    /// Encryption of a shrouded key.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub encryption: Option<PbeInfo>,
    /// Friendly name attribute.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub friendly_name: Option<String>,
    /// Local key ID attribute, lowercase hex.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub local_key_id: Option<String>,
}

/// One part of a container: plain or encrypted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerPart {
    /// `data` (readable without a password), `encryptedData` (password) or `envelopedData` (a recipient's key).
    pub kind: String,
    /// The encryption of an encrypted part.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub encryption: Option<PbeInfo>,
    /// True when the bags of this part could be read.
    pub opened: bool,
    /// The bags, when readable.
    pub bags: Vec<BagReport>,
}

/// The structure of a PKCS#12 or PKCS#7 file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerReport {
    /// `PKCS#12` or `PKCS#7`.
    pub format: String,
    /// One line: what the container holds.
    pub summary: String,
    /// Password situation.
    pub password: PasswordState,
    /// The MAC, when present.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub mac: Option<MacReport>,
    /// Parts, in file order.
    pub parts: Vec<ContainerPart>,
    /// True when any part or key uses a legacy scheme (3DES, RC2, RC4, DES).
    pub legacy: bool,
    /// Plain words on private-key presence, e.g. "contains a private key".
    pub private_key: String,
    /// Number of certificates found.
    pub certificate_count: usize,
    /// Number of keys found (including encrypted ones).
    pub key_count: usize,
}

impl ContainerReport {
    /// A container without encryption or structure of its own to show (PKCS#7, a serialized
    /// store, a registry export, a ZIP archive): no password, no MAC, no parts.
    pub fn plain(format: &str, summary: String, private_key: impl Into<String>, certificate_count: usize, key_count: usize) -> Self {
        Self {
            format: format.into(),
            summary,
            password: PasswordState::NotNeeded,
            mac: None,
            parts: Vec::new(),
            legacy: false,
            private_key: private_key.into(),
            certificate_count,
            key_count,
        }
    }
}

/// "3 certificates" and, when there are any, ", 1 CRL": what a store or bundle holds.
pub fn certificates_and_crls(certificates: usize, crls: usize) -> String {
    let mut s = crate::text::count(certificates, "certificate", "certificates");
    if crls > 0 {
        s.push_str(&format!(", {}", crate::text::count(crls, "CRL", "CRLs")));
    }
    s
}

/// Everything read from a PKCS#12 file.
#[derive(Debug, Default)]
pub struct Pkcs12Contents {
    /// The structure, for the report.
    pub container: Option<ContainerReport>,
    /// Certificates (DER) with their bag attributes.
    pub certificates: Vec<(Vec<u8>, ItemAttributes)>,
    /// CRLs (DER).
    pub crls: Vec<Vec<u8>>,
    /// Keys: public facts only.
    pub keys: Vec<KeyReport>,
    /// Problems and notes.
    pub problems: Vec<InputProblem>,
    /// True when something stayed encrypted.
    pub locked: bool,
}

/// Does this SEQUENCE look like a PFX (`version 3, ContentInfo, MacData?`)?
pub fn looks_like_pfx(kids: &[Tlv<'_>]) -> bool {
    matches!(kids, [v, ci, ..] if v.tag == 0x02 && v.value == [3] && ci.tag == 0x30
        && children(ci).ok().and_then(|c| c.first().and_then(|o| oid_to_string(o.value)))
            .is_some_and(|o| o.starts_with("1.2.840.113549.1.7.")))
}

/// The content octets of an OCTET STRING, primitive or constructed (BER).
fn octets(t: &Tlv<'_>, depth: usize) -> Result<Vec<u8>, String> {
    match t.tag {
        0x04 | 0x80 => Ok(t.value.to_vec()),
        0x24 | 0xa0 if depth < 8 => {
            let mut out = Vec::new();
            for c in children(t).map_err(|e| e.to_string())? {
                out.extend(octets(&c, depth + 1)?);
            }
            Ok(out)
        }
        other => Err(format!("expected an OCTET STRING, found tag 0x{other:02x} at byte {}", t.offset)),
    }
}

fn first_child<'a>(t: &Tlv<'a>) -> Option<Tlv<'a>> {
    children(t).ok().and_then(|c| c.into_iter().next())
}

fn bmp_to_string(b: &[u8]) -> String {
    let units: Vec<u16> = b.chunks_exact(2).map(|c| match c {
        [a, b] => u16::from_be_bytes([*a, *b]),
        _ => 0,
    }).collect();
    String::from_utf16_lossy(&units)
}

fn attributes(set: Option<&Tlv<'_>>) -> ItemAttributes {
    let mut out = ItemAttributes::default();
    let Some(set) = set.filter(|s| s.tag == 0x31) else { return out };
    for attr in children(set).unwrap_or_default() {
        let parts = children(&attr).unwrap_or_default();
        let oid = parts.first().and_then(|o| oid_to_string(o.value)).unwrap_or_default();
        let value = parts.get(1).and_then(first_child);
        match (oid.as_str(), value) {
            (ATTR_FRIENDLY, Some(v)) if v.tag == 0x1e => out.friendly_name = Some(bmp_to_string(v.value)),
            (ATTR_FRIENDLY, Some(v)) if v.tag == 0x0c => out.friendly_name = Some(String::from_utf8_lossy(v.value).into_owned()),
            (ATTR_LOCAL_KEY_ID, Some(v)) if v.tag == 0x04 => out.local_key_id = Some(hex(v.value)),
            _ => {}
        }
    }
    out
}

/// The result of trying to decrypt one element.
enum Opened {
    /// Decrypted.
    Plain(Zeroizing<Vec<u8>>),
    /// Not tried (or not finished): the key-derivation budget ran out.
    OverBudget,
    /// Not decrypted (wrong password, unsupported or damaged; already noted).
    Failed,
}

struct Ctx<'p> {
    /// Key-derivation work left for this drop.
    budget: &'p mut DerivationBudget,
    /// Encrypted key bags seen, and those not decrypted for want of budget.
    key_bags: usize,
    key_bags_over_budget: usize,
    /// Encrypted parts seen, and those not decrypted for want of budget.
    encrypted_parts: usize,
    parts_over_budget: usize,
    /// Bags nested deeper than [`MAX_SAFE_CONTENTS_DEPTH`] (not read).
    too_deep: usize,
    /// Password encodings to use for decryption (empty: none usable).
    secrets: Vec<Secret>,
    /// The MAC verified with `secrets[0]`: decryption failures mean damage, not a wrong password.
    mac_verified: bool,
    /// The password given, if any.
    given: Option<&'p str>,
    out: Pkcs12Contents,
    any_decrypt_failed_password: bool,
    any_decrypted: bool,
    legacy: bool,
}

impl Ctx<'_> {
    fn note(&mut self, code: Code, severity: InputSeverity, msg: String) {
        if !self.out.problems.iter().any(|p| p.code == code && p.message == msg) {
            self.out.problems.push(problem_with(code, severity, msg));
        }
    }

    /// Decrypt with the usable password encodings. On success the working
    /// encoding moves to the front.
    fn decrypt(&mut self, alg: &Tlv<'_>, data: &[u8], what: &str) -> Opened {
        if self.secrets.is_empty() {
            return Opened::Failed;
        }
        let mut last = None;
        for i in 0..self.secrets.len() {
            let Some(secret) = self.secrets.get(i) else { break };
            match pbe::decrypt(alg, secret, data, self.budget) {
                Ok(plain) => {
                    if i > 0 {
                        self.secrets.swap(0, i);
                    }
                    self.any_decrypted = true;
                    return Opened::Plain(plain);
                }
                Err(DecryptError::OverBudget) => return Opened::OverBudget,
                Err(e) => last = Some(e),
            }
        }
        match last {
            Some(DecryptError::WrongPassword) if self.mac_verified => self.note(
                Code::Pkcs12Damaged,
                InputSeverity::Error,
                format!("the {what} does not decrypt although the password is right: the file is damaged"),
            ),
            Some(DecryptError::WrongPassword) => self.any_decrypt_failed_password = true,
            Some(DecryptError::Unsupported(s)) => self.note(
                Code::Pkcs12UnsupportedEncryption,
                InputSeverity::Warning,
                format!("the {what} uses {s}, which certlens cannot decrypt"),
            ),
            Some(DecryptError::Malformed(s)) => {
                self.note(Code::Pkcs12Damaged, InputSeverity::Error, format!("the {what} is damaged: {s}"))
            }
            Some(DecryptError::OverBudget) | None => {}
        }
        Opened::Failed
    }

    fn safe_contents(&mut self, der: &[u8], part: &mut ContainerPart, depth: usize) -> Result<(), String> {
        let (seq, _) = read_tlv(der, 0).map_err(|e| e.to_string())?;
        if seq.tag != 0x30 {
            return Err(format!("expected a list of bags, found tag 0x{:02x}", seq.tag));
        }
        for bag in children(&seq).map_err(|e| e.to_string())? {
            self.bag(&bag, part, depth)?;
        }
        Ok(())
    }

    fn bag(&mut self, bag: &Tlv<'_>, part: &mut ContainerPart, depth: usize) -> Result<(), String> {
        let kids = children(bag).map_err(|e| e.to_string())?;
        let oid = kids.first().and_then(|o| oid_to_string(o.value)).ok_or("a bag has no type")?;
        let value = kids.get(1).filter(|v| v.tag == 0xa0).and_then(first_child).ok_or("a bag has no value")?;
        let attrs = attributes(kids.get(2));
        let mut report = BagReport {
            kind: String::new(),
            encryption: None,
            friendly_name: attrs.friendly_name.clone(),
            local_key_id: attrs.local_key_id.clone(),
        };
        match oid.as_str() {
            BAG_CERT => {
                report.kind = "certificate".into();
                let parts = children(&value).map_err(|e| e.to_string())?;
                let cert_type = parts.first().and_then(|o| oid_to_string(o.value)).unwrap_or_default();
                let inner = parts.get(1).and_then(first_child);
                match inner {
                    Some(os) if cert_type == CERT_X509 => self.out.certificates.push((octets(&os, 0)?, attrs)),
                    _ => self.note(
                        Code::Pkcs12UnsupportedBag,
                        InputSeverity::Warning,
                        format!("a certificate bag of type {cert_type} (not X.509) was skipped"),
                    ),
                }
            }
            BAG_CRL => {
                report.kind = "crl".into();
                if let Some(os) = children(&value).ok().and_then(|p| p.get(1).and_then(first_child)) {
                    self.out.crls.push(octets(&os, 0)?);
                }
            }
            BAG_KEY => {
                report.kind = "key".into();
                self.push_key(keys::from_pkcs8(value.raw), "PKCS#12 key bag (not encrypted)", None, &attrs);
            }
            BAG_SHROUDED => {
                report.kind = "shrouded-key".into();
                let parts = children(&value).map_err(|e| e.to_string())?;
                let alg = parts.first().ok_or("an encrypted key bag has no algorithm")?;
                let data = parts.get(1).map(|d| octets(d, 0)).transpose()?.unwrap_or_default();
                let info = pbe::describe(alg);
                self.legacy |= info.legacy;
                report.encryption = Some(info.clone());
                self.key_bags += 1;
                let plain = match self.decrypt(alg, &data, "encrypted private key") {
                    Opened::Plain(p) => Some(p),
                    Opened::OverBudget => {
                        self.key_bags_over_budget += 1;
                        None
                    }
                    Opened::Failed => None,
                };
                let public = plain.as_ref().map(|p| keys::from_pkcs8(p));
                match public {
                    Some(result) => self.push_key(result, "PKCS#12 shrouded key bag", Some(info), &attrs),
                    None => {
                        self.out.locked = true;
                        let mut k = KeyReport::new(KeyKind::Private, "PKCS#12 shrouded key bag", None);
                        k.encrypted = true;
                        k.encryption = Some(info);
                        k.friendly_name = attrs.friendly_name.clone();
                        k.local_key_id = attrs.local_key_id.clone();
                        k.status = "private key present, encrypted: give the password to see which certificate it belongs to".into();
                        self.out.keys.push(k);
                    }
                }
            }
            BAG_SECRET => report.kind = "secret".into(),
            BAG_SAFE if depth < MAX_SAFE_CONTENTS_DEPTH => {
                report.kind = "nested".into();
                self.safe_contents(value.raw, part, depth + 1)?;
            }
            BAG_SAFE => {
                report.kind = "nested-too-deep".into();
                self.too_deep += 1;
            }
            _ => report.kind = "other".into(),
        }
        part.bags.push(report);
        Ok(())
    }

    fn push_key(&mut self, public: Result<keys::PublicKeyData, String>, format: &str, enc: Option<PbeInfo>, attrs: &ItemAttributes) {
        let mut k = match &public {
            Ok(p) => KeyReport::new(KeyKind::Private, format, Some(p)),
            Err(_) => KeyReport::new(KeyKind::Private, format, None),
        };
        k.decrypted = enc.is_some();
        k.encrypted = enc.is_some();
        k.encryption = enc;
        k.friendly_name = attrs.friendly_name.clone();
        k.local_key_id = attrs.local_key_id.clone();
        k.status = match &public {
            Ok(p) => format!("private key present ({})", p.summary()),
            Err(e) => {
                let msg = format!("a private key in this file could not be read: {e}");
                self.note(Code::KeyUnreadable, InputSeverity::Warning, msg.clone());
                msg
            }
        };
        self.out.keys.push(k);
    }
}

/// "3 of 50 key bags were not decrypted: …", for the PKCS#12 reader and encrypted keys;
/// `one` when `what` counts a single item ("1 of 2 key bags was").
pub(crate) fn over_budget_message(what: &str, one: bool, refused_work: u64) -> String {
    format!(
        "{what} {} not decrypted: the file asks for more key-derivation work than certlens allows (at least {} more iterations; the limit is {} for everything dropped at once)",
        if one { "was" } else { "were" },
        thousands(refused_work),
        thousands(MAX_DERIVATION_WORK)
    )
}

/// 12000000 → "12,000,000".
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn mac_hash(alg_oid: &str) -> Option<HashAlg> {
    HashAlg::from_digest_oid(alg_oid)
}

/// Read a PFX. `kids` are the children of the top SEQUENCE. Key derivations
/// (MAC, encrypted parts, key bags, each password encoding tried) take their
/// work from `budget`.
pub fn read(kids: &[Tlv<'_>], password: Option<&str>, budget: &mut DerivationBudget) -> Pkcs12Contents {
    let work_before = budget.clone();
    let mut ctx = Ctx {
        budget,
        key_bags: 0,
        key_bags_over_budget: 0,
        encrypted_parts: 0,
        parts_over_budget: 0,
        too_deep: 0,
        secrets: Vec::new(),
        mac_verified: false,
        given: password,
        out: Pkcs12Contents::default(),
        any_decrypt_failed_password: false,
        any_decrypted: false,
        legacy: false,
    };
    let damaged = |mut out: Pkcs12Contents, msg: String| {
        out.problems.push(problem_with(Code::Pkcs12Damaged, InputSeverity::Error, format!("the PKCS#12 file is damaged: {msg}")));
        out
    };
    let Some(auth_safe) = kids.get(1) else { return damaged(ctx.out, "no content".into()) };
    let ci = children(auth_safe).unwrap_or_default();
    let ct = ci.first().and_then(|o| oid_to_string(o.value)).unwrap_or_default();
    if ct == OID_SIGNED {
        ctx.out.problems.push(problem_with(
            Code::Pkcs12PublicKeyIntegrity,
            InputSeverity::Warning,
            "this PKCS#12 file uses public-key integrity mode (signed), which certlens does not read".into(),
        ));
        return ctx.out;
    }
    let auth_bytes = match ci.get(1).filter(|t| t.tag == 0xa0).and_then(first_child).map(|o| octets(&o, 0)) {
        Some(Ok(b)) if ct == OID_DATA => b,
        Some(Err(e)) => return damaged(ctx.out, e),
        _ => return damaged(ctx.out, "the content is not a data element".into()),
    };

    // The MAC: which password encoding (if any) opens the file.
    let mut mac = None;
    let password_or_empty = password.unwrap_or("");
    let mut opened_with_empty = false;
    if let Some(mac_data) = kids.get(2).filter(|t| t.tag == 0x30) {
        let md = children(mac_data).unwrap_or_default();
        let digest_info = md.first().map(|d| children(d).unwrap_or_default()).unwrap_or_default();
        let alg_oid = digest_info.first().and_then(|a| pbe::algorithm_identifier(a).ok()).map(|(o, _)| o).unwrap_or_default();
        let expected = digest_info.get(1).map(|d| d.value).unwrap_or_default();
        let salt = md.get(1).map(|s| s.value).unwrap_or_default();
        // RFC 7292: iterations INTEGER DEFAULT 1.
        let iterations = md.get(2).map_or(Ok(1), pbe::iteration_count);
        let hash = mac_hash(&alg_oid);
        let algorithm = match (hash, alg_oid.as_str()) {
            (Some(h), _) => format!("HMAC-{}", h.name()),
            (None, PBMAC1) => "PBMAC1".into(),
            (None, other) => format!("unknown MAC {other}"),
        };
        let mut report = MacReport { algorithm, iterations: *iterations.as_ref().unwrap_or(&0), verified: None };
        match (hash, iterations) {
            (_, Err(e)) => {
                // A damaged MAC says nothing about the password: try to decrypt anyway.
                ctx.secrets = Secret::candidates(password_or_empty);
                ctx.note(Code::Pkcs12Damaged, InputSeverity::Error, format!("the integrity check (MAC) is damaged and was not checked: {e}"));
            }
            (Some(h), Ok(iterations)) if iterations <= MAX_ITERATIONS => {
                let rounds = u32::try_from(iterations).unwrap_or(1).max(1);
                let work = pbe::derivation_work(h, false, iterations, h.digest_len());
                // The password given (in its encodings), then, when it does not fit, the
                // empty password: a file that opens without one must not be called "wrong password".
                let mut tries: Vec<(Secret, bool)> = Secret::candidates(password_or_empty).into_iter().map(|s| (s, false)).collect();
                if !password_or_empty.is_empty() {
                    tries.extend(Secret::candidates("").into_iter().map(|s| (s, true)));
                }
                let mut found = None;
                let mut refused = false;
                for (s, empty) in tries {
                    if !ctx.budget.take(work) {
                        refused = true;
                        break;
                    }
                    let key = pbe::pkcs12_kdf(h, &s.bmp, salt, 3, rounds, h.digest_len());
                    if h.hmac(&key, &auth_bytes) == expected {
                        found = Some((s, empty));
                        break;
                    }
                }
                match found {
                    Some((s, empty)) => {
                        report.verified = Some(true);
                        opened_with_empty = empty;
                        ctx.secrets = vec![s];
                        ctx.mac_verified = true;
                    }
                    None if refused => {
                        ctx.secrets = Secret::candidates(password_or_empty);
                        ctx.note(
                            Code::Pkcs12MacNotChecked,
                            InputSeverity::Warning,
                            format!("the integrity check ({}, {}) was not verified: the key-derivation work allowed for one drop was used up", report.algorithm, crate::text::count(iterations, "iteration", "iterations")),
                        );
                    }
                    None => report.verified = Some(false),
                }
            }
            (_, Ok(iterations)) => {
                ctx.secrets = Secret::candidates(password_or_empty);
                ctx.note(
                    Code::Pkcs12MacNotChecked,
                    InputSeverity::Info,
                    format!("the integrity check ({}, {}) was not verified", report.algorithm, crate::text::count(iterations, "iteration", "iterations")),
                );
            }
        }
        mac = Some(report);
    } else {
        ctx.secrets = Secret::candidates(password_or_empty);
    }
    let mac_failed = mac.as_ref().is_some_and(|m| m.verified == Some(false));

    // The parts.
    let mut parts = Vec::new();
    let auth_list = match read_tlv(&auth_bytes, 0) {
        Ok((t, _)) if t.tag == 0x30 => children(&t).map_err(|e| e.to_string()),
        Ok((t, _)) => Err(format!("expected a list of parts, found tag 0x{:02x}", t.tag)),
        Err(e) => Err(e.to_string()),
    };
    let auth_list = match auth_list {
        Ok(l) => l,
        Err(e) => return damaged(ctx.out, e),
    };
    for (index, part_ci) in auth_list.iter().enumerate() {
        let pk = children(part_ci).unwrap_or_default();
        let oid = pk.first().and_then(|o| oid_to_string(o.value)).unwrap_or_default();
        let content = pk.get(1).filter(|t| t.tag == 0xa0).and_then(first_child);
        let what = format!("part {} of the file", index + 1);
        match (oid.as_str(), content) {
            (OID_DATA, Some(os)) => {
                let mut part = ContainerPart { kind: "data".into(), encryption: None, opened: true, bags: Vec::new() };
                let r = octets(&os, 0).and_then(|b| ctx.safe_contents(&b, &mut part, 0));
                if let Err(e) = r {
                    ctx.note(Code::Pkcs12Damaged, InputSeverity::Error, format!("{what} is damaged: {e}"));
                }
                parts.push(part);
            }
            (OID_ENCRYPTED, Some(ed)) => {
                let mut part = ContainerPart { kind: "encryptedData".into(), encryption: None, opened: false, bags: Vec::new() };
                let eci = children(&ed).ok().and_then(|k| k.get(1).copied());
                let eci_kids = eci.map(|e| children(&e).unwrap_or_default()).unwrap_or_default();
                match (eci_kids.get(1), eci_kids.get(2)) {
                    (Some(alg), Some(data)) => {
                        let info = pbe::describe(alg);
                        ctx.legacy |= info.legacy;
                        part.encryption = Some(info);
                        ctx.encrypted_parts += 1;
                        let plain = match octets(data, 0) {
                            Ok(d) if !mac_failed => ctx.decrypt(alg, &d, &what),
                            Ok(_) => Opened::Failed,
                            Err(e) => {
                                ctx.note(Code::Pkcs12Damaged, InputSeverity::Error, format!("{what} is damaged: {e}"));
                                Opened::Failed
                            }
                        };
                        if matches!(plain, Opened::OverBudget) {
                            ctx.parts_over_budget += 1;
                        }
                        match plain {
                            Opened::Plain(p) => {
                                part.opened = true;
                                if let Err(e) = ctx.safe_contents(&p, &mut part, 0) {
                                    if ctx.mac_verified {
                                        ctx.note(Code::Pkcs12Damaged, InputSeverity::Error, format!("{what} is damaged after decryption: {e}"));
                                    } else {
                                        // Padding happened to fit: a wrong password in 1 of 256 cases.
                                        part.opened = false;
                                        ctx.any_decrypt_failed_password = true;
                                    }
                                }
                            }
                            Opened::OverBudget | Opened::Failed => ctx.out.locked = true,
                        }
                    }
                    _ => ctx.note(Code::Pkcs12Damaged, InputSeverity::Error, format!("{what} is encrypted but damaged")),
                }
                parts.push(part);
            }
            (OID_ENVELOPED, _) => {
                ctx.out.locked = true;
                ctx.note(
                    Code::Pkcs12Enveloped,
                    InputSeverity::Warning,
                    format!("{what} is encrypted for a recipient's certificate (envelopedData) and cannot be opened with a password"),
                );
                parts.push(ContainerPart { kind: "envelopedData".into(), encryption: None, opened: false, bags: Vec::new() });
            }
            _ => ctx.note(Code::Pkcs12Damaged, InputSeverity::Error, format!("{what} has an unexpected type ({oid})")),
        }
    }

    // Password state.
    let needs_password = mac.is_some() || parts.iter().any(|p| p.kind == "encryptedData")
        || parts.iter().flat_map(|p| &p.bags).any(|b| b.kind == "shrouded-key");
    let failed = mac_failed || ctx.any_decrypt_failed_password;
    let state = match (ctx.given, needs_password, failed) {
        (_, false, _) => PasswordState::NotNeeded,
        (_, true, false) if opened_with_empty => PasswordState::Empty,
        (None, true, true) => PasswordState::Needed,
        (Some(_), true, true) => PasswordState::Wrong,
        (None, true, false) if ctx.mac_verified || ctx.any_decrypted => PasswordState::Empty,
        (None, true, false) => PasswordState::Needed,
        (Some(""), true, false) => PasswordState::Empty,
        (Some(_), true, false) => PasswordState::Accepted,
    };
    match state {
        PasswordState::Wrong => ctx.note(
            Code::Pkcs12WrongPassword,
            InputSeverity::Error,
            if mac_failed {
                "the password is wrong: the file's integrity check (MAC) does not match it. The file itself is intact; try the password again".into()
            } else {
                "the password is wrong: the encrypted parts do not decrypt with it".into()
            },
        ),
        PasswordState::Needed => ctx.note(
            Code::Pkcs12PasswordNeeded,
            InputSeverity::Info,
            "this PKCS#12 file is password-protected; give its password to see every certificate and key (the empty password was tried)".into(),
        ),
        PasswordState::Empty if ctx.given.is_none() => ctx.note(
            Code::Pkcs12EmptyPassword,
            InputSeverity::Warning,
            "this PKCS#12 file opened with an empty password: anyone who has the file has the private key".into(),
        ),
        PasswordState::Empty if opened_with_empty => ctx.note(
            Code::Pkcs12EmptyPassword,
            InputSeverity::Warning,
            "this PKCS#12 file opened with an empty password, not with the password given (which is not needed): anyone who has the file has the private key".into(),
        ),
        _ => {}
    }
    if ctx.legacy {
        ctx.note(
            Code::Pkcs12LegacyEncryption,
            InputSeverity::Warning,
            "this PKCS#12 file uses legacy encryption (3DES/RC2, SHA-1): OpenSSL 3 needs -legacy for RC2, and some systems refuse such files; re-export with AES-256/SHA-256".into(),
        );
    }
    if ctx.too_deep > 0 {
        ctx.note(
            Code::Pkcs12NestingTooDeep,
            InputSeverity::Error,
            format!(
                "{} nested more than {MAX_SAFE_CONTENTS_DEPTH} levels deep (bags inside bags) {} not read: a private key or certificate may be in {}",
                crate::text::count(ctx.too_deep, "bag", "bags"),
                if ctx.too_deep == 1 { "was" } else { "were" },
                if ctx.too_deep == 1 { "it" } else { "them" }
            ),
        );
    }
    if ctx.key_bags_over_budget > 0 || ctx.parts_over_budget > 0 {
        let mut what = Vec::new();
        if ctx.parts_over_budget > 0 {
            what.push(format!("{} of {}", crate::text::grouped(ctx.parts_over_budget), crate::text::count(ctx.encrypted_parts, "encrypted part", "encrypted parts")));
        }
        if ctx.key_bags_over_budget > 0 {
            what.push(format!("{} of {}", crate::text::grouped(ctx.key_bags_over_budget), crate::text::count(ctx.key_bags, "key bag", "key bags")));
        }
        let asked = ctx.budget.refused_work.saturating_sub(work_before.refused_work);
        ctx.note(Code::KdfBudgetExceeded, InputSeverity::Error, over_budget_message(&what.join(" and "), ctx.parts_over_budget + ctx.key_bags_over_budget == 1, asked));
    }
    if mac.is_none() && !parts.is_empty() {
        ctx.note(Code::Pkcs12NoMac, InputSeverity::Info, "this PKCS#12 file has no integrity check (MAC)".into());
    }

    // Private-key presence, in words.
    let visible_keys = parts.iter().flat_map(|p| &p.bags).filter(|b| b.kind.ends_with("key")).count();
    let closed_parts: Vec<usize> = parts.iter().enumerate().filter(|(_, p)| !p.opened).map(|(i, _)| i + 1).collect();
    let private_key = if visible_keys > 0 {
        format!("contains a private key ({})", crate::text::count(visible_keys, "key bag", "key bags"))
    } else if !closed_parts.is_empty() {
        let list = closed_parts.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
        format!("cannot tell yet whether it holds a private key: part {list} is encrypted; give the password")
    } else {
        "holds no private key (certificates only)".to_string()
    };
    let n_certs = ctx.out.certificates.len();
    let n_keys = ctx.out.keys.len();
    // A shrouded key that did not decrypt is found but not readable: said with the parts still
    // encrypted, not counted as read ("0 certificates and 1 key readable" for a locked .pfx).
    let locked_keys = ctx.out.keys.iter().filter(|k| k.locked()).count();
    let mut still = Vec::new();
    if locked_keys > 0 {
        still.push(crate::text::count(locked_keys, "key", "keys"));
    }
    if !closed_parts.is_empty() {
        still.push(crate::text::count(closed_parts.len(), "part", "parts"));
    }
    let summary = format!(
        "PKCS#12: {}, {} and {} readable{}",
        crate::text::count(parts.len(), "part", "parts"),
        crate::text::count(n_certs, "certificate", "certificates"),
        crate::text::count(n_keys - locked_keys, "key", "keys"),
        if still.is_empty() { String::new() } else { format!(", {} still encrypted", still.join(" and ")) }
    );
    ctx.out.container = Some(ContainerReport {
        format: "PKCS#12".into(),
        summary,
        password: state,
        mac,
        parts,
        legacy: ctx.legacy,
        private_key,
        certificate_count: n_certs,
        key_count: n_keys,
    });
    ctx.out
}
