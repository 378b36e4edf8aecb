//! One certificate: the facts that matter on top, the rest one click away.

use base64::Engine as _;
use yew::prelude::*;

use super::diagnostics::Diagnostics;
use super::field_row::FieldRow;
use super::status_badge::{StatusBadge, Tone};
use super::url_list::UrlList;
use crate::model::{oids, GeneralNameView, ValidityState};
use crate::report::{CertificateReport, Diagnostic};
use crate::ui::{dom, format};

/// Props of [`CertCard`].
#[derive(Properties, PartialEq)]
pub struct CertCardProps {
    /// Index in the report (anchors link to `#cert-N`).
    pub index: usize,
    /// The certificate.
    pub cert: CertificateReport,
    /// Findings about this certificate.
    pub diagnostics: Vec<Diagnostic>,
}

/// A certificate card.
#[function_component(CertCard)]
pub fn cert_card(props: &CertCardProps) -> Html {
    let c = &props.cert.view;
    let title_id = format!("cert-{}-title", props.index);
    let name = format::short_name(&c.subject);
    let (tone, state_text) = match c.validity.state {
        ValidityState::Valid => (Tone::Good, "Valid"),
        ValidityState::Expired => (Tone::Bad, "Expired"),
        ValidityState::NotYetValid => (Tone::Warn, "Not yet valid"),
    };
    let role = match (c.is_ca, c.self_issued) {
        (true, true) => "Root certificate authority",
        (true, false) => "Intermediate certificate authority",
        (false, true) => "Self-signed certificate",
        (false, false) => "End-entity certificate",
    };
    let eku_text = {
        let names = c.eku_names();
        match &c.extended_key_usage {
            None => "Any purpose (no extended key usage extension)".to_string(),
            Some(_) if names.is_empty() => "Nothing (the extended key usage extension is empty)".to_string(),
            Some(_) => names.join(", "),
        }
    };
    let thumbprint = format::windows_hex(&c.sha1);
    let sha256 = format::windows_hex(&c.sha256);

    html! {
        <article class={classes!("card", tone_class(tone))} id={format!("cert-{}", props.index)}
            data-testid="cert-card" aria-labelledby={title_id.clone()}>
            <header class="card-head">
                <div class="card-title">
                    <p class="eyebrow">{role}{" · from "}<span class="file-ref">{&props.cert.file}</span></p>
                    <h3 id={title_id}>{name}</h3>
                </div>
                <StatusBadge {tone} text={state_text} />
            </header>
            if !props.diagnostics.is_empty() {
                <Diagnostics diagnostics={props.diagnostics.clone()} compact=true />
            }
            <dl class="facts">
                <FieldRow label="Subject" testid="subject">{&c.subject}</FieldRow>
                <FieldRow label="Issued by" testid="issuer">{&c.issuer}</FieldRow>
                <FieldRow label="Validity" testid="validity">
                    <strong class={tone_class(tone)}>{&c.validity.text}</strong>
                    <span class="muted">{format!(" · {} to {}", format::utc_text(&c.not_before), format::utc_text(&c.not_after))}</span>
                </FieldRow>
                <FieldRow label="Can be used for" testid="eku">{eku_text}</FieldRow>
                if !c.subject_alt_names.is_empty() {
                    <FieldRow label="Alternative names"><NameList names={c.subject_alt_names.clone()} /></FieldRow>
                }
                <FieldRow label="Thumbprint (SHA-1)" testid="thumbprint" copy={thumbprint.clone()} mono=true>{thumbprint}</FieldRow>
                <FieldRow label="SHA-256" testid="sha256" copy={sha256.clone()} mono=true>{sha256}</FieldRow>
            </dl>
            <details class="more">
                <summary>{"All details"}</summary>
                <Details cert={props.cert.clone()} />
            </details>
        </article>
    }
}

fn tone_class(tone: Tone) -> &'static str {
    match tone {
        Tone::Good => "tone-good",
        Tone::Warn => "tone-warn",
        Tone::Bad => "tone-bad",
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
    cert: CertificateReport,
}

/// Everything else: identifiers, key, extensions, raw downloads.
#[function_component(Details)]
fn details(props: &DetailsProps) -> Html {
    let c = &props.cert.view;
    let basic = if c.is_ca {
        match c.path_len {
            Some(n) => format!("Certificate authority, at most {n} CA level(s) below it"),
            None => "Certificate authority, no path length limit".into(),
        }
    } else {
        "Not a certificate authority (end entity)".into()
    };
    let key_usage = c.key_usage.as_ref().map_or_else(|| "Not restricted (no key usage extension)".to_string(), |k| k.join(", "));
    let mut key = c.public_key.summary.clone();
    if let Some(e) = c.public_key.rsa_exponent {
        key.push_str(&format!(", exponent {e}"));
    }
    let name = format::short_name(&c.subject);
    let der = base64::engine::general_purpose::STANDARD.decode(&props.cert.der_base64).unwrap_or_default();
    let download_pem = {
        let pem = format::pem("CERTIFICATE", &props.cert.der_base64);
        let file = format::download_name(&name, "pem");
        Callback::from(move |_: MouseEvent| dom::download(&file, pem.as_bytes(), "application/x-pem-file"))
    };
    let download_der = {
        let file = format::download_name(&name, "cer");
        Callback::from(move |_: MouseEvent| dom::download(&file, &der, "application/pkix-cert"))
    };
    html! {
        <div class="details-body">
            <dl class="facts">
                <FieldRow label="Serial number" mono=true copy={c.serial.clone()}>{&c.serial}</FieldRow>
                <FieldRow label="Public key">{key}</FieldRow>
                <FieldRow label="Signature algorithm">{&c.signature_algorithm.name}</FieldRow>
                <FieldRow label="Basic constraints">{basic}</FieldRow>
                <FieldRow label="Key usage">{key_usage}</FieldRow>
                if let Some(ekus) = &c.extended_key_usage {
                    <FieldRow label="Extended key usage OIDs">
                        <ul class="plain">
                            { for ekus.iter().map(|o| html! {
                                <li>{oids::eku_name(o).unwrap_or("Unknown purpose")}{" "}<span class="muted mono-soft">{o}</span></li>
                            }) }
                        </ul>
                    </FieldRow>
                }
                <FieldRow label="CRL distribution points">{urls_or_none(&c.crl_urls, "None: revocation cannot be checked by CRL")}</FieldRow>
                <FieldRow label="CA issuers (AIA)">{urls_or_none(&c.aia_ca_issuer_urls, "None")}</FieldRow>
                <FieldRow label="OCSP">{urls_or_none(&c.ocsp_urls, "None")}</FieldRow>
                if let Some(ski) = &c.subject_key_id {
                    <FieldRow label="Subject key ID" mono=true>{ski}</FieldRow>
                }
                if let Some(aki) = &c.authority_key_id {
                    <FieldRow label="Authority key ID" mono=true>{aki}</FieldRow>
                }
                <FieldRow label="Version">{format!("X.509 v{}", c.version)}</FieldRow>
            </dl>
            <h4>{"Extensions"}<span class="count">{c.extensions.len()}</span></h4>
            <ul class="extensions">
                { for c.extensions.iter().map(|e| html! {
                    <li class="extension">
                        <div class="ext-head">
                            <span class="ext-name">{&e.name}</span>
                            if e.critical { <span class="label label-warn">{"Critical"}</span> }
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
            <h4>{"Download"}</h4>
            <div class="actions">
                <button type="button" onclick={download_pem}>{"PEM (.pem)"}</button>
                <button type="button" onclick={download_der}>{"DER (.cer)"}</button>
            </div>
        </div>
    }
}

fn urls_or_none(urls: &[String], none: &'static str) -> Html {
    if urls.is_empty() {
        html! { <span class="muted">{none}</span> }
    } else {
        html! { <UrlList urls={urls.to_vec()} /> }
    }
}
