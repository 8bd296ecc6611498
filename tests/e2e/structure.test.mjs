// The page shows the structure the corpus stage found: sections and titles
// in the article list, teasers apart (opening the article they repeat), and
// captions, subheadings, lists and attributions styled as such.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, ready } from './harness.mjs';

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

const TITLES = [
  'UN Security Council: Taliban continues to patronize Central Asian Jihadists',
  'Covid 19 and Human Security in Anthropocene era',
  'COVID-19 As an Agent of Change in World Order',
  'Broad Cyber-Consensus',
];

test('articles, teasers and the reading view show the page structure', async () => {
  const { page, context, log } = await openPage(browser, { allowed: (u) => u.startsWith(server.url) });
  await page.goto(server.url);
  await ready(page);

  const items = page.locator('.dz-list > li');
  assert.deepEqual(await items.locator('.dz-link').allTextContents(), TITLES);
  for (const meta of await items.locator('.dz-meta').allTextContents()) assert.match(meta, /^Intelligence/);
  const text = await page.locator('.dz').textContent();
  for (const chrome of ['Connect with us', 'Continue Reading', 'Trending', 'people art']) {
    assert.ok(!text.includes(chrome), `no chrome on the page: ${chrome}`);
  }

  // Seven teasers, apart from the articles; the Covid one opens article 2.
  const teasers = page.locator('.dz-teaser');
  assert.equal(await teasers.count(), 7);
  assert.match(await teasers.first().locator('.dz-meta').textContent(), /^Russia · 1 hour ago$/);
  const linked = teasers.filter({ has: page.locator('a') });
  assert.equal(await linked.count(), 1);
  await linked.locator('a').click();
  const reader = page.locator('article.dz-reader');
  await reader.waitFor({ state: 'visible' });
  assert.equal(await reader.locator('.dz-title').textContent(), TITLES[1]);
  await page.goBack();

  // Article 1: lead caption, two inline captions, the "Conclusion" subheading.
  await items.locator('.dz-link').first().click();
  await reader.waitFor({ state: 'visible' });
  assert.equal(await reader.locator('.dz-lead-caption').textContent(), 'Taliban militants in training at Mahmud Ghaznavi Military Camp');
  assert.deepEqual(await reader.locator('.dz-caption').allTextContents(), [
    'Mullah Haibatullah Akhunzada, the emir of Taliban',
    'Uzbek Jihadists of Katibat Imam al-Bukhari, the most loyal Taliban supporters from Central Asia',
  ]);
  assert.deepEqual(await reader.locator('h2.dz-h').allTextContents(), ['Conclusion']);
  // Repaired text: the missing space after "2020." is back.
  assert.match(await reader.textContent(), /November 2020\. After neutralizing him/);
  await page.goBack();

  // Article 4: a six-item list and the partner attribution.
  await items.locator('.dz-link').nth(3).click();
  await reader.waitFor({ state: 'visible' });
  assert.equal(await reader.locator('ul.dz-ul > li').count(), 6);
  assert.equal(await reader.locator('ul.dz-ul > li').first().textContent(), 'Existing and Potential Threats');
  assert.equal(await reader.locator('.dz-attribution').textContent(), 'From our partner RIAC');

  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  await context.close();
});
