// The network as a reader uses it: the top N entities, every node named
// (drawn, or shown on hover and focus), zoom and pan by keyboard, buttons,
// wheel and drag, Tab to a node and Enter to open it, the list of the same
// links (first at 375 px), an entity page's own neighbourhood, and axe-core
// in both themes. Screenshots go to tests/e2e/screenshots/<browser>/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BROWSER, session, launch, openPage, ready, axe, find, count, text, texts, fill } from './harness.mjs';

const SHOTS = fileURLToPath(new URL(`./screenshots/${BROWSER}/`, import.meta.url));
mkdirSync(SHOTS, { recursive: true });

const shared = session();

async function open(hash, opts = {}) {
  const opened = await openPage(shared.browser, { allowed: shared.own, ...opts });
  await opened.page.goto(`${shared.server.url}${hash}`);
  await ready(opened.page);
  await find(opened.page, '.dz-pane h1');
  return opened;
}

const viewBox = (page) => page.evaluate(() => document.querySelector('svg.dz-network').getAttribute('viewBox').split(' ').map(Number));
const nodes = (page) => count(page, '.dz-pane svg.dz-network a.dz-node');
const focused = (page) => page.evaluate(() => document.activeElement?.getAttribute('data-entity-name'));
const hoverLabel = (page) => page.evaluate(() => {
  const g = document.querySelector('svg.dz-network .dz-hover-label');
  return g.getAttribute('visibility') === 'visible' ? g.querySelector('text').textContent : null;
});

test('every node is named: labels drawn apart, the others on hover and focus', async () => {
  const { page, context, log } = await open('#view=network');
  await find(page, '.dz-pane svg a.dz-node');
  const all = await nodes(page);
  assert.ok(all >= 10 && all <= 40, `${all} nodes (top 40 by default)`);
  const info = await page.evaluate(() => [...document.querySelectorAll('svg.dz-network a.dz-node')].map((a) => ({
    name: a.getAttribute('data-entity-name'),
    aria: a.getAttribute('aria-label'),
    label: a.querySelector('text')?.textContent ?? null,
    hoverOnly: a.hasAttribute('data-hover-only'),
    short: a.getAttribute('data-label'),
  })));
  for (const n of info) {
    assert.ok(n.aria.startsWith(n.name), n.aria);
    assert.ok(n.label !== null || n.hoverOnly, `${n.name} has a label or one on hover`);
    if (n.label !== null) assert.equal(n.label, n.short);
  }
  assert.ok(info.filter((n) => n.label !== null).length * 3 >= info.length * 2, 'most labels are drawn');
  assert.ok(info.slice(0, 5).every((n) => n.label !== null), 'the most mentioned are always labelled');
  // Drawn labels never overlap.
  const boxes = await page.evaluate(() => [...document.querySelectorAll('svg.dz-network a.dz-node text')].map((t) => {
    const b = t.getBBox();
    return [b.x, b.y, b.x + b.width, b.y + b.height];
  }));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [p, q] = [boxes[i], boxes[j]];
      assert.ok(p[2] <= q[0] + 1 || q[2] <= p[0] + 1 || p[3] <= q[1] + 1 || q[3] <= p[1] + 1, `labels ${i} and ${j} overlap`);
    }
  }
  // Focus shows a node's label over everything; leaving hides it.
  const target = info.find((n) => n.hoverOnly) ?? info.at(-1);
  await page.evaluate((name) => document.querySelector(`svg.dz-network a.dz-node[data-entity-name="${CSS.escape(name)}"]`).focus(), target.name);
  assert.equal(await hoverLabel(page), target.short);
  await page.evaluate(() => document.activeElement.blur());
  assert.equal(await hoverLabel(page), null);
  // And so does the pointer.
  const circle = await find(page, { css: `svg.dz-network a.dz-node[data-entity-name="${target.name}"] circle` });
  await circle.hover();
  await page.waitForFunction((want) => document.querySelector('svg.dz-network .dz-hover-label text')?.textContent === want
    && document.querySelector('svg.dz-network .dz-hover-label').getAttribute('visibility') === 'visible', {}, target.short);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  await context.close();
});

test('zoom and pan by keyboard, buttons, wheel and drag change the view; 0 resets it', async () => {
  const { page, context, log } = await open('#view=network');
  await find(page, '.dz-pane svg a.dz-node');
  assert.deepEqual(await viewBox(page), [0, 0, 960, 640]);
  await page.evaluate(() => document.querySelector('svg.dz-network a.dz-node').focus());
  await page.keyboard.press('+');
  const [, , w1, h1] = await viewBox(page);
  assert.ok(Math.abs(w1 - 640) < 0.1 && Math.abs(h1 - 640 * 640 / 960) < 0.1, `zoomed 1.5x: ${w1} ${h1}`);
  const before = await viewBox(page);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  const after = await viewBox(page);
  assert.ok(after[0] > before[0] && after[1] > before[1], `panned: ${before} -> ${after}`);
  await page.keyboard.press('-');
  assert.ok((await viewBox(page))[2] > w1, 'zoomed out');
  await page.keyboard.press('0');
  assert.deepEqual(await viewBox(page), [0, 0, 960, 640]);
  // The bar's buttons.
  await (await find(page, { role: 'button', name: 'Zoom in (+)' })).click();
  await (await find(page, { role: 'button', name: 'Zoom in (+)' })).click();
  assert.ok((await viewBox(page))[2] < 430, 'two steps in');
  await (await find(page, { role: 'button', name: 'Reset the view (0)' })).click();
  assert.deepEqual(await viewBox(page), [0, 0, 960, 640]);
  // The wheel zooms around the pointer; a drag pans.
  const svg = await find(page, 'svg.dz-network');
  const box = await svg.boundingBox();
  await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.25);
  await page.mouse.wheel({ deltaY: -200 });
  await page.waitForFunction(() => document.querySelector('svg.dz-network').getAttribute('viewBox') !== '0 0 960 640');
  const wheeled = await viewBox(page);
  assert.ok(wheeled[2] < 960 && wheeled[0] < 960 * 0.25, `zoomed towards the pointer: ${wheeled}`);
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5 - 60, box.y + box.height * 0.5 - 30, { steps: 4 });
  await page.mouse.up();
  const dragged = await viewBox(page);
  assert.ok(dragged[0] > wheeled[0] && dragged[1] > wheeled[1], `dragged: ${wheeled} -> ${dragged}`);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  await context.close();
});

test('Tab reaches the nodes in order of mentions; Enter opens the entity page', async () => {
  const { page, context, log } = await open('#view=network');
  await find(page, '.dz-pane svg a.dz-node');
  const order = await page.evaluate(() => [...document.querySelectorAll('svg.dz-network a.dz-node')].map((a) => a.getAttribute('data-entity-name')));
  await page.evaluate(() => [...document.querySelectorAll('.dz-net-bar button')].at(-1).focus());
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), order[0]);
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), order[1]);
  assert.equal(await hoverLabel(page), await page.evaluate(() => document.activeElement.getAttribute('data-label')));
  await page.keyboard.press('Enter');
  await find(page, { css: '.dz-pane h1', text: new RegExp(`^${order[1].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });
  assert.match(await page.evaluate(() => location.hash), /^#entity=/);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('the top-N choice limits the nodes; kinds and weight filter them', async () => {
  const { page, context, log } = await open('#view=network');
  await find(page, '.dz-pane svg a.dz-node');
  await fill(await find(page, 'input.dz-range'), '1');
  await page.waitForFunction(() => /linked entities|entities and/.test(document.querySelector('.dz-pane .dz-pane-body .dz-meta')?.textContent ?? ''));
  const select = await find(page, { role: 'combobox', name: 'Entities shown' });
  assert.equal(await select.evaluate((s) => s.value), '40');
  await fill(select, '20');
  await page.waitForFunction(() => document.querySelectorAll('svg.dz-network a.dz-node').length <= 20);
  const meta = await text(page, '.dz-pane .dz-pane-body .dz-meta');
  const m = meta.match(/^The 20 most mentioned of (\d+) linked entities and (\d+) links?\.$/);
  assert.ok(m, meta);
  assert.ok(Number(m[1]) > 20);
  assert.equal(await nodes(page), 20);
  // The links list holds exactly the drawn links, strongest first.
  const links = Number(m[2]);
  assert.equal(await count(page, '.dz-net-table tbody tr'), Math.min(links, 30));
  if (links > 30) {
    await (await find(page, { role: 'button', name: `Show more links (30 of ${links} shown)` })).click();
    await page.waitForFunction((n) => document.querySelectorAll('.dz-net-table tbody tr').length === n, {}, Math.min(links, 60));
  }
  const weights = (await texts(page, '.dz-net-table tbody td.dz-num')).map(Number);
  assert.deepEqual(weights, [...weights].sort((a, b) => b - a));
  assert.equal(await count(page, 'svg.dz-network .dz-edges line'), links);
  await fill(select, '80');
  await page.waitForFunction(() => document.querySelectorAll('svg.dz-network a.dz-node').length > 20);
  await (await find(page, { css: 'label.dz-check-inline', text: 'Places' })).click();
  await page.waitForFunction(() => document.querySelectorAll('svg.dz-network a.dz-ent-place').length === 0);
  // Focus stays on the control that was used.
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-kind')), 'place');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  await context.close();
});

test('at 375 px the links come first as a list of entity pairs with weights, each a link', async () => {
  const { page, context, log } = await open('#view=network', { viewport: { width: 375, height: 800 } });
  await find(page, '.dz-net-table tbody tr');
  const [list, drawing] = await page.evaluate(() => [
    document.querySelector('.dz-net-links').getBoundingClientRect().top,
    document.querySelector('svg.dz-network').getBoundingClientRect().top,
  ]);
  assert.ok(list < drawing, `the list (${list}) is above the drawing (${drawing})`);
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 375);
  const row = await find(page, '.dz-net-table tbody tr');
  const [a, b] = await row.$$eval('a', (as) => as.map((x) => x.textContent));
  assert.ok(a && b && a !== b);
  assert.match(await row.$eval('td.dz-num', (td) => td.textContent), /^\d+$/);
  await page.screenshot({ path: `${SHOTS}network-375-light.png` });
  await (await row.$('td a')).click();
  await find(page, { css: '.dz-pane h1', text: b });
  assert.deepEqual(log.errors, []);
  await context.close();
});

test("an entity page shows its own neighbourhood: a small network and the list, each a link", async () => {
  const { page, context, log } = await open('#entity=IMU');
  const svg = await find(page, 'svg.dz-neighbourhood');
  const names = await svg.$$eval('a.dz-node', (as) => as.map((a) => a.getAttribute('data-entity-name')));
  const centre = await text(page, '.dz-pane h1');
  assert.equal(names[0], centre);
  assert.ok(names.length >= 6, names.join(' | '));
  const listed = await texts(page, '.dz-related li > a');
  // The drawing's neighbours are the list's first, in the same order.
  assert.deepEqual(names.slice(1), listed.slice(0, names.length - 1));
  const aria = await svg.$eval('a.dz-node:nth-of-type(2)', (a) => a.getAttribute('aria-label'));
  assert.ok(aria.endsWith(` times)`) || aria.endsWith(' time)'), aria);
  assert.ok(aria.includes(`named with ${centre} `), aria);
  assert.ok((await svg.$$eval('a.dz-node text', (t) => t.length)) >= names.length - 2, 'labels drawn');
  await page.screenshot({ path: `${SHOTS}entity-1280-light.png`, fullPage: true });
  await svg.$eval('a.dz-node:nth-of-type(3)', (a) => a.focus());
  await page.keyboard.press('Enter');
  await find(page, { css: '.dz-pane h1', text: new RegExp(`^${names[2].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.console, []);
  await context.close();
});

for (const scheme of ['light', 'dark']) {
  test(`no axe violations on the network and an entity page; screenshots (${scheme})`, async () => {
    const themed = await launch({ colorScheme: scheme });
    try {
      for (const width of [1280, 375]) {
        const { page, context } = await openPage(themed, { allowed: shared.own, viewport: { width, height: 900 } });
        await page.goto(`${shared.server.url}#view=network`);
        await find(page, '.dz-pane svg a.dz-node');
        await page.evaluate(() => document.querySelector('svg.dz-network a.dz-node[data-hover-only]')?.focus()
          ?? document.querySelector('svg.dz-network a.dz-node').focus());
        await page.keyboard.press('+');
        assert.deepEqual(await axe(page), [], `network, zoomed, a label shown (${scheme}, ${width})`);
        await page.keyboard.press('0');
        await page.evaluate(() => document.activeElement.blur());
        await page.screenshot({ path: `${SHOTS}network-${width}-${scheme}.png`, fullPage: width === 375 });
        await page.goto(`${shared.server.url}#entity=IMU`);
        await find(page, 'svg.dz-neighbourhood', { state: 'attached' });
        assert.deepEqual(await axe(page), [], `entity page (${scheme}, ${width})`);
        // The neighbourhood in view (on a phone, the list in its place).
        await page.evaluate(() => [...document.querySelectorAll('.dz-pane h2')].find((h) => h.textContent === 'Named with')?.scrollIntoView());
        await page.screenshot({ path: `${SHOTS}entity-${width}-${scheme}.png` });
        await context.close();
      }
    } finally {
      await themed.close();
    }
  });
}
