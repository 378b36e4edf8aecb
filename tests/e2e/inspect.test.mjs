// Foundation end-to-end test: the release build in Chromium. A certificate dropped, picked or
// pasted is decoded on the page; a file that is not a certificate gets a one-line error naming
// it. Screenshots (light, dark, 600 px) go to tests/e2e/out/.
//
// The app reads the clock, so only facts that do not depend on the day are asserted exactly.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SEL, startApp, fixture, dropFiles, pickFiles, pasteText, cardWithSubject, textOf, screenshot,
  assertNoPageErrors,
} from './lib.mjs';

const ALICE = {
  subject: 'CN=alice',
  issuer: 'CN=Contoso Issuing CA 01',
  sha1: '2973879AA2615E67CB6C001034A8D5094BA6E50D',
  sha256: '9459AFF9806E1897E0AF34FF8650C49EFDD2A63C77B14028B264D7B431FA1712',
  ekus: ['Client Authentication', 'Secure Email'],
};
const SERVER = {
  subject: 'CN=www.contoso.com',
  sha1: 'DBD494D414808386B7A29BA26A8417B81AE18051',
  ekus: ['Server Authentication'],
};

// Hex as shown on the page, separators (spaces, colons) removed, case kept.
const hexOf = (s) => s.replace(/[\s:]/g, '');

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

async function expectCard(page, cert) {
  const card = cardWithSubject(page, cert.subject);
  await card.first().waitFor({ timeout: 15000 });
  assert.equal(await card.count(), 1, `one card for ${cert.subject}`);
  const thumbprint = hexOf(await textOf(card.locator(SEL.thumbprint)));
  assert.ok(
    thumbprint.includes(cert.sha1),
    `SHA-1 thumbprint shown as Windows does (uppercase hex): ${cert.sha1} in "${thumbprint}"`,
  );
  const eku = await textOf(card.locator(SEL.eku));
  for (const name of cert.ekus) assert.ok(eku.includes(name), `EKU "${name}" in "${eku}"`);
  return card;
}

test('a .cer dropped on the page shows subject, issuer, thumbprint, SHA-256, EKU names, validity', async () => {
  const page = await app.newPage({ colorScheme: 'light' });
  await dropFiles(page, [fixture('chain/ee_client.cer')]);
  const card = await expectCard(page, ALICE);
  assert.ok((await textOf(card.locator(SEL.issuer))).includes(ALICE.issuer));
  const sha256 = hexOf(await textOf(card.locator(SEL.sha256))).toUpperCase();
  assert.ok(sha256.includes(ALICE.sha256), `SHA-256 ${ALICE.sha256} in "${sha256}"`);
  const validity = await textOf(card.locator(SEL.validity));
  assert.match(validity, /expire/i, `validity says when it expires: "${validity}"`);
  // Its issuer was not dropped: the status says where to fetch it, as a link, and the finding
  // that says the same is not listed again on the card.
  const fetch = card.locator('.status-reason a[href="http://pki.contoso.com/aia/int01.crt"]');
  assert.equal(await fetch.count(), 1);
  assert.equal(await card.locator('[data-code="chain-issuer-missing"]').count(), 0);
  await screenshot(page, 'light');
  // The first screen, as a visitor sees it (docs/screenshot.png in the README is a copy).
  await page.setViewportSize({ width: 1280, height: 1300 });
  await screenshot(page, 'light-first-screen', { fullPage: false });
  assertNoPageErrors(page);
  await page.context().close();
});

test('a client certificate under a CA limited to server authentication: its card does not say it can be used for client authentication', async () => {
  const page = await app.newPage();
  await dropFiles(page, [fixture('int_eku/ee_client.der'), fixture('int_eku/int_ca_eku_server_only.der'), fixture('chain/root_ca.der')]);
  const card = page.locator('[data-testid=cert-card]').first();
  await card.waitFor({ timeout: 15000 });
  assert.match(await textOf(card.locator('.status-reason')), /allows only Server Authentication, so the certificate's Client Authentication cannot be used/);
  const lines = await card.locator('.notable-line').allInnerTexts();
  assert.ok(!lines.some((l) => /Can be used for client authentication/.test(l)), lines.join(' | '));
  // The finding is the status's: not listed again on the card; the CA itself is valid.
  assert.equal(await card.locator('[data-code="eku-restricted-by-ca"]').count(), 0);
  assert.equal(await page.locator('[data-testid=cert-row]').nth(1).getAttribute('data-status'), 'valid');
  assertNoPageErrors(page);
  await page.context().close();
});

test('two CAs of the same name (one cross-signed) say in the list who issued each', async () => {
  const page = await app.newPage();
  await dropFiles(page, [fixture('cross/int_ca_cross.der'), fixture('chain/int_ca.der')]);
  await page.locator('[data-testid=cert-row]').nth(1).waitFor({ timeout: 15000 });
  const names = await page.locator('[data-testid=cert-row] .row-name').allInnerTexts();
  assert.deepEqual(names.map((t) => t.replace(/\s+/g, ' ').trim()).sort(), ['Contoso Issuing CA 01 issued by Contoso Root CA', 'Contoso Issuing CA 01 issued by Fabrikam Root CA']);
  assertNoPageErrors(page);
  await page.context().close();
});

test('a CN with a comma ("Last, First", as Active Directory names users) titles its row, card and verdict whole', async () => {
  const page = await app.newPage({ colorScheme: 'light' });
  await dropFiles(page, [fixture('chain/ee_client_comma_cn.der'), fixture('chain/int_ca.der'), fixture('chain/root_ca.der')]);
  const card = cardWithSubject(page, 'CN="Doe, John"');
  await card.first().waitFor({ timeout: 15000 });
  assert.equal(await textOf(card.locator('h3')), '#1 Doe, John');
  assert.equal(await textOf(page.locator('[data-testid=cert-row] .row-name').first()), 'Doe, John');
  // Nowhere on the page is it called by the first piece of its name ("Doe, with the quote).
  const body = await page.locator('main').innerText();
  assert.ok(!/"Doe(?!, John)/.test(body), 'a name cut at its comma');
  assertNoPageErrors(page);
  await page.context().close();
});

test('a pasted PEM is decoded', async () => {
  const page = await app.newPage();
  await pasteText(page, readFileSync(fixture('chain/ee_server.pem'), 'utf8'));
  await expectCard(page, SERVER);
  assertNoPageErrors(page);
  await page.context().close();
});

test('pasted base64url (a key vault\'s cer, bare or in its JSON) is decoded', async () => {
  const url = readFileSync(fixture('chain/ee_server.der')).toString('base64url');
  assert.match(url, /[-_]/, 'the fixture\'s base64url differs from its base64');
  for (const text of [url, `{"id":"https://contoso.vault.azure.net/certificates/www/0a1b","cer":"${url}"}`]) {
    const page = await app.newPage();
    await pasteText(page, text);
    await expectCard(page, SERVER);
    assertNoPageErrors(page);
    await page.context().close();
  }
});

test('pasted federation metadata (XML) shows the certificates inside it, and says the rest was not read', async () => {
  const page = await app.newPage();
  const b64 = (name) => readFileSync(fixture(name)).toString('base64');
  const xml = `<EntityDescriptor entityID="https://adfs.contoso.com/adfs/services/trust"><KeyDescriptor use="signing"><X509Certificate>${b64('chain/ee_server.der')}</X509Certificate></KeyDescriptor></EntityDescriptor>`;
  await pasteText(page, xml);
  await expectCard(page, SERVER);
  const files = await page.locator('ul.files').innerText();
  assert.match(files, /base64 inside text: 1 certificate/);
  assert.match(files, /1 base64 block inside this text \(XML or JSON, such as federation metadata or a JWKS\) was read; the text around it was not/);
  assertNoPageErrors(page);
  await page.context().close();
});

test('a CA\'s .zip (certificate, chain, readme) shows its certificates and names its files', async () => {
  // Written by Python's zipfile (deflated), as a CA's download is.
  const zip = join(mkdtempSync(join(tmpdir(), 'certlens-zip-')), 'contoso_com.zip');
  execFileSync('python3', ['-c', `
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.write(sys.argv[2], 'contoso_com/contoso_com.crt')
    z.write(sys.argv[3], 'contoso_com/DigiCertCA.crt')
    z.writestr('contoso_com/README.txt', 'Thank you for your order.')
`, zip, fixture('chain/ee_server.der'), fixture('chain/int_ca.pem')]);
  const page = await app.newPage();
  await dropFiles(page, [zip]);
  await expectCard(page, SERVER);
  assert.equal(await page.locator(SEL.card).count(), 2);
  const files = await page.locator('ul.files').innerText();
  assert.match(files, /ZIP archive: 2 certificates/);
  assert.match(files, /contoso_com\/README\.txt in the archive holds no certificate, key or container certlens reads; not read/);
  assertNoPageErrors(page);
  await page.context().close();
});

test('a registry export of a Personal store: the certificate\'s linked key is named on its card', async () => {
  // What `reg export HKLM\SOFTWARE\Microsoft\SystemCertificates\My\Certificates my.reg` writes:
  // UTF-16, the certificate and its KEY_PROV_INFO property as one "Blob"=hex: value.
  const reg = join(mkdtempSync(join(tmpdir(), 'certlens-reg-')), 'my.reg');
  execFileSync('python3', ['-c', `
import struct, sys
der = open(sys.argv[2], 'rb').read()
u16 = lambda s: (s + '\\0').encode('utf-16-le')
c, p = u16('te-WebServer-1f2e'), u16('Microsoft Software Key Storage Provider')
prov = struct.pack('<IIII8sI', 28, 28 + len(c), 0, 0x20, b'', 1) + c + p
el = lambda i, v: struct.pack('<III', i, 1, len(v)) + v
blob = el(2, prov) + el(0x20, der)
rows = [','.join('%02x' % b for b in blob[i:i + 25]) for i in range(0, len(blob), 25)]
text = 'Windows Registry Editor Version 5.00\\r\\n\\r\\n[HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\Microsoft\\\\SystemCertificates\\\\My\\\\Certificates\\\\DBD4]\\r\\n"Blob"=hex:' + ',\\\\\\r\\n  '.join(rows) + '\\r\\n'
open(sys.argv[1], 'wb').write(b'\\xff\\xfe' + text.encode('utf-16-le'))
`, reg, fixture('chain/ee_server.der')]);
  const page = await app.newPage();
  await dropFiles(page, [reg]);
  const card = await expectCard(page, SERVER);
  await card.locator('[data-state=linked-in-store]').waitFor({ timeout: 15000 });
  assert.match(await textOf(card), /links one to this certificate: the machine key "te-WebServer-1f2e" of Microsoft Software Key Storage Provider/);
  assert.match(await page.locator('ul.files').innerText(), /Windows registry export \(\.reg\): 1 certificate/);
  assertNoPageErrors(page);
  await page.context().close();
});

test('several files picked with the file button are all decoded', async () => {
  const page = await app.newPage();
  await pickFiles(page, [fixture('chain/ee_client.cer'), fixture('chain/ee_server.pem')]);
  await expectCard(page, ALICE);
  await expectCard(page, SERVER);
  assert.equal(await page.locator(SEL.card).count(), 2);
  assertNoPageErrors(page);
  await page.context().close();
});

test('a garbage file gets a one-line error naming it, and the good file still shows', async () => {
  const page = await app.newPage();
  await dropFiles(page, [fixture('bad/garbage.bin'), fixture('chain/ee_client.cer')]);
  const error = page.locator(SEL.fileError).filter({ hasText: 'garbage.bin' });
  await error.first().waitFor({ timeout: 15000 });
  assert.equal(await error.count(), 1, 'one error for garbage.bin');
  // One line of text (textContent: a badge laid out beside it is fine), naming the file.
  const text = (await error.textContent()).trim();
  assert.ok(!/[\r\n]/.test(text), `the error is one line: "${text}"`);
  assert.ok(text.length < 300, `the error is short: "${text}"`);
  await expectCard(page, ALICE);
  assert.equal(await page.locator(SEL.card).count(), 1, 'no card for the garbage file');
  assertNoPageErrors(page);
  await page.context().close();
});

test('dark mode and a 600 px column', async () => {
  const files = [fixture('chain/fullchain.pem'), fixture('bad/garbage.bin')];
  const dark = await app.newPage({ colorScheme: 'dark' });
  await dropFiles(dark, files);
  await expectCard(dark, ALICE);
  await dark.locator(SEL.fileError).first().waitFor();
  const [bg, fg] = await dark.evaluate(() => {
    const s = getComputedStyle(document.body);
    return [s.backgroundColor, s.color];
  });
  // Dark mode: light text on a dark background.
  const lum = (c) => {
    const [r, g, b] = c.match(/\d+(\.\d+)?/g).map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  assert.ok(lum(fg) > lum(bg), `dark mode: text ${fg} lighter than background ${bg}`);
  await screenshot(dark, 'dark');
  assertNoPageErrors(dark);
  await dark.context().close();

  const narrow = await app.newPage({ viewport: { width: 600, height: 900 } });
  await dropFiles(narrow, files);
  await expectCard(narrow, ALICE);
  const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling at 600 px (content ${overflow} px too wide)`);
  await screenshot(narrow, 'narrow-600');
  assertNoPageErrors(narrow);
  await narrow.context().close();

  // A wiki's narrow column: the card's name may wrap anywhere, its status word never (at 420 px
  // "Valid" broke into "Vali" and "d" beside a long title).
  const column = await app.newPage({ viewport: { width: 420, height: 900 } });
  await dropFiles(column, [fixture('chain/fullchain.pem')]);
  await column.locator(SEL.card).first().waitFor({ timeout: 15000 });
  // For each shown element: its text, and how many of its text nodes sit on more than one line.
  const split = (selector) => column.evaluate((selector) => [...document.querySelectorAll(selector)]
    .filter((el) => el.getClientRects().length > 0)
    .map((el) => {
      const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let broken = 0;
      for (let t = walk.nextNode(); t; t = walk.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(t);
        if (new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1) broken++;
      }
      return { text: el.textContent, href: el.getAttribute('href'), broken, height: el.getBoundingClientRect().height };
    }), selector);
  // Each text of a badge (its icon, its word) on one line.
  const badges = await split('[data-testid=status-badge]');
  assert.ok(badges.length > 0);
  assert.deepEqual(badges.filter((b) => b.broken > 0).map((b) => b.text), [], 'every status badge on one line at 420 px');
  // A URL wraps between its parts (after "/", "."), not inside one: each part's text on one line;
  // its text (what is copied) is the URL itself.
  const urls = await split('.card .url-text');
  assert.ok(urls.some((u) => u.text === 'http://pki.contoso.com/crl/int01.crl'), JSON.stringify(urls));
  assert.ok(urls.some((u) => u.height > 30), `a URL long enough to wrap at 420 px: ${JSON.stringify(urls)}`);
  for (const u of urls) {
    assert.equal(u.broken, 0, `${u.text} wraps between its parts`);
    if (u.href) assert.equal(u.href, u.text);
  }
  assert.ok((await column.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)) <= 0, 'no horizontal scrolling at 420 px');
  await screenshot(column, 'narrow-420');
  assertNoPageErrors(column);
  await column.context().close();
});
