// The explorer's views as an analyst uses them: entities marked in the
// reading view (a legend toggles kinds), the entity list, entity pages
// (what the text says, who is named with it, every mention in context),
// the network, the timeline and quotes, downloads, corrections, the
// keyboard, the URL, axe-core on every view in both themes, and the page at
// phone width. Screenshots of each view go to tests/e2e/screenshots/
// (ignored by git).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  BROWSER, session, launch, openPage, ready, axe, find, gone, count, text, texts, byRole,
  waitForStatus, fill, press, back, forward, valueOf,
} from './harness.mjs';

const SHOTS = fileURLToPath(new URL(`./screenshots/${BROWSER}/`, import.meta.url));
mkdirSync(SHOTS, { recursive: true });

const shared = session();

const own = shared.own;

async function fresh(opts = {}) {
  const opened = await openPage(shared.browser, { allowed: own, ...opts });
  await opened.page.goto(shared.server.url);
  await ready(opened.page);
  return opened;
}

const click = async (scope, spec) => (await find(scope, spec)).click();
const attr = (handle, name) => handle.evaluate((e, n) => e.getAttribute(n), name);
const hash = (page) => page.evaluate(() => location.hash);
const focusedText = (page) => page.evaluate(() => document.activeElement?.textContent);
const heading1 = (page, name) => find(page, { css: '.dz-pane h1', text: name });

/** Record what the page offers for download instead of saving it. */
async function catchDownloads(page) {
  await page.evaluate(() => {
    window.__downloads = [];
    const make = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (blob) => {
      const url = make(blob);
      window.__downloads.push({ url, blob, name: null });
      return url;
    };
    HTMLAnchorElement.prototype.click = function click() {
      const d = window.__downloads.find((x) => x.url === this.href);
      if (d) d.name = this.download;
    };
  });
}
const lastDownload = (page) => page.evaluate(async () => {
  const d = window.__downloads.at(-1);
  return d ? { name: d.name, text: await d.blob.text() } : null;
});

test('the reading view marks entities by kind; the legend toggles kinds; a mention opens its entity', async () => {
  const { page, context, log } = await fresh();
  await click(page, { css: '.dz-list .dz-link', nth: 0 });
  const reader = await find(page, 'article.dz-reader');
  assert.ok((await count(reader, 'a.dz-ent-person')) >= 10);
  assert.ok((await texts(reader, 'a.dz-ent-person')).includes('Abdulaziz Yuldash'));
  assert.ok((await texts(reader, 'a.dz-ent-org')).includes('Taliban'));
  assert.ok((await texts(reader, 'a.dz-ent-place')).includes('Faryab'));
  assert.ok((await texts(reader, 'a.dz-ent-date')).includes('August 27, 2009'));
  assert.ok((await texts(reader, 'a.dz-ent-quantity')).includes('up to 700 people'));

  const legend = await byRole(reader, 'group', /entity kinds/i);
  const people = await byRole(legend, 'button', /^People/);
  assert.equal(await attr(people, 'aria-pressed'), 'true');
  await people.click();
  await gone(reader, 'a.dz-ent-person');
  // Focus stays on the toggle's redrawn copy, not the page's body.
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-kind') === 'person');
  // The legend is redrawn with the article: look it up again.
  assert.equal(await attr(await byRole(reader, 'button', /^People/), 'aria-pressed'), 'false');
  await (await byRole(reader, 'button', /^People/)).click();
  await find(reader, 'a.dz-ent-person');
  assert.ok((await count(reader, 'a.dz-ent-person')) >= 10);
  await page.screenshot({ path: `${SHOTS}reader-desktop.png` });

  // A mention opens its entity's page.
  await click(reader, { css: 'a.dz-ent-person', text: 'Tahir Yuldash' });
  await heading1(page, /^Tahir Yuldash$/);
  assert.match(await hash(page), /entity=Tahir%20Yuldash/);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  await context.close();
});

test('the status line speaks of hits only where there are hits', async () => {
  const { page, context, log } = await fresh();
  await fill(await byRole(page, 'searchbox', /search/i), 'Yuldash');
  await waitForStatus(page, /result/);
  await click(page, { css: '.dz-list .dz-link', nth: 0 });
  const reader = await find(page, 'article.dz-reader');
  await waitForStatus(page, /^\d+ hits in this article/);
  await click(reader, { css: 'a.dz-ent-person', text: 'Tahir Yuldash' });
  await heading1(page, /^Tahir Yuldash$/);
  const status = () => page.evaluate(() => document.querySelector('.dz-status').textContent);
  assert.equal(await status(), '', 'no hit count on an entity page');
  await click(page, { role: 'link', name: /^Network$/ });
  await find(page, '.dz-pane h1');
  assert.equal(await status(), '', 'no hit count on the network');
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('an entity page says what the text says, who it is named with, and every mention in context', async () => {
  const { page, context, log } = await openPage(shared.browser, { allowed: own });
  await page.goto(`${shared.server.url}#entity=Tahir%20Yuldash`);
  await heading1(page, /^Tahir Yuldash$/);
  const pane = await find(page, '.dz-pane');
  assert.match(await text(pane, '.dz-facts'), /Mentions4 in 1 article/);
  const said = await texts(pane, '.dz-said q');
  assert.ok(said.some((d) => d.includes('IMU founder')), said.join(' | '));
  const named = await texts(pane, '.dz-related a');
  assert.ok(named.includes('Islamic Movement of Uzbekistan'), named.join(' | '));
  assert.equal(await count(pane, '.dz-kwic li'), 4);
  assert.match((await texts(pane, '.dz-kwic li'))[2], /Tahir Yuldash was killed by a U\.S\. drone strike/);
  await page.screenshot({ path: `${SHOTS}entity-desktop.png`, fullPage: true });

  // A mention in context opens the article at that place.
  await click(pane, { css: '.dz-kwic li a', nth: 2 });
  const reader = await find(page, 'article.dz-reader');
  const target = await find(reader, '.dz-target');
  assert.equal(await target.evaluate((e) => e.textContent), 'Tahir Yuldash');
  // Back returns to the entity page, forward to the article.
  await back(page);
  await heading1(page, /^Tahir Yuldash$/);
  await forward(page);
  await find(page, 'article.dz-reader');
  // Escape steps back, to the entity.
  await press(page, 'Escape');
  await heading1(page, /^Tahir Yuldash$/);

  // The IMU's page knows its acronym and the figure the text gives.
  await page.goto(`${shared.server.url}#entity=IMU`);
  await heading1(page, /^Islamic Movement of Uzbekistan$/);
  assert.match(await text(page, '.dz-pane .dz-facts'), /AcronymIMU/);
  assert.ok((await texts(page, '.dz-figures .dz-figure')).includes('up to 700 people'));
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  await context.close();
});

test('the entity list groups by kind, filters, sorts, and exports CSV and JSON', async () => {
  const { page, context, log } = await fresh();
  await click(await find(page, 'nav.dz-views[aria-label="Views"]'), { role: 'link', name: /^Entities$/ });
  await heading1(page, /^Entities \(\d+\)$/);
  assert.match(await hash(page), /view=entities/);
  const pane = await find(page, '.dz-pane');
  for (const kind of ['People', 'Organisations', 'Places', 'Dates', 'Figures']) {
    assert.equal(await count(pane, { css: 'h2', text: new RegExp(`^${kind} \\(\\d+\\)$`) }), 1, kind);
  }
  const orgs = await find(pane, { css: 'section', text: /^Organisations/ });
  assert.equal(await text(orgs, 'tbody tr th a'), 'Taliban', 'most mentioned first');
  assert.ok(Number(await text(orgs, 'tbody tr td')) >= 40);
  await page.screenshot({ path: `${SHOTS}entities-desktop.png` });

  // The list comes a hundred rows at a time.
  const all = Number((await text(pane, '.dz-meta')).match(/of (\d+) shown/)?.[1]);
  assert.ok(all > 200, `${all} entities`);
  assert.equal(await count(pane, 'tbody tr'), 100);
  await click(pane, { role: 'button', name: `Show more entities (100 of ${all} shown)` });
  await find(pane, { css: '.dz-meta', text: new RegExp(`^200 of ${all} shown$`) });
  assert.equal(await count(pane, 'tbody tr'), 200);
  await click(pane, { role: 'button', name: `Show more entities (200 of ${all} shown)` });
  await find(pane, { css: '.dz-meta', text: new RegExp(`^${all} shown$`) });
  assert.equal(await count(pane, 'tbody tr'), all);
  assert.equal(await count(pane, { role: 'button', name: /^Show more entities/ }), 0);

  await fill(await byRole(pane, 'searchbox', 'Filter entities'), 'yuld');
  await find(pane, { css: '.dz-meta', text: /^[23] shown$/ });
  const names = await texts(pane, 'tbody th a');
  assert.ok(names.length >= 2 && names.every((n) => /yuldash/i.test(n)), names.join(' | '));
  await fill(await byRole(pane, 'searchbox', 'Filter entities'), '');
  await fill(await byRole(pane, 'combobox', 'Order'), 'name');
  await find(pane, { css: '.dz-meta', text: /^100 of \d{3} shown$/ });
  const peopleSection = await find(pane, { css: 'section', text: /^People/ });
  const sorted = await texts(peopleSection, 'tbody th a');
  assert.deepEqual(sorted, [...sorted].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));

  await catchDownloads(page);
  await click(pane, { role: 'button', name: 'Download CSV' });
  const csv = await lastDownload(page);
  assert.equal(csv.name, 'dossier-entities.csv');
  assert.match(csv.text, /^name,kind,mentions,articles,aliases,acronym,value\r\n/);
  assert.match(csv.text, /\r\nTaliban,org,\d+,1,/);
  await click(pane, { role: 'button', name: 'Download JSON' });
  const json = await lastDownload(page);
  assert.equal(json.name, 'dossier-entities.json');
  const data = JSON.parse(json.text);
  assert.ok(data.entities.length > 50 && Array.isArray(data.acronyms));
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  await context.close();
});

test('the network draws entities named together; filters change it; a node opens its entity', async () => {
  const { page, context, log } = await fresh();
  await click(page, { role: 'link', name: /^Network$/ });
  await find(page, '.dz-pane svg a.dz-node');
  const all = await count(page, '.dz-pane svg a.dz-node');
  assert.ok(all >= 20, `${all} nodes`);
  assert.ok((await count(page, '.dz-pane svg line')) >= all / 2);
  await page.screenshot({ path: `${SHOTS}network-desktop.png` });
  // Labels do not overlap.
  const boxes = await page.evaluate(() => [...document.querySelectorAll('.dz-pane svg text')].map((t) => {
    const b = t.getBBox();
    return [b.x, b.y, b.x + b.width, b.y + b.height];
  }));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [p, q] = [boxes[i], boxes[j]];
      assert.ok(p[2] <= q[0] + 1 || q[2] <= p[0] + 1 || p[3] <= q[1] + 1 || q[3] <= p[1] + 1, `labels ${i} and ${j} overlap`);
    }
  }
  await fill(await find(page, 'input.dz-range'), '5');
  await page.waitForFunction((n) => document.querySelectorAll('.dz-pane svg a.dz-node').length < n, {}, all);
  await fill(await find(page, 'input.dz-range'), '2');
  await page.waitForFunction((n) => document.querySelectorAll('.dz-pane svg a.dz-node').length === n, {}, all);
  await click(page, { css: 'label.dz-check-inline', text: 'People' });
  await page.waitForFunction(() => document.querySelectorAll('.dz-pane svg a.dz-ent-person').length === 0);
  // Keyboard: a node is a link; Enter opens its entity.
  // An SVG link takes focus like any link (puppeteer's focus() wants HTML).
  await (await find(page, '.dz-pane svg a.dz-node[data-entity-name="Taliban"]')).evaluate((a) => a.focus());
  await press(page, 'Enter');
  await heading1(page, /^Taliban$/);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  await context.close();
});

test('the keyboard reaches everything: "/", arrows through results, Enter, n, Escape', async () => {
  const { page, context } = await fresh();
  await press(page, '/');
  await page.keyboard.type('Taliban');
  await waitForStatus(page, /result/);
  const titles = await texts(page, '.dz-list .dz-link');
  await press(page, 'ArrowDown');
  assert.equal(await focusedText(page), titles[0]);
  if (titles.length > 1) {
    await press(page, 'ArrowDown');
    assert.equal(await focusedText(page), titles[1]);
    await press(page, 'ArrowUp');
  }
  assert.equal(await focusedText(page), titles[0]);
  await press(page, 'Enter');
  const reader = await find(page, 'article.dz-reader');
  await press(page, 'n');
  assert.match(await text(reader, '.dz-hitcount'), /^2 of \d+$/);
  await press(page, 'Escape');
  await find(page, '.dz-results');
  assert.equal(await focusedText(page), titles[0], 'focus returns to the result');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
  await context.close();
});

test('corrections: rename and hide entities, kept across reloads', async () => {
  const { page, context, log } = await openPage(shared.browser, { allowed: own });
  await page.goto(`${shared.server.url}#entity=Anthroposcene`);
  await heading1(page, /^Anthroposcene$/);
  await click(page, { css: '.dz-pane summary', text: 'Correct this entity' });
  await click(page, { role: 'button', name: 'Not an entity: hide it' });
  await heading1(page, /^Entities/);
  await page.goto(`${shared.server.url}#entity=Haibatullah%20Akhunzada`);
  await page.reload();
  await heading1(page, /^Haibatullah Akhunzada$/);
  await click(page, { css: '.dz-pane summary', text: 'Correct this entity' });
  await fill(await byRole(page, 'textbox', 'New name'), 'Hibatullah Akhundzada');
  await click(page, { role: 'button', name: /^Rename$/ });
  // The reader stays with the entity, under its new name.
  await heading1(page, /^Hibatullah Akhundzada$/);
  assert.match(await hash(page), /entity=Hibatullah%20Akhundzada/);
  await page.reload();
  await heading1(page, /^Hibatullah Akhundzada$/);
  await page.goto(`${shared.server.url}#view=entities`);
  await ready(page);
  await heading1(page, /^Entities/);
  // (The list shows a hundred at a time: filter for the two.)
  await fill(await byRole(page, 'searchbox', 'Filter entities'), 'akhund');
  await find(page, { css: '.dz-pane tbody th a', text: 'Hibatullah Akhundzada' });
  await fill(await byRole(page, 'searchbox', 'Filter entities'), 'anthropo');
  await find(page, { css: '.dz-pane .dz-meta', text: /^0 shown$/ });
  const corrections = await valueOf(await find(page, 'textarea[data-corrections]', { state: 'attached' }));
  assert.match(corrections, /suppress "Anthroposcene"\nrename "Haibatullah Akhunzada" => "Hibatullah Akhundzada"/);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('"Apply corrections": the heading, the list and the summary agree at once; a bad line is said at once', async () => {
  const { page, context, log } = await openPage(shared.browser, { allowed: own });
  await page.goto(`${shared.server.url}#view=entities`);
  await ready(page);
  const heading = await (await heading1(page, /^Entities/)).evaluate((e) => e.textContent);
  const before = Number(heading.match(/\d+/)?.[0]);
  const listed = async () => Number((await text(page, '.dz-pane .dz-meta')).match(/of (\d+) shown/)?.[1]);
  const rows = await listed();
  await click(page, { css: '.dz-pane summary', text: /^Corrections/ });
  await fill(await find(page, 'textarea[data-corrections]'), 'suppress "Anthroposcene"\nfrobnicate "Taliban"');
  await click(page, { role: 'button', name: 'Apply corrections' });
  await heading1(page, new RegExp(`^Entities \\(${before - 1}\\b`));
  assert.equal(await listed(), rows - 1);
  await find(page, { css: '.dz-pane summary', text: /^Corrections \(2\)$/ });
  await find(page, { css: '.dz-pane .dz-diagnostics li', text: /^line 2: unknown command/ });
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('facets filter the results through the query; the query box says what it ignored', async () => {
  const { page, context, log } = await fresh();
  const box = await byRole(page, 'searchbox', /search the corpus/i);
  await fill(box, 'Doha');
  await waitForStatus(page, /result/);
  await page.screenshot({ path: `${SHOTS}results-desktop.png` });
  await click(await byRole(page, 'group', 'Filter by kind'), { role: 'button', name: /^place \(\d+\)$/ });
  await page.waitForFunction(() => document.querySelector('.dz-facet[data-filter="kind:place"]')?.getAttribute('aria-pressed') === 'true');
  assert.equal(await valueOf(box), 'Doha kind:place');
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-filter') === 'kind:place');
  assert.equal(await hash(page), '#q=Doha%20kind%3Aplace');
  await click(page, '.dz-facet[data-filter="kind:place"]');
  await page.waitForFunction(() => document.querySelector('.dz-input').value === 'Doha');
  await click(await byRole(page, 'group', 'Filter by section'), { role: 'button', name: /^Intelligence \(1\)$/ });
  await waitForStatus(page, /^1 result/);
  assert.equal(await valueOf(box), 'Doha section:Intelligence');

  // A broken regex and an unbalanced quote are said, not fatal.
  await fill(box, '/[unclosed/ "Doha accord');
  await find(page, '.dz-diagnostics li');
  assert.match(await text(page, '.dz-status'), /result/);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  await context.close();
});

test('files dropped on the page are added', async () => {
  const { page, context, log } = await fresh();
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['Water talks in Osh\n\nDelegates from Osh met in Khorog.'], 'osh.txt', { type: 'text/plain' }));
    const target = document.querySelector('.dz-main');
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await find(page, { css: '.dz-file', text: 'osh.txt' }, { state: 'attached' });
  await fill(await byRole(page, 'searchbox', /search the corpus/i), 'Khorog');
  await waitForStatus(page, /^1 result/);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('"Copy link" puts the current view on the clipboard', async () => {
  const { page, context } = await openPage(shared.browser, { allowed: own });
  await page.goto(`${shared.server.url}#entity=Taliban`);
  await heading1(page, /^Taliban$/);
  await page.evaluate(() => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: async (t) => { window.__copied = t; } } });
  });
  await click(page, { role: 'button', name: 'Copy link' });
  await waitForStatus(page, 'Link copied.');
  assert.equal(await page.evaluate(() => window.__copied), await page.evaluate(() => location.href));
  await context.close();
});

test('the timeline holds the seed in order; an event opens on its date; quotes name their speakers', async () => {
  const { page, context, log } = await fresh();
  await click(await find(page, 'nav.dz-views[aria-label="Views"]'), { role: 'link', name: /^Timeline$/ });
  await heading1(page, /^Timeline \(\d+ dated statements\)$/);
  const when = await texts(page, '.dz-pane .dz-when');
  const at = (w) => when.findIndex((x) => x.startsWith(w));
  for (const w of ['mid-1990s', '27 August 2009', 'November 2020', '3 February 2021']) assert.ok(at(w) >= 0, `${w} in ${when.join(' | ')}`);
  assert.ok(at('mid-1990s') < at('27 August 2009') && at('27 August 2009') < at('November 2020') && at('November 2020') < at('3 February 2021'));
  assert.ok((await count(page, '.dz-pane .dz-periods button.dz-slot:not(.dz-slot-empty)')) >= 3, 'the axis groups events');
  await page.screenshot({ path: `${SHOTS}timeline-desktop.png` });

  await fill(await byRole(page, 'searchbox', 'Filter by entity'), 'Tahir Yuldash');
  await find(page, { css: '.dz-pane .dz-meta', text: /^[1-9] shown$/ });
  const event = await find(page, { css: '.dz-event', text: '27 August 2009' });
  assert.match(await text(event, '.dz-sentence'), /Tahir Yuldash was killed by a U\.S\. drone strike on August 27, 2009/);
  await click(event, { role: 'link', name: /^in “/ });
  const reader = await find(page, 'article.dz-reader');
  const target = await find(reader, '.dz-target');
  assert.equal(await target.evaluate((e) => e.textContent), 'August 27, 2009');
  await back(page);
  await heading1(page, /^Timeline/);

  await click(page, { role: 'link', name: /^Quotes$/ });
  await heading1(page, /^Quotes \(\d+\)$/);
  const quote = await find(page, { css: '.dz-quote-item', text: 'the security situation in Central Asia is influenced by developments in Afghanistan' });
  assert.match(await text(quote, 'figcaption'), /monitoring team/i);
  await page.screenshot({ path: `${SHOTS}quotes-desktop.png` });

  // Typing in the search box from a view searches the articles.
  await fill(await byRole(page, 'searchbox', /search/i), 'Taliban');
  await waitForStatus(page, /^1 result for “Taliban”/);
  await find(page, { css: '.dz-list .dz-link', text: /Taliban/ });
  assert.match(await hash(page), /^#q=Taliban$/);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  await context.close();
});

test('a long timeline lists a hundred events at a time; an axis bar further on lists its period', async () => {
  const { page, context, log } = await fresh();
  await click(page, { css: 'summary', text: 'Your documents' });
  const lines = Array.from({ length: 130 }, (_, i) => `On 3 March ${1850 + i}, the council of Osh met again.`);
  await fill(await byRole(page, 'textbox', 'Paste text'), `Osh council minutes\n\n${lines.join('\n\n')}`);
  await click(page, { role: 'button', name: 'Add pasted text' });
  await find(page, { css: '.dz-note', text: /^Added/ });
  await click(page, { role: 'link', name: /^Timeline$/ });
  const meta = await text(page, { css: '.dz-pane .dz-meta', text: /^100 of \d+ shown$/ });
  const total = Number(meta.match(/of (\d+)/)[1]);
  assert.ok(total >= 130, meta);
  assert.equal(await count(page, '.dz-pane .dz-event'), 100);
  // The last bar of the axis (the 2020s) lies past the first hundred:
  // choosing it lists that decade's events.
  const bars = await page.$$('.dz-pane .dz-periods button.dz-slot:not(.dz-slot-empty)');
  await bars.at(-1).click();
  await find(page, { css: '.dz-period-title', text: /^2020s: / });
  const when = await texts(page, '.dz-pane .dz-event .dz-when');
  assert.ok(when.length > 0 && when.every((w) => /202\d/.test(w)), when.join(' | '));
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('at 375 px wide every view fits in one column', async () => {
  const { page, context } = await openPage(shared.browser, { allowed: own, viewport: { width: 375, height: 800 } });
  for (const [name, h] of [['results', '#q=Yuldash'], ['reader', null], ['entities', '#view=entities'], ['entity', '#entity=Taliban'], ['network', '#view=network'], ['timeline', '#view=timeline'], ['quotes', '#view=quotes']]) {
    if (h) {
      await page.goto(`${shared.server.url}${h}`);
      await ready(page);
      if (h.startsWith('#view') || h.startsWith('#entity')) await find(page, '.dz-pane h1');
    } else {
      await page.goto(`${shared.server.url}#q=Yuldash`);
      await ready(page);
      await click(page, { css: '.dz-list .dz-link', nth: 0 });
      await find(page, 'article.dz-reader');
    }
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `${name}: page is ${width}px wide`);
    await page.screenshot({ path: `${SHOTS}${name}-phone.png` });
  }
  await context.close();
});

for (const scheme of ['light', 'dark']) {
  test(`no axe violations on the explorer's views (${scheme})`, async () => {
    const themed = await launch({ colorScheme: scheme });
    try {
      const { page, context } = await openPage(themed, { allowed: own });
      for (const [view, h, wait] of [
        ['entity list', '#view=entities', /^Entities/],
        ['entity page', '#entity=Taliban', /^Taliban$/],
        ['network', '#view=network', /^Network/],
        ['timeline', '#view=timeline', /^Timeline/],
        ['quotes', '#view=quotes', /^Quotes/],
      ]) {
        await page.goto(`${shared.server.url}${h}`);
        await heading1(page, wait);
        assert.deepEqual(await axe(page), [], `${view} (${scheme})`);
      }
      await page.goto(shared.server.url);
      await ready(page);
      await click(page, { css: '.dz-list .dz-link', nth: 0 });
      await find(page, 'article.dz-reader');
      assert.deepEqual(await axe(page), [], `reading view with entities (${scheme})`);
      await context.close();
    } finally {
      await themed.close();
    }
  });
}
