//! `certutil -store` and `certutil -dump` output (English): what administrators paste when
//! they ask "does this certificate have its private key?". The output describes certificates
//! (subject, thumbprint, the key's container and provider, and the key test's result) but does
//! not hold them: each is said in words, with its key's state, and how to write the
//! certificate itself to a file is said once.

/// One certificate as the output describes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Described {
    /// Its number in the output (`Certificate 0`).
    pub number: String,
    /// `Subject:`.
    pub subject: Option<String>,
    /// `NotAfter:` as printed (local time, the machine's format).
    pub not_after: Option<String>,
    /// `Cert Hash(sha1):`, lowercase hex without spaces.
    pub sha1: Option<String>,
    /// `Provider =`.
    pub provider: Option<String>,
    /// A key container is named (`Key Container =`, `Unique container name:`).
    pub container: bool,
    /// `Encryption test passed` or `Signature test passed`.
    pub key_test_passed: bool,
    /// `Missing stored keyset` (the key the certificate links is not there).
    pub keyset_missing: bool,
    /// `No key provider information`.
    pub no_key: bool,
    /// `Private key is NOT exportable`.
    pub not_exportable: bool,
}

/// The store the output lists (`My "Personal"` → `My`), when it starts with one.
pub fn store(text: &str) -> Option<&str> {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let (name, label) = first.split_once(' ')?;
    (label.starts_with('"') && label.ends_with('"') && !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric())).then_some(name)
}

/// The certificates `certutil -store` / `-dump` output describes (none when the text is not
/// that output).
pub fn read(text: &str) -> Vec<Described> {
    let mut out: Vec<Described> = Vec::new();
    if !text.contains("================ Certificate ") {
        return out;
    }
    for line in text.lines() {
        let line = line.trim();
        if let Some(n) = line.strip_prefix("================ Certificate ").and_then(|r| r.strip_suffix(" ================")) {
            out.push(Described { number: n.trim().to_string(), ..Described::default() });
            continue;
        }
        let Some(d) = out.last_mut() else { continue };
        let value = |prefix: &str| line.strip_prefix(prefix).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        if let Some(v) = value("Subject:") {
            d.subject = Some(v);
        } else if let Some(v) = value("NotAfter:") {
            d.not_after = Some(v);
        } else if let Some(v) = value("Cert Hash(sha1):") {
            let hex: String = v.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
            d.sha1 = (hex.len() == 40 && hex.bytes().all(|c| c.is_ascii_hexdigit())).then_some(hex);
        } else if let Some(v) = value("Provider =") {
            d.provider = Some(v);
        } else if line.starts_with("Key Container =") || line.starts_with("Unique container name:") {
            d.container = true;
        } else if line == "Encryption test passed" || line == "Signature test passed" {
            d.key_test_passed = true;
        } else if line.starts_with("Missing stored keyset") {
            d.keyset_missing = true;
        } else if line == "No key provider information" {
            d.no_key = true;
        } else if line == "Private key is NOT exportable" {
            d.not_exportable = true;
        }
    }
    out
}

impl Described {
    /// The certificate and its key, in words, for its note.
    pub fn words(&self) -> String {
        let mut who = format!("certificate {}", self.number);
        if let Some(s) = &self.subject {
            who.push_str(&format!(", {s}"));
        }
        let mut facts = Vec::new();
        if let Some(h) = &self.sha1 {
            facts.push(format!("thumbprint {h}"));
        }
        if let Some(t) = &self.not_after {
            facts.push(format!("valid until {t}"));
        }
        if !facts.is_empty() {
            who.push_str(&format!(" ({})", facts.join(", ")));
        }
        let provider = self.provider.as_deref().map(|p| format!(" ({p})")).unwrap_or_default();
        let by = self.provider.as_deref().map(|p| format!("{p}; ")).unwrap_or_default();
        let export = if self.not_exportable { "; it cannot be exported (not exportable)" } else { "" };
        let key = if self.keyset_missing {
            format!("the store links a private key{provider} that Windows cannot find (\"Missing stored keyset\"): the browser will not offer it for client authentication; `certutil -repairstore` with its thumbprint finds the key again when it is still on this machine, else import the .pfx again")
        } else if self.key_test_passed {
            format!("its private key is in the store and works ({by}the key test passed){export}")
        } else if self.container {
            format!("the store links a private key{provider}{export}; the output does not say whether it works: `certutil -store -v` runs the key test")
        } else if self.no_key {
            "no private key in the store (\"No key provider information\"): it can serve neither as a client certificate nor as a site's certificate; import the .pfx that holds it".to_string()
        } else {
            "the output says nothing of a private key".to_string()
        };
        format!("{who}: {key}")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    pub const STORE: &str = "My \"Personal\"\r\n================ Certificate 0 ================\r\nSerial Number: 61000101a7b3c9d2e1f0\r\nIssuer: CN=Contoso Issuing CA 01, O=Contoso\r\n NotBefore: 1/1/2026 12:00 AM\r\n NotAfter: 6/30/2027 12:00 AM\r\nSubject: CN=alice, OU=Users, O=Contoso\r\nNon-root Certificate\r\nCert Hash(sha1): 2973879aa2615e67cb6c001034a8d5094ba6e50d\r\n  Key Container = te-User-1f2e\r\n  Provider = Microsoft Software Key Storage Provider\r\nPrivate key is NOT exportable\r\nEncryption test passed\r\n\r\n================ Certificate 1 ================\r\nSubject: CN=www.contoso.com\r\nCert Hash(sha1): db d4 94 d4 14 80 83 86 b7 a2 9b a2 6a 84 17 b8 1a e1 80 51\r\nNo key provider information\r\nCannot find the certificate and private key for decryption.\r\n================ Certificate 2 ================\r\nSubject: CN=bob\r\n  Key Container = te-User-9a8b\r\n  Provider = Microsoft Enhanced Cryptographic Provider v1.0\r\nMissing stored keyset\r\nCertUtil: -store command completed successfully.\r\n";

    #[test]
    fn each_certificate_is_read_with_its_key_state() {
        assert_eq!(store(STORE), Some("My"));
        let d = read(STORE);
        assert_eq!(d.len(), 3);
        assert_eq!(d[0].sha1.as_deref(), Some("2973879aa2615e67cb6c001034a8d5094ba6e50d"));
        assert_eq!(
            d[0].words(),
            "certificate 0, CN=alice, OU=Users, O=Contoso (thumbprint 2973879aa2615e67cb6c001034a8d5094ba6e50d, valid until 6/30/2027 12:00 AM): its private key is in the store and works (Microsoft Software Key Storage Provider; the key test passed); it cannot be exported (not exportable)"
        );
        assert_eq!(d[1].sha1.as_deref(), Some("dbd494d414808386b7a29ba26a8417b81ae18051"), "spaced, as older versions print it");
        assert!(d[1].words().ends_with("no private key in the store (\"No key provider information\"): it can serve neither as a client certificate nor as a site's certificate; import the .pfx that holds it"));
        assert!(d[2].words().contains("\"Missing stored keyset\""));
        assert!(read("Subject: CN=x").is_empty(), "only certutil's output");
        // Decoded as a file: a note each, one warning with the command that writes a certificate to a file; not an error.
        let f = crate::input::decode_file(&crate::input::InputFile::new("store.txt", STORE.as_bytes().to_vec()));
        assert_eq!(f.detected, "certutil output");
        let codes: Vec<_> = f.problems.iter().map(|p| (p.code, p.severity)).collect();
        use crate::diag::Code::CertutilOutput;
        use crate::input::InputSeverity::{Info, Warning};
        assert_eq!(codes, vec![(CertutilOutput, Info), (CertutilOutput, Info), (CertutilOutput, Info), (CertutilOutput, Warning)]);
        assert!(f.problems[3].message.contains("`certutil -store my 2973879aa2615e67cb6c001034a8d5094ba6e50d cert.cer`"), "{}", f.problems[3].message);
        assert_eq!(store("================ Certificate 0 ================"), None);
    }
}
