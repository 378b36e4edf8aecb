//! The drop target: the whole page. Files dropped anywhere are read locally.

use yew::prelude::*;

use crate::ui::dom;
use crate::ui::state::NewFile;

/// Props of [`DropZone`].
#[derive(Properties, PartialEq)]
pub struct DropZoneProps {
    /// Called with the files read from a drop.
    pub on_files: Callback<Vec<NewFile>>,
    /// The page.
    pub children: Html,
}

/// Wraps the page; shows a frame while something is dragged over it.
#[function_component(DropZone)]
pub fn drop_zone(props: &DropZoneProps) -> Html {
    let dragging = use_state(|| false);

    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            // Without this the browser opens the file instead of dropping it here.
            e.prevent_default();
            if let Some(dt) = e.data_transfer() {
                dt.set_drop_effect("copy");
            }
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            // Only when the pointer leaves the page, not when it crosses a child.
            if e.related_target().is_none() {
                dragging.set(false);
            }
        })
    };
    let ondrop = {
        let dragging = dragging.clone();
        let on_files = props.on_files.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            let Some(dt) = e.data_transfer() else { return };
            let files = dom::files_of(dt.files());
            if files.is_empty() {
                // Dragged text (e.g. a PEM block selected in another window).
                if let Ok(text) = dt.get_data("text/plain") {
                    if !text.trim().is_empty() {
                        on_files.emit(vec![NewFile::bytes("dropped text", text.into_bytes())]);
                    }
                }
                return;
            }
            on_files.emit(dom::keep_files(files));
        })
    };

    // The first sign of a file coming (a drag entering the page, focus on the file chooser or
    // the paste box, a paste) starts the analysis worker (never the page load: see bridge).
    let (ondragenter, onfocusin, onpaste) = (
        Callback::from(|_: DragEvent| crate::ui::bridge::warm_up()),
        Callback::from(|_: FocusEvent| crate::ui::bridge::warm_up_on_focus()),
        Callback::from(|_: Event| crate::ui::bridge::warm_up()),
    );

    html! {
        <div
            class={classes!("page", dragging.then_some("dragging"))}
            data-testid="dropzone"
            {ondragenter}
            {onfocusin}
            {onpaste}
            {ondragover}
            {ondragleave}
            {ondrop}
        >
            <div class="drop-overlay" aria-hidden="true"><span>{"Drop to inspect: files stay in this tab"}</span></div>
            { props.children.clone() }
        </div>
    }
}
