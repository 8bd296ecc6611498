// The explorer as a person uses it: served over HTTP and opened as the
// single file from file://. Each test types into the real page and reads
// what is on screen.

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, ready, marks, SINGLE_FILE_URL } from './harness.mjs';

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

const modes = [
  {
    name: 'served',
    url: () => server.url,
    // Only the page's own origin.
    allowed: (u) => u.startsWith(server.url),
  },
  {
    name: 'single file',
    url: () => SINGLE_FILE_URL,
    // Nothing but the file itself.
    allowed: (u) => u === SINGLE_FILE_URL,
  },
];

for (const mode of modes) {
  describe(`explorer (${mode.name})`, () => {
    test('lists the articles, then searching "Yuldash" marks every hit', async () => {
      const { page, context, log } = await openPage(browser, { allowed: mode.allowed });
      await page.goto(mode.url());
      await ready(page);

      const list = page.locator('.dz-list > li');
      assert.ok((await list.count()) >= 1, 'the article list is shown before any query');
      const firstTitle = await page.locator('.dz-list .dz-link').first().textContent();
      assert.ok(firstTitle.length > 0);

      const box = page.getByRole('searchbox', { name: /search/i });
      await box.pressSequentially('Yuldash', { delay: 20 });
      await page.getByRole('status').filter({ hasText: /result/ }).waitFor();
      const first = page.locator('.dz-list > li').first();
      const snippetMarks = await marks(first.locator('.dz-snippet'));
      assert.ok(snippetMarks.length >= 1, 'the snippet marks its hit');
      for (const m of snippetMarks) assert.equal(m.toLowerCase(), 'yuldash');
      assert.match(await first.locator('.dz-link').textContent(), /Taliban|UN Security Council|Connect/);

      // Open it: the reading view marks every hit, and only hits.
      await first.locator('.dz-link').click();
      const reader = page.locator('article.dz-reader');
      await reader.waitFor({ state: 'visible' });
      const readerMarks = await marks(reader);
      assert.ok(readerMarks.length >= 7, `expected every Yuldash marked, got ${readerMarks.length}`);
      for (const m of readerMarks) assert.equal(m.toLowerCase(), 'yuldash');
      const focused = await page.evaluate(() => document.activeElement?.className);
      assert.match(focused, /dz-title/, 'focus moves to the article title');

      // Walk the hits with n / N and the buttons: "k of total", wrapping.
      const total = readerMarks.length;
      const counter = reader.locator('.dz-hitcount');
      const current = () => reader.locator('mark.dz-current');
      assert.equal(await counter.textContent(), `1 of ${total}`);
      assert.equal(await current().count(), 1);
      await page.keyboard.press('n');
      assert.equal(await counter.textContent(), `2 of ${total}`);
      const second = await reader.locator('mark').nth(1).getAttribute('class');
      assert.match(second, /dz-current/);
      await page.keyboard.press('Shift+N');
      await page.keyboard.press('Shift+N');
      assert.equal(await counter.textContent(), `${total} of ${total}`);
      await reader.getByRole('button', { name: /next hit/i }).click();
      assert.equal(await counter.textContent(), `1 of ${total}`);
      assert.ok(await current().isVisible(), 'the current hit is scrolled into view');

      // Escape goes back to the results, focus back on the opened link.
      await page.keyboard.press('Escape');
      await page.locator('.dz-list').waitFor({ state: 'visible' });
      assert.equal(await page.evaluate(() => document.activeElement?.textContent.length > 0), true);

      assert.deepEqual(log.errors, [], 'no page errors');
      assert.deepEqual(log.console, [], 'the console stays empty');
      assert.deepEqual(log.outside, [], 'no request leaves the page');
      if (mode.name === 'single file') {
        assert.deepEqual(log.requests, [SINGLE_FILE_URL], 'the single file makes no request at all');
      }
      await context.close();
    });

    test('bad queries answer "no results" at once and break nothing', async () => {
      const { page, context, log } = await openPage(browser, { allowed: mode.allowed });
      await page.goto(mode.url());
      await ready(page);
      const box = page.getByRole('searchbox', { name: /search/i });
      const status = page.getByRole('status');
      for (const q of ['?!.,;:()', '🙂🙃🚀', 'x'.repeat(10000)]) {
        const started = Date.now();
        await box.fill(q);
        await status.filter({ hasText: /No results/ }).waitFor({ timeout: 2000 });
        assert.ok(Date.now() - started < 2000, `answered within 2 s: ${q.slice(0, 20)}`);
      }
      // The query is shown as text, never parsed as markup.
      await box.fill('<img src=x onerror="window.pwned=1">');
      await status.filter({ hasText: /<img src=x/ }).waitFor();
      assert.equal(await page.locator('.dz img').count(), 0);
      assert.equal(await page.evaluate(() => window.pwned), undefined);

      // Clearing the box brings the article list back.
      await box.fill('');
      await status.filter({ hasText: /articles/ }).waitFor();
      assert.ok((await page.locator('.dz-list > li').count()) >= 1);

      assert.deepEqual(log.errors, []);
      assert.deepEqual(log.console, []);
      assert.deepEqual(log.outside, []);
      await context.close();
    });

    test('the URL holds the view: back, forward and reload restore it', async () => {
      const { page, context, log } = await openPage(browser, { allowed: mode.allowed });
      await page.goto(mode.url());
      await ready(page);
      const box = page.getByRole('searchbox', { name: /search/i });
      await box.pressSequentially('Yuldash');
      await page.getByRole('status').filter({ hasText: /result/ }).waitFor();
      assert.match(new URL(page.url()).hash, /^#q=Yuldash$/);
      await page.locator('.dz-list .dz-link').first().click();
      const reader = page.locator('article.dz-reader');
      await reader.waitFor({ state: 'visible' });
      const hash = new URL(page.url()).hash;
      assert.match(hash, /^#q=Yuldash&doc=/);
      const title = await reader.locator('.dz-title').textContent();

      await page.goBack();
      await page.locator('.dz-results').waitFor({ state: 'visible' });
      assert.equal(await box.inputValue(), 'Yuldash');
      await page.goForward();
      await reader.waitFor({ state: 'visible' });
      assert.equal(await reader.locator('.dz-title').textContent(), title);

      await page.reload();
      await ready(page);
      await reader.waitFor({ state: 'visible' });
      assert.equal(await reader.locator('.dz-title').textContent(), title);
      assert.ok((await marks(reader)).length >= 7, 'hits are marked after a reload');
      assert.equal(await box.inputValue(), 'Yuldash');
      assert.deepEqual(log.errors, []);
      assert.deepEqual(log.console, []);
      await context.close();
    });

    test('"/" focuses the search box from anywhere', async () => {
      const { page, context } = await openPage(browser, { allowed: mode.allowed });
      await page.goto(mode.url());
      await ready(page);
      await page.locator('.dz-link').first().focus();
      await page.keyboard.press('/');
      assert.equal(await page.evaluate(() => document.activeElement?.type), 'search');
      await context.close();
    });
  });
}
