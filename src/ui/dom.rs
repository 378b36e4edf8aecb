//! The few browser calls the app makes: clock, reading files, clipboard,
//! downloads, the ready flag. No network, ever.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::state::{Content, NewFile};
use crate::input::MAX_FILE_SIZE;

/// Now, Unix seconds.
pub fn now() -> i64 {
    // Milliseconds since the epoch fit an i64 exactly; the cast saturates anyway.
    (js_sys::Date::now() / 1000.0).floor() as i64
}

/// Unix seconds as the browser's local date and time (the user's time zone).
pub fn local_time(secs: i64) -> String {
    // f64 holds every plausible certificate time (years 0–9999) exactly.
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(secs as f64 * 1000.0));
    String::from(date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED))
}

/// The files of a `FileList` (a drop or a file input), in order.
pub fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

thread_local! {
    /// The dropped and picked files the page keeps (handles, not their bytes), by handle.
    static KEPT: std::cell::RefCell<Vec<(u32, web_sys::Blob)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Keep dropped or picked files without reading them: the worker reads them (in its own
/// thread, straight into its memory). A file over the size limit is cut one byte past the
/// limit: enough for the core to refuse it, without reading hundreds of megabytes. An
/// unreadable file (permissions, removed meanwhile) is read as empty by the worker, which
/// the core reports for that file.
pub fn keep_files(files: Vec<web_sys::File>) -> Vec<NewFile> {
    let limit = MAX_FILE_SIZE.saturating_add(1);
    files
        .into_iter()
        .map(|file| {
            let name = file.name();
            // A size is a whole number of bytes below 2^53: exact in an f64.
            let size = file.size();
            let (blob, size): (web_sys::Blob, usize) = if size > limit as f64 {
                (file.slice_with_f64_and_f64(0.0, limit as f64).unwrap_or_else(|_| file.clone().into()), limit)
            } else {
                (file.into(), size as usize)
            };
            let handle = KEPT.with(|k| {
                let mut k = k.borrow_mut();
                let handle = k.last().map_or(1, |(h, _)| h.wrapping_add(1));
                k.push((handle, blob));
                handle
            });
            NewFile { name, content: Content::File { handle, size } }
        })
        .collect()
}

/// A file kept by [`keep_files`].
pub fn kept_file(handle: u32) -> Option<web_sys::Blob> {
    KEPT.with(|k| k.borrow().iter().find(|(h, _)| *h == handle).map(|(_, b)| b.clone()))
}

/// Let go of the kept files the state no longer holds.
pub fn forget_files_except(handles: &[u32]) {
    KEPT.with(|k| k.borrow_mut().retain(|(h, _)| handles.contains(h)));
}

/// Copy text to the clipboard; `true` when the browser accepted it.
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let promise = window.navigator().clipboard().write_text(text);
    JsFuture::from(promise).await.is_ok()
}

/// Offer bytes as a download through a Blob URL (nothing leaves the tab).
pub fn download(name: &str, bytes: &[u8], mime: &str) {
    let _ = try_download(name, bytes, mime);
}

fn try_download(name: &str, bytes: &[u8], mime: &str) -> Result<(), wasm_bindgen::JsValue> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let anchor: web_sys::HtmlAnchorElement = gloo::utils::document().create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    // Revoke later: some browsers start reading the Blob after click() returns.
    gloo::timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// Run `f` in a task of its own, after the current one (a zero timeout): the page has
/// re-rendered, and the browser may handle input and paint in between.
pub fn next_task(f: impl FnOnce() + 'static) {
    gloo::timers::callback::Timeout::new(0, f).forget();
}

/// Run `f` once the page has painted what it renders now: in a task after the next
/// animation frame (in a hidden tab, where frames wait, not before the tab shows again).
pub fn after_paint(f: impl FnOnce() + 'static) {
    let frame = Closure::once_into_js(move || next_task(f));
    if let Some(window) = web_sys::window() {
        let _ = window.request_animation_frame(frame.unchecked_ref());
    }
}

/// Focus an element by id once the page has re-rendered (after a removal, a choice).
pub fn focus_later(id: &str) {
    let id = id.to_string();
    next_task(move || focus(&id));
}

/// Focus an element by id once the sections below the verdict have re-rendered too: they
/// take a new state in a task after the next frame (components/later.rs), asked for by the
/// render that follows this event (a microtask); a task from now asks for a frame after theirs.
pub fn focus_after_paint(id: &str) {
    let id = id.to_string();
    next_task(move || after_paint(move || focus(&id)));
}

fn focus(id: &str) {
    if let Some(el) = gloo::utils::document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// Tell tests and embedders that the app is mounted: `body[data-ready="1"]`.
pub fn mark_ready() {
    if let Some(body) = gloo::utils::document().body() {
        let _ = body.dataset().set("ready", "1");
    }
}

/// Standard base64 to bytes, by the browser (`atob`): the page carries no base64 decoder.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let binary = web_sys::window()?.atob(text).ok()?;
    // `atob` gives one char per byte (U+0000..U+00FF).
    binary.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect()
}
