// The timeline at scale as a reader uses it: the axis counts dated
// statements by period; choosing a year, then a month, lists only the
// events in it (a page at a time), by pointer and by keyboard; zooming back
// out; the period lives in the URL (#view=timeline&period=2020-11 opens
// that month, back and forward walk the zoom); axe-core in both themes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BROWSER, session, launch, openPage, ready, axe, find, count, text, texts, byRole, fill, back, forward } from './harness.mjs';

const SHOTS = fileURLToPath(new URL(`./screenshots/${BROWSER}/`, import.meta.url));
mkdirSync(SHOTS, { recursive: true });

const shared = session();

async function open(hash, opts = {}) {
  const opened = await openPage(shared.browser, { allowed: shared.own, ...opts });
  await opened.page.goto(`${shared.server.url}${hash}`);
  await ready(opened.page);
  if (hash) await find(opened.page, '.dz-pane h1');
  return opened;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const hash = (page) => page.evaluate(() => location.hash);
const title = (page) => text(page, '.dz-period-title');
const slots = (page) => page.evaluate(() => [...document.querySelectorAll('.dz-periods button.dz-slot')].map((b) => ({
  name: b.textContent.replace(/ \(.*\)/, ''), period: b.getAttribute('data-period'), empty: b.classList.contains('dz-slot-empty'),
})));
const countOf = (name) => (/: no dated/.test(name) ? 0 : Number(name.match(/: (\d+) dated statements?$/)[1]));
const whens = (page) => texts(page, '.dz-pane .dz-event .dz-when');

test('the axis counts by period; a year, then a month, list only their events; the route round-trips', async () => {
  const { page, context, log } = await open('#view=timeline');
  assert.match(await title(page), /^All dates: \d+ dated statements$/);
  const top = await slots(page);
  assert.ok(top.length >= 3, JSON.stringify(top));
  // The whole timeline counts years (or decades when its years are many).
  const decades = top.every((s) => /^\d{4}s$/.test(s.period));
  assert.ok(decades || top.every((s) => /^\d{4}$/.test(s.period)), JSON.stringify(top));
  if (decades) {
    await (await find(page, { css: 'button.dz-slot', name: /^2020s: / })).click();
    await find(page, { css: '.dz-period-title', text: /^2020s: / });
  }
  const year = (await slots(page)).find((s) => s.period === '2020');
  assert.ok(year && countOf(year.name) > 0, 'the seed has events in 2020');
  await (await find(page, { css: 'button.dz-slot[data-period="2020"]' })).click();
  await find(page, { css: '.dz-period-title', text: new RegExp(`^2020: ${countOf(year.name)} dated statements?$`) });
  assert.match(await hash(page), /^#view=timeline&period=2020$/);
  // Focus lands on the period's heading, and the axis now counts months.
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('dz-period-title')), true);
  const months = await slots(page);
  assert.deepEqual(months.map((s) => s.period), MONTHS.map((_, i) => `2020-${String(i + 1).padStart(2, '0')}`));
  const inYear = await whens(page);
  assert.equal(inYear.length, countOf(year.name));
  assert.ok(inYear.every((w) => /2020/.test(w)), inYear.join(' | '));
  await page.screenshot({ path: `${SHOTS}timeline-year-1280-light.png` });

  const nov = months[10];
  assert.ok(countOf(nov.name) > 0, nov.name);
  await (await find(page, { css: 'button.dz-slot[data-period="2020-11"]' })).click();
  await find(page, { css: '.dz-period-title', text: /^November 2020: / });
  assert.match(await hash(page), /^#view=timeline&period=2020-11$/);
  const inMonth = await whens(page);
  assert.ok(inMonth.length >= 1 && inMonth.length <= inYear.length);
  assert.ok(inMonth.every((w) => /November 2020/.test(w)), inMonth.join(' | '));
  assert.equal(inMonth.length, countOf(nov.name));
  // The axis counts the month's days (30 in November).
  assert.equal((await slots(page)).length, 30);
  // The crumbs lead back out.
  assert.deepEqual(await texts(page, '.dz-crumbs li'), decades ? ['All dates', '2020s', '2020', 'November 2020'] : ['All dates', '2020', 'November 2020']);

  // Back and forward walk the zoom; a reload keeps it.
  await back(page);
  await find(page, { css: '.dz-period-title', text: /^2020: / });
  await forward(page);
  await find(page, { css: '.dz-period-title', text: /^November 2020: / });
  await page.reload();
  await find(page, { css: '.dz-period-title', text: /^November 2020: / });
  assert.deepEqual(await whens(page), inMonth);
  await (await find(page, { role: 'button', name: 'Zoom out to 2020' })).click();
  await find(page, { css: '.dz-period-title', text: /^2020: / });
  await (await find(page, { css: '.dz-crumbs button', text: 'All dates' })).click();
  await find(page, { css: '.dz-period-title', text: /^All dates: / });
  assert.equal(await hash(page), '#view=timeline');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  await context.close();
});

test('a link opens a given month; the keyboard walks the axis and zooms in', async () => {
  const { page, context, log } = await open('#view=timeline&period=2020-11');
  await find(page, { css: '.dz-period-title', text: /^November 2020: / });
  assert.ok((await whens(page)).every((w) => /November 2020/.test(w)));
  await (await find(page, { role: 'button', name: 'Zoom out to 2020' })).click();
  await find(page, { css: '.dz-period-title', text: /^2020: / });
  // One tab stop on the axis: the first month with events; arrows move.
  const stops = await page.evaluate(() => [...document.querySelectorAll('.dz-periods button')].filter((b) => b.tabIndex === 0).map((b) => b.dataset.period));
  assert.equal(stops.length, 1);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.period), stops[0]);
  const withEvents = (await slots(page)).filter((s) => !s.empty).map((s) => s.period);
  await page.keyboard.press('End');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.period), withEvents.at(-1));
  await page.keyboard.press('Home');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.period), withEvents[0]);
  if (withEvents.length > 1) {
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.period), withEvents[1]);
  }
  const chosen = await page.evaluate(() => document.activeElement.dataset.period);
  await page.keyboard.press('Enter');
  const [y, m] = chosen.split('-').map(Number);
  await find(page, { css: '.dz-period-title', text: new RegExp(`^${MONTHS[m - 1]} ${y}: `) });
  assert.equal(await hash(page), `#view=timeline&period=${chosen}`);
  // A period that is not one opens the whole timeline.
  await page.goto(`${shared.server.url}#view=timeline&period=2020-13`);
  await find(page, { css: '.dz-period-title', text: /^All dates: / });
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  await context.close();
});

test('a long timeline: a period lists only its events, a hundred at a time', async () => {
  const { page, context, log } = await open('');
  await (await find(page, { css: 'summary', text: 'Your documents' })).click();
  const lines = [];
  for (let i = 0; i < 130; i++) lines.push(`On ${1 + (i % 28)} March 1990, the council of Osh met again (session ${i}).`);
  for (let i = 0; i < 40; i++) lines.push(`On ${1 + (i % 28)} April ${1850 + i}, the council of Osh met in Khorog.`);
  await fill(await byRole(page, 'textbox', 'Paste text'), `Osh council minutes\n\n${lines.join('\n\n')}`);
  await (await find(page, { role: 'button', name: 'Add pasted text' })).click();
  await find(page, { css: '.dz-note', text: /^Added/ });
  await page.goto(`${shared.server.url}#view=timeline&period=1990-03`);
  await find(page, { css: '.dz-period-title', text: /^March 1990: 1\d\d dated statements$/ });
  assert.equal(await count(page, '.dz-pane .dz-event'), 100);
  assert.match(await text(page, { css: '.dz-pane .dz-meta', text: /shown$/ }), /^100 of 1\d\d shown$/);
  await (await find(page, { role: 'button', name: /^Show more events/ })).click();
  await page.waitForFunction(() => document.querySelectorAll('.dz-pane .dz-event').length > 100);
  assert.ok((await whens(page)).every((w) => /March 1990/.test(w)));
  // Days of the month: the 1st holds 5 of the sessions.
  const first = (await slots(page))[0];
  assert.equal(first.period, '1990-03-01');
  assert.ok(countOf(first.name) >= 5, first.name);
  // Over 140 years the whole timeline counts decades.
  await (await find(page, { css: '.dz-crumbs button', text: 'All dates' })).click();
  await find(page, { css: '.dz-period-title', text: /^All dates: / });
  const top = await slots(page);
  assert.ok(top.every((s) => /^\d{4}s$/.test(s.period)), JSON.stringify(top.slice(0, 3)));
  assert.ok(top.length <= 60);
  assert.ok((await page.evaluate(() => document.querySelectorAll('*').length)) < 5000);
  assert.deepEqual(log.errors, []);
  await context.close();
});

for (const scheme of ['light', 'dark']) {
  test(`no axe violations on the timeline, whole and zoomed; screenshots (${scheme})`, async () => {
    const themed = await launch({ colorScheme: scheme });
    try {
      for (const width of [1280, 375]) {
        const { page, context } = await openPage(themed, { allowed: shared.own, viewport: { width, height: 900 } });
        for (const [period, shot] of [['', 'timeline'], ['&period=2020', 'timeline-year'], ['&period=2020-11', 'timeline-month']]) {
          await page.goto(`${shared.server.url}#view=timeline${period}`);
          await find(page, '.dz-period-title');
          assert.deepEqual(await axe(page), [], `timeline${period} (${scheme}, ${width})`);
          assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= width);
          await page.screenshot({ path: `${SHOTS}${shot}-${width}-${scheme}.png` });
        }
        await context.close();
      }
    } finally {
      await themed.close();
    }
  });
}
