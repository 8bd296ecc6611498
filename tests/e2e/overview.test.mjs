// The first screen as a first-time reader meets it: what dossier is, the
// corpus in numbers (the same numbers the other views show), the most
// named people, organisations and places, each opening its page, dated
// statements per year opening the timeline at that year, the articles a
// page at a time, and the pages' teasers shown as teasers. The same from a
// prebuilt index, which shows its overview without reading mentions,
// timeline or text. axe-core in both themes; screenshots at 1280 and 375
// px, light and dark, in tests/e2e/screenshots/<browser>/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BROWSER, serve, launch, openPage, ready, axe, find, count, text, texts, byRole, fill, waitForStatus, back,
} from './harness.mjs';

const SHOTS = fileURLToPath(new URL(`./screenshots/${BROWSER}/`, import.meta.url));
mkdirSync(SHOTS, { recursive: true });
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = process.env.DOSSIER_BIN ?? join(process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'), 'release', 'dossier');

const browsers = {};
let server;
before(async () => {
  browsers.light = await launch({ colorScheme: 'light' });
  browsers.dark = await launch({ colorScheme: 'dark' });
  server = await serve();
});
after(async () => {
  await browsers.light?.close();
  await browsers.dark?.close();
  await server?.close();
});

const own = (u) => u.startsWith(server.url);
async function fresh(scheme = 'light', viewport) {
  const opened = await openPage(browsers[scheme], { allowed: own, viewport });
  await opened.page.goto(server.url);
  await ready(opened.page);
  await find(opened.page, '.dz-overview .dz-ov-stats');
  return opened;
}
const click = async (scope, spec) => (await find(scope, spec)).click();
const hash = (page) => page.evaluate(() => location.hash);
/** The number a figure of the overview shows for `label` ("articles"). */
const figure = async (page, label) => {
  const all = await texts(page, '.dz-ov-stat');
  const hit = all.map((t) => t.replace(/\s+/g, ' ').trim()).find((t) => new RegExp(`^[\\d,]+ ${label}$`).test(t));
  assert.ok(hit, `a figure for ${label} among ${JSON.stringify(all)}`);
  return Number(hit.split(' ')[0].replace(/,/g, ''));
};
const fontSize = (page, css) => page.$eval(css, (e) => parseFloat(getComputedStyle(e).fontSize));

test('the first screen says what dossier is and what the corpus holds, each figure as the views count it', async () => {
  const { page, context, log } = await fresh();
  assert.match(await text(page, '.dz-ov-intro'), /^dossier is a private, offline explorer/);
  assert.equal(await text(page, '.dz-results-heading'), 'The corpus at a glance');
  assert.equal(await figure(page, 'articles'), 4);
  assert.match(await text(page, '.dz-ov-line'), /^Section: Intelligence \(4\)\. Dated statements from 1994 to May 2021\.$/);
  const entities = await figure(page, 'named entities');
  const events = await figure(page, 'dated statements');
  const quotes = await figure(page, 'quotes');
  // Each figure opens its view, which counts the same.
  await click(page, { css: '.dz-ov-stat a', text: 'named entities' });
  assert.equal(await text(page, '.dz-pane h1'), `Entities (${entities})`);
  await back(page);
  await click(page, { css: '.dz-ov-stat a', text: 'dated statements' });
  assert.equal(await text(page, '.dz-pane h1'), `Timeline (${events} dated statements)`);
  await back(page);
  await click(page, { css: '.dz-ov-stat a', text: 'quotes' });
  assert.equal(await text(page, '.dz-pane h1'), `Quotes (${quotes})`);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('the most named people, organisations and places, most first, each one click from its page', async () => {
  const { page, context } = await fresh();
  const headings = await texts(page, '.dz-ov-names h2');
  assert.deepEqual(headings, ['Most named people', 'Most named organisations', 'Most named places']);
  const orgs = await texts(page, '.dz-ov-kind.dz-ent-org li');
  assert.match(orgs[0], /^Taliban \d+ mentions · 1 article$/, orgs[0]);
  for (const list of ['person', 'org', 'place']) {
    const counts = (await texts(page, `.dz-ov-kind.dz-ent-${list} .dz-ov-count`)).map((t) => Number(t.trim().split(' ')[0]));
    assert.ok(counts.length >= 3 && counts.length <= 5, `${list}: ${counts}`);
    assert.deepEqual([...counts].sort((a, b) => b - a), counts, `${list} most named first`);
  }
  assert.ok((await texts(page, '.dz-ov-kind.dz-ent-person a')).some((n) => /Yuldash/.test(n)));
  // The count the overview gives is the count the entity page gives.
  const taliban = Number(orgs[0].match(/(\d+) mentions/)[1]);
  await click(page, { css: '.dz-ov-kind.dz-ent-org a', text: 'Taliban' });
  assert.equal(await text(page, '.dz-pane h1'), 'Taliban');
  assert.match(await hash(page), /^#entity=Taliban$/);
  assert.match(await text(page, '.dz-pane .dz-facts'), new RegExp(`Mentions${taliban} in 1 article`), 'the entity page counts as many');
  await context.close();
});

test('dated statements per year: each bar opens the timeline at its year', async () => {
  const { page, context } = await fresh();
  assert.equal(await text(page, '.dz-ov-activity h2'), 'Dated statements per year');
  const bars = await count(page, '.dz-ov-bar');
  assert.equal(bars, 2021 - 1994 + 1, 'one bar a year, empty years too');
  assert.equal(await count(page, '.dz-ov-bar a'), await count(page, '.dz-ov-bar .dz-ov-fill:not([style="height: 0.0%"])'));
  const bar = await find(page, { css: '.dz-ov-bar a', name: /^2020: / });
  const said = await bar.evaluate((e) => e.getAttribute('aria-label'));
  const n = Number(said.match(/^2020: (\d+) dated statements?$/)[1]);
  assert.ok(n > 1);
  // The tallest bar is the year with the most.
  const heights = await page.$$eval('.dz-ov-bar a', (l) => l.map((a) => [a.getAttribute('aria-label'), a.querySelector('.dz-ov-fill').getBoundingClientRect().height]));
  const tallest = heights.reduce((a, b) => (b[1] > a[1] ? b : a));
  assert.match(tallest[0], /^2020: /);
  await bar.click();
  await find(page, { css: '.dz-pane h1', text: /^Timeline/ });
  assert.equal(await hash(page), '#view=timeline&period=2020');
  // The timeline opens on that year, with as many statements as the bar said.
  await find(page, { css: '.dz-period-title', text: new RegExp(`^2020: ${n} dated statements?$`) });
  await context.close();
});

test('the articles a page at a time, and the teasers smaller, marked as teasers, linked where they are an article', async () => {
  const { page, context } = await fresh();
  assert.equal(await text(page, '.dz-articles-heading'), 'Articles (4)');
  assert.equal(await count(page, '.dz-list > li'), 4);
  // The article figure takes focus to the list.
  await click(page, { css: '.dz-ov-stat a', text: 'articles' });
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Articles (4)');
  assert.equal(await hash(page), '', 'no route change');

  assert.equal(await count(page, '.dz-teaser'), 7);
  assert.match(await text(page, '.dz-teasers .dz-help'), /teasers, not articles/);
  assert.ok((await fontSize(page, '.dz-teaser-title')) < (await fontSize(page, '.dz-item-title')) * 0.85, 'teaser headlines are smaller than article titles');
  const weight = await page.$eval('.dz-teaser-title', (e) => Number(getComputedStyle(e).fontWeight));
  assert.ok(weight < 600, `teaser headlines are not bold (${weight})`);
  assert.equal(await count(page, '.dz-teaser a'), 1, 'one teaser is an article of the corpus');
  const linked = await text(page, '.dz-teaser a');
  await click(page, '.dz-teaser a');
  assert.equal(await text(page, 'article.dz-reader .dz-title'), linked);
  await context.close();
});

for (const scheme of ['light', 'dark']) {
  test(`the overview has no axe violations and is photographed (${scheme})`, async () => {
    for (const [name, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 375, height: 800 }]]) {
      const { page, context } = await fresh(scheme, viewport);
      assert.equal(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), scheme === 'dark');
      assert.deepEqual(await axe(page), [], `overview ${name} (${scheme})`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= viewport.width, `${name}: the page is ${width}px wide`);
      await page.screenshot({ path: `${SHOTS}overview-${name}-${scheme}.png`, fullPage: name === 'desktop' });
      await context.close();
    }
  });
}

test('a prebuilt index shows its overview from the manifest, reading no mention, timeline or text', async () => {
  const work = mkdtempSync(join(tmpdir(), 'dossier-overview-'));
  const site = await serve(work);
  try {
    const src = join(work, 'corpus');
    mkdirSync(src);
    const PLACES = ['Khujand', 'Osh', 'Termez'];
    const N = 120;
    for (let i = 0; i < N; i += 1) {
      const place = PLACES[i % PLACES.length];
      writeFileSync(join(src, `r${String(i).padStart(3, '0')}.txt`),
        `Report ${i} from ${place}\n\nOfficials in ${place} met in March ${2010 + (i % 4)} to discuss water. `
        + 'Elena Morozova of the Regional Water Agency said the talks would go on.\n');
    }
    execFileSync(BIN, ['build', src, '--out', join(work, 'site')], { encoding: 'utf8' });
    const { page, context, log } = await openPage(browsers.light, { allowed: (u) => u.startsWith(site.url) });
    await page.goto(`${site.url}site/`);
    await ready(page);
    await find(page, '.dz-overview .dz-ov-stats');
    assert.equal(await figure(page, 'articles'), N);
    assert.equal(await figure(page, 'files'), N);
    assert.match(await text(page, '.dz-ov-kind.dz-ent-person li'), new RegExp(`^Elena Morozova ${N} mentions · ${N} articles$`));
    assert.deepEqual(await texts(page, '.dz-ov-kind.dz-ent-place a'), PLACES, 'the places, most named first');
    const bars = await page.$$eval('.dz-ov-bar a', (l) => l.map((a) => a.getAttribute('aria-label')));
    assert.deepEqual(bars, [2010, 2011, 2012, 2013].map((y) => `${y}: ${N / 4} dated statements`));
    assert.equal(await count(page, '.dz-list > li'), 20, 'the first page of articles');
    await click(page, { css: '.dz-more button', text: /Show more articles \(20 of 120 shown\)/ });
    await find(page, { css: '.dz-list > li', nth: 39 });
    const read = new Set(log.requests.filter((u) => u.includes('/index/')).map((u) => u.split('/index/')[1].split('-')[0]));
    for (const kind of ['ment', 'time', 'store', 'docs', 'pos', 'quote', 'pair']) {
      assert.ok(!read.has(kind), `no ${kind} chunk read for the overview: ${[...read]}`);
    }
    // The figures open their views, which read what they need then.
    await click(page, { css: '.dz-ov-kind.dz-ent-person a', text: 'Elena Morozova' });
    await find(page, { css: '.dz-pane h1', text: /^Elena Morozova$/ });
    assert.deepEqual(log.errors, []);
    await context.close();
  } finally {
    await site.close();
    rmSync(work, { recursive: true, force: true });
  }
});

test('a query replaces the overview with results, and clearing it brings the overview back', async () => {
  const { page, context } = await fresh();
  const box = await byRole(page, 'searchbox', /search/i);
  await fill(box, 'Taliban');
  await waitForStatus(page, /results? for/);
  assert.equal(await page.$eval('.dz-overview', (e) => e.hidden), true);
  assert.equal(await count(page, '.dz-ov-stat'), 0);
  await fill(box, '');
  await waitForStatus(page, /^4 articles\. Type to search\.$/);
  assert.equal(await figure(page, 'articles'), 4);
  await context.close();
});
