//! A status label: text and symbol first, colour only as a hint.

use yew::prelude::*;

pub use crate::ui::status::Tone;

/// Props of [`StatusBadge`].
#[derive(Properties, PartialEq)]
pub struct StatusBadgeProps {
    /// The tone.
    pub tone: Tone,
    /// The text.
    pub text: AttrValue,
    /// A longer explanation (tooltip).
    #[prop_or_default]
    pub title: Option<AttrValue>,
    /// `data-status` (a stable key for tests and the filter).
    #[prop_or_default]
    pub status: Option<AttrValue>,
}

/// A small labelled pill.
#[function_component(StatusBadge)]
pub fn status_badge(props: &StatusBadgeProps) -> Html {
    let (class, symbol) = match props.tone {
        Tone::Good => ("badge good", "✓"),
        Tone::Warn => ("badge warn", "!"),
        Tone::Bad => ("badge bad", "✕"),
        Tone::Neutral => ("badge", "·"),
    };
    html! {
        <span class={class} title={props.title.clone()} data-status={props.status.clone()} data-testid="status-badge">
            <span class="badge-symbol" aria-hidden="true">{symbol}</span>
            {props.text.clone()}
        </span>
    }
}
