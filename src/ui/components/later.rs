//! Content that waits: behind a disclosure until opened, or, open, until the next task.
//!
//! What lies below the first screen of a new answer (the files, the hierarchy, the server
//! trace and settings, the findings, the rows after the first ones) is added in tasks of its
//! own after the one that rendered the answer (`later`), so that no single task renders the
//! whole page: a key press or a click is answered in between, and the browser may paint the
//! verdict and the first rows first. Until then a hidden `[data-later]` marker stands in (the
//! end-to-end helpers wait until none is left); once in, later answers update the content in
//! place, at once.

use yew::prelude::*;

/// Props of [`Folded`].
#[derive(Properties, PartialEq)]
pub struct FoldedProps {
    /// Shown (else behind a disclosure with `summary`, rendered only once opened).
    pub open: bool,
    /// The disclosure's words, when not `open`.
    #[prop_or_default]
    pub summary: String,
    /// When `open`: rendered in a task of its own, after the one that renders this.
    #[prop_or_default]
    pub later: bool,
    /// The content.
    pub children: Html,
}

/// Children shown at once when `open` (or in the next task, `later`), else behind a
/// "show" disclosure (rendered only once opened).
#[function_component(Folded)]
pub fn folded(props: &FoldedProps) -> Html {
    // Closed: the disclosure was opened. Open and `later`: the next task has come.
    let shown = use_state(|| false);
    {
        let shown = shown.clone();
        let later = props.open && props.later;
        use_effect_with((), move |()| {
            if later {
                crate::ui::dom::next_task(move || shown.set(true));
            }
        });
    }
    if props.open {
        if props.later && !*shown {
            return html! { <span data-later="" hidden=true /> };
        }
        return props.children.clone();
    }
    let ontoggle = track_open(&shown);
    html! {
        <details class="folded" {ontoggle}>
            <summary>{&props.summary}</summary>
            if *shown { {props.children.clone()} }
        </details>
    }
}

/// A `toggle` listener for a `<details>` that keeps `open` in step with it (content rendered
/// only once opened).
pub fn track_open(open: &UseStateHandle<bool>) -> Callback<Event> {
    let open = open.clone();
    Callback::from(move |e: Event| {
        if let Some(el) = e.target_dyn_into::<web_sys::Element>() {
            open.set(el.has_attribute("open"));
        }
    })
}
