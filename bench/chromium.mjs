// Figures in headless Chromium, not a test (./x bench runs it; by hand:
// node bench/chromium.mjs DEBIAN.pem TENK.pem PEERS.js [RUNS]).
//
// Each run is a fresh page (new browser context) on the release build in dist/, served on
// 127.0.0.1 (tests/e2e/serve.py). Per bundle: navigation → ready (body[data-ready]), drop →
// rendered (from the drop event to the first frame after the worker's answer is on the page),
// the longest main-thread task and the total blocking time (sum of the part of each long
// task over 50 ms) from the drop to then, the page's JS heap afterwards (CDP JSHeapUsedSize:
// the page only; the worker's wasm memory apart: its size after the final answer, which the
// worker posts, the high-water mark of the analysis), and a settings change (revocation off:
// from the change event to the first frame after the answer, once the final answer is in).
// "Drop → rendered" is the worker's first answer (listed, filterable, with chains; for a drop
// with more than 8 roots, DEFER_ROOTS_ABOVE, the roots' own signatures are then still being
// checked: "Checking the roots' own signatures…"); "drop → final" the answer with every
// signature checked (the full analysis, as the CLI's; for fewer roots the same answer). Where the time goes:
// the page's Worker is wrapped to time its start, its "ready" (fetch, compile, instantiate),
// the job posted, each answer's arrival (analysis, encoding and transfer in the worker) and
// the frame after it (decoding and rendering on the page). Cold: dragenter and drop back to
// back, as a real drop that was not announced (the worker's start, fetch and compile are then
// inside the figure); warm: dragenter (which starts the worker), then the drop 500 ms later
// (CERTLENS_BENCH_DRAG_MS), about as long as a user's drag takes from the window's edge to
// the drop zone: the worker starts, compiles and warms up meanwhile (`work::warm_up`: it
// analyses a few built-in certificates until the first job, so that V8 has compiled the hot
// functions with TurboFan; the rounds it managed are printed). A single
// chain (tests/fixtures/chain/fullchain.pem, 3 certificates) is measured too (settings change
// target ≤ 16 ms). Then, in the same kind of
// page, @peculiar/x509 and pkijs (bench/peers.js, bundled by esbuild) parse the same bundle
// and read subject, issuer, validity, SAN, EKU, CDP and AIA. Peers run interleaved with
// certlens (one of each per run). Prints min and median; the last line is JSON.
// "Drop → listed": the first frame with certificate rows; a big drop (worker's LIST_FROM_BYTES)
// is listed by the worker before its analysis (rows with "Checking…"), a small one with its answer.
// CERTLENS_BENCH_NO_PEERS=1 measures certlens alone (a quick look; the peers' lines say n/a).

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { startServer, launchBrowser, DIST } from '../tests/e2e/lib.mjs';

const [debianPath, tenkPath, peersPath, runsArg, issuersPath] = process.argv.slice(2);
const RUNS = Number(runsArg ?? 5);
const NO_PEERS = process.env.CERTLENS_BENCH_NO_PEERS === '1';
// CERTLENS_BENCH_ONLY=tenk_issuers (a bundle's key, or several, comma-separated): only those (a quick look).
const ONLY = process.env.CERTLENS_BENCH_ONLY ? process.env.CERTLENS_BENCH_ONLY.split(',') : null;
const DRAG_MS = Number(process.env.CERTLENS_BENCH_DRAG_MS ?? 500);
const peersJs = NO_PEERS ? '' : readFileSync(peersPath, 'utf8');

const INIT = () => {
  window.__longtasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longtasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  // The progress bar's updates after the drop (its `value`): how often the page showed how far
  // the worker is.
  window.__progress = 0;
  new MutationObserver((list) => {
    for (const m of list) if (m.target.matches?.('progress[data-testid=progress]')) window.__progress += 1;
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['value'], childList: false });
  // Drop → rendered and → final, timed in the page as the settings change is: the moment the
  // answer's DOM is in (main's data-analyses moves and data-busy is gone; for final, data-checking
  // too), then the first frame after it. Timed from the harness (polling the page, then a round
  // trip for the frame) they carried 36–101 ms of the harness's own on a cold Debian drop, while
  // the worker still had both cores (docs/performance.md, "twenty-fifth session").
  const answered = (key, ready) => {
    const mo = new MutationObserver(() => {
      const main = document.querySelector('main[data-analyses]');
      if (window.__t0 === undefined || !main || !ready(main)) return;
      mo.disconnect();
      const dom = performance.now();
      window[`__${key}Dom`] = dom - window.__t0;
      requestAnimationFrame(() => setTimeout(() => { window[`__${key}`] = performance.now() - window.__t0; }, 0));
    });
    mo.observe(document, { subtree: true, attributes: true, attributeFilter: ['data-analyses', 'data-busy', 'data-checking'] });
  };
  answered('rendered', (m) => Number(m.dataset.analyses) > 0 && !m.hasAttribute('data-busy'));
  answered('final', (m) => Number(m.dataset.analyses) > 0 && !m.hasAttribute('data-busy') && !m.hasAttribute('data-checking'));
  addEventListener('drop', () => {
    window.__t0 = performance.now();
    // Drop → listed: the first frame with a certificate row on the page (a big drop's listing,
    // else the answer).
    const look = () => {
      if (document.querySelector('[data-testid=cert-row]')) window.__listed = performance.now();
      else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  }, true);
  // trunk's loader announces the page's wasm instance: its memory is counted apart from the JS heap.
  addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail?.wasm; });
  addEventListener('change', () => { window.__t1 = performance.now(); }, true);
  // Timing of the analysis worker, from the page's side.
  window.__w = { answers: [] };
  const W = window.Worker;
  window.Worker = class extends W {
    constructor(...args) {
      super(...args);
      window.__w.created = performance.now();
      // Registered before the page's own `onmessage`: heard first.
      this.addEventListener('message', (e) => {
        const t = performance.now();
        if (e.data === 'ready') window.__w.ready = t;
        // The answer's last byte is `Done::listing` (the wire's last field): a big drop's listing.
        else if (e.data instanceof Uint8Array) window.__w.answers.push([t, e.data.byteLength, e.data[e.data.byteLength - 1] === 1]);
        // The worker's warm-up ended: rounds run before the first job (or its budget).
        else if (e.data && e.data.warmed !== undefined) window.__w.warmed = e.data.warmed;
        // After each answer, the worker's wasm memory (it only grows: its high-water mark).
        else if (e.data && e.data.memory !== undefined) window.__w.memory = e.data.memory;
        // A big drop's signatures checked on two cores: how many of them the helper checked.
        else if (e.data && e.data.helped !== undefined) window.__w.helped = [e.data.helped, e.data.pairs, e.data.helperReadyMs, e.data.helperMemory];
      });
    }
    postMessage(m, ...rest) {
      if (m && m.job && window.__w.posted === undefined) window.__w.posted = performance.now();
      return super.postMessage(m, ...rest);
    }
  };
};


async function freshPage(browser, url, opts = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...opts });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.addInitScript(INIT);
  const t0 = Date.now();
  await page.goto(url);
  await page.waitForSelector('body[data-ready="1"]', { state: 'attached', timeout: 60000 });
  const navReady = await page.evaluate(() => performance.now());
  return { page, context, navReady, wall: Date.now() - t0 };
}

async function dropText(page, name, text) {
  const handle = await page.evaluateHandle(({ name, text }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], name, { type: 'application/x-pem-file' }));
    return dt;
  }, { name, text });
  for (const type of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent('[data-testid=dropzone]', type, { dataTransfer: handle });
  await handle.dispose();
}

async function dropTextWarm(page, name, text) {
  // The worker starts with the drag entering the page; the drop follows DRAG_MS later, as a
  // user's drag would.
  await page.dispatchEvent('[data-testid=dropzone]', 'dragenter', {});
  await page.waitForTimeout(DRAG_MS);
  await dropText(page, name, text);
}

async function certlensRun(browser, url, path, { warm = false } = {}) {
  const text = readFileSync(path, 'utf8');
  const { page, context, navReady } = await freshPage(browser, url);
  await (warm ? dropTextWarm : dropText)(page, basename(path), text);
  const rendered = await page.waitForFunction(() => window.__rendered, null, { timeout: 600000, polling: 20 }).then((h) => h.jsonValue());
  const w = await page.evaluate(() => ({ ...window.__w, t0: window.__t0, listed: window.__listed }));
  // The final answer (the roots' own signatures checked), when the first was not final.
  const final = await page.waitForFunction(() => window.__final, null, { timeout: 600000, polling: 20 }).then((h) => h.jsonValue());
  // The warm-up's rounds: posted once its next round finds the job came (after the answer).
  const warmed = await page.waitForFunction(() => window.__w.warmed, null, { timeout: 3000, polling: 20 }).then((h) => h.jsonValue()).catch(() => null);
  const listing = w.answers.find((a) => a[2]);
  const answer = w.answers.find((a) => !a[2]);
  const first = answer?.[0];
  const phases = {
    listing: listing ? listing[0] - Math.max(w.posted, w.ready) : null, // in the worker: decoding, the rows, encoding, transfer
    listing_page: listing ? w.listed - listing[0] : null, // on the page: decoding the rows, rendering the list
    listing_kb: listing ? listing[1] / 1024 : null,
    start: w.created - w.t0, // the drop read and the job made, up to the worker's start (warm: before the drop: negative)
    ready: w.ready - Math.max(w.created, w.t0), // fetch, compile and instantiate (what of it is left after the drop)
    analysis: first - Math.max(w.posted, w.ready), // in the worker: analysis, page model, encoding, transfer
    page: w.t0 + rendered - first, // on the page: decoding, state, rendering, the frame
    answer_kb: (answer?.[1] ?? 0) / 1024,
  };
  const tasks = await page.evaluate(() => window.__longtasks.filter(([s]) => s >= window.__t0 - 1));
  const longest = Math.max(0, ...tasks.map(([, d]) => d));
  const blocked = tasks.reduce((a, [, d]) => a + Math.max(0, d - 50), 0);
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
  await cdp.send('Performance.enable');
  const metrics = (await cdp.send('Performance.getMetrics')).metrics;
  const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  const rows = await page.evaluate(() => document.querySelectorAll('[data-testid=cert-row]').length);
  // How many certificates the page lists (the filter line: "10,000 certificates", grouped since
  // 95d0bd9; rows are paged).
  const listed = await page.evaluate(() => Number(document.querySelector('[data-testid=cert-filter-count]')?.textContent.match(/\d[\d,]*/)?.[0].replaceAll(',', '') ?? 0) || null);
  const wasm = await page.evaluate(() => window.__wasm?.memory?.buffer?.byteLength ?? null);
  const workerWasm = await page.evaluate(() => window.__w.memory ?? null);
  // A settings change: revocation checking off (the worker redoes the prediction only).
  let settings = null;
  let settingsDom = null;
  if (await page.$('#set-revocation')) {
    // Timed in the page, from the change event to the first frame after the answer is on
    // the page (main's data-answers moves: a settings change shows no busy state unless it
    // takes over 100 ms): polling from here and a second round trip for the frame added
    // 10-40 ms of the harness's own to a change that takes one or two frames.
    const wait = page.evaluate(() => new Promise((resolve) => {
      const main = document.querySelector('main');
      const before = Number(main.dataset.answers);
      let dom;
      const mo = new MutationObserver(() => {
        if (Number(main.dataset.answers) <= before || main.hasAttribute('data-busy')) return;
        mo.disconnect();
        // On the page: the answer's DOM is in (this callback runs right after the render that
        // put it there).
        dom = performance.now() - window.__t1;
      });
      mo.observe(main, { attributes: true, attributeFilter: ['data-answers', 'data-busy'] });
      // Painted: the first frame after that (the wait for the display's next frame adds up to
      // 16.7 ms at 60 Hz, ~8 on average), then a task: the frame's work is done. The frame
      // callback is asked for each frame from before the change, so that it runs before any
      // the page asks for while rendering the answer, and its task before theirs: work the
      // page leaves until after the paint (the sections below the verdict) is not counted.
      const frame = () => {
        if (dom === undefined) requestAnimationFrame(frame);
        else setTimeout(() => resolve({ dom, painted: performance.now() - window.__t1 }), 0);
      };
      requestAnimationFrame(frame);
    }));
    await page.selectOption('#set-revocation', 'off');
    ({ dom: settingsDom, painted: settings } = await wait);
  }
  const progress = await page.evaluate(() => window.__progress);
  const errors = page.errors;
  await context.close();
  const helped = w.helped ?? null;
  return { helped, progress, navReady, warmed, listedMs: w.listed === undefined ? null : w.listed - w.t0, rendered, final, phases, longest, blocked, heapMb: heap / 1048576, wasmMb: wasm === null ? null : wasm / 1048576, workerWasmMb: workerWasm === null ? null : workerWasm / 1048576, rows, listed, settings, settingsDom, errors };
}

async function peerRun(browser, url, path, which) {
  if (NO_PEERS) return { ms: null, n: null };
  const text = readFileSync(path, 'utf8');
  const { page, context } = await freshPage(browser, url, { bypassCSP: true });
  await page.addScriptTag({ content: peersJs });
  const r = await page.evaluate(({ text, which }) => {
    const t0 = performance.now();
    const n = globalThis.certlensPeers[which](text);
    return { ms: performance.now() - t0, n };
  }, { text, which });
  await context.close();
  return r;
}

const stats = (xs) => {
  const s = xs.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  if (!s.length) return { min: null, median: null };
  return { min: s[0], median: s[Math.floor((s.length - 1) / 2)] };
};
const fmt = (x, unit = 'ms') => (x === null ? 'n/a' : `${Math.round(x).toLocaleString('en')} ${unit}`);

const server = await startServer(DIST);
const browser = await launchBrowser();
const result = {};
try {
  const chainPath = new URL('../tests/fixtures/chain/fullchain.pem', import.meta.url).pathname;
  // With their issuers (the 4 CAs): every signature checked in the worker; cold only, no peers
  // (they parse the same certificates as the leaves' run).
  const bundles = [['chain', chainPath, RUNS], ['debian', debianPath, RUNS], ['tenk', tenkPath, Math.min(RUNS, 3)]];
  if (issuersPath) bundles.push(['tenk_issuers', issuersPath, Math.min(RUNS, 3)]);
  for (const [key, path, runs] of bundles) {
    if (ONLY && !ONLY.includes(key)) continue;
    const c = [];
    const warm = [];
    const pec = [];
    const pki = [];
    for (let i = 0; i < runs; i++) {
      c.push(await certlensRun(browser, server.url, path));
      if (key === 'tenk_issuers') continue;
      warm.push(await certlensRun(browser, server.url, path, { warm: true }));
      if (key === 'chain') continue;
      pec.push(await peerRun(browser, server.url, path, 'peculiar'));
      pki.push(await peerRun(browser, server.url, path, 'pkijs'));
    }
    if (!pec.length) pec.push({ ms: null, n: null });
    if (!pki.length) pki.push({ ms: null, n: null });
    const phase = (k) => stats(c.map((x) => x.phases[k]));
    const r = {
      certificates: pec[0].n ?? c[0].listed ?? c[0].rows,
      rows: c[0].rows,
      nav_ready: stats(c.map((x) => x.navReady)),
      listed: stats(c.map((x) => x.listedMs)),
      rendered: stats(c.map((x) => x.rendered)),
      final: stats(c.map((x) => x.final)),
      warm_listed: stats(warm.map((x) => x.listedMs)),
      warm_rendered: stats(warm.map((x) => x.rendered)),
      warm_up_rounds: stats(warm.map((x) => x.warmed)),
      warm_final: stats(warm.map((x) => x.final)),
      phases: { listing: phase('listing'), listing_page: phase('listing_page'), listing_kb: phase('listing_kb'), start: phase('start'), ready: phase('ready'), analysis: phase('analysis'), page: phase('page'), answer_kb: phase('answer_kb') },
      longest_task: stats(c.map((x) => x.longest)),
      blocked: stats(c.map((x) => x.blocked)),
      heap_mb: stats(c.map((x) => x.heapMb)),
      page_wasm_mb: stats(c.map((x) => x.wasmMb)),
      worker_wasm_mb: stats(c.map((x) => x.workerWasmMb)),
      settings: stats(c.map((x) => x.settings)),
      settings_dom: stats(c.map((x) => x.settingsDom)),
      progress_updates: stats(c.map((x) => x.progress)),
      helped: stats(c.map((x) => x.helped?.[0])),
      helped_of: stats(c.map((x) => x.helped?.[1])),
      helper_ready: stats(c.map((x) => x.helped?.[2])),
      helper_wasm_mb: stats(c.map((x) => (x.helped?.[3] ? x.helped[3] / 1048576 : null))),
      peculiar: stats(pec.map((x) => x.ms)),
      pkijs: stats(pki.map((x) => x.ms)),
      errors: [...new Set(c.flatMap((x) => x.errors))],
      runs,
    };
    result[key] = r;
    console.log(`== ${basename(path)}: ${r.certificates} certificates, ${r.rows} rows listed (min / median of ${runs} fresh pages)`);
    console.log(`  navigation → ready         ${fmt(r.nav_ready.min)} / ${fmt(r.nav_ready.median)}`);
    console.log(`  drop → listed (cold)       ${fmt(r.listed.min)} / ${fmt(r.listed.median)}   (the first frame with certificate rows: a big drop's listing, else its answer)`);
    if (r.phases.listing.median !== null) console.log(`    the listing: in the worker (decode, rows, encode) ${fmt(r.phases.listing.median)}, page decode+render ${fmt(r.phases.listing_page.median)}; listing ${fmt(r.phases.listing_kb.median, 'KB')}`);
    console.log(`  drop → rendered (cold)     ${fmt(r.rendered.min)} / ${fmt(r.rendered.median)}   (first answer: listed, chains built; with more than 8 roots, their own signatures still pending)`);
    console.log(`    of which: to worker start ${fmt(r.phases.start.median)}, worker fetch+compile+start ${fmt(r.phases.ready.median)}, analysis+encode in the worker ${fmt(r.phases.analysis.median)}, page decode+render ${fmt(r.phases.page.median)}; answer ${fmt(r.phases.answer_kb.median, 'KB')}`);
    console.log(`  drop → final (cold)        ${fmt(r.final.min)} / ${fmt(r.final.median)}   (every signature checked: the CLI's answer; progress bar updated ${r.progress_updates.median ?? 0} times)`);
    if (r.helped.median !== null) console.log(`    signatures checked on two cores: the helper worker checked ${fmt(r.helped.median, '')}of ${fmt(r.helped_of.median, '')}pairs (median), ready ${fmt(r.helper_ready.median)} after it was started; its wasm memory ${fmt(r.helper_wasm_mb.median, 'MB')}`);
    if (r.warm_rendered.min !== null) {
      console.log(`  drop → listed (warm)       ${fmt(r.warm_listed.min)} / ${fmt(r.warm_listed.median)}   (worker started by the dragenter ${DRAG_MS} ms before the drop; warm-up rounds before the job: ${r.warm_up_rounds.median ?? 'n/a'})`);
      console.log(`  drop → rendered (warm)     ${fmt(r.warm_rendered.min)} / ${fmt(r.warm_rendered.median)}; final ${fmt(r.warm_final.median)}`);
    }
    console.log(`  longest main-thread task   ${fmt(r.longest_task.min)} / ${fmt(r.longest_task.median)}   (total blocking ${fmt(r.blocked.median)})`);
    console.log(`  page JS heap after         ${fmt(r.heap_mb.min, 'MB')} / ${fmt(r.heap_mb.median, 'MB')}   (page wasm memory ${fmt(r.page_wasm_mb.median, 'MB')}; the worker's wasm memory ${fmt(r.worker_wasm_mb.min, 'MB')} / ${fmt(r.worker_wasm_mb.median, 'MB')}, its high-water mark)`);
    console.log(`  settings change            ${fmt(r.settings.min)} / ${fmt(r.settings.median)} painted; on the page ${fmt(r.settings_dom.min)} / ${fmt(r.settings_dom.median)}   (change event to the first frame after the answer / to the answer's DOM)`);
    // How many times faster certlens is, from its first rows (a big drop's listing: parsed, listed,
    // filterable, as the peers parse) and from its rendered answer (chains built too).
    const faster = (peer) => {
      const by = (mine) => (mine ? `${(peer / mine).toFixed(1)}×` : 'n/a');
      return r.listed.median !== r.rendered.median ? `certlens faster: ${by(r.listed.median)} listed, ${by(r.rendered.median)} rendered` : `certlens faster: ${by(r.rendered.median)} rendered`;
    };
    if (!NO_PEERS && r.peculiar.median !== null) console.log(`  @peculiar/x509 parse       ${fmt(r.peculiar.min)} / ${fmt(r.peculiar.median)}   (${faster(r.peculiar.median)})`);
    if (!NO_PEERS && r.pkijs.median !== null) console.log(`  pkijs parse                ${fmt(r.pkijs.min)} / ${fmt(r.pkijs.median)}   (${faster(r.pkijs.median)})`);
    if (r.errors.length) console.log(`  page errors: ${r.errors.join(' | ').slice(0, 400)}`);
  }
} finally {
  await browser.close();
  await server.stop();
}
console.log(JSON.stringify(result));
