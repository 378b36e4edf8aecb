//! Input layer: bytes a user dropped or pasted → typed items.
//!
//! Detection is by content, never by file name (the name only feeds a note
//! when it does not fit the content). Every file yields either items or a
//! specific, one-line problem; nothing is silently skipped.
//!
//! One module per format: [`pem`] (text, PEM, base64), [`pkcs7`],
//! [`pkcs12`], [`keys`], [`pbe`] (password-based encryption), [`matching`]
//! (keys ↔ certificates), [`requests`] (the PKCS#10 view), [`sst`]
//! (Microsoft serialized certificate stores).

pub mod certutil;
pub mod embedded;
pub mod iisconfig;
pub mod iislog;
pub mod keys;
pub mod matching;
pub mod netsh;
pub mod pbe;
pub mod pem;
pub mod pkcs12;
pub mod pkcs7;
pub mod schannel;
pub mod requests;
pub mod sst;
pub mod ssh;
pub(crate) mod xml;
pub mod zip;

use std::borrow::Cow;
use serde::{Deserialize, Serialize};
use x509_parser::prelude::FromDer;

use crate::der::{children, read_tlv, Tlv};
use crate::diag::Code;
pub use keys::{KeyKind, KeyMatch, KeyReport};
pub use matching::{PrivateKeyState, PrivateKeyStatus};
pub use pem::{pem_blocks, PemBlock};
pub use pkcs12::{BagReport, ContainerPart, ContainerReport, MacReport, PasswordState};
pub use requests::RequestReport;

/// Largest file the inspector reads, in bytes.
pub const MAX_FILE_SIZE: usize = 20 * 1024 * 1024;

/// One file (or one paste) as the user gave it.
#[derive(Clone, PartialEq, Eq)]
pub struct InputFile {
    /// File name as dropped, or `pasted text`.
    pub name: String,
    /// The raw bytes.
    pub bytes: Vec<u8>,
    /// Password for a PKCS#12 file or encrypted key, when the user gave one.
    /// Never serialised, logged, or put into a report or share link.
    pub password: Option<String>,
}

impl std::fmt::Debug for InputFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InputFile")
            .field("name", &self.name)
            .field("bytes", &self.bytes.len())
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl InputFile {
    /// A new input file.
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self { name: name.into(), bytes: bytes.into(), password: None }
    }

    /// The same file with a password.
    pub fn with_password(mut self, password: impl Into<String>) -> Self {
        self.password = Some(password.into());
        self
    }
}

/// How the content of a file was encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// Binary DER (or BER).
    Der,
    /// PEM armour (`-----BEGIN ...-----`).
    Pem,
    /// Base64 without PEM armour (alone, or inside XML or JSON).
    Base64,
    /// Hexadecimal text.
    Hex,
    /// A Windows registry export (`.reg`) of certificate store keys.
    Registry,
}

/// What one decoded item is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// An X.509 certificate (DER).
    Certificate,
    /// A certificate revocation list (DER).
    Crl,
    /// A PKCS#10 certificate request (DER).
    CertificateRequest,
}

/// PKCS#12 bag attributes of an item.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ItemAttributes {
    /// Friendly name.
    pub friendly_name: Option<String>,
    /// Local key ID, lowercase hex.
    pub local_key_id: Option<String>,
    /// The private key a Windows store links to the certificate, in words (a serialized store's
    /// or registry export's KEY_PROV_INFO property; the key itself stays in that computer).
    pub key_link: Option<String>,
    /// The Windows store a registry export took it from (`My`, `Root`, `CA`…), by its key.
    pub store: Option<String>,
}

/// One typed item found in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// What it is.
    pub kind: ItemKind,
    /// Its DER bytes.
    pub der: Vec<u8>,
    /// How it was encoded in the file.
    pub encoding: Encoding,
    /// PKCS#12 attributes (empty elsewhere).
    pub attributes: ItemAttributes,
}

/// How bad an input problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputSeverity {
    /// The file or part of it could not be read.
    Error,
    /// Read, but something is off.
    Warning,
    /// Worth knowing (e.g. a file name that does not fit the content).
    Info,
}

/// A problem with a file or with part of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputProblem {
    /// Stable code, e.g. `unrecognised-content`.
    pub code: Code,
    /// One line, lowercase, specific, naming the offending value where possible.
    pub message: String,
    /// How bad it is.
    pub severity: InputSeverity,
}

/// Everything found in one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DecodedFile {
    /// Short description of the detected content, e.g. `PEM: 2 certificates`.
    pub detected: String,
    /// Items found, in file order.
    pub items: Vec<Item>,
    /// Problems and notes found. A file with no items and no keys has at least one error.
    pub problems: Vec<InputProblem>,
    /// Keys found (public facts only).
    pub keys: Vec<KeyReport>,
    /// The structure of a PKCS#12 or PKCS#7 container.
    pub container: Option<ContainerReport>,
    /// False for formats that cannot carry a private key (DER certificate, PKCS#7, CRL).
    pub can_hold_private_key: bool,
    /// True when part of the file stayed encrypted (no or wrong password).
    pub locked: bool,
    /// HTTP.sys TLS bindings, when the file is `netsh http show sslcert` output.
    pub bindings: Vec<netsh::Binding>,
    /// The client certificate settings of an IIS configuration file, when the file is one.
    pub iis: Option<iisconfig::IisConfig>,
    /// What `certutil -verify -urlfetch` found on the server, when the file is its output.
    pub server_check: Option<certutil::Verify>,
    /// IIS's request log, when the file is one.
    pub iis_log: Option<iislog::Log>,
}

/// Where an item was read, for messages (written out only when a message is made).
#[derive(Clone, Copy)]
enum At<'a> {
    /// The file's data as a whole (DER, bare base64).
    Data,
    /// A PEM block: its label and the line of its BEGIN line.
    Pem(&'a str, usize),
    /// Base64 inside other text (XML, JSON), starting on this line.
    Text(usize),
}

impl At<'_> {
    /// How a message about this place starts: nothing for the whole data (the file's name is in
    /// front of every message: "file: the private key is encrypted", not "file: the data: …"),
    /// `PEM block "X" on line N: ` for a block.
    fn lead(&self) -> String {
        match self {
            At::Data => String::new(),
            At::Pem(..) | At::Text(_) => format!("{self}: "),
        }
    }
}

impl std::fmt::Display for At<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            At::Data => f.write_str("the data"),
            At::Pem(label, line) => write!(f, "PEM block \"{label}\" on line {line}"),
            At::Text(line) => write!(f, "the base64 on line {line}"),
        }
    }
}

/// What a DER structure is, by shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DerKind {
    Certificate,
    Crl,
    Request,
    Pkcs7,
    Pkcs12,
    Pkcs8,
    EncryptedPkcs8,
    RsaPrivate,
    EcPrivate,
    Spki,
    RsaPublic,
    Unknown,
}

impl DerKind {
    fn name(self) -> &'static str {
        match self {
            DerKind::Certificate => "certificate",
            DerKind::Crl => "CRL",
            DerKind::Request => "certificate request",
            DerKind::Pkcs7 => "PKCS#7 bundle",
            DerKind::Pkcs12 => "PKCS#12 file",
            DerKind::Pkcs8 => "private key (PKCS#8)",
            DerKind::EncryptedPkcs8 => "encrypted private key (PKCS#8)",
            DerKind::RsaPrivate => "RSA private key",
            DerKind::EcPrivate => "EC private key",
            DerKind::Spki => "public key",
            DerKind::RsaPublic => "RSA public key",
            DerKind::Unknown => "unknown structure",
        }
    }

    fn from_label(label: &str) -> Option<DerKind> {
        Some(match label {
            "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => DerKind::Certificate,
            "X509 CRL" | "CRL" => DerKind::Crl,
            "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => DerKind::Request,
            "PKCS7" | "CMS" | "PKCS #7 SIGNED DATA" => DerKind::Pkcs7,
            "PKCS12" => DerKind::Pkcs12,
            "PRIVATE KEY" => DerKind::Pkcs8,
            "ENCRYPTED PRIVATE KEY" => DerKind::EncryptedPkcs8,
            "RSA PRIVATE KEY" => DerKind::RsaPrivate,
            "EC PRIVATE KEY" => DerKind::EcPrivate,
            "PUBLIC KEY" => DerKind::Spki,
            "RSA PUBLIC KEY" => DerKind::RsaPublic,
            _ => return None,
        })
    }
}

fn is_int(t: Option<&Tlv<'_>>) -> bool {
    t.is_some_and(|t| t.tag == 0x02)
}

fn is_time(t: Option<&Tlv<'_>>) -> bool {
    t.is_some_and(|t| t.tag == 0x17 || t.tag == 0x18)
}

/// Classify a top-level element by its shape.
fn classify(top: &Tlv<'_>) -> DerKind {
    if top.tag != 0x30 {
        return DerKind::Unknown;
    }
    let Ok(kids) = children(top) else { return DerKind::Unknown };
    let tag = |i: usize| kids.get(i).map(|t| t.tag);
    if tag(0) == Some(0x06) && tag(1) == Some(0xa0) {
        return DerKind::Pkcs7;
    }
    if pkcs12::looks_like_pfx(&kids) {
        return DerKind::Pkcs12;
    }
    if kids.len() == 3 && tag(0) == Some(0x30) && tag(1) == Some(0x30) && tag(2) == Some(0x03) {
        let tbs = kids.first().map(|t| children(t).unwrap_or_default()).unwrap_or_default();
        let ttag = |i: usize| tbs.get(i).map(|t| t.tag);
        return match ttag(0) {
            Some(0xa0) => DerKind::Certificate,
            Some(0x30) => DerKind::Crl,
            Some(0x02) if is_time(tbs.get(3)) => DerKind::Crl,
            Some(0x02) if ttag(1) == Some(0x30) && ttag(2) == Some(0x30) && ttag(4) == Some(0x30) => DerKind::Certificate,
            Some(0x02) if ttag(1) == Some(0x30) && ttag(2) == Some(0x30) => DerKind::Request,
            _ => DerKind::Unknown,
        };
    }
    if is_int(kids.first()) && tag(1) == Some(0x30) && tag(2) == Some(0x04) {
        return DerKind::Pkcs8;
    }
    if kids.len() == 2 && tag(0) == Some(0x30) && tag(1) == Some(0x04) {
        return DerKind::EncryptedPkcs8;
    }
    if kids.len() >= 9 && kids.iter().all(|k| k.tag == 0x02) {
        return DerKind::RsaPrivate;
    }
    if is_int(kids.first()) && tag(1) == Some(0x04) {
        return DerKind::EcPrivate;
    }
    if kids.len() == 2 && tag(0) == Some(0x30) && tag(1) == Some(0x03) {
        return DerKind::Spki;
    }
    if kids.len() == 2 && tag(0) == Some(0x02) && tag(1) == Some(0x02) {
        return DerKind::RsaPublic;
    }
    DerKind::Unknown
}

struct Decoder<'f> {
    file: &'f InputFile,
    out: DecodedFile,
    encoding: Option<Encoding>,
    ber: bool,
    containers: Vec<&'static str>,
    /// Key-derivation work left for the drop this file belongs to.
    budget: &'f mut pbe::DerivationBudget,
    /// Encrypted keys (PKCS#8, legacy PEM) seen with a password, and those not decrypted for want of budget.
    encrypted_keys: usize,
    keys_over_budget: usize,
    /// The data was found as base64 inside other text (XML, JSON).
    inside_text: bool,
    /// Told of each certificate item read straight from DER or PEM ([`decode_file_with`]).
    on_certificate: Option<&'f mut CertificateHook<'f>>,
    /// The file is text that was read for what it says, not for what it holds (certutil's and
    /// PowerShell's output, an IIS log, Schannel events): no "nothing found" error.
    described: bool,
}

/// From this many PEM blocks in a file, natively, they are decoded on every core first
/// ([`Decoder::pem_blocks`]), at most [`PEM_BLOCKS_AHEAD`] at a time.
const PEM_BLOCKS_AHEAD_FROM: usize = 64;
const PEM_BLOCKS_AHEAD: usize = if cfg!(test) { 100 } else { 4096 };

/// What [`decode_file_with`] tells of a certificate: the index its item gets, its DER, and its
/// parse (the one that validated it).
pub type CertificateHook<'a> = dyn FnMut(usize, &[u8], &x509_parser::certificate::X509Certificate<'_>) + 'a;

/// Decode one file on its own (with the key-derivation budget of a whole drop).
pub fn decode_file(file: &InputFile) -> DecodedFile {
    decode_file_with_budget(file, &mut pbe::DerivationBudget::default())
}

/// Decode one file of a drop: key derivations (PKCS#12, encrypted keys) take
/// their work from `budget`, shared by every file dropped together.
pub fn decode_file_with_budget(file: &InputFile, budget: &mut pbe::DerivationBudget) -> DecodedFile {
    decode(file, budget, None)
}

/// [`decode_file_with_budget`], telling `on_certificate` of each certificate item read straight
/// from DER or PEM (not those from PKCS#7, PKCS#12 or a serialized store) as it is parsed, so
/// that a caller reading each certificate need not parse it again.
pub fn decode_file_with<'f>(file: &'f InputFile, budget: &'f mut pbe::DerivationBudget, on_certificate: &'f mut CertificateHook<'f>) -> DecodedFile {
    decode(file, budget, Some(on_certificate))
}

fn decode<'f>(file: &'f InputFile, budget: &'f mut pbe::DerivationBudget, on_certificate: Option<&'f mut CertificateHook<'f>>) -> DecodedFile {
    let refused_before = budget.refused_work;
    let mut d = Decoder {
        file,
        out: DecodedFile::default(),
        encoding: None,
        ber: false,
        containers: Vec::new(),
        budget,
        encrypted_keys: 0,
        keys_over_budget: 0,
        inside_text: false,
        on_certificate,
        described: false,
    };
    let bytes = file.bytes.as_slice();
    if bytes.is_empty() {
        d.out.detected = "empty file".into();
        d.error(Code::EmptyFile, "the file is empty (0 bytes)".into());
        return d.out;
    }
    if bytes.len() > MAX_FILE_SIZE {
        d.out.detected = "too large".into();
        d.error(
            Code::FileTooLarge,
            // Readers stop one byte past the limit, so the true size is not known here.
            format!("the file is larger than the {} MB limit: certlens did not read past {} MB and did not analyse it", MAX_FILE_SIZE >> 20, MAX_FILE_SIZE >> 20),
        );
        return d.out;
    }
    if zip::looks_like_zip(bytes) {
        d.zip(bytes);
        // Its files may hold keys: a certificate without one here is "none in the file".
        d.out.can_hold_private_key = true;
        d.out.detected = d.describe("");
        return d.out;
    }
    if sst::looks_like_serialized_store(bytes) {
        d.encoding = Some(Encoding::Der);
        d.serialized_store(bytes);
        d.mislabel_note();
        d.out.detected = d.describe("");
        return d.out;
    }
    // SQL's hex ("0x3082…") and a hex dump's first offset ("0000") start with the byte of a
    // SEQUENCE ('0' is 0x30), and may even read as one: they are text when the whole of it is hex.
    // Its bytes are kept for the hex branch below, which would decode the same text again.
    let mut text_hex = if bytes.first() == Some(&b'0') { std::str::from_utf8(bytes).ok().and_then(embedded::hex_der) } else { None };
    let der_ok = text_hex.is_none() && bytes.first() == Some(&0x30) && read_tlv(bytes, 0).is_ok();
    let text = if der_ok { None } else { pem::bytes_to_text(bytes) };
    let mut text_note = None;
    if der_ok {
        d.encoding = Some(Encoding::Der);
        d.der(bytes, Encoding::Der, None);
    } else if let Some((text, enc)) = text {
        text_note = match enc {
            pem::TextEncoding::Utf16Le | pem::TextEncoding::Utf16Be => Some(" (UTF-16 text)"),
            _ => None,
        };
        // PEM inside a JSON string is read as the PEM it holds.
        let unescaped = embedded::json_escaped_pem(&text);
        if unescaped.is_some() {
            d.push(Code::TextEmbedded, InputSeverity::Info, embedded::note(embedded::Found::JsonPem, 1).into_owned());
        }
        let text = unescaped.map_or(text, Cow::Owned);
        let mut blocks = pem::PemBlocks::new(&text);
        if let Some(first) = blocks.find_next() {
            d.encoding = Some(Encoding::Pem);
            d.pem_blocks(first, blocks);
        } else if let Some(der) = pem::bare_base64(&text) {
            d.encoding = Some(Encoding::Base64);
            d.der(&der, Encoding::Base64, None);
        } else if let Some(blobs) = embedded::registry_blobs(&text) {
            // regedit writes UTF-16: not worth a word here.
            text_note = None;
            d.encoding = Some(Encoding::Registry);
            d.registry_export(blobs);
        } else if let bindings @ [first, ..] = netsh::read(&text).as_slice() {
            let more = match bindings.len() {
                1 => String::new(),
                n => format!(
                    "; it shows {n} bindings and the first is applied: to choose another, show that one alone (`netsh http show sslcert ipport=…` or `hostnameport=…`)"
                ),
            };
            d.push(
                Code::NetshBindings,
                InputSeverity::Info,
                format!("`netsh http show sslcert` output: the binding {} has {}; these settings are applied to the server settings{more}", first.binding, first.words()),
            );
            d.containers.push("netsh http show sslcert output");
            d.out.bindings = bindings.to_vec();
        } else if let Some(verify) = certutil::read_verify(&text) {
            d.verify_output(verify);
        } else if let described @ [_, ..] = certutil::read(&text).as_slice() {
            // The store name is letters and digits, the thumbprint hex: nothing to quote.
            let how = match (certutil::store(&text), described.iter().find_map(|c| c.sha1.as_deref())) {
                (Some(store), Some(sha1)) => format!("write one to a file with `certutil -store {} {sha1} cert.cer` (its thumbprint) and drop that file", store.to_ascii_lowercase()),
                (Some(store), None) => format!("write one to a file with `certutil -store {} THUMBPRINT cert.cer` and drop that file", store.to_ascii_lowercase()),
                (None, _) => "drop the file that was dumped instead".to_string(),
            };
            d.described_output("certutil output", "certutil's output", &how, described);
        } else if let Some((path, described)) = certutil::read_powershell(&text) {
            // The path is letters, digits and backslashes, the thumbprint hex: nothing to quote.
            let sha1 = described.iter().find_map(|c| c.sha1.as_deref()).unwrap_or("THUMBPRINT");
            let path = path.as_deref().unwrap_or("CurrentUser\\My");
            let how = format!("write one to a file with `Export-Certificate -Cert Cert:\\{path}\\{sha1} -FilePath cert.cer` (PowerShell; its thumbprint) and drop that file");
            d.described_output("PowerShell certificate listing", "PowerShell's listing of a certificate store", &how, &described);
        } else if let Some(config) = iisconfig::read(&text) {
            d.iis_config(config);
        } else if let Some(log) = iislog::read(&text) {
            d.iis_log(log);
        } else if let Some((events, not_read)) = schannel::read(&text) {
            d.schannel_events(&events, not_read);
        } else if let Some(der) = text_hex.take().or_else(|| embedded::hex_der(&text)) {
            d.encoding = Some(Encoding::Hex);
            d.der(&der, Encoding::Hex, None);
        } else {
            d.text_elements(&text);
        }
    } else if bytes.first() == Some(&0x30) {
        d.encoding = Some(Encoding::Der);
        d.der(bytes, Encoding::Der, None);
    } else if let Some((what, how)) = other_binary_format(bytes) {
        d.error(Code::UnrecognisedContent, format!("this is {what}, not a certificate or a key certlens reads: {how}"));
    } else {
        let first: Vec<String> = bytes.iter().take(4).map(|b| format!("{b:02x}")).collect();
        d.error(
            Code::UnrecognisedContent,
            format!(
                "binary data that is not a certificate, key or container: it starts with bytes {} instead of an ASN.1 SEQUENCE (30)",
                first.join(" ")
            ),
        );
    }
    if d.keys_over_budget > 0 {
        let what = format!("{} of {}", crate::text::grouped(d.keys_over_budget), crate::text::count(d.encrypted_keys, "encrypted private key", "encrypted private keys"));
        let refused = d.budget.refused_work.saturating_sub(refused_before);
        d.error(Code::KdfBudgetExceeded, pkcs12::over_budget_message(&what, d.keys_over_budget == 1, refused));
    }
    if d.out.items.is_empty() && d.out.keys.is_empty() && d.out.container.is_none() && d.out.bindings.is_empty() && d.out.iis.is_none() && !d.described && !d.has_error() {
        d.error(Code::NoItems, "no certificate, key, CRL or request found in the file".into());
    }
    d.out.can_hold_private_key = match d.encoding {
        Some(Encoding::Pem) if !d.containers.contains(&"PKCS#7") => true,
        _ => d.containers.contains(&"PKCS#12") || !d.out.keys.is_empty(),
    };
    d.mislabel_note();
    d.out.detected = d.describe(text_note.unwrap_or(""));
    d.out
}

/// How deep the chain of first constructed children goes (capped just past the limit).
fn nesting_depth(top: &Tlv<'_>) -> usize {
    let mut depth = 0;
    let mut current = *top;
    while current.constructed() && depth <= crate::der::MAX_DEPTH {
        match read_tlv(current.value, 0) {
            Ok((child, _)) => current = child,
            Err(_) => break,
        }
        depth += 1;
    }
    depth
}

/// Whether `der` is a certificate, as decoding decides it (a file's certificate that does
/// not parse is a finding, not an item): x509-parser's parse without decoding each extension's
/// contents (`with_deep_parse_extensions(false)`). Such a decoding error never fails the parse
/// (x509-parser keeps it as `ParsedExtension::ParseError`), so the answer is the full parse's,
/// for about half its cost; the listing's rows read the extensions they need from their raw values.
pub(crate) fn parse_certificate(der: &[u8]) -> x509_parser::nom::IResult<&[u8], x509_parser::certificate::X509Certificate<'_>, x509_parser::error::X509Error> {
    use x509_parser::nom::Parser as _;
    x509_parser::certificate::X509CertificateParser::new().with_deep_parse_extensions(false).parse(der)
}

/// What a text that is no PEM and no base64 is, when it is a key of another world (SSH,
/// PuTTY), and how to get a form certlens reads.
fn other_key_format(text: &str) -> Option<(Cow<'static, str>, &'static str)> {
    const SSH: [&str; 6] = ["ssh-rsa ", "ssh-ed25519 ", "ssh-dss ", "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-"];
    if SSH.iter().any(|p| text.starts_with(p)) {
        let kind = ssh::Kind::of(text.split_whitespace().next().unwrap_or_default());
        Some((kind.words("public key").into(), kind.how(false)))
    } else if text.starts_with("PuTTY-User-Key-File") {
        let how = match ssh::putty_kind(text) {
            ssh::Kind::Ed25519 => "PuTTYgen's Conversions menu exports it as an OpenSSH key, but neither has a PEM form for an Ed25519 key; an SSH key is not a certificate's key",
            _ => "PuTTYgen's Conversions menu exports it as an OpenSSH key, which `ssh-keygen -p -m PEM -f FILE` turns into PEM",
        };
        Some(("a PuTTY key".into(), how))
    } else if text.get(..4000).unwrap_or(text).to_ascii_lowercase().contains("[newrequest]") {
        Some(("a certreq request policy (.inf)".into(), "`certreq -new FILE request.req` makes the request it describes; drop that .req, or the certificate the CA returns"))
    } else {
        None
    }
}

/// Binary files of other worlds that hold keys or certificates: what each is, and how to get
/// a form certlens reads (by their magic numbers).
fn other_binary_format(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    match bytes.get(..4)? {
        [0xfe, 0xed, 0xfe, 0xed] => Some((
            "a Java KeyStore (JKS)",
            "`keytool -importkeystore -srckeystore FILE -destkeystore FILE.p12 -deststoretype PKCS12` turns it into a PKCS#12 file",
        )),
        [0xce, 0xce, 0xce, 0xce] => Some((
            "a Java JCEKS keystore",
            "`keytool -importkeystore -srckeystore FILE -srcstoretype JCEKS -destkeystore FILE.p12 -deststoretype PKCS12` turns it into a PKCS#12 file",
        )),
        // 0xb0b5f11e, little endian.
        [0x1e, 0xf1, 0xb5, 0xb0] => Some((
            "a PVK private key (makecert's)",
            "`pvk2pfx -pvk FILE -spc CERT.cer -pfx OUT.pfx` puts it with its certificate into a .pfx",
        )),
        _ => None,
    }
}

fn der_error_code(e: &crate::der::DerError, len: usize) -> Code {
    use crate::der::DerErrorKind as K;
    match e.kind {
        K::TooDeep => Code::DerTooDeep,
        K::LengthBeyondData { claimed, .. } if claimed > MAX_FILE_SIZE || claimed > len.max(1).saturating_mul(64) => {
            Code::DerLengthExceedsInput
        }
        K::LengthBeyondData { .. } | K::Truncated => Code::DerTruncated,
        K::Invalid => Code::DerInvalid,
    }
}

impl Decoder<'_> {
    fn push(&mut self, code: Code, severity: InputSeverity, message: String) {
        self.out.problems.push(InputProblem { code, message, severity });
    }
    fn error(&mut self, code: Code, message: String) {
        self.push(code, InputSeverity::Error, message);
    }
    fn has_error(&self) -> bool {
        self.out.problems.iter().any(|p| p.severity == InputSeverity::Error)
    }
    fn password(&self) -> Option<&str> {
        self.file.password.as_deref()
    }

    /// The file's PEM blocks, `first` and the rest of `blocks`, in order. Natively, a bundle of
    /// many blocks has them decoded (base64, and whether each certificate parses) on every core
    /// first (`par`), then read in order as one by one: the same items and findings.
    fn pem_blocks(&mut self, first: pem::RawBlock<'_>, mut blocks: pem::PemBlocks<'_>) {
        // Only where helper threads can do it (natively, more than one core): elsewhere (the web
        // worker) each block is found, decoded and read in turn, none held ahead. Ahead, at most
        // [`PEM_BLOCKS_AHEAD`] blocks at a time are held (a 20 MB file of empty blocks has
        // ~600,000).
        if self.on_certificate.is_none() && crate::par::parallel(usize::MAX, PEM_BLOCKS_AHEAD_FROM) {
            let mut next = Some(first);
            loop {
                let raws: Vec<pem::RawBlock<'_>> = next.take().into_iter().chain(std::iter::from_fn(|| blocks.find_next())).take(PEM_BLOCKS_AHEAD).collect();
                if raws.is_empty() {
                    return;
                }
                let bodies = crate::par::map(&raws, PEM_BLOCKS_AHEAD_FROM, |raw| {
                    let (headers, decoded) = raw.body();
                    // Only a plain certificate block's verdict is consulted ([`Decoder::der_owned`]);
                    // an encrypted block is read by a path of its own, which takes none.
                    let parses = raw.label().contains("CERTIFICATE")
                        && pem::header_in(&headers, "Proc-Type").is_none()
                        && decoded.as_deref().is_ok_and(|der| der.first() == Some(&0x30) && parse_certificate(der).is_ok());
                    ((headers, decoded), parses)
                });
                for (raw, (body, parses)) in raws.into_iter().zip(bodies.into_iter().flatten()) {
                    self.pem_block(raw.with_body(body), parses);
                }
            }
        }
        self.pem_block(first.decode(), false);
        for block in blocks {
            self.pem_block(block, false);
        }
    }

    /// Text that is neither PEM nor bare base64 nor hex: the whole DER elements written as
    /// base64 inside it (XML, JSON), each read with the line it starts on; else what the text
    /// is, said in an error.
    fn text_elements(&mut self, text: &str) {
        let mut line = 1;
        let mut counted = 0;
        let mut read = 0;
        for (offset, der) in embedded::base64_elements(text) {
            // Only what is a certificate, key, CRL, request or container: a JWKS's modulus or
            // a word that decodes by chance is not read, and not an error either.
            if read_tlv(&der, 0).map_or(true, |(t, _)| classify(&t) == DerKind::Unknown) {
                continue;
            }
            line += text.as_bytes().get(counted..offset).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count());
            counted = offset;
            self.encoding = Some(Encoding::Base64);
            self.inside_text = true;
            self.der(&der, Encoding::Base64, Some(("", None, At::Text(line))));
            read += 1;
        }
        if read > 0 {
            self.push(Code::TextEmbedded, InputSeverity::Info, embedded::note(embedded::Found::Base64, read).into_owned());
            return;
        }
        let sample: String = text.trim().chars().take(24).collect();
        let hex = embedded::hex_bytes(text);
        let message = if let Some(hash) = hex.as_deref().and_then(embedded::thumbprint) {
            format!(
                "this is a {hash} thumbprint, not a certificate: certlens needs the certificate itself. Export it (certlm.msc or certmgr.msc: the certificate, All Tasks, Export…, \"Base-64 encoded X.509 (.CER)\") and drop that file"
            )
        } else if let Some(bytes) = hex {
            let first: Vec<String> = bytes.iter().take(4).map(|b| format!("{b:02x}")).collect();
            format!(
                "this is hexadecimal text ({}) that is not a certificate, key or container: it starts with bytes {} instead of an ASN.1 SEQUENCE (30)",
                crate::text::count(bytes.len(), "byte", "bytes"),
                first.join(" ")
            )
        } else if let Some((what, how)) = other_key_format(text.trim_start()) {
            format!("this is {what} (it starts with {sample:?}), not a certificate or a key certlens reads: {how}")
        } else {
            format!(
                "this is text without a \"-----BEGIN\" line, base64 or hex (it starts with {sample:?}); certlens reads certificates, keys, CRLs, requests, PKCS#7 and PKCS#12 files, also as base64 inside XML or JSON"
            )
        };
        self.error(Code::UnrecognisedContent, message);
    }

    // Called once per block, never inlined into the file's loop: see `pem::PemBlocks`.
    // `parsed_ahead`: its bytes parsed as a certificate on a helper thread ([`Decoder::pem_blocks`]).
    #[inline(never)]
    fn pem_block(&mut self, block: PemBlock, parsed_ahead: bool) {
        let label = block.label.trim().to_ascii_uppercase();
        let at = At::Pem(&block.label, block.line);
        let expected = DerKind::from_label(&label);
        if let Some(p) = &block.end_problem {
            let severity = if block.decoded.is_ok() { InputSeverity::Warning } else { InputSeverity::Error };
            self.push(Code::PemMissingEnd, severity, format!("{lead}{p}", lead = at.lead()));
        }
        if label == "EC PARAMETERS" {
            // `openssl ecparam -genkey` output: the curve is repeated in the key. Set aside, and
            // said, so that no block of the file goes unmentioned.
            self.push(Code::PemEcParameters, InputSeverity::Info, format!("{lead}only names the key's curve, which the key itself holds too; set aside", lead = at.lead()));
            return;
        }
        let der = match &block.decoded {
            Ok(d) => d.as_slice(),
            Err(e) => {
                self.error(Code::PemBadBase64, format!("{lead}{e}", lead = at.lead()));
                return;
            }
        };
        if expected.is_none() {
            let hint: Cow<'_, str> = match label.as_str() {
                "OPENSSH PRIVATE KEY" => {
                    let kind = ssh::private_key_kind(der).unwrap_or(ssh::Kind::Other);
                    format!(" ({}: {})", kind.words("private key"), kind.how(true)).into()
                }
                "DSA PRIVATE KEY" => " (DSA keys are not supported)".into(),
                "CERTIFICATE PAIR" | "ATTRIBUTE CERTIFICATE" => " (not supported)".into(),
                _ => "".into(),
            };
            let kind = read_tlv(der, 0).map(|(t, _)| classify(&t)).unwrap_or(DerKind::Unknown);
            if kind == DerKind::Unknown {
                self.error(Code::PemUnknownLabel, format!("{lead}unknown PEM label{hint}; expected CERTIFICATE, PRIVATE KEY, X509 CRL, PKCS7 or similar", lead = at.lead()));
                return;
            }
            self.push(
                Code::PemUnknownLabel,
                InputSeverity::Warning,
                format!("{lead}unknown PEM label{hint}; the content is a {} and was read as such", kind.name(), lead = at.lead()),
            );
        }
        if block.header("Proc-Type").is_some_and(|v| v.contains("ENCRYPTED")) {
            self.legacy_encrypted_key(&block, &label, der, at);
            return;
        }
        if let Ok(bytes) = block.decoded {
            self.der_owned(bytes, Encoding::Pem, (&label, expected, at), parsed_ahead);
        }
    }

    fn legacy_encrypted_key(&mut self, block: &PemBlock, label: &str, data: &[u8], at: At<'_>) {
        let dek = block.header("DEK-Info").unwrap_or_default().to_string();
        let info = pbe::describe_legacy_pem(&dek);
        let format = format!("PEM {label} (legacy OpenSSL encryption)");
        // One MD5 round: next to nothing, but counted like every derivation.
        if self.password().is_some() {
            self.encrypted_keys += 1;
        }
        let password = self.file.password.as_deref();
        let decoded = password.map(|p| {
            if self.budget.take(1) {
                pbe::decrypt_legacy_pem(&dek, p, data)
            } else {
                Err(pbe::DecryptError::OverBudget)
            }
        });
        let public = match decoded {
            Some(Ok(plain)) => {
                let r = match label {
                    "RSA PRIVATE KEY" => keys::from_rsa_private(&plain),
                    "EC PRIVATE KEY" => keys::from_ec_private(&plain, None),
                    _ => keys::from_pkcs8(&plain),
                };
                match r {
                    Ok(k) => Some(k),
                    Err(_) => {
                        self.error(Code::KeyWrongPassword, format!("{lead}the password is wrong (the key does not decrypt to a valid key)", lead = at.lead()));
                        None
                    }
                }
            }
            Some(Err(pbe::DecryptError::WrongPassword)) => {
                self.error(Code::KeyWrongPassword, format!("{lead}the password is wrong", lead = at.lead()));
                None
            }
            Some(Err(pbe::DecryptError::OverBudget)) => {
                self.keys_over_budget += 1;
                None
            }
            Some(Err(e)) => {
                self.push(Code::KeyCannotDecrypt, InputSeverity::Warning, format!("{lead}{e}", lead = at.lead()));
                None
            }
            None => None,
        };
        self.encrypted_key_report(format, info, public, at);
    }

    fn encrypted_key_report(&mut self, format: String, info: pbe::PbeInfo, public: Option<keys::PublicKeyData>, at: At<'_>) {
        let mut k = KeyReport::new(KeyKind::Private, format, public.as_ref());
        k.encrypted = true;
        k.decrypted = public.is_some();
        k.encryption = Some(info.clone());
        if let Some(p) = &public {
            k.status = format!("private key present, encrypted with {}, opened with the password ({})", info.algorithm, p.summary());
        } else {
            self.out.locked = true;
            k.status = format!("private key present, encrypted with {}: give the password to check which certificate it belongs to", info.algorithm);
            if self.password().is_none() {
                self.push(
                    Code::KeyEncrypted,
                    InputSeverity::Info,
                    format!("{lead}the private key is encrypted ({}); give its password to check which certificate it belongs to", info.algorithm, lead = at.lead()),
                );
            }
        }
        self.push_key(k);
    }

    fn push_key(&mut self, mut k: KeyReport) {
        k.file = self.file.name.clone();
        k.index_in_file = self.out.keys.len();
        self.out.keys.push(k);
    }

    fn plain_key(&mut self, format: &str, kind: KeyKind, result: Result<keys::PublicKeyData, String>, at: At<'_>) {
        match result {
            Ok(p) => {
                let mut k = KeyReport::new(kind, format, Some(&p));
                k.status = match kind {
                    KeyKind::Private => format!("private key present, not encrypted ({})", p.summary()),
                    KeyKind::Public => format!("public key ({}) — a public key alone is not a private key", p.summary()),
                };
                self.push_key(k);
            }
            Err(e) => self.error(Code::KeyUnreadable, format!("{lead}the {format} could not be read: {e}", lead = at.lead())),
        }
    }

    fn item(&mut self, kind: ItemKind, der: Vec<u8>, encoding: Encoding, attributes: ItemAttributes) {
        self.out.items.push(Item { kind, der, encoding, attributes });
    }

    /// Decode one DER/BER blob. `pem` carries the label, its expected kind and a location text.
    fn der(&mut self, bytes: &[u8], encoding: Encoding, pem: Option<(&str, Option<DerKind>, At<'_>)>) {
        let at = pem.map_or(At::Data, |(_, _, at)| at);
        if let Some((top, kind)) = self.der_head(bytes, pem) {
            self.der_body(top, kind, encoding, at);
        }
    }

    /// A PEM block's decoded bytes: as [`Decoder::der`], and a certificate already in definite
    /// lengths and without trailing bytes (nearly all of them) becomes its item as it is,
    /// not copied.
    /// `parsed_ahead`: these bytes parsed as a certificate already.
    fn der_owned(&mut self, bytes: Vec<u8>, encoding: Encoding, pem: (&str, Option<DerKind>, At<'_>), parsed_ahead: bool) {
        let at = pem.2;
        let Some((top, kind)) = self.der_head(&bytes, Some(pem)) else { return };
        if kind == DerKind::Certificate && top.raw.len() == bytes.len() && !pkcs7::needs_rewrite(&top) {
            if parsed_ahead {
                // These very bytes parsed as a certificate ahead ([`Decoder::pem_blocks`]).
                return self.item(ItemKind::Certificate, bytes, encoding, ItemAttributes::default());
            }
            return self.certificate(bytes, encoding, at);
        }
        self.der_body(top, kind, encoding, at);
    }

    /// The top element of a blob and its kind, with the warnings about its form (trailing
    /// bytes, a PEM label naming another kind); `None` (and an error) when it cannot be read.
    fn der_head<'b>(&mut self, bytes: &'b [u8], pem: Option<(&str, Option<DerKind>, At<'_>)>) -> Option<(Tlv<'b>, DerKind)> {
        let at = pem.map_or(At::Data, |(_, _, at)| at);
        let (top, rest) = match read_tlv(bytes, 0) {
            Ok(x) => x,
            Err(e) => {
                let code = der_error_code(&e, bytes.len());
                let what = match code {
                    Code::DerTooDeep => "is nested too deeply to be a certificate",
                    Code::DerTruncated => "is cut off (truncated)",
                    Code::DerLengthExceedsInput => "declares a length far beyond the end of the data",
                    _ => "is not valid DER/BER",
                };
                // The whole blob cut short (a download or copy that stopped): said in its
                // own sizes, not as an element's, with what to do.
                let message = match e.kind {
                    crate::der::DerErrorKind::LengthBeyondData { claimed, available } if code == Code::DerTruncated && e.offset == 0 => format!(
                        "{at} is cut off: it should be {} long but ends after {}; it was not copied or downloaded whole (copy or export it again)",
                        crate::text::count((bytes.len() - available).saturating_add(claimed), "byte", "bytes"),
                        crate::text::grouped(bytes.len()),
                    ),
                    crate::der::DerErrorKind::LengthBeyondData { claimed, available } if code == Code::DerLengthExceedsInput && e.offset == 0 => format!(
                        "{at} declares a length far beyond its end ({} declared, {} there): it is damaged, or not a certificate, key or container",
                        crate::text::count((bytes.len() - available).saturating_add(claimed), "byte", "bytes"),
                        crate::text::grouped(bytes.len()),
                    ),
                    _ => format!("{at} {what}: {e}"),
                };
                self.error(code, message);
                return None;
            }
        };
        let kind = classify(&top);
        self.ber |= top.indefinite;
        let label = pem.map(|(l, _, _)| l).unwrap_or_default();
        // `openssl x509 -trustout` writes OpenSSL's trust settings after the certificate.
        let trust = (label == "TRUSTED CERTIFICATE" && kind == DerKind::Certificate && !rest.is_empty()).then(|| pem::trust_settings(rest)).flatten();
        if let Some(trust) = trust {
            self.push(
                Code::PemTrustSettings,
                InputSeverity::Info,
                format!("{lead}OpenSSL trust settings follow the certificate ({trust}); only OpenSSL reads them: Windows and IIS go by the certificate stores", lead = at.lead()),
            );
        } else if !rest.is_empty() {
            let offset = bytes.len() - rest.len();
            self.push(
                Code::TrailingData,
                InputSeverity::Warning,
                format!("{lead}{} of extra data after the {} (from byte {}) {} ignored", crate::text::count(rest.len(), "byte", "bytes"), kind.name(), crate::text::grouped(offset), if rest.len() == 1 { "was" } else { "were" }, lead = at.lead()),
            );
        }
        if let Some((l, Some(expected), _)) = pem {
            let same_family = matches!(
                (expected, kind),
                (DerKind::Pkcs8, DerKind::RsaPrivate | DerKind::EcPrivate) | (DerKind::RsaPrivate | DerKind::EcPrivate, DerKind::Pkcs8)
            );
            if expected != kind && kind != DerKind::Unknown && !same_family {
                self.push(
                    Code::PemLabelMismatch,
                    InputSeverity::Warning,
                    format!("{lead}labelled \"{l}\" but holds a {}; it was read as what it is", kind.name(), lead = at.lead()),
                );
            }
        }
        Some((top, kind))
    }

    /// A certificate's DER (definite lengths): an item when it parses, else an error.
    fn certificate(&mut self, der: Vec<u8>, encoding: Encoding, at: At<'_>) {
        match parse_certificate(&der) {
            Ok((_, x)) => {
                if let Some(hook) = self.on_certificate.as_mut() {
                    hook(self.out.items.len(), &der, &x);
                }
                drop(x);
                self.item(ItemKind::Certificate, der, encoding, ItemAttributes::default());
            }
            Err(e) => self.error(Code::CertificateDamaged, format!("{at} looks like a certificate but could not be decoded: {e}")),
        }
    }

    /// What [`Decoder::der`] makes of a top element of kind `kind`.
    fn der_body(&mut self, top: Tlv<'_>, kind: DerKind, encoding: Encoding, at: At<'_>) {
        let raw = top.raw;
        match kind {
            DerKind::Certificate => self.certificate(pkcs7::to_definite(&top), encoding, at),
            DerKind::Crl => match x509_parser::revocation_list::CertificateRevocationList::from_der(raw) {
                Ok(_) => self.item(ItemKind::Crl, raw.to_vec(), encoding, ItemAttributes::default()),
                Err(e) => self.error(Code::CrlDamaged, format!("{at} looks like a CRL but could not be decoded: {e}")),
            },
            DerKind::Request => match x509_parser::certification_request::X509CertificationRequest::from_der(raw) {
                Ok(_) => self.item(ItemKind::CertificateRequest, raw.to_vec(), encoding, ItemAttributes::default()),
                Err(e) => self.error(Code::RequestDamaged, format!("{at} looks like a certificate request but could not be decoded: {e}")),
            },
            DerKind::Pkcs7 => self.pkcs7(&top, encoding, at),
            DerKind::Pkcs12 => self.pkcs12(&top, encoding),
            DerKind::Pkcs8 => self.plain_key("PKCS#8 private key", KeyKind::Private, keys::from_pkcs8(raw), at),
            DerKind::RsaPrivate => self.plain_key("PKCS#1 RSA private key", KeyKind::Private, keys::from_rsa_private(raw), at),
            DerKind::EcPrivate => self.plain_key("SEC1 EC private key", KeyKind::Private, keys::from_ec_private(raw, None), at),
            DerKind::Spki => {
                let r = keys::from_spki(&top);
                self.plain_key("public key (SubjectPublicKeyInfo)", KeyKind::Public, r, at);
            }
            DerKind::RsaPublic => self.plain_key("PKCS#1 RSA public key", KeyKind::Public, keys::from_rsa_public(raw), at),
            DerKind::EncryptedPkcs8 => self.encrypted_pkcs8(&top, at),
            DerKind::Unknown if nesting_depth(&top) > crate::der::MAX_DEPTH => self.error(
                Code::DerTooDeep,
                format!("{at} is nested more than {} levels deep, far more than any certificate, key or container", crate::der::MAX_DEPTH),
            ),
            DerKind::Unknown if children(&top).ok().and_then(|k| k.first().map(|t| t.tag)) == Some(0x0a) => self.error(
                Code::UnsupportedContent,
                format!("{at} is an OCSP response, which certlens does not read (it reads certificates, keys, CRLs, requests, PKCS#7 and PKCS#12)"),
            ),
            DerKind::Unknown => self.error(
                Code::UnrecognisedContent,
                format!(
                    "{at} is an ASN.1 structure but not a certificate, CRL, request, key, PKCS#7 or PKCS#12 file (top element tag 0x{:02x}, {} bytes)",
                    top.tag,
                    raw.len()
                ),
            ),
        }
    }

    fn encrypted_pkcs8(&mut self, top: &Tlv<'_>, at: At<'_>) {
        let kids = children(top).unwrap_or_default();
        let (Some(alg), Some(data)) = (kids.first(), kids.get(1)) else { return };
        let info = pbe::describe(alg);
        let mut public = None;
        if let Some(p) = self.password().map(str::to_owned) {
            self.encrypted_keys += 1;
            let mut last = None;
            for secret in pbe::Secret::candidates(&p) {
                match pbe::decrypt(alg, &secret, data.value, self.budget) {
                    Ok(plain) => match keys::from_pkcs8(&plain) {
                        Ok(k) => {
                            public = Some(k);
                            break;
                        }
                        Err(_) => last = Some(pbe::DecryptError::WrongPassword),
                    },
                    Err(pbe::DecryptError::OverBudget) => {
                        last = Some(pbe::DecryptError::OverBudget);
                        break;
                    }
                    Err(e) => last = Some(e),
                }
            }
            match (public.is_some(), last) {
                (false, Some(pbe::DecryptError::WrongPassword)) => {
                    self.error(Code::KeyWrongPassword, format!("{lead}the password is wrong for this encrypted private key", lead = at.lead()))
                }
                (false, Some(pbe::DecryptError::OverBudget)) => self.keys_over_budget += 1,
                (false, Some(e)) => self.push(Code::KeyCannotDecrypt, InputSeverity::Warning, format!("{lead}{e}", lead = at.lead())),
                _ => {}
            }
        }
        self.encrypted_key_report("PKCS#8 encrypted private key".into(), info, public, at);
    }

    fn pkcs7(&mut self, top: &Tlv<'_>, encoding: Encoding, at: At<'_>) {
        self.containers.push("PKCS#7");
        match pkcs7::parse_content_info(top) {
            Ok(sd) => {
                self.ber |= sd.indefinite;
                let n = sd.certificates.len();
                for c in sd.certificates {
                    self.item(ItemKind::Certificate, c, encoding, ItemAttributes::default());
                }
                let ncrl = sd.crls.len();
                for c in sd.crls {
                    self.item(ItemKind::Crl, c, encoding, ItemAttributes::default());
                }
                if sd.skipped > 0 {
                    self.push(Code::Pkcs7Skipped, InputSeverity::Info, format!("{lead}{} skipped", crate::text::count(sd.skipped, "attribute certificate or other entry was", "attribute certificates or other entries were"), lead = at.lead()));
                }
                if n == 0 && ncrl == 0 {
                    self.push(Code::Pkcs7Empty, InputSeverity::Warning, format!("{lead}the PKCS#7 bundle holds no certificates", lead = at.lead()));
                }
                let summary = format!(
                    "PKCS#7 {}: {}{}",
                    if sd.signers > 0 { "signed data" } else { "certificate bundle" },
                    pkcs12::certificates_and_crls(n, ncrl),
                    if sd.indefinite { " (BER, indefinite lengths)" } else { "" }
                );
                self.out.container = Some(ContainerReport::plain("PKCS#7", summary, "a PKCS#7 bundle cannot hold a private key", n, 0));
            }
            Err(e) => self.error(Code::Pkcs7Unsupported, format!("{lead}{e}", lead = at.lead())),
        }
    }

    fn serialized_store(&mut self, bytes: &[u8]) {
        self.containers.push("serialized store (.sst)");
        let (n, ncrl) = self.store_elements(sst::read(bytes), None, |what, offset| format!("the {what} at byte {offset} of the store"), "serialized store: ");
        let summary = format!("Microsoft serialized certificate store: {}", pkcs12::certificates_and_crls(n, ncrl));
        self.out.container = Some(ContainerReport::plain("SST", summary, "a serialized certificate store holds certificates, not private keys", n, 0));
    }

    /// A registry export (`.reg`) of certificate store keys: each key's `Blob` value holds the
    /// certificate (or CRL, or CTL) with its properties, as a serialized store's elements do.
    fn registry_export(&mut self, blobs: Vec<embedded::RegistryBlob>) {
        self.containers.push("registry export (.reg)");
        if blobs.is_empty() {
            self.error(
                Code::NoItems,
                "this registry export holds no \"Blob\" value, where Windows keeps each certificate of a store: export a key under …\\SystemCertificates\\<store>\\Certificates (for the Trusted Root store, HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\ROOT\\Certificates)".into(),
            );
            return;
        }
        let (mut n, mut ncrl) = (0, 0);
        let keys = blobs.len();
        for blob in blobs {
            // …\SystemCertificates\<store>\Certificates\<thumbprint>: the last part (the
            // thumbprint) is the place messages name; the store is the one before "Certificates".
            let parts: Vec<&str> = blob.key.split('\\').collect();
            let key = parts.last().copied().unwrap_or_default().to_string();
            let store = parts.iter().rposition(|p| p.eq_ignore_ascii_case("Certificates")).and_then(|i| i.checked_sub(1)).and_then(|i| parts.get(i)).map(|s| s.to_string());
            let (c, r) = self.store_elements(
                sst::read_elements(&blob.value),
                store,
                |what, _| format!("the {what} under key {key} (line {})", blob.line),
                &format!("key {key} (line {}): ", blob.line),
            );
            (n, ncrl) = (n + c, ncrl + r);
        }
        let summary = format!("Windows registry export: {} from {}", pkcs12::certificates_and_crls(n, ncrl), crate::text::count(keys, "\"Blob\" value", "\"Blob\" values"));
        let private_key = "a certificate store's registry keys hold certificates; private keys are kept apart (CNG or CryptoAPI key containers), never in this export";
        self.out.container = Some(ContainerReport::plain("REG", summary, private_key, n, 0));
    }

    /// Text that describes certificates without holding them (`certutil -store` / `-dump`
    /// output, PowerShell's listing of a store): each certificate it describes, with its private
    /// key's state, and `how` to write the certificates themselves to files.
    fn described_output(&mut self, container: &'static str, what: &str, how: &str, described: &[certutil::Described]) {
        self.containers.push(container);
        self.described = true;
        for c in described {
            self.push(Code::CertutilOutput, InputSeverity::Info, c.words());
        }
        self.push(
            Code::CertutilOutput,
            InputSeverity::Warning,
            format!(
                "this is {what}: it describes {} but does not hold {}, so no chain or verdict can be made from it; {how}",
                crate::text::count(described.len(), "certificate", "certificates"),
                if described.len() == 1 { "it" } else { "them" }
            ),
        );
    }

    /// `certutil -verify -urlfetch` output: a note per certificate of the chain Windows built
    /// (what was fetched for it), a warning for each that stops IIS (no revocation address
    /// worked, a chain error), certutil's own answer, and what to drop for a verdict. The
    /// verdict reads the fetches as what the server saw ([`certutil::Verify`]).
    fn verify_output(&mut self, verify: certutil::Verify) {
        self.containers.push("certutil -verify output");
        self.described = true;
        let last = verify.chain.len().saturating_sub(1);
        for (i, c) in verify.chain.iter().enumerate() {
            let (note, warning) = c.words(i, i == last && i > 0);
            self.push(Code::CertutilVerify, InputSeverity::Info, note);
            if let Some(w) = warning {
                self.push(Code::CertutilVerify, InputSeverity::Warning, w);
            }
        }
        if let Some(r) = &verify.leaf_revocation {
            self.push(Code::CertutilVerify, InputSeverity::Info, format!("certutil on the checked certificate's revocation: {r}"));
        }
        if verify.cut {
            self.push(
                Code::CertutilVerify,
                InputSeverity::Warning,
                format!("only the first {} certificates and {} addresses each were read", certutil::MAX_CHECKED, certutil::MAX_FETCHES),
            );
        }
        let answer = verify.result.as_deref().map(|r| format!(" (its answer: {r})")).unwrap_or_default();
        self.push(
            Code::CertutilVerify,
            InputSeverity::Info,
            format!("`certutil -verify -urlfetch` output{answer}: what the machine it ran on could fetch; the verdict reads it as the server's own check, so run it on the IIS server; drop the certificate that was checked (cert.cer) beside it for the verdict"),
        );
        self.out.server_check = Some(verify);
    }

    /// Schannel's events from the System log: each kind in words (a warning when it stops
    /// client certificate authentication), and what to drop for the verdict.
    fn schannel_events(&mut self, events: &[(schannel::Event, schannel::Logged)], not_read: usize) {
        self.containers.push("Schannel events");
        self.described = true;
        for (e, logged) in events {
            let severity = if e.stops_client_certificates() { InputSeverity::Warning } else { InputSeverity::Info };
            self.push(Code::SchannelEvent, severity, e.words(logged));
        }
        let mut summary = "Schannel events (System log)".to_string();
        if not_read > 0 {
            summary.push_str(&format!(", the first {} read ({} more not read)", crate::text::grouped(schannel::MAX_EVENTS), crate::text::grouped(not_read)));
        }
        summary.push_str(": they do not name the certificate; for the verdict and its fix, drop the client certificate with its chain (.cer, .p7b or .pfx)");
        self.push(Code::SchannelEvent, InputSeverity::Info, summary);
    }

    /// IIS's request log: each answer IIS gave, in words (client certificate refusals as
    /// warnings, first), and what to drop for the verdict that explains them.
    fn iis_log(&mut self, log: iislog::Log) {
        self.containers.push("IIS log");
        self.described = true;
        for a in &log.answers {
            let severity = if a.about_client_certificates() { InputSeverity::Warning } else { InputSeverity::Info };
            self.push(Code::IisLog, severity, a.words());
        }
        let mut summary = format!("IIS request log: {} read", crate::text::count(log.requests, "request", "requests"));
        if log.other_requests > 0 {
            summary.push_str(&format!(" ({} with other answers, after the first {} kinds, not told apart)", crate::text::grouped(log.other_requests), iislog::MAX_ANSWERS));
        }
        if log.lines_not_read > 0 {
            summary.push_str(&format!("; only the first {} lines were read ({} more not read)", crate::text::grouped(iislog::MAX_LINES), crate::text::grouped(log.lines_not_read)));
        }
        if log.answers.iter().any(iislog::Answer::about_client_certificates) {
            summary.push_str("; for why IIS refused the client certificate and how to fix it, drop that certificate with its chain (.cer, .p7b or .pfx): the verdict then says whether it predicts what the log shows");
        }
        self.push(Code::IisLog, InputSeverity::Info, summary);
        self.out.iis_log = Some(log);
    }

    /// An IIS configuration file: the site's client certificate settings in a note (applied to
    /// the server settings by the CLI and the page), and each one-to-one mapping whose
    /// certificate cannot be read (IIS refuses every certificate it was meant for).
    fn iis_config(&mut self, config: iisconfig::IisConfig) {
        self.containers.push("IIS configuration");
        let site = if config.location.is_empty() { "the file's own level".to_string() } else { format!("the site \"{}\"", config.location) };
        let others = match config.other_locations.as_slice() {
            [] => String::new(),
            more => {
                let (has, is, it) = if more.len() == 1 { ("has", "is", "it") } else { ("have", "are", "one of them") };
                format!(
                    "; {} also {has} client certificate settings and {is} not applied: to apply {it}, drop a copy of the file without the other <location> elements",
                    crate::text::name_a_few(&more.iter().map(|p| format!("\"{p}\"")).collect::<Vec<_>>(), ", "),
                )
            }
        };
        self.push(
            Code::IisConfig,
            InputSeverity::Info,
            format!("IIS configuration, {site}: {}; these settings are applied to the server settings (passwords in the file are not read){others}", config.words()),
        );
        if config.many_to_one_not_read > 0 {
            self.push(
                Code::IisConfig,
                InputSeverity::Warning,
                format!(
                    "only the first {} many-to-one mappings were read ({} more not read): a certificate that only a later one maps is predicted as not mapped",
                    iisconfig::MAX_MANY_TO_ONE,
                    crate::text::grouped(config.many_to_one_not_read)
                ),
            );
        }
        for m in config.one_to_one.iter().filter(|m| m.enabled) {
            if let Some(problem) = &m.problem {
                self.push(Code::IisMappingUnreadable, InputSeverity::Warning, format!("the one-to-one mapping for {}: {problem}; IIS answers 401.1 to the certificate it was meant for: copy the certificate's base64 again, as one line", m.user));
            }
        }
        self.out.iis = Some(config);
    }

    /// A ZIP archive (a CA's delivery: the certificate and its chain as files): each entry
    /// decoded as a file of its own, its findings led by its name; what is not read is said.
    fn zip(&mut self, bytes: &[u8]) {
        self.containers.push("ZIP archive");
        let archive = match zip::read(bytes, MAX_FILE_SIZE) {
            Ok(a) => a,
            Err(e) => return self.error(Code::ZipUnreadable, format!("the ZIP archive could not be read: {e}")),
        };
        let mut read = 0;
        let (beyond_limit, passed_over) = (archive.beyond_limit, archive.passed_over);
        for entry in archive.entries {
            let name = &entry.name;
            let data = match entry.data {
                Ok(d) => d,
                Err(e) => {
                    self.push(Code::ZipEntryNotRead, InputSeverity::Warning, format!("{name} in the archive was not read: {e}"));
                    continue;
                }
            };
            if zip::looks_like_zip(&data) {
                self.push(Code::ZipEntryNotRead, InputSeverity::Warning, format!("{name} in the archive is an archive itself, which certlens does not open: extract it and drop its files"));
                continue;
            }
            let file = InputFile { name: name.clone(), bytes: data, password: self.file.password.clone() };
            let inner = decode(&file, self.budget, None);
            read += 1;
            self.out.items.extend(inner.items);
            for k in inner.keys {
                self.push_key(k);
            }
            for p in inner.problems {
                // An entry holding nothing certlens reads (a readme, a web page) is said in a note.
                if p.code == Code::UnrecognisedContent {
                    self.push(p.code, InputSeverity::Info, format!("{name} in the archive holds no certificate, key or container certlens reads; not read"));
                } else {
                    self.push(p.code, p.severity, format!("{name} in the archive: {}", p.message));
                }
            }
            self.out.locked |= inner.locked;
        }
        if beyond_limit > 0 {
            self.push(Code::ZipEntryNotRead, InputSeverity::Warning, format!("the archive has more than {} files: the other {} were not read", crate::text::grouped(zip::MAX_ENTRIES), crate::text::grouped(beyond_limit)));
        }
        // Nothing read: what was not read is why (errors, as a file without items has), else
        // the archive holds nothing certlens reads.
        if self.out.items.is_empty() && self.out.keys.is_empty() {
            let mut said = false;
            for p in self.out.problems.iter_mut().filter(|p| p.code == Code::ZipEntryNotRead) {
                p.severity = InputSeverity::Error;
                said = true;
            }
            if !said && !self.has_error() {
                self.error(Code::NoItems, "no file in the archive holds a certificate, key, CRL or request".into());
            }
        }
        let mut parts = vec![format!("{} read", crate::text::count(read, "file", "files"))];
        if passed_over > 0 {
            parts.push(format!("{} passed over", crate::text::count(passed_over, "folder or macOS resource copy", "folders and macOS resource copies")));
        }
        let private_key = if self.out.keys.is_empty() { "no private key among its files" } else { "a private key among its files" };
        let certificates = self.out.items.iter().filter(|i| i.kind == ItemKind::Certificate).count();
        self.out.container = Some(ContainerReport::plain("ZIP", format!("ZIP archive: {}", parts.join(", ")), private_key, certificates, self.out.keys.len()));
    }

    /// The certificates and CRLs of a store's elements as items, its problems as findings
    /// (`store`: the store's name, when a registry key gives it; `place`: how a message names an element, by its kind and offset; `lead`: how a
    /// store's own problem starts). Returns how many certificates and CRLs were read.
    fn store_elements(&mut self, r: sst::SstContents, store: Option<String>, place: impl Fn(&str, usize) -> String, lead: &str) -> (usize, usize) {
        let n = r.certificates.len();
        let ncrl = r.crls.len();
        for e in r.certificates {
            let parsed = parse_certificate(&e.der).map(|_| ()).map_err(|err| err.to_string());
            match parsed {
                Ok(()) => {
                    let attrs = ItemAttributes { friendly_name: e.friendly_name, local_key_id: None, key_link: e.key_link.map(|l| l.words()), store: store.clone() };
                    self.item(ItemKind::Certificate, e.der, Encoding::Der, attrs);
                }
                Err(err) => self.error(Code::CertificateDamaged, format!("{} could not be decoded: {err}", place("certificate", e.offset))),
            }
        }
        for e in r.crls {
            let parsed = x509_parser::revocation_list::CertificateRevocationList::from_der(&e.der).map(|_| ()).map_err(|err| err.to_string());
            match parsed {
                Ok(()) => self.item(ItemKind::Crl, e.der, Encoding::Der, ItemAttributes::default()),
                Err(err) => self.error(Code::CrlDamaged, format!("{} could not be decoded: {err}", place("CRL", e.offset))),
            }
        }
        if r.ctls > 0 {
            self.push(Code::SstCtlSkipped, InputSeverity::Info, format!("{} in the store {} not read", crate::text::count(r.ctls, "certificate trust list (CTL)", "certificate trust lists (CTL)"), if r.ctls == 1 { "was" } else { "were" }));
        }
        for p in r.problems {
            let severity = if n == 0 && ncrl == 0 { InputSeverity::Error } else { InputSeverity::Warning };
            self.push(Code::SstDamaged, severity, format!("{lead}{p}"));
        }
        (n, ncrl)
    }

    fn pkcs12(&mut self, top: &Tlv<'_>, encoding: Encoding) {
        self.containers.push("PKCS#12");
        let kids = children(top).unwrap_or_default();
        let password = self.file.password.as_deref();
        let contents = pkcs12::read(&kids, password, self.budget);
        for (der, attrs) in contents.certificates {
            match parse_certificate(&der) {
                Ok(_) => self.item(ItemKind::Certificate, der, encoding, attrs),
                Err(e) => self.error(Code::CertificateDamaged, format!("a certificate in the PKCS#12 file could not be decoded: {e}")),
            }
        }
        for crl in contents.crls {
            self.item(ItemKind::Crl, crl, encoding, ItemAttributes::default());
        }
        for k in contents.keys {
            self.push_key(k);
        }
        self.out.problems.extend(contents.problems);
        self.out.locked |= contents.locked;
        self.out.container = contents.container;
    }

    fn describe(&self, text_note: &str) -> String {
        let count = |k: ItemKind| self.out.items.iter().filter(|i| i.kind == k).count();
        let mut parts = Vec::new();
        let plural = crate::text::count::<usize>;
        let certs = count(ItemKind::Certificate);
        if certs > 0 {
            parts.push(plural(certs, "certificate", "certificates"));
        }
        let crls = count(ItemKind::Crl);
        if crls > 0 {
            parts.push(plural(crls, "CRL", "CRLs"));
        }
        let reqs = count(ItemKind::CertificateRequest);
        if reqs > 0 {
            parts.push(plural(reqs, "certificate request", "certificate requests"));
        }
        let private = self.out.keys.iter().filter(|k| k.kind == KeyKind::Private).count();
        let encrypted = self.out.keys.iter().filter(|k| k.kind == KeyKind::Private && k.locked()).count();
        if private > 0 {
            let mut s = plural(private, "private key", "private keys");
            if encrypted > 0 {
                s.push_str(&format!(" ({} encrypted)", crate::text::grouped(encrypted)));
            }
            parts.push(s);
        }
        let public = self.out.keys.len() - private;
        if public > 0 {
            parts.push(plural(public, "public key", "public keys"));
        }
        let enc = match self.encoding {
            Some(Encoding::Der) if self.ber => "BER (indefinite lengths)",
            Some(Encoding::Der) => "DER",
            Some(Encoding::Pem) => "PEM",
            Some(Encoding::Base64) if self.inside_text => "base64 inside text",
            Some(Encoding::Base64) => "base64 text",
            Some(Encoding::Hex) => "hex text",
            // "Windows registry export (.reg)", its container's name following.
            Some(Encoding::Registry) => "Windows",
            // An archive: its files have encodings of their own.
            None if !self.containers.is_empty() => "",
            None => "unknown",
        };
        let mut head = enc.to_string();
        for c in &self.containers {
            if !head.is_empty() {
                head.push(' ');
            }
            head.push_str(c);
        }
        head.push_str(text_note);
        if let Some(c) = &self.out.container {
            if c.format == "PKCS#12" && c.password == PasswordState::Needed {
                head.push_str(" (password needed)");
            } else if c.password == PasswordState::Wrong {
                head.push_str(" (wrong password)");
            }
        }
        if parts.is_empty() {
            head
        } else {
            format!("{head}: {}", parts.join(", "))
        }
    }

    /// A note when the file name's extension does not fit what is inside.
    fn mislabel_note(&mut self) {
        let name = self.file.name.to_ascii_lowercase();
        let Some((_, ext)) = name.rsplit_once('.') else { return };
        let has = |k: ItemKind| self.out.items.iter().any(|i| i.kind == k);
        let has_private = self.out.keys.iter().any(|k| k.kind == KeyKind::Private);
        let content = if self.containers.contains(&"PKCS#12") {
            "a PKCS#12 (PFX) file"
        } else if self.containers.contains(&"PKCS#7") {
            "a PKCS#7 bundle"
        } else if has_private {
            "a private key"
        } else if has(ItemKind::CertificateRequest) {
            "a certificate request"
        } else if has(ItemKind::Crl) && !has(ItemKind::Certificate) {
            "a CRL"
        } else if has(ItemKind::Certificate) {
            "certificates"
        } else if !self.out.keys.is_empty() {
            "a public key"
        } else {
            return;
        };
        let enc = self.encoding;
        let pem_text = matches!(enc, Some(Encoding::Pem | Encoding::Base64)) && !self.inside_text;
        let note = match ext {
            "cer" | "crt" | "der" | "pem" if enc == Some(Encoding::Hex) => {
                Some("holds hexadecimal text, which Windows and OpenSSL do not open (`certutil -decodehex` turns it into a file they do)".to_string())
            }
            "cer" | "crt" if content != "certificates" => Some(format!("holds {content}, not a plain certificate")),
            "cer" | "crt" if pem_text => Some("holds base64 (PEM) text rather than binary DER; Windows and OpenSSL read both".to_string()),
            "der" if pem_text => Some("holds PEM/base64 text, not binary DER".to_string()),
            "der" if content != "certificates" => Some(format!("holds {content}")),
            "pem" if enc == Some(Encoding::Der) => Some(format!("holds binary DER ({content}), not PEM text")),
            "p7b" | "p7c" | "spc" if content != "a PKCS#7 bundle" => Some(format!("holds {content}, not a PKCS#7 bundle")),
            "pfx" | "p12" if content != "a PKCS#12 (PFX) file" => Some(format!(
                "holds {content}, not a PKCS#12 file{}",
                if has_private { "" } else { ": it carries no private key" }
            )),
            "key" if !has_private => Some(format!("holds {content}, not a private key")),
            "csr" | "req" if content != "a certificate request" => Some(format!("holds {content}, not a certificate request")),
            "crl" if content != "a CRL" => Some(format!("holds {content}, not a CRL")),
            _ => None,
        };
        if let Some(n) = note {
            self.push(Code::FileExtensionMismatch, InputSeverity::Info, format!("the file is named .{ext} but {n}"));
        }
    }
}

/// A problem with a severity.
pub(crate) fn problem_with(code: Code, severity: InputSeverity, message: String) -> InputProblem {
    InputProblem { code, message, severity }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use crate::test_support::fixture;

    /// Decoding takes a certificate on the parse that skips each extension's contents: it
    /// must accept exactly what the full parse accepts, for certificates whose extensions are
    /// broken inside too (every byte of real certificates flipped, one at a time).
    #[test]
    fn the_decoding_parse_accepts_what_the_full_parse_accepts() {
        let mut broken_inside = 0;
        for name in ["chain/ee_client.der", "chain/ee_smartcard.der", "chain/ee_unknown_critical_ext.der", "chain/ee_ec_p384.der", "chain/int_ca.der"] {
            let der = fixture(name).bytes;
            let full = |d: &[u8]| x509_parser::parse_x509_certificate(d).is_ok();
            assert!(full(&der) && super::parse_certificate(&der).is_ok(), "{name}");
            for i in 0..der.len() {
                for flip in [0x01u8, 0x80, 0xff] {
                    let mut d = der.clone();
                    d[i] ^= flip;
                    assert_eq!(super::parse_certificate(&d).is_ok(), full(&d), "{name}: byte {i} ^ {flip:#04x}");
                    if let Ok((_, x)) = x509_parser::parse_x509_certificate(&d) {
                        broken_inside += x.extensions().iter().filter(|e| matches!(e.parsed_extension(), x509_parser::extensions::ParsedExtension::ParseError { .. })).count();
                    }
                }
            }
        }
        assert!(broken_inside > 100, "certificates accepted with an extension broken inside: {broken_inside}");
    }

    /// A PEM certificate becomes its item without a copy only when the block's bytes are the
    /// certificate exactly (definite lengths, nothing after it); the others are trimmed or
    /// re-encoded as before: every item is the certificate's DER.
    #[test]
    fn a_pem_certificate_is_its_der_whatever_the_block_holds() {
        let der = fixture("chain/ee_client.der").bytes;
        // The outer SEQUENCE with an indefinite length (BER), and the block with bytes after it.
        let (top, _) = crate::der::read_tlv(&der, 0).unwrap();
        let ber = [&[0x30, 0x80][..], top.value, &[0, 0]].concat();
        let trailing = [der.as_slice(), &[0x05, 0x00]].concat();
        for (what, bytes, code) in [("plain", &der, None), ("indefinite", &ber, None), ("trailing", &trailing, Some(crate::diag::Code::TrailingData))] {
            let text = crate::model::asn1::pem(bytes, "CERTIFICATE");
            let d = super::decode_file(&crate::InputFile::new("c.pem", text.into_bytes()));
            assert_eq!(d.items.len(), 1, "{what}");
            assert!(d.items[0].der == der, "{what}");
            assert_eq!(d.problems.iter().map(|p| p.code).collect::<Vec<_>>(), code.into_iter().collect::<Vec<_>>(), "{what}");
        }
    }

    /// A bundle of many PEM blocks is decoded ahead on every core natively
    /// (`Decoder::pem_blocks`): the same items, keys, findings and notes as one by one (the
    /// way a caller that is told of each certificate decodes, and the web worker). Blocks of
    /// every kind: certificates, one damaged, one with trailing bytes and one of indefinite
    /// length, keys (encrypted ones too, with and without the password), a CRL, PKCS#7, bad
    /// base64, wrong labels and a block without its END line.
    #[test]
    fn many_pem_blocks_decode_alike_ahead_and_one_by_one() {
        use base64::Engine as _;
        let pem = |label: &str, der: &[u8]| {
            let b64 = base64::engine::general_purpose::STANDARD.encode(der);
            let lines: Vec<&str> = b64.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap()).collect();
            format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", lines.join("\n"))
        };
        // A certificate damaged inside (one byte): still read as one, but its parse fails.
        let good = fixture("chain/ee_client.der").bytes;
        let damaged = (4..good.len())
            .map(|i| {
                let mut d = good.clone();
                d[i] ^= 0xff;
                d
            })
            .find(|d| {
                let kind = crate::der::read_tlv(d, 0).ok().map(|(t, _)| super::classify(&t));
                kind == Some(super::DerKind::Certificate) && super::parse_certificate(d).is_err()
            })
            .unwrap();
        let texts = [
            "chain/fullchain.pem", "chain/ca_bundle.pem", "bad/bad_base64.pem", "bad/wrong_label.pem", "keys_pem/ec_p256.pem",
            "keys_pem/ee_client_pkcs8_encrypted.pem", "keys_pem/ee_client_rsa_encrypted.pem", "keys_pem/ee_client_public.pem",
            "crl/int01_crl.pem", "pkcs7/chain_pem.p7b", "hostile_text/upn_injection_fullchain.pem", "text/ee_client_cert_and_key.pem",
        ];
        let mut bundle = String::new();
        while bundle.matches("-----BEGIN").count() < 3 * super::PEM_BLOCKS_AHEAD_FROM {
            for name in texts {
                bundle.push_str(&String::from_utf8(fixture(name).bytes).unwrap());
                bundle.push('\n');
            }
            bundle.push_str(&pem("CERTIFICATE", &damaged));
            bundle.push_str(&pem("CERTIFICATE", &fixture("bad/trailing_garbage.der").bytes));
            bundle.push_str(&pem("PKCS7", &fixture("pkcs7/chain_ber.p7b").bytes));
            bundle.push_str(&pem("CERTIFICATE", &fixture("chain/ee_ed25519.der").bytes));
            // A certificate's bytes under legacy encryption headers: what is read is what they decrypt to.
            let encrypted = pem("CERTIFICATE", &good);
            bundle.push_str(&encrypted.replacen("-----\n", "-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n", 1));
            bundle.push_str("header text between blocks\n");
        }
        bundle.push_str(&String::from_utf8(fixture("bad/missing_end.pem").bytes).unwrap());
        for password in [None, Some("password")] {
            let mut file = super::InputFile::new("bundle.pem", bundle.clone().into_bytes());
            file.password = password.map(str::to_string);
            let ahead = super::decode_file(&file);
            let mut budget = super::pbe::DerivationBudget::default();
            let mut told = 0;
            let mut hook = |_: usize, _: &[u8], _: &x509_parser::certificate::X509Certificate<'_>| told += 1;
            let one_by_one = super::decode_file_with(&file, &mut budget, &mut hook);
            assert!(told > 3 * super::PEM_BLOCKS_AHEAD_FROM / 2, "{told} certificates");
            assert!(!ahead.problems.is_empty() && !ahead.keys.is_empty());
            assert_eq!(ahead, one_by_one);
        }
    }

    #[test]
    fn an_iis_configuration_names_the_sites_not_applied() {
        let site = |name: &str, flags: &str| format!(r#"<location path="{name}"><system.webServer><security><access sslFlags="{flags}" /></security></system.webServer></location>"#);
        let note = |sites: &[String]| {
            let text = format!("<configuration><system.webServer/>{}</configuration>", sites.concat());
            let d = super::decode_file(&crate::InputFile::new("applicationHost.config", text.into_bytes()));
            d.problems.iter().find(|p| p.code == crate::diag::Code::IisConfig).map(|p| p.message.clone()).unwrap_or_default()
        };
        let one = note(&[site("Default Web Site", "Ssl"), site("Portal", "Ssl, SslRequireCert")]);
        assert!(one.starts_with("IIS configuration, the site \"Portal\": client certificates required"), "{one}");
        assert!(one.ends_with("\"Default Web Site\" also has client certificate settings and is not applied: to apply it, drop a copy of the file without the other <location> elements"), "{one}");
        let two = note(&[site("A", "Ssl, SslNegotiateCert"), site("B", "Ssl"), site("C", "Ssl")]);
        assert!(two.ends_with("\"B\", \"C\" also have client certificate settings and are not applied: to apply one of them, drop a copy of the file without the other <location> elements"), "{two}");
    }

    #[test]
    fn a_big_bundle_is_described_with_its_count_grouped() {
        let one = String::from_utf8(fixture("chain/ee_client.pem").bytes).unwrap();
        let d = super::decode_file(&crate::InputFile::new("big.pem", one.repeat(1_000).into_bytes()));
        assert_eq!(d.detected, "PEM: 1,000 certificates", "as every other count: grouped");
    }
}
