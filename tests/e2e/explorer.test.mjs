// The explorer as a person uses it: served over HTTP and opened as the
// single file from file://. Each test types into the real page and reads
// what is on screen.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  session, openPage, ready, marks, SINGLE_FILE_URL,
  fetchedBesides, find, count, text, byRole, waitForStatus, fill, type, press, valueOf, back, forward,
} from './harness.mjs';

const shared = session();

const modes = [
  {
    name: 'served',
    url: () => shared.server.url,
    // Only the page's own origin.
    allowed: (u) => u.startsWith(shared.server.url),
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
      const { page, context, log } = await openPage(shared.browser, { allowed: mode.allowed });
      await page.goto(mode.url());
      await ready(page);

      assert.ok((await count(page, '.dz-list > li')) >= 1, 'the article list is shown before any query');
      const firstTitle = await text(page, '.dz-list .dz-link');
      assert.ok(firstTitle.length > 0);

      const box = await byRole(page, 'searchbox', /search/i);
      await type(box, 'Yuldash', { delay: 20 });
      await waitForStatus(page, /result/);
      const first = await find(page, '.dz-list > li');
      const snippetMarks = await marks(await find(first, '.dz-snippet'));
      assert.ok(snippetMarks.length >= 1, 'the snippet marks its hit');
      for (const m of snippetMarks) assert.equal(m.toLowerCase(), 'yuldash');
      assert.match(await text(first, '.dz-link'), /Taliban|UN Security Council|Connect/);

      // Open it: the reading view marks every hit, and only hits.
      await (await find(first, '.dz-link')).click();
      const reader = await find(page, 'article.dz-reader');
      const readerMarks = await marks(reader);
      assert.ok(readerMarks.length >= 7, `expected every Yuldash marked, got ${readerMarks.length}`);
      for (const m of readerMarks) assert.equal(m.toLowerCase(), 'yuldash');
      const focused = await page.evaluate(() => document.activeElement?.className);
      assert.match(focused, /dz-title/, 'focus moves to the article title');

      // Walk the hits with n / N and the buttons: "k of total", wrapping.
      const total = readerMarks.length;
      const counter = () => text(reader, '.dz-hitcount');
      assert.equal(await counter(), `1 of ${total}`);
      assert.equal(await count(reader, 'mark.dz-current'), 1);
      await press(page, 'n');
      assert.equal(await counter(), `2 of ${total}`);
      const second = await (await find(reader, { css: 'mark', nth: 1 }, { state: 'attached' })).evaluate((m) => m.className);
      assert.match(second, /dz-current/);
      await press(page, 'Shift+N');
      await press(page, 'Shift+N');
      assert.equal(await counter(), `${total} of ${total}`);
      await (await byRole(reader, 'button', /next hit/i)).click();
      assert.equal(await counter(), `1 of ${total}`);
      const current = await find(reader, 'mark.dz-current', { state: 'attached' });
      assert.ok(await current.isIntersectingViewport(), 'the current hit is scrolled into view');

      // Escape goes back to the results, focus back on the opened link.
      await press(page, 'Escape');
      await find(page, '.dz-list');
      assert.equal(await page.evaluate(() => document.activeElement?.textContent.length > 0), true);

      assert.deepEqual(log.errors, [], 'no page errors');
      assert.deepEqual(log.console, [], 'the console stays empty');
      assert.deepEqual(log.outside, [], 'no request leaves the page');
      if (mode.name === 'single file') {
        assert.deepEqual(await fetchedBesides(page, log, SINGLE_FILE_URL), [], 'the single file makes no request at all');
      }
      await context.close();
    });

    test('bad queries answer "no results" at once and break nothing', async () => {
      const { page, context, log } = await openPage(shared.browser, { allowed: mode.allowed });
      await page.goto(mode.url());
      await ready(page);
      const box = await byRole(page, 'searchbox', /search/i);
      for (const q of ['?!.,;:()', '🙂🙃🚀', 'x'.repeat(10000)]) {
        const started = Date.now();
        await fill(box, q);
        await waitForStatus(page, /No results/, { timeout: 2000 });
        assert.ok(Date.now() - started < 2000, `answered within 2 s: ${q.slice(0, 20)}`);
        // However long the query, the page stays as wide as the window.
        const { width, inner } = await page.evaluate(() => ({ width: document.documentElement.scrollWidth, inner: innerWidth }));
        assert.ok(width <= inner, `page is ${width}px wide for a window of ${inner}px: ${q.slice(0, 20)}`);
      }
      // 10,000 quote marks make one note, not 5,000.
      await fill(box, '"'.repeat(10000));
      await find(page, { css: '.dz-diagnostics li', text: /empty phrase \(5000 times\)/ });
      assert.equal(await count(page, '.dz-diagnostics li'), 1);
      const { width, inner } = await page.evaluate(() => ({ width: document.documentElement.scrollWidth, inner: innerWidth }));
      assert.ok(width <= inner, `page is ${width}px wide for 10,000 quote marks`);
      // The query is shown as text, never parsed as markup.
      await fill(box, '<img src=x onerror="window.pwned=1">');
      await waitForStatus(page, /<img src=x/);
      assert.equal(await count(page, '.dz img'), 0);
      assert.equal(await page.evaluate(() => window.pwned), undefined);

      // Clearing the box brings the article list back.
      await fill(box, '');
      await waitForStatus(page, /articles/);
      assert.ok((await count(page, '.dz-list > li')) >= 1);

      assert.deepEqual(log.errors, []);
      assert.deepEqual(log.console, []);
      assert.deepEqual(log.outside, []);
      await context.close();
    });

    test('the URL holds the view: back, forward and reload restore it', async () => {
      const { page, context, log } = await openPage(shared.browser, { allowed: mode.allowed });
      await page.goto(mode.url());
      await ready(page);
      let box = await byRole(page, 'searchbox', /search/i);
      await type(box, 'Yuldash');
      await waitForStatus(page, /result/);
      assert.match(new URL(page.url()).hash, /^#q=Yuldash$/);
      await (await find(page, '.dz-list .dz-link')).click();
      await find(page, 'article.dz-reader');
      const hash = new URL(page.url()).hash;
      assert.match(hash, /^#q=Yuldash&doc=/);
      const title = await text(page, 'article.dz-reader .dz-title');

      await back(page);
      await find(page, '.dz-results');
      assert.equal(await valueOf(box), 'Yuldash');
      await forward(page);
      await find(page, 'article.dz-reader');
      assert.equal(await text(page, 'article.dz-reader .dz-title'), title);

      await page.reload();
      await ready(page);
      const reader = await find(page, 'article.dz-reader');
      assert.equal(await text(reader, '.dz-title'), title);
      assert.ok((await marks(reader)).length >= 7, 'hits are marked after a reload');
      box = await byRole(page, 'searchbox', /search/i);
      assert.equal(await valueOf(box), 'Yuldash');
      assert.deepEqual(log.errors, []);
      assert.deepEqual(log.console, []);
      await context.close();
    });

    test('"/" focuses the search box from anywhere', async () => {
      const { page, context } = await openPage(shared.browser, { allowed: mode.allowed });
      await page.goto(mode.url());
      await ready(page);
      await (await find(page, '.dz-link')).focus();
      await press(page, '/');
      assert.equal(await page.evaluate(() => document.activeElement?.type), 'search');
      await context.close();
    });
  });
}
