// Accessibility: axe-core finds nothing on any view, in light and dark
// themes (by the system's preference and by the reader's choice), and the
// theme choice is remembered.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, ready, axe, find, byRole, waitForStatus, fill, valueOf } from './harness.mjs';

// One browser per system theme: Firefox sets it for the whole browser.
const browsers = {};
let server;

before(async () => {
  browsers.light = await launch({ colorScheme: 'light' });
  browsers.dark = await launch({ colorScheme: 'dark' });
  server = await serve();
});

after(async () => {
  await browsers.light?.close();
  await browsers.dark?.close();
  await server?.close();
});

async function views(page) {
  const box = await byRole(page, 'searchbox', /search/i);
  const seen = {};
  seen['article list'] = await axe(page);
  await (await find(page, { css: 'summary', text: 'Your documents' })).click();
  seen['documents panel'] = await axe(page);
  await fill(box, 'Yuldash');
  await waitForStatus(page, /result/);
  seen.results = await axe(page);
  await (await find(page, '.dz-list .dz-link')).click();
  await find(page, 'article.dz-reader');
  seen['reading view'] = await axe(page);
  await fill(box, 'zzzzqqq');
  await waitForStatus(page, /No results/);
  seen['no results'] = await axe(page);
  return seen;
}

const systemScheme = (page) => page.evaluate(() => (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));

for (const scheme of ['light', 'dark']) {
  test(`no axe violations on any view, system theme ${scheme}`, async () => {
    const { page, context } = await openPage(browsers[scheme], { allowed: (u) => u.startsWith(server.url) });
    await page.goto(server.url);
    await ready(page);
    assert.equal(await systemScheme(page), scheme, 'the page sees the system theme asked for');
    const seen = await views(page);
    for (const [view, violations] of Object.entries(seen)) {
      assert.deepEqual(violations, [], `${view} (${scheme})`);
    }
    await context.close();
  });
}

test('the theme choice overrides the system and is remembered', async () => {
  const { page, context } = await openPage(browsers.light, { allowed: (u) => u.startsWith(server.url) });
  await page.goto(server.url);
  await ready(page);
  const bg = () => page.evaluate(() => getComputedStyle(document.querySelector('.dz')).backgroundColor);
  const light = await bg();
  await fill(await byRole(page, 'combobox', 'Theme'), 'dark');
  const dark = await bg();
  assert.notEqual(dark, light);
  const seen = await views(page);
  for (const [view, violations] of Object.entries(seen)) {
    assert.deepEqual(violations, [], `${view} (chosen dark)`);
  }
  await page.reload();
  await ready(page);
  assert.equal(await bg(), dark, 'still dark after a reload');
  assert.equal(await valueOf(await byRole(page, 'combobox', 'Theme')), 'dark');
  await context.close();
});
