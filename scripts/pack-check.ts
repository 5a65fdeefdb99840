/**
 * Proves each published package works from its tarball, outside the workspace:
 *   1. `publint --strict` and `attw --pack --profile esm-only` on the package folder;
 *   2. `pnpm pack` every published package;
 *   3. a fresh project in the OS temp folder installs all tarballs with plain npm, imports each package as
 *      ESM under Node, type-checks a consumer file with `tsc` (moduleResolution NodeNext), and runs the bins.
 * Run after `pnpm build`. Exits non-zero on the first failure, naming the step.
 */
import { execFileSync, spawn, type ExecFileSyncOptions } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  entryPoints,
  installTarballs,
  packPackage,
  pnpmProject,
  publishedPackages,
  sh as run,
  StepError,
  workspaceTypeScriptVersion,
} from '../smoke/src/pack.js';
import { extractQuickStart } from '../docs/scripts/model.js';
import { ROOT } from './generate.js';

const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);

function sh(step: string, cmd: string, args: string[], opts: ExecFileSyncOptions = {}): string {
  try {
    return run(step, cmd, args, opts);
  } catch (e) {
    if (!(e instanceof StepError)) throw e;
    console.error(`✗ ${e.step}\n${e.output}`);
    process.exit(1);
  }
}

/** A shared step that throws a `StepError`: print it and stop, as `sh` does. */
function step<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof StepError)) throw e;
    console.error(`✗ ${e.step}\n${e.output}`);
    process.exit(1);
  }
}

const packages = publishedPackages(ROOT);

const work = mkdtempSync(path.join(tmpdir(), 'gamestore-pack-'));
const tarballs: string[] = [];
try {
  for (const p of packages) {
    sh(`publint ${p.name}`, bin('publint'), ['--strict', p.dir]);
    sh(`attw ${p.name}`, bin('attw'), ['--pack', p.dir, '--profile', 'esm-only', '--format', 'ascii']);
    const tgz = step(() => packPackage(p, work));
    tarballs.push(tgz);
    console.log(`✓ ${p.name}@${p.version}: publint, attw, packed ${path.basename(tgz)}`);
  }

  const consumer = path.join(work, 'consumer');
  step(() => installTarballs(consumer, tarballs, [`typescript@${workspaceTypeScriptVersion(ROOT)}`, '@types/node@20']));

  // ESM import of every entry point, at run time
  const imports = packages.flatMap(entryPoints);
  writeFileSync(
    path.join(consumer, 'smoke.mjs'),
    `${imports.map((m, i) => `import * as m${i} from '${m}';`).join('\n')}
const mods = { ${imports.map((m, i) => `'${m}': m${i}`).join(', ')} };
for (const [name, mod] of Object.entries(mods)) {
  if (Object.keys(mod).length === 0) throw new Error(name + ' exports nothing');
}
const hive = mods['@gamestore/hive'];
if (hive) {
  const handler = hive.createWebstoreProfileHandler({ lookup: () => [{ server_id: '1', server_name: 'S' }] });
  const res = await handler(new Request('http://x/webstore-profile', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"cs_code":9223372036854775807}' }));
  const text = await res.text();
  if (!text.includes('"cs_code":9223372036854775807')) throw new Error('hive handler lost digits: ' + text);
}
console.log('imported ' + Object.keys(mods).join(', '));
`,
  );
  console.log(`✓ ESM import: ${sh('ESM import', process.execPath, ['smoke.mjs'], { cwd: consumer }).trim()}`);

  // type-check a consumer against the published .d.ts files
  writeFileSync(
    path.join(consumer, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, lib: ['ES2022', 'DOM'], types: ['node'], skipLibCheck: false } }),
  );
  writeFileSync(
    path.join(consumer, 'consumer.ts'),
    `import { GamestoreError, parseJson, type ApiClient } from '@gamestore/core';
import { toNodeListener } from '@gamestore/core/node';
import { createWebstoreProfileHandler, createHiveWebshopClient, type WebstoreProfileResponse } from '@gamestore/hive';
import { migrationSql, pgLedger } from '@gamestore/ledger/pg';
import { pgliteLedger } from '@gamestore/ledger/pglite';
import { redisLedger } from '@gamestore/ledger/redis';
// the ledger entries type-check with no driver installed: they take the user's pool or client
export const ledgers = [pgLedger({ pool: { query: async () => ({ rows: [] }) } }), redisLedger({ client: { sendCommand: async () => null } }), pgliteLedger];
export const ledgerSql: string = migrationSql();
const handler = createWebstoreProfileHandler({ lookup: async ({ csCode }) => (csCode ? [{ server_id: '1', server_name: 'S' }] : null) });
toNodeListener(handler);
const client = createHiveWebshopClient({ baseUrl: 'http://127.0.0.1:1' });
export const answer: Promise<WebstoreProfileResponse> = client.getWebstoreProfile('1');
export const csCode: string = (parseJson('{"cs_code":1}', { keys: ['cs_code'] }) as WebstoreProfileResponse).cs_code;
export const isError = (e: unknown) => e instanceof GamestoreError;
export type C = ApiClient<{}>;
`,
  );
  sh('tsc in the consumer', path.join(consumer, 'node_modules', '.bin', 'tsc'), ['-p', '.'], { cwd: consumer });
  console.log('✓ consumer type-checks against the published types');

  for (const p of packages) {
    for (const name of Object.keys(p.bin ?? {})) {
      const r = (() => {
        try {
          execFileSync(path.join(consumer, 'node_modules', '.bin', name), ['--help'], { stdio: 'pipe' });
          return 0;
        } catch (e) {
          return (e as { status?: number }).status ?? -1;
        }
      })();
      if (r !== 2) {
        console.error(`✗ bin ${name} --help exited ${r}, expected the usage exit status 2`);
        process.exit(1);
      }
      console.log(`✓ bin ${name} runs from the installed package`);
    }
  }

  await hiveQuickStart(path.join(work, 'hive-only'));
} finally {
  rmSync(work, { recursive: true, force: true });
}

/**
 * A fresh pnpm project with only `@gamestore/hive` (its `@gamestore/core` dependency comes from the tarball, as it
 * would from the registry) runs the README's quick start unchanged: the handler answers on the port it listens on.
 * The quick start listens on 8080; a preload moves that one port to a free one, so two runs side by side never clash.
 */
async function hiveQuickStart(dir: string): Promise<void> {
  step(() => pnpmProject(dir, packages.map((p, i) => ({ name: p.name, tarball: tarballs[i]! })), ['@gamestore/hive']));
  const quickStart = extractQuickStart(readFileSync(path.join(ROOT, 'packages', 'hive', 'README.md'), 'utf8'));
  if (!quickStart) throw new Error('packages/hive/README.md has no ```ts block under "## Quick start"');
  writeFileSync(path.join(dir, 'quickstart.mjs'), quickStart);
  writeFileSync(
    path.join(dir, 'free-port.mjs'),
    `import net from 'node:net';
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (port, ...rest) {
  this.once('listening', () => process.stdout.write('listening ' + this.address().port + '\\n'));
  return listen.call(this, port === 8080 ? 0 : port, ...rest);
};
`,
  );
  const child = spawn(process.execPath, ['--import', './free-port.mjs', 'quickstart.mjs'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    let output = '';
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the quick start did not listen within 30 s:\n${output}`)), 30_000);
      child.stdout!.on('data', (d: Buffer) => {
        output += d.toString();
        const m = /listening (\d+)/.exec(output);
        if (m) (clearTimeout(timer), resolve(Number(m[1])));
      });
      child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      child.on('exit', (code) => (clearTimeout(timer), reject(new Error(`the quick start exited ${code}:\n${output}`))));
    });
    // 127.0.0.1 is not one of Hive's addresses: the allow-listed handler answers the documented 403
    const res = await fetch(`http://127.0.0.1:${port}/webstore-profile`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"cs_code":1}' });
    const body = (await res.json()) as { error_code?: string };
    if (res.status !== 403 || body.error_code !== 'forbidden') throw new Error(`the quick start answered ${res.status} ${JSON.stringify(body)}`);
    console.log('✓ a fresh pnpm project with only @gamestore/hive runs the README quick start unchanged (answers on its port)');
  } catch (e) {
    console.error(`✗ hive quick start in a fresh pnpm project\n${e instanceof Error ? e.message : e}`);
    process.exitCode = 1;
  } finally {
    child.kill();
  }
}
