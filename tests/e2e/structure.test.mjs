// The page shows the structure the corpus stage found: sections and titles
// in the article list, teasers apart (opening the article they repeat), and
// captions, subheadings, lists and attributions styled as such.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, openPage, ready, find, count, text, texts, back, gone } from './harness.mjs';

const shared = session();

const TITLES = [
  'UN Security Council: Taliban continues to patronize Central Asian Jihadists',
  'Covid 19 and Human Security in Anthropocene era',
  'COVID-19 As an Agent of Change in World Order',
  'Broad Cyber-Consensus',
];

test('articles, teasers and the reading view show the page structure', async () => {
  const { page, context, log } = await openPage(shared.browser, { allowed: (u) => u.startsWith(shared.server.url) });
  await page.goto(shared.server.url);
  await ready(page);

  assert.deepEqual(await texts(page, '.dz-list > li .dz-link'), TITLES);
  for (const meta of await texts(page, '.dz-list > li .dz-meta')) assert.match(meta, /^Intelligence/);
  const all = await text(page, '.dz');
  for (const chrome of ['Connect with us', 'Continue Reading', 'Trending', 'people art']) {
    assert.ok(!all.includes(chrome), `no chrome on the page: ${chrome}`);
  }

  // Seven teasers, apart from the articles; the Covid one opens article 2.
  assert.equal(await count(page, '.dz-teaser'), 7);
  assert.match(await text(page, '.dz-teaser .dz-meta'), /^Russia · 1 hour ago$/);
  assert.equal(await count(page, '.dz-teaser:has(a)'), 1);
  await (await find(page, '.dz-teaser a')).click();
  const reader = await find(page, 'article.dz-reader');
  assert.equal(await text(reader, '.dz-title'), TITLES[1]);
  await back(page);
  await gone(page, 'article.dz-reader');

  // Article 1: lead caption, two inline captions, the "Conclusion" subheading.
  await (await find(page, { css: '.dz-list > li .dz-link', nth: 0 })).click();
  await find(page, 'article.dz-reader');
  assert.equal(await text(reader, '.dz-lead-caption'), 'Taliban militants in training at Mahmud Ghaznavi Military Camp');
  assert.deepEqual(await texts(reader, '.dz-caption'), [
    'Mullah Haibatullah Akhunzada, the emir of Taliban',
    'Uzbek Jihadists of Katibat Imam al-Bukhari, the most loyal Taliban supporters from Central Asia',
  ]);
  assert.deepEqual(await texts(reader, 'h2.dz-h'), ['Conclusion']);
  // Repaired text: the missing space after "2020." is back.
  assert.match(await reader.evaluate((r) => r.textContent), /November 2020\. After neutralizing him/);
  await back(page);
  await gone(page, 'article.dz-reader');

  // Article 4: a six-item list and the partner attribution.
  await (await find(page, { css: '.dz-list > li .dz-link', nth: 3 })).click();
  await find(page, 'article.dz-reader');
  assert.equal(await count(reader, 'ul.dz-ul > li'), 6);
  assert.equal(await text(reader, 'ul.dz-ul > li'), 'Existing and Potential Threats');
  assert.equal(await text(reader, '.dz-attribution'), 'From our partner RIAC');

  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  await context.close();
});
