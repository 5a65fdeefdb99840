/**
 * Exactly once across processes, per durable ledger: four worker processes (test/fixtures/worker.ts), each the real
 * STOVE payment-complete handler on its own loopback port, get the same 500 orders, each delivered 5 times (in
 * three shapes STOVE may use), shuffled, 32 at a time, to any worker; then a worker is killed (SIGKILL) while it
 * holds the claims of 50 orders, and the other workers get those orders again. Every delivery is retried on 409
 * and 5xx until it is acknowledged, as the provider does. Counted in the database: every order granted exactly once.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

export interface Backend {
  /** environment of every worker: LEDGER, URL and the names (table, prefix, grants) */
  env: Record<string, string>;
  /** environment of the i-th of the four workers (e.g. the transaction mode for some) */
  workerEnv?: (i: number) => Record<string, string>;
  /** every grant recorded so far, as [order, worker] */
  grants(): Promise<[order: string, worker: string][]>;
  close?(): Promise<void>;
}

export interface Crash {
  title: string;
  /** environment of the worker that blocks in its grant and is killed (LEASE_MS, TRANSACTIONAL, …) */
  env: Record<string, string>;
}

const WORKER = fileURLToPath(new URL('fixtures/worker.ts', import.meta.url));
const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const ORDERS = 500;
const DELIVERIES = 5;
const CONCURRENCY = 32;
const CRASHED_ORDERS = 50;
/** bounds a hang of a whole scenario (each delivery is bounded too); on a loaded machine a scenario takes seconds */
const SCENARIO_TIMEOUT_MS = 120_000;

interface Worker {
  name: string;
  child: ChildProcess;
  port: number;
  errors: string[];
  blocked: string[];
  output: () => string;
}

/** Forks a worker (TypeScript through tsx) and waits, bounded, until it listens. */
async function startWorker(name: string, env: Record<string, string>): Promise<Worker> {
  const child = fork(WORKER, [], {
    cwd: PACKAGE,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env, WORKER: name },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let text = '';
  const keep = (chunk: Buffer) => (text = (text + chunk.toString()).slice(-8192));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const worker: Worker = { name, child, port: 0, errors: [], blocked: [], output: () => text };
  child.on('message', (m: { port?: number; blocked?: string; error?: string }) => {
    if (m.port) worker.port = m.port;
    if (m.blocked) worker.blocked.push(m.blocked);
    if (m.error) worker.errors.push(m.error);
  });
  await until(() => worker.port > 0, 30_000, () => (child.exitCode !== null ? `worker ${name} exited ${child.exitCode}: ${text}` : undefined), `worker ${name} to listen`);
  return worker;
}

/** Polls `done` every 20 ms; fails on `failed()` or after `ms`. */
async function until(done: () => boolean, ms: number, failed: () => string | undefined, what: string) {
  const deadline = Date.now() + ms;
  while (!done()) {
    const why = failed();
    if (why) throw new Error(why);
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** Order `i` of a run, in the shape `variant` (0: tid and txn_mst_no, 1: txn_mst_no only, 2: tid in lower case). */
function notification(run: string, i: number, variant: number): string {
  const tid = `T${run}${String(i).padStart(5, '0')}`;
  const txn = `${run}${String(i).padStart(6, '0')}`;
  const tidField = variant === 1 ? '' : `"tid":"${variant === 2 ? tid.toLowerCase() : tid}",`;
  return `{"bill_platform_type":"SHOP","noti_type":"ONLINE_PURCHASE","world_id":"AAA","guid":"200000000397",${tidField}"txn_mst_no":${txn},"products":[{"product_id":1}]}`;
}

/** A run id of 8 digits, no leading zero (it starts an int64 order number), different in every test. */
const newRun = (() => {
  let n = 0;
  return () => String(10_000_000 + ((Date.now() + ++n) % 90_000_000));
})();

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Delivers until acknowledged: 409 (another delivery holds it), 5xx and a refused connection are retried with backoff. */
async function deliver(workers: readonly Worker[], body: string, deadlineMs = 45_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  let last = '';
  for (let attempt = 0; ; attempt++) {
    const worker = workers[Math.floor(Math.random() * workers.length)]!;
    try {
      const res = await fetch(`http://127.0.0.1:${worker.port}/stove/payment-complete`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const text = await res.text();
      if (res.status === 200) {
        expect(JSON.parse(text)).toMatchObject({ code: 0 });
        return;
      }
      if (res.status !== 409 && res.status < 500) throw new Error(`worker ${worker.name} answered ${res.status}: ${text}`);
      last = `${res.status} ${text}`;
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('worker ')) throw error;
      last = String(error);
    }
    if (Date.now() > deadline) throw new Error(`delivery not acknowledged within ${deadlineMs} ms (last: ${last}): ${body}`);
    await sleep(Math.min(200, 10 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random()));
  }
}

/** Runs `tasks` with at most `limit` in flight. */
async function inFlight<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}

const grantsOf = (grants: [string, string][], orders: ReadonlySet<string>) => grants.filter(([order]) => orders.has(order));

export function multiProcessSuite(name: string, open: () => Promise<Backend>, crashes: Crash[]) {
  describe(`${name}: four worker processes`, () => {
    let backend!: Backend;
    const workers: Worker[] = [];
    const extra: Worker[] = [];

    beforeAll(async () => {
      backend = await open();
      workers.push(
        ...(await Promise.all(Array.from({ length: 4 }, (_, i) => startWorker(`w${i}`, { ...backend.env, LEASE_MS: '60000', ...backend.workerEnv?.(i) })))),
      );
    });

    afterAll(async () => {
      for (const w of [...workers, ...extra]) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
      await backend?.close?.();
    });

    it(`${ORDERS} orders × ${DELIVERIES} deliveries, shuffled, ${CONCURRENCY} at a time, to any worker: each granted exactly once`, async () => {
      const run = newRun();
      const orders = new Set(Array.from({ length: ORDERS }, (_, i) => `${run}${String(i).padStart(6, '0')}`));
      const bodies = shuffle(Array.from({ length: ORDERS * DELIVERIES }, (_, k) => notification(run, k % ORDERS, Math.floor(k / ORDERS) % 3)));
      await inFlight(CONCURRENCY, bodies.map((body) => () => deliver(workers, body)));

      const granted = grantsOf(await backend.grants(), orders);
      expect(new Set(granted.map(([order]) => order))).toEqual(orders); // 0 lost
      expect(granted).toHaveLength(ORDERS); // 0 doubles
      expect(new Set(granted.map(([, worker]) => worker)).size).toBeGreaterThan(1); // the work really was spread
      expect(workers.flatMap((w) => w.errors)).toEqual([]);
    }, SCENARIO_TIMEOUT_MS);

    for (const crash of crashes) {
      it(`${crash.title}: killed between claim and commit for ${CRASHED_ORDERS} orders, redelivered to the others: each granted exactly once`, async () => {
        const victim = await startWorker(`victim${extra.length}`, { ...backend.env, ...crash.env, BLOCK: '1' });
        extra.push(victim);
        const run = newRun();
        const bodies = Array.from({ length: CRASHED_ORDERS }, (_, i) => notification(run, i, 0));
        const orders = new Set(Array.from({ length: CRASHED_ORDERS }, (_, i) => `${run}${String(i).padStart(6, '0')}`));
        // the victim's answers never come: it dies holding the claims
        const pending = bodies.map((body) =>
          fetch(`http://127.0.0.1:${victim.port}/stove/payment-complete`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).catch(() => undefined),
        );
        await until(() => victim.blocked.length === CRASHED_ORDERS, 30_000, () => victim.output() || undefined, `${CRASHED_ORDERS} claims held by the victim`);
        victim.child.kill('SIGKILL');
        await Promise.all(pending);

        await inFlight(CONCURRENCY, bodies.map((body) => () => deliver(workers, body)));
        const granted = grantsOf(await backend.grants(), orders);
        expect(new Set(granted.map(([order]) => order))).toEqual(orders);
        expect(granted).toHaveLength(CRASHED_ORDERS);
        expect(workers.flatMap((w) => w.errors)).toEqual([]);
      }, SCENARIO_TIMEOUT_MS);
    }
  });
}
