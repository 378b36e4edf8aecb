// The answer first (issue 13): the verdict bar at the top, one status per certificate, the
// chooser and automatic server-certificate mode, the typed date, a 600 px column without
// horizontal scrolling, URLs in messages, the "depends" headline, the tools right after the
// verdict, one root-store list, the certificate list with its filter, keyboard and focus, the
// static shell before the app runs, and axe-core (no serious or critical violation).
// Screenshots light/dark at 1280 and 600 px go to tests/e2e/out/answer-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  SEL, startApp, fixture, dropFiles, cardWithSubject, textOf, screenshot, assertNoPageErrors, clickShown,
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

/** Every element whose box reaches past the right edge of the viewport. */
async function elementsWiderThanViewport(page) {
  return page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.right > window.innerWidth + 0.5 || r.width > window.innerWidth)) {
        out.push(`${el.tagName.toLowerCase()}.${String(el.className).replace(/ /g, '.')} (${Math.round(r.width)} px wide, right edge ${Math.round(r.right)})`);
      }
    }
    return out;
  });
}

/**
 * Open everything: every certificate row, every disclosure (cards' details, URLs, the tools,
 * paste box), every ASN.1 structure and every finding group. Clicks the first closed one
 * until none is left (a list of locators taken once would go stale as rows open).
 */
async function openEverything(page) {
  const clickAll = async (locator, what) => {
    for (let i = 0; (await locator.count()) > 0; i++) {
      assert.ok(i < 300, `${what}: still closed after 300 clicks`);
      // The last one can open (an answer of the worker arriving) between the count and the
      // click: then there is nothing left to click, which is not a failure.
      await locator.first().click({ timeout: 10000 }).catch(async (e) => {
        if ((await locator.count()) > 0) throw e;
      });
    }
  };
  await clickAll(page.locator('[data-testid=cert-row] > button[aria-expanded=false]'), 'certificate rows');
  // Opening a disclosure can render more disclosures inside it.
  await clickAll(page.locator('details:not([open]) > summary:visible'), 'disclosures');
  await clickAll(page.locator('button:visible', { hasText: 'Show ASN.1 structure' }), 'ASN.1 structures');
  await clickAll(page.locator('button[aria-expanded=false]:visible', { hasText: /more like it/ }), 'finding groups');
  await clickAll(page.locator('details:not([open]) > summary:visible'), 'disclosures');
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
  // Their text in the DOM (`innerText` is empty for what the browser skips rendering far
  // from the screen: the trace's, with content-visibility).
  for (const text of await badges.allTextContents()) assert.match(text, /Revoked/);
  // Its status line says it once: not again as a finding below it.
  assert.match(await textOf(card.locator('.status-reason')), /^Revoked on 2026-06-01/);
  assert.equal(await card.locator('.diagnostic[data-code=certificate-revoked]').count(), 0, 'the status line is not repeated as a finding');
  const cardBadges = await card.locator('.badge').allTextContents();
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

test('the known traps under the verdict are counted in words that agree: "1 known trap applies", "2 known traps apply"', async () => {
  for (const [files, words] of [
    [['chain/ee_server.pem', 'chain/int_ca.der', 'chain/root_ca.der'], '1 known trap applies'],
    [['chain/ee_server.pem'], '2 known traps apply'],
  ]) {
    const page = await app.newPage();
    await dropFiles(page, files.map((f) => fixture(f)));
    await outcome(page);
    assert.match(await textOf(page.locator('.verdict-why')), new RegExp(`· ${words}$`), files.join(' + '));
    assertNoPageErrors(page);
    await page.context().close();
  }
});

test('a server certificate with its intermediate but not the root: the bar says the verdict assumes the browser trusts that root, and browsers do not differ', async () => {
  const page = await app.newPage();
  await dropFiles(page, ['chain/ee_server.pem', 'chain/int_ca.der'].map(fixture));
  const o = await outcome(page);
  assert.equal(await o.getAttribute('data-outcome'), 'trusted');
  assert.match(await textOf(page.locator('[data-testid=verdict-assumes]')), /if "Contoso Root CA" is a root it trusts/);
  // No per-browser branches: a root is never sent, so no browser fetches it for the others;
  // the headline says browsers.
  assert.equal(await page.locator('[data-testid=verdict-toggles]').count(), 0);
  assert.equal(await textOf(o.locator('.verdict-headline')), 'Browsers accept this server certificate');
  // With the root dropped there is nothing left to assume.
  const whole = await app.newPage();
  await dropFiles(whole, ['chain/ee_server.pem', 'chain/int_ca.der', 'chain/root_ca.der'].map(fixture));
  await outcome(whole);
  assert.equal(await whole.locator('[data-testid=verdict-assumes]').count(), 0);
  assertNoPageErrors(page);
  assertNoPageErrors(whole);
  await page.context().close();
  await whole.context().close();
});

test('a server certificate dropped alone: whether the server sends the intermediate is asked, and each answer is told for the chosen browser', async () => {
  const page = await app.newPage();
  await dropFiles(page, [fixture('chain/ee_server.pem')]);
  const o = await outcome(page);
  // Chrome and Edge fetch a missing intermediate: accepted either way, so "No" promises nothing;
  // other browsers may not accept it, so the headline names the browser it is about.
  assert.equal(await o.getAttribute('data-outcome'), 'trusted');
  assert.equal(await textOf(o.locator('.verdict-headline')), 'Chrome or Edge accepts this server certificate');
  const no = page.locator('[data-setting="reach.issuer"] [data-value=no]');
  assert.equal(await textOf(no), 'No');
  assert.equal(await textOf(page.locator('[data-setting="reach.issuer"] .toggle-label')), 'The server sends the intermediate CA certificate');
  // Firefox does not: it depends on the server, and each answer says where it leads.
  await page.click('[data-setting=browser] [data-value=firefox]');
  await page.waitForFunction(() => document.querySelector('[data-testid=server-outcome]')?.dataset.outcome === 'depends');
  assert.match(await textOf(no), /No → untrusted/);
  assert.match(await textOf(page.locator('[data-setting="reach.issuer"] [data-value=yes]')), /Yes → accepted/);
  // The headline is Firefox's: what its verdict turns on, said of it (not of every browser).
  assert.equal(await textOf(o.locator('.verdict-headline')), 'It depends on what certlens cannot see: Firefox accepts it, or warns that its chain is not trusted');
  assertNoPageErrors(page);
  await page.context().close();
});

test('600 px with everything open (cards, URLs, tools, trace): no horizontal overflow, no element wider than the viewport', async () => {
  const page = await app.newPage({ viewport: { width: 600, height: 900 } });
  await dropFiles(page, LDAP);
  await outcome(page);
  await openEverything(page);
  assert.ok(await page.locator('[data-testid=mapping-helper]').isVisible(), 'the mapping helper is open');
  assert.ok(await page.locator('#why').isVisible(), 'the trace is there');
  assert.ok((await page.locator('details.url[open]').count()) >= 4, 'URLs are expanded');
  assert.ok((await page.locator('.asn1-tree').count()) >= 4, 'ASN.1 structures are open');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 600, `document.documentElement.scrollWidth = ${width} px`);
  assert.deepEqual(await elementsWiderThanViewport(page), [], 'elements wider than the 600 px viewport');
  await screenshot(page, 'answer-ldap-600-everything-open');
  assertNoPageErrors(page);
  await page.context().close();
});

test('rows, cards and the trace far from the screen are not rendered until scrolled to; the trace keeps its numbers', async () => {
  // A settings change from the verdict bar renders the trace again far below the screen: the
  // browser skips its layout and paint there (content-visibility), and those of rows and
  // cards out of view (docs/performance.md, "ninth session").
  const page = await app.newPage({ viewport: { width: 1280, height: 900 } });
  await dropFiles(page, CHAIN);
  await outcome(page);
  const frames = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const rendered = (sel) => page.locator(sel).evaluate((e) => e.checkVisibility({ contentVisibilityAuto: true }));
  await page.evaluate(() => window.scrollTo(0, 0));
  await frames();
  assert.equal(await rendered('.trace .step >> nth=0'), false, 'the trace, far below the verdict, is skipped');
  assert.equal(await rendered('.cert-item >> nth=0 >> .card'), true, 'the first card, on screen, is rendered');
  await page.locator('.trace .step').first().scrollIntoViewIfNeeded();
  await frames();
  assert.equal(await rendered('.trace .step >> nth=0'), true, 'scrolled to, the trace is rendered');
  assert.equal(await rendered('.cert-item >> nth=0 >> .card'), false, 'the first card, now far above, is skipped');
  // The steps' numbers come from a counter across the steps: containment on a step would
  // restart it at each one.
  const numbers = await page.locator('.trace .step').evaluateAll((steps) => steps.map((s) => getComputedStyle(s).contain + '|' + getComputedStyle(s).contentVisibility));
  assert.ok(numbers.length >= 5 && numbers.every((n) => n === 'none|visible'), `no containment on a step: ${numbers}`);
  assertNoPageErrors(page);
  await page.context().close();
});

test('a URL in a message shows as its scheme and host, the full address on expand, copyable (not the percent-encoded LDAP URL)', async () => {
  const page = await app.newPage({ viewport: { width: 600, height: 900 } });
  await dropFiles(page, LDAP);
  await outcome(page);
  const row = page.locator('[data-testid=cert-row]', { hasText: 'Test LDAP CDP' }).locator('button.cert-row');
  await row.click();
  const card = cardWithSubject(page, 'Test LDAP CDP');
  await card.waitFor();
  // The card's "Revocation" line about the missing CRL (not repeated as a note under the
  // status), and the same finding at the bottom.
  assert.equal(await card.locator('.diagnostic[data-code=revocation-no-crl]').count(), 0, 'said once on the card');
  for (const [where, note] of [
    ['card', card.locator('[data-testid=revocation]').first()],
    ['findings', page.locator('[data-testid=finding-groups] .diagnostic[data-code=revocation-no-crl]').first()],
  ]) {
    await note.scrollIntoViewIfNeeded();
    const text = await textOf(note);
    // The card says it of itself; the list of findings names the file and the certificate.
    assert.match(text.replace(/^note\s+/i, ''), where === 'card' ? /^no CRL provided/ : /^[^:]+: Test LDAP CDP: no CRL provided/, `${where}: ${text}`);
    assert.doesNotMatch(text, /%20|CN=Contoso/, `${where}: the percent-encoded URL is not spelled out: "${text}"`);
    const url = note.locator('details.url').first();
    assert.match(await textOf(url.locator('summary')), /^LDAP the domain's directory/, where);
    await url.locator('summary').click();
    assert.match(await textOf(url.locator('.url-full')), /^ldap:\/\/\/CN=Contoso%20Issuing%20CA%2001,/, where);
    assert.equal(await url.locator('button.copy').count(), 1, `${where}: the full URL is copyable`);
    assert.equal(await url.locator('.url-full a[href^="ldap:"]').count(), 1, `${where}: an LDAP link`);
  }
  await screenshot(page, 'answer-ldap-note-600', { fullPage: false });
  assertNoPageErrors(page);
  await page.context().close();
});

test('typing a date (Chromium: month, day, year parts; Tab moves between them) commits once; a year outside 1950-9999 is refused with a message', async () => {
  const page = await app.newPage({ locale: 'en-US' });
  await dropFiles(page, [fixture('chain/ee_client.cer')]);
  await outcome(page);
  const main = page.locator('main');
  const analyses = async () => Number(await main.getAttribute('data-analyses'));
  const waitAnalyses = (n) => page.waitForFunction((n) => Number(document.querySelector('main').dataset.analyses) === n, n, { timeout: 10000 });
  const before = await analyses();
  const date = page.locator(SEL.evalDate);
  // The month part (en-US: mm/dd/yyyy); typed keys fill month, day, then year, and the field
  // fires "change" for 0002-12-01, 0020-12-01, 0202-12-01 on the way to 2027-12-01.
  await date.click({ position: { x: 12, y: 10 } });
  await page.keyboard.type('12012027', { delay: 30 });
  assert.equal(await analyses(), before, 'no re-analysis while typing');
  // Tab moves to the next part of the date, not out of the field: the date still commits.
  await page.keyboard.press('Tab');
  await waitAnalyses(before + 1);
  await page.waitForTimeout(1500);
  assert.equal(await analyses(), before + 1, 'one analysis for the typed date (none for the half-typed years)');
  assert.equal(await date.inputValue(), '2027-12-01');
  const validity = await textOf(page.locator(SEL.validity).first());
  assert.doesNotMatch(validity, /\d{2},\d{3} days|\d{5,} days/, `a sane validity: "${validity}"`);
  assert.match(validity, /expired/i, `alice's certificate ends 2027-06-30: "${validity}"`);
  assert.equal(await textOf(page.locator(SEL.evalDateError)), '');
  // A year that is not plausible: typed into the year part, refused, said so, nothing analysed.
  await date.click({ position: { x: 12, y: 10 } });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.type('1949', { delay: 30 });
  await page.waitForFunction(() => document.querySelector('[data-testid=eval-date-error]').textContent.length > 0, null, { timeout: 10000 });
  assert.match(await textOf(page.locator(SEL.evalDateError)), /1949 is not a year certlens checks: use a year from 1950 to 9999/);
  assert.equal(await date.getAttribute('aria-invalid'), 'true');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(500);
  assert.equal(await analyses(), before + 1, 'the refused year was not analysed');
  // Back to today: one more analysis, the message goes.
  await page.getByRole('button', { name: 'Back to today' }).click();
  await waitAnalyses(before + 2);
  assert.equal(await textOf(page.locator(SEL.evalDateError)), '');
  assertNoPageErrors(page);
  await page.context().close();
});

test('"Check it as a server certificate instead" is offered only where a server verdict can apply', async () => {
  const page = await app.newPage();
  const offer = page.getByRole('button', { name: 'Check it as a server certificate instead' });
  // alice: client authentication and e-mail only.
  await dropFiles(page, [fixture('chain/ee_client.cer')]);
  await outcome(page);
  assert.equal(await offer.count(), 0, 'not for a client-only certificate');
  assert.equal(await page.locator('[data-testid=server-needs-host]').count(), 0);
  await page.click('text=Clear all');
  // Server authentication, its host name in the CN only: offered, and it switches.
  await dropFiles(page, [fixture('chain/ee_server_cn_only.der')]);
  await outcome(page);
  await offer.click();
  await page.waitForFunction(() => /Browsers connecting to legacy\.contoso\.com/i.test(document.querySelector('[data-testid=verdict-bar]').textContent));
  await page.click('text=Clear all');
  // No EKU (any use) and no host name: the way to give one.
  await dropFiles(page, [fixture('chain/ee_no_eku.der')]);
  await outcome(page);
  assert.equal(await offer.count(), 0);
  assert.match(await textOf(page.locator('[data-testid=server-needs-host]')), /type the host name in the server settings/);
  assertNoPageErrors(page);
  await page.context().close();
});

test('a "depends" verdict names each outcome once, in its own words', async () => {
  const page = await app.newPage();
  await dropFiles(page, CHAIN);
  const o = await outcome(page);
  assert.equal(await o.getAttribute('data-outcome'), 'depends');
  const headline = await textOf(o.locator('.verdict-headline'));
  assert.equal(headline, 'It depends on what certlens cannot see: IIS accepts it (200), refuses it (403.13), or the browser offers no certificate');
  assert.doesNotMatch(headline, /\([^)]*,[^)]*\)/, 'no parenthesis holds two outcomes');
  assertNoPageErrors(page);
  await page.context().close();
});

test('the AD mapping helper and the trust-store audit are right after the verdict, by keyboard', async () => {
  const page = await app.newPage();
  await dropFiles(page, [fixture('chain/ee_client.cer'), fixture('chain/int_ca.der'), fixture('truststore/roots10.p7b')]);
  await outcome(page);
  const bar = await page.locator(SEL.verdictBar).boundingBox();
  const tools = page.locator('[data-testid=tools]');
  const box = await tools.boundingBox();
  assert.ok(box.y >= bar.y + bar.height && box.y - (bar.y + bar.height) < 40, `the tools follow the verdict bar (bar ends at ${bar.y + bar.height}, tools at ${box.y})`);
  assert.ok(box.y + box.height < 900, `the tools are in the first screen (${box.y}+${box.height})`);
  const certs = await page.locator('#certs-heading').boundingBox();
  assert.ok(box.y < certs.y, 'before the certificates');
  // Keyboard: from the verdict, a few Tab stops reach the mapping helper; Enter opens it.
  await page.focus('#verdict');
  let stops = 0;
  while (!(await page.evaluate(() => document.activeElement?.closest('[data-testid=mapping-tool]') && document.activeElement.tagName === 'SUMMARY'))) {
    await page.keyboard.press('Tab');
    assert.ok(++stops < 25, 'the mapping helper is within 25 Tab stops of the verdict');
  }
  console.log(`# mapping helper: ${stops} Tab stops after the verdict`);
  await page.keyboard.press('Enter');
  await page.locator('[data-testid=mapping-helper]').waitFor();
  await page.keyboard.press('Tab');
  while (!(await page.evaluate(() => document.activeElement?.closest('[data-testid=audit-tool]') && document.activeElement.tagName === 'SUMMARY'))) {
    await page.keyboard.press('Tab');
    assert.ok(++stops < 80, 'the audit follows the mapping helper');
  }
  await page.keyboard.press('Enter');
  await page.locator('[data-testid=trust-store-audit]').waitFor();
  await screenshot(page, 'answer-tools', { fullPage: false });
  assertNoPageErrors(page);
  await page.context().close();
});

test('files that gave nothing are named in the verdict bar; the root-store audit is not offered without a file holding a root', async () => {
  const page = await app.newPage();
  await dropFiles(page, ['bad/garbage.bin', 'bad/truncated.der', 'chain/ee_client.der', 'chain/ee_server.der'].map(fixture));
  await outcome(page);
  const unread = page.locator('[data-testid=verdict-unread]');
  assert.equal(await textOf(unread), 'Could not read 2 files: garbage.bin, truncated.der (why: see Files).');
  assert.equal(await unread.locator('a').getAttribute('href'), '#files-heading');
  // Two files of end certificates: neither can be the server's root store.
  assert.equal(await page.locator('[data-testid=audit-tool]').count(), 0, 'no root-store audit without a file holding a CA certificate');
  assertNoPageErrors(page);
  await page.context().close();
  // A drop where every file was read says nothing of the kind.
  const clean = await app.newPage();
  await dropFiles(clean, CHAIN);
  await outcome(clean);
  assert.equal(await clean.locator('[data-testid=verdict-unread]').count(), 0);
  await clean.context().close();
  // A leaf and its intermediate, no root: no file can be a root store either.
  const noRoot = await app.newPage();
  await dropFiles(noRoot, ['chain/ee_client.cer', 'chain/int_ca.der'].map(fixture));
  await outcome(noRoot);
  assert.equal(await noRoot.locator('[data-testid=audit-tool]').count(), 0, 'no root-store audit without a root');
  await noRoot.context().close();
});

test('the root-store checkboxes in the audit and in the server settings are one list: marking sets the trust, unmarking the last resets it', async () => {
  const page = await app.newPage();
  await dropFiles(page, [fixture('chain/ee_client.cer'), fixture('chain/int_ca.der'), fixture('truststore/roots10.p7b')]);
  await outcome(page);
  const trust = page.locator('#set-trust');
  assert.equal(await trust.inputValue(), 'root-in-chain');
  // From the server settings: choose "only roots in files I mark", tick, untick.
  await trust.selectOption('store');
  const inSettings = page.locator('.server-settings').getByLabel('roots10.p7b');
  await inSettings.check();
  await page.locator('[data-testid=audit-tool][open]').waitFor();
  assert.ok(await page.locator('[data-testid=trust-store-audit]').getByLabel('roots10.p7b').isChecked(), 'the audit shows the same mark');
  await page.locator('[data-testid=audit-summary]').waitFor();
  await inSettings.click();
  await page.waitForFunction(() => document.querySelector('#set-trust').value === 'root-in-chain');
  // The analysis runs in a worker: the audit goes when its answer comes.
  await page.locator('[data-testid=audit-summary]').waitFor({ state: 'detached', timeout: 15000 });
  assert.equal(await page.locator('[data-testid=audit-tool]').getAttribute('open'), '', 'the audit stays open for the user');
  // From the audit: ticking sets the trust to the marked store.
  await page.locator('[data-testid=trust-store-audit]').getByLabel('roots10.p7b').click();
  await page.waitForFunction(() => document.querySelector('#set-trust').value === 'store');
  assert.ok(await page.locator('.server-settings').getByLabel('roots10.p7b').isChecked());
  assertNoPageErrors(page);
  await page.context().close();
});

test('CA certificates only: no client verdict, a neutral "these are CA certificates"', async () => {
  const page = await app.newPage();
  await dropFiles(page, [fixture('chain/int_ca.der'), fixture('chain/root_ca.der')]);
  const o = await outcome(page);
  assert.equal(await o.getAttribute('data-outcome'), 'ca-certificates');
  assert.match(await textOf(o), /CA certificates/);
  // (The audit of these CA certificates sits in the bar and may name 403.16 as what a misplaced
  // intermediate causes; the bar's own lines give no client verdict.)
  for (const line of await page.locator('[data-testid=verdict-bar] > :not(.verdict-slot)').allInnerTexts()) {
    assert.doesNotMatch(line, /importpfx|403\./);
  }
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

test('before the app runs, the static page shows the title, the drop zone and "loading" (without JavaScript: no drop zone, why nothing loads)', async () => {
  const context = await app.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(app.url);
  const text = await textOf(page.locator('body'));
  assert.match(text, /certlens/);
  // The drop zone and "Loading" are in the shell, shown only where scripts run (without them
  // nothing can be dropped nor load): the shell says why instead.
  assert.equal(await page.locator('.boot .drop-target .boot-loading').count(), 1);
  assert.equal(await page.locator('.boot .drop-target').isVisible(), false);
  assert.doesNotMatch(text, /Loading|Drop files/i);
  assert.match(text, /needs JavaScript and WebAssembly: turn them on/);
  // Nothing can be dropped here, and nothing is on its way.
  assert.doesNotMatch(text, /\bdrop/i);
  assert.equal(await page.locator('[aria-busy=true]').count(), 0, 'nothing claims to be busy for good');
  const box = await page.locator('.boot p', { hasText: 'needs JavaScript' }).boundingBox();
  const shell = await page.locator('.boot > h1').boundingBox();
  assert.ok(box && shell && Math.abs(box.x - shell.x) < 1, 'the message is in the shell\'s column');
  // One date field, laid out but unseen and out of reach, so that the first answer's frame does
  // not pay for Chromium's first date field on the page (its calendar icon is an SVG document).
  const warm = page.locator('input[type=date]');
  assert.equal(await warm.count(), 1);
  assert.deepEqual(
    await warm.evaluate((e) => [e.inert, e.getAttribute('aria-hidden'), e.tabIndex, e.getBoundingClientRect().width > 0]),
    [true, 'true', -1, true],
  );
  await page.keyboard.press('Tab');
  assert.notEqual(await page.evaluate(() => document.activeElement?.getAttribute('type')), 'date');
  await context.close();
  // The app replaces the shell: no date field until the results show theirs.
  const running = await app.newPage();
  assert.equal(await running.locator('input[type=date]').count(), 0);
  await running.context().close();
});

// The fonts (family, size, weight) of each piece of text in `root` (or the page's visible text).
function fontsOf([root, hidden]) {
  const found = {};
  const walk = document.createTreeWalker(root ? document.querySelector(root) : document.body, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || (!hidden && !el.getClientRects().length)) continue;
    const cs = getComputedStyle(el);
    found[`${cs.fontFamily.split(',')[0]} ${cs.fontSize} ${cs.fontWeight}`] ??= `${el.className || el.tagName}: ${n.textContent.trim().slice(0, 30)}`;
  }
  return found;
}

test('the static page lays out, unseen, every font an answer shows: the answer\'s first frame looks none up', async () => {
  // On Linux each new font size or weight costs Chromium a fontconfig lookup (3-45 ms): the
  // listing of 10,000 certificates paid ~80 ms of them in one frame, over the 50 ms task budget.
  const context = await app.browser.newContext({ javaScriptEnabled: false });
  const shell = await context.newPage();
  await shell.goto(app.url);
  const block = shell.locator('[data-testid=font-warm]');
  assert.deepEqual(
    await block.evaluate((e) => [e.inert, e.getAttribute('aria-hidden'), e.getBoundingClientRect().width <= 1, [...e.querySelectorAll('button')].every((b) => b.tabIndex === -1)]),
    [true, 'true', true, true],
  );
  assert.equal(await textOf(shell.locator('.boot > h1')), 'certlens', 'nothing of it shows');
  const warmed = await shell.evaluate(fontsOf, ['[data-testid=font-warm]', true]);
  await context.close();
  const page = await app.newPage();
  const ready = await page.evaluate(fontsOf, [null, false]);
  assert.equal(await page.locator('[data-testid=font-warm]').count(), 0, 'gone once the app runs');
  const missing = {};
  for (const files of [CHAIN, [fixture('truststore/roots10.pem')]]) {
    await dropFiles(page, files);
    await outcome(page);
    for (const [font, example] of Object.entries(await page.evaluate(fontsOf, [null, false]))) {
      if (!(font in warmed) && !(font in ready)) missing[font] = example;
    }
    await page.click('text=Clear all');
  }
  assert.deepEqual(missing, {}, 'fonts an answer shows that the font warm-up in www/index.html does not lay out: add markup with these classes');
  assertNoPageErrors(page);
  await page.context().close();
});

test('axe-core: no serious or critical violation (empty page, one certificate, a chain with verdict, details and tools open; light and dark)', async () => {
  for (const scheme of ['light', 'dark']) {
    const page = await app.newPage({ colorScheme: scheme, bypassCSP: true });
    await page.emulateMedia({ colorScheme: scheme });
    assert.equal(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), scheme === 'dark');
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, scheme === 'dark' ? 'rgb(17, 22, 28)' : 'rgb(244, 246, 248)', `the ${scheme} colours apply`);
    const found = [];
    found.push(...(await axeViolations(page)).map((v) => `empty page: ${v}`));
    await dropFiles(page, [fixture('chain/ee_client.cer')]);
    await outcome(page);
    found.push(...(await axeViolations(page)).map((v) => `one certificate: ${v}`));
    await page.click('text=Clear all');
    await dropFiles(page, CHAIN);
    await outcome(page);
    for (const s of await page.locator('details.more > summary').all()) await clickShown(s);
    await clickShown(page.locator('button', { hasText: 'Show ASN.1 structure' }).first());
    for (const s of await page.locator('details.url > summary').all()) await clickShown(s);
    for (const s of await page.locator('details.tool > summary').all()) await clickShown(s);
    await page.locator('[data-testid=mapping-helper]').waitFor();
    found.push(...(await axeViolations(page)).map((v) => `chain with details and tools: ${v}`));
    assert.deepEqual(found, [], `axe (${scheme})`);
    assertNoPageErrors(page);
    await page.context().close();
  }
});
