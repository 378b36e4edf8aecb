//! A copy-to-clipboard button with a spoken confirmation.

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::ui::dom;

/// Props of [`CopyButton`].
#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    /// The text to copy.
    pub text: AttrValue,
    /// What it is, for the accessible name ("SHA-1 thumbprint").
    pub what: AttrValue,
}

#[derive(Clone, Copy, PartialEq)]
enum Status {
    Idle,
    Copied,
    Failed,
}

/// "Copy" → "Copied" for two seconds.
#[function_component(CopyButton)]
pub fn copy_button(props: &CopyButtonProps) -> Html {
    let status = use_state(|| Status::Idle);
    let onclick = {
        let status = status.clone();
        let text = props.text.clone();
        Callback::from(move |_: MouseEvent| {
            let status = status.clone();
            let text = text.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let ok = dom::copy_text(&text).await;
                status.set(if ok { Status::Copied } else { Status::Failed });
                Timeout::new(2_000, move || status.set(Status::Idle)).forget();
            });
        })
    };
    let (label, spoken) = match *status {
        Status::Idle => ("Copy", String::new()),
        Status::Copied => ("Copied", format!("{} copied", props.what)),
        Status::Failed => ("Select and copy", "the browser refused the clipboard; select the text to copy it".to_string()),
    };
    html! {
        <>
            <button type="button" class={classes!("copy", (*status == Status::Copied).then_some("done"))}
                {onclick} aria-label={format!("Copy {}", props.what)}>{label}</button>
            <span class="visually-hidden" role="status">{spoken}</span>
        </>
    }
}
