// Two defects of the first-time reader's walk (issue 16) that had no test
// of their own: the search box typed into from each view, and "Merge" on
// an entity page, which must keep the reader on that entity.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  session, openPage, ready, find, count, text, texts, byRole, waitForStatus, fill, type, valueOf,
} from './harness.mjs';

const shared = session();

const heading1 = (page, name) => find(page, { css: '.dz-pane h1', text: name });
const hash = (page) => page.evaluate(() => location.hash);

for (const [view, route, heading] of [
  ['the entity list', '#view=entities', /^Entities/],
  ['the network', '#view=network', /^Network/],
  ['the timeline', '#view=timeline', /^Timeline/],
  ['an entity page', '#entity=Taliban', /^Taliban$/],
]) {
  test(`typing in the search box on ${view} shows the articles that match, hits marked`, async () => {
    const { page, context, log } = await openPage(shared.browser, { allowed: shared.own });
    await page.goto(`${shared.server.url}${route}`);
    await ready(page);
    await heading1(page, heading);
    await type(await byRole(page, 'searchbox', /search/i), 'Yuldash', { delay: 10 });
    await waitForStatus(page, /^\d+ results? for “Yuldash”/);
    assert.ok((await count(page, '.dz-list > li')) >= 1);
    const hits = await texts(await find(page, '.dz-list > li .dz-snippet'), 'mark');
    assert.ok(hits.length >= 1 && hits.every((m) => m.toLowerCase() === 'yuldash'), hits.join(' | '));
    assert.match(await hash(page), /^#q=Yuldash$/);
    // The view it was typed on is no longer drawn under the results.
    assert.equal(await count(page, { css: '.dz-pane h1', text: heading }), 0);
    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.console, []);
    await context.close();
  });
}

const mentions = async (page) => Number((await text(page, '.dz-pane .dz-facts')).match(/Mentions(\d+)/)[1]);

test('"Merge" on an entity page keeps the reader on that entity, now holding both', async () => {
  const { page, context, log } = await openPage(shared.browser, { allowed: shared.own });
  await page.goto(`${shared.server.url}#entity=Abdulaziz%20Yuldash`);
  await heading1(page, /^Abdulaziz Yuldash$/);
  const other = await (async () => {
    await page.goto(`${shared.server.url}#entity=Tahir%20Yuldash`);
    await heading1(page, /^Tahir Yuldash$/);
    return mentions(page);
  })();
  await page.goto(`${shared.server.url}#entity=Abdulaziz%20Yuldash`);
  await heading1(page, /^Abdulaziz Yuldash$/);
  const own = await mentions(page);

  await (await find(page, { css: '.dz-pane summary', text: 'Correct this entity' })).click();
  await fill(await byRole(page, 'textbox', 'Same thing as'), 'Tahir Yuldash');
  await (await byRole(page, 'button', /^Merge$/)).click();
  // Still this entity's page, once the rebuild is drawn, with the other's
  // mentions joined to its own.
  await page.waitForFunction(
    (want) => /Mentions(\d+)/.exec(document.querySelector('.dz-pane .dz-facts')?.textContent ?? '')?.[1] === String(want),
    {},
    own + other,
  );
  await heading1(page, /^Abdulaziz Yuldash$/);
  assert.match(await hash(page), /entity=Abdulaziz%20Yuldash/);
  // The other name now leads here too.
  await page.goto(`${shared.server.url}#entity=Tahir%20Yuldash`);
  await heading1(page, /^Abdulaziz Yuldash$/);
  await page.goto(`${shared.server.url}#view=entities`);
  await heading1(page, /^Entities/);
  const corrections = await valueOf(await find(page, 'textarea[data-corrections]', { state: 'attached' }));
  assert.match(corrections, /merge "Abdulaziz Yuldash" \+ "Tahir Yuldash"/);
  assert.deepEqual(log.errors, []);
  await context.close();
});
