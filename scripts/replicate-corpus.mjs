#!/usr/bin/env node
// A large benchmark corpus made by replicating small ones: each source
// folder is copied COPIES times, and every copy's title (a text file's
// first non-blank line) gets its copy number, so no two articles are the
// same file and a result names the copy it comes from. The corpus is
// replicated, not a real archive of that size: its vocabulary is the
// sources', and it says so in a REPLICATED file at its top (no extension,
// so neither `dossier build` nor the benchmark's page maker reads it).
//
//   node scripts/replicate-corpus.mjs OUT_DIR SRC_DIR:COPIES...
//   node scripts/replicate-corpus.mjs corpora/replicated corpora/bbc:22 corpora/reuters:3
//
// With the BBC News (2,225 articles, 5.1 MB) and Reuters-21578 text
// (19,043 articles, 17.5 MB) folders, 22 and 3 copies make the issue's
// "~100k articles, ~170 MB": 106,079 articles, 162 MB. (5 copies of each
// make 106k articles too, but only 113 MB: Reuters articles are short.)

import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';

const [out, ...specs] = process.argv.slice(2);
if (!out || specs.length === 0) {
  console.error('usage: node scripts/replicate-corpus.mjs OUT_DIR SRC_DIR:COPIES...');
  process.exit(2);
}
const sources = specs.map((spec) => {
  const m = spec.match(/^(.+):(\d+)$/);
  if (!m || Number(m[2]) < 1) {
    console.error(`${spec}: expected SRC_DIR:COPIES with COPIES at least 1`);
    process.exit(2);
  }
  if (!existsSync(m[1]) || !statSync(m[1]).isDirectory()) {
    console.error(`${m[1]}: not a folder`);
    process.exit(2);
  }
  return { dir: m[1], copies: Number(m[2]) };
});

const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
  const path = join(dir, e.name);
  return e.isDirectory() ? walk(path) : [path];
}).sort();

// The title is the first non-blank line of a text file; the copy number
// goes at its end, the rest of the file is left byte for byte.
const TEXT = new Set(['.txt', '.md', '.markdown']);
function retitle(bytes, copy) {
  const text = bytes.toString('utf8');
  const m = text.match(/^(\s*)([^\n]*?)(\r?\n|$)/);
  if (!m || m[2].trim() === '') return null;
  return Buffer.from(`${m[1]}${m[2]} (copy ${copy})${text.slice(m[1].length + m[2].length)}`, 'utf8');
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
let articles = 0;
let bytes = 0;
const asIs = [];
const lines = [];
for (const { dir, copies } of sources) {
  const files = walk(dir);
  const name = basename(dir.replace(/\/+$/, ''));
  lines.push(`${name}: ${files.length} files x ${copies} copies`);
  for (let copy = 1; copy <= copies; copy += 1) {
    for (const file of files) {
      const target = join(out, `copy-${String(copy).padStart(2, '0')}`, name, relative(dir, file));
      mkdirSync(dirname(target), { recursive: true });
      const body = TEXT.has(extname(file).toLowerCase()) ? retitle(readFileSync(file), copy) : null;
      if (body) {
        writeFileSync(target, body);
        bytes += body.length;
      } else {
        // Not a text file with a title line: copied unchanged, and named.
        copyFileSync(file, target);
        bytes += statSync(file).size;
        if (copy === 1) asIs.push(file);
      }
      articles += 1;
    }
  }
}
const summary = `Replicated corpus (not a real archive): ${lines.join('; ')}; ${articles} files, ${(bytes / 1e6).toFixed(1)} MB. Each copy's titles end in "(copy N)".`;
writeFileSync(join(out, 'REPLICATED'), `${summary}\nMade by scripts/replicate-corpus.mjs ${specs.join(' ')}\n`);
console.error(summary);
if (asIs.length) console.error(`  copied without a copy number (no title line or not text): ${asIs.length}, e.g. ${asIs.slice(0, 5).join(', ')}`);
