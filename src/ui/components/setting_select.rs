//! One labelled `<select>` of the settings panel.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Props of [`SettingSelect`].
#[derive(Properties, PartialEq)]
pub struct SettingSelectProps {
    /// Element id (also the `name`).
    pub id: AttrValue,
    /// Label text.
    pub label: AttrValue,
    /// Current value.
    pub value: AttrValue,
    /// (value, label) pairs.
    pub options: Vec<(AttrValue, AttrValue)>,
    /// Called with the new value.
    pub on_change: Callback<String>,
}

/// `<label>` + `<select>`.
#[function_component(SettingSelect)]
pub fn setting_select(props: &SettingSelectProps) -> Html {
    let onchange = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            if let Some(el) = e.target_dyn_into::<HtmlSelectElement>() {
                on_change.emit(el.value());
            }
        })
    };
    // The `selected` attribute alone does not move a select the user has changed (the
    // options are "dirty"): set its value whenever the setting changes elsewhere (the quick
    // toggles, the root-store checkboxes).
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(props.value.clone(), move |value| {
            if let Some(el) = node.cast::<HtmlSelectElement>() {
                el.set_value(value);
            }
        });
    }
    html! {
        <div class="setting">
            <label for={props.id.clone()}>{props.label.clone()}</label>
            <select id={props.id.clone()} name={props.id.clone()} ref={node} {onchange}>
                { for props.options.iter().map(|(v, l)| html! {
                    <option value={v.clone()} selected={*v == props.value}>{l.clone()}</option>
                }) }
            </select>
        </div>
    }
}
