// `dossier build` on a folder of three documents of our own: the explorer
// it writes is served, opened as a single file, and embedded, and each one
// shows those documents (not the bundled seed) and searches them.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  serve, launch, openPage, ready, marks, fetchedBesides, find, texts, text, byRole, waitForStatus, fill,
} from './harness.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = process.env.DOSSIER_BIN ?? join(process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'), 'release', 'dossier');
const TITLES = [
  'The Aral Sea basin after the drought',
  'Kyrgyz–Tajik border crossing reopens at Isfara',
  'China–Kyrgyzstan–Uzbekistan railway moves ahead',
];

let browser;
let out;
let site;
let host;

before(async () => {
  out = mkdtempSync(join(tmpdir(), 'dossier-build-'));
  // The binary carries the web files itself: no --assets.
  const said = execFileSync(BIN, ['build', join(ROOT, 'tests/fixtures/mycorpus'), '--out', out], { encoding: 'utf8' });
  assert.match(said, /Built an explorer of 3 documents from 3 files/);
  const hostDir = mkdtempSync(join(tmpdir(), 'dossier-host-'));
  browser = await launch();
  site = await serve(out);
  writeFileSync(join(hostDir, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>host</title><link rel="icon" href="data:,"></head>
    <body><h1>Host</h1><dossier-explorer corpus="${site.url}corpus.json"></dossier-explorer>
    <script type="module" src="${site.url}dossier-embed.js"></script></body></html>`);
  host = await serve(hostDir);
});

after(async () => {
  await browser?.close();
  await site?.close();
  await host?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

async function checkExplorer(scope) {
  assert.deepEqual(await texts(scope, '.dz-list .dz-link'), TITLES);
  const box = await byRole(scope, 'searchbox', /search/i);
  await fill(box, 'Isfara');
  await waitForStatus(scope, /^1 result/);
  for (const m of await marks(await find(scope, '.dz-list li'))) assert.equal(m, 'Isfara');
  await fill(box, 'Yuldash');
  await waitForStatus(scope, /No results/);
  await fill(box, 'ADB');
  await (await find(scope, '.dz-list .dz-link')).click();
  const reader = await find(scope, 'article.dz-reader');
  assert.equal(await text(reader, '.dz-title'), TITLES[2]);
  assert.ok((await marks(reader)).length >= 1);
}

test('the built explorer, served, shows and searches the three documents', async () => {
  const { page, context, log } = await openPage(browser, { allowed: (u) => u.startsWith(site.url) });
  await page.goto(site.url);
  await ready(page);
  await checkExplorer(page);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  assert.deepEqual(log.outside, []);
  await context.close();
});

test('the built single file works from file:// with no request at all', async () => {
  const url = pathToFileURL(join(out, 'dossier.html')).href;
  const { page, context, log } = await openPage(browser, { allowed: (u) => u === url });
  await page.goto(url);
  await ready(page);
  await checkExplorer(page);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(await fetchedBesides(page, log, url), [], 'no request at all');
  await context.close();
});

test('the built custom element loads corpus.json from another origin', async () => {
  const { page, context, log } = await openPage(browser, { allowed: (u) => u.startsWith(site.url) || u.startsWith(host.url) });
  await page.goto(host.url);
  const el = await find(page, 'dossier-explorer');
  await byRole(el, 'searchbox');
  await checkExplorer(el);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  await context.close();
});
