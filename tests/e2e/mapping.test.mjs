// End-to-end tests of the Active Directory mapping helper and the trust-store audit (issue 15):
// a dropped client certificate shows its strong altSecurityIdentities values with copy buttons;
// a dropped root store (.sst) shows the audit instead of a client verdict; marking a file as
// the server's root store audits it next to a client certificate.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, fixture, dropFiles, textOf, screenshot, assertNoPageErrors } from './lib.mjs';

let app;
before(async () => {
  app = await startApp();
});
after(async () => {
  await app?.close();
});

test('a client certificate shows its strong altSecurityIdentities values', async () => {
  const page = await app.newPage();
  await dropFiles(page, [fixture('chain/ee_client.cer'), fixture('chain/int_ca.der'), fixture('chain/root_ca.der')]);
  // The helper is one of the tools right after the verdict, behind a disclosure.
  await page.locator('[data-testid="mapping-tool"] > summary').click({ timeout: 15000 });
  const helper = page.locator('[data-testid="mapping-helper"]');
  await helper.waitFor({ timeout: 15000 });
  const serial = await textOf(helper.locator('[data-testid="altsec-issuer-serial"]'));
  assert.equal(serial, 'X509:<I>DC=com,DC=contoso,O=Contoso,CN=Contoso Issuing CA 01<SR>f0e1d2c9b3a701010061');
  assert.match(await textOf(helper.locator('[data-testid="altsec-ski"]')), /^X509:<SKI>[0-9a-f]{40}$/);
  assert.match(await textOf(helper.locator('[data-testid="altsec-sha1-pukey"]')), /^X509:<SHA1-PUKEY>[0-9a-f]{40}$/);
  assert.match(await textOf(helper.locator('[data-testid="mapping-sid"]')), /S-1-5-21-1004336348-1177238915-682003330-1105/);
  // The SID maps under full enforcement and in compatibility mode alike: one row says so, once.
  const modes = helper.locator('[data-testid="mapping-mode"]');
  assert.equal(await modes.count(), 1);
  assert.match(await textOf(modes), /^Full enforcement and compatibility mode\s*MAPS The certificate carries the account SID/i);
  // Strong values come first; the weak ones are marked weak.
  const flags = await helper.locator('.alt-sec-id').evaluateAll((els) => els.map((e) => e.dataset.strong));
  assert.deepEqual(flags, ['true', 'true', 'true', 'false', 'false', 'false']);
  assert.ok(await helper.getByRole('button', { name: 'Copy issuer-serial value' }).isVisible());
  const text = await textOf(helper);
  assert.match(text, /Set-ADUser -Identity 'alice' -Add @\{altSecurityIdentities='X509:<I>/);
  await screenshot(page, 'mapping-helper');
  assertNoPageErrors(page);
  await page.context().close();
});

test('a dropped .sst root store shows the audit instead of a client verdict', async () => {
  const page = await app.newPage();
  await dropFiles(page, [fixture('truststore/roots10.sst')]);
  // The audit is the answer here: in the verdict bar.
  const audit = page.locator('[data-testid="verdict-bar"] [data-testid="trust-store-audit"]');
  await audit.waitFor({ timeout: 15000 });
  assert.equal(await textOf(audit.locator('[data-testid="audit-count"]')), '10 (10 CA)');
  assert.match(await textOf(audit.locator('[data-testid="audit-list-bytes"]')), /^\d{1,3}(,\d{3})* bytes$/, 'grouped as the sentences are');
  const codes = await audit.locator('[data-code]').evaluateAll((els) => els.map((e) => e.dataset.code));
  assert.ok(codes.includes('trust-store-not-self-signed'), codes.join(','));
  assert.ok(codes.includes('trust-store-expired'), codes.join(','));
  const outcome = page.locator('[data-testid="server-outcome"]');
  // The bar gives no client verdict for a drop of CA certificates only; the audit sits in it.
  assert.equal(await outcome.getAttribute('data-outcome'), 'ca-certificates');
  assert.equal(await page.locator('[data-testid="mapping-helper"]').count(), 0);
  await screenshot(page, 'trust-store-audit');
  assertNoPageErrors(page);
  await page.context().close();
});

test('marking a file as the root store audits it next to the client certificate', async () => {
  const page = await app.newPage({ viewport: { width: 600, height: 900 } });
  await dropFiles(page, [fixture('chain/ee_client.cer'), fixture('chain/int_ca.der'), fixture('truststore/roots150.p7b')]);
  await page.locator('[data-testid="audit-tool"] > summary').click({ timeout: 15000 });
  const audit = page.locator('[data-testid="trust-store-audit"]');
  await audit.waitFor({ timeout: 15000 });
  await audit.getByLabel('roots150.p7b').check();
  const client = audit.locator('[data-testid="audit-client-ca"]');
  await client.waitFor({ timeout: 15000 });
  assert.match(await textOf(client), /Contoso Root CA.*cut at 12 KB/);
  // 150 certificate cards make a very long page: the audit only, not the full page.
  await audit.scrollIntoViewIfNeeded();
  await screenshot(page, 'trust-store-marked-600', { fullPage: false });
  assertNoPageErrors(page);
  await page.context().close();
});
