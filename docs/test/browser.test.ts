/**
 * The built site in a real browser: Debian's Chromium, driven by playwright-core, against the static server on a
 * random loopback port. Every page must load with no console error, no failed request and no request to any other
 * host; each reference page must render exactly the operations of its spec, and its search must find one by its
 * summary and one by its SDK method name, whose operation shows the TypeScript sample; every local link of every
 * page must answer 200 when opened directly. Screenshots go to docs/screenshots/ (ignored by git) for a person to
 * look at, and `<test>-failure.png` there when a test fails.
 */
import { access, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePointer } from '../../scripts/spec.js';
import { DIST, DOCS, readApis, readBundledSpec, readPackages, type ApiEntry } from '../scripts/model.js';
import { packageOf, sdkSamples, type SdkSample } from '../scripts/samples.js';
import { startServer, type StaticServer } from '../scripts/serve.js';
import { bundleFresh, countSpec, requireBuiltSite } from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
const SCREENSHOTS = path.join(DOCS, 'screenshots');

/** Which APIs the site has: redocly.yaml, read before the tests are declared. */
const apis: ApiEntry[] = await readApis();

let server: StaticServer;
let context: BrowserContext;
let profile: string;

beforeAll(async () => {
  await requireBuiltSite();
  try {
    await access(CHROMIUM);
  } catch {
    throw new Error(
      `no Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (Debian), or set CHROMIUM_PATH`,
    );
  }
  await mkdir(SCREENSHOTS, { recursive: true });
  server = await startServer({ root: DIST, port: 0 });
  profile = await mkdtemp(path.join(tmpdir(), 'gamestore-docs-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
    timeout: 60_000,
  });
  // Nothing may leave this machine: every request to another origin is recorded (on the page that made it) and
  // answered with a network error.
  await context.route(
    () => true,
    async (route) => {
      const url = route.request().url();
      if (url.startsWith(server.url) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      problemsOf(route.request().frame().page()).push(`request to another host: ${url}`);
      return route.abort('blockedbyclient');
    },
  );
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

const problems = new WeakMap<Page, string[]>();
function problemsOf(page: Page): string[] {
  let list = problems.get(page);
  if (!list) problems.set(page, (list = []));
  return list;
}

/** A new tab that records console errors, page errors, failed requests and error responses. */
async function openPage(): Promise<Page> {
  const page = await context.newPage();
  const list = problemsOf(page);
  page.on('console', (m) => {
    if (m.type() === 'error') list.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => list.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => list.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? '?'})`));
  page.on('response', (r) => {
    if (r.status() >= 400) list.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return page;
}

/** Runs `check` on the page; when it fails, saves what the page showed as `<name>-failure.png` first. */
async function onFailure<T>(page: Page, name: string, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (e) {
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-failure.png`) }).catch(() => undefined);
    throw e;
  }
}

/** Waits until Redoc has hydrated the server-rendered page (React has attached to #redoc). */
async function waitForRedoc(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const root = document.getElementById('redoc');
    return !!root && Object.keys(root).some((k) => k.startsWith('__reactContainer'));
  });
  await page.waitForSelector('[data-component-name="Menu/Menu"]');
}

interface RenderedOperation {
  id: string;
  title: string;
}

const readSections = (page: Page) =>
  page.$$eval('[data-item-kind="httpItem"]', (sections) =>
    sections.map((s) => ({
      id: s.getAttribute('data-section-id') ?? '',
      // the heading's own text: badges such as "Webhook" sit in child elements
      title: [...(s.querySelector('h2')?.childNodes ?? [])]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent)
        .join('')
        .trim(),
    })),
  );

const menuLinks = (page: Page, type: 'group' | 'operation') =>
  page.$$eval(`[data-component-name="Menu/MenuItem"].menu-item-type-${type} > a`, (links) =>
    links.map((a) => (a.getAttribute('href') ?? '').replace(/^#/, '')),
  );

/**
 * Goes to a route of the reference page. Redoc updates the hash itself as the reader scrolls, so the route may
 * already be the current hash: go through the overview (`#/`) then, so that the change is one Redoc sees.
 */
async function goTo(page: Page, route: string): Promise<void> {
  const current = await page.evaluate(() => decodeURIComponent(window.location.hash));
  if (current === `#${route}` && route !== '/') {
    await page.evaluate(() => {
      window.location.hash = '#/';
    });
    await page.waitForTimeout(200);
  }
  await page.evaluate((r) => {
    window.location.hash = `#${r}`;
  }, route);
}

/** Opens a sidebar group; it is open once the sidebar lists its operations (or after 10 s: nested groups only). */
async function openGroup(page: Page, group: string): Promise<void> {
  await goTo(page, group);
  await page
    .waitForFunction(
      (g) =>
        [...document.querySelectorAll('[data-component-name="Menu/MenuItem"].menu-item-type-operation > a')].some((a) =>
          (a.getAttribute('href') ?? '').replace(/^#/, '').startsWith(`${g}/`),
        ),
      group,
      { timeout: 10_000 },
    )
    .catch(() => undefined); // a group with no operations of its own (only nested groups): the counts tell
  await page.waitForTimeout(300);
}

/**
 * Redoc 3 shows one route at a time (the overview, or one tag) and renders a tag's operations as they scroll into
 * view. Visit every group of the sidebar as a reader would: open it, then open each operation its sidebar entry
 * lists that is not on screen yet, and collect the operation sections rendered on the way
 * (`[data-item-kind="httpItem"]`, one per operation or webhook, titled by its summary).
 */
async function renderedOperations(page: Page): Promise<{ sections: RenderedOperation[]; sidebar: string[] }> {
  const found = new Map<string, string>();
  const sidebar = new Set<string>();
  const queue = await menuLinks(page, 'group');
  const visited = new Set<string>();
  while (queue.length) {
    const group = queue.shift()!;
    if (visited.has(group)) continue;
    visited.add(group);
    await openGroup(page, group);
    for (const s of await readSections(page)) found.set(s.id, s.title);
    const operations = (await menuLinks(page, 'operation')).filter((o) => o.startsWith(`${group}/`));
    for (const op of operations) {
      sidebar.add(op);
      if (found.has(op)) continue;
      await goTo(page, op);
      const section = await page
        .waitForSelector(`[data-item-kind="httpItem"][data-section-id="${op}"]`, { timeout: 10_000 })
        .catch(() => null);
      if (!section) continue; // listed in the sidebar but never rendered: the counts tell
      for (const s of await readSections(page)) found.set(s.id, s.title);
    }
    for (const g of await menuLinks(page, 'group')) if (!visited.has(g)) queue.push(g);
  }
  return { sections: [...found].map(([id, title]) => ({ id, title })), sidebar: [...sidebar] };
}

describe('landing page', () => {
  it('index.html loads cleanly and links every API, download and published package', async () => {
    const page = await openPage();
    await page.goto(server.url, { waitUntil: 'networkidle' });
    await expect(page.locator('h1').textContent()).resolves.toContain('gamestore');
    for (const api of apis) {
      await expect(page.locator(`a[href="${api.name}/"]`).count()).resolves.toBeGreaterThan(0);
    }
    for (const pkg of (await readPackages()).filter((p) => !p.private)) {
      await expect(page.locator(`[data-package="${pkg.name}"] pre.install`).textContent()).resolves.toBe(
        `pnpm add ${pkg.name}`,
      );
    }
    // the downloads are real files
    for (const api of apis) {
      for (const file of ['openapi.yaml', 'openapi.json']) {
        const r = await page.request.get(`${server.url}${api.name}/${file}`);
        expect(r.status(), `${api.name}/${file}`).toBe(200);
      }
    }
    await page.screenshot({ path: path.join(SCREENSHOTS, 'index.png'), fullPage: true });
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  });
});

describe.each(apis.map((a) => [a.name, a] as const))('reference page %s', (name, api) => {
  it(`${name}/ renders every operation of its spec, finds one by its summary, loads nothing from elsewhere`, { timeout: 240_000 }, async () => {
    const spec = countSpec(await bundleFresh(api.name));
    const page = await openPage();
    await page.goto(`${server.url}${name}/`, { waitUntil: 'networkidle' });
    await waitForRedoc(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });

    // every operation and webhook of the spec is rendered, once
    const { sections, sidebar } = await renderedOperations(page);
    expect(sections.length, `${name}: rendered operations (${sections.map((o) => o.id).join(', ')})`).toBe(
      spec.operations + spec.webhooks,
    );
    expect(sections.map((o) => o.title).sort()).toEqual([...spec.summaries].sort());
    expect(sidebar.sort(), `${name}: sidebar entries`).toEqual(sections.map((o) => o.id).sort());

    // the search box finds an operation by its summary, and opens it
    const summary = spec.summaries.find((s) => s.length > 0)!;
    await page.evaluate(() => {
      window.location.hash = '#/';
    });
    await page.locator('[data-testid="search-trigger"]').click();
    const input = page.locator('[data-component-name="Search/SearchInput"] input');
    await input.fill(summary);
    const hit = page.locator('[data-component-name="Search/SearchItem"]', { hasText: summary }).first();
    await hit.waitFor({ state: 'visible' });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-search.png`) });
    await hit.click();
    await expect
      .poll(() => page.locator('[data-item-kind="httpItem"] h2', { hasText: summary }).count())
      .toBeGreaterThan(0);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-operation.png`) });

    expect(problemsOf(page)).toEqual([]);
    await page.close();
  });
});

/** Every link on the page as the browser resolves it (`a.href`). */
const hrefs = (page: Page) => page.$$eval('a[href]', (links) => links.map((a) => (a as HTMLAnchorElement).href));

describe.each(['', ...apis.map((a) => `${a.name}/`)])('links of /%s', (route) => {
  it('every local link answers 200 when opened directly', { timeout: 240_000 }, async () => {
    const name = route ? route.slice(0, -1) : 'index';
    const page = await openPage();
    await page.goto(`${server.url}${route}`, { waitUntil: 'networkidle' });
    const found = new Set(await hrefs(page));
    const operations: string[] = [];
    if (route) {
      await waitForRedoc(page);
      for (const h of await hrefs(page)) found.add(h);
      // what the sidebar and the operations render once each group is open
      for (const group of await menuLinks(page, 'group')) {
        await openGroup(page, group);
        for (const h of await hrefs(page)) found.add(h);
        operations.push(...(await menuLinks(page, 'operation')));
      }
    }
    const local = [...found].filter((h) => h.startsWith(server.url));
    await onFailure(page, `${name}-links`, async () => {
      expect(local.length, 'local links').toBeGreaterThan(route ? 3 : apis.length);
      const failures: string[] = [];
      for (const target of new Set(local.map((h) => h.replace(/#.*$/, '')))) {
        const status = (await page.request.get(target, { maxRedirects: 0 })).status();
        const links = local.filter((h) => h === target || h.startsWith(`${target}#`)).length;
        if (status !== 200) failures.push(`${status} ${target.slice(server.url.length - 1)} (${links} link(s))`);
      }
      expect(failures, `links of /${route} that do not answer 200`).toEqual([]);
    });

    if (route) {
      // an operation's sidebar link opened in a new tab shows that operation
      const id = operations.at(-1);
      expect(id, 'an operation in the sidebar').toBeDefined();
      const tab = await openPage();
      await tab.goto(`${server.url}${route}#${id}`, { waitUntil: 'networkidle' });
      await onFailure(tab, `${name}-link`, () =>
        tab.locator(`[data-item-kind="httpItem"][data-section-id="${id}"]`).waitFor({ state: 'visible', timeout: 30_000 }),
      );
      expect(problemsOf(tab)).toEqual([]);
      await tab.close();
    }
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  });
});

/**
 * The operation each API's SDK search is tried on: one whose method is not its operationId where the API has one,
 * else the example, else its last operation (the far end of the sidebar).
 */
function probe(list: SdkSample[]): SdkSample {
  const ops = list.filter((s) => s.kind === 'operation');
  return ops.find((s) => s.method !== s.id) ?? ops.find((s) => s.method === 'adminCreateVirtualItem') ?? ops.at(-1)!;
}

describe.each(apis.map((a) => [a.name, a] as const))('SDK on %s', (name, api) => {
  it('search finds an operation by its SDK method name, and the operation shows its TypeScript sample', { timeout: 120_000 }, async () => {
    const doc = await readBundledSpec(DIST, name);
    const sample = probe(sdkSamples(name, await packageOf(api), doc));
    const summary = String(resolvePointer(doc, sample.pointer).summary);
    const page = await openPage();
    await page.goto(`${server.url}${name}/`, { waitUntil: 'networkidle' });
    await waitForRedoc(page);
    await onFailure(page, `${name}-sdk`, async () => {
      await page.locator('[data-testid="search-trigger"]').click();
      await page.locator('[data-component-name="Search/SearchInput"] input').fill(sample.method);
      const hit = page.locator('[data-component-name="Search/SearchItem"]', { hasText: summary }).first();
      await hit.waitFor({ state: 'visible', timeout: 30_000 });
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-sdk-search.png`) });
      await hit.click();
      const section = page.locator('[data-item-kind="httpItem"]', { has: page.locator('h2', { hasText: summary }) }).first();
      await section.waitFor({ state: 'visible', timeout: 30_000 });
      // the right panel's code block holds the program, its call included
      const call = `${sample.call.slice(0, sample.call.lastIndexOf('('))}(`;
      const code = section.locator('[data-component-name="CodeBlock/CodeBlockContainer"]', { hasText: call }).first();
      await code.waitFor({ state: 'visible', timeout: 30_000 });
      expect(await code.textContent()).toContain(`const result = await ${call}`);
      await code.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-sdk-sample.png`) });
    });
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  });
});
