//! Findings, most severe first, each with a text label. The stable code is
//! kept for the JSON and a tooltip, never glued to the message.

use std::rc::Rc;

use yew::prelude::*;

use super::url_list::TextWithUrls;
use crate::ui::page::{Diagnostic, PageReport, Severity};

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
    /// The report (its findings; shared, not copied: 10,000 certificates make 25,000 findings).
    pub report: Rc<PageReport>,
}

/// A group's findings shown at first, and added per "show more".
const GROUP_PAGE: usize = 100;

/// Findings grouped by code, most severe first, with counts; a group opens to list them all.
#[function_component(DiagnosticGroups)]
pub fn diagnostic_groups(props: &DiagnosticGroupsProps) -> Html {
    let all = &props.report.diagnostics;
    let mut groups: Vec<(&str, Severity, Vec<usize>)> = Vec::new();
    for (i, d) in all.iter().enumerate() {
        match groups.iter_mut().find(|(code, sev, _)| *code == d.code.as_str() && *sev == d.severity) {
            Some((_, _, list)) => list.push(i),
            None => groups.push((d.code.as_str(), d.severity, vec![i])),
        }
    }
    let mut ordered = Vec::with_capacity(groups.len());
    for s in SEVERITIES {
        for g in groups.iter_mut().filter(|g| g.1 == s) {
            ordered.push((g.0, g.1, std::mem::take(&mut g.2)));
        }
    }
    html! {
        <ul class="diagnostics grouped" data-testid="finding-groups">
            { for ordered.into_iter().map(|(code, sev, items)| html! {
                <FindingGroup report={props.report.clone()} code={code.to_string()} severity={sev} {items} />
            }) }
        </ul>
    }
}

#[derive(Properties, PartialEq)]
struct FindingGroupProps {
    report: Rc<PageReport>,
    code: String,
    severity: Severity,
    /// Indexes of the group's findings in the report.
    items: Vec<usize>,
}

#[function_component(FindingGroup)]
fn finding_group(props: &FindingGroupProps) -> Html {
    let open = use_state(|| false);
    let limit = use_state(|| GROUP_PAGE);
    let (label, class) = severity_label(props.severity);
    let n = props.items.len();
    let message = |i: &usize| props.report.diagnostics.get(*i).map(|d| d.message.clone()).unwrap_or_default();
    let first = props.items.first().map(message).unwrap_or_default();
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
    let others = n - 1;
    let shown = others.min(*limit);
    let more = {
        let limit = limit.clone();
        Callback::from(move |_: MouseEvent| limit.set(*limit + GROUP_PAGE))
    };
    html! {
        <li class="diagnostic group" title={format!("code: {}", props.code)} data-code={props.code.clone()} data-count={n.to_string()}>
            <span class={class}>{label}</span>
            <div class="diagnostic-text">
                <span><TextWithUrls text={first} /></span>
                <button type="button" class="quiet small" aria-expanded={if *open { "true" } else { "false" }} onclick={toggle}>
                    {if *open { format!("Hide the other {others}") } else { format!("and {others} more like it") }}
                </button>
                if *open {
                    <ul class="plain group-items">
                        { for props.items.iter().skip(1).take(shown).map(|i| html! { <li><TextWithUrls text={message(i)} /></li> }) }
                    </ul>
                    if others > shown {
                        <button type="button" class="quiet small show-more" onclick={more}>
                            {format!("Show {} more (of {})", (others - shown).min(GROUP_PAGE), others - shown)}
                        </button>
                    }
                }
            </div>
            <span class="count" aria-label={format!("{n} findings")}>{format!("×{n}")}</span>
        </li>
    }
}
