//! Active Directory mapping helper: for one client certificate, whether it
//! maps strongly under the Windows certificate-based authentication rules
//! (KB5014754), every `altSecurityIdentities` value that matches it (strong
//! first), and ready commands (PowerShell `Set-ADUser`, IIS one-to-one and
//! many-to-one mappings).
//!
//! The value forms follow Microsoft's published examples:
//! - KB5014754, "manual mappings": `X509:<I>IssuerName<SR>1234567890`,
//!   `X509:<SKI>…`, `X509:<SHA1-PUKEY>…` strong; `X509:<S>…`, `X509:<I>…<S>…`,
//!   `X509:<RFC822>…` weak.
//! - Microsoft Entra "certificateUserIds" (values synchronised from
//!   altSecurityIdentities): `X509:<I>DC=com,DC=contoso,CN=CONTOSO-DC-CA<SR>…`
//!   and `X509:<S>DC=com,DC=contoso,OU=UserAccounts,CN=mfatest`: the names in
//!   certificate (DER) order, least specific first, `,` without spaces, i.e.
//!   the reverse of what the certificate dialog shows.
//! - The serial number is the certificate's serial bytes in reverse order
//!   (CryptoAPI keeps serials little-endian), e.g. serial `2b0000000011ac…`
//!   gives `…ac1100000000002b`.
//! - `<SHA1-PUKEY>`: despite its name, the value Windows matches is the SHA-1
//!   hash of the whole certificate (the thumbprint). The tools that write it
//!   for Windows domains (Yubico's PowerShell module `ConvertTo-AltSecurity`,
//!   Nitrokey's `get-windows-auth-mapping`, AD CS scripts using the CA
//!   database's `CertificateHash`) all hash the complete DER certificate.

use serde::{Deserialize, Serialize};

use super::shell::{self, Arg, Cmd, Shell};
use crate::model::names::{windows_value, AttributeView, NameView};
use crate::model::CertificateView;
use crate::found::CertificateReport;

/// Where the KB5014754 rules are published.
pub const REFERENCE: &str = "KB5014754 (certificate-based authentication changes on Windows domain controllers)";

/// One `altSecurityIdentities` value for the certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AltSecurityIdentity {
    /// `issuer-serial`, `ski`, `sha1-pukey`, `subject`, `issuer-subject`, `rfc822`.
    pub kind: String,
    /// The value to store, e.g. `X509:<I>DC=com,DC=contoso,CN=CA<SR>0a1b`.
    pub value: String,
    /// Strong under KB5014754 (accepted in full enforcement).
    pub strong: bool,
    /// What it matches, in words.
    pub meaning: String,
    /// `Set-ADUser -Identity … -Add @{altSecurityIdentities='…'}`.
    pub powershell: Cmd,
}

/// Whether the certificate maps under one domain-controller mode.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModeOutcome {
    /// The certificate maps to an account on its own content (SID, UPN), with no admin action.
    pub works: bool,
    /// Why, in words.
    pub why: String,
}

/// The many-to-one example: a web.config snippet and its appcmd commands.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManyToOne {
    /// `<iisClientCertificateMappingAuthentication>` snippet (XML-escaped).
    pub web_config: String,
    /// The same rule as appcmd commands.
    pub commands: Vec<Cmd>,
}

/// The mapping helper's result for one certificate.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappingReport {
    /// Index into the report's `certificates`.
    pub certificate: usize,
    /// Its subject (Windows form).
    pub subject: String,
    /// Account SID carried by the certificate (strong mapping), if any.
    pub sid: Option<String>,
    /// `extension` (1.3.6.1.4.1.311.25.2) or `san-url` (`tag:microsoft.com,2022-09-14:sid:…`).
    pub sid_source: Option<crate::model::SidSource>,
    /// The UPN in the subject alternative name (otherName 1.3.6.1.4.1.311.20.2.3).
    pub upn: Option<String>,
    /// The first e-mail address (RFC 822 name) in the subject alternative name.
    pub rfc822: Option<String>,
    /// Domain controllers in full enforcement mode.
    pub enforcement: ModeOutcome,
    /// Domain controllers in compatibility mode.
    pub compatibility: ModeOutcome,
    /// Every value that matches this certificate, strong first.
    pub alt_security_identities: Vec<AltSecurityIdentity>,
    /// The account used in the commands (from the UPN, else a placeholder).
    pub account: String,
    /// IIS one-to-one mapping (appcmd) with the certificate's base64 as IIS expects it.
    pub iis_one_to_one: Cmd,
    /// IIS many-to-one rule matching this certificate's issuer (and organisation).
    pub iis_many_to_one: ManyToOne,
    /// Where the rules come from.
    pub reference: String,
}

/// Attribute types Windows writes by short name in X.500 strings; anything
/// else is written `OID.<dotted>` (as in `OID.0.9.2342.19200300.100.1.1=…`).
fn windows_x500_key(a: &AttributeView) -> String {
    let known = matches!(
        a.oid.as_str(),
        "2.5.4.3" | "2.5.4.4" | "2.5.4.5" | "2.5.4.6" | "2.5.4.7" | "2.5.4.8" | "2.5.4.9" | "2.5.4.10" | "2.5.4.11"
            | "2.5.4.12" | "2.5.4.42" | "2.5.4.43" | "0.9.2342.19200300.100.1.25" | "1.2.840.113549.1.9.1"
    );
    if known { a.short_name.clone() } else { format!("OID.{}", a.oid) }
}

/// A distinguished name as `altSecurityIdentities` expects it: certificate
/// (DER) order, least specific first, `,` between RDNs with no space, `+`
/// inside a multi-valued RDN, values quoted the Windows way.
pub fn ad_dn(name: &NameView) -> String {
    let mut out = String::new();
    let mut last_rdn = None;
    for a in &name.attributes {
        if last_rdn.is_some() {
            out.push(if last_rdn == Some(a.rdn) { '+' } else { ',' });
        }
        out.push_str(&windows_x500_key(a));
        out.push('=');
        out.push_str(&windows_value(&a.value));
        last_rdn = Some(a.rdn);
    }
    out
}

/// The serial as `<SR>` wants it: the bytes in reverse order, lowercase hex.
pub fn reversed_serial(serial_hex: &str) -> String {
    let clean: String = serial_hex.chars().filter(char::is_ascii_hexdigit).collect::<String>().to_ascii_lowercase();
    let padded = if clean.len() % 2 == 1 { format!("0{clean}") } else { clean };
    let pairs: Vec<&str> = (0..padded.len() / 2).filter_map(|i| padded.get(i * 2..i * 2 + 2)).collect();
    pairs.into_iter().rev().collect()
}

fn set_aduser(account: &str, value: &str) -> Cmd {
    shell::build(
        Shell::PowerShell,
        &[
            Arg::Literal("Set-ADUser -Identity "),
            Arg::Value(account),
            Arg::Literal(" -Add @{altSecurityIdentities="),
            Arg::Value(value),
            Arg::Literal("}"),
        ],
    )
}

/// Every `altSecurityIdentities` value for the certificate, strong first.
pub fn alt_security_identities(v: &CertificateView, account: &str) -> Vec<AltSecurityIdentity> {
    let mut out = Vec::new();
    let mut push = |kind: &str, value: String, strong: bool, meaning: String| {
        let powershell = set_aduser(account, &value);
        out.push(AltSecurityIdentity { kind: kind.into(), value, strong, meaning, powershell });
    };
    let issuer = ad_dn(&v.issuer_name);
    let subject = ad_dn(&v.subject_name);
    push(
        "issuer-serial",
        format!("X509:<I>{issuer}<SR>{}", reversed_serial(&v.serial)),
        true,
        format!("issuer {} and serial number {} (its bytes reversed, as Windows stores serials)", v.issuer, v.serial),
    );
    if let Some(ski) = &v.subject_key_id {
        push("ski", format!("X509:<SKI>{ski}"), true, "the subject key identifier extension of the certificate".into());
    }
    push(
        "sha1-pukey",
        format!("X509:<SHA1-PUKEY>{}", v.sha1),
        true,
        "the SHA-1 hash of the certificate (its thumbprint), which is what Windows matches for this form despite its name".into(),
    );
    if !subject.is_empty() {
        push("subject", format!("X509:<S>{subject}"), false, "the subject name only: any certificate with this name matches".into());
        push(
            "issuer-subject",
            format!("X509:<I>{issuer}<S>{subject}"),
            false,
            "issuer and subject names: any certificate the CA issues with this name matches".into(),
        );
    }
    if let Some(email) = v.subject_alt_names.iter().find(|n| n.kind == crate::model::NameKind::Email) {
        push("rfc822", format!("X509:<RFC822>{}", email.value), false, "the e-mail address in the subject alternative name".into());
    }
    out
}

fn modes(v: &CertificateView, upn: Option<&str>) -> (ModeOutcome, ModeOutcome) {
    match (&v.sid, upn) {
        (Some(sid), _) => {
            let from = if v.sid_source == Some(crate::model::SidSource::SanUrl) {
                "a subject alternative name URL tag:microsoft.com,2022-09-14:sid:"
            } else {
                "the SID extension 1.3.6.1.4.1.311.25.2"
            };
            let why = format!(
                "The certificate carries the account SID {sid} in {from}: the domain controller checks it against the account it finds (by UPN or altSecurityIdentities), which makes the mapping strong."
            );
            (ModeOutcome { works: true, why: why.clone() }, ModeOutcome { works: true, why })
        }
        (None, Some(upn)) => (
            ModeOutcome {
                works: false,
                why: format!("The certificate maps only by its UPN {upn}, a weak mapping, and has no SID: full enforcement refuses it unless the account has a strong altSecurityIdentities value below (or the certificate is re-issued with the SID extension).")
            },
            ModeOutcome {
                works: true,
                why: format!("Compatibility mode accepts the weak UPN mapping of {upn} with a warning event on the domain controller, unless the certificate is older than the account."),
            },
        ),
        (None, None) => {
            let why = "The certificate has neither a UPN nor a SID, so Active Directory finds no account by itself: add one of the altSecurityIdentities values below to the user.".to_string();
            (ModeOutcome { works: false, why: why.clone() }, ModeOutcome { works: false, why })
        }
    }
}

fn attr<'a>(name: &'a NameView, oid: &str) -> Option<&'a str> {
    name.attributes.iter().rev().find(|a| a.oid == oid).map(|a| a.value.as_str())
}

const APPCMD: &str = "%windir%\\system32\\inetsrv\\appcmd.exe set config \"Default Web Site\" -section:system.webServer/security/authentication/iisClientCertificateMappingAuthentication ";

fn many_to_one(v: &CertificateView, account: &str) -> ManyToOne {
    let issuer_cn = attr(&v.issuer_name, "2.5.4.3").unwrap_or(v.issuer.as_str());
    let org = attr(&v.subject_name, "2.5.4.10");
    let rule_name = format!("Certificates from {issuer_cn}");
    let mut rules = vec![("Issuer", "CN", issuer_cn)];
    if let Some(o) = org {
        rules.push(("Subject", "O", o));
    }
    let mut xml = String::from(
        "<iisClientCertificateMappingAuthentication enabled=\"true\" manyToOneCertificateMappingsEnabled=\"true\">\n  <manyToOneMappings>\n",
    );
    xml.push_str(&format!(
        "    <add name=\"{}\" enabled=\"true\" permissionMode=\"Allow\" userName=\"{}\" password=\"&lt;password&gt;\">\n      <rules>\n",
        shell::xml_attr(&rule_name),
        shell::xml_attr(account)
    ));
    for (field, sub, value) in &rules {
        xml.push_str(&format!(
            "        <add certificateField=\"{field}\" certificateSubField=\"{sub}\" matchCriteria=\"{}\" compareCaseSensitive=\"true\" />\n",
            shell::xml_attr(value)
        ));
    }
    xml.push_str("      </rules>\n    </add>\n  </manyToOneMappings>\n</iisClientCertificateMappingAuthentication>");
    let mut commands = vec![shell::build(
        Shell::Cmd,
        &[
            Arg::Literal(APPCMD),
            Arg::Literal("/enabled:\"True\" /manyToOneCertificateMappingsEnabled:\"True\" /+\"manyToOneMappings.[name='"),
            Arg::AppcmdAttr(&rule_name),
            Arg::Literal("',enabled='True',permissionMode='Allow',userName='"),
            Arg::AppcmdAttr(account),
            Arg::Literal("',password='<password>']\" /commit:apphost"),
        ],
    )];
    for (field, sub, value) in &rules {
        let (field, sub): (&'static str, &'static str) = match (*field, *sub) {
            ("Issuer", _) => ("Issuer", "CN"),
            _ => ("Subject", "O"),
        };
        commands.push(shell::build(
            Shell::Cmd,
            &[
                Arg::Literal(APPCMD),
                Arg::Literal("/+\"manyToOneMappings.[name='"),
                Arg::AppcmdAttr(&rule_name),
                Arg::Literal("'].rules.[certificateField='"),
                Arg::Literal(field),
                Arg::Literal("',certificateSubField='"),
                Arg::Literal(sub),
                Arg::Literal("',matchCriteria='"),
                Arg::AppcmdAttr(value),
                Arg::Literal("',compareCaseSensitive='True']\" /commit:apphost"),
            ],
        ));
    }
    ManyToOne { web_config: xml, commands }
}

/// The mapping helper for one certificate of a report.
pub fn for_certificate(index: usize, c: &CertificateReport) -> MappingReport {
    let v = &c.view;
    let upn = v.subject_alt_names.iter().find(|n| n.kind == crate::model::NameKind::Upn).map(|n| n.value.clone());
    let rfc822 = v.subject_alt_names.iter().find(|n| n.kind == crate::model::NameKind::Email).map(|n| n.value.clone());
    // The user name from the UPN's left part is the usual sAMAccountName; otherwise a placeholder the admin replaces.
    let account = upn
        .as_deref()
        .and_then(|u| u.split('@').next())
        .filter(|u| !u.is_empty())
        .map_or_else(|| "USERNAME".to_string(), str::to_string);
    let (enforcement, compatibility) = modes(v, upn.as_deref());
    let iis_user = upn.clone().unwrap_or_else(|| "DOMAIN\\USERNAME".into());
    let iis_one_to_one = shell::build(
        Shell::Cmd,
        &[
            Arg::Literal(APPCMD),
            Arg::Literal("/enabled:\"True\" /oneToOneCertificateMappingsEnabled:\"True\" /+\"oneToOneMappings.[userName='"),
            Arg::AppcmdAttr(&iis_user),
            Arg::Literal("',password='<password>',certificate='"),
            Arg::AppcmdAttr(&c.der_base64),
            Arg::Literal("']\" /commit:apphost"),
        ],
    );
    MappingReport {
        certificate: index,
        subject: v.subject.clone(),
        sid: v.sid.clone(),
        sid_source: v.sid_source,
        upn,
        rfc822,
        enforcement,
        compatibility,
        alt_security_identities: alt_security_identities(v, &account),
        // Many-to-one maps every matching certificate to one shared account, not to this user.
        iis_many_to_one: many_to_one(v, "DOMAIN\\SHARED-ACCOUNT"),
        account,
        iis_one_to_one,
        reference: REFERENCE.into(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn attr(short: &str, oid: &str, value: &str, rdn: usize) -> AttributeView {
        AttributeView { short_name: short.into(), oid: oid.into(), string_type: "UTF8String".into(), value: value.into(), rdn, problem: None }
    }

    #[test]
    fn serial_bytes_are_reversed() {
        // Microsoft Entra certificateUserIds example pattern and the AD CS serial form:
        // 2B0000000011AC0000000012 → 1200000000AC11000000002b.
        assert_eq!(reversed_serial("2b0000000011ac0000000012"), "1200000000ac11000000002b");
        assert_eq!(reversed_serial("61000101a7"), "a701010061");
        assert_eq!(reversed_serial("00ff"), "ff00");
        assert_eq!(reversed_serial("abc"), "bc0a");
    }

    #[test]
    fn issuer_in_certificate_order_without_spaces() {
        // Microsoft's example issuer CN=CONTOSO-DC-CA, DC=contoso, DC=com (as Windows shows it)
        // is written DC=com,DC=contoso,CN=CONTOSO-DC-CA in altSecurityIdentities.
        let name = NameView {
            attributes: vec![
                attr("DC", "0.9.2342.19200300.100.1.25", "com", 0),
                attr("DC", "0.9.2342.19200300.100.1.25", "contoso", 1),
                attr("CN", "2.5.4.3", "CONTOSO-DC-CA", 2),
            ],
            ..Default::default()
        };
        assert_eq!(ad_dn(&name), "DC=com,DC=contoso,CN=CONTOSO-DC-CA");
    }

    #[test]
    fn unknown_attribute_types_use_the_oid_prefix_and_quotes() {
        // The US federal PIV account-linking guide shows UID as OID.0.9.2342.19200300.100.1.1=….
        let name = NameView {
            attributes: vec![
                attr("C", "2.5.4.6", "US", 0),
                attr("O", "2.5.4.10", "Contoso, Ltd", 1),
                attr("CN", "2.5.4.3", "JANE DOE", 2),
                attr("UID", "0.9.2342.19200300.100.1.1", "25001003151020", 2),
            ],
            ..Default::default()
        };
        assert_eq!(ad_dn(&name), "C=US,O=\"Contoso, Ltd\",CN=JANE DOE+OID.0.9.2342.19200300.100.1.1=25001003151020");
    }
}
