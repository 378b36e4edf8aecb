//! A status label: text and symbol first, colour only as a hint.

use yew::prelude::*;

pub use crate::ui::status::Tone;
use crate::ui::status::CertStatus;

/// A certificate's one status as a small labelled pill: its word, its reason as a tooltip,
/// and (`keyed`) its stable key as `data-status` (for tests and the filter). A plain function,
/// not a component: it has no state, and the list renders one per row.
pub fn status_badge(status: &CertStatus, keyed: bool) -> Html {
    let (class, symbol) = match status.kind.tone() {
        Tone::Good => ("badge good", "✓"),
        Tone::Warn => ("badge warn", "!"),
        Tone::Bad => ("badge bad", "✕"),
        Tone::Neutral => ("badge", "·"),
    };
    html! {
        <span class={class} title={status.reason().to_string()} data-status={keyed.then_some(status.kind.key())} data-testid="status-badge">
            <span class="badge-symbol" aria-hidden="true">{symbol}</span>
            {status.kind.word()}
        </span>
    }
}
