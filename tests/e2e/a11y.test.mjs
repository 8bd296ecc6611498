// Accessibility: axe-core finds nothing on any view, in light and dark
// themes (by the system's preference and by the reader's choice), and the
// theme choice is remembered.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, ready, axe } from './harness.mjs';

let browser;
let server;

before(async () => {
  browser = await launch();
  server = await serve();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function views(page) {
  const box = page.getByRole('searchbox', { name: /search/i });
  const seen = {};
  seen['article list'] = await axe(page);
  await page.getByText('Your documents').click();
  seen['documents panel'] = await axe(page);
  await box.fill('Yuldash');
  await page.getByRole('status').filter({ hasText: /result/ }).waitFor();
  seen.results = await axe(page);
  await page.locator('.dz-list .dz-link').first().click();
  await page.locator('article.dz-reader').waitFor({ state: 'visible' });
  seen['reading view'] = await axe(page);
  await box.fill('zzzzqqq');
  await page.getByRole('status').filter({ hasText: /No results/ }).waitFor();
  seen['no results'] = await axe(page);
  return seen;
}

for (const scheme of ['light', 'dark']) {
  test(`no axe violations on any view, system theme ${scheme}`, async () => {
    const { page, context } = await openPage(browser, { allowed: (u) => u.startsWith(server.url) });
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(server.url);
    await ready(page);
    const seen = await views(page);
    for (const [view, violations] of Object.entries(seen)) {
      assert.deepEqual(violations, [], `${view} (${scheme})`);
    }
    await context.close();
  });
}

test('the theme choice overrides the system and is remembered', async () => {
  const { page, context } = await openPage(browser, { allowed: (u) => u.startsWith(server.url) });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(server.url);
  await ready(page);
  const bg = () => page.evaluate(() => getComputedStyle(document.querySelector('.dz')).backgroundColor);
  const light = await bg();
  await page.getByLabel('Theme').selectOption('dark');
  const dark = await bg();
  assert.notEqual(dark, light);
  const seen = await views(page);
  for (const [view, violations] of Object.entries(seen)) {
    assert.deepEqual(violations, [], `${view} (chosen dark)`);
  }
  await page.reload();
  await ready(page);
  assert.equal(await bg(), dark, 'still dark after a reload');
  assert.equal(await page.getByLabel('Theme').inputValue(), 'dark');
  await context.close();
});
