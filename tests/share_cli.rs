//! `certlens --share` and `certlens --link`: the web app's share links on the command line.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{certlens_env as certlens, fixture, text, AT};

#[test]
fn a_shared_link_gives_the_same_report() {
    let files = [fixture("chain/ee_client.cer"), fixture("chain/int_ca.cer"), fixture("chain/root_ca.cer")];
    let mut args = vec!["--at", AT, "--share", "--base-url", "https://example.org/tools/certlens/", "--ssl", "accept"];
    args.extend(files.iter().map(String::as_str));
    let out = certlens(&args, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let url = text(&out.stdout).trim().to_string();
    assert!(url.starts_with("https://example.org/tools/certlens/#cl1."), "{url}");

    let mut direct = vec!["--at", AT, "--json", "--ssl", "accept"];
    direct.extend(files.iter().map(String::as_str));
    let a: serde_json::Value = serde_json::from_slice(&certlens(&direct, &[]).stdout).unwrap();
    let out = certlens(&["--json", "--link", &url], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let b: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(b["evaluated_at"], AT);
    assert_eq!(b["server_settings"]["ssl"], "accept");
    for field in ["certificates", "diagnostics", "hierarchy"] {
        assert_eq!(a[field], b[field], "{field}");
    }
    assert_eq!(a["server"]["outcome"], b["server"]["outcome"]);
    assert_eq!(a["files"].as_array().unwrap().len(), b["files"].as_array().unwrap().len());

    // Text output of a link works too.
    let out = certlens(&["--link", &url], &[]);
    assert!(text(&out.stdout).contains("ee_client.cer"), "{}", text(&out.stdout));
}

#[test]
fn a_pfx_link_holds_no_key_and_says_so() {
    let out = certlens(
        &["--at", AT, "--share", "--password-env", "PFXPW", &fixture("pkcs12/ee_client_aes256.pfx")],
        &[("PFXPW", "certlens")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let url = text(&out.stdout).trim().to_string();
    assert!(url.starts_with("#cl1."), "{url}");
    assert!(text(&out.stderr).contains("ee_client_aes256.pfx held a private key"), "{}", text(&out.stderr));
    let out = certlens(&["--link", &url], &[]);
    let t = text(&out.stdout);
    assert!(t.contains("held a private key") && t.contains("not in this link"), "{t}");
    assert!(!t.contains("Key #"), "{t}");
}

#[test]
fn a_bad_link_is_a_usage_error_with_one_message() {
    let out = certlens(&["--link", "https://example.org/#cl1.not-really"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("the link is damaged"), "{}", text(&out.stderr));
    let out = certlens(&["--link", "#cl7.AAAA"], &[]);
    assert!(text(&out.stderr).contains("format 7"), "{}", text(&out.stderr));
}

#[test]
fn a_link_carries_which_verdict_it_showed() {
    use certlens::report::share::{self, LinkMeta};
    use certlens::server::settings::VerdictMode;
    let der = std::fs::read(fixture("chain/ee_server.der")).unwrap();
    let open = |mode: VerdictMode| {
        let meta = LinkMeta { at: 1_795_392_000, fixed_time: true, mode, ..LinkMeta::default() };
        let url = format!("#{}", share::encode(&meta, std::slice::from_ref(&der), &[], &[]));
        let out = certlens(&["--json", "--link", &url], &[]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let server = open(VerdictMode::Server);
    assert!(server["server_settings"]["host"].is_string(), "{}", server["server_settings"]);
    let client = open(VerdictMode::Client);
    assert!(client["server_settings"]["host"].is_null(), "{}", client["server_settings"]);
    assert_ne!(server["server"]["outcome"], client["server"]["outcome"]);

    // `--share` without `--host` showed a client verdict, and its link says so.
    let out = certlens(&["--at", AT, "--share", &fixture("chain/ee_server.der")], &[]);
    let url = text(&out.stdout).trim().to_string();
    let meta = share::decode(url.trim_start_matches('#')).unwrap().meta;
    assert_eq!(meta.mode, VerdictMode::Client);
    // A client certificate's link leaves the choice automatic: the page makes the same one.
    let out = certlens(&["--at", AT, "--share", &fixture("chain/ee_client.der")], &[]);
    let meta = share::decode(text(&out.stdout).trim().trim_start_matches('#')).unwrap().meta;
    assert_eq!(meta.mode, VerdictMode::Auto);
    let out = certlens(&["--json", "--link", text(&out.stdout).trim()], &[]);
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["server"]["mode"], "client-certificate");
}

/// A link whose root-store file holds an end certificate: `--link` judges the same certificate
/// as the page (the first end certificate outside the marked store), not the store's.
#[test]
fn a_link_skips_the_marked_root_store_like_the_page() {
    use certlens::report::share::{self, LinkFile, LinkMeta};
    use certlens::server::settings::{ServerSettings, Trust, VerdictMode};
    let store = std::fs::read(fixture("chain/ee_server.der")).unwrap();
    let alice = std::fs::read(fixture("chain/ee_client.der")).unwrap();
    let file = |name: &str, n: u32| LinkFile { name: name.into(), certificates: vec![n], ..LinkFile::default() };
    let meta = LinkMeta {
        at: 1_795_392_000,
        fixed_time: true,
        mode: VerdictMode::Auto,
        server: ServerSettings { trust: Trust::Store, trust_store_files: vec!["store.cer".into()], ..ServerSettings::default() },
        files: vec![file("store.cer", 0), file("alice.cer", 1)],
        ..LinkMeta::default()
    };
    let url = format!("#{}", share::encode(&meta, &[store, alice], &[], &[]));
    let out = certlens(&["--json", "--link", &url], &[]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // A server-authentication-only certificate would have switched to server-certificate mode.
    assert!(v["server_settings"]["host"].is_null(), "{}", v["server_settings"]);
    assert_eq!(v["server"]["mode"], "client-certificate", "{}", v["server"]);
    let leaf = v["server"]["trace"].as_array().unwrap().iter().find_map(|t| t["certificate"].as_str()).unwrap();
    assert!(leaf.contains("CN=alice"), "{leaf}");
}
