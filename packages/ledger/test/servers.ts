/**
 * Real PostgreSQL and Redis servers for the tests and `pnpm bench`: Debian's binaries (`apt-get install -y
 * postgresql redis-server`), each started on a free loopback port in a temporary directory and stopped (and the
 * directory removed) by `stop()`. No Docker. PostgreSQL refuses to run as root: as root, the directory is handed to
 * the `postgres` user and the server runs through `runuser`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface Server {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

const INSTALL = 'apt-get install -y postgresql redis-server';

/** A free TCP port on 127.0.0.1 (the OS picks it; the listener closes at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}


/** Keeps the last 8 KB a child wrote, for the error message when it fails. */
function tail(child: ChildProcess): () => string {
  let text = '';
  const keep = (chunk: Buffer) => (text = (text + chunk.toString()).slice(-8192));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => text;
}

/** Polls `ready` every 100 ms until it resolves, the child exits, or `timeoutMs` passes (each a clear error). */
async function waitReady(what: string, child: ChildProcess, output: () => string, ready: () => Promise<unknown>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}) before accepting connections:\n${output()}`);
    }
    try {
      await ready();
      return;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what} did not accept connections within ${timeoutMs} ms (${String(last)}):\n${output()}`);
    await sleep(100);
  }
}

/** Whether `promise` settles within `ms` (the timer is cleared either way, so it never holds the process open). */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Sends each signal in turn until the child exits, waiting (bounded) after each. */
async function stopChild(child: ChildProcess, steps: [signal: () => void, waitMs: number][]) {
  const exited = new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));
  for (const [signal, waitMs] of steps) {
    if (child.exitCode !== null || child.signalCode !== null) return;
    signal();
    if (await within(exited, waitMs)) return;
  }
}

function postgresBin(): string {
  const candidates = [
    process.env.PG_BIN,
    ...(existsSync('/usr/lib/postgresql')
      ? readdirSync('/usr/lib/postgresql')
          .filter((v) => /^\d+$/.test(v))
          .sort((a, b) => Number(b) - Number(a))
          .map((v) => `/usr/lib/postgresql/${v}/bin`)
      : []),
  ];
  const bin = candidates.find((dir) => dir && existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'postgres')));
  if (!bin) throw new Error(`PostgreSQL server binaries (initdb, postgres) not found under /usr/lib/postgresql/<version>/bin or $PG_BIN: install them with \`${INSTALL}\``);
  return bin;
}

/** As root, commands run as the `postgres` user (PostgreSQL refuses root). */
function asPostgres(): { wrap: (cmd: string, args: string[]) => [string, string[]]; uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return { wrap: (cmd, args) => [cmd, args] };
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0) throw new Error(`running as root, and there is no \`postgres\` user to run PostgreSQL as: \`${INSTALL}\` creates it`);
  return { wrap: (cmd, args) => ['runuser', ['-u', 'postgres', '--', cmd, ...args]], uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

/** A server process started on `port`, and how to stop it (its directory stays). */
interface Launched {
  child: ChildProcess;
  halt(): Promise<void>;
}

/**
 * Starts a server on a free port and waits until `ready(port)` answers. Another process can take the port between
 * our probe and the server's bind: then it tries another port (three attempts).
 */
async function launch(what: string, start: (port: number) => Launched, ready: (port: number) => Promise<unknown>) {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const { child, halt } = start(port);
    try {
      await waitReady(`${what} on port ${port}`, child, tail(child), () => ready(port));
      return { port, halt };
    } catch (error) {
      await halt();
      if (attempt < 3 && /Address already in use/.test(String(error))) continue;
      throw error;
    }
  }
}

/** Runs `start` in a fresh temporary directory that `stop()` (or a failed start) removes. */
async function inTempDir(prefix: string, start: (dir: string) => Promise<{ url: string; port: number; halt(): Promise<void> }>): Promise<Server> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  try {
    const { url, port, halt } = await start(dir);
    return { url, port, stop: async () => (await halt(), rmSync(dir, { recursive: true, force: true })) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * PostgreSQL with trust authentication on 127.0.0.1 (user `postgres`, database `postgres`). `durable: false`
 * (the default, for tests) turns fsync and synchronous commit off; the bench keeps them on.
 */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<Server> {
  const bin = postgresBin();
  const user = asPostgres();
  return inTempDir('gamestore-pg-', async (dir) => {
    const data = path.join(dir, 'data');
    if (user.uid !== undefined) chownSync(dir, user.uid, user.gid!);
    const [initCmd, initArgs] = user.wrap(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
    const init = spawnSync(initCmd, initArgs, { encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`initdb failed (${init.status ?? init.error}):\n${init.stdout}${init.stderr}`);
    const settings = ['listen_addresses=127.0.0.1', 'max_connections=300', ...(options.durable ? [] : ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'])];
    const url = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`;
    const { port, halt } = await launch(
      'postgres',
      (port) => {
        const [cmd, args] = user.wrap(path.join(bin, 'postgres'), ['-D', data, '-p', String(port), '-k', dir, ...settings.flatMap((s) => ['-c', s])]);
        const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        // signals go to the postmaster itself (runuser sits between us and it when we are root)
        const signal = (sig: NodeJS.Signals) => () => {
          try {
            const pid = Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
            process.kill(pid > 0 ? pid : child.pid!, sig);
          } catch {
            child.kill(sig);
          }
        };
        // smart shutdown first (clients that are closing finish cleanly), fast shutdown if one lingers, then kill
        const halt = () => stopChild(child, [[signal('SIGTERM'), 5_000], [signal('SIGINT'), 10_000], [signal('SIGKILL'), 5_000]]);
        return { child, halt };
      },
      async (port) => {
        const client = new pg.Client({ connectionString: url(port), connectionTimeoutMillis: 2_000 });
        try {
          await client.connect();
          await client.query('SELECT 1');
        } finally {
          await client.end().catch(() => undefined);
        }
      },
    );
    return { url: url(port), port, halt };
  });
}

/** Redis on 127.0.0.1: without persistence (the default, for tests), or `durable` with an append-only file fsynced every second. */
export async function startRedis(options: { durable?: boolean } = {}): Promise<Server> {
  const which = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (which.error || which.status !== 0) throw new Error(`redis-server not found on PATH: install it with \`${INSTALL}\``);
  const persistence = options.durable ? ['--appendonly', 'yes', '--appendfsync', 'everysec'] : ['--appendonly', 'no'];
  return inTempDir('gamestore-redis-', async (dir) => {
    const { port, halt } = await launch(
      'redis-server',
      (port) => {
        const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
        const halt = () => stopChild(child, [[() => child.kill('SIGTERM'), 10_000], [() => child.kill('SIGKILL'), 5_000]]);
        return { child, halt };
      },
      ping,
    );
    return { url: `redis://127.0.0.1:${port}`, port, halt };
  });
}

/** One PING over a raw socket: resolves on +PONG. */
function ping(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const fail = (error: Error) => (socket.destroy(), reject(error));
    socket.setTimeout(2_000, () => fail(new Error('PING timed out')));
    socket.once('error', fail);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      if (data.toString().startsWith('+PONG')) resolve();
      else reject(new Error(`PING answered ${JSON.stringify(data.toString())}`));
    });
  });
}
