// The analysis worker: not loaded by a first visit, started with the first file, and a
// worker that cannot load is told in one sentence while "Clear all" still works.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { startApp, fixture, dropFiles, dropFilesOnly, assertNoPageErrors, SEL, FIXTURES } from './lib.mjs';

let app;
before(async () => { app = await startApp(); });
after(async () => { await app?.close(); });

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

// Every certificate fixture but the hostile and broken ones: about 240 distinct certificates,
// more than the 200 above which the worker hands the page summaries (ui::work::THIN_ABOVE).
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
  await page.evaluate(() => {
    window.__progress = [];
    new MutationObserver(() => {
      const bar = document.querySelector('[data-testid=progress]');
      if (bar) window.__progress.push([bar.value, bar.max, bar.closest('[role=status]').textContent.trim()]);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await dropFiles(page, certificateFixtures());
  const progress = await page.evaluate(() => window.__progress);
  assert.ok(progress.length > 0, 'a progress bar was shown during the analysis');
  for (const [value, max, text] of progress) {
    assert.ok(value <= max && max > 0, `progress ${value} of ${max}`);
    assert.match(text, /^(Reading certificates: \d+ %|Building chains and checking signatures: [\d,]+ of [\d,]+)$/);
  }
  assert.equal(await page.locator('[data-testid=progress]').count(), 0, 'gone once the answer is in');
  const count = Number((await page.locator('[data-testid=cert-filter-count]').innerText()).match(/\d+/)[0]);
  assert.ok(count > 200, `more than 200 certificates: ${count}`);
  await page.fill(SEL.certFilter, 'alice');
  const row = page.locator(SEL.certRow).first();
  await row.locator('button.cert-row').click();
  const card = row.locator(SEL.card);
  await card.waitFor({ timeout: 15000 });
  // The card is made from the certificate in full: its notable lines, all details, the ASN.1 tree.
  await card.locator('details.more > summary').click();
  await card.locator('.details-body').waitFor();
  const extensions = Number(await card.locator('.details-body h4:has-text("Extensions") .count').innerText());
  assert.ok(extensions > 0, `the extensions came with the certificate in full: ${extensions}`);
  await card.locator('.asn1 > button').click();
  await card.locator('.asn1-tree').waitFor({ timeout: 15000 });
  assert.match(await card.locator('.asn1-tree').innerText(), /\d+ elements/);
  assertNoPageErrors(page);
  await page.context().close();
});
