//! Command-line flags for the server settings panel (`--ssl require`, `--reach intranet=no`, …).

use crate::server::settings::{
    Browser, Ctl, Mapping, MappingScope, PrivateKey, Product, Proxy, Reach, Revocation, ServerSettings, SslMode, StrongMapping,
    TlsVersion, Trust,
};

/// Help text for the server flags.
pub const USAGE: &str = "\
server settings (expected IIS behaviour for a client certificate; defaults: IIS 10, require, revocation on):
  --ssl ignore|accept|require           IIS SSL settings for client certificates
  --revocation on|cache-only|off        revocation checking
  --reach CLASS=yes|no|unknown,...      what the server can reach: internet, intranet, ldap, https,
                                        cache (CRLs cached), issuer (the server holds or can fetch
                                        an issuer CA that was not dropped), all; default unknown
                                        (the verdict branches)
  --trust-root yes|no                   whether the server trusts the root of the chain
  --trust-store FILE                    FILE holds the server's Trusted Root store (repeatable)
  --mapping none|one-to-one|many-to-one|ad|ad-upn|ad-strong|ad-compat
  --mapping-scope site|vdir             where the mapping is configured
  --dsmapper on|off                     dsmapperusage on the binding (AD mapper, IIS 7+)
  --strong-mapping enforcement|compatibility   KB5014754 mode on the domain controllers
  --alt-sec-id VALUE                    the user's altSecurityIdentities, e.g. X509:<I>...<SR>...
  --iis 10|7|6                          IIS version
  --certcheckmode N                     IIS 6 CertCheckMode (decimal or 0x hex)
  --usage-check on|off                  usagecheck on the binding
  --tls 1.2|1.3|1.3-ccn                 TLS version (1.3-ccn: clientcertnegotiation=enable)
  --issuer-list on|off                  SendTrustedIssuerList
  --issuer-list-size BYTES              size of the trusted issuer list
  --client-auth-trust-mode 0|1|2        ClientAuthTrustMode
  --ctl none|includes-ca|misses-ca      IIS 6 certificate trust list
  --private-key yes|no|auto             private key in the user's store
  --proxy none|forward|tls-terminating  what sits in front of IIS
  --freshness SECONDS                   revocationfreshnesstime
  --host NAME                           server-certificate mode: what browsers do for NAME
  --certificate N                       predict for certificate #N (default: the first that is not a CA)
  --browser chromium|firefox|safari     the browser
";

const FLAGS: [&str; 25] = [
    "--certificate",
    "--dsmapper",
    "--ssl",
    "--revocation",
    "--reach",
    "--trust-root",
    "--trust-store",
    "--mapping",
    "--mapping-scope",
    "--strong-mapping",
    "--alt-sec-id",
    "--iis",
    "--certcheckmode",
    "--usage-check",
    "--tls",
    "--issuer-list",
    "--issuer-list-size",
    "--client-auth-trust-mode",
    "--ctl",
    "--private-key",
    "--proxy",
    "--freshness",
    "--host",
    "--browser",
    "--cert-check-mode",
];

/// Whether `arg` (`--flag` or `--flag=value`) is a server flag; returns the flag name.
pub fn flag_name(arg: &str) -> Option<&'static str> {
    let name = arg.split('=').next().unwrap_or(arg);
    FLAGS.iter().copied().find(|f| *f == name)
}

fn bad(flag: &str, value: &str, allowed: &str) -> String {
    format!("{flag} {value:?}: expected {allowed}")
}

fn on_off(flag: &str, v: &str) -> Result<bool, String> {
    match v {
        "on" | "yes" | "true" | "1" | "enable" => Ok(true),
        "off" | "no" | "false" | "0" | "disable" => Ok(false),
        _ => Err(bad(flag, v, "on or off")),
    }
}

fn number(flag: &str, v: &str) -> Result<u32, String> {
    let parsed = match v.strip_prefix("0x").or_else(|| v.strip_prefix("0X")) {
        Some(hex) => u32::from_str_radix(hex, 16),
        None => v.parse::<u32>(),
    };
    parsed.map_err(|_| bad(flag, v, "a number (decimal or 0x hex)"))
}

fn reach(flag: &str, v: &str) -> Result<Reach, String> {
    match v {
        "yes" | "y" | "reachable" | "on" => Ok(Reach::Yes),
        "no" | "n" | "unreachable" | "off" => Ok(Reach::No),
        "unknown" | "?" => Ok(Reach::Unknown),
        _ => Err(bad(flag, v, "yes, no or unknown")),
    }
}

/// Apply one flag. `trust_store_files` collects `--trust-store` files (also read as input).
pub fn apply(settings: &mut ServerSettings, trust_store_files: &mut Vec<String>, flag: &str, v: &str) -> Result<(), String> {
    match flag {
        "--ssl" => {
            settings.ssl = match v {
                "ignore" => SslMode::Ignore,
                "accept" => SslMode::Accept,
                "require" => SslMode::Require,
                _ => return Err(bad(flag, v, "ignore, accept or require")),
            }
        }
        "--revocation" => {
            settings.revocation = match v {
                "on" => Revocation::On,
                "cache-only" | "cached" => Revocation::CacheOnly,
                "off" => Revocation::Off,
                _ => return Err(bad(flag, v, "on, cache-only or off")),
            }
        }
        "--reach" => {
            for part in v.split(',').filter(|p| !p.is_empty()) {
                let (class, value) = part.split_once('=').ok_or_else(|| bad(flag, part, "CLASS=yes|no|unknown, e.g. intranet=no"))?;
                let r = reach(flag, value)?;
                let rs = &mut settings.reach;
                match class {
                    "internet" | "http" => rs.internet = r,
                    "intranet" => rs.intranet = r,
                    "ldap" => rs.ldap = r,
                    "https" => rs.https = r,
                    "cache" | "crl-cache" => rs.crl_cache = r,
                    "issuer" | "intermediate" => rs.issuer = r,
                    "all" => {
                        rs.internet = r;
                        rs.intranet = r;
                        rs.ldap = r;
                        rs.https = r;
                    }
                    _ => return Err(bad(flag, class, "internet, intranet, ldap, https, cache, issuer or all")),
                }
            }
        }
        "--trust-root" => {
            settings.trust = match (on_off(flag, v)?, settings.trust) {
                (false, _) => Trust::NotTrusted,
                // `--trust-root yes` does not throw a given store away: the store decides.
                (true, Trust::Store) => Trust::Store,
                (true, _) if !settings.trust_store_files.is_empty() => Trust::Store,
                (true, _) => Trust::RootInChain,
            };
        }
        "--trust-store" => {
            // `--trust-root no` takes precedence, whatever the order: the store
            // is still read (issuer list size, the KB 2802568 check) and the
            // trace says it was not used for trust.
            if settings.trust != Trust::NotTrusted {
                settings.trust = Trust::Store;
            }
            settings.trust_store_files.push(v.to_string());
            trust_store_files.push(v.to_string());
        }
        "--mapping" => {
            let (m, strong) = match v {
                "none" => (Mapping::None, None),
                "one-to-one" => (Mapping::OneToOne, None),
                "many-to-one" => (Mapping::ManyToOne, None),
                "ad" | "ad-upn" => (Mapping::ActiveDirectory, None),
                "ad-strong" => (Mapping::ActiveDirectory, Some(StrongMapping::Enforcement)),
                "ad-compat" => (Mapping::ActiveDirectory, Some(StrongMapping::Compatibility)),
                _ => return Err(bad(flag, v, "none, one-to-one, many-to-one, ad, ad-upn, ad-strong or ad-compat")),
            };
            settings.mapping = m;
            if let Some(s) = strong {
                settings.strong_mapping = s;
            }
        }
        "--mapping-scope" => {
            settings.mapping_scope = match v {
                "site" => MappingScope::Site,
                "vdir" | "virtual-directory" | "app" => MappingScope::VirtualDirectory,
                _ => return Err(bad(flag, v, "site or vdir")),
            }
        }
        "--strong-mapping" => {
            settings.strong_mapping = match v {
                "enforcement" | "full" | "on" => StrongMapping::Enforcement,
                "compatibility" | "compat" => StrongMapping::Compatibility,
                _ => return Err(bad(flag, v, "enforcement or compatibility")),
            }
        }
        "--alt-sec-id" => settings.alt_security_identity = Some(v.to_string()),
        "--dsmapper" => settings.ds_mapper = on_off(flag, v)?,
        "--iis" => {
            settings.product = match v {
                "10" => Product::Iis10,
                "7" | "7.5" | "8" | "8.5" => Product::Iis7,
                "6" => Product::Iis6,
                _ => return Err(bad(flag, v, "10, 7 or 6")),
            }
        }
        "--certcheckmode" | "--cert-check-mode" => {
            settings.cert_check_mode = Some(number(flag, v)?);
            settings.product = Product::Iis6;
        }
        "--usage-check" => settings.usage_check = on_off(flag, v)?,
        "--tls" => {
            settings.tls = match v {
                "1.2" => TlsVersion::Tls12,
                "1.3" => TlsVersion::Tls13,
                "1.3-ccn" | "1.3+ccn" => TlsVersion::Tls13ClientCertNegotiation,
                _ => return Err(bad(flag, v, "1.2, 1.3 or 1.3-ccn")),
            }
        }
        "--issuer-list" => settings.send_issuer_list = on_off(flag, v)?,
        "--issuer-list-size" => settings.issuer_list_bytes = Some(number(flag, v)?),
        "--client-auth-trust-mode" => {
            let n = number(flag, v)?;
            if n > 2 {
                return Err(bad(flag, v, "0, 1 or 2"));
            }
            settings.client_auth_trust_mode = n;
        }
        "--ctl" => {
            settings.ctl = match v {
                "none" => Ctl::None,
                "includes-ca" => Ctl::IncludesCa,
                "misses-ca" => Ctl::MissesCa,
                _ => return Err(bad(flag, v, "none, includes-ca or misses-ca")),
            }
        }
        "--private-key" => {
            settings.private_key = match v {
                "yes" => PrivateKey::Yes,
                "no" => PrivateKey::No,
                "auto" => PrivateKey::Auto,
                _ => return Err(bad(flag, v, "yes, no or auto")),
            }
        }
        "--proxy" => {
            settings.proxy = match v {
                "none" => Proxy::None,
                "forward" => Proxy::Forward,
                "tls-terminating" | "load-balancer" => Proxy::TlsTerminating,
                _ => return Err(bad(flag, v, "none, forward or tls-terminating")),
            }
        }
        "--freshness" => settings.freshness_seconds = Some(number(flag, v)?),
        "--host" => settings.host = Some(v.to_string()),
        "--certificate" => settings.certificate = Some(v.parse::<usize>().map_err(|_| bad(flag, v, "a certificate number, e.g. 0"))?),
        "--browser" => {
            settings.browser = match v {
                "chromium" | "chrome" | "edge" => Browser::Chromium,
                "firefox" => Browser::Firefox,
                "safari" => Browser::Safari,
                _ => return Err(bad(flag, v, "chromium, firefox or safari")),
            }
        }
        _ => return Err(format!("unknown option {flag:?}")),
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn flags_set_settings() {
        let mut s = ServerSettings::default();
        let mut files = Vec::new();
        apply(&mut s, &mut files, "--ssl", "accept").unwrap();
        apply(&mut s, &mut files, "--reach", "internet=yes,intranet=no,ldap=no,https=unknown").unwrap();
        apply(&mut s, &mut files, "--certcheckmode", "0x10001").unwrap();
        apply(&mut s, &mut files, "--mapping", "ad-compat").unwrap();
        apply(&mut s, &mut files, "--trust-store", "roots.p7b").unwrap();
        assert_eq!(s.ssl, SslMode::Accept);
        assert_eq!(s.reach.internet, Reach::Yes);
        assert_eq!(s.reach.intranet, Reach::No);
        assert_eq!(s.cert_check_mode, Some(0x10001));
        assert_eq!(s.product, Product::Iis6);
        assert_eq!(s.strong_mapping, StrongMapping::Compatibility);
        assert_eq!(files, vec!["roots.p7b"]);
        assert!(apply(&mut s, &mut files, "--ssl", "maybe").unwrap_err().contains("maybe"));
        assert!(apply(&mut s, &mut files, "--reach", "moon=yes").is_err());
        assert_eq!(flag_name("--ssl=require"), Some("--ssl"));
        assert_eq!(flag_name("--json"), None);
    }
}
