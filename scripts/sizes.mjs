// Print what a visitor downloads, raw / gzip / brotli: the served page (all
// of its files) and the single file. `node scripts/sizes.mjs DIR`.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dir = process.argv[2] ?? 'dist';
const measure = (buf) => ({
  raw: buf.length,
  gzip: gzipSync(buf, { level: 9 }).length,
  brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const row = (name, m) =>
  console.log(`${name.padEnd(24)} ${kb(m.raw).padStart(10)} ${kb(m.gzip).padStart(10)} ${kb(m.brotli).padStart(10)}`);

const files = readdirSync(dir).filter((f) => !f.startsWith('.'));
const served = files.filter((f) => !['dossier.html', 'dossier-embed.js', 'sw.js'].includes(f) && /\.(html|js|css|wasm)$/.test(f));
console.log(`${'size'.padEnd(24)} ${'raw'.padStart(10)} ${'gzip'.padStart(10)} ${'brotli'.padStart(10)}`);
const total = { raw: 0, gzip: 0, brotli: 0 };
for (const f of served) {
  const m = measure(readFileSync(join(dir, f)));
  if (f.endsWith('.wasm')) row('wasm', m);
  for (const k of Object.keys(total)) total[k] += m[k];
}
row('served page (all files)', total);
if (files.includes('dossier.html')) row('single file', measure(readFileSync(join(dir, 'dossier.html'))));
if (files.includes('dossier-embed.js')) {
  // What a host page downloads for <dossier-explorer>: script, glue, wasm.
  const embed = { raw: 0, gzip: 0, brotli: 0 };
  for (const f of ['dossier-embed.js', 'dossier.js', 'dossier_bg.wasm']) {
    const m = measure(readFileSync(join(dir, f)));
    for (const k of Object.keys(embed)) embed[k] += m[k];
  }
  row('custom element', embed);
}
