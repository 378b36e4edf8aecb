//! Exports of a report: Markdown for tickets and wikis, JSON with the server
//! settings, the verdict's chain as a PEM bundle or a `.p7b`.
//!
//! Pure functions of the report (and options): the page only copies or
//! downloads what they return, so they are tested natively.

use base64::Engine as _;

use super::{Options, Report};
use crate::der::tlv;
use crate::server::trace::StepStatus;

/// Escape text for Markdown: punctuation Markdown acts on anywhere in a line is
/// backslash-escaped, and what acts only at a block's start (a list, heading or quote marker)
/// when the text starts with it; control and invisible formatting characters are shown as
/// `\u{…}`, so text from a certificate can neither format the ticket nor add lines to it.
/// Punctuation that is plain text inside a line stays as written (`(403.16)`, `"Contoso Root
/// CA"`, `client-certificate`): the Markdown is also read unrendered, pasted into a ticket.
/// For text that starts a list item's content ("- {}"), where a block marker would still act;
/// text after other words of its line is [`md_escape_inline`]'s.
pub fn md_escape(text: &str) -> String {
    escape(text, true)
}

/// [`md_escape`] for text inside a line, after other text (a table cell, a heading's number, "Evaluated
/// at … certlens {}"): a block marker there is plain text ("certlens 0.1.0", not "0\.1.0").
pub fn md_escape_inline(text: &str) -> String {
    escape(text, false)
}

fn escape(text: &str, block_start: bool) -> String {
    let mut out = String::with_capacity(text.len());
    // The position of the first character that is not a space, and whether a block marker
    // there ("- ", "+ ", "# ", "= ", "1. ", "1) ") is to be escaped.
    let rest = text.trim_start_matches(' ');
    let lead = text.len() - rest.len();
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    // Where a run of `#` and spaces ends the text: a heading's closing sequence there ("####
    // 1. CN=x #" loses its "#"), so those are escaped too.
    let tail = text.trim_end_matches(['#', ' ']).len();
    let mut prev = None;
    for (i, ch) in text.char_indices() {
        let acts = match ch {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '$' => true,
            // Between two letters or digits `_` neither opens nor closes emphasis (CommonMark
            // 6.2: it is both left- and right-flanking there): CRYPT_E_REVOCATION_OFFLINE,
            // SendTrustedIssuerList's neighbours stay as written.
            '_' => !(prev.is_some_and(char::is_alphanumeric) && text.get(i + 1..).and_then(|r| r.chars().next()).is_some_and(char::is_alphanumeric)),
            '-' | '+' | '=' => block_start && i == lead,
            '#' => (block_start && i == lead) || i >= tail,
            '.' | ')' => block_start && digits > 0 && i == lead + digits,
            _ => false,
        };
        if acts {
            out.push('\\');
            out.push(ch);
        } else if ch.is_control() || is_invisible(ch) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(ch)));
        } else {
            out.push(ch);
        }
        prev = Some(ch);
    }
    out
}

/// Bidi overrides and zero-width characters: they reorder or hide text.
fn is_invisible(c: char) -> bool {
    matches!(u32::from(c), 0x200b..=0x200f | 0x202a..=0x202e | 0x2060..=0x2069 | 0xfeff)
}

/// The report index of the certificate the verdict is about, when there is a verdict.
pub fn verdict_certificate(report: &Report) -> Option<usize> {
    let server = report.server.as_ref()?;
    server.trace.iter().find_map(|s| s.certificate_index)
}

/// Report indexes of the verdict's chain (leaf first), or every certificate when
/// there is no verdict.
pub fn verdict_chain(report: &Report) -> Vec<usize> {
    let Some(leaf) = verdict_certificate(report).or_else(|| report.certificates.iter().position(|c| !c.view.is_ca)) else {
        return (0..report.certificates.len()).collect();
    };
    let path = report.hierarchy.chain_for(leaf).map(|c| &c.best).or_else(|| report.hierarchy.path_for(leaf));
    let mut chain: Vec<usize> = path.map(|p| p.elements.iter().map(|e| e.certificate).collect()).unwrap_or_default();
    if !chain.contains(&leaf) {
        chain.insert(0, leaf);
    }
    chain
}

fn status_word(s: StepStatus) -> &'static str {
    match s {
        StepStatus::Passed => "passed",
        StepStatus::Failed => "FAILED",
        StepStatus::Unknown => "depends",
        StepStatus::Skipped => "skipped",
    }
}

/// The report as Markdown: the verdict, the trace summary, the chain, each
/// certificate's key facts, the findings. `link` (a share link) is added when given.
pub fn markdown(report: &Report, link: Option<&str>) -> String {
    use std::fmt::Write as _;
    let mut md = String::new();
    let _ = writeln!(md, "## certlens report\n");
    let _ = writeln!(md, "Evaluated at {} · certlens {}\n", report.evaluated_at, md_escape_inline(&report.version));
    if let Some(server) = &report.server {
        let _ = writeln!(md, "### Verdict\n");
        let code = server.http_status.unwrap_or(server.outcome);
        let _ = writeln!(md, "**{}** ({}): {}\n", md_escape_inline(server.outcome.as_str()), md_escape_inline(server.mode.as_str()), md_escape_inline(&server.summary));
        if code != server.outcome {
            let _ = writeln!(md, "HTTP status: {}\n", md_escape_inline(code.as_str()));
        }
        if let Some(o) = &server.observed {
            let _ = writeln!(md, "{}\n", md_escape_inline(o));
        }
        for b in &server.outcome_if {
            let _ = writeln!(md, "- {}", md_escape(&b.sentence()));
        }
        if !server.outcome_if.is_empty() {
            md.push('\n');
        }
        let steps: Vec<_> = server.trace.iter().filter(|s| s.reached).collect();
        if !steps.is_empty() {
            let _ = writeln!(md, "### Trace\n");
            for (i, s) in steps.iter().enumerate() {
                let _ = writeln!(md, "{}. **{}**: {}. {}", i + 1, md_escape_inline(&s.title), status_word(s.status), md_escape_inline(&s.evidence));
                if let Some(fix) = s.fix.as_ref().filter(|_| s.status != StepStatus::Passed) {
                    let _ = writeln!(md, "   Fix: {}", md_escape_inline(&fix.text));
                }
            }
            md.push('\n');
        }
    }
    let chain = verdict_chain(report);
    if !report.certificates.is_empty() {
        let _ = writeln!(md, "### Chain\n");
        for (depth, &i) in chain.iter().enumerate() {
            if let Some(c) = report.certificates.get(i) {
                let status = c.chain_status.map(|s| format!(" ({})", format!("{s:?}").to_lowercase())).unwrap_or_default();
                let _ = writeln!(md, "{}- {}{}", "  ".repeat(depth), md_escape(&c.view.label()), status);
            }
        }
        if let Some(missing) = report.hierarchy.chain_for(chain.first().copied().unwrap_or(0)).and_then(|c| c.best.missing_issuer.as_ref()) {
            let _ = writeln!(md, "{}- missing issuer: {}", "  ".repeat(chain.len()), md_escape_inline(&missing.expected_name));
        }
        md.push('\n');
        let _ = writeln!(md, "### Certificates\n");
        for (i, c) in report.certificates.iter().enumerate() {
            let v = &c.view;
            let _ = writeln!(md, "#### {}. {}\n", i + 1, md_escape_inline(&v.label()));
            let mut rows: Vec<(&str, String)> = vec![
                ("Issuer", md_escape_inline(&v.issuer)),
                ("Valid", format!("{} to {} ({})", v.not_before, v.not_after, md_escape_inline(&v.validity.text))),
                ("Serial", format!("`{}`", v.serial)),
                ("Thumbprint (SHA-1)", format!("`{}`", v.sha1.to_uppercase())),
                ("SHA-256", format!("`{}`", v.sha256)),
                ("Key", md_escape_inline(&v.public_key.summary)),
                ("Signature", md_escape_inline(&v.signature_algorithm.name)),
                ("From", md_escape_inline(&c.file)),
            ];
            let eku = match &v.extended_key_usage {
                None => "any purpose (no EKU extension)".to_string(),
                Some(_) => md_escape_inline(&v.eku_names().join(", ")),
            };
            rows.push(("Extended key usage", eku));
            if !v.subject_alt_names.is_empty() {
                let sans: Vec<String> = v.subject_alt_names.iter().map(|n| format!("{}: {}", md_escape_inline(&n.kind), md_escape_inline(&n.value))).collect();
                rows.push(("Alternative names", sans.join(", ")));
            }
            if !v.crl_urls.is_empty() {
                rows.push(("CRL", v.crl_urls.iter().map(|u| md_escape_inline(u)).collect::<Vec<_>>().join(", ")));
            }
            if !v.aia_ca_issuer_urls.is_empty() {
                rows.push(("CA issuers", v.aia_ca_issuer_urls.iter().map(|u| md_escape_inline(u)).collect::<Vec<_>>().join(", ")));
            }
            if let Some(k) = &c.private_key {
                rows.push(("Private key", md_escape_inline(&k.message)));
            }
            if let Some(r) = &c.revocation {
                rows.push(("Revocation", md_escape_inline(r)));
            }
            let _ = writeln!(md, "| | |\n|---|---|");
            for (k, val) in rows {
                let _ = writeln!(md, "| {k} | {val} |");
            }
            md.push('\n');
        }
    }
    let findings: Vec<_> = report.diagnostics.iter().filter(|d| d.severity != crate::model::Severity::Info).collect();
    if !findings.is_empty() {
        let _ = writeln!(md, "### Findings\n");
        for d in findings {
            let _ = writeln!(md, "- {} `{}`: {}", format!("{:?}", d.severity).to_lowercase(), d.code, md_escape_inline(&d.message.to_string()));
        }
        md.push('\n');
    }
    if let Some(link) = link {
        let _ = writeln!(md, "[Open this diagnosis in certlens]({})\n", link.replace(['(', ')', ' '], ""));
    }
    debug_assert!(md.lines().all(template_line), "text from the report made a line of its own:\n{md}");
    md
}

/// Whether `line` begins as one of [`markdown`]'s own lines does: text from a certificate
/// (escaped by [`md_escape`]) adds no line, heading, list item or quote. Checked in debug
/// builds, the unit tests and the fuzzer.
fn template_line(line: &str) -> bool {
    const HEADINGS: [&str; 6] = ["## certlens report", "### Verdict", "### Trace", "### Chain", "### Certificates", "### Findings"];
    const STARTS: [&str; 8] = ["Evaluated at ", "**", "HTTP status: ", "- ", "   Fix: ", "| ", "|---", "[Open this diagnosis"];
    // A number's rest ("1. **…" → ". **…"), for a line that starts with one.
    fn numbered(t: &str) -> Option<&str> {
        t.starts_with(|c: char| c.is_ascii_digit()).then(|| t.trim_start_matches(|c: char| c.is_ascii_digit()))
    }
    line.is_empty()
        || HEADINGS.contains(&line)
        || line.strip_prefix("#### ").and_then(numbered).is_some_and(|t| t.starts_with(". "))
        || STARTS.iter().any(|p| line.starts_with(p))
        || (line.starts_with("  ") && line.trim_start().starts_with("- "))
        || numbered(line).is_some_and(|t| t.starts_with(". **"))
}

/// The report as JSON: the `certlens --json` schema plus `server_settings`
/// (the settings that produced the verdict).
pub fn json_with_settings(report: &Report, options: &Options) -> String {
    let mut value = serde_json::to_value(report).unwrap_or(serde_json::Value::Null);
    if let serde_json::Value::Object(map) = &mut value {
        map.insert("server_settings".into(), serde_json::to_value(&options.server).unwrap_or(serde_json::Value::Null));
    }
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// DER of the certificates `indexes` (skipping any that fail to decode).
fn ders(report: &Report, indexes: &[usize]) -> Vec<Vec<u8>> {
    indexes
        .iter()
        .filter_map(|&i| report.certificates.get(i))
        .filter_map(|c| base64::engine::general_purpose::STANDARD.decode(&c.der_base64).ok())
        .collect()
}

/// The certificates `indexes` as one PEM bundle (leaf first, as servers expect).
pub fn pem_bundle(report: &Report, indexes: &[usize]) -> String {
    ders(report, indexes).iter().map(|d| crate::model::asn1::pem(d, "CERTIFICATE")).collect()
}

/// The certificates `indexes` as a `.p7b`: a degenerate PKCS#7 SignedData
/// (RFC 2315 / RFC 5652 §5: no signers, certificates only), DER, in the order given.
pub fn p7b(report: &Report, indexes: &[usize]) -> Vec<u8> {
    p7b_from_ders(&ders(report, indexes))
}

/// A degenerate PKCS#7 SignedData holding `certificates` (DER each).
pub fn p7b_from_ders(certificates: &[Vec<u8>]) -> Vec<u8> {
    const SIGNED_DATA: [u8; 11] = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
    const DATA: [u8; 11] = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];
    let certs: Vec<u8> = certificates.concat();
    let mut signed = Vec::new();
    signed.extend_from_slice(&[0x02, 0x01, 0x01]); // version 1
    signed.extend_from_slice(&[0x31, 0x00]); // digestAlgorithms: empty SET
    signed.extend(tlv(0x30, &DATA)); // contentInfo: data, no content
    signed.extend(tlv(0xa0, &certs)); // certificates [0] IMPLICIT SET OF Certificate
    signed.extend_from_slice(&[0x31, 0x00]); // signerInfos: empty SET
    let mut content_info = SIGNED_DATA.to_vec();
    content_info.extend(tlv(0xa0, &tlv(0x30, &signed)));
    tlv(0x30, &content_info)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::{analyze, InputFile};

    const NOW: i64 = 1_795_392_000;

    use crate::test_support::fixture;

    fn chain_report() -> Report {
        analyze(&[fixture("chain/ee_client.cer"), fixture("chain/int_ca.cer"), fixture("chain/root_ca.cer")], &Options::at(NOW))
    }

    #[test]
    fn markdown_has_verdict_trace_chain_and_facts() {
        let r = chain_report();
        let md = markdown(&r, Some("https://example.org/certlens/#cl1.abc"));
        assert!(md.contains("### Verdict"), "{md}");
        assert!(md.contains("### Trace"), "{md}");
        assert!(md.contains("### Chain"), "{md}");
        assert!(md.contains(&r.certificates[0].view.sha1.to_uppercase()));
        assert!(md.contains("(https://example.org/certlens/#cl1.abc)"));
        // Leaf first in the chain, then its issuers, indented.
        let chain = md.split("### Chain").nth(1).unwrap();
        let leaf = chain.find(&md_escape(&r.certificates[0].view.subject)).unwrap();
        let root = chain.find(&format!("    - {}", md_escape(&r.certificates[2].view.subject))).unwrap();
        assert!(leaf < root, "{chain}");
    }

    #[test]
    fn markdown_branches_read_as_words() {
        // A .cer alone depends on the key, the missing CA and revocation: each branch says what
        // happens in words ("IIS accepts it (200) if …"), not as a code ("no-certificate-offered if …").
        let r = analyze(&[fixture("chain/ee_client.cer")], &Options::at(NOW));
        let md = markdown(&r, None);
        assert!(md.contains("- IIS accepts it (200) if the user's store holds the private key"), "{md}");
        // Read unrendered (pasted into a ticket), plain punctuation is not backslashed.
        assert!(!md.contains("\\(") && !md.contains("\\\"") && !md.contains("client\\-certificate"), "{md}");
        assert!(md.contains("- the browser offers no certificate if the user's store does not hold the private key"), "{md}");
        assert!(!md.contains("- no\\-certificate\\-offered"), "{md}");
    }

    #[test]
    fn markdown_escapes_certificate_text() {
        let s = md_escape("CN=x](javascript:alert(1))\n# Issuer CN=Microsoft\u{202e}|*");
        assert!(!s.contains('\n'));
        assert!(!s.contains('\u{202e}'));
        assert!(s.contains("\\](javascript:alert(1))"), "{s}");
        assert!(s.contains("\\u{a}# Issuer"), "{s}");
        assert!(s.contains("\\|\\*"));
        // No link, image, autolink, HTML, emphasis, code, strikethrough, entity or math.
        for (hostile, escaped) in [
            ("[a](http://x)", "\\[a\\](http://x)"),
            ("![i](http://x/i.png)", "!\\[i\\](http://x/i.png)"),
            ("<http://x> <b>", "\\<http://x\\> \\<b\\>"),
            ("*a* _b_ `c` ~~d~~", "\\*a\\* \\_b\\_ \\`c\\` \\~\\~d\\~\\~"),
            // Inside a word `_` is text; where it touches a space or punctuation it could act.
            ("CRYPT_E_REVOCATION_OFFLINE a_ _b __c__ x_.", "CRYPT_E_REVOCATION_OFFLINE a\\_ \\_b \\_\\_c\\_\\_ x\\_."),
            ("&lt; $x$ a\\b", "\\&lt; \\$x\\$ a\\\\b"),
        ] {
            assert_eq!(md_escape(hostile), escaped);
        }
        // A block marker is escaped where it would act, at the start; inside a line it is text.
        for (text, escaped) in [
            ("- CN=a", "\\- CN=a"),
            ("  + a", "  \\+ a"),
            ("# Heading", "\\# Heading"),
            ("===", "\\==="),
            ("1986. A year", "1986\\. A year"),
            ("2) b", "2\\) b"),
            ("IIS refuses it (403.16) if the CA is \"Contoso Root CA\"", "IIS refuses it (403.16) if the CA is \"Contoso Root CA\""),
            ("client-certificate, C#, 1+1=2, 3.5", "client-certificate, C#, 1+1=2, 3.5"),
            // A heading's closing sequence, which the heading would drop.
            ("CN=x ## ", "CN=x \\#\\# "),
            ("CN=C#", "CN=C\\#"),
        ] {
            assert_eq!(md_escape(text), escaped, "{text}");
        }
        // Inside a line, after other words, a block marker is plain text; the rest is escaped
        // as at a block's start.
        for (text, escaped) in [("0.1.0", "0.1.0"), ("- x", "- x"), ("# x", "# x"), ("2) b", "2) b"), ("a_b [c]", "a_b \\[c\\]"), ("CN=x ## ", "CN=x \\#\\# ")] {
            assert_eq!(md_escape_inline(text), escaped, "{text}");
        }
        let md = markdown(&analyze(&[crate::test_support::fixture("chain/ee_client.cer")], &Options::at(NOW)), None);
        assert!(md.contains(&format!("· certlens {}\n", env!("CARGO_PKG_VERSION"))), "{md}");
    }

    #[test]
    fn markdown_of_every_fixture_keeps_the_template_s_lines() {
        // Each file alone (names, URLs and UPNs built to break out: hostile_text/), and the
        // hostile chain whole; `markdown` checks its lines itself (debug builds).
        for path in crate::test_support::fixture_paths() {
            let file = crate::InputFile::new(path.file_name().unwrap().to_string_lossy().to_string(), std::fs::read(&path).unwrap());
            let md = markdown(&analyze(&[file], &Options::at(NOW)), Some("https://example.org/#cl1.x"));
            assert!(md.lines().all(template_line), "{}", path.display());
        }
        // Text built to break out, in every place a certificate's words reach.
        let mut r = chain_report();
        let hostile = "\n# Injected\r\n- item\n> quote\n1. one\n#### 2. two #\n|---|";
        for c in &mut r.certificates {
            c.view.subject = format!("CN=x{hostile}");
            c.view.issuer = format!("- CN=y{hostile}");
            c.view.crl_urls = vec![format!("http://a/{hostile}")];
        }
        if let Some(s) = r.server.as_mut() {
            s.summary = format!("1. {hostile}");
        }
        let md = markdown(&r, None);
        assert!(md.lines().all(template_line), "{md}");
        assert!(md.contains("#### 1. CN=x\\u{a}# Injected\\u{d}\\u{a}- item\\u{a}\\> quote"), "{md}");
        assert!(!template_line("# Issuer"));
        assert!(!template_line("1986. A year"));
        assert!(!template_line("> quoted"));
        assert!(!template_line("#### CN=x"));
    }

    #[test]
    fn json_carries_the_server_settings() {
        let mut options = Options::at(NOW);
        options.server.ssl = crate::server::settings::SslMode::Accept;
        let r = analyze(&[fixture("chain/ee_client.cer")], &options);
        let v: serde_json::Value = serde_json::from_str(&json_with_settings(&r, &options)).unwrap();
        assert_eq!(v["server_settings"]["ssl"], "accept");
        assert_eq!(v["certificates"][0]["sha256"], r.certificates[0].view.sha256);
        assert_eq!(v["evaluated_at"], "2026-11-23T00:00:00Z");
    }

    #[test]
    fn p7b_and_pem_bundle_read_back_as_the_chain() {
        let r = chain_report();
        let chain = verdict_chain(&r);
        assert_eq!(chain.len(), 3);
        let p7b = p7b(&r, &chain);
        let back = analyze(&[InputFile::new("chain.p7b", p7b)], &Options::at(NOW));
        assert!(back.files[0].problems.is_empty(), "{:?}", back.files[0]);
        assert!(back.files[0].container.as_ref().is_some_and(|c| c.format == "PKCS#7"), "{:?}", back.files[0]);
        let shas = |r: &Report, idx: &[usize]| idx.iter().map(|&i| r.certificates[i].view.sha256.clone()).collect::<Vec<_>>();
        assert_eq!(shas(&back, &[0, 1, 2]), shas(&r, &chain));
        let pem = pem_bundle(&r, &chain);
        assert_eq!(pem.matches("BEGIN CERTIFICATE").count(), 3);
        let back = analyze(&[InputFile::new("chain.pem", pem)], &Options::at(NOW));
        assert_eq!(shas(&back, &[0, 1, 2]), shas(&r, &chain));
    }

    #[test]
    fn long_lengths_are_encoded() {
        let t = tlv(0x04, &[0u8; 300]);
        assert_eq!(&t[..4], &[0x04, 0x82, 0x01, 0x2c]);
        assert_eq!(tlv(0x04, &[0u8; 0x80])[1], 0x81);
    }
}
