//! The raw view: the certificate's ASN.1 tree with offsets (built by the
//! core's `model::asn1` in the analysis worker, only when the user opens it).

use yew::prelude::*;

use crate::ui::page::{Asn1Node, Asn1Tree};
use crate::ui::bridge;
use crate::ui::work::Task;

/// Props of [`Asn1View`].
#[derive(Properties, PartialEq)]
pub struct Asn1ViewProps {
    /// SHA-256 (hex) of the certificate.
    pub sha256: String,
}

/// A "Show ASN.1" button, then the tree.
#[function_component(Asn1View)]
pub fn asn1_view(props: &Asn1ViewProps) -> Html {
    let tree = use_state(|| None::<Asn1Tree>);
    // Asked of the worker and not answered yet: the button says so and asks only once.
    let loading = use_state(|| false);
    let onclick = {
        let (tree, loading) = (tree.clone(), loading.clone());
        let sha256 = props.sha256.clone();
        Callback::from(move |_: MouseEvent| {
            if tree.is_some() {
                tree.set(None);
            } else if !*loading {
                loading.set(true);
                let (tree, loading) = (tree.clone(), loading.clone());
                bridge::ask(&Task::Asn1 { sha256: sha256.clone() }, move |answer| {
                    let t = answer.decode::<Asn1Tree>().unwrap_or_else(failed);
                    tree.set(Some(t));
                    loading.set(false);
                });
            }
        })
    };
    html! {
        <div class="asn1">
            <button type="button" {onclick} aria-expanded={if tree.is_some() { "true" } else { "false" }} aria-busy={if *loading { "true" } else { "false" }}>
                {if tree.is_some() { "Hide ASN.1 structure" } else if *loading { "Loading the ASN.1 structure…" } else { "Show ASN.1 structure" }}
            </button>
            if let Some(t) = &*tree {
                <div class="asn1-tree" role="region" tabindex="0" aria-label="ASN.1 structure (scrollable)">
                    <p class="muted small">{format!("{} elements; offset and header+content length in bytes", t.node_count)}</p>
                    { node_list(&t.nodes) }
                    if t.truncated { <p class="muted small">{"The tree was cut short here (size limit)."}</p> }
                    if let Some(e) = &t.error { <p class="ext-error"><span class="label label-error">{"Error"}</span>{" "}{e}</p> }
                </div>
            }
        </div>
    }
}

fn node_list(nodes: &[Asn1Node]) -> Html {
    html! {
        <ul class="asn1-level">
            { for nodes.iter().map(|n| html! {
                <li>
                    <span class="asn1-off">{n.offset}</span>
                    <span class="asn1-len">{format!("{}+{}", n.header_length, n.length)}</span>
                    <span class="asn1-tag">{&n.tag_name}</span>
                    if let Some(p) = &n.preview { <span class="asn1-val">{p}</span> }
                    if n.encapsulates { <span class="muted">{" (encapsulates)"}</span> }
                    if !n.children.is_empty() { { node_list(&n.children) } }
                </li>
            }) }
        </ul>
    }
}

/// A tree that only says why there is none.
fn failed(why: String) -> Asn1Tree {
    Asn1Tree { nodes: Vec::new(), node_count: 0, truncated: false, error: Some(why) }
}
