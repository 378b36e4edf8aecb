// The analysis worker: not loaded by a first visit, started with the first file, and a
// worker that cannot load is told in one sentence while "Clear all" still works.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, fixture, dropFiles, dropFilesOnly, assertNoPageErrors, SEL } from './lib.mjs';

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
