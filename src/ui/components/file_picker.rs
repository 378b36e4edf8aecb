//! The big "choose files" button: a keyboard-reachable way to the file picker.
//! Once something was dropped it shrinks to one "Add files" button.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::ui::dom;
use crate::ui::state::NewFile;

/// Props of [`FilePicker`].
#[derive(Properties, PartialEq)]
pub struct FilePickerProps {
    /// Called with the files read from the picker.
    pub on_files: Callback<Vec<NewFile>>,
    /// Files are already shown: a compact button instead of the big target.
    #[prop_or_default]
    pub compact: bool,
}

/// A focusable drop target that opens the file picker.
#[function_component(FilePicker)]
pub fn file_picker(props: &FilePickerProps) -> Html {
    let input = use_node_ref();

    let onclick = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(el) = input.cast::<HtmlInputElement>() {
                el.click();
            }
        })
    };
    let onchange = {
        let on_files = props.on_files.clone();
        Callback::from(move |e: Event| {
            let Some(el) = e.target_dyn_into::<HtmlInputElement>() else { return };
            let files = dom::files_of(el.files());
            // Reset so that picking the same file again fires `change` again.
            el.set_value("");
            if files.is_empty() {
                return;
            }
            on_files.emit(dom::keep_files(files));
        })
    };

    html! {
        <div class={classes!("picker", props.compact.then_some("compact"))}>
            if props.compact {
                <button type="button" id="add-files" class="add-files" {onclick} aria-describedby="picker-hint">
                    <svg class="drop-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                        <path d="M12 3v12m0-12-4.5 4.5M12 3l4.5 4.5M4 15v4a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-4" />
                    </svg>
                    {"Add files"}
                </button>
                <span class="drop-sub" id="picker-hint">{"or drop more anywhere on the page"}</span>
            } else {
                <button type="button" id="add-files" class="drop-target" {onclick} aria-describedby="picker-hint">
                    <svg class="drop-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                        <path d="M12 3v12m0-12-4.5 4.5M12 3l4.5 4.5M4 15v4a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-4" />
                    </svg>
                    <span class="drop-title">{"Drop files anywhere, or choose files"}</span>
                    <span class="drop-sub" id="picker-hint">
                        {".cer .crt .pem .der .p7b .pfx .p12 .key .crl .csr, and from the server applicationHost.config and IIS logs: recognised by content, not by name"}
                    </span>
                </button>
            }
            <input
                ref={input}
                class="visually-hidden"
                type="file"
                multiple=true
                tabindex="-1"
                aria-hidden="true"
                data-testid="file-input"
                {onchange}
            />
        </div>
    }
}
