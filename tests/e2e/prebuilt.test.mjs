// A corpus of a few hundred documents of our own, built by `dossier build`
// into a prebuilt index: the explorer opens it served, from file:// and
// embedded without re-analysing (it never asks for the raw corpus), says
// clearly when part of its index is damaged or of another version while the
// rest keeps working, and searches a reader's own documents together with
// the prebuilt ones.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync, rmSync, cpSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  serve, launch, openPage, ready, marks, fetchedBesides, find, byRole, waitForStatus, fill, pickFile, text,
} from './harness.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = process.env.DOSSIER_BIN ?? join(process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'), 'release', 'dossier');
const N = 300;
const PLACES = ['Khujand', 'Osh', 'Termez', 'Kulob', 'Naryn'];

// Document i names one place of five and a word of its own ("code417").
// The page must count what `dossier search` counts on the same folder (typo
// matching makes "code217" find "code207" too).
function article(i) {
  const place = PLACES[i % PLACES.length];
  return `Report ${i} from ${place}\n\nOfficials in ${place} met on Tuesday to discuss water and roads. `
    + `The file number is code${i}. Elena Morozova of the Regional Water Agency said the talks would go on.\n`;
}

let browser;
let work;
let src;
const cliTotal = (q) => JSON.parse(execFileSync(BIN, ['search', src, '--query', q, '--json'], { encoding: 'utf8' })).total;
const counted = (n) => new RegExp(`^${n} results?\\b`);
let out;
let site;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'dossier-prebuilt-'));
  src = join(work, 'corpus');
  mkdirSync(src);
  for (let i = 0; i < N; i += 1) writeFileSync(join(src, `r${String(i).padStart(3, '0')}.txt`), article(i));
  out = join(work, 'site');
  const said = execFileSync(BIN, ['build', src, '--out', out], { encoding: 'utf8' });
  assert.match(said, new RegExp(`Built an explorer of ${N} documents from ${N} files`));
  browser = await launch();
  site = await serve(work);
});

after(async () => {
  await browser?.close();
  await site?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const search = async (scope, q, status = /result/i) => {
  await fill(await byRole(scope, 'searchbox', /search/i), q);
  return waitForStatus(scope, status);
};

async function checkCorpus(scope) {
  assert.match(await search(scope, 'code217'), counted(cliTotal('code217')));
  assert.equal(await text(scope, '.dz-list .dz-link'), `Report 217 from ${PLACES[217 % PLACES.length]}`, 'the exact match first');
  for (const m of await marks(await find(scope, '.dz-list li'))) assert.equal(m, 'code217');
  assert.match(await search(scope, 'Termez'), counted(N / PLACES.length));
  assert.match(await search(scope, '"Regional Water Agency"'), counted(N));
  await search(scope, 'code42', counted(cliTotal('code42')));
  await (await find(scope, '.dz-list .dz-link')).click();
  const reader = await find(scope, 'article.dz-reader');
  assert.equal(await text(reader, '.dz-title'), `Report 42 from ${PLACES[42 % PLACES.length]}`);
  assert.ok((await marks(reader)).includes('code42'));
}

/** A copy of the built site with one change, served beside the original. */
function variant(name, change) {
  const dir = join(work, name);
  cpSync(out, dir, { recursive: true });
  change(join(dir, 'index'));
  return `${site.url}${name}/`;
}

const chunk = (dir, prefix) => readdirSync(dir).find((f) => f.startsWith(`${prefix}-`));

test('served: the prebuilt index opens and searches without the raw corpus', async () => {
  const { page, context, log } = await openPage(browser, { allowed: (u) => u.startsWith(site.url) });
  await page.goto(`${site.url}site/`);
  await ready(page);
  await checkCorpus(page);
  assert.ok(log.requests.some((u) => u.includes('/index/manifest.bin')), 'the manifest was read');
  assert.deepEqual(log.requests.filter((u) => u.endsWith('corpus.json')), [], 'the raw corpus was never fetched');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  assert.equal(await page.$eval('.dz-alert', (e) => e.hidden), true, 'no alert');
  await context.close();
});

test('served: a query fetches its own words\' postings and its shown results\' text, not the index', async () => {
  const { page, context, log } = await openPage(browser, { allowed: (u) => u.startsWith(site.url) });
  await page.goto(`${site.url}site/#q=code217`);
  await ready(page);
  assert.match(await waitForStatus(page, /result/i), counted(cliTotal('code217')));
  const files = readdirSync(join(out, 'index')).filter((f) => f !== 'manifest.bin');
  const fetched = (prefix) => new Set(log.requests.filter((u) => u.includes(`/index/${prefix}-`))).size;
  const all = (prefix) => files.filter((f) => f.startsWith(`${prefix}-`)).length;
  // (Its postings fit one chunk; its documents' text takes several.)
  assert.ok(all('store') >= 4, `the text is split into chunks (${all('store')})`);
  assert.ok(fetched('store') >= 1 && fetched('store') < all('store'), `store: ${fetched('store')} of ${all('store')}`);
  assert.ok(fetched('post') >= 1, 'the postings of the query were read');
  assert.equal(fetched('ent'), 0, 'a query of words reads no entity chunk');
  assert.equal(fetched('time') + fetched('quote') + fetched('pair'), 0, 'no view over the whole corpus was read');
  assert.equal(await text(page, '.dz-list .dz-link'), `Report 217 from ${PLACES[217 % PLACES.length]}`);
  // Results come a page at a time, each page's text fetched as it shows.
  assert.match(await search(page, 'Termez'), counted(N / PLACES.length));
  const items = () => page.$$eval('.dz-list > li .dz-snippet', (l) => l.filter((e) => e.textContent.trim()).length);
  assert.equal(await items(), 20);
  const more = await byRole(page, 'button', /^Show more results \(20 of 60 shown\)$/);
  await more.click();
  await byRole(page, 'button', /^Show more results \(40 of 60 shown\)$/);
  assert.equal(await items(), 40, 'the second page has its snippets');
  await (await byRole(page, 'button', /^Show more results/)).click();
  await page.waitForFunction(() => document.querySelector('.dz-more').hidden);
  assert.equal(await items(), 60, 'all shown, the button gone');
  // The timeline reads its own pages and the text of the statements it
  // lists (here spread over every store chunk), and nothing else.
  const before = { ment: fetched('ment'), pair: fetched('pair'), quote: fetched('quote'), fig: fetched('fig') };
  await (await find(page, { css: 'nav.dz-views a', text: 'Timeline' })).click();
  await find(page, { css: '.dz-pane h1', text: 'Timeline' });
  await find(page, { css: '.dz-event .dz-sentence', text: /^Officials in \w+ met on Tuesday/ });
  const listed = await page.$$eval('.dz-event .dz-sentence', (l) => l.filter((e) => e.textContent.trim()).length);
  assert.equal(listed, await page.$$eval('.dz-event', (l) => l.length), 'every statement listed has its sentence');
  assert.ok(fetched('time') >= 1, 'the timeline\'s pages were read');
  for (const kind of Object.keys(before)) assert.equal(fetched(kind), before[kind], `the timeline read no ${kind} chunk`);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  await context.close();
});

test('a damaged document chunk is named when a result needs it; the result keeps its title', async () => {
  const manifestDocs = (dir) => readdirSync(dir).filter((f) => f.startsWith('store-')).sort();
  let damaged;
  const url = variant('damaged-store', (dir) => {
    for (const name of manifestDocs(dir)) {
      const bytes = readFileSync(join(dir, name));
      if (!bytes.includes(Buffer.from('code217.'))) continue;
      bytes[bytes.length - 1] ^= 0xff;
      writeFileSync(join(dir, name), bytes);
      damaged = name;
    }
  });
  assert.ok(damaged, 'the chunk holding document 217 was found');
  const { page, context, log } = await openPage(browser, { allowed: (u) => u.startsWith(site.url) });
  await page.goto(url);
  await ready(page);
  assert.equal(await page.$eval('.dz-alert', (e) => e.hidden), true, 'nothing damaged was needed yet');
  assert.match(await search(page, 'code217'), counted(cliTotal('code217')));
  const alert = await byRole(page, 'alert');
  assert.match(await alert.evaluate((e) => e.textContent), new RegExp(`${damaged.replace('.', '\\.')}: the file is damaged`));
  assert.equal(await text(page, '.dz-list .dz-link'), `Report 217 from ${PLACES[217 % PLACES.length]}`);
  assert.match(await search(page, 'code42'), counted(cliTotal('code42')), 'other documents still answer');
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('the single file carries its index and works from file:// with no request', async () => {
  const url = pathToFileURL(join(out, 'dossier.html')).href;
  const { page, context, log } = await openPage(browser, { allowed: (u) => u === url });
  await page.goto(url);
  await ready(page);
  await checkCorpus(page);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(await fetchedBesides(page, log, url), [], 'no request at all');
  await context.close();
});

test('embedded: <dossier-explorer index=…> on a host page opens the same index', async () => {
  const host = join(work, 'host');
  mkdirSync(host, { recursive: true });
  writeFileSync(join(host, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>host</title><link rel="icon" href="data:,"></head>
    <body><h1>Host</h1><dossier-explorer index="../site/index/manifest.bin"></dossier-explorer>
    <script type="module" src="../site/dossier-embed.js"></script></body></html>`);
  const { page, context, log } = await openPage(browser, { allowed: (u) => u.startsWith(site.url) });
  await page.goto(`${site.url}host/`);
  const el = await find(page, 'dossier-explorer');
  await ready(el);
  await checkCorpus(el);
  assert.deepEqual(log.requests.filter((u) => u.endsWith('corpus.json')), []);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  await context.close();
});

test('a corrupted chunk is named in an alert once it is read; the rest of the index still answers', async () => {
  const url = variant('damaged', (dir) => {
    const name = chunk(dir, 'rank');
    const bytes = readFileSync(join(dir, name));
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(join(dir, name), bytes);
  });
  const { page, context, log } = await openPage(browser, { allowed: (u) => u.startsWith(site.url) });
  await page.goto(url);
  await ready(page);
  // The entity table is not read to answer words.
  assert.match(await search(page, 'code217'), counted(cliTotal('code217')), 'search works without the entity table');
  assert.equal(new Set(log.requests.filter((u) => /\/index\/(ent|rank)-/.test(u))).size, 0, 'no entity chunk read for a query of words');
  // The entity list reads its first page by rank, names it damaged, and
  // lists the entities from the whole table instead.
  await (await find(page, { css: 'nav.dz-views a', text: 'Entities' })).click();
  const alert = await byRole(page, 'alert');
  assert.match(await alert.evaluate((e) => e.textContent), /rank-0-[0-9a-f]{16}\.bin: the file is damaged/);
  await find(page, { css: '.dz-pane table a[href^="#entity="]' });
  await (await find(page, { css: 'nav.dz-views a', text: 'Articles' })).click();
  assert.match(await search(page, 'code217'), counted(cliTotal('code217')), 'and search still answers');
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('an index of another format version is refused with a clear message, not misread', async () => {
  const url = variant('future', (dir) => {
    const bytes = readFileSync(join(dir, 'manifest.bin'));
    bytes.writeUInt32LE(999, 4);
    writeFileSync(join(dir, 'manifest.bin'), bytes);
  });
  const { page, context, log } = await openPage(browser, { allowed: (u) => u.startsWith(site.url) });
  await page.goto(url);
  await ready(page);
  const alert = await byRole(page, 'alert');
  assert.match(await alert.evaluate((e) => e.textContent), /index format 999, but this explorer reads format \d+/);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('a reader’s own document is searched together with the prebuilt ones, also after a reload', async () => {
  const { page, context, log } = await openPage(browser, { allowed: (u) => u.startsWith(site.url) });
  await page.goto(`${site.url}site/`);
  await ready(page);
  await (await find(page, { css: 'summary', text: 'Your documents' })).click();
  await pickFile(await byRole(page, 'button', 'Add files', { state: 'attached' }), 'termez-notes.txt',
    Buffer.from('Termez notes\n\nA second team reached Termez on Friday with code9999.\n'));
  await find(page, { css: '.dz-file', text: 'termez-notes.txt' });
  const both = counted(N / PLACES.length + 1);
  assert.match(await search(page, 'Termez'), both);
  assert.match(await search(page, 'code9999'), /^1 result\b/);
  assert.match(await search(page, 'code217'), counted(cliTotal('code217')), 'the prebuilt documents are still there');
  await page.reload();
  await ready(page);
  await find(page, { css: '.dz-file', text: 'termez-notes.txt' }, { state: 'attached' });
  assert.match(await search(page, 'Termez'), both, 'kept across a reload');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  await context.close();
});
