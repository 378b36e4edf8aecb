//! One result row per file: what it held, or what is wrong with it.

use yew::prelude::*;

use super::container_view::ContainerView;
use super::password_prompt::PasswordPrompt;
use super::url_list::TextWithUrls;
use crate::ui::page::{Diagnostic, FileReport, KeyReport, PasswordState, RequestReport, Severity};
use crate::ui::format;
use crate::ui::state::FileMeta;

/// Props of [`FileList`].
#[derive(Properties, PartialEq)]
pub struct FileListProps {
    /// The files, as the view knows them.
    pub files: Vec<FileMeta>,
    /// The report's rows for them, same order.
    pub reports: Vec<FileReport>,
    /// Every key of the report (rows index into it).
    pub keys: Vec<KeyReport>,
    /// Every certificate request of the report (matched to rows by file name).
    pub requests: Vec<RequestReport>,
    /// Ids of files a password was given for.
    pub passwords_given: Vec<u32>,
    /// Remove a file by id.
    pub on_remove: Callback<u32>,
    /// A password was typed for a file: (id, password).
    pub on_password: Callback<(u32, String)>,
    /// Findings about files (to show a warning as a warning, not an error).
    #[prop_or_default]
    pub diagnostics: Vec<Diagnostic>,
}



/// The list of files with a one-line result each.
#[function_component(FileList)]
pub fn file_list(props: &FileListProps) -> Html {
    html! {
        <ul class="files">
            { for props.files.iter().zip(props.reports.iter()).enumerate().map(|(pos, (meta, report))| {
                let id = meta.id;
                let on_remove = props.on_remove.clone();
                // Focus goes to the next file's "Remove", else the previous one's, else "Add files".
                let next_focus = props
                    .files
                    .get(pos + 1)
                    .or_else(|| pos.checked_sub(1).and_then(|p| props.files.get(p)))
                    .map_or_else(|| "add-files".to_string(), |f| format!("remove-{}", f.id));
                // (The list is below the verdict: it shows the removal after the next frame.)
                let remove = Callback::from(move |_: MouseEvent| {
                    on_remove.emit(id);
                    crate::ui::dom::focus_after_paint(&next_focus);
                });
                let failed = report.gave_nothing(&props.diagnostics);
                let keys: Vec<KeyReport> = report.keys.iter().filter_map(|&k| props.keys.get(k).cloned()).collect();
                let given = props.passwords_given.contains(&id);
                let container_state = report.container.as_ref().map(|c| c.password);
                let locked_key = keys.iter().any(|k| k.locked());
                let needs_password = report.waits_for_password(&props.keys);
                let wrong = container_state == Some(PasswordState::Wrong) || (given && locked_key);
                html! {
                    <li key={id} class={classes!("file-row", failed.then_some("failed"))}>
                        <div class="file-main">
                            <span class="file-name">{&meta.name}</span>
                            <span class="file-meta">
                                {if report.size > crate::input::MAX_FILE_SIZE {
                                    format!("over {} · {}", format::file_size(crate::input::MAX_FILE_SIZE), report.detected)
                                } else {
                                    format!("{} · {}", format::file_size(report.size), report.detected)
                                }}
                            </span>
                            <span class="file-result">{ summary(report, props.requests.iter().any(|r| r.file == meta.name)) }</span>
                        </div>
                        <button type="button" class="quiet remove" id={format!("remove-{id}")} onclick={remove}
                            aria-label={format!("Remove {}", meta.name)}>{"Remove"}</button>
                        <div class="file-body">
                            { for report.problems.iter().map(|p| {
                                let full = format!("{}: {}", meta.name, p);
                                let diag = props.diagnostics.iter().find(|d| d.file.as_deref() == Some(meta.name.as_str()) && d.message == full);
                                let warning = diag.is_some_and(|d| d.severity != Severity::Error);
                                let code = diag.map(|d| format!("code: {}", d.code));
                                html! {
                                    <p class={if warning { "file-warning" } else { "file-error" }} data-testid={if warning { "file-warning" } else { "file-error" }} title={code}>
                                        if warning { <span class="label label-warn">{"Warning"}</span> } else { <span class="label label-error">{"Error"}</span> }
                                        <span><TextWithUrls text={full} /></span>
                                    </p>
                                }
                            }) }
                            { for report.notes.iter().map(|n| html! {
                                <p class="file-note"><span class="label label-info">{"Note"}</span><span><TextWithUrls text={n.clone()} /></span></p>
                            }) }
                            if report.container.is_some() || !keys.is_empty() {
                                <ContainerView container={report.container.clone()} keys={keys} />
                            }
                            { for props.requests.iter().filter(|r| r.file == meta.name).map(request_line) }
                            if needs_password {
                                <PasswordPrompt file={id} name={meta.name.clone()} {wrong} on_submit={props.on_password.clone()} />
                            }
                        </div>
                    </li>
                }
            }) }
        </ul>
    }
}

/// A certificate request (CSR) in one line, the detail after.
fn request_line(r: &RequestReport) -> Html {
    let ekus = &r.extended_key_usage;
    html! {
        <div class="request">
            <p class="key-line">
                <span class="label label-info">{"Request"}</span>
                {" for "}<strong>{if r.subject.is_empty() { "(empty subject)" } else { r.subject.as_str() }}</strong>
                <span class="muted">{format!(" · {} · signed with {}", r.public_key, r.signature_algorithm)}</span>
            </p>
            <ul class="plain small request-detail">
                if !r.subject_alt_names.is_empty() { <li>{"Alternative names: "}{r.subject_alt_names.join(", ")}</li> }
                if !ekus.is_empty() { <li>{"Asks for: "}{ekus.join(", ")}</li> }
                if r.has_challenge_password { <li>{"Carries a challenge password (not shown)"}</li> }
                if r.has_key { <li>{"Its private key is among the dropped files"}</li> }
                if !r.certificates.is_empty() {
                    <li>{"Issued as "}
                        { for r.certificates.iter().map(|i| html! { <a href={format!("#cert-{i}")}>{format!("certificate #{} ", i + 1)}</a> }) }
                    </li>
                }
            </ul>
        </div>
    }
}

fn summary(report: &FileReport, has_requests: bool) -> Html {
    match report.certificates.as_slice() {
        [] if report.problems.is_empty() && report.keys.is_empty() && report.container.is_none() && !has_requests => {
            html! { {"no certificate in this file"} }
        }
        [] => html! {},
        certs => {
            let n = certs.len();
            let first = certs.first().copied().unwrap_or_default();
            html! {
                <a href={format!("#cert-{first}")}>
                    { crate::text::count(n, "certificate", "certificates") }
                </a>
            }
        }
    }
}
