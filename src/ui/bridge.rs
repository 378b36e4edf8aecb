//! The page's side of the analysis worker (`src/bin/certlens-worker.rs`).
//!
//! The worker is started with the first job (the first file dropped, pasted or
//! opened from a link), not with the page: a first visit loads only the page's
//! wasm. Its address comes from `<meta name="certlens-worker">`, which the build
//! writes (scripts/csp_bootstrap.py); it is relative to the page, so the app works
//! from any sub-path. Messages, in the wire format of [`super::wire`] (bytes, a
//! `Uint8Array`): page → worker `{ job, heads?, files?: [Uint8Array] }` (files only
//! when the job analyses), and `"shown"` once a first answer is painted (see
//! [`take_done`]); worker → page `"ready"` once (the page posts without waiting for it: the
//! worker's loader keeps what comes before its wasm runs), then one
//! [`Done`](super::work::Done) per job
//! (a big drop's analysis is preceded by its listing, a `Done` with `listing` set: the rows
//! shown while the chains are built; a first answer may be followed by the final one).
//! Tasks (links, exports, the ASN.1 tree, a card's detail: [`Task`]) go as
//! `{ task, id }` and come back as `{ task: id, text | bytes | error }` to the
//! callback given to [`ask`]. A worker
//! that does not load or crashes is dropped (the next job starts a new one) and
//! reported as [`Action::Failed`]; its pending tasks are answered with the reason.

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::receive::Receiving;
use super::state::{Action, AppState, Content};
use super::wire;
use super::work::{Done, FileHead, RowsAhead, Task, TaskAnswer};

type Pending = super::state::IdMap<Box<dyn FnOnce(TaskAnswer)>>;

struct Bridge {
    worker: web_sys::Worker,
    /// Started ahead of the first file ([`warm_up`]) and not asked anything yet: if it
    /// cannot load, it is dropped without a word (the first job starts another and tells).
    unused: bool,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static BRIDGE: RefCell<Option<Bridge>> = const { RefCell::new(None) };
    /// The app's dispatcher (for [`ask`], which is called from components without one).
    static DISPATCH: RefCell<Option<super::app::Dispatch>> = const { RefCell::new(None) };
    /// Callbacks of the tasks not answered yet, by id.
    static PENDING: RefCell<Pending> = RefCell::new(Pending::default());
    static NEXT_TASK: Cell<u32> = const { Cell::new(1) };
    /// The sequence number of the last job posted: each is posted once.
    static POSTED: Cell<Option<u32>> = const { Cell::new(None) };
    /// The worker was let go with the files: the focus "Clear all" hands back to "Add files" is
    /// no sign of a new file, and starts no worker ([`warm_up_on_focus`] skips once; a drag or
    /// a paste is a sign, and warms up whatever this says).
    static LET_GO: Cell<bool> = const { Cell::new(false) };
}

/// Remember the app's dispatcher (the worker's answers to jobs go to it).
pub fn init(dispatch: super::app::Dispatch) {
    DISPATCH.with(|d| *d.borrow_mut() = Some(dispatch));
}

/// Tell the page, [`QUIET_MS`](super::state::QUIET_MS) from now, to show that it is busy with
/// the quiet prediction `seq` if it has not answered by then.
pub fn show_busy_later(seq: u32) {
    gloo::timers::callback::Timeout::new(super::state::QUIET_MS, move || {
        if let Some(dispatch) = DISPATCH.with(|d| d.borrow().clone()) {
            dispatch.dispatch(Action::ShowBusy(seq));
        }
    })
    .forget();
}

/// Start the worker ahead of the first file, at the first sign that one is coming (a drag
/// entering the page, focus on the file chooser or the paste box, a paste): fetching,
/// compiling and starting it then overlaps with the user's gesture. Never at page load: a
/// first visit loads only the page's wasm. Does nothing when a worker runs or the app has
/// not mounted.
pub fn warm_up() {
    LET_GO.with(|l| l.set(false));
    let Some(dispatch) = DISPATCH.with(|d| d.borrow().clone()) else { return };
    let result = BRIDGE.with(|b| -> Result<(), String> {
        let mut b = b.borrow_mut();
        if b.is_none() {
            *b = Some(Bridge { unused: true, ..start(dispatch.clone())? });
        }
        Ok(())
    });
    if let Err(why) = result {
        failed(&dispatch, &why);
    }
}

/// [`warm_up`] for a focus in the page, unless it is the focus handed back when the worker
/// was let go with the files.
pub fn warm_up_on_focus() {
    if !LET_GO.with(|l| l.replace(false)) {
        warm_up();
    }
}

/// Ask the worker for a [`Task`] (starting it when needed); `answer` gets the result.
pub fn ask(task: &Task, answer: impl FnOnce(TaskAnswer) + 'static) {
    let Some(dispatch) = DISPATCH.with(|d| d.borrow().clone()) else {
        answer(TaskAnswer::Failed("the page is still starting".into()));
        return;
    };
    let id = NEXT_TASK.with(|n| {
        let id = n.get();
        n.set(id.wrapping_add(1));
        id
    });
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&msg, &"task".into(), &bytes(&wire::encode(task)));
    let _ = js_sys::Reflect::set(&msg, &"id".into(), &id.into());
    let msg: JsValue = msg.into();
    PENDING.with(|p| p.borrow_mut().insert(id, Box::new(answer)));
    let result = BRIDGE.with(|b| -> Result<(), String> {
        let mut b = b.borrow_mut();
        if b.is_none() {
            *b = Some(start(dispatch.clone())?);
        }
        let Some(b) = b.as_mut() else { return Ok(()) };
        b.unused = false;
        b.worker.post_message(&msg).map_err(|e| format!("the request could not be sent ({})", describe(&e)))
    });
    if let Err(why) = result {
        failed(&dispatch, &why);
    }
}

/// Hand a task's answer (`{ task: id, text | bytes | error }`) to its callback.
fn answered(data: &JsValue) {
    let get = |key: &str| js_sys::Reflect::get(data, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined());
    let Some(id) = get("task").and_then(|v| v.as_f64()).and_then(|f| u32::try_from(f as i64).ok()) else { return };
    let Some(callback) = PENDING.with(|p| p.borrow_mut().remove(&id)) else { return };
    let answer = if let Some(text) = get("text").and_then(|v| v.as_string()) {
        TaskAnswer::Text(text)
    } else if let Some(bytes) = get("bytes").and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok()) {
        TaskAnswer::Bytes(bytes.to_vec())
    } else {
        TaskAnswer::Failed(get("error").and_then(|v| v.as_string()).unwrap_or_default())
    };
    callback(answer);
}

/// Let the worker go: the page holds no file any more ("Clear all", the last file removed).
/// The files, their analysis and whatever was in them (a PFX's private key, its password)
/// go with it instead of staying in the worker's memory until the next drop; the next file
/// (or drag) starts a new worker. Answers on their way are dropped; tasks still waiting are
/// told, in a task of their own (this runs inside the reducer).
pub fn let_go() {
    if end_worker().is_none() {
        return;
    }
    LET_GO.with(|l| l.set(true));
    super::dom::forget_files_except(&[]);
    let pending = drop_answers();
    if !pending.is_empty() {
        super::dom::next_task(move || {
            for callback in pending {
                callback(TaskAnswer::Failed("the files were cleared".into()));
            }
        });
    }
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

/// End the worker, if one runs (the next job starts a fresh one); `Some(unused)`: one ran, and
/// whether it was started ahead of a file and never asked anything.
fn end_worker() -> Option<bool> {
    let bridge = BRIDGE.with(|b| b.borrow_mut().take())?;
    bridge.worker.terminate();
    Some(bridge.unused)
}

/// Drop the answers of an ended worker being read or waiting; the callbacks of its tasks not
/// answered yet, for the caller to tell why.
fn drop_answers() -> Vec<Box<dyn FnOnce(TaskAnswer)>> {
    RECEIVING.with(|r| r.borrow_mut().take());
    AHEAD.with(|a| std::mem::take(&mut *a.borrow_mut()));
    WAITING.with(|w| w.borrow_mut().clear());
    PENDING.with(|p| std::mem::take(&mut *p.borrow_mut())).into_values().collect()
}

fn failed(dispatch: &super::app::Dispatch, why: &str) {
    if end_worker() == Some(true) {
        return; // started ahead of a file that has not come: nothing to tell yet
    }
    for callback in drop_answers() {
        callback(TaskAnswer::Failed(why.to_string()));
    }
    dispatch.dispatch(Action::Failed(format!(
        "The analysis stopped: {why}. Nothing was sent anywhere. Use \u{201c}Clear all\u{201d} or remove a file to try again; reloading the page also starts afresh."
    )));
}

fn start(dispatch: super::app::Dispatch) -> Result<Bridge, String> {
    let worker = web_sys::Worker::new(&worker_url()).map_err(|e| format!("the browser did not start its worker ({})", describe(&e)))?;
    let on_message = {
        let dispatch = dispatch.clone();
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let data = e.data();
            if let Some(done) = data.dyn_ref::<js_sys::Uint8Array>() {
                receive(done.to_vec(), dispatch.clone());
                return;
            }
            let field = |key: &str| js_sys::Reflect::get(&data, &JsValue::from_str(key)).ok();
            // Rows of a listing to come: `{ ahead: bytes }`.
            if let Some(rows) = data.is_object().then(|| field("ahead")).flatten().and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok()) {
                take_ahead(&rows.to_vec());
                return;
            }
            // Progress: `{ stage, done, total }` (see `work::progress_from_parts`).
            if let Some(stage) = data.is_object().then(|| field("stage")).flatten().and_then(|v| v.as_string()) {
                let number = |key: &str| field(key).and_then(|v| v.as_f64()).unwrap_or(f64::NAN);
                if let Some(p) = super::work::progress_from_parts(&stage, number("done"), number("total")) {
                    dispatch.dispatch(Action::Progress(p));
                }
                return;
            }
            // "ready" says nothing the page waits for (jobs and tasks are posted at once).
            if data.as_string().as_deref() == Some("ready") {
                return;
            }
            answered(&data);
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
    Ok(Bridge { worker, unused: false, _on_message: on_message, _on_error: on_error })
}

/// A slice of reading a large answer ends after this many milliseconds (a task over 50 ms
/// is a "long task": the page would not answer a key press meanwhile).
const SLICE_MS: f64 = 12.0;

thread_local! {
    /// The rows of a listing to come, read as they come ([`RowsAhead`]): its job, the rows
    /// from the first.
    static AHEAD: RefCell<(u32, Vec<super::status::CertRow>)> = const { RefCell::new((0, Vec::new())) };
    /// The large answer being read.
    static RECEIVING: RefCell<Option<Receiving>> = const { RefCell::new(None) };
    /// Answers that came while one was being read, in order.
    static WAITING: RefCell<Vec<Vec<u8>>> = const { RefCell::new(Vec::new()) };
}

/// Take a job's answer, in the order they came (a first answer, the final one, a prediction:
/// the state decides which counts): a small one at once; a large one (10,000 certificates)
/// in slices of [`SLICE_MS`], each its own task, and the state takes it in a task of its own.
fn receive(bytes: Vec<u8>, dispatch: super::app::Dispatch) {
    WAITING.with(|w| w.borrow_mut().push(bytes));
    if RECEIVING.with(|r| r.borrow().is_none()) {
        next_answer(dispatch);
    }
}

/// Take the waiting answers until one needs slices.
fn next_answer(dispatch: super::app::Dispatch) {
    while let Some(bytes) = WAITING.with(|w| {
        let mut w = w.borrow_mut();
        (!w.is_empty()).then(|| w.remove(0))
    }) {
        if bytes.len() > super::receive::AT_ONCE_UP_TO {
            RECEIVING.with(|r| *r.borrow_mut() = Some(Receiving::new(bytes)));
            read_slice(dispatch);
            return;
        }
        // (The same reader, never pausing: one deserialiser of the answer in the page's wasm.)
        match Receiving::new(bytes).read(&mut || false) {
            Ok(Some(done)) => take_done(done, &dispatch),
            Ok(None) => {}
            Err(why) => return failed(&dispatch, &why),
        }
        // Each answer rendered in a task of its own: a first answer and the final one that
        // came right after it are two renders, not one long task.
        if WAITING.with(|w| !w.borrow().is_empty()) {
            return super::dom::next_task(move || next_answer(dispatch));
        }
    }
}

/// Keep rows sent ahead of a listing ([`RowsAhead::keep`]).
fn take_ahead(bytes: &[u8]) {
    if let Ok(part) = wire::decode::<RowsAhead>(bytes) {
        AHEAD.with(|a| part.keep(&mut a.borrow_mut()));
    }
}

/// Hand an answer to the state. After an analysis (a first answer, the final one to follow: the
/// roots' own signatures; or a final one, the answers one change away to follow), tell the
/// worker once the page has painted it (`"shown"`): the worker waits for that before that work,
/// so that on two cores the page's rendering of the answer does not share the CPU with it
/// (Debian's bundle, a first drop in Chromium, measured on a prototype that waited a fixed
/// 400 ms: painted ~150 ms sooner, its longest task halved, the final answer ~150 ms later).
fn take_done(mut done: Done, dispatch: &super::app::Dispatch) {
    // A listing takes the rows sent ahead of it.
    AHEAD.with(|a| super::work::take_rows_ahead(&mut a.borrow_mut(), &mut done));
    // (a listing is no analysis: it is still running when the listing is painted)
    let first = (done.pending || done.report.is_some()) && !done.listing;
    let seq = done.seq;
    dispatch.dispatch(Action::Done(Box::new(done)));
    if first {
        super::dom::after_paint(move || {
            // Only for the latest job's answer: an earlier drop's word would start a later
            // drop's check before its first answer is painted.
            if POSTED.with(Cell::get) != Some(seq) {
                return;
            }
            if let Some(worker) = BRIDGE.with(|b| b.borrow().as_ref().map(|b| b.worker.clone())) {
                let _ = worker.post_message(&JsValue::from_str(super::work::SHOWN));
            }
        });
    }
}

/// Read the large answer on for one slice; go on in a later task, or hand it to the state
/// (in a task of its own) and go on with the answers that came meanwhile.
fn read_slice(dispatch: super::app::Dispatch) {
    let start = js_sys::Date::now();
    let read = RECEIVING.with(|r| r.borrow_mut().as_mut().map(|receiving| receiving.read(&mut || js_sys::Date::now() - start > SLICE_MS)));
    match read {
        None => {}
        Some(Ok(None)) => super::dom::next_task(move || read_slice(dispatch)),
        Some(Ok(Some(done))) => super::dom::next_task(move || {
            if RECEIVING.with(|r| r.borrow_mut().take()).is_some() {
                take_done(done, &dispatch);
                super::dom::next_task(move || next_answer(dispatch));
            }
        }),
        Some(Err(why)) => failed(&dispatch, &why),
    }
}

/// Bytes as a `Uint8Array`.
fn bytes(b: &[u8]) -> JsValue {
    js_sys::Uint8Array::from(b).into()
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| e.as_string()).unwrap_or_else(|| "no details".into())
}

/// Post a new state's job from the reducer, before the page renders it (when the app has
/// mounted; else the effect in `App` posts it).
pub fn post_now(state: &AppState) {
    if let Some(dispatch) = DISPATCH.with(|d| d.borrow().clone()) {
        post(state, dispatch);
    }
}

/// Post the state's latest job to the worker (starting it when needed), unless it was.
pub fn post(state: &AppState, dispatch: super::app::Dispatch) {
    init(dispatch.clone());
    let Some(job) = state.job.as_ref().filter(|_| state.busy) else { return };
    if POSTED.with(|p| p.replace(Some(job.seq))) == Some(job.seq) {
        return;
    }
    let msg = js_sys::Object::new();
    let transfer = js_sys::Array::new();
    let _ = js_sys::Reflect::set(&msg, &"job".into(), &bytes(&wire::encode(&**job)));
    if job.analyse {
        let files = state.files();
        let heads: Vec<FileHead> = files.iter().map(|(name, _, password)| FileHead { name: name.clone(), password: password.clone() }).collect();
        // Bytes cross as a transferred copy; a dropped or picked file as itself (the worker
        // reads it: the page never did).
        let arrays = js_sys::Array::new();
        let mut kept = Vec::new();
        for (_, content, _) in &files {
            match content {
                Content::Bytes(bytes) => {
                    let a = js_sys::Uint8Array::from(bytes.as_slice());
                    transfer.push(&a.buffer());
                    arrays.push(&a);
                }
                Content::File { handle, .. } => {
                    kept.push(*handle);
                    arrays.push(&super::dom::kept_file(*handle).map_or(JsValue::NULL, JsValue::from));
                }
            }
        }
        super::dom::forget_files_except(&kept);
        let _ = js_sys::Reflect::set(&msg, &"heads".into(), &bytes(&wire::encode(&heads)));
        let _ = js_sys::Reflect::set(&msg, &"files".into(), &arrays);
    }
    let msg: JsValue = msg.into();
    let result = BRIDGE.with(|b| -> Result<(), String> {
        let mut b = b.borrow_mut();
        if b.is_none() {
            *b = Some(start(dispatch.clone())?);
        }
        let Some(b) = b.as_mut() else { return Ok(()) };
        b.unused = false;
        b.worker.post_message_with_transfer(&msg, &transfer).map_err(|e| format!("the job could not be sent ({})", describe(&e)))
    });
    if let Err(why) = result {
        failed(&dispatch, &why);
    }
}
