// Shared set-up for the end-to-end tests: a static server on loopback for
// dist/, a browser driven by puppeteer-core (Debian's Chromium over CDP, or
// Firefox ESR over WebDriver BiDi: BROWSER=chromium|firefox), a page wrapper
// that records console messages, page errors and every request, and small
// browser-neutral helpers that find elements the way a person does (by
// role and name, by visible text), piercing open shadow roots.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { before, after } from 'node:test';
import puppeteer from 'puppeteer-core';
import { serve as serveDir } from '../../scripts/static-server.mjs';

export const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
export const SINGLE_FILE_URL = pathToFileURL(join(DIST, 'dossier.html')).href;
export const BROWSER = process.env.BROWSER ?? 'chromium';
if (!['chromium', 'firefox'].includes(BROWSER)) throw new Error(`BROWSER must be chromium or firefox, not ${BROWSER}`);

/** Serve `root` (default: dist/) on a free loopback port. */
export const serve = (root = DIST) => serveDir(root, 0);

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

// Firefox talks to Mozilla unasked; the preferences in webdriver-firefox.json
// (shared with the wasm tests) turn off what can be turned off: updates,
// telemetry, studies, safe browsing, captive portal and connectivity checks,
// push, region lookup, prefetch, DNS over HTTPS. They also set
// security.fileuri.strict_origin_policy back on: automation relaxes file://
// to one origin per folder, a person's Firefox keeps each file its own
// origin, and that is what the single file must meet.
// MOZ_DISABLE_NONLOCAL_CONNECTIONS (below) is the real guard: any connection
// off loopback then crashes the browser loudly.
const FIREFOX_PREFS = JSON.parse(readFileSync(fileURLToPath(new URL('../../webdriver-firefox.json', import.meta.url)), 'utf8'))['moz:firefoxOptions'].prefs;

/**
 * Launch the browser BROWSER names. `colorScheme` ('light' | 'dark') sets
 * the system theme pages see: Chromium emulates it per page (CDP), Firefox
 * has no BiDi command for it, so it is a preference of the whole browser.
 */
export async function launch({ colorScheme } = {}) {
  let browser;
  if (BROWSER === 'firefox') {
    const prefs = { ...FIREFOX_PREFS };
    // 0 dark, 1 light: what prefers-color-scheme answers in content.
    if (colorScheme) prefs['layout.css.prefers-color-scheme.content-override'] = colorScheme === 'dark' ? 0 : 1;
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
      headless: true,
      extraPrefsFirefox: prefs,
      env: { ...process.env, MOZ_DISABLE_NONLOCAL_CONNECTIONS: '1' },
    });
  } else {
    browser = await puppeteer.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
    });
  }
  browser.dossierColorScheme = colorScheme;
  return browser;
}

/**
 * A browser and a server of the release build, shared by the tests of one
 * file: started before them, closed after. Read `shared.browser` and
 * `shared.server` inside tests; `shared.own(url)` says whether a URL is
 * the server's.
 */
export function session() {
  const shared = {
    browser: null,
    server: null,
    own: (u) => u.startsWith(shared.server.url),
  };
  before(async () => {
    shared.browser = await launch();
    shared.server = await serve();
  });
  after(async () => {
    await shared.browser?.close();
    await shared.server?.close();
  });
  return shared;
}

/**
 * A fresh page in its own browser context that records what a person would
 * not want to see: console messages, uncaught errors, and requests. Every
 * request is recorded; one to anything but `allowed(url)` is an outside
 * request. (Recorded rather than intercepted: the same in both browsers,
 * and interception would bypass the service worker. Nothing outside could
 * answer anyway: there is no network, and Firefox runs with
 * MOZ_DISABLE_NONLOCAL_CONNECTIONS.) data: URLs are not requests: nothing
 * leaves the page, and only one of the two browsers reports them.
 */
export async function openPage(browser, { allowed, viewport } = {}) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport(viewport ?? { width: 1280, height: 900 });
  if (browser.dossierColorScheme && BROWSER === 'chromium') {
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: browser.dossierColorScheme }]);
  }
  const log = { console: [], errors: [], requests: [], outside: [] };
  page.on('console', (m) => log.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => {
    // postMessage to a window of another origin than the one named does not
    // throw: the browser drops it and warns. Chromium says so as a console
    // warning, Firefox's BiDi on the error channel; file it as Chromium does.
    if (BROWSER === 'firefox' && /^Failed to execute .postMessage. on .DOMWindow.: The target origin provided/.test(e.message)) {
      log.console.push(`warn: ${e.message}`);
    } else {
      log.errors.push(String(e));
    }
  });
  page.on('request', (r) => {
    const url = r.url();
    if (url.startsWith('data:')) return;
    log.requests.push(url);
    if (!(allowed && allowed(url))) log.outside.push(url);
  });
  return { page, context, log };
}

// ---- finding things on the page -------------------------------------------

// A scope is a Page, a Frame, or an ElementHandle (a part of the page, e.g. a
// custom element, whose shadow root is searched too).
function frameOf(scope) {
  if (typeof scope.mainFrame === 'function') return { frame: scope.mainFrame(), root: null };
  if (typeof scope.asElement === 'function' && scope.asElement()) return { frame: scope.frame, root: scope };
  return { frame: scope, root: null };
}

// A spec is a CSS selector, or { css, role, name, text, nth, visible }:
// `name` and `text` are a RegExp or a case-insensitive substring.
function toSpec(spec) {
  const s = typeof spec === 'string' ? { css: spec } : { ...spec };
  for (const k of ['name', 'text']) {
    if (s[k] instanceof RegExp) s[k] = { re: s[k].source, flags: s[k].flags };
    else if (typeof s[k] === 'string') s[k] = { sub: s[k] };
  }
  return s;
}

// Runs in the page: every element under `root` (document if null), in
// document order, through open shadow roots, that matches `spec`. Roles
// and names follow the ARIA rules for the elements this page uses.
function pickInPage(root, spec, state) {
  const all = [];
  const walk = (node) => {
    for (const child of node.children) {
      all.push(child);
      if (child.shadowRoot) walk(child.shadowRoot);
      walk(child);
    }
  };
  const start = root ?? document;
  if (start.shadowRoot) walk(start.shadowRoot);
  walk(start);
  const implicit = (el) => {
    const tag = el.localName;
    if (tag === 'input') {
      const t = (el.getAttribute('type') ?? 'text').toLowerCase();
      return { search: 'searchbox', checkbox: 'checkbox', button: 'button', submit: 'button', file: 'button' }[t] ?? 'textbox';
    }
    if (tag === 'a' && el.hasAttribute('href')) return 'link';
    return {
      button: 'button', textarea: 'textbox', select: 'combobox', dialog: 'dialog', article: 'article', progress: 'progressbar',
    }[tag] ?? null;
  };
  const role = (el) => el.getAttribute('role') ?? implicit(el);
  const textOf = (node) => {
    // Text a label contributes, leaving out the controls inside it.
    const copy = node.cloneNode(true);
    for (const c of copy.querySelectorAll('select, input, textarea')) c.remove();
    return copy.textContent;
  };
  const nameOf = (el) => {
    const rootNode = el.getRootNode();
    const label = el.getAttribute('aria-label');
    if (label) return label;
    const by = el.getAttribute('aria-labelledby');
    if (by) return by.split(/\s+/).map((id) => rootNode.getElementById?.(id)?.textContent ?? '').join(' ');
    if (el.labels?.length) return [...el.labels].map(textOf).join(' ');
    if (['button', 'link'].includes(role(el))) return el.textContent;
    return el.getAttribute('title') ?? '';
  };
  const norm = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
  const matches = (m, s) => (m.re !== undefined ? new RegExp(m.re, m.flags).test(norm(s)) : norm(s).toLowerCase().includes(m.sub.toLowerCase()));
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const found = all.filter((el) =>
    (!spec.css || el.matches(spec.css))
    && (!spec.role || role(el) === spec.role)
    && (!spec.name || matches(spec.name, nameOf(el)))
    && (!spec.text || matches(spec.text, el.textContent))
    && (!spec.visible || visible(el)));
  if (state === 'count') return found.length;
  if (state === 'texts') return found.map((el) => el.textContent);
  const el = found[spec.nth ?? 0];
  if (state === 'hidden') return !el || !visible(el);
  if (!el) return null;
  if (state === 'visible' && !visible(el)) return null;
  return el;
}

/**
 * Wait for the element `spec` names in `scope` and return its handle.
 * state: 'attached' (in the DOM) or 'visible' (the default: laid out).
 */
export async function find(scope, spec, { state = 'visible', timeout = 15000 } = {}) {
  const { frame, root } = frameOf(scope);
  const handle = await frame.waitForFunction(pickInPage, { timeout, polling: 50 }, root, toSpec(spec), state);
  return handle.asElement();
}

/** Wait until the element `spec` names is gone or hidden. */
export async function gone(scope, spec, { timeout = 15000 } = {}) {
  const { frame, root } = frameOf(scope);
  await frame.waitForFunction(pickInPage, { timeout, polling: 50 }, root, toSpec(spec), 'hidden');
}

/** How many elements `spec` names in `scope`, now. */
export async function count(scope, spec) {
  const { frame, root } = frameOf(scope);
  return frame.evaluate(pickInPage, root, toSpec(spec), 'count');
}

/** The text of every element `spec` names in `scope`, now. */
export async function texts(scope, spec) {
  const { frame, root } = frameOf(scope);
  return frame.evaluate(pickInPage, root, toSpec(spec), 'texts');
}

/** The text of the element `spec` names, once it is there. */
export async function text(scope, spec) {
  const el = await find(scope, spec, { state: 'attached' });
  return el.evaluate((e) => e.textContent);
}

/** The element of `role` whose accessible name matches `name`. */
export const byRole = (scope, role, name, opts) => find(scope, { role, name, ...opts }, opts);

/** Wait until the status line reads `pattern`; returns its text. */
export async function waitForStatus(scope, pattern, opts) {
  const el = await find(scope, { role: 'status', text: pattern }, { state: 'attached', ...opts });
  return el.evaluate((e) => e.textContent);
}

/** The text of every <mark> in `scope`. */
export const marks = (scope) => texts(scope, 'mark');

/** The value of a form control. */
export const valueOf = (handle) => handle.evaluate((e) => e.value);

/**
 * Set a control's value the way typing or pasting does: focus it, replace
 * its value, and fire `input` (and `change`, as a browser does for a select
 * or when leaving the field).
 */
export async function fill(handle, value) {
  await handle.evaluate((el, v) => {
    el.focus();
    el.value = v;
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
}

/** Type `value` key by key into the control. */
export async function type(handle, value, { delay = 0 } = {}) {
  await handle.focus();
  await handle.type(value, { delay });
}

/** Press a key, or a chord such as 'Shift+N'. */
export async function press(page, keys) {
  const parts = keys.split('+');
  const key = parts.pop();
  for (const m of parts) await page.keyboard.down(m);
  await page.keyboard.press(key);
  for (const m of parts.reverse()) await page.keyboard.up(m);
}

/**
 * The browser's Back (or Forward, delta 1) button. The page's own history
 * traversal: puppeteer's goBack waits for a navigation event that Firefox's
 * BiDi never sends when the entry returned to has no fragment (the page
 * does go back; only the driver misses it).
 */
export const back = (page) => page.evaluate(() => history.back());
export const forward = (page) => page.evaluate(() => history.forward());

/** Give the file input `handle` a file of this name and content, as picking it does. */
// The browser reads a picked file when the page asks, so the copies stay
// until the test process ends.
const picked = [];
process.on('exit', () => picked.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

export async function pickFile(handle, name, buffer) {
  const dir = mkdtempSync(join(tmpdir(), 'dossier-pick-'));
  picked.push(dir);
  const path = join(dir, name);
  writeFileSync(path, buffer);
  await handle.uploadFile(path);
}

/**
 * What a page loaded from `url` fetched besides itself: the requests the
 * driver saw, and the page's own resource timing entries (Firefox's BiDi
 * reports no file:// loads, not even the page's, so the page is asked too).
 */
export async function fetchedBesides(page, log, url) {
  const seen = log.requests.filter((u) => u !== url);
  const timed = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  return [...seen, ...timed];
}

/** Wait until the explorer has drawn its search box. */
export async function ready(scope) {
  await byRole(scope, 'searchbox', /search/i);
}

const AXE_SOURCE = readFileSync(fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url)), 'utf8');

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
