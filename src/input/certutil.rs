//! `certutil -store` and `certutil -dump` output, and PowerShell's listing of a certificate
//! store (`Get-ChildItem Cert:\CurrentUser\My`, as a table or `Format-List`), in English:
//! what administrators paste when they ask "does this certificate have its private key?". The
//! output describes certificates (subject, thumbprint, the key's container and provider, the
//! key test's result, `HasPrivateKey`) but does not hold them: each is said in words, with its
//! key's state, and how to write the certificate itself to a file is said once.

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
    /// PowerShell's `HasPrivateKey`.
    pub has_private_key: Option<bool>,
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

/// PowerShell's listing of a certificate store: the store's path (`CurrentUser\My`, from
/// `PSParentPath`) when it says it, and the certificates (`None` when the text is not that
/// listing). Its table (`Thumbprint  Subject`) names each certificate; `Format-List` also
/// gives `NotAfter` and, with `*`, `HasPrivateKey`.
pub fn read_powershell(text: &str) -> Option<(Option<String>, Vec<Described>)> {
    let path = text.lines().find_map(|l| l.split_once("Certificate::")).map(|(_, p)| p.trim().to_string());
    let path = path.filter(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '\\'));
    let is_thumbprint = |t: &str| t.len() == 40 && t.bytes().all(|c| c.is_ascii_hexdigit());
    let mut out: Vec<Described> = Vec::new();
    // The table's Subject column: where it starts and where the next one (PowerShell 7's
    // EnhancedKeyUsageList) starts, in characters.
    let mut table: Option<(usize, Option<usize>)> = None;
    let mut block: Option<Described> = None;
    let flush = |block: &mut Option<Described>, out: &mut Vec<Described>| {
        if let Some(d) = block.take().filter(|d| d.sha1.is_some()) {
            out.push(Described { number: (out.len() + 1).to_string(), ..d });
        }
    };
    for line in text.lines() {
        let trimmed = line.trim();
        // The table: a header naming Thumbprint and Subject, then a thumbprint and a subject a line.
        if trimmed.starts_with("Thumbprint") {
            if let Some(at) = line.find("Subject") {
                let next = line.get(at + "Subject".len()..).and_then(|r| r.find(|c: char| !c.is_whitespace()).map(|i| at + "Subject".len() + i));
                table = Some((at, next));
                continue;
            }
        }
        if let Some((at, next)) = table {
            if let Some(first) = trimmed.split_whitespace().next().filter(|t| is_thumbprint(t)) {
                let subject: String = line.chars().skip(at).take(next.map_or(usize::MAX, |n| n - at)).collect();
                out.push(Described { number: (out.len() + 1).to_string(), sha1: Some(first.to_ascii_lowercase()), subject: Some(subject.trim().to_string()), ..Described::default() });
                continue;
            }
        }
        // Format-List: `Name : value` lines, a blank line between certificates.
        if trimmed.is_empty() {
            flush(&mut block, &mut out);
            continue;
        }
        let Some((name, value)) = line.split_once(" : ").map(|(n, v)| (n.trim(), v.trim())) else { continue };
        let d = block.get_or_insert_with(Described::default);
        match name {
            "Thumbprint" if is_thumbprint(value) => d.sha1 = Some(value.to_ascii_lowercase()),
            "Subject" => d.subject = Some(value.to_string()),
            "NotAfter" => d.not_after = Some(value.to_string()),
            "HasPrivateKey" => d.has_private_key = Some(value.eq_ignore_ascii_case("true")),
            _ => {}
        }
    }
    flush(&mut block, &mut out);
    (!out.is_empty()).then_some((path, out))
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
        } else if self.has_private_key == Some(true) {
            "the store has its private key (HasPrivateKey: True; PowerShell does not test it, `certutil -store -v` does)".to_string()
        } else if self.no_key || self.has_private_key == Some(false) {
            let said = if self.no_key { "\"No key provider information\"" } else { "HasPrivateKey: False" };
            format!("no private key in the store ({said}): it can serve neither as a client certificate nor as a site's certificate; import the .pfx that holds it")
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
    }

    #[test]
    fn powershell_listings_are_read_as_tables_and_lists() {
        let table = "\r\n   PSParentPath: Microsoft.PowerShell.Security\\Certificate::CurrentUser\\My\r\n\r\nThumbprint                                Subject\r\n----------                                -------\r\n2973879AA2615E67CB6C001034A8D5094BA6E50D  CN=alice, OU=Users, O=Contoso\r\nDBD494D414808386B7A29BA26A8417B81AE18051  CN=www.contoso.com\r\n";
        let (path, d) = read_powershell(table).unwrap();
        assert_eq!(path.as_deref(), Some("CurrentUser\\My"));
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].subject.as_deref(), Some("CN=alice, OU=Users, O=Contoso"));
        // PowerShell 7 adds a column after the subject.
        let ps7 = "Thumbprint                                Subject              EnhancedKeyUsageList\r\n----------                                -------              --------------------\r\n2973879AA2615E67CB6C001034A8D5094BA6E50D  CN=alice             Client Authentication\r\n";
        assert_eq!(read_powershell(ps7).unwrap().1[0].subject.as_deref(), Some("CN=alice"));
        assert_eq!(d[1].words(), "certificate 2, CN=www.contoso.com (thumbprint dbd494d414808386b7a29ba26a8417b81ae18051): the output says nothing of a private key");
        let list = "PSParentPath  : Microsoft.PowerShell.Security\\Certificate::LocalMachine\\My\r\nSubject       : CN=alice\r\nNotAfter      : 6/30/2027 12:00:00 AM\r\nHasPrivateKey : True\r\nThumbprint    : 2973879AA2615E67CB6C001034A8D5094BA6E50D\r\n\r\nSubject       : CN=bob\r\nHasPrivateKey : False\r\nThumbprint    : DBD494D414808386B7A29BA26A8417B81AE18051\r\n";
        let (path, d) = read_powershell(list).unwrap();
        assert_eq!(path.as_deref(), Some("LocalMachine\\My"));
        assert!(d[0].words().contains("the store has its private key (HasPrivateKey: True"), "{}", d[0].words());
        assert!(d[1].words().contains("no private key in the store"), "{}", d[1].words());
        let f = crate::input::decode_file(&crate::input::InputFile::new("my.txt", list.as_bytes().to_vec()));
        assert_eq!(f.detected, "PowerShell certificate listing");
        assert!(f.problems.last().unwrap().message.contains("`Export-Certificate -Cert Cert:\\LocalMachine\\My\\2973879aa2615e67cb6c001034a8d5094ba6e50d -FilePath cert.cer`"), "{:?}", f.problems);
        assert!(read_powershell("Subject : CN=x\r\nIssuer : CN=y").is_none(), "no thumbprint, not a listing");
        assert_eq!(store("================ Certificate 0 ================"), None);
    }
}
