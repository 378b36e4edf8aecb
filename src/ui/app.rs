//! The page: the answer first. Intake (drop, pick, paste), then the verdict
//! bar, the tools that act on it (Active Directory mapping, the server's
//! trusted roots), the certificates as a list, the files, the hierarchy, why
//! (the trace and the settings), the findings.
//!
//! Embed mode (`?embed`): the verdict bar and the certificate list only
//! (cards open on click), the reasons behind a disclosure, a link to the full view.

use std::rc::Rc;

use yew::prelude::*;

use super::components::{
    cert_list::CertList, diagnostics::DiagnosticGroups, drop_zone::DropZone, eval_time::EvalTime, file_list::FileList,
    file_picker::FilePicker, hierarchy_view::HierarchyView, later::Folded, paste_box::PasteBox, server_settings::ServerSettingsPanel,
    server_verdict::ServerTrace, verdict_bar::VerdictBar,
};
use super::components::{mapping_helper::MappingHelper, trust_store_audit::TrustStoreAuditView};
use super::{dom, embed};
use super::components::{link_notice::LinkNotice, share_panel::SharePanel};
use super::state::{Action, AppState, NewFile, VerdictMode, OPEN_BY_DEFAULT};
use crate::server::settings::Trust;

/// Above this many certificates the hierarchy starts folded (the list is the way in).
const HIERARCHY_OPEN_UP_TO: usize = 12;

/// The app's state as its reducer holds it. Two are equal when the page shows them the same
/// ([`AppState::shown`]): `use_reducer_eq` then skips the render, as for a settings change's
/// prediction, which shows nothing until its answer ([`AppState::quiet`]).
pub struct Page(AppState);

impl std::ops::Deref for Page {
    type Target = AppState;
    fn deref(&self) -> &AppState {
        &self.0
    }
}

impl PartialEq for Page {
    fn eq(&self, other: &Self) -> bool {
        self.0.shown == other.0.shown
    }
}

/// The app's dispatcher.
pub type Dispatch = UseReducerDispatcher<Page>;

impl Reducible for Page {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = self.0.update(action, dom::now());
        // A new job goes to the worker now, not after the page has rendered "busy" (the
        // effect in `App` would post it after that render: 10-60 ms later); the effect then
        // finds it posted.
        let new_job = next.busy && next.job.as_ref().map(|j| j.seq) != self.0.job.as_ref().map(|j| j.seq);
        if new_job {
            super::bridge::post_now(&next);
        }
        // A quiet prediction shows that it is busy only if it takes long.
        if new_job && next.quiet {
            if let Some(seq) = next.job.as_ref().map(|j| j.seq) {
                super::bridge::show_busy_later(seq);
            }
        }
        // No file left: nothing of them stays in the worker.
        if next.view.files.is_empty() && !self.0.view.files.is_empty() {
            super::bridge::let_go();
        }
        Rc::new(Page(next))
    }
}

/// The whole app.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer_eq(|| Page(AppState::new(dom::now())));
    super::bridge::init(state.dispatcher());
    use_effect_with((), |()| dom::mark_ready());
    // Each new job goes to the analysis worker; its answer comes back as an action.
    {
        let seq = state.job.as_ref().map(|j| j.seq);
        let (state, dispatch) = (state.clone(), state.dispatcher());
        use_effect_with(seq, move |_| super::bridge::post(&state, dispatch));
    }
    let link_error = embed::use_share_link(state.dispatcher());
    let embed_mode = *use_memo((), |()| embed::is_embed());
    embed::use_embed_messages(embed_mode, state.dispatcher());

    // The callbacks handed to components are made once (they only dispatch): a callback made
    // anew at each render differs from the last one, so every component given one rendered
    // again with the whole page, at each settings change, answer and progress step.
    let on_files = use_callback(state.dispatcher(), |files: Vec<NewFile>, d| d.dispatch(Action::AddFiles(files)));
    let on_paste = use_callback(state.dispatcher(), |text: String, d| d.dispatch(Action::Paste(text)));
    let on_remove = use_callback(state.dispatcher(), |id: u32, d| d.dispatch(Action::Remove(id)));
    let on_clear = use_callback(state.dispatcher(), |_: MouseEvent, d| {
        d.dispatch(Action::Clear);
        dom::focus_later("add-files");
    });
    let on_password = use_callback(state.dispatcher(), |(file, password): (u32, String), d| d.dispatch(Action::SetPassword { file, password }));
    let on_time = use_callback(state.dispatcher(), |at: Option<i64>, d| d.dispatch(Action::SetTime(at)));
    let on_server = use_callback(state.dispatcher(), |edit, d| d.dispatch(Action::EditServer(edit)));
    let on_mark_store = use_callback(state.dispatcher(), |(name, marked): (String, bool), d| d.dispatch(Action::MarkStoreFile { name, marked }));
    let on_toggle_root = use_callback(state.dispatcher(), |sha: String, d| d.dispatch(Action::ToggleRootTrust(sha)));
    let on_select = use_callback(state.dispatcher(), |sha: String, d| d.dispatch(Action::Select(Some(sha))));
    let on_toggle_row = use_callback(state.dispatcher(), |sha: String, d| d.dispatch(Action::ToggleOpen(sha)));
    // "Check this certificate": the verdict is about it now; show the verdict.
    let on_check = use_callback(state.dispatcher(), |sha: Option<String>, d| {
        d.dispatch(Action::VerdictFor(sha));
        dom::focus_later("verdict");
    });
    let on_choose = use_callback(state.dispatcher(), |sha: Option<String>, d| d.dispatch(Action::VerdictFor(sha)));
    let on_mode = use_callback(state.dispatcher(), |mode: VerdictMode, d| d.dispatch(Action::SetMode(mode)));
    let on_assume = use_callback(state.dispatcher(), |(setting, value): (String, Option<String>), d| d.dispatch(Action::Assume { setting, value }));

    let report = state.report.clone();
    let on_download_report = {
        let options = state.options();
        Callback::from(move |_: MouseEvent| {
            // The report never holds passwords or private keys: the same JSON as `certlens --json`,
            // written by the worker (it holds the report).
            super::bridge::ask(&super::work::Task::Json { options: options.clone() }, |answer| {
                if let super::work::TaskAnswer::Text(json) = answer {
                    dom::download("certlens-report.json", json.as_bytes(), "application/json");
                }
            });
        })
    };
    let has_files = !state.view.files.is_empty();
    // Until the first answer for these files, only "Analysing…" (no verdict of nothing); after a
    // failure the (empty) results stay, with "Clear all".
    let busy = state.shows_busy();
    let show_results = has_files && !(busy && state.analysed_files.is_empty());
    // The files the report is about that are still there (a removed file goes at once; a new
    // one shows when its analysis comes back from the worker), each with its report.
    let (shown_files, shown_reports): (Vec<_>, Vec<_>) = state
        .view
        .files
        .iter()
        .filter_map(|f| {
            let i = state.analysed_files.iter().position(|a| a.id == f.id)?;
            Some((f.clone(), report.files.get(i)?.clone()))
        })
        .unzip();
    let cert_count = report.certificates.len();
    let rows = state.rows.clone();
    let file_diagnostics: Vec<_> = report.diagnostics.iter().filter(|d| d.certificate.is_none()).cloned().collect();
    // A container still locked hides its certificates; a key still locked (an encrypted key
    // alone) only its match: the two say different things where the verdict would be.
    let container_locked = report.files.iter().any(super::page::FileReport::container_locked);
    let password_needed = report.files.iter().any(|f| f.waits_for_password(&report.keys));


    let store_files: Vec<String> = report.files.iter().filter(|f| !f.certificates.is_empty()).map(|f| f.name.clone()).collect();
    // The trust-store audit: in the verdict bar for a drop of CA certificates only (the answer
    // there), else one of the tools right after the verdict; offered when one of several files
    // could be a root store (it holds a root), not for end certificates and their intermediates.
    let holds_root = |f: &super::page::FileReport| f.certificates.iter().any(|&i| rows.get(i).is_some_and(|r| r.is_root()));
    let audit_offered = report.trust_store.is_some() || (store_files.len() > 1 && report.files.iter().any(holds_root));
    let audit = html! {
        <TrustStoreAuditView audit={report.trust_store.clone()} settings={state.view.server.clone()}
            on_mark={on_mark_store.clone()} files={store_files.clone()} />
    };
    let audit_in_bar = state.subject.ca_only && audit_offered;
    let mapping_offered = report.certificates.iter().any(|c| c.view.signs_users_in());
    // No certificate to judge: what was dropped instead, and the next step, in the verdict's place.
    let no_certificate = if cert_count > 0 || state.view.files.is_empty() {
        None
    } else if container_locked {
        Some("A file is password-protected: type its password below to read its certificates and keys.")
    } else if password_needed {
        Some("The files hold an encrypted private key but no certificate: type its password below to open it, and add the certificate (.cer, .crt or .pem) to see whether they belong together.")
    } else if !report.keys.is_empty() {
        Some("The files hold a private key but no certificate: add the certificate (.cer, .crt or .pem) to see whether they belong together.")
    } else if !report.requests.is_empty() {
        Some("A certificate request is not a certificate yet: once the CA has issued it, drop the certificate it returns.")
    } else if !report.hierarchy.crls.is_empty() {
        Some("Revocation lists only: what they say is below; drop the certificates they cover for a verdict.")
    } else if !busy && !report.files.is_empty() && report.files.iter().all(|f| !f.gave_nothing(&report.diagnostics)) {
        // Text read for what it says (certutil's or netsh's output, an IIS configuration).
        Some("These files describe certificates or the server but hold none: what they say is under Files; add the certificate (.cer, .crt or .pem) for a verdict.")
    } else {
        None
    };
    // Files that gave nothing and say why: named in the bar.
    let unread: Vec<String> = report
        .files
        .iter()
        .filter(|f| f.container.is_none() && f.gave_nothing(&report.diagnostics))
        .map(|f| f.name.clone())
        .collect();
    // Files still locked beside certificates that were read (a .pfx or key without its
    // password): named in the bar, with a link to their password box, not only under Files.
    let locked: Vec<super::components::verdict_bar::Locked> = if cert_count == 0 {
        Vec::new()
    } else {
        shown_files
            .iter()
            .zip(shown_reports.iter())
            .filter(|(_, f)| f.waits_for_password(&report.keys))
            .map(|(meta, f)| super::components::verdict_bar::Locked {
                id: meta.id,
                name: meta.name.clone(),
                container: f.container_locked(),
            })
            .collect()
    };
    let analysing = state.job.as_ref().is_some_and(|j| j.analyse);
    let trace = state.server.as_ref().filter(|_| !state.subject.ca_only).cloned();
    let cert_list = html! {
        <CertList
            rows={rows.clone()}
            report={report.clone()}
            thin={state.thin}
            toggled={state.view.toggled.clone()}
            selected={state.view.selected.clone()}
            verdict_for={state.subject.certificate.filter(|_| !state.subject.ca_only)}
            on_toggle={on_toggle_row}
            on_check={on_check.clone()}
            open_up_to={if embed_mode { 0 } else { OPEN_BY_DEFAULT }}
        />
    };

    html! {
        <DropZone on_files={on_files.clone()}>
          <div class={classes!("app-root", embed_mode.then_some("embed"))} data-testid={embed_mode.then_some("embed")}>
            if has_files && !embed_mode {
                <a class="skip-link" href="#verdict">{"Jump to the verdict"}</a>
            }
            if !embed_mode {
                <header class={classes!("masthead", has_files.then_some("compact"))}>
                    <h1>{"certlens"}</h1>
                    <p class="tagline">
                        {"Certificate inspector. Files are read in this browser tab only: nothing is uploaded."}
                    </p>
                </header>
            }
            <main id="main" class="main" data-analyses={state.analyses.to_string()} data-answers={state.answers.to_string()} aria-busy={busy.to_string()} data-busy={busy.then_some("1")} data-checking={state.checking.then_some("1")}>
                if !embed_mode {
                    <section class={classes!("intake", has_files.then_some("compact"))} aria-label="Add certificates">
                        <FilePicker on_files={on_files} compact={has_files} />
                        if has_files {
                            <details class="paste-more">
                                <summary>{"Paste text"}</summary>
                                <PasteBox on_paste={on_paste} />
                            </details>
                        } else {
                            <PasteBox on_paste={on_paste} />
                        }
                    </section>
                }
                // In a frame, "opened from a share link" is noise; what the link left out is not.
                <LinkNotice shared={state.view.shared.clone().filter(|s| !embed_mode || !s.not_in_link.is_empty())} error={link_error} />
                if let Some(failure) = &state.failure {
                    <p class="warn-text" role="alert" data-testid="analysis-failed">{failure}</p>
                } else if busy && has_files {
                    // A prediction only (a settings change) is shown busy only when it has not
                    // answered within QUIET_MS (the worker is still checking roots, say).
                    if let Some(p) = state.progress {
                        <p class="muted small progress-line" role="status" data-testid="busy">
                            <label>
                                {super::work::progress_text(&p)}
                                <progress max={p.total.to_string()} value={p.done.to_string()} data-testid="progress" />
                            </label>
                        </p>
                    } else if analysing {
                        <p class="muted small" role="status" data-testid="busy">{"Analysing\u{2026}"}</p>
                    } else {
                        <p class="muted small" role="status" data-testid="busy">{"Working out the verdict again for the new settings\u{2026}"}</p>
                    }
                } else if state.checking && has_files {
                    // A first answer: the roots' own signatures are being checked (the verdict may change).
                    <p class="muted small progress-line" role="status" data-testid="checking-roots">
                        <label>
                            {super::work::CHECKING_ROOTS}
                            if let Some(p) = state.progress {
                                <progress max={p.total.to_string()} value={p.done.to_string()} data-testid="progress" />
                            } else {
                                <progress data-testid="progress" />
                            }
                        </label>
                    </p>
                }
                if show_results && !embed_mode {
                    <SharePanel view={state.view_facts()} has_chain={cert_count > 0} every_certificate={state.subject.ca_only} />
                }
                if embed_mode && !has_files {
                    <p class="empty embed-empty">{"No certificate yet: the page that shows this frame sends them in."}</p>
                }
                if show_results {
                    <VerdictBar
                        server={state.server.clone()}
                        rows={rows.clone()}
                        subject={state.subject.clone()}
                        settings={state.view.server.clone()}
                        assumed={state.view.assumed.clone()}
                        mode={state.view.mode}
                        on_choose={on_choose}
                        on_mode={on_mode}
                        on_assume={on_assume}
                        why_here={!embed_mode}
                        {no_certificate}
                        {unread}
                        {locked}
                    >
                        if audit_in_bar { {audit.clone()} }
                    </VerdictBar>
                    if !embed_mode && ((mapping_offered && !state.subject.ca_only) || (audit_offered && !audit_in_bar)) {
                        <section class="tools" aria-label="Tools for this verdict" data-testid="tools">
                            if mapping_offered && !state.subject.ca_only {
                                <Tool id="mapping" testid="mapping-tool" title="Active Directory mapping"
                                    hint="the strong altSecurityIdentities values and the commands that set them">
                                    <MappingHelper report={report.clone()} thin={state.thin} initial={report.mapping_certificate} selected={state.view.selected.clone()} />
                                </Tool>
                            }
                            if audit_offered && !audit_in_bar {
                                <Tool id="store-audit" testid="audit-tool" title="Server's trusted roots" open_when={state.view.server.trust == Trust::Store}
                                    hint="mark the dropped root store to audit it: issuer-list size, roots that break client authentication">
                                    {audit.clone()}
                                </Tool>
                            }
                        </section>
                    }
                    // A key, a request or a locked .pfx alone: the bar says what it is and what to do
                    // next; an empty list and a date to check it on would only repeat it.
                    if !(no_certificate.is_some() && !busy && report.hierarchy.crls.is_empty()) {
                    <section class="results" aria-labelledby="certs-heading">
                        <div class="section-head">
                            <h2 id="certs-heading">
                                {"Certificates"}<span class="count">{crate::text::grouped(rows.len())}</span>
                            </h2>
                            if !embed_mode {
                                <EvalTime at={state.evaluated_at} fixed={state.view.at.is_some()} on_change={on_time.clone()} />
                            }
                        </div>
                        if cert_count == 0 && !busy {
                            <p class="empty">
                                { if container_locked {
                                    "No certificate can be read yet: a file is password-protected; type its password below."
                                } else {
                                    "No certificate was found in these files."
                                } }
                            </p>
                        }
                        {cert_list}
                    </section>
                    }
                    if embed_mode {
                        if let Some(server) = trace.clone() {
                            <details class="embed-why" data-testid="embed-why">
                                <summary>{"Why: the checks step by step"}</summary>
                                <ServerTrace report={server} on_time={on_time.clone()} rows={rows.clone()} />
                            </details>
                        }
                        <p class="embed-foot"><EmbedOpenFull view={state.view_facts()} analyses={state.analyses} busy={busy} /></p>
                    } else {
                    <Folded open=true later=true updates_later=true>
                        <section class="results" aria-labelledby="files-heading">
                            <div class="section-head">
                                <h2 id="files-heading">{"Files"}<span class="count">{state.view.files.len()}</span></h2>
                                <div class="actions">
                                    <button type="button" class="quiet" onclick={on_download_report}>{"Download report (JSON)"}</button>
                                    <button type="button" class="quiet" onclick={on_clear}>{"Clear all"}</button>
                                </div>
                            </div>
                            if state.listing {
                                // A big drop listed ahead of its analysis: no file's report yet.
                                <p class="empty">{"Being read: "}{state.view.files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>().join(", ")}</p>
                            }
                            <FileList
                                files={shown_files}
                                reports={shown_reports}
                                keys={report.keys.clone()}
                                requests={report.requests.clone()}
                                passwords_given={state.view.files.iter().filter(|f| state.has_password(f.id)).map(|f| f.id).collect::<Vec<_>>()}
                                on_password={on_password}
                                on_remove={on_remove}
                                diagnostics={file_diagnostics}
                            />
                        </section>
                    </Folded>
                    if cert_count == 0 && !report.hierarchy.crls.is_empty() {
                        // CRLs without a certificate: what each one says, on its own.
                        <section class="results" aria-labelledby="crl-heading">
                            <h2 id="crl-heading">{"Revocation lists"}</h2>
                            { super::components::hierarchy_view::crl_list(&report.hierarchy.crls) }
                        </section>
                    }
                    if cert_count > 0 {
                        <Folded open=true later=true updates_later=true>
                            <section class="results" aria-labelledby="hierarchy-heading">
                                <h2 id="hierarchy-heading">{"Hierarchy"}</h2>
                                <Folded open={cert_count <= HIERARCHY_OPEN_UP_TO} summary={format!("Show the hierarchy of the {cert_count} certificates")}>
                                    <HierarchyView
                                        report={report.clone()}
                                        untrusted_roots={state.view.untrusted_roots.clone()}
                                        rows={rows.clone()}
                                        verdict_for={state.subject.certificate.filter(|_| !state.subject.ca_only)}
                                        on_check={on_check}
                                        {on_toggle_root}
                                        {on_select}
                                    />
                                </Folded>
                            </section>
                        </Folded>
                        <Folded open=true later=true updates_later=true>
                            <section class="results" aria-labelledby="server-heading">
                                <h2 id="server-heading">{"Expected server behaviour"}</h2>
                                <div class="server-grid">
                                    if let Some(server) = trace {
                                        <ServerTrace report={server} on_time={on_time.clone()} rows={rows.clone()} />
                                    } else {
                                        <p class="empty trace-block" id="why">{"No prediction for these files: choose a certificate in the verdict bar to get one."}</p>
                                    }
                                    <ServerSettingsPanel
                                        settings={state.view.server.clone()}
                                        file_names={state.view.files.iter().map(|f| f.name.clone()).collect::<Vec<_>>()}
                                        from_files={state.settings_from().to_vec()}
                                        on_edit={on_server.clone()}
                                        on_mark_store={on_mark_store.clone()}
                                    />
                                </div>
                            </section>
                        </Folded>
                    }
                    if !report.diagnostics.is_empty() {
                        <Folded open=true later=true updates_later=true>
                            <section class="results" aria-labelledby="findings-heading">
                                <h2 id="findings-heading">{"Findings"}<span class="count">{report.diagnostics.len()}</span></h2>
                                <DiagnosticGroups report={report.clone()} />
                            </section>
                        </Folded>
                    }
                    }
                }
            </main>
            if !embed_mode {
                <footer class="colophon">
                    {format!("certlens {} · runs entirely in your browser · no network requests", report.version)}
                </footer>
            }
          </div>
        </DropZone>
    }
}

#[derive(Properties, PartialEq)]
struct ToolProps {
    id: AttrValue,
    testid: AttrValue,
    title: AttrValue,
    hint: AttrValue,
    /// Opens the tool when this becomes true (the user marked a root store elsewhere); never
    /// closes it: only the user does.
    #[prop_or_default]
    open_when: bool,
    children: Html,
}

/// A tool right after the verdict: a disclosure, closed until wanted (its content is
/// rendered only once opened: a drop of 10,000 certificates does not build a closed picker).
#[function_component(Tool)]
fn tool(props: &ToolProps) -> Html {
    let node = use_node_ref();
    let shown = use_state(|| false);
    let ontoggle = super::components::later::track_open(&shown);
    {
        let node = node.clone();
        use_effect_with(props.open_when, move |open| {
            if *open {
                if let Some(el) = node.cast::<web_sys::Element>() {
                    let _ = el.set_attribute("open", "");
                }
            }
        });
    }
    html! {
        <details class="tool" id={props.id.clone()} data-testid={props.testid.clone()} ref={node} {ontoggle}>
            <summary><span class="tool-title">{props.title.clone()}</span>
                <span class="tool-hint">{" · "}{props.hint.clone()}</span></summary>
            if *shown { {props.children.clone()} }
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct EmbedOpenFullProps {
    /// What the link carries ([`AppState::view_facts`]).
    view: super::work::LinkView,
    /// Made again after each analysis and once the page is not busy.
    analyses: u32,
    busy: bool,
}

/// In embed mode: open this view in a full certlens tab (the link carries the view, like a
/// share link; remade only when the view changes).
#[function_component(EmbedOpenFull)]
fn embed_open_full(props: &EmbedOpenFullProps) -> Html {
    let href = use_state(String::new);
    {
        // The worker makes the link (it holds the report), again when the view changes.
        let href = href.clone();
        use_effect_with((props.analyses, props.view.clone(), props.busy), move |(_, view, busy)| {
            if !*busy {
                bridge_link(view.clone(), href);
            }
        });
    }
    html! {
        <a href={(*href).clone()} target="_blank" rel="noopener" data-testid="embed-open">{"Open the full view in certlens ↗"}</a>
    }
}

/// Ask the worker for a link of this view; `href` gets it.
fn bridge_link(view: super::work::LinkView, href: UseStateHandle<String>) {
    let task = super::work::Task::Link { view, smaller: false };
    super::bridge::ask(&task, move |answer| {
        if let Ok(link) = answer.decode::<super::work::MadeLink>() {
            href.set(format!("{}#{}", embed::app_base(), link.fragment));
        }
    });
}

