//! The raw view: the certificate's ASN.1 tree with offsets (built by the
//! core's `model::asn1` on demand, only when the user opens it).

use yew::prelude::*;

use crate::model::asn1::{asn1_tree, Asn1Node, Asn1Tree, DEFAULT_NODE_BUDGET};

/// Props of [`Asn1View`].
#[derive(Properties, PartialEq)]
pub struct Asn1ViewProps {
    /// DER bytes.
    pub der: Vec<u8>,
}

/// A "Show ASN.1" button, then the tree.
#[function_component(Asn1View)]
pub fn asn1_view(props: &Asn1ViewProps) -> Html {
    let tree = use_state(|| None::<Asn1Tree>);
    let onclick = {
        let tree = tree.clone();
        let der = props.der.clone();
        Callback::from(move |_: MouseEvent| {
            if tree.is_some() {
                tree.set(None);
            } else {
                tree.set(Some(asn1_tree(&der, DEFAULT_NODE_BUDGET)));
            }
        })
    };
    html! {
        <div class="asn1">
            <button type="button" {onclick} aria-expanded={if tree.is_some() { "true" } else { "false" }}>
                {if tree.is_some() { "Hide ASN.1 structure" } else { "Show ASN.1 structure" }}
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
