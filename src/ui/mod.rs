//! The Yew single-page app.
//!
//! The app reads files locally, hands them to [`crate::analyze`] in a web worker
//! (`work`, `bridge`) and shows the result as its view model (`page`, made from the
//! [`crate::Report`] in the worker and sent in the compact wire of `wire`); the page's thread never analyses, and nothing makes network requests.
//!
//! `format` (pure view helpers) and `state` (the reducer) build on every
//! target so that their tests run natively; the components are wasm32 only.

pub mod format;
pub mod page;
pub mod receive;
pub mod state;
pub mod status;
pub mod wire;
pub mod work;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod bridge;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod dom;
#[cfg(target_arch = "wasm32")]
mod embed;

/// Mount the app on the page (`<div id="app">`, or the body).
#[cfg(target_arch = "wasm32")]
pub fn start() {
    let root = gloo::utils::document().get_element_by_id("app");
    match root {
        Some(root) => {
            // The static shell ("loading…") from index.html gives way to the app.
            root.set_inner_html("");
            yew::Renderer::<app::App>::with_root(root).render()
        }
        None => yew::Renderer::<app::App>::new().render(),
    };
}
