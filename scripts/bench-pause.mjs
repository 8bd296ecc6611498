#!/usr/bin/env node
// The pause benchmark of issue 13: how long the page's main thread stops
// while a reader's own text is analysed, and again on the reload that
// restores it from the browser's storage. It pastes MB megabytes of news
// text (the seed again and again, each copy after a short article of its
// own) into "Paste text", adds it, and counts how late a 10 ms timer fires
// until the work is done; then reloads and counts again until the kept
// text is searchable. The target is a longest pause of 50 ms or less.
//
//   node scripts/bench-pause.mjs [options] [SITE]
//     --browsers LIST   chromium,firefox (both)
//     --mb N            megabytes pasted (20)
//     --timeout S       seconds allowed for each phase (900)
//     --json FILE       also write every figure as JSON
//
// SITE is a folder holding the page (dist/ when not given, after
// `trunk build --release`).

import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { serve } from './static-server.mjs';

const opts = { browsers: 'chromium,firefox', mb: 20, timeout: 900, json: null };
let site = fileURLToPath(new URL('../dist/', import.meta.url));
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      site = a;
      continue;
    }
    const key = a.slice(2);
    if (!(key in opts) || i + 1 >= argv.length) {
      console.error(`bench-pause: unknown option or missing value: ${a}`);
      process.exit(2);
    }
    opts[key] = typeof opts[key] === 'number' ? Number(argv[++i]) : argv[++i];
  }
}

function largeText(bytes) {
  const dir = new URL('../seeds/', import.meta.url);
  const seed = readFileSync(new URL(readdirSync(dir)[0], dir), 'utf8');
  const parts = [];
  let size = 0;
  for (let n = 1; size < bytes; n += 1) {
    const part = `Field notes ${n}\n\nFarmers in the Zarafshan valley met in Panjakent on day ${n} to talk about water.\n\n${seed}\n\n`;
    parts.push(part);
    size += Buffer.byteLength(part);
  }
  return parts.join('');
}

// Installed before the page's own scripts run: every gap between two
// ticks of a 10 ms timer is recorded; a gap is how long the thread was
// held (plus the timer's 10 ms).
function probe() {
  const p = { gaps: [], last: performance.now() };
  setInterval(() => {
    const now = performance.now();
    p.gaps.push(now - p.last);
    p.last = now;
  }, 10);
  window.__pause = p;
}

const summary = (page) => page.evaluate(() => {
  const g = window.__pause.gaps.slice().sort((a, b) => a - b);
  window.__pause.gaps = [];
  return { ticks: g.length, longest: g.at(-1) ?? NaN, p95: g[Math.floor(g.length * 0.95)] ?? NaN };
});

async function workDone(page, timeout) {
  // The work bar shows while anything is analysed; it may take a moment
  // to appear after the click.
  await page.waitForFunction(() => {
    const w = document.querySelector('.dz-work');
    return w && w.hidden;
  }, { timeout, polling: 100 });
}

async function searchable(page, timeout) {
  await page.waitForFunction(() => document.querySelector('input[type=search]'), { timeout, polling: 50 });
  await page.evaluate(() => {
    const box = document.querySelector('input[type=search]');
    box.value = '"Zarafshan valley"';
    box.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.waitForFunction(() => /^[1-9][\d,]* results?/.test(document.querySelector('.dz-status')?.textContent ?? ''), { timeout, polling: 100 });
}

async function run(harness, url, text, timeout) {
  const browser = await harness.launch();
  try {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.evaluateOnNewDocument(probe);
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url);
    await page.waitForSelector('input[type=search]', { timeout });
    await summary(page);

    const t0 = Date.now();
    await page.evaluate((t) => {
      const area = [...document.querySelectorAll('textarea')].find((a) => a.getAttribute('aria-label') === 'Paste text'
        || a.labels?.[0]?.textContent.includes('Paste text'));
      area.value = t;
      area.dispatchEvent(new Event('input', { bubbles: true }));
      [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Add pasted text').click();
    }, text);
    await page.waitForFunction(() => !document.querySelector('.dz-work')?.hidden, { timeout: 10_000, polling: 20 }).catch(() => {});
    await workDone(page, timeout);
    await searchable(page, timeout);
    const paste = { ms: Date.now() - t0, ...(await summary(page)) };

    const t1 = Date.now();
    await page.reload();
    await page.waitForSelector('input[type=search]', { timeout });
    const boxMs = Date.now() - t1;
    await workDone(page, timeout);
    await searchable(page, timeout);
    const reload = { ms: Date.now() - t1, searchBoxMs: boxMs, ...(await summary(page)) };
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    return { paste, reload };
  } finally {
    await browser.close();
  }
}

const text = largeText(opts.mb * 1024 * 1024);
const server = await serve(site, 0);
const report = { date: new Date().toISOString(), site, mb: opts.mb, browsers: {} };
const fmt = (x) => (Number.isNaN(x) ? '–' : Math.round(x).toLocaleString('en'));
try {
  console.log(`| browser | phase | took | longest pause | p95 pause | within 50 ms |`);
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const name of opts.browsers.split(',')) {
    process.env.BROWSER = name;
    // One module instance per browser: the harness reads BROWSER when loaded.
    const harness = await import(`${pathToFileURL(fileURLToPath(new URL('../tests/e2e/harness.mjs', import.meta.url))).href}?${name}`);
    const r = await run(harness, server.url, text, opts.timeout * 1000);
    report.browsers[name] = r;
    // The timer's own 10 ms is not a pause.
    for (const [phase, v] of [[`paste ${opts.mb} MB`, r.paste], ['reload with it kept', r.reload]]) {
      console.log(`| ${name} | ${phase} | ${fmt(v.ms)} ms | ${fmt(v.longest - 10)} ms | ${fmt(v.p95 - 10)} ms | ${v.longest - 10 <= 50 ? 'yes' : 'NO'} |`);
    }
  }
} finally {
  await server.close();
}
if (opts.json) writeFileSync(opts.json, JSON.stringify(report, null, 1));
