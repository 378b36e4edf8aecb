//! The Active Directory mapping helper (`mapping` in the report): strong-mapping
//! status under KB5014754 and every altSecurityIdentities value, checked against
//! values worked out by hand and against Microsoft's published forms.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use certlens::server::settings::{Mapping, StrongMapping};
use certlens::server::trace::StepStatus;
use certlens::{analyze, InputFile, Options, Report};
use x509_parser::prelude::FromDer;

/// 2026-11-23T00:00:00Z, the fixtures' evaluation time.
const AT: i64 = 1_795_392_000;
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn file(rel: &str) -> InputFile {
    InputFile::new(rel.rsplit('/').next().unwrap(), std::fs::read(format!("{ROOT}/{rel}")).unwrap())
}

fn chain(leaf: &str) -> Vec<InputFile> {
    vec![file(leaf), file("chain/int_ca.der"), file("chain/root_ca.der")]
}

fn run(files: &[InputFile], options: &Options) -> Report {
    analyze(files, options)
}

fn value<'a>(r: &'a Report, kind: &str) -> Option<&'a str> {
    r.mapping.as_ref()?.alt_security_identities.iter().find(|a| a.kind == kind).map(|a| a.value.as_str())
}

#[test]
fn alice_has_the_sid_extension_and_maps_strongly() {
    let r = run(&chain("chain/ee_client.der"), &Options::at(AT));
    let m = r.mapping.as_ref().expect("mapping for the client certificate");
    assert_eq!(m.subject, "CN=alice, OU=Users, O=Contoso");
    assert_eq!(m.sid.as_deref(), Some("S-1-5-21-1004336348-1177238915-682003330-1105"));
    assert_eq!(m.sid_source, Some(certlens::model::SidSource::Extension));
    assert_eq!(m.upn.as_deref(), Some("alice@contoso.com"));
    assert!(m.enforcement.works && m.compatibility.works, "{m:?}");
    assert!(m.enforcement.why.contains("S-1-5-21-1004336348-1177238915-682003330-1105"));
}

#[test]
fn generated_values_match_hand_computed_ones() {
    let r = run(&chain("chain/ee_client.der"), &Options::at(AT));
    // Worked out by hand: the issuer CN=Contoso Issuing CA 01, O=Contoso, DC=contoso, DC=com
    // (as Windows shows it) in certificate order without spaces, the way Microsoft's examples
    // write it (DC=com,DC=contoso,CN=CONTOSO-DC-CA in KB5014754 / Entra certificateUserIds);
    // the serial 61 00 01 01 a7 b3 c9 d2 e1 f0 with its bytes reversed.
    assert_eq!(
        value(&r, "issuer-serial"),
        Some("X509:<I>DC=com,DC=contoso,O=Contoso,CN=Contoso Issuing CA 01<SR>f0e1d2c9b3a701010061")
    );
    assert_eq!(value(&r, "subject"), Some("X509:<S>O=Contoso,OU=Users,CN=alice"));
    assert_eq!(
        value(&r, "issuer-subject"),
        Some("X509:<I>DC=com,DC=contoso,O=Contoso,CN=Contoso Issuing CA 01<S>O=Contoso,OU=Users,CN=alice")
    );
    assert_eq!(value(&r, "rfc822"), Some("X509:<RFC822>alice@contoso.com"));

    // SKI: the extension value; SHA1-PUKEY: SHA-1 of the whole certificate (the thumbprint).
    let der = std::fs::read(format!("{ROOT}/chain/ee_client.der")).unwrap();
    let (_, x) = x509_parser::certificate::X509Certificate::from_der(&der).unwrap();
    let ski = x
        .extensions()
        .iter()
        .find_map(|e| match e.parsed_extension() {
            x509_parser::extensions::ParsedExtension::SubjectKeyIdentifier(k) => Some(k.0.iter().map(|b| format!("{b:02x}")).collect::<String>()),
            _ => None,
        })
        .unwrap();
    assert_eq!(value(&r, "ski"), Some(format!("X509:<SKI>{ski}").as_str()));
    let thumb = r.certificates[0].view.sha1.clone();
    assert_eq!(value(&r, "sha1-pukey"), Some(format!("X509:<SHA1-PUKEY>{thumb}").as_str()));

    // Strong first, then weak; the flags as KB5014754 lists them.
    let m = r.mapping.as_ref().unwrap();
    let kinds: Vec<(&str, bool)> = m.alt_security_identities.iter().map(|a| (a.kind.as_str(), a.strong)).collect();
    assert_eq!(
        kinds,
        [("issuer-serial", true), ("ski", true), ("sha1-pukey", true), ("subject", false), ("issuer-subject", false), ("rfc822", false)]
    );
}

#[test]
fn commands_are_built_and_quoted() {
    let r = run(&chain("chain/ee_client.der"), &Options::at(AT));
    let m = r.mapping.as_ref().unwrap();
    let ps = m.alt_security_identities[0].powershell.command.as_deref().unwrap();
    assert_eq!(
        ps,
        "Set-ADUser -Identity 'alice' -Add @{altSecurityIdentities='X509:<I>DC=com,DC=contoso,O=Contoso,CN=Contoso Issuing CA 01<SR>f0e1d2c9b3a701010061'}"
    );
    // IIS one-to-one: the certificate's base64 on one line, no PEM armour.
    let one = m.iis_one_to_one.command.as_deref().unwrap();
    assert!(one.contains(&format!("certificate='{}'", r.certificates[0].der_base64)), "{one}");
    assert!(!one.contains("BEGIN CERTIFICATE") && !one.contains('\n'));
    assert!(one.contains("userName='alice@contoso.com'"));
    // Many-to-one: a rule on the issuer's CN, XML-escaped and as appcmd.
    assert!(m.iis_many_to_one.web_config.contains("certificateField=\"Issuer\" certificateSubField=\"CN\" matchCriteria=\"Contoso Issuing CA 01\""));
    assert!(m.iis_many_to_one.commands.iter().all(|c| c.command.is_some()));
}

#[test]
fn upn_only_certificate_is_weak_under_enforcement() {
    let r = run(&chain("chain/ee_no_eku.der"), &Options::at(AT));
    let m = r.mapping.as_ref().unwrap();
    assert_eq!(m.sid, None);
    assert_eq!(m.upn.as_deref(), Some("carol@contoso.com"));
    assert!(!m.enforcement.works, "{m:?}");
    assert!(m.compatibility.works);
}

#[test]
fn sid_in_san_url_is_strong() {
    let r = run(&chain("chain/ee_client_sid_url.der"), &Options::at(AT));
    let m = r.mapping.as_ref().unwrap();
    assert_eq!(m.sid_source, Some(certlens::model::SidSource::SanUrl));
    assert!(m.enforcement.works);
}

/// Each generated value, given back to the engine as the user's altSecurityIdentities,
/// gets the verdict its `strong` flag promises under full enforcement.
#[test]
fn engine_agrees_with_the_strong_flags() {
    let files = chain("chain/ee_no_eku.der");
    let m = run(&files, &Options::at(AT)).mapping.unwrap();
    for a in &m.alt_security_identities {
        let mut o = Options::at(AT);
        o.server.mapping = Mapping::ActiveDirectory;
        o.server.strong_mapping = StrongMapping::Enforcement;
        o.server.alt_security_identity = Some(a.value.clone());
        let r = run(&files, &o);
        let step = r.server.as_ref().unwrap().trace.iter().find(|s| s.step == "mapping").unwrap();
        let want = if a.strong { StepStatus::Passed } else { StepStatus::Failed };
        assert_eq!(step.status, want, "{}: {}", a.value, step.evidence);
    }
}

#[test]
fn mapping_is_absent_for_a_trust_store_drop() {
    let r = run(&[file("chain/root_ca.der")], &Options::at(AT));
    assert!(r.mapping.is_none());
}
