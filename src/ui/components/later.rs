//! Content that waits: behind a disclosure until opened, or, open, until the next task.
//!
//! What lies below the first screen of a new answer (the files, the hierarchy, the server
//! trace and settings, the findings, the rows after the first ones) is added in tasks of its
//! own after the one that rendered the answer (`later`), so that no single task renders the
//! whole page: a key press or a click is answered in between, and the browser may paint the
//! verdict and the first rows first. Until then a hidden `[data-later]` marker stands in (the
//! end-to-end helpers wait until none is left); once in, later answers update the content in
//! place, at once, or (`updates_later`, for the sections below the verdict) after the page
//! has painted the rest of the answer: a settings change's first frame then holds the verdict
//! only, not the step-by-step trace, the settings and the hierarchy rendered again with it.

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
    /// With `later`, once shown: new content (a new answer's) replaces the shown one in a task
    /// after the next frame, the `[data-later]` marker beside the old one until then.
    #[prop_or_default]
    pub updates_later: bool,
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
    // `updates_later`: the content on the page and its generation, and where the newest is.
    let on_page = use_mut_ref(|| None::<(u32, Html)>);
    let newest = use_mut_ref(|| Newest::OnPage);
    let update = use_force_update();
    if props.open {
        if props.later && !*shown {
            return html! { <span data-later="" hidden=true /> };
        }
        if !(props.later && props.updates_later) {
            return props.children.clone();
        }
        // `Folded` renders again for new children (not for equal ones) or when the task came.
        let take = *newest.borrow() == Newest::Due || on_page.borrow().is_none();
        if take {
            *newest.borrow_mut() = Newest::OnPage;
            let generation = on_page.borrow().as_ref().map_or(0, |(g, _)| g.wrapping_add(1));
            *on_page.borrow_mut() = Some((generation, props.children.clone()));
        } else if *newest.borrow() == Newest::OnPage {
            *newest.borrow_mut() = Newest::Waiting;
            let newest = newest.clone();
            crate::ui::dom::after_paint(move || {
                *newest.borrow_mut() = Newest::Due;
                update.force_update();
            });
        }
        let (generation, content) = on_page.borrow().clone().unwrap_or_default();
        // The same shape either way (the content first), so that the content is updated in
        // place, not made again; while it waits, `Shown` is not rendered again (its props are
        // equal by generation), and the old content is not compared with itself.
        return html! { <><Shown {generation} {content} />if !take { <span data-later="" hidden=true /> }</> };
    }
    let ontoggle = track_open(&shown);
    html! {
        <details class="folded" {ontoggle}>
            <summary>{&props.summary}</summary>
            if *shown { {props.children.clone()} }
        </details>
    }
}

/// Where a [`Folded`]'s newest content is (`updates_later`).
#[derive(Clone, Copy, PartialEq)]
enum Newest {
    /// On the page.
    OnPage,
    /// Waiting for a task after the next frame, which has been asked for.
    Waiting,
    /// That task has come: the next render shows it.
    Due,
}

/// Props of [`Shown`]: equal when of the same generation.
#[derive(Properties)]
struct ShownProps {
    generation: u32,
    content: Html,
}

impl PartialEq for ShownProps {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation
    }
}

/// One generation of a [`Folded`]'s content (`updates_later`).
#[function_component(Shown)]
fn shown(props: &ShownProps) -> Html {
    props.content.clone()
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
