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
    html! {
        <div class="setting">
            <label for={props.id.clone()}>{props.label.clone()}</label>
            <select id={props.id.clone()} name={props.id.clone()} {onchange}>
                { for props.options.iter().map(|(v, l)| html! {
                    <option value={v.clone()} selected={*v == props.value}>{l.clone()}</option>
                }) }
            </select>
        </div>
    }
}
