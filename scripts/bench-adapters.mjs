// What the scale benchmark (scripts/bench-scale.mjs) knows about each tool
// it measures: how to build a site for a corpus folder, which page to open
// with a query, where the search box is, and when the results of a query
// are on screen. Everything page-specific lives here, one adapter per
// tool, so a page whose markup changes needs one edit in one place.
//
// `searchBox` and `probe` run inside the page (they are sent as source
// text): they may use only the DOM and their arguments. `probe(q)` runs
// once per animation frame while the benchmark waits; it returns null
// while the results of `q` are not on screen, 0 once the page says `q` has
// no results, or the number of results shown with a snippet (at least 1).

import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Run `cmd args`, timed; resolves to { seconds, code, output } or { timedOut }. */
export function timed(cmd, args, { timeoutMs, env } = {}) {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, { env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (d) => {
      // The tail is what explains a failure; a 100k-file build's notes are long.
      output = (output + d).slice(-20000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = timeoutMs ? setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs) : null;
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: -1, output: String(e), seconds: 0 });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      resolve(timedOut ? { timedOut: true, seconds, output } : { code, seconds, output });
    });
  });
}

// ---- dossier ----------------------------------------------------------------

export const dossier = {
  name: 'dossier',
  // `dossier build DIR --out OUT`, whatever that writes; the page is its
  // index.html, and it takes the query from the URL's fragment.
  async build({ corpus, out, bin, timeoutMs }) {
    rmSync(out, { recursive: true, force: true });
    const r = await timed(bin, ['build', corpus, '--out', out], { timeoutMs });
    if (!r.timedOut && r.code !== 0) throw new Error(`dossier build failed (exit ${r.code}):\n${r.output}`);
    return r;
  },
  url: (base, q) => `${base}index.html#q=${encodeURIComponent(q)}`,
  // The page draws into #dossier; embedded, into <dossier-explorer>'s shadow root.
  searchBox: () => {
    const root = document.querySelector('dossier-explorer')?.shadowRoot ?? document;
    return root.querySelector('input[type=search]');
  },
  // The status line names the query its results are for ("12 results for
  // “q”.", "No results for “q”."); each result is an item of the list
  // with a snippet paragraph.
  probe: (q) => {
    const root = document.querySelector('dossier-explorer')?.shadowRoot ?? document;
    const said = root.querySelector('[role=status]')?.textContent ?? '';
    if (!said.includes(`“${q.trim()}”`)) return null;
    if (/^no results/i.test(said)) return 0;
    let shown = 0;
    for (const li of root.querySelectorAll('.dz-list > li')) {
      if (li.querySelector('.dz-snippet')?.textContent.trim()) shown += 1;
    }
    return shown > 0 ? shown : null;
  },
};

// ---- Pagefind ---------------------------------------------------------------

const escapeHtml = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const TEXT = new Set(['.txt', '.md', '.markdown']);
const HTML = new Set(['.html', '.htm']);

/** Every file `dossier build` would read under `dir`, sorted. */
export function corpusFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) walk(path);
      else if (TEXT.has(extname(e.name).toLowerCase()) || HTML.has(extname(e.name).toLowerCase())) out.push(path);
    }
  };
  walk(dir);
  return out.sort();
}

// One small HTML page per article, as a site would have: the title (a
// text file's first non-blank line) as <title> and <h1>, each blank-line
// separated block a paragraph. HTML files are used as they are.
function writePages(corpus, site) {
  let pages = 0;
  for (const file of corpusFiles(corpus)) {
    const rel = relative(corpus, file);
    const target = join(site, 'a', rel.replace(/\.[^.]+$/, '.html'));
    mkdirSync(dirname(target), { recursive: true });
    if (HTML.has(extname(file).toLowerCase())) {
      writeFileSync(target, readFileSync(file));
    } else {
      const text = readFileSync(file, 'utf8').replace(/\r\n?/g, '\n');
      const blocks = text.split(/\n\s*\n/).map((b) => b.trim()).filter(Boolean);
      const title = (blocks[0] ?? rel).split('\n')[0];
      const first = blocks[0]?.split('\n').slice(1).join('\n');
      const paras = [...(first ? [first] : []), ...blocks.slice(1)];
      writeFileSync(target, `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>\n<body><main><h1>${escapeHtml(title)}</h1>\n${paras.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}\n</main></body></html>\n`);
    }
    pages += 1;
  }
  return pages;
}

// The results page: Pagefind's own JS API, as its docs show it, drawing
// the first RESULTS results with their excerpts. A query's results are
// drawn only if it is still the latest one typed.
const RESULTS = 10;
const SEARCH_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Pagefind search</title></head>
<body>
<input type="search" id="q" aria-label="Search" autocomplete="off">
<p id="status" role="status"></p>
<ol id="results"></ol>
<script type="module">
const pagefind = await import('./pagefind/pagefind.js');
const box = document.getElementById('q');
const list = document.getElementById('results');
const status = document.getElementById('status');
let latest = 0;
async function run(q) {
  const ticket = ++latest;
  const search = await pagefind.search(q);
  if (ticket !== latest || !search) return;
  const data = await Promise.all(search.results.slice(0, ${RESULTS}).map((r) => r.data()));
  if (ticket !== latest) return;
  list.replaceChildren(...data.map((d) => {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = d.url;
    a.textContent = d.meta?.title ?? d.url;
    const p = document.createElement('p');
    p.className = 'excerpt';
    p.innerHTML = d.excerpt;
    li.append(a, p);
    return li;
  }));
  list.dataset.count = String(search.results.length);
  list.dataset.query = q;
  status.textContent = search.results.length + ' results for “' + q + '”.';
}
box.addEventListener('input', () => run(box.value));
const q = new URLSearchParams(location.hash.slice(1)).get('q');
if (q) { box.value = q; run(q); }
</script>
</body></html>
`;

export const pagefind = {
  name: 'Pagefind',
  // The article pages are the site's own (not timed); `pagefind --site`
  // is the build.
  async build({ corpus, out, bin, timeoutMs }) {
    rmSync(out, { recursive: true, force: true });
    const pages = writePages(corpus, out);
    const r = await timed(bin, ['--site', out], { timeoutMs });
    if (!r.timedOut && r.code !== 0) throw new Error(`pagefind failed (exit ${r.code}):\n${r.output}`);
    // Written after indexing, so Pagefind does not index its own search page.
    writeFileSync(join(out, 'search.html'), SEARCH_PAGE);
    return { ...r, pages };
  },
  url: (base, q) => `${base}search.html#q=${encodeURIComponent(q)}`,
  searchBox: () => document.getElementById('q'),
  probe: (q) => {
    const list = document.getElementById('results');
    if (!list || list.dataset.query !== q) return null;
    if (list.dataset.count === '0') return 0;
    const shown = [...list.querySelectorAll('li > .excerpt')].filter((p) => p.textContent.trim()).length;
    return shown > 0 ? shown : null;
  },
};

// ---- FlexSearch (prebuilt) ---------------------------------------------------

// The site is made by scripts/bench-flexsearch.mjs (index, export, page);
// the build is that whole script. `bin` is FlexSearch's ES module bundle.
const SCRIPT = fileURLToPath(new URL('./bench-flexsearch.mjs', import.meta.url));
export const flexsearch = {
  name: 'FlexSearch',
  async build({ corpus, out, bin, timeoutMs }) {
    // A 100k-article store is held whole in memory while it is exported.
    const r = await timed(process.execPath, ['--max-old-space-size=12000', SCRIPT, bin, corpus, out], { timeoutMs });
    if (!r.timedOut && r.code !== 0) throw new Error(`FlexSearch build failed (exit ${r.code}):\n${r.output}`);
    return r;
  },
  url: pagefind.url,
  searchBox: pagefind.searchBox,
  // The same page shape as Pagefind's.
  probe: pagefind.probe,
};

export const ADAPTERS = { dossier, pagefind, flexsearch };
