//! How the web server is set up: the "server settings panel".
//!
//! Defaults describe a current Windows Server (2016–2025) with IIS 10, a site
//! that requires client certificates, revocation checking on, the root of the
//! dropped chain trusted, no mapping. Reachability of CRL locations is
//! unknown by default: the verdict then branches ("200 if the server can
//! reach …, else 403.13").

use serde::{Deserialize, Serialize};

/// The web server product.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Product {
    /// IIS 10 on Windows Server 2016–2025 (HTTP.sys, `netsh http` bindings).
    #[default]
    #[serde(alias = "10")]
    Iis10,
    /// IIS 7–8.5 on Windows Server 2008–2012 R2.
    #[serde(alias = "7", alias = "7.5", alias = "8", alias = "8.5")]
    Iis7,
    /// IIS 6 on Windows Server 2003 (metabase, `CertCheckMode`, CTLs).
    #[serde(alias = "6")]
    Iis6,
}

impl Product {
    /// Readable name.
    pub fn name(self) -> &'static str {
        match self {
            Product::Iis10 => "IIS 10",
            Product::Iis7 => "IIS 7–8.5",
            Product::Iis6 => "IIS 6",
        }
    }
}

/// IIS SSL settings for client certificates (`sslFlags`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SslMode {
    /// Client certificates are not asked for.
    Ignore,
    /// Asked for, optional (`SslNegotiateCert`).
    Accept,
    /// Asked for, required (`SslRequireCert`): no certificate → 403.7.
    #[default]
    Require,
}

/// Revocation checking of client certificates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Revocation {
    /// Fetch CRLs from the certificates' CDPs (the default).
    #[default]
    On,
    /// Use only CRLs already cached on the server
    /// (`verifyrevocationwithcachedclientcertonly=enable`, IIS 6 bit 2).
    #[serde(alias = "cached")]
    CacheOnly,
    /// No revocation checking (`verifyclientcertrevocation=disable`, IIS 6 bit 1).
    Off,
}

/// TLS version the client and server agree on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TlsVersion {
    /// TLS 1.2 (renegotiation lets IIS ask for a certificate later).
    #[default]
    #[serde(alias = "1.2")]
    Tls12,
    /// TLS 1.3 without `clientcertnegotiation` on the binding.
    #[serde(alias = "1.3")]
    Tls13,
    /// TLS 1.3 with `clientcertnegotiation=enable` on the binding.
    #[serde(alias = "1.3-ccn", alias = "1.3+ccn")]
    Tls13ClientCertNegotiation,
}

/// Whether something is true, false or not known.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reach {
    /// Yes.
    #[serde(alias = "y", alias = "reachable", alias = "on")]
    Yes,
    /// No.
    #[serde(alias = "n", alias = "unreachable", alias = "off")]
    No,
    /// Not known: the verdict branches on it.
    #[default]
    #[serde(alias = "?")]
    Unknown,
}

/// Which URL classes the server can reach (for CRL, OCSP and AIA downloads).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Reachability {
    /// Public `http://` hosts (e.g. `http://pki.contoso.com/…`).
    pub internet: Reach,
    /// Intranet `http://` hosts: single-label names, `.local`, private addresses.
    pub intranet: Reach,
    /// `ldap://` URLs (needs a domain-joined server that can reach a DC).
    pub ldap: Reach,
    /// `https://` URLs.
    pub https: Reach,
    /// Whether the needed CRLs are already in the server's cache (cache-only mode).
    pub crl_cache: Reach,
    /// Whether the server holds the issuer CA certificate that was not dropped
    /// (in its Intermediate store, or fetched through the AIA address).
    /// certlens cannot see the server's stores: unknown by default.
    pub issuer: Reach,
}

/// Which certificates the server trusts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Trust {
    /// The root at the top of the dropped chain is in the server's Trusted Root store.
    #[default]
    RootInChain,
    /// The root is not trusted by the server.
    NotTrusted,
    /// The server's Trusted Root store is the dropped trust-store file(s).
    Store,
}

/// How a certificate is mapped to a Windows account.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mapping {
    /// No mapping: the certificate only has to be valid.
    #[default]
    None,
    /// IIS one-to-one: this exact certificate mapped to an account.
    OneToOne,
    /// IIS many-to-one: wildcard rules on subject/issuer fields.
    ManyToOne,
    /// Active Directory mapper (UPN or `altSecurityIdentities`).
    #[serde(alias = "ad", alias = "ad-upn")]
    ActiveDirectory,
}

/// Where the mapping is configured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MappingScope {
    /// On the web site (works).
    #[default]
    Site,
    /// On a virtual directory or application (ignored by IIS 6 and 7).
    #[serde(alias = "vdir", alias = "app")]
    VirtualDirectory,
}

/// Strong certificate mapping mode on the domain controllers (KB5014754).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StrongMapping {
    /// Full enforcement (`StrongCertificateBindingEnforcement=2`, the default since 2025).
    #[default]
    #[serde(alias = "full", alias = "on")]
    Enforcement,
    /// Compatibility mode (`StrongCertificateBindingEnforcement=1`): weak mappings allowed, with warnings.
    #[serde(alias = "compat")]
    Compatibility,
}

/// What sits between the browser and IIS.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Proxy {
    /// Browser talks to IIS directly.
    #[default]
    None,
    /// A forward proxy that reuses connections (Q190009).
    Forward,
    /// A TLS-terminating proxy or load balancer: IIS never sees the certificate.
    #[serde(alias = "load-balancer")]
    TlsTerminating,
}

/// Which kind of verdict the bar shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VerdictMode {
    /// Server-certificate mode for a server-authentication-only certificate with
    /// DNS names, client-certificate mode otherwise.
    #[default]
    Auto,
    /// IIS, client certificate.
    Client,
    /// Browsers, server certificate.
    Server,
}

/// Whether the user's store holds the private key of the certificate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PrivateKey {
    /// Decide from the dropped files (a `.pfx` with the key says yes; a `.cer` alone cannot tell).
    #[default]
    Auto,
    /// The key is there.
    Yes,
    /// The key is not there.
    No,
}

/// A certificate trust list bound to the site (IIS 6).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ctl {
    /// No CTL.
    #[default]
    None,
    /// A CTL that lists the client's CA.
    IncludesCa,
    /// A CTL that does not list the client's CA.
    MissesCa,
}

/// The browser (server-certificate mode, and which client offers the certificate).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Browser {
    /// Chrome or Edge (Chromium: fetches missing intermediates through AIA).
    #[default]
    #[serde(alias = "chrome", alias = "edge")]
    Chromium,
    /// Firefox.
    Firefox,
    /// Safari.
    Safari,
}

impl Browser {
    /// The browser's name in a sentence ("Chrome or Edge accepts …"): one subject, singular.
    pub fn name(self) -> &'static str {
        match self {
            Browser::Chromium => "Chrome or Edge",
            Browser::Firefox => "Firefox",
            Browser::Safari => "Safari",
        }
    }
}

/// The whole server settings panel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServerSettings {
    /// IIS version.
    pub product: Product,
    /// Ignore / Accept / Require client certificates.
    pub ssl: SslMode,
    /// Revocation checking.
    pub revocation: Revocation,
    /// `revocationfreshnesstime` in seconds, when set.
    pub freshness_seconds: Option<u32>,
    /// IIS 6 metabase `CertCheckMode` (absent = revocation on). Overrides
    /// `revocation` and `usage_check` when the product is IIS 6.
    pub cert_check_mode: Option<u32>,
    /// `usagecheck` on the binding (EKU check by the server).
    pub usage_check: bool,
    /// TLS version.
    pub tls: TlsVersion,
    /// Which roots the server trusts.
    pub trust: Trust,
    /// `SendTrustedIssuerList` (0 by default since Windows Server 2012).
    pub send_issuer_list: bool,
    /// Size of the trusted issuer list in bytes, when known (a dropped store measures it).
    pub issuer_list_bytes: Option<u32>,
    /// `ClientAuthTrustMode` (0 machine trust, 1 exclusive root, 2 exclusive CA).
    pub client_auth_trust_mode: u32,
    /// IIS 6 certificate trust list.
    pub ctl: Ctl,
    /// Reachability of URL classes from the server.
    pub reach: Reachability,
    /// Certificate mapping.
    pub mapping: Mapping,
    /// Where the mapping is configured.
    pub mapping_scope: MappingScope,
    /// Strong-mapping mode of the domain (AD mapper).
    pub strong_mapping: StrongMapping,
    /// The user's `altSecurityIdentities` value, when an explicit AD mapping exists.
    pub alt_security_identity: Option<String>,
    /// `dsmapperusage=enable` on the binding (IIS 7+: the AD mapper needs it).
    pub ds_mapper: bool,
    /// Proxy or load balancer in front.
    pub proxy: Proxy,
    /// Private key in the user's store.
    pub private_key: PrivateKey,
    /// The browser.
    pub browser: Browser,
    /// Server-certificate mode: the host name the browser connects to.
    pub host: Option<String>,
    /// Which certificate to predict for (index into the report's `certificates`);
    /// by default the first one that is not a CA.
    pub certificate: Option<usize>,
    /// File names (as dropped) that hold the server's Trusted Root store (`Trust::Store`).
    pub trust_store_files: Vec<String>,
}

impl Default for ServerSettings {
    fn default() -> Self {
        Self {
            product: Product::default(),
            ssl: SslMode::default(),
            revocation: Revocation::default(),
            freshness_seconds: None,
            cert_check_mode: None,
            usage_check: true,
            tls: TlsVersion::default(),
            trust: Trust::default(),
            send_issuer_list: false,
            issuer_list_bytes: None,
            client_auth_trust_mode: 0,
            ctl: Ctl::default(),
            reach: Reachability::default(),
            mapping: Mapping::default(),
            mapping_scope: MappingScope::default(),
            strong_mapping: StrongMapping::default(),
            alt_security_identity: None,
            ds_mapper: true,
            proxy: Proxy::default(),
            private_key: PrivateKey::default(),
            browser: Browser::default(),
            host: None,
            certificate: None,
            trust_store_files: Vec::new(),
        }
    }
}

/// IIS 6 `CertCheckMode` bits.
pub mod cert_check_mode {
    /// `MD_CERT_NO_REVOC_CHECK`: no revocation checking.
    pub const NO_REVOC_CHECK: u32 = 0x1;
    /// `MD_CERT_CACHE_RETRIEVAL_ONLY`: only CRLs already cached.
    pub const CACHE_RETRIEVAL_ONLY: u32 = 0x2;
    /// `MD_CERT_CHECK_REVOCATION_FRESHNESS_TIME`: honour the freshness time.
    pub const CHECK_REVOCATION_FRESHNESS_TIME: u32 = 0x4;
    /// `MD_CERT_NO_USAGE_CHECK`: no EKU check.
    pub const NO_USAGE_CHECK: u32 = 0x10000;
}

/// The settings that actually apply after product-specific values
/// (IIS 6 `CertCheckMode`) are folded in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Effective {
    /// Revocation mode.
    pub revocation: Revocation,
    /// Server-side EKU check.
    pub usage_check: bool,
}

impl ServerSettings {
    /// Revocation and usage check as the server applies them.
    pub fn effective(&self) -> Effective {
        match (self.product, self.cert_check_mode) {
            (Product::Iis6, Some(mode)) => Effective {
                revocation: if mode & cert_check_mode::NO_REVOC_CHECK != 0 {
                    Revocation::Off
                } else if mode & cert_check_mode::CACHE_RETRIEVAL_ONLY != 0 {
                    Revocation::CacheOnly
                } else {
                    Revocation::On
                },
                usage_check: mode & cert_check_mode::NO_USAGE_CHECK == 0,
            },
            _ => Effective { revocation: self.revocation, usage_check: self.usage_check },
        }
    }

    /// These settings with one choice changed: every setting the panel offers as a list or a
    /// box (and the verdict bar's toggles), each to each of its other values. Not the trust
    /// settings (they change the hierarchy, so the analysis) nor what is typed in (numbers,
    /// names): the settings a next change most likely asks for, which the web app's worker
    /// answers ahead for a small drop ([`crate::ui::work::NearAnswers`]).
    pub fn one_change_away(&self) -> Vec<ServerSettings> {
        fn each<T: Copy + PartialEq>(out: &mut Vec<ServerSettings>, base: &ServerSettings, all: &[T], slot: fn(&mut ServerSettings) -> &mut T) {
            let mut s = base.clone();
            let now = *slot(&mut s);
            for &v in all.iter().filter(|&&v| v != now) {
                *slot(&mut s) = v;
                out.push(s.clone());
            }
        }
        // The verdict bar's toggles first (the changes nearest to hand), then the panel's order.
        let mut out = Vec::new();
        each(&mut out, self, PrivateKey::ALL, |s| &mut s.private_key);
        each(&mut out, self, Reach::ALL, |s| &mut s.reach.issuer);
        each(&mut out, self, Reach::ALL, |s| &mut s.reach.internet);
        each(&mut out, self, Reach::ALL, |s| &mut s.reach.intranet);
        each(&mut out, self, Reach::ALL, |s| &mut s.reach.ldap);
        each(&mut out, self, Reach::ALL, |s| &mut s.reach.https);
        each(&mut out, self, Reach::ALL, |s| &mut s.reach.crl_cache);
        each(&mut out, self, Browser::ALL, |s| &mut s.browser);
        each(&mut out, self, Product::ALL, |s| &mut s.product);
        each(&mut out, self, SslMode::ALL, |s| &mut s.ssl);
        each(&mut out, self, TlsVersion::ALL, |s| &mut s.tls);
        each(&mut out, self, Proxy::ALL, |s| &mut s.proxy);
        each(&mut out, self, Ctl::ALL, |s| &mut s.ctl);
        each(&mut out, self, Revocation::ALL, |s| &mut s.revocation);
        each(&mut out, self, &[true, false], |s| &mut s.usage_check);
        each(&mut out, self, &[0, 1, 2], |s| &mut s.client_auth_trust_mode);
        each(&mut out, self, &[false, true], |s| &mut s.send_issuer_list);
        each(&mut out, self, Mapping::ALL, |s| &mut s.mapping);
        each(&mut out, self, MappingScope::ALL, |s| &mut s.mapping_scope);
        each(&mut out, self, StrongMapping::ALL, |s| &mut s.strong_mapping);
        out
    }

    /// The issuer list size limit in bytes for this product.
    pub fn issuer_list_limit(&self) -> u32 {
        match self.product {
            Product::Iis6 => 12 * 1024,
            _ => 16 * 1024,
        }
    }
}

/// A setting's value from its name, `"yes"`, `"cache-only"`, `"firefox"`: the
/// serde name (kebab-case) or one of its `#[serde(alias)]`es, read by serde
/// itself. The one parser of setting names, behind every settings enum's
/// `FromStr`: the CLI's flags, the page's `<select>` values and share links
/// (serde) read the same names.
fn parse_setting<T: serde::de::DeserializeOwned>(value: &str) -> Option<T> {
    use serde::de::IntoDeserializer as _;
    let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> = value.into_deserializer();
    T::deserialize(de).ok()
}

/// The serde name of a setting's value (`"cache-only"`): what `Display` prints. Written by
/// serde's own `Formatter` serializer (a unit variant writes its name), so that the web page,
/// which edits these settings, needs no JSON serializer.
fn setting_name<T: Serialize>(value: &T) -> Option<String> {
    struct Name<'a, T>(&'a T);
    impl<T: Serialize> std::fmt::Display for Name<'_, T> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            self.0.serialize(f)
        }
    }
    let mut out = String::new();
    std::fmt::Write::write_fmt(&mut out, format_args!("{}", Name(value))).ok()?;
    Some(out)
}

/// Why a setting's value was not understood: `"maybe" is not one of: ignore, accept, require`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingError(String);

impl std::fmt::Display for SettingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SettingError {}

/// For every settings enum: `ALL` (its values, in the panel's order), `FromStr`
/// (serde names and aliases, through [`parse_setting`]) and `Display` (the
/// serde name). The match makes a variant missing from `ALL` a compile error.
macro_rules! setting_names {
    ($($t:ident [$($v:ident),+ $(,)?]),* $(,)?) => {$(
        impl $t {
            /// Every value, in order.
            pub const ALL: &'static [Self] = &[$(Self::$v),+];
            #[allow(dead_code)]
            fn all_values_listed(self) {
                match self {
                    $(Self::$v)|+ => {}
                }
            }
        }
        impl std::str::FromStr for $t {
            type Err = SettingError;
            fn from_str(s: &str) -> Result<Self, SettingError> {
                parse_setting(s).ok_or_else(|| {
                    let names: Vec<String> = Self::ALL.iter().map(ToString::to_string).collect();
                    // Quoted by hand, not `{s:?}`: Debug for str (its escapes and their Unicode
                    // tables) cost the page's wasm 3.3 KB gzip for this one message.
                    SettingError(format!("\"{s}\" is not one of: {}", names.join(", ")))
                })
            }
        }
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&setting_name(self).ok_or(std::fmt::Error)?)
            }
        }
    )*};
}

setting_names!(
    Product[Iis10, Iis7, Iis6],
    SslMode[Ignore, Accept, Require],
    Revocation[On, CacheOnly, Off],
    TlsVersion[Tls12, Tls13, Tls13ClientCertNegotiation],
    Reach[Yes, No, Unknown],
    Trust[RootInChain, NotTrusted, Store],
    Mapping[None, OneToOne, ManyToOne, ActiveDirectory],
    MappingScope[Site, VirtualDirectory],
    StrongMapping[Enforcement, Compatibility],
    Proxy[None, Forward, TlsTerminating],
    VerdictMode[Auto, Client, Server],
    PrivateKey[Auto, Yes, No],
    Ctl[None, IncludesCa, MissesCa],
    Browser[Chromium, Firefox, Safari],
);

/// A setting's value from its serde name, for [`ServerSettings::assume`].
fn from_name<T: serde::de::DeserializeOwned>(value: &str) -> Option<T> {
    parse_setting(value)
}

impl ServerSettings {
    /// Take the settings of an HTTP.sys binding (`netsh http show sslcert`): revocation
    /// checking, its freshness, the usage check, the DS mapper, client certificate negotiation
    /// and TLS 1.3, a CTL; what the binding does not print stays as it is. True when something
    /// changed.
    pub fn apply_binding(&mut self, b: &crate::input::netsh::Binding) -> bool {
        let before = self.clone();
        match (b.verify_revocation, b.cached_only) {
            (Some(false), _) => self.revocation = Revocation::Off,
            (Some(true), Some(true)) => self.revocation = Revocation::CacheOnly,
            (Some(true), _) => self.revocation = Revocation::On,
            (None, _) => {}
        }
        if let Some(s) = b.freshness_seconds {
            self.freshness_seconds = (s > 0).then_some(s);
        }
        if let Some(u) = b.usage_check {
            self.usage_check = u;
        }
        if let Some(d) = b.ds_mapper {
            self.ds_mapper = d;
        }
        if b.tls13_disabled == Some(true) {
            self.tls = TlsVersion::Tls12;
        } else if self.tls != TlsVersion::Tls12 {
            match b.negotiate_client_certificate {
                Some(true) => self.tls = TlsVersion::Tls13ClientCertNegotiation,
                Some(false) => self.tls = TlsVersion::Tls13,
                None => {}
            }
        }
        if b.ctl == Some(false) {
            self.ctl = Ctl::None;
        }
        *self != before
    }

    /// Apply what an IIS configuration file sets (`sslFlags`, which mapping, where it is set);
    /// whether anything changed.
    pub fn apply_iis(&mut self, c: &crate::input::iisconfig::IisSettings) -> bool {
        let before = self.clone();
        use crate::input::iisconfig as iis;
        if let Some(ssl) = c.ssl {
            self.ssl = match ssl {
                iis::SslMode::Ignore => SslMode::Ignore,
                iis::SslMode::Accept => SslMode::Accept,
                iis::SslMode::Require => SslMode::Require,
            };
        }
        if let Some(mapping) = c.mapping {
            self.mapping = match mapping {
                iis::Mapping::None => Mapping::None,
                iis::Mapping::OneToOne => Mapping::OneToOne,
                iis::Mapping::ManyToOne => Mapping::ManyToOne,
                iis::Mapping::ActiveDirectory => Mapping::ActiveDirectory,
            };
        }
        if let Some(scope) = c.mapping_scope {
            self.mapping_scope = match scope {
                iis::MappingScope::Site => MappingScope::Site,
                iis::MappingScope::VirtualDirectory => MappingScope::VirtualDirectory,
            };
        }
        *self != before
    }

    /// Apply one assumption of a verdict branch ([`crate::server::trace::Assumption`]):
    /// `private-key`, `reach.internet`, `reach.intranet`, `reach.ldap`,
    /// `reach.https`, `reach.crl-cache`, `browser`. `value` is the serde name of
    /// the setting's value; `None` puts the setting back to "unknown" (or its
    /// default). Returns false for a setting or value it does not know.
    pub fn assume(&mut self, setting: &str, value: Option<&str>) -> bool {
        fn set<T: serde::de::DeserializeOwned + Default>(slot: &mut T, value: Option<&str>) -> bool {
            match value {
                None => {
                    *slot = T::default();
                    true
                }
                Some(v) => from_name(v).map(|x| *slot = x).is_some(),
            }
        }
        match setting {
            "private-key" => set(&mut self.private_key, value),
            "reach.internet" => set(&mut self.reach.internet, value),
            "reach.intranet" => set(&mut self.reach.intranet, value),
            "reach.ldap" => set(&mut self.reach.ldap, value),
            "reach.https" => set(&mut self.reach.https, value),
            "reach.crl-cache" => set(&mut self.reach.crl_cache, value),
            "reach.issuer" => set(&mut self.reach.issuer, value),
            "browser" => set(&mut self.browser, value),
            _ => false,
        }
    }

    /// The current value of a setting [`Self::assume`] knows, as its serde name
    /// (`unknown` / `auto` when not decided).
    pub fn assumed(&self, setting: &str) -> Option<String> {
        fn name<T: Serialize>(v: &T) -> Option<String> {
            setting_name(v)
        }
        match setting {
            "private-key" => name(&self.private_key),
            "reach.internet" => name(&self.reach.internet),
            "reach.intranet" => name(&self.reach.intranet),
            "reach.ldap" => name(&self.reach.ldap),
            "reach.https" => name(&self.reach.https),
            "reach.crl-cache" => name(&self.reach.crl_cache),
            "reach.issuer" => name(&self.reach.issuer),
            "browser" => name(&self.browser),
            _ => None,
        }
    }
}

/// Plain-language explanation of each bit of an IIS 6 `CertCheckMode` value.
pub fn explain_cert_check_mode(mode: u32) -> Vec<String> {
    use cert_check_mode::*;
    let mut out = Vec::new();
    if mode == 0 {
        out.push("0: revocation checking on (same as no CertCheckMode at all)".to_string());
        return out;
    }
    let known = [
        (NO_REVOC_CHECK, "MD_CERT_NO_REVOC_CHECK: revocation is not checked"),
        (CACHE_RETRIEVAL_ONLY, "MD_CERT_CACHE_RETRIEVAL_ONLY: only CRLs already cached on the server are used, nothing is downloaded"),
        (CHECK_REVOCATION_FRESHNESS_TIME, "MD_CERT_CHECK_REVOCATION_FRESHNESS_TIME: cached CRLs older than the freshness time are refreshed"),
        (NO_USAGE_CHECK, "MD_CERT_NO_USAGE_CHECK: the Client Authentication EKU is not checked"),
    ];
    let mut rest = mode;
    for (bit, text) in known {
        if mode & bit != 0 {
            out.push(format!("0x{bit:x} {text}"));
            rest &= !bit;
        }
    }
    if rest != 0 {
        out.push(format!("0x{rest:x}: bits IIS does not define; they are ignored"));
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_iis10_require_revocation_on() {
        let s = ServerSettings::default();
        assert_eq!(s.product, Product::Iis10);
        assert_eq!(s.ssl, SslMode::Require);
        assert_eq!(s.revocation, Revocation::On);
        assert!(s.usage_check);
        assert!(!s.send_issuer_list);
        assert_eq!(s.reach.internet, Reach::Unknown);
    }

    #[test]
    fn one_change_away_is_every_other_value_of_each_choice_and_nothing_else() {
        let base = ServerSettings { revocation: Revocation::CacheOnly, browser: Browser::Firefox, ..ServerSettings::default() };
        let near = base.one_change_away();
        // 2 products, SSL modes, TLS versions, proxies, CTLs, revocations; 1 usage check; 2 trust
        // modes; 1 issuer list; 6 reach settings x 2; 3 mappings; 1 scope; 1 strong mapping; 2
        // private keys, 2 browsers.
        assert_eq!(near.len(), 2 * 6 + 1 + 2 + 1 + 6 * 2 + 3 + 1 + 1 + 2 + 2);
        assert!(near.iter().all(|s| s != &base && s.trust == base.trust && s.host == base.host));
        for (i, s) in near.iter().enumerate() {
            assert!(!near.iter().skip(i + 1).any(|t| t == s), "{s:?} twice");
        }
        assert!(near.contains(&ServerSettings { revocation: Revocation::Off, ..base.clone() }));
        assert!(near.contains(&ServerSettings { usage_check: false, ..base.clone() }));
        // Every value the verdict bar's toggles set is among them.
        for setting in ["private-key", "reach.internet", "reach.intranet", "reach.ldap", "reach.https", "reach.crl-cache", "reach.issuer", "browser"] {
            for value in [None, Some("yes"), Some("no"), Some("auto"), Some("unknown"), Some("chromium"), Some("safari")] {
                let mut s = base.clone();
                if s.assume(setting, value) && s != base {
                    assert!(near.contains(&s), "{setting} = {value:?}");
                }
            }
        }
    }

    #[test]
    fn cert_check_mode_bits() {
        let s = ServerSettings { product: Product::Iis6, cert_check_mode: Some(0x10001), ..Default::default() };
        assert_eq!(s.effective(), Effective { revocation: Revocation::Off, usage_check: false });
        let s = ServerSettings { product: Product::Iis6, cert_check_mode: Some(2), ..Default::default() };
        assert_eq!(s.effective().revocation, Revocation::CacheOnly);
        // Ignored on IIS 10.
        let s = ServerSettings { cert_check_mode: Some(1), ..Default::default() };
        assert_eq!(s.effective().revocation, Revocation::On);
        let lines = explain_cert_check_mode(0x10005);
        assert_eq!(lines.len(), 3);
        assert!(lines[0].contains("MD_CERT_NO_REVOC_CHECK"));
        assert!(lines[2].contains("MD_CERT_NO_USAGE_CHECK"));
        assert!(explain_cert_check_mode(0x20).iter().any(|l| l.contains("0x20")));
        assert!(explain_cert_check_mode(0)[0].contains("on"));
    }

    #[test]
    fn branch_assumptions_apply_and_reset() {
        let mut s = ServerSettings::default();
        assert!(s.assume("private-key", Some("no")));
        assert_eq!(s.private_key, PrivateKey::No);
        assert!(s.assume("reach.ldap", Some("yes")));
        assert_eq!(s.reach.ldap, Reach::Yes);
        assert_eq!(s.assumed("reach.ldap").as_deref(), Some("yes"));
        assert!(s.assume("browser", Some("firefox")));
        assert_eq!(s.browser, Browser::Firefox);
        assert!(s.assume("reach.ldap", None));
        assert_eq!(s.reach.ldap, Reach::Unknown);
        assert_eq!(s.assumed("private-key").as_deref(), Some("no"));
        assert!(!s.assume("reach.ldap", Some("perhaps")));
        assert!(!s.assume("nonsense", Some("yes")));
        assert_eq!(s.assumed("nonsense"), None);
    }

    #[test]
    fn settings_deserialize_with_defaults() {
        let s: ServerSettings = serde_json::from_str(r#"{"ssl":"accept","reach":{"ldap":"no"}}"#).unwrap();
        assert_eq!(s.ssl, SslMode::Accept);
        assert_eq!(s.reach.ldap, Reach::No);
        assert_eq!(s.reach.internet, Reach::Unknown);
        assert!(s.usage_check);
    }

    #[test]
    fn every_setting_name_round_trips() {
        fn check<T>(all: &[T])
        where
            T: std::str::FromStr<Err = SettingError> + std::fmt::Display + Serialize + PartialEq + std::fmt::Debug,
        {
            for v in all {
                let name = v.to_string();
                assert_eq!(serde_json::to_value(v).unwrap(), serde_json::Value::String(name.clone()));
                assert_eq!(&name.parse::<T>().unwrap(), v, "{name}");
            }
            let err = "maybe".parse::<T>().unwrap_err().to_string();
            let names: Vec<String> = all.iter().map(ToString::to_string).collect();
            assert_eq!(err, format!("\"maybe\" is not one of: {}", names.join(", ")));
        }
        check(Product::ALL);
        check(SslMode::ALL);
        check(Revocation::ALL);
        check(TlsVersion::ALL);
        check(Reach::ALL);
        check(Trust::ALL);
        check(Mapping::ALL);
        check(MappingScope::ALL);
        check(StrongMapping::ALL);
        check(Proxy::ALL);
        check(VerdictMode::ALL);
        check(PrivateKey::ALL);
        check(Ctl::ALL);
        check(Browser::ALL);
    }

    #[test]
    fn aliases_parse_like_the_names() {
        assert_eq!("10".parse(), Ok(Product::Iis10));
        assert_eq!("7.5".parse(), Ok(Product::Iis7));
        assert_eq!("1.3-ccn".parse(), Ok(TlsVersion::Tls13ClientCertNegotiation));
        assert_eq!("cached".parse(), Ok(Revocation::CacheOnly));
        assert_eq!("vdir".parse(), Ok(MappingScope::VirtualDirectory));
        assert_eq!("ad-upn".parse(), Ok(Mapping::ActiveDirectory));
        assert_eq!("edge".parse(), Ok(Browser::Chromium));
        assert_eq!("?".parse(), Ok(Reach::Unknown));
        assert_eq!(Product::Iis7.to_string(), "iis7");
        // Share links (serde) read the same aliases.
        let s: ServerSettings = serde_json::from_str(r#"{"product":"7.5","tls":"1.3"}"#).unwrap();
        assert_eq!((s.product, s.tls), (Product::Iis7, TlsVersion::Tls13));
        // Case and spaces are not guessed.
        assert!("Require".parse::<SslMode>().is_err());
        assert!(" require".parse::<SslMode>().is_err());
    }

}
