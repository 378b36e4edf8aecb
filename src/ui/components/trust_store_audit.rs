//! The server's trusted roots: which dropped files are the store, and the
//! audit of it (issuer-list size against 12 KB / 16 KB, roots that break
//! client authentication, whether the client's CA is listed).

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::later::Folded;
use super::url_list::TextWithUrls;
use crate::server::audit::{LIMIT_12K, LIMIT_16K};
use crate::ui::page::{AuditFinding, Severity, TrustStoreAudit};
use crate::server::settings::Trust;
use crate::server::ServerSettings;

/// Props of [`TrustStoreAuditView`].
#[derive(Properties, PartialEq)]
pub struct TrustStoreAuditProps {
    /// The audit, when there is one.
    pub audit: Option<TrustStoreAudit>,
    /// Names of the dropped files that hold certificates.
    pub files: Vec<String>,
    /// Current server settings (the marked files live there).
    pub settings: ServerSettings,
    /// Mark or unmark a file as the server's root store: (file name, marked).
    pub on_mark: Callback<(String, bool)>,
}

/// Props of [`StoreFileMarks`].
#[derive(Properties, PartialEq)]
pub struct StoreFileMarksProps {
    /// Prefix of the checkboxes' ids (the list shows in two places).
    pub id_prefix: AttrValue,
    /// The list's legend.
    pub legend: AttrValue,
    /// Names of the dropped files that hold certificates.
    pub files: Vec<String>,
    /// Current server settings.
    pub settings: ServerSettings,
    /// (file name, marked): one reducer action sets the list and the trust setting with it.
    pub on_mark: Callback<(String, bool)>,
}

/// The one checkbox list of the files that make up the server's Trusted Root store (in the
/// audit and in the server settings).
#[function_component(StoreFileMarks)]
pub fn store_file_marks(props: &StoreFileMarksProps) -> Html {
    html! {
        <fieldset class="store-files">
            <legend>{props.legend.clone()}</legend>
            { for props.files.iter().enumerate().map(|(i, name)| {
                let id = format!("{}-{i}", props.id_prefix);
                let checked = props.settings.trust == Trust::Store && props.settings.trust_store_files.contains(name);
                let onchange = {
                    let on_mark = props.on_mark.clone();
                    let name = name.clone();
                    Callback::from(move |e: Event| {
                        if let Some(el) = e.target_dyn_into::<HtmlInputElement>() {
                            on_mark.emit((name.clone(), el.checked()));
                        }
                    })
                };
                html! {
                    <div class="check">
                        <input id={id.clone()} type="checkbox" {checked} {onchange} />
                        <label for={id}>{name}</label>
                    </div>
                }
            }) }
        </fieldset>
    }
}

fn severity_label(s: Severity) -> (&'static str, &'static str) {
    match s {
        Severity::Error => ("label label-error", "problem"),
        Severity::Warning => ("label label-warn", "warning"),
        Severity::Info => ("label label-info", "note"),
    }
}

fn finding(f: &AuditFinding) -> Html {
    let (class, word) = severity_label(f.severity);
    html! {
        <li class="diagnostic" data-code={f.code.to_string()}>
            <span class={class}>{word}</span>
            <span class="diagnostic-text">
                <TextWithUrls text={f.message.clone()} />
                if !f.reference.is_empty() { <span class="muted small">{format!(" ({})", f.reference)}</span> }
            </span>
        </li>
    }
}

/// The file marks and the audit.
#[function_component(TrustStoreAuditView)]
pub fn trust_store_audit_view(props: &TrustStoreAuditProps) -> Html {
    let marks = html! {
        <StoreFileMarks id_prefix="store-file" legend="Which files are the server's trusted root store?"
            files={props.files.clone()} settings={props.settings.clone()} on_mark={props.on_mark.clone()} />
    };
    let Some(a) = &props.audit else {
        return html! {
            <div class="audit" data-testid="trust-store-audit">
                {marks}
                <p class="muted small">{"Tick the file (a .p7b, .sst, PEM bundle or .cer) exported from the server's Trusted Root Certification Authorities store to audit it."}</p>
            </div>
        };
    };
    let pct = |limit: u32| (u64::from(a.issuer_list_bytes) * 100 / u64::from(limit)).min(999);
    let cut = &a.cut;
    // Problems first (in the order found), then warnings; notes apart.
    // (One pass into three lists, not a sort: a stable sort costs the page's wasm kilobytes.)
    let (mut serious, mut warnings, mut notes): (Vec<&AuditFinding>, Vec<&AuditFinding>, Vec<&AuditFinding>) = Default::default();
    for f in &a.findings {
        match f.severity {
            Severity::Error => serious.push(f),
            Severity::Warning => warnings.push(f),
            Severity::Info => notes.push(f),
        }
    }
    serious.append(&mut warnings);
    html! {
        <div class="audit" data-testid="trust-store-audit">
            {marks}
            <p class="audit-summary" data-testid="audit-summary">{&a.summary}</p>
            <dl class="facts">
                <div class="row"><dt>{"Certificates"}</dt><dd><span class="value" data-testid="audit-count">{format!("{} ({} CA)", a.certificate_count, a.ca_count)}</span></dd></div>
                <div class="row">
                    <dt>{"Issuer list"}</dt>
                    <dd>
                        <span class="value mono" data-testid="audit-list-bytes">{format!("{} bytes", crate::text::grouped(a.issuer_list_bytes))}</span>
                        <div class="list-meters">
                            <label class="small">{format!("16 KB limit (KB 2801679): {}%", pct(LIMIT_16K))}
                                <meter min="0" max={LIMIT_16K.to_string()} high={(LIMIT_16K * 9 / 10).to_string()} value={a.issuer_list_bytes.min(LIMIT_16K).to_string()}></meter>
                            </label>
                            <label class="small">{format!("12 KB limit (IIS 6): {}%", pct(LIMIT_12K))}
                                <meter min="0" max={LIMIT_12K.to_string()} high={(LIMIT_12K * 9 / 10).to_string()} value={a.issuer_list_bytes.min(LIMIT_12K).to_string()}></meter>
                            </label>
                        </div>
                    </dd>
                </div>
                if let Some(c) = &a.client_ca {
                    <div class="row">
                        <dt>{"Client's root"}</dt>
                        <dd data-testid="audit-client-ca">
                            { if c.ca_subject.is_empty() { "not dropped".to_string() } else { c.ca_subject.clone() } }
                            {" — "}
                            { if !c.in_store { "not in the store" } else if c.cut_at_16k { "in the store, but cut from the issuer list at 16 KB" } else if c.cut_at_12k { "in the store, cut at 12 KB (IIS 6 only)" } else { "in the store and in the issuer list" } }
                        </dd>
                    </div>
                }
            </dl>
            if !serious.is_empty() {
                <ul class="diagnostics" aria-label="Trust store problems and warnings">
                    { for serious.iter().map(|f| finding(f)) }
                </ul>
            }
            if !notes.is_empty() {
                // Notes (old algorithms on roots, renewed CAs, duplicates) break nothing: one
                // click away, rendered only once opened, after what does break something.
                <Folded open=false summary={crate::text::count(notes.len(), "note", "notes")}>
                    <ul class="diagnostics" aria-label="Trust store notes">
                        { for notes.iter().map(|f| finding(f)) }
                    </ul>
                </Folded>
            }
            if !cut.is_empty() {
                <Folded open=false summary={format!("{} beyond a limit", crate::text::count(cut.len(), "certificate falls", "certificates fall"))}>
                    <ol class="plain small">
                        { for cut.iter().map(|e| html! {
                            <li>{&e.subject}<span class="muted">{format!(" — ends at {} bytes; cut at {}", crate::text::grouped(e.list_bytes_through), if e.cut_at_16k { "16 KB and 12 KB" } else { "12 KB" })}</span></li>
                        }) }
                    </ol>
                </Folded>
            }
        </div>
    }
}
