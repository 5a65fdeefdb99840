/**
 * Grant-ledger throughput (issue 19): claim + commit of a fresh key, per second, through each ledger of
 * @gamestore/ledger and core's memory store, on loopback. PostgreSQL and Redis are Debian's servers, started here
 * in a temporary directory (the helper the ledger tests use) with durable settings; PGlite runs in memory.
 * Run by `pnpm bench` (all) or `pnpm bench --only ledger` (this section alone). No budget: the figures measure
 * the database and the disk far more than the library.
 */
import { createRequire } from 'node:module';
import { memoryIdempotencyStore, type IdempotencyStore } from '../packages/core/src/index.js';
import { migrate, pgLedger } from '../packages/ledger/src/pg.js';
import { pgliteLedger } from '../packages/ledger/src/pglite.js';
import { redisLedger } from '../packages/ledger/src/redis.js';
import { startPostgres, startRedis } from '../packages/ledger/test/servers.js';
import { median } from './stats.js';

// the drivers are the ledger package's (dev) dependencies
const require = createRequire(new URL('../packages/ledger/package.json', import.meta.url));
const pg = require('pg') as typeof import('pg');
const { createClient } = require('redis') as typeof import('redis');

export interface LedgerRow {
  name: string;
  /** claim+commit pairs per second, one pair in flight */
  sequential_per_s: number;
  /** median time of one pair, one in flight (µs) */
  pair_median_us: number;
  /** claim+commit pairs per second, `IN_FLIGHT` pairs in flight */
  concurrent_per_s: number;
}

export const IN_FLIGHT = 32;

type Pair = (key: string) => Promise<void>;
const leasePair = (store: IdempotencyStore): Pair => async (key) => {
  const claim = await store.claim(key);
  if (claim.state !== 'claimed' || !(await store.commit(key, claim.token))) throw new Error(`bench: ${key} was not claimed and committed`);
};

let serial = 0;
/** Runs `n` pairs, `inFlight` at a time; answers pairs per second and each pair's time (ns). */
async function run(pair: Pair, n: number, inFlight: number) {
  const prefix = `bench:${process.pid}:${Date.now()}:${++serial}:`;
  const times: number[] = [];
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < n) {
        const key = prefix + next++;
        const t = process.hrtime.bigint();
        await pair(key);
        times.push(Number(process.hrtime.bigint() - t));
      }
    }),
  );
  return { perSecond: n / (Number(process.hrtime.bigint() - start) / 1e9), times };
}

async function measure(name: string, pair: Pair, quick: boolean): Promise<LedgerRow> {
  const rounds = quick ? 2 : 3;
  const [sequentialN, concurrentN] = quick ? [100, 600] : [500, 4000];
  await run(pair, 200, 8); // warm-up: connections, plans, JIT
  const sequential: number[] = [];
  const concurrent: number[] = [];
  const pairTimes: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const s = await run(pair, sequentialN, 1);
    sequential.push(s.perSecond);
    pairTimes.push(...s.times);
    concurrent.push((await run(pair, concurrentN, IN_FLIGHT)).perSecond);
  }
  const row = { name, sequential_per_s: median(sequential), pair_median_us: median(pairTimes) / 1e3, concurrent_per_s: median(concurrent) };
  console.log(`  ${name}: ${Math.round(row.sequential_per_s)}/s (1 in flight), ${Math.round(row.concurrent_per_s)}/s (${IN_FLIGHT} in flight)`);
  return row;
}

export interface LedgerBench {
  rows: LedgerRow[];
  versions: { postgres: string; redis: string; pglite: string };
  date: string;
  quick: boolean;
}

export async function benchLedger(quick: boolean): Promise<LedgerBench> {
  console.log('ledger: claim + commit per second');
  const rows: LedgerRow[] = [];
  rows.push(await measure('memory (core, one process)', leasePair(memoryIdempotencyStore()), quick));

  const pglite = await pgliteLedger();
  const pgliteVersion = String(((await pglite.db.query('SELECT version() AS v')).rows[0] as { v: string }).v).match(/PGlite [\d.]+/)?.[0] ?? '?';
  try {
    rows.push(await measure('PGlite (in memory, one process)', leasePair(pglite), quick));
  } finally {
    await pglite.close();
  }

  const [postgres, redis] = await Promise.all([startPostgres({ durable: true }), startRedis({ durable: true })]);
  try {
    const pool = new pg.Pool({ connectionString: postgres.url, max: IN_FLIGHT });
    const client = await createClient({ url: redis.url, disableOfflineQueue: true }).connect();
    try {
      await migrate(pool);
      rows.push(await measure('PostgreSQL, lease path (claim, commit)', leasePair(pgLedger({ pool })), quick));
      const tx = pgLedger({ pool, transactional: true });
      rows.push(
        await measure('PostgreSQL, transaction mode (BEGIN, claim as done, COMMIT)', async (key) => {
          const ran = await tx.transaction([key], async () => undefined);
          if (ran.state !== 'done') throw new Error(`bench: ${key} was ${ran.state}`);
        }, quick),
      );
      rows.push(await measure('Redis (SET NX GET PX, Lua commit)', leasePair(redisLedger({ client })), quick));
      const info = String(await client.sendCommand(['INFO', 'server']));
      return {
        rows,
        versions: {
          postgres: String(((await pool.query('SHOW server_version')).rows[0] as { server_version: string }).server_version),
          redis: /redis_version:([^\r\n]+)/.exec(info)?.[1] ?? '?',
          pglite: pgliteVersion,
        },
        date: new Date().toISOString(),
        quick,
      };
    } finally {
      await pool.end();
      await client.close();
    }
  } finally {
    await Promise.all([postgres.stop(), redis.stop()]);
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** The BENCHMARKS.md section (it is the file's last: `--only ledger` replaces it in place). */
export const LEDGER_HEADING = '## Grant ledger throughput (issue 19)';
export const ledgerMarkdown = (b: LedgerBench) => `${LEDGER_HEADING}

Generated by \`pnpm bench\` (this section alone: \`pnpm bench --only ledger\`) on ${b.date.slice(0, 10)}${b.quick ? ' (quick run)' : ''}, same machine.

One pair is \`claim\` then \`commit\` of a fresh key (what \`runOnce\` does around a grant that succeeds), through each
ledger of \`@gamestore/ledger\` on loopback. PostgreSQL ${b.versions.postgres} and Redis ${b.versions.redis} are Debian's servers
started by the bench in a temporary directory with durable settings: PostgreSQL with \`fsync\` and
\`synchronous_commit\` on (each claim and each commit is its own durable transaction), Redis with an append-only
file fsynced every second. ${b.versions.pglite} runs in memory in the bench's process; the memory store is core's. The
pool (pg) holds ${IN_FLIGHT} connections; Redis is one node-redis connection (commands in flight are pipelined). Each
figure is the median of the rounds. No budget: these measure the database and its disk far more than the library.

| ledger | pairs/s, 1 in flight | median pair | pairs/s, ${IN_FLIGHT} in flight |
| --- | ---: | ---: | ---: |
${b.rows.map((r) => `| ${r.name} | ${fmt(r.sequential_per_s)} | ${r.pair_median_us >= 1000 ? `${(r.pair_median_us / 1000).toFixed(2)} ms` : `${r.pair_median_us.toFixed(1)} µs`} | ${fmt(r.concurrent_per_s)} |`).join('\n')}
`;
