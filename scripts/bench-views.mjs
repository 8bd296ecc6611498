#!/usr/bin/env node
// The views benchmark of issue 16: open a site that `dossier build` wrote,
// served from loopback, and walk every view as a reader would (the first
// screen, results for a common word, an article, the entity list, an entity
// page, the network, the timeline, quotes), in headless Chromium and
// Firefox. For each view it prints the time from the reader's step to the
// view painted, the part of it after the view's last data arrived (the
// budget is 200 ms), the requests the step made, and the elements the page
// then holds (the budget is 5,000).
//
//   node scripts/bench-views.mjs [options] SITE
//     --browsers LIST   chromium,firefox (both)
//     --runs N          cold runs per browser (3); medians are printed
//     --query Q         the common word searched (year)
//     --json FILE       also write every figure as JSON
//
// A step is "painted" at the second animation frame after the view's
// heading (or first result) is in the DOM: the frame that drew it has
// then been presented. Data "arrived" at the last responseEnd of the
// requests the step started.

import { existsSync, statSync, writeFileSync } from 'node:fs';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { serve } from './static-server.mjs';

const opts = { browsers: 'chromium,firefox', runs: 3, query: 'year', json: null };
let site = null;
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const key = a.slice(2);
      if (!(key in opts) || i + 1 >= argv.length) fail(`unknown option or missing value: ${a}`);
      opts[key] = typeof opts[key] === 'number' ? Number(argv[++i]) : argv[++i];
      if (typeof opts[key] === 'number' && !(opts[key] >= 1)) fail(`${a} needs a number of at least 1`);
    } else if (site === null) {
      site = a;
    } else {
      fail(`one site only: ${a}`);
    }
  }
  if (!site) fail('usage: node scripts/bench-views.mjs [options] SITE (a folder `dossier build` wrote)');
  if (!existsSync(site) || !statSync(site).isDirectory() || !existsSync(`${site}/index.html`)) fail(`${site}: not a built site (no index.html)`);
}

function fail(message) {
  console.error(`bench-views: ${message}`);
  process.exit(2);
}

const PAINT_BUDGET_MS = 200;
const NODE_BUDGET = 5000;
const STEP_TIMEOUT_MS = 120_000;

// Runs inside the page: takes the step, waits for `ready` to hold, then
// for two animation frames, and reports what it cost.
async function stepInPage({ hash, click, ready, timeout }) {
  const t0 = performance.now();
  const startEntries = performance.getEntriesByType('resource').length;
  const holds = () => {
    const found = [...document.querySelectorAll(ready.css)];
    return found.some((e) => (ready.text ? new RegExp(ready.text).test(e.textContent) : true));
  };
  if (hash !== null) location.hash = hash;
  if (click) {
    const target = document.querySelector(click);
    if (!target) return { error: `nothing to click: ${click}` };
    target.click();
  }
  await new Promise((resolve, reject) => {
    if (holds()) return resolve();
    const timer = setTimeout(() => { observer.disconnect(); reject(new Error(`timed out waiting for ${ready.css} ${ready.text ?? ''}`)); }, timeout);
    const observer = new MutationObserver(() => {
      if (holds()) { clearTimeout(timer); observer.disconnect(); resolve(); }
    });
    observer.observe(document, { childList: true, subtree: true, characterData: true });
  }).catch((e) => { throw e; });
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const painted = performance.now();
  const requests = performance.getEntriesByType('resource').slice(startEntries);
  const arrived = requests.reduce((m, e) => Math.max(m, e.responseEnd), t0);
  return {
    total: painted - t0,
    afterData: painted - Math.max(t0, Math.min(arrived, painted)),
    requests: requests.length,
    bytes: requests.reduce((s, e) => s + (e.encodedBodySize || 0), 0),
    nodes: document.getElementsByTagName('*').length,
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};

async function coldRun(harness, url, query) {
  const browser = await harness.launch();
  try {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    // The browser keeps 250 resource timings unless told otherwise; a view
    // of a large corpus makes more requests than that.
    await page.evaluateOnNewDocument(() => performance.setResourceTimingBufferSize(1_000_000));
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const t0 = Date.now();
    await page.goto(url);
    await page.waitForSelector('input[type=search]', { timeout: STEP_TIMEOUT_MS });
    await page.waitForFunction(() => document.querySelector('.dz-status')?.textContent.trim(), { timeout: STEP_TIMEOUT_MS });
    const rows = [{ view: 'first screen', total: Date.now() - t0, afterData: NaN, requests: NaN, bytes: NaN, nodes: await page.evaluate(() => document.getElementsByTagName('*').length) }];
    const steps = [
      { view: 'results', hash: `#q=${encodeURIComponent(query)}`, ready: { css: '.dz-results .dz-item[data-result] .dz-snippet' } },
      { view: 'article', hash: null, click: '.dz-results .dz-item[data-result] a', ready: { css: '.dz-reader .dz-title' } },
      { view: 'entity list', hash: '#view=entities', ready: { css: '.dz-pane h1', text: '^Entities' } },
      { view: 'entity page', hash: null, click: '.dz-pane table a[href^="#entity="]', ready: { css: '.dz-pane h1', text: '^(?!Entities)' } },
      { view: 'network', hash: '#view=network', ready: { css: '.dz-pane h1', text: '^Network' } },
      { view: 'timeline', hash: '#view=timeline', ready: { css: '.dz-pane h1', text: '^Timeline' } },
      { view: 'quotes', hash: '#view=quotes', ready: { css: '.dz-pane h1', text: '^Quotes' } },
    ];
    for (const s of steps) {
      const r = await page.evaluate(stepInPage, { hash: s.hash, click: s.click ?? null, ready: s.ready, timeout: STEP_TIMEOUT_MS });
      if (r.error) throw new Error(`${s.view}: ${r.error}`);
      rows.push({ view: s.view, ...r });
    }
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    return rows;
  } finally {
    await browser.close();
  }
}

const server = await serve(site, 0);
const report = { date: new Date().toISOString(), site, query: opts.query, runs: opts.runs, browsers: {} };
try {
  for (const name of opts.browsers.split(',')) {
    process.env.BROWSER = name;
    // One module instance per browser: the harness reads BROWSER when loaded.
    const harness = await import(`${pathToFileURL(fileURLToPath(new URL('../tests/e2e/harness.mjs', import.meta.url))).href}?${name}`);
    const runs = [];
    for (let i = 0; i < opts.runs; i += 1) runs.push(await coldRun(harness, server.url, opts.query));
    const views = runs[0].map((row, k) => ({
      view: row.view,
      total: median(runs.map((r) => r[k].total)),
      afterData: median(runs.map((r) => r[k].afterData)),
      requests: median(runs.map((r) => r[k].requests)),
      bytes: median(runs.map((r) => r[k].bytes)),
      nodes: Math.max(...runs.map((r) => r[k].nodes)),
    }));
    report.browsers[name] = views;
    console.log(`\n${name}: ${site}, medians of ${opts.runs} cold runs (paint budget ${PAINT_BUDGET_MS} ms after the data, ${NODE_BUDGET.toLocaleString('en')} elements)`);
    console.log('| view | step to paint | after its data | requests | KB fetched | elements | within budget |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const v of views) {
      const fmt = (x) => (Number.isNaN(x) ? '–' : Math.round(x).toLocaleString('en'));
      const within = (Number.isNaN(v.afterData) || v.afterData <= PAINT_BUDGET_MS) && v.nodes <= NODE_BUDGET;
      console.log(`| ${v.view} | ${fmt(v.total)} ms | ${fmt(v.afterData)} ms | ${fmt(v.requests)} | ${Number.isNaN(v.bytes) ? '–' : (v.bytes / 1024).toFixed(0)} | ${fmt(v.nodes)} | ${within ? 'yes' : 'NO'} |`);
    }
  }
} finally {
  await server.close();
}
if (opts.json) writeFileSync(opts.json, JSON.stringify(report, null, 1));
