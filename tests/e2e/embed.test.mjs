// Embedding: each example host page is served from a second origin and
// loads the explorer from the first. Search, highlight and navigation work
// inside it, the host's styles are untouched, and the iframe answers only
// the origins it was told to.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import {
  serve, launch, openPage, marks, find, gone, count, text, byRole, waitForStatus, fill, type, press, valueOf, axe,
} from './harness.mjs';

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
  const seed = await find(page, '#seed');
  const notes = await find(page, '#notes');
  const seedBox = await byRole(seed, 'searchbox', /search/i);
  const notesBox = await byRole(notes, 'searchbox', /search/i);
  assert.deepEqual(await hostStyle(), ['rgb(90, 45, 12)', 'Georgia, serif', 'rgb(251, 250, 247)']);

  // The first starts on its query, with hits marked in our colours.
  assert.equal(await valueOf(seedBox), 'Yuldash');
  const first = await find(seed, '.dz-list > li');
  const mark = await find(first, 'mark');
  for (const m of await marks(await find(first, '.dz-snippet'))) assert.equal(m.toLowerCase(), 'yuldash');
  const markBg = await mark.evaluate((m) => getComputedStyle(m).backgroundColor);
  assert.equal(markBg, 'rgb(255, 224, 102)', "the host's mark style does not leak in");

  // The second has only its inline corpus, and searching it leaves the first alone.
  assert.equal(await count(notes, '.dz-list > li'), 2);
  await fill(notesBox, 'Termez');
  await waitForStatus(notes, /^1 result/);
  await fill(notesBox, 'Yuldash');
  await waitForStatus(notes, /No results/);
  assert.equal(await valueOf(seedBox), 'Yuldash');

  // Navigation inside the element: open, walk hits with n, go back.
  await (await find(first, '.dz-link')).click();
  const reader = await find(seed, 'article.dz-reader');
  assert.ok((await marks(reader)).length >= 7);
  await press(page, 'n');
  assert.match(await text(reader, '.dz-hitcount'), /^2 of /);
  await (await byRole(reader, 'button', /back/i)).click();
  await find(seed, '.dz-results');

  // The host changes the query attribute: the explorer searches again.
  await page.evaluate(() => document.querySelector('#notes').setAttribute('query', 'Osh'));
  await waitForStatus(notes, /^1 result for “Osh”/);
  assert.equal(await valueOf(notesBox), 'Osh');

  // Two explorers, two landmark names; the "/" hint belongs to full pages.
  const regions = await page.evaluate(() => [...document.querySelectorAll('dossier-explorer')]
    .map((e) => e.shadowRoot.querySelector('[role=region]').getAttribute('aria-label')));
  assert.deepEqual(regions, ['dossier explorer', 'dossier explorer 2']);
  assert.doesNotMatch(await seedBox.evaluate((b) => b.placeholder), /press \//);
  assert.deepEqual(await axe(page), [], 'axe finds nothing on the host page');

  assert.equal(new URL(await page.evaluate(() => location.href)).hash, '', 'an embedded explorer leaves the host URL alone');
  assert.deepEqual(await hostStyle(), ['rgb(90, 45, 12)', 'Georgia, serif', 'rgb(251, 250, 247)']);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  assert.deepEqual(log.outside, []);
  await context.close();
});

test('compact mode: results drop down, the article opens in a dialog, Escape closes it', async () => {
  const { page, context, log } = await openPage(browser, { allowed });
  await page.goto(example('compact.html'));
  const el = await find(page, 'dossier-explorer');
  const box = await byRole(el, 'searchbox', /search/i);
  assert.equal(await count(el, { css: '.dz-results', visible: true }), 0, 'nothing drops down before typing');
  const below = () => page.evaluate(() => document.querySelector('main').getBoundingClientRect().top);
  const top = await below();
  await type(box, 'Yuldash');
  const results = await find(el, '.dz-results');
  assert.equal(await below(), top, 'the drop-down lies over the host page, never pushes it down');
  assert.deepEqual(await axe(page), [], 'axe finds nothing with the drop-down open');

  // A press outside folds it away; focus on the box drops it again.
  await (await find(page, 'p.host-text')).click();
  await gone(el, '.dz-results');
  await box.focus();
  await find(el, '.dz-results');
  // Escape folds it too.
  await press(page, 'Escape');
  await gone(el, '.dz-results');
  await (await find(page, 'p.host-text')).click();
  await box.focus();
  await find(el, '.dz-results');
  await (await find(results, '.dz-link')).click();
  const dialog = await find(el, 'dialog.dz-dialog');
  assert.ok((await marks(dialog)).length >= 7);
  await press(page, 'Escape');
  await gone(el, 'dialog.dz-dialog');
  assert.equal(await valueOf(box), 'Yuldash');
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.host-text')).color), 'rgb(51, 78, 104)');
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
  const frameOf = async () => (await find(page, '#explorer')).contentFrame();
  const frame = await frameOf();

  await (await byRole(page, 'button', 'Search “IMU”')).click();
  await page.waitForFunction(() => window.dossierEvents.some((e) => e.type === 'dossier:results' && e.query === 'IMU'));
  assert.equal(await valueOf(await byRole(frame, 'searchbox')), 'IMU');
  const firstTitle = await text(frame, '.dz-list .dz-link');

  await (await byRole(page, 'button', 'Open the first result')).click();
  await page.waitForFunction(() => window.dossierEvents.some((e) => e.type === 'dossier:opened'));
  const opened = await page.evaluate(() => window.dossierEvents.find((e) => e.type === 'dossier:opened'));
  assert.equal(opened.title, firstTitle);
  assert.ok((await marks(await find(frame, 'article.dz-reader'))).length >= 1);

  // A reader's click inside the frame is reported too.
  await (await byRole(frame, 'button', /back/i)).click();
  await (await find(frame, '.dz-list .dz-link')).click();
  await page.waitForFunction(() => window.dossierEvents.filter((e) => e.type === 'dossier:opened').length === 2);

  // The same explorer told to trust another origin ignores this page.
  const src = `${explorer.url}index.html?origins=${encodeURIComponent('https://trusted.example')}`;
  await page.evaluate((s) => {
    document.getElementById('explorer').src = s;
  }, src);
  await frame.waitForFunction((s) => location.href === s && document.readyState === 'complete', {}, src);
  const reframed = await frameOf();
  const box = await byRole(reframed, 'searchbox');
  const before = (await events()).length;
  await page.evaluate((origin) => document.getElementById('explorer').contentWindow.postMessage({ type: 'dossier:search', query: 'COVAX' }, origin), explorer.url.slice(0, -1));
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await valueOf(box), '', 'a command from an origin not on the list does nothing');
  assert.equal((await events()).length, before, 'and nothing is reported to it');
  // The framed explorer never offers the reader's own documents to a parent.
  assert.equal(await count(reframed, { text: 'Your documents', css: 'summary' }), 0);

  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.outside, []);
  await context.close();
});
