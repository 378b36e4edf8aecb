//! The server settings flags of the `certlens` command line, run as a process.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{certlens, fixture, AT};

fn server_json(args: &[&str]) -> serde_json::Value {
    let out = certlens(args);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("--json output does not parse ({e}):\n{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)));
    v["server"].clone()
}

#[test]
fn intranet_cdp_not_reachable_prints_403_13() {
    let s = server_json(&[
        &fixture("chain/ee_intranet_cdp.der"),
        &fixture("chain/int_ca.der"),
        &fixture("chain/root_ca.der"),
        "--json",
        "--at",
        AT,
        "--ssl",
        "require",
        "--reach",
        "internet=yes,intranet=no,ldap=no,https=unknown",
        "--private-key",
        "yes",
    ]);
    assert_eq!(s["outcome"], "403.13");
    assert_eq!(s["win32"], "0x80092013");
    assert!(s["summary"].as_str().unwrap().contains("http://corppki/crl/int01.crl"));
    let failed: Vec<&serde_json::Value> = s["trace"].as_array().unwrap().iter().filter(|t| t["status"] == "failed").collect();
    assert_eq!(failed[0]["step"], "revocation");
    assert_eq!(failed[0]["url"], "http://corppki/crl/int01.crl");
    assert!(failed[0]["fix"]["commands"].as_array().unwrap().iter().any(|c| c == "certutil -verify -urlfetch ee_intranet_cdp.der"), "{:?}", failed[0]["fix"]["commands"]);
    assert!(failed[0]["fix"]["reference"].as_str().unwrap().contains("RFC 5280"));
    // Users see public references only, never the project's internal notes.
    let json = s.to_string();
    assert!(!json.contains("DOMAIN.md") && !json.contains("seed 00"), "{json}");
}

#[test]
fn unknown_reach_prints_outcome_if() {
    let s = server_json(&[&fixture("chain/ee_intranet_cdp.der"), &fixture("chain/int_ca.der"), &fixture("chain/root_ca.der"), "--json", "--at", AT, "--reach=internet=yes", "--private-key=yes"]);
    assert_eq!(s["outcome"], "depends");
    assert_eq!(s["outcome_if"][0]["if"], "the server can reach corppki (intranet http)");
    assert_eq!(s["outcome_if"][0]["outcome"], "200");
    assert_eq!(s["outcome_if"][1]["outcome"], "403.13");
    // The condition as data too, for the page's toggles.
    assert_eq!(s["outcome_if"][1]["assumes"][0]["setting"], "reach.intranet");
    assert_eq!(s["outcome_if"][1]["assumes"][0]["value"], "no");
}

#[test]
fn trust_root_no_and_mapping_flags() {
    let base = [fixture("chain/ee_client.der"), fixture("chain/int_ca.der"), fixture("chain/root_ca.der")];
    let mut args: Vec<&str> = base.iter().map(String::as_str).collect();
    args.extend(["--json", "--at", AT, "--reach", "all=yes", "--private-key", "yes", "--trust-root", "no"]);
    let s = server_json(&args);
    assert_eq!(s["outcome"], "403.16");
    assert_eq!(s["win32"], "0x800B0109");
    let base = [fixture("chain/ee_ec_p256.der"), fixture("chain/int_ca.der"), fixture("chain/root_ca.der")];
    let mut args: Vec<&str> = base.iter().map(String::as_str).collect();
    args.extend(["--json", "--at", AT, "--reach", "all=yes", "--private-key", "yes", "--mapping", "ad-strong"]);
    assert_eq!(server_json(&args)["outcome"], "401.1");
    let n = args.len();
    args[n - 1] = "ad-compat";
    assert_eq!(server_json(&args)["outcome"], "200");
}

#[test]
fn trust_store_flag_reads_the_store_file() {
    let s = server_json(&[
        &fixture("chain/ee_client.der"),
        &fixture("chain/int_ca.der"),
        "--trust-store",
        &fixture("chain/root_ca.der"),
        "--trust-store",
        &fixture("anomalies/non_self_signed_root.der"),
        "--json",
        "--at",
        AT,
        "--reach",
        "all=yes",
        "--private-key",
        "yes",
    ]);
    assert_eq!(s["outcome"], "403.16");
    assert!(s["traps"].as_array().unwrap().iter().any(|t| t["code"] == "non-self-signed-in-root-store"));
}

#[test]
fn iis6_certcheckmode_and_tls13_flags() {
    let files = [fixture("chain/ee_no_cdp.der"), fixture("chain/int_ca.der"), fixture("chain/root_ca.der")];
    let mut args: Vec<&str> = files.iter().map(String::as_str).collect();
    args.extend(["--json", "--at", AT, "--reach", "all=yes", "--private-key", "yes", "--certcheckmode", "0x1"]);
    assert_eq!(server_json(&args)["outcome"], "200");
    let mut args: Vec<&str> = files.iter().map(String::as_str).collect();
    args.extend(["--json", "--at", AT, "--revocation", "off", "--private-key", "yes", "--tls", "1.3"]);
    assert_eq!(server_json(&args)["outcome"], "403.7");
}

#[test]
fn host_flag_switches_to_server_certificate_mode() {
    let s = server_json(&[&fixture("chain/ee_server.der"), &fixture("chain/int_ca.der"), &fixture("chain/root_ca.der"), "--json", "--at", AT, "--host", "www.contoso.com"]);
    assert_eq!(s["mode"], "server-certificate");
    assert_eq!(s["outcome"], "trusted");
}

/// A certificate for server authentication only gets the client verdict the CLI was asked for
/// (its default mode), and a line saying how to ask what browsers do (the page picks that mode
/// by itself); a client certificate, or the same with --host, has no such line.
#[test]
fn a_server_certificate_checked_as_a_client_one_says_how_to_ask_for_browsers() {
    let stdout = |args: &[&str]| String::from_utf8_lossy(&certlens(args).stdout).into_owned();
    let server = fixture("chain/ee_server.der");
    let text = stdout(&["--at", AT, &server]);
    assert!(text.contains("Expected server behaviour (IIS): no-certificate-offered"), "{text}");
    assert!(text.contains("  note: this is a certificate for server authentication only; for what browsers do when a web server presents it: certlens --host www.contoso.com FILE..."), "{text}");
    assert!(!stdout(&["--at", AT, "--host", "www.contoso.com", &server]).contains("server authentication only;"));
    assert!(!stdout(&["--at", AT, &fixture("chain/ee_client.der")]).contains("server authentication only;"));
}

#[test]
fn bad_server_flag_values_are_usage_errors() {
    let out = certlens(&[&fixture("chain/ee_client.der"), "--ssl", "sometimes"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("sometimes"));
    let out = certlens(&[&fixture("chain/ee_client.der"), "--reach"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn text_output_has_the_verdict_and_the_fix() {
    let out = certlens(&[&fixture("chain/ee_expired.der"), &fixture("chain/int_ca.der"), &fixture("chain/root_ca.der"), "--at", AT, "--private-key", "yes", "--reach", "all=yes"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Expected server behaviour (IIS): 403.17"), "{text}");
    assert!(text.contains("[FAIL] Validity of every certificate"));
    assert!(text.contains("fix: Renew the certificate"));
}

#[test]
fn text_output_says_each_branch_in_words() {
    let out = certlens(&[&fixture("chain/ee_client.der"), "--at", AT]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("  - IIS accepts it (200) if the user's store holds the private key"), "{text}");
    assert!(text.contains("  - the browser offers no certificate if the user's store does not hold the private key"), "{text}");
}

#[test]
fn help_lists_the_server_flags() {
    let out = certlens(&["--help"]);
    let text = String::from_utf8_lossy(&out.stdout);
    for flag in ["--ssl", "--revocation", "--reach", "--trust-root", "--mapping", "--iis", "--certcheckmode", "--usage-check", "--tls", "--issuer-list", "--private-key", "--proxy", "--host"] {
        assert!(text.contains(flag), "{flag}");
    }
}

/// `--trust-store X --trust-root no`: `--trust-root no` takes precedence in any
/// order and the trace says the store was not used for trust; `--trust-root
/// yes` never throws a given store away.
#[test]
fn trust_store_and_trust_root_precedence() {
    let chain = [fixture("chain/ee_client.der"), fixture("chain/int_ca.der")];
    let root = fixture("chain/root_ca.der");
    let common = ["--json", "--at", AT, "--reach", "all=yes", "--private-key", "yes"];
    for order in [["--trust-store", root.as_str(), "--trust-root", "no"], ["--trust-root", "no", "--trust-store", root.as_str()]] {
        let mut args: Vec<&str> = chain.iter().map(String::as_str).collect();
        args.extend(common);
        args.extend(order);
        let s = server_json(&args);
        assert_eq!(s["outcome"], "403.16", "{order:?}: {s}");
        let trust = s["trace"].as_array().unwrap().iter().find(|t| t["step"] == "chain-trust").unwrap();
        assert!(trust["evidence"].as_str().unwrap().contains("takes precedence over the dropped trust store"), "{trust}");
    }
    for order in [["--trust-store", root.as_str(), "--trust-root", "yes"], ["--trust-root", "yes", "--trust-store", root.as_str()]] {
        let mut args: Vec<&str> = chain.iter().map(String::as_str).collect();
        args.extend(common);
        args.extend(order);
        assert_eq!(server_json(&args)["outcome"], "200", "{order:?}");
    }
    // With a store that does not hold the root, `--trust-root yes` does not make it trusted.
    let mut args: Vec<&str> = chain.iter().map(String::as_str).collect();
    args.push(root.as_str());
    let fabrikam = fixture("cross/fabrikam_root.der");
    args.extend(common);
    args.extend(["--trust-store", fabrikam.as_str(), "--trust-root", "yes"]);
    assert_eq!(server_json(&args)["outcome"], "403.16");
}

/// `netsh http show sslcert` output among the files: its binding's settings are the server's
/// (here revocation checking off, so an unreachable CRL no longer refuses the certificate); a
/// flag given on the command line still wins over it.
#[test]
fn netsh_output_sets_the_binding_settings() {
    let dir = std::env::temp_dir().join(format!("certlens-netsh-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let netsh = dir.join("sslcert.txt");
    let text = "\r\nSSL Certificate bindings:\r\n-------------------------\r\n\r\n    IP:port                      : 0.0.0.0:443\r\n    Certificate Hash             : dbd494d414808386b7a29ba26a8417b81ae18051\r\n    Verify Client Certificate Revocation : Disabled\r\n    Verify Revocation Using Cached Client Certificate Only : Disabled\r\n    Usage Check                  : Enabled\r\n    DS Mapper Usage              : Enabled\r\n    Negotiate Client Certificate : Disabled\r\n";
    // As PowerShell 5 redirects it: UTF-16 with a byte-order mark.
    let utf16: Vec<u8> = [0xff, 0xfe].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    std::fs::write(&netsh, utf16).unwrap();
    let netsh = netsh.to_string_lossy().into_owned();
    let chain = [fixture("chain/ee_intranet_cdp.der"), fixture("chain/int_ca.der"), fixture("chain/root_ca.der")];
    let run = |extra: &[&str]| {
        let mut args: Vec<&str> = chain.iter().map(String::as_str).collect();
        args.extend(["--json", "--at", AT, "--reach", "internet=yes,intranet=no,ldap=no,https=unknown", "--private-key", "yes"]);
        args.extend(extra);
        server_json(&args)
    };
    assert_eq!(run(&[])["outcome"], "403.13", "without the binding: revocation on, the CRL unreachable");
    assert_eq!(run(&[&netsh])["outcome"], "200");
    assert_eq!(run(&[&netsh, "--revocation", "cache-only"])["outcome"], run(&["--revocation", "cache-only"])["outcome"], "the flag wins");
    let out = certlens(&[&netsh, "--at", AT]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("`netsh http show sslcert` output: the binding 0.0.0.0:443 has revocation checking off, usage check on, DS mapper on, client certificate negotiation off; these settings are applied to the server settings"), "{text}");
    assert!(!text.contains("no-items") && !text.contains("unrecognised"), "{text}");
    // The binding's certificate (its Certificate Hash): not among these files beside an end
    // certificate, said; dropped, named.
    let out = String::from_utf8_lossy(&certlens(&[&netsh, &chain[0], "--at", AT]).stdout).into_owned();
    assert!(out.contains("the binding 0.0.0.0:443 serves a certificate that was not dropped (thumbprint DBD494D414808386B7A29BA26A8417B81AE18051): if a dropped certificate is its renewal, the binding still serves the old one"), "{out}");
    let out = String::from_utf8_lossy(&certlens(&[&netsh, &fixture("chain/ee_server.der"), "--at", AT]).stdout).into_owned();
    assert!(out.contains("the binding 0.0.0.0:443 serves #1 www.contoso.com, which was dropped"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// An IIS configuration among the files: its site's sslFlags and mapping are the server's, and
/// its one-to-one mappings decide the mapping step (this very certificate mapped: 200; the
/// mapping holding another certificate: 401.1); a flag given still wins, beside a binding's.
#[test]
fn an_iis_configuration_sets_the_site_settings_and_its_mappings_decide() {
    use base64::Engine as _;
    let dir = std::env::temp_dir().join(format!("certlens-iis-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = |cert: &str| {
        let der = std::fs::read(fixture(cert)).unwrap();
        format!(
            "<?xml version=\"1.0\"?>\r\n<configuration>\r\n<location path=\"Default Web Site\"><system.webServer><security><access sslFlags=\"Ssl, SslNegotiateCert\" /><authentication><iisClientCertificateMappingAuthentication enabled=\"true\"><oneToOneMappings><add userName=\"CONTOSO\\alice\" password=\"[enc:AesProvider:x:enc]\" certificate=\"{}\" /></oneToOneMappings></iisClientCertificateMappingAuthentication></authentication></security></system.webServer></location>\r\n</configuration>\r\n",
            base64::engine::general_purpose::STANDARD.encode(der)
        )
    };
    let mapped = dir.join("applicationHost.config");
    std::fs::write(&mapped, config("chain/ee_client.der")).unwrap();
    let stale = dir.join("web.config");
    std::fs::write(&stale, config("chain/ee_server.der")).unwrap();
    let (mapped, stale) = (mapped.to_string_lossy().into_owned(), stale.to_string_lossy().into_owned());
    let chain = [fixture("chain/ee_client.cer"), fixture("chain/int_ca.der"), fixture("chain/root_ca.der")];
    let run = |extra: &[&str]| {
        let mut args: Vec<&str> = chain.iter().map(String::as_str).collect();
        args.extend(["--json", "--at", AT, "--revocation", "off", "--private-key", "yes"]);
        args.extend(extra);
        server_json(&args)
    };
    let s = run(&[&mapped]);
    assert_eq!(s["outcome"], "200", "{s}");
    let mapping = s["trace"].as_array().unwrap().iter().find(|t| t["step"] == "mapping").unwrap().clone();
    assert!(mapping["evidence"].as_str().unwrap().contains("maps this very certificate one-to-one to CONTOSO\\alice"), "{mapping}");
    let ssl = s["trace"].as_array().unwrap().iter().find(|t| t["step"] == "ssl-settings").unwrap().clone();
    assert!(ssl["evidence"].as_str().unwrap().contains("Accept client certificates"), "sslFlags read: {ssl}");
    assert_eq!(run(&[&stale])["outcome"], "401.1");
    // A flag given wins (one that is not the default: a default cannot be told from no flag).
    let s = run(&[&stale, "--ssl", "ignore"]);
    let ssl = s["trace"].as_array().unwrap().iter().find(|t| t["step"] == "ssl-settings").unwrap().clone();
    assert!(!ssl["evidence"].as_str().unwrap().contains("Accept client certificates"), "{ssl}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `certutil -verify -urlfetch` output from the server, dropped beside the certificate: the
/// revocation step reads the addresses it fetched as the server found them.
#[test]
fn certutil_verify_output_tells_which_addresses_the_server_reached() {
    let dir = std::env::temp_dir().join(format!("certlens-verify-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let output = |ca_crl: &str| {
        format!(
            "CertContext[0][0]: dwInfoStatus=102 dwErrorStatus=0\r\n  Subject: CN=Test Intranet CDP, OU=Users, O=Contoso\r\n  Cert: 169dd132dc5aab3783353389e511adb71876a4e7\r\n  ----------------  Certificate CDP  ----------------\r\n  Verified \"Base CRL (02)\" Time: 0\r\n    [0.0] http://corppki/crl/int01.crl\r\n\r\nCertContext[0][1]: dwInfoStatus=102 dwErrorStatus=0\r\n  Subject: CN=Contoso Issuing CA 01, O=Contoso, DC=contoso, DC=com\r\n  Cert: 63d499e8efb14baf90c47613015d4e8f33746d56\r\n  ----------------  Certificate CDP  ----------------\r\n  {ca_crl} \"Base CRL (01)\" Time: 0\r\n    Error retrieving URL: A connection with the server could not be established 0x80072efd\r\n    [0.0] http://pki.contoso.com/crl/root.crl\r\n\r\nCertContext[0][2]: dwInfoStatus=10c dwErrorStatus=0\r\n  Subject: CN=Contoso Root CA, O=Contoso, C=US\r\n  Element.dwInfoStatus = CERT_TRUST_IS_SELF_SIGNED (0x8)\r\nCertUtil: -verify command completed successfully.\r\n"
        )
    };
    let worked = dir.join("verify-ok.txt");
    std::fs::write(&worked, output("Verified")).unwrap();
    let failed = dir.join("verify-failed.txt");
    std::fs::write(&failed, output("Failed")).unwrap();
    let (worked, failed) = (worked.to_string_lossy().into_owned(), failed.to_string_lossy().into_owned());
    let chain = [fixture("chain/ee_intranet_cdp.der"), fixture("chain/int_ca.der"), fixture("chain/root_ca.der")];
    let run = |extra: &[&str]| {
        let mut args: Vec<&str> = chain.iter().map(String::as_str).collect();
        args.extend(["--json", "--at", AT, "--reach", "internet=yes,intranet=no", "--private-key", "yes"]);
        args.extend(extra);
        server_json(&args)
    };
    // The settings say the intranet is out of reach: 403.13 for the leaf's intranet CDP.
    assert_eq!(run(&[])["outcome"], "403.13");
    // certutil on the server fetched it: the server is inside, and the verdict is 200.
    let s = run(&[&worked]);
    assert_eq!(s["outcome"], "200", "{s}");
    // It could not fetch the issuing CA's CRL, which the settings would call reachable: 403.13 for the CA.
    let s = run(&[&failed]);
    assert_eq!(s["outcome"], "403.13", "{s}");
    let step = s["trace"].as_array().unwrap().iter().find(|t| t["status"] == "failed").unwrap().clone();
    assert_eq!(step["certificate"], "CN=Contoso Issuing CA 01, O=Contoso, DC=contoso, DC=com");
    assert!(step["evidence"].as_str().unwrap().contains("certutil on the server: Failed: A connection with the server could not be established"), "{step}");
    // One output per certificate checked (the leaf's, then the CA's): read as one.
    let text = output("Failed");
    let at = text.find("CertContext[0][1]").unwrap();
    let (leaf_part, ca_part) = (dir.join("leaf.txt"), dir.join("ca.txt"));
    std::fs::write(&leaf_part, &text[..at]).unwrap();
    std::fs::write(&ca_part, format!("dwErrorStatus\r\n{}", text[at..].replace("CertContext[0][1]", "CertContext[0][0]"))).unwrap();
    let s = run(&[&leaf_part.to_string_lossy(), &ca_part.to_string_lossy()]);
    assert_eq!(s["outcome"], "403.13", "{s}");
    let step = s["trace"].as_array().unwrap().iter().find(|t| t["status"] == "failed").unwrap().clone();
    assert_eq!(step["certificate"], "CN=Contoso Issuing CA 01, O=Contoso, DC=contoso, DC=com");
    assert_eq!(run(&[&leaf_part.to_string_lossy()])["outcome"], "200", "the leaf's own output: its CRL worked, the CA's address is the settings' (internet yes)");
    // The file names the dropped certificates it checked; an output about other certificates
    // says the verdict does not read it, rather than leaving a verdict that did not move.
    let report = |extra: &str| -> serde_json::Value {
        let mut args: Vec<&str> = chain.iter().map(String::as_str).collect();
        args.extend(["--json", "--at", AT, extra]);
        serde_json::from_slice(&certlens(&args).stdout).unwrap()
    };
    let file = |r: &serde_json::Value, name: &str| r["files"].as_array().unwrap().iter().find(|f| f["name"].as_str().unwrap().ends_with(name)).unwrap().clone();
    let read = file(&report(&worked), "verify-ok.txt");
    assert!(read["notes"].as_array().unwrap().iter().any(|n| n == "it checked #1 Test Intranet CDP, #2 Contoso Issuing CA 01 of the certificates dropped: the verdict reads what the server found for them"), "{read}");
    let other = dir.join("verify-other.txt");
    std::fs::write(&other, output("Verified").replace("169dd132dc5aab3783353389e511adb71876a4e7", "0000000000000000000000000000000000000001").replace("63d499e8efb14baf90c47613015d4e8f33746d56", "0000000000000000000000000000000000000002")).unwrap();
    let r = report(&other.to_string_lossy());
    let unread = file(&r, "verify-other.txt");
    let problem = unread["problems"][0].as_str().unwrap().to_string();
    assert!(problem.starts_with("none of the certificates it checked was dropped, so the verdict does not read it: "), "{problem}");
    assert!(problem.ends_with("It checked CN=Test Intranet CDP, OU=Users, O=Contoso (SHA-1 0000000000000000000000000000000000000001); CN=Contoso Issuing CA 01, O=Contoso, DC=contoso, DC=com (SHA-1 0000000000000000000000000000000000000002)"), "{problem}");
    assert!(r["diagnostics"].as_array().unwrap().iter().any(|d| d["severity"] == "warning" && d["message"].as_str().unwrap().ends_with(&problem)), "{r}");
    // The file itself: read, with its warning, in the text output too.
    let out = String::from_utf8_lossy(&certlens(&[&failed]).stdout).into_owned();
    assert!(out.contains("certutil -verify output") && out.contains("the server could not fetch revocation information for CN=Contoso Issuing CA 01"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}
