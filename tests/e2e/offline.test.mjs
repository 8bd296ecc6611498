// Offline after the first visit: the served build's service worker keeps
// its files, so the explorer reopens and searches with the network cut.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, openPage, ready, marks, find, byRole, waitForStatus, fill } from './harness.mjs';

const shared = session();

test('the served build reopens and searches with the network cut', async () => {
  const origin = shared.server.url;
  const { page, context, log } = await openPage(shared.browser, { allowed: (u) => u.startsWith(origin) });
  await page.goto(shared.server.url);
  await ready(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await ready(page);
  assert.equal(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), true);

  // The network is cut twice over: the browser goes offline, and the
  // server is gone, so nothing could answer anyway.
  await page.setOfflineMode(true);
  assert.equal(await page.evaluate(() => navigator.onLine), false, 'the browser is offline');
  await shared.server.close();
  shared.server = null;
  await page.reload();
  await ready(page);
  await fill(await byRole(page, 'searchbox', /search/i), 'Yuldash');
  await waitForStatus(page, /result/);
  const found = await marks(await find(page, '.dz-list li .dz-snippet'));
  assert.ok(found.length >= 1);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  assert.deepEqual(log.outside, []);
  await context.close();
});
