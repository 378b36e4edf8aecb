//! `certutil -store` and `certutil -dump` output, and PowerShell's listing of a certificate
//! store (`Get-ChildItem Cert:\CurrentUser\My`, as a table or `Format-List`), in English:
//! what administrators paste when they ask "does this certificate have its private key?". The
//! output describes certificates (subject, thumbprint, the key's container and provider, the
//! key test's result, `HasPrivateKey`) but does not hold them: each is said in words, with its
//! key's state, and how to write the certificate itself to a file is said once.
//!
//! Also `certutil -verify -urlfetch cert.cer`, the check an administrator runs on the server
//! when IIS answers 403.13 or 403.16: the chain Windows built, each certificate's errors as
//! CryptoAPI names them, and every CRL, OCSP and issuer address it fetched, with the result
//! ([`read_verify`]). The verdict reads those results as what the server itself saw.

use serde::{Deserialize, Serialize};

/// Most certificates of a chain read from `-verify` output (Windows builds at most a few).
pub const MAX_CHECKED: usize = 16;
/// Most fetched addresses read per certificate.
pub const MAX_FETCHES: usize = 32;

/// CryptoAPI's chain errors the verdict reads, as certutil names them.
pub const IS_REVOKED: &str = "CERT_TRUST_IS_REVOKED";
/// See [`IS_REVOKED`].
pub const IS_UNTRUSTED_ROOT: &str = "CERT_TRUST_IS_UNTRUSTED_ROOT";
/// See [`IS_REVOKED`].
pub const IS_PARTIAL_CHAIN: &str = "CERT_TRUST_IS_PARTIAL_CHAIN";

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
            d.sha1 = sha1_hex(&v);
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

/// What an address was fetched for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FetchKind {
    /// The issuer's certificate (`Certificate AIA`).
    Issuer,
    /// A CRL (`Certificate CDP`, `Base CRL CDP`).
    Crl,
    /// An OCSP answer (`Certificate OCSP`).
    Ocsp,
}

/// One address certutil fetched, and what came of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fetch {
    /// What it was fetched for.
    pub kind: FetchKind,
    /// certutil's word for the result: `Verified`, `OK`, `Failed`, `Expired`, `Wrong Issuer`, ...
    pub outcome: String,
    /// The address.
    pub url: String,
    /// The error line, when certutil printed one (`Error retrieving URL: ...`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Fetch {
    /// What certutil fetched and could use.
    pub fn worked(&self) -> bool {
        matches!(self.outcome.as_str(), "Verified" | "OK")
    }

    /// What certutil tried and could not use (fetching failed, or what came was expired or of
    /// another issuer). Other words (`No CRL` for an issuer's certificate) are neither.
    pub fn failed(&self) -> bool {
        matches!(self.outcome.as_str(), "Failed" | "Expired" | "Wrong Issuer" | "Zero byte" | "Zero Byte")
    }

    /// Whether this fetch was of `url`: certutil writes a space as `%20`, as certificates
    /// usually do; compared without case and with both spellings the same.
    pub fn is_of(&self, url: &str) -> bool {
        let plain = |u: &str| u.trim().replace("%20", " ").to_ascii_lowercase();
        plain(&self.url) == plain(url)
    }
}

/// One certificate of the chain `certutil -verify` built (`CertContext[0][i]`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checked {
    /// `Subject:`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Its SHA-1 thumbprint (`Cert:` or the hash line), lowercase hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha1: Option<String>,
    /// The CryptoAPI errors certutil names for it (`Element.dwErrorStatus = CERT_TRUST_IS_REVOKED`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
    /// `CERT_TRUST_IS_SELF_SIGNED`: the root, whose revocation Windows does not check.
    #[serde(default)]
    pub self_signed: bool,
    /// The addresses fetched for it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fetches: Vec<Fetch>,
}

/// What `certutil -verify -urlfetch` said: the chain as it built it, and its last lines.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verify {
    /// The chain, the checked certificate first.
    pub chain: Vec<Checked>,
    /// `Leaf certificate revocation check passed`, or the `ERROR: Verifying leaf certificate
    /// revocation status returned …` message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leaf_revocation: Option<String>,
    /// certutil's last line (`CertUtil: -verify command completed successfully.` or the error).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    /// Certificates past [`MAX_CHECKED`] or addresses past [`MAX_FETCHES`] were not read.
    #[serde(default)]
    pub cut: bool,
}

impl Verify {
    /// Where in the chain the certificate of this SHA-1 (lowercase hex) is.
    pub fn position(&self, sha1: &str) -> Option<usize> {
        self.chain.iter().position(|c| c.sha1.as_deref() == Some(sha1))
    }

    /// What certutil said of the certificate of this SHA-1 (lowercase hex).
    pub fn checked(&self, sha1: &str) -> Option<&Checked> {
        self.chain.get(self.position(sha1)?)
    }

    /// This output set against the certificates dropped beside it: `dropped(sha1)` names the
    /// dropped certificate of that SHA-1 (lowercase hex), if any (`#2 Contoso Issuing CA 01`).
    /// The note for the output's file, and whether it is a warning: the verdict reads the output
    /// only for the certificates it checked (by SHA-1), so an output about other certificates is
    /// said to be unread rather than left to show as a verdict that did not move.
    pub fn about_dropped(&self, dropped: impl Fn(&str) -> Option<String>) -> (bool, String) {
        let named: Vec<String> = self.chain.iter().filter_map(|c| c.sha1.as_deref().and_then(&dropped)).collect();
        if !named.is_empty() {
            let them = if named.len() == 1 { "it" } else { "them" };
            return (false, format!("it checked {} of the certificates dropped: the verdict reads what the server found for {them}", crate::text::name_a_few(&named, ", ")));
        }
        let with_sha1: Vec<&Checked> = self.chain.iter().filter(|c| c.sha1.is_some()).collect();
        if with_sha1.is_empty() {
            return (
                true,
                "it names no certificate by its SHA-1 thumbprint (the `Cert:` lines), so it cannot be set beside the certificates dropped and the verdict does not read it: drop certutil's whole output".to_string(),
            );
        }
        let which: Vec<String> = with_sha1.iter().map(|c| format!("{} (SHA-1 {})", c.name(), c.sha1.as_deref().unwrap_or_default())).collect();
        (
            true,
            format!(
                "none of the certificates it checked was dropped, so the verdict does not read it: drop the certificate it checked beside it, or run `certutil -verify -urlfetch` on the server with the certificate the verdict is about. It checked {}",
                crate::text::name_a_few(&which, "; ")
            ),
        )
    }
}

/// Lowercase hex of a SHA-1 written as 40 digits, or as 20 pairs with spaces between (as
/// `certutil -store` and `-verify` print it).
fn sha1_hex(v: &str) -> Option<String> {
    let hex: String = v.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    (hex.len() == 40 && hex.bytes().all(|c| c.is_ascii_hexdigit())).then_some(hex)
}

/// `certutil -verify` (`-urlfetch`) output, in English; `None` when the text is not that.
/// One pass over the lines: each `CertContext[0][i]` starts a certificate, a dashed
/// `Certificate AIA` / `Certificate CDP` / `Base CRL CDP` / `Certificate OCSP` line starts the
/// kind of the fetches under it, and a fetch is its result line (`Verified "Base CRL (05)"
/// Time: 0`), its error line if any and its address.
pub fn read_verify(text: &str) -> Option<Verify> {
    if !(text.contains("CertContext[") && text.contains("dwErrorStatus")) {
        return None;
    }
    let mut v = Verify::default();
    let mut kind: Option<FetchKind> = None;
    // A result line waiting for its address: (outcome, error).
    let mut pending: Option<(String, Option<String>)> = None;
    let mut in_chain = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with("CertContext[") {
            in_chain = line.starts_with("CertContext[0][");
            kind = None;
            pending = None;
            if in_chain {
                if v.chain.len() == MAX_CHECKED {
                    v.cut = true;
                    in_chain = false;
                } else {
                    v.chain.push(Checked::default());
                }
            }
            continue;
        }
        // The chain's summary, or another chain's: no certificate of the chain any more.
        if line.starts_with("Exclude leaf cert:") || line.starts_with("Full chain:") || line.starts_with("SimpleChain") {
            in_chain = false;
        }
        // A CRL's own lines, under a certificate: no fetch any more.
        if line.starts_with("CRL ") {
            kind = None;
            pending = None;
        }
        if let Some(r) = line.strip_prefix("ERROR: Verifying leaf certificate revocation status returned") {
            v.leaf_revocation = Some(r.trim().to_string());
            continue;
        }
        if line == "Leaf certificate revocation check passed" || line.starts_with("Revocation check skipped") {
            v.leaf_revocation.get_or_insert_with(|| line.to_string());
            continue;
        }
        if let Some(r) = line.strip_prefix("CertUtil:") {
            v.result = Some(r.trim().to_string());
            continue;
        }
        if !in_chain {
            continue;
        }
        let Some(c) = v.chain.last_mut() else { continue };
        if line.starts_with("----") {
            let name = line.trim_matches('-').trim();
            kind = match name {
                "Certificate AIA" => Some(FetchKind::Issuer),
                "Certificate CDP" | "Base CRL CDP" | "Delta CRL CDP" => Some(FetchKind::Crl),
                "Certificate OCSP" => Some(FetchKind::Ocsp),
                _ => None,
            };
            pending = None;
            continue;
        }
        if let Some(k) = kind {
            if let Some((outcome, _)) = line.split_once('"').filter(|(_, rest)| rest.contains("\" Time:")) {
                let outcome = outcome.trim();
                pending = (outcome != "No URLs").then(|| (outcome.to_string(), None));
                continue;
            }
            if let Some(e) = line.strip_prefix("Error retrieving URL:") {
                if let Some((_, error)) = pending.as_mut() {
                    *error = Some(e.trim().to_string());
                }
                continue;
            }
            // The address: `[0.1] http://…` or the address alone.
            let url = if line.starts_with('[') { line.split_once(']').map_or("", |(_, u)| u.trim()) } else { line };
            let is_url = ["http://", "https://", "ldap://", "ldaps://", "file://"].iter().any(|s| url.len() > s.len() && url.get(..s.len()).is_some_and(|p| p.eq_ignore_ascii_case(s)));
            if is_url {
                if let Some((outcome, error)) = pending.take() {
                    if c.fetches.len() == MAX_FETCHES {
                        v.cut = true;
                    } else {
                        c.fetches.push(Fetch { kind: k, outcome, url: url.to_string(), error });
                    }
                }
            }
            continue;
        }
        if let Some(s) = line.strip_prefix("Subject:").map(str::trim).filter(|s| !s.is_empty()) {
            c.subject.get_or_insert_with(|| s.to_string());
        } else if let Some(h) = line.strip_prefix("Cert:").and_then(sha1_hex) {
            c.sha1.get_or_insert(h);
        } else if let Some(e) = line.strip_prefix("Element.dwErrorStatus =") {
            let name = e.split_whitespace().next().unwrap_or_default();
            if !name.is_empty() && !c.errors.iter().any(|x| x == name) {
                c.errors.push(name.to_string());
            }
        } else if line.starts_with("Element.dwInfoStatus = CERT_TRUST_IS_SELF_SIGNED") {
            c.self_signed = true;
        } else if c.sha1.is_none() && line.len() == 59 {
            // Older versions print the thumbprint as 20 spaced pairs on a line of its own.
            c.sha1 = sha1_hex(line);
        }
    }
    (!v.chain.is_empty()).then_some(v)
}

/// A chain error's plain words and the IIS answer it leads to.
type ErrorWords = (&'static str, &'static str);

/// A CryptoAPI chain error in plain words and the IIS answer it leads to (`None` for an error
/// certlens has no words for).
fn error_words(name: &str) -> Option<ErrorWords> {
    Some(match name {
        IS_REVOKED => ("it is revoked", "IIS answers 403.13"),
        n if is_revocation_unknown(n) => ("its revocation could not be checked (no CRL or OCSP answer could be fetched)", "IIS answers 403.13"),
        IS_UNTRUSTED_ROOT => ("its root is not in the Trusted Root store of the machine certutil ran on", "IIS answers 403.16"),
        IS_PARTIAL_CHAIN => ("Windows could not find its issuer", "IIS answers 403.16"),
        "CERT_TRUST_IS_NOT_TIME_VALID" => ("it is expired or not yet valid", "IIS answers 403.17"),
        "CERT_TRUST_IS_NOT_SIGNATURE_VALID" => ("its signature does not verify", "IIS answers 403.16"),
        "CERT_TRUST_IS_NOT_VALID_FOR_USAGE" | "CERT_TRUST_CTL_IS_NOT_VALID_FOR_USAGE" => ("it is not valid for the usage checked (its EKU)", "a client certificate is refused"),
        _ => return None,
    })
}

/// Revocation could not be checked: the fetch failures, when they are named, say it already.
fn is_revocation_unknown(name: &str) -> bool {
    matches!(name, "CERT_TRUST_REVOCATION_STATUS_UNKNOWN" | "CERT_TRUST_IS_OFFLINE_REVOCATION")
}

impl Checked {
    /// Whether certutil names the chain error `name` ([`IS_REVOKED`], …) for it.
    pub fn has_error(&self, name: &str) -> bool {
        self.errors.iter().any(|e| e == name)
    }

    /// Its name for a message: its subject, else its thumbprint.
    fn name(&self) -> String {
        match (&self.subject, &self.sha1) {
            (Some(s), _) => s.clone(),
            (None, Some(h)) => format!("the certificate {h}"),
            (None, None) => "a certificate".to_string(),
        }
    }

    /// What certutil found for it: a note, and a warning when something stops IIS.
    pub fn words(&self, position: usize, last: bool) -> (String, Option<String>) {
        let role = match (position, last || self.self_signed) {
            (0, _) => "the checked certificate",
            (_, true) => "the root",
            _ => "a CA of the chain",
        };
        let mut note = format!("{} ({role}", self.name());
        if let Some(h) = &self.sha1 {
            note.push_str(&format!(", SHA-1 {h}"));
        }
        note.push(')');
        let revocation: Vec<&Fetch> = self.fetches.iter().filter(|f| f.kind != FetchKind::Issuer).collect();
        let worked: Vec<&Fetch> = revocation.iter().copied().filter(|f| f.worked()).collect();
        let failed: Vec<&Fetch> = revocation.iter().copied().filter(|f| f.failed()).collect();
        let said = |f: &Fetch| match &f.error {
            Some(e) => format!("{} ({}: {e})", f.url, f.outcome),
            None => format!("{} ({})", f.url, f.outcome),
        };
        match (worked.first(), failed.is_empty()) {
            (Some(w), true) => note.push_str(&format!(": the server fetched its revocation information from {}", w.url)),
            (Some(w), false) => note.push_str(&format!(
                ": the server fetched its revocation information from {}; {} failed, which does not matter while one address works",
                w.url,
                crate::text::name_a_few(&failed.iter().map(|f| said(f)).collect::<Vec<_>>(), "; ")
            )),
            (None, _) if self.self_signed || last => note.push_str(": Windows does not check a root's revocation"),
            (None, _) if revocation.is_empty() => note.push_str(": certutil fetched no revocation information for it"),
            (None, _) => {}
        }
        let mut warning = Vec::new();
        if worked.is_empty() && !failed.is_empty() && !self.self_signed && !last {
            warning.push(format!(
                "the server could not fetch revocation information for {}: {}; IIS checks revocation for every certificate of the chain but the root, so it answers 403.13 (0x80092013) while no address of it works: open the address from the server, or fix the proxy, firewall or name resolution",
                self.name(),
                crate::text::name_a_few(&failed.iter().map(|f| said(f)).collect::<Vec<_>>(), "; ")
            ));
        }
        // The errors in words, those with the same words together; revocation not checked is
        // left out where the failed fetches were just named.
        let mut grouped: Vec<(Option<ErrorWords>, Vec<&str>)> = Vec::new();
        for e in self.errors.iter().filter(|e| warning.is_empty() || !is_revocation_unknown(e)) {
            let said = error_words(e);
            match grouped.iter_mut().find(|(w, _)| *w == said) {
                Some((_, names)) => names.push(e),
                None => grouped.push((said, vec![e])),
            }
        }
        let errors: Vec<String> = grouped
            .into_iter()
            .map(|(said, names)| {
                let names = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
                match said {
                    Some((words, status)) => format!("{words} ({names}): {status}"),
                    None => names,
                }
            })
            .collect();
        if !errors.is_empty() {
            warning.push(format!("certutil says of {}: {}", self.name(), errors.join("; ")));
        }
        (note, (!warning.is_empty()).then(|| warning.join("; ")))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    /// The output set against the certificates dropped: those it checked named; none of them
    /// (or no SHA-1 at all) a warning that the verdict does not read it.
    #[test]
    fn an_output_is_set_against_the_certificates_dropped() {
        let v = read_verify(VERIFY).unwrap();
        let dropped = |h: &str| (h == "2973879aa2615e67cb6c001034a8d5094ba6e50d").then(|| "#1 alice".to_string());
        assert_eq!(v.about_dropped(dropped), (false, "it checked #1 alice of the certificates dropped: the verdict reads what the server found for it".to_string()));
        let (warning, note) = v.about_dropped(|_| None);
        assert!(warning && note.starts_with("none of the certificates it checked was dropped, so the verdict does not read it: "), "{note}");
        assert!(note.contains(". It checked CN=alice (SHA-1 2973879aa2615e67cb6c001034a8d5094ba6e50d); CN=Contoso Issuing CA 01, O=Contoso (SHA-1 9e3c"), "{note}");
        let unnamed = Verify { chain: v.chain.iter().map(|c| Checked { sha1: None, ..c.clone() }).collect(), ..v.clone() };
        let (warning, note) = unnamed.about_dropped(|_| Some("#1 x".into()));
        assert!(warning && note.starts_with("it names no certificate by its SHA-1"), "{note}");
    }

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

    /// `certutil -verify -urlfetch alice.cer` on a server whose issuing CA's CRL host does not
    /// resolve: the leaf's CRL fails at one address and works at the other, the issuing CA's
    /// only CRL address fails, the root is not checked.
    pub const VERIFY: &str = "Issuer:\r\n    CN=Contoso Issuing CA 01\r\n    O=Contoso\r\nSubject:\r\n    CN=alice\r\nCert Serial Number: 61000101a7b3c9d2e1f0\r\n\r\ndwFlags = CA_VERIFY_FLAGS_DUMP_CHAIN (0x40000000)\r\nChainFlags = CERT_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT (0x40000000)\r\nHCCE_LOCAL_MACHINE\r\nCERT_CHAIN_POLICY_BASE\r\n-------- CERT_CHAIN_CONTEXT --------\r\nChainContext.dwInfoStatus = CERT_TRUST_HAS_PREFERRED_ISSUER (0x100)\r\nChainContext.dwErrorStatus = CERT_TRUST_REVOCATION_STATUS_UNKNOWN (0x40)\r\n\r\nSimpleChain.dwInfoStatus = CERT_TRUST_HAS_PREFERRED_ISSUER (0x100)\r\n\r\nCertContext[0][0]: dwInfoStatus=102 dwErrorStatus=0\r\n  Issuer: CN=Contoso Issuing CA 01, O=Contoso\r\n  NotBefore: 1/1/2026 12:00 AM\r\n  NotAfter: 6/30/2027 12:00 AM\r\n  Subject: CN=alice\r\n  Serial: 61000101a7b3c9d2e1f0\r\n  Template: User\r\n  Cert: 2973879aa2615e67cb6c001034a8d5094ba6e50d\r\n  Element.dwInfoStatus = CERT_TRUST_HAS_KEY_MATCH_ISSUER (0x2)\r\n  ----------------  Certificate AIA  ----------------\r\n  Verified \"Certificate (0)\" Time: 0 4f2a\r\n    [0.0] http://pki.contoso.com/aia/Contoso%20Issuing%20CA%2001.crt\r\n\r\n  ----------------  Certificate CDP  ----------------\r\n  Failed \"CDP\" Time: 0\r\n    Error retrieving URL: The server name or address could not be resolved 0x80072ee7 (WinHttp: 12007 ERROR_WINHTTP_NAME_NOT_RESOLVED)\r\n    http://corppki/crl/int01.crl\r\n\r\n  Verified \"Base CRL (1a)\" Time: 0 77c1\r\n    [1.0] http://pki.contoso.com/crl/Contoso%20Issuing%20CA%2001.crl\r\n\r\n  ----------------  Base CRL CDP  ----------------\r\n  No URLs \"None\" Time: 0\r\n  ----------------  Certificate OCSP  ----------------\r\n  No URLs \"None\" Time: 0\r\n  --------------------------------\r\n    CRL 1a:\r\n    Issuer: CN=Contoso Issuing CA 01, O=Contoso\r\n    http://pki.contoso.com/crl/other.crl\r\n  Application[0] = 1.3.6.1.5.5.7.3.2 Client Authentication\r\n\r\nCertContext[0][1]: dwInfoStatus=102 dwErrorStatus=1000040\r\n  Issuer: CN=Contoso Root CA, O=Contoso\r\n  Subject: CN=Contoso Issuing CA 01, O=Contoso\r\n  Serial: 1f00000002\r\n  9e 3c 4a 61 0b 7d 22 18 c4 d1 f0 6a 33 c9 81 2e 5b 47 a0 dc\r\n  Element.dwInfoStatus = CERT_TRUST_HAS_KEY_MATCH_ISSUER (0x2)\r\n  Element.dwErrorStatus = CERT_TRUST_REVOCATION_STATUS_UNKNOWN (0x40)\r\n  Element.dwErrorStatus = CERT_TRUST_IS_OFFLINE_REVOCATION (0x1000000)\r\n  ----------------  Certificate AIA  ----------------\r\n  No URLs \"None\" Time: 0\r\n  ----------------  Certificate CDP  ----------------\r\n  Failed \"CDP\" Time: 0\r\n    Error retrieving URL: A connection with the server could not be established 0x80072efd (WinHttp: 12029 ERROR_WINHTTP_CANNOT_CONNECT)\r\n    http://crl.contoso.com/root.crl\r\n\r\n  --------------------------------\r\n\r\nCertContext[0][2]: dwInfoStatus=10c dwErrorStatus=0\r\n  Issuer: CN=Contoso Root CA, O=Contoso\r\n  Subject: CN=Contoso Root CA, O=Contoso\r\n  Cert: 0c1d2e3f405162738495a6b7c8d9eafb0c1d2e3f\r\n  Element.dwInfoStatus = CERT_TRUST_IS_SELF_SIGNED (0x8)\r\n  ----------------  Certificate CDP  ----------------\r\n  No URLs \"None\" Time: 0\r\n\r\nExclude leaf cert:\r\n  Cert: 0c1d2e3f405162738495a6b7c8d9eafb0c1d2e3f\r\nFull chain:\r\n  Cert: 2973879aa2615e67cb6c001034a8d5094ba6e50d\r\n------------------------------------\r\nVerified Issuance Policies: None\r\nVerified Application Policies:\r\n    1.3.6.1.5.5.7.3.2 Client Authentication\r\nERROR: Verifying leaf certificate revocation status returned The revocation function was unable to check revocation because the revocation server was offline. 0x80092013 (-2146885613 CRYPT_E_REVOCATION_OFFLINE)\r\nCertUtil: The revocation function was unable to check revocation because the revocation server was offline.\r\n";

    #[test]
    fn verify_output_is_read_as_the_chain_and_what_was_fetched() {
        let v = read_verify(VERIFY).unwrap();
        assert_eq!(v.chain.len(), 3);
        let leaf = &v.chain[0];
        assert_eq!(leaf.subject.as_deref(), Some("CN=alice"));
        assert_eq!(leaf.sha1.as_deref(), Some("2973879aa2615e67cb6c001034a8d5094ba6e50d"));
        let fetched: Vec<(FetchKind, &str, &str, bool)> = leaf.fetches.iter().map(|f| (f.kind, f.outcome.as_str(), f.url.as_str(), f.error.is_some())).collect();
        assert_eq!(
            fetched,
            vec![
                (FetchKind::Issuer, "Verified", "http://pki.contoso.com/aia/Contoso%20Issuing%20CA%2001.crt", false),
                (FetchKind::Crl, "Failed", "http://corppki/crl/int01.crl", true),
                (FetchKind::Crl, "Verified", "http://pki.contoso.com/crl/Contoso%20Issuing%20CA%2001.crl", false),
            ],
            "the CRL's own lines are not a fetch"
        );
        assert!(leaf.fetches[2].is_of("http://PKI.contoso.com/crl/Contoso Issuing CA 01.crl"));
        let ca = &v.chain[1];
        assert_eq!(ca.sha1.as_deref(), Some("9e3c4a610b7d2218c4d1f06a33c9812e5b47a0dc"), "the spaced thumbprint line");
        assert_eq!(ca.errors, ["CERT_TRUST_REVOCATION_STATUS_UNKNOWN", "CERT_TRUST_IS_OFFLINE_REVOCATION"]);
        assert!(v.chain[2].self_signed);
        assert!(v.leaf_revocation.as_deref().unwrap().contains("0x80092013"));
        assert!(v.result.as_deref().unwrap().starts_with("The revocation function was unable"));

        // In words: the leaf is fine (one address worked), the issuing CA stops IIS, the root is not checked.
        let (note, warning) = leaf.words(0, false);
        assert!(note.starts_with("CN=alice (the checked certificate, SHA-1 2973879aa2615e67cb6c001034a8d5094ba6e50d): the server fetched its revocation information from http://pki.contoso.com/crl/"), "{note}");
        assert!(note.contains("http://corppki/crl/int01.crl (Failed: The server name or address could not be resolved"), "{note}");
        assert_eq!(warning, None);
        let (_, warning) = ca.words(1, false);
        let warning = warning.unwrap();
        assert!(warning.starts_with("the server could not fetch revocation information for CN=Contoso Issuing CA 01, O=Contoso: http://crl.contoso.com/root.crl (Failed: A connection"), "{warning}");
        assert!(warning.contains("so it answers 403.13 (0x80092013)"), "{warning}");
        assert!(!warning.contains("CERT_TRUST_"), "the failed fetch says it already: {warning}");
        let mut revoked = ca.clone();
        revoked.fetches.clear();
        revoked.errors.push("CERT_TRUST_IS_REVOKED".into());
        assert_eq!(
            revoked.words(1, false).1.unwrap(),
            "certutil says of CN=Contoso Issuing CA 01, O=Contoso: its revocation could not be checked (no CRL or OCSP answer could be fetched) (`CERT_TRUST_REVOCATION_STATUS_UNKNOWN`, `CERT_TRUST_IS_OFFLINE_REVOCATION`): IIS answers 403.13; it is revoked (`CERT_TRUST_IS_REVOKED`): IIS answers 403.13"
        );
        let (note, warning) = v.chain[2].words(2, true);
        assert!(note.contains("(the root, SHA-1 0c1d") && note.ends_with("Windows does not check a root's revocation"), "{note}");
        assert_eq!(warning, None);

        // Decoded as a file: a note each, a warning for the CA, certutil's answer, how to use it.
        let f = crate::input::decode_file(&crate::input::InputFile::new("verify.txt", VERIFY.as_bytes().to_vec()));
        assert_eq!(f.detected, "certutil -verify output");
        use crate::diag::Code::CertutilVerify;
        use crate::input::InputSeverity::{Info, Warning};
        let codes: Vec<_> = f.problems.iter().map(|p| (p.code, p.severity)).collect();
        assert_eq!(codes, vec![(CertutilVerify, Info), (CertutilVerify, Info), (CertutilVerify, Warning), (CertutilVerify, Info), (CertutilVerify, Info), (CertutilVerify, Info)]);
        assert!(f.problems[5].message.contains("drop the certificate that was checked"), "{}", f.problems[5].message);
        assert_eq!(f.server_check.as_ref(), Some(&v));
        assert!(read_verify(STORE).is_none() && read_verify("CertContext[0][0]").is_none());
    }

    #[test]
    fn verify_output_is_bounded() {
        let mut text = String::from("dwErrorStatus\n");
        for i in 0..(MAX_CHECKED + 3) {
            text.push_str(&format!("CertContext[0][{i}]: dwErrorStatus=0\n  ----------------  Certificate CDP  ----------------\n"));
            for _ in 0..(MAX_FETCHES + 2) {
                text.push_str("  Failed \"CDP\" Time: 0\n    http://crl.contoso.com/x.crl\n");
            }
        }
        let v = read_verify(&text).unwrap();
        assert_eq!(v.chain.len(), MAX_CHECKED);
        assert!(v.chain.iter().all(|c| c.fetches.len() == MAX_FETCHES));
        assert!(v.cut);
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
