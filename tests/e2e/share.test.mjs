// End-to-end tests of share links, embed mode, export and hosting (issue 14), all against one
// server that hosts the app the strict way: under a sub-path (/tools/certlens/), with the CSP
// headers the README recommends (no inline script), logging every request.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import {
  SEL, OUT_DIR, startApp, fixture, dropFiles, cardWithSubject, screenshot, assertNoPageErrors, chooseSetting, textOf,
} from './lib.mjs';

const PREFIX = '/tools/certlens/';
const LOG = join(OUT_DIR, 'share-requests.log');

let app;
before(async () => {
  mkdirSync(OUT_DIR, { recursive: true });
  rmSync(LOG, { force: true });
  app = await startApp({ prefix: PREFIX, csp: true, log: LOG, frameAncestors: 'http://wiki.example http://evil.example' });
});
after(async () => {
  await app?.close();
});

/** Decode a share link's fragment as the README describes format 1: parts by tag. */
function decodeLink(url) {
  const fragment = url.split('#')[1];
  assert.match(fragment, /^cl1\./);
  const payload = inflateRawSync(Buffer.from(fragment.slice(4), 'base64url'));
  const parts = [];
  let pos = 0;
  while (pos < payload.length) {
    const tag = payload[pos++];
    let len = 0;
    let shift = 0;
    for (;;) {
      const b = payload[pos++];
      len |= (b & 0x7f) << shift;
      shift += 7;
      if (!(b & 0x80)) break;
    }
    parts.push({ tag, bytes: payload.subarray(pos, pos + len) });
    pos += len;
  }
  const meta = JSON.parse(parts[0].bytes.toString('utf8'));
  return { payload, parts, meta };
}

async function outcome(page) {
  const v = page.locator(SEL.serverOutcome).first();
  await v.waitFor({ timeout: 15000 });
  return v.getAttribute('data-outcome');
}

async function subjects(page) {
  return page.locator(`${SEL.card} ${SEL.subject}`).allInnerTexts();
}

async function makeLink(page) {
  await page.click('[data-testid=share-button]');
  const input = page.locator('[data-testid=share-url]');
  await input.waitFor({ timeout: 15000 });
  return input.inputValue();
}

test('the page is served from a sub-path under a CSP without inline script', async () => {
  const res = await fetch(app.url);
  const csp = res.headers.get('content-security-policy');
  assert.ok(csp && !csp.includes('unsafe-inline'), csp);
  assert.match(csp, /frame-ancestors/);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  const html = await res.text();
  assert.doesNotMatch(html, /unsafe-inline/);
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script in index.html');
  assert.doesNotMatch(html, /(href|src)=["']?\/(?!\/)/, 'asset URLs are relative');
  assert.ok(app.url.endsWith(PREFIX), app.url);
  const wasm = html.match(/href=["']?\.\/([^"'\s>]+\.wasm)/);
  assert.ok(wasm, 'the wasm is preloaded by a relative URL');
  const w = await fetch(app.url + wasm[1]);
  assert.equal(w.headers.get('content-type'), 'application/wasm');

  const page = await app.newPage();
  await dropFiles(page, [fixture('chain/ee_client.cer')]);
  await cardWithSubject(page, 'CN=alice').first().waitFor({ timeout: 15000 });
  assertNoPageErrors(page);
  await page.context().close();
});

test('a link rebuilds the view in a fresh page: verdict, certificates, settings, open card', async () => {
  const page = await app.newPage();
  await dropFiles(page, [fixture('chain/ee_client.cer'), fixture('chain/int_ca.cer'), fixture('chain/root_ca.cer')]);
  await cardWithSubject(page, 'CN=alice').first().waitFor({ timeout: 15000 });
  await chooseSetting(page, '#set-ssl', 'accept');
  await chooseSetting(page, '#set-tls', 'tls13');
  const before = { outcome: await outcome(page), subjects: await subjects(page) };
  const url = await makeLink(page);
  assert.ok(url.startsWith(app.url + '#cl1.'), url);
  const shown = Number(await page.locator('[data-testid=share-url]').getAttribute('data-length'));
  assert.equal(shown, url.length);
  assert.match(await page.locator('[data-testid=share-length]').innerText(), new RegExp(`^${url.length.toLocaleString("en-US")} characters`));
  assert.equal(new URL(await page.url()).hash, new URL(url).hash, 'the address bar carries the view');
  const { meta } = decodeLink(url);
  assert.equal(meta.server.ssl, 'accept');
  await screenshot(page, 'share-link');
  assertNoPageErrors(page);
  await page.context().close();

  const fresh = await app.newPage({ path: '#' + url.split('#')[1] });
  await cardWithSubject(fresh, 'CN=alice').first().waitFor({ timeout: 15000 });
  assert.equal(await outcome(fresh), before.outcome);
  assert.deepEqual(await subjects(fresh), before.subjects);
  assert.equal(await fresh.locator('#set-ssl').inputValue(), 'accept');
  assert.equal(await fresh.locator('#set-tls').inputValue(), 'tls13');
  await fresh.locator('[data-testid=link-notice]').waitFor({ timeout: 15000 });
  // A link made from the rebuilt view carries the same certificates and settings.
  const again = decodeLink(await makeLink(fresh));
  const first = decodeLink(url);
  assert.deepEqual(again.parts.slice(1), first.parts.slice(1));
  assert.deepEqual(again.meta.server, first.meta.server);
  assert.equal(again.meta.at, first.meta.at);
  // The sharer did not fix the time and let the page choose the verdict: so does the new link.
  assert.equal(first.meta.fixed_time, false);
  assert.equal(again.meta.fixed_time, first.meta.fixed_time);
  assert.equal(first.meta.mode, 'auto');
  assert.equal(again.meta.mode, first.meta.mode);
  assertNoPageErrors(fresh);
  await fresh.context().close();
});

test('a link made after opening a .pfx with its password holds no key and says so', async () => {
  const page = await app.newPage();
  await dropFiles(page, [{ path: fixture('pkcs12/ee_client_aes256.pfx'), name: 'alice.pfx' }]);
  await page.waitForSelector(SEL.passwordInput, { timeout: 15000 });
  await page.fill(SEL.passwordInput, 'certlens');
  await page.click(SEL.passwordSubmit);
  await cardWithSubject(page, 'CN=alice').first().waitFor({ timeout: 15000 });
  const verdict = await outcome(page);
  const url = await makeLink(page);
  const { payload, parts, meta } = decodeLink(url);
  assert.deepEqual([...new Set(parts.map((p) => p.tag))].sort(), [1, 2], 'only the meta and certificates');
  // No piece of alice's private key (the private exponent and primes follow the modulus).
  const keyDer = Buffer.from(readFileSync(fixture('keys/ee_client.pem'), 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64');
  for (const at of [400, 600, 800, 1000]) {
    assert.equal(payload.indexOf(keyDer.subarray(at, at + 24)), -1, `key bytes at ${at} are not in the link`);
  }
  assert.doesNotMatch(JSON.stringify(meta), /certlens"|password"/i);
  assert.ok(meta.files[0].held.some((h) => /^alice\.pfx held a private key/.test(h)), JSON.stringify(meta.files));
  await page.context().close();

  const fresh = await app.newPage({ path: '#' + url.split('#')[1] });
  const notice = fresh.locator('[data-testid=link-notice]');
  await notice.waitFor({ timeout: 15000 });
  assert.match(await notice.innerText(), /alice\.pfx held a private key.*not in this link/);
  assert.equal(await outcome(fresh), verdict, 'the same verdict without the key');
  assert.equal(await fresh.locator(SEL.passwordInput).count(), 0, 'no password is asked for');
  await screenshot(fresh, 'share-pfx-link');
  assertNoPageErrors(fresh);
  await fresh.context().close();
});

test('a corrupted link shows its error and the page still works', async () => {
  const page = await app.newPage({ path: '#cl1.AAAAbm90IGEgbGluaw' });
  const error = page.locator('[data-testid=link-error]');
  await error.waitFor({ timeout: 15000 });
  assert.match(await error.innerText(), /damaged/);
  assert.equal(await page.locator(SEL.card).count(), 0);
  await dropFiles(page, [fixture('chain/ee_client.cer')]);
  await cardWithSubject(page, 'CN=alice').first().waitFor({ timeout: 15000 });
  const newer = await app.newPage({ path: '#cl9.AAAA' });
  await newer.locator('[data-testid=link-error]').waitFor({ timeout: 15000 });
  assert.match(await newer.locator('[data-testid=link-error]').innerText(), /format 9/);
  assertNoPageErrors(page);
  assertNoPageErrors(newer);
  await page.context().close();
  await newer.context().close();
});

test('exports: Markdown, JSON with settings, chain as PEM and .p7b', async () => {
  const page = await app.newPage();
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.url).origin });
  await dropFiles(page, [fixture('chain/ee_client.cer'), fixture('chain/int_ca.cer'), fixture('chain/root_ca.cer')]);
  await cardWithSubject(page, 'CN=alice').first().waitFor({ timeout: 15000 });
  await chooseSetting(page, '#set-ssl', 'accept');
  await page.click('[data-testid=copy-markdown]');
  await page.waitForFunction(() => /Markdown copied/.test(document.body.innerText), null, { timeout: 15000 });
  const md = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(md, /### Verdict/);
  assert.match(md, /### Chain/);
  assert.match(md, /CN=alice/);
  const download = async (testid) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=${testid}]`)]);
    const path = join(OUT_DIR, d.suggestedFilename());
    await d.saveAs(path);
    return { name: d.suggestedFilename(), bytes: readFileSync(path) };
  };
  const mdFile = await download('download-md');
  assert.equal(mdFile.name, 'certlens-report.md');
  assert.match(mdFile.bytes.toString(), /### Certificates/);
  const pem = await download('download-chain-pem');
  assert.equal((pem.bytes.toString().match(/BEGIN CERTIFICATE/g) || []).length, 3);
  const p7b = await download('download-chain-p7b');
  assert.equal(p7b.bytes[0], 0x30);
  assert.ok(p7b.bytes.includes(Buffer.from([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02])), 'signedData');
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download report (JSON)' }).click()]);
  const jsonPath = join(OUT_DIR, 'share-report.json');
  await d.saveAs(jsonPath);
  const json = JSON.parse(readFileSync(jsonPath, 'utf8'));
  assert.equal(json.server_settings.ssl, 'accept');
  assert.equal(json.certificates.length, 3);

  assert.equal(pem.name, 'chain.pem');
  assert.equal(await textOf(page.locator('[data-testid=download-chain-pem]')), 'Chain as PEM');

  // Print: the verdict and the certificates, no controls.
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.locator(SEL.serverOutcome).first().isVisible());
  assert.ok(await page.locator(SEL.card).first().isVisible());
  for (const sel of ['[data-testid=share-button]', SEL.pasteInput, '#set-ssl', 'button']) {
    assert.equal(await page.locator(sel).first().isVisible(), false, `${sel} is hidden in print`);
  }
  const pdf = await page.pdf({ path: join(OUT_DIR, 'share-print.pdf'), format: 'A4' });
  assert.ok(pdf.length > 1000);
  assertNoPageErrors(page);
  await page.context().close();
});

test('print: the verdict, the trace and the certificates; no drop zone, buttons, selects, filter or share panel', async () => {
  const page = await app.newPage({ viewport: { width: 1280, height: 900 } });
  await dropFiles(page, [
    fixture('chain/ee_client.cer'), fixture('chain/ee_ldap_only_cdp.der'), fixture('chain/int_ca.der'), fixture('chain/root_ca.der'),
  ]);
  await outcome(page);
  // Four certificates: the list with its filter; the verdict's card opened.
  await page.locator(SEL.certRow, { hasText: 'alice' }).locator('button.cert-row').click();
  await cardWithSubject(page, 'CN=alice').waitFor();
  await page.locator('[data-testid=share-button]').click();
  await page.locator('[data-testid=share-url]').waitFor();
  await page.emulateMedia({ media: 'print' });
  for (const [what, sel] of [
    ['the verdict', SEL.serverOutcome], ['the trace', '#why'], ['a step of the trace', '.trace .step'],
    ['the certificate list', SEL.certRow], ['the open card', SEL.card], ['the evaluation date', '.eval-time .print-only'],
  ]) {
    assert.ok(await page.locator(sel).first().isVisible(), `${what} (${sel}) is printed`);
  }
  for (const [what, sel] of [
    ['the drop zone', '#add-files'], ['the paste box', '.intake'], ['the share panel', '.share'], ['the share link', '[data-testid=share-url]'],
    ['the filter', SEL.certFilter], ['the chooser', SEL.verdictChooser], ['the quick toggles', SEL.verdictToggles],
    ['the server settings', '.server-settings'], ['the date input', SEL.evalDate], ['the tools', '[data-testid=tools]'],
  ]) {
    const n = await page.locator(sel).count();
    assert.ok(n > 0, `${what} (${sel}) is on the screen page`);
    for (let i = 0; i < n; i++) assert.equal(await page.locator(sel).nth(i).isVisible(), false, `${what} (${sel}) is not printed`);
  }
  // No control at all, except the certificate rows (printed as lines).
  const controls = await page.evaluate(() => [...document.querySelectorAll('button, input, select, textarea')]
    .filter((el) => el.getClientRects().length > 0 && !el.classList.contains('cert-row'))
    .map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(controls, [], 'controls printed');
  await screenshot(page, 'print-1280');
  const pdf = await page.pdf({ path: join(OUT_DIR, 'print.pdf'), format: 'A4', printBackground: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  console.log(`# print: ${pages} A4 pages, ${pdf.length} bytes`);
  assert.ok(pages >= 1 && pages <= 6, `${pages} pages`);
  assertNoPageErrors(page);
  await page.context().close();
});

for (const scheme of ['light', 'dark']) {
  test(`embed mode (${scheme}, 600 px): the verdict bar and the certificate list, details on click, no page chrome`, async () => {
    // A view to embed: a chain, as a share link.
    const source = await app.newPage();
    await dropFiles(source, [fixture('chain/ee_client.cer'), fixture('chain/ee_ldap_only_cdp.der'), fixture('chain/int_ca.der'), fixture('chain/root_ca.der')]);
    await outcome(source);
    await source.click('[data-testid=share-button]');
    const url = await source.locator('[data-testid=share-url]').inputValue();
    await source.context().close();
    const fragment = url.split('#')[1];
    const page = await app.newPage({ path: `?embed#${fragment}`, viewport: { width: 600, height: 800 }, colorScheme: scheme });
    await page.locator(SEL.certRow).first().waitFor({ timeout: 15000 });
    assert.ok(await page.locator(SEL.verdictBar).isVisible());
    assert.equal(await page.locator(SEL.certRow).count(), 4);
    assert.equal(await page.locator(SEL.card).count(), 0, 'cards closed until clicked');
    for (const sel of ['.masthead', '.intake', '.share', '[data-testid=tools]', '#files-heading', '#hierarchy-heading',
      '.server-settings', '#findings-heading', '.colophon', '.skip-link', SEL.evalDate]) {
      assert.equal(await page.locator(sel).count(), 0, `${sel} is not in the embed layout`);
    }
    // The verdict and the list fit the frame's first screen.
    const lastRow = await page.locator(SEL.certRow).last().boundingBox();
    assert.ok(lastRow.y + lastRow.height <= 800, `the list ends at ${lastRow.y + lastRow.height} px`);
    await screenshot(page, `embed-600-${scheme}`);
    // Details on click; the reasons behind a disclosure; the full view one link away.
    await page.locator(SEL.certRow, { hasText: 'alice' }).locator('button.cert-row').click();
    await cardWithSubject(page, 'CN=alice').waitFor();
    await page.locator('[data-testid=embed-why] > summary').click();
    await page.locator('#why').waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 600, `no horizontal scrolling (${width} px)`);
    const [full] = await Promise.all([page.context().waitForEvent('page'), page.click('[data-testid=embed-open]')]);
    await full.waitForSelector(SEL.ready, { state: 'attached', timeout: 30000 });
    assert.doesNotMatch(full.url(), /[?&]embed/);
    assert.match(full.url(), /#cl1\./);
    await full.locator(SEL.serverOutcome).waitFor({ timeout: 15000 });
    assert.ok(await full.locator('.masthead').isVisible(), 'the full view has its chrome');
    await screenshot(page, `embed-600-${scheme}-open`);
    assertNoPageErrors(page);
    await page.context().close();
  });
}

/** A host page at `origin` (served by the browser itself, never the network) embedding certlens. */
async function hostPage(origin, allow) {
  const context = await app.browser.newContext({ viewport: { width: 900, height: 900 } });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(`pageerror: ${e.message}`));
  const src = `${app.url}?embed&allow=${encodeURIComponent(allow)}`;
  await page.route(`${origin}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><meta charset="utf-8"><title>wiki</title>
        <script>window.received = []; addEventListener('message', (e) => window.received.push({ origin: e.origin, data: e.data }));</script>
        <h1>Wiki page</h1><div style="width:600px"><iframe id="f" src="${src}" width="600" height="200" style="border:0"></iframe></div>`,
    }),
  );
  await page.goto(`${origin}/host.html`);
  return page;
}

test('embed mode: the frame reports its height and takes certificates from an allowed page only', async () => {
  const pem = readFileSync(fixture('chain/ee_client.pem'), 'utf8');
  const page = await hostPage('http://wiki.example', 'http://wiki.example');
  const frame = page.frameLocator('#f');
  await frame.locator('[data-testid=embed]').waitFor({ timeout: 30000 });
  await page.waitForFunction(() => window.received.some((m) => m.data?.type === 'certlens:height'), null, { timeout: 15000 });
  const h0 = await page.evaluate(() => window.received.filter((m) => m.data?.type === 'certlens:height').at(-1).data.height);
  assert.ok(h0 > 0);
  await page.evaluate((pem) => {
    document.getElementById('f').contentWindow.postMessage({ type: 'certlens:add', files: [{ name: 'alice.pem', text: pem }] }, '*');
  }, pem);
  // The compact layout: the verdict bar and the list; the card opens on click.
  await frame.locator(SEL.certRow).first().waitFor({ timeout: 15000 });
  assert.equal(await frame.locator(SEL.card).count(), 0, 'cards open on click only');
  assert.equal(await frame.locator('.masthead').count(), 0, 'no page chrome');
  await page.waitForFunction((h0) => window.received.some((m) => m.data?.type === 'certlens:height' && m.data.height > h0 + 50), h0, { timeout: 15000 });
  const h1 = await page.evaluate(() => window.received.filter((m) => m.data?.type === 'certlens:height').at(-1).data.height);
  await page.evaluate((h) => { document.getElementById('f').height = String(h); }, h1);
  await page.screenshot({ path: join(OUT_DIR, 'embed-600.png'), fullPage: true });
  // Details on click.
  await frame.locator(`${SEL.certRow} button.cert-row`).first().click();
  await frame.locator(SEL.card).first().waitFor({ timeout: 15000 });
  await frame.locator('details.more > summary').first().click();
  assert.deepEqual(page.errors, []);
  await page.context().close();

  // Another origin: its message is ignored and it hears nothing.
  const evil = await hostPage('http://evil.example', 'http://wiki.example');
  const evilFrame = evil.frameLocator('#f');
  await evilFrame.locator('[data-testid=embed]').waitFor({ timeout: 30000 });
  await evil.evaluate((pem) => {
    document.getElementById('f').contentWindow.postMessage({ type: 'certlens:add', files: [{ name: 'alice.pem', text: pem }] }, '*');
  }, pem);
  await evil.waitForTimeout(1500);
  assert.equal(await evilFrame.locator(SEL.card).count(), 0, 'a message from another origin is ignored');
  assert.deepEqual(await evil.evaluate(() => window.received), [], 'the height goes to allowed origins only');
  await evil.context().close();
});

test('the embed dialog gives an iframe snippet with the current view', async () => {
  const page = await app.newPage();
  await dropFiles(page, [fixture('chain/ee_client.cer')]);
  await cardWithSubject(page, 'CN=alice').first().waitFor({ timeout: 15000 });
  // The worker made slow to make the link (each task posted 400 ms late): until the link is
  // made the panel says so, and the dialog, whose snippet would embed an empty view, waits.
  await page.evaluate(() => {
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (msg, ...rest) {
      if (msg && typeof msg === 'object' && 'task' in msg) return void setTimeout(() => post.call(this, msg, ...rest), 400);
      return post.call(this, msg, ...rest);
    };
  });
  await page.click('[data-testid=embed-button]');
  assert.equal(await page.locator('[data-testid=share-status]').textContent(), 'Making the link\u2026');
  assert.equal(await page.locator('[data-testid=embed-dialog]').count(), 0);
  const snippet = await page.locator('[data-testid=embed-snippet]').inputValue();
  assert.match(snippet, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/tools\/certlens\/\?embed&amp;allow=[^"]+#cl1\.[A-Za-z0-9_-]+"/);
  const src = snippet.match(/src="([^"]+)"/)[1].replace(/&amp;/g, '&');
  const embedded = await app.newPage({ path: src.slice(app.url.length) });
  await embedded.locator(SEL.certRow, { hasText: 'alice' }).first().waitFor({ timeout: 15000 });
  assert.equal(await embedded.locator('.masthead').count(), 0);
  await embedded.setViewportSize({ width: 600, height: 700 });
  await screenshot(embedded, 'embed-link');
  assertNoPageErrors(embedded);
  await embedded.context().close();
  // Closed, the view changed, opened again: the snippet is made for the view as it is now.
  await page.click('[data-testid=embed-button]');
  await page.locator('[data-testid=embed-dialog]').waitFor({ state: 'detached' });
  await chooseSetting(page, '#set-ssl', 'accept');
  await page.click('[data-testid=embed-button]');
  const again = await page.locator('[data-testid=embed-snippet]').inputValue();
  assert.match(again, /#cl1\.[A-Za-z0-9_-]+"/);
  assert.notEqual(again, snippet, 'a new link for the changed view');
  assertNoPageErrors(page);
  await page.context().close();
});

test('the static server never saw a fragment', async () => {
  assert.ok(existsSync(LOG), 'requests were logged');
  const log = readFileSync(LOG, 'utf8');
  assert.match(log, /GET \/tools\/certlens\/ /);
  assert.doesNotMatch(log, /cl1\.|#/);
  writeFileSync(join(OUT_DIR, 'share-requests.checked'), 'ok\n');
});

test('a drop of CA certificates only exports every certificate, and its buttons and files say so (no verdict chain)', async () => {
  const page = await app.newPage();
  await dropFiles(page, [fixture('truststore/roots10.pem')]);
  await page.locator('[data-testid=trust-store-audit]').first().waitFor({ timeout: 15000 });
  assert.equal(await textOf(page.locator('[data-testid=download-chain-pem]')), 'All as PEM');
  assert.equal(await textOf(page.locator('[data-testid=download-chain-p7b]')), 'All as .p7b');
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-chain-pem]')]);
  assert.equal(d.suggestedFilename(), 'certificates.pem');
  const path = join(OUT_DIR, 'all-certificates.pem');
  await d.saveAs(path);
  assert.equal((readFileSync(path, 'utf8').match(/BEGIN CERTIFICATE/g) || []).length, 10);
  assertNoPageErrors(page);
  await page.context().close();
});

