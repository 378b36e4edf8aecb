// Shared helpers for the end-to-end tests (node --test tests/e2e/).
//
// A test file:
//
//   import { test, before, after } from 'node:test';
//   import { startApp, fixture, dropFiles, expectText } from './lib.mjs';
//   let app;
//   before(async () => { app = await startApp(); });
//   after(async () => { await app?.close(); });
//   test('my feature', async () => {
//     const page = await app.newPage();
//     await dropFiles(page, [fixture('chain/ee_client.cer')]);
//     ...
//   });
//
// The app is the release build in dist/ (tests/run-all.sh builds it first; by hand:
// `./x build`), served by tests/e2e/serve.py on a free loopback port. The browser is Debian's
// Chromium (/usr/bin/chromium) driven by playwright-core; it is never downloaded, and a missing
// Chromium is an error, never a skip.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const E2E_DIR = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(E2E_DIR, '..', '..');
export const FIXTURES = join(ROOT, 'tests', 'fixtures');
export const OUT_DIR = join(E2E_DIR, 'out');
export const DIST = process.env.CERTLENS_DIST ?? join(ROOT, 'dist');
export const CHROMIUM = process.env.CERTLENS_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // The embed tests host the app in an iframe on a routed public-looking origin
  // (http://wiki.example); Chromium's local-network-access checks would block that page
  // from framing the loopback server, as they would a real wiki framing a localhost app.
  '--disable-features=LocalNetworkAccessChecks,LocalNetworkAccessChecksForIframes,PrivateNetworkAccessForNavigations,PrivateNetworkAccessRespectPreflightResults,BlockInsecurePrivateNetworkRequests',
];

/** The UI contract (agreed with the UI): selectors the tests rely on. */
export const SEL = {
  ready: 'body[data-ready="1"]',
  dropzone: '[data-testid=dropzone]',
  fileInput: 'input[type=file][data-testid=file-input]',
  pasteInput: 'textarea[data-testid=paste-input]',
  pasteSubmit: 'button[data-testid=paste-submit]',
  card: '[data-testid=cert-card]',
  subject: '[data-testid=subject]',
  issuer: '[data-testid=issuer]',
  thumbprint: '[data-testid=thumbprint]',
  sha256: '[data-testid=sha256]',
  eku: '[data-testid=eku]',
  validity: '[data-testid=validity]',
  fileError: '[data-testid=file-error]',
  passwordInput: 'input[type=password][data-testid=password-input]',
  passwordSubmit: '[data-testid=password-submit]',
  keyStatus: '[data-testid=key-status]',
  hierarchy: '[data-testid=hierarchy]',
  // The verdict bar's outcome line: data-outcome is the server outcome (`200`, `403.13`,
  // `depends`, `trusted`, ...), or `ca-certificates` when only CA certificates were dropped.
  serverOutcome: '[data-testid=server-outcome]',
  verdictBar: '[data-testid=verdict-bar]',
  verdictChooser: 'select[data-testid=verdict-chooser]',
  verdictToggles: '[data-testid=verdict-toggles]',
  autoServerMode: '[data-testid=auto-server-mode]',
  // One per certificate: the list row (data-status) and the status badge (data-status).
  certRow: '[data-testid=cert-row]',
  certFilter: '[data-testid=cert-filter]',
  statusBadge: '[data-testid=status-badge]',
  checkThis: '[data-testid=check-this]',
  evalDate: 'input[data-testid=eval-date]',
  evalDateError: '[data-testid=eval-date-error]',
  findingGroups: '[data-testid=finding-groups]',
};

/** Absolute path of a fixture, e.g. fixture('chain/ee_client.cer'). */
export function fixture(rel) {
  return join(FIXTURES, rel);
}

/**
 * Serve `dist` with serve.py on a free loopback port. Resolves to { url, stop() }.
 * opts: { prefix: '/tools/certlens/', csp: true, log: '/path/requests.log',
 * frameAncestors: 'http://wiki.example' } (see serve.py).
 */
export async function startServer(dist = DIST, opts = {}) {
  assert.ok(
    existsSync(join(dist, 'index.html')),
    `${dist}/index.html does not exist: build the app first (./x build, or tests/run-all.sh e2e)`,
  );
  const extra = [];
  if (opts.prefix) extra.push('--prefix', opts.prefix);
  if (opts.csp) extra.push('--csp');
  if (opts.log) extra.push('--log', opts.log);
  if (opts.frameAncestors) extra.push('--frame-ancestors', opts.frameAncestors);
  const proc = spawn('python3', [join(E2E_DIR, 'serve.py'), dist, '0', ...extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((ok, fail) => {
    let buf = '';
    const timer = setTimeout(() => fail(new Error(`serve.py printed no URL in 15 s: ${buf}`)), 15000);
    proc.on('exit', (code) => fail(new Error(`serve.py exited (${code}) before serving: ${buf}`)));
    proc.stdout.on('data', (d) => {
      buf += d;
      const m = buf.match(/(http:\/\/127\.0\.0\.1:\d+\/\S*)/);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
  });
  return {
    url,
    stop: () =>
      new Promise((ok) => {
        if (proc.exitCode !== null) return ok();
        proc.once('exit', () => ok());
        proc.kill('SIGTERM');
      }),
  };
}

/** Launch Debian's Chromium, headless, with a fresh temporary profile (playwright's default). */
export async function launchBrowser() {
  assert.ok(
    existsSync(CHROMIUM),
    `${CHROMIUM} is missing: the end-to-end tests need Debian's chromium (./x setup installs it)`,
  );
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 60000 });
}

/**
 * Server + browser. `app.newPage(opts)` opens the app in a new context (opts go to
 * browser.newContext: colorScheme, viewport, ...), waits until it has mounted
 * (body[data-ready="1"]) and records page errors in `page.errors` (uncaught exceptions,
 * console.error: a wasm panic shows up there) and console warnings in `page.warnings`.
 */
export async function startApp(serverOpts = {}) {
  const server = await startServer(DIST, serverOpts);
  let browser;
  try {
    browser = await launchBrowser();
  } catch (e) {
    await server.stop();
    throw e;
  }
  return {
    url: server.url,
    browser,
    /** opts: browser.newContext options, plus `path` (appended to the app's URL: '?embed', '#cl1.…'). */
    async newPage({ path = '', ...opts } = {}) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...opts });
      const page = await context.newPage();
      page.errors = [];
      page.warnings = [];
      page.on('pageerror', (e) => page.errors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') page.errors.push(`console.error: ${m.text()}`);
        if (m.type() === 'warning') page.warnings.push(m.text());
      });
      await page.goto(server.url + path);
      await page.waitForSelector(SEL.ready, { state: 'attached', timeout: 30000 });
      return page;
    },
    async close() {
      await browser?.close();
      await server.stop();
    },
  };
}

function fileSpec(f) {
  const path = typeof f === 'string' ? f : f.path;
  const name = (typeof f === 'object' && f.name) || basename(path);
  const type = (typeof f === 'object' && f.type) || '';
  return { name, type, b64: readFileSync(path).toString('base64') };
}

/**
 * Drop files on the drop zone through real DOM drag events: a DataTransfer holding File objects
 * is built inside the page, then dragenter, dragover and drop are dispatched on `target`.
 * `files`: paths, or { path, name?, type? }.
 */
/** How many analyses the page has finished (`main[data-analyses]`; 0 before the app is up). */
async function analyses(page) {
  return page.evaluate(() => Number(document.querySelector('main[data-analyses]')?.dataset.analyses ?? 0));
}

/**
 * Wait until the page has finished an analysis after `before` and is not busy: the analysis
 * runs in a web worker, so results come after the drop, paste or pick, not with it. A first
 * answer that still checks the roots' own signatures (`main[data-checking]`) is waited out:
 * the final one is what the tests look at.
 */
export async function settled(page, before, timeout = 60000) {
  await page.waitForFunction((n) => {
    const main = document.querySelector('main[data-analyses]');
    return main && (Number(main.dataset.analyses) > n || main.querySelector('[data-testid=analysis-failed]'))
      && !main.hasAttribute('data-busy') && !main.hasAttribute('data-checking')
      // Sections below the first screen are rendered after the first paint (components/later.rs).
      && !main.querySelector('[data-later]');
  }, before, { timeout });
}

/**
 * Change a setting (`select`: a selector, `value`: the option) and wait for the worker's answer
 * on the page (`main[data-answers]` moves, and the sections below the verdict have it too): a
 * settings change keeps the previous answer on screen, with no busy state, until the new one comes.
 */
export async function chooseSetting(page, select, value) {
  const before = await page.evaluate(() => Number(document.querySelector('main').dataset.answers));
  await page.selectOption(select, value);
  // The sections below the verdict take a new answer after the page has painted the verdict
  // (components/later.rs): waited for too.
  await page.waitForFunction((n) => Number(document.querySelector('main').dataset.answers) > n && !document.querySelector('main[data-busy]')
    && !document.querySelector('main [data-later]'), before, { timeout: 15000 });
}

export async function dropFiles(page, files, target = SEL.dropzone) {
  const before = await analyses(page);
  await dropFilesOnly(page, files, target);
  await settled(page, before);
}

/**
 * Wait until the verdict's outcome (`data-outcome` of the verdict bar's outcome line) is `want`.
 * On a timeout the error says what the page showed instead: the outcome, its title, the server
 * settings and whether a job was still running.
 */
export async function waitForOutcome(page, want, timeout = 15000) {
  try {
    await page.waitForFunction(([sel, w]) => document.querySelector(sel)?.getAttribute('data-outcome') === w, [SEL.serverOutcome, want], { timeout });
  } catch (e) {
    const shown = await page.evaluate((sel) => {
      const outcome = document.querySelector(sel);
      const settings = Object.fromEntries([...document.querySelectorAll('select[id^=set-], input[id^=set-]')].map((s) => [s.id, s.value]));
      const main = document.querySelector('main');
      return { outcome: outcome?.getAttribute('data-outcome'), title: outcome?.getAttribute('title'), settings, busy: main?.hasAttribute('data-busy'), answers: main?.dataset.answers, analyses: main?.dataset.analyses };
    }, SEL.serverOutcome).catch(() => null);
    e.message += `\nwaiting for the outcome ${want}; the page showed: ${JSON.stringify(shown)}`;
    throw e;
  }
}

/**
 * Click `locator` after scrolling it to the middle of the screen through the DOM. Playwright's
 * click waits for the element to be visible and stable before it scrolls to it; under a
 * `content-visibility: auto` ancestor off the screen (`.cert-item`, `.trace-block`) that wait
 * timed out once on a busy machine (the third card's "All details"). Scrolled to first, the
 * element is rendered where the click finds it.
 */
export async function clickShown(locator) {
  await locator.evaluate((e) => e.scrollIntoView({ block: 'center' }));
  await locator.click();
}

/** Drop files without waiting for their analysis. */
export async function dropFilesOnly(page, files, target = SEL.dropzone) {
  const specs = files.map(fileSpec);
  const dataTransfer = await page.evaluateHandle((specs) => {
    const dt = new DataTransfer();
    for (const { name, type, b64 } of specs) {
      const bin = atob(b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      dt.items.add(new File([bytes], name, { type }));
    }
    return dt;
  }, specs);
  for (const type of ['dragenter', 'dragover', 'drop']) {
    await page.dispatchEvent(target, type, { dataTransfer });
  }
  await dataTransfer.dispose();
}

/** Pick files with the file input (`setInputFiles`). */
export async function pickFiles(page, paths) {
  const before = await analyses(page);
  await page.setInputFiles(SEL.fileInput, paths);
  await settled(page, before);
}

/** Paste text into the paste box and submit it. */
export async function pasteText(page, text) {
  const before = await analyses(page);
  await page.fill(SEL.pasteInput, text);
  await page.click(SEL.pasteSubmit);
  if (text.trim()) await settled(page, before);
}

/** The certificate card whose subject contains `text` (a playwright Locator). */
export function cardWithSubject(page, text) {
  return page.locator(SEL.card).filter({ has: page.locator(SEL.subject, { hasText: text }) });
}

/** Text of a locator with whitespace collapsed. */
export async function textOf(locator) {
  return (await locator.evaluate(shownText)).replace(/\s+/g, ' ').trim();
}

/**
 * `el.innerText`, as if the browser rendered `el`. Chromium's `innerText` is empty for content
 * it skips: a `content-visibility: auto` ancestor (the list's rows, the trace's blocks) off the
 * screen, or put in the DOM since the last frame even on the screen (a card the worker's answer
 * just filled in: on a busy machine the read can come before the frame). The skipping ancestors
 * are made visible for the read and put back, in one task: what is read does not depend on
 * scrolling or on a frame having come.
 */
export function shownText(el) {
  const held = [];
  for (let a = el; a; a = a.parentElement) {
    if (getComputedStyle(a).contentVisibility === 'auto') {
      held.push([a, a.style.contentVisibility]);
      a.style.contentVisibility = 'visible';
    }
  }
  try {
    return el.innerText;
  } finally {
    for (const [a, value] of held) a.style.contentVisibility = value;
  }
}

/** Save a screenshot (full page unless { fullPage: false }) to tests/e2e/out/NAME.png. */
export async function screenshot(page, name, { fullPage = true } = {}) {
  mkdirSync(OUT_DIR, { recursive: true });
  const path = join(OUT_DIR, `${name}.png`);
  // Content with `content-visibility: auto` (rows, trace blocks) is rendered a frame after a
  // scroll brings it on screen, and never off the screen: a picture of the first frame showed
  // blank boxes where the rows were, a full page's blank boxes for everything below the first
  // screen. For a full page it is made visible while the picture is taken; two frames first.
  // (Through the elements' own style, not a style sheet: the pages under the README's CSP take none.)
  if (fullPage) {
    await page.evaluate(() => {
      for (const el of document.querySelectorAll('*')) {
        if (getComputedStyle(el).contentVisibility !== 'auto') continue;
        el.dataset.shotVisibility = el.style.contentVisibility;
        el.style.contentVisibility = 'visible';
      }
    });
  }
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.screenshot({ path, fullPage });
  if (fullPage) {
    await page.evaluate(() => {
      for (const el of document.querySelectorAll('[data-shot-visibility]')) {
        el.style.contentVisibility = el.dataset.shotVisibility;
        delete el.dataset.shotVisibility;
      }
    });
  }
  return path;
}

/**
 * Record the progress bar from now on: at each change of the page, when a bar is shown, its
 * value, its max and the words of its status line. `progressSeen(page)` reads them.
 */
export async function watchProgress(page) {
  await page.evaluate(() => {
    window.__progress = [];
    new MutationObserver(() => {
      const bar = document.querySelector('[data-testid=progress]');
      if (bar) window.__progress.push([bar.value, bar.max, bar.closest('[role=status]').textContent.trim()]);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

/**
 * Record the page's messages with the analysis workers it starts from now on, each as
 * `{ dir, what, data, t, checking, rows }`: `dir` 'in' (from the worker) or 'out' (posted to
 * it); `what` 'answer' (an answer's bytes), 'job', 'task', 'ahead' (rows of a listing to
 * come), the message itself when it is a string ('ready', 'shown'), else 'other', whose
 * message is `data` (the worker's figures:
 * `{ warmed }`, `{ helped, pairs }`, `{ memory }`, progress); `t` when (performance.now());
 * `checking` and `rows`, the page at that moment: whether it said it was checking signatures,
 * and its certificate rows. `workerSeen(page)` reads them.
 */
export async function watchWorker(page) {
  await page.evaluate(() => {
    window.__worker = [];
    const note = (dir, m) => {
      const what = m instanceof Uint8Array ? 'answer' : typeof m === 'string' ? m : m && 'job' in m ? 'job' : m && 'task' in m ? 'task' : m && 'ahead' in m ? 'ahead' : 'other';
      window.__worker.push({
        dir,
        what,
        data: what === 'other' ? m : undefined,
        t: performance.now(),
        checking: Boolean(document.querySelector('main')?.hasAttribute('data-checking')),
        rows: document.querySelectorAll('[data-testid=cert-row]').length,
      });
    };
    const W = window.Worker;
    window.Worker = class extends W {
      constructor(...args) {
        super(...args);
        this.addEventListener('message', (e) => note('in', e.data));
      }
      postMessage(m, ...rest) {
        note('out', m);
        return super.postMessage(m, ...rest);
      }
    };
  });
}

/** What `watchWorker` recorded, in order. */
export function workerSeen(page) {
  return page.evaluate(() => window.__worker);
}

/** What `watchProgress` recorded: `[value, max, words]` per change. */
export function progressSeen(page) {
  return page.evaluate(() => window.__progress);
}

/** Fail when the page logged errors (uncaught exceptions, console.error). */
export function assertNoPageErrors(page) {
  assert.deepEqual(page.errors, [], 'the page reported errors');
}
