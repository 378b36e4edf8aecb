//! The URL classifier: never panics, and a linkable URL keeps its promises
//! (scheme http/https/ldap followed by //, plain ASCII, no whitespace,
//! control, quote or markup characters, no user name before the host).
#![no_main]
use certlens::model::urls::{classify, link_scheme};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(url) = std::str::from_utf8(data) else { return };
    let view = classify(url, "crl");
    assert_eq!(view.linkable, link_scheme(url).is_some());
    if view.linkable {
        let lower = url.to_ascii_lowercase();
        assert!(lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("ldap://"), "{url:?}");
        assert!(url.is_ascii(), "{url:?}");
        assert!(!url.chars().any(|c| c.is_ascii_whitespace() || c.is_ascii_control() || "\"'<>`\\".contains(c)), "{url:?}");
        let after = url.split_once("//").map_or("", |(_, r)| r);
        let authority = after.split(['/', '?', '#']).next().unwrap_or_default();
        assert!(!authority.contains('@'), "{url:?}");
        assert!(certlens::ui::format::safe_link(url).is_some(), "{url:?}");
    }
});
