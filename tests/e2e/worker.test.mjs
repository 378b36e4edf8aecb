// The analysis worker: not loaded by a first visit, started with the first file, and a
// worker that cannot load is told in one sentence while "Clear all" still works.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createPrivateKey, sign } from 'node:crypto';
import { join, relative } from 'node:path';
import { startApp, fixture, dropFiles, dropFilesOnly, pasteText, assertNoPageErrors, watchProgress, progressSeen, watchWorker, workerSeen, textOf, SEL, FIXTURES, DIST } from './lib.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

test('the build keeps no path of the machine that made it, nor any source path: a panic traps at once (scripts/release-build.sh)', () => {
  const wasm = readdirSync(DIST).filter((f) => f.endsWith('.wasm'));
  assert.equal(wasm.length, 2, wasm.join(', '));
  for (const f of wasm) {
    const text = readFileSync(join(DIST, f)).toString('latin1');
    // -Cpanic=immediate-abort keeps no panic location (each named a source file: 83 in the
    // page, 13.8 KB gzip with the code that formatted them); the crates' sources would be
    // named under a fixed prefix anyway, never the cargo home.
    assert.doesNotMatch(text, /src\/[a-z0-9_/-]+\.rs/, f);
    assert.doesNotMatch(text, /registry\/src|\.cargo\//, f);
  }
});

test('a first visit loads no worker; the first file starts it and the page answers', async () => {
  const page = await app.newPage();
  const loaded = [];
  page.on('request', (r) => loaded.push(new URL(r.url()).pathname));
  await page.waitForTimeout(300);
  assert.equal(loaded.filter((p) => p.includes('certlens-worker')).length, 0, `no worker on a first visit: ${loaded}`);
  await dropFiles(page, [fixture('chain/ee_client.cer')]);
  assert.ok(loaded.some((p) => /certlens-worker-[0-9a-f]+_bg\.wasm$/.test(p)), `the worker was loaded: ${loaded}`);
  await page.locator(SEL.card).first().waitFor({ timeout: 15000 });
  assert.equal(await page.locator('main').getAttribute('aria-busy'), 'false');
  assertNoPageErrors(page);
  // Nor a warning in the console: loading the page and its worker, a drop and its answer
  // (Chromium warned of the wasm preload's ignored `integrity` on every load).
  assert.deepEqual(page.warnings, [], 'console warnings');
  await page.context().close();
});

test('a cold drop goes to the worker as it starts, before its "ready": the loader keeps the job until the wasm runs', async () => {
  const page = await app.newPage();
  // The worker's wasm arrives 1.5 s late, so that "ready" comes well after the drop whatever
  // the machine's speed (a compiled module cached from an earlier test is ready at once).
  await page.context().route(/certlens-worker-[0-9a-f]+_bg\.wasm$/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await watchWorker(page);
  await dropFiles(page, [fixture('chain/ee_client.cer'), fixture('chain/int_ca.pem')]);
  await page.locator(SEL.card).first().waitFor({ timeout: 15000 });
  const events = (await workerSeen(page)).filter((e) => (e.dir === 'out' && e.what === 'job') || (e.dir === 'in' && e.what === 'ready')).map((e) => e.what);
  assert.deepEqual(events.slice(0, 2), ['job', 'ready'], `the job was posted before the worker said ready: ${events}`);
  assert.equal(await page.locator(SEL.certRow).count(), 2, 'both dropped files were read');
  assertNoPageErrors(page);
  await page.context().close();
});

test('the worker starts at the first sign of a file: a drag entering the page, focus on the paste box', async () => {
  for (const sign of ['dragenter', 'focus']) {
    const page = await app.newPage();
    const loaded = [];
    page.on('request', (r) => loaded.push(new URL(r.url()).pathname));
    await page.waitForTimeout(300);
    assert.equal(loaded.filter((p) => p.includes('certlens-worker')).length, 0, `no worker at load: ${loaded}`);
    if (sign === 'dragenter') await page.dispatchEvent(SEL.dropzone, 'dragenter', {});
    else await page.focus(SEL.pasteInput);
    await page.waitForRequest((r) => /certlens-worker-[0-9a-f]+_bg\.wasm$/.test(new URL(r.url()).pathname), { timeout: 15000 });
    // Nothing was dropped: nothing is analysed, nothing is said.
    await page.waitForTimeout(200);
    assert.equal(await page.locator('main').getAttribute('data-analyses'), '0');
    assert.equal(await page.locator('[data-testid=analysis-failed]').count(), 0);
    assertNoPageErrors(page);
    await page.context().close();
  }
});

test('a worker started by a drag warms up until the file comes, and stops at the first job', async () => {
  // The worker posts `{ warmed: rounds, ms }` when its warm-up ends (the page ignores it).
  const warmed = () => page.evaluate(() => window.__worker.filter((e) => e.data?.warmed !== undefined).map((e) => e.data.warmed));
  // A drag with no file yet: the worker warms up on its own certificates, the page shows nothing.
  let page = await app.newPage();
  await watchWorker(page);
  await page.dispatchEvent(SEL.dropzone, 'dragenter', {});
  await page.waitForFunction(() => window.__worker.some((e) => e.data?.warmed !== undefined), null, { timeout: 60000 });
  const [rounds] = await warmed();
  assert.ok(rounds >= 1, `warm-up rounds: ${rounds}`);
  assert.equal(await page.locator('main').getAttribute('data-analyses'), '0');
  assert.equal(await page.locator(SEL.card).count(), 0);
  // Then the drop is answered as usual.
  await dropFiles(page, [fixture('chain/fullchain.pem')]);
  await page.locator(SEL.card).first().waitFor({ timeout: 15000 });
  assert.equal(await page.locator('[data-testid=cert-row]').count(), 3);
  assertNoPageErrors(page);
  await page.context().close();
  // A drop right away: the job comes before the warm-up's rounds are done, and ends it.
  page = await app.newPage();
  await watchWorker(page);
  await dropFiles(page, [fixture('chain/fullchain.pem')]);
  await page.locator(SEL.card).first().waitFor({ timeout: 15000 });
  await page.waitForFunction(() => window.__worker.some((e) => e.data?.warmed !== undefined), null, { timeout: 60000 });
  assert.ok((await warmed())[0] < 16, 'the warm-up stopped for the job');
  assertNoPageErrors(page);
  await page.context().close();
});

test('a worker that cannot load is reported in plain words and "Clear all" still works', async () => {
  const page = await app.newPage();
  await page.route('**/certlens-worker-*', (route) => route.abort());
  await dropFilesOnly(page, [fixture('chain/ee_client.cer')]);
  const failed = page.locator('[data-testid=analysis-failed]');
  await failed.waitFor({ timeout: 30000 });
  assert.match(await failed.innerText(), /The analysis stopped: .*Clear all/);
  await page.click('button:has-text("Clear all")');
  await page.waitForFunction(() => !document.querySelector('[data-testid=analysis-failed]') && !document.querySelector('[data-testid=cert-card]'));
  // With the worker reachable again, the next drop is analysed by a new one.
  await page.unroute('**/certlens-worker-*');
  await dropFiles(page, [fixture('chain/ee_client.cer')]);
  await page.locator(SEL.card).first().waitFor({ timeout: 15000 });
  await page.context().close();
});

test('"Clear all" lets the worker go with the files (a key and its password do not stay in its memory); the next file starts a new one', async () => {
  const page = await app.newPage();
  await page.evaluate(() => {
    window.__workers = { started: 0, ended: 0 };
    const W = window.Worker;
    window.Worker = class extends W {
      constructor(...args) { super(...args); window.__workers.started++; }
      terminate() { window.__workers.ended++; return super.terminate(); }
    };
  });
  const workers = () => page.evaluate(() => ({ ...window.__workers }));
  await dropFiles(page, [fixture('chain/ee_client.cer'), fixture('chain/int_ca.cer')]);
  await page.locator(SEL.card).first().waitFor({ timeout: 15000 });
  // Removing one file of two keeps the worker (it analyses the other).
  await page.locator('.files button.remove').first().click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=cert-row]').length === 1 && !document.querySelector('main[data-busy]'));
  assert.deepEqual(await workers(), { started: 1, ended: 0 });
  await page.click('button:has-text("Clear all")');
  await page.waitForFunction(() => !document.querySelector('[data-testid=cert-row]'));
  // Focus goes back to "Add files": no sign of a new file, so no fresh worker warms up.
  await page.waitForFunction(() => document.activeElement?.id === 'add-files');
  await page.waitForTimeout(300);
  assert.deepEqual(await workers(), { started: 1, ended: 1 }, 'the worker is let go with the files, and none starts');
  await dropFiles(page, [fixture('chain/fullchain.pem')]);
  await page.locator(SEL.card).first().waitFor({ timeout: 15000 });
  assert.equal(await page.locator('[data-testid=cert-row]').count(), 3);
  assert.deepEqual(await workers(), { started: 2, ended: 1 });
  assertNoPageErrors(page);
  await page.context().close();
});

// Every certificate fixture but the hostile and broken ones: about 240 distinct certificates,
// so that the worker hands the page summaries (more than ui::work::THIN_ABOVE).
function certificateFixtures() {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        if (!['hostile_text', 'bad'].includes(e.name)) walk(path);
      } else if (/\.(pem|cer|der|crt|p7b)$/.test(e.name)) out.push(relative(FIXTURES, path));
    }
  };
  walk(FIXTURES);
  return out.sort().map((rel) => fixture(rel));
}

test('a drop of more than 200 certificates crosses as summaries; an opened card gets its details from the worker', async () => {
  const page = await app.newPage();
  // The worker reports how far it is (certificates read, chains built) while the page stays usable.
  await watchProgress(page);
  await dropFiles(page, certificateFixtures());
  const progress = await progressSeen(page);
  assert.ok(progress.length > 0, 'a progress bar was shown during the analysis');
  for (const [value, max, text] of progress) {
    assert.ok(value <= max && max > 0, `progress ${value} of ${max}`);
    assert.match(text, /^(Reading certificates: \d+ %|Checking signatures: [\d,]+ of [\d,]+ certificates|Building chains and checking signatures: [\d,]+ of [\d,]+|Checking the roots’ own signatures… Until then the verdict may still change\.)$/);
  }
  assert.equal(await page.locator('[data-testid=progress]').count(), 0, 'gone once the answer is in');
  const count = Number((await page.locator('[data-testid=cert-filter-count]').innerText()).match(/[\d,]+/)[0].replaceAll(',', ''));
  assert.ok(count > 200, `more than 200 certificates: ${count}`);
  await page.fill(SEL.certFilter, 'alice');
  const row = page.locator(SEL.certRow).first();
  await row.locator('button.cert-row').click();
  const card = row.locator(SEL.card);
  await card.waitFor({ timeout: 15000 });
  // The card is made from the certificate in full: its notable lines, all details, the ASN.1 tree.
  await card.locator('details.more > summary').click();
  await card.locator('.details-body').waitFor();
  const extensions = Number(await textOf(card.locator('.details-body h4:has-text("Extensions") .count')));
  assert.ok(extensions > 0, `the extensions came with the certificate in full: ${extensions}`);
  await card.locator('.asn1 > button').click();
  await card.locator('.asn1-tree').waitFor({ timeout: 15000 });
  assert.match(await textOf(card.locator('.asn1-tree')), /\d+ elements/);
  assertNoPageErrors(page);
  await page.context().close();
});

// The page's view of the worker's two answers: a first one that takes the roots' own
// signatures on trust (fast), then the final one, the full analysis. Records, on every DOM
// change, whether the page says it is checking, what it says, and the verdict's outcome.
async function watchAnswers(page) {
  await page.evaluate(() => {
    window.__answers = [];
    new MutationObserver(() => {
      const main = document.querySelector('main[data-analyses]');
      if (!main || main.hasAttribute('data-busy') || !Number(main.dataset.analyses)) return;
      const line = document.querySelector('[data-testid=checking-roots]');
      // The verdict's outcome and summary, and the certificate list (each row's status).
      const outcome = document.querySelector('[data-testid=server-outcome]');
      const rows = [...document.querySelectorAll('[data-testid=cert-row]')].map((r) => r.textContent.replace(/\s+/g, ' ').trim()).join(' | ');
      const state = [main.hasAttribute('data-checking'), line ? line.textContent.trim() : null,
        outcome ? `${outcome.dataset.outcome}: ${outcome.title}` : null, rows];
      const last = window.__answers[window.__answers.length - 1];
      if (!last || JSON.stringify(last) !== JSON.stringify(state)) window.__answers.push(state);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

test('a chain with its root gets one answer: its root\'s own signature is checked at once', async () => {
  const page = await app.newPage();
  await watchAnswers(page);
  await dropFiles(page, [fixture('chain/ee_client.cer'), fixture('chain/int_ca.cer'), fixture('chain/root_ca.cer')]);
  const seen = await page.evaluate(() => window.__answers);
  assert.deepEqual(seen.filter(([c]) => c), [], `never checking: ${JSON.stringify(seen)}`);
  assert.equal(await page.locator('main').getAttribute('data-analyses'), '1');
  assertNoPageErrors(page);
  await page.context().close();
});

test('a job goes to the worker before the page renders "busy": a drop and a settings change', async () => {
  const page = await app.newPage();
  // Whether the page showed itself busy when each job was posted (the post used to wait for
  // that render: an effect after it).
  await page.evaluate(() => {
    window.__posts = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (msg, ...rest) {
      if (msg && typeof msg === 'object' && 'job' in msg) window.__posts.push(document.querySelector('main')?.hasAttribute('data-busy'));
      return post.call(this, msg, ...rest);
    };
  });
  // The first job waits for the worker to load (it is posted once it says it is ready).
  await dropFiles(page, [fixture('chain/ee_client.cer')]);
  await page.evaluate(() => { window.__posts.length = 0; });
  await dropFiles(page, [fixture('chain/int_ca.cer')]);
  await page.selectOption('#set-revocation', 'off');
  await page.waitForFunction(() => window.__posts.length === 2 && !document.querySelector('main').hasAttribute('data-busy'));
  assert.deepEqual(await page.evaluate(() => window.__posts), [false, false]);
  assert.equal(await page.locator('main').getAttribute('data-analyses'), '2');
  assertNoPageErrors(page);
  await page.context().close();
});

test('a settings change keeps the answer on screen until the new one; a slow one says so after 100 ms', async () => {
  const page = await app.newPage();
  await dropFiles(page, [fixture('chain/ee_client.cer'), fixture('chain/int_ca.cer'), fixture('chain/root_ca.cer')]);
  // Every state the page shows from here: busy or not, the busy line, answers taken.
  await page.evaluate(() => {
    window.__seen = [];
    const main = document.querySelector('main');
    new MutationObserver(() => {
      window.__seen.push([main.hasAttribute('data-busy'), main.getAttribute('aria-busy'), document.querySelector('[data-testid=busy]')?.textContent ?? null, Number(main.dataset.answers)]);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  const answers = Number(await page.locator('main').getAttribute('data-answers'));
  const analyses = await page.locator('main').getAttribute('data-analyses');
  assert.ok(answers >= 1, `answers counted: ${answers}`);
  await page.selectOption('#set-revocation', 'off');
  await page.waitForFunction((n) => Number(document.querySelector('main').dataset.answers) === n + 1, answers);
  const seen = await page.evaluate(() => window.__seen);
  assert.deepEqual(seen.filter(([busy, aria, line]) => busy || aria !== 'false' || line !== null), [], 'never shown busy');
  assert.equal(await page.locator('main').getAttribute('data-analyses'), analyses, 'a prediction, not an analysis');
  assert.equal(await page.locator('#set-revocation').inputValue(), 'off');
  // The worker made slow (each prediction posted 400 ms late): busy shows, in words, then the answer.
  await page.evaluate(() => {
    window.__seen = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (msg, ...rest) {
      if (msg && typeof msg === 'object' && 'job' in msg && !('files' in msg)) return void setTimeout(() => post.call(this, msg, ...rest), 400);
      return post.call(this, msg, ...rest);
    };
  });
  // (A change of a list is answered ahead, without the worker: a name typed in is not.)
  await page.locator('#set-host').fill('www.example.com');
  await page.locator('#set-host').dispatchEvent('change');
  await page.waitForFunction((n) => Number(document.querySelector('main').dataset.answers) === n + 2, answers);
  const slow = await page.evaluate(() => window.__seen);
  const busyAt = slow.findIndex(([busy]) => busy);
  assert.ok(busyAt >= 0, `shown busy: ${JSON.stringify(slow)}`);
  assert.deepEqual(slow[busyAt].slice(0, 3), [true, 'true', 'Working out the verdict again for the new settings\u2026']);
  assert.deepEqual(slow.at(-1).slice(0, 3), [false, 'false', null]);
  assertNoPageErrors(page);
  await page.context().close();
});

test('a change one choice away from a small drop\'s settings is answered with the change itself (made ahead by the worker), which the worker then confirms; the sections below the verdict take it after the frame', async () => {
  const page = await app.newPage();
  await dropFiles(page, [fixture('chain/ee_client.cer'), fixture('chain/int_ca.cer'), fixture('chain/root_ca.cer')]);
  await page.waitForSelector('ol.trace > li.step');
  const analyses = await page.locator('main').getAttribute('data-analyses');
  // The worker makes those answers after its own: a change is tried (revocation off, on, …)
  // until one is answered within the microtasks of its change event, before any message of
  // the worker can come in (and so before the frame the change asks for).
  const seen = await page.evaluate(async () => {
    const main = document.querySelector('main');
    const select = document.querySelector('#set-revocation');
    const answers = () => Number(main.dataset.answers);
    for (let i = 1; i <= 50; i++) {
      const before = answers();
      const shown = document.querySelector('ol.trace').textContent;
      select.value = select.value === 'off' ? 'on' : 'off';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      for (let k = 0; k < 50; k++) await Promise.resolve();
      if (answers() > before) {
        // The verdict has it now; the sections below it (the trace) after the next frame.
        const now = { trace: document.querySelector('ol.trace').textContent, waiting: main.querySelectorAll('[data-later]').length };
        const frame = await new Promise((resolve) => requestAnimationFrame(() => resolve(main.querySelectorAll('[data-later]').length)));
        await new Promise((resolve) => {
          const look = () => (main.querySelector('[data-later]') ? setTimeout(look, 5) : resolve());
          look();
        });
        return { tries: i, value: select.value, busy: main.hasAttribute('data-busy'), shown, now, frame, trace: document.querySelector('ol.trace').textContent };
      }
      await new Promise((resolve) => {
        const mo = new MutationObserver(() => answers() > before && (mo.disconnect(), resolve()));
        mo.observe(main, { attributes: true });
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return null;
  });
  assert.ok(seen, 'no change was answered with the change itself');
  assert.ok(seen.tries <= 10, `answered ahead after ${seen.tries} tries`);
  assert.equal(seen.busy, false);
  assert.notEqual(seen.trace, seen.shown, 'revocation checking on or off changes the trace');
  // The trace (below the verdict) kept the last answer through the frame that painted the
  // new verdict, marked as waiting, and took the new one in a task after it.
  assert.equal(seen.now.trace, seen.shown, 'the trace is not rendered again with the verdict');
  assert.ok(seen.now.waiting > 0 && seen.frame > 0, `sections marked as waiting until after the frame: ${seen.now.waiting}, ${seen.frame}`);
  // The worker's own answer follows and changes nothing on the page; no analysis ran.
  await page.waitForTimeout(300);
  assert.equal(await page.locator('ol.trace').textContent(), seen.trace);
  assert.equal(await page.locator('main').getAttribute('data-analyses'), analyses);
  assert.equal(await page.locator('#set-revocation').inputValue(), seen.value);
  assertNoPageErrors(page);
  await page.context().close();
});

test('a settings change keeps each step of the trace in its own element (keyed): fewer steps move the rest, never rewrite them', async () => {
  const page = await app.newPage();
  await dropFiles(page, [fixture('chain/ee_client.cer'), fixture('chain/int_ca.cer'), fixture('chain/root_ca.cer')]);
  const steps = 'ol.trace > li.step';
  await page.waitForSelector(steps);
  // Each step's element marked with its title (a property the DOM keeps while the element lives).
  const before = await page.$$eval(steps, (lis) => lis.map((li) => (li.__step = li.querySelector('.step-head strong').textContent)));
  assert.ok(before.filter((t) => t === 'Revocation').length > 1, `one revocation step per certificate: ${before}`);
  const answers = Number(await page.locator('main').getAttribute('data-answers'));
  await page.selectOption('#set-revocation', 'off');
  await page.waitForFunction((n) => Number(document.querySelector('main').dataset.answers) === n + 1 && !document.querySelector('main [data-later]'), answers);
  const after = await page.$$eval(steps, (lis) => lis.map((li) => [li.__step ?? null, li.querySelector('.step-head strong').textContent]));
  assert.equal(after.filter(([, t]) => t === 'Revocation').length, 1, JSON.stringify(after));
  // Every step shown is the element that showed it before: none rewritten into another step.
  assert.deepEqual(after.map(([mark]) => mark), after.map(([, t]) => t), JSON.stringify(after));
  assertNoPageErrors(page);
  await page.context().close();
});

test('a dropped file crosses to the worker as itself (the page never reads it); pasted text as bytes; an oversized file is cut and refused', async () => {
  const page = await app.newPage();
  await page.evaluate(() => {
    window.__files = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (msg, ...rest) {
      if (msg && typeof msg === 'object' && Array.isArray(msg.files)) {
        window.__files.push(msg.files.map((f) => (f instanceof File ? 'file' : f instanceof Blob ? `cut:${f.size}` : f instanceof Uint8Array ? 'bytes' : String(f))));
      }
      return post.call(this, msg, ...rest);
    };
  });
  await pasteText(page, readFileSync(FIXTURES + '/chain/int_ca.pem', 'utf8'));
  await dropFiles(page, [fixture('chain/ee_client.cer')]);
  assert.deepEqual(await page.evaluate(() => window.__files), [['bytes'], ['bytes', 'file']]);
  assert.equal(await page.locator(SEL.certRow).count(), 2);
  // 21 MB: handed over cut one byte past the 20 MB limit, and refused in words.
  const before = await page.locator('main').getAttribute('data-analyses');
  const big = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(21 * 1024 * 1024).fill(65)], 'huge.pem'));
    return dt;
  });
  for (const type of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent(SEL.dropzone, type, { dataTransfer: big });
  await page.waitForFunction((b) => document.querySelector('main').dataset.analyses !== b && !document.querySelector('main').hasAttribute('data-busy'), before);
  assert.deepEqual((await page.evaluate(() => window.__files)).at(-1), ['bytes', 'file', `cut:${20 * 1024 * 1024 + 1}`]);
  await page.getByText('larger than the 20 MB limit').first().waitFor({ timeout: 15000 });
  assert.equal(await page.locator(SEL.certRow).count(), 2, 'the other files are still analysed');
  assertNoPageErrors(page);
  await page.context().close();
});

// Many roots (more than the worker's DEFER_ROOTS_ABOVE, 8): their own signatures are checked
// after a first answer.
const TEN_ROOTS = fixture('truststore/roots10.pem');

test('the first answer says the roots\' own signatures are being checked; the final answer replaces it', async () => {
  const page = await app.newPage();
  await watchAnswers(page);
  await dropFiles(page, [fixture('chain/ee_client.cer'), fixture('chain/int_ca.cer'), fixture('chain/root_ca.cer'), TEN_ROOTS]);
  const seen = await page.evaluate(() => window.__answers);
  const checking = seen.filter(([c]) => c);
  assert.ok(checking.length > 0, `a first answer was shown while checking: ${JSON.stringify(seen)}`);
  assert.equal(checking[0][1], 'Checking the roots’ own signatures… Until then the verdict may still change.');
  assert.deepEqual(seen[seen.length - 1].slice(0, 2), [false, null], 'the words are gone with the final answer');
  assert.equal(await page.locator('[data-testid=checking-roots]').count(), 0);
  // One analysis for the page (the final answer refines the first), with the root's own signature checked.
  assert.equal(await page.locator('main').getAttribute('data-analyses'), '1');
  assertNoPageErrors(page);
  await page.context().close();
});

test('the roots\' own signatures are checked once the page has painted the first answer', async () => {
  // On two cores the check and the page's rendering of the first answer shared the CPU: the
  // worker waits for the page's "shown", posted after the frame that painted the answer.
  const page = await app.newPage();
  await watchWorker(page);
  await dropFiles(page, [fixture('chain/ee_client.cer'), fixture('chain/int_ca.cer'), TEN_ROOTS]);
  await page.waitForFunction(() => !document.querySelector('main')?.hasAttribute('data-checking'), null, { timeout: 15000 });
  // Each answer that came, and each "shown" the page posted: [what, when, its rows then].
  const log = (await workerSeen(page)).filter((e) => (e.dir === 'in' && e.what === 'answer') || (e.dir === 'out' && e.what === 'shown')).map((e) => [e.what, e.t, e.rows]);
  const kinds = log.map(([k]) => k);
  // A first answer, the page's word once it painted it (its rows on the page), then the final
  // (and, for a drop this small, once that is painted too, batches of answers made ahead for the
  // settings one change away).
  assert.deepEqual(kinds.slice(0, 3), ['answer', 'shown', 'answer'], JSON.stringify(log));
  assert.ok(kinds.slice(3, 4).every((k) => k === 'shown'), JSON.stringify(log));
  assert.ok(log[1][2] > 0, `the rows were on the page when it said so: ${JSON.stringify(log)}`);
  // The final answer followed the page's word (ten roots' signatures), not the worker's
  // fallback timer (1 s after the first answer).
  assert.ok(log[2][1] - log[1][1] < 500, `the final answer came ${Math.round(log[2][1] - log[1][1])} ms after "shown"`);
  assertNoPageErrors(page);
  await page.context().close();
});

test('a root whose own signature is broken: trusted in the first answer, not in the final one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'certlens-e2e-'));
  const root = readFileSync(fixture('chain/root_ca.der'));
  root[root.length - 1] ^= 1; // one bit of the signature value
  const broken = join(dir, 'root_ca_broken_signature.der');
  writeFileSync(broken, root);
  const page = await app.newPage();
  await watchAnswers(page);
  await dropFiles(page, [fixture('chain/ee_client.cer'), fixture('chain/int_ca.cer'), broken, TEN_ROOTS]);
  const seen = await page.evaluate(() => window.__answers);
  const first = seen.find(([c]) => c);
  const last = seen[seen.length - 1];
  assert.ok(first, `a first answer: ${JSON.stringify(seen)}`);
  assert.equal(last[0], false);
  assert.notDeepEqual(first.slice(2), last.slice(2), `the verdict changed with the final answer: ${JSON.stringify(seen)}`);
  assert.ok(!/not checked yet/.test(last[3]), 'nothing says "not checked yet" once final');
  assertNoPageErrors(page);
  await page.context().close();
});

// 3,000 CA certificates, each signed by the dropped root (a committed fixture re-signed here
// with the root's committed key, each copy with its own serial), and the root.
function signedBundle(n) {
  const der = readFileSync(fixture('cross/int_ca_cross.der'));
  const key = createPrivateKey(readFileSync(fixture('keys/fabrikam_root.pem')));
  // One DER header: [tag, header length, content length].
  const head = (b, at) => {
    const first = b[at + 1];
    if (first < 0x80) return [b[at], 2, first];
    let len = 0;
    for (let k = 0; k < (first & 0x7f); k++) len = len * 256 + b[at + 2 + k];
    return [b[at], 2 + (first & 0x7f), len];
  };
  const [, outer] = head(der, 0);
  const [, tbsHead, tbsLen] = head(der, outer);
  const tbsEnd = outer + tbsHead + tbsLen;
  const [, versionHead, versionLen] = head(der, outer + tbsHead);
  const serialAt = outer + tbsHead + versionHead + versionLen;
  const [serialTag, serialHead, serialLen] = head(der, serialAt);
  assert.equal(serialTag, 0x02, 'the serial follows the version');
  assert.equal(der.length - tbsEnd, 15 + 5 + 256, 'sha256WithRSA, a 2048-bit signature at the end');
  const blocks = [];
  for (let i = 0; i < n; i++) {
    const c = Buffer.from(der);
    c.writeUInt16BE(i, serialAt + serialHead + serialLen - 2);
    sign('sha256', c.subarray(0, tbsEnd).subarray(outer), key).copy(c, c.length - 256);
    blocks.push(`-----BEGIN CERTIFICATE-----\n${c.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`);
  }
  const root = readFileSync(fixture('cross/fabrikam_root.der')).toString('base64').replace(/.{64}/g, '$&\n');
  blocks.push(`-----BEGIN CERTIFICATE-----\n${root}\n-----END CERTIFICATE-----\n`);
  const path = join(mkdtempSync(join(tmpdir(), 'certlens-e2e-')), `signed-${n}.pem`);
  writeFileSync(path, blocks.join(''));
  return path;
}

test('a big drop with its issuers has its signatures checked by two workers, and every one verifies', async () => {
  const N = 3000;
  const path = signedBundle(N);
  const page = await app.newPage();
  // The worker posts `{ helped, pairs }` once a drop's checks are done (the page ignores it).
  await watchWorker(page);
  await watchProgress(page);
  await dropFiles(page, [path]);
  const checked = async (n) => {
    await page.waitForFunction((n) => window.__worker.filter((e) => e.data?.helped !== undefined).length >= n, n, { timeout: 120000 });
    return (await workerSeen(page)).filter((e) => e.data?.helped !== undefined)[n - 1].data;
  };
  let stats = await checked(1);
  let files = 1;
  if (stats.helped === 0) {
    // The helper starts with the first checks; on a machine busy enough it is not ready before
    // the worker has checked them all (`helperReadyMs` -1), and the worker must then do them
    // alone. The only excuse: a helper that was ready takes a share. A file added now has the
    // drop checked again, with the helper (kept by the worker) ready.
    assert.equal(stats.helperReadyMs, -1, `the helper was ready (${stats.helperReadyMs} ms) yet took no share`);
    await dropFilesOnly(page, [fixture('chain/ee_client.cer')]);
    stats = await checked(2);
    files = 2;
  }
  const { helped, pairs } = stats;
  assert.equal(pairs, N, 'each CA with the root: the pairs the listing found');
  assert.ok(helped > 0 && helped < pairs, `the helper checked a share: ${helped} of ${pairs}`);
  await page.waitForFunction(() => document.querySelector('main')?.getAttribute('aria-busy') === 'false' && !document.querySelector('[data-testid=cert-row][data-status=checking]'), null, { timeout: 120000 });
  // Every signature verified, whichever worker checked it: no row says otherwise.
  const statuses = await page.evaluate(() => [...new Set([...document.querySelectorAll('[data-testid=cert-row]')].map((r) => r.dataset.status))]);
  assert.ok(statuses.length > 0 && statuses.every((s) => s === 'valid' || s === 'warnings'), statuses.join(', '));
  // The bundle's certificates (N leaves and their root), and the file added, if one was.
  assert.ok((await page.locator('[data-testid=cert-filter-count]').innerText()).includes((N + files).toLocaleString('en-US')));
  // The checks were on the bar, in words.
  assert.ok((await progressSeen(page)).some(([, , words]) => /signature/i.test(words)), 'progress named the signatures');
  assertNoPageErrors(page);
  await page.context().close();
});

test('a file added while a big drop\'s signatures are being checked waits its turn: the answer holds both', async () => {
  const N = 1500;
  const path = signedBundle(N);
  const page = await app.newPage();
  await dropFilesOnly(page, [path]);
  // The listing is on the page; the checks are under way.
  await page.locator('[data-testid=cert-row][data-status=checking]').first().waitFor({ timeout: 60000 });
  await dropFilesOnly(page, [fixture('chain/ee_client.cer')]);
  await page.waitForFunction((n) => {
    const count = document.querySelector('[data-testid=cert-filter-count]')?.textContent ?? '';
    return count.includes(n) && document.querySelector('main')?.getAttribute('aria-busy') === 'false' && !document.querySelector('main')?.hasAttribute('data-busy') && !document.querySelector('[data-testid=cert-row][data-status=checking]');
  }, (N + 2).toLocaleString('en-US'), { timeout: 120000 });
  const statuses = await page.evaluate(() => [...new Set([...document.querySelectorAll('[data-testid=cert-row]')].map((r) => r.dataset.status))]);
  assert.ok(statuses.every((s) => s !== 'checking' && s !== 'invalid'), statuses.join(', '));
  assertNoPageErrors(page);
  await page.context().close();
});
