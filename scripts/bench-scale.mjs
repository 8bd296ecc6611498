#!/usr/bin/env node
// The scale benchmark of issue 12: for each corpus folder, build a site
// with each tool (dossier, Pagefind), serve it from loopback, and measure
// in headless Chromium, over several cold runs (a new browser and a fresh
// profile each): bytes transferred before the first result is painted,
// time from navigation to the first painted result for a query in the
// URL, renderer memory after load, and the latency of typed queries. Run
// it through scripts/bench-scale.sh, which builds the page first.
//
//   node scripts/bench-scale.mjs [options] DIR...
//     --dossier BIN       the dossier binary with the page inside (target/release/dossier)
//     --pagefind BIN      the pagefind binary (npm `pagefind`)
//     --flexsearch FILE   FlexSearch's ES module bundle, for --tools ...,flexsearch
//     --work DIR          where the sites are built (target/bench-scale)
//     --tools LIST        dossier,pagefind (and flexsearch)
//     --runs N            cold runs per tool and corpus (3)
//     --queries N         typed queries, at least 100 (120)
//     --timeout S         limit for the first result of one run (150)
//     --query-timeout S   limit for one typed query (30)
//     --build-timeout S   limit for one build (600)
//     --seed N            which phrases and word pairs are drawn (1; tune on
//                         one seed, report another too)
//     --first-query Q     the query in the URL (the commonest word in at most
//                         half of the articles)
//     --json FILE         also write every figure as JSON
//
// What each figure is, exactly, is printed under the tables.

import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { readFileSync, readdirSync, statSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { basename, extname, join, normalize, resolve, sep } from 'node:path';
import puppeteer from 'puppeteer-core';
import { ADAPTERS, corpusFiles, timed } from './bench-adapters.mjs';

// ---- options ------------------------------------------------------------------

const opts = {
  dossier: 'target/release/dossier', pagefind: 'pagefind', flexsearch: null, work: 'target/bench-scale', tools: 'dossier,pagefind',
  runs: 3, queries: 120, timeout: 150, 'query-timeout': 30, 'build-timeout': 600, seed: 1, json: null, 'first-query': null,
};
const dirs = [];
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const key = a.slice(2);
      if (!(key in opts) || i + 1 >= argv.length) fail(`unknown option or missing value: ${a}`);
      opts[key] = typeof opts[key] === 'number' ? Number(argv[++i]) : argv[++i];
      if (typeof opts[key] === 'number' && !(opts[key] >= 0)) fail(`${a} needs a number`);
    } else {
      dirs.push(a);
    }
  }
  if (dirs.length === 0) fail('usage: node scripts/bench-scale.mjs [options] DIR...');
  if (opts.queries < 100) fail('--queries: at least 100');
  for (const d of dirs) if (!existsSync(d) || !statSync(d).isDirectory()) fail(`${d}: not a folder`);
}
const tools = opts.tools.split(',').map((t) => {
  const a = ADAPTERS[t.trim().toLowerCase()];
  if (!a) fail(`--tools: unknown tool ${t} (known: ${Object.keys(ADAPTERS).join(', ')})`);
  return a;
});

function fail(message) {
  console.error(message);
  process.exit(2);
}

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage',
];

// ---- the corpus: size and queries ---------------------------------------------

// English function words and the like: a query of one of these measures
// nothing a reader asks. Reporting verbs ("said") and news words stay in:
// they are the common words a real query meets.
const STOP = new Set(`a about above after again against all am an and any are aren't as at be because been before being
below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each few for
from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his how
how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most mustn't my myself no nor not of off on
once only or other ought our ours ourselves out over own same shan't she she'd she'll she's should shouldn't so some such
than that that's the their theirs them themselves then there there's these they they'd they'll they're they've this those
through to too under until up very was wasn't we we'd we'll we're we've were weren't what what's when when's where where's
which while who who's whom why why's with won't would wouldn't you you'd you'll you're you've your yours yourself
yourselves also will may one two its it's mr mrs ms new s t`.split(/\s+/));

const WORD = /[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]/g;

// A small seeded generator, so a run's queries can be drawn again.
function rng(seed) {
  let s = (seed >>> 0) || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 2 ** 32;
  };
}

function readCorpus(dir) {
  const files = corpusFiles(dir);
  let bytes = 0;
  const df = new Map();
  const docs = [];
  for (const f of files) {
    const raw = readFileSync(f);
    bytes += raw.length;
    let text = raw.toString('utf8');
    if (/\.html?$/i.test(f)) text = text.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>|<[^>]*>/gi, ' ');
    const seen = new Set();
    for (const m of text.matchAll(WORD)) {
      const w = m[0].toLowerCase();
      if (w.length >= 3 && !STOP.has(w) && !seen.has(w)) {
        seen.add(w);
        df.set(w, (df.get(w) ?? 0) + 1);
      }
    }
    docs.push(text);
  }
  const replicated = existsSync(join(dir, 'REPLICATED')) ? readFileSync(join(dir, 'REPLICATED'), 'utf8').split('\n')[0] : null;
  return { dir, name: basename(resolve(dir)), files: files.length, bytes, df, docs, replicated };
}

/**
 * The typed queries: a third the corpus's most common non-stop words (by
 * the number of articles they are in), a third phrases taken from the
 * text ("..."), a third two words of one article; shuffled together.
 */
function makeQueries(corpus, n, seed) {
  const rand = rng(seed);
  const third = Math.ceil(n / 3);
  const byDf = [...corpus.df.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const common = byDf.slice(0, third).map(([w]) => w);
  const taken = new Set(common);
  const phrases = [];
  const pairs = [];
  const docs = corpus.docs;
  // Words in at least a few articles and at most a tenth of them: what a
  // reader pairs to narrow a search.
  const mid = (w) => { const d = corpus.df.get(w) ?? 0; return d >= 3 && d <= corpus.files / 10; };
  for (let tries = 0; (phrases.length < third || pairs.length < third) && tries < 100000; tries += 1) {
    const text = docs[Math.floor(rand() * docs.length)];
    // A line of the body (not the title), words as they stand next to each other.
    const lines = text.split('\n').slice(1).filter((l) => l.trim().length > 40);
    if (lines.length === 0) continue;
    const line = lines[Math.floor(rand() * lines.length)];
    const words = [...line.matchAll(/[A-Za-z]+(?: [A-Za-z]+)*/g)].map((m) => m[0].split(' ')).filter((run) => run.length >= 3);
    if (phrases.length < third && words.length > 0) {
      const run = words[Math.floor(rand() * words.length)];
      const len = rand() < 0.5 ? 2 : 3;
      const at = Math.floor(rand() * (run.length - len + 1));
      const phrase = run.slice(at, at + len);
      const ends = [phrase[0], phrase[phrase.length - 1]].map((w) => w.toLowerCase());
      const q = `"${phrase.join(' ')}"`;
      if (ends.every((w) => !STOP.has(w) && w.length >= 3) && !taken.has(q.toLowerCase())) {
        taken.add(q.toLowerCase());
        phrases.push(q);
      }
    }
    if (pairs.length < third) {
      const ws = [...new Set([...text.matchAll(WORD)].map((m) => m[0].toLowerCase()))].filter((w) => w.length >= 4 && !STOP.has(w) && mid(w));
      if (ws.length >= 2) {
        const a = ws[Math.floor(rand() * ws.length)];
        const b = ws[Math.floor(rand() * ws.length)];
        const q = `${a} ${b}`;
        if (a !== b && !taken.has(q)) {
          taken.add(q);
          pairs.push(q);
        }
      }
    }
  }
  const all = [
    ...common.map((q) => ({ q, kind: 'common' })),
    ...phrases.map((q) => ({ q, kind: 'phrase' })),
    ...pairs.map((q) => ({ q, kind: 'pair' })),
  ];
  for (let i = all.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rand() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  // The query in the URL: a common word, but not boilerplate every article
  // carries (Reuters signs each one "REUTER").
  const first = opts['first-query'] ?? byDf.find(([, d]) => d <= corpus.files / 2)?.[0] ?? common[0];
  return { all, first };
}

// ---- serving ------------------------------------------------------------------

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serve `root` on loopback, gzip-encoded as a static host does, and log
 * every response: its path, its bytes raw and gzipped, and when the
 * request came in (epoch ms, the clock the page's timeOrigin uses).
 */
function serveLogged(root) {
  const base = normalize(resolve(root) + sep);
  const cache = new Map(); // path -> { raw, gz, mtime }
  const log = [];
  const server = createServer((req, res) => {
    const at = performance.timeOrigin + performance.now();
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const file = normalize(join(base, path.endsWith('/') ? `${path}index.html` : path));
    let entry = null;
    try {
      if (!file.startsWith(base)) throw new Error('outside');
      const { mtimeMs } = statSync(file);
      entry = cache.get(file);
      if (!entry || entry.mtime !== mtimeMs) {
        const raw = readFileSync(file);
        entry = { raw, gz: gzipSync(raw, { level: 6 }), mtime: mtimeMs };
        cache.set(file, entry);
      }
    } catch {
      log.push({ path, at, status: 404, raw: 9, gz: 29 });
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    log.push({ path, at, status: 200, raw: entry.raw.length, gz: entry.gz.length });
    res.writeHead(200, {
      'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    res.end(gzip ? entry.gz : entry.raw);
  });
  return new Promise((ok, bad) => {
    server.once('error', bad);
    server.listen(0, '127.0.0.1', () => ok({
      url: `http://127.0.0.1:${server.address().port}/`,
      log,
      // Gzip every file once before the runs, so no run waits for it (a
      // static host keeps them compressed): a tool that reads many small
      // files would otherwise pay a compression per file on its first
      // queries. Up to 4 GB in all; past that, on first request.
      warm: () => {
        let left = 4e9;
        const walk = (d) => {
          for (const e of readdirSync(d, { withFileTypes: true })) {
            const f = join(d, e.name);
            if (e.isDirectory()) walk(f);
            else if ((left -= statSync(f).size) > 0) {
              const raw = readFileSync(f);
              cache.set(f, { raw, gz: gzipSync(raw, { level: 6 }), mtime: statSync(f).mtimeMs });
            }
          }
        };
        walk(base);
      },
      close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
    }));
  });
}

// ---- in the page ----------------------------------------------------------------

// Installed before any of the page's scripts (sent as source text, so the
// page's Content Security Policy does not apply to it). Each animation
// frame it asks the adapter's probe whether the awaited query's results are
// drawn; the frame that draws them is the one whose callbacks see them, and
// a message posted from there runs once that frame is done: that moment is
// "painted". It also keeps every WebAssembly memory the page's modules
// export, and the time of the last key pressed.
function installer(probe, searchBox, firstQuery) {
  const b = { target: firstQuery, keyAt: null, paintedAt: null, shown: null, memories: [], box: searchBox };
  window.__bench = b;
  const keep = (instance) => {
    for (const v of Object.values(instance?.exports ?? {})) if (v instanceof WebAssembly.Memory && !b.memories.includes(v)) b.memories.push(v);
  };
  const W = WebAssembly;
  const wrapAsync = (name) => {
    const orig = W[name];
    if (orig) W[name] = new Proxy(orig, { apply: (f, self, args) => Reflect.apply(f, self, args).then((r) => { keep(r.instance ?? r); return r; }) });
  };
  wrapAsync('instantiate');
  wrapAsync('instantiateStreaming');
  W.Instance = new Proxy(W.Instance, { construct: (C, args, nt) => { const i = Reflect.construct(C, args, nt); keep(i); return i; } });
  addEventListener('keydown', (e) => { b.keyAt = e.timeStamp; }, true);
  const channel = new MessageChannel();
  let pending = null;
  channel.port1.onmessage = () => {
    if (pending !== null && pending === b.target && b.paintedAt === null) b.paintedAt = performance.now();
    pending = null;
  };
  const tick = () => {
    if (b.target !== null && b.paintedAt === null && pending === null) {
      let shown = null;
      try { shown = probe(b.target); } catch { shown = null; }
      if (shown !== null) {
        b.shown = shown;
        pending = b.target;
        channel.port2.postMessage(0);
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

// ---- measuring ------------------------------------------------------------------

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Memory of the page's renderer process. Chromium names its processes
// (SystemInfo.getProcessInfo); the page's renderer is the one with the most
// private memory (the others are idle spares). Private memory (pages no
// other process maps, /proc/PID/smaps_rollup Private_Clean + Private_Dirty)
// is close to what Chrome's task manager calls a tab's memory footprint;
// RSS also counts Chromium's own code and shared libraries, 100 MB and more
// that every tab shares.
async function rendererMemory(browser) {
  const s = await browser.target().createCDPSession();
  const { processInfo } = await s.send('SystemInfo.getProcessInfo');
  await s.detach();
  let best = null;
  for (const p of processInfo.filter((x) => x.type === 'renderer')) {
    try {
      const rollup = readFileSync(`/proc/${p.id}/smaps_rollup`, 'utf8');
      const status = readFileSync(`/proc/${p.id}/status`, 'utf8');
      const kb = (text, k) => Number(text.match(new RegExp(`^${k}:\\s+(\\d+)`, 'm'))?.[1] ?? 0) * 1024;
      const m = {
        private: kb(rollup, 'Private_Clean') + kb(rollup, 'Private_Dirty'),
        rss: kb(rollup, 'Rss'),
        peakRss: kb(status, 'VmHWM'),
      };
      if (!best || m.private > best.private) best = m;
    } catch { /* gone meanwhile */ }
  }
  return best;
}

async function pageMemory(page) {
  const s = await page.createCDPSession();
  await s.send('Performance.enable');
  const { metrics } = await s.send('Performance.getMetrics');
  await s.detach();
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  const wasm = await page.evaluate(() => window.__bench.memories.reduce((n, mem) => n + mem.buffer.byteLength, 0));
  return { jsHeap: m.JSHeapUsedSize, wasm };
}

/** One cold run: a new browser, the page opened with `#q=first`, then (if asked) the typed queries. */
async function coldRun(tool, server, queries, { withQueries }) {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS,
  });
  try {
    const [page] = await browser.pages();
    await page.setViewport({ width: 1280, height: 900 });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.evaluateOnNewDocument(`(${installer})(${tool.probe}, ${tool.searchBox}, ${JSON.stringify(queries.first)})`);
    server.log.length = 0;
    const limit = opts.timeout * 1000;
    // Not awaited to the load event: a page that paints later than it loads
    // (or never) is measured by its first result alone.
    page.goto(tool.url(server.url, queries.first), { waitUntil: 'domcontentloaded', timeout: limit }).catch((e) => errors.push(`navigation: ${e.message}`));
    const started = Date.now();
    let first = null;
    while (Date.now() - started < limit) {
      first = await page.evaluate(() => (window.__bench?.paintedAt == null ? null : { at: window.__bench.paintedAt, origin: performance.timeOrigin, shown: window.__bench.shown })).catch(() => null);
      if (first) break;
      await sleep(50);
    }
    if (!first) return { timedOut: true, errors, showing: await showing(page) };
    const paintedEpoch = first.origin + first.at;
    const before = server.log.filter((r) => r.at <= paintedEpoch);
    const bytes = { raw: sum(before, 'raw'), gz: sum(before, 'gz'), requests: before.length, largest: largest(before), kinds: byKind(before) };
    // After load: once nothing has been requested for a second (at most 15 s).
    const quietFrom = Date.now();
    while (Date.now() - quietFrom < 15000) {
      const last = Math.max(paintedEpoch, ...server.log.map((r) => r.at));
      if (Date.now() - last >= 1000) break;
      await sleep(100);
    }
    const memory = { ...(await rendererMemory(browser)), ...(await pageMemory(page)) };
    const loaded = { raw: sum(server.log, 'raw'), gz: sum(server.log, 'gz'), requests: server.log.length };
    const result = { firstMs: first.at, firstShown: first.shown, bytes, loaded, memory, errors };
    if (withQueries) {
      result.queries = await typeQueries(tool, page, queries.all);
      result.memoryAfterQueries = await rendererMemory(browser);
    }
    return result;
  } finally {
    await browser.close();
  }
}

const sum = (rows, key) => rows.reduce((n, r) => n + r[key], 0);

// What a page that never showed its results says instead: still loading,
// or results the adapter no longer recognises (then bench-adapters.mjs
// needs the edit).
function showing(page) {
  return page.evaluate(() => {
    const roots = [document, ...[...document.querySelectorAll('*')].filter((e) => e.shadowRoot).map((e) => e.shadowRoot)];
    const status = roots.map((r) => r.querySelector('[role=status]')?.textContent.trim()).find(Boolean);
    const items = roots.reduce((n, r) => n + r.querySelectorAll('li').length, 0);
    return `status ${JSON.stringify(status ?? null)}, ${items} list items`;
  }).catch((e) => `(page not readable: ${e.message})`);
}

// The responses that weigh most, by path (a file fetched twice counts twice).
function largest(rows) {
  const by = new Map();
  for (const r of rows) {
    const e = by.get(r.path) ?? { path: r.path, times: 0, raw: 0, gz: 0 };
    e.times += 1;
    e.raw += r.raw;
    e.gz += r.gz;
    by.set(r.path, e);
  }
  return [...by.values()].sort((a, b) => b.gz - a.gz).slice(0, 4);
}

// What was fetched, by kind of file: a file's name without its number
// and content hash ("store-12-9f….bin" is store.bin, Pagefind's
// "en_d41da7f.pf_fragment" en.pf_fragment); the most requests first.
function byKind(rows) {
  const by = new Map();
  for (const r of rows) {
    const name = r.path.split('/').pop() || r.path;
    const kind = name.replace(/-\d+-[0-9a-f]{16}\./, '.').replace(/_[0-9a-f]{7,}\./, '.');
    const e = by.get(kind) ?? { kind, requests: 0, gz: 0 };
    e.requests += 1;
    e.gz += r.gz;
    by.set(kind, e);
  }
  return [...by.values()].sort((a, b) => b.requests - a.requests || b.gz - a.gz);
}

/**
 * Each query as a person types its last key: the box holds all but the
 * last character, the last is a real key press, and the latency runs from
 * that keydown's timestamp to the frame that draws the results (with
 * snippets) of the whole query.
 */
async function typeQueries(tool, page, queries) {
  const out = [];
  let misses = 0;
  for (const { q, kind } of queries) {
    const armed = await page.evaluate((q) => {
      const b = window.__bench;
      const box = b.box();
      if (!box) return false;
      b.target = q;
      b.paintedAt = null;
      b.keyAt = null;
      b.shown = null;
      box.focus();
      box.value = q.slice(0, -1);
      box.setSelectionRange?.(box.value.length, box.value.length);
      return true;
    }, q).catch(() => false);
    if (!armed) {
      out.push({ q, kind, ms: null, error: 'no search box' });
      if ((misses += 1) >= 3) break;
      continue;
    }
    await page.keyboard.type(q.slice(-1));
    const done = await page.waitForFunction(() => window.__bench.paintedAt !== null && window.__bench.keyAt !== null, { timeout: opts['query-timeout'] * 1000, polling: 20 })
      .then(() => page.evaluate(() => ({ ms: window.__bench.paintedAt - window.__bench.keyAt, shown: window.__bench.shown })))
      .catch(() => null);
    if (done) {
      out.push({ q, kind, ...done });
      misses = 0;
    } else {
      out.push({ q, kind, ms: null, error: `timed out (> ${opts['query-timeout']} s)` });
      // A page that answers none of three queries in a row will not answer the rest.
      if ((misses += 1) >= 3) break;
    }
    await sleep(50);
  }
  return out;
}

// ---- figures --------------------------------------------------------------------

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : null; };
const fmtBytes = (n) => (n == null ? '–' : n >= 1e6 ? `${(n / 1e6).toFixed(n >= 1e8 ? 0 : 1)} MB` : n >= 1e3 ? `${Math.round(n / 1e3)} KB` : `${n} B`);
const fmtS = (ms) => (ms == null ? '–' : ms >= 10000 ? `${(ms / 1000).toFixed(0)} s` : `${(ms / 1000).toFixed(2)} s`);
const fmtMs = (ms) => (ms == null ? '–' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`);
const spread = (xs, f) => {
  const [lo, hi] = [f(Math.min(...xs)), f(Math.max(...xs))];
  return xs.length > 1 && lo !== hi ? `${f(median(xs))} (${lo}–${hi})` : f(median(xs));
};

async function measureTool(tool, corpus, queries, workDir) {
  const out = join(workDir, tool.name.toLowerCase());
  const bin = opts[Object.keys(ADAPTERS).find((k) => ADAPTERS[k] === tool)];
  process.stderr.write(`  ${tool.name}: building ... `);
  let build;
  try {
    build = await tool.build({ corpus: corpus.dir, out, bin, timeoutMs: opts['build-timeout'] * 1000 });
  } catch (e) {
    process.stderr.write('failed\n');
    return { notRun: `build failed: ${String(e.message).split('\n').slice(0, 4).join(' ')}` };
  }
  if (build.timedOut) {
    process.stderr.write(`timed out (> ${opts['build-timeout']} s)\n`);
    return { notRun: `build timed out (> ${opts['build-timeout']} s)`, build: { timedOut: true } };
  }
  process.stderr.write(`${build.seconds.toFixed(1)} s\n`);
  const server = await serveLogged(out);
  server.warm();
  try {
    const runs = [];
    for (let i = 0; i < opts.runs; i += 1) {
      process.stderr.write(`  ${tool.name}: cold run ${i + 1}/${opts.runs}${i === 0 ? ` (+ ${queries.all.length} typed queries)` : ''} ... `);
      const r = await coldRun(tool, server, queries, { withQueries: i === 0 });
      runs.push(r);
      if (r.timedOut) {
        process.stderr.write(`no result within ${opts.timeout} s; the page shows: ${r.showing}\n`);
        break; // the next cold runs would wait as long for nothing
      }
      const answered = r.queries?.filter((x) => x.ms != null).length;
      process.stderr.write(`first result ${fmtS(r.firstMs)}, ${fmtBytes(r.bytes.gz)} gzip${r.queries ? `, ${answered}/${r.queries.length} queries answered` : ''}\n`);
    }
    return { build, runs };
  } finally {
    await server.close();
  }
}

function summarize(m) {
  if (m.notRun) return { notRun: m.notRun };
  const ok = m.runs.filter((r) => !r.timedOut);
  const s = { build: m.build, timedOut: m.runs.some((r) => r.timedOut), runs: ok.length };
  if (ok.length === 0) return s;
  s.first = ok.map((r) => r.firstMs);
  s.gz = ok.map((r) => r.bytes.gz);
  s.raw = ok.map((r) => r.bytes.raw);
  s.requests = ok.map((r) => r.bytes.requests);
  s.loadedGz = ok.map((r) => r.loaded.gz);
  s.private = ok.map((r) => r.memory.private);
  s.rss = ok.map((r) => r.memory.rss);
  s.jsHeap = ok.map((r) => r.memory.jsHeap);
  s.wasm = ok.map((r) => r.memory.wasm);
  s.errors = [...new Set(ok.flatMap((r) => r.errors))];
  const qs = ok[0].queries ?? [];
  const lat = (kind) => qs.filter((x) => x.ms != null && (!kind || x.kind === kind)).map((x) => x.ms);
  s.q = {
    asked: qs.length, answered: lat().length, empty: qs.filter((x) => x.shown === 0).length,
    p50: pct(lat(), 50), p95: pct(lat(), 95), max: lat().length ? Math.max(...lat()) : null,
    common: pct(lat('common'), 95), phrase: pct(lat('phrase'), 95), pair: pct(lat('pair'), 95),
    slowest: [...qs].filter((x) => x.ms != null).sort((a, b) => b.ms - a.ms).slice(0, 3).map((x) => `${x.q} ${fmtMs(x.ms)}`),
    timedOut: qs.filter((x) => x.ms == null).length,
  };
  s.privateAfterQueries = ok[0].memoryAfterQueries?.private;
  return s;
}

// The cell of one tool for one figure; `why` says why there is no figure.
function cell(s, get, f, always = false) {
  if (s.notRun) return `not run (${s.notRun})`;
  if (!s.runs && !always) return `timed out (> ${opts.timeout} s)`;
  const v = get(s);
  return v == null ? '–' : Array.isArray(v) ? spread(v, f) : f(v);
}
const ratio = (a, b) => (a == null || b == null || !b ? '' : `${(a / b).toFixed(a / b >= 10 ? 0 : 2)}×`);

function table(corpus, queries, results) {
  const [ours, peer] = results;
  const rows = [
    ['build', (s) => (s.build?.seconds == null ? null : `${s.build.seconds.toFixed(1)} s, ${(corpus.bytes / 1e6 / s.build.seconds).toFixed(2)} MB/s`), (x) => x, (s) => s.build?.seconds],
    ['time to first painted result, cold', (s) => s.first, fmtS, (s) => median(s.first ?? [])],
    ['bytes before the first result, gzip', (s) => s.gz, fmtBytes, (s) => median(s.gz ?? [])],
    ['bytes before the first result, raw', (s) => s.raw, fmtBytes, (s) => median(s.raw ?? [])],
    ['requests before the first result', (s) => s.requests, (n) => String(n), (s) => median(s.requests ?? [])],
    ['bytes once loaded (quiet 1 s), gzip', (s) => s.loadedGz, fmtBytes, (s) => median(s.loadedGz ?? [])],
    ['renderer memory after load (private)', (s) => s.private, fmtBytes, (s) => median(s.private ?? [])],
    ['  RSS / JS heap used / wasm memory', (s) => (s.jsHeap ? `${fmtBytes(median(s.rss))} / ${fmtBytes(median(s.jsHeap))} / ${fmtBytes(median(s.wasm))}` : null), (x) => x, () => null],
    [`query p50, ${queries.all.length} typed queries`, (s) => s.q?.p50, fmtMs, (s) => s.q?.p50],
    ['query p95', (s) => s.q?.p95, fmtMs, (s) => s.q?.p95],
    ['  p95 common words / phrases / two words', (s) => (s.q ? `${fmtMs(s.q.common)} / ${fmtMs(s.q.phrase)} / ${fmtMs(s.q.pair)}` : null), (x) => x, () => null],
    ['  slowest query', (s) => (s.q ? s.q.max : null), fmtMs, (s) => s.q?.max],
    ['queries answered / with no result / timed out', (s) => (s.q ? `${s.q.answered} / ${s.q.empty} / ${s.q.timedOut}` : null), (x) => x, () => null],
    ['renderer memory after the queries (private)', (s) => s.privateAfterQueries, fmtBytes, (s) => s.privateAfterQueries],
  ];
  const head = `| figure | ${results.map((r) => r.label).join(' | ')} |${peer ? ` ${ours.label} / ${peer.label} |` : ''}`;
  const lines = [head, `| --- |${results.map(() => ' --- |').join('')}${peer ? ' --- |' : ''}`];
  for (const [label, get, f, num] of rows) {
    const cells = results.map((r) => cell(r.s, get, f, label === 'build'));
    const rr = peer && !ours.s.notRun && !peer.s.notRun && ours.s.runs && peer.s.runs ? ratio(num(ours.s), num(peer.s)) : '';
    lines.push(`| ${label} | ${cells.join(' | ')} |${peer ? ` ${rr} |` : ''}`);
  }
  return lines.join('\n');
}

// ---- main -----------------------------------------------------------------------

const pagefindVersion = await timed(opts.pagefind, ['--version']).then((r) => r.output.trim()).catch(() => 'pagefind');
// The bundle sits in the package's dist/; its package.json says the version.
const flexsearchVersion = (() => {
  try {
    return JSON.parse(readFileSync(join(opts.flexsearch, '..', '..', 'package.json'), 'utf8')).version;
  } catch {
    return '';
  }
})();
if (tools.includes(ADAPTERS.flexsearch) && !opts.flexsearch) fail('--tools flexsearch needs --flexsearch FILE (the package\'s dist/flexsearch.bundle.module.min.mjs)');
const browserVersion = await timed(process.env.CHROMIUM ?? '/usr/bin/chromium', ['--version']).then((r) => r.output.trim().split('\n').pop());
// What Chromium's renderer holds for a page with nothing in it: the floor
// under every memory figure.
async function blankPageMemory() {
  const browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  try {
    const [page] = await browser.pages();
    await page.goto('data:text/html,<!doctype html><title>blank</title><p>blank');
    await sleep(1000);
    return (await rendererMemory(browser)) ?? {};
  } finally {
    await browser.close();
  }
}
const blank = await blankPageMemory();
const report = { date: new Date().toISOString(), browser: browserVersion, pagefind: pagefindVersion, blank, options: opts, corpora: [] };
const summaries = [];
for (const dir of dirs) {
  const corpus = readCorpus(dir);
  const queries = makeQueries(corpus, opts.queries, opts.seed);
  const title = `${corpus.replicated ? 'replicated corpus' : corpus.name}: ${corpus.files.toLocaleString('en')} articles, ${(corpus.bytes / 1e6).toFixed(1)} MB${corpus.replicated ? ` (${corpus.replicated})` : ''}`;
  console.error(`\n== ${title}`);
  const workDir = join(opts.work, corpus.name);
  mkdirSync(workDir, { recursive: true });
  const results = [];
  const loadBefore = loadavg()[0];
  for (const tool of tools) {
    const m = await measureTool(tool, corpus, queries, workDir);
    const label = tool === ADAPTERS.pagefind ? pagefindVersion.replace(/^pagefind/, 'Pagefind')
      : tool === ADAPTERS.flexsearch ? `FlexSearch ${flexsearchVersion}` : tool.name;
    results.push({ label, s: summarize(m), raw: m });
  }
  const kinds = ['common', 'phrase', 'pair'].map((k) => queries.all.filter((x) => x.kind === k).length);
  console.log(`\n### ${title}\n`);
  console.log(`${opts.runs} cold run${opts.runs === 1 ? '' : 's'} each (medians, range in brackets); query in the URL: ${JSON.stringify(queries.first)}; typed queries in run 1: ${kinds[0]} common words, ${kinds[1]} phrases, ${kinds[2]} two-word (seed ${opts.seed}). Ratio: ours over theirs (below 1: ours is smaller or faster).\n`);
  console.log(table(corpus, queries, results));
  // The machine is often shared: a figure means little without the load it was taken under.
  console.log(`\nLoad average (1 min) on ${cpus().length} cores: ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after.`);
  for (const r of results) {
    if (r.s.errors?.length) console.log(`\n${r.label} page errors: ${r.s.errors.slice(0, 3).join(' | ')}`);
    if (r.s.q?.slowest?.length) console.log(`${r.label} slowest queries: ${r.s.q.slowest.join('; ')}`);
    const heavy = r.raw.runs?.find((x) => !x.timedOut)?.bytes.largest;
    if (heavy) console.log(`${r.label} heaviest before the first result (run 1, gzip): ${heavy.map((e) => `${e.path}${e.times > 1 ? ` ×${e.times}` : ''} ${fmtBytes(e.gz)}`).join(', ')}`);
    const kinds = r.raw.runs?.find((x) => !x.timedOut)?.bytes.kinds;
    if (kinds) console.log(`${r.label} fetched before the first result, by kind (run 1: requests, gzip): ${kinds.map((e) => `${e.kind} ${e.requests} (${fmtBytes(e.gz)})`).join(', ')}`);
  }
  summaries.push({ title, short: corpus.replicated ? `replicated ${corpus.files.toLocaleString('en')} (${(corpus.bytes / 1e6).toFixed(0)} MB)` : `${corpus.name} (${(corpus.bytes / 1e6).toFixed(1)} MB)`, results, corpus });
  report.corpora.push({ title, dir, files: corpus.files, bytes: corpus.bytes, first: queries.first, queries: queries.all, results: results.map((r) => ({ tool: r.label, summary: r.s, measured: r.raw })) });
  // Written after each corpus, so a long run that is stopped keeps what it measured.
  if (opts.json) writeFileSync(opts.json, JSON.stringify(report, null, 1));
}

// The issue's targets table, ours / theirs in each cell.
if (summaries.length > 0 && tools.length > 1) {
  const both = (res, get, f) => res.map((r) => cell(r.s, get, f)).join(' / ');
  const rows = [
    ['time to first painted result, cold', (s) => median(s.first ?? []), fmtS],
    ['bytes before the first result, gzip', (s) => median(s.gz ?? []), fmtBytes],
    ['query p95, snippets included', (s) => s.q?.p95, fmtMs],
    ['renderer memory after load (private)', (s) => median(s.private ?? []), fmtBytes],
    ['build, MB/s', null, null],
  ];
  console.log(`\n### Summary: ${summaries[0].results.map((r) => r.label).join(' / ')}\n`);
  console.log(`| | ${summaries.map((x) => x.short).join(' | ')} |`);
  console.log(`| --- |${summaries.map(() => ' --- |').join('')}`);
  for (const [label, get, f] of rows) {
    const cells = summaries.map((x) => {
      if (label.startsWith('build')) {
        return x.results.map((r) => (r.s.notRun ? `not run` : r.s.build?.seconds ? `${(x.corpus.bytes / 1e6 / r.s.build.seconds).toFixed(2)}` : '–')).join(' / ');
      }
      return both(x.results, get, f);
    });
    console.log(`| ${label} | ${cells.join(' | ')} |`);
  }
}

console.log(`
Measured in ${browserVersion}, headless, on ${new Date().toISOString().slice(0, 10)}. Every run is cold: a new browser with a new
profile (no HTTP cache, no service worker, no storage). The site is served from 127.0.0.1, gzip-encoded.
- time to first painted result: the page opened with the query in its URL (#q=...); from navigation start (the page's
  timeOrigin) to the end of the first frame in which the tool's results list holds a result with its snippet (or says
  there is none), seen by a probe that runs each animation frame.
- bytes before the first result: the sum over every response the server began before that moment (page, scripts,
  wasm, index, corpus, the service worker's own fetches), raw and as gzip (level 6); KB and MB are 1000 and 10^6 bytes.
- renderer memory: private memory (smaps_rollup Private_Clean + Private_Dirty: close to Chrome's "memory footprint")
  of the page's renderer process (of those Chromium's SystemInfo.getProcessInfo names, the one with the most), once
  nothing has been requested for 1 s after the first result. RSS adds the Chromium code every tab shares. JS heap used
  is CDP Performance.getMetrics JSHeapUsedSize; wasm memory, every WebAssembly memory the page's main thread
  instantiates (a worker's, such as Pagefind's, is in the process figures only). A blank page's renderer: private
  ${fmtBytes(blank.private)}, RSS ${fmtBytes(blank.rss)}.
- query latency: in run 1, each query typed into the search box with its last character a real key press, from that
  keydown's timestamp to the end of the frame that shows the results of the whole query with snippets. Pagefind's page
  uses its JS API: search(), then data() of the first 10 results (which builds their excerpts), drawn as a list.
- build: wall time of \`dossier build DIR --out OUT\`, and of \`pagefind --site\` over one HTML page per article
  (making those pages is not counted); MB/s is the corpus's bytes over that time.`);

if (opts.json) console.error(`figures written to ${opts.json}`);
