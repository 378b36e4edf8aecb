//! Fixes: plain words, exact commands, and where each rule comes from.

use super::facts::CertFacts;
use super::settings::{Product, ServerSettings};
use super::trace::Fix;
use crate::command::{Command, CommandLine, Refusal, Shell};
use crate::diag::Code;

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
    pub const USAGE: &str = "RFC 5280 §4.2.1.12 (extended key usage); netsh http add sslcert, usagecheck";
    /// Revocation.
    pub const REVOCATION: &str = "RFC 5280 §4.2.1.13 and §6.3 (CRLs); netsh http add sslcert verifyclientcertrevocation; IIS status 403.13";
    /// Mapping.
    pub const MAPPING: &str = "IIS configuration reference: clientCertificateMappingAuthentication, iisClientCertificateMappingAuthentication";
    /// Strong mapping.
    pub const STRONG: &str = "KB5014754 (certificate-based authentication changes on domain controllers)";
    /// Proxy.
    pub const PROXY: &str = "KB Q190009 (client certificate mapping through a proxy)";
    /// Issuer list.
    pub const ISSUER_LIST: &str = "KB 2801679 (trusted issuer list limit, Schannel event 36885, SendTrustedIssuerList, ClientAuthTrustMode)";
    /// Non-self-signed certificate in the root store.
    pub const NON_SELF_SIGNED_ROOT: &str = "KB 2802568 (non-self-signed certificate in the Trusted Root store: 403.16)";
    /// Installing a certificate with its key.
    pub const PRIVATE_KEY: &str = "certutil -importpfx and -repairstore (certutil documentation)";
    /// TLS 1.3 binding option.
    pub const TLS13: &str = "netsh http add sslcert clientcertnegotiation (netsh http documentation)";
}

/// A command for cmd.exe (`certutil`, `netsh`, `reg`, `appcmd`).
fn cmd(program: &'static str) -> CommandLine {
    CommandLine::new(Shell::Cmd, program)
}

/// A fix from its text, the commands (built ones quoted per shell), and the reference.
/// A command that cannot be quoted safely is left out and the text says why.
pub fn fix(text: impl Into<String>, commands: Vec<Result<Command, Refusal>>, reference: impl Into<String>) -> Fix {
    let mut text = text.into();
    let mut out = Vec::new();
    for c in commands {
        match c {
            Ok(c) => out.push(c),
            Err(r) => {
                text.push(' ');
                text.push_str(&r.message());
            }
        }
    }
    Fix { text, commands: out, reference: reference.into() }
}

/// A fixed command written here, holding no user data.
fn fixed(text: &'static str) -> Result<Command, Refusal> {
    Ok(Command::from(text))
}

/// Commands that change one parameter of the HTTP.sys SSL binding.
///
/// Placeholders the administrator replaces are written in capitals without `<` `>`
/// (`SERVER-CERT-THUMBPRINT`, `SITE-ID`): pasted unedited into cmd.exe, `<…>` would be
/// read as redirections and create files; a capitalised word only makes the tool fail.
pub fn netsh_binding(settings: &ServerSettings, param: &'static str) -> Vec<Result<Command, Refusal>> {
    let change = |verb: &'static str| {
        cmd("netsh")
            .arg("http")
            .arg(verb)
            .arg("sslcert")
            .arg("ipport=0.0.0.0:443")
            .arg("certhash=SERVER-CERT-THUMBPRINT")
            .joined("appid=", IIS_APPID, "")
            .arg(param)
            .render()
    };
    match settings.product {
        Product::Iis6 => Vec::new(),
        Product::Iis7 => vec![
            fixed("netsh http show sslcert ipport=0.0.0.0:443"),
            fixed("netsh http delete sslcert ipport=0.0.0.0:443"),
            change("add"),
        ],
        Product::Iis10 => vec![fixed("netsh http show sslcert"), change("update")],
    }
}

/// `appcmd` setting the SSL flags of the site.
pub fn appcmd_ssl_flags(flags: &'static str) -> Result<Command, Refusal> {
    cmd(r"%windir%\system32\inetsrv\appcmd.exe")
        .arg("set")
        .arg("config")
        .value("Default Web Site")
        .arg("-commitPath:APPHOST")
        .arg("-section:system.webServer/security/access")
        .joined("/sslFlags:", flags, "")
        .render()
}

/// IIS 6 `CertCheckMode` command.
pub fn adsutil_cert_check_mode(value: u32) -> Result<Command, Refusal> {
    cmd("cscript")
        .arg(r"%SystemDrive%\Inetpub\AdminScripts\adsutil.vbs")
        .arg("set")
        .joined("w3svc/SITE-ID/CertCheckMode ", value.to_string(), "")
        .render()
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

/// `certutil <verb…> <value>` for cmd.exe.
fn certutil(verbs: &[&'static str], value: impl Into<String>) -> Result<Command, Refusal> {
    verbs.iter().fold(cmd("certutil"), |c, v| c.arg(v)).value(value).render()
}

/// `certutil -dump <file of cert>`.
pub fn certutil_dump(cert: &CertFacts) -> Result<Command, Refusal> {
    certutil(&["-dump"], file_name(cert))
}

/// The private key is not in the user's store.
pub fn private_key_missing(leaf: &CertFacts) -> Fix {
    fix(
        "Install the certificate together with its private key (the .pfx, not the .cer) in the user's Personal store; a certificate without its key is never offered.",
        vec![certutil(&["-user", "-importpfx"], pfx_name(leaf)), certutil(&["-user", "-repairstore", "my"], leaf.serial.clone())],
        refs::PRIVATE_KEY,
    )
}

/// The leaf lacks Client Authentication or digitalSignature.
pub fn reissue_client_auth(leaf: &CertFacts, reason: &str) -> Fix {
    fix(
        format!("Get a new certificate for {} from a template meant for users (e.g. \"User\"): {reason}.", leaf.name()),
        vec![certutil_dump(leaf), fixed("certreq -new user.inf user.req")],
        refs::SELECTION,
    )
}

/// A CA restricts its EKUs so that Client Authentication is not allowed.
pub fn ca_eku(ca: &CertFacts) -> Fix {
    fix(
        format!(
            "The CA certificate {} limits what its certificates may be used for and Client Authentication is not among them. Renew that CA certificate with Client Authentication in its EKU (or without an EKU), or on the clients and the server enable Client Authentication in the CA certificate's \"Edit Properties\" purposes.",
            ca.name()
        ),
        vec![certutil_dump(ca)],
        format!("{}; RFC 5280 §4.2.1.12 (extended key usage)", refs::SELECTION),
    )
}

/// The leaf's CA is not in the trusted issuer list sent to the client.
pub fn issuer_list(root: Option<&CertFacts>, settings: &ServerSettings) -> Fix {
    let root_file = root.map_or_else(|| "root_ca.cer".to_string(), file_name);
    let mut commands = vec![
        certutil(&["-addstore", "Root"], root_file.clone()),
        cmd("reg").arg("add").arg(SCHANNEL_KEY).arg("/v SendTrustedIssuerList /t REG_DWORD /d 0 /f").render(),
    ];
    if settings.client_auth_trust_mode != 0 {
        commands.push(certutil(&["-addstore", "ClientAuthIssuer"], root_file));
    }
    fix(
        "Make sure the client's root CA is in the server's Trusted Root store, and remove roots nobody uses so the issuer list stays small; or stop sending the list (SendTrustedIssuerList=0, the default since Windows Server 2012).",
        commands,
        refs::ISSUER_LIST,
    )
}

/// TLS 1.3 without client certificate negotiation.
pub fn tls13(settings: &ServerSettings) -> Fix {
    fix(
        "With TLS 1.3 HTTP.sys cannot ask for a certificate after the handshake: turn on client certificate negotiation on the binding.",
        netsh_binding(settings, "clientcertnegotiation=enable"),
        refs::TLS13,
    )
}

/// SSL settings do not ask for a certificate.
pub fn ssl_require() -> Fix {
    fix("Set the site's SSL settings to Require (or Accept) client certificates.", vec![appcmd_ssl_flags("Ssl, SslNegotiateCert, SslRequireCert")], refs::SSL)
}

/// The root is not trusted by the server.
pub fn untrusted_root(root: Option<&CertFacts>) -> Fix {
    let file = root.map_or_else(|| "root_ca.cer".to_string(), file_name);
    fix(
        "Install the client's root CA certificate in the server's Trusted Root Certification Authorities store (computer account).",
        vec![certutil(&["-addstore", "Root"], file), fixed("certutil -verify -urlfetch cert.cer")],
        format!("{}; win32 0x800B0109 CERT_E_UNTRUSTEDROOT", refs::CHAIN),
    )
}

/// An intermediate is missing.
pub fn missing_issuer(issuer: &str, aia: &[String], maybe_root: bool) -> Fix {
    let mut text = format!("Install the issuing CA certificate \"{issuer}\" in the server's Intermediate Certification Authorities store");
    if let Some(u) = aia.first() {
        text.push_str(&format!(", or let the server download it from {u}"));
    }
    text.push('.');
    let mut commands = vec![fixed("certutil -addstore CA issuing_ca.cer")];
    if maybe_root {
        // A root is trusted only from the Trusted Root store: downloaded, it is not.
        text.push_str(&format!(" If \"{issuer}\" is the root, it belongs in the server's Trusted Root Certification Authorities store instead."));
        commands.push(fixed("certutil -addstore Root root_ca.cer"));
    }
    commands.push(fixed("certutil -verify -urlfetch cert.cer"));
    fix(text, commands, format!("{}; win32 0x800B010A CERT_E_CHAINING", refs::CHAIN))
}

/// A non-self-signed certificate sits in the Trusted Root store.
pub fn non_self_signed_root(cert: &CertFacts) -> Fix {
    fix(
        format!(
            "Move \"{}\" from the server's Trusted Root store to the Intermediate Certification Authorities store: it is not self-signed and breaks client authentication.",
            cert.name()
        ),
        vec![fixed("certutil -store Root"), certutil(&["-delstore", "Root"], cert.serial.clone()), certutil(&["-addstore", "CA"], file_name(cert))],
        refs::NON_SELF_SIGNED_ROOT,
    )
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
    fix(text, vec![certutil(&["-verify"], file_name(cert))], refs::VALIDITY)
}

/// Revocation cannot be checked.
pub fn revocation_offline(cert: &CertFacts, settings: &ServerSettings) -> Fix {
    let mut commands = vec![
        certutil(&["-verify", "-urlfetch"], file_name(cert)),
        fixed("netsh winhttp show proxy"),
        fixed("certutil -addstore CA downloaded.crl"),
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
    commands.retain(|c| seen.insert(c.clone().map(|c| c.as_str().to_string()).unwrap_or_else(|r| r.message())));
    fix(
        format!(
            "Let the server download a CRL from one of the CRL addresses of {} (open the firewall or proxy for it; the server fetches CRLs as the system account through the WinHTTP proxy), or copy the CRL to the server. Turning revocation checking off is a last resort, for testing.",
            cert.name()
        ),
        commands,
        format!("{}; win32 0x80092013 CRYPT_E_REVOCATION_OFFLINE", refs::REVOCATION),
    )
}

/// The certificate is revoked.
pub fn revoked(cert: &CertFacts) -> Fix {
    fix(
        format!("{} has been revoked by its CA: issue a new certificate.", cert.name()),
        vec![certutil(&["-verify", "-urlfetch"], file_name(cert))],
        format!("{}; win32 0x80092010 CRYPT_E_REVOKED", refs::REVOCATION),
    )
}

/// The `X509:<I>…<SR>…` strong form for a certificate.
pub fn alt_sec_id_issuer_serial(leaf: &CertFacts) -> String {
    // The one builder of the form (`mapping`): attributes in certificate order, values quoted
    // as Active Directory wants them (a value holding ", " stays one value).
    let issuer = match &leaf.issuer_name {
        Some(name) => super::mapping::ad_dn(name),
        // Facts built without the name's structure (tests, hand-made facts): the display text,
        // RDNs reversed.
        None => leaf.issuer.rsplit(", ").collect::<Vec<_>>().join(","),
    };
    format!("X509:<I>{issuer}<SR>{}", super::mapping::reversed_serial(&leaf.serial))
}

/// `Set-ADUser -Identity '<user>' -Add @{altSecurityIdentities='X509:…'}`, a PowerShell
/// statement (ActiveDirectory module); every value single-quoted.
pub fn set_ad_user_alt_sec_id(user: Option<&str>, leaf: &CertFacts) -> Result<Command, Refusal> {
    if leaf.issuer.contains(['<', '>']) {
        // The X509:<I>…<SR>… form has no escape for its own delimiters.
        return Err(Refusal {
            shell: Shell::PowerShell,
            program: "Set-ADUser",
            value: leaf.issuer.clone(),
            reason: "holds < or >, which the X509:<I>…<SR>… mapping cannot carry".into(),
        });
    }
    let line = CommandLine::new(Shell::PowerShell, "Set-ADUser");
    let line = match user {
        Some(u) => line.arg("-Identity").value(u),
        None => line.arg("-Identity <user>"),
    };
    line.arg("-Add").joined("@{altSecurityIdentities=", alt_sec_id_issuer_serial(leaf), "}").render()
}

/// The mapping is weak under strong enforcement.
pub fn strong_mapping(leaf: &CertFacts) -> Fix {
    let user = leaf.upns.first().and_then(|u| u.split('@').next());
    fix(
        "Make the mapping strong: re-issue the certificate from an updated enterprise CA so it carries the SID extension, or set a strong altSecurityIdentities value (issuer and serial, SKI or SHA1 public key) on the user (the Set-ADUser line is for PowerShell with the ActiveDirectory module). Compatibility mode on the domain controllers is only a stopgap.",
        vec![
            set_ad_user_alt_sec_id(user, leaf),
            fixed(r"reg add HKLM\SYSTEM\CurrentControlSet\Services\Kdc /v StrongCertificateBindingEnforcement /t REG_DWORD /d 1 /f"),
        ],
        refs::STRONG,
    )
}

/// No account could be found for the certificate.
pub fn no_mapping(leaf: &CertFacts) -> Fix {
    fix(
        format!(
            "Map {} to an account: a certificate with the user's UPN in its subject alternative name, or an explicit altSecurityIdentities mapping on the user (PowerShell, ActiveDirectory module).",
            leaf.name()
        ),
        vec![set_ad_user_alt_sec_id(None, leaf)],
        refs::MAPPING,
    )
}

/// IIS's own mapping finds no account for the certificate (`denied`: a many-to-one mapping refuses it).
pub fn iis_mapping(leaf: &CertFacts, denied: bool) -> Fix {
    let text = if denied {
        format!("If {} should be let in, change or remove the many-to-one mapping that denies it (IIS Manager, Configuration Editor: system.webServer/security/authentication/iisClientCertificateMappingAuthentication), or add an allowing one before it.", leaf.name())
    } else {
        format!("Map {} in IIS: a one-to-one mapping holding its base64 on one line, or a many-to-one rule on its subject or issuer; the mapping helper below gives both as appcmd commands.", leaf.name())
    };
    fix(text, Vec::new(), refs::MAPPING)
}

/// The AD mapper is not enabled on the binding.
pub fn ds_mapper(settings: &ServerSettings) -> Fix {
    let mut commands = netsh_binding(settings, "dsmapperusage=enable");
    commands.push(fixed(r"%windir%\system32\inetsrv\appcmd.exe set config -section:system.webServer/security/authentication/clientCertificateMappingAuthentication /enabled:true /commit:apphost"));
    fix("Turn on the Active Directory mapper for the binding and the server.", commands, refs::MAPPING)
}

/// Mapping configured on a virtual directory.
pub fn mapping_on_site() -> Fix {
    fix(
        Code::MappingOnVirtualDirectory.fix().unwrap_or_default(),
        vec![fixed(r#"%windir%\system32\inetsrv\appcmd.exe set config "Default Web Site" -section:system.webServer/security/authentication/iisClientCertificateMappingAuthentication /enabled:true /commit:apphost"#)],
        crate::diag::MAPPING_SCOPE_REFERENCE,
    )
}

/// Proxy / load balancer in front.
pub fn proxy_bypass(tls_terminating: bool) -> Fix {
    if tls_terminating {
        fix(
            Code::ProxyTlsTerminating.fix().unwrap_or_default(),
            Vec::new(),
            refs::PROXY,
        )
    } else {
        fix(
            Code::ProxyConnectionReuse.fix().unwrap_or_default(),
            vec![fixed("netsh winhttp show proxy")],
            refs::PROXY,
        )
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
    fn issuer_serial_form_keeps_a_value_with_a_comma_whole() {
        use crate::model::{names::AttributeView, NameView};
        let attr = |short: &str, oid: &str, value: &str, rdn: usize| AttributeView { short_name: short.into(), oid: oid.into(), string_type: "UTF8String".into(), value: value.into(), rdn, problem: None };
        let leaf = CertFacts {
            issuer: "CN=Contoso Issuing CA 01, O=Contoso, Ltd, C=US".into(),
            issuer_name: Some(NameView {
                attributes: vec![attr("C", "2.5.4.6", "US", 0), attr("O", "2.5.4.10", "Contoso, Ltd", 1), attr("CN", "2.5.4.3", "Contoso Issuing CA 01", 2)],
                ..Default::default()
            }),
            serial: "61000109a7".into(),
            ..Default::default()
        };
        assert_eq!(alt_sec_id_issuer_serial(&leaf), "X509:<I>C=US,O=\"Contoso, Ltd\",CN=Contoso Issuing CA 01<SR>a709010061");
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
        let c: Vec<Command> = netsh_binding(&s, "verifyclientcertrevocation=disable").into_iter().map(Result::unwrap).collect();
        assert_eq!(c[0], "netsh http show sslcert");
        assert_eq!(
            c[1],
            "netsh http update sslcert ipport=0.0.0.0:443 certhash=SERVER-CERT-THUMBPRINT appid={4dc3e181-e14b-4a21-b022-59fc669b0914} verifyclientcertrevocation=disable"
        );
        let s = ServerSettings { product: Product::Iis6, ..Default::default() };
        assert!(netsh_binding(&s, "x").is_empty());
        assert_eq!(adsutil_cert_check_mode(1).unwrap(), "cscript %SystemDrive%\\Inetpub\\AdminScripts\\adsutil.vbs set w3svc/SITE-ID/CertCheckMode 1");
        assert_eq!(
            appcmd_ssl_flags("Ssl, SslNegotiateCert, SslRequireCert").unwrap(),
            r#"%windir%\system32\inetsrv\appcmd.exe set config "Default Web Site" -commitPath:APPHOST -section:system.webServer/security/access /sslFlags:"Ssl, SslNegotiateCert, SslRequireCert""#
        );
    }

    #[test]
    fn set_ad_user_quotes_the_user_and_the_issuer() {
        let leaf = CertFacts {
            issuer: "CN=O'Brien CA, O=Contoso".into(),
            serial: "01".into(),
            upns: vec!["x;Start-Process calc;#@contoso.com".into()],
            ..Default::default()
        };
        let f = strong_mapping(&leaf);
        assert_eq!(f.commands[0], "Set-ADUser -Identity 'x;Start-Process calc;#' -Add @{altSecurityIdentities='X509:<I>O=Contoso,CN=O''Brien CA<SR>01'}");
        let leaf = CertFacts { upns: vec!["\u{2019};Start-Process calc;\u{2018}@contoso.com".into()], ..leaf };
        let f = strong_mapping(&leaf);
        assert_eq!(f.commands[0], "Set-ADUser -Identity '\u{2019}\u{2019};Start-Process calc;\u{2018}\u{2018}' -Add @{altSecurityIdentities='X509:<I>O=Contoso,CN=O''Brien CA<SR>01'}");
        // A user name with a line break: no command, the text says why.
        let leaf = CertFacts { upns: vec!["x\nStart-Process calc@contoso.com".into()], ..leaf };
        let f = strong_mapping(&leaf);
        assert!(!f.commands.iter().any(|c| c.contains("Set-ADUser")), "{:?}", f.commands);
        assert!(f.text.contains("The Set-ADUser command is not shown: the value \"x<U+000A>Start-Process calc\" holds a line break"), "{}", f.text);
    }

    #[test]
    fn references_are_public() {
        let s = ServerSettings::default();
        let leaf = CertFacts { upns: vec!["alice@contoso.com".into()], ..Default::default() };
        let all = [
            private_key_missing(&leaf),
            reissue_client_auth(&leaf, "no EKU"),
            ca_eku(&leaf),
            issuer_list(None, &s),
            tls13(&s),
            ssl_require(),
            untrusted_root(None),
            missing_issuer("CA", &[], true),
            non_self_signed_root(&leaf),
            renew(&leaf, true),
            revocation_offline(&leaf, &s),
            revoked(&leaf),
            strong_mapping(&leaf),
            no_mapping(&leaf),
            ds_mapper(&s),
            mapping_on_site(),
            proxy_bypass(true),
            proxy_bypass(false),
        ];
        for f in all {
            let text = format!("{} {}", f.text, f.reference);
            assert!(!text.contains("DOMAIN") && !text.contains("seed 0"), "{text}");
            assert!(!f.reference.is_empty());
        }
    }
}
