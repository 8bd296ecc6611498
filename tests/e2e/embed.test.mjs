// Embedding: each example host page is served from a second origin and
// loads the explorer from the first. Search, highlight and navigation work
// inside it, the host's styles are untouched, and the iframe answers only
// the origins it was told to.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { serve, launch, openPage, marks } from './harness.mjs';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

let browser;
let explorer;
let host;

before(async () => {
  browser = await launch();
  explorer = await serve();
  host = await serve(EXAMPLES);
});

after(async () => {
  await browser?.close();
  await explorer?.close();
  await host?.close();
});

const allowed = (u) => u.startsWith(explorer.url) || u.startsWith(host.url);
const example = (name, extra = '') => `${host.url}${name}?explorer=${encodeURIComponent(explorer.url)}${extra}`;

test('custom element: two independent explorers in Shadow DOM; host styles unchanged', async () => {
  const { page, context, log } = await openPage(browser, { allowed });
  await page.goto(example('custom-element.html'));
  const hostStyle = () => page.evaluate(() => {
    const p = getComputedStyle(document.querySelector('p.host-text'));
    return [p.color, p.fontFamily, getComputedStyle(document.body).backgroundColor];
  });
  const seed = page.locator('#seed');
  const notes = page.locator('#notes');
  await seed.getByRole('searchbox', { name: /search/i }).waitFor();
  await notes.getByRole('searchbox', { name: /search/i }).waitFor();
  assert.deepEqual(await hostStyle(), ['rgb(90, 45, 12)', 'Georgia, serif', 'rgb(251, 250, 247)']);

  // The first starts on its query, with hits marked in our colours.
  assert.equal(await seed.getByRole('searchbox').inputValue(), 'Yuldash');
  const first = seed.locator('.dz-list > li').first();
  await first.locator('mark').first().waitFor();
  for (const m of await marks(first.locator('.dz-snippet'))) assert.equal(m.toLowerCase(), 'yuldash');
  const markBg = await first.locator('mark').first().evaluate((m) => getComputedStyle(m).backgroundColor);
  assert.equal(markBg, 'rgb(255, 224, 102)', "the host's mark style does not leak in");

  // The second has only its inline corpus, and searching it leaves the first alone.
  assert.equal(await notes.locator('.dz-list > li').count(), 2);
  await notes.getByRole('searchbox').fill('Termez');
  await notes.getByRole('status').filter({ hasText: /^1 result/ }).waitFor();
  await notes.getByRole('searchbox').fill('Yuldash');
  await notes.getByRole('status').filter({ hasText: /No results/ }).waitFor();
  assert.equal(await seed.getByRole('searchbox').inputValue(), 'Yuldash');

  // Navigation inside the element: open, walk hits with n, go back.
  await first.locator('.dz-link').click();
  const reader = seed.locator('article.dz-reader');
  await reader.waitFor({ state: 'visible' });
  assert.ok((await marks(reader)).length >= 7);
  await page.keyboard.press('n');
  assert.match(await reader.locator('.dz-hitcount').textContent(), /^2 of /);
  await reader.getByRole('button', { name: /back/i }).click();
  await seed.locator('.dz-results').waitFor({ state: 'visible' });

  assert.equal(new URL(page.url()).hash, '', 'an embedded explorer leaves the host URL alone');
  assert.deepEqual(await hostStyle(), ['rgb(90, 45, 12)', 'Georgia, serif', 'rgb(251, 250, 247)']);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  assert.deepEqual(log.outside, []);
  await context.close();
});

test('compact mode: results drop down, the article opens in a dialog, Escape closes it', async () => {
  const { page, context, log } = await openPage(browser, { allowed });
  await page.goto(example('compact.html'));
  const el = page.locator('dossier-explorer');
  const box = el.getByRole('searchbox', { name: /search/i });
  await box.waitFor();
  assert.equal(await el.locator('.dz-results').isVisible(), false, 'nothing drops down before typing');
  await box.pressSequentially('Yuldash');
  const results = el.locator('.dz-results');
  await results.waitFor({ state: 'visible' });
  await results.locator('.dz-link').first().click();
  const dialog = el.locator('dialog.dz-dialog');
  await dialog.waitFor({ state: 'visible' });
  assert.ok((await marks(dialog)).length >= 7);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await box.inputValue(), 'Yuldash');
  assert.equal(await page.locator('.host-text').evaluate((p) => getComputedStyle(p).color), 'rgb(51, 78, 104)');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  assert.deepEqual(log.outside, []);
  await context.close();
});

test('iframe: the allowed parent commands and hears; other origins are ignored', async () => {
  const { page, context, log } = await openPage(browser, { allowed });
  await page.goto(example('iframe.html'));
  const events = () => page.evaluate(() => window.dossierEvents.map((e) => e.type));
  await page.waitForFunction(() => window.dossierEvents?.some((e) => e.type === 'dossier:ready'));
  const frame = page.frameLocator('#explorer');

  await page.getByRole('button', { name: 'Search “IMU”' }).click();
  await page.waitForFunction(() => window.dossierEvents.some((e) => e.type === 'dossier:results' && e.query === 'IMU'));
  assert.equal(await frame.getByRole('searchbox').inputValue(), 'IMU');
  const firstTitle = await frame.locator('.dz-list .dz-link').first().textContent();

  await page.getByRole('button', { name: 'Open the first result' }).click();
  await page.waitForFunction(() => window.dossierEvents.some((e) => e.type === 'dossier:opened'));
  const opened = await page.evaluate(() => window.dossierEvents.find((e) => e.type === 'dossier:opened'));
  assert.equal(opened.title, firstTitle);
  await frame.locator('article.dz-reader').waitFor({ state: 'visible' });
  assert.ok((await marks(frame.locator('article.dz-reader'))).length >= 1);

  // A reader's click inside the frame is reported too.
  await frame.getByRole('button', { name: /back/i }).click();
  await frame.locator('.dz-list .dz-link').first().click();
  await page.waitForFunction(() => window.dossierEvents.filter((e) => e.type === 'dossier:opened').length === 2);

  // The same explorer told to trust another origin ignores this page.
  const navigated = page.waitForEvent('framenavigated', (f) => f.url().includes('trusted.example'));
  await page.evaluate((src) => {
    document.getElementById('explorer').src = src;
  }, `${explorer.url}index.html?origins=${encodeURIComponent('https://trusted.example')}`);
  const reframed = await navigated;
  await reframed.getByRole('searchbox').waitFor();
  const before = (await events()).length;
  await page.evaluate((origin) => document.getElementById('explorer').contentWindow.postMessage({ type: 'dossier:search', query: 'COVAX' }, origin), explorer.url.slice(0, -1));
  await page.waitForTimeout(300);
  assert.equal(await reframed.getByRole('searchbox').inputValue(), '', 'a command from an origin not on the list does nothing');
  assert.equal((await events()).length, before, 'and nothing is reported to it');
  // The framed explorer never offers the reader's own documents to a parent.
  assert.equal(await reframed.getByText('Your documents').count(), 0);

  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.outside, []);
  await context.close();
});
