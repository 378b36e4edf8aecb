//! Diagnostics: the findings every layer reports, as data. At the bottom of
//! the core (every layer may use it; it uses none of them).
//!
//! Every code the core emits is a [`Code`] variant, serialised as its stable
//! kebab-case string (`certificate-expired`): the JSON keeps its strings, the
//! code matches variants. No code is built at run time, so no variant carries data.

use serde::{Deserialize, Serialize};

/// Declares [`Code`] from `Variant = "kebab-string"` pairs: the enum, its serde
/// names, [`Code::as_str`] and [`Code::ALL`] all come from the one list.
macro_rules! codes {
    ($( $(#[doc = $doc:literal])* $variant:ident = $text:literal, )*) => {
        /// A stable diagnostic code: what went wrong, as a value.
        ///
        /// Serialised as its kebab-case string; an unknown string does not deserialise.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Code {
            $( $(#[doc = $doc])* #[serde(rename = $text)] $variant, )*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable kebab-case string (the JSON form).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }
        }
    };
}

codes! {
    // input
    /// The file is empty.
    EmptyFile = "empty-file",
    /// The file is over the size limit and was not read.
    FileTooLarge = "file-too-large",
    /// Nothing in the file is a format certlens knows.
    UnrecognisedContent = "unrecognised-content",
    /// A known structure certlens does not read (e.g. an attribute certificate).
    UnsupportedContent = "unsupported-content",
    /// No certificate, key, CRL or request was found in the file.
    NoItems = "no-items",
    /// Decrypting the keys would need more key-derivation work than the budget allows.
    KdfBudgetExceeded = "kdf-budget-exceeded",
    /// DER nested deeper than the limit.
    DerTooDeep = "der-too-deep",
    /// A DER length far beyond the end of the data.
    DerLengthExceedsInput = "der-length-exceeds-input",
    /// DER data cut off.
    DerTruncated = "der-truncated",
    /// DER that is not well formed.
    DerInvalid = "der-invalid",
    /// A PEM block without its END line.
    PemMissingEnd = "pem-missing-end",
    /// A PEM block whose base64 does not decode.
    PemBadBase64 = "pem-bad-base64",
    /// A PEM label certlens does not know.
    PemUnknownLabel = "pem-unknown-label",
    /// A PEM label that does not fit the content.
    PemLabelMismatch = "pem-label-mismatch",
    /// An `EC PARAMETERS` block (`openssl ecparam -genkey`): it only names the curve, which the
    /// key repeats; read and set aside, said in a note.
    PemEcParameters = "pem-ec-parameters",
    /// `netsh http show sslcert` output: its binding's settings, said in a note and applied
    /// to the server settings (the CLI's and the page's).
    NetshBindings = "netsh-bindings",
    /// An IIS configuration file (`applicationHost.config`, `web.config`): the site's client
    /// certificate settings and mappings, said in a note and applied to the server settings.
    IisConfig = "iis-config",
    /// `certutil -store` or `-dump` output, or PowerShell's listing of a store: each certificate
    /// it describes and its private key's state in a note, and a warning that the certificates
    /// themselves are not in it.
    CertutilOutput = "certutil-output",
    /// `certutil -verify -urlfetch` output: a note per certificate of the chain it built (what
    /// the server fetched for it), a warning where a chain error or no working revocation
    /// address stops IIS; the verdict reads the fetches as the server's own.
    CertutilVerify = "certutil-verify",
    /// IIS's request log (W3C): each answer IIS gave (`sc-status`, `sc-substatus`,
    /// `sc-win32-status`) in words, client certificate refusals as warnings.
    IisLog = "iis-log",
    /// Schannel's events from the System log (TLS alerts sent and received, the issuer list cut
    /// short, the server key not usable): each kind in words, a warning when it stops client
    /// certificate authentication.
    SchannelEvent = "schannel-event",
    /// A one-to-one certificate mapping in an IIS configuration whose certificate cannot be
    /// read (IIS answers 401.1 for every certificate it was meant for).
    IisMappingUnreadable = "iis-mapping-unreadable",
    /// A ZIP archive whose directory cannot be read (cut short, damaged, ZIP64).
    ZipUnreadable = "zip-unreadable",
    /// A file in a ZIP archive that was not read (encrypted, another compression method, over
    /// the size limit, an archive in the archive, beyond the entry limit).
    ZipEntryNotRead = "zip-entry-not-read",
    /// OpenSSL trust settings after the certificate of a `TRUSTED CERTIFICATE` block, said in a
    /// note (only OpenSSL reads them).
    PemTrustSettings = "pem-trust-settings",
    /// Certificates read from inside other text: PEM inside a JSON string, base64 inside XML
    /// or JSON; said in a note, with the text around them not read.
    TextEmbedded = "text-embedded",
    /// The password does not decrypt the private key.
    KeyWrongPassword = "key-wrong-password",
    /// An encrypted private key certlens cannot decrypt (cipher or format).
    KeyCannotDecrypt = "key-cannot-decrypt",
    /// An encrypted private key and no password.
    KeyEncrypted = "key-encrypted",
    /// A private key that cannot be read.
    KeyUnreadable = "key-unreadable",
    /// Bytes after the end of the structure.
    TrailingData = "trailing-data",
    /// Something that looks like a certificate but does not decode.
    CertificateDamaged = "certificate-damaged",
    /// A certificate that cannot be decoded at all.
    CertificateMalformed = "certificate-malformed",
    /// Something that looks like a CRL but does not decode.
    CrlDamaged = "crl-damaged",
    /// Something that looks like a certificate request but does not decode.
    RequestDamaged = "request-damaged",
    /// Entries of a PKCS#7 bundle that were skipped (attribute certificates, others).
    Pkcs7Skipped = "pkcs7-skipped",
    /// A PKCS#7 bundle without certificates.
    Pkcs7Empty = "pkcs7-empty",
    /// A PKCS#7 structure certlens does not read.
    Pkcs7Unsupported = "pkcs7-unsupported",
    /// Certificate trust lists in a serialized store that were not read.
    SstCtlSkipped = "sst-ctl-skipped",
    /// A serialized store (.sst) cut short or malformed.
    SstDamaged = "sst-damaged",
    /// The file name's extension does not fit the content.
    FileExtensionMismatch = "file-extension-mismatch",
    /// A damaged PKCS#12 file or part.
    Pkcs12Damaged = "pkcs12-damaged",
    /// A PKCS#12 part encrypted with a scheme certlens does not support.
    Pkcs12UnsupportedEncryption = "pkcs12-unsupported-encryption",
    /// A PKCS#12 bag of a type certlens does not read.
    Pkcs12UnsupportedBag = "pkcs12-unsupported-bag",
    /// A PKCS#12 file protected by public-key integrity (not a password MAC).
    Pkcs12PublicKeyIntegrity = "pkcs12-public-key-integrity",
    /// The PKCS#12 integrity check (MAC) was not checked.
    Pkcs12MacNotChecked = "pkcs12-mac-not-checked",
    /// A PKCS#12 part encrypted to a recipient's public key.
    Pkcs12Enveloped = "pkcs12-enveloped",
    /// The password does not open the PKCS#12 file.
    Pkcs12WrongPassword = "pkcs12-wrong-password",
    /// The PKCS#12 file needs a password.
    Pkcs12PasswordNeeded = "pkcs12-password-needed",
    /// The PKCS#12 file opens with an empty password.
    Pkcs12EmptyPassword = "pkcs12-empty-password",
    /// The PKCS#12 file uses legacy (RC2/3DES, SHA-1) encryption.
    Pkcs12LegacyEncryption = "pkcs12-legacy-encryption",
    /// PKCS#12 bags nested deeper than the limit.
    Pkcs12NestingTooDeep = "pkcs12-nesting-too-deep",
    /// A PKCS#12 file without an integrity check (MAC).
    Pkcs12NoMac = "pkcs12-no-mac",
    // model findings
    /// Signed with MD2.
    WeakSignatureMd2 = "weak-signature-md2",
    /// Signed with MD4.
    WeakSignatureMd4 = "weak-signature-md4",
    /// Signed with MD5.
    WeakSignatureMd5 = "weak-signature-md5",
    /// Signed with SHA-1.
    WeakSignatureSha1 = "weak-signature-sha1",
    /// An RSA key under 2048 bits.
    RsaKeyTooSmall = "rsa-key-too-small",
    /// A critical extension certlens (and verifiers) do not understand.
    UnknownCriticalExtension = "unknown-critical-extension",
    /// An extension that does not decode.
    MalformedExtension = "malformed-extension",
    /// An extension that appears twice.
    DuplicateExtension = "duplicate-extension",
    /// A name attribute whose string is not valid for its type.
    MalformedNameString = "malformed-name-string",
    /// A name with characters that can deceive a reader (mixed scripts, invisible characters).
    NameDeceptiveCharacters = "name-deceptive-characters",
    /// A TLS certificate valid for longer than the CA/Browser Forum limit of its issue date.
    TlsLifetimeTooLong = "tls-lifetime-too-long",
    /// A certificate version other than v1, v2 or v3.
    InvalidVersion = "invalid-version",
    /// A negative serial number.
    NegativeSerial = "negative-serial",
    /// A serial number over 20 bytes.
    SerialTooLong = "serial-too-long",
    /// RSA-PSS parameters that are not valid.
    RsaPssParametersInvalid = "rsa-pss-parameters-invalid",
    /// The signature algorithm inside and outside the signed part differ.
    SignatureAlgorithmMismatch = "signature-algorithm-mismatch",
    /// notAfter before notBefore.
    ValidityInverted = "validity-inverted",
    /// The certificate has expired.
    CertificateExpired = "certificate-expired",
    /// The certificate is not valid yet.
    CertificateNotYetValid = "certificate-not-yet-valid",
    // chain
    /// Too many issuer candidates for one name: the rest were not tried.
    ChainTooManyCandidates = "chain-too-many-candidates",
    /// Path building stopped at its work budget.
    ChainBudgetExceeded = "chain-budget-exceeded",
    /// The root is trusted for this analysis only (not a real trust store).
    ChainRootTrustedForAnalysis = "chain-root-trusted-for-analysis",
    /// The path ends in a root that is not a trust anchor.
    ChainUntrustedRoot = "chain-untrusted-root",
    /// The CAs issue each other and no root is reached.
    ChainLoop = "chain-loop",
    /// Path building stopped at the depth limit.
    ChainDepthLimit = "chain-depth-limit",
    /// An issuer was not dropped.
    ChainIssuerMissing = "chain-issuer-missing",
    /// A signature does not verify.
    SignatureInvalid = "signature-invalid",
    /// A signature with a broken algorithm (MD2, MD4, MD5).
    SignatureAlgorithmBroken = "signature-algorithm-broken",
    /// A signature certlens cannot verify (DSA, Ed448, an unknown algorithm).
    SignatureNotVerified = "signature-not-verified",
    /// A CA certificate of the path has expired.
    CaExpired = "ca-expired",
    /// A CA certificate of the path is not valid yet.
    CaNotYetValid = "ca-not-yet-valid",
    /// A CA certificate expires before the certificate it issued.
    CaExpiresBeforeLeaf = "ca-expires-before-leaf",
    /// An issuer without cA=TRUE.
    CaNotACa = "ca-not-a-ca",
    /// An issuer without keyCertSign.
    CaKeyUsageNoCertSign = "ca-key-usage-no-cert-sign",
    /// A pathLenConstraint exceeded.
    PathLengthExceeded = "path-length-exceeded",
    /// A name outside a CA's name constraints.
    NameConstraintsViolation = "name-constraints-violation",
    /// A name of a form certlens cannot compare, below name constraints on that form.
    NameConstraintsUnsupportedForm = "name-constraints-unsupported-form",
    /// Name-constraint checking stopped at its work budget.
    NameConstraintsBudgetExceeded = "name-constraints-budget-exceeded",
    /// An authority or subject key identifier marked critical.
    KeyIdentifierCritical = "key-identifier-critical",
    /// An EC key on P-192.
    EcCurveP192 = "ec-curve-p192",
    /// An RSA key under 1024 bits.
    RsaKeyBlocked = "rsa-key-blocked",
    /// An RSA modulus that is not a whole number of bytes.
    RsaModulusSize = "rsa-modulus-size",
    /// The end certificate has cA=TRUE.
    LeafIsCa = "leaf-is-ca",
    /// keyCertSign without cA=TRUE.
    KeyCertSignWithoutCa = "key-cert-sign-without-ca",
    /// A CA whose basicConstraints is not critical.
    BasicConstraintsNotCritical = "basic-constraints-not-critical",
    /// policyConstraints not critical in a CA.
    PolicyConstraintsNotCritical = "policy-constraints-not-critical",
    /// nameConstraints with neither permitted nor excluded subtrees.
    NameConstraintsEmpty = "name-constraints-empty",
    /// nameConstraints in an end certificate.
    NameConstraintsOnNonCa = "name-constraints-on-non-ca",
    /// A CA's extended key usage restricts the certificates below it.
    EkuRestrictedByCa = "eku-restricted-by-ca",
    /// The Microsoft application-policies extension marked critical.
    MsApplicationPoliciesCritical = "ms-application-policies-critical",
    /// Policy processing stopped at the policy-tree limit.
    PolicyTreeLimit = "policy-tree-limit",
    /// An explicit policy is required and the path has none valid.
    PolicyExplicitRequired = "policy-explicit-required",
    /// A policy mapping to or from anyPolicy.
    PolicyMappingAnyPolicy = "policy-mapping-any-policy",
    /// The certificates of the path share no policy.
    PolicyNoCommonPolicy = "policy-no-common-policy",
    /// Listed on a usable CRL.
    CertificateRevoked = "certificate-revoked",
    /// The only CRL for the certificate has expired.
    RevocationCrlExpired = "revocation-crl-expired",
    /// Revocation could not be determined.
    RevocationUnknown = "revocation-unknown",
    /// No CRL was dropped for the certificate.
    RevocationNoCrl = "revocation-no-crl",
    // CRLs
    /// A file given as a CRL that is not a readable CRL.
    CrlUnreadable = "crl-unreadable",
    /// A delta CRL.
    CrlDelta = "crl-delta",
    /// A delta CRL without a matching complete CRL.
    CrlDeltaNoBase = "crl-delta-no-base",
    /// A CRL with an issuing distribution point (its scope).
    CrlScope = "crl-scope",
    /// A CRL without a CRL number.
    CrlNoNumber = "crl-no-number",
    /// A CRL that fails a strict reading.
    CrlMalformed = "crl-malformed",
    /// A critical CRL or entry extension not understood.
    CrlUnknownCriticalExtension = "crl-unknown-critical-extension",
    /// No dropped certificate issued the CRL.
    CrlIssuerNotFound = "crl-issuer-not-found",
    /// A CRL whose signature does not verify.
    CrlSignatureInvalid = "crl-signature-invalid",
    /// A CRL not valid yet (thisUpdate in the future).
    CrlNotYetValid = "crl-not-yet-valid",
    /// A CRL past its nextUpdate.
    CrlExpired = "crl-expired",
    // trust-store audit
    /// A certificate in the store more than once.
    TrustStoreDuplicate = "trust-store-duplicate",
    /// Two certificates of the store with the same name.
    TrustStoreSameSubject = "trust-store-same-subject",
    /// A certificate in the Trusted Root store that is not self-signed.
    TrustStoreNotSelfSigned = "trust-store-not-self-signed",
    /// A self-signed certificate of the store not marked as a CA.
    TrustStoreNotCa = "trust-store-not-ca",
    /// An expired certificate in the store.
    TrustStoreExpired = "trust-store-expired",
    /// A certificate of the store not valid yet.
    TrustStoreNotYetValid = "trust-store-not-yet-valid",
    /// A CA of the store whose extended key usage leaves out Client Authentication.
    TrustStoreNoClientAuth = "trust-store-no-client-auth",
    /// A CA of the store with an RSA key under 2048 bits.
    TrustStoreWeakKey = "trust-store-weak-key",
    /// A CA of the store signed with a weak hash.
    TrustStoreWeakSignature = "trust-store-weak-signature",
    /// The trusted issuer list is over the size Schannel sends.
    IssuerListOverLimit = "issuer-list-over-limit",
    /// The client certificate's root is not in the store.
    TrustStoreClientCaMissing = "trust-store-client-ca-missing",
    /// The client certificate's root is cut from the issuer list.
    TrustStoreClientCaCut = "trust-store-client-ca-cut",
    // server traps
    /// Certificate mapping set on a virtual directory (IIS 6 and 7 read it on the site only).
    MappingOnVirtualDirectory = "mapping-on-virtual-directory",
    /// A proxy ends TLS in front of IIS.
    ProxyTlsTerminating = "proxy-tls-terminating",
    /// A forward proxy reuses connections (mapping works for the first request only).
    ProxyConnectionReuse = "proxy-connection-reuse",
    /// A CRL published only over LDAP.
    LdapOnlyCdp = "ldap-only-cdp",
    /// A certificate in the server's Trusted Root store that is not self-signed.
    NonSelfSignedInRootStore = "non-self-signed-in-root-store",
    /// A middle CA's CRL that may be out of the server's reach.
    MiddleCaCrlUnreachable = "middle-ca-crl-unreachable",
    /// The trusted issuer list is cut (Schannel event 36885).
    IssuerListTruncated = "issuer-list-truncated",
    /// TLS 1.3 without clientcertnegotiation on the binding.
    Tls13WithoutClientcertnegotiation = "tls13-without-clientcertnegotiation",
    /// A server certificate valid for longer than browsers accept from a public CA.
    ValidityTooLong = "validity-too-long",
    /// A server certificate whose host name is only in the subject CN.
    NameOnlyInCn = "name-only-in-cn",
    /// A server chain without its intermediate CA.
    IncompleteChain = "incomplete-chain",
    // share links
    /// A share link over the length limit.
    LinkTooLong = "link-too-long",
    /// Not a certlens share link.
    LinkNotCertlens = "link-not-certlens",
    /// A share link of another format version.
    LinkVersion = "link-version",
    /// A damaged share link (cut or changed when copied).
    LinkDamaged = "link-damaged",
    /// A share link that expands beyond the size limit.
    LinkTooLarge = "link-too-large",
    /// A share link with a part certlens does not know.
    LinkUnknownPart = "link-unknown-part",
    /// A share link with more parts or files than the limit.
    LinkTooManyParts = "link-too-many-parts",
}

impl Code {
    /// The public reference for the rule behind the code (an RFC section, a
    /// Microsoft KB article, a tool's documentation), where there is one.
    pub const fn reference(self) -> Option<&'static str> {
        use Code as C;
        Some(match self {
            C::DuplicateExtension => "RFC 5280 §4.2",
            C::KeyIdentifierCritical => "RFC 5280 §4.2.1.1, §4.2.1.2",
            C::KeyCertSignWithoutCa => "RFC 5280 §4.2.1.3",
            C::BasicConstraintsNotCritical | C::TrustStoreNotCa => "RFC 5280 §4.2.1.9",
            C::NameConstraintsOnNonCa | C::NameConstraintsUnsupportedForm | C::NameConstraintsEmpty => "RFC 5280 §4.2.1.10",
            C::PolicyConstraintsNotCritical => "RFC 5280 §4.2.1.11",
            C::CrlNoNumber => "RFC 5280 §5.2.3",
            C::CrlDelta | C::CrlDeltaNoBase => "RFC 5280 §5.2.4, §6.3.3",
            C::RsaKeyBlocked | C::TrustStoreWeakKey => "KB 2661254",
            C::TrustStoreNotSelfSigned | C::NonSelfSignedInRootStore => "KB 2802568",
            C::IssuerListOverLimit | C::IssuerListTruncated | C::TrustStoreClientCaCut => "KB 2801679",
            C::ProxyConnectionReuse | C::ProxyTlsTerminating => "KB Q190009",
            C::MappingOnVirtualDirectory => MAPPING_SCOPE_REFERENCE,
            C::Tls13WithoutClientcertnegotiation => "netsh http add sslcert clientcertnegotiation (netsh http documentation)",
            _ => return None,
        })
    }

    /// What to do about it, in plain words, where the fix does not depend on
    /// the certificate or the settings (the server trace adds the commands).
    pub const fn fix(self) -> Option<&'static str> {
        use Code as C;
        Some(match self {
            C::MappingOnVirtualDirectory => "Configure the certificate mapping on the web site itself, not on a virtual directory or application.",
            C::ProxyTlsTerminating => "Let the load balancer pass TLS through to IIS (TCP pass-through) for this site, or have it check the certificate itself; IIS cannot check a certificate it never receives.",
            C::ProxyConnectionReuse => "Have browsers go to this site directly, not through the proxy (add it to the proxy bypass list).",
            _ => return None,
        })
    }
}

/// Where IIS reads certificate mapping (the reference of `mapping-on-virtual-directory`).
pub const MAPPING_SCOPE_REFERENCE: &str =
    "IIS configuration reference: iisClientCertificateMappingAuthentication (IIS 6 and 7 read it at web site level only)";

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Code {
    type Err = UnknownCode;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Code::ALL.iter().copied().find(|c| c.as_str() == s).ok_or(UnknownCode)
    }
}

/// A string that is no [`Code`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownCode;

impl std::fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a certlens diagnostic code")
    }
}


/// How bad a finding or diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something is wrong and will make things fail.
    Error,
    /// Likely to cause trouble.
    Warning,
    /// Worth knowing.
    Info,
}

/// A finding's words, one line: most name the certificate they are about, then say what is
/// wrong with it ("user5: no CRL provided: …"). Kept as those two parts, each shared, so the
/// leaves of one missing issuer hold one copy of the sentence about it and not 50,000 (each
/// leaf's label is already kept by its chain). Reads, compares, prints and serialises as the
/// one line it is.
#[derive(Clone)]
pub struct Message {
    about: Option<std::sync::Arc<str>>,
    text: std::sync::Arc<str>,
}

impl Message {
    /// "`about`: `text`".
    pub fn about(about: std::sync::Arc<str>, text: std::sync::Arc<str>) -> Message {
        Message { about: Some(about), text }
    }

    /// What it says, the name of what it is about aside: one copy for every certificate it
    /// is said of.
    pub fn sentence(&self) -> &std::sync::Arc<str> {
        &self.text
    }

    /// The name of what it is about, when it names one.
    pub fn subject(&self) -> Option<&std::sync::Arc<str>> {
        self.about.as_ref()
    }

    fn parts(&self) -> impl Iterator<Item = &str> {
        self.about.as_deref().into_iter().flat_map(|a| [a, ": "]).chain([&*self.text])
    }

    /// Its length in bytes, as one line.
    pub fn len(&self) -> usize {
        self.parts().map(str::len).sum()
    }

    /// True for no words at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when the line begins with `prefix`.
    pub fn starts_with(&self, prefix: &str) -> bool {
        self.to_string().starts_with(prefix)
    }

    /// True when the line contains `pattern`.
    pub fn contains(&self, pattern: &str) -> bool {
        self.to_string().contains(pattern)
    }
}

impl From<String> for Message {
    fn from(text: String) -> Message {
        Message { about: None, text: text.into() }
    }
}

impl From<&str> for Message {
    fn from(text: &str) -> Message {
        Message { about: None, text: text.into() }
    }
}

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.parts().try_for_each(|p| f.write_str(p))
    }
}

impl std::fmt::Debug for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.to_string(), f)
    }
}

/// As lines: however the parts are cut.
impl PartialEq for Message {
    fn eq(&self, other: &Message) -> bool {
        self.parts().flat_map(str::bytes).eq(other.parts().flat_map(str::bytes))
    }
}

impl Eq for Message {}

impl PartialEq<str> for Message {
    fn eq(&self, other: &str) -> bool {
        self.parts().flat_map(str::bytes).eq(other.bytes())
    }
}

impl PartialEq<&str> for Message {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl Serialize for Message {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Message {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Message, D::Error> {
        String::deserialize(deserializer).map(Message::from)
    }
}

/// One finding, as data: the UI and the CLI render the same diagnostics.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Stable code, e.g. `certificate-expired`.
    pub code: Code,
    /// Severity.
    pub severity: Severity,
    /// One line, plain words.
    pub message: Message,
    /// The file it concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Index into `certificates` of the certificate it concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<usize>,
}


#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_message_in_two_parts_reads_compares_and_serialises_as_its_one_line() {
        let text: std::sync::Arc<str> = "no CRL provided".into();
        let m = Message::about("user5".into(), text.clone());
        let n = Message::about("user6".into(), text.clone());
        assert_eq!(m.to_string(), "user5: no CRL provided");
        assert_eq!(m, Message::from("user5: no CRL provided"));
        assert_eq!(m, "user5: no CRL provided");
        assert_ne!(m, n);
        assert_eq!(m.len(), "user5: no CRL provided".len());
        assert!(m.contains("5: no") && !m.contains("user6"));
        assert_eq!(format!("{m:?}"), "\"user5: no CRL provided\"");
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, "\"user5: no CRL provided\"");
        assert_eq!(serde_json::from_str::<Message>(&json).unwrap(), m);
        // Escaped as any string.
        assert_eq!(serde_json::to_string(&Message::about("a\"b".into(), "c\nd".into())).unwrap(), r#""a\"b: c\nd""#);
        // The sentence is one copy, whichever leaf it is about.
        assert_eq!(std::sync::Arc::strong_count(&text), 3);
    }

    #[test]
    fn every_code_round_trips_through_serde_as_its_kebab_string() {
        for &c in Code::ALL {
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
            assert_eq!(serde_json::from_str::<Code>(&json).unwrap(), c);
            assert_eq!(c.as_str().parse::<Code>(), Ok(c));
            assert_eq!(c.to_string(), c.as_str());
        }
    }

    #[test]
    fn codes_are_distinct_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            let s = c.as_str();
            assert!(seen.insert(s), "{s} twice");
            assert!(!s.is_empty() && !s.starts_with('-') && !s.ends_with('-') && !s.contains("--"), "{s}");
            assert!(s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{s}");
        }
    }

    #[test]
    fn unknown_code_strings_are_rejected() {
        for s in ["eku-missing-client-auth", "Certificate-Expired", "certificate_expired", ""] {
            assert!(serde_json::from_str::<Code>(&format!("\"{s}\"")).is_err(), "{s}");
            assert_eq!(s.parse::<Code>(), Err(UnknownCode));
        }
        let d = r#"{"code":"no-such-code","severity":"error","message":"x"}"#;
        assert!(serde_json::from_str::<Diagnostic>(d).is_err());
    }

    #[test]
    fn every_code_is_documented_in_the_readme() {
        let readme = include_str!("../README.md");
        for c in Code::ALL {
            assert!(readme.contains(&format!("`{c}`")), "{c} is not in README.md");
        }
    }

    #[test]
    fn references_are_public() {
        for c in Code::ALL {
            if let Some(r) = c.reference() {
                assert!(["RFC ", "KB ", "IIS ", "netsh "].iter().any(|p| r.starts_with(p)), "{c}: {r}");
                assert!(!r.contains(".md") && !r.to_lowercase().contains("seed"), "{c}: {r}");
            }
            if let Some(f) = c.fix() {
                assert!(f.ends_with('.') && !f.contains(".md"), "{c}: {f}");
            }
        }
        assert!(Code::ProxyTlsTerminating.fix().is_some());
        assert_eq!(Code::TrustStoreWeakKey.reference(), Some("KB 2661254"));
        assert_eq!(Code::CertificateExpired.reference(), None);
    }
}
