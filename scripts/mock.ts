/**
 * Local mock servers made from the specs, with Prism (@stoplight/prism-cli), on 127.0.0.1 only.
 *
 *   pnpm mock xsolla-catalog            one API of redocly.yaml on http://127.0.0.1:4010
 *   pnpm mock all                       every API of redocly.yaml, each on its own port (4010, 4011, …)
 *   pnpm mock all --port 5000           other ports (`--port 0`: any free ports)
 *   pnpm mock stove-bill-store --quiet  only Prism's warnings and errors
 *
 * Request validation is on (`--errors`): a request that breaks the spec is answered with an error status
 * (the spec's 4xx, else 422) and an `sl-violations` header naming every violation, never with a mock answer.
 * Each spec is bundled by Redocly into one JSON file first (Prism reads it without multi-file `$ref`s).
 * Ctrl+C or SIGTERM stops every Prism; a Prism whose parent dies stops by itself (its stdin closes).
 *
 * Servers: Prism serves every path of a spec at the root of its base URL. It ignores the servers' base paths
 * (`https://store.xsolla.com/api` → `/v2/…` on the mock) and the servers that single paths document for
 * themselves (Xsolla's item import on connector.xsolla.com, Hive's OAuth token on auth.qpyou.cn): one mock base
 * URL stands for every server of the spec. Point the clients at it with
 *   Xsolla  { baseUrl: mock, operationServers: { 'https://connector.xsolla.com': mock } }
 *   STOVE   { baseUrl: mock }
 *   Hive    webshop client / `gamestore-hive check`: the mock URL; purchase-limit client: it has no base URL
 *           option, so a `fetch` that replaces the origin of each request with the mock's.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { connect, createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readApis, ROOT, type ApiEntry } from './generate.js';
import { loadSpec } from './spec.js';

const HOST = '127.0.0.1';
export const DEFAULT_PORT = 4010;
const PRISM = createRequire(import.meta.url).resolve('@stoplight/prism-cli');
/**
 * Runs Prism's CLI in the spawned process, which exits (removing the bundled spec's folder) when the parent's end
 * of its stdin closes: a Prism never outlives the process that started it, even one killed with SIGKILL.
 */
const guard = (dir: string) => `process.stdin.on('end', () => process.exit(0)).on('error', () => process.exit(0)).resume();
process.on('exit', () => require('node:fs').rmSync(${JSON.stringify(dir)}, { recursive: true, force: true }));
process.argv.splice(1, 0, ${JSON.stringify(PRISM)});
require(${JSON.stringify(PRISM)});`;

export interface MockServer {
  /** the API name in redocly.yaml */
  api: string;
  /** `http://127.0.0.1:<port>`: the base URL for every server of the spec */
  url: string;
  port: number;
  /** Prism's process id (also its process group id) */
  pid: number;
  /** ms from spawning Prism to its first accepted connection */
  startMs: number;
  /** the last lines Prism printed */
  log(): string;
  /** settles when Prism's process has ended, with its exit code or signal */
  exited: Promise<number | string | null>;
  /** stops Prism (SIGTERM to its process group, SIGKILL after 3 s) and removes the bundled spec */
  stop(): Promise<void>;
}

export interface MockOptions {
  /** port to listen on (default 4010; 0: a free port) */
  port?: number | undefined;
  /** give up when Prism has not accepted a connection after this many ms (default 30 000) */
  timeoutMs?: number | undefined;
  /** Prism's log level (default `info`: one block per request, violations included) */
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'silent' | undefined;
  /** called with every line Prism prints */
  onLine?: ((line: string, api: string) => void) | undefined;
}

const running = new Set<number>();
process.on('exit', () => {
  for (const pid of running) kill(pid, 'SIGKILL');
});

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `port` if it is free on 127.0.0.1 (0: any free port); a port in use throws, naming it. */
export function freePort(port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' ? new Error(`port ${port} on ${HOST} is in use (another pnpm mock? pass --port)`) : e),
    );
    server.listen(port, HOST, () => {
      const { port: free } = server.address() as { port: number };
      server.close(() => resolve(free));
    });
  });
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: HOST, port }, () => {
      socket.destroy();
      resolve(true);
    }).once('error', () => resolve(false));
  });

/** Resolves the API names of redocly.yaml (`all`: every one); an unknown name throws, listing the known ones. */
export async function apisNamed(names: readonly string[]): Promise<ApiEntry[]> {
  const apis = await readApis();
  if (names.includes('all')) return apis;
  return names.map((name) => {
    const api = apis.find((a) => a.name === name);
    if (!api) throw new Error(`unknown API '${name}': redocly.yaml lists ${apis.map((a) => a.name).join(', ')} (or: all)`);
    return api;
  });
}

/**
 * The document a mock serves: the API's spec bundled into one document, with every integer example beyond 2^53 − 1
 * shortened (trailing digits dropped until it fits). Prism reads JSON numbers into doubles and its `int64` check
 * refuses larger values, in requests and in its own answers; exact int64 digits are proven by the packages'
 * raw-text fixtures instead. Shortening keeps equal order numbers equal and different ones (mostly) different.
 */
export async function mockDocument(api: ApiEntry): Promise<Record<string, unknown>> {
  return withinDoubles(await loadSpec(path.join(ROOT, api.root)), false) as Record<string, unknown>;
}

function withinDoubles(node: unknown, inExample: boolean): unknown {
  if (typeof node === 'number' && inExample && Number.isInteger(node)) {
    let n = node;
    while (Math.abs(n) > Number.MAX_SAFE_INTEGER) n = Math.trunc(n / 10);
    return n;
  }
  if (Array.isArray(node)) return node.map((v) => withinDoubles(v, inExample));
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withinDoubles(v, inExample || k === 'example' || k === 'examples')]));
}

/** Writes the mock's document of the API into `<dir>/<api>.json` and returns that path. */
export async function bundleSpec(api: ApiEntry, dir: string): Promise<string> {
  const file = path.join(dir, `${api.name}.json`);
  await writeFile(file, JSON.stringify(await mockDocument(api)));
  return file;
}

/** Starts Prism for one API and resolves once it accepts connections. */
export async function startMock(api: ApiEntry, options: MockOptions = {}): Promise<MockServer> {
  const port = await freePort(options.port ?? DEFAULT_PORT);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gamestore-mock-'));
  const lines: string[] = [];
  const record = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split(/\r?\n/)) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > 40) lines.shift();
      options.onLine?.(line, api.name);
    }
  };
  let file: string;
  try {
    file = await bundleSpec(api, dir);
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  const started = performance.now();
  const args = ['mock', file, '--host', HOST, '--port', String(port), '--errors', '--verboseLevel', options.logLevel ?? 'info'];
  const child = spawn(process.execPath, ['-e', guard(dir), ...args], { cwd: ROOT, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  const pid = child.pid!;
  running.add(pid);
  child.stdout.on('data', record);
  child.stderr.on('data', record);
  let exited: number | string | null | undefined;
  const exit = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = code ?? signal;
      running.delete(pid);
      resolve(exited);
    }),
  );
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (exited === undefined) {
        kill(pid, 'SIGTERM');
        await Promise.race([exit, sleep(3_000)]);
        if (exited === undefined) kill(pid, 'SIGKILL');
        await exit;
      }
      child.stdin.destroy();
      await rm(dir, { recursive: true, force: true });
    })());

  const deadline = started + timeoutMs;
  while (!(await accepts(port))) {
    if (exited !== undefined || performance.now() > deadline) {
      const why = exited !== undefined ? `exited (${exited})` : `did not accept connections within ${timeoutMs} ms`;
      await stop();
      throw new Error(`Prism for ${api.name} on port ${port} ${why}:\n${lines.join('\n')}`);
    }
    await sleep(50);
  }
  return {
    api: api.name,
    url: `http://${HOST}:${port}`,
    port,
    pid,
    startMs: Math.round(performance.now() - started),
    log: () => lines.join('\n'),
    exited: exit,
    stop,
  };
}

/**
 * Starts one Prism per API, all at once, on `port`, `port + 1`, … (or free ports for `port: 0`). If any fails to
 * start, the others are stopped and the error is thrown.
 */
export async function startMocks(apis: readonly ApiEntry[], options: MockOptions = {}): Promise<MockServer[]> {
  const base = options.port ?? DEFAULT_PORT;
  const results = await Promise.allSettled(apis.map((api, i) => startMock(api, { ...options, port: base === 0 ? 0 : base + i })));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (failed) {
    await stopMocks(started);
    throw failed.reason;
  }
  return started;
}

export async function stopMocks(mocks: readonly MockServer[]): Promise<void> {
  await Promise.all(mocks.map((m) => m.stop()));
}

let shuttingDown = false;

/**
 * Stops `mocks` and exits with `code` on SIGINT, SIGTERM, SIGHUP, or when this process's parent dies (a
 * `pnpm mock` whose pnpm got SIGTERM): no Prism outlives the command.
 */
export function stopOnExit(mocks: () => readonly MockServer[], code = 0): void {
  const shutdown = (why: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    console.log(`\n${why}: stopping ${mocks().length} mock(s)`);
    void stopMocks(mocks()).finally(() => process.exit(code));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal));
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && shutdown('parent process ended'), 500).unref();
}

const USAGE = `usage: pnpm mock <api>… | all [--port <n>] [--quiet]

  <api>     an API name of redocly.yaml, e.g. xsolla-catalog (several may be given); all: every one
  --port    the first port (default ${DEFAULT_PORT}; 0: free ports)
  --quiet   print only Prism's warnings and errors, not every request`;

async function main(argv: string[]): Promise<void> {
  let args;
  try {
    args = parseArgs({
      args: argv.filter((a) => a !== '--'), // `pnpm mock -- all` may pass the `--` on
      options: { port: { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : e}\n${USAGE}`);
  }
  const { values, positionals: names } = args;
  if (values.help) return console.log(USAGE);
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  const quiet = values.quiet === true;
  if (!names.length) throw new Error(USAGE);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be a port number\n${USAGE}`);
  const apis = await apisNamed(names);
  const width = Math.max(...apis.map((a) => a.name.length));
  let mocks: MockServer[] = [];
  let ready = false;
  stopOnExit(() => mocks);
  mocks = await startMocks(apis, {
    port,
    logLevel: quiet ? 'warn' : 'info',
    onLine: (line, api) => ready && console.log(`[${api}] ${line}`),
  });
  ready = true;
  console.log('Prism mocks of redocly.yaml (request validation on):');
  for (const m of mocks) {
    const root = apis.find((a) => a.name === m.api)!.root;
    console.log(`  ${m.api.padEnd(width)}  ${m.url}  ${root}  (ready in ${m.startMs} ms)`);
  }
  console.log('Every server of a spec maps to its mock URL (see scripts/mock.ts). Ctrl+C stops.');
  // a Prism that dies on its own takes the others down, and the command fails
  const dead = await Promise.race(mocks.map((m) => m.exited.then(() => m)));
  if (shuttingDown) return;
  console.error(`Prism for ${dead.api} stopped unexpectedly:\n${dead.log()}`);
  await stopMocks(mocks);
  process.exit(1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
