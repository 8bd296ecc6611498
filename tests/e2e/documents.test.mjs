// The user's own documents: added by picking, dropping or pasting, searchable
// at once, kept across reloads, removable; the bundled corpus can hide.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  session, openPage, ready, marks, SINGLE_FILE_URL, fetchedBesides,
  find, count, text, byRole, waitForStatus, fill, pickFile,
} from './harness.mjs';

const shared = session();

const own = shared.own;

async function search(page, q) {
  await fill(await byRole(page, 'searchbox', /search/i), q);
  return waitForStatus(page, /result/i);
}

const openDocuments = async (page) => (await find(page, { css: 'summary', text: 'Your documents' })).click();
const checked = (el) => el.evaluate((e) => e.checked);

test('a picked file is searchable at once, survives a reload, and can be removed', async () => {
  const { page, context, log } = await openPage(shared.browser, { allowed: own });
  await page.goto(shared.server.url);
  await ready(page);
  await openDocuments(page);
  await pickFile(await byRole(page, 'button', 'Add files', { state: 'attached' }), 'zarafshan.txt',
    Buffer.from('Water in the Zarafshan valley\n\nFarmers in the Zarafshan valley met in Panjakent.\n'));
  await find(page, { css: '.dz-file', text: 'zarafshan.txt' });
  assert.match(await search(page, 'Zarafshan'), /^1 result/);
  const snippetMarks = await marks(await find(page, '.dz-list li .dz-snippet'));
  assert.ok(snippetMarks.length >= 1);
  for (const m of snippetMarks) assert.equal(m, 'Zarafshan');

  await page.reload();
  await ready(page);
  await find(page, { css: '.dz-file', text: 'zarafshan.txt' }, { state: 'attached' });
  assert.match(await search(page, 'Zarafshan'), /^1 result/, 'still there after a reload');

  await openDocuments(page);
  await (await byRole(page, 'button', 'Remove zarafshan.txt')).click();
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
  const { page, context, log } = await openPage(shared.browser, { allowed: own });
  await page.goto(shared.server.url);
  await ready(page);
  await openDocuments(page);
  await fill(await byRole(page, 'textbox', 'Paste text'), 'Notes from Khujand\n\nThe Khujand meeting ended early.');
  await (await byRole(page, 'button', 'Add pasted text')).click();
  assert.match(await search(page, 'Khujand'), /^1 result/);

  const bundled = await byRole(page, 'checkbox', 'Show the explorer’s own articles');
  assert.equal(await checked(bundled), true);
  await bundled.click();
  assert.match(await search(page, 'Yuldash'), /^No results/);
  await page.reload();
  await ready(page);
  await find(page, '.dz-file', { state: 'attached' });
  assert.match(await search(page, 'Yuldash'), /^No results/, 'the choice is remembered');
  assert.match(await search(page, 'Khujand'), /^1 result/);
  await openDocuments(page);
  const again = await byRole(page, 'checkbox', 'Show the explorer’s own articles');
  assert.equal(await checked(again), false);
  await again.click();
  assert.match(await search(page, 'Yuldash'), /result/);
  assert.doesNotMatch(await search(page, 'Yuldash'), /^No/);

  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  await context.close();
});

test('hostile HTML is read as text: no script runs, no element of it appears', async () => {
  const { page, context, log } = await openPage(shared.browser, { allowed: own });
  await page.goto(shared.server.url);
  await ready(page);
  await openDocuments(page);
  const hostile = `<html><body><article><h1>Kabul <img src=x onerror="window.pwned=1"></h1>
    <p>Kabul report <script>window.pwned=2</script> &lt;b&gt;bold&lt;/b&gt; <a href="javascript:window.pwned=3">link</a></p>
    </article></body></html>`;
  await pickFile(await byRole(page, 'button', 'Add files', { state: 'attached' }), 'hostile.html', Buffer.from(hostile));
  await find(page, { css: '.dz-file', text: 'hostile.html' });
  await search(page, 'Kabul');
  await (await find(page, '.dz-list .dz-link')).click();
  await find(page, 'article.dz-reader');
  // The reader's own entity links (a.dz-ent, to #entity=…) are ours; no
  // element of the page's markup may appear, and no javascript: link.
  assert.equal(await count(page, '.dz img, .dz script, .dz b, .dz-reader a:not(.dz-ent)'), 0);
  assert.equal(await count(page, 'a[href^="javascript:"], .dz a[href^="javascript:"]'), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.outside, [], 'the hostile image was never fetched');
  await context.close();
});

test('binary files get a clear note and add nothing', async () => {
  const { page, context, log } = await openPage(shared.browser, { allowed: own });
  await page.goto(shared.server.url);
  await ready(page);
  await openDocuments(page);
  await pickFile(await byRole(page, 'button', 'Add files', { state: 'attached' }), 'scan.pdf',
    Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(64, 0)]));
  await find(page, { css: '.dz-note', text: /looks like a PDF document/ });
  assert.match(await text(page, '.dz-note'), /scan\.pdf: 0 documents/);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('the single file takes documents too, with no request at all', async () => {
  const { page, context, log } = await openPage(shared.browser, { allowed: (u) => u === SINGLE_FILE_URL });
  await page.goto(SINGLE_FILE_URL);
  await ready(page);
  await openDocuments(page);
  await fill(await byRole(page, 'textbox', 'Paste text'), 'Dushanbe notes\n\nA Dushanbe source said so.');
  await (await byRole(page, 'button', 'Add pasted text')).click();
  assert.match(await search(page, 'Dushanbe'), /^1 result/);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(await fetchedBesides(page, log, SINGLE_FILE_URL), [], 'no request at all');
  await context.close();
});

test('a results table in a text file is drawn as a table, its cells searchable and marked', async () => {
  const { page, context, log } = await openPage(shared.browser, { allowed: own });
  await page.goto(shared.server.url);
  await ready(page);
  await openDocuments(page);
  const results = [
    'Biathlon sprint in Ostersund',
    '',
    'Anna Lindqvist won the sprint in Ostersund on Sunday.',
    '',
    'Lindqvist       Sweden    25.76',
    'Marte Olsbu     Norway    26.10',
    'Denise Herrmann  Germany   26.42',
    '',
  ].join('\n');
  await pickFile(await byRole(page, 'button', 'Add files', { state: 'attached' }), 'sprint.txt', Buffer.from(results));
  await find(page, { css: '.dz-file', text: 'sprint.txt' });
  assert.match(await search(page, 'Herrmann'), /^1 result/);
  await (await find(page, '.dz-list .dz-link')).click();
  const table = await find(page, 'article.dz-reader table.dz-table');
  assert.equal(await count(table, 'tr'), 3);
  assert.equal(await count(table, 'td'), 9);
  assert.deepEqual(await marks(await find(table, 'tr:nth-child(3) td:first-child')), ['Herrmann']);
  assert.equal(await text(table, 'tr:nth-child(2) td:nth-child(3)'), '26.10');
  assert.deepEqual(log.errors, []);
  await context.close();
});
