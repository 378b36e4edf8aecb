//! One certificate: the facts that matter on top, the rest one click away.

use yew::prelude::*;

use super::asn1_view::Asn1View;
use super::diagnostics::Diagnostics;
use super::field_row::field_row;
use super::status_badge::{status_badge, Tone};
use super::url_list::{TextWithUrls, UrlLine, UrlList};
use super::full_cert::Full;
use crate::ui::page::{Diagnostic, GeneralNameView, NameView, PrivateKeyState, Severity, SidSource, UrlView, ValidityState};
use crate::ui::status::CertStatus;
use crate::ui::{dom, format};

/// Props of [`CertCard`].
#[derive(Properties, PartialEq)]
pub struct CertCardProps {
    /// Index in the report (anchors link to `#cert-N`; shown as number N+1).
    pub index: usize,
    /// The certificate.
    pub cert: Full,
    /// Its short name, as its row shows it (made in the worker: `format::short_name`).
    pub name: AttrValue,
    /// Findings about this certificate.
    pub diagnostics: Vec<Diagnostic>,
    /// Its one status (the same on every view).
    pub status: CertStatus,
    /// The user opened this certificate (from the hierarchy): show its details.
    #[prop_or_default]
    pub selected: bool,
    /// The verdict at the top is about this certificate.
    #[prop_or_default]
    pub is_verdict_subject: bool,
    /// Make the verdict about this certificate.
    #[prop_or_default]
    pub on_check: Option<Callback<()>>,
}

/// A certificate card.
#[function_component(CertCard)]
pub fn cert_card(props: &CertCardProps) -> Html {
    let Some(cert) = props.cert.get() else { return html! {} };
    let c = &cert.view;
    let title_id = format!("cert-{}-title", props.index);
    let name = &props.name;
    let validity_tone = match c.validity.state {
        ValidityState::Valid => Tone::Good,
        ValidityState::Expired | ValidityState::NotYetValid => Tone::Bad,
    };
    let role = match (c.is_ca, c.self_issued) {
        (true, true) => "Root certificate authority",
        (true, false) => "Intermediate certificate authority",
        (false, true) => "Self-signed certificate",
        (false, false) => "End-entity certificate",
    };
    let eku_text = c.eku_text.clone();
    // The certificate's findings but those "In short" says already (a warning or problem of
    // the certificate itself is one of its lines, topic = the finding's code) and the one its
    // status line says (the first of that code): each once.
    let status = &props.status;
    // The "Revocation" line, when there is one to show.
    let revocation = cert.revocation.as_deref().filter(|r| !r.is_empty());
    let restated = props.diagnostics.iter().position(|d| Some(d.code.as_str()) == status.restates.as_deref());
    let findings: Vec<Diagnostic> = props
        .diagnostics
        .iter()
        .enumerate()
        // "No CRL provided …" is the card's "Revocation" line word for word: said there.
        .filter(|&(_, d)| !(d.code == "revocation-no-crl" && revocation.is_some()))
        .filter(|&(k, d)| Some(k) != restated && !c.notable.iter().any(|n| n.topic == d.code))
        .map(|(_, d)| format::said_here(d, &props.name))
        .collect();
    // Its own EKU allows client authentication, but a CA above it cuts that usage: the line
    // "Can be used for client authentication" would contradict the status and finding.
    let usage_cut = props.diagnostics.iter().any(|d| d.code.as_str() == "eku-restricted-by-ca");
    let thumbprint = format::windows_hex(&c.sha1);
    let sha256 = format::windows_hex(&c.sha256);
    // The details render only once opened: a bundle of hundreds stays light.
    let details_open = use_state(|| props.selected);
    let ontoggle = super::later::track_open(&details_open);
    let open = *details_open || props.selected;

    html! {
        <article class={classes!("card", tone_class(status.kind.tone()))} id={format!("cert-{}", props.index)}
            data-testid="cert-card" data-status={status.kind.key()} aria-labelledby={title_id.clone()}>
            <header class="card-head">
                <div class="card-title">
                    <p class="eyebrow">{role}{" · from "}<span class="file-ref">{&cert.file}</span></p>
                    <h3 id={title_id}><span class="cert-num">{format!("#{} ", props.index + 1)}</span>{name}</h3>
                </div>
                <div class="badges">
                    { status_badge(status, true) }
                </div>
            </header>
            <p class="status-reason"><TextWithUrls text={status.reason().to_string()} /></p>
            <p class="card-actions">
                if props.is_verdict_subject {
                    <span class="muted small">{"The verdict at the top is about this certificate."}</span>
                } else if let Some(on_check) = props.on_check.clone() {
                    <button type="button" class="quiet" data-testid="check-this"
                        onclick={Callback::from(move |_: MouseEvent| on_check.emit(()))}>{"Check this certificate"}</button>
                }
            </p>
            <ul class="notable" aria-label="In short">
                { for c.notable.iter().filter(|n| n.topic != "expiry" && !(usage_cut && n.topic == "client-auth")).map(|n| html! {
                    <li class={classes!("notable-line", severity_class(n.severity))}>
                        { match n.severity {
                            Severity::Error => html! { <span class="label label-error">{"Problem"}</span> },
                            Severity::Warning => html! { <span class="label label-warn">{"Warning"}</span> },
                            Severity::Info => html! { <span class="dot" aria-hidden="true"></span> },
                        } }
                        <span><TextWithUrls text={n.text.clone()} /></span>
                    </li>
                }) }
            </ul>
            if !findings.is_empty() {
                <Diagnostics diagnostics={findings} compact=true />
            }
            <dl class="facts">
                { field_row("Subject", Some("subject"), None, false, if c.subject.trim().is_empty() {
                    html! { <span class="muted">{"(empty)"}</span> }
                } else {
                    html! { <>{&c.subject}</> }
                }) }
                { field_row("Issued by", Some("issuer"), None, false, html! { <>{&c.issuer}</> }) }
                { field_row("Validity period", Some("validity"), None, false, html! { <>
                    <span class={tone_class(validity_tone)}>{&c.validity.text}</span>
                    <span class="muted">{format!(" · {} to {}", format::utc_text(&c.not_before), format::utc_text(&c.not_after))}</span>
                </> }) }
                { field_row("Can be used for", Some("eku"), None, false, html! { <>{eku_text}</> }) }
                if !c.subject_alt_names.is_empty() {
                    { field_row("Alternative names", None, None, false, html! { <><NameList names={c.subject_alt_names.clone()} /></> }) }
                }
                if let Some(r) = revocation {
                    { field_row("Revocation", Some("revocation"), None, false, html! { <><TextWithUrls text={r.to_string()} /></> }) }
                }
                if let Some(k) = &cert.private_key {
                    { field_row("Private key", Some("key-status"), None, false, html! { <>
                        { key_badge(k.state, c.is_ca) }{" "}<span>{&k.message}</span>
                    </> }) }
                }
                { field_row("Thumbprint (SHA-1)", Some("thumbprint"), Some(thumbprint.clone().into()), true, html! { <>{thumbprint}</> }) }
                { field_row("SHA-256", Some("sha256"), Some(sha256.clone().into()), true, html! { <>{sha256}</> }) }
            </dl>
            <details class="more" open={open} {ontoggle}>
                <summary>{"All details"}</summary>
                if open { <Details cert={props.cert.clone()} /> }
            </details>
        </article>
    }
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "sev-error",
        Severity::Warning => "sev-warn",
        Severity::Info => "sev-info",
    }
}

/// A short label for the private-key state: text first, colour second.
/// A CA that came with someone else's key (the chain inside a PFX) is normal, not an error.
fn key_badge(state: PrivateKeyState, is_ca: bool) -> Html {
    let (class, text) = match state {
        PrivateKeyState::PresentMatches => ("label label-good", "Key present"),
        PrivateKeyState::InOtherFile => ("label label-good", "Key in another file"),
        PrivateKeyState::PresentNoMatch if is_ca => ("label", "Key is another certificate's"),
        PrivateKeyState::PresentNoMatch => ("label label-error", "Key does not match"),
        PrivateKeyState::NotInFileType => ("label", "No key in this file type"),
        PrivateKeyState::NotInFile => ("label label-warn", "No key in the file"),
        PrivateKeyState::Encrypted => ("label label-warn", "Locked"),
        PrivateKeyState::LinkedInStore => ("label label-info", "Key linked in the store"),
    };
    html! { <span {class} data-state={key_state_name(state)}>{text}</span> }
}

fn key_state_name(state: PrivateKeyState) -> &'static str {
    match state {
        PrivateKeyState::PresentMatches => "present-matches",
        PrivateKeyState::InOtherFile => "in-other-file",
        PrivateKeyState::PresentNoMatch => "present-no-match",
        PrivateKeyState::NotInFileType => "not-in-file-type",
        PrivateKeyState::NotInFile => "not-in-file",
        PrivateKeyState::Encrypted => "encrypted",
        PrivateKeyState::LinkedInStore => "linked-in-store",
    }
}

fn tone_class(tone: Tone) -> &'static str {
    match tone {
        Tone::Good => "tone-good",
        Tone::Warn => "tone-warn",
        Tone::Bad => "tone-bad",
        Tone::Neutral => "tone-neutral",
    }
}

#[derive(Properties, PartialEq)]
struct NameListProps {
    names: Vec<GeneralNameView>,
}

/// Subject alternative names as "UPN alice@contoso.com".
#[function_component(NameList)]
fn name_list(props: &NameListProps) -> Html {
    html! {
        <ul class="names">
            { for props.names.iter().map(|n| html! {
                <li><span class="name-kind">{name_kind(&n.kind)}</span>{" "}<span class="mono-soft">{&n.value}</span></li>
            }) }
        </ul>
    }
}

fn name_kind(kind: &str) -> String {
    match kind {
        "dns" => "DNS".into(),
        "ip" => "IP".into(),
        "email" => "Email".into(),
        "uri" => "URI".into(),
        "upn" => "UPN".into(),
        "sid" => "SID".into(),
        "directory" => "Directory name".into(),
        "registered-id" => "Registered ID".into(),
        other => other.to_string(),
    }
}

#[derive(Properties, PartialEq)]
struct DetailsProps {
    cert: Full,
}

/// Everything else: identifiers, key, extensions, raw downloads.
#[function_component(Details)]
fn details(props: &DetailsProps) -> Html {
    let Some(cert) = props.cert.get() else { return html! {} };
    let c = &cert.view;
    let basic = if c.is_ca {
        match c.path_len {
            Some(n) => format!("Certificate authority, at most {} below it", crate::text::count(n, "CA level", "CA levels")),
            None => "Certificate authority, no path length limit".into(),
        }
    } else {
        "Not a certificate authority (end entity)".into()
    };
    let key_usage = c.key_usage.as_ref().map_or_else(|| "Not restricted (no key usage extension)".to_string(), |k| k.join(", "));
    let key = c.public_key.clone();
    let download_pem = {
        let pem = format::pem("CERTIFICATE", &cert.der_base64);
        let file = format!("{}.pem", c.download_stem);
        Callback::from(move |_: MouseEvent| dom::download(&file, pem.as_bytes(), "application/x-pem-file"))
    };
    let download_der = {
        let file = format!("{}.cer", c.download_stem);
        let b64 = cert.der_base64.clone();
        Callback::from(move |_: MouseEvent| dom::download(&file, &dom::base64_decode(&b64).unwrap_or_default(), "application/pkix-cert"))
    };
    html! {
        <div class="details-body">
            <h4>{"Names"}</h4>
            <dl class="facts">
                { field_row("Subject", None, None, false, html! { <><NameForms name={c.subject_name.clone()} /></> }) }
                { field_row("Issuer", None, None, false, html! { <><NameForms name={c.issuer_name.clone()} /></> }) }
                if let Some(f) = &cert.friendly_name {
                    { field_row("Friendly name (PFX)", None, None, false, html! { <>{f}</> }) }
                }
                if let Some(sid) = &c.sid {
                    { field_row("Account SID", None, Some(sid.clone().into()), true, html! { <>
                        {sid}
                        <span class="muted">{match c.sid_source { Some(SidSource::Extension) => " (SID extension)", Some(SidSource::SanUrl) => " (SAN URL)", None => "" }}</span>
                    </> }) }
                }
            </dl>
            <h4>{"Identity and key"}</h4>
            <dl class="facts">
                { field_row("Serial number", None, Some(c.serial.clone().into()), true, html! { <>{&c.serial}</> }) }
                { field_row("Valid from", None, None, false, html! { <>
                    {format::utc_text(&c.not_before)}
                    <span class="muted">{format!(" · your time: {}", dom::local_time(c.validity.not_before_unix))}</span>
                </> }) }
                { field_row("Valid until", None, None, false, html! { <>
                    {format::utc_text(&c.not_after)}
                    <span class="muted">{format!(" · your time: {}", dom::local_time(c.validity.not_after_unix))}</span>
                </> }) }
                { field_row("Lifetime", None, None, false, html! { <>{&c.validity.lifetime_text}</> }) }
                { field_row("Public key", None, None, false, html! { <>{key}</> }) }
                { field_row("SPKI SHA-256 (pin)", None, Some(c.spki_sha256_base64.clone().into()), true, html! { <>{&c.spki_sha256_base64}</> }) }
                { field_row("Signature algorithm", None, None, false, html! { <>
                    {&c.signature_algorithm.name}
                    if c.signature_algorithm.weak { {" "}<span class="label label-warn">{"Weak"}</span> }
                    if let Some(pss) = &c.signature_algorithm.pss {
                        <span class="muted">{format!(" · {pss}")}</span>
                    }
                </> }) }
                { field_row("Basic constraints", None, None, false, html! { <>{basic}</> }) }
                { field_row("Key usage", None, None, false, html! { <>{key_usage}</> }) }
                if let Some(ekus) = &c.extended_key_usage {
                    { field_row("Extended key usage", None, None, false, html! { <>
                        <ul class="plain">
                            { for ekus.iter().map(|(name, o)| html! {
                                <li>{name}{" "}<span class="muted mono-soft">{o}</span></li>
                            }) }
                        </ul>
                    </> }) }
                }
                if let Some(ski) = &c.subject_key_id {
                    { field_row("Subject key ID", None, None, true, html! { <>{ski}</> }) }
                }
                if let Some(aki) = &c.authority_key_id {
                    { field_row("Authority key ID", None, None, true, html! { <>{aki}</> }) }
                }
                if let Some(id) = &cert.local_key_id {
                    { field_row("Local key ID (PFX)", None, None, true, html! { <>{id}</> }) }
                }
                { field_row("Version", None, None, false, html! { <>{format!("X.509 v{}", c.version)}</> }) }
            </dl>
            <h4>{"Where it is checked"}</h4>
            <dl class="facts">
                { field_row("CRL distribution points", None, None, false, html! { <>{urls_or_none(&c.crl_urls, "None: revocation cannot be checked by CRL")}</> }) }
                { field_row("CA issuers (AIA)", None, None, false, html! { <>{urls_or_none(&c.aia_ca_issuer_urls, "None")}</> }) }
                { field_row("OCSP", None, None, false, html! { <>{urls_or_none(&c.ocsp_urls, "None")}</> }) }
            </dl>
            if c.urls.iter().any(|u| !matches!(u.source.as_str(), "crl" | "ca-issuers" | "ocsp")) {
                <dl class="facts">
                    { field_row("Other URLs", None, None, false, html! { <>
                        <ul class="plain">
                            { for c.urls.iter().filter(|u| !matches!(u.source.as_str(), "crl" | "ca-issuers" | "ocsp")).map(|u| html! {
                                <li><span class="name-kind">{url_source(&u.source)}</span>{" "}<UrlList urls={vec![u.url.clone()]} /></li>
                            }) }
                        </ul>
                    </> }) }
                </dl>
            }
            if c.urls.iter().any(|u| !u.note.is_empty()) {
                <UrlNotes urls={c.urls.clone()} />
            }
            <h4>{"Extensions"}<span class="count">{c.extensions.len()}</span></h4>
            <ul class="extensions">
                { for c.extensions.iter().map(|e| html! {
                    <li class="extension">
                        <div class="ext-head">
                            <span class="ext-name">{&e.name}</span>
                            if e.critical { <span class="label">{"Critical"}</span> }
                            <span class="muted mono-soft">{&e.oid}</span>
                        </div>
                        if let Some(err) = &e.error {
                            <p class="ext-error"><span class="label label-error">{"Error"}</span>{" "}{err}</p>
                        }
                        <ul class="plain ext-values">
                            { for e.values.iter().map(|v| html! { <li>{v}</li> }) }
                        </ul>
                    </li>
                }) }
            </ul>
            <h4>{"Raw"}</h4>
            <div class="actions">
                <button type="button" onclick={download_pem}>{"Download PEM (.pem)"}</button>
                <button type="button" onclick={download_der}>{"Download DER (.cer)"}</button>
            </div>
            <Asn1View sha256={c.sha256.clone()} />
        </div>
    }
}

fn url_source(source: &str) -> &str {
    match source {
        "freshest-crl" => "Delta CRL",
        "ca-repository" => "CA repository",
        "sia" => "Subject info",
        "cps" => "Policy (CPS)",
        other => other,
    }
}

fn urls_or_none(urls: &[String], none: &'static str) -> Html {
    if urls.is_empty() {
        html! { <span class="muted">{none}</span> }
    } else {
        html! { <UrlList urls={urls.to_vec()} /> }
    }
}

#[derive(Properties, PartialEq)]
struct NameFormsProps {
    name: NameView,
}

/// A name as Windows shows it, with the RFC 4514 and OpenSSL forms and typed attributes.
#[function_component(NameForms)]
fn name_forms(props: &NameFormsProps) -> Html {
    let n = &props.name;
    html! {
        <div class="name-forms">
            <div>{&n.windows}</div>
            <div class="muted small"><span class="form-label">{"RFC 4514 "}</span><span class="mono-soft">{&n.rfc4514}</span></div>
            <div class="muted small"><span class="form-label">{"OpenSSL "}</span><span class="mono-soft">{&n.openssl}</span></div>
            if n.attributes.iter().any(|a| a.problem.is_some() || a.string_type != "UTF8String") {
                <ul class="plain small">
                    { for n.attributes.iter().map(|a| html! {
                        <li>
                            <span class="name-kind">{&a.short_name}</span>{" "}{&a.value}
                            <span class="muted">{format!(" ({})", a.string_type)}</span>
                            if let Some(p) = &a.problem { {" "}<span class="label label-warn">{"Malformed"}</span>{" "}{p} }
                        </li>
                    }) }
                </ul>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct UrlNotesProps {
    urls: Vec<UrlView>,
}

/// Reachability notes for URLs (intranet-only, LDAP, file: ...).
#[function_component(UrlNotes)]
fn url_notes(props: &UrlNotesProps) -> Html {
    html! {
        <ul class="plain url-notes">
            { for props.urls.iter().filter(|u| !u.note.is_empty()).map(|u| html! {
                <li>
                    <span class={if u.internal_only { "label label-warn" } else { "label label-info" }}>
                        {if u.internal_only { "Internal only" } else { "Note" }}
                    </span>
                    {" "}<UrlLine url={u.url.clone()} />{": "}{&u.note}
                </li>
            }) }
        </ul>
    }
}
