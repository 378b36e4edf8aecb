//! One labelled fact in a card, optionally with a copy button.

use yew::prelude::*;

use super::copy_button::CopyButton;

/// Props of [`FieldRow`].
#[derive(Properties, PartialEq)]
pub struct FieldRowProps {
    /// The label.
    pub label: AttrValue,
    /// `data-testid` of the value (a contract with the end-to-end tests).
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    /// Text for a copy button; none when absent.
    #[prop_or_default]
    pub copy: Option<AttrValue>,
    /// Show the value in a monospace font (hashes, serials).
    #[prop_or_default]
    pub mono: bool,
    /// The value.
    pub children: Html,
}

/// `<dt>label</dt><dd>value [Copy]</dd>`.
#[function_component(FieldRow)]
pub fn field_row(props: &FieldRowProps) -> Html {
    html! {
        <div class="row">
            <dt>{props.label.clone()}</dt>
            <dd>
                <span class={classes!("value", props.mono.then_some("mono"))} data-testid={props.testid.clone()}>
                    {props.children.clone()}
                </span>
                if let Some(text) = props.copy.clone() {
                    <CopyButton {text} what={props.label.clone()} />
                }
            </dd>
        </div>
    }
}
