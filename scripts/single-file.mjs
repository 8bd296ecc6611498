// Trunk post-build hook: writes dossier.html, one self-contained page (CSS,
// JS and wasm inlined) that works from file:// with no network at all.
//
// Chromium refuses module scripts and wasm fetches from file:// (origin
// null), so the glue runs as an inline module and the wasm travels as
// base64, decoded and handed to the init function.

import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) {
  console.error('single-file: set TRUNK_STAGING_DIR or pass the build folder');
  process.exit(2);
}

const files = readdirSync(dir);
const pick = (test, what) => {
  const found = files.filter(test);
  if (found.length !== 1) {
    console.error(`single-file: expected one ${what} in ${dir}, found ${found.length}`);
    process.exit(1);
  }
  return join(dir, found[0]);
};
const html = readFileSync(join(dir, 'index.html'), 'utf8');
const css = readFileSync(pick((f) => f.endsWith('.css'), 'stylesheet'), 'utf8');
const wasmName = 'dossier_bg.wasm';
const glue = readFileSync(pick((f) => f === 'dossier.js', 'JS glue'), 'utf8');
const wasm = readFileSync(pick((f) => f === wasmName, 'wasm module'));

// Text that would end an inline element early cannot be inlined safely.
for (const [name, text, closer] of [['CSS', css, '</style'], ['JS', glue, '</script']]) {
  if (text.toLowerCase().includes(closer)) {
    console.error(`single-file: the ${name} contains "${closer}"; cannot inline it`);
    process.exit(1);
  }
}

const boot = `
const __dz_b64 = ${JSON.stringify(wasm.toString('base64'))};
const __dz_bytes = typeof Uint8Array.fromBase64 === 'function'
  ? Uint8Array.fromBase64(__dz_b64)
  : Uint8Array.from(atob(__dz_b64), (c) => c.charCodeAt(0));
const __dz_wasm = await __wbg_init({ module_or_path: __dz_bytes });
window.wasmBindings = { Explorer, mount };
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm: __dz_wasm } }));
`;

// No network at all: nothing may be fetched, not even from the page's own
// folder.
const csp =
  "default-src 'none'; script-src 'unsafe-inline' 'wasm-unsafe-eval'; " +
  "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

let out = html
  .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, () => `<meta http-equiv="Content-Security-Policy" content="${csp}">`)
  .replace(/<link rel="stylesheet"[^>]*>/, () => `<style>\n${css}\n</style>`)
  .replace(/<link rel="(?:modulepreload|preload)"[^>]*>/g, '')
  .replace(/<script type="module">[\s\S]*?<\/script>/, () => `<script type="module">\n${glue}\n${boot}</script>`);

for (const leftover of ['<link rel="stylesheet"', 'modulepreload', "from './"]) {
  if (out.includes(leftover)) {
    console.error(`single-file: trunk's page changed shape (still has ${leftover})`);
    process.exit(1);
  }
}
writeFileSync(join(dir, 'dossier.html'), out);
