/**
 * Size and type budgets, measured on the installed tarballs (what a consumer gets), printed on every run.
 *
 * Size: a minimal consumer per entry (`consumer/size/*.mjs`: create the client, make one call) bundled by esbuild
 * (bundle, minified, ESM, platform neutral, types excluded as esbuild drops them) and gzipped at level 9.
 *
 * Types: `consumer/types-consumer.ts` (ten typed calls per provider) type-checked by the workspace's tsc with
 * `--extendedDiagnostics`; the instantiation count is deterministic for a given TypeScript and set of
 * declarations, so it is the budget; check time and memory are printed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { run, seconds, tail } from './proc.js';

export interface SizeBudget {
  /** file under consumer/size/ */
  file: string;
  label: string;
  /** gzipped bytes allowed */
  budget: number;
}

const KB = 1024;
/**
 * Set on 2026-11-29 from the measured sizes plus about 3%, after two changes that were chosen over size (issues 15
 * and 16): the hardening (secret scrubbing of every error string, credentialed-call detection for headers and body
 * fields, header, base URL and timeout checks, exact int64 literals: about +1.3 KB gz in every entry) and core
 * wrapping openapi-fetch's `createClient` instead of copying its request loop (about +1.3 KB gz). Before both: core
 * 5361, stove 7290, whole-API Xsolla 8007, one Xsolla operation 6808. A smaller core means dropping one of those.
 * The whole-API Xsolla clients then grew with the 18 order and payment calls (124 Catalog operations; +0.4 KB).
 * Then (issues 20 and 21, 2026-11-30), every entry grew by 0.1-0.35 KB gz: the one-pass int64 reader, operations
 * prepared once per client family (`methodsFor`: a STOVE per-user client costs 1.4× openapi-fetch instead of 2×),
 * the one-line network reason, the safe response headers on errors and the User-Agent. Measured then: core 8555,
 * hive 9040, stove 11056, one Xsolla operation 10083; the budgets are those plus about 2%.
 * Then (issue 20, 2026-11-30) +0.25 KB for the entries that make whole clients, about +0.2 KB gz measured: per-call
 * work done once (path templates split once, the operation index by path then method, frozen header sets checked
 * once) and the int64 reader's fast path (one regex pass and slices: a one-line STOVE answer reads in 1.6×
 * `JSON.parse` instead of 2×). Each was measured in `pnpm bench` before it was kept (the STOVE call went from 1.39×
 * to about 1.30× openapi-fetch).
 * Then (issue 20, 2026-11-30) about +0.3 KB gz in every entry: one runtime timer for all the attempts of a process
 * instead of one per attempt (a Node timer per attempt cost about 3% of a call) and clients and methods objects
 * whose methods sit on a prototype, so a per-user client is one small object (a STOVE one is made in 0.18 µs instead
 * of 0.78 µs, an Xsolla Catalog one in 0.5 µs instead of 87 µs). Measured then: core 9071, hive 9568, stove 11693,
 * whole-API Xsolla 12560, one Xsolla operation 10635; the budgets are those plus about 1.5%-2.5%.
 */
export const SIZE_BUDGETS: SizeBudget[] = [
  { file: 'core.mjs', label: '@gamestore/core + openapi-fetch', budget: 9 * KB },
  { file: 'hive.mjs', label: '@gamestore/hive (webshop client)', budget: 9.5 * KB },
  { file: 'stove.mjs', label: '@gamestore/stove', budget: 11.75 * KB },
  { file: 'xsolla-catalog.mjs', label: '@gamestore/xsolla/catalog', budget: 12.5 * KB },
  { file: 'xsolla-liveops.mjs', label: '@gamestore/xsolla/liveops', budget: 12.5 * KB },
  { file: 'xsolla-root.mjs', label: '@gamestore/xsolla (root, one client)', budget: 12.5 * KB },
  { file: 'xsolla-catalog-call.mjs', label: '@gamestore/xsolla/catalog/call (one operation)', budget: 10.75 * KB },
  { file: 'xsolla-liveops-call.mjs', label: '@gamestore/xsolla/liveops/call (one operation)', budget: 10.75 * KB },
];

/** Instantiations of consumer/types-consumer.ts with TypeScript 5.9 on 2026-11-21: 201,168; the budget is +20%. */
export const TYPE_BUDGET = { instantiations: Math.ceil(201_168 * 1.2), measured: 201_168 };

export interface SizeResult extends SizeBudget {
  minified: number;
  gzipped: number;
  status: 'ok' | 'over';
}

export async function measureSizes(consumerDir: string): Promise<SizeResult[]> {
  const out: SizeResult[] = [];
  for (const b of SIZE_BUDGETS) {
    const result = await build({
      entryPoints: [path.join(consumerDir, 'size', b.file)],
      absWorkingDir: consumerDir,
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'neutral',
      write: false,
      logLevel: 'silent',
    });
    const bytes = result.outputFiles[0]!.contents;
    const gzipped = gzipSync(bytes, { level: 9 }).byteLength;
    const status = gzipped <= b.budget ? 'ok' : 'over';
    out.push({ ...b, minified: bytes.byteLength, gzipped, status });
  }
  return out;
}

export function printSizes(results: SizeResult[]): void {
  const w = Math.max(...results.map((r) => r.label.length));
  console.log(`  ${'entry'.padEnd(w)}  ${'min'.padStart(7)}  ${'min+gz'.padStart(7)}  ${'budget'.padStart(7)}`);
  for (const r of results) {
    const mark = r.status === 'ok' ? '✓' : '✗';
    const extra = r.status === 'over' ? `  OVER by ${r.gzipped - r.budget} B` : `  ${r.budget - r.gzipped} B to spare`;
    console.log(`${mark} ${r.label.padEnd(w)}  ${String(r.minified).padStart(7)}  ${String(r.gzipped).padStart(7)}  ${String(r.budget).padStart(7)}${extra}`);
  }
}

export interface TypeResult {
  instantiations: number;
  types: number;
  checkTime: string;
  totalTime: string;
  memory: string;
  wallMs: number;
  ok: boolean;
  failure?: string;
}

/** Type-checks the consumer's `types-consumer.ts` with the workspace TypeScript and reads the diagnostics. */
export async function measureTypes(consumerDir: string): Promise<TypeResult> {
  writeFileSync(
    path.join(consumerDir, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          types: [],
          noEmit: true,
          skipLibCheck: true,
        },
        files: ['types-consumer.ts'],
      },
      null,
      2,
    ),
  );
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const r = await run(process.execPath, [tsc, '-p', '.', '--extendedDiagnostics'], { cwd: consumerDir, timeoutMs: 300_000 });
  const field = (name: string) => new RegExp(`^${name}:\\s+(.+)$`, 'm').exec(r.stdout)?.[1]?.trim() ?? '?';
  const instantiations = Number(field('Instantiations'));
  const result: TypeResult = {
    instantiations,
    types: Number(field('Types')),
    checkTime: field('Check time'),
    totalTime: field('Total time'),
    memory: field('Memory used'),
    wallMs: r.ms,
    ok: r.code === 0 && instantiations <= TYPE_BUDGET.instantiations,
  };
  if (r.code !== 0) result.failure = `tsc exited ${r.code}:\n${tail(r.stdout + r.stderr, 30)}`;
  else if (!result.ok) result.failure = `${instantiations} instantiations, over the budget of ${TYPE_BUDGET.instantiations}`;
  return result;
}

export function printTypes(t: TypeResult): void {
  const mark = t.ok ? '✓' : '✗';
  const pct = ((t.instantiations / TYPE_BUDGET.measured - 1) * 100).toFixed(1);
  console.log(
    `${mark} instantiations ${t.instantiations.toLocaleString('en')} (budget ${TYPE_BUDGET.instantiations.toLocaleString('en')}; ${pct}% vs the ${TYPE_BUDGET.measured.toLocaleString('en')} it was set from)`,
  );
  console.log(`  types ${t.types.toLocaleString('en')}, check time ${t.checkTime}, total ${t.totalTime}, memory ${t.memory}, tsc wall ${seconds(t.wallMs)}`);
}

/** The TypeScript version that measures the type budget. */
export const typescriptVersion = (): string =>
  (JSON.parse(readFileSync(createRequire(import.meta.url).resolve('typescript/package.json'), 'utf8')) as { version: string }).version;
