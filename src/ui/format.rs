//! Pure helpers for the view: what becomes a link, short names, sizes.
//!
//! Compiled on every target so that `cargo test` checks them natively; the
//! Yew components only call these, they hold no formatting rules themselves.

/// The URL to put into `href`, or `None` when the URL must stay plain text.
///
/// The one classifier, [`crate::model::urls::link_scheme`], decides: only
/// `http://`, `https://` and `ldap://` URLs with a host that parses and no
/// whitespace, control, quote or markup characters. The JSON `linkable` field
/// comes from the same function, so page and JSON always agree.
pub fn safe_link(url: &str) -> Option<&str> {
    crate::model::urls::link_scheme(url).map(|_| url)
}

/// `s` in lower case (Unicode): in the browser by its own `toLowerCase`, so that the page's
/// wasm carries no case tables.
pub fn lowercase(s: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        String::from(js_sys::JsString::from(s).to_lower_case())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        s.to_lowercase()
    }
}

/// A short title for a certificate's downloads (their file names): its common name, else the
/// first attribute value, else the whole subject ("(empty subject)" when blank). The subject
/// is in the Windows form (`CN="Doe, John", O=Contoso` gives `Doe, John`:
/// [`crate::model::names::windows_attributes`]). Messages name certificates by
/// [`crate::chain::short_name`] (the CN, else the whole name).
pub fn short_name(subject: &str) -> String {
    let is_cn = |(k, _): &&(&str, std::borrow::Cow<'_, str>)| k.eq_ignore_ascii_case("CN");
    let parts = crate::model::names::windows_attributes_until(subject, |read| read.iter().any(|a| is_cn(&a)));
    parts
        .iter()
        .find(is_cn)
        .or_else(|| parts.first())
        .map(|(_, v)| v.to_string())
        .filter(|v| !is_blank(v))
        .unwrap_or_else(|| if is_blank(subject) { "(empty subject)".into() } else { subject.to_string() })
}

/// A certificate's name in the list and its downloads: [`short_name`] of its subject, else
/// (an empty subject) `unnamed()`, what sentences call it
/// ([`crate::model::CertificateView::name`]: an alternative name, else its serial).
pub fn list_name(subject: &str, unnamed: impl FnOnce() -> String) -> String {
    if is_blank(subject) { unnamed() } else { short_name(subject) }
}

/// Whether `s` is empty or white space only (`s.trim().is_empty()`, which trims both ends
/// first: a listing asks this three times a row).
pub fn is_blank(s: &str) -> bool {
    s.chars().all(char::is_whitespace)
}

/// A file size in words: `512 bytes`, `1.5 KB`, `2.0 MB`.
pub fn file_size(bytes: usize) -> String {
    const KB: usize = 1024;
    if bytes < KB {
        return if bytes == 1 { "1 byte".into() } else { format!("{bytes} bytes") };
    }
    let (unit, div) = if bytes < KB * KB { ("KB", KB) } else { ("MB", KB * KB) };
    let tenths = (bytes * 10 + div / 2) / div;
    format!("{}.{} {unit}", tenths / 10, tenths % 10)
}

/// Hex as Windows shows a thumbprint: uppercase, no separators.
pub fn windows_hex(hex: &str) -> String {
    hex.to_ascii_uppercase()
}

/// Hex with a colon between bytes, as OpenSSL prints serials and fingerprints.
pub fn colon_hex(hex: &str) -> String {
    let upper = hex.to_ascii_uppercase();
    let bytes = upper.as_bytes();
    bytes.chunks(2).filter_map(|c| std::str::from_utf8(c).ok()).collect::<Vec<_>>().join(":")
}

/// A date from an RFC 3339 UTC timestamp, as `2026-11-23 14:05 UTC`.
pub use crate::model::validity::utc_text;

/// Wrap PEM armour around base64 DER, 64 characters a line.
pub fn pem(label: &str, base64: &str) -> String {
    let mut out = format!("-----BEGIN {label}-----\n");
    let bytes = base64.as_bytes();
    for line in bytes.chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// A file name safe to offer for download: the certificate's short name
/// with anything but letters, digits, `-`, `_` and `.` replaced by `_`.
pub fn download_name(short_name: &str, extension: &str) -> String {
    format!("{}.{extension}", download_stem(short_name))
}

/// [`download_name`] without the extension (made in the worker: the page's wasm carries no
/// Unicode letter tables).
pub fn download_stem(short_name: &str) -> String {
    let stem: String = short_name
        .chars()
        .map(|c| if c.is_alphanumeric() || c == '-' || c == '_' || c == '.' { c } else { '_' })
        .take(60)
        .collect();
    let stem = stem.trim_matches(|c| c == '.' || c == '_');
    if stem.is_empty() { "certificate" } else { stem }.to_string()
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `YYYY-MM-DD` (an `<input type=date>` value) to Unix seconds at 00:00 UTC.
pub fn date_to_unix(date: &str) -> Option<i64> {
    let mut it = date.trim().splitn(3, '-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let d: i64 = it.next()?.parse().ok()?;
    if !(1..=9999).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(days_from_civil(y, m, d) * 86_400)
}

/// Earliest and latest year "Check validity on" accepts.
pub const DATE_YEARS: std::ops::RangeInclusive<i64> = 1950..=9999;

/// A date typed into "Check validity on": Unix seconds, or a message saying what is wrong.
/// Years outside 1950–9999 are refused (half-typed years such as `0027` land there).
pub fn check_date(date: &str) -> Result<i64, String> {
    let date = date.trim();
    if date.is_empty() {
        return Err("type a date, or use \"Back to today\"".into());
    }
    let year: Option<i64> = date.split('-').next().and_then(|y| y.parse().ok());
    match (year, date_to_unix(date)) {
        (Some(y), _) if !DATE_YEARS.contains(&y) => {
            Err(format!("{y:04} is not a year certlens checks: use a year from {} to {}", DATE_YEARS.start(), DATE_YEARS.end()))
        }
        (_, Some(at)) => Ok(at),
        _ => Err(format!("\"{date}\" is not a date (YYYY-MM-DD)")),
    }
}

/// Unix seconds to `YYYY-MM-DD` (UTC), the value an `<input type=date>` takes.
pub use crate::model::date_only as unix_to_date;

/// A predicted server outcome in plain words (`report.server.outcome`): the verdict bar's one line.
pub fn outcome_title(outcome: &str) -> String {
    match outcome {
        "200" => "IIS will accept this certificate".into(),
        "403.7" => "IIS refuses the request: it requires a client certificate and none arrives".into(),
        "403.13" => "IIS refuses: the certificate is revoked, or the server cannot check revocation".into(),
        "403.16" => "IIS refuses: the server does not trust the certificate's chain, or not for this use".into(),
        "403.17" => "IIS refuses: a certificate of the chain has expired or is not yet valid".into(),
        "401.1" => "IIS refuses the logon: no Windows account is mapped to the certificate".into(),
        // The certificate is not at fault: the mapping is set where IIS ignores it, or its mapper is off.
        "401.2" => "IIS refuses the logon: its certificate mapping is not in effect (a server setting)".into(),
        "no-certificate-offered" => "The browser offers no certificate: the \u{201c}choose a certificate\u{201d} dialog stays empty".into(),
        "depends" => "It depends on what certlens cannot see from the files".into(),
        "trusted" => "Browsers accept this server certificate".into(),
        "name-mismatch" => "Browsers warn: the host name is not in the certificate".into(),
        // Also a chain that reaches a trusted root but is invalid (name constraints, a bad signature):
        // "does not lead to a trusted root" was wrong there.
        "untrusted" => "Browsers warn: the certificate's chain is not trusted".into(),
        "expired" => "Browsers warn: the certificate has expired or is not yet valid".into(),
        "wrong-usage" => "Browsers refuse: the certificate is not for server authentication".into(),
        "weak-algorithm" => "Browsers refuse: a weak algorithm is used".into(),
        "revoked" => "Browsers refuse: the certificate is revoked".into(),
        "no-certificate" => "No certificate to judge: drop the certificate itself".into(),
        "trust-store" => "A trust store, not a client certificate: see the audit below".into(),
        other => format!("Outcome: {other}"),
    }
}

/// [`outcome_title`] of a server-certificate outcome said of one browser ("Firefox warns: …",
/// "Chrome or Edge accepts …") instead of "Browsers …": the verdict is the chosen browser's,
/// and says so when another browser's differs.
pub fn browser_outcome_title(outcome: &str, browser: &str) -> String {
    let title = outcome_title(outcome);
    let Some(rest) = title.strip_prefix("Browsers ") else { return title };
    format!("{browser} {}", crate::server::trace::said_of_one(rest))
}

/// An IIS refusal status (`403.16`, `401.1`, …): an HTTP status other than 200.
fn is_refusal(outcome: &str) -> bool {
    use crate::server::Outcome;
    outcome.parse::<Outcome>().is_ok_and(|o| o.is_http_status() && o != Outcome::Status200)
}

/// An outcome in a word or two, for the branches of a quick toggle.
pub fn outcome_short(outcome: &str) -> String {
    match outcome {
        "200" => "accepted (200)".into(),
        "no-certificate-offered" => "no certificate offered".into(),
        "depends" => "still depends".into(),
        "trusted" => "accepted".into(),
        other if is_refusal(other) => format!("refused ({other})"),
        other => other.replace('-', " "),
    }
}

/// The verdict bar's line for a `depends` outcome: each possible outcome once, as its own
/// clause (`It depends on what certlens cannot see: IIS accepts it (200), refuses it
/// (403.13), or the browser offers no certificate`). A server certificate's outcomes said of
/// `browser`, when given: the chosen browser's own ("Firefox accepts it, or warns …").
pub fn depends_headline(outcomes: &[&str], server_mode: bool, browser: Option<&str>) -> String {
    let outcomes: Vec<crate::server::Outcome> = outcomes.iter().filter_map(|o| o.parse().ok()).collect();
    if outcomes.is_empty() {
        return outcome_title("depends");
    }
    crate::server::trace::depends_headline(&outcomes, server_mode, browser)
}

/// A piece of a message: plain text, or a URL found in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextPart<'a> {
    /// Text as it is.
    Text(&'a str),
    /// A URL (`scheme://…`), without the punctuation that ends the sentence around it.
    Url(&'a str),
    /// What a message puts between backquotes (a command, a file name, a setting), without them.
    Code(&'a str),
}

/// Split a message into text and the URLs in it (whitespace-separated tokens that start
/// with `scheme://`), so that the page shows each URL the way the detail rows do.
pub fn split_urls(text: &str) -> Vec<TextPart<'_>> {
    let mut parts = Vec::new();
    let mut plain_from = 0;
    let mut pos = 0;
    for token in text.split_inclusive(char::is_whitespace) {
        let start = pos;
        pos += token.len();
        let word = token.trim_end();
        let lead = word.len() - word.trim_start_matches(['(', '"', '\'', '\u{201c}', '\u{2018}', '<', '[']).len();
        let body = word.get(lead..).unwrap_or_default();
        let url = body.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '>', '"', '\'', '\u{201d}', '\u{2019}']);
        if !is_url_start(url) {
            continue;
        }
        let url_start = start + lead;
        if url_start > plain_from {
            parts.push(TextPart::Text(text.get(plain_from..url_start).unwrap_or_default()));
        }
        parts.push(TextPart::Url(url));
        plain_from = url_start + url.len();
    }
    if plain_from < text.len() {
        parts.push(TextPart::Text(text.get(plain_from..).unwrap_or_default()));
    }
    parts.into_iter().flat_map(code_spans).collect()
}

/// A text part's backquoted spans as [`TextPart::Code`] (only when its backquotes pair up:
/// a lone one stays as it is).
fn code_spans(part: TextPart<'_>) -> Vec<TextPart<'_>> {
    match part {
        TextPart::Text(t) if t.contains('`') && t.matches('`').count() % 2 == 0 => t
            .split('`')
            .enumerate()
            .filter(|(_, s)| !s.is_empty())
            .map(|(i, s)| if i % 2 == 1 { TextPart::Code(s) } else { TextPart::Text(s) })
            .collect(),
        p => vec![p],
    }
}

/// `scheme://` with a scheme of letters, digits, `+ - .`, and something after it.
fn is_url_start(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once("://") else { return false };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
}

/// The host of a URL (`ldap:///CN=...` has none: `None`).
pub fn url_host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = rest.get(..end)?;
    let host = authority.rsplit('@').next().unwrap_or(authority);
    (!host.is_empty()).then_some(host)
}

/// The scheme of a URL, upper case (`LDAP`, `HTTP`); `None` without one.
pub fn url_scheme(url: &str) -> Option<String> {
    let (scheme, _) = url.split_once(':')?;
    (!scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.'))
        .then(|| scheme.to_ascii_uppercase())
}

/// Whether an outcome is good (`Some(true)`), bad (`Some(false)`) or open (`None`).
pub fn outcome_is_good(outcome: &str) -> Option<bool> {
    outcome.parse::<crate::server::Outcome>().map_or(Some(false), crate::server::Outcome::is_good)
}

/// A finding as its own certificate's card shows it: without the file and the name that lead
/// it in the list of findings ("ee_server.der: www.contoso.com: no CRL provided …" under
/// www.contoso.com's name reads "No CRL provided …"). A finding said of another certificate
/// ("alice: the CA certificate … in its chain expired", on the CA's card) keeps both.
pub fn said_here(d: &crate::ui::page::Diagnostic, name: &str) -> crate::ui::page::Diagnostic {
    let rest = d
        .file
        .as_deref()
        .and_then(|f| d.message.strip_prefix(f))
        .and_then(|t| t.strip_prefix(": "))
        .and_then(|t| t.strip_prefix(name))
        .and_then(|t| t.strip_prefix(": "))
        .filter(|t| !t.trim().is_empty());
    match rest {
        Some(text) => crate::ui::page::Diagnostic { message: crate::text::capitalise_first(text), ..d.clone() },
        None => d.clone(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// A short name read only up to the common name is the one read from all of the name, and
    /// so is the common name, whatever the text (keys in any case, quotes, separators, pieces
    /// without a key).
    #[test]
    fn a_short_name_read_up_to_the_common_name_is_the_one_read_from_it_all() {
        let mut next = crate::test_support::xorshift(0xc0ff_ee11);
        let pieces = ["CN=", "cn=", "O=", "OU=", "1.2=", "a", "b c", ", ", " + ", "\"", "\"\"", "=", " ", ".", "é"];
        for _ in 0..20_000 {
            let n = (next() % 9) as usize;
            let name: String = (0..n).map(|_| pieces[(next() % pieces.len() as u64) as usize]).collect();
            let all = crate::model::names::windows_attributes(&name);
            let whole = all
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("CN"))
                .or_else(|| all.first())
                .map(|(_, v)| v.to_string())
                .filter(|v| !v.trim().is_empty())
                .unwrap_or_else(|| if name.trim().is_empty() { "(empty subject)".into() } else { name.clone() });
            assert_eq!(short_name(&name), whole, "{name:?}");
            let cn = all.iter().find(|(k, _)| *k == "CN").map(|(_, v)| v.clone());
            assert_eq!(crate::model::names::common_name(&name), cn, "{name:?}");
        }
    }

    #[test]
    fn every_outcome_the_core_gives_has_its_own_words() {
        for outcome in crate::server::Outcome::ALL {
            let o = outcome.to_string();
            assert!(!outcome_title(&o).starts_with("Outcome:"), "no title for {o}");
            // The page holds codes: each reads back as its outcome, whose clause the headline says.
            let clause = o.parse::<crate::server::Outcome>().map(|p| p.clause().into_owned()).unwrap_or_default();
            assert!(!clause.is_empty() && !clause.starts_with("IIS:") && !clause.starts_with("browsers:"), "no clause for {o}: {clause}");
        }
        // Each outcome its own headline: 401.2 is the server's mapping setting, not the certificate.
        let titles: std::collections::BTreeSet<String> = crate::server::Outcome::ALL.iter().map(|o| outcome_title(&o.to_string())).collect();
        assert_eq!(titles.len(), crate::server::Outcome::ALL.len());
        assert!(outcome_title("401.2").contains("server setting") && !outcome_title("401.2").contains("does not map"));
    }

    #[test]
    fn web_and_ldap_urls_become_links() {
        assert_eq!(safe_link("http://pki.contoso.com/int.crl"), Some("http://pki.contoso.com/int.crl"));
        assert_eq!(safe_link("https://pki.contoso.com/ocsp"), Some("https://pki.contoso.com/ocsp"));
        assert_eq!(safe_link("HTTP://PKI/x.crt"), Some("HTTP://PKI/x.crt"));
        let ldap = "ldap:///CN=Contoso%20Issuing%20CA,CN=CDP,DC=contoso,DC=com?certificateRevocationList?base";
        assert_eq!(safe_link(ldap), Some(ldap));
    }

    #[test]
    fn other_schemes_stay_text() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "java\tscript:alert(1)",
            " javascript:alert(1)",
            "javascript://%0aalert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "file://server/share/ca.crl",
            "ftp://pki/ca.crl",
            "http:relative",
            "http:javascript:alert(1)",
            "http://x\"onmouseover=alert(1)",
            "http://x/\u{202E}lmth.exe",
            "https://pki.contoso.com/a b.crl",
            "http://pki\n.contoso.com/",
            "//pki.contoso.com/ca.crl",
            "pki.contoso.com/ca.crl",
            "",
        ] {
            assert_eq!(safe_link(url), None, "{url:?} must not become a link");
        }
    }

    #[test]
    fn short_names_of_subjects() {
        assert_eq!(short_name("CN=alice, O=Contoso"), "alice");
        assert_eq!(short_name("O=Contoso, C=US"), "Contoso");
        assert_eq!(short_name("OU=x, CN=Contoso Root CA"), "Contoso Root CA");
        assert_eq!(short_name("cn=lower, O=x"), "lower");
        // A CN with a comma is quoted in the Windows form: the title is the CN, unquoted.
        assert_eq!(short_name("CN=\"Doe, John\", O=Contoso"), "Doe, John");
        assert_eq!(short_name("O=\"Contoso, Ltd.\", C=US"), "Contoso, Ltd.");
        assert_eq!(short_name("CN= , O=x"), "CN= , O=x");
        assert_eq!(short_name(""), "(empty subject)");
    }

    #[test]
    fn sizes_in_words() {
        assert_eq!(file_size(0), "0 bytes");
        assert_eq!(file_size(1), "1 byte");
        assert_eq!(file_size(1023), "1023 bytes");
        assert_eq!(file_size(1536), "1.5 KB");
        assert_eq!(file_size(20 * 1024 * 1024), "20.0 MB");
    }

    #[test]
    fn hex_forms() {
        assert_eq!(windows_hex("0a1bff"), "0A1BFF");
        assert_eq!(colon_hex("0a1bff"), "0A:1B:FF");
        assert_eq!(utc_text("2026-11-23T14:05:09Z"), "2026-11-23 14:05 UTC");
    }

    #[test]
    fn pem_wraps_at_64() {
        let b64 = "A".repeat(70);
        let p = pem("CERTIFICATE", &b64);
        assert_eq!(p.lines().collect::<Vec<_>>(), vec![
            "-----BEGIN CERTIFICATE-----",
            &"A".repeat(64),
            "AAAAAA",
            "-----END CERTIFICATE-----"
        ]);
    }

    #[test]
    fn dates_round_trip() {
        assert_eq!(date_to_unix("2026-11-23"), Some(1_795_392_000));
        assert_eq!(date_to_unix("1970-01-01"), Some(0));
        assert_eq!(date_to_unix("2024-02-29").map(unix_to_date), Some("2024-02-29".to_string()));
        assert_eq!(date_to_unix("2027-13-01"), None);
        assert_eq!(date_to_unix(""), None);
        assert_eq!(unix_to_date(1_795_392_000), "2026-11-23");
    }

    #[test]
    fn typed_dates_outside_the_years_are_refused() {
        assert_eq!(check_date("2027-12-01"), Ok(1_827_619_200));
        let e = check_date("0027-12-01").unwrap_err();
        assert!(e.contains("0027") && e.contains("1950"), "{e}");
        assert!(check_date("10000-01-01").is_err());
        assert!(check_date("1949-12-31").is_err());
        assert!(check_date("1950-01-01").is_ok());
        assert!(check_date("").is_err());
        assert!(check_date("2027-02-30x").is_err());
    }

    #[test]
    fn depends_headline_names_each_outcome_once_in_its_own_clause() {
        let h = depends_headline(&["403.13", "200", "no-certificate-offered", "403.13"], false, None);
        assert_eq!(h, "It depends on what certlens cannot see: IIS accepts it (200), refuses it (403.13), or the browser offers no certificate");
        let h = depends_headline(&["200", "403.13", "403.16", "no-certificate-offered"], false, None);
        assert_eq!(h, "It depends on what certlens cannot see: IIS accepts it (200), refuses it (403.13), refuses it (403.16), or the browser offers no certificate");
        // No parenthesis holds two outcomes.
        assert!(!h.contains(", no certificate"), "{h}");
        let h = depends_headline(&["403.16", "no-certificate-offered"], false, None);
        assert_eq!(h, "IIS does not accept it, whatever certlens cannot see: IIS refuses it (403.16), or the browser offers no certificate");
        assert_eq!(depends_headline(&["trusted", "untrusted"], true, None), "It depends on what certlens cannot see: browsers accept it, or warn that its chain is not trusted");
        // The chosen browser's outcomes, said of it.
        assert_eq!(depends_headline(&["trusted", "untrusted"], true, Some("Firefox")), "It depends on what certlens cannot see: Firefox accepts it, or warns that its chain is not trusted");
        assert_eq!(depends_headline(&["untrusted", "revoked"], true, Some("Safari")), "Safari does not accept it, whatever certlens cannot see: Safari warns that its chain is not trusted, or refuses it (revoked)");
        assert_eq!(depends_headline(&[], false, None), outcome_title("depends"));
    }

    #[test]
    fn urls_are_found_in_messages() {
        let ldap = "ldap:///CN=Contoso%20Issuing%20CA%2001,CN=CDP,DC=contoso,DC=com?certificateRevocationList?base";
        let msg = format!("Test: no CRL provided: the server must fetch {ldap}.");
        assert_eq!(split_urls(&msg), vec![TextPart::Text("Test: no CRL provided: the server must fetch "), TextPart::Url(ldap), TextPart::Text(".")]);
        assert_eq!(
            split_urls("at (http://a.example/x.crl), then \u{201c}https://b.example/\u{201d} end"),
            vec![
                TextPart::Text("at ("),
                TextPart::Url("http://a.example/x.crl"),
                TextPart::Text("), then \u{201c}"),
                TextPart::Url("https://b.example/"),
                TextPart::Text("\u{201d} end"),
            ]
        );
        assert_eq!(split_urls("no url: a://"), vec![TextPart::Text("no url: a://")]);
        assert_eq!(split_urls(""), Vec::<TextPart<'_>>::new());
        // Backquotes mark code: a command in a message is shown as code, not with its backquotes.
        assert_eq!(
            split_urls("run `netsh http show sslcert` then see http://a.example/x."),
            vec![TextPart::Text("run "), TextPart::Code("netsh http show sslcert"), TextPart::Text(" then see "), TextPart::Url("http://a.example/x"), TextPart::Text(".")]
        );
        assert_eq!(split_urls("a lone ` stays"), vec![TextPart::Text("a lone ` stays")]);
        // The parts always put the text back together.
        for t in ["x http://h/ y", "http://h/", "  ldap:///CN=x;  ", "\u{e9}\u{301} http://\u{e9}.example/\u{e9}\u{201d}."] {
            let joined: String = split_urls(t).iter().map(|p| match p { TextPart::Text(s) | TextPart::Url(s) | TextPart::Code(s) => *s }).collect();
            assert_eq!(joined, t);
        }
    }

    #[test]
    fn url_parts() {
        assert_eq!(url_host("http://pki.contoso.com/crl/a.crl"), Some("pki.contoso.com"));
        assert_eq!(url_host("ldap://dc1.contoso.com/CN=x?y"), Some("dc1.contoso.com"));
        assert_eq!(url_host("ldap:///CN=Contoso%20Issuing%20CA,CN=CDP?certificateRevocationList?base"), None);
        assert_eq!(url_host("nonsense"), None);
        assert_eq!(url_scheme("ldap:///CN=x").as_deref(), Some("LDAP"));
        assert_eq!(url_scheme("https://x").as_deref(), Some("HTTPS"));
        assert_eq!(outcome_short("403.13"), "refused (403.13)");
    }

    #[test]
    fn outcomes_in_words() {
        assert_eq!(browser_outcome_title("trusted", "Chrome or Edge"), "Chrome or Edge accepts this server certificate");
        assert_eq!(browser_outcome_title("untrusted", "Firefox"), "Firefox warns: the certificate's chain is not trusted");
        assert_eq!(browser_outcome_title("revoked", "Safari"), "Safari refuses: the certificate is revoked");
        assert_eq!(browser_outcome_title("200", "Safari"), outcome_title("200"), "not a browser's outcome");
        assert!(outcome_title("403.13").contains("revoked"));
        assert!(outcome_title("no-certificate-offered").contains("empty"));
        assert!(outcome_title("200").contains("accept"));
        // "untrusted" is also an invalid chain under a trusted root (name constraints): the
        // line does not say the root is not trusted.
        assert!(!outcome_title("untrusted").contains("root"), "{}", outcome_title("untrusted"));
        assert_eq!(outcome_title("418"), "Outcome: 418");
        assert_eq!(outcome_is_good("200"), Some(true));
        assert_eq!(outcome_is_good("403.7"), Some(false));
        assert_eq!(outcome_is_good("depends"), None);
    }

    #[test]
    fn download_names_are_tame() {
        assert_eq!(download_name("alice", "cer"), "alice.cer");
        assert_eq!(download_name("Contoso Root CA", "pem"), "Contoso_Root_CA.pem");
        assert_eq!(download_name("../../etc/passwd", "der"), "etc_passwd.der");
        assert_eq!(download_name("", "der"), "certificate.der");
    }

    #[test]
    fn a_card_shows_its_own_finding_without_its_file_and_name() {
        use crate::ui::page::{Diagnostic, Severity};
        let d = |message: &str| Diagnostic {
            code: "revocation-no-crl".into(),
            severity: Severity::Info,
            message: message.into(),
            file: Some("ee_server.der".into()),
            certificate: Some(0),
        };
        let own = said_here(&d("ee_server.der: www.contoso.com: no CRL provided: the server must fetch http://a/b.crl"), "www.contoso.com");
        assert_eq!(own.message, "No CRL provided: the server must fetch http://a/b.crl");
        assert_eq!((own.code.as_str(), own.file.as_deref()), ("revocation-no-crl", Some("ee_server.der")));
        // Said of another certificate (a CA's card, a finding about its end certificate): kept.
        let other = "ee_server.der: alice: the CA certificate \"Int\" in its chain expired";
        assert_eq!(said_here(&d(other), "www.contoso.com").message, other);
        // A name that only begins like the card's is not its name.
        let longer = "ee_server.der: www.contoso.com.evil: is fine";
        assert_eq!(said_here(&d(longer), "www.contoso.com").message, longer);
        // Nothing left to say: kept whole.
        assert_eq!(said_here(&d("ee_server.der: www.contoso.com: "), "www.contoso.com").message, "ee_server.der: www.contoso.com: ");
    }
}
