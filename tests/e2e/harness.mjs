// Shared set-up for the end-to-end tests: a static server on loopback for
// dist/, Debian's Chromium driven by playwright-core, and a page wrapper
// that records console messages, page errors and every request.

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
export const SINGLE_FILE_URL = pathToFileURL(join(DIST, 'dossier.html')).href;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

/** Serve `root` on 127.0.0.1 at a free port; resolves to { url, close }. */
export function serve(root = DIST) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = normalize(join(root, path.endsWith('/') ? path + 'index.html' : path));
    if (!file.startsWith(normalize(root))) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/**
 * A fresh page that records what a person would not want to see: console
 * messages, uncaught errors, and requests. Requests to anything but
 * `allowed(url)` are aborted and recorded as outside requests.
 */
export async function openPage(browser, { allowed, viewport } = {}) {
  const context = await browser.newContext({ viewport: viewport ?? { width: 1280, height: 900 } });
  const page = await context.newPage();
  const log = { console: [], errors: [], requests: [], outside: [] };
  page.on('console', (m) => log.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => log.errors.push(String(e)));
  await context.route('**/*', (route) => {
    const url = route.request().url();
    log.requests.push(url);
    if (allowed && allowed(url)) return route.continue();
    log.outside.push(url);
    return route.abort();
  });
  return { page, context, log };
}

/** Wait until the explorer has drawn its search box. */
export async function ready(page) {
  await page.getByRole('searchbox', { name: /search/i }).waitFor({ state: 'visible', timeout: 15000 });
}

/** The text of every <mark> in `locator`. */
export async function marks(locator) {
  return locator.locator('mark').allTextContents();
}
