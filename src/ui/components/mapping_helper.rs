//! The Active Directory mapping helper for one client certificate: strong
//! mapping status (KB5014754), every altSecurityIdentities value with a copy
//! button, and the ready PowerShell and IIS commands.

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::copy_button::CopyButton;
use super::full_cert::use_full_cert;
use crate::ui::page::{Cmd, ModeOutcome, PageReport};

/// Props of [`MappingHelper`].
#[derive(Properties, PartialEq)]
pub struct MappingHelperProps {
    /// The report (the helper offers its non-CA certificates; shared, not copied).
    pub report: Rc<PageReport>,
    /// The certificate to show first (the one the server prediction is about).
    #[prop_or_default]
    pub initial: Option<usize>,
    /// The report's certificates are summaries: the helper asks for its certificate in full.
    #[prop_or_default]
    pub thin: bool,
    /// SHA-256 of the certificate selected elsewhere on the page (hierarchy links).
    #[prop_or_default]
    pub selected: Option<String>,
}

fn command(cmd: &Cmd, what: &str) -> Html {
    match (&cmd.command, &cmd.withheld) {
        (Some(c), _) => html! {
            <li><code>{c}</code><CopyButton text={AttrValue::from(c.clone())} what={AttrValue::from(what.to_string())} /></li>
        },
        (None, Some(why)) => html! { <li class="muted small">{format!("{what}: not shown, {why}.")}</li> },
        _ => html! {},
    }
}

fn mode_line(label: &str, m: &ModeOutcome) -> Html {
    let (class, word) = if m.works { ("label label-good", "maps") } else { ("label label-error", "fails") };
    html! {
        <div class="row" data-testid="mapping-mode">
            <dt>{label}</dt>
            <dd><span class={class}>{word}</span>{" "}{&m.why}</dd>
        </div>
    }
}

/// The helper, per client certificate (a picker when several were dropped).
#[function_component(MappingHelper)]
pub fn mapping_helper(props: &MappingHelperProps) -> Html {
    let clients: Vec<usize> = props.report.certificates.iter().enumerate().filter(|(_, c)| c.view.signs_users_in()).map(|(i, _)| i).collect();
    let chosen = use_state(|| None::<usize>);
    let from_selection = props
        .selected
        .as_ref()
        .and_then(|sha| props.report.certificates.iter().position(|c| &c.view.sha256 == sha))
        .filter(|i| clients.contains(i));
    let current = (*chosen)
        .filter(|i| clients.contains(i))
        .or(from_selection)
        .or(props.initial.filter(|i| clients.contains(i)))
        .or_else(|| clients.first().copied());
    let full = use_full_cert(&props.report, current, props.thin);
    let Some(index) = current else {
        return html! {};
    };
    let cert = match full {
        Ok(full) => full,
        Err(why) if why.is_empty() => return html! { <p class="muted small" role="status">{"Loading the certificate\u{2026}"}</p> },
        Err(why) => return html! { <p class="warn-text small" role="status">{format!("The certificate could not be shown: {why}.")}</p> },
    };
    // Made by the worker with the certificate in full.
    let Some(m) = cert.get().and_then(|c| c.mapping.as_ref()) else {
        return html! {};
    };
    let onchange = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            if let Some(el) = e.target_dyn_into::<HtmlSelectElement>() {
                chosen.set(el.value().parse().ok());
            }
        })
    };
    let sid = match (&m.sid, m.sid_source) {
        (Some(s), Some(crate::ui::page::SidSource::SanUrl)) => format!("{s} (subject alternative name URL)"),
        (Some(s), _) => format!("{s} (SID extension 1.3.6.1.4.1.311.25.2)"),
        (None, _) => "none".to_string(),
    };
    html! {
        <div class="mapping" data-testid="mapping-helper">
            if clients.len() > 1 {
                <div class="setting">
                    <label for="mapping-cert">{"Client certificate"}</label>
                    <select id="mapping-cert" {onchange}>
                        { for clients.iter().map(|i| {
                            let label = props.report.certificates.get(*i).map(|c| c.view.label.clone()).unwrap_or_default();
                            html! { <option value={i.to_string()} selected={*i == index}>{label}</option> }
                        }) }
                    </select>
                </div>
            } else {
                <p class="muted">{"For "}<strong>{props.report.certificates.get(index).map_or_else(|| m.subject.clone(), |c| c.view.label.clone())}</strong></p>
            }
            <dl class="facts">
                <div class="row"><dt>{"SID"}</dt><dd><span class="value mono" data-testid="mapping-sid">{sid}</span></dd></div>
                <div class="row"><dt>{"UPN"}</dt><dd><span class="value" data-testid="mapping-upn">{m.upn.clone().unwrap_or_else(|| "none".into())}</span></dd></div>
                // One row when both modes come to the same (a SID maps in both): the sentence once.
                if m.enforcement == m.compatibility {
                    { mode_line("Full enforcement and compatibility mode", &m.enforcement) }
                } else {
                    { mode_line("Full enforcement", &m.enforcement) }
                    { mode_line("Compatibility mode", &m.compatibility) }
                }
            </dl>
            <h3>{"altSecurityIdentities values"}</h3>
            <p class="muted small">{"Strong values work under full enforcement; weak ones only in compatibility mode. Add one to the user account."}</p>
            <ul class="alt-sec-ids" aria-label="altSecurityIdentities values, strong first">
                { for m.alt_security_identities.iter().map(|a| html! {
                    <li class="alt-sec-id" data-kind={a.kind.clone()} data-strong={a.strong.to_string()}>
                        <div class="alt-head">
                            <span class={if a.strong { "label label-good" } else { "label label-warn" }}>{if a.strong { "strong" } else { "weak" }}</span>
                            {" "}<span class="muted small">{&a.meaning}</span>
                        </div>
                        <ul class="commands">
                            <li><code data-testid={format!("altsec-{}", a.kind)}>{&a.value}</code><CopyButton text={AttrValue::from(a.value.clone())} what={AttrValue::from(format!("{} value", a.kind))} /></li>
                            { command(&a.powershell, "PowerShell command") }
                        </ul>
                    </li>
                }) }
            </ul>
            <details class="iis-mapping">
                <summary>{"IIS certificate mapping commands"}</summary>
                <p class="small">{"One-to-one: this exact certificate (its base64, one line) mapped to an account. Replace <password>."}</p>
                <ul class="commands">{ command(&m.iis_one_to_one, "IIS one-to-one command") }</ul>
                <p class="small">{"Many-to-one: a rule that matches every certificate from this issuer (web.config, then the same as appcmd)."}</p>
                <ul class="commands">
                    <li><code class="block">{&m.iis_many_to_one.web_config}</code><CopyButton text={AttrValue::from(m.iis_many_to_one.web_config.clone())} what="web.config snippet" /></li>
                    { for m.iis_many_to_one.commands.iter().map(|c| command(c, "appcmd command")) }
                </ul>
            </details>
            <p class="muted small">{"Rules: "}{&m.reference}{". The account name comes from the UPN; change it if the user's logon name differs."}</p>
        </div>
    }
}
