// The explorer's views as an analyst uses them: entities marked in the
// reading view (a legend toggles kinds), the entity list, entity pages
// (what the text says, who is named with it, every mention in context),
// the network, downloads, corrections, the keyboard, the URL, axe-core on
// every view in both themes, and the page at phone width. Screenshots of
// each view go to tests/e2e/screenshots/ (ignored by git).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve, launch, openPage, ready, axe } from './harness.mjs';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
mkdirSync(SHOTS, { recursive: true });

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

async function fresh(opts = {}) {
  const opened = await openPage(browser, { allowed: own, ...opts });
  await opened.page.goto(server.url);
  await ready(opened.page);
  return opened;
}

test('the reading view marks entities by kind; the legend toggles kinds; a mention opens its entity', async () => {
  const { page, context, log } = await fresh();
  await page.locator('.dz-list .dz-link').first().click();
  const reader = page.locator('article.dz-reader');
  await reader.waitFor({ state: 'visible' });
  const people = reader.locator('a.dz-ent-person');
  assert.ok((await people.count()) >= 10);
  assert.ok((await people.allTextContents()).includes('Abdulaziz Yuldash'));
  assert.ok((await reader.locator('a.dz-ent-org').allTextContents()).includes('Taliban'));
  assert.ok((await reader.locator('a.dz-ent-place').allTextContents()).includes('Faryab'));
  assert.ok((await reader.locator('a.dz-ent-date').allTextContents()).includes('August 27, 2009'));
  assert.ok((await reader.locator('a.dz-ent-quantity').allTextContents()).includes('up to 700 people'));

  const legend = reader.getByRole('group', { name: /entity kinds/i });
  const peopleToggle = legend.getByRole('button', { name: /^People/ });
  assert.equal(await peopleToggle.getAttribute('aria-pressed'), 'true');
  await peopleToggle.click();
  assert.equal(await reader.locator('a.dz-ent-person').count(), 0, 'people unmarked');
  assert.equal(await legend.getByRole('button', { name: /^People/ }).getAttribute('aria-pressed'), 'false');
  await legend.getByRole('button', { name: /^People/ }).click();
  assert.ok((await reader.locator('a.dz-ent-person').count()) >= 10);
  await page.screenshot({ path: `${SHOTS}reader-desktop.png` });

  // A mention opens its entity's page.
  await reader.locator('a.dz-ent-person', { hasText: 'Tahir Yuldash' }).first().click();
  const pane = page.locator('.dz-pane');
  await pane.getByRole('heading', { level: 1, name: 'Tahir Yuldash' }).waitFor();
  assert.match(new URL(page.url()).hash, /entity=Tahir%20Yuldash/);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  await context.close();
});

test('an entity page says what the text says, who it is named with, and every mention in context', async () => {
  const { page, context, log } = await openPage(browser, { allowed: own });
  await page.goto(`${server.url}#entity=Tahir%20Yuldash`);
  const pane = page.locator('.dz-pane');
  await pane.getByRole('heading', { level: 1, name: 'Tahir Yuldash' }).waitFor();
  assert.match(await pane.locator('.dz-facts').textContent(), /Mentions4 in 1 article/);
  const said = await pane.locator('.dz-said q').allTextContents();
  assert.ok(said.some((d) => d.includes('IMU founder')), said.join(' | '));
  const named = await pane.locator('.dz-related a').allTextContents();
  assert.ok(named.includes('Islamic Movement of Uzbekistan'), named.join(' | '));
  const kwic = pane.locator('.dz-kwic li');
  assert.equal(await kwic.count(), 4);
  assert.match(await kwic.nth(2).textContent(), /Tahir Yuldash was killed by a U\.S\. drone strike/);
  await page.screenshot({ path: `${SHOTS}entity-desktop.png`, fullPage: true });

  // A mention in context opens the article at that place.
  await kwic.nth(2).locator('a').click();
  const reader = page.locator('article.dz-reader');
  await reader.waitFor({ state: 'visible' });
  const target = reader.locator('.dz-target');
  await target.waitFor();
  assert.equal(await target.textContent(), 'Tahir Yuldash');
  assert.ok(await target.isVisible());
  // Back returns to the entity page, forward to the article.
  await page.goBack();
  await pane.getByRole('heading', { level: 1, name: 'Tahir Yuldash' }).waitFor();
  await page.goForward();
  await reader.waitFor({ state: 'visible' });
  // Escape steps back, to the entity.
  await page.keyboard.press('Escape');
  await pane.getByRole('heading', { level: 1, name: 'Tahir Yuldash' }).waitFor();

  // The IMU's page knows its acronym and the figure the text gives.
  await page.goto(`${server.url}#entity=IMU`);
  await pane.getByRole('heading', { level: 1, name: 'Islamic Movement of Uzbekistan' }).waitFor();
  assert.match(await pane.locator('.dz-facts').textContent(), /AcronymIMU/);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  await context.close();
});

test('the entity list groups by kind, filters, sorts, and exports CSV and JSON', async () => {
  const { page, context, log } = await fresh();
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Entities' }).click();
  const pane = page.locator('.dz-pane');
  await pane.getByRole('heading', { level: 1, name: /^Entities \(\d+\)$/ }).waitFor();
  assert.match(new URL(page.url()).hash, /view=entities/);
  for (const kind of ['People', 'Organisations', 'Places', 'Dates', 'Figures']) {
    assert.equal(await pane.getByRole('heading', { level: 2, name: new RegExp(`^${kind} \\(\\d+\\)$`) }).count(), 1, kind);
  }
  const orgs = pane.locator('section', { has: page.getByRole('heading', { name: /^Organisations/ }) });
  const first = orgs.locator('tbody tr').first();
  assert.equal(await first.locator('th a').textContent(), 'Taliban', 'most mentioned first');
  assert.ok(Number(await first.locator('td').first().textContent()) >= 40);
  await page.screenshot({ path: `${SHOTS}entities-desktop.png` });

  await pane.getByLabel('Filter entities').fill('yuld');
  await pane.getByText(/^\d+ shown$/).filter({ hasText: /^[23] shown$/ }).waitFor();
  const names = await pane.locator('tbody th a').allTextContents();
  assert.ok(names.every((n) => /yuldash/i.test(n)), names.join(' | '));
  await pane.getByLabel('Filter entities').fill('');
  await pane.getByLabel('Order').selectOption('name');
  const people = pane.locator('section', { has: page.getByRole('heading', { name: /^People/ }) });
  const sorted = await people.locator('tbody th a').allTextContents();
  assert.deepEqual(sorted, [...sorted].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));

  const [csv] = await Promise.all([page.waitForEvent('download'), pane.getByRole('button', { name: 'Download CSV' }).click()]);
  assert.equal(csv.suggestedFilename(), 'dossier-entities.csv');
  const text = readFileSync(await csv.path(), 'utf8');
  assert.match(text, /^name,kind,mentions,articles,aliases,acronym,value\r\n/);
  assert.match(text, /\r\nTaliban,org,\d+,1,/);
  const [json] = await Promise.all([page.waitForEvent('download'), pane.getByRole('button', { name: 'Download JSON' }).click()]);
  const data = JSON.parse(readFileSync(await json.path(), 'utf8'));
  assert.ok(data.entities.length > 50 && Array.isArray(data.acronyms));
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  await context.close();
});

test('the network draws entities named together; filters change it; a node opens its entity', async () => {
  const { page, context, log } = await fresh();
  await page.getByRole('link', { name: 'Network' }).click();
  const pane = page.locator('.dz-pane');
  const nodes = pane.locator('svg a.dz-node');
  await nodes.first().waitFor();
  const all = await nodes.count();
  assert.ok(all >= 20, `${all} nodes`);
  assert.ok((await pane.locator('svg line').count()) >= all / 2);
  await page.screenshot({ path: `${SHOTS}network-desktop.png` });
  // Labels do not overlap.
  const boxes = await pane.locator('svg text').evaluateAll((ts) => ts.map((t) => {
    const b = t.getBBox();
    return [b.x, b.y, b.x + b.width, b.y + b.height];
  }));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [p, q] = [boxes[i], boxes[j]];
      assert.ok(p[2] <= q[0] + 1 || q[2] <= p[0] + 1 || p[3] <= q[1] + 1 || q[3] <= p[1] + 1, `labels ${i} and ${j} overlap`);
    }
  }
  await pane.getByLabel('Fewest times named together').fill('5');
  await pane.getByLabel('Fewest times named together').dispatchEvent('change');
  await page.waitForFunction((n) => document.querySelectorAll('.dz-pane svg a.dz-node').length < n, all);
  await pane.getByLabel('Fewest times named together').fill('2');
  await pane.getByLabel('Fewest times named together').dispatchEvent('change');
  await pane.getByRole('checkbox', { name: 'People' }).uncheck();
  await page.waitForFunction(() => document.querySelectorAll('.dz-pane svg a.dz-ent-person').length === 0);
  // Keyboard: a node is a link; Enter opens its entity.
  const taliban = pane.locator('svg a.dz-node[data-entity-name="Taliban"]');
  await taliban.focus();
  await page.keyboard.press('Enter');
  await pane.getByRole('heading', { level: 1, name: 'Taliban' }).waitFor();
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  await context.close();
});

test('the keyboard reaches everything: "/", arrows through results, Enter, n, Escape', async () => {
  const { page, context } = await fresh();
  await page.keyboard.press('/');
  await page.keyboard.type('Taliban');
  await page.getByRole('status').filter({ hasText: /result/ }).waitFor();
  await page.keyboard.press('ArrowDown');
  const focused = () => page.evaluate(() => document.activeElement?.textContent);
  const titles = await page.locator('.dz-list .dz-link').allTextContents();
  assert.equal(await focused(), titles[0]);
  if (titles.length > 1) {
    await page.keyboard.press('ArrowDown');
    assert.equal(await focused(), titles[1]);
    await page.keyboard.press('ArrowUp');
  }
  assert.equal(await focused(), titles[0]);
  await page.keyboard.press('Enter');
  const reader = page.locator('article.dz-reader');
  await reader.waitFor({ state: 'visible' });
  await page.keyboard.press('n');
  assert.match(await reader.locator('.dz-hitcount').textContent(), /^2 of \d+$/);
  await page.keyboard.press('Escape');
  await page.locator('.dz-results').waitFor({ state: 'visible' });
  assert.equal(await focused(), titles[0], 'focus returns to the result');
  // Visible focus: the focused link has an outline.
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none');
  await context.close();
});

test('corrections: rename and hide entities, kept across reloads', async () => {
  const { page, context, log } = await openPage(browser, { allowed: own });
  await page.goto(`${server.url}#entity=Anthroposcene`);
  const pane = page.locator('.dz-pane');
  await pane.getByRole('heading', { level: 1, name: 'Anthroposcene' }).waitFor();
  await pane.getByText('Correct this entity').click();
  await pane.getByRole('button', { name: 'Not an entity: hide it' }).click();
  await pane.getByRole('heading', { level: 1, name: /^Entities/ }).waitFor();
  await page.goto(`${server.url}#entity=Haibatullah%20Akhunzada`);
  await page.reload();
  await pane.getByRole('heading', { level: 1, name: 'Haibatullah Akhunzada' }).waitFor();
  await pane.getByText('Correct this entity').click();
  await pane.getByLabel('New name').fill('Hibatullah Akhundzada');
  await pane.getByRole('button', { name: 'Rename' }).click();
  await pane.getByRole('heading', { level: 1, name: /^Entities/ }).waitFor();
  await page.reload();
  await ready(page);
  await pane.getByRole('heading', { level: 1, name: /^Entities/ }).waitFor();
  const names = await pane.locator('tbody th a').allTextContents();
  assert.ok(names.includes('Hibatullah Akhundzada'));
  assert.ok(!names.includes('Anthroposcene'));
  assert.match(await pane.getByLabel('Corrections to the entities').inputValue(), /suppress "Anthroposcene"\nrename "Haibatullah Akhunzada" => "Hibatullah Akhundzada"/);
  assert.deepEqual(log.errors, []);
  await context.close();
});

for (const scheme of ['light', 'dark']) {
  test(`no axe violations on the entity views (${scheme})`, async () => {
    const { page, context } = await openPage(browser, { allowed: own });
    await page.emulateMedia({ colorScheme: scheme });
    for (const [view, hash, wait] of [
      ['entity list', '#view=entities', /^Entities/],
      ['entity page', '#entity=Taliban', 'Taliban'],
      ['network', '#view=network', /^Network/],
    ]) {
      await page.goto(`${server.url}${hash}`);
      await page.locator('.dz-pane').getByRole('heading', { level: 1, name: wait }).waitFor();
      assert.deepEqual(await axe(page), [], `${view} (${scheme})`);
    }
    await page.goto(server.url);
    await ready(page);
    await page.locator('.dz-list .dz-link').first().click();
    await page.locator('article.dz-reader').waitFor({ state: 'visible' });
    assert.deepEqual(await axe(page), [], `reading view with entities (${scheme})`);
    await context.close();
  });
}

test('at 375 px wide every view fits in one column', async () => {
  const { page, context } = await openPage(browser, { allowed: own, viewport: { width: 375, height: 800 } });
  for (const [name, hash] of [['results', '#q=Yuldash'], ['reader', null], ['entities', '#view=entities'], ['entity', '#entity=Taliban'], ['network', '#view=network']]) {
    if (hash) {
      await page.goto(`${server.url}${hash}`);
      await ready(page);
    } else {
      await page.goto(`${server.url}#q=Yuldash`);
      await ready(page);
      await page.locator('.dz-list .dz-link').first().click();
      await page.locator('article.dz-reader').waitFor({ state: 'visible' });
    }
    await page.waitForTimeout(100);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `${name}: page is ${width}px wide`);
    await page.screenshot({ path: `${SHOTS}${name}-phone.png` });
  }
  await context.close();
});

test('facets filter the results through the query; the query box says what it ignored', async () => {
  const { page, context, log } = await fresh();
  const box = page.getByRole('searchbox', { name: /search/i });
  await box.fill('Doha');
  await page.getByRole('status').filter({ hasText: /result/ }).waitFor();
  await page.screenshot({ path: `${SHOTS}results-desktop.png` });
  const kinds = page.getByRole('group', { name: 'Filter by kind' });
  await kinds.getByRole('button', { name: /^place \(\d+\)$/ }).click();
  assert.equal(await box.inputValue(), 'Doha kind:place');
  const pressed = page.getByRole('group', { name: 'Filter by kind' }).getByRole('button', { name: /^place/ });
  await page.waitForFunction(() => document.querySelector('.dz-facet[data-filter="kind:place"]')?.getAttribute('aria-pressed') === 'true');
  assert.equal(new URL(page.url()).hash, '#q=Doha%20kind%3Aplace');
  await pressed.click();
  assert.equal(await box.inputValue(), 'Doha');
  const sections = page.getByRole('group', { name: 'Filter by section' });
  await sections.getByRole('button', { name: /^Intelligence \(1\)$/ }).click();
  assert.equal(await box.inputValue(), 'Doha section:Intelligence');
  await page.getByRole('status').filter({ hasText: /^1 result/ }).waitFor();

  // A broken regex and an unbalanced quote are said, not fatal.
  await box.fill('/[unclosed/ "Doha accord');
  const notes = page.getByRole('list', { name: 'Query notes' });
  await notes.locator('li').first().waitFor();
  assert.ok((await notes.locator('li').count()) >= 1);
  assert.match(await page.getByRole('status').textContent(), /result/);
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
  await page.locator('.dz-file', { hasText: 'osh.txt' }).waitFor({ state: 'attached' });
  await page.getByRole('searchbox', { name: /search/i }).fill('Khorog');
  await page.getByRole('status').filter({ hasText: /^1 result/ }).waitFor();
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('"Copy link" puts the current view on the clipboard', async () => {
  const { page, context } = await openPage(browser, { allowed: own });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await page.goto(`${server.url}#entity=Taliban`);
  await page.locator('.dz-pane').getByRole('heading', { level: 1, name: 'Taliban' }).waitFor();
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.getByRole('status').filter({ hasText: 'Link copied.' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), page.url());
  await context.close();
});

test('the timeline holds the seed in order; an event opens on its sentence; quotes name their speakers', async () => {
  const { page, context, log } = await fresh();
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Timeline' }).click();
  const pane = page.locator('.dz-pane');
  await pane.getByRole('heading', { level: 1, name: /^Timeline \(\d+ dated statements\)$/ }).waitFor();
  const when = await pane.locator('.dz-when').allTextContents();
  const at = (w) => when.findIndex((x) => x.startsWith(w));
  for (const w of ['mid-1990s', '27 August 2009', 'November 2020', '3 February 2021']) assert.ok(at(w) >= 0, `${w} in ${when.join(' | ')}`);
  assert.ok(at('mid-1990s') < at('27 August 2009') && at('27 August 2009') < at('November 2020') && at('November 2020') < at('3 February 2021'));
  assert.ok((await pane.locator('svg.dz-axis a').count()) >= 3, 'the axis groups events');
  await page.screenshot({ path: `${SHOTS}timeline-desktop.png` });

  // Filter by entity, then open an event where it happened.
  await pane.getByLabel('Filter by entity').fill('Tahir Yuldash');
  await pane.getByText(/^\d+ shown$/).filter({ hasText: /^[1-9] shown$/ }).waitFor();
  const event = pane.locator('.dz-event', { hasText: '27 August 2009' });
  assert.match(await event.locator('.dz-sentence').textContent(), /Tahir Yuldash was killed by a U\.S\. drone strike on August 27, 2009/);
  await event.getByRole('link', { name: /^in “/ }).click();
  const reader = page.locator('article.dz-reader');
  await reader.waitFor({ state: 'visible' });
  const target = reader.locator('.dz-target');
  await target.waitFor();
  assert.equal(await target.textContent(), 'August 27, 2009');
  assert.ok(await target.isVisible());
  await page.goBack();
  await pane.getByRole('heading', { level: 1, name: /^Timeline/ }).waitFor();

  await page.getByRole('link', { name: 'Quotes' }).click();
  await pane.getByRole('heading', { level: 1, name: /^Quotes \(\d+\)$/ }).waitFor();
  const quote = pane.locator('.dz-quote-item', { hasText: 'the security situation in Central Asia is influenced by developments in Afghanistan' });
  assert.match(await quote.locator('figcaption').textContent(), /monitoring team/i);
  await page.screenshot({ path: `${SHOTS}quotes-desktop.png` });

  // The IMU's page shows the figure the text gives for it.
  await page.goto(`${server.url}#entity=IMU`);
  await pane.getByRole('heading', { level: 1, name: 'Islamic Movement of Uzbekistan' }).waitFor();
  assert.ok((await pane.locator('.dz-figures .dz-figure').allTextContents()).includes('up to 700 people'));
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  await context.close();
});

for (const scheme of ['light', 'dark']) {
  test(`no axe violations on the timeline and quotes (${scheme})`, async () => {
    const { page, context } = await openPage(browser, { allowed: own });
    await page.emulateMedia({ colorScheme: scheme });
    for (const [hash, name] of [['#view=timeline', /^Timeline/], ['#view=quotes', /^Quotes/]]) {
      await page.goto(`${server.url}${hash}`);
      await page.locator('.dz-pane').getByRole('heading', { level: 1, name }).waitFor();
      assert.deepEqual(await axe(page), [], `${hash} (${scheme})`);
    }
    await context.close();
  });
}
