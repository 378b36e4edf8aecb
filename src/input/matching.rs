//! Keys ↔ certificates: by public key (the SPKI fingerprint) and by the
//! PKCS#12 local key ID; and the per-certificate private-key status.

use serde::{Deserialize, Serialize};

use super::keys::{KeyKind, KeyMatch, KeyReport};

/// The private-key situation of one certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PrivateKeyState {
    /// A private key in the same file matches the certificate.
    PresentMatches,
    /// A private key in another dropped file matches.
    InOtherFile,
    /// The file holds a private key, but not this certificate's.
    PresentNoMatch,
    /// The file type cannot hold a private key (DER/PEM certificate, PKCS#7).
    NotInFileType,
    /// The file could hold a key but holds none (e.g. a certificates-only PFX).
    NotInFile,
    /// The file has encrypted content: unknown until the password is given.
    Encrypted,
    /// No key in the file, but the Windows store it was exported from (a registry export, a
    /// serialized store) links one to the certificate: the key stays in that computer.
    LinkedInStore,
}

/// Private-key status of a certificate, in words and as data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivateKeyStatus {
    /// The situation.
    pub state: PrivateKeyState,
    /// One line, plain words.
    pub message: String,
    /// Index into `keys` of the matching (or non-matching) key.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub key: Option<usize>,
    /// The file the key is in.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub key_file: Option<String>,
    /// How the match was made: `public-key`, `local-key-id`.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub matched_by: Vec<String>,
}

/// What matching needs to know about a certificate.
#[derive(Clone, Debug, Default)]
pub struct CertFacts {
    /// Indexes of the dropped files holding it.
    pub files: Vec<usize>,
    /// SHA-256 of its canonical SubjectPublicKeyInfo.
    pub public_key_sha256: Option<String>,
    /// PKCS#12 local key IDs, with the file index they were seen in.
    pub local_key_ids: Vec<(usize, String)>,
    /// A CA certificate (its key signs certificates: never exported for client authentication).
    pub is_ca: bool,
    /// The private key the Windows store it came from links to it, in words.
    pub key_link: Option<String>,
    /// It came from a Personal (`My`) store's registry export, where a certificate that is used
    /// has its key linked.
    pub from_personal_store: bool,
}

/// What matching needs to know about a file.
#[derive(Clone, Debug, Default)]
pub struct FileFacts {
    /// File name.
    pub name: String,
    /// What the file was detected as (for messages).
    pub detected: String,
    /// Whether the format can carry a private key.
    pub can_hold_private_key: bool,
    /// Whether part of it stayed encrypted.
    pub locked: bool,
}

fn by_words(by: &[String]) -> String {
    let words: Vec<&str> = by
        .iter()
        .map(|b| if b == "local-key-id" { "PKCS#12 local key ID" } else { "public key" })
        .collect();
    words.join(" and ")
}

/// Link keys to certificates (fills `KeyReport::certificates`) and give each
/// certificate its private-key status. `key_files[i]` is the file index of `keys[i]`.
pub fn link(certs: &[CertFacts], files: &[FileFacts], keys: &mut [KeyReport], key_files: &[usize]) -> Vec<PrivateKeyStatus> {
    for (ki, key) in keys.iter_mut().enumerate() {
        let kf = key_files.get(ki).copied();
        key.certificates.clear();
        for (ci, cert) in certs.iter().enumerate() {
            let mut by = Vec::new();
            if key.public_key_sha256.is_some() && key.public_key_sha256 == cert.public_key_sha256 {
                by.push("public-key".to_string());
            }
            if let (Some(id), Some(kf)) = (&key.local_key_id, kf) {
                if cert.local_key_ids.iter().any(|(f, cid)| *f == kf && cid == id) {
                    by.push("local-key-id".to_string());
                }
            }
            if !by.is_empty() {
                key.certificates.push(KeyMatch { certificate: ci, by });
            }
        }
        if key.kind == KeyKind::Private && key.public_key_sha256.is_some() && key.certificates.is_empty() && !certs.is_empty() {
            key.status.push_str("; it matches none of the dropped certificates");
        }
    }
    let file_name = |f: usize| files.get(f).map(|f| f.name.clone()).unwrap_or_default();
    certs
        .iter()
        .enumerate()
        .map(|(ci, cert)| {
            let private = |k: &&(usize, &KeyReport)| k.1.kind == KeyKind::Private;
            let all: Vec<(usize, &KeyReport)> = keys.iter().enumerate().collect();
            let matching: Vec<&(usize, &KeyReport)> =
                all.iter().filter(private).filter(|(_, k)| k.certificates.iter().any(|m| m.certificate == ci)).collect();
            let in_cert_file = |ki: usize| key_files.get(ki).is_some_and(|f| cert.files.contains(f));
            let by_of = |k: &KeyReport| k.certificates.iter().find(|m| m.certificate == ci).map(|m| m.by.clone()).unwrap_or_default();
            if let Some((ki, k)) = matching.iter().find(|(ki, _)| in_cert_file(*ki)) {
                let by = by_of(k);
                return PrivateKeyStatus {
                    state: PrivateKeyState::PresentMatches,
                    message: format!("private key present in this file and it matches this certificate (same {})", by_words(&by)),
                    key: Some(*ki),
                    key_file: Some(k.file.clone()),
                    matched_by: by,
                };
            }
            if let Some((ki, k)) = matching.first() {
                let by = by_of(k);
                let other = key_files.get(*ki).map(|f| file_name(*f)).unwrap_or_default();
                return PrivateKeyStatus {
                    state: PrivateKeyState::InOtherFile,
                    message: format!("the matching private key is in another dropped file: {other} (same {})", by_words(&by)),
                    key: Some(*ki),
                    key_file: Some(other),
                    matched_by: by,
                };
            }
            let other_key = all
                .iter()
                .filter(private)
                .find(|(ki, k)| in_cert_file(*ki) && k.public_key_sha256.is_some());
            if let Some((ki, k)) = other_key {
                let whose = match k.certificates.first() {
                    Some(m) => format!("it belongs to certificate #{}", m.certificate + 1),
                    None => format!("a {} key", k.summary.clone().unwrap_or_default()),
                };
                return PrivateKeyStatus {
                    state: PrivateKeyState::PresentNoMatch,
                    message: format!("this file holds a private key, but not the one for this certificate ({whose})"),
                    key: Some(*ki),
                    key_file: Some(k.file.clone()),
                    matched_by: Vec::new(),
                };
            }
            let cert_files: Vec<&FileFacts> = cert.files.iter().filter_map(|f| files.get(*f)).collect();
            if cert_files.iter().any(|f| f.locked) {
                return PrivateKeyStatus {
                    state: PrivateKeyState::Encrypted,
                    message: "encrypted: unknown until the password is given (the file has encrypted content that may hold this certificate's private key)".into(),
                    key: None,
                    key_file: None,
                    matched_by: Vec::new(),
                };
            }
            let locked_key_file = all
                .iter()
                .filter(private)
                .find(|(_, k)| k.locked())
                .and_then(|(ki, _)| key_files.get(*ki))
                .map(|f| file_name(*f));
            if let Some(other) = locked_key_file {
                return PrivateKeyStatus {
                    state: PrivateKeyState::Encrypted,
                    message: format!("encrypted: {other} holds an encrypted private key; whether it belongs to this certificate is unknown until its password is given"),
                    key: None,
                    key_file: Some(other),
                    matched_by: Vec::new(),
                };
            }
            // Private keys dropped in other files, none of them this certificate's: said, so that
            // "no private key" is not read as "the key I dropped was not seen".
            let mut elsewhere: Vec<String> = all
                .iter()
                .filter(private)
                .filter(|(ki, k)| !in_cert_file(*ki) && k.public_key_sha256.is_some())
                .filter_map(|(ki, _)| key_files.get(*ki).map(|f| file_name(*f)))
                .collect();
            elsewhere.dedup();
            let not_these = match elsewhere.as_slice() {
                [] => String::new(),
                [one] => format!("; the private key in {one} is not this certificate's"),
                many => format!("; the private keys in {} are not this certificate's", many.join(", ")),
            };
            if let Some(link) = &cert.key_link {
                return PrivateKeyStatus {
                    state: PrivateKeyState::LinkedInStore,
                    message: format!(
                        "no private key in the file, but the Windows store it was exported from links one to this certificate: {link}; the key itself stays in that computer{not_these}"
                    ),
                    key: None,
                    key_file: None,
                    matched_by: Vec::new(),
                };
            }
            if cert.from_personal_store && !cert.is_ca {
                return PrivateKeyStatus {
                    state: PrivateKeyState::NotInFile,
                    message: format!(
                        "no private key: the Personal store it was exported from links none to this certificate, so neither IIS (for HTTPS) nor a browser (for client authentication) can use it there; if its key is still on that computer, `certutil -repairstore my` with the certificate's serial number links it again, else import the .pfx{not_these}"
                    ),
                    key: None,
                    key_file: None,
                    matched_by: Vec::new(),
                };
            }
            if cert_files.iter().all(|f| !f.can_hold_private_key) {
                // The file type alone ("DER", "PEM PKCS#7"), not what it was found to hold.
                let what = cert_files.first().map(|f| f.detected.split(':').next().unwrap_or_default().to_string()).unwrap_or_default();
                // How to get a certificate with its key, for the certificates that need one to
                // authenticate; a CA's key stays with the CA.
                let export = if cert.is_ca { "" } else { "; export the certificate \"with the private key\" as a .pfx to use it for client authentication" };
                return PrivateKeyStatus {
                    state: PrivateKeyState::NotInFileType,
                    message: format!("no private key: this file type ({what}) cannot hold one{not_these}{export}"),
                    key: None,
                    key_file: None,
                    matched_by: Vec::new(),
                };
            }
            PrivateKeyStatus {
                state: PrivateKeyState::NotInFile,
                message: format!("no private key in this file{not_these}"),
                key: None,
                key_file: None,
                matched_by: Vec::new(),
            }
        })
        .collect()
}

/// Link certificate requests to dropped private keys and to certificates
/// issued for the same key.
pub fn link_requests(requests: &mut [super::RequestReport], keys: &[KeyReport], certs: &[CertFacts]) {
    for r in requests.iter_mut() {
        let Some(fp) = r.public_key_sha256.clone() else { continue };
        r.keys = keys
            .iter()
            .enumerate()
            .filter(|(_, k)| k.kind == KeyKind::Private && k.public_key_sha256.as_deref() == Some(fp.as_str()))
            .map(|(i, _)| i)
            .collect();
        r.certificates = certs
            .iter()
            .enumerate()
            .filter(|(_, c)| c.public_key_sha256.as_deref() == Some(fp.as_str()))
            .map(|(i, _)| i)
            .collect();
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn key(fp: &str, id: Option<&str>) -> KeyReport {
        let mut k = KeyReport::new(KeyKind::Private, "PKCS#8", None);
        k.public_key_sha256 = Some(fp.into());
        k.local_key_id = id.map(str::to_string);
        k.file = "k.pem".into();
        k
    }

    fn file(name: &str, hold: bool, locked: bool) -> FileFacts {
        FileFacts { name: name.into(), detected: "DER".into(), can_hold_private_key: hold, locked }
    }

    #[test]
    fn five_states() {
        let certs = vec![
            CertFacts { files: vec![0], public_key_sha256: Some("aa".into()), local_key_ids: vec![(0, "01".into())], is_ca: false, key_link: None, from_personal_store: false },
            CertFacts { files: vec![1], public_key_sha256: Some("aa".into()), local_key_ids: vec![], is_ca: false, key_link: None, from_personal_store: false },
            CertFacts { files: vec![0], public_key_sha256: Some("bb".into()), local_key_ids: vec![], is_ca: false, key_link: None, from_personal_store: false },
            CertFacts { files: vec![1], public_key_sha256: Some("cc".into()), local_key_ids: vec![], is_ca: false, key_link: None, from_personal_store: false },
            CertFacts { files: vec![2], public_key_sha256: Some("dd".into()), local_key_ids: vec![], is_ca: false, key_link: None, from_personal_store: false },
            CertFacts { files: vec![3], public_key_sha256: Some("ee".into()), local_key_ids: vec![], is_ca: false, key_link: None, from_personal_store: false },
        ];
        let files = vec![file("a.pfx", true, false), file("b.cer", false, false), file("c.pfx", true, true), file("d.pem", true, false)];
        let mut keys = vec![key("aa", Some("01"))];
        let s = link(&certs, &files, &mut keys, &[0]);
        assert_eq!(s[0].state, PrivateKeyState::PresentMatches);
        assert_eq!(s[0].matched_by, vec!["public-key", "local-key-id"]);
        assert_eq!(s[1].state, PrivateKeyState::InOtherFile);
        assert_eq!(s[1].key_file.as_deref(), Some("a.pfx"));
        assert_eq!(s[2].state, PrivateKeyState::PresentNoMatch);
        assert_eq!(s[3].state, PrivateKeyState::NotInFileType);
        assert_eq!(s[4].state, PrivateKeyState::Encrypted);
        assert_eq!(s[5].state, PrivateKeyState::NotInFile);
        assert_eq!(keys[0].certificates.len(), 2);
        // "No private key" names the dropped key that is not this certificate's (it said only
        // that a .cer cannot hold one, as if the key dropped beside it had not been seen).
        assert!(s[3].message.contains("cannot hold one; the private key in a.pfx is not this certificate's;"), "{}", s[3].message);
        assert!(s[5].message.ends_with("no private key in this file; the private key in a.pfx is not this certificate's"), "{}", s[5].message);
        // No key dropped anywhere: the plain words.
        let mut none = Vec::new();
        let s = link(&certs, &files, &mut none, &[]);
        assert_eq!(s[5].message, "no private key in this file");
        assert!(!s[3].message.contains("is not this certificate's"), "{}", s[3].message);
        assert!(s[3].message.ends_with("export the certificate \"with the private key\" as a .pfx to use it for client authentication"), "{}", s[3].message);
        // A CA certificate's key stays with the CA: no advice to export it for client authentication.
        let mut ca = certs.clone();
        ca[3].is_ca = true;
        let s = link(&ca, &files, &mut none, &[]);
        assert_eq!(s[3].message, "no private key: this file type (DER) cannot hold one");
    }
}
