//! One result row per file: what it held, or what is wrong with it.

use yew::prelude::*;

use crate::report::FileReport;
use crate::ui::format;
use crate::ui::state::FileMeta;

/// Props of [`FileList`].
#[derive(Properties, PartialEq)]
pub struct FileListProps {
    /// The files, as the view knows them.
    pub files: Vec<FileMeta>,
    /// The report's rows for them, same order.
    pub reports: Vec<FileReport>,
    /// Remove a file by id.
    pub on_remove: Callback<u32>,
}

/// The list of files with a one-line result each.
#[function_component(FileList)]
pub fn file_list(props: &FileListProps) -> Html {
    html! {
        <ul class="files">
            { for props.files.iter().zip(props.reports.iter()).map(|(meta, report)| {
                let id = meta.id;
                let on_remove = props.on_remove.clone();
                let remove = Callback::from(move |_: MouseEvent| on_remove.emit(id));
                let failed = report.certificates.is_empty() && !report.problems.is_empty();
                html! {
                    <li key={id} class={classes!("file-row", failed.then_some("failed"))}>
                        <div class="file-main">
                            <span class="file-name">{&meta.name}</span>
                            <span class="file-meta">
                                {format!("{} · {}", format::file_size(report.size), report.detected)}
                            </span>
                            <span class="file-result">{ summary(report) }</span>
                        </div>
                        { for report.problems.iter().map(|p| html! {
                            <p class="file-error" data-testid="file-error">
                                <span class="label label-error">{"Error"}</span>
                                <span>{format!("{}: {}", meta.name, p)}</span>
                            </p>
                        }) }
                        <button type="button" class="quiet remove" onclick={remove}
                            aria-label={format!("Remove {}", meta.name)}>{"Remove"}</button>
                    </li>
                }
            }) }
        </ul>
    }
}

fn summary(report: &FileReport) -> Html {
    match report.certificates.as_slice() {
        [] if report.problems.is_empty() => html! { {"no certificate in this file"} },
        [] => html! {},
        certs => {
            let n = certs.len();
            let first = certs.first().copied().unwrap_or_default();
            html! {
                <a href={format!("#cert-{first}")}>
                    { if n == 1 { "1 certificate".to_string() } else { format!("{n} certificates") } }
                </a>
            }
        }
    }
}
