//! One labelled fact in a card, optionally with a copy button.

use yew::prelude::*;

use super::copy_button::CopyButton;

/// `<dt>label</dt><dd>value [Copy]</dd>`: `testid` is the value's `data-testid` (a contract
/// with the end-to-end tests), `copy` the text of a copy button, `mono` a monospace value
/// (hashes, serials). A function rather than a component: a card has some thirty of them,
/// and each component use costs the page's wasm its own props code.
pub fn field_row(label: &'static str, testid: Option<&'static str>, copy: Option<AttrValue>, mono: bool, children: Html) -> Html {
    html! {
        <div class="row">
            <dt>{label}</dt>
            <dd>
                <span class={classes!("value", mono.then_some("mono"))} data-testid={testid.map(AttrValue::Static)}>
                    {children}
                </span>
                if let Some(text) = copy {
                    <CopyButton {text} what={label} />
                }
            </dd>
        </div>
    }
}
