// The answer first (issue 13): the verdict bar at the top, one status per certificate, the
// chooser and automatic server-certificate mode, the typed date, a 600 px column without
// horizontal scrolling, the certificate list with its filter, keyboard and focus, the static
// shell before the app runs, and axe-core (no serious or critical violation).
// Screenshots light/dark at 1280 and 600 px go to tests/e2e/out/answer-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  SEL, startApp, fixture, dropFiles, cardWithSubject, textOf, screenshot, assertNoPageErrors,
} from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const CHAIN = ['chain/ee_client.cer', 'chain/int_ca.der', 'chain/root_ca.der'].map(fixture);
const REVOKED = ['chain/ee_revoked.der', 'chain/int_ca.der', 'chain/root_ca.der', 'crl/int01.crl', 'crl/root.crl'].map(fixture);
const LDAP = ['chain/ee_ldap_only_cdp.der', 'chain/ee_client.cer', 'chain/int_ca.der', 'chain/root_ca.der'].map(fixture);
// A larger drop: many end certificates under one chain (more than the few shown open).
const MANY = [
  'ee_client.cer', 'ee_client_sid_url.der', 'ee_ec_p256.der', 'ee_ec_p384.der', 'ee_expired.der', 'ee_intranet_cdp.der',
  'ee_ldap_only_cdp.der', 'ee_no_cdp.der', 'ee_no_eku.der', 'ee_not_yet_valid.der', 'ee_revoked.der', 'ee_server.der',
  'ee_smartcard.der', 'int_ca.der', 'root_ca.der',
].map((f) => fixture(`chain/${f}`));

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

/** The verdict bar's outcome line, once rendered. */
async function outcome(page) {
  const o = page.locator(SEL.serverOutcome).first();
  await o.waitFor({ timeout: 15000 });
  return o;
}

async function noHorizontalOverflow(page, what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${what}: no horizontal scrolling (content ${overflow} px too wide)`);
}

async function axeViolations(page) {
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { resultTypes: ['violations'] }),
  );
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

for (const width of [1280, 600]) {
  for (const scheme of ['light', 'dark']) {
    test(`the verdict is in the first viewport at ${width} px (${scheme})`, async () => {
      const page = await app.newPage({ viewport: { width, height: 800 }, colorScheme: scheme });
      for (const [name, files] of [['one certificate', [fixture('chain/ee_client.cer')]], ['full chain', CHAIN]]) {
        await dropFiles(page, files);
        const o = await outcome(page);
        const box = await o.boundingBox();
        assert.ok(box && box.y >= 0 && box.y + box.height <= 800, `${name}: the outcome line is at y=${box?.y} (+${box?.height}) within 800 px`);
        console.log(`# verdict y-position, ${name}, ${width} px ${scheme}: ${Math.round(box.y)} px`);
        const headline = await textOf(o);
        assert.ok(headline.length > 10, `a verdict in words: "${headline}"`);
        await noHorizontalOverflow(page, `${name} at ${width} px`);
        if (name === 'full chain') {
          await screenshot(page, `answer-${width}-${scheme}-first-screen`, { fullPage: false });
          await screenshot(page, `answer-${width}-${scheme}`);
        }
        await page.click('text=Clear all');
        await page.locator(SEL.serverOutcome).waitFor({ state: 'detached' });
      }
      assertNoPageErrors(page);
      await page.context().close();
    });
  }
}

test('a revoked certificate never shows a "valid" badge, on the card, the list, the hierarchy or the trace', async () => {
  const page = await app.newPage();
  await dropFiles(page, REVOKED);
  const card = cardWithSubject(page, 'CN=heidi');
  await card.first().waitFor({ timeout: 15000 });
  assert.equal(await card.getAttribute('data-status'), 'revoked');
  const badges = page.locator('[data-testid=status-badge][data-status=revoked]');
  // Row, card, hierarchy node, and the trace's certificate line all say it the same way.
  assert.ok((await badges.count()) >= 3, `revoked badges: ${await badges.count()}`);
  for (const text of await badges.allInnerTexts()) assert.match(text, /Revoked/);
  const cardBadges = await card.locator('.badge').allInnerTexts();
  for (const t of cardBadges) assert.doesNotMatch(t, /\bvalid\b/i, `no "valid" badge on a revoked card: ${cardBadges}`);
  const node = page.locator('.node-row', { has: page.locator('.node-name', { hasText: 'heidi' }) }).first();
  assert.match(await textOf(node), /Revoked/);
  assert.doesNotMatch(await textOf(node), /\bvalid\b/i);
  assert.notEqual(await (await outcome(page)).getAttribute('data-outcome'), '200', 'a revoked certificate is never accepted');
  assertNoPageErrors(page);
  await page.context().close();
});

test('the chooser: the verdict can be about any certificate; a server certificate switches to server mode and says so', async () => {
  const page = await app.newPage();
  await dropFiles(page, [fixture('chain/ee_client.cer'), fixture('chain/ee_server.pem')]);
  const o = await outcome(page);
  const chosen = () => page.evaluate(() => document.querySelector('#verdict-cert').selectedOptions[0]?.textContent ?? '');
  assert.match(await chosen(), /alice/);
  const clientOutcome = await o.getAttribute('data-outcome');
  const serverIndex = await page.locator('#verdict-cert option', { hasText: 'www.contoso.com' }).getAttribute('value');
  await page.selectOption('#verdict-cert', serverIndex);
  await page.locator('[data-testid=auto-server-mode]').waitFor({ timeout: 15000 });
  assert.match(await textOf(page.locator('[data-testid=auto-server-mode]')), /server certificate for www\.contoso\.com/);
  const serverOutcome = await (await outcome(page)).getAttribute('data-outcome');
  assert.notEqual(serverOutcome, clientOutcome);
  assert.ok(['trusted', 'untrusted', 'name-mismatch', 'expired', 'wrong-usage', 'weak-algorithm', 'validity-too-long'].includes(serverOutcome), serverOutcome);
  // The user can switch back to a client verdict.
  await page.click('[data-testid=verdict-mode]');
  await page.waitForFunction(() => !document.querySelector('[data-testid=auto-server-mode]'));
  // "Check this certificate" on alice's card makes the verdict about her again.
  await cardWithSubject(page, 'CN=alice').locator('[data-testid=check-this]').click();
  await page.waitForFunction(() => /alice/.test(document.querySelector('#verdict-cert option:checked').textContent));
  assert.equal(await (await outcome(page)).getAttribute('data-outcome'), clientOutcome);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'verdict', 'focus goes to the verdict');
  assertNoPageErrors(page);
  await page.context().close();
});

test('CA certificates only: no client verdict, a neutral "these are CA certificates"', async () => {
  const page = await app.newPage();
  await dropFiles(page, [fixture('chain/int_ca.der'), fixture('chain/root_ca.der')]);
  const o = await outcome(page);
  assert.equal(await o.getAttribute('data-outcome'), 'ca-certificates');
  assert.match(await textOf(o), /CA certificates/);
  assert.doesNotMatch(await textOf(page.locator('[data-testid=verdict-bar]')), /importpfx|403\./);
  assertNoPageErrors(page);
  await page.context().close();
});

test('a larger drop: a compact list, cards closed, a filter by name, thumbprint and status, findings grouped', async () => {
  const page = await app.newPage();
  await dropFiles(page, MANY);
  await outcome(page);
  const rows = page.locator('[data-testid=cert-row]');
  const n = await rows.count();
  assert.equal(n, MANY.length);
  assert.equal(await page.locator(SEL.card).count(), 0, 'cards are closed (and not rendered) beyond a few certificates');
  const filter = page.locator('[data-testid=cert-filter]');
  await filter.fill('heidi');
  assert.equal(await rows.count(), 1);
  await filter.fill('');
  // By thumbprint, as Windows shows it (upper case, with spaces).
  await rows.nth(0).locator('button.cert-row').click();
  const thumb = (await textOf(page.locator(SEL.card).locator(SEL.thumbprint).first())).replace(/\s/g, '');
  await filter.fill(thumb.slice(0, 12).replace(/(..)/g, '$1 '));
  assert.equal(await rows.count(), 1);
  await filter.fill('expired');
  assert.ok((await rows.count()) >= 1);
  for (const s of await rows.evaluateAll((els) => els.map((e) => e.dataset.status))) assert.equal(s, 'expired');
  const groups = page.locator('[data-testid=finding-groups] > li');
  assert.ok((await groups.count()) > 0);
  const elements = await page.evaluate(() => document.getElementsByTagName('*').length);
  console.log(`# ${MANY.length} certificates: ${elements} elements, page ${await page.evaluate(() => document.documentElement.scrollHeight)} px tall`);
  assertNoPageErrors(page);
  await page.context().close();
});

test('keyboard: a skip link to the verdict, focus to the password field, focus after "Remove"', async () => {
  const page = await app.newPage();
  await dropFiles(page, [fixture('chain/ee_client.cer'), fixture('chain/root_ca.der')]);
  await outcome(page);
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('Tab');
  assert.match(await page.evaluate(() => document.activeElement?.textContent ?? ''), /verdict/i, 'the first Tab stop is the skip link');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash === '#verdict');
  // Remove the first file: focus goes to the next file's Remove button.
  const removes = page.locator('.files button.remove');
  const nextId = await removes.nth(1).getAttribute('id');
  await removes.first().click();
  await page.waitForFunction((id) => document.activeElement?.id === id, nextId);
  // Remove the last: focus goes to "Add files".
  await page.locator('.files button.remove').first().click();
  await page.waitForFunction(() => document.activeElement?.id === 'add-files');
  // A PFX that needs its password takes the focus.
  await dropFiles(page, [fixture('pkcs12/ee_client_aes256.pfx')]);
  await page.waitForSelector(SEL.passwordInput, { timeout: 15000 });
  await page.waitForFunction(() => document.activeElement?.matches('input[type=password]'));
  assertNoPageErrors(page);
  await page.context().close();
});

test('before the app runs, the static page shows the title, the drop zone and "loading"', async () => {
  const context = await app.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(app.url);
  const text = await textOf(page.locator('body'));
  assert.match(text, /certlens/);
  assert.match(text, /Drop files/);
  assert.match(text, /Loading/i);
  await context.close();
});

test('axe-core: no serious or critical violation (empty page, one certificate, a chain with verdict and details open; light and dark)', async () => {
  for (const scheme of ['light', 'dark']) {
    const page = await app.newPage({ colorScheme: scheme, bypassCSP: true });
    const found = [];
    found.push(...(await axeViolations(page)).map((v) => `empty page: ${v}`));
    await dropFiles(page, [fixture('chain/ee_client.cer')]);
    await outcome(page);
    found.push(...(await axeViolations(page)).map((v) => `one certificate: ${v}`));
    await page.click('text=Clear all');
    await dropFiles(page, CHAIN);
    await outcome(page);
    for (const s of await page.locator('details.more > summary').all()) await s.click();
    await page.locator('button', { hasText: 'Show ASN.1 structure' }).first().click();
    for (const s of await page.locator('details.url > summary').all()) await s.click();
    found.push(...(await axeViolations(page)).map((v) => `chain with details: ${v}`));
    assert.deepEqual(found, [], `axe (${scheme})`);
    assertNoPageErrors(page);
    await page.context().close();
  }
});
