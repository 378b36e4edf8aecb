//! The page's side of the analysis worker (`src/bin/certlens-worker.rs`).
//!
//! The worker is started with the first job (the first file dropped, pasted or
//! opened from a link), not with the page: a first visit loads only the page's
//! wasm. Its address comes from `<meta name="certlens-worker">`, which the build
//! writes (scripts/csp_bootstrap.py); it is relative to the page, so the app works
//! from any sub-path. Messages: page → worker `{ job: JSON, heads?: JSON,
//! files?: [Uint8Array] }` (files only when the job analyses); worker → page
//! `"ready"` once, then one JSON [`super::work::Done`] per job. A worker that does
//! not load or crashes is dropped (the next job starts a new one) and reported
//! as [`Action::Failed`].

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::state::{Action, AppState};
use super::work::{Done, FileHead};

struct Bridge {
    worker: web_sys::Worker,
    ready: bool,
    /// The latest message, held until the worker says it is ready.
    queued: Option<(JsValue, js_sys::Array)>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static BRIDGE: RefCell<Option<Bridge>> = const { RefCell::new(None) };
}

/// The worker's address, as the build wrote it into the page.
fn worker_url() -> String {
    gloo::utils::document()
        .query_selector("meta[name=certlens-worker]")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .unwrap_or_else(|| "./certlens-worker_loader.js".to_string())
}

fn failed(dispatch: &UseReducerDispatcher<AppState>, why: &str) {
    // Drop the broken worker: the next job starts a fresh one.
    BRIDGE.with(|b| {
        if let Some(b) = b.borrow_mut().take() {
            b.worker.terminate();
        }
    });
    dispatch.dispatch(Action::Failed(format!(
        "The analysis stopped: {why}. Nothing was sent anywhere. Use \u{201c}Clear all\u{201d} or remove a file to try again; reloading the page also starts afresh."
    )));
}

fn start(dispatch: UseReducerDispatcher<AppState>) -> Result<Bridge, String> {
    let worker = web_sys::Worker::new(&worker_url()).map_err(|e| format!("the browser did not start its worker ({})", describe(&e)))?;
    let on_message = {
        let dispatch = dispatch.clone();
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let Some(text) = e.data().as_string() else { return };
            if text == "ready" {
                let queued = BRIDGE.with(|b| {
                    let mut b = b.borrow_mut();
                    let b = b.as_mut()?;
                    b.ready = true;
                    b.queued.take().map(|q| (b.worker.clone(), q))
                });
                if let Some((worker, (msg, transfer))) = queued {
                    let _ = worker.post_message_with_transfer(&msg, &transfer);
                }
                return;
            }
            match serde_json::from_str::<Done>(&text) {
                Ok(done) => dispatch.dispatch(Action::Done(Box::new(done))),
                Err(e) => failed(&dispatch, &format!("its answer could not be read ({e})")),
            }
        })
    };
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        e.prevent_default();
        let why = match e.dyn_ref::<web_sys::ErrorEvent>() {
            Some(err) if !err.message().is_empty() => format!("the browser reported \u{201c}{}\u{201d}", err.message()),
            _ => "the analysis part of certlens could not be loaded".to_string(),
        };
        failed(&dispatch, &why);
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    worker.set_onmessageerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Bridge { worker, ready: false, queued: None, _on_message: on_message, _on_error: on_error })
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| e.as_string()).unwrap_or_else(|| "no details".into())
}

/// Post the state's latest job to the worker (starting it when needed).
pub fn post(state: &AppState, dispatch: UseReducerDispatcher<AppState>) {
    let Some(job) = state.job.as_ref().filter(|_| state.busy) else { return };
    let Ok(job_json) = serde_json::to_string(&**job) else { return };
    let msg = js_sys::Object::new();
    let transfer = js_sys::Array::new();
    let _ = js_sys::Reflect::set(&msg, &"job".into(), &job_json.into());
    if job.analyse {
        let files = state.files();
        let heads: Vec<FileHead> = files.iter().map(|(name, _, password)| FileHead { name: name.clone(), password: password.clone() }).collect();
        let arrays = js_sys::Array::new();
        for (_, bytes, _) in &files {
            let a = js_sys::Uint8Array::from(bytes.as_slice());
            transfer.push(&a.buffer());
            arrays.push(&a);
        }
        let _ = js_sys::Reflect::set(&msg, &"heads".into(), &serde_json::to_string(&heads).unwrap_or_default().into());
        let _ = js_sys::Reflect::set(&msg, &"files".into(), &arrays);
    }
    let msg: JsValue = msg.into();
    let result = BRIDGE.with(|b| -> Result<(), String> {
        let mut b = b.borrow_mut();
        if b.is_none() {
            *b = Some(start(dispatch.clone())?);
        }
        let Some(b) = b.as_mut() else { return Ok(()) };
        if b.ready {
            b.worker.post_message_with_transfer(&msg, &transfer).map_err(|e| format!("the job could not be sent ({})", describe(&e)))
        } else {
            b.queued = Some((msg, transfer));
            Ok(())
        }
    });
    if let Err(why) = result {
        failed(&dispatch, &why);
    }
}
