// The reading view as a reader meets it: every hit marked and standing out,
// names underlined by kind with no tint until hovered or focused (people
// and groups told apart by the line, not only its colour), the hit bar as
// wide as the article, opaque, and never over the hit it brings into view,
// the names one tab stop walked with the arrow keys, and a skip past the
// article. axe-core in both themes; screenshots at 1280 and 375 px, light
// and dark, in tests/e2e/screenshots/<browser>/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  BROWSER, serve, launch, openPage, ready, axe, find, count, text, press, back,
} from './harness.mjs';

const SHOTS = fileURLToPath(new URL(`./screenshots/${BROWSER}/`, import.meta.url));
mkdirSync(SHOTS, { recursive: true });

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

/** The seed's article on the Taliban and Central Asian jihadists, open on the query "Taliban". */
async function reading(scheme = 'light', viewport) {
  const opened = await openPage(browsers[scheme], { allowed: own, viewport });
  await opened.page.goto(`${server.url}#q=Taliban`);
  await ready(opened.page);
  await (await find(opened.page, { css: '.dz-list .dz-link', text: /patronize Central Asian/ })).click();
  const reader = await find(opened.page, 'article.dz-reader');
  await find(reader, '.dz-hitcount');
  return { ...opened, reader };
}
const style = (page, css, prop) => page.$eval(css, (e, p) => getComputedStyle(e)[p], prop);
const transparent = (c) => c === 'transparent' || /rgba\(.*,\s*0\)$/.test(c);
const active = (page) => page.evaluate(() => {
  const a = document.activeElement;
  return { cls: a.className, text: a.textContent, tabindex: a.getAttribute('tabindex') };
});

test('every hit is marked and stands out; names are underlined by kind, tinted only on hover or focus', async () => {
  const { page, context, reader } = await reading();
  const counter = await text(reader, '.dz-hitcount');
  const total = Number(counter.match(/^1 of (\d+)$/)[1]);
  assert.ok(total > 20, counter);
  const numbered = await page.$$eval('article.dz-reader mark.dz-hit', (l) => new Set(l.map((m) => m.dataset.hit)).size);
  assert.equal(numbered, total, 'one mark (or two across a name edge) per hit');
  assert.ok((await page.$$eval('article.dz-reader mark.dz-hit', (l) => l.map((m) => m.textContent))).every((t) => /taliban/i.test(t)));
  assert.ok(!transparent(await style(page, 'article.dz-reader mark.dz-hit', 'backgroundColor')), 'hits have the marker colour');

  // At rest a name has no tint, only its kind's underline. (The pointer
  // that clicked the result may now rest on the legend: move it off.)
  await page.mouse.move(1, 1);
  const ents = await page.$$eval('article.dz-reader a.dz-ent', (l) => l.map((a) => {
    const c = getComputedStyle(a);
    return { kind: a.className, bg: c.backgroundColor, line: c.textDecorationLine, style: c.textDecorationStyle };
  }));
  assert.ok(ents.length > 100);
  assert.deepEqual(ents.filter((e) => !transparent(e.bg)), [], 'no name is tinted at rest');
  assert.ok(ents.every((e) => e.line.includes('underline')), 'every name is underlined');
  const styleOf = (kind) => new Set(ents.filter((e) => e.kind.includes(`dz-ent-${kind}`)).map((e) => e.style));
  assert.deepEqual([...styleOf('person')], ['solid']);
  assert.deepEqual([...styleOf('group')], ['dashed']);
  assert.deepEqual([...styleOf('org')], ['double']);
  assert.deepEqual([...styleOf('place')], ['dotted']);
  const colour = (kind) => page.$eval(`article.dz-reader a.dz-ent-${kind}`, (a) => getComputedStyle(a).textDecorationColor);
  assert.notEqual(await colour('person'), await colour('group'), 'people and groups differ in colour too');

  // Hovered, a name is tinted; hovering a legend item tints its kind.
  const name = await find(reader, { css: 'a.dz-ent-person', text: 'Tahir Yuldash' });
  await name.hover();
  assert.ok(!transparent(await name.evaluate((a) => getComputedStyle(a).backgroundColor)), 'tinted on hover');
  const place = await find(reader, 'a.dz-ent-place');
  assert.ok(transparent(await place.evaluate((a) => getComputedStyle(a).backgroundColor)));
  await (await find(reader, { css: '.dz-legend-item', text: /^Places/ })).hover();
  assert.ok(!transparent(await place.evaluate((a) => getComputedStyle(a).backgroundColor)), 'the legend item tints its kind');
  await context.close();
});

test('the hit bar spans the article, is opaque, and the hit it brings up shows below it and takes a click', async () => {
  const { page, context, reader } = await reading();
  const box = (css) => page.$eval(css, (e) => {
    const r = e.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width };
  });
  const article = await box('article.dz-reader');
  const bar = await box('.dz-hitnav');
  assert.ok(Math.abs(bar.left - article.left) <= 1 && Math.abs(bar.right - article.right) <= 1,
    `bar ${JSON.stringify(bar)} vs article ${JSON.stringify(article)}`);
  const bg = await style(page, '.dz-hitnav', 'backgroundColor');
  assert.match(bg, /^rgb\(/, `an opaque background, not ${bg}`);
  // Walk to a hit far down: the bar sticks at the top, the hit is below it.
  for (let i = 0; i < 12; i += 1) await press(page, 'n');
  assert.match(await text(reader, '.dz-hitcount'), /^13 of /);
  await page.waitForFunction(() => {
    const bar = document.querySelector('.dz-hitnav').getBoundingClientRect();
    const hit = document.querySelector('mark.dz-current').getBoundingClientRect();
    return bar.top <= 1 && hit.top >= bar.bottom;
  }, { timeout: 5000 });
  assert.ok(await page.evaluate(() => window.scrollY > 300), 'the page scrolled');
  // Nothing shows beside the stuck bar: the points at its left and right
  // edges are the bar.
  const covered = await page.evaluate(() => {
    const r = document.querySelector('.dz-hitnav').getBoundingClientRect();
    const y = r.top + r.height / 2;
    return [r.left + 2, r.right - 2, (r.left + r.right) / 2].map((x) => document.elementFromPoint(x, y)?.closest('.dz-hitnav') !== null);
  });
  assert.deepEqual(covered, [true, true, true]);
  // A name scrolled to just below the bar can be clicked.
  const under = await page.evaluate(() => {
    const bar = document.querySelector('.dz-hitnav').getBoundingClientRect();
    const a = [...document.querySelectorAll('article.dz-reader a.dz-ent')].find((e) => e.getBoundingClientRect().top > bar.bottom);
    a.scrollIntoView({ block: 'start' });
    const r = a.getBoundingClientRect();
    return { top: r.top, barBottom: document.querySelector('.dz-hitnav').getBoundingClientRect().bottom, hit: document.elementFromPoint(r.left + 2, r.top + r.height / 2) === a || a.contains(document.elementFromPoint(r.left + 2, r.top + r.height / 2)) };
  });
  assert.ok(under.top >= under.barBottom - 1, `scroll-margin keeps it below the bar: ${JSON.stringify(under)}`);
  assert.ok(under.hit, 'the name is on top at its place');
  await context.close();
});

test('the names are one tab stop, walked with the arrow keys; the skip button passes the article', async () => {
  const { page, context, reader } = await reading();
  const names = await count(reader, 'a.dz-ent');
  assert.ok(names > 100);
  assert.equal(await count(reader, 'a.dz-ent[tabindex="0"]'), 1, 'one tab stop for all names');
  assert.equal(await count(reader, 'a.dz-ent[tabindex="-1"]'), names - 1);
  // Tab from the legend's last item reaches the first name.
  const items = await page.$$('article.dz-reader .dz-legend-item');
  await items.at(-1).focus();
  await press(page, 'Tab');
  const first = await active(page);
  assert.match(first.cls, /dz-ent/);
  assert.equal(first.tabindex, '0');
  await press(page, 'ArrowRight');
  const second = await active(page);
  assert.match(second.cls, /dz-ent/);
  assert.notEqual(second.text + second.cls, first.text + first.cls);
  assert.equal(await count(reader, 'a.dz-ent[tabindex="0"]'), 1, 'the tab stop moved with focus');
  await press(page, 'End');
  assert.equal(await page.evaluate(() => document.activeElement === [...document.querySelectorAll('article.dz-reader a.dz-ent')].at(-1)), true);
  await press(page, 'Home');
  assert.equal(await page.evaluate(() => document.activeElement === document.querySelector('article.dz-reader a.dz-ent')), true);
  // Tab leaves the names at once: the next stop is the article's end.
  await press(page, 'Tab');
  assert.deepEqual(await page.evaluate(() => [document.activeElement.textContent, !!document.activeElement.closest('.dz-reader-end')]), ['← Back to results', true]);
  // Enter on a name opens its entity.
  await page.evaluate(() => document.querySelector('article.dz-reader a.dz-ent-person').focus());
  const person = (await active(page)).text;
  await press(page, 'Enter');
  await find(page, { css: '.dz-pane h1', text: person.trim() });
  await back(page);
  await find(page, 'article.dz-reader .dz-skip');

  const skip = await find(page, { css: 'article.dz-reader button', text: 'Skip to the end of the article' });
  await skip.focus();
  await press(page, 'Enter');
  await page.waitForFunction(() => document.activeElement?.classList.contains('dz-reader-end'), { timeout: 5000 });
  const after = await page.evaluate(() => {
    const a = document.activeElement;
    const marks = [...document.querySelectorAll('article.dz-reader a.dz-ent, article.dz-reader mark')];
    return { cls: a.className, past: marks.every((m) => m.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING) };
  });
  assert.equal(after.cls, 'dz-reader-end');
  assert.ok(after.past, 'focus is past every name and hit');
  await context.close();
});

for (const scheme of ['light', 'dark']) {
  test(`the reading view has no axe violations and is photographed (${scheme})`, async () => {
    for (const [name, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 375, height: 800 }]]) {
      const { page, context, reader } = await reading(scheme, viewport);
      assert.deepEqual(await axe(page), [], `reading view ${name} (${scheme})`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= viewport.width, `${name}: the page is ${width}px wide`);
      for (let i = 0; i < 3; i += 1) await press(page, 'n');
      await find(reader, { css: '.dz-hitcount', text: /^4 of / });
      await page.waitForFunction(() => document.querySelector('.dz-hitnav').getBoundingClientRect().top <= 1, { timeout: 5000 });
      await (await find(reader, { css: 'a.dz-ent-person', text: /Yuldash/ })).hover();
      await page.screenshot({ path: `${SHOTS}reading-${name}-${scheme}.png` });
      await context.close();
    }
  });
}
