//! Paste PEM, base64 or hex text, or XML or JSON that holds certificates (decoded as a file is).

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Props of [`PasteBox`].
#[derive(Properties, PartialEq)]
pub struct PasteBoxProps {
    /// Called with the pasted text.
    pub on_paste: Callback<String>,
}

/// A text box and an "Inspect" button (Ctrl+Enter submits too).
#[function_component(PasteBox)]
pub fn paste_box(props: &PasteBoxProps) -> Html {
    let area = use_node_ref();

    let submit = {
        let area = area.clone();
        let on_paste = props.on_paste.clone();
        Callback::from(move |()| {
            if let Some(el) = area.cast::<HtmlTextAreaElement>() {
                let text = el.value();
                if !text.trim().is_empty() {
                    on_paste.emit(text);
                    el.set_value("");
                }
            }
        })
    };
    let onclick = {
        let submit = submit.clone();
        Callback::from(move |_: MouseEvent| submit.emit(()))
    };
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
            e.prevent_default();
            submit.emit(());
        }
    });

    html! {
        <div class="paste">
            <label for="paste-input" class="paste-label">{"Or paste PEM, base64 or hex text, XML or JSON that holds certificates, or what netsh, certutil, an IIS log or Event Viewer (Schannel) printed"}</label>
            <textarea
                id="paste-input"
                ref={area}
                data-testid="paste-input"
                rows="4"
                spellcheck="false"
                autocomplete="off"
                placeholder="-----BEGIN CERTIFICATE-----"
                {onkeydown}
            />
            <button type="button" class="primary" data-testid="paste-submit" {onclick}>{"Inspect text"}</button>
        </div>
    }
}
