/**
 * The server-side runtimes: Node 20 (the machine's), Node 22 and 24 (the registry's `node` package), Bun and Deno,
 * the last four through npx, whose cache (`<npm cache>/_npx`) keeps the downloads for the next run.
 *
 * Each runtime runs twice: `--version` first (on a cold npx cache this is the download), then the consumer
 * (`consumer/runtime.mjs`) from the installed tarballs. Both are timed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cleanEnv, run, tail, type RunResult } from './proc.js';

export interface Runtime {
  id: string;
  label: string;
  /** npm package that npx downloads (none for the machine's Node) */
  npxPackage?: { name: string; major: number };
  command(args: readonly string[]): [string, string[]];
  /** the arguments that run a script in the consumer folder */
  script(file: string, arg: string): string[];
}

const npx = (pkg: string, bin?: string) => (args: readonly string[]): [string, string[]] =>
  bin ? ['npx', ['-y', '-p', pkg, '--', bin, ...args]] : ['npx', ['-y', pkg, ...args]];

export const RUNTIMES: Runtime[] = [
  {
    id: 'node20',
    label: 'Node (this machine)',
    command: (args) => [process.execPath, [...args]],
    script: (file, arg) => [file, arg],
  },
  {
    id: 'node22',
    label: 'Node 22',
    npxPackage: { name: 'node', major: 22 },
    command: npx('node@22', 'node'),
    script: (file, arg) => [file, arg],
  },
  {
    id: 'node24',
    label: 'Node 24',
    npxPackage: { name: 'node', major: 24 },
    command: npx('node@24', 'node'),
    script: (file, arg) => [file, arg],
  },
  {
    id: 'bun',
    label: 'Bun 1',
    npxPackage: { name: 'bun', major: 1 },
    command: npx('bun@1'),
    script: (file, arg) => [file, arg],
  },
  {
    id: 'deno',
    label: 'Deno 2',
    npxPackage: { name: 'deno', major: 2 },
    command: npx('deno@2'),
    // node_modules as npm installed it (no registry, no remote modules); network and reads kept to what it needs
    script: (file, arg) => ['run', '--node-modules-dir=manual', '--cached-only', '--no-remote', '--allow-net=127.0.0.1', '--allow-read=.', file, arg],
  },
];

let npmCache: string | undefined;

/** Whether npx's cache (`<npm config get cache>/_npx`) already holds `name@major`, so the first run is no download. */
export function npxCached(name: string, major: number): boolean {
  npmCache ??= execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8', env: cleanEnv(), stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  const dir = path.join(npmCache, '_npx');
  if (!existsSync(dir)) return false;
  for (const entry of readdirSync(dir)) {
    const manifest = path.join(dir, entry, 'node_modules', name, 'package.json');
    if (!existsSync(manifest)) continue;
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    if (Number(version.split('.')[0]) === major) return true;
  }
  return false;
}

export interface ServedResult {
  result: string;
  how: string;
}

export interface RuntimeOutcome {
  runtime: Runtime;
  /** the version the runtime reported */
  version: string;
  cachedBefore: boolean | undefined;
  first: RunResult;
  second: RunResult | undefined;
  /** per package: 'ok' or why it failed */
  results: Record<string, string>;
  served: ServedResult | undefined;
  allowList: ServedResult | undefined;
  /** set when the runtime could not run the consumer at all */
  failure?: string;
}

const RESULT = /^SMOKE_RESULT (.*)$/m;

/** Runs one runtime: its version, then the consumer against the fixture server. */
export async function runRuntime(runtime: Runtime, consumerDir: string, fixtureUrl: string): Promise<RuntimeOutcome> {
  const env = cleanEnv();
  const cachedBefore = runtime.npxPackage ? npxCached(runtime.npxPackage.name, runtime.npxPackage.major) : undefined;
  const [vcmd, vargs] = runtime.command(['--version']);
  const first = await run(vcmd, vargs, { cwd: consumerDir, timeoutMs: 300_000, env });
  const version = first.stdout.trim().split('\n')[0]?.trim() ?? '?';
  const outcome: RuntimeOutcome = { runtime, version, cachedBefore, first, second: undefined, results: {}, served: undefined, allowList: undefined };
  if (first.code !== 0) {
    outcome.failure = `${first.timedOut ? 'timed out' : `exit ${first.code}`}: ${tail(first.stderr + first.stdout)}`;
    return outcome;
  }
  const [cmd, args] = runtime.command(runtime.script('runtime.mjs', fixtureUrl));
  const second = await run(cmd, args, { cwd: consumerDir, timeoutMs: 120_000, env });
  outcome.second = second;
  const line = RESULT.exec(second.stdout);
  if (second.code !== 0 || !line) {
    outcome.failure = `${second.timedOut ? 'timed out' : `exit ${second.code}`}: ${tail(second.stderr + second.stdout)}`;
    return outcome;
  }
  const parsed = JSON.parse(line[1]!) as { runtime: string; results: Record<string, string>; served: ServedResult; allowList?: ServedResult };
  outcome.version = parsed.runtime;
  outcome.results = parsed.results;
  outcome.served = parsed.served;
  outcome.allowList = parsed.allowList;
  return outcome;
}
