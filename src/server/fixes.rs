//! Fixes: plain words, exact commands, and where each rule comes from.

use super::facts::CertFacts;
use super::settings::{Product, ServerSettings};
use super::trace::Fix;

/// The application id IIS registers its HTTP.sys SSL bindings with.
pub const IIS_APPID: &str = "{4dc3e181-e14b-4a21-b022-59fc669b0914}";

/// Schannel registry key.
pub const SCHANNEL_KEY: &str = r"HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL";

/// References users can look up: RFC sections, KB articles, the tools' documentation.
pub mod refs {
    /// Handshake and certificate selection.
    pub const SELECTION: &str = "RFC 8446 §4.3.2 and RFC 5246 §7.4.4 (CertificateRequest: the server's issuer list and the client's choice)";
    /// SSL settings.
    pub const SSL: &str = "IIS configuration reference: system.webServer/security/access, sslFlags";
    /// Chain validation.
    pub const CHAIN: &str = "RFC 5280 §6 (certification path validation); IIS status 403.16";
    /// Validity.
    pub const VALIDITY: &str = "RFC 5280 §4.1.2.5 (validity); IIS status 403.17";
    /// Usage.
    pub const USAGE: &str = "RFC 5280 §4.2.1.12 (extended key usage); netsh http add sslcert usagecheck";
    /// Revocation.
    pub const REVOCATION: &str = "RFC 5280 §4.2.1.13 and §6.3 (CRLs); netsh http add sslcert verifyclientcertrevocation; IIS status 403.13";
    /// Mapping.
    pub const MAPPING: &str = "IIS configuration reference: clientCertificateMappingAuthentication, iisClientCertificateMappingAuthentication";
    /// Strong mapping.
    pub const STRONG: &str = "KB5014754 (certificate-based authentication changes on domain controllers)";
    /// Proxy.
    pub const PROXY: &str = "KB Q190009 (client certificate mapping through a proxy)";
}

/// Commands that change one parameter of the HTTP.sys SSL binding.
pub fn netsh_binding(settings: &ServerSettings, param: &str) -> Vec<String> {
    match settings.product {
        Product::Iis6 => Vec::new(),
        Product::Iis7 => vec![
            "netsh http show sslcert ipport=0.0.0.0:443".into(),
            "netsh http delete sslcert ipport=0.0.0.0:443".into(),
            format!("netsh http add sslcert ipport=0.0.0.0:443 certhash=<server-certificate-thumbprint> appid={IIS_APPID} {param}"),
        ],
        Product::Iis10 => vec![
            "netsh http show sslcert".into(),
            format!("netsh http update sslcert ipport=0.0.0.0:443 certhash=<server-certificate-thumbprint> appid={IIS_APPID} {param}"),
        ],
    }
}

/// `appcmd` setting the SSL flags of the site.
pub fn appcmd_ssl_flags(flags: &str) -> String {
    format!(
        "%windir%\\system32\\inetsrv\\appcmd.exe set config \"Default Web Site\" -commitPath:APPHOST -section:system.webServer/security/access /sslFlags:\"{flags}\""
    )
}

/// IIS 6 `CertCheckMode` command.
pub fn adsutil_cert_check_mode(value: u32) -> String {
    format!("cscript %SystemDrive%\\Inetpub\\AdminScripts\\adsutil.vbs set w3svc/<site-id>/CertCheckMode {value}")
}

/// The dropped file name, when a command can name it as it is: only letters,
/// digits, `.`, `_` and `-` (nothing a shell would read), not starting with `-`,
/// with one of `extensions`. Other names are not put into commands.
fn dropped_name<'a>(cert: &'a CertFacts, extensions: &[&str]) -> Option<&'a str> {
    // The name without a folder: the command runs where the file is.
    let f = cert.file.as_deref()?.rsplit(['/', '\\']).next()?;
    let plain = !f.is_empty()
        && f.len() <= 100
        && !f.starts_with(['-', '.'])
        && f.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    let ext = f.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
    (plain && extensions.contains(&ext.as_str())).then_some(f)
}

/// The PKCS#12 file to import: the dropped `.pfx`/`.p12` when there is one.
pub fn pfx_name(cert: &CertFacts) -> String {
    dropped_name(cert, &["pfx", "p12"]).map_or_else(|| "user.pfx".to_string(), str::to_string)
}

/// A file name for a certificate in commands: the dropped file when it is a
/// certificate file certutil reads, else one made from the certificate's name.
pub fn file_name(cert: &CertFacts) -> String {
    if let Some(f) = dropped_name(cert, &["cer", "crt", "der", "pem"]) {
        return f.to_string();
    }
    let base: String = cert
        .name()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
        .collect();
    format!("{}.cer", base.trim_matches('_'))
}

/// The private key is not in the user's store.
pub fn private_key_missing(leaf: &CertFacts) -> Fix {
    Fix {
        text: "Install the certificate together with its private key (the .pfx, not the .cer) in the user's Personal store; a certificate without its key is never offered.".into(),
        commands: vec![
            format!("certutil -user -importpfx {}", pfx_name(leaf)),
            format!("certutil -user -repairstore my {}", leaf.serial),
        ],
        reference: "certutil -importpfx and -repairstore (certutil documentation)".into(),
    }
}

/// The leaf lacks Client Authentication or digitalSignature.
pub fn reissue_client_auth(leaf: &CertFacts, reason: &str) -> Fix {
    Fix {
        text: format!(
            "Get a new certificate for {} from a template meant for users (e.g. \"User\"): {reason}.",
            leaf.name()
        ),
        commands: vec![format!("certutil -dump {}", file_name(leaf)), "certreq -new user.inf user.req".into()],
        reference: refs::SELECTION.into(),
    }
}

/// A CA restricts its EKUs so that Client Authentication is not allowed.
pub fn ca_eku(ca: &CertFacts) -> Fix {
    Fix {
        text: format!(
            "The CA certificate {} limits what its certificates may be used for and Client Authentication is not among them. Renew that CA certificate with Client Authentication in its EKU (or without an EKU), or on the clients and the server enable Client Authentication in the CA certificate's \"Edit Properties\" purposes.",
            ca.name()
        ),
        commands: vec![format!("certutil -dump {}", file_name(ca))],
        reference: format!("{}; RFC 5280 §4.2.1.12 (extended key usage)", refs::SELECTION),
    }
}

/// The leaf's CA is not in the trusted issuer list sent to the client.
pub fn issuer_list(root: Option<&CertFacts>, settings: &ServerSettings) -> Fix {
    let root_file = root.map_or_else(|| "root_ca.cer".to_string(), file_name);
    let mut commands = vec![
        format!("certutil -addstore Root {root_file}"),
        format!("reg add {SCHANNEL_KEY} /v SendTrustedIssuerList /t REG_DWORD /d 0 /f"),
    ];
    if settings.client_auth_trust_mode != 0 {
        commands.push(format!("certutil -addstore ClientAuthIssuer {root_file}"));
    }
    Fix {
        text: "Make sure the client's root CA is in the server's Trusted Root store, and remove roots nobody uses so the issuer list stays small; or stop sending the list (SendTrustedIssuerList=0, the default since Windows Server 2012).".into(),
        commands,
        reference: "KB 2801679 (trusted issuer list limit, Schannel event 36885, SendTrustedIssuerList, ClientAuthTrustMode)".into(),
    }
}

/// TLS 1.3 without client certificate negotiation.
pub fn tls13(settings: &ServerSettings) -> Fix {
    Fix {
        text: "With TLS 1.3 HTTP.sys cannot ask for a certificate after the handshake: turn on client certificate negotiation on the binding.".into(),
        commands: netsh_binding(settings, "clientcertnegotiation=enable"),
        reference: "netsh http add sslcert clientcertnegotiation (netsh http documentation)".into(),
    }
}

/// SSL settings do not ask for a certificate.
pub fn ssl_require() -> Fix {
    Fix {
        text: "Set the site's SSL settings to Require (or Accept) client certificates.".into(),
        commands: vec![appcmd_ssl_flags("Ssl, SslNegotiateCert, SslRequireCert")],
        reference: refs::SSL.into(),
    }
}

/// The root is not trusted by the server.
pub fn untrusted_root(root: Option<&CertFacts>) -> Fix {
    let file = root.map_or_else(|| "root_ca.cer".to_string(), file_name);
    Fix {
        text: "Install the client's root CA certificate in the server's Trusted Root Certification Authorities store (computer account).".into(),
        commands: vec![format!("certutil -addstore Root {file}"), "certutil -verify -urlfetch cert.cer".into()],
        reference: format!("{}; win32 0x800B0109 CERT_E_UNTRUSTEDROOT", refs::CHAIN),
    }
}

/// An intermediate is missing.
pub fn missing_issuer(issuer: &str, aia: &[String]) -> Fix {
    let mut text = format!("Install the issuing CA certificate \"{issuer}\" in the server's Intermediate Certification Authorities store");
    if let Some(u) = aia.first() {
        text.push_str(&format!(", or let the server download it from {u}"));
    }
    text.push('.');
    Fix {
        text,
        commands: vec!["certutil -addstore CA issuing_ca.cer".into(), "certutil -verify -urlfetch cert.cer".into()],
        reference: format!("{}; win32 0x800B010A CERT_E_CHAINING", refs::CHAIN),
    }
}

/// A non-self-signed certificate sits in the Trusted Root store.
pub fn non_self_signed_root(cert: &CertFacts) -> Fix {
    Fix {
        text: format!(
            "Move \"{}\" from the server's Trusted Root store to the Intermediate Certification Authorities store: it is not self-signed and breaks client authentication.",
            cert.name()
        ),
        commands: vec![
            "certutil -store Root".into(),
            format!("certutil -delstore Root {}", cert.serial),
            format!("certutil -addstore CA {}", file_name(cert)),
        ],
        reference: "KB 2802568 (non-self-signed certificate in the Trusted Root store: 403.16)".into(),
    }
}

/// A certificate is expired or not yet valid.
pub fn renew(cert: &CertFacts, is_leaf: bool) -> Fix {
    let text = if is_leaf {
        format!("Renew the certificate of {} (or check the server's clock).", cert.name())
    } else {
        format!(
            "Renew the CA certificate {} and re-issue the certificates under it; every CA in the chain must be valid too.",
            cert.name()
        )
    };
    Fix { text, commands: vec![format!("certutil -verify {}", file_name(cert))], reference: refs::VALIDITY.into() }
}

/// Revocation cannot be checked.
pub fn revocation_offline(cert: &CertFacts, settings: &ServerSettings) -> Fix {
    let mut commands = vec![
        format!("certutil -verify -urlfetch {}", file_name(cert)),
        "netsh winhttp show proxy".into(),
        "certutil -addstore CA <downloaded>.crl".into(),
    ];
    match settings.product {
        Product::Iis6 => {
            commands.push(adsutil_cert_check_mode(2));
            commands.push(adsutil_cert_check_mode(1));
        }
        _ => {
            commands.extend(netsh_binding(settings, "verifyrevocationwithcachedclientcertonly=enable"));
            commands.extend(netsh_binding(settings, "verifyclientcertrevocation=disable"));
        }
    }
    let mut seen = std::collections::HashSet::new();
    commands.retain(|c| seen.insert(c.clone()));
    Fix {
        text: format!(
            "Let the server download a CRL from one of the CRL addresses of {} (open the firewall or proxy for it; the server fetches CRLs as the system account through the WinHTTP proxy), or copy the CRL to the server. Turning revocation checking off is a last resort, for testing.",
            cert.name()
        ),
        commands,
        reference: format!("{}; win32 0x80092013 CRYPT_E_REVOCATION_OFFLINE", refs::REVOCATION),
    }
}

/// The certificate is revoked.
pub fn revoked(cert: &CertFacts) -> Fix {
    Fix {
        text: format!("{} has been revoked by its CA: issue a new certificate.", cert.name()),
        commands: vec![format!("certutil -verify -urlfetch {}", file_name(cert))],
        reference: format!("{}; win32 0x80092010 CRYPT_E_REVOKED", refs::REVOCATION),
    }
}

/// The `X509:<I>…<SR>…` strong form for a certificate.
pub fn alt_sec_id_issuer_serial(leaf: &CertFacts) -> String {
    let issuer: Vec<&str> = leaf.issuer.split(", ").collect();
    let issuer_forward = issuer.iter().rev().copied().collect::<Vec<_>>().join(",");
    let serial = leaf.serial.replace(':', "");
    let bytes: Vec<String> = (0..serial.len() / 2)
        .filter_map(|i| serial.get(i * 2..i * 2 + 2).map(str::to_string))
        .rev()
        .collect();
    format!("X509:<I>{issuer_forward}<SR>{}", bytes.concat())
}

/// The mapping is weak under strong enforcement.
pub fn strong_mapping(leaf: &CertFacts) -> Fix {
    let user = leaf.upns.first().and_then(|u| u.split('@').next()).unwrap_or("<user>");
    Fix {
        text: "Make the mapping strong: re-issue the certificate from an updated enterprise CA so it carries the SID extension, or set a strong altSecurityIdentities value (issuer and serial, SKI or SHA1 public key) on the user. Compatibility mode on the domain controllers is only a stopgap.".into(),
        commands: vec![
            format!(
                "powershell -Command \"Set-ADUser {user} -Add @{{altSecurityIdentities='{}'}}\"",
                alt_sec_id_issuer_serial(leaf)
            ),
            r"reg add HKLM\SYSTEM\CurrentControlSet\Services\Kdc /v StrongCertificateBindingEnforcement /t REG_DWORD /d 1 /f".into(),
        ],
        reference: refs::STRONG.into(),
    }
}

/// No account could be found for the certificate.
pub fn no_mapping(leaf: &CertFacts) -> Fix {
    Fix {
        text: format!(
            "Map {} to an account: a certificate with the user's UPN in its subject alternative name, or an explicit altSecurityIdentities mapping on the user.",
            leaf.name()
        ),
        commands: vec![format!(
            "powershell -Command \"Set-ADUser <user> -Add @{{altSecurityIdentities='{}'}}\"",
            alt_sec_id_issuer_serial(leaf)
        )],
        reference: refs::MAPPING.into(),
    }
}

/// The AD mapper is not enabled on the binding.
pub fn ds_mapper(settings: &ServerSettings) -> Fix {
    let mut commands = netsh_binding(settings, "dsmapperusage=enable");
    commands.push("%windir%\\system32\\inetsrv\\appcmd.exe set config -section:system.webServer/security/authentication/clientCertificateMappingAuthentication /enabled:true /commit:apphost".into());
    Fix { text: "Turn on the Active Directory mapper for the binding and the server.".into(), commands, reference: refs::MAPPING.into() }
}

/// Mapping configured on a virtual directory.
pub fn mapping_on_site() -> Fix {
    Fix {
        text: "Configure the certificate mapping on the web site itself, not on a virtual directory or application.".into(),
        commands: vec!["%windir%\\system32\\inetsrv\\appcmd.exe set config \"Default Web Site\" -section:system.webServer/security/authentication/iisClientCertificateMappingAuthentication /enabled:true /commit:apphost".into()],
        reference: "IIS configuration reference: iisClientCertificateMappingAuthentication (IIS 6 and 7 read it at web site level only)".into(),
    }
}

/// Proxy / load balancer in front.
pub fn proxy_bypass(tls_terminating: bool) -> Fix {
    if tls_terminating {
        Fix {
            text: "Let the load balancer pass TLS through to IIS (TCP pass-through) for this site, or have it check the certificate itself; IIS cannot check a certificate it never receives.".into(),
            commands: Vec::new(),
            reference: refs::PROXY.into(),
        }
    } else {
        Fix {
            text: "Have browsers go to this site directly, not through the proxy (add it to the proxy bypass list).".into(),
            commands: vec!["netsh winhttp show proxy".into()],
            reference: refs::PROXY.into(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn issuer_serial_form_is_reversed() {
        let leaf = CertFacts {
            issuer: "CN=Contoso Issuing CA 01, O=Contoso, DC=contoso, DC=com".into(),
            serial: "61000109a7".into(),
            ..Default::default()
        };
        assert_eq!(alt_sec_id_issuer_serial(&leaf), "X509:<I>DC=com,DC=contoso,O=Contoso,CN=Contoso Issuing CA 01<SR>a709010061");
    }

    #[test]
    fn commands_name_the_dropped_file_when_it_is_plain() {
        let mut leaf = CertFacts { subject: "CN=alice".into(), file: Some("alice-2026.cer".into()), ..Default::default() };
        assert_eq!(file_name(&leaf), "alice-2026.cer");
        assert_eq!(revoked(&leaf).commands[0], "certutil -verify -urlfetch alice-2026.cer");
        assert_eq!(pfx_name(&leaf), "user.pfx");
        leaf.file = Some("alice.pfx".into());
        assert_eq!(pfx_name(&leaf), "alice.pfx");
        assert!(private_key_missing(&leaf).commands[0].ends_with("-importpfx alice.pfx"));
        assert_eq!(file_name(&leaf), "alice.cer", "a .pfx is no file for certutil -verify");
        // Names a shell would read are never put into a command.
        leaf.file = Some("C:\\certs/alice.cer".into());
        assert_eq!(file_name(&leaf), "alice.cer");
        for bad in ["a&calc.cer", "a b.cer", "-rf.cer", "x.cer;del", "\"q\".cer", "%PATH%.cer", "dir/a b.cer"] {
            leaf.file = Some(bad.into());
            assert_eq!(file_name(&leaf), "alice.cer", "{bad}");
        }
    }

    #[test]
    fn netsh_commands_per_product() {
        let s = ServerSettings::default();
        let c = netsh_binding(&s, "verifyclientcertrevocation=disable");
        assert_eq!(c[0], "netsh http show sslcert");
        assert!(c[1].ends_with("verifyclientcertrevocation=disable"));
        let s = ServerSettings { product: Product::Iis6, ..Default::default() };
        assert!(netsh_binding(&s, "x").is_empty());
        assert_eq!(adsutil_cert_check_mode(1), "cscript %SystemDrive%\\Inetpub\\AdminScripts\\adsutil.vbs set w3svc/<site-id>/CertCheckMode 1");
    }
}
