//! Plain-text rendering of a report.

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::report::Report;

/// Text from a certificate or a file, safe for a terminal: control characters,
/// bidi overrides and zero-width characters written as `\x1b`, `\n`, `\u{202e}`,
/// so an ESC sequence cannot recolour or clear the screen and a newline in a
/// name cannot forge a line of output.
fn e(s: &str) -> std::borrow::Cow<'_, str> {
    crate::text::escape_for_terminal(s)
}

/// Where the text reads the report: a whole report, or a lean analysis' (each thin
/// certificate's view rebuilt when it is written, the chain layer's findings and the tree made
/// then: the same text).
#[derive(Clone, Copy)]
enum Source<'a> {
    Whole(&'a Report),
    Lean(&'a crate::analysis::Lean),
}

impl<'a> Source<'a> {
    fn report(self) -> &'a Report {
        match self {
            Source::Whole(r) => r,
            Source::Lean(l) => &l.report,
        }
    }

    /// Certificate `i`'s view in full.
    fn view(self, i: usize) -> Option<Cow<'a, crate::model::CertificateView>> {
        match self {
            Source::Whole(r) => r.certificates.get(i).map(|c| Cow::Borrowed(&c.view)),
            Source::Lean(l) => l.certificates().view(i),
        }
    }

    fn diagnostics(self) -> Box<dyn Iterator<Item = Cow<'a, crate::report::Diagnostic>> + 'a> {
        match self {
            Source::Whole(r) => Box::new(r.diagnostics.iter().map(Cow::Borrowed)),
            Source::Lean(l) => Box::new((0..l.diagnostics_len()).filter_map(|i| l.diagnostic(i))),
        }
    }

    fn tree(self) -> Cow<'a, [crate::chain::TreeNode]> {
        match self {
            Source::Lean(l) if l.tree_deferred => Cow::Owned(crate::chain::Hierarchy::tree_of(&l.report.hierarchy.chains)),
            _ => Cow::Borrowed(&self.report().hierarchy.tree),
        }
    }
}

/// The report as text, one block per file and certificate.
pub fn render_text(report: &Report) -> String {
    let mut out = Vec::new();
    let _ = write_source(Source::Whole(report), &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// A lean analysis' report as text ([`render_text`]'s), written as it is made: a thin
/// certificate's view is rebuilt for its block and let go after it (50,000 leaves' text made
/// whole from a full analysis held 1.4 GB).
pub fn write_text(lean: &crate::analysis::Lean, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    write_source(Source::Lean(lean), out)
}

/// Whether `file` is still locked: a PKCS#12 file whose password was not given or was wrong, or
/// an encrypted key not opened (the core's messages say "give the password"; here is how).
fn needs_password(report: &crate::report::Report, file: &crate::found::FileReport) -> bool {
    file.container.as_ref().is_some_and(|c| c.password.locks())
        || file.keys.iter().filter_map(|&k| report.keys.get(k)).any(|k| k.locked())
}

fn write_source(src: Source<'_>, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let report = src.report();
    let mut s = String::new();
    let _ = writeln!(s, "certlens {} — evaluated at {}", report.version, report.evaluated_at);
    for file in &report.files {
        let _ = writeln!(s, "\n== {} ({} bytes, {})", e(&file.name), crate::text::grouped(file.size), e(&file.detected));
        for p in &file.problems {
            let _ = writeln!(s, "  problem: {}", e(p));
        }
        for n in &file.notes {
            let _ = writeln!(s, "  note: {}", e(n));
        }
        if let Some(c) = &file.container {
            let _ = writeln!(s, "  {} — {}", e(&c.summary), e(&c.private_key));
            if let Some(m) = &c.mac {
                let _ = writeln!(s, "    integrity: {}, {}", e(&m.algorithm), crate::text::count(m.iterations, "iteration", "iterations"));
            }
            for (i, part) in c.parts.iter().enumerate() {
                let enc = part.encryption.as_ref().map(|x| format!(", {}", e(&x.algorithm))).unwrap_or_default();
                let kinds: Vec<&str> = part.bags.iter().map(|b| b.kind.as_str()).collect();
                let _ = writeln!(s, "    part {}: {}{enc}{}", i + 1, e(&part.kind), if part.opened { format!(" [{}]", e(&kinds.join(", "))) } else { " (locked)".into() });
            }
        }
        for &k in &file.keys {
            let Some(key) = report.keys.get(k) else { continue };
            let _ = writeln!(s, "  Key #{k}: {} — {}", e(&key.format), e(&key.status));
        }
        if needs_password(report, file) {
            let _ = writeln!(s, "  password: give it with --password-env VAR, VAR being an environment variable that holds it (it is never printed)");
        }
        for r in report.requests.iter().filter(|r| r.file == file.name) {
            request_block(&mut s, r);
        }
        // Each certificate's block made on every core, a chunk at a time (its view rebuilt when
        // thin), and written in order.
        for chunk in file.certificates.chunks(TEXT_CHUNK) {
            let blocks = crate::par::map(chunk, 2, |&i| {
                let mut b = String::new();
                if let (Some(c), Some(v)) = (report.certificates.get(i), src.view(i)) {
                    certificate_block(&mut b, i, c, &v);
                }
                b
            });
            for b in blocks.into_iter().flatten() {
                s.push_str(&b);
                spill(out, &mut s)?;
            }
        }
    }
    render_hierarchy(&mut s, report, &src.tree());
    if let Some(server) = &report.server {
        render_server(&mut s, report, server);
    }
    if let Some(a) = &report.trust_store {
        render_trust_store(&mut s, a);
    }
    if let Some(m) = &report.mapping {
        render_mapping(&mut s, report, m);
    }
    let mut diagnostics = src.diagnostics().peekable();
    if diagnostics.peek().is_some() {
        let _ = writeln!(s, "\nDiagnostics");
        for d in diagnostics {
            let _ = writeln!(s, "  {:<7} {:<28} {}", format!("{:?}", d.severity).to_lowercase(), d.code.as_str(), e(&d.message.to_string()));
            spill(out, &mut s)?;
        }
    }
    out.write_all(s.as_bytes())
}

/// The text is written out whenever this much is made.
const FLUSH_AT: usize = 1 << 16;

/// Write out what `s` holds once it reaches [`FLUSH_AT`].
fn spill(out: &mut dyn std::io::Write, s: &mut String) -> std::io::Result<()> {
    if s.len() >= FLUSH_AT {
        out.write_all(s.as_bytes())?;
        s.clear();
    }
    Ok(())
}

/// Certificates whose blocks are made at a time (on every core natively; tests: 3, so that a
/// drop of a few certificates has several chunks).
const TEXT_CHUNK: usize = if cfg!(test) { 3 } else { 256 };

/// One line of a certificate's or a request's block: its label, aligned, then its value.
fn row(s: &mut String, k: &str, val: &str) {
    let _ = writeln!(s, "    {k:<22} {}", e(val));
}

/// A certificate request: what it asks for (as the JSON's `requests` holds it), and what of
/// the drop belongs to it.
fn request_block(s: &mut String, r: &crate::input::requests::RequestReport) {
    let _ = writeln!(s, "  Certificate request: {} ({})", e(&r.subject), e(&r.public_key));
    row(s, "Signature algorithm", &r.signature_algorithm);
    if !r.extended_key_usage.is_empty() {
        let names: Vec<&str> = r.extended_key_usage.iter().map(|o| crate::model::oids::eku_name(o).unwrap_or(o)).collect();
        row(s, "Extended key usage", &names.join(", "));
    }
    for san in &r.subject_alt_names {
        row(s, "Alternative name", &crate::input::requests::san_words(san));
    }
    if !r.requested_extensions.is_empty() {
        row(s, "Extensions asked for", &r.requested_extensions.join(", "));
    }
    if r.has_challenge_password {
        row(s, "Challenge password", "present (its value is not shown)");
    }
    let keys: Vec<String> = r.keys.iter().map(|k| format!("key #{k}")).collect();
    row(s, "Private key", &if keys.is_empty() { "not among the dropped files".to_string() } else { format!("dropped: {}", keys.join(", ")) });
    if !r.certificates.is_empty() {
        let certs: Vec<String> = r.certificates.iter().map(|c| format!("#{c}")).collect();
        row(s, "Issued as certificate", &certs.join(", "));
    }
}

/// Certificate `i`'s block: its facts, then [`details`].
fn certificate_block(s: &mut String, i: usize, c: &crate::report::CertificateReport, v: &crate::model::CertificateView) {
    let _ = writeln!(s, "\n  Certificate #{i}");
    row(s, "Subject", if v.subject.trim().is_empty() { "(empty)" } else { &v.subject });
    row(s, "Issuer", &v.issuer);
    row(s, "Valid", &format!("{} to {} ({})", v.not_before, v.not_after, v.validity.text));
    row(s, "Lifetime", &v.validity.lifetime_text);
    row(s, "Serial", &v.serial);
    row(s, "Thumbprint (SHA-1)", &v.thumbprint());
    row(s, "SHA-256", &v.sha256);
    row(s, "SPKI SHA-256 (pin)", &v.spki_sha256_base64);
    row(s, "Public key", &v.public_key.summary);
    if let Some(pk) = &c.private_key {
        row(s, "Private key", &pk.message);
    }
    row(
        s,
        "Signature algorithm",
        &format!("{}{}", v.signature_algorithm.name, if v.signature_algorithm.weak { " (weak)" } else { "" }),
    );
    row(s, "Certificate authority", if v.is_ca { "yes" } else { "no" });
    if let Some(ku) = &v.key_usage {
        row(s, "Key usage", &ku.join(", "));
    }
    if v.extended_key_usage.is_some() {
        row(s, "Extended key usage", &v.eku_names().join(", "));
    }
    for san in &v.subject_alt_names {
        row(s, "Alternative name", &format!("{}: {}", san.kind.to_uppercase(), san.value));
    }
    for u in &v.crl_urls {
        row(s, "CRL", u);
    }
    for u in &v.aia_ca_issuer_urls {
        row(s, "CA issuers (AIA)", u);
    }
    for u in &v.ocsp_urls {
        row(s, "OCSP", u);
    }
    details(s, v);
}

/// The richer detail of one certificate: summary, name forms, every extension, URLs.
fn details(s: &mut String, v: &crate::model::CertificateView) {
    use crate::model::Severity;
    let _ = writeln!(s, "    Summary");
    for n in &v.notable {
        let mark = match n.severity {
            Severity::Error => "[error]  ",
            Severity::Warning => "[warning]",
            Severity::Info => "         ",
        };
        let _ = writeln!(s, "      {mark} {}", e(&n.text));
    }
    let _ = writeln!(s, "    Names");
    let _ = writeln!(s, "      Subject (RFC 4514)   {}", e(&v.subject_name.rfc4514));
    let _ = writeln!(s, "      Subject (OpenSSL)    {}", e(&v.subject_name.openssl));
    let _ = writeln!(s, "      Issuer (RFC 4514)    {}", e(&v.issuer_name.rfc4514));
    if let Some(e) = v.public_key.rsa_exponent {
        let _ = writeln!(s, "      RSA exponent         {e}");
    }
    let _ = writeln!(s, "    Extensions");
    for x in &v.extensions {
        let crit = if x.critical { ", critical" } else { "" };
        let _ = writeln!(s, "      {} ({}{crit})", e(&x.name), e(&x.oid));
        if let Some(err) = &x.error {
            let _ = writeln!(s, "        malformed: {}", e(err));
        }
        for line in &x.values {
            let _ = writeln!(s, "        {}", e(line));
        }
    }
    if !v.urls.is_empty() {
        let _ = writeln!(s, "    URLs");
        for u in &v.urls {
            let note = if u.note.is_empty() { String::new() } else { format!("  ({})", u.note) };
            let _ = writeln!(s, "      {:<12} {}{note}", u.source, e(&u.url));
        }
    }
}

/// The expected-server-behaviour block.
/// A client verdict on a certificate for server authentication only, with a DNS name: the page
/// checks such a certificate as a server certificate by itself (its automatic mode); the CLI's
/// mode is the one asked for, so it says how to ask for the other.
fn server_certificate_hint(report: &crate::report::Report, r: &crate::server::ServerReport) -> Option<String> {
    use crate::command::{CommandLine, Shell};
    if r.mode != crate::server::Mode::ClientCertificate {
        return None;
    }
    let i = r.trace.iter().find_map(|t| t.certificate_index)?;
    let host = crate::report::subject::server_only_host(report, i)?;
    let again = CommandLine::new(Shell::Sh, "certlens").arg("--host").value(host).arg("FILE...").render().ok()?;
    Some(format!("note: this is a certificate for server authentication only; for what browsers do when a web server presents it: {again}"))
}

fn render_server(s: &mut String, report: &crate::report::Report, r: &crate::server::ServerReport) {
    use crate::server::trace::StepStatus;
    let title = if r.mode == crate::server::Mode::ServerCertificate { "Expected browser behaviour" } else { "Expected server behaviour (IIS)" };
    let _ = writeln!(s, "\n{title}: {}", r.outcome.as_str());
    let _ = writeln!(s, "  {}", e(&r.summary));
    for b in &r.outcome_if {
        let _ = writeln!(s, "  - {}", e(&b.sentence()));
    }
    if let Some(o) = &r.observed {
        let _ = writeln!(s, "  {}", e(o));
    }
    if let Some(hint) = server_certificate_hint(report, r) {
        let _ = writeln!(s, "  {}", e(&hint));
    }
    for st in &r.trace {
        let mark = match st.status {
            StepStatus::Passed => "ok",
            StepStatus::Failed => "FAIL",
            StepStatus::Unknown => "?",
            StepStatus::Skipped => "-",
        };
        let later = if st.reached { "" } else { " (not reached)" };
        let _ = writeln!(s, "  [{mark:>4}] {}{later}: {}", e(&st.title), e(&st.evidence));
        if st.status == StepStatus::Failed || st.status == StepStatus::Unknown {
            if let Some(fix) = &st.fix {
                let _ = writeln!(s, "         fix: {}", e(&fix.text));
                for c in &fix.commands {
                    let _ = writeln!(s, "           {}", e(c));
                }
                if !fix.reference.is_empty() {
                    let _ = writeln!(s, "         see: {}", e(&fix.reference));
                }
            }
        }
    }
    for t in &r.traps {
        let _ = writeln!(s, "  trap {}: {}", t.code.as_str(), e(&t.message));
    }
    for x in &r.timeline {
        let _ = writeln!(s, "  from {}: {} ({})", e(&x.at), x.outcome.as_str(), e(&x.because));
    }
}

/// The trust-store audit block.
fn render_trust_store(s: &mut String, a: &crate::server::audit::TrustStoreAudit) {
    let _ = writeln!(s, "\nTrust store audit ({})", e(&a.files.join(", ")));
    let _ = writeln!(s, "  {}", e(&a.summary));
    let _ = writeln!(s, "  Certificates         {} ({} CA)", a.certificate_count, a.ca_count);
    let over = |b: bool| if b { "over" } else { "within" };
    let _ = writeln!(
        s,
        "  Issuer list          {} bytes ({} 12 KB = 12288, {} 16 KB = 16384; KB 2801679)",
        a.issuer_list_bytes,
        over(a.over_12k),
        over(a.over_16k)
    );
    if a.cut_at_12k > 0 || a.cut_at_16k > 0 {
        let _ = writeln!(s, "  Cut                  {} at 16 KB, {} at 12 KB", a.cut_at_16k, a.cut_at_12k);
    }
    if let Some(c) = &a.client_ca {
        let state = if !c.in_store {
            "not in the store"
        } else if c.cut_at_16k {
            "in the store, cut at 16 KB"
        } else if c.cut_at_12k {
            "in the store, cut at 12 KB (IIS 6)"
        } else {
            "in the store and in the issuer list"
        };
        let _ = writeln!(s, "  Client's CA          {} — {state}", e(if c.ca_subject.is_empty() { "(not dropped)" } else { c.ca_subject.as_str() }));
    }
    for f in &a.findings {
        let reference = if f.reference.is_empty() { String::new() } else { format!(" ({})", f.reference) };
        let _ = writeln!(s, "  {:<7} {:<30} {}{reference}", format!("{:?}", f.severity).to_lowercase(), f.code.as_str(), e(&f.message));
    }
}

/// The Active Directory mapping helper block.
fn render_mapping(s: &mut String, report: &crate::report::Report, m: &crate::server::mapping::MappingReport) {
    let named = report.certificates.get(m.certificate).map_or_else(|| m.subject.clone(), |c| c.view.label());
    let _ = writeln!(s, "\nActive Directory mapping ({})", e(&named));
    let _ = writeln!(s, "  SID                  {}", e(&m.sid.as_deref().map_or_else(|| "none".to_string(), |sid| format!("{sid} ({})", m.sid_source.map_or("", crate::model::SidSource::name)))));
    let _ = writeln!(s, "  UPN                  {}", e(m.upn.as_deref().unwrap_or("none")));
    let yes = |b: bool| if b { "maps" } else { "does not map" };
    let _ = writeln!(s, "  Full enforcement     {}: {}", yes(m.enforcement.works), e(&m.enforcement.why));
    let _ = writeln!(s, "  Compatibility mode   {}: {}", yes(m.compatibility.works), e(&m.compatibility.why));
    let _ = writeln!(s, "  altSecurityIdentities (strong first):");
    for a in &m.alt_security_identities {
        let _ = writeln!(s, "    [{}] {:<15} {}", if a.strong { "strong" } else { " weak " }, a.kind, e(&a.value));
    }
    if let Some(first) = m.alt_security_identities.first() {
        match (&first.powershell.command, &first.powershell.withheld) {
            (Some(c), _) => {
                let _ = writeln!(s, "  PowerShell           {}", e(c));
            }
            (None, Some(why)) => {
                let _ = writeln!(s, "  PowerShell           (withheld: {})", e(why));
            }
            _ => {}
        }
    }
    match (&m.iis_one_to_one.command, &m.iis_one_to_one.withheld) {
        (Some(c), _) => {
            let _ = writeln!(s, "  IIS one-to-one       {}", e(c));
        }
        (None, Some(why)) => {
            let _ = writeln!(s, "  IIS one-to-one       (withheld: {})", e(why));
        }
        _ => {}
    }
    for c in &m.iis_many_to_one.commands {
        if let Some(c) = &c.command {
            let _ = writeln!(s, "  IIS many-to-one      {}", e(c));
        }
    }
    let _ = writeln!(s, "  see: {}", m.reference);
}

/// The hierarchy: each tree, roots on top, one line per certificate with its
/// status; then each end certificate's revocation line and the CRLs.
fn render_hierarchy(s: &mut String, report: &Report, tree: &[crate::chain::TreeNode]) {
    use crate::chain::{NodeStatus, TreeNode};
    let h = &report.hierarchy;
    if tree.is_empty() && h.crls.is_empty() {
        return;
    }
    let _ = writeln!(s, "\nHierarchy");
    fn mark(st: NodeStatus) -> &'static str {
        match st {
            NodeStatus::Valid => "[ok]",
            NodeStatus::Warning => "[warning]",
            NodeStatus::Invalid => "[invalid]",
            NodeStatus::Missing => "[missing]",
        }
    }
    fn walk(s: &mut String, n: &TreeNode, depth: usize) {
        let indent = "   ".repeat(depth);
        let index = n.certificate.map(|i| format!(" (#{i})")).unwrap_or_default();
        let trust = match n.anchor_trust {
            Some(crate::chain::AnchorTrust::TrustedForAnalysis) => " — root trusted for this analysis",
            Some(crate::chain::AnchorTrust::TrustStore) => " — in the server's trusted roots",
            Some(crate::chain::AnchorTrust::Untrusted) => " — root not trusted",
            _ => "",
        };
        let _ = writeln!(s, "  {indent}{} {}{index}{trust}", mark(n.status), e(&n.label));
        if let Some(m) = &n.missing {
            // The whole name as it is, unquoted: its values may be quoted themselves (`O="X, Inc."`).
            let _ = writeln!(s, "  {indent}   not provided: issuer {}{}", e(&m.expected_name), m.key_id.as_ref().map(|k| format!(" (key id {k})")).unwrap_or_default());
            for c in &m.fetch_commands {
                let _ = writeln!(s, "  {indent}   fetch: {}", e(c));
            }
            for w in &m.withheld_commands {
                let _ = writeln!(s, "  {indent}   {}", e(w));
            }
        }
        for c in &n.children {
            walk(s, c, depth + 1);
        }
    }
    for t in tree {
        walk(s, t, 0);
    }
    for c in &h.chains {
        let _ = writeln!(s, "  {}", e(&c.best.summary));
        for x in &c.best.elements {
            if x.role != crate::chain::Role::Root {
                let _ = writeln!(s, "    {:<22} {}", e(&x.label), e(&x.revocation_text));
            }
        }
        if !c.alternatives.is_empty() {
            let _ = writeln!(s, "    {}:", crate::text::count(c.alternatives.len(), "other path", "other paths"));
            for a in &c.alternatives {
                let _ = writeln!(s, "      {}", e(&a.summary));
            }
        }
    }
    for crl in &h.crls {
        let _ = writeln!(
            s,
            "  CRL {}: {} — {}, {} revoked, updated {}, next update {}",
            e(&crl.source),
            e(&crl.issuer),
            crl.state.label(),
            crl.revoked_count,
            e(&crl.this_update),
            e(crl.next_update.as_deref().unwrap_or("(none)"))
        );
    }
}

/// The ASN.1 tree of every certificate, one line per element: offset, header+content length,
/// tag, preview (like `openssl asn1parse`, with nested DER inside OCTET/BIT STRINGs opened).
/// Written certificate by certificate from each one's DER (a bundle's trees are never held
/// at once); a thin certificate's label is its full view's, as the whole report's.
pub fn write_asn1(lean: &crate::analysis::Lean, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    use crate::model::asn1::{asn1_tree, Asn1Node, DEFAULT_NODE_BUDGET};
    fn walk(s: &mut String, n: &Asn1Node, depth: usize) {
        let indent = "  ".repeat(depth);
        let preview = n.preview.as_deref().map(|p| format!("  {p}")).unwrap_or_default();
        let open = if n.encapsulates { "  (holds DER:)" } else { "" };
        let _ = writeln!(s, "  {:>6} {:>3}+{:<5} {indent}{}{}{open}", n.offset, n.header_length, n.length, n.tag_name, e(&preview));
        for c in &n.children {
            walk(s, c, depth + 1);
        }
    }
    let certificates = lean.certificates();
    let mut s = String::new();
    for (i, der) in lean.der.iter().enumerate() {
        let Some(view) = certificates.view(i) else { continue };
        let _ = writeln!(s, "\nASN.1 of certificate #{i} ({})", e(&view.label()));
        let tree = asn1_tree(der, DEFAULT_NODE_BUDGET);
        let _ = writeln!(s, "  offset hdr+len");
        for n in &tree.nodes {
            walk(&mut s, n, 0);
        }
        if tree.truncated {
            let _ = writeln!(s, "  (cut short after {} elements)", tree.node_count);
        }
        if let Some(err) = &tree.error {
            let _ = writeln!(s, "  (not valid DER after this point: {})", e(err));
        }
        spill(out, &mut s)?;
    }
    out.write_all(s.as_bytes())
}
