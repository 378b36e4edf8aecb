//! The page: intake (drop, pick, paste), then files, certificates, findings.

use std::rc::Rc;

use yew::prelude::*;

use super::components::{
    cert_card::CertCard, diagnostics::Diagnostics, drop_zone::DropZone, eval_time::EvalTime, file_list::FileList,
    file_picker::FilePicker, hierarchy_view::HierarchyView, paste_box::PasteBox, server_settings::ServerSettingsPanel, server_verdict::{ServerTrace, ServerVerdict},
};
use super::components::{mapping_helper::MappingHelper, trust_store_audit::TrustStoreAuditView};
use super::dom;
use crate::input::pkcs12::PasswordState;
use super::state::{Action, AppState, NewFile};

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(self.apply(action, dom::now()))
    }
}

/// The whole app.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| AppState::new(dom::now()));
    use_effect_with((), |()| dom::mark_ready());

    let on_files = {
        let state = state.dispatcher();
        Callback::from(move |files: Vec<NewFile>| state.dispatch(Action::AddFiles(files)))
    };
    let on_paste = {
        let state = state.dispatcher();
        Callback::from(move |text: String| state.dispatch(Action::Paste(text)))
    };
    let on_remove = {
        let state = state.dispatcher();
        Callback::from(move |id: u32| state.dispatch(Action::Remove(id)))
    };
    let on_clear = {
        let state = state.dispatcher();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Clear))
    };
    let on_password = {
        let state = state.dispatcher();
        Callback::from(move |(file, password): (u32, String)| state.dispatch(Action::SetPassword { file, password }))
    };
    let on_time = {
        let state = state.dispatcher();
        Callback::from(move |at: Option<i64>| state.dispatch(Action::SetTime(at)))
    };

    let on_server = {
        let state = state.dispatcher();
        Callback::from(move |settings| state.dispatch(Action::SetServer(settings)))
    };

    let on_toggle_root = {
        let state = state.dispatcher();
        Callback::from(move |sha: String| state.dispatch(Action::ToggleRootTrust(sha)))
    };
    let on_select = {
        let state = state.dispatcher();
        Callback::from(move |sha: String| state.dispatch(Action::Select(Some(sha))))
    };

    let report = state.report.clone();
    let on_download_report = {
        let report = report.clone();
        Callback::from(move |_: MouseEvent| {
            // The report never holds passwords or private keys: the same JSON as `certlens --json`.
            if let Ok(json) = serde_json::to_vec_pretty(&*report) {
                dom::download("certlens-report.json", &json, "application/json");
            }
        })
    };
    let has_files = !state.view.files.is_empty();
    let cert_count = report.certificates.len();

    html! {
        <DropZone on_files={on_files.clone()}>
            <header class="masthead">
                <h1>{"certlens"}</h1>
                <p class="tagline">
                    {"Certificate inspector. Files are read in this browser tab only: nothing is uploaded."}
                </p>
            </header>
            <section class="intake" aria-label="Add certificates">
                <FilePicker on_files={on_files} />
                <PasteBox on_paste={on_paste} />
            </section>
            if has_files {
                <section class="results" aria-labelledby="files-heading">
                    <div class="section-head">
                        <h2 id="files-heading">{"Files"}</h2>
                        <div class="actions">
                            <button type="button" class="quiet" onclick={on_download_report}>{"Download report (JSON)"}</button>
                            <button type="button" class="quiet" onclick={on_clear}>{"Clear all"}</button>
                        </div>
                    </div>
                    <FileList
                        files={state.view.files.clone()}
                        reports={report.files.clone()}
                        keys={report.keys.clone()}
                        requests={report.requests.clone()}
                        passwords_given={state.view.files.iter().filter(|f| state.has_password(f.id)).map(|f| f.id).collect::<Vec<_>>()}
                        on_password={on_password}
                        on_remove={on_remove}
                    />
                </section>
                <section class="results" aria-labelledby="certs-heading">
                    <div class="section-head">
                        <h2 id="certs-heading">
                            {"Certificates"}<span class="count">{cert_count}</span>
                        </h2>
                        <EvalTime at={state.evaluated_at} fixed={state.view.at.is_some()} on_change={on_time.clone()} />
                    </div>
                    if cert_count == 0 {
                        <p class="empty">
                            { if report.files.iter().any(|f| f.container.as_ref().is_some_and(|c| matches!(c.password, PasswordState::Needed | PasswordState::Wrong))) {
                                "No certificate can be read yet: a file is password-protected; type its password above."
                            } else {
                                "No certificate was found in these files."
                            } }
                        </p>
                    }
                    { for report.certificates.iter().enumerate().map(|(i, c)| html! {
                        <CertCard
                            key={c.view.sha256.clone()}
                            index={i}
                            cert={c.clone()}
                            diagnostics={report.diagnostics.iter().filter(|d| d.certificate == Some(i)).cloned().collect::<Vec<_>>()}
                            selected={state.view.selected.as_deref() == Some(c.view.sha256.as_str())}
                            chain_status={report.hierarchy.chain_for(i).map(|ch| ch.best.status)}
                        />
                    }) }
                </section>
                if cert_count > 0 {
                    <section class="results" aria-labelledby="hierarchy-heading">
                        <h2 id="hierarchy-heading">{"Hierarchy"}</h2>
                        <HierarchyView
                            hierarchy={report.hierarchy.clone()}
                            sha256={report.certificates.iter().map(|c| c.view.sha256.clone()).collect::<Vec<_>>()}
                            untrusted_roots={state.view.untrusted_roots.clone()}
                            {on_toggle_root}
                            {on_select}
                        />
                    </section>
                }
                if cert_count > 0 {
                    <section class="results" aria-labelledby="server-heading">
                        <h2 id="server-heading">{"Expected server behaviour"}</h2>
                        <div class="server-grid">
                            if let Some(server) = &report.server {
                                <ServerVerdict report={server.clone()} />
                            } else {
                                <p class="empty verdict-block">{"No prediction for these files."}</p>
                            }
                            if let Some(server) = &report.server {
                                <ServerTrace report={server.clone()} on_time={on_time.clone()} />
                            }
                            <ServerSettingsPanel
                                settings={state.view.server.clone()}
                                file_names={state.view.files.iter().map(|f| f.name.clone()).collect::<Vec<_>>()}
                                on_change={on_server.clone()}
                            />
                        </div>
                    </section>
                }
                if report.trust_store.is_some() || report.files.iter().filter(|f| !f.certificates.is_empty()).count() > 1 {
                    <section class="results" aria-labelledby="store-heading">
                        <h2 id="store-heading">{"Server's trusted roots"}</h2>
                        <TrustStoreAuditView audit={report.trust_store.clone()} settings={state.view.server.clone()} on_change={on_server.clone()}
                            files={report.files.iter().filter(|f| !f.certificates.is_empty()).map(|f| f.name.clone()).collect::<Vec<_>>()} />
                    </section>
                }
                if report.certificates.iter().any(|c| !c.view.is_ca) {
                    <section class="results" aria-labelledby="mapping-heading">
                        <h2 id="mapping-heading">{"Active Directory mapping"}</h2>
                        <MappingHelper certificates={report.certificates.clone()} initial={report.mapping.as_ref().map(|m| m.certificate)} selected={state.view.selected.clone()} />
                    </section>
                }
                if !report.diagnostics.is_empty() {
                    <section class="results" aria-labelledby="findings-heading">
                        <h2 id="findings-heading">{"Findings"}<span class="count">{report.diagnostics.len()}</span></h2>
                        <Diagnostics diagnostics={report.diagnostics.clone()} />
                    </section>
                }
            }
            <footer class="colophon">
                {format!("certlens {} · runs entirely in your browser · no network requests", report.version)}
            </footer>
        </DropZone>
    }
}
