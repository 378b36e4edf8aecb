//! "Checked on": the evaluation time, now or a chosen date.

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
    let onchange = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            if let Some(el) = e.target_dyn_into::<HtmlInputElement>() {
                on_change.emit(format::date_to_unix(&el.value()));
            }
        })
    };
    let reset = {
        let on_change = props.on_change.clone();
        Callback::from(move |_: MouseEvent| on_change.emit(None))
    };
    html! {
        <div class="eval-time">
            <label for="eval-date">{"Check validity on"}</label>
            <input id="eval-date" type="date" value={format::unix_to_date(props.at)} {onchange} />
            if props.fixed {
                <button type="button" class="quiet" onclick={reset}>{"Back to today"}</button>
            } else {
                <span class="muted">{"(today)"}</span>
            }
        </div>
    }
}
