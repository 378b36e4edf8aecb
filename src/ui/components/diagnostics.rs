//! Findings, most severe first, each with a text label.

use yew::prelude::*;

use crate::report::{Diagnostic, Severity};

/// Props of [`Diagnostics`].
#[derive(Properties, PartialEq)]
pub struct DiagnosticsProps {
    /// The findings.
    pub diagnostics: Vec<Diagnostic>,
    /// Render compactly (inside a card).
    #[prop_or_default]
    pub compact: bool,
}

/// The severity's label and CSS class.
pub fn severity_label(severity: Severity) -> (&'static str, &'static str) {
    match severity {
        Severity::Error => ("Error", "label label-error"),
        Severity::Warning => ("Warning", "label label-warn"),
        Severity::Info => ("Note", "label label-info"),
    }
}

/// A list of findings.
#[function_component(Diagnostics)]
pub fn diagnostics(props: &DiagnosticsProps) -> Html {
    let mut sorted: Vec<&Diagnostic> = props.diagnostics.iter().collect();
    sorted.sort_by_key(|d| d.severity);
    html! {
        <ul class={classes!("diagnostics", props.compact.then_some("compact"))}>
            { for sorted.into_iter().map(|d| {
                let (label, class) = severity_label(d.severity);
                html! {
                    <li class="diagnostic">
                        <span class={class}>{label}</span>
                        <span class="diagnostic-text">
                            {&d.message}
                            <code class="code">{&d.code}</code>
                        </span>
                    </li>
                }
            }) }
        </ul>
    }
}
