//! A status label: text and symbol first, colour only as a hint.

use yew::prelude::*;

/// The kinds of status the page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// All good.
    Good,
    /// Worth a look.
    Warn,
    /// Broken.
    Bad,
}

/// Props of [`StatusBadge`].
#[derive(Properties, PartialEq)]
pub struct StatusBadgeProps {
    /// The tone.
    pub tone: Tone,
    /// The text.
    pub text: AttrValue,
}

/// A small labelled pill.
#[function_component(StatusBadge)]
pub fn status_badge(props: &StatusBadgeProps) -> Html {
    let (class, symbol) = match props.tone {
        Tone::Good => ("badge good", "✓"),
        Tone::Warn => ("badge warn", "!"),
        Tone::Bad => ("badge bad", "✕"),
    };
    html! {
        <span class={class}>
            <span class="badge-symbol" aria-hidden="true">{symbol}</span>
            {props.text.clone()}
        </span>
    }
}
