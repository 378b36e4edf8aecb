//! "Check validity on": the evaluation time, now or a chosen date.
//!
//! How Chromium's `<input type=date>` takes typed keys: the field is three
//! segments (month, day, year in en-US); every key that changes a segment
//! fires `input` and `change` with the whole value, so typing `12012027` gives
//! `change` for `2026-01-01`, `2026-12-01`, `""`, `2026-12-01`, `0002-12-01`,
//! `0020-12-01`, `0202-12-01` and finally `2027-12-01`. Tab moves between the
//! segments (month → day → year) before it leaves the field, so a blur may come
//! much later, or never before the user looks at the result.
//!
//! So: a date picked in the calendar (a `change` with no key pressed) commits at
//! once; a typed date commits when the keys pause ([`TYPING_PAUSE_MS`]) with a
//! plausible year (1950–9999: the half-typed years `0002`, `0020`, `0202` never
//! are), or at once on Enter or blur. An implausible year is refused with a
//! message on Enter or blur, and after a pause; nothing is re-analysed for it.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::ui::format;

/// A typed date is committed once the keys pause this long.
pub const TYPING_PAUSE_MS: u32 = 700;

/// Props of [`EvalTime`].
#[derive(Properties, PartialEq)]
pub struct EvalTimeProps {
    /// The time the report was evaluated at (Unix seconds).
    pub at: i64,
    /// Whether the user fixed a date (else: now).
    pub fixed: bool,
    /// New evaluation time; `None` = now.
    pub on_change: Callback<Option<i64>>,
}

/// A date input plus "back to now".
#[function_component(EvalTime)]
pub fn eval_time(props: &EvalTimeProps) -> Html {
    let error = use_state(|| None::<String>);
    // Set while the user types into the field (a key went down since the last commit).
    let typing = use_mut_ref(|| false);
    // The commit waiting for the keys to pause.
    let pending: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
    // The value last committed, so that blur after a paused commit does not commit twice.
    let current = use_mut_ref(|| props.at);
    *current.borrow_mut() = props.at;
    // Commit a value: a good date goes to the app; a bad one is only reported when `report` is set.
    let commit = {
        let on_change = props.on_change.clone();
        let error = error.clone();
        let current = current.clone();
        Rc::new(move |value: String, report: bool| {
            match format::check_date(&value) {
                Ok(at) => {
                    error.set(None);
                    if at != *current.borrow() {
                        *current.borrow_mut() = at;
                        on_change.emit(Some(at));
                    }
                }
                Err(e) if report => error.set(Some(e)),
                Err(_) => {}
            }
        })
    };
    let onchange = {
        let commit = commit.clone();
        let typing = typing.clone();
        let pending = pending.clone();
        Callback::from(move |e: Event| {
            let Some(el) = e.target_dyn_into::<HtmlInputElement>() else { return };
            let value = el.value();
            if !*typing.borrow() {
                // Picked in the calendar, or set by a script: at once.
                pending.borrow_mut().take();
                commit(value, false);
                return;
            }
            // Typed: wait for the keys to pause; the last value wins.
            let commit = commit.clone();
            let typing = typing.clone();
            let slot = pending.clone();
            *pending.borrow_mut() = Some(Timeout::new(TYPING_PAUSE_MS, move || {
                // This timeout is running: let it go without cancelling (dropping) it.
                if let Some(t) = slot.borrow_mut().take() {
                    t.forget();
                }
                *typing.borrow_mut() = false;
                commit(value, true);
            }));
        })
    };
    let onblur = {
        let commit = commit.clone();
        let typing = typing.clone();
        let pending = pending.clone();
        Callback::from(move |e: FocusEvent| {
            let typed = std::mem::replace(&mut *typing.borrow_mut(), false);
            let waiting = pending.borrow_mut().take().is_some();
            if let Some(el) = e.target_dyn_into::<HtmlInputElement>() {
                if typed || waiting {
                    commit(el.value(), true);
                }
            }
        })
    };
    let onkeydown = {
        let typing = typing.clone();
        let pending = pending.clone();
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            if key == "Enter" {
                *typing.borrow_mut() = false;
                pending.borrow_mut().take();
                if let Some(el) = e.target_dyn_into::<HtmlInputElement>() {
                    e.prevent_default();
                    commit(el.value(), true);
                }
            } else if key.chars().count() == 1 || matches!(key.as_str(), "Backspace" | "Delete" | "ArrowUp" | "ArrowDown") {
                *typing.borrow_mut() = true;
            }
        })
    };
    let reset = {
        let on_change = props.on_change.clone();
        let error = error.clone();
        let pending = pending.clone();
        Callback::from(move |_: MouseEvent| {
            pending.borrow_mut().take();
            error.set(None);
            on_change.emit(None);
        })
    };
    html! {
        <div class="eval-time">
            <label for="eval-date">{"Check validity on"}</label>
            <input id="eval-date" type="date" min="1950-01-01" max="9999-12-31" data-testid="eval-date"
                value={format::unix_to_date(props.at)} aria-invalid={if error.is_some() { "true" } else { "false" }}
                aria-describedby="eval-date-error" {onchange} {onblur} {onkeydown} />
            <span class="print-only">{format::unix_to_date(props.at)}</span>
            if props.fixed {
                <button type="button" class="quiet" onclick={reset}>{"Back to today"}</button>
            } else {
                <span class="muted">{"(today)"}</span>
            }
            <span id="eval-date-error" class="date-error" role="alert" data-testid="eval-date-error">
                { error.as_deref().unwrap_or_default() }
            </span>
        </div>
    }
}
