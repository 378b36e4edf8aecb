//! One status per certificate, derived from the chain layer's decision.
//!
//! The card, the certificate list, the hierarchy and the server trace all
//! show [`cert_status`]: the same word for the same certificate everywhere.
//! The validity period is one of its inputs (an expired certificate is
//! "Expired"), not a second badge beside it; a revoked certificate is
//! "Revoked" whatever its dates say.

use crate::chain::{AnchorTrust, NodeStatus, Revocation};
use crate::diag::Code;
use crate::model::{Severity, ValidityState};
use crate::report::Report;
use serde::{Deserialize, Serialize};

/// What a certificate's status is, worst first in [`StatusKind::rank`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatusKind {
    /// Listed on a dropped CRL.
    Revoked,
    /// Past its notAfter.
    Expired,
    /// Before its notBefore.
    NotYetValid,
    /// The chain breaks a rule (bad signature, constraints, ...).
    Invalid,
    /// The chain ends in a root that is not trusted.
    NotTrusted,
    /// The issuer was not among the dropped files: certlens cannot finish the chain.
    IssuerMissing,
    /// Valid, and something deserves a look.
    Warnings,
    /// Valid up to a trusted root.
    Valid,
    /// Not part of any chain the analysis built.
    Unchecked,
    /// Listed, its chain not checked yet (the analysis is on its way).
    Checking,
}

/// How a status looks: text first, colour as a hint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// All good.
    Good,
    /// Worth a look.
    Warn,
    /// Broken.
    Bad,
    /// Nothing to say.
    Neutral,
}

impl StatusKind {
    /// The word shown on every view.
    pub fn word(self) -> &'static str {
        match self {
            StatusKind::Revoked => "Revoked",
            StatusKind::Expired => "Expired",
            StatusKind::NotYetValid => "Not yet valid",
            StatusKind::Invalid => "Not valid",
            StatusKind::NotTrusted => "Root not trusted",
            StatusKind::IssuerMissing => "Issuer not dropped",
            StatusKind::Warnings => "Valid, with warnings",
            StatusKind::Valid => "Valid",
            StatusKind::Unchecked => "Not checked",
            StatusKind::Checking => "Checking\u{2026}",
        }
    }

    /// A stable key (`data-status` in the page, the filter box).
    pub fn key(self) -> &'static str {
        match self {
            StatusKind::Revoked => "revoked",
            StatusKind::Expired => "expired",
            StatusKind::NotYetValid => "not-yet-valid",
            StatusKind::Invalid => "invalid",
            StatusKind::NotTrusted => "not-trusted",
            StatusKind::IssuerMissing => "issuer-missing",
            StatusKind::Warnings => "warnings",
            StatusKind::Valid => "valid",
            StatusKind::Unchecked => "unchecked",
            StatusKind::Checking => "checking",
        }
    }

    /// Its tone.
    pub fn tone(self) -> Tone {
        match self {
            StatusKind::Revoked | StatusKind::Expired | StatusKind::NotYetValid | StatusKind::Invalid | StatusKind::NotTrusted => Tone::Bad,
            StatusKind::IssuerMissing | StatusKind::Warnings => Tone::Warn,
            StatusKind::Valid => Tone::Good,
            StatusKind::Unchecked | StatusKind::Checking => Tone::Neutral,
        }
    }
}

/// A certificate's one status and the sentence that explains it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertStatus {
    /// The status.
    pub kind: StatusKind,
    /// Why, in one sentence (a tooltip and the card's first line): read by
    /// [`CertStatus::reason`]. Empty in a listing's "being checked" rows, which all say the same.
    pub reason: String,
    /// The code of the finding `reason` says in other words, if any (`certificate-revoked`):
    /// the card does not list it again. Its words, not the `Code`: the page compares them
    /// with its findings' codes without the table of every code's name (~1.9 KB gzip).
    pub restates: Option<String>,
}

impl CertStatus {
    fn new(kind: StatusKind, reason: impl Into<String>) -> Self {
        Self { kind, reason: reason.into(), restates: None }
    }

    /// A status whose reason says what the finding `code` says.
    fn saying(kind: StatusKind, reason: impl Into<String>, code: crate::diag::Code) -> Self {
        Self { restates: Some(code.as_str().to_string()), ..Self::new(kind, reason) }
    }

    /// Why, in one sentence. A listing's row whose chain is still being checked says so by its
    /// kind: the sentence is not sent with each of a big drop's thousands of rows.
    pub fn reason(&self) -> &str {
        match self.kind {
            StatusKind::Checking if self.reason.is_empty() => "Its chain is being checked.",
            _ => &self.reason,
        }
    }
}

/// The status of every certificate of the report, in report order.
pub fn statuses(report: &Report) -> Vec<CertStatus> {
    (0..report.certificates.len()).map(|i| cert_status(report, i)).collect()
}

/// The status of certificate `i`: from its best path (for an end certificate,
/// the whole chain's decision; for a CA, its own place in the path that holds it).
pub fn cert_status(report: &Report, i: usize) -> CertStatus {
    let Some(cert) = report.certificates.get(i) else { return CertStatus::new(StatusKind::Unchecked, "") };
    let h = &report.hierarchy;
    let own_chain = h.chain_for(i).map(|c| &c.best);
    let path = own_chain.or_else(|| h.path_for(i));
    let element = path.and_then(|p| p.elements.iter().find(|e| e.certificate == i));

    if let Some(Revocation::Revoked { crl, date_unix, reason, .. }) = element.map(|e| &e.revocation) {
        let source = h.crls.get(*crl).map(|c| format!(" by the CRL {}", c.source)).unwrap_or_default();
        let why = reason.as_ref().map(|r| format!(" ({r})")).unwrap_or_default();
        return CertStatus::saying(StatusKind::Revoked, format!("Revoked on {}{why}{source}.", crate::model::date_only(*date_unix)), Code::CertificateRevoked);
    }
    match cert.view.validity.state {
        ValidityState::Expired => return CertStatus::saying(StatusKind::Expired, capitalise(&cert.view.validity.text), Code::CertificateExpired),
        ValidityState::NotYetValid => return CertStatus::saying(StatusKind::NotYetValid, capitalise(&cert.view.validity.text), Code::CertificateNotYetValid),
        ValidityState::Valid => {}
    }
    let Some(path) = path else {
        return CertStatus::new(StatusKind::Unchecked, "No chain was built for this certificate.");
    };
    // Findings that concern this certificate (for a CA) or the whole path (for an end certificate).
    let mine = |sev: Severity| {
        path.diagnostics
            .iter()
            .filter(move |d| d.severity == sev && (own_chain.is_some() || d.certificate == Some(i)))
    };
    // A finding as the status: the card lists this certificate's own findings, so only one
    // of them is the one the status restates.
    let own = element.map(|e| &*e.label);
    let said = |kind: StatusKind, d: &crate::diag::Diagnostic| {
        if d.certificate == Some(i) {
            CertStatus::saying(kind, sentence(&d.message, own), d.code)
        } else {
            CertStatus::new(kind, sentence(&d.message, own))
        }
    };
    let status = match (own_chain, element) {
        (Some(p), _) => p.status,
        (None, Some(e)) => e.status,
        (None, None) => NodeStatus::Valid,
    };
    match status {
        NodeStatus::Invalid | NodeStatus::Missing => {
            let first = mine(Severity::Error).next();
            let kind = match first {
                Some(d) if d.code == Code::ChainUntrustedRoot => StatusKind::NotTrusted,
                None if own_chain.is_some() && path.anchor_trust == AnchorTrust::Untrusted => StatusKind::NotTrusted,
                _ => StatusKind::Invalid,
            };
            let revoked_ca = path.elements.iter().find(|e| e.certificate != i && matches!(e.revocation, Revocation::Revoked { .. }));
            match (first, revoked_ca) {
                (_, Some(ca)) if own_chain.is_some() => CertStatus::new(kind, format!("Its issuing CA \"{}\" is revoked.", ca.label)),
                (Some(d), _) => said(kind, d),
                (None, _) => CertStatus::new(kind, "The chain does not validate."),
            }
        }
        _ if own_chain.is_some() && path.missing_issuer.is_some() => {
            // Named as the chain layer's messages name it (its CN, else the whole name).
            let name = path.missing_issuer.as_ref().map(|m| crate::chain::short_name(&m.expected_name)).unwrap_or_default();
            // The missing certificate is the issuer of the chain's top, which is this one only
            // when none of its CAs was dropped ("Its issuer" named the root a dropped
            // intermediate needs as the leaf's own issuer).
            let stops_above = path.elements.last().filter(|top| top.certificate != i);
            let said = "was not among the dropped files, so certlens cannot finish the chain; whether the server has it is not known.";
            match (stops_above, &path.missing_issuer) {
                (Some(top), _) => CertStatus::new(StatusKind::IssuerMissing, format!("Its chain stops at \"{}\", whose issuer \"{name}\" {said}", top.label)),
                // Its own issuer: where to fetch it too, which is all its finding adds (the
                // card does not list that finding again).
                (None, Some(m)) => {
                    let fetch = if m.aia_urls.is_empty() {
                        " The certificate names no address (AIA) to fetch it from.".to_string()
                    } else {
                        format!(" It can be fetched from {}.", crate::text::name_a_few(&m.aia_urls, " or "))
                    };
                    CertStatus::saying(StatusKind::IssuerMissing, format!("Its issuer \"{name}\" {said}{fetch}"), Code::ChainIssuerMissing)
                }
                (None, None) => CertStatus::new(StatusKind::IssuerMissing, format!("Its issuer \"{name}\" {said}")),
            }
        }
        NodeStatus::Warning => {
            match mine(Severity::Warning).next() {
                Some(d) => said(StatusKind::Warnings, d),
                None => CertStatus::new(StatusKind::Warnings, "Valid; see the warnings below."),
            }
        }
        NodeStatus::Valid => {
            let reason = match path.anchor_trust {
                AnchorTrust::TrustedForAnalysis => "Valid up to a dropped root, trusted for this analysis.",
                AnchorTrust::TrustStore => "Valid up to a root in the server's trusted roots.",
                _ => "Valid.",
            };
            CertStatus::new(StatusKind::Valid, reason)
        }
    }
}

fn capitalise(s: &str) -> String {
    full_stop(crate::text::capitalise_first(s))
}

/// `s` ending with a full stop (an empty text stays empty).
fn full_stop(mut s: String) -> String {
    if !s.is_empty() && !s.ends_with('.') {
        s.push('.');
    }
    s
}

/// A finding as a sentence: the name of the certificate it is about, when the chain layer
/// gave one, is kept as written ("www.fabrikam.com: …" stays lower case: a name is not a word
/// to capitalise), unless it is `own`, the name of the certificate whose status this is (shown
/// beside its name: "selfsigned-alice: self-signed …" under "selfsigned-alice"); a sentence
/// without one starts with a capital.
fn sentence(message: &crate::diag::Message, own: Option<&str>) -> String {
    match message.subject() {
        Some(about) if Some(&**about) != own => full_stop(message.to_string().trim().to_string()),
        _ => capitalise(message.sentence().trim()),
    }
}

/// One line of the certificate list: what the list, the filter and the chooser need (made in
/// the worker, sent with the page model).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertRow {
    /// Index in the report (`#cert-N`; shown as number N+1).
    pub index: usize,
    /// What names the row: the certificate's SHA-256 (lowercase hex); in a listing's row, which
    /// has no thumbprint yet, `#` and its index (the answer's row of that index is the same
    /// certificate: the state renames rows toggled open meanwhile).
    pub id: String,
    /// SHA-1 thumbprint, lowercase hex; empty in a listing's row (the analysis's rows, which
    /// replace them, carry it and the SHA-256: the filter finds a thumbprint from then on).
    pub sha1: String,
    /// Short name (CN).
    pub name: String,
    /// A CA certificate.
    pub is_ca: bool,
    /// Its subject is its issuer (with [`CertRow::is_ca`], a root; [`CertRow::role`]).
    pub self_issued: bool,
    /// Server authentication is allowed (server-authentication EKU, anyEKU or no EKU):
    /// a server-certificate verdict can apply.
    pub server_auth: bool,
    /// The host name a server-certificate check would use (first DNS name, or a dotted CN).
    pub host: Option<String>,
    /// The one status.
    pub status: CertStatus,
    /// notAfter as a date (`2027-11-23`).
    pub expires: String,
    /// Who issued it (short name), for a row whose name another row has too and that did not
    /// issue itself: an intermediate and its cross-certificate read alike otherwise.
    pub issued_by: Option<String>,
    /// What the filter searches, lowercased when the row is made (in the worker): subject,
    /// issuer, file name, each on its own (separated by NUL); the status's word and key and the
    /// role are fixed words the row says from its kind and flags ([`CertRow::matches`]). The
    /// row carries the subject, the issuer and the file only here: the page shows none of
    /// them in the list, and a listing of 10,000 rows crossed to the page with each twice.
    pub search: String,
}

impl CertRow {
    /// Root, intermediate, end certificate: its words, from its two flags ([`role_of`]).
    pub fn role(&self) -> &'static str {
        role_of(self.is_ca, self.self_issued)
    }

    /// A root: a CA certificate whose subject is its issuer (what a root store holds).
    pub fn is_root(&self) -> bool {
        self.is_ca && self.self_issued
    }

    /// Whether the row matches a filter text: subject, issuer, thumbprint
    /// (any case, spaces and colons ignored), status, file name.
    pub fn matches(&self, filter: &str) -> bool {
        self.matches_prepared(&RowFilter::new(filter))
    }

    /// [`CertRow::matches`] with the filter made ready once for all rows (lowercased, its
    /// thumbprint form), not again for each of 10,000 rows at each key press.
    pub fn matches_prepared(&self, f: &RowFilter) -> bool {
        if f.lower.is_empty() {
            return true;
        }
        (f.words && (self.search.contains(&f.lower) || self.says(&f.lower)))
            || f.hex.as_ref().is_some_and(|hex| self.has_thumbprints() && (self.sha1.contains(hex) || self.id.contains(hex)))
    }

    /// Whether the fixed words of the row (its status's word and key, its role) hold `lowercased`,
    /// in any case: they are not in its filter text, which crosses to the page with every row.
    fn says(&self, lowercased: &str) -> bool {
        let needle = lowercased.as_bytes();
        [self.status.kind.word(), self.status.kind.key(), self.role()]
            .iter()
            .any(|word| word.as_bytes().windows(needle.len().max(1)).any(|w| w.eq_ignore_ascii_case(needle)))
    }

    /// The row carries its thumbprints: SHA-1, and SHA-256 as its id. A listing's row has
    /// none yet (its id is its index, [`listing_id`], which no thumbprint filter finds).
    pub fn has_thumbprints(&self) -> bool {
        !self.sha1.is_empty()
    }
}

/// A filter text as rows are matched against it ([`CertRow::matches_prepared`]).
pub struct RowFilter {
    /// Trimmed and lowercased.
    lower: String,
    /// Whether it can be found in a row's words (a NUL, the separator of a row's filter text, cannot).
    words: bool,
    /// Without spaces and colons, when that is a thumbprint's beginning (4 hex digits or more).
    hex: Option<String>,
}

impl RowFilter {
    /// The filter `text` made ready.
    pub fn new(text: &str) -> Self {
        let lower = crate::ui::format::lowercase(text.trim());
        let hex: String = lower.chars().filter(|c| !matches!(c, ' ' | ':')).collect();
        let hexish = hex.len() >= 4 && hex.chars().all(|c| c.is_ascii_hexdigit());
        RowFilter { words: !lower.contains('\0'), lower, hex: hexish.then_some(hex) }
    }
}

/// The id of a listing's row `index` ([`CertRow::id`]) until the answer's row names it by
/// SHA-256.
fn listing_id(index: usize) -> String {
    // Written digit by digit: `format!` took ~780 instructions a row (callgrind, the worker's
    // `opt-level = "z"`), a tenth of a listing's rows.
    let mut id = String::with_capacity(8);
    id.push('#');
    crate::der::push_decimal(&mut id, index as u64, 1);
    id
}

/// Whether `id` names a listing's row by its index ([`listing_id`]), not a certificate by its
/// SHA-256.
pub fn is_listing_id(id: &str) -> bool {
    id.starts_with('#')
}

/// The rows of the certificate list, in report order.
pub fn rows(report: &Report) -> Vec<CertRow> {
    let mut rows: Vec<CertRow> = report
        .certificates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let v = &c.view;
            let expires = crate::model::date_only(v.validity.not_after_unix);
            let (server_auth, host, status) = (allows_server_auth(report, i), host_of(report, i), cert_status(report, i));
            let name = crate::ui::format::list_name(&v.subject, || v.name());
            row(i, v.sha256.clone(), v.sha1.to_lowercase(), (name, &v.subject), &v.issuer, (v.is_ca, v.self_issued), server_auth, host, status, &expires, &c.file)
        })
        .collect();
    name_namesakes(&mut rows, |i| report.certificates.get(i).filter(|c| !c.view.self_issued).map(|c| c.view.issuer.as_str()));
    rows
}

/// What the list says when the filter matches no row. A listing's rows have no thumbprints
/// yet ([`listing_rows`]): then it says a thumbprint is found once the check ends.
pub fn no_match_text(rows: &[CertRow]) -> &'static str {
    if rows.first().is_some_and(|r| !r.has_thumbprints()) {
        "No certificate matches the filter yet: thumbprints are searched once the check ends."
    } else {
        "No certificate matches the filter."
    }
}

/// The rows of a listing ([`crate::analysis::list`]), before the analysis: the same rows as
/// [`rows`] will make, except the status (expired or not yet valid from the dates, else
/// [`StatusKind::Checking`]: never a "Valid" that the chain has not earned yet) and the
/// thumbprints (none: the listing does not make them; the row is named by its index).
pub fn listing_rows(listing: &[crate::analysis::Listed]) -> Vec<CertRow> {
    listing_rows_after(listing, &[])
}

/// The rows of listed certificates `certificates`, the first of them number `from`, as
/// [`listing_rows`] makes them but each on its own: no row says who issued it yet (rows
/// sent ahead of their listing, [`crate::ui::work::RowsAhead`]).
pub fn listing_rows_from<'a>(from: usize, certificates: impl IntoIterator<Item = &'a crate::analysis::Listed>) -> Vec<CertRow> {
    certificates.into_iter().enumerate().map(|(i, c)| listing_row(from + i, c)).collect()
}

/// [`listing_rows`] when the rows of the first certificates were sent ahead
/// ([`listing_rows_from`]; `ahead`: their names): the rows of the others, and before them a
/// row again for each one sent ahead that shares its name with another row (it now says who
/// issued it). With nothing ahead, [`listing_rows`] itself. The page puts the two together
/// ([`merge_ahead`]).
pub fn listing_rows_after(listing: &[crate::analysis::Listed], ahead: &[String]) -> Vec<CertRow> {
    let from = ahead.len().min(listing.len());
    let mut rows = listing_rows_from(from, listing.get(from..).unwrap_or_default());
    let name = |i: usize| if i < from { ahead.get(i).map(String::as_str) } else { rows.get(i - from).map(|r| r.name.as_str()) };
    let shared = namesakes((0..listing.len()).map(|i| name(i).unwrap_or_default()));
    let issuer_of = |i: usize| listing.get(i).filter(|c| !c.self_issued).map(|c| crate::ui::format::short_name(&c.issuer));
    let mut again = Vec::new();
    for i in shared {
        if i < from {
            if let (Some(c), Some(by)) = (listing.get(i), issuer_of(i)) {
                again.push(CertRow { issued_by: Some(by), ..listing_row(i, c) });
            }
        } else if let (Some(r), Some(by)) = (rows.get_mut(i - from), issuer_of(i)) {
            r.issued_by = Some(by);
        }
    }
    again.extend(rows);
    again
}

/// Listed certificate `i`'s row, no one's namesake.
fn listing_row(i: usize, c: &crate::analysis::Listed) -> CertRow {
    let status = match c.validity.state {
        ValidityState::Expired => CertStatus::saying(StatusKind::Expired, capitalise(&c.validity.text), Code::CertificateExpired),
        ValidityState::NotYetValid => CertStatus::saying(StatusKind::NotYetValid, capitalise(&c.validity.text), Code::CertificateNotYetValid),
        ValidityState::Valid => CertStatus::new(StatusKind::Checking, String::new()),
    };
    let name = crate::ui::format::list_name(&c.subject, || c.unnamed.clone().unwrap_or_default());
    row(i, listing_id(i), String::new(), (name, &c.subject), &c.issuer, (c.is_ca, c.self_issued), c.server_auth, c.host.clone(), status, &c.expires, &c.file)
}

/// A listing's rows sent ahead (`ahead`, in order from the first) with the listing's own
/// (`rows`, [`listing_rows_after`]): each of those replaces the row ahead with its index, or
/// comes after the last. Rows that do not fit (an index past the end: not expected, one build
/// makes both sides) are taken alone.
pub fn merge_ahead(mut ahead: Vec<CertRow>, rows: Vec<CertRow>) -> Vec<CertRow> {
    let mut len = ahead.len();
    for r in &rows {
        match r.index.cmp(&len) {
            std::cmp::Ordering::Less => {}
            std::cmp::Ordering::Equal => len += 1,
            std::cmp::Ordering::Greater => return rows,
        }
    }
    for r in rows {
        match ahead.get_mut(r.index) {
            Some(place) => *place = r,
            None => ahead.push(r),
        }
    }
    ahead
}

/// One row, its filter text made from its parts.
#[allow(clippy::too_many_arguments)] // the row's parts, each named
fn row(
    index: usize,
    id: String,
    sha1: String,
    (name, subject): (String, &str),
    issuer: &str,
    (is_ca, self_issued): (bool, bool),
    server_auth: bool,
    host: Option<String>,
    status: CertStatus,
    expires: &str,
    file: &str,
) -> CertRow {
    // An empty subject is found by the name the row shows.
    let subject = if crate::ui::format::is_blank(subject) { name.as_str() } else { subject };
    let search = search_text(&[subject, issuer, file]);
    CertRow {
        index,
        id,
        sha1,
        name,
        is_ca,
        self_issued,
        server_auth,
        host,
        status,
        expires: expires.to_string(),
        issued_by: None,
        search,
    }
}

/// Rows that share their name with another say who issued them ("issued by Fabrikam Root
/// CA"), unless they issued themselves (a renewed root: its date tells it apart).
/// `issuer_of(i)`: row `i`'s issuer name, `None` when it is self-issued.
fn name_namesakes<'a>(rows: &mut [CertRow], issuer_of: impl Fn(usize) -> Option<&'a str>) {
    let shared = namesakes(rows.iter().map(|r| r.name.as_str()));
    for i in shared {
        if let (Some(r), Some(issuer)) = (rows.get_mut(i), issuer_of(i)) {
            r.issued_by = Some(crate::ui::format::short_name(issuer));
        }
    }
}

/// The positions of the names that another name equals.
fn namesakes<'a>(names: impl Iterator<Item = &'a str> + Clone) -> Vec<usize> {
    let mut count: std::collections::HashMap<&str, u32> = std::collections::HashMap::with_capacity(names.size_hint().0);
    for n in names.clone() {
        *count.entry(n).or_default() += 1;
    }
    names.enumerate().filter(|(_, n)| count.get(n).is_some_and(|c| *c > 1)).map(|(i, _)| i).collect()
}

/// What the filter searches: the parts lowercased, each on its own (separated by NUL). One
/// buffer written in place (an ASCII part lowercased where it lands, eight bytes at a time),
/// not a lowercased copy of each part joined.
fn search_text(parts: &[&str]) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push(0);
        }
        if part.is_ascii() {
            let start = out.len();
            out.extend_from_slice(part.as_bytes());
            if let Some(added) = out.get_mut(start..) {
                crate::text::lowercase_ascii_in_place(added);
            }
        } else {
            out.extend_from_slice(part.to_lowercase().as_bytes());
        }
    }
    // UTF-8 parts, lowercased: UTF-8 (checked by the standard library's fast path).
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A certificate's role in words.
pub fn role_of(is_ca: bool, self_issued: bool) -> &'static str {
    match (is_ca, self_issued) {
        (true, true) => "Root CA",
        (true, false) => "Intermediate CA",
        (false, true) => "Self-signed",
        (false, false) => "End certificate",
    }
}

pub use crate::report::subject::{allows_server_auth, host_of, server_only_host};

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::{analyze, InputFile, Options};

    const NOW: i64 = 1_795_392_000; // 2026-11-23T00:00:00Z

    #[test]
    fn the_search_text_is_each_part_lowercased_and_joined_by_nul() {
        let samples: &[&[&str]] = &[
            &["CN=Alice, O=Contoso", "CN=Contoso Issuing CA", "A.PFX", "Valid", "valid", "End certificate"],
            &["CN=ÉCOLE Straße İstanbul ΣΑΣ", "", "Ünïcödé.pem", "Expired", "expired", "Root"],
            &["", "", "", "", "", ""],
            &["MiXeD\0Nul", "\u{212A}elvin", "x"],
        ];
        for parts in samples {
            let want = parts.iter().map(|p| p.to_lowercase()).collect::<Vec<_>>().join("\0");
            assert_eq!(search_text(parts), want, "{parts:?}");
        }
    }

    #[test]
    fn a_rows_role_and_a_checking_rows_sentence_are_said_on_the_page_not_sent() {
        let listing = crate::analysis::list(&[InputFile::new("chain.pem", std::fs::read("tests/fixtures/chain/fullchain.pem").unwrap())], NOW, &mut |_| {});
        let row = listing_rows(&listing.certificates).remove(0);
        for (is_ca, self_issued, words) in [(true, true, "Root CA"), (true, false, "Intermediate CA"), (false, true, "Self-signed"), (false, false, "End certificate")] {
            let r = CertRow { is_ca, self_issued, search: String::new(), ..row.clone() };
            assert_eq!((r.role(), r.is_root()), (words, is_ca && self_issued));
            // Not its words: a listing's 10,000 rows each carried them to the page.
            let bytes = crate::ui::wire::encode(&r);
            assert!(!bytes.windows(words.len()).any(|w| w == words.as_bytes()), "{words}");
        }
        // A row still being checked says so by its kind, not by a sentence of its own.
        assert_eq!(row.status.kind, StatusKind::Checking);
        assert_eq!(row.status.reason(), "Its chain is being checked.");
        assert!(row.status.reason.is_empty());
        let said = CertStatus::new(StatusKind::Expired, "Expired on 2026-01-01.");
        assert_eq!(said.reason(), "Expired on 2026-01-01.");
        // Nor are the status's word and key and the role in its filter text: the filter finds
        // them all the same, in any case, each on its own.
        assert!(!row.search.contains("checking") && !row.search.contains("end certificate"), "{:?}", row.search);
        for (kind, words) in [(StatusKind::Checking, &["checking\u{2026}", "CHECK", "end certificate", "End Cert"][..]), (StatusKind::NotYetValid, &["not yet valid", "not-yet-valid", "YET"][..])] {
            let r = CertRow { status: CertStatus::new(kind, String::new()), ..row.clone() };
            for w in words {
                assert!(r.matches(w), "{kind:?} {w}");
            }
            assert!(!r.matches("root ca") && !r.matches("revoked") && !r.matches("certificate\0"), "{kind:?}");
        }
        let root = CertRow { is_ca: true, self_issued: true, ..row.clone() };
        assert!(root.matches("Root CA") && !root.matches("end certificate"));
    }

    #[test]
    fn a_status_sentence_starts_in_upper_case_and_ends_with_a_period() {
        for (text, want) in [("valid until 2027", "Valid until 2027."), ("done.", "Done."), ("ßig", "SSig."), ("", ""), ("élan", "Élan.")] {
            let old = {
                let mut c = text.chars();
                match c.next() {
                    Some(f) => f.to_uppercase().chain(c).collect::<String>() + if text.ends_with('.') { "" } else { "." },
                    None => String::new(),
                }
            };
            assert_eq!((capitalise(text), old.as_str()), (want.to_string(), want), "{text:?}");
        }
    }

    fn report(paths: &[&str]) -> Report {
        let files: Vec<InputFile> = paths.iter().map(|p| crate::test_support::fixture(p)).collect();
        analyze(&files, &Options::at(NOW))
    }

    fn status_of(r: &Report, cn: &str) -> CertStatus {
        let i = r.certificates.iter().position(|c| c.view.subject.contains(cn)).unwrap();
        cert_status(r, i)
    }

    #[test]
    fn a_revoked_leaf_is_revoked_never_valid() {
        let r = report(&["chain/ee_revoked.der", "chain/int_ca.der", "chain/root_ca.der", "crl/int01.crl", "crl/root.crl"]);
        let leaf = r.certificates.iter().position(|c| !c.view.is_ca).unwrap();
        let s = cert_status(&r, leaf);
        assert_eq!(s.kind, StatusKind::Revoked, "{s:?}");
        assert!(!s.kind.word().to_lowercase().contains("valid"));
        assert!(s.reason.starts_with("Revoked on "), "{}", s.reason);
    }

    /// The card lists a certificate's findings without the one its status line says: a status
    /// names that finding only when the certificate has one of that code, for every fixture
    /// folder dropped whole; a revoked leaf's "Revoked on …" is not said again as a finding.
    #[test]
    fn rows_of_the_same_name_say_who_issued_them() {
        // Contoso Issuing CA 01 three times (its cross-certificate under Fabrikam, a reissue,
        // the original) and Contoso Root CA twice (renewed): the CAs that another issued say by
        // whom; the roots issued themselves (their dates tell them apart); sybil's name is its own.
        let r = report(&["cross/ee_client_reissued_int.der", "cross/fabrikam_root.der", "cross/int_ca_cross.der", "cross/int_ca_reissued.der", "cross/root_ca_renewed.der", "chain/root_ca.der", "chain/int_ca.der"]);
        let rows = rows(&r);
        let by = |name: &str| rows.iter().filter(|r| r.name == name).map(|r| r.issued_by.clone()).collect::<Vec<_>>();
        let mut ints = by("Contoso Issuing CA 01");
        ints.sort();
        assert_eq!(ints, [Some("Contoso Root CA".to_string()), Some("Contoso Root CA".to_string()), Some("Fabrikam Root CA".to_string())]);
        assert_eq!(by("Contoso Root CA"), [None, None]);
        assert!(rows.iter().filter(|r| !r.is_ca).all(|r| r.issued_by.is_none()));
    }

    #[test]
    fn a_missing_issuer_status_says_where_to_fetch_it_and_its_finding_is_not_listed_again() {
        let alone = report(&["chain/ee_client.der"]);
        let s = cert_status(&alone, 0);
        assert_eq!(s.kind, StatusKind::IssuerMissing);
        assert!(s.reason.ends_with("whether the server has it is not known. It can be fetched from http://pki.contoso.com/aia/int01.crt."), "{}", s.reason);
        assert_eq!(s.restates.as_deref(), Some("chain-issuer-missing"));
        // A chain that stops above it: the finding is the intermediate's, not restated here.
        let two = report(&["chain/ee_client.der", "chain/int_ca.der"]);
        let leaf = two.certificates.iter().position(|c| !c.view.is_ca).unwrap();
        let s = cert_status(&two, leaf);
        assert!(s.reason.starts_with("Its chain stops at \"Contoso Issuing CA 01\", whose issuer \"Contoso Root CA\""), "{}", s.reason);
        assert_eq!(s.restates, None);
    }

    #[test]
    fn a_status_restates_only_a_finding_of_its_own_certificate() {
        let r = report(&["chain/ee_revoked.der", "chain/int_ca.der", "chain/root_ca.der", "crl/int01.crl", "crl/root.crl"]);
        let heidi = r.certificates.iter().position(|c| !c.view.is_ca).unwrap();
        assert_eq!(cert_status(&r, heidi).restates.as_deref(), Some("certificate-revoked"));
        let nc = report(&["nameconstraints/ee_nc_violation.der", "nameconstraints/nc_ca.der", "chain/root_ca.der"]);
        assert_eq!(status_of(&nc, "www.fabrikam.com").restates.as_deref(), Some("name-constraints-violation"));
        let folders = crate::test_support::fixture_folders();
        let mut restating = 0;
        for (folder, files) in &folders {
            let r = crate::analyze(files, &crate::Options::at(1_790_000_000));
            for (i, s) in statuses(&r).iter().enumerate() {
                let Some(code) = &s.restates else { continue };
                restating += 1;
                assert!(r.diagnostics.iter().any(|d| d.certificate == Some(i) && d.code.as_str() == code), "{}: #{i} {s:?}", folder.display());
            }
        }
        assert!(restating > 20, "{restating}");
    }

    #[test]
    fn a_status_keeps_another_certificate_s_name_as_written_and_drops_its_own() {
        // The name-constraints finding starts with the leaf's label, a host name in lower case:
        // it was shown as "Www.fabrikam.com: the name …".
        let r = report(&["nameconstraints/ee_nc_violation.der", "nameconstraints/nc_ca.der", "chain/root_ca.der"]);
        let s = status_of(&r, "www.fabrikam.com");
        assert_eq!(s.kind, StatusKind::Invalid, "{s:?}");
        // Its own name is not repeated beside it ("www.fabrikam.com: the name …").
        assert!(s.reason.starts_with("The name DNS:www.fabrikam.com is not allowed"), "{}", s.reason);
        assert!(s.reason.ends_with('.'), "{}", s.reason);
        // A sentence about no certificate starts in upper case, even when its first word
        // looks like a name; one about another certificate keeps the name as written.
        use crate::diag::Message;
        assert_eq!(sentence(&Message::from("the chain does not validate".to_string()), None), "The chain does not validate.");
        assert_eq!(sentence(&Message::from("www.fabrikam.com: is fine".to_string()), None), "Www.fabrikam.com: is fine.");
        assert_eq!(sentence(&Message::about("www.fabrikam.com".into(), "is fine".into()), Some("alice")), "www.fabrikam.com: is fine.");
        assert_eq!(sentence(&Message::about("www.fabrikam.com".into(), "is fine".into()), Some("www.fabrikam.com")), "Is fine.");
        // Lone self-signed leaf: said of itself, without its name.
        let lone = report(&["anomalies/selfsigned_client.der"]);
        assert!(cert_status(&lone, 0).reason.starts_with("Self-signed and not a CA"), "{:?}", cert_status(&lone, 0));
    }

    #[test]
    fn a_missing_root_is_named_as_the_top_ca_s_issuer_not_the_leaf_s() {
        // Leaf and intermediate dropped, the root not: the leaf's issuer is there.
        let r = report(&["chain/ee_client.cer", "chain/int_ca.der"]);
        let s = status_of(&r, "alice");
        assert_eq!(s.kind, StatusKind::IssuerMissing, "{s:?}");
        assert!(s.reason.starts_with("Its chain stops at \"Contoso Issuing CA 01\", whose issuer \"Contoso Root CA\" was not among"), "{}", s.reason);
    }

    #[test]
    fn only_a_self_issued_ca_is_a_root_row() {
        let r = report(&["chain/ee_client.cer", "chain/int_ca.der", "chain/root_ca.der", "anomalies/selfsigned_client.der"]);
        let roots: Vec<String> = rows(&r).into_iter().filter(|row| row.is_root()).map(|row| row.name).collect();
        assert_eq!(roots, ["Contoso Root CA"], "a self-signed end certificate is not a root");
    }

    #[test]
    fn a_full_chain_is_valid_throughout() {
        let r = report(&["chain/ee_client.cer", "chain/int_ca.der", "chain/root_ca.der"]);
        for s in statuses(&r) {
            assert!(matches!(s.kind, StatusKind::Valid | StatusKind::Warnings), "{s:?}");
        }
        assert_eq!(status_of(&r, "Contoso Root CA").kind, StatusKind::Valid);
    }

    #[test]
    fn a_lone_leaf_says_its_issuer_was_not_dropped() {
        let r = report(&["chain/ee_client.cer"]);
        let s = cert_status(&r, 0);
        assert_eq!(s.kind, StatusKind::IssuerMissing, "{s:?}");
        assert!(s.reason.contains("Contoso Issuing CA 01"), "{}", s.reason);
        assert_eq!(s.kind.tone(), Tone::Warn);
        // An issuer name without a CN: named whole, as the chain's own finding names it (not by
        // its first attribute, which named a different thing than the finding beside it).
        let mut r = r;
        if let Some(m) = r.hierarchy.chains.get_mut(0).and_then(|c| c.best.missing_issuer.as_mut()) {
            std::sync::Arc::make_mut(m).expected_name = "O=Contoso, C=US".into();
        }
        let s = cert_status(&r, 0);
        assert!(s.reason.contains("Its issuer \"O=Contoso, C=US\" was not"), "{}", s.reason);
    }

    #[test]
    fn an_expired_leaf_is_expired() {
        let r = report(&["chain/ee_expired.der", "chain/int_ca.der", "chain/root_ca.der"]);
        let leaf = r.certificates.iter().position(|c| !c.view.is_ca).unwrap();
        assert_eq!(cert_status(&r, leaf).kind, StatusKind::Expired);
    }

    #[test]
    fn server_certificates_are_recognised() {
        let r = report(&["chain/ee_server.pem", "chain/ee_client.cer"]);
        let server = r.certificates.iter().position(|c| c.view.subject.contains("www.contoso.com")).unwrap();
        let client = r.certificates.iter().position(|c| c.view.subject.contains("alice")).unwrap();
        assert_eq!(server_only_host(&r, server).as_deref(), Some("www.contoso.com"));
        assert_eq!(server_only_host(&r, client), None);
        assert!(allows_server_auth(&r, server));
        assert!(!allows_server_auth(&r, client));
    }

    #[test]
    fn rows_filter_by_name_thumbprint_and_status() {
        let r = report(&["chain/ee_revoked.der", "chain/int_ca.der", "chain/root_ca.der", "crl/int01.crl", "crl/root.crl"]);
        let rows = rows(&r);
        assert_eq!(rows.len(), 3);
        let root = rows.iter().find(|r| r.is_ca && r.role() == "Root CA").unwrap();
        assert!(root.matches("contoso root"));
        let upper_spaced: String = root.sha1.to_uppercase().chars().collect::<Vec<_>>().chunks(2).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join(" ");
        assert!(root.matches(&upper_spaced[..11]), "{upper_spaced}");
        let revoked: Vec<_> = rows.iter().filter(|r| r.matches("revoked")).collect();
        assert_eq!(revoked.len(), 1, "{rows:?}");
        assert!(!revoked[0].is_ca);
        assert!(rows.iter().all(|r| r.matches("")));
        assert!(!root.matches("nothing like this"));
    }

    #[test]
    fn a_row_with_an_empty_subject_is_named_and_found_by_its_upn_in_the_listing_and_the_answer() {
        let paths = ["chain/ee_empty_subject.der", "chain/int_ca.der", "chain/root_ca.der"];
        let files: Vec<InputFile> = paths.iter().map(|p| crate::test_support::fixture(p)).collect();
        let listed = listing_rows(&crate::analysis::list(&files, NOW, &mut |_| {}).certificates);
        let checked = rows(&report(&paths));
        for r in [&listed[0], &checked[0]] {
            assert_eq!(r.name, "kim@contoso.com");
            assert!(r.matches("kim@contoso"), "{r:?}");
        }
    }

    /// A listing's rows have no thumbprints (the analysis's rows, which replace them, do): a
    /// thumbprint is not found yet, a name is, and the list says why nothing matched. Each
    /// row is still named on its own (by index, until the answer's row names it).
    #[test]
    fn a_listings_rows_find_a_thumbprint_only_once_the_check_ends() {
        let paths = ["chain/ee_revoked.der", "chain/int_ca.der", "chain/root_ca.der"];
        let files: Vec<InputFile> = paths.iter().map(|p| crate::test_support::fixture(p)).collect();
        let listing = crate::analysis::list(&files, NOW, &mut |_| {}).certificates;
        let listed = listing_rows(&listing);
        let checked = rows(&report(&paths));
        assert_eq!(listed.len(), checked.len());
        for (l, c) in listed.iter().zip(&checked) {
            assert!(l.sha1.is_empty() && c.sha1.len() == 40 && c.id.len() == 64);
            assert!(!l.matches(&c.sha1[..12]) && c.matches(&c.sha1[..12]));
            assert!(!l.matches(&c.id[..12]) && c.matches(&c.id[..12]));
            assert!(l.matches(&c.name));
            assert_eq!(l.id, format!("#{}", l.index));
        }
        // Named by index, which a filter of digits does not find.
        assert!(!listing_rows(&vec![listing[0].clone(); 1235])[1234].matches("1234"));
        assert!(no_match_text(&listed).contains("thumbprints are searched once the check ends"));
        assert_eq!(no_match_text(&checked), "No certificate matches the filter.");
        assert_eq!(no_match_text(&[]), "No certificate matches the filter.");
    }

    #[test]
    fn a_row_carries_its_subject_issuer_and_file_once_in_its_filter_text() {
        let r = report(&["chain/ee_revoked.der", "chain/int_ca.der", "chain/root_ca.der"]);
        let count = |hay: &[u8], needle: &str| hay.windows(needle.len()).filter(|w| *w == needle.as_bytes()).count();
        for (row, c) in rows(&r).iter().zip(&r.certificates) {
            let wire = crate::ui::wire::encode(row);
            for part in [c.view.subject.as_str(), c.view.issuer.as_str(), c.file.as_str()] {
                // As written (the subject and issuer in upper case: "CN=…"): not on the wire.
                if part != part.to_lowercase() {
                    assert_eq!(count(&wire, part), 0, "{part} crossed as written: {row:?}");
                }
                assert!(count(&wire, &part.to_lowercase()) >= 1, "{part}: {row:?}");
                assert!(row.matches(part), "{part}: {row:?}");
            }
        }
    }

    #[test]
    fn words_are_distinct_and_keys_stable() {
        let all = [
            StatusKind::Revoked,
            StatusKind::Expired,
            StatusKind::NotYetValid,
            StatusKind::Invalid,
            StatusKind::NotTrusted,
            StatusKind::IssuerMissing,
            StatusKind::Warnings,
            StatusKind::Valid,
            StatusKind::Unchecked,
            StatusKind::Checking,
        ];
        let mut words: Vec<_> = all.iter().map(|k| k.word()).collect();
        words.sort_unstable();
        words.dedup();
        assert_eq!(words.len(), all.len());
        assert_eq!(StatusKind::Revoked.key(), "revoked");
    }
}
