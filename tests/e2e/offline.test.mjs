// Offline after the first visit: the served build's service worker keeps
// its files, so the explorer reopens and searches with the network cut.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, ready, marks } from './harness.mjs';

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

test('the served build reopens and searches with the network cut', async () => {
  const origin = server.url;
  const { page, context, log } = await openPage(browser, { allowed: (u) => u.startsWith(origin), intercept: false });
  await page.goto(server.url);
  await ready(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await ready(page);
  assert.equal(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), true);

  await context.setOffline(true);
  const closing = server.close();
  server = null;
  await page.reload();
  await ready(page);
  await page.getByRole('searchbox', { name: /search/i }).fill('Yuldash');
  await page.getByRole('status').filter({ hasText: /result/ }).waitFor();
  const found = await marks(page.locator('.dz-list li').first().locator('.dz-snippet'));
  assert.ok(found.length >= 1);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  assert.deepEqual(log.outside, []);
  await context.close();
  await closing;
});
