/**
 * The consumer smoke suite (`pnpm --filter @gamestore/smoke test`, part of `pnpm test`). Run after `pnpm build`.
 *
 *   1. pack every published package and install the tarballs with npm into a fresh project in the OS temp folder;
 *   2. on Node (this machine), Node 22, Node 24, Bun and Deno: create each client and call a fixture server on
 *      127.0.0.1 (int64 digits checked both ways), and serve the Hive webstore-profile handler with the runtime's
 *      own server and call it; in Chromium, the same clients from a page on 127.0.0.1 (CORS);
 *   3. bundle-size budgets (esbuild, min+gz) and the type budget (tsc --extendedDiagnostics);
 *   4. a release dry-run (changeset version, pnpm -r publish --dry-run) in a throwaway copy of the tree;
 *   5. the installed @gamestore/sandbox: its bin, and the Xsolla, STOVE and Hive flows with the installed packages.
 *
 * Prints a runtime × package table, the budgets and the timings; exits 1 on any ✗. Loopback only, except the
 * npm registry (npx downloads of the runtimes, cached in npx's cache; npm install of openapi-fetch).
 *
 *   tsx src/main.ts [--only runtimes,chromium,sizes,types,release,sandbox] [--keep]
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measureSizes, measureTypes, printSizes, printTypes, typescriptVersion } from './budgets.js';
import { runChromium, type BrowserOutcome } from './browser.js';
import { startFixtureServer } from './fixture-server.js';
import { installTarballs, packAll, pnpmProject, publishedPackages, StepError } from './pack.js';
import { seconds } from './proc.js';
import { releaseDryRun } from './release.js';
import { runSandboxFlows, SANDBOX_USER_PACKAGES } from './sandbox.js';
import { RUNTIMES, runRuntime, type RuntimeOutcome } from './runtimes.js';

const SMOKE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = ['core', 'hive', 'stove', 'xsolla'] as const;
const PHASES = ['runtimes', 'chromium', 'sizes', 'types', 'release', 'sandbox'] as const;
/** the whole suite is bounded: a hung child cannot hold CI */
const DEADLINE_MS = 20 * 60_000;

const { values: options } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: { only: { type: 'string' }, keep: { type: 'boolean' } },
});
const only = new Set<string>(options.only === undefined ? PHASES : options.only.split(','));
const keep = options.keep === true;

const started = performance.now();
const timings: [string, number][] = [];
const failures: string[] = [];
const time = async <T>(label: string, fn: () => Promise<T> | T): Promise<T> => {
  const t = performance.now();
  try {
    return await fn();
  } finally {
    timings.push([label, performance.now() - t]);
  }
};
const heading = (text: string) => console.log(`\n== ${text}`);

setTimeout(() => {
  console.error(`✗ smoke: still running after ${DEADLINE_MS / 60_000} minutes; stopping`);
  process.exit(1);
}, DEADLINE_MS).unref();

// 0. the packages must be built
const packages = publishedPackages();
const unbuilt = packages.filter((p) => !existsSync(path.join(p.dir, 'dist')));
if (unbuilt.length) {
  console.error(`✗ not built: ${unbuilt.map((p) => p.name).join(', ')} — run \`pnpm build\` first`);
  process.exit(1);
}

const work = mkdtempSync(path.join(tmpdir(), 'gamestore-smoke-'));
const consumer = path.join(work, 'consumer');
let exitCode = 0;
try {
  // 1. tarballs into a fresh project
  heading('pack and install');
  const packed = await time('pack', () => packAll(path.join(work, 'tarballs'), packages));
  for (const { pkg, tarball } of packed) console.log(`✓ ${pkg.name}@${pkg.version} → ${path.basename(tarball)}`);
  await time('npm install', () => installTarballs(consumer, packed.map((p) => p.tarball)));
  console.log(`✓ npm install of ${packed.length} tarballs into a fresh project (${seconds(timings.at(-1)![1])})`);
  for (const f of readdirSync(path.join(SMOKE, 'consumer'), { recursive: true, withFileTypes: true })) {
    if (!f.isFile()) continue;
    const rel = path.relative(path.join(SMOKE, 'consumer'), path.join(f.parentPath, f.name));
    mkdirSync(path.dirname(path.join(consumer, rel)), { recursive: true });
    copyFileSync(path.join(f.parentPath, f.name), path.join(consumer, rel));
  }

  // 2. runtimes
  const fixture = await startFixtureServer();
  const outcomes: RuntimeOutcome[] = [];
  let browser: BrowserOutcome | undefined;
  try {
    if (only.has('runtimes')) {
      heading(`runtimes (fixture server ${fixture.url})`);
      for (const runtime of RUNTIMES) {
        const o = await time(runtime.label, () => runRuntime(runtime, consumer, fixture.url));
        outcomes.push(o);
        const cache = o.cachedBefore === undefined ? '' : o.cachedBefore ? ' (npx cache warm)' : ' (npx cache cold: download)';
        console.log(
          `${o.failure ? '✗' : '·'} ${runtime.label}: ${o.version}; first run (--version)${cache} ${seconds(o.first.ms)}, second run (consumer) ${o.second ? seconds(o.second.ms) : '—'}`,
        );
        if (o.failure) console.log(indent(o.failure));
      }
    }
    if (only.has('chromium')) {
      heading('chromium');
      browser = await time('Chromium', () => runChromium(consumer, fixture.url, path.join(work, 'page')));
      console.log(`${browser.failure ? '✗' : '·'} ${browser.version}: first run (launch + page) ${seconds(browser.firstMs)}, second run (reload) ${seconds(browser.secondMs)}`);
      if (browser.failure) console.log(indent(browser.failure));
      for (const p of browser.problems) console.log(`  ✗ ${p}`);
    }
  } finally {
    await fixture.close();
  }
  if (outcomes.length || browser) {
    heading('runtime × package');
    printTable(outcomes, browser);
    const served = outcomes.filter((o) => o.allowList);
    if (served.length) {
      console.log('\n  the handler with allowedIps: ["127.0.0.1"], mounted as the README shows');
      for (const o of served) {
        const ok = o.allowList!.result === 'ok';
        console.log(`  ${ok ? '✓' : '✗'} ${o.runtime.label}: ${o.allowList!.how} → ${o.allowList!.result}`);
        if (!ok) failures.push(`${o.runtime.label}: the allow-listed handler refused its own peer address`);
      }
    }
    if (fixture.hits['404']) failures.push(`${fixture.hits['404']} request(s) to routes the fixture server does not have`);
  }

  // 3. budgets
  if (only.has('sizes')) {
    heading('bundle size (esbuild: bundle, minify, ESM, platform neutral; gzip -9; from the installed tarballs)');
    const sizes = await time('bundle sizes', () => measureSizes(consumer));
    printSizes(sizes);
    for (const s of sizes) if (s.status === 'over') failures.push(`size: ${s.label} is ${s.gzipped} B`);
  }
  if (only.has('types')) {
    heading(`type budget (tsc ${typescriptVersion()} --extendedDiagnostics on consumer/types-consumer.ts)`);
    const types = await time('type check', () => measureTypes(consumer));
    printTypes(types);
    if (types.failure) failures.push(`types: ${types.failure}`);
  }

  // the sandbox, from the installed package
  if (only.has('sandbox')) {
    heading('sandbox (the installed gamestore bin; Xsolla, STOVE and Hive flows with the installed clients and handlers)');
    const project = await time('pnpm add (sandbox project)', () =>
      pnpmProject(path.join(work, 'sandbox-user'), packed.map((p) => ({ name: p.pkg.name, tarball: p.tarball })), SANDBOX_USER_PACKAGES),
    );
    const sandbox = await time('sandbox flows', () => runSandboxFlows(project, work));
    for (const line of sandbox.lines) console.log(`  ${line}`);
    for (const f of sandbox.failures) failures.push(`sandbox: ${f}`);
  }

  // 4. release dry-run
  if (only.has('release')) {
    heading('release dry-run (throwaway copy of the working tree)');
    const release = await time('release dry-run', () => releaseDryRun(work));
    for (const line of release.lines) console.log(`  ${line}`);
    for (const f of release.failures) failures.push(`release: ${f}`);
  }
} catch (e) {
  failures.push(e instanceof StepError ? `${e.step}\n${e.output}` : e instanceof Error ? (e.stack ?? e.message) : String(e));
} finally {
  if (keep) console.log(`\n(kept ${work})`);
  else rmSync(work, { recursive: true, force: true });
}

heading('timings');
for (const [label, ms] of timings) console.log(`  ${label.padEnd(22)} ${seconds(ms)}`);
console.log(`  ${'total'.padEnd(22)} ${seconds(performance.now() - started)}`);

if (failures.length) {
  exitCode = 1;
  console.log(`\n✗ smoke: ${failures.length} failure(s)`);
  for (const f of failures) console.log(indent(`✗ ${f}`));
} else {
  console.log('\n✓ smoke: every runtime, every package, every budget');
}
process.exit(exitCode);

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

function printTable(outcomes: RuntimeOutcome[], browser: BrowserOutcome | undefined): void {
  const mark = (v: string | undefined) => (v === undefined ? '–' : v === 'ok' ? '✓' : '✗');
  const rows: string[][] = [];
  const header = ['runtime', 'version', ...PACKAGES, 'hive handler served', '1st run', '2nd run'];
  for (const o of outcomes) {
    const cells = PACKAGES.map((p) => (o.failure && !o.results[p] ? '✗' : mark(o.results[p])));
    const served = o.served ? `${mark(o.served.result)} ${o.served.how}` : o.failure ? '✗' : '–';
    rows.push([o.runtime.label, o.version, ...cells, served, seconds(o.first.ms), o.second ? seconds(o.second.ms) : '—']);
    for (const p of PACKAGES) {
      if (o.results[p] && o.results[p] !== 'ok') failures.push(`${o.runtime.label} × ${p}: ${o.results[p]}`);
      if (o.failure && !o.results[p]) failures.push(`${o.runtime.label} × ${p}: did not run`);
    }
    if (o.served && o.served.result !== 'ok') failures.push(`${o.runtime.label} × served handler (${o.served.how}): ${o.served.result}`);
    if (!o.served && !o.failure) failures.push(`${o.runtime.label}: the handler was not served`);
  }
  if (browser) {
    const cells = PACKAGES.map((p) => (browser.failure && !browser.results[p] ? '✗' : mark(browser.results[p])));
    rows.push(['Chromium', browser.version, ...cells, '– (not a server)', seconds(browser.firstMs), seconds(browser.secondMs)]);
    for (const p of PACKAGES) {
      if (browser.results[p] && browser.results[p] !== 'ok') failures.push(`Chromium × ${p}: ${browser.results[p]}`);
      if (browser.failure && !browser.results[p]) failures.push(`Chromium × ${p}: did not run`);
    }
    if (browser.failure) failures.push(`Chromium: ${browser.failure}`);
    if (browser.problems.length) failures.push(`Chromium: ${browser.problems.join('; ')}`);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]!].length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join('  ')}`;
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}
