//! The facts the engine needs about a client certificate and its chain.
//!
//! Small, plain data so that the engine can be tested without certificates:
//! the adapter (`server::adapter`) fills it from a report.

use serde::{Deserialize, Serialize};

use crate::diag::Code;

/// Client Authentication EKU.
pub const EKU_CLIENT_AUTH: &str = "1.3.6.1.5.5.7.3.2";
/// Server Authentication EKU.
pub const EKU_SERVER_AUTH: &str = "1.3.6.1.5.5.7.3.1";
/// anyExtendedKeyUsage.
pub const EKU_ANY: &str = "2.5.29.37.0";
/// Microsoft's "all application policies".
pub const MS_ANY_APPLICATION_POLICY: &str = "1.3.6.1.4.1.311.10.12.1";

/// One certificate as the engine sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CertFacts {
    /// Index into the report's `certificates`, when it came from a report.
    pub report_index: Option<usize>,
    /// Subject, Windows order (`CN=…, O=…`).
    pub subject: String,
    /// Issuer, same form.
    pub issuer: String,
    /// The issuer's name attribute by attribute, when it came from a certificate (the
    /// `X509:<I>…` mapping is built from it, never by splitting `issuer`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer_name: Option<crate::model::NameView>,
    /// The subject's name attribute by attribute, when it came from a certificate (IIS
    /// many-to-one rules match its fields).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject_name: Option<crate::model::NameView>,
    /// Serial, lowercase hex.
    pub serial: String,
    /// SHA-1 thumbprint, lowercase hex.
    pub sha1: String,
    /// SHA-256, lowercase hex (identity).
    pub sha256: String,
    /// notBefore, Unix seconds.
    pub not_before: i64,
    /// notAfter, Unix seconds.
    pub not_after: i64,
    /// basicConstraints CA.
    pub is_ca: bool,
    /// Subject = issuer and the signature verifies with its own key (or assumed so).
    pub self_signed: bool,
    /// EKU OIDs; `None` when the extension is absent (all usages).
    pub eku: Option<Vec<String>>,
    /// Key usage names (`digitalSignature`, …); `None` when absent.
    pub key_usage: Option<Vec<String>>,
    /// CRL distribution point URLs.
    pub crl_urls: Vec<String>,
    /// OCSP URLs.
    pub ocsp_urls: Vec<String>,
    /// AIA CA-issuers URLs.
    pub aia_urls: Vec<String>,
    /// UPNs from the SAN (otherName 1.3.6.1.4.1.311.20.2.3).
    pub upns: Vec<String>,
    /// Where a SID for strong mapping is carried, if anywhere.
    pub sid: Option<SidSource>,
    /// SAN DNS names (server-certificate mode).
    pub dns_names: Vec<String>,
    /// SAN IP addresses (server-certificate mode).
    pub ip_addresses: Vec<String>,
    /// Critical extensions Windows does not understand (OIDs).
    pub unknown_critical_extensions: Vec<String>,
    /// The policies of a critical Microsoft application-policies extension
    /// (1.3.6.1.4.1.311.21.10): Windows understands it and applies them like an
    /// EKU; browsers do not know the extension.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub critical_application_policies: Option<Vec<String>>,
    /// Signature algorithm name, e.g. `sha256WithRSAEncryption`.
    pub signature_algorithm: String,
    /// The weak hash of the signature (SHA-1, MD5, …; RSASSA-PSS: the hash in its parameters),
    /// `None` when the hash is strong or unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weak_hash: Option<crate::model::keys::WeakHash>,
    /// Public key algorithm (`RSA`, `EC`, …), for messages.
    pub key_algorithm: String,
    /// An RSA key (rsaEncryption or RSASSA-PSS): key-size rules apply.
    #[serde(default)]
    pub rsa_key: bool,
    /// Public key size in bits.
    pub key_bits: Option<u32>,
    /// Length of the DER subject name (the issuer list carries it).
    pub subject_der_len: usize,
    /// The dropped file it came from (commands name it where they can).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

pub use crate::model::SidSource;

/// Result of building the chain from the dropped certificates.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "status")]
pub enum ChainStatus {
    /// The chain ends in a self-signed certificate.
    #[default]
    Complete,
    /// The issuer of the last certificate was not dropped.
    MissingIssuer {
        /// Issuer name that was not found.
        issuer: String,
        /// Where it can be downloaded (AIA).
        aia_urls: Vec<String>,
    },
    /// A signature in the chain does not verify.
    BadSignature {
        /// Position in `chain` of the certificate whose signature fails.
        index: usize,
    },
    /// The chain breaks a path rule (name constraints, path length, a CA
    /// that is not a CA, a broken signature algorithm).
    Invalid {
        /// Position in `chain` of the certificate concerned.
        index: usize,
        /// Stable code of the finding, e.g. `name-constraints-violation`.
        code: Code,
        /// Plain words.
        reason: String,
    },
    /// The chain layer does not trust the path: the root is not a trusted
    /// anchor, the CAs certify each other in a loop, or a signature cannot be
    /// verified.
    Untrusted {
        /// Position in `chain` of the certificate concerned (the top).
        index: usize,
        /// Stable code: `chain-untrusted-root`, `chain-loop`, `signature-not-verified`, …
        code: Code,
        /// Plain words.
        reason: String,
    },
    /// A certificate in the chain is malformed.
    Malformed {
        /// What is wrong.
        reason: String,
    },
}

/// Whether the user's store holds the private key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyPresence {
    /// A matching private key was dropped (a `.pfx` with its key).
    Present,
    /// Known to be absent.
    Absent,
    /// A certificate alone cannot tell.
    #[default]
    Unknown,
}

/// What a dropped CRL says about one certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "state")]
pub enum CrlEvidence {
    /// The CRL lists the certificate.
    Revoked {
        /// Revocation date, Unix seconds.
        date: i64,
        /// Reason, when given.
        reason: Option<String>,
    },
    /// The CRL does not list it.
    NotRevoked,
}

/// A dropped CRL that covers a certificate of the chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrlFacts {
    /// Position in `chain` of the certificate it covers.
    pub covers: usize,
    /// CRL issuer name.
    pub issuer: String,
    /// thisUpdate, Unix seconds.
    pub this_update: i64,
    /// nextUpdate, Unix seconds, when present.
    pub next_update: Option<i64>,
    /// What it says about the certificate.
    pub evidence: CrlEvidence,
}

/// Everything the engine knows about the client certificate.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClientFacts {
    /// The leaf first, then its issuers as far as they were dropped.
    pub chain: Vec<CertFacts>,
    /// How the chain ended.
    pub chain_status: ChainStatus,
    /// Private key presence, from the files.
    pub private_key: KeyPresence,
    /// The server's Trusted Root store, when it was dropped.
    pub trust_store: Option<Vec<CertFacts>>,
    /// Dropped CRLs covering certificates of the chain.
    pub crls: Vec<CrlFacts>,
    /// The certificate mappings of a dropped IIS configuration file: the mapping step reads
    /// whether this certificate maps instead of assuming it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iis: Option<crate::input::iisconfig::IisConfig>,
    /// What `certutil -verify -urlfetch`, run on the server, fetched: the revocation step reads
    /// an address it tried as reachable or not, instead of the reach settings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_check: Option<crate::input::certutil::Verify>,
    /// IIS's client certificate refusals from a dropped request log (most requests first): the
    /// report sets them against its prediction ([`super::ServerReport::observed`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub iis_log: Vec<crate::input::iislog::Answer>,
}

impl ClientFacts {
    /// The leaf certificate.
    pub fn leaf(&self) -> Option<&CertFacts> {
        self.chain.first()
    }

    /// The top of the chain when it ends in a self-signed certificate (the root).
    pub fn root(&self) -> Option<&CertFacts> {
        match self.chain_status {
            ChainStatus::MissingIssuer { .. } => None,
            _ => self.chain.last().filter(|c| c.self_signed),
        }
    }

    /// The top of the chain when it ends in a trust anchor: a self-signed
    /// root, or a certificate of the dropped trust store (self-signed or not).
    pub fn anchor(&self) -> Option<&CertFacts> {
        match self.chain_status {
            ChainStatus::MissingIssuer { .. } => None,
            _ => self.chain.last().filter(|c| c.self_signed || self.trust_store.as_ref().is_some_and(|s| s.iter().any(|t| t.sha256 == c.sha256))),
        }
    }
}

impl CertFacts {
    /// Windows allows Client Authentication: the EKU (absent, clientAuth or
    /// anyExtendedKeyUsage) and a critical application-policies extension, when
    /// present, both allow it.
    pub fn allows_client_auth(&self) -> bool {
        self.allows_eku(EKU_CLIENT_AUTH) && self.application_policies_allow(EKU_CLIENT_AUTH)
    }

    /// A critical application-policies extension, when present, lists `oid` (or
    /// anyExtendedKeyUsage, or Microsoft's "all application policies").
    pub fn application_policies_allow(&self, oid: &str) -> bool {
        self.critical_application_policies.as_ref().is_none_or(|l| l.iter().any(|o| o == oid || o == EKU_ANY || o == MS_ANY_APPLICATION_POLICY))
    }

    /// The EKU allows `oid` (absent EKU allows everything).
    pub fn allows_eku(&self, oid: &str) -> bool {
        self.eku.as_ref().is_none_or(|e| e.iter().any(|o| o == oid || o == EKU_ANY))
    }

    /// Key usage, when present, includes digitalSignature.
    pub fn ku_allows_signature(&self) -> bool {
        self.key_usage.as_ref().is_none_or(|k| k.iter().any(|u| u == "digitalSignature"))
    }

    /// Short name for messages: the CN if there is one (unquoted), else the subject, else (an
    /// empty subject) a DNS name or UPN, else the serial: [`crate::model::names::certificate_name`].
    pub fn name(&self) -> String {
        let alt = self.dns_names.iter().chain(&self.upns).map(String::as_str);
        crate::model::names::certificate_name(&self.subject, alt, &self.serial).into_owned()
    }
}

/// Where a URL points, as far as reachability from a server goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UrlClass {
    /// `http://` on a public host name.
    Internet,
    /// `http://` on a single-label name, `.local`/`.lan`/`.corp`/`.internal`/`.intranet`, or a private address.
    Intranet,
    /// `ldap://`.
    Ldap,
    /// `https://`.
    Https,
    /// Anything else (`file://`, …): the server does not use it.
    Other,
}

impl UrlClass {
    /// Readable name.
    pub fn name(self) -> &'static str {
        match self {
            UrlClass::Internet => "internet http",
            UrlClass::Intranet => "intranet http",
            UrlClass::Ldap => "LDAP",
            UrlClass::Https => "https",
            UrlClass::Other => "other",
        }
    }
}

/// Classify a CDP / AIA / OCSP URL. An `http://` address is intranet when its host is
/// internal by [`crate::model::urls::host_kind_of`], the classifier the certificate's card says
/// "reachable only inside the company network" from (the two never disagree), or when it names
/// no host at all.
pub fn classify_url(url: &str) -> UrlClass {
    use crate::model::urls::{host_kind_of, UrlHost};
    let Some((scheme, rest)) = url.split_once(':') else { return UrlClass::Other };
    let is = |name: &str| scheme.eq_ignore_ascii_case(name);
    if !rest.starts_with("//") {
        UrlClass::Other
    } else if is("ldap") || is("ldaps") {
        UrlClass::Ldap
    } else if is("https") {
        UrlClass::Https
    } else if !is("http") {
        UrlClass::Other
    } else {
        match host_kind_of(url) {
            host if host == UrlHost::None || host.is_internal() => UrlClass::Intranet,
            _ => UrlClass::Internet,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn url_classes() {
        assert_eq!(classify_url("http://pki.contoso.com/crl/int01.crl"), UrlClass::Internet);
        assert_eq!(classify_url("http://corppki/crl/int01.crl"), UrlClass::Intranet);
        assert_eq!(classify_url("http://pki-internal.contoso.local/crl/policy.crl"), UrlClass::Intranet);
        assert_eq!(classify_url("http://10.1.2.3:8080/x.crl"), UrlClass::Intranet);
        assert_eq!(classify_url("ldap:///CN=Contoso,CN=CDP?certificateRevocationList"), UrlClass::Ldap);
        assert_eq!(classify_url("HTTPS://pki.contoso.com/x.crl"), UrlClass::Https);
        assert_eq!(classify_url("file://share/x.crl"), UrlClass::Other);
        assert_eq!(classify_url("http://"), UrlClass::Intranet);
    }

    /// The verdict's reach class and the card's "reachable only inside the company network"
    /// come from one host classifier: they used to disagree on `.localdomain`, shared (CGNAT)
    /// addresses and IPv6 link-local hosts, so the card said intranet while the verdict asked
    /// whether the server reaches the internet.
    #[test]
    fn the_verdict_and_the_card_agree_on_internal_hosts() {
        let urls = [
            "http://pki.example.localdomain/x.crl",
            "http://100.64.1.2/x.crl",
            "http://[fe80::1]/x.crl",
            "http://[fd00::1]:8080/x.crl",
            "http://0.0.0.0/x.crl",
            "http://user@corppki/x.crl",
            "http://pki.contoso.com./x.crl",
            "http://PKI.Contoso.LOCAL/x.crl",
            "http://8.8.8.8/x.crl",
            "http://pki.contoso.com/x.crl",
            "http://localhost/x.crl",
        ];
        for url in urls {
            let card = crate::model::urls::classify(url, "crl");
            let verdict = classify_url(url);
            assert_eq!(card.internal_only, verdict == UrlClass::Intranet, "{url}: card {card:?}, verdict {verdict:?}");
        }
        assert_eq!(classify_url("http://pki.example.localdomain/x.crl"), UrlClass::Intranet);
        assert_eq!(classify_url("http://[fe80::1]/x.crl"), UrlClass::Intranet);
        assert_eq!(classify_url("ldaps://dc.contoso.com/x"), UrlClass::Ldap);
        assert_eq!(classify_url("ldap:x"), UrlClass::Other);
    }

    #[test]
    fn eku_and_ku_rules() {
        let mut c = CertFacts::default();
        assert!(c.allows_client_auth());
        c.eku = Some(vec![EKU_SERVER_AUTH.into()]);
        assert!(!c.allows_client_auth());
        c.eku = Some(vec![EKU_ANY.into()]);
        assert!(c.allows_client_auth());
        c.critical_application_policies = Some(vec!["1.3.6.1.5.5.7.3.4".into()]);
        assert!(!c.allows_client_auth(), "a critical application-policies extension restricts like an EKU");
        c.critical_application_policies = Some(vec![EKU_CLIENT_AUTH.into()]);
        assert!(c.allows_client_auth());
        c.critical_application_policies = None;
        c.key_usage = Some(vec!["keyEncipherment".into()]);
        assert!(!c.ku_allows_signature());
        c.subject = "CN=alice, OU=Users, O=Contoso".into();
        assert_eq!(c.name(), "alice");
    }
}
