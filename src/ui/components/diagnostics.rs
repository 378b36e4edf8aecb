//! Findings, most severe first, each with a text label. The stable code is
//! kept for the JSON and a tooltip, never glued to the message.

use yew::prelude::*;

use super::url_list::TextWithUrls;
use crate::ui::page::{Diagnostic, Severity};

/// The severities, most severe first.
const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

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
    // Most severe first, in order within each severity (a stable sort by severity).
    let sorted: Vec<&Diagnostic> = SEVERITIES.iter().flat_map(|&s| props.diagnostics.iter().filter(move |d| d.severity == s)).collect();
    html! {
        <ul class={classes!("diagnostics", props.compact.then_some("compact"))}>
            { for sorted.into_iter().map(|d| {
                let (label, class) = severity_label(d.severity);
                html! {
                    <li class="diagnostic" title={format!("code: {}", d.code)} data-code={d.code.to_string()}>
                        <span class={class}>{label}</span>
                        <span class="diagnostic-text"><TextWithUrls text={d.message.clone()} /></span>
                    </li>
                }
            }) }
        </ul>
    }
}

/// Props of [`DiagnosticGroups`].
#[derive(Properties, PartialEq)]
pub struct DiagnosticGroupsProps {
    /// The findings.
    pub diagnostics: Vec<Diagnostic>,
}

/// Findings grouped by code, most severe first, with counts; a group opens to list them all.
#[function_component(DiagnosticGroups)]
pub fn diagnostic_groups(props: &DiagnosticGroupsProps) -> Html {
    let mut groups: Vec<(&str, Severity, Vec<&Diagnostic>)> = Vec::new();
    for d in &props.diagnostics {
        match groups.iter_mut().find(|(code, sev, _)| *code == d.code.as_str() && *sev == d.severity) {
            Some((_, _, list)) => list.push(d),
            None => groups.push((d.code.as_str(), d.severity, vec![d])),
        }
    }
    let groups: Vec<(&str, Severity, Vec<&Diagnostic>)> =
        SEVERITIES.iter().flat_map(|&s| groups.iter().filter(move |g| g.1 == s).cloned()).collect();
    html! {
        <ul class="diagnostics grouped" data-testid="finding-groups">
            { for groups.into_iter().map(|(code, sev, list)| html! {
                <FindingGroup code={code.to_string()} severity={sev} items={list.into_iter().cloned().collect::<Vec<_>>()} />
            }) }
        </ul>
    }
}

#[derive(Properties, PartialEq)]
struct FindingGroupProps {
    code: String,
    severity: Severity,
    items: Vec<Diagnostic>,
}

#[function_component(FindingGroup)]
fn finding_group(props: &FindingGroupProps) -> Html {
    let open = use_state(|| false);
    let (label, class) = severity_label(props.severity);
    let n = props.items.len();
    let first = props.items.first().map(|d| d.message.clone()).unwrap_or_default();
    if n == 1 {
        return html! {
            <li class="diagnostic" title={format!("code: {}", props.code)} data-code={props.code.clone()}>
                <span class={class}>{label}</span>
                <span class="diagnostic-text"><TextWithUrls text={first} /></span>
            </li>
        };
    }
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    html! {
        <li class="diagnostic group" title={format!("code: {}", props.code)} data-code={props.code.clone()} data-count={n.to_string()}>
            <span class={class}>{label}</span>
            <div class="diagnostic-text">
                <span><TextWithUrls text={first} /></span>
                <button type="button" class="quiet small" aria-expanded={if *open { "true" } else { "false" }} onclick={toggle}>
                    {if *open { format!("Hide the other {}", n - 1) } else { format!("and {} more like it", n - 1) }}
                </button>
                if *open {
                    <ul class="plain group-items">
                        { for props.items.iter().skip(1).map(|d| html! { <li><TextWithUrls text={d.message.clone()} /></li> }) }
                    </ul>
                }
            </div>
            <span class="count" aria-label={format!("{n} findings")}>{format!("×{n}")}</span>
        </li>
    }
}
