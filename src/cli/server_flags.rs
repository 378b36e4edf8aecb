//! Command-line flags for the server settings panel (`--ssl require`, `--reach intranet=no`, …).
//!
//! The enum values are read by the settings' own `FromStr` (`server::settings`: serde names
//! and aliases), the same parser as the page's `<select>`s and share links.

use clap::Args;

use crate::server::settings::{
    Browser, Ctl, Mapping, MappingScope, PrivateKey, Product, Proxy, Reach, Revocation, ServerSettings, SslMode, StrongMapping,
    TlsVersion, Trust,
};

/// The help heading of the server flags.
const HEADING: &str = "Server settings (expected IIS behaviour; defaults: IIS 10, require, revocation on)";

/// The server flags as given; [`ServerFlags::settings`] turns them into [`ServerSettings`].
#[derive(Args, Debug, Default)]
#[command(next_help_heading = HEADING)]
pub struct ServerFlags {
    /// IIS SSL settings for client certificates
    #[arg(long, value_name = "ignore|accept|require")]
    ssl: Option<SslMode>,
    /// Revocation checking of client certificates
    #[arg(long, value_name = "on|cache-only|off")]
    revocation: Option<Revocation>,
    /// What the server can reach; CLASS: internet, intranet, ldap, https, cache, issuer, all (see README)
    #[arg(long, value_name = "CLASS=yes|no|unknown,...", value_parser = parse_reach)]
    reach: Vec<ReachList>,
    /// Whether the server trusts the root of the chain
    #[arg(long, value_name = "yes|no", value_parser = on_off)]
    trust_root: Option<bool>,
    /// FILE holds the server's Trusted Root store (also read as input; repeatable)
    #[arg(long, value_name = "FILE")]
    trust_store: Vec<String>,
    /// Certificate mapping; ad-strong / ad-compat also set --strong-mapping
    #[arg(long, value_name = "none|one-to-one|many-to-one|ad|ad-strong|ad-compat", value_parser = parse_mapping)]
    mapping: Option<MappingFlag>,
    /// Where the mapping is configured
    #[arg(long, value_name = "site|vdir")]
    mapping_scope: Option<MappingScope>,
    /// dsmapperusage on the binding (the AD mapper needs it on IIS 7+)
    #[arg(long, value_name = "on|off", value_parser = on_off)]
    dsmapper: Option<bool>,
    /// KB5014754 mode on the domain controllers
    #[arg(long, value_name = "enforcement|compatibility")]
    strong_mapping: Option<StrongMapping>,
    /// The user's altSecurityIdentities, e.g. X509:<I>...<SR>...
    #[arg(long, value_name = "VALUE")]
    alt_sec_id: Option<String>,
    /// IIS version
    #[arg(long, value_name = "10|7|6")]
    iis: Option<Product>,
    /// IIS 6 CertCheckMode, decimal or 0x hex (implies --iis 6)
    #[arg(long, alias = "cert-check-mode", value_name = "N", value_parser = number)]
    certcheckmode: Option<u32>,
    /// usagecheck on the binding (EKU check by the server)
    #[arg(long, value_name = "on|off", value_parser = on_off)]
    usage_check: Option<bool>,
    /// TLS version (1.3-ccn: clientcertnegotiation=enable)
    #[arg(long, value_name = "1.2|1.3|1.3-ccn")]
    tls: Option<TlsVersion>,
    /// SendTrustedIssuerList
    #[arg(long, value_name = "on|off", value_parser = on_off)]
    issuer_list: Option<bool>,
    /// Size of the trusted issuer list
    #[arg(long, value_name = "BYTES", value_parser = number)]
    issuer_list_size: Option<u32>,
    /// ClientAuthTrustMode
    #[arg(long, value_name = "0|1|2", value_parser = trust_mode)]
    client_auth_trust_mode: Option<u32>,
    /// IIS 6 certificate trust list
    #[arg(long, value_name = "none|includes-ca|misses-ca")]
    ctl: Option<Ctl>,
    /// Private key in the user's store (auto: from the dropped files)
    #[arg(long, value_name = "yes|no|auto")]
    private_key: Option<PrivateKey>,
    /// What sits in front of IIS
    #[arg(long, value_name = "none|forward|tls-terminating")]
    proxy: Option<Proxy>,
    /// revocationfreshnesstime
    #[arg(long, value_name = "SECONDS", value_parser = number)]
    freshness: Option<u32>,
    /// Server-certificate mode: what browsers do for NAME
    #[arg(long, value_name = "NAME")]
    host: Option<String>,
    /// Predict for certificate #N (default: the first that is not a CA)
    #[arg(long, value_name = "N")]
    certificate: Option<usize>,
    /// The browser
    #[arg(long, value_name = "chromium|firefox|safari")]
    browser: Option<Browser>,
}

/// `--reach internet=yes,ldap=no`: the classes and their values, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReachList(Vec<(ReachClass, Reach)>);

/// A `--reach` class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ReachClass {
    Internet,
    Intranet,
    Ldap,
    Https,
    Cache,
    Issuer,
    All,
}

/// `--mapping`: the mapping, and the KB5014754 mode `ad-strong` / `ad-compat` also set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MappingFlag(Mapping, Option<StrongMapping>);

/// `on`/`off` (also yes/no, true/false, 1/0, enable/disable).
fn on_off(v: &str) -> Result<bool, String> {
    match v {
        "on" | "yes" | "true" | "1" | "enable" => Ok(true),
        "off" | "no" | "false" | "0" | "disable" => Ok(false),
        _ => Err(format!("{v:?} is not on or off")),
    }
}

/// A number, decimal or `0x` hex.
fn number(v: &str) -> Result<u32, String> {
    let parsed = match v.strip_prefix("0x").or_else(|| v.strip_prefix("0X")) {
        Some(hex) => u32::from_str_radix(hex, 16),
        None => v.parse::<u32>(),
    };
    parsed.map_err(|_| format!("{v:?} is not a number (decimal or 0x hex)"))
}

fn trust_mode(v: &str) -> Result<u32, String> {
    number(v).ok().filter(|n| *n <= 2).ok_or_else(|| format!("{v:?} is not 0, 1 or 2"))
}

fn parse_reach(v: &str) -> Result<ReachList, String> {
    let mut list = Vec::new();
    for part in v.split(',').filter(|p| !p.is_empty()) {
        let (class, value) = part.split_once('=').ok_or_else(|| format!("{part:?} is not CLASS=yes|no|unknown, e.g. intranet=no"))?;
        let class = match class {
            "internet" | "http" => ReachClass::Internet,
            "intranet" => ReachClass::Intranet,
            "ldap" => ReachClass::Ldap,
            "https" => ReachClass::Https,
            "cache" | "crl-cache" => ReachClass::Cache,
            "issuer" | "intermediate" => ReachClass::Issuer,
            "all" => ReachClass::All,
            _ => return Err(format!("{class:?} is not one of: internet, intranet, ldap, https, cache, issuer, all")),
        };
        list.push((class, value.parse::<Reach>().map_err(|e| e.to_string())?));
    }
    Ok(ReachList(list))
}

fn parse_mapping(v: &str) -> Result<MappingFlag, String> {
    match v {
        "ad-strong" => Ok(MappingFlag(Mapping::ActiveDirectory, Some(StrongMapping::Enforcement))),
        "ad-compat" => Ok(MappingFlag(Mapping::ActiveDirectory, Some(StrongMapping::Compatibility))),
        _ => v.parse::<Mapping>().map(|m| MappingFlag(m, None)).map_err(|e| format!("{e}, ad, ad-upn, ad-strong, ad-compat")),
    }
}

impl ServerFlags {
    /// The settings these flags describe (defaults for the others). The order of the flags
    /// does not matter: `--trust-root no` wins over `--trust-store`, `--certcheckmode` implies
    /// IIS 6, an explicit `--strong-mapping` wins over `--mapping ad-strong|ad-compat`, and
    /// a repeated flag's last value counts (`--reach` accumulates, left to right).
    pub fn settings(&self) -> ServerSettings {
        fn set<T>(slot: &mut T, value: Option<T>) {
            if let Some(v) = value {
                *slot = v;
            }
        }
        let mut s = ServerSettings::default();
        set(&mut s.product, self.iis);
        set(&mut s.ssl, self.ssl);
        set(&mut s.revocation, self.revocation);
        set(&mut s.tls, self.tls);
        set(&mut s.ctl, self.ctl);
        set(&mut s.private_key, self.private_key);
        set(&mut s.proxy, self.proxy);
        set(&mut s.browser, self.browser);
        set(&mut s.mapping_scope, self.mapping_scope);
        if let Some(MappingFlag(mapping, strong)) = self.mapping {
            s.mapping = mapping;
            set(&mut s.strong_mapping, strong);
        }
        set(&mut s.strong_mapping, self.strong_mapping);
        set(&mut s.ds_mapper, self.dsmapper);
        set(&mut s.usage_check, self.usage_check);
        set(&mut s.send_issuer_list, self.issuer_list);
        set(&mut s.client_auth_trust_mode, self.client_auth_trust_mode);
        if let Some(mode) = self.certcheckmode {
            s.cert_check_mode = Some(mode);
            s.product = Product::Iis6;
        }
        s.issuer_list_bytes = self.issuer_list_size;
        s.freshness_seconds = self.freshness;
        s.alt_security_identity.clone_from(&self.alt_sec_id);
        s.host.clone_from(&self.host);
        s.certificate = self.certificate;
        for (class, r) in self.reach.iter().flat_map(|l| l.0.iter().copied()) {
            let rs = &mut s.reach;
            match class {
                ReachClass::Internet => rs.internet = r,
                ReachClass::Intranet => rs.intranet = r,
                ReachClass::Ldap => rs.ldap = r,
                ReachClass::Https => rs.https = r,
                ReachClass::Cache => rs.crl_cache = r,
                ReachClass::Issuer => rs.issuer = r,
                ReachClass::All => {
                    rs.internet = r;
                    rs.intranet = r;
                    rs.ldap = r;
                    rs.https = r;
                }
            }
        }
        s.trust_store_files.clone_from(&self.trust_store);
        // `--trust-root no` takes precedence, whatever the order: the store is still read
        // (issuer list size, the KB 2802568 check) and the trace says it was not used for
        // trust. `--trust-root yes` does not throw a given store away: the store decides.
        s.trust = match (self.trust_root, self.trust_store.is_empty()) {
            (Some(false), _) => Trust::NotTrusted,
            (_, false) => Trust::Store,
            (_, true) => Trust::RootInChain,
        };
        s
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    #[command(args_override_self = true)]
    struct Test {
        #[command(flatten)]
        server: ServerFlags,
    }

    fn settings(args: &[&str]) -> Result<ServerSettings, String> {
        Test::try_parse_from(std::iter::once("certlens").chain(args.iter().copied())).map(|t| t.server.settings()).map_err(|e| e.to_string())
    }

    #[test]
    fn flags_set_settings() {
        let s = settings(&[
            "--ssl",
            "accept",
            "--reach",
            "internet=yes,intranet=no,ldap=no,https=unknown",
            "--certcheckmode=0x10001",
            "--mapping",
            "ad-compat",
            "--trust-store",
            "roots.p7b",
            "--iis",
            "10",
        ])
        .unwrap();
        assert_eq!(s.ssl, SslMode::Accept);
        assert_eq!(s.reach.internet, Reach::Yes);
        assert_eq!(s.reach.intranet, Reach::No);
        assert_eq!(s.cert_check_mode, Some(0x10001));
        assert_eq!(s.product, Product::Iis6, "--certcheckmode implies IIS 6");
        assert_eq!(s.mapping, Mapping::ActiveDirectory);
        assert_eq!(s.strong_mapping, StrongMapping::Compatibility);
        assert_eq!(s.trust, Trust::Store);
        assert_eq!(s.trust_store_files, vec!["roots.p7b"]);
        // Repeated: the last value counts; --reach accumulates.
        let s = settings(&["--ssl", "accept", "--ssl", "ignore", "--reach", "all=yes", "--reach", "ldap=no"]).unwrap();
        assert_eq!(s.ssl, SslMode::Ignore);
        assert_eq!((s.reach.internet, s.reach.ldap), (Reach::Yes, Reach::No));
        // Old spellings.
        let s = settings(&["--cert-check-mode", "1", "--tls", "1.3+ccn", "--browser", "edge", "--revocation", "cached"]).unwrap();
        assert_eq!((s.cert_check_mode, s.tls, s.browser, s.revocation), (Some(1), TlsVersion::Tls13ClientCertNegotiation, Browser::Chromium, Revocation::CacheOnly));
    }

    #[test]
    fn bad_values_say_what_is_accepted() {
        let e = settings(&["--ssl", "maybe"]).unwrap_err();
        assert!(e.contains("\"maybe\" is not one of: ignore, accept, require"), "{e}");
        let e = settings(&["--reach", "moon=yes"]).unwrap_err();
        assert!(e.contains("\"moon\" is not one of: internet,"), "{e}");
        let e = settings(&["--reach", "ldap=perhaps"]).unwrap_err();
        assert!(e.contains("\"perhaps\" is not one of: yes, no, unknown"), "{e}");
        let e = settings(&["--mapping", "kerberos"]).unwrap_err();
        assert!(e.contains("ad-strong, ad-compat"), "{e}");
        assert!(settings(&["--client-auth-trust-mode", "3"]).unwrap_err().contains("0, 1 or 2"));
        assert!(settings(&["--usage-check", "sometimes"]).unwrap_err().contains("on or off"));
    }

    #[test]
    fn trust_root_no_wins_in_any_order() {
        for args in [["--trust-store", "r.p7b", "--trust-root", "no"], ["--trust-root", "no", "--trust-store", "r.p7b"]] {
            assert_eq!(settings(&args).unwrap().trust, Trust::NotTrusted);
        }
        assert_eq!(settings(&["--trust-root", "yes", "--trust-store", "r.p7b"]).unwrap().trust, Trust::Store);
        assert_eq!(settings(&["--trust-root", "yes"]).unwrap().trust, Trust::RootInChain);
    }
}
