//! "Check validity on": the evaluation time, now or a chosen date.
//!
//! A date is committed when the input fires `change` with a plausible
//! year, or on blur / Enter; half-typed years (`0002`, `0020`, `0202` while
//! typing 2027) are refused with a message instead of re-analysing on every
//! key press.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::ui::format;

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
    // Set while the user types into the field: then only blur or Enter commits.
    let typing = use_mut_ref(|| false);
    // Commit a value: a good date goes to the app; a bad one is only reported when `report` is set.
    let commit = {
        let on_change = props.on_change.clone();
        let error = error.clone();
        let current = props.at;
        move |value: String, report: bool| match format::check_date(&value) {
            Ok(at) => {
                error.set(None);
                if at != current {
                    on_change.emit(Some(at));
                }
            }
            Err(e) if report => error.set(Some(e)),
            Err(_) => {}
        }
    };
    // A date picked in the calendar commits at once; a typed one waits for blur or Enter.
    let onchange = {
        let commit = commit.clone();
        let typing = typing.clone();
        Callback::from(move |e: Event| {
            if *typing.borrow() {
                return;
            }
            if let Some(el) = e.target_dyn_into::<HtmlInputElement>() {
                commit(el.value(), false);
            }
        })
    };
    let onblur = {
        let commit = commit.clone();
        let typing = typing.clone();
        Callback::from(move |e: FocusEvent| {
            let typed = std::mem::replace(&mut *typing.borrow_mut(), false);
            if let Some(el) = e.target_dyn_into::<HtmlInputElement>() {
                if typed {
                    commit(el.value(), true);
                }
            }
        })
    };
    let onkeydown = {
        let typing = typing.clone();
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            if key == "Enter" {
                *typing.borrow_mut() = false;
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
        Callback::from(move |_: MouseEvent| {
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
