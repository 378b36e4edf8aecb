//! Why: the predicted outcome's summary, its branches, the step trace and the fixes.
//! (The outcome itself is in the verdict bar at the top.)

use std::rc::Rc;

use yew::prelude::*;

use super::copy_button::CopyButton;
use super::status_badge::status_badge;
use super::url_list::{TextWithUrls, UrlLine};
use crate::ui::status::CertRow;
use crate::ui::page::{Fix, ServerReport, StepStatus};
use crate::ui::format;

/// Props of [`ServerTrace`].
#[derive(Properties, PartialEq)]
pub struct ServerTraceProps {
    /// The prediction.
    pub report: Rc<ServerReport>,
    /// Evaluate at another time (timeline entries).
    pub on_time: Callback<Option<i64>>,
    /// The certificates (to show each step's certificate with its status).
    pub rows: Rc<Vec<CertRow>>,
}

/// Traps, the steps in handshake order with their fixes, and the timeline.
#[function_component(ServerTrace)]
pub fn server_trace(props: &ServerTraceProps) -> Html {
    let r = &props.report;
    html! {
        <div class="trace-block">
            <h3 id="why" tabindex="-1">{"Why"}</h3>
            <p class="trace-summary"><TextWithUrls text={r.summary.clone()} /></p>
            if !r.outcome_if.is_empty() {
                <ul class="branches" aria-label="Depending on">
                    { for r.outcome_if.iter().map(|b| html! {
                        <li><span class="branch-outcome">{format::outcome_short(b.outcome.as_str())}</span>{" if "}<TextWithUrls text={b.condition.clone()} /></li>
                    }) }
                </ul>
            }
            if r.win32.is_some() || r.event.is_some() {
                <p class="muted small">
                    if let Some(w) = &r.win32 { {"Windows status "}<code>{w}</code>{" "} }
                    if let Some(e) = r.event { {"Event ID "}<code>{e}</code> }
                </p>
            }
            if !r.traps.is_empty() {
                <h3>{"Known traps"}</h3>
                <ul class="traps">
                    { for r.traps.iter().map(|t| html! {
                        <li class="trap">
                            <p><span class="label label-warn">{"Trap"}</span>{" "}<TextWithUrls text={t.message.clone()} /></p>
                            if let Some(f) = &t.fix { <FixView fix={f.clone()} /> }
                        </li>
                    }) }
                </ul>
            }
            <h3>{"Step by step"}</h3>
            <ol class="trace">
                { for r.trace.iter().map(|s| {
                    let (label, class) = step_label(s.status);
                    html! {
                        <li key={s.key.as_str()} class={classes!("step", (!s.reached).then_some("unreached"))}>
                            <div class="step-head">
                                <span class={class}>{label}</span>
                                <strong>{&s.title}</strong>
                                if !s.reached { <span class="step-note">{"(not reached: an earlier step decides)"}</span> }
                            </div>
                            <p class="step-evidence"><TextWithUrls text={s.evidence.clone()} /></p>
                            if let Some(c) = &s.certificate {
                                <p class="muted small step-cert">
                                    {"Certificate: "}
                                    if let Some(row) = s.certificate_index.and_then(|i| props.rows.get(i)) {
                                        <a href={format!("#cert-{}", row.index)}>{format!("#{} {}", row.index + 1, row.name)}</a>{" "}
                                        { status_badge(&row.status, true) }
                                    } else { {c} }
                                </p>
                            }
                            if !s.urls.is_empty() {
                                <ul class="plain url-checks">
                                    { for s.urls.iter().map(|u| html! {
                                        <li>
                                            <span class={reach_class(&u.reachable)}>{reach_word(&u.reachable)}</span>
                                            {" "}<UrlLine url={u.url.clone()} />
                                            <span class="muted small">{format!(" ({})", u.class)}</span>
                                        </li>
                                    }) }
                                </ul>
                            }
                            if let Some(f) = &s.fix {
                                if s.status != StepStatus::Passed { <FixView fix={f.clone()} /> }
                            }
                        </li>
                    }
                }) }
            </ol>
            if !r.timeline.is_empty() {
                <h3>{"When this changes"}</h3>
                <ul class="timeline">
                    { for r.timeline.iter().map(|t| {
                        let at = t.at_unix;
                        let on_time = props.on_time.clone();
                        let onclick = Callback::from(move |_: MouseEvent| on_time.emit(Some(at)));
                        html! {
                            <li>
                                <span class="mono-soft">{format::utc_text(&t.at)}</span>{": "}
                                <strong>{t.outcome.as_str()}</strong>{" because "}{&t.because}
                                {" "}<button type="button" class="quiet" {onclick}>{"Check on this date"}</button>
                            </li>
                        }
                    }) }
                </ul>
            }
        </div>
    }
}

fn step_label(status: StepStatus) -> (&'static str, &'static str) {
    match status {
        StepStatus::Passed => ("Passed", "label label-good"),
        StepStatus::Failed => ("Failed", "label label-error"),
        StepStatus::Unknown => ("Unknown", "label label-warn"),
        StepStatus::Skipped => ("Skipped", "label"),
    }
}

fn reach_word(r: &str) -> &'static str {
    match r {
        "yes" => "Reachable",
        "no" => "Not reachable",
        _ => "Unknown",
    }
}

fn reach_class(r: &str) -> &'static str {
    match r {
        "yes" => "label label-good",
        "no" => "label label-error",
        _ => "label label-warn",
    }
}

#[derive(Properties, PartialEq)]
struct FixViewProps {
    fix: Fix,
}

/// What to do, the commands (each with a copy button), the reference.
#[function_component(FixView)]
fn fix_view(props: &FixViewProps) -> Html {
    let f = &props.fix;
    html! {
        <div class="fix">
            <p><span class="label label-info">{"Fix"}</span>{" "}<TextWithUrls text={f.text.clone()} /></p>
            if !f.commands.is_empty() {
                <ul class="commands">
                    { for f.commands.iter().map(|c| html! {
                        <li><code>{c}</code><CopyButton text={c.clone()} what="command" /></li>
                    }) }
                </ul>
            }
            if !f.reference.is_empty() { <p class="muted small">{"Reference: "}{&f.reference}</p> }
        </div>
    }
}
