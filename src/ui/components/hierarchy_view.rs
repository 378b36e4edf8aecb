//! The hierarchy: roots on top, each node's status at a glance, missing
//! issuers with where to fetch them, and the summary a screen reader reads.

use std::rc::Rc;

use yew::prelude::*;

use super::copy_button::CopyButton;
use super::status_badge::status_badge;
use super::url_list::UrlList;
use crate::ui::status::CertRow;
use crate::ui::page::{AnchorTrust, Chain, CrlReport, CrlState, MissingIssuer, NodeStatus, PageReport, TreeNode};

/// Props of [`HierarchyView`].
#[derive(Properties, PartialEq)]
pub struct HierarchyViewProps {
    /// The report (its hierarchy: the chain layer's result; shared, not copied).
    pub report: Rc<PageReport>,
    /// Roots the user does not trust (SHA-256).
    pub untrusted_roots: Vec<String>,
    /// Toggle trust in a root (SHA-256).
    pub on_toggle_root: Callback<String>,
    /// Open a certificate (SHA-256).
    pub on_select: Callback<String>,
    /// Each certificate's one status (the same words as the cards).
    pub rows: Rc<Vec<CertRow>>,
    /// Make the verdict about a certificate (SHA-256).
    pub on_check: Callback<Option<String>>,
    /// The certificate the verdict is about.
    #[prop_or_default]
    pub verdict_for: Option<usize>,
}

/// A node's children shown at first, and added per "show more" (a CA with 10,000 leaves
/// renders 50 rows, not 10,000); the same for the paths.
const TREE_PAGE: usize = 50;

/// The tree, the paths and the CRLs.
#[function_component(HierarchyView)]
pub fn hierarchy_view(props: &HierarchyViewProps) -> Html {
    let h = &props.report.hierarchy;
    // How many children each node shows, by its path from the roots (empty: the roots);
    // a node not listed shows the first TREE_PAGE.
    let limits = use_state(Vec::<(Vec<usize>, usize)>::new);
    let tree = Tree { props, limits: &limits };
    let paths_limit = use_state(|| TREE_PAGE);
    let paths_shown = h.chains.len().min(*paths_limit);
    let more_paths = {
        let paths_limit = paths_limit.clone();
        Callback::from(move |_: MouseEvent| paths_limit.set(*paths_limit + TREE_PAGE))
    };
    let paths_open = use_state(|| false);
    let on_paths = super::later::track_open(&paths_open);
    html! {
        <div class="hierarchy" data-testid="hierarchy">
            if h.chains.len() <= 12 {
                <ul class="plain hierarchy-summary" aria-label="Summary">
                    { for h.chains.iter().map(|c| {
                        let names: Vec<&str> = c.best.elements.iter().map(|e| e.label.as_str()).collect();
                        let word = props.rows.get(c.end_certificate).map_or("", |r| r.status.kind.word());
                        html! { <li>{format!("{}: {}", names.join(" → "), word.to_ascii_lowercase())}</li> }
                    }) }
                </ul>
            }
            <ul class="tree" aria-label="Certificate hierarchy, roots on top">
                { tree.children(&h.tree, Vec::new(), 1) }
            </ul>
            if h.gave_up {
                <p class="ext-error"><span class="label label-warn">{"Partial"}</span>{" The chain builder stopped at its work limit; the tree may be incomplete."}</p>
            }
            if !h.chains.is_empty() {
                <details class="paths" ontoggle={on_paths}>
                    <summary>{format!("Paths ({})", h.chains.len())}</summary>
                    if *paths_open {
                        <ol class="plain path-list">
                            { for h.chains.iter().take(paths_shown).map(|c| path(c, &props.rows)) }
                        </ol>
                        if h.chains.len() > paths_shown {
                            <button type="button" class="quiet small show-more" data-testid="paths-more" onclick={more_paths}>
                                {format!("Show {} more paths (of {})", (h.chains.len() - paths_shown).min(TREE_PAGE), h.chains.len() - paths_shown)}
                            </button>
                        }
                    }
                </details>
            }
            if !h.crls.is_empty() {
                <h3>{"Revocation lists"}</h3>
                { crl_list(&h.crls) }
            }
        </div>
    }
}

/// The CRLs dropped: each one's state, issuer, entries and dates (under the hierarchy, or on
/// their own when no certificate was dropped).
pub fn crl_list(crls: &[CrlReport]) -> Html {
    html! {
        <ul class="plain crl-list" data-testid="crl-list">
            { for crls.iter().map(|c| {
                let (label, class) = crl_label(c.state);
                html! {
                    <li>
                        <span class={class}>{label}</span>{" "}<strong>{&c.source}</strong>
                        {format!(" · issued by {} · {} revoked · updated {}", c.issuer, c.revoked_count, c.this_update.get(..10).unwrap_or(&c.this_update))}
                        if let Some(n) = &c.next_update { {format!(", next update {}", n.get(..10).unwrap_or(n))} }
                        if c.delta { {" · delta CRL"} }
                        { for c.scope.iter().map(|s| html! { <span class="muted">{format!(" · {s}")}</span> }) }
                    </li>
                }
            }) }
        </ul>
    }
}

/// The tree's rows: the view's props and the paged children.
struct Tree<'a> {
    props: &'a HierarchyViewProps,
    limits: &'a UseStateHandle<Vec<(Vec<usize>, usize)>>,
}

impl Tree<'_> {
    /// The rows of `nodes` (the children of the node at `path`): the first [`TREE_PAGE`]
    /// (or as many as "show more" asked for), then "show more".
    fn children(&self, nodes: &[TreeNode], path: Vec<usize>, level: usize) -> Html {
        let limit = self.limits.iter().find(|(p, _)| *p == path).map_or(TREE_PAGE, |(_, n)| *n);
        let shown = nodes.len().min(limit);
        let rows: Vec<Html> = nodes
            .iter()
            .take(shown)
            .enumerate()
            .map(|(i, n)| {
                let mut child = path.clone();
                child.push(i);
                self.node(n, child, level)
            })
            .collect();
        let more = (nodes.len() > shown).then(|| {
            let limits = self.limits.clone();
            let onclick = Callback::from(move |_: MouseEvent| {
                let mut next: Vec<(Vec<usize>, usize)> = limits.iter().filter(|(p, _)| *p != path).cloned().collect();
                next.push((path.clone(), limit + TREE_PAGE));
                limits.set(next);
            });
            html! {
                <li class="tree-more" data-level={level.to_string()}>
                    <button type="button" class="quiet small show-more" data-testid="tree-more" {onclick}>
                        {format!("Show {} more (of {})", (nodes.len() - shown).min(TREE_PAGE), nodes.len() - shown)}
                    </button>
                </li>
            }
        });
        html! { <>{ for rows }{ for more }</> }
    }

    fn node(&self, n: &TreeNode, path: Vec<usize>, level: usize) -> Html {
        let props = self.props;
        let row = n.certificate.and_then(|i| props.rows.get(i));
        let badge = match row {
            Some(r) => status_badge(&r.status, true),
            None => {
                let (label, class) = status_label(n.status);
                html! { <span class={class}>{label}</span> }
            }
        };
        let sha = n.certificate.and_then(|i| props.rows.get(i).map(|r| r.id.clone()));
        let check = match (row, sha.clone()) {
            (Some(r), Some(sha)) if props.verdict_for != Some(r.index) => {
                let on_check = props.on_check.clone();
                let onclick = Callback::from(move |_: MouseEvent| on_check.emit(Some(sha.clone())));
                html! { <button type="button" class="quiet small" {onclick} aria-label={format!("Check this: make the verdict about {}", r.name)}>{"Check this"}</button> }
            }
            (Some(_), _) => html! { <span class="tag">{"the verdict is about this one"}</span> },
            _ => html! {},
        };
        let title = match (n.certificate, sha.clone()) {
            (Some(i), Some(sha)) => {
                let on_select = props.on_select.clone();
                let onclick = Callback::from(move |_: MouseEvent| on_select.emit(sha.clone()));
                html! { <a class="node-name" href={format!("#cert-{i}")} {onclick}>{format!("#{} {}", i + 1, n.label)}</a> }
            }
            _ => html! { <span class="node-name">{&n.label}</span> },
        };
        let trust = n.anchor_trust.map(|t| {
            let (text, class) = anchor_label(t);
            let toggle = match (t, sha.clone()) {
                (AnchorTrust::TrustedForAnalysis | AnchorTrust::Untrusted, Some(sha)) if n.missing.is_none() => {
                    let untrusted = props.untrusted_roots.contains(&sha);
                    let on_toggle = props.on_toggle_root.clone();
                    let onclick = Callback::from(move |_: MouseEvent| on_toggle.emit(sha.clone()));
                    html! {
                        <button type="button" class="quiet small" {onclick}>
                            {if untrusted { "Trust it for this analysis" } else { "Do not trust this root" }}
                        </button>
                    }
                }
                _ => html! {},
            };
            html! { <><span class={class}>{text}</span>{toggle}</> }
        });
        html! {
            <li class={classes!("tree-node", status_class(n.status))} data-level={level.to_string()}>
                <div class="node-row">
                    {badge}
                    {title}
                    { trust.unwrap_or_default() }
                    {check}
                </div>
                if let Some(m) = &n.missing { { missing(m) } }
                if !n.children.is_empty() {
                    <ul aria-label={format!("Issued by {}", n.label)}>
                        { self.children(&n.children, path, level + 1) }
                    </ul>
                }
            </li>
        }
    }
}

fn missing(m: &MissingIssuer) -> Html {
    html! {
        <div class="missing">
            <p>{"Not among the dropped files. Expected issuer: "}<strong>{&m.expected_name}</strong></p>
            if let Some(k) = &m.key_id { <p class="muted small">{"Key ID "}<span class="mono-soft">{k}</span></p> }
            if m.aia_urls.is_empty() {
                <p class="muted small">{"The certificate does not say where to download it (no AIA CA-issuers URL)."}</p>
            } else {
                <p class="small">{"The certificate says it can be downloaded from:"}</p>
                <UrlList urls={m.aia_urls.clone()} />
            }
            if !m.fetch_commands.is_empty() {
                <ul class="commands">
                    { for m.fetch_commands.iter().map(|c| html! {
                        <li><code>{c}</code><CopyButton text={c.clone()} what="command" /></li>
                    }) }
                </ul>
            }
            { for m.withheld_commands.iter().map(|w| html! { <p class="small">{w}</p> }) }
        </div>
    }
}

fn path(c: &Chain, rows: &[CertRow]) -> Html {
    let names: Vec<&str> = c.best.elements.iter().map(|e| e.label.as_str()).collect();
    let badge = match rows.get(c.end_certificate) {
        Some(r) => status_badge(&r.status, true),
        None => html! {},
    };
    html! {
        <li class="path">
            <p>{badge}{" "}{names.join(" → ")}</p>
            <ol class="plain path-elements">
                { for c.best.elements.iter().map(|e| html! {
                    <li>
                        <a href={format!("#cert-{}", e.certificate)}>{&e.label}</a>
                        if let Some((algorithm, detail)) = &e.signature {
                            <span class="muted small">{format!(" · signature {algorithm}: {}", if detail.is_empty() { "verified" } else { detail.as_str() })}</span>
                        }
                        if !e.revocation_text.is_empty() { <span class="muted small">{format!(" · {}", e.revocation_text)}</span> }
                    </li>
                }) }
            </ol>
            if !c.alternatives.is_empty() {
                <p class="muted small">{format!("{}:", crate::text::count(c.alternatives.len(), "other path", "other paths"))}</p>
                <ul class="plain small">
                    { for c.alternatives.iter().map(|(status, summary)| {
                        let (label, class) = status_label(*status);
                        html! { <li><span class={class}>{label}</span>{" "}{summary}</li> }
                    }) }
                </ul>
            }
        </li>
    }
}

fn status_label(s: NodeStatus) -> (&'static str, &'static str) {
    match s {
        NodeStatus::Valid => ("Valid", "label label-good"),
        NodeStatus::Warning => ("Warning", "label label-warn"),
        NodeStatus::Invalid => ("Invalid", "label label-error"),
        NodeStatus::Missing => ("Missing", "label label-missing"),
    }
}

fn status_class(s: NodeStatus) -> &'static str {
    match s {
        NodeStatus::Valid => "st-valid",
        NodeStatus::Warning => "st-warning",
        NodeStatus::Invalid => "st-invalid",
        NodeStatus::Missing => "st-missing",
    }
}

fn anchor_label(t: AnchorTrust) -> (&'static str, &'static str) {
    match t {
        AnchorTrust::TrustedForAnalysis => ("Root, trusted for this analysis", "tag"),
        AnchorTrust::TrustStore => ("Root, in the marked trust store", "tag"),
        AnchorTrust::Untrusted => ("Root, not trusted", "tag tag-bad"),
        AnchorTrust::NoRoot => ("No root", "tag tag-bad"),
    }
}

fn crl_label(s: CrlState) -> (&'static str, &'static str) {
    let class = match s {
        CrlState::Current => "label label-good",
        CrlState::NotYetValid | CrlState::IssuerNotFound => "label label-warn",
        CrlState::Expired | CrlState::BadSignature | CrlState::UnknownCriticalExtension | CrlState::Malformed | CrlState::Unreadable => "label label-error",
    };
    (s.label(), class)
}
