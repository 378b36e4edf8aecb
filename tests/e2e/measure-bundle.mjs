// Figures, not a test: drop a CA bundle (default: Debian's /etc/ssl/certs/ca-certificates.crt)
// on the release build and print the page height, the element count, the time to render,
// and the verdict's y-position. `node tests/e2e/measure-bundle.mjs [bundle.pem]`
// (build first: ./x build).

import { existsSync } from 'node:fs';
import { startApp, dropFiles, SEL } from './lib.mjs';

const bundle = process.argv[2] ?? '/etc/ssl/certs/ca-certificates.crt';
if (!existsSync(bundle)) {
  console.error(`${bundle} is missing (apt-get install ca-certificates)`);
  process.exit(2);
}
const app = await startApp();
try {
  for (const width of [1280, 600]) {
    const page = await app.newPage({ viewport: { width, height: 800 } });
    const t0 = Date.now();
    await dropFiles(page, [bundle]);
    await page.locator(SEL.serverOutcome).first().waitFor({ timeout: 120000 });
    const ms = Date.now() - t0;
    const f = await page.evaluate(() => ({
      height: document.documentElement.scrollHeight,
      elements: document.getElementsByTagName('*').length,
      rows: document.querySelectorAll('[data-testid=cert-row]').length,
      cards: document.querySelectorAll('[data-testid=cert-card]').length,
      verdictY: Math.round(document.querySelector('[data-testid=server-outcome]').getBoundingClientRect().y),
    }));
    // A settings change: one quick toggle or the revocation setting.
    const t1 = Date.now();
    await page.selectOption('#set-revocation', 'off');
    await page.waitForFunction(() => document.querySelector('#set-revocation')?.value === 'off');
    const settingMs = Date.now() - t1;
    console.log(`${bundle} at ${width} px: ${f.rows} rows, ${f.cards} cards open, page ${f.height} px tall, ${f.elements} elements, verdict at y=${f.verdictY} px, drop → verdict ${ms} ms, settings change ${settingMs} ms`);
    await page.context().close();
  }
} finally {
  await app.close();
}
