// Shared set-up for the end-to-end tests: a static server on loopback for
// dist/, Debian's Chromium driven by playwright-core, and a page wrapper
// that records console messages, page errors and every request.

import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { serve as serveDir } from '../../scripts/static-server.mjs';

export const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
export const SINGLE_FILE_URL = pathToFileURL(join(DIST, 'dossier.html')).href;

/** Serve `root` (default: dist/) on a free loopback port. */
export const serve = (root = DIST) => serveDir(root, 0);

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
export async function openPage(browser, { allowed, viewport, intercept = true } = {}) {
  const context = await browser.newContext({ viewport: viewport ?? { width: 1280, height: 900 } });
  const page = await context.newPage();
  const log = { console: [], errors: [], requests: [], outside: [] };
  page.on('console', (m) => log.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => log.errors.push(String(e)));
  if (intercept) {
    await context.route('**/*', (route) => {
      const url = route.request().url();
      log.requests.push(url);
      if (allowed && allowed(url)) return route.continue();
      log.outside.push(url);
      return route.abort();
    });
  } else {
    // Interception bypasses service workers, so watch without intercepting.
    context.on('request', (r) => {
      log.requests.push(r.url());
      if (!(allowed && allowed(r.url()))) log.outside.push(r.url());
    });
  }
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

const AXE_SOURCE = await import('node:fs').then((fs) =>
  fs.readFileSync(fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url)), 'utf8'));

/** Run axe-core (WCAG 2.1 A/AA and best practices) on the page; returns violations. */
export async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ content: AXE_SOURCE });
  }
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }));
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' :: ' + n.failureSummary),
  }));
}
