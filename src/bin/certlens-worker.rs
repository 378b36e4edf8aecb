//! The analysis worker of the web app: a web worker that runs `certlens::analyze`
//! off the page's main thread (built by trunk, `data-type="worker"`; protocol:
//! `certlens::ui::work` in the wire format of `certlens::ui::wire`, the page's side:
//! `src/ui/bridge.rs`).
//!
//! It keeps the files and the last analysis, so that a change of the server settings
//! only redoes the prediction.
//!
//! A big drop's signatures are checked on two cores: this worker starts a second one, its
//! helper (the same script, named [`HELPER`]), which checks the back half of the pairs left
//! while this one checks the front ([`certlens::ui::work::Checking`]). Messages that come
//! meanwhile wait their turn.

#[cfg(target_arch = "wasm32")]
fn main() {
    use std::cell::RefCell;

    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    if js_sys::Reflect::get(&scope, &"name".into()).ok().and_then(|n| n.as_string()).as_deref() == Some(HELPER) {
        return helper(scope);
    }
    // A first answer with the roots' own signatures unchecked, then the final one.
    let worker = std::rc::Rc::new(RefCell::new(certlens::ui::work::Worker::fast_first()));
    let reply = scope.clone();
    // Post an answer (`Done`, in the wire format) as a Uint8Array whose buffer is transferred,
    // then `{ memory: bytes }`, the size of the worker's wasm memory (it only grows: the high
    // water mark so far), which the page ignores and ./x bench reads.
    let post_done = {
        let reply = reply.clone();
        move |bytes: Vec<u8>| {
            let answer = js_sys::Uint8Array::from(bytes.as_slice());
            let transfer = js_sys::Array::of1(&answer.buffer());
            let _ = reply.post_message_with_transfer(&answer, &transfer);
            let memory = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&memory, &"memory".into(), &wasm_memory_bytes().into());
            let _ = reply.post_message(&memory);
        }
    };
    // After a prediction, or once the page has painted an analysis: the predictions one change
    // away, for a small drop (`Worker::near_answers`), in tasks of their own (messages already
    // waiting go first), unless a drop's signatures are being checked meanwhile.
    let near = {
        let worker = std::rc::Rc::clone(&worker);
        let post_done = post_done.clone();
        move || near_answers(std::rc::Rc::clone(&worker), post_done.clone())
    };
    // The final answer after a first one: the roots' own signatures checked (the full
    // analysis), with progress `{ stage: "RootSignatures", done, total }`. `of`: only when
    // that analysis is the one pending (`None`: whichever is).
    let finish = {
        let worker = std::rc::Rc::clone(&worker);
        let reply = reply.clone();
        let post_done = post_done.clone();
        move |of: Option<u32>| {
            let mut w = worker.borrow_mut();
            let answer = match of {
                Some(analysis) => w.finish_pending_of(analysis, &mut progress_poster(&reply)),
                None => w.finish_pending(&mut progress_poster(&reply)),
            };
            drop(w);
            if let Some(bytes) = answer {
                post_done(bytes);
            }
        }
    };
    // Run `finish` for the analysis pending now, after `delay` ms, once the messages already
    // waiting (a settings change, a new drop) have been handled: a new analysis makes it moot
    // (the new one is not run by this timer), a prediction is answered from the first
    // analysis at once (still pending) and again with the final one.
    let schedule = {
        let scope = scope.clone();
        let finish = finish.clone();
        let worker = std::rc::Rc::clone(&worker);
        move |delay: i32| {
            let Some(analysis) = worker.borrow().pending_analysis() else { return };
            let finish = finish.clone();
            let callback = Closure::once_into_js(move || finish(Some(analysis)));
            let _ = scope.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), delay);
        }
    };
    // The end of a drop's signature checks ([`step`], the helper's answer): its answer, then
    // the messages that waited.
    let finished = {
        let worker = std::rc::Rc::clone(&worker);
        let reply = reply.clone();
        let post_done = post_done.clone();
        let schedule = schedule.clone();
        move |checking: Box<certlens::ui::work::Checking>| {
            let (helped, pairs) = (checking.helped_pairs(), checking.pairs());
            let answer = worker.borrow_mut().finish_checking(*checking, &mut progress_poster(&reply));
            post_done(answer);
            // For ./x bench and the tests (the page ignores it): how many checks the helper made,
            // and its wasm memory.
            let stats = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&stats, &"helped".into(), &(helped as u32).into());
            let _ = js_sys::Reflect::set(&stats, &"pairs".into(), &(pairs as u32).into());
            // How long the helper took to start (ms; -1: it has not said "ready").
            let ready = HELP_STARTED.with(|t| t.get());
            let _ = js_sys::Reflect::set(&stats, &"helperReadyMs".into(), &(if ready.1 > 0.0 { ready.1 - ready.0 } else { -1.0 }).into());
            let _ = js_sys::Reflect::set(&stats, &"helperMemory".into(), &HELPER_MEMORY.with(std::cell::Cell::get).into());
            let _ = reply.post_message(&stats);
            if worker.borrow().has_pending() {
                schedule(certlens::ui::work::SHOWN_WAIT_MS);
            }
            later(0, drain);
        }
    };
    FINISHED.with(|f| *f.borrow_mut() = Some(std::rc::Rc::new(finished)));
    // Set by the first job or task: the warm-up stops.
    let asked = std::rc::Rc::new(std::cell::Cell::new(false));
    let on_message = {
        let asked = std::rc::Rc::clone(&asked);
        let scope = scope.clone();
        move |data: JsValue| {
            // The page has painted an analysis: a first answer's final one now, or a final
            // answer's answers one change away (neither takes the CPU from the page's rendering).
            if data.as_string().as_deref() == Some(certlens::ui::work::SHOWN) {
                if worker.borrow().has_pending() {
                    schedule(0);
                } else {
                    near();
                }
                return;
            }
            asked.set(true);
            let get = |key: &str| js_sys::Reflect::get(&data, &JsValue::from_str(key)).ok();
            let bytes = |v: Option<JsValue>| v.and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok()).map(|a| a.to_vec());
            // A task (link, export, ASN.1 tree, a card's detail): `{ task: bytes, id }` →
            // `{ task: id, text | bytes | error }`.
            if let Some(task) = bytes(get("task")) {
                let answer = js_sys::Object::new();
                let set = |key: &str, value: &JsValue| {
                    let _ = js_sys::Reflect::set(&answer, &JsValue::from_str(key), value);
                };
                set("task", &get("id").unwrap_or(JsValue::NULL));
                // An export or a link is made from the final analysis.
                if worker.borrow().has_pending() && certlens::ui::work::Worker::task_needs_final(&task) {
                    finish(None);
                }
                match worker.borrow().task(&task) {
                    certlens::ui::work::TaskAnswer::Text(text) => set("text", &JsValue::from_str(&text)),
                    certlens::ui::work::TaskAnswer::Bytes(bytes) => set("bytes", &js_sys::Uint8Array::from(bytes.as_slice())),
                    certlens::ui::work::TaskAnswer::Failed(why) => set("error", &JsValue::from_str(&why)),
                }
                let _ = reply.post_message(&answer);
                return;
            }
            let job = bytes(get("job")).unwrap_or_default();
            let files = get("files").filter(|v| v.is_object()).map(|arrays| {
                let heads: Vec<certlens::ui::work::FileHead> =
                    bytes(get("heads")).and_then(|h| certlens::ui::wire::decode(&h).ok()).unwrap_or_default();
                let arrays: js_sys::Array = arrays.unchecked_into();
                reserve_for(&arrays);
                heads
                    .into_iter()
                    .zip(arrays.iter())
                    .map(|(head, bytes)| certlens::InputFile {
                        name: head.name,
                        bytes: file_bytes(&bytes),
                        password: head.password,
                    })
                    .collect()
            });
            // A big drop's listing is posted first, before its analysis (see `Done::listing`).
            let begun = worker.borrow_mut().begin(&job, files, &mut progress_poster(&reply), &mut |posted| match posted {
                certlens::ui::work::Posted::Listing(listing) => post_done(listing),
                certlens::ui::work::Posted::Ahead(rows) => post_ahead(&reply, &rows),
            });
            match begun {
                certlens::ui::work::Begun::Answer(answer) => {
                    post_done(answer);
                    if worker.borrow().last_predicted() {
                        near();
                    }
                    // A first answer: the final one once the page says it has painted it, or
                    // after SHOWN_WAIT_MS whatever it says (whichever comes first runs it; the
                    // other finds nothing pending).
                    if worker.borrow().has_pending() {
                        schedule(certlens::ui::work::SHOWN_WAIT_MS);
                    }
                }
                certlens::ui::work::Begun::Checking(checking) => {
                    CHECKING.with(|c| *c.borrow_mut() = Some(checking));
                    start_helper(&scope);
                    later(0, step);
                }
            }
        }
    };
    let on_message: Handler = std::rc::Rc::new(on_message);
    HANDLE.with(|h| *h.borrow_mut() = Some(std::rc::Rc::clone(&on_message)));
    let deliver = move |data: JsValue| {
        // A drop's signatures are being checked: the message waits its turn.
        if CHECKING.with(|c| c.borrow().is_some()) {
            QUEUE.with(|q| q.borrow_mut().push_back(data));
            return;
        }
        on_message(data);
    };
    listen(&scope, deliver);
    // Warm up while no file has come yet (see `certlens::ui::work::warm_up`). The first round
    // waits a little: a job the page posted as the worker started comes right after it.
    warm_up(scope, asked, 0, js_sys::Date::now(), WARM_UP_DELAY_MS, js_sys::Array::new());
}

/// Post rows sent ahead of a listing (`RowsAhead`, in the wire format) as `{ ahead: bytes }`,
/// the buffer transferred.
#[cfg(target_arch = "wasm32")]
fn post_ahead(reply: &web_sys::DedicatedWorkerGlobalScope, rows: &[u8]) {
    let bytes = js_sys::Uint8Array::from(rows);
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"ahead".into(), &bytes);
    let _ = reply.post_message_with_transfer(&message, &js_sys::Array::of1(&bytes.buffer()));
}

/// The helper's name (`self.name` in it): the same script, which then only checks signatures.
#[cfg(target_arch = "wasm32")]
const HELPER: &str = "certlens-helper";
/// This worker checks signatures for this long, then lets waiting events in (ms): a timer
/// chained from a timer waits at least 4 ms, so each turn is long enough to make that little.
#[cfg(target_arch = "wasm32")]
const STEP_MS: f64 = 100.0;
/// A handed-off batch not answered this long after this worker's own part is done is given up
/// on (the analysis checks those signatures itself) (ms).
#[cfg(target_arch = "wasm32")]
const HELPER_WAIT_MS: i32 = 30_000;
/// The helper takes a share of the checks left only while at least this many are left.
#[cfg(target_arch = "wasm32")]
const HAND_OFF_FROM: usize = 64;

#[cfg(target_arch = "wasm32")]
type Handler = std::rc::Rc<dyn Fn(wasm_bindgen::JsValue)>;

#[cfg(target_arch = "wasm32")]
type Finisher = std::rc::Rc<dyn Fn(Box<certlens::ui::work::Checking>)>;

#[cfg(target_arch = "wasm32")]
thread_local! {
    /// The page's messages are handled by this.
    static HANDLE: std::cell::RefCell<Option<Handler>> = const { std::cell::RefCell::new(None) };
    /// A drop whose signatures are being checked, if one is.
    static CHECKING: std::cell::RefCell<Option<Box<certlens::ui::work::Checking>>> = const { std::cell::RefCell::new(None) };
    /// Its answer is made and posted by this.
    static FINISHED: std::cell::RefCell<Option<Finisher>> = const { std::cell::RefCell::new(None) };
    /// The page's messages that came while it was: handled in order after it.
    static QUEUE: std::cell::RefCell<std::collections::VecDeque<wasm_bindgen::JsValue>> = const { std::cell::RefCell::new(std::collections::VecDeque::new()) };
    /// When progress was last posted, or an analysis started (ms).
    static LAST_PROGRESS: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
    /// The helper's wasm memory after its last answer (bytes).
    static HELPER_MEMORY: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
    /// When the helper was started, and when it said "ready" (ms).
    static HELP_STARTED: std::cell::Cell<(f64, f64)> = const { std::cell::Cell::new((0.0, 0.0)) };
    /// The helper, once started; whether it said "ready"; whether it failed.
    static HELP: std::cell::RefCell<(Option<web_sys::Worker>, bool, bool)> = const { std::cell::RefCell::new((None, false, false)) };
}

/// Run `f` in a task of its own after `ms` milliseconds.
#[cfg(target_arch = "wasm32")]
fn later(ms: i32, f: impl FnOnce() + 'static) {
    use wasm_bindgen::JsCast;
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let callback = wasm_bindgen::closure::Closure::once_into_js(f);
    let _ = scope.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), ms);
}

/// Post the next batch of answers made ahead (`Worker::near_answers`), each in a task of its
/// own (a job that comes meanwhile waits for one batch at most), until all are made or a
/// drop's signatures are being checked.
#[cfg(target_arch = "wasm32")]
fn near_answers(worker: std::rc::Rc<std::cell::RefCell<certlens::ui::work::Worker>>, post: impl Fn(Vec<u8>) + Clone + 'static) {
    later(0, move || {
        if CHECKING.with(|c| c.borrow().is_some()) {
            return;
        }
        let made = worker.borrow_mut().near_answers();
        if let Some(bytes) = made {
            post(bytes);
            near_answers(worker, post);
        }
    });
}

/// Start the helper, once: its answers go to [`helped`]. A browser that refuses it leaves
/// every check to this worker.
#[cfg(target_arch = "wasm32")]
fn start_helper(scope: &web_sys::DedicatedWorkerGlobalScope) {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    if HELP.with(|h| h.borrow().0.is_some() || h.borrow().2) {
        return;
    }
    let href = js_sys::Reflect::get(scope, &"location".into()).and_then(|l| js_sys::Reflect::get(&l, &"href".into())).ok().and_then(|h| h.as_string());
    let options = web_sys::WorkerOptions::new();
    options.set_name(HELPER);
    let Some(helper) = href.and_then(|href| web_sys::Worker::new_with_options(&href, &options).ok()) else {
        HELP.with(|h| h.borrow_mut().2 = true);
        return;
    };
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|e: web_sys::MessageEvent| {
        let data = e.data();
        if data.as_string().as_deref() == Some("ready") {
            HELP.with(|h| h.borrow_mut().1 = true);
            HELP_STARTED.with(|t| t.set((t.get().0, js_sys::Date::now())));
        } else if let Some(answer) = data.dyn_ref::<js_sys::Uint8Array>() {
            helped(Ok(&answer.to_vec()));
        } else if let Some(bytes) = data.as_f64() {
            HELPER_MEMORY.with(|m| m.set(bytes));
        }
    });
    helper.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|_: web_sys::Event| {
        HELP.with(|h| h.borrow_mut().2 = true);
        helped(Err(None));
    });
    helper.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    HELP.with(|h| h.borrow_mut().0 = Some(helper));
    HELP_STARTED.with(|t| t.set((js_sys::Date::now(), 0.0)));
}

/// One turn of a drop's signature checks: hand the helper its share when it is ready, check
/// for [`STEP_MS`], then the next turn, or wait for the helper's answer, or finish.
#[cfg(target_arch = "wasm32")]
fn step() {
    let Some(mut checking) = CHECKING.with(|c| c.borrow_mut().take()) else { return };
    let helper = HELP.with(|h| {
        let h = h.borrow();
        h.0.clone().filter(|_| h.1 && !h.2)
    });
    if let Some(helper) = helper {
        if let Some(batch) = checking.hand_off(HAND_OFF_FROM) {
            let batch = js_sys::Uint8Array::from(batch.as_slice());
            let transfer = js_sys::Array::of1(&batch.buffer());
            if helper.post_message_with_transfer(&batch, &transfer).is_err() {
                checking.helper_failed();
            }
        }
    }
    let start = js_sys::Date::now();
    let mut own_done = checking.check(16);
    while !own_done && js_sys::Date::now() - start < STEP_MS {
        own_done = checking.check(16);
    }
    post_progress(&wasm_bindgen::JsCast::unchecked_into(js_sys::global()), checking.progress());
    if checking.is_done() {
        return finish(checking);
    }
    let waiting = checking.handed();
    CHECKING.with(|c| *c.borrow_mut() = Some(checking));
    if own_done {
        // The helper's answer finishes it (or, if it never comes, this).
        later(HELPER_WAIT_MS, move || helped(Err(waiting)));
    } else {
        later(0, step);
    }
}

/// The helper's answer; `Err(None)`: it failed; `Err(Some(batch))`: it took too long to
/// answer that batch (if it is still the one handed). The drop's checks finish when this
/// worker's own part is done too.
#[cfg(target_arch = "wasm32")]
fn helped(answer: Result<&[u8], Option<u32>>) {
    let Some(mut checking) = CHECKING.with(|c| c.borrow_mut().take()) else { return };
    match answer {
        Ok(answer) => checking.helped(answer),
        Err(None) => checking.helper_failed(),
        Err(Some(batch)) if checking.handed() == Some(batch) => checking.helper_failed(),
        Err(Some(_)) => {}
    }
    if checking.is_done() {
        return finish(checking);
    }
    CHECKING.with(|c| *c.borrow_mut() = Some(checking));
}

#[cfg(target_arch = "wasm32")]
fn finish(checking: Box<certlens::ui::work::Checking>) {
    if let Some(finished) = FINISHED.with(|f| f.borrow().clone()) {
        finished(checking);
    }
}

/// The page's messages that waited for a drop's checks, in order, until one starts checks again.
#[cfg(target_arch = "wasm32")]
fn drain() {
    let Some(handle) = HANDLE.with(|h| h.borrow().clone()) else { return };
    while CHECKING.with(|c| c.borrow().is_none()) {
        let Some(next) = QUEUE.with(|q| q.borrow_mut().pop_front()) else { return };
        handle(next);
    }
}

/// Post how far an analysis is to the page, as a plain object `{ stage, done, total }`
/// (`certlens::analysis::Progress` by serde-wasm-bindgen), at most every 150 ms since the last
/// post or the last [`progress_poster`].
#[cfg(target_arch = "wasm32")]
fn post_progress(reply: &web_sys::DedicatedWorkerGlobalScope, p: certlens::ui::work::Progress) {
    let now = js_sys::Date::now();
    if now - LAST_PROGRESS.with(std::cell::Cell::get) < 150.0 {
        return;
    }
    LAST_PROGRESS.with(|l| l.set(now));
    if let Ok(value) = serde_wasm_bindgen::to_value(&p) {
        let _ = reply.post_message(&value);
    }
}

/// The helper: checks the batches of signatures it is sent ([`certlens::ui::work::check_batch`]),
/// answering each with its checks (a `Uint8Array` whose buffer is transferred).
#[cfg(target_arch = "wasm32")]
fn helper(scope: web_sys::DedicatedWorkerGlobalScope) {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    let reply = scope.clone();
    let check = move |data: JsValue| {
        let Some(batch) = data.dyn_ref::<js_sys::Uint8Array>().map(js_sys::Uint8Array::to_vec) else { return };
        let answer = js_sys::Uint8Array::from(certlens::ui::work::check_batch(&batch).as_slice());
        // Its wasm memory (it only grows), for the worker's figures: before the answer, which
        // may be the last.
        let _ = reply.post_message(&wasm_memory_bytes().into());
        let transfer = js_sys::Array::of1(&answer.buffer());
        let _ = reply.post_message_with_transfer(&answer, &transfer);
    };
    // (The worker posts batches after "ready": none come early, but one would not be lost.)
    listen(&scope, check);
}

/// Handle the messages to this worker with `handle`, say "ready", then hand `handle` the
/// messages that came while the wasm loaded, in order: the loader (written by
/// scripts/csp_bootstrap.py) keeps them in `self.certlensEarly` until now (the page posts
/// without waiting for "ready").
#[cfg(target_arch = "wasm32")]
fn listen(scope: &web_sys::DedicatedWorkerGlobalScope, handle: impl Fn(wasm_bindgen::JsValue) + 'static) {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    let key = JsValue::from_str("certlensEarly");
    let early = js_sys::Reflect::get(scope, &key).ok().and_then(|e| e.dyn_into::<js_sys::Array>().ok());
    let _ = js_sys::Reflect::delete_property(scope, &key);
    let handle = std::rc::Rc::new(handle);
    let on_message = {
        let handle = std::rc::Rc::clone(&handle);
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| handle(e.data()))
    };
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str("ready"));
    for data in early.iter().flat_map(js_sys::Array::iter) {
        handle(data);
    }
}

/// The warm-up's first round waits this long after "ready" (ms).
#[cfg(target_arch = "wasm32")]
const WARM_UP_DELAY_MS: i32 = 50;
/// At most this many warm-up rounds …
#[cfg(target_arch = "wasm32")]
const WARM_UP_ROUNDS: usize = 16;
/// … started within this many milliseconds of the first.
#[cfg(target_arch = "wasm32")]
const WARM_UP_MS: f64 = 1500.0;

/// One round of the warm-up in a task of its own, then the next, until a job or a task has
/// come, [`WARM_UP_ROUNDS`] rounds ran or [`WARM_UP_MS`] passed; then `{ warmed: rounds, ms,
/// each: [ms of each round] }` is posted (the page ignores it; the benchmark reads it).
#[cfg(target_arch = "wasm32")]
fn warm_up(scope: web_sys::DedicatedWorkerGlobalScope, asked: std::rc::Rc<std::cell::Cell<bool>>, round: usize, start: f64, delay: i32, each: js_sys::Array) {
    use wasm_bindgen::JsCast;
    let next = {
        let scope = scope.clone();
        move || {
            let now = js_sys::Date::now();
            if asked.get() || round >= WARM_UP_ROUNDS || now - start > WARM_UP_MS {
                let done = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&done, &"warmed".into(), &(round as u32).into());
                let _ = js_sys::Reflect::set(&done, &"ms".into(), &(now - start).into());
                let _ = js_sys::Reflect::set(&done, &"each".into(), &each);
                let _ = scope.post_message(&done);
                return;
            }
            let samples = [
                certlens::InputFile::new("fullchain.pem", include_bytes!("../../tests/fixtures/chain/fullchain.pem").to_vec()),
                certlens::InputFile::new("roots10.pem", include_bytes!("../../tests/fixtures/truststore/roots10.pem").to_vec()),
            ];
            certlens::ui::work::warm_up(&samples, round, (now / 1000.0) as i64);
            each.push(&(js_sys::Date::now() - now).into());
            warm_up(scope, asked, round + 1, start, 0, each);
        }
    };
    let callback = wasm_bindgen::closure::Closure::once_into_js(next);
    let _ = scope.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), delay);
}

/// A file's bytes as the page sent them: a transferred `Uint8Array`, or a dropped or picked
/// file (a `Blob`) read here, synchronously (this is a worker). An unreadable file
/// (permissions, removed meanwhile) is empty: the core reports it for that file.
#[cfg(target_arch = "wasm32")]
fn file_bytes(value: &wasm_bindgen::JsValue) -> Vec<u8> {
    use wasm_bindgen::JsCast;
    if let Some(array) = value.dyn_ref::<js_sys::Uint8Array>() {
        return array.to_vec();
    }
    let Some(blob) = value.dyn_ref::<web_sys::Blob>() else { return Vec::new() };
    web_sys::FileReaderSync::new()
        .and_then(|reader| reader.read_as_array_buffer(blob))
        .map(|buffer| js_sys::Uint8Array::new(&buffer).to_vec())
        .unwrap_or_default()
}

/// Grow the wasm memory once for a drop of these files (`Uint8Array`s or `Blob`s): room for
/// [`RESERVE_PER_BYTE`] times their size is allocated and freed, so that the allocator keeps it
/// as free memory. Else the memory grows 64 KiB at a time as the files are decoded and listed,
/// and a few of those hundreds of grows each hold the worker for milliseconds (a Chrome trace
/// of a cold 10,000-leaf drop: 3.9 and 6.5 ms).
#[cfg(target_arch = "wasm32")]
fn reserve_for(files: &js_sys::Array) {
    use wasm_bindgen::JsCast;
    let size: f64 = files
        .iter()
        .map(|f| match f.dyn_ref::<js_sys::Uint8Array>() {
            Some(a) => f64::from(a.length()),
            None => f.dyn_ref::<web_sys::Blob>().map_or(0.0, web_sys::Blob::size),
        })
        // The page cuts a file over the size limit one byte past it (`ui::dom::keep_files`);
        // what arrives bigger anyway is not analysed past the limit.
        .map(|size| size.min(certlens::input::MAX_FILE_SIZE as f64))
        .sum();
    let want = (size * RESERVE_PER_BYTE).min(RESERVE_MAX) as usize;
    let mut room: Vec<u8> = Vec::new();
    if room.try_reserve_exact(want).is_ok() {
        std::hint::black_box(&mut room);
    }
}

/// How much memory a drop is given at once, per byte of its files (a 10,000-leaf drop's
/// analysis reaches ~8 times: 105 MB for 12.5 MB of PEM) …
#[cfg(target_arch = "wasm32")]
const RESERVE_PER_BYTE: f64 = 6.0;
/// … and at most (bytes).
#[cfg(target_arch = "wasm32")]
const RESERVE_MAX: f64 = 512.0 * 1024.0 * 1024.0;

/// This worker's wasm memory in bytes (it only grows: its high-water mark).
#[cfg(target_arch = "wasm32")]
fn wasm_memory_bytes() -> f64 {
    core::arch::wasm32::memory_size::<0>() as f64 * 65536.0
}

/// [`post_progress`] for an analysis starting now: the first post comes after 150 ms (a small
/// drop sends none).
#[cfg(target_arch = "wasm32")]
fn progress_poster(reply: &web_sys::DedicatedWorkerGlobalScope) -> impl FnMut(certlens::ui::work::Progress) + '_ {
    LAST_PROGRESS.with(|l| l.set(js_sys::Date::now()));
    move |p| post_progress(reply, p)
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("certlens-worker is the web app's analysis worker: run ./x serve");
}
