//! IIS configuration files (`applicationHost.config`, a site's `web.config`): the settings
//! that decide what IIS does with a client certificate, read so that the user does not have
//! to set them by hand, and the certificate mappings themselves, so that the verdict can say
//! whether *this* certificate maps, not assume it:
//! - `system.webServer/security/access` `sslFlags` (Ignore, Accept: `SslNegotiateCert`,
//!   Require: `SslRequireCert`);
//! - `clientCertificateMappingAuthentication` (the Active Directory mapper);
//! - `iisClientCertificateMappingAuthentication`: its one-to-one mappings (the account and
//!   the whole certificate, base64) and many-to-one mappings (rules on the subject's and the
//!   issuer's fields, allow or deny).
//!
//! Passwords are never read. Settings are inherited as IIS inherits them: the file's root,
//! then each `<location path>` from the site down; one site is applied (the first one that
//! asks for client certificates or turns a certificate mapping on, else the first one that sets
//! anything for them), and the others are named.

use super::xml::{attr, tags};
use serde::{Deserialize, Serialize};


/// What an IIS configuration file says about client certificates, for one site.
/// It crosses to the page in the positional wire format: no attribute that makes its form
/// depend on its content.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IisConfig {
    /// The `<location path>` applied (`Default Web Site`, `Default Web Site/app`); empty for
    /// the file's own level (a `web.config`, or the server's defaults).
    pub location: String,
    /// Other locations that set something for client certificates (not applied).
    pub other_locations: Vec<String>,
    /// The site's settings, as [`crate::server::ServerSettings::apply_iis`] applies them.
    pub settings: IisSettings,
    /// `sslFlags` as written, when set.
    pub ssl_flags: Option<String>,
    /// One-to-one mappings are on (`oneToOneCertificateMappingsEnabled`, and the section).
    pub one_to_one_enabled: bool,
    /// The one-to-one mappings, in file order.
    pub one_to_one: Vec<OneToOne>,
    /// Many-to-one mappings are on (`manyToOneCertificateMappingsEnabled`, and the section).
    pub many_to_one_enabled: bool,
    /// The many-to-one mappings, in the order IIS tries them.
    pub many_to_one: Vec<ManyToOne>,
    /// Many-to-one mappings past [`MAX_MANY_TO_ONE`] in the file, not read.
    pub many_to_one_not_read: usize,
}

/// The server settings an IIS configuration sets (`None`: not set there); the server layer
/// applies them (`ServerSettings::apply_iis`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IisSettings {
    /// From `sslFlags`.
    pub ssl: Option<SslMode>,
    /// Which mapping is on.
    pub mapping: Option<Mapping>,
    /// Where the mapping was enabled (a site, or a path below one).
    pub mapping_scope: Option<MappingScope>,
}

/// Client certificates in `sslFlags` (IIS Manager's SSL Settings page).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SslMode {
    /// Neither `SslNegotiateCert` nor `SslRequireCert`.
    Ignore,
    /// `SslNegotiateCert`.
    Accept,
    /// `SslRequireCert`.
    Require,
}

/// Which certificate mapping is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mapping {
    /// Both mapping sections off.
    None,
    /// `iisClientCertificateMappingAuthentication`, one-to-one mappings first.
    OneToOne,
    /// `iisClientCertificateMappingAuthentication`, many-to-one mappings only.
    ManyToOne,
    /// `clientCertificateMappingAuthentication` (the Active Directory mapper).
    ActiveDirectory,
}

/// Where the mapping was switched on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MappingScope {
    /// On a site (or the server's level).
    Site,
    /// On a path below a site (a virtual directory or an application).
    VirtualDirectory,
}

/// One one-to-one mapping: a whole certificate mapped to one account.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OneToOne {
    /// `userName`.
    pub user: String,
    /// `enabled` (true unless written false).
    pub enabled: bool,
    /// SHA-256 of the mapped certificate (lowercase hex), when its base64 decodes to one.
    pub sha256: Option<String>,
    /// Its subject (Windows form), when it decodes.
    pub subject: Option<String>,
    /// Its SHA-1 thumbprint (lowercase hex), when it decodes.
    pub sha1: Option<String>,
    /// Why the `certificate` attribute is not a certificate, when it is not.
    pub problem: Option<String>,
}

/// One many-to-one mapping: rules, all of which must match, and the account (or a denial).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManyToOne {
    /// `name`.
    pub name: String,
    /// `userName`.
    pub user: String,
    /// `enabled` (true unless written false).
    pub enabled: bool,
    /// `permissionMode="Deny"`: a matching certificate is refused.
    pub deny: bool,
    /// The rules.
    pub rules: Vec<Rule>,
}

/// One rule of a many-to-one mapping.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    /// `certificateField="Issuer"` (else the subject).
    pub issuer: bool,
    /// `certificateSubField`: `CN`, `O`, `OU`, …
    pub sub_field: String,
    /// `matchCriteria`; `*` matches any run of characters.
    pub criteria: String,
    /// `compareCaseSensitive` (true unless written false).
    pub case_sensitive: bool,
}

impl Rule {
    /// The rule in words: `issuer CN is "Contoso CA"`.
    pub fn words(&self) -> String {
        format!("{} {} {} \"{}\"", if self.issuer { "issuer" } else { "subject" }, self.sub_field, if self.criteria.contains('*') { "matches" } else { "is" }, self.criteria)
    }

    /// Whether the rule matches a name (its attributes, as the certificate has them).
    pub fn matches(&self, name: &crate::model::NameView) -> bool {
        let field = match self.sub_field.trim().to_ascii_uppercase().as_str() {
            "ST" => "S".to_string(),
            "EMAIL" | "EMAILADDRESS" => "E".to_string(),
            f => f.to_string(),
        };
        name.attributes.iter().filter(|a| a.short_name.eq_ignore_ascii_case(&field)).any(|a| {
            if self.case_sensitive {
                wildcard(&self.criteria, &a.value)
            } else {
                wildcard(&self.criteria.to_lowercase(), &a.value.to_lowercase())
            }
        })
    }
}

/// Most many-to-one mappings read from one file (IIS tries them in order; real sites have a few).
pub const MAX_MANY_TO_ONE: usize = 100;
/// Most rules of one many-to-one mapping: one with more is never taken to match.
pub const MAX_RULES: usize = 16;
/// Most steps one wildcard comparison takes (a criteria of many stars against a long value
/// backtracks `pattern × value` times): past it, the rule does not match.
pub const MATCH_STEPS: usize = 100_000;

/// `*` in `pattern` matches any run of characters (greedy with backtracking to the last star:
/// linear in practice; at most [`MATCH_STEPS`] steps, then no match).
fn wildcard(pattern: &str, value: &str) -> bool {
    let (p, v): (Vec<char>, Vec<char>) = (pattern.chars().collect(), value.chars().collect());
    let (mut i, mut j, mut star, mut mark) = (0, 0, None, 0);
    let mut steps = 0;
    while j < v.len() {
        steps += 1;
        if steps > MATCH_STEPS {
            return false;
        }
        if i < p.len() && p.get(i) != Some(&'*') && p.get(i) == v.get(j) {
            i += 1;
            j += 1;
        } else if p.get(i) == Some(&'*') {
            star = Some(i);
            mark = j;
            i += 1;
        } else if let Some(s) = star {
            i = s + 1;
            mark += 1;
            j = mark;
        } else {
            return false;
        }
    }
    p.get(i..).is_some_and(|rest| rest.iter().all(|&c| c == '*'))
}

impl ManyToOne {
    /// Whether every rule matches the certificate's subject and issuer (a mapping without
    /// rules matches nothing).
    pub fn matches(&self, subject: &crate::model::NameView, issuer: &crate::model::NameView) -> bool {
        !self.rules.is_empty() && self.rules.len() <= MAX_RULES && self.rules.iter().all(|r| r.matches(if r.issuer { issuer } else { subject }))
    }
}


fn flag(attrs: &str, name: &str) -> Option<bool> {
    attr(attrs, name).map(|v| v.trim().eq_ignore_ascii_case("true"))
}

/// Everything one `<location path>` (or the file's own level, `""`) sets.
#[derive(Default)]
struct Level {
    path: String,
    ssl_flags: Option<String>,
    ad_enabled: Option<bool>,
    iis_enabled: Option<bool>,
    one_to_one_enabled: Option<bool>,
    many_to_one_enabled: Option<bool>,
    /// `<clear/>` in the collection: what an outer level added does not apply.
    one_to_one_cleared: bool,
    many_to_one_cleared: bool,
    one_to_one: Vec<OneToOne>,
    many_to_one: Vec<ManyToOne>,
    many_to_one_not_read: usize,
}

impl Level {
    /// It asks for client certificates (`SslNegotiateCert` or `SslRequireCert`) or turns a
    /// certificate mapping on: what a user who drops the file is most likely asking about.
    fn asks_for_client_certificates(&self) -> bool {
        self.ssl_flags.as_deref().is_some_and(|f| ssl_mode(f) != SslMode::Ignore) || self.ad_enabled == Some(true) || self.iis_enabled == Some(true)
    }

    fn sets_anything(&self) -> bool {
        self.ssl_flags.is_some()
            || self.ad_enabled.is_some()
            || self.iis_enabled.is_some()
            || !self.one_to_one.is_empty()
            || !self.many_to_one.is_empty()
    }
}

/// Whether the text is an IIS configuration file (its root element and a section of IIS's).
pub fn looks_like_iis_config(text: &str) -> bool {
    text.contains("<configuration") && (text.contains("<system.webServer") || text.contains("<system.applicationHost"))
}

/// What an IIS configuration file says about client certificates (`None` when the text is
/// not one).
pub fn read(text: &str) -> Option<IisConfig> {
    if !looks_like_iis_config(text) {
        return None;
    }
    let mut levels: Vec<Level> = vec![Level::default()];
    // The open elements: (name, index into `levels` of the level they are in).
    let mut stack: Vec<(&str, usize)> = Vec::new();
    for tag in tags(text) {
        if tag.end {
            if let Some(pos) = stack.iter().rposition(|(n, _)| *n == tag.name) {
                stack.truncate(pos);
            }
            continue;
        }
        let level = stack.last().map_or(0, |&(_, l)| l);
        let parent = stack.last().map(|&(n, _)| n);
        let grandparent = stack.len().checked_sub(2).and_then(|i| stack.get(i)).map(|&(n, _)| n);
        let mut this_level = level;
        match (tag.name, parent) {
            ("location", _) => {
                let path = attr(tag.attrs, "path").unwrap_or_default().trim_matches('/').to_string();
                this_level = levels.iter().position(|l| l.path == path).unwrap_or_else(|| {
                    levels.push(Level { path, ..Level::default() });
                    levels.len() - 1
                });
            }
            ("access", Some("security")) => {
                if let (Some(flags), Some(l)) = (attr(tag.attrs, "sslFlags"), levels.get_mut(level)) {
                    l.ssl_flags = Some(flags);
                }
            }
            ("clientCertificateMappingAuthentication", Some("authentication")) => {
                if let Some(l) = levels.get_mut(level) {
                    l.ad_enabled = flag(tag.attrs, "enabled").or(l.ad_enabled);
                }
            }
            ("iisClientCertificateMappingAuthentication", Some("authentication")) => {
                if let Some(l) = levels.get_mut(level) {
                    l.iis_enabled = flag(tag.attrs, "enabled").or(l.iis_enabled);
                    l.one_to_one_enabled = flag(tag.attrs, "oneToOneCertificateMappingsEnabled").or(l.one_to_one_enabled);
                    l.many_to_one_enabled = flag(tag.attrs, "manyToOneCertificateMappingsEnabled").or(l.many_to_one_enabled);
                }
            }
            ("clear", Some("oneToOneMappings")) => {
                if let Some(l) = levels.get_mut(level) {
                    l.one_to_one.clear();
                    l.one_to_one_cleared = true;
                }
            }
            ("clear", Some("manyToOneMappings")) => {
                if let Some(l) = levels.get_mut(level) {
                    l.many_to_one.clear();
                    l.many_to_one_cleared = true;
                }
            }
            ("add", Some("oneToOneMappings")) => {
                if let Some(l) = levels.get_mut(level) {
                    l.one_to_one.push(one_to_one(tag.attrs));
                }
            }
            ("add", Some("manyToOneMappings")) if levels.get(level).is_some_and(|l| l.many_to_one.len() >= MAX_MANY_TO_ONE) => {
                if let Some(l) = levels.get_mut(level) {
                    l.many_to_one_not_read += 1;
                }
            }
            ("add", Some("manyToOneMappings")) => {
                if let Some(l) = levels.get_mut(level) {
                    l.many_to_one.push(ManyToOne {
                        name: attr(tag.attrs, "name").unwrap_or_default(),
                        user: attr(tag.attrs, "userName").unwrap_or_default(),
                        enabled: flag(tag.attrs, "enabled") != Some(false),
                        deny: attr(tag.attrs, "permissionMode").is_some_and(|m| m.trim().eq_ignore_ascii_case("deny")),
                        rules: Vec::new(),
                    });
                }
            }
            ("add", Some("rules")) if grandparent == Some("add") => {
                if let Some(m) = levels.get_mut(level).and_then(|l| l.many_to_one.last_mut()).filter(|m| m.rules.len() <= MAX_RULES) {
                    m.rules.push(Rule {
                        issuer: attr(tag.attrs, "certificateField").is_some_and(|f| f.trim().eq_ignore_ascii_case("issuer") || f.trim() == "2"),
                        sub_field: attr(tag.attrs, "certificateSubField").unwrap_or_default(),
                        criteria: attr(tag.attrs, "matchCriteria").unwrap_or_default(),
                        case_sensitive: flag(tag.attrs, "compareCaseSensitive") != Some(false),
                    });
                }
            }
            _ => {}
        }
        if !tag.empty {
            stack.push((tag.name, this_level));
        }
    }
    Some(resolve(&levels))
}

/// A one-to-one mapping's `add` element: its account and its certificate, decoded.
fn one_to_one(attrs: &str) -> OneToOne {
    use sha2::Digest as _;
    let mut m = OneToOne { user: attr(attrs, "userName").unwrap_or_default(), enabled: flag(attrs, "enabled") != Some(false), ..OneToOne::default() };
    let blob = attr(attrs, "certificate").unwrap_or_default();
    let blob = blob.trim();
    let parsed = super::pem::decode_base64(blob).and_then(|der| match x509_parser::parse_x509_certificate(&der) {
        Ok(([], c)) => Ok((crate::model::names::name_view(c.subject()).windows, der.clone())),
        Ok(_) => Err("bytes after the certificate's end".to_string()),
        Err(_) => Err("its bytes are not a whole certificate".to_string()),
    });
    let parsed = parsed.map_err(|e| match blob.is_empty() {
        true => "it has no certificate".to_string(),
        false => format!(
            "its certificate does not decode ({} characters of base64; {e}): a character was probably lost or added when its lines were joined into one",
            crate::text::grouped(blob.len())
        ),
    });
    match parsed {
        Ok((subject, der)) => {
            m.sha256 = Some(crate::der::hex(&sha2::Sha256::digest(&der)));
            m.sha1 = Some(crate::der::hex(&sha1::Sha1::digest(&der)));
            m.subject = Some(subject);
        }
        Err(e) => m.problem = Some(e),
    }
    m
}

/// The site applied and its settings, inherited from the levels above it.
fn resolve(levels: &[Level]) -> IisConfig {
    let setting: Vec<&Level> = levels.iter().filter(|l| l.sets_anything()).collect();
    // The first site (or path) that asks for client certificates, else the first that sets
    // something, else the file's own level: a server's file often says `sslFlags="Ssl"` for the
    // default site and asks for certificates on another one.
    let paths = || setting.iter().filter(|l| !l.path.is_empty());
    let chosen = paths().find(|l| l.asks_for_client_certificates()).or_else(|| paths().next()).map_or("", |l| l.path.as_str());
    let others = setting.iter().filter(|l| !l.path.is_empty() && !is_within(chosen, &l.path)).map(|l| l.path.clone()).collect();
    // The file's level, then each path from the site down to the chosen one.
    let mut chain: Vec<&Level> = levels.iter().filter(|l| is_within(chosen, &l.path)).collect();
    chain.sort_by_key(|l| if l.path.is_empty() { 0 } else { l.path.matches('/').count() + 1 });
    let last = |f: &dyn Fn(&Level) -> Option<bool>| chain.iter().rev().find_map(|l| f(l));
    let ssl_level = chain.iter().rev().find(|l| l.ssl_flags.is_some());
    let ssl_flags = ssl_level.and_then(|l| l.ssl_flags.clone());
    let iis_level = chain.iter().rev().find(|l| l.iis_enabled.is_some());
    let iis = iis_level.and_then(|l| l.iis_enabled);
    let ad = last(&|l| l.ad_enabled);
    let one_on = iis == Some(true) && last(&|l| l.one_to_one_enabled) != Some(false);
    let many_on = iis == Some(true) && last(&|l| l.many_to_one_enabled) != Some(false);
    let mut one_to_one = Vec::new();
    let mut many_to_one = Vec::new();
    for l in &chain {
        if l.one_to_one_cleared {
            one_to_one.clear();
        }
        if l.many_to_one_cleared {
            many_to_one.clear();
        }
        one_to_one.extend(l.one_to_one.iter().cloned());
        many_to_one.extend(l.many_to_one.iter().cloned());
    }
    let mapping = match (iis, ad) {
        (Some(true), _) if one_on && (!one_to_one.is_empty() || !many_on || many_to_one.is_empty()) => Some(Mapping::OneToOne),
        (Some(true), _) if many_on => Some(Mapping::ManyToOne),
        (Some(true), _) => Some(Mapping::OneToOne),
        (_, Some(true)) => Some(Mapping::ActiveDirectory),
        (Some(false), _) | (_, Some(false)) => Some(Mapping::None),
        (None, None) => None,
    };
    // Where the mapping was switched on: a path below a site is a virtual directory or an application.
    let mapping_level = match mapping {
        Some(Mapping::OneToOne | Mapping::ManyToOne) => iis_level.map(|l| l.path.as_str()),
        Some(Mapping::ActiveDirectory) => chain.iter().rev().find(|l| l.ad_enabled.is_some()).map(|l| l.path.as_str()),
        _ => None,
    };
    let mapping_scope = mapping_level.map(|p| if p.contains('/') { MappingScope::VirtualDirectory } else { MappingScope::Site });
    IisConfig {
        location: chosen.to_string(),
        other_locations: others,
        settings: IisSettings { ssl: ssl_flags.as_deref().map(ssl_mode), mapping, mapping_scope },
        ssl_flags,
        one_to_one_enabled: one_on,
        one_to_one,
        many_to_one_enabled: many_on,
        many_to_one,
        many_to_one_not_read: chain.iter().map(|l| l.many_to_one_not_read).sum(),
    }
}

/// Whether the settings of `path` apply at `chosen` (the file's level, the same path, or one above it).
fn is_within(chosen: &str, path: &str) -> bool {
    path.is_empty() || chosen.eq_ignore_ascii_case(path) || chosen.get(..path.len()).is_some_and(|p| p.eq_ignore_ascii_case(path)) && chosen.as_bytes().get(path.len()) == Some(&b'/')
}

/// `sslFlags` (`Ssl, SslNegotiateCert, SslRequireCert`, any order and case) as the SSL settings page shows it.
fn ssl_mode(flags: &str) -> SslMode {
    let has = |f: &str| flags.split(',').any(|x| x.trim().eq_ignore_ascii_case(f));
    if has("SslRequireCert") {
        SslMode::Require
    } else if has("SslNegotiateCert") {
        SslMode::Accept
    } else {
        SslMode::Ignore
    }
}

impl IisConfig {
    /// What the file sets, in words, for its note.
    pub fn words(&self) -> String {
        let mut w = Vec::new();
        match (self.settings.ssl, &self.ssl_flags) {
            (Some(SslMode::Require), Some(f)) => w.push(format!("client certificates required (sslFlags \"{f}\")")),
            (Some(SslMode::Accept), Some(f)) => w.push(format!("client certificates accepted (sslFlags \"{f}\")")),
            (Some(SslMode::Ignore), Some(f)) => w.push(format!("client certificates ignored (sslFlags \"{f}\")")),
            _ => {}
        }
        let on = |n: usize, what: &str, enabled: bool| {
            let count = crate::text::count(n, &format!("{what} mapping"), &format!("{what} mappings"));
            if enabled {
                count
            } else {
                format!("{count}, switched off")
            }
        };
        match self.settings.mapping {
            Some(m @ (Mapping::OneToOne | Mapping::ManyToOne)) => {
                let mut kinds = Vec::new();
                if !self.one_to_one.is_empty() || self.one_to_one_enabled {
                    kinds.push(on(self.one_to_one.len(), "one-to-one", self.one_to_one_enabled));
                }
                if !self.many_to_one.is_empty() || m == Mapping::ManyToOne {
                    kinds.push(on(self.many_to_one.len(), "many-to-one", self.many_to_one_enabled));
                }
                w.push(format!("IIS certificate mapping on: {}", kinds.join(", ")));
            }
            Some(Mapping::ActiveDirectory) => w.push("the Active Directory mapper on".into()),
            Some(Mapping::None) => w.push("no certificate mapping".into()),
            None => {}
        }
        if self.settings.mapping_scope == Some(MappingScope::VirtualDirectory) {
            w.push("the mapping set below the site".into());
        }
        if w.is_empty() {
            return "no client certificate settings (the defaults apply)".into();
        }
        w.join(", ")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    const APPHOST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <system.applicationHost><sites><site name="Default Web Site" id="1" /></sites></system.applicationHost>
  <system.webServer>
    <security>
      <access sslFlags="None" />
      <authentication>
        <clientCertificateMappingAuthentication enabled="false" />
        <iisClientCertificateMappingAuthentication enabled="false" />
      </authentication>
    </security>
  </system.webServer>
  <!-- <location path="Commented Site"><system.webServer><security><access sslFlags="Ssl" /></security></system.webServer></location> -->
  <location path="Default Web Site" overrideMode="Allow">
    <system.webServer>
      <security>
        <access sslFlags="Ssl, SslNegotiateCert, SslRequireCert" />
        <authentication>
          <iisClientCertificateMappingAuthentication enabled="true" manyToOneCertificateMappingsEnabled="true">
            <oneToOneMappings>
              <add userName="CONTOSO\alice" password="[enc:AesProvider:secret:enc]" certificate="MIIBroken" />
              <add enabled="false" userName="CONTOSO\bob" certificate="" />
            </oneToOneMappings>
            <manyToOneMappings>
              <add name="Deny contractors" permissionMode="Deny" userName="" password="">
                <rules>
                  <add certificateField="Subject" certificateSubField="OU" matchCriteria="Contractors" />
                </rules>
              </add>
              <add name="Contoso users" permissionMode="Allow" userName="CONTOSO\web" password="[enc:x]">
                <rules>
                  <add certificateField="Issuer" certificateSubField="CN" matchCriteria="Contoso*CA" compareCaseSensitive="false" />
                  <add certificateField="Subject" certificateSubField="O" matchCriteria="Contoso &amp; Co" />
                </rules>
              </add>
            </manyToOneMappings>
          </iisClientCertificateMappingAuthentication>
        </authentication>
      </security>
    </system.webServer>
  </location>
  <location path="Intranet"><system.webServer><security><access sslFlags="Ssl" /></security></system.webServer></location>
</configuration>"#;

    fn name(attrs: &[(&str, &str)]) -> crate::model::NameView {
        crate::model::NameView {
            attributes: attrs
                .iter()
                .enumerate()
                .map(|(i, (s, v))| crate::model::names::AttributeView { short_name: (*s).into(), oid: String::new(), string_type: String::new(), value: (*v).into(), rdn: i, problem: None })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn the_site_that_asks_for_client_certificates_is_applied_before_one_that_only_sets_ssl() {
        let two = r#"<configuration><system.webServer/>
  <location path="Default Web Site"><system.webServer><security><access sslFlags="Ssl" /></security></system.webServer></location>
  <location path="Portal"><system.webServer><security><access sslFlags="Ssl, SslRequireCert" /></security></system.webServer></location>
  <location path="Portal/api"><system.webServer><security><authentication><clientCertificateMappingAuthentication enabled="true" /></authentication></security></system.webServer></location>
</configuration>"#;
        let c = read(two).unwrap();
        assert_eq!(c.location, "Portal");
        // A path below the site applied is named too, as before (one level is applied).
        assert_eq!(c.other_locations, vec!["Default Web Site".to_string(), "Portal/api".to_string()]);
        assert_eq!(c.settings.ssl, Some(SslMode::Require));
        // With no site that asks, the first that sets anything, as before.
        let c = read(&two.replace("Ssl, SslRequireCert", "Ssl").replace(r#"enabled="true""#, r#"enabled="false""#)).unwrap();
        assert_eq!((c.location.as_str(), c.settings.ssl), ("Default Web Site", Some(SslMode::Ignore)));
    }

    #[test]
    fn a_site_is_read_with_its_inherited_settings_and_its_mappings() {
        let c = read(APPHOST).unwrap();
        assert_eq!(c.location, "Default Web Site");
        assert_eq!(c.other_locations, vec!["Intranet".to_string()]);
        assert_eq!(c.ssl_flags.as_deref(), Some("Ssl, SslNegotiateCert, SslRequireCert"));
        assert_eq!(c.settings, IisSettings { ssl: Some(SslMode::Require), mapping: Some(Mapping::OneToOne), mapping_scope: Some(MappingScope::Site) });
        assert!(c.one_to_one_enabled && c.many_to_one_enabled);
        assert_eq!(c.one_to_one.len(), 2);
        assert_eq!(c.one_to_one[0].user, "CONTOSO\\alice");
        assert!(c.one_to_one[0].problem.as_deref().unwrap().contains("lines were joined"), "{:?}", c.one_to_one[0].problem);
        assert!(!c.one_to_one[1].enabled);
        assert_eq!(c.one_to_one[1].problem.as_deref(), Some("it has no certificate"));
        assert_eq!(c.many_to_one.len(), 2);
        assert!(c.many_to_one[0].deny);
        let rules = &c.many_to_one[1].rules;
        assert_eq!(rules.len(), 2);
        assert!(rules[0].issuer && !rules[0].case_sensitive);
        assert_eq!(rules[1].criteria, "Contoso & Co");
        assert_eq!(rules[0].words(), "issuer CN matches \"Contoso*CA\"");
        assert_eq!(c.words(), "client certificates required (sslFlags \"Ssl, SslNegotiateCert, SslRequireCert\"), IIS certificate mapping on: 2 one-to-one mappings, 2 many-to-one mappings");
        // Passwords are not kept anywhere.
        assert!(!format!("{c:?}").contains("enc:"));
    }

    #[test]
    fn many_to_one_rules_match_all_their_fields_with_wildcards() {
        let c = read(APPHOST).unwrap();
        let (allow, deny) = (&c.many_to_one[1], &c.many_to_one[0]);
        let issuer = name(&[("DC", "com"), ("CN", "contoso issuing ca")]);
        assert!(allow.matches(&name(&[("O", "Contoso & Co"), ("CN", "alice")]), &issuer));
        assert!(!allow.matches(&name(&[("O", "contoso & co")]), &issuer), "case-sensitive by default");
        assert!(!allow.matches(&name(&[("O", "Contoso & Co")]), &name(&[("CN", "Fabrikam CA")])));
        assert!(deny.matches(&name(&[("OU", "Contractors")]), &issuer));
        assert!(!ManyToOne::default().matches(&issuer, &issuer), "no rules, no match");
        for (p, v, m) in [("*", "", true), ("a*b*c", "aXbYc", true), ("a*b", "ab", true), ("a*b", "abc", false), ("*CA", "Root CA", true), ("C*A*", "CXAY", true), ("x", "y", false)] {
            assert_eq!(wildcard(p, v), m, "{p} ~ {v}");
        }
    }

    #[test]
    fn a_web_config_without_locations_and_the_active_directory_mapper() {
        let web = r#"<configuration><system.webServer><security><access sslFlags="Ssl,SslNegotiateCert" /><authentication><clientCertificateMappingAuthentication enabled="true" /></authentication></security></system.webServer></configuration>"#;
        let c = read(web).unwrap();
        assert_eq!(c.location, "");
        assert_eq!(c.settings, IisSettings { ssl: Some(SslMode::Accept), mapping: Some(Mapping::ActiveDirectory), mapping_scope: Some(MappingScope::Site) });
        assert_eq!(c.words(), "client certificates accepted (sslFlags \"Ssl,SslNegotiateCert\"), the Active Directory mapper on");
        // A mapping switched on below a site: a virtual directory.
        let vdir = r#"<configuration><system.webServer/><location path="Default Web Site/app"><system.webServer><security><authentication><iisClientCertificateMappingAuthentication enabled="true" oneToOneCertificateMappingsEnabled="false"><manyToOneMappings><clear /></manyToOneMappings></iisClientCertificateMappingAuthentication></authentication></security></system.webServer></location></configuration>"#;
        let c = read(vdir).unwrap();
        assert_eq!(c.settings.mapping, Some(Mapping::ManyToOne));
        assert_eq!(c.settings.mapping_scope, Some(MappingScope::VirtualDirectory));
        assert_eq!(c.words(), "IIS certificate mapping on: 0 many-to-one mappings, the mapping set below the site");
        let none = r#"<configuration><system.webServer><defaultDocument /></system.webServer></configuration>"#;
        assert_eq!(read(none).unwrap().words(), "no client certificate settings (the defaults apply)");
        assert!(read("<configuration><appSettings/></configuration>").is_none(), "not IIS's");
        assert!(read("<X509Certificate>MII…</X509Certificate>").is_none());
    }

    #[test]
    fn many_to_one_mappings_past_the_limit_are_counted_not_read() {
        let mapping = r#"<add name="m"><rules><add certificateField="Subject" certificateSubField="CN" matchCriteria="x" /></rules></add>"#;
        let text = format!(
            r#"<configuration><system.webServer><security><authentication><iisClientCertificateMappingAuthentication enabled="true"><manyToOneMappings>{}</manyToOneMappings></iisClientCertificateMappingAuthentication></authentication></security></system.webServer></configuration>"#,
            mapping.repeat(MAX_MANY_TO_ONE + 3)
        );
        let c = read(&text).unwrap();
        assert_eq!((c.many_to_one.len(), c.many_to_one_not_read), (MAX_MANY_TO_ONE, 3));
        let d = crate::input::decode_file(&crate::input::InputFile::new("applicationHost.config", text.into_bytes()));
        assert!(d.problems.iter().any(|p| p.message.contains("only the first 100 many-to-one mappings were read (3 more not read)")), "{:?}", d.problems);
    }

    #[test]
    fn broken_markup_ends_the_reading_without_a_panic() {
        for t in ["<configuration><system.webServer><access sslFlags=\"", "<configuration><system.webServer><!--", "<configuration><system.webServer></a></b><c", "<configuration><system.webServer>&#xffffffff;<a b='&amp'>"] {
            let _ = read(t);
        }
        assert_eq!(crate::input::xml::unescape("a &amp; b &#65;&#x42; &bogus; &"), "a & b AB &bogus; &");
        // A criteria of many stars against a long value gives up after MATCH_STEPS steps.
        let stars = "*a".repeat(2_000) + "b";
        let value = "a".repeat(60_000);
        assert!(!wildcard(&stars, &value));
        assert!(wildcard("*a*", &value));
    }
}
