//! Ask for the password of one file (PKCS#12, encrypted key). The password
//! goes to the core in memory only: never shown, stored or serialised.

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`PasswordPrompt`].
#[derive(Properties, PartialEq)]
pub struct PasswordPromptProps {
    /// File id.
    pub file: u32,
    /// File name (for the label).
    pub name: AttrValue,
    /// The last password given was wrong.
    #[prop_or_default]
    pub wrong: bool,
    /// Called with (file id, password).
    pub on_submit: Callback<(u32, String)>,
}

/// "Password for x.pfx: [••••] [Open]".
#[function_component(PasswordPrompt)]
pub fn password_prompt(props: &PasswordPromptProps) -> Html {
    let input = use_node_ref();
    // A file that needs its password takes the focus: typing it is the next step.
    {
        let input = input.clone();
        use_effect_with(props.wrong, move |_| {
            if let Some(el) = input.cast::<HtmlInputElement>() {
                let _ = el.focus();
            }
        });
    }
    let onsubmit = {
        let input = input.clone();
        let on_submit = props.on_submit.clone();
        let file = props.file;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(el) = input.cast::<HtmlInputElement>() {
                let password = el.value();
                el.set_value("");
                on_submit.emit((file, password));
            }
        })
    };
    let id = format!("password-{}", props.file);
    html! {
        <form class="password" {onsubmit} autocomplete="off">
            <label for={id.clone()}>{format!("Password for {}", props.name)}</label>
            <div class="password-row">
                <input {id} ref={input} type="password" data-testid="password-input" autocomplete="off"
                    spellcheck="false" aria-invalid={if props.wrong { "true" } else { "false" }} />
                <button type="submit" class="primary" data-testid="password-submit">{"Open"}</button>
            </div>
            if props.wrong {
                <p class="password-wrong" role="alert">
                    <span class="label label-error">{"Wrong"}</span>{" That password did not open the file. Try again."}
                </p>
            } else {
                <p class="muted small">{"The password stays in this tab's memory; it is never stored or put into a link."}</p>
            }
        </form>
    }
}
