// 10,000 certificates in one drop: the worker lists them first (rows with "Checking…", the
// filter working, a card opened says it is loading) while it builds the chains; then the page
// takes the worker's answer without a long task, lists the certificates a page at a time, filters over all of them, pages the hierarchy
// (a CA with 10,000 leaves), and opens any card (its details come from the worker).
//
// The bundle is made here from one committed fixture (chain/ee_server.pem): each copy gets
// its own host name (in the subject and the SAN, same length) and serial, so 10,000
// distinct certificates under one issuer that is not dropped. Their signatures no longer
// verify, which does not matter: the issuer is missing, so none is checked.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEL, startApp, fixture, dropFiles, dropFilesOnly, settled, textOf, screenshot, assertNoPageErrors, watchProgress, progressSeen, watchWorker, workerSeen } from './lib.mjs';

const N = 10000;
// Counts as the page writes them ("10,000").
const NN = N.toLocaleString('en-US');
const host = (i) => `host-${String(i).padStart(5, '0')}.test`; // as long as www.contoso.com

function bundle(n = N, extra = '') {
  const pem = readFileSync(fixture('chain/ee_server.pem'), 'utf8');
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const name = Buffer.from('www.contoso.com');
  const serial = Buffer.from('020a61000103a7b3c9d2e1f0', 'hex');
  const at = (needle) => {
    const found = [];
    for (let i = der.indexOf(needle); i >= 0; i = der.indexOf(needle, i + 1)) found.push(i);
    return found;
  };
  const names = at(name);
  const [serialAt] = at(serial);
  assert.ok(names.length >= 2 && serialAt >= 0, 'the fixture has the name (subject, SAN) and the serial');
  const out = [];
  for (let i = 0; i < n; i++) {
    const c = Buffer.from(der);
    for (const p of names) c.write(host(i), p, 'latin1');
    c.writeUInt16BE(i, serialAt + serial.length - 2);
    const b64 = c.toString('base64').replace(/.{64}/g, '$&\n');
    out.push(`-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`);
  }
  const path = join(mkdtempSync(join(tmpdir(), 'certlens-e2e-')), `leaves-${n}.pem`);
  writeFileSync(path, out.join('') + extra);
  return path;
}

let app;
let path;
before(async () => {
  path = bundle();
  app = await startApp();
});
after(async () => {
  await app?.close();
});

test('10,000 certificates: listed before the chains, then the list and the hierarchy paged, the filter over all, any card opens', async () => {
  const page = await app.newPage({ colorScheme: 'light' });
  await page.evaluate(({ wanted }) => {
    window.__longtasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longtasks.push([e.startTime, Math.round(e.duration)]);
    }).observe({ type: 'longtask' });
    // The listing, seen from inside the page at the first frame with rows (no race with the
    // test's round trips): what it says, then the filter typed into and a card opened, each
    // looked at in the next frame, and whether the chains were still being checked then.
    const seen = (window.__listing = { steps: [] });
    const main = () => document.querySelector('main');
    const look = (what) => ({
      what,
      busy: main()?.hasAttribute('data-busy') ?? false,
      analyses: Number(main()?.dataset.analyses ?? 0),
      rows: document.querySelectorAll('[data-testid=cert-row]').length,
      statuses: [...new Set([...document.querySelectorAll('[data-testid=cert-row]')].map((r) => r.dataset.status))],
      count: document.querySelector('[data-testid=cert-filter-count]')?.textContent ?? '',
      progress: document.querySelector('[data-testid=busy]')?.textContent ?? '',
      verdict: document.querySelector('[data-testid=server-outcome]')?.dataset.outcome ?? '',
      verdictText: document.querySelector('[data-testid=server-outcome]')?.textContent ?? '',
      loading: document.querySelectorAll('[data-testid=cert-row].open [data-testid=card-loading]').length,
      heading: document.querySelector('#certs-heading .count')?.textContent ?? '',
    });
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    addEventListener('drop', () => {
      window.__t0 = performance.now();
      const wait = async () => {
        while (!document.querySelector('[data-testid=cert-row]')) await frame();
        seen.steps.push(look('listed'));
        const filter = document.querySelector('[data-testid=cert-filter]');
        filter.value = wanted;
        filter.dispatchEvent(new InputEvent('input', { bubbles: true }));
        await frame();
        seen.steps.push(look('filtered'));
        document.querySelector('[data-testid=cert-row] button.cert-row')?.click();
        await frame();
        seen.steps.push(look('opened'));
        // The Files section (rendered a task later): the file, being read.
        const files = () => document.querySelector('[aria-labelledby=files-heading]');
        while (!files()?.querySelector('p, li') && main()?.hasAttribute('data-busy')) await frame();
        seen.files = { busy: main()?.hasAttribute('data-busy') ?? false, text: files()?.querySelector('p, ul')?.textContent };
        seen.done = true;
      };
      wait();
    }, true);
  }, { wanted: host(9876) });
  await watchWorker(page);
  const before = await page.evaluate(() => Number(document.querySelector('main[data-analyses]')?.dataset.analyses ?? 0));
  await dropFilesOnly(page, [{ path, name: `leaves-${N}.pem` }]);
  await page.waitForFunction(() => window.__listing?.done, null, { timeout: 60000 });
  // The rows went to the page 1,000 at a time while the rest was listed (work::RowsAhead), all
  // before the listing itself, so that the page had read them by then; none was shown early.
  const messages = (await workerSeen(page)).filter((e) => e.dir === 'in' && ['ahead', 'answer'].includes(e.what));
  assert.deepEqual(messages.slice(0, 11).map((e) => [e.what, e.rows]), [...Array(10).fill(['ahead', 0]), ['answer', 0]]);
  // How the listing looks (when the chains are still being built by now: a picture, not a check).
  if (await page.evaluate(() => document.querySelector('main')?.hasAttribute('data-busy'))) await screenshot(page, 'scale-listing-light', { fullPage: false });
  const [listed, filtered, openedStep] = await page.evaluate(() => window.__listing.steps);
  // Listed while the chains are built: every row "Checking…" (none is expired), the count, the
  // progress and the verdict in plain waiting words.
  assert.deepEqual(
    { busy: listed.busy, analyses: listed.analyses, statuses: listed.statuses, count: listed.count, heading: listed.heading, verdict: listed.verdict },
    { busy: true, analyses: before, statuses: ['checking'], count: `${NN} certificates`, heading: NN, verdict: 'waiting' },
  );
  // The first 20 rows come with the listing, the rest of the first 100 in tasks of their own
  // (components/later.rs), maybe already by that frame.
  assert.ok(listed.rows >= 20 && listed.rows <= 100, `rows at the first frame: ${listed.rows}`);
  assert.match(listed.progress, /Reading certificates: \d+ %|Checking signatures: [\d,]+ of [\d,]+ certificates|Building chains and checking signatures/);
  assert.match(listed.verdictText, /The verdict comes once the chains are checked/);
  // The filter works on the listing; a card opened meanwhile says it is loading.
  assert.deepEqual({ busy: filtered.busy, rows: filtered.rows, count: filtered.count }, { busy: true, rows: 1, count: `1 of ${NN} match` });
  assert.deepEqual({ busy: openedStep.busy, loading: openedStep.loading }, { busy: true, loading: 1 });
  // The file listed is named under Files at once, being read (not an empty list).
  assert.deepEqual(await page.evaluate(() => window.__listing.files), { busy: true, text: `Being read: leaves-${N}.pem` });
  await settled(page, before);

  // The report: the card opened during the listing fills in, the statuses are checked.
  const row = page.locator(SEL.certRow);
  assert.equal(await row.count(), 1);
  const card = row.locator(SEL.card);
  await card.waitFor({ timeout: 15000 });
  assert.match(await textOf(card.locator(SEL.subject)), new RegExp(host(9876).replace(/\./g, '\\.')));
  assert.equal(await row.getAttribute('data-status'), 'issuer-missing');
  await page.fill(SEL.certFilter, '');
  assert.equal(await textOf(page.locator('[data-testid=cert-filter-count]')), `${NN} certificates`);
  // The first 20 rows come at once, the rest of the page in tasks of their own (a busy machine
  // may not have run them yet when the count is read).
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=cert-row]').length >= 50, null, { timeout: 15000 }).catch(() => {});
  assert.equal(await page.locator(SEL.certRow).count(), 50, 'the list shows its first page');
  assert.match(await textOf(page.locator('.cert-list button:has-text("Show 50 more")')), /Show 50 more \(of 9,950\)/);
  assert.equal(await page.locator('[data-testid=cert-row][data-status=checking]').count(), 0);
  assert.notEqual(await page.getAttribute(SEL.serverOutcome, 'data-outcome'), 'waiting');
  // Taking the answers (reading ~4 MB of listing, then ~19 MB, building the state, rendering)
  // is cut into tasks; how long they are is a figure, printed here and measured by ./x bench
  // on an idle machine (the target is 50 ms), not asserted: on a shared 2-core CI machine a
  // timed bound only flakes. The slicing itself is tested natively (src/ui/receive.rs). (From
  // the drop on: building the dropped file from base64 in the page is the test's own work.)
  const tasks = await page.evaluate(() => window.__longtasks.filter(([start]) => start >= window.__t0).map(([, d]) => d));
  console.log(`# 10,000 certificates: longest main-thread task after the drop ${Math.max(0, ...tasks)} ms (${tasks.length} over 50 ms)`);

  // The filter searches all 10,000, not the rows on the page; the card's details come from the worker.
  await page.fill(SEL.certFilter, host(9876));
  await page.waitForFunction(() => document.querySelector('[data-testid=cert-filter-count]')?.textContent.startsWith('1 of'));
  assert.equal(await row.count(), 1);
  assert.match(await textOf(card.locator(SEL.subject)), new RegExp(host(9876).replace(/\./g, '\\.')));
  await page.fill(SEL.certFilter, '');

  // The hierarchy: one issuer (not dropped) with 10,000 leaves, 50 of them shown, then "show more".
  await page.click('details.folded > summary');
  const tree = page.locator(`${SEL.hierarchy} ul.tree`);
  await tree.waitFor();
  const leaves = tree.locator('.tree-node .tree-node');
  assert.equal(await leaves.count(), 50, 'the first 50 children of the issuer');
  const more = tree.locator('[data-testid=tree-more]');
  assert.equal(await textOf(more), 'Show 50 more (of 9950)');
  // Keyboard: the button is reachable and works with Enter; the focus stays on it.
  await more.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=hierarchy] .tree-node .tree-node').length === 100);
  assert.equal(await textOf(more), 'Show 50 more (of 9900)');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'tree-more');
  await screenshot(page, 'scale-hierarchy-light', { fullPage: false });

  // A leaf opened from the tree (number 121: beyond the list's first page) opens in the list.
  await more.click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=hierarchy] .tree-node .tree-node').length === 150);
  const link = tree.locator('a.node-name', { hasText: host(120) });
  await link.click();
  const opened = page.locator(`${SEL.certRow}.open`, { has: page.locator(SEL.subject, { hasText: host(120) }) });
  await opened.locator(SEL.card).waitFor({ timeout: 15000 });
  assert.equal(await page.locator(SEL.certRow).count(), 51, 'the first page and the opened certificate');
  await opened.scrollIntoViewIfNeeded();
  await screenshot(page, 'scale-list-light', { fullPage: false });
  assertNoPageErrors(page);
  await page.context().close();
});

test('10,000 certificates in dark mode and a 600 px column: the paged hierarchy', async () => {
  const page = await app.newPage({ colorScheme: 'dark', viewport: { width: 600, height: 900 } });
  await dropFiles(page, [{ path, name: `leaves-${N}.pem` }]);
  // The list's first page is in (its rows come in tasks of their own after the answer): on a
  // busy machine the rows still coming moved the disclosure below them under the click, which
  // then opened a row instead.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=cert-row]').length >= 50, null, { timeout: 15000 });
  await page.click('details.folded > summary');
  const more = page.locator('[data-testid=tree-more]');
  await more.waitFor();
  await more.scrollIntoViewIfNeeded();
  await screenshot(page, 'scale-hierarchy-dark-600', { fullPage: false });
  const box = await more.boundingBox();
  assert.ok(box && box.x + box.width <= 600, `"show more" fits the column: ${JSON.stringify(box)}`);
  assertNoPageErrors(page);
  await page.context().close();
});

test('leaves with their issuers: the bar counts the signatures checked before the chains, it does not stand still', async () => {
  // 1,000 leaves (their signatures no longer verify: their names were changed) and the chain
  // they claim (fullchain.pem: a leaf, its issuing CA, the root): each leaf's signature is
  // checked with the CA's key before any chain is built, the bulk of the worker's time.
  const withIssuers = bundle(1000, readFileSync(fixture('chain/fullchain.pem'), 'utf8'));
  const page = await app.newPage();
  await watchProgress(page);
  const before = await page.evaluate(() => Number(document.querySelector('main[data-analyses]')?.dataset.analyses ?? 0));
  await dropFilesOnly(page, [{ path: withIssuers, name: 'leaves-with-issuers.pem' }]);
  await settled(page, before);
  const bars = await progressSeen(page);
  const signatures = bars.filter(([, , text]) => /^Checking signatures: [\d,]+ of 1,003 certificates$/.test(text));
  assert.ok(signatures.some(([value]) => value > 0), `the bar moved while signatures were checked: ${JSON.stringify(bars.slice(0, 12))}`);
  // Signatures first, then chains; never back.
  const firstChain = bars.findIndex(([, , text]) => text.startsWith('Building chains'));
  assert.ok(firstChain < 0 || bars.slice(firstChain).every(([, , text]) => !text.startsWith('Checking signatures')), 'chains after signatures');
  await assertNoPageErrors(page);
  await page.close();
});
