#!/usr/bin/env node
// The FlexSearch site of the scale benchmark (see scripts/bench-adapters.mjs):
// a prebuilt FlexSearch Document index of a corpus folder, exported to
// files, and a page that imports them and searches as you type, with
// FlexSearch's own highlighter making the snippets.
//
//   node scripts/bench-flexsearch.mjs FLEXSEARCH_MODULE CORPUS_DIR OUT_DIR
//
// FLEXSEARCH_MODULE is the package's ES module bundle
// (node_modules/flexsearch/dist/flexsearch.bundle.module.min.mjs); the page
// loads a copy of it. Articles are text files: title line, then the body.

import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { corpusFiles } from './bench-adapters.mjs';

const [modulePath, corpus, out] = process.argv.slice(2);
if (!modulePath || !corpus || !out) {
  console.error('usage: node scripts/bench-flexsearch.mjs FLEXSEARCH_MODULE CORPUS_DIR OUT_DIR');
  process.exit(2);
}
const { default: FlexSearch } = await import(pathToFileURL(modulePath).href);

// The same options on both sides of the export: the page builds an empty
// index like this one and imports the files into it.
const CONFIG = { document: { id: 'id', index: ['title', 'body'], store: ['title', 'body'] } };

const index = new FlexSearch.Document(CONFIG);
let id = 0;
for (const file of corpusFiles(corpus)) {
  let text = readFileSync(file, 'utf8');
  if (/\.html?$/i.test(file)) text = text.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>|<[^>]*>/gi, ' ');
  const nl = text.indexOf('\n');
  const title = (nl < 0 ? text : text.slice(0, nl)).trim();
  const body = nl < 0 ? '' : text.slice(nl + 1).trim();
  index.add({ id, title, body });
  id += 1;
}

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'index'), { recursive: true });
const keys = [];
await index.export((key, data) => {
  keys.push(key);
  writeFileSync(join(out, 'index', key), data);
});
writeFileSync(join(out, 'index', 'keys.json'), JSON.stringify(keys));
copyFileSync(modulePath, join(out, 'flexsearch.mjs'));

// FlexSearch has no phrase syntax: a quoted phrase is searched as its
// words. Its highlighter marks the matched words in the stored body and
// cuts the text around them (the boundary), which makes the snippet.
writeFileSync(join(out, 'search.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>FlexSearch search</title></head>
<body>
<input type="search" id="q" aria-label="Search" autocomplete="off">
<p id="status" role="status">Loading the index…</p>
<ol id="results"></ol>
<script type="module">
import FlexSearch from './flexsearch.mjs';
const index = new FlexSearch.Document(${JSON.stringify(CONFIG)});
const keys = await (await fetch('index/keys.json')).json();
const data = await Promise.all(keys.map((k) => fetch('index/' + encodeURIComponent(k)).then((r) => r.text())));
for (let i = 0; i < keys.length; i += 1) await index.import(keys[i], data[i]);
const box = document.getElementById('q');
const list = document.getElementById('results');
const status = document.getElementById('status');
const escape = (s) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]);
function run(q) {
  const results = index.search({
    query: q.replace(/"/g, ' '), limit: 10, enrich: true, merge: true,
    highlight: { template: '<mark>$1</mark>', boundary: { before: 40, after: 80, total: 240 } },
  });
  list.replaceChildren(...results.map((r) => {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.textContent = r.doc.title;
    const p = document.createElement('p');
    p.className = 'excerpt';
    p.innerHTML = r.highlight?.body ?? r.highlight?.title ?? escape(r.doc.body.slice(0, 240));
    li.append(a, p);
    return li;
  }));
  list.dataset.count = String(results.length);
  list.dataset.query = q;
  status.textContent = results.length + ' results for “' + q + '”.';
}
box.addEventListener('input', () => run(box.value));
const q = new URLSearchParams(location.hash.slice(1)).get('q');
if (q) { box.value = q; run(q); }
</script>
</body></html>
`);
console.error(`FlexSearch: ${id} articles indexed, ${keys.length} files exported to ${out}`);
