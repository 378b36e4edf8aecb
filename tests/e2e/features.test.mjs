// End-to-end tests of the features beyond the foundation: a PKCS#12 opened with its password
// (issue 4), the hierarchy of a dropped chain (issue 6), and the page's server verdict matching
// the CLI's for the same files and settings (issue 7).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ROOT, SEL, startApp, fixture, dropFiles, pasteText, cardWithSubject, textOf, screenshot, assertNoPageErrors, settled, waitForOutcome, chooseSetting,
} from './lib.mjs';

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

test('a .pfx asks for its password, then shows the private key matched to alice', async () => {
  const page = await app.newPage();
  await dropFiles(page, [fixture('pkcs12/ee_client_aes256.pfx')]);
  await page.waitForSelector(SEL.passwordInput, { timeout: 15000 });
  // Until then no certificate can be read: the bar says why, once, and no empty list of
  // certificates repeats it.
  assert.match(await textOf(page.locator('[data-testid=verdict-next]')), /password-protected: type its password below/);
  assert.equal(await page.locator('section[aria-labelledby=certs-heading]').count(), 0);
  await page.fill(SEL.passwordInput, 'certlens');
  await page.click(SEL.passwordSubmit);
  const card = cardWithSubject(page, 'CN=alice');
  await card.first().waitFor({ timeout: 15000 });
  const status = card.first().locator(`${SEL.keyStatus} [data-state]`).first();
  await status.waitFor({ timeout: 15000 });
  assert.equal(await status.getAttribute('data-state'), 'present-matches');
  const text = await textOf(card.first().locator(SEL.keyStatus));
  assert.doesNotMatch(text, /certlens/, 'the password is never shown');
  await screenshot(page, 'pfx-password');
  assertNoPageErrors(page);
  await page.context().close();
});

/** A new page with `files` dropped, and the verdict bar's line naming the files still locked, once shown. */
async function lockedLine(files) {
  const page = await app.newPage();
  await dropFiles(page, files.map(fixture));
  const line = page.locator('[data-testid=verdict-bar] [data-testid=verdict-locked]');
  await line.waitFor({ timeout: 15000 });
  return { page, line };
}

test('a locked .pfx beside a certificate that was read is named in the verdict bar, with a link to its password box', async () => {
  const { page, line } = await lockedLine(['chain/ee_client.cer', 'pkcs12/ee_client_aes256.pfx']);
  assert.match(await textOf(line), /^ee_client_aes256\.pfx is password-protected: type its password to read its certificates and keys; they may change this verdict\.$/);
  // The link leads to the file's own password box.
  const target = (await line.locator('a').getAttribute('href')).slice(1);
  assert.equal(await page.locator(`#${target}`).getAttribute('data-testid'), 'password-input');
  await page.fill(SEL.passwordInput, 'certlens');
  await page.click(SEL.passwordSubmit);
  await page.waitForFunction(() => !document.querySelector('[data-testid=verdict-locked]') && document.querySelectorAll('[data-testid=password-input]').length === 0, null, { timeout: 15000 });
  assertNoPageErrors(page);
  await page.context().close();
});

test('an encrypted key beside a certificate is named in the verdict bar as a key, not as certificates to read', async () => {
  const { page, line } = await lockedLine(['chain/ee_client.cer', 'keys_pem/ee_client_pkcs8_encrypted.pem']);
  assert.match(await textOf(line), /^ee_client_pkcs8_encrypted\.pem is password-protected: type its password to open its private key; which certificate it belongs to may change this verdict\.$/);
  assertNoPageErrors(page);
  await page.context().close();
});

test('a wrong .pfx password is told apart and nothing is matched', async () => {
  const page = await app.newPage();
  await dropFiles(page, [fixture('pkcs12/ee_client_aes256.pfx')]);
  await page.waitForSelector(SEL.passwordInput, { timeout: 15000 });
  await page.fill(SEL.passwordInput, 'not-the-password');
  await page.click(SEL.passwordSubmit);
  await page.waitForFunction(() => /wrong|incorrect/i.test(document.body.innerText), null, { timeout: 15000 });
  await page.context().close();
});

test('a CRL dropped alone shows what it says: its state, issuer, entries and next update', async () => {
  const page = await app.newPage();
  await dropFiles(page, [fixture('crl/int01.crl')]);
  const list = page.locator('[data-testid=crl-list]');
  await list.waitFor({ timeout: 15000 });
  const text = await textOf(list);
  assert.match(text, /Issuer not dropped int01\.crl · issued by CN=Contoso Issuing CA 01.* · 1 revoked · updated 2026-11-20, next update 2026-12-04/i);
  assert.doesNotMatch(await textOf(page.locator('main')), /matches the filter/);
  assert.match(await textOf(page.locator('[data-testid=verdict-next]')), /^Revocation lists only/);
  assertNoPageErrors(page);
  await page.context().close();
});

test('a drop without a certificate says in the verdict\'s place what it holds and what to do next', async () => {
  for (const [file, next] of [
    ['keys/ee_client.pem', /private key but no certificate: add the certificate/],
    ['keys_pem/ee_client_pkcs8_encrypted.pem', /encrypted private key but no certificate: type its password below to open it, and add the certificate/],
    ['csr/client.csr', /request is not a certificate yet/],
    ['pkcs12/ee_client_aes256.pfx', /password-protected: type its password below/],
  ]) {
    const page = await app.newPage();
    await dropFiles(page, [fixture(file)]);
    const line = page.locator('[data-testid=verdict-next]');
    await line.waitFor({ timeout: 15000 });
    assert.match(await textOf(line), next, file);
    assert.equal(await page.locator('[data-testid=server-outcome]').getAttribute('data-outcome'), 'none');
    // No empty certificate list and validity date under the bar that already said why.
    await settled(page, 0);
    assert.equal(await page.locator('section[aria-labelledby=certs-heading]').count(), 0, file);
    await page.context().close();
  }
});

test('a dropped chain shows its hierarchy with the root on top', async () => {
  const page = await app.newPage();
  await dropFiles(page, [
    fixture('chain/ee_client.cer'), fixture('chain/int_ca.der'), fixture('chain/root_ca.der'),
  ]);
  const tree = page.locator(SEL.hierarchy);
  await tree.first().waitFor({ timeout: 15000 });
  const text = await textOf(tree.first().locator('ul.tree').first());
  const root = text.indexOf('Contoso Root CA');
  const int = text.indexOf('Contoso Issuing CA 01');
  const leaf = text.indexOf('alice');
  assert.ok(root >= 0 && int > root && leaf > int, `root, then intermediate, then leaf: "${text}"`);
  await screenshot(page, 'hierarchy');
  assertNoPageErrors(page);
  await page.context().close();
});

function cliOutcome(files, flags = []) {
  const out = execFileSync(
    'cargo', ['run', '--quiet', '--bin', 'certlens', '--', '--json', ...flags, ...files],
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 },
  );
  return JSON.parse(out).server?.outcome;
}

test('the verdict bar is red when no way it can go is a success, amber when one is', async () => {
  for (const [files, tone] of [
    // Expired: 403.17, or no certificate offered (the key not known): refused whatever certlens cannot see.
    [['chain/ee_expired.der', 'chain/int_ca.der', 'chain/root_ca.der'], 'tone-bad'],
    // Valid: 200 if the server can reach the CRL, 403.13 if not.
    [['chain/ee_client.cer', 'chain/int_ca.der', 'chain/root_ca.der'], 'tone-warn'],
  ]) {
    const page = await app.newPage();
    await dropFiles(page, files.map(fixture));
    const bar = page.locator('[data-testid=verdict-bar]');
    await page.locator(SEL.serverOutcome).first().waitFor({ timeout: 15000 });
    assert.equal(await page.locator(SEL.serverOutcome).first().getAttribute('data-outcome'), 'depends', files[0]);
    assert.ok((await bar.getAttribute('class')).split(' ').includes(tone), `${files[0]}: ${await bar.getAttribute('class')}`);
    await page.context().close();
  }
});

test('pasted `netsh http show sslcert` output sets the server settings it shows, and the verdict follows', async () => {
  const page = await app.newPage();
  await dropFiles(page, ['chain/ee_client.cer', 'chain/int_ca.der', 'chain/root_ca.der'].map(fixture));
  assert.equal(await page.locator('#set-revocation').inputValue(), 'on');
  const crlStep = () => page.locator('[data-testid=verdict-bar]').innerText();
  assert.match(await crlStep(), /CRL/, 'before: the verdict turns on the CRL hosts');
  // With files on the page, the paste box is one click away.
  await page.locator('details.paste-more > summary').click();
  await pasteText(page, '\r\nSSL Certificate bindings:\r\n-------------------------\r\n\r\n    IP:port                      : 0.0.0.0:443\r\n    Verify Client Certificate Revocation : Disabled\r\n    Usage Check                  : Enabled\r\n    DS Mapper Usage              : Enabled\r\n');
  await page.waitForFunction(() => document.querySelector('#set-revocation')?.value === 'off', null, { timeout: 15000 });
  await page.waitForFunction(() => !/CRL hosts/.test(document.querySelector('[data-testid=verdict-bar]')?.innerText ?? ''), null, { timeout: 15000 });
  assert.match(await page.locator('ul.files').innerText(), /netsh http show sslcert output: the binding 0\.0\.0\.0:443 has revocation checking off, usage check on, DS mapper on; these settings are applied to the server settings/);
  // The command is shown as code, without the message's backquotes.
  assert.equal(await page.locator('ul.files code.inline-code').first().innerText(), 'netsh http show sslcert');
  // Set by hand afterwards, it stays.
  await page.selectOption('#set-revocation', 'on');
  await page.waitForFunction(() => /CRL hosts/.test(document.querySelector('[data-testid=verdict-bar]')?.innerText ?? ''), null, { timeout: 15000 });
  assertNoPageErrors(page);
  await page.context().close();
});

test('pasted `certutil -store my` output says which certificate has a working private key, and how to get the certificate itself', async () => {
  // A narrow wiki column: the notes' 40-digit thumbprints wrap.
  const page = await app.newPage({ viewport: { width: 420, height: 900 } });
  await pasteText(page, 'My "Personal"\r\n================ Certificate 0 ================\r\nSerial Number: 61000101a7b3c9d2e1f0\r\n NotAfter: 6/30/2027 12:00 AM\r\nSubject: CN=alice, OU=Users, O=Contoso\r\nCert Hash(sha1): 2973879aa2615e67cb6c001034a8d5094ba6e50d\r\n  Key Container = te-User-1f2e\r\n  Provider = Microsoft Software Key Storage Provider\r\nEncryption test passed\r\n================ Certificate 1 ================\r\nSubject: CN=bob\r\nCert Hash(sha1): dbd494d414808386b7a29ba26a8417b81ae18051\r\n  Key Container = te-User-9a8b\r\nMissing stored keyset\r\nCertUtil: -store command completed successfully.\r\n');
  const files = page.locator('ul.files');
  await files.getByText('its private key is in the store and works').waitFor({ timeout: 15000 });
  const text = await files.innerText();
  assert.match(text, /certificate 1, CN=bob \(thumbprint dbd494d414808386b7a29ba26a8417b81ae18051\): the store links a private key that Windows cannot find \("Missing stored keyset"\)/);
  assert.match(text, /it describes 2 certificates but does not hold them/);
  assert.equal(await files.locator('code.inline-code', { hasText: 'certutil -store my 2973879aa2615e67cb6c001034a8d5094ba6e50d cert.cer' }).count(), 1);
  // No certificate to judge: the bar says what to add, and no empty list of certificates repeats it.
  assert.match(await textOf(page.locator('[data-testid=verdict-next]')), /These files describe certificates or the server but hold none: what they say is under Files; add the certificate/);
  assert.equal(await page.locator('section[aria-labelledby=certs-heading]').count(), 0);
  const wider = await page.$$eval('ul.files .file-note, ul.files .file-warning', (els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent.slice(0, 40)));
  assert.deepEqual(wider, [], 'no note wider than its box');
  // It was read (for what it says): not among the files that could not be read.
  assert.equal(await page.locator('[data-testid=verdict-unread]').count(), 0);
  assert.equal(await page.locator('li.file-row.failed').count(), 0);
  assertNoPageErrors(page);
  await page.context().close();
});

test('a dropped applicationHost.config sets the SSL and mapping settings, and the verdict says whether this very certificate is mapped', async () => {
  // A one-to-one mapping holds the whole certificate as base64 on one line; passwords are encrypted in the file.
  const b64 = (rel) => readFileSync(fixture(rel)).toString('base64');
  const config = (cert) => `<?xml version="1.0" encoding="UTF-8"?>\r\n<configuration>\r\n  <system.webServer>\r\n    <security><access sslFlags="None" /></security>\r\n  </system.webServer>\r\n  <location path="Default Web Site">\r\n    <system.webServer>\r\n      <security>\r\n        <access sslFlags="Ssl, SslNegotiateCert" />\r\n        <authentication>\r\n          <iisClientCertificateMappingAuthentication enabled="true">\r\n            <oneToOneMappings>\r\n              <add userName="CONTOSO\\alice" password="[enc:AesProvider:c2VjcmV0:enc]" certificate="${cert}" />\r\n            </oneToOneMappings>\r\n          </iisClientCertificateMappingAuthentication>\r\n        </authentication>\r\n      </security>\r\n    </system.webServer>\r\n  </location>\r\n</configuration>\r\n`;
  const dir = mkdtempSync(join(tmpdir(), 'certlens-iis-'));
  const mapped = join(dir, 'applicationHost.config');
  writeFileSync(mapped, config(b64('chain/ee_client.der')));
  const page = await app.newPage();
  await dropFiles(page, ['chain/ee_client.cer', 'chain/int_ca.der', 'chain/root_ca.der'].map(fixture));
  // Revocation off and the key in the user's store: the mapping decides.
  await page.selectOption('#set-revocation', 'off');
  await page.selectOption('#set-key', 'yes');
  await dropFiles(page, [mapped]);
  await page.waitForFunction(() => document.querySelector('#set-mapping')?.value === 'one-to-one', null, { timeout: 15000 });
  assert.equal(await page.locator('#set-ssl').inputValue(), 'accept');
  assert.equal(await page.locator('#set-scope').inputValue(), 'site');
  // The panel says where its settings came from.
  assert.match(await page.locator('[data-testid=settings-from]').innerText(), /Read from applicationHost\.config; a setting changed here stays\./);
  await waitForOutcome(page, '200');
  const files = await page.locator('ul.files').innerText();
  assert.match(files, /IIS configuration, the site "Default Web Site": client certificates accepted \(sslFlags "Ssl, SslNegotiateCert"\), IIS certificate mapping on: 1 one-to-one mapping; these settings are applied to the server settings \(passwords in the file are not read\)/);
  assert.doesNotMatch(await page.locator('body').innerText(), /c2VjcmV0|AesProvider/, 'nothing of the password is shown');
  // The trace says which account (the mapping step is under the verdict's steps).
  assert.match(await page.locator('body').textContent(), /maps this very certificate one-to-one to CONTOSO\\alice/);
  await page.context().close();

  // The mapping holds another certificate (as after a renewal): 401.1, and why.
  const stale = join(dir, 'web.config');
  writeFileSync(stale, config(b64('chain/ee_server.der')));
  const page2 = await app.newPage();
  await dropFiles(page2, ['chain/ee_client.cer', 'chain/int_ca.der', 'chain/root_ca.der'].map(fixture));
  await page2.selectOption('#set-revocation', 'off');
  await page2.selectOption('#set-key', 'yes');
  await dropFiles(page2, [stale]);
  await waitForOutcome(page2, '401.1');
  assert.match(await page2.locator(SEL.serverOutcome).getAttribute('title'), /IIS maps alice to no account: no one-to-one mapping holds this certificate \(1 for another certificate\)/);
  // The step says which certificate the mapping holds instead.
  assert.match(await page2.locator('body').textContent(), /The dropped IIS configuration of "Default Web Site" maps no account to this certificate: no one-to-one mapping holds this certificate \(1 for another certificate\)/);
  assertNoPageErrors(page2);
  await page2.context().close();
});

test('a card says each of its certificate\'s warnings once', async () => {
  // The server certificate's 545-day lifetime: a line of "In short", not again among the findings below it.
  const page = await app.newPage();
  await dropFiles(page, ['chain/ee_server.der', 'chain/int_ca.der', 'chain/root_ca.der'].map(fixture));
  const card = cardWithSubject(page, 'www.contoso.com').first();
  await card.waitFor({ timeout: 15000 });
  const text = await textOf(card);
  assert.equal(text.split('at most 398 days').length - 1, 1, text);
  // The chain's findings about it stay (no CRL was dropped).
  assert.match(text, /no CRL provided/);
  // A server-only certificate signs no user in: no Active Directory mapping is offered for it.
  assert.equal(await page.locator('[data-testid=mapping-tool]').count(), 0);
  await page.context().close();
});

for (const [name, files] of [
  ['revoked leaf with its CRL', ['chain/ee_revoked.der', 'chain/int_ca.der', 'chain/root_ca.der', 'crl/int01.crl', 'crl/root.crl']],
  ['client certificate and its chain', ['chain/ee_client.cer', 'chain/int_ca.der', 'chain/root_ca.der']],
  ['expired leaf', ['chain/ee_expired.der', 'chain/int_ca.der', 'chain/root_ca.der']],
]) {
  test(`page and CLI give the same server verdict: ${name}`, async () => {
    const paths = files.map(fixture);
    let expected;
    try {
      // The CLI exits 1 when an input has problems; its JSON is still printed.
      expected = cliOutcome(paths);
    } catch (e) {
      expected = JSON.parse(e.stdout).server?.outcome;
    }
    assert.ok(expected, 'the CLI predicts an outcome');
    const page = await app.newPage();
    await dropFiles(page, paths);
    const outcome = page.locator(SEL.serverOutcome).first();
    await outcome.waitFor({ timeout: 15000 });
    assert.equal(await outcome.getAttribute('data-outcome'), expected);
    await page.context().close();
  });
}

test('dropped `certutil -verify -urlfetch` output from the server decides the revocation step for the addresses it fetched', async () => {
  // The leaf's intranet CRL worked on the server; the issuing CA's CRL did not.
  const output = (caCrl) => 'CertContext[0][0]: dwInfoStatus=102 dwErrorStatus=0\r\n  Subject: CN=Test Intranet CDP, OU=Users, O=Contoso\r\n  Cert: 169dd132dc5aab3783353389e511adb71876a4e7\r\n  ----------------  Certificate CDP  ----------------\r\n  Verified "Base CRL (02)" Time: 0\r\n    [0.0] http://corppki/crl/int01.crl\r\n\r\n'
    + 'CertContext[0][1]: dwInfoStatus=102 dwErrorStatus=1000040\r\n  Subject: CN=Contoso Issuing CA 01, O=Contoso, DC=contoso, DC=com\r\n  Cert: 63d499e8efb14baf90c47613015d4e8f33746d56\r\n  Element.dwErrorStatus = CERT_TRUST_IS_OFFLINE_REVOCATION (0x1000000)\r\n  ----------------  Certificate CDP  ----------------\r\n'
    + `  ${caCrl} "CDP" Time: 0\r\n    Error retrieving URL: A connection with the server could not be established 0x80072efd (WinHttp: 12029 ERROR_WINHTTP_CANNOT_CONNECT)\r\n    http://pki.contoso.com/crl/root.crl\r\n\r\n`
    + 'CertContext[0][2]: dwInfoStatus=10c dwErrorStatus=0\r\n  Subject: CN=Contoso Root CA, O=Contoso, C=US\r\n  Element.dwInfoStatus = CERT_TRUST_IS_SELF_SIGNED (0x8)\r\nCertUtil: The revocation function was unable to check revocation because the revocation server was offline.\r\n';
  const dir = mkdtempSync(join(tmpdir(), 'certlens-verify-'));
  const failed = join(dir, 'verify.txt');
  writeFileSync(failed, output('Failed'));
  const page = await app.newPage();
  await dropFiles(page, ['chain/ee_intranet_cdp.der', 'chain/int_ca.der', 'chain/root_ca.der'].map(fixture));
  await page.selectOption('#set-key', 'yes');
  // Before: the verdict depends on which CRL hosts the server reaches.
  await waitForOutcome(page, 'depends');
  await dropFiles(page, [failed]);
  await waitForOutcome(page, '403.13');
  const body = await page.locator('body').textContent();
  assert.match(body, /http:\/\/pki\.contoso\.com\/crl\/root\.crl \(internet http, certutil on the server: Failed: A connection with the server could not be established/);
  const files = await page.locator('ul.files').innerText();
  assert.match(files, /certutil -verify output/);
  assert.match(files, /the server could not fetch revocation information for CN=Contoso Issuing CA 01, O=Contoso, DC=contoso, DC=com: http:\/\/pki\.contoso\.com\/crl\/root\.crl/);
  // Read for what it says: not among the files that could not be read.
  assert.equal(await page.locator('li.file-row.failed').count(), 0);
  await screenshot(page, 'certutil-verify');
  assertNoPageErrors(page);
  await page.context().close();
});

test('the empty page names what it reads, from the server too', async () => {
  const page = await app.newPage();
  assert.match(await page.locator('#picker-hint').innerText(), /\.cer .*\.csr, and from the server applicationHost\.config and IIS logs: recognised by content, not by name/);
  assert.match(await page.locator('label[for=paste-input]').innerText(), /or what netsh, certutil, an IIS log or Event Viewer \(Schannel\) printed/);
  await page.context().close();
});

test('a dropped IIS log is set against the verdict: its 403.13 is the branch where the server cannot reach the CRL', async () => {
  const log = '#Software: Microsoft Internet Information Services 10.0\r\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n'
    + '2026-12-01 10:03:40 10.0.0.10 GET /app/ - 443 - 10.0.0.9 Mozilla/5.0 - 403 13 2148081683 15001\r\n'
    + '2026-12-01 10:03:52 10.0.0.10 GET /app/ - 443 - 10.0.0.9 Mozilla/5.0 - 403 13 2148081683 15003\r\n';
  const dir = mkdtempSync(join(tmpdir(), 'certlens-log-'));
  const path = join(dir, 'u_ex261201.log');
  writeFileSync(path, log);
  const page = await app.newPage();
  await dropFiles(page, ['chain/ee_client.cer', 'chain/int_ca.der', 'chain/root_ca.der'].map(fixture));
  await page.selectOption('#set-key', 'yes');
  await dropFiles(page, [path]);
  const observed = page.locator('[data-testid=verdict-bar] [data-testid=verdict-observed]');
  await observed.waitFor({ timeout: 15000 });
  assert.match(await textOf(observed), /^The IIS log shows 403\.13 for 2 requests, 0x80092013 CRYPT_E_REVOCATION_OFFLINE: the server could not fetch revocation information .*: it matches this verdict where the server cannot reach /);
  assert.match(await page.locator('ul.files').innerText(), /IIS answered 403\.13 to 2 requests/);
  assertNoPageErrors(page);
  await page.context().close();
});

test('two settings changed before the page renders again both stay (each edit starts from the one before)', async () => {
  const outcomeAfter = async (change) => {
    const page = await app.newPage();
    await dropFiles(page, ['chain/ee_client.cer', 'chain/int_ca.der', 'chain/root_ca.der'].map(fixture));
    await change(page);
    await page.waitForFunction(() => !document.querySelector('main[data-busy]') && !document.querySelector('main [data-later]'), null, { timeout: 15000 });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 50)))));
    const shown = await page.evaluate((sel) => document.querySelector(sel)?.getAttribute('title'), SEL.serverOutcome);
    assertNoPageErrors(page);
    await page.context().close();
    return shown;
  };
  const changes = [['#set-revocation', 'off'], ['#set-key', 'yes']];
  // One after the other, each answered.
  const want = await outcomeAfter(async (page) => {
    for (const [id, value] of changes) await chooseSetting(page, id, value);
  });
  // Both in one task: the second comes before the panel has rendered the first.
  const got = await outcomeAfter((page) => page.evaluate((changes) => {
    for (const [id, value] of changes) {
      const select = document.querySelector(id);
      select.value = value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    }
  }, changes));
  assert.equal(got, want);
});
