//! The certificates as a compact list: one row each (number, name, role,
//! status, expiry), the card opening under its row, like the path view of
//! the Windows certificate dialog. A filter box for large drops; only open
//! cards and the first rows of a long list are rendered.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::cert_card::CertCard;
use super::full_cert::FullCert;
use super::later::Folded;
use super::status_badge::status_badge;
use crate::ui::page::PageReport;
use crate::ui::state::{list_page, OPEN_BY_DEFAULT};
use crate::ui::status::CertRow;
use crate::text::grouped;

/// Rows rendered at first (and added per "show more"): two screens or so. 100 rows were
/// ~1,600 DOM nodes of the 2,700 a bundle of roots (Debian's 144) made, most of its render.
const PAGE: usize = 50;
/// Rows rendered with the answer; the rest follow after the first paint, [`LATER_CHUNK`] per task.
const FIRST_ROWS: usize = 20;
/// Rows per task after the first paint.
const LATER_CHUNK: usize = 20;

/// Props of [`CertList`].
#[derive(Properties, PartialEq)]
pub struct CertListProps {
    /// The rows.
    pub rows: Rc<Vec<CertRow>>,
    /// The report (for the cards).
    pub report: Rc<PageReport>,
    /// The report's certificates are summaries: a card asks for its certificate in full.
    #[prop_or_default]
    pub thin: bool,
    /// Rows toggled by hand ([`CertRow::id`]).
    pub toggled: Vec<String>,
    /// The certificate opened from elsewhere (hierarchy, trace).
    pub selected: Option<String>,
    /// The certificate the verdict is about.
    pub verdict_for: Option<usize>,
    /// Open or close a row.
    pub on_toggle: Callback<String>,
    /// Make the verdict about a certificate (SHA-256).
    pub on_check: Callback<Option<String>>,
    /// Up to this many certificates, every card is open until closed (embed mode: 0).
    #[prop_or(OPEN_BY_DEFAULT)]
    pub open_up_to: usize,
}

/// The list.
#[function_component(CertList)]
pub fn cert_list(props: &CertListProps) -> Html {
    let filter = use_state(String::new);
    let limit = use_state(|| PAGE);
    let n = props.rows.len();
    let oninput = {
        let filter = filter.clone();
        let limit = limit.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(el) = e.target_dyn_into::<HtmlInputElement>() {
                filter.set(el.value());
                limit.set(PAGE);
            }
        })
    };
    let (visible, matching) = list_page(&props.rows, &filter, *limit, props.selected.as_deref());
    let shown = matching.min(*limit);
    let more = {
        let limit = limit.clone();
        Callback::from(move |_: MouseEvent| limit.set(*limit + PAGE))
    };
    let is_open = |r: &CertRow| {
        (n <= props.open_up_to) != props.toggled.iter().any(|s| s == &r.id) || props.selected.as_deref() == Some(r.id.as_str())
    };
    let row = |r: &CertRow| {
        let open = is_open(r);
        let id = r.id.clone();
        let on_toggle = props.on_toggle.clone();
        let onclick = Callback::from(move |_: MouseEvent| on_toggle.emit(id.clone()));
        let check = {
            let on_check = props.on_check.clone();
            let sha = r.id.clone();
            Callback::from(move |()| on_check.emit(Some(sha.clone())))
        };
        html! {
            <li key={r.id.clone()} class={classes!("cert-item", open.then_some("open"))} data-testid="cert-row" data-status={r.status.kind.key()}>
                <button type="button" class="cert-row" aria-expanded={if open { "true" } else { "false" }}
                    aria-controls={format!("cert-{}", r.index)} {onclick}>
                    <span class="row-num">{format!("#{}", r.index + 1)}</span>
                    <span class="row-name">{&r.name}
                        if let Some(by) = &r.issued_by { <span class="row-by">{format!("issued by {by}")}</span> }
                    </span>
                    <span class="row-role">{r.role()}</span>
                    { status_badge(&r.status, true) }
                    <span class="row-expiry">{format!("until {}", r.expires)}</span>
                </button>
                if open {
                    <FullCert report={props.report.clone()} index={r.index} thin={props.thin} render={{
                        let index = r.index;
                        let diagnostics = props.report.diagnostics.iter().filter(|d| d.certificate == Some(index)).cloned().collect::<Vec<_>>();
                        let status = r.status.clone();
                        let name = AttrValue::from(r.name.clone());
                        let selected = props.selected.as_deref() == Some(r.id.as_str());
                        let is_verdict_subject = props.verdict_for == Some(index);
                        Callback::from(move |cert| html! {
                            <CertCard
                                {index}
                                {cert}
                                name={name.clone()}
                                diagnostics={diagnostics.clone()}
                                status={status.clone()}
                                {selected}
                                {is_verdict_subject}
                                on_check={check.clone()}
                            />
                        })
                    }} />
                }
            </li>
        }
    };
    // Rendered at once: the first rows, or every row when one further down is open (a card
    // opened from elsewhere, a share link's selection) so that it can be scrolled to.
    let first = if visible.iter().skip(FIRST_ROWS).any(|r| is_open(r)) { visible.len() } else { FIRST_ROWS };
    let mut rows: Vec<Html> = visible.iter().map(|r| row(r)).collect();
    // The rows after the first screen: a chunk per task after the first paint.
    let mut rest = rows.split_off(first.min(rows.len())).into_iter();
    let mut later = Vec::new();
    loop {
        let chunk: Vec<Html> = rest.by_ref().take(LATER_CHUNK).collect();
        if chunk.is_empty() {
            break;
        }
        later.push(html! { <Folded key={later.len()} open=true later=true>{ for chunk }</Folded> });
    }
    html! {
        <div class="cert-list">
            if n > OPEN_BY_DEFAULT {
                <div class="filter">
                    <label for="cert-filter">{"Filter"}</label>
                    <input id="cert-filter" type="search" data-testid="cert-filter" spellcheck="false" autocomplete="off"
                        placeholder="name, issuer, thumbprint or status" value={(*filter).clone()} {oninput} />
                    <span class="muted small" role="status" data-testid="cert-filter-count">
                        {if filter.trim().is_empty() { format!("{} certificates", grouped(n)) } else { format!("{} of {} match", grouped(matching), grouped(n)) }}
                    </span>
                </div>
            }
            <ol class="cert-rows" aria-label="Certificates">
                { for rows }
                { for later }
            </ol>
            if matching > shown {
                <p><button type="button" onclick={more}>{format!("Show {} more (of {})", (matching - shown).min(PAGE), grouped(matching - shown))}</button></p>
            }
            // No certificate at all is the page's to say (why: none found, a password needed).
            if matching == 0 && n > 0 {
                <p class="empty">{crate::ui::status::no_match_text(&props.rows)}</p>
            }
        </div>
    }
}
