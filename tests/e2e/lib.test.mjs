// The end-to-end helpers' own tests, where a helper's reading of the page is not obvious.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, textOf } from './lib.mjs';

test('textOf reads a row put in the DOM since the last frame, and one off the screen (content-visibility: auto)', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.setContent(`<style>.cert-item { content-visibility: auto }</style>
      <ul><li class="cert-item" id="far" style="margin-top: 5000px"><span>far  <b>below</b><i hidden>not shown</i></span></li></ul>`);
    // As a card the worker's answer fills in: inserted, then read before any frame has come.
    const fresh = await page.evaluate(() => {
      const li = document.createElement('li');
      li.className = 'cert-item';
      li.innerHTML = '<span id="fresh">host-09876.test</span>';
      document.querySelector('ul').prepend(li);
      return document.getElementById('fresh').innerText;
    });
    assert.equal(fresh, '', 'Chromium skips it until a frame: the reason textOf does not read innerText directly');
    // The next read is a task later, maybe still before a frame; textOf does not depend on it.
    assert.equal(await textOf(page.locator('#fresh')), 'host-09876.test');
    assert.equal(await textOf(page.locator('#far')), 'far below');
    // Nothing of the page is changed by the read.
    assert.equal(await page.evaluate(() => [...document.querySelectorAll('.cert-item')].map((li) => li.style.contentVisibility).join()), ',');
  } finally {
    await browser.close();
  }
});
