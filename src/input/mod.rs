//! Input layer: bytes a user dropped or pasted → typed items.
//!
//! Detection is by content, never by file name. Every file yields either
//! items or a specific, one-line problem; nothing is silently skipped.

mod pem;

use serde::{Deserialize, Serialize};

pub use pem::{pem_blocks, PemBlock};

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
}

/// How the content of a file was encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// Binary DER (or BER).
    Der,
    /// PEM armour (`-----BEGIN ...-----`).
    Pem,
    /// Base64 without PEM armour.
    Base64,
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

/// One typed item found in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// What it is.
    pub kind: ItemKind,
    /// Its DER bytes.
    pub der: Vec<u8>,
    /// How it was encoded in the file.
    pub encoding: Encoding,
}

/// A problem with a file or with part of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputProblem {
    /// Stable code, e.g. `not-a-certificate`.
    pub code: &'static str,
    /// One line, lowercase, specific, naming the offending value where possible.
    pub message: String,
}

/// Everything found in one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DecodedFile {
    /// Short description of the detected content, e.g. `PEM, 2 certificates`.
    pub detected: String,
    /// Items found, in file order.
    pub items: Vec<Item>,
    /// Problems found. A file with no items has at least one.
    pub problems: Vec<InputProblem>,
}

/// Decode one file.
pub fn decode_file(file: &InputFile) -> DecodedFile {
    let mut out = DecodedFile::default();
    let bytes = file.bytes.as_slice();
    if bytes.is_empty() {
        out.detected = "empty file".into();
        out.problems.push(problem("empty-file", "the file is empty (0 bytes)"));
        return out;
    }
    if bytes.len() > MAX_FILE_SIZE {
        out.detected = "too large".into();
        out.problems.push(problem(
            "file-too-large",
            format!("the file is {} bytes; the limit is {} bytes (20 MB)", bytes.len(), MAX_FILE_SIZE),
        ));
        return out;
    }
    let text = String::from_utf8_lossy(bytes);
    let blocks = pem_blocks(&text);
    if !blocks.is_empty() {
        out.detected = "PEM".into();
        for block in blocks {
            match block.decoded {
                Ok(der) => push_der(&mut out, der, Encoding::Pem, &block.label),
                Err(e) => out.problems.push(problem(
                    "pem-bad-base64",
                    format!("PEM block \"{}\" on line {}: {}", block.label, block.line, e),
                )),
            }
        }
    } else if bytes.first() == Some(&0x30) {
        out.detected = "DER".into();
        push_der(&mut out, bytes.to_vec(), Encoding::Der, "");
    } else if let Some(der) = pem::bare_base64(&text) {
        out.detected = "base64 text".into();
        push_der(&mut out, der, Encoding::Base64, "");
    } else {
        out.detected = "unknown".into();
        out.problems.push(problem(
            "unrecognised-content",
            "not a certificate: neither PEM, DER nor base64 (first bytes do not start an ASN.1 SEQUENCE)",
        ));
    }
    if out.items.is_empty() && out.problems.is_empty() {
        out.problems.push(problem("no-items", "no certificate found in the file"));
    }
    out
}

fn push_der(out: &mut DecodedFile, der: Vec<u8>, encoding: Encoding, label: &str) {
    use x509_parser::prelude::FromDer;
    if label.contains("CRL") || x509_parser::revocation_list::CertificateRevocationList::from_der(&der).is_ok() {
        if x509_parser::revocation_list::CertificateRevocationList::from_der(&der).is_ok() {
            out.items.push(Item { kind: ItemKind::Crl, der, encoding });
            return;
        }
    }
    if x509_parser::certification_request::X509CertificationRequest::from_der(&der).is_ok() {
        out.items.push(Item { kind: ItemKind::CertificateRequest, der, encoding });
        return;
    }
    match x509_parser::parse_x509_certificate(&der) {
        Ok((_rest, _)) => out.items.push(Item { kind: ItemKind::Certificate, der, encoding }),
        Err(e) => {
            let what = if label.is_empty() { "the data".to_string() } else { format!("PEM block \"{label}\"") };
            out.problems.push(problem("not-a-certificate", format!("{what} is not a valid X.509 certificate: {e}")));
        }
    }
}

pub(crate) fn problem(code: &'static str, message: impl Into<String>) -> InputProblem {
    InputProblem { code, message: message.into() }
}
