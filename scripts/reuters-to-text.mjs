#!/usr/bin/env node
// Reuters-21578 (the reut2-NNN.sgm files) to one text file per article that
// has a body, as the benchmark's corpus: title line, blank line, body.
//
//   node scripts/reuters-to-text.mjs SGM_DIR OUT_DIR
//
// Files are named by the article's NEWID (reuters-00001.txt ...). Articles
// without a <BODY> (the "brief" ones are a title only, the "unproc" ones
// unparsed wire text) are counted and named on stderr, never dropped
// without a word. The body is kept whole (its "REUTER" sign-off too);
// only the wire's control characters go (see `decode`).

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [sgmDir, outDir] = process.argv.slice(2);
if (!sgmDir || !outDir) {
  console.error('usage: node scripts/reuters-to-text.mjs SGM_DIR OUT_DIR');
  process.exit(2);
}

const NAMED = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

// SGML character references to text. The collection writes `<` and `&` in
// text as &lt; and &amp;, and the wire's control bytes as numeric
// references (&#2; start of text, &#3; end of text, &#5;, &#22;, &#127;
// line noise). The controls carry no text: they become nothing, except
// that a line break or tab stays one.
function decode(s) {
  return s.replace(/&(#x?[0-9a-fA-F]+|[a-zA-Z]+);/g, (whole, ref) => {
    if (ref[0] !== '#') return NAMED[ref] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    if (code === 9 || code === 10) return String.fromCharCode(code);
    if (code < 32 || code === 127 || (code >= 0x80 && code < 0xa0)) return '';
    return String.fromCodePoint(code);
  }).replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');
}

const field = (article, tag) => {
  const m = article.match(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`));
  return m ? m[1] : null;
};

const files = readdirSync(sgmDir).filter((f) => /^reut2-\d+\.sgm$/.test(f)).sort();
if (files.length === 0) {
  console.error(`no reut2-*.sgm files in ${sgmDir}`);
  process.exit(1);
}
mkdirSync(outDir, { recursive: true });

let read = 0;
let written = 0;
let bytes = 0;
const skipped = new Map(); // reason -> NEWIDs
const skip = (reason, id) => skipped.set(reason, [...(skipped.get(reason) ?? []), id]);
for (const file of files) {
  // The collection is ASCII but for one stray byte (in reut2-017): latin1
  // reads every byte as one character and never fails.
  const sgm = readFileSync(join(sgmDir, file), 'latin1');
  for (const m of sgm.matchAll(/<REUTERS\b([^>]*)>([\s\S]*?)<\/REUTERS>/g)) {
    read += 1;
    const id = m[1].match(/NEWID="(\d+)"/)?.[1] ?? `${file}#${read}`;
    const type = m[2].match(/<TEXT\s+TYPE="(\w+)"/)?.[1];
    const bodyRaw = field(m[2], 'BODY');
    if (bodyRaw === null) {
      skip(type ? `no body (<TEXT TYPE="${type}">)` : 'no body', id);
      continue;
    }
    const body = decode(bodyRaw).replace(/\s+$/, '');
    if (body.trim() === '') {
      skip('empty body', id);
      continue;
    }
    // Every article with a body has a title in this collection; should one
    // lack it, its dateline or its id stands in, so the body still counts.
    const titleRaw = field(m[2], 'TITLE') ?? field(m[2], 'DATELINE') ?? `Reuters article ${id}`;
    const title = decode(titleRaw).replace(/\s+/g, ' ').trim() || `Reuters article ${id}`;
    const text = `${title}\n\n${body.replace(/^\s*\n/, '')}\n`;
    writeFileSync(join(outDir, `reuters-${String(id).padStart(5, '0')}.txt`), text);
    written += 1;
    bytes += Buffer.byteLength(text);
  }
}

console.error(`${files.length} files, ${read} articles: ${written} written to ${outDir} (${(bytes / 1e6).toFixed(1)} MB)`);
for (const [reason, ids] of skipped) {
  const shown = ids.slice(0, 8).join(', ') + (ids.length > 8 ? ', ...' : '');
  console.error(`  skipped ${ids.length}, ${reason}: NEWID ${shown}`);
}
