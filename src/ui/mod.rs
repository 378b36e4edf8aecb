//! The Yew single-page app (wasm32 only).

/// Mount the app on the page.
pub fn start() {}
