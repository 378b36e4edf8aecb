//! Name comparison (RFC 5280 section 7.1, simplified RFC 4518 preparation)
//! and name constraints (RFC 5280 section 4.2.1.10).

use crate::der;

/// One attribute of a relative distinguished name, normalised.
pub type Attribute = (String, String);

/// A distinguished name, normalised for comparison: RDNs in order, each a
/// sorted set of (OID, value). String values are case-folded with inner
/// whitespace collapsed, so PrintableString and UTF8String forms compare equal.
///
/// Shared (`Arc`): the chain facts of many certificates of one issuer hold one copy of its
/// name ([`super::SharedNames`]), and a clone is cheap. Hashed once, when made: the chain
/// layer's maps look names up several times a certificate (10,000 leaves: hashing every
/// attribute with SipHash at each lookup took ~15 ms natively), so a lookup hashes the one
/// stored number.
/// That number is std's keyed hash (one process-wide random key, as a `HashMap`'s own), so
/// names crafted to collide are no easier to make than before.
///
/// Kept as one buffer ([`Encoded`]), not a list of lists of strings: every certificate's
/// subject is one, and 50,000 leaves' subjects as nested lists took ~19 MB in seven
/// allocations each.
#[derive(Clone)]
pub struct NormName {
    rdns: std::sync::Arc<[u8]>,
    hash: u64,
}

/// How a [`NormName`] keeps its RDNs: each RDN is its number of attributes, then each
/// attribute's OID and value, each its length then its UTF-8 bytes; numbers as LEB128.
/// No RDN encodes as a prefix of another sequence of RDNs (each says how long it is), so
/// one name's RDNs begin another's exactly when its encoding begins the other's, and equal
/// names encode alike (the attributes of an RDN are sorted before they are encoded).
struct Encoded<'a>(&'a [u8]);

impl<'a> Encoded<'a> {
    fn number(&mut self) -> Option<usize> {
        let mut n = 0usize;
        for shift in (0..usize::BITS).step_by(7) {
            let (&b, rest) = self.0.split_first()?;
            self.0 = rest;
            n |= usize::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }

    fn text(&mut self) -> Option<&'a str> {
        let len = self.number()?;
        let (text, rest) = self.0.split_at_checked(len)?;
        self.0 = rest;
        std::str::from_utf8(text).ok()
    }

    /// The next RDN's attributes (`None` at the end).
    fn rdn(&mut self) -> Option<Rdn<'a>> {
        let count = self.number()?;
        let mut attrs = Encoded(self.0);
        for _ in 0..count {
            attrs.text()?;
            attrs.text()?;
        }
        let len = self.0.len() - attrs.0.len();
        let (rdn, rest) = self.0.split_at_checked(len)?;
        self.0 = rest;
        Some(Rdn { count, attrs: rdn })
    }
}

fn put_number(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n & 0x7f) as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn put_text(out: &mut Vec<u8>, text: &str) {
    put_number(out, text.len());
    out.extend_from_slice(text.as_bytes());
}

/// One RDN of an [`Encoded`] name: ordered as its attributes, in turn.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Rdn<'a> {
    count: usize,
    attrs: &'a [u8],
}

impl<'a> Rdn<'a> {
    /// Its (OID, value) pairs, in order.
    fn attributes(self) -> impl Iterator<Item = (&'a str, &'a str)> {
        let mut at = Encoded(self.attrs);
        (0..self.count).map_while(move |_| Some((at.text()?, at.text()?)))
    }
}

impl Ord for Rdn<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.attributes().cmp(other.attributes())
    }
}

impl PartialOrd for Rdn<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Debug for NormName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NormName").field("rdns", &self.rdns()).finish()
    }
}

impl Default for NormName {
    fn default() -> Self {
        NormName::new(Vec::new())
    }
}

impl PartialEq for NormName {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.rdns, &other.rdns) || (self.hash == other.hash && self.rdns == other.rdns)
    }
}

impl Eq for NormName {}

impl std::hash::Hash for NormName {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

impl PartialOrd for NormName {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// As lists of RDNs, each a list of (OID, value): RDN by RDN, attribute by attribute.
impl Ord for NormName {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.each_rdn().cmp(other.each_rdn())
    }
}

impl NormName {
    /// The name of these RDNs (each a sorted set of normalised attributes).
    pub fn new(rdns: Vec<Vec<Attribute>>) -> Self {
        static KEYS: std::sync::OnceLock<std::collections::hash_map::RandomState> = std::sync::OnceLock::new();
        let mut out = Vec::new();
        for rdn in &rdns {
            put_number(&mut out, rdn.len());
            for (oid, value) in rdn {
                put_text(&mut out, oid);
                put_text(&mut out, value);
            }
        }
        let hash = std::hash::BuildHasher::hash_one(KEYS.get_or_init(Default::default), &out);
        NormName { rdns: out.into(), hash }
    }

    fn each_rdn(&self) -> impl Iterator<Item = Rdn<'_>> {
        let mut at = Encoded(&self.rdns);
        std::iter::from_fn(move || at.rdn())
    }

    /// Its RDNs, in order.
    pub fn rdns(&self) -> Vec<Vec<Attribute>> {
        self.each_rdn().map(|r| r.attributes().map(|(o, v)| (o.to_string(), v.to_string())).collect()).collect()
    }

    /// Whether `self` and `other` share one copy of their RDNs.
    pub fn same_copy(&self, other: &NormName) -> bool {
        std::sync::Arc::ptr_eq(&self.rdns, &other.rdns)
    }

    /// Normalise a DER-encoded Name. Unreadable input gives a name that only
    /// equals itself byte for byte.
    pub fn from_der(raw: &[u8]) -> Self {
        parse(raw).unwrap_or_else(|| NormName::new(vec![vec![("raw".into(), der::hex(raw))]]))
    }

    /// True for the empty name.
    pub fn is_empty(&self) -> bool {
        self.rdns.is_empty()
    }

    /// True when `base` is a prefix of this name (directory-name subtrees): RDN for RDN,
    /// which is byte for byte ([`Encoded`]).
    pub fn within(&self, base: &NormName) -> bool {
        self.rdns.starts_with(&base.rdns)
    }

    /// The emailAddress attributes (PKCS#9, 1.2.840.113549.1.9.1) of this name.
    pub fn emails(&self) -> Vec<String> {
        self.each_rdn().flat_map(Rdn::attributes).filter(|(o, _)| *o == "1.2.840.113549.1.9.1").map(|(_, v)| v.to_string()).collect()
    }
}

fn parse(raw: &[u8]) -> Option<NormName> {
    let (seq, _) = der::read_tlv(raw, 0).ok()?;
    if seq.tag != 0x30 {
        return None;
    }
    let mut rdns = Vec::new();
    for set in der::children(&seq).ok()? {
        let mut attrs = Vec::new();
        for atv in der::children(&set).ok()? {
            let kids = der::children(&atv).ok()?;
            let oid = der::oid_to_string(kids.first()?.value)?;
            let v = kids.get(1)?;
            attrs.push((oid, normalise_value(v.tag, v.value)));
        }
        attrs.sort();
        rdns.push(attrs);
    }
    Some(NormName::new(rdns))
}

/// Normalise one attribute value (by its universal tag number) for comparison.
pub fn normalise_value(tag: u8, bytes: &[u8]) -> String {
    let text = match tag {
        0x0c | 0x13 | 0x16 | 0x1a => String::from_utf8_lossy(bytes).into_owned(),
        0x14 => bytes.iter().map(|&b| char::from(b)).collect(),
        0x1e => {
            let units: Vec<u16> = bytes.chunks(2).map(|c| u16::from_be_bytes([c.first().copied().unwrap_or(0), c.get(1).copied().unwrap_or(0)])).collect();
            String::from_utf16_lossy(&units)
        }
        0x1c => bytes
            .chunks(4)
            .filter_map(|c| {
                let a: [u8; 4] = c.try_into().ok()?;
                char::from_u32(u32::from_be_bytes(a))
            })
            .collect(),
        _ => return format!("#{:02x}{}", tag, der::hex(bytes)),
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// A general name reduced to what name constraints compare.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConstrainedName {
    /// dNSName.
    Dns(String),
    /// rfc822Name (an email address, or a host/domain in a constraint).
    Email(String),
    /// uniformResourceIdentifier.
    Uri(String),
    /// iPAddress: address in a certificate; address followed by mask in a constraint.
    Ip(Vec<u8>),
    /// directoryName.
    Directory(NormName),
    /// otherName UPN (1.3.6.1.4.1.311.20.2.3), which Windows constrains like an email address.
    Upn(String),
    /// A form certlens does not compare: its GeneralName tag number (0 otherName, 3
    /// x400Address, 5 ediPartyName, 8 registeredID, or a supported form it could not read)
    /// and, for an otherName, its type OID. A CA whose constraints restrict the form makes
    /// such a name a rejection (RFC 5280 4.2.1.10: process the constraint or reject).
    Other {
        /// GeneralName CHOICE tag number.
        tag: u8,
        /// otherName type-id.
        type_id: Option<String>,
    },
}

/// The UPN otherName type.
const OID_UPN: &str = "1.3.6.1.4.1.311.20.2.3";

/// The string inside an otherName value (`[0] EXPLICIT` UTF8String), when the type is UPN.
fn upn_from_other_name(type_id: &str, explicit_value: &[u8]) -> ConstrainedName {
    let other = || ConstrainedName::Other { tag: 0, type_id: Some(type_id.to_string()) };
    if type_id != OID_UPN {
        return other();
    }
    match der::read_tlv(explicit_value, 0) {
        Ok((t, _)) if t.tag == 0x0c => ConstrainedName::Upn(String::from_utf8_lossy(t.value).into_owned()),
        _ => other(),
    }
}

impl ConstrainedName {
    fn kind(&self) -> u8 {
        match self {
            ConstrainedName::Dns(_) => 1,
            ConstrainedName::Email(_) => 2,
            ConstrainedName::Uri(_) => 3,
            ConstrainedName::Ip(_) => 4,
            ConstrainedName::Directory(_) => 5,
            ConstrainedName::Upn(_) => 6,
            ConstrainedName::Other { .. } => 0,
        }
    }

    /// The name form: GeneralName tag number and, for an otherName, its type OID.
    fn form(&self) -> (u8, Option<&str>) {
        match self {
            ConstrainedName::Email(_) => (1, None),
            ConstrainedName::Dns(_) => (2, None),
            ConstrainedName::Directory(_) => (4, None),
            ConstrainedName::Uri(_) => (6, None),
            ConstrainedName::Ip(_) => (7, None),
            ConstrainedName::Upn(_) => (0, Some(OID_UPN)),
            ConstrainedName::Other { tag, type_id } => (*tag, type_id.as_deref()),
        }
    }

    /// The name as text, for messages.
    pub fn text(&self) -> String {
        match self {
            ConstrainedName::Dns(s) => format!("DNS:{s}"),
            ConstrainedName::Email(s) => format!("email:{s}"),
            ConstrainedName::Uri(s) => format!("URI:{s}"),
            ConstrainedName::Ip(b) => format!("IP:{}", der::hex(b)),
            ConstrainedName::Directory(n) => {
                let parts: Vec<String> = n.rdns().into_iter().flatten().map(|(_, v)| v).collect();
                format!("DN:{}", parts.join(","))
            }
            ConstrainedName::Upn(s) => format!("UPN:{s}"),
            ConstrainedName::Other { tag, type_id } => match (tag, type_id) {
                (0, Some(oid)) => format!("otherName {oid}"),
                (0, None) => "otherName".into(),
                (3, _) => "x400Address".into(),
                (5, _) => "ediPartyName".into(),
                (8, _) => "registeredID".into(),
                (1, _) => "email (unreadable)".into(),
                (2, _) => "DNS (unreadable)".into(),
                (4, _) => "DN (unreadable)".into(),
                (6, _) => "URI (unreadable)".into(),
                (7, _) => "IP (unreadable)".into(),
                (t, _) => format!("name of form [{t}]"),
            },
        }
    }
}

/// Convert an x509-parser general name.
pub fn constrained_name(gn: &x509_parser::extensions::GeneralName<'_>) -> ConstrainedName {
    use x509_parser::extensions::GeneralName as G;
    match gn {
        G::DNSName(s) => ConstrainedName::Dns((*s).to_string()),
        G::RFC822Name(s) => ConstrainedName::Email((*s).to_string()),
        G::URI(s) => ConstrainedName::Uri((*s).to_string()),
        G::IPAddress(b) => ConstrainedName::Ip(b.to_vec()),
        G::DirectoryName(n) => ConstrainedName::Directory(NormName::from_der(n.as_raw())),
        G::OtherName(oid, value) => {
            // x509-parser gives the `[0] EXPLICIT` wrapper's content or the wrapper itself.
            let inner = match der::read_tlv(value, 0) {
                Ok((t, _)) if t.tag == 0xa0 => t.value,
                _ => value,
            };
            upn_from_other_name(&crate::der::oid_text(oid), inner)
        }
        G::X400Address(_) => ConstrainedName::Other { tag: 3, type_id: None },
        G::EDIPartyName(_) => ConstrainedName::Other { tag: 5, type_id: None },
        G::RegisteredID(_) => ConstrainedName::Other { tag: 8, type_id: None },
        G::Invalid(tag, _) => ConstrainedName::Other { tag: u8::try_from(tag.0).unwrap_or(u8::MAX), type_id: None },
    }
}

/// General names from the content octets of a `GeneralNames` (any tagging), read with
/// the panic-free DER reader (x509-parser skips some distribution point forms).
pub fn general_names_der(content: &[u8]) -> Vec<ConstrainedName> {
    let mut out = Vec::new();
    let mut rest = content;
    while !rest.is_empty() {
        let Ok((t, after)) = der::read_tlv(rest, 0) else { break };
        rest = after;
        let text = || String::from_utf8_lossy(t.value).into_owned();
        out.push(match t.tag {
            0x81 => ConstrainedName::Email(text()),
            0x82 => ConstrainedName::Dns(text()),
            0x86 => ConstrainedName::Uri(text()),
            0x87 => ConstrainedName::Ip(t.value.to_vec()),
            0xa4 => ConstrainedName::Directory(NormName::from_der(t.value)),
            0xa0 => {
                let kids = der::children(&t).unwrap_or_default();
                match (kids.first(), kids.get(1)) {
                    (Some(oid), Some(v)) if oid.tag == 0x06 && v.tag == 0xa0 => {
                        upn_from_other_name(&der::oid_to_string(oid.value).unwrap_or_default(), v.value)
                    }
                    _ => ConstrainedName::Other { tag: 0, type_id: None },
                }
            }
            tag => ConstrainedName::Other { tag: tag & 0x1f, type_id: None },
        });
    }
    out
}

/// A DistributionPointName (the content of its `[0]` wrapper): full names, or a
/// name relative to `crl_issuer` (RFC 5280 4.2.1.13).
pub fn distribution_point_names(dp_content: &[u8], crl_issuer: &NormName) -> Vec<ConstrainedName> {
    let Ok((choice, _)) = der::read_tlv(dp_content, 0) else { return Vec::new() };
    match choice.tag {
        0xa0 => general_names_der(choice.value),
        0xa1 => {
            let mut attrs = Vec::new();
            let mut rest = choice.value;
            while !rest.is_empty() {
                let Ok((atv, after)) = der::read_tlv(rest, 0) else { break };
                rest = after;
                let Ok(kids) = der::children(&atv) else { break };
                let (Some(oid), Some(v)) = (kids.first(), kids.get(1)) else { break };
                let Some(oid) = der::oid_to_string(oid.value) else { break };
                attrs.push((oid, normalise_value(v.tag, v.value)));
            }
            attrs.sort();
            let mut full = crl_issuer.rdns();
            full.push(attrs);
            vec![ConstrainedName::Directory(NormName::new(full))]
        }
        _ => Vec::new(),
    }
}

/// Name constraints of one CA.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Constraints {
    /// Permitted subtrees.
    pub permitted: Vec<ConstrainedName>,
    /// Excluded subtrees.
    pub excluded: Vec<ConstrainedName>,
}

fn eq_ignore_case(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

fn ends_with_ignore_case(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len() && s.get(s.len() - suffix.len()..).is_some_and(|t| t.eq_ignore_ascii_case(suffix))
}

/// Host within a DNS constraint: equal, or ends with "." + constraint.
fn dns_within(host: &str, base: &str) -> bool {
    let host = host.trim_end_matches('.');
    let base = base.trim_end_matches('.');
    if base.is_empty() {
        return true;
    }
    if let Some(b) = base.strip_prefix('.') {
        return ends_with_ignore_case(host, &format!(".{b}"));
    }
    eq_ignore_case(host, base) || ends_with_ignore_case(host, &format!(".{base}"))
}

fn email_within(addr: &str, base: &str) -> bool {
    if base.contains('@') {
        return eq_ignore_case(addr, base);
    }
    let Some((_, host)) = addr.rsplit_once('@') else { return false };
    if base.starts_with('.') {
        ends_with_ignore_case(host, base)
    } else {
        eq_ignore_case(host, base)
    }
}

fn uri_host(uri: &str) -> Option<&str> {
    let (_, rest) = uri.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host_port.starts_with('[') {
        host_port.split(']').next().map(|h| h.trim_start_matches('['))?
    } else {
        host_port.split(':').next()?
    };
    (!host.is_empty()).then_some(host)
}

fn uri_within(uri: &str, base: &str) -> bool {
    let Some(host) = uri_host(uri) else { return false };
    if base.starts_with('.') {
        ends_with_ignore_case(host, base)
    } else {
        eq_ignore_case(host, base)
    }
}

fn ip_within(addr: &[u8], base: &[u8]) -> bool {
    if base.len() != addr.len() * 2 {
        return false;
    }
    let (net, mask) = base.split_at(addr.len());
    addr.iter().zip(net).zip(mask).all(|((a, n), m)| a & m == n & m)
}

/// Is `name` inside the subtree `base` (same form assumed)?
pub fn within(name: &ConstrainedName, base: &ConstrainedName) -> bool {
    match (name, base) {
        (ConstrainedName::Dns(n), ConstrainedName::Dns(b)) => dns_within(n, b),
        (ConstrainedName::Email(n), ConstrainedName::Email(b)) => email_within(n, b),
        (ConstrainedName::Uri(n), ConstrainedName::Uri(b)) => uri_within(n, b),
        (ConstrainedName::Ip(n), ConstrainedName::Ip(b)) => ip_within(n, b),
        (ConstrainedName::Directory(n), ConstrainedName::Directory(b)) => n.within(b),
        (ConstrainedName::Upn(n), ConstrainedName::Upn(b)) => email_within(n, b),
        _ => false,
    }
}

/// Name × subtree comparisons allowed per analysis (rustls-webpki allows
/// 250,000 per path; one analysis here may validate thousands of paths). The
/// cost grows as names × subtrees, so a certificate with thousands of names
/// under a CA with thousands of subtrees would otherwise take minutes; a
/// million comparisons take about 0.1 s.
pub const MAX_NAME_CONSTRAINT_CHECKS: usize = 1_000_000;

/// The outcome of checking one certificate's names against one CA's constraints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckOutcome {
    /// Every name is allowed.
    Allowed,
    /// A name is not allowed: (name, reason in plain words).
    Violation(String, String),
    /// A name of a form certlens does not compare (its text), while the constraints
    /// restrict that form: the certificate must be rejected (RFC 5280 4.2.1.10).
    UnsupportedForm(String),
    /// Not checked: the comparisons needed (`names` × `subtrees`) exceed what is left of the budget.
    BudgetExceeded {
        /// Names of the certificate that would be compared.
        names: usize,
        /// Subtrees (permitted and excluded) of the CA.
        subtrees: usize,
    },
}

/// Check names against one CA's constraints, spending from `budget` (name ×
/// subtree comparisons left). The whole cost is taken up front: when it does
/// not fit, nothing is compared and the outcome says so.
pub fn check_within_budget(names: &[ConstrainedName], c: &Constraints, budget: &mut usize) -> CheckOutcome {
    let subtrees = c.permitted.len().saturating_add(c.excluded.len());
    let others = names.iter().filter(|n| matches!(n, ConstrainedName::Other { .. })).count();
    let constrained = names.len() - others;
    let other_subtrees = c.permitted.iter().chain(&c.excluded).filter(|b| matches!(b, ConstrainedName::Other { .. })).count();
    let cost = constrained.saturating_mul(subtrees).saturating_add(others.saturating_mul(other_subtrees));
    if cost > *budget {
        return CheckOutcome::BudgetExceeded { names: constrained, subtrees };
    }
    *budget -= cost;
    if let Some(name) = unsupported_form(names, c) {
        return CheckOutcome::UnsupportedForm(name);
    }
    match check(names, c) {
        Some((name, why)) => CheckOutcome::Violation(name, why),
        None => CheckOutcome::Allowed,
    }
}

/// The first name of a form certlens does not compare whose form the constraints
/// restrict (a subtree of the same form, and for an otherName the same type).
pub fn unsupported_form(names: &[ConstrainedName], c: &Constraints) -> Option<String> {
    names
        .iter()
        .filter(|n| matches!(n, ConstrainedName::Other { .. }))
        .find(|n| c.permitted.iter().chain(&c.excluded).any(|b| b.form() == n.form()))
        .map(ConstrainedName::text)
}

/// A syntactically valid DNS name (RFC 1034 preferred syntax, `*` allowed as the whole
/// left-most label, `_` tolerated): non-empty labels of at most 63 characters.
fn valid_dns_name(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.is_empty() || host.len() > 253 {
        return false;
    }
    host.split('.').enumerate().all(|(i, label)| {
        (i == 0 && label == "*")
            || (!label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_'))
    })
}

/// Check names against one CA's constraints. Returns the first violation as
/// (name, reason) in plain words. Unbounded: callers on user data use
/// [`check_within_budget`].
pub fn check(names: &[ConstrainedName], c: &Constraints) -> Option<(String, String)> {
    for name in names {
        if matches!(name, ConstrainedName::Other { .. }) {
            continue;
        }
        if let ConstrainedName::Dns(host) = name {
            if !valid_dns_name(host) && c.permitted.iter().any(|b| b.kind() == name.kind()) {
                return Some((name.text(), "it is not a valid DNS name, so it cannot be shown to be inside the permitted subtrees".into()));
            }
        }
        if let Some(ex) = c.excluded.iter().find(|b| b.kind() == name.kind() && within(name, b)) {
            return Some((name.text(), format!("it falls in the excluded subtree {}", ex.text())));
        }
        let permitted: Vec<&ConstrainedName> = c.permitted.iter().filter(|b| b.kind() == name.kind()).collect();
        if !permitted.is_empty() && !permitted.iter().any(|b| within(name, b)) {
            let list: Vec<String> = permitted.iter().map(|b| b.text()).collect();
            return Some((name.text(), format!("it is outside the permitted subtrees {}", crate::text::name_a_few(&list, ", "))));
        }
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn dns_and_email_subtrees() {
        assert!(dns_within("www.contoso.com", "contoso.com"));
        assert!(dns_within("contoso.com", "contoso.com"));
        assert!(!dns_within("evilcontoso.com", "contoso.com"));
        assert!(email_within("a@x.contoso.com", ".contoso.com"));
        assert!(!email_within("a@contoso.com", ".contoso.com"));
        assert!(email_within("a@contoso.com", "contoso.com"));
        assert!(email_within("a@contoso.com", "A@Contoso.com"));
        assert!(uri_within("http://host.contoso.com:80/x", ".contoso.com"));
        assert!(!uri_within("http://contoso.com/x", ".contoso.com"));
        assert!(ip_within(&[10, 1, 2, 3], &[10, 0, 0, 0, 255, 0, 0, 0]));
        assert!(!ip_within(&[11, 1, 2, 3], &[10, 0, 0, 0, 255, 0, 0, 0]));
    }

    fn name_der(tag: u8, text: &str) -> Vec<u8> {
        let mut atv = vec![0x06, 0x03, 0x55, 0x04, 0x03, tag, text.len() as u8];
        atv.extend_from_slice(text.as_bytes());
        let mut seq = vec![0x30, atv.len() as u8];
        seq.extend(atv);
        let mut set = vec![0x31, seq.len() as u8];
        set.extend(seq);
        let mut name = vec![0x30, set.len() as u8];
        name.extend(set);
        name
    }

    #[test]
    fn names_compare_case_and_space_insensitively() {
        let a = NormName::from_der(&name_der(0x13, "Good  CA"));
        let b = NormName::from_der(&name_der(0x0c, " good ca "));
        assert_eq!(a, b);
        assert_eq!(a.rdns(), vec![vec![("2.5.4.3".to_string(), "good ca".to_string())]]);
        assert_ne!(a, NormName::from_der(&name_der(0x0c, "good cb")));
        assert!(a.within(&NormName::default()));
    }

    #[test]
    fn a_name_kept_as_one_buffer_reads_compares_and_nests_as_its_lists_of_rdns() {
        let a = |o: &str, v: &str| (o.to_string(), v.to_string());
        let long = "x".repeat(300); // a length of two LEB128 bytes
        let lists: Vec<Vec<Vec<Attribute>>> = vec![
            vec![],
            vec![vec![]],
            vec![vec![a("2.5.4.3", "a")]],
            vec![vec![a("2.5.4.3", "a")], vec![a("2.5.4.10", "o")]],
            vec![vec![a("2.5.4.3", "a"), a("2.5.4.5", "1")]],
            vec![vec![a("2.5.4.3", "a"), a("2.5.4.5", "1")], vec![]],
            vec![vec![a("2.5.4.3", "ab")]],
            vec![vec![a("2.5.4.3", &long)], vec![a("2.5.4.6", "de")]],
            vec![vec![a("2.5.4.3", &long)]],
            vec![vec![a("2.5.4.30", "a")]],
            vec![vec![a("1.2.840.113549.1.9.1", "u@example.com")], vec![a("2.5.4.3", "b")]],
        ];
        for x in &lists {
            let nx = NormName::new(x.clone());
            assert_eq!(&nx.rdns(), x);
            assert_eq!(nx.is_empty(), x.is_empty());
            for y in &lists {
                let ny = NormName::new(y.clone());
                assert_eq!(nx.cmp(&ny), x.cmp(y), "{x:?} against {y:?}");
                assert_eq!(nx == ny, x == y);
                let prefix = y.len() <= x.len() && x.iter().zip(y).all(|(p, q)| p == q);
                assert_eq!(nx.within(&ny), prefix, "{x:?} within {y:?}");
            }
        }
        assert_eq!(NormName::new(lists[10].clone()).emails(), vec!["u@example.com".to_string()]);
    }

    #[test]
    fn a_name_is_hashed_once_and_equal_names_hash_alike() {
        use std::hash::BuildHasher as _;
        // Two copies of one name, from different encodings: equal, one hash, one set entry.
        let (a, b) = (NormName::from_der(&name_der(0x13, "Good  CA")), NormName::from_der(&name_der(0x0c, " good ca ")));
        assert!(!a.same_copy(&b));
        let keys = std::collections::hash_map::RandomState::new();
        assert_eq!(keys.hash_one(&a), keys.hash_one(&b));
        let set: std::collections::HashSet<NormName> = [a.clone(), b, NormName::from_der(&name_der(0x0c, "good cb"))].into_iter().collect();
        assert_eq!(set.len(), 2);
        assert!(set.contains(&a));
        // The empty name, however made.
        assert_eq!(NormName::default(), NormName::new(Vec::new()));
        assert_eq!(keys.hash_one(NormName::default()), keys.hash_one(NormName::new(Vec::new())));
        // The order is the names', not their hashes'.
        let (x, y) = (NormName::from_der(&name_der(0x0c, "a")), NormName::from_der(&name_der(0x0c, "b")));
        assert!(x < y);
        assert_eq!(y.cmp(&x), std::cmp::Ordering::Greater);
    }

    #[test]
    fn budget_is_taken_up_front_and_refuses_what_does_not_fit() {
        let c = Constraints { permitted: vec![ConstrainedName::Dns("contoso.com".into()); 10], excluded: Vec::new() };
        let names = vec![ConstrainedName::Dns("a.contoso.com".into()), ConstrainedName::Other { tag: 8, type_id: None }, ConstrainedName::Dns("b.contoso.com".into())];
        let mut budget = 25;
        assert_eq!(check_within_budget(&names, &c, &mut budget), CheckOutcome::Allowed);
        assert_eq!(budget, 5);
        assert_eq!(check_within_budget(&names, &c, &mut budget), CheckOutcome::BudgetExceeded { names: 2, subtrees: 10 });
        assert_eq!(budget, 5, "nothing is spent on a check that was not done");
    }

    #[test]
    fn a_restricted_form_certlens_cannot_compare_is_refused() {
        let rid = ConstrainedName::Other { tag: 8, type_id: None };
        let emp = |oid: &str| ConstrainedName::Other { tag: 0, type_id: Some(oid.into()) };
        let c = Constraints { permitted: Vec::new(), excluded: vec![rid.clone()] };
        let mut budget = 100;
        assert_eq!(check_within_budget(std::slice::from_ref(&rid), &c, &mut budget), CheckOutcome::UnsupportedForm("registeredID".into()));
        let c = Constraints { permitted: vec![emp("1.2.3")], excluded: Vec::new() };
        assert_eq!(check_within_budget(&[emp("1.2.3")], &c, &mut budget), CheckOutcome::UnsupportedForm("otherName 1.2.3".into()));
        assert_eq!(check_within_budget(&[emp("1.2.4"), rid, ConstrainedName::Upn("a@b.c".into())], &c, &mut budget), CheckOutcome::Allowed, "other forms are not restricted");
    }
}
