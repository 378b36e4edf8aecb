//! The page's address and its neighbours: share links in the fragment, embed mode
//! (`?embed`), and messages with the page that embeds certlens in an iframe.
//!
//! Message format (README, "Embed mode"):
//! - frame → parent: `{ "type": "certlens:ready" }` once mounted, then
//!   `{ "type": "certlens:height", "height": <CSS pixels> }` whenever the content height changes;
//! - parent → frame: `{ "type": "certlens:add", "files": [{ "name": "alice.cer", "text": "-----BEGIN…" }
//!   or { "name": "alice.der", "base64": "MII…" }] }` adds files, `{ "type": "certlens:clear" }`
//!   removes them. Only from origins listed in `?allow=` (comma-separated, exact
//!   `scheme://host[:port]`); messages from any other origin are ignored.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::state::NewFile;

/// A query parameter of the page's URL (`?embed` gives `Some("")`).
pub fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    params.get(name)
}

/// `?embed` (any value) turns on the compact layout for iframes.
pub fn is_embed() -> bool {
    query_param("embed").is_some()
}

/// Origins allowed to post files in (`?allow=https://wiki.example,https://other.example`).
pub fn allowed_origins() -> Vec<String> {
    query_param("allow")
        .map(|a| a.split([',', ' ']).map(|o| o.trim().trim_end_matches('/').to_string()).filter(|o| o.starts_with("http")).collect())
        .unwrap_or_default()
}

/// The page's fragment without `#` (empty when none).
pub fn fragment() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).map(|h| h.trim_start_matches('#').to_string()).unwrap_or_default()
}

/// The app's own address without query and fragment (`https://host/tools/certlens/`).
pub fn app_base() -> String {
    let Some(loc) = web_sys::window().map(|w| w.location()) else { return String::new() };
    format!("{}{}", loc.origin().unwrap_or_default(), loc.pathname().unwrap_or_default())
}

/// The address of this page with `fragment` (keeps `?embed…`), put in the address bar
/// without reloading, so a reload keeps the view.
pub fn set_fragment(fragment: &str) {
    let Some(w) = web_sys::window() else { return };
    let search = w.location().search().unwrap_or_default();
    let url = format!("{}{search}#{fragment}", app_base());
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// Run `f` whenever the fragment changes (a link pasted into the address bar of an open tab).
pub fn on_hash_change(f: impl Fn() + 'static) {
    let Some(w) = web_sys::window() else { return };
    let closure = Closure::<dyn Fn()>::new(f);
    let _ = w.add_event_listener_with_callback("hashchange", closure.as_ref().unchecked_ref());
    closure.forget();
}

/// A string property of a JS object (`None` when absent or not a string).
fn string_of(obj: &JsValue, key: &str) -> Option<String> {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).ok().and_then(|v| v.as_string())
}

/// What the parent asked for.
pub enum ParentRequest {
    /// Add these files.
    Add(Vec<NewFile>),
    /// Remove everything.
    Clear,
}

/// Listen for messages from the embedding page; only `allowed` origins are heard.
pub fn listen_to_parent(allowed: Vec<String>, on_request: impl Fn(ParentRequest) + 'static) {
    let Some(w) = web_sys::window() else { return };
    let closure = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
        if !allowed.iter().any(|o| *o == e.origin()) {
            return;
        }
        let msg = e.data();
        match string_of(&msg, "type").as_deref() {
            Some("certlens:add") => {
                // `files`: an array of `{ name?, text? | base64? }` (anything else is no file).
                let list = js_sys::Reflect::get(&msg, &JsValue::from_str("files")).ok().filter(js_sys::Array::is_array);
                let files = list
                    .map(|l| js_sys::Array::from(&l).iter().take(100).collect::<Vec<_>>())
                    .unwrap_or_default()
                    .into_iter()
                    .enumerate()
                    .map(|(i, f)| {
                        let bytes = match (string_of(&f, "text"), string_of(&f, "base64")) {
                            (Some(t), _) => t.into_bytes(),
                            (None, Some(b)) => super::dom::base64_decode(&b.split_whitespace().collect::<String>()).unwrap_or_default(),
                            (None, None) => Vec::new(),
                        };
                        NewFile::bytes(string_of(&f, "name").unwrap_or_else(|| format!("from the page {}", i + 1)), bytes)
                    })
                    .collect();
                on_request(ParentRequest::Add(files));
            }
            Some("certlens:clear") => on_request(ParentRequest::Clear),
            _ => {}
        }
    });
    let _ = w.add_event_listener_with_callback("message", closure.as_ref().unchecked_ref());
    closure.forget();
}

fn post(message: &JsValue, allowed: &[String]) {
    let Some(w) = web_sys::window() else { return };
    let Ok(Some(parent)) = w.parent() else { return };
    if parent == w {
        return;
    }
    if allowed.is_empty() {
        // A height says nothing about the content: any embedder may size the frame.
        let _ = parent.post_message(message, "*");
    } else {
        for o in allowed {
            let _ = parent.post_message(message, o);
        }
    }
}

fn message(kind: &str, height: Option<f64>) -> JsValue {
    let obj = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&obj, &"type".into(), &kind.into());
    if let Some(h) = height {
        let _ = js_sys::Reflect::set(&obj, &"height".into(), &h.into());
    }
    obj.into()
}

/// Tell the parent the frame is ready, then report the content height whenever it changes.
pub fn report_height(allowed: Vec<String>) {
    post(&message("certlens:ready", None), &allowed);
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(root) = doc.document_element() else { return };
    let last = Rc::new(Cell::new(-1.0f64));
    let send = {
        let root = root.clone();
        move || {
            let app = root.owner_document().and_then(|d| d.get_element_by_id("app"));
            let h = f64::from(app.map_or(root.scroll_height(), |a| a.scroll_height()));
            if (h - last.get()).abs() >= 1.0 {
                last.set(h);
                post(&message("certlens:height", Some(h)), &allowed);
            }
        }
    };
    send();
    let closure = Closure::<dyn Fn()>::new(send);
    if let Ok(observer) = web_sys::ResizeObserver::new(closure.as_ref().unchecked_ref()) {
        if let Some(app) = doc.get_element_by_id("app") {
            observer.observe(&app);
        }
        observer.observe(&root);
    }
    closure.forget();
}

/// Open the share link in the address (now and when the fragment changes); returns why the
/// last link could not be opened.
#[yew::hook]
pub fn use_share_link(dispatcher: super::app::Dispatch) -> Option<String> {
    use crate::report::share;
    let error = yew::use_state(|| None::<String>);
    {
        let error = error.clone();
        yew::use_effect_with((), move |()| {
            let load = move || {
                let f = fragment();
                if !share::is_link(&f) {
                    return;
                }
                // The worker decodes the link (the page holds no decompressor or decoders).
                let (error, dispatcher) = (error.clone(), dispatcher.clone());
                super::bridge::init(dispatcher.clone());
                super::bridge::ask(&super::work::Task::OpenLink { fragment: f }, move |answer| match answer.decode::<super::work::OpenedLink>() {
                    Ok(opened) => {
                        error.set(None);
                        dispatcher.dispatch(super::state::Action::OpenLink(Box::new(opened)));
                    }
                    Err(why) => error.set(Some(why)),
                });
            };
            load();
            on_hash_change(load);
        });
    }
    (*error).clone()
}

/// In embed mode: hear the parent (allowed origins only) and report the height.
#[yew::hook]
pub fn use_embed_messages(embed: bool, dispatcher: super::app::Dispatch) {
    yew::use_effect_with(embed, move |embed| {
        if *embed {
            let allowed = allowed_origins();
            listen_to_parent(allowed.clone(), move |req| match req {
                ParentRequest::Add(files) => dispatcher.dispatch(super::state::Action::AddFiles(files)),
                ParentRequest::Clear => dispatcher.dispatch(super::state::Action::Clear),
            });
            report_height(allowed);
        }
    });
}
