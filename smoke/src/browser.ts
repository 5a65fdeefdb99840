/**
 * Chromium: `consumer/browser.mjs` bundled by esbuild (platform browser) from the consumer project (so the
 * packages come from the installed tarballs), put in a page served from 127.0.0.1, and loaded by Debian's
 * Chromium under playwright-core. The page calls the fixture server on another 127.0.0.1 port (CORS). Any
 * request to a host other than 127.0.0.1 is refused and reported.
 *
 * Timed twice: the first run launches Chromium and loads the page, the second reloads it in the same browser.
 */
import { access, mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface BrowserOutcome {
  version: string;
  firstMs: number;
  secondMs: number;
  results: Record<string, string>;
  problems: string[];
  failure?: string;
}

/** Serves `dir` (index.html and smoke.js) on 127.0.0.1. */
async function servePage(files: Record<string, { type: string; body: string }>) {
  const server = createServer((req, res) => {
    const name = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.slice(1) || 'index.html';
    const file = files[name];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

export async function runChromium(consumerDir: string, fixtureUrl: string, pageDir: string): Promise<BrowserOutcome> {
  const outcome: BrowserOutcome = { version: '?', firstMs: 0, secondMs: 0, results: {}, problems: [] };
  try {
    await access(CHROMIUM);
  } catch {
    outcome.failure = `no Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (Debian), or set CHROMIUM_PATH`;
    return outcome;
  }
  const bundle = await build({
    entryPoints: [path.join(consumerDir, 'browser.mjs')],
    absWorkingDir: consumerDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  await mkdir(pageDir, { recursive: true });
  const js = bundle.outputFiles[0]!.text;
  await writeFile(path.join(pageDir, 'smoke.js'), js);
  const page = await servePage({
    'index.html': { type: 'text/html; charset=utf-8', body: '<!doctype html><meta charset="utf-8"><title>gamestore smoke</title><script type="module" src="/smoke.js"></script>' },
    'smoke.js': { type: 'text/javascript; charset=utf-8', body: js },
  });
  const started = performance.now();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  try {
    outcome.version = `chromium ${browser.version()}`;
    const context = await browser.newContext();
    const allowed = (url: string) => /^(http:\/\/127\.0\.0\.1[:/]|data:|blob:|about:)/.test(url);
    await context.route(
      () => true,
      (route) => {
        const url = route.request().url();
        if (allowed(url)) return route.continue();
        outcome.problems.push(`request to another host: ${url}`);
        return route.abort('blockedbyclient');
      },
    );
    const tab: Page = await context.newPage();
    tab.on('pageerror', (e) => outcome.problems.push(`page error: ${e.message}`));
    tab.on('requestfailed', (r) => {
      // the core check's manual redirect: Chromium ends a `redirect: 'manual'` fetch at the 302 and reports it
      // aborted; the check itself asserts the typed `redirect` error and the single fetch
      if (new URL(r.url()).pathname === '/core/moved') return;
      outcome.problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`);
    });
    const pageUrl = `${page.url}/?fixture=${encodeURIComponent(fixtureUrl)}`;
    const once = async () => {
      await tab.goto(pageUrl, { waitUntil: 'load', timeout: 60_000 });
      await tab.waitForFunction(() => '__smoke' in window, undefined, { timeout: 60_000 });
      return (await tab.evaluate(() => (window as unknown as { __smoke: Promise<unknown> }).__smoke)) as {
        results?: Record<string, string>;
        error?: string;
      };
    };
    const first = await once();
    outcome.firstMs = performance.now() - started;
    const t2 = performance.now();
    const second = await once();
    outcome.secondMs = performance.now() - t2;
    const error = first.error ?? second.error;
    if (error) outcome.failure = error;
    outcome.results = Object.fromEntries(
      Object.entries(first.results ?? {}).map(([k, v]) => [k, v === 'ok' && second.results?.[k] !== 'ok' ? `second run: ${second.results?.[k]}` : v]),
    );
  } catch (e) {
    outcome.failure = e instanceof Error ? e.message : String(e);
  } finally {
    await browser.close();
    await page.close();
  }
  return outcome;
}
