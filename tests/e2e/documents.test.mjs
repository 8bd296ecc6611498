// The user's own documents: added by picking, dropping or pasting, searchable
// at once, kept across reloads, removable; the bundled corpus can hide.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, ready, marks, SINGLE_FILE_URL } from './harness.mjs';

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

const own = (u) => u.startsWith(server.url);

async function search(page, q) {
  const box = page.getByRole('searchbox', { name: /search/i });
  await box.fill(q);
  const status = page.getByRole('status');
  await status.filter({ hasText: /result/i }).waitFor();
  return status.textContent();
}

test('a picked file is searchable at once, survives a reload, and can be removed', async () => {
  const { page, context, log } = await openPage(browser, { allowed: own });
  await page.goto(server.url);
  await ready(page);
  await page.getByText('Your documents').click();
  await page.getByLabel('Add files').setInputFiles({
    name: 'zarafshan.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('Water in the Zarafshan valley\n\nFarmers in the Zarafshan valley met in Panjakent.\n'),
  });
  await page.locator('.dz-file', { hasText: 'zarafshan.txt' }).waitFor();
  assert.match(await search(page, 'Zarafshan'), /^1 result/);
  const snippetMarks = await marks(page.locator('.dz-list li').first().locator('.dz-snippet'));
  assert.ok(snippetMarks.length >= 1);
  for (const m of snippetMarks) assert.equal(m, 'Zarafshan');

  await page.reload();
  await ready(page);
  await page.locator('.dz-file', { hasText: 'zarafshan.txt' }).waitFor({ state: 'attached' });
  assert.match(await search(page, 'Zarafshan'), /^1 result/, 'still there after a reload');

  await page.getByText('Your documents').click();
  await page.getByRole('button', { name: 'Remove zarafshan.txt' }).click();
  assert.match(await search(page, 'Zarafshan'), /^No results/);
  await page.reload();
  await ready(page);
  assert.match(await search(page, 'Zarafshan'), /^No results/, 'gone after a reload too');

  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  assert.deepEqual(log.outside, []);
  await context.close();
});

test('pasted text joins the search; the bundled corpus can be hidden and stays hidden', async () => {
  const { page, context, log } = await openPage(browser, { allowed: own });
  await page.goto(server.url);
  await ready(page);
  await page.getByText('Your documents').click();
  await page.getByLabel('Paste text').fill('Notes from Khujand\n\nThe Khujand meeting ended early.');
  await page.getByRole('button', { name: 'Add pasted text' }).click();
  assert.match(await search(page, 'Khujand'), /^1 result/);

  await page.getByLabel('Show the explorer’s own articles').uncheck();
  assert.match(await search(page, 'Yuldash'), /^No results/);
  await page.reload();
  await ready(page);
  await page.locator('.dz-file').first().waitFor({ state: 'attached' });
  assert.match(await search(page, 'Yuldash'), /^No results/, 'the choice is remembered');
  assert.match(await search(page, 'Khujand'), /^1 result/);
  await page.getByText('Your documents').click();
  await page.getByLabel('Show the explorer’s own articles').check();
  assert.match(await search(page, 'Yuldash'), /result/);
  assert.doesNotMatch(await search(page, 'Yuldash'), /^No/);

  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  await context.close();
});

test('hostile HTML is read as text: no script runs, no element of it appears', async () => {
  const { page, context, log } = await openPage(browser, { allowed: own });
  await page.goto(server.url);
  await ready(page);
  await page.getByText('Your documents').click();
  const hostile = `<html><body><article><h1>Kabul <img src=x onerror="window.pwned=1"></h1>
    <p>Kabul report <script>window.pwned=2</script> &lt;b&gt;bold&lt;/b&gt; <a href="javascript:window.pwned=3">link</a></p>
    </article></body></html>`;
  await page.getByLabel('Add files').setInputFiles({ name: 'hostile.html', mimeType: 'text/html', buffer: Buffer.from(hostile) });
  await page.locator('.dz-file', { hasText: 'hostile.html' }).waitFor();
  await search(page, 'Kabul');
  await page.locator('.dz-list .dz-link').first().click();
  await page.locator('article.dz-reader').waitFor({ state: 'visible' });
  assert.equal(await page.locator('.dz img, .dz script, .dz b, .dz-reader a').count(), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.outside, [], 'the hostile image was never fetched');
  await context.close();
});

test('binary files get a clear note and add nothing', async () => {
  const { page, context, log } = await openPage(browser, { allowed: own });
  await page.goto(server.url);
  await ready(page);
  await page.getByText('Your documents').click();
  await page.getByLabel('Add files').setInputFiles({
    name: 'scan.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(64, 0)]),
  });
  await page.locator('.dz-note', { hasText: /looks like a PDF document/ }).waitFor();
  assert.match(await page.locator('.dz-note').textContent(), /scan\.pdf: 0 documents/);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('the single file takes documents too, with no request at all', async () => {
  const { page, context, log } = await openPage(browser, { allowed: (u) => u === SINGLE_FILE_URL });
  await page.goto(SINGLE_FILE_URL);
  await ready(page);
  await page.getByText('Your documents').click();
  await page.getByLabel('Paste text').fill('Dushanbe notes\n\nA Dushanbe source said so.');
  await page.getByRole('button', { name: 'Add pasted text' }).click();
  assert.match(await search(page, 'Dushanbe'), /^1 result/);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.requests, [SINGLE_FILE_URL]);
  await context.close();
});
