import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { pgliteLedger } from '../src/pglite.js';
import { freshKey, ledgerContract, SHORT_LEASE_MS } from './contract.js';

const db = new PGlite(); // in memory, shared by the whole file (PGlite takes seconds to start)
afterAll(() => db.close());

ledgerContract('PGlite', { databaseErrors: true, transactions: true }, async () => {
  const table = 'ledger_contract';
  const long = await pgliteLedger({ db, table });
  await db.query(`CREATE TABLE grants (key text)`); // no unique key: a double grant would show
  const dropped = await pgliteLedger({ db, table: 'ledger_dropped' });
  await db.query('DROP TABLE ledger_dropped');
  return {
    long,
    short: await pgliteLedger({ db, table, leaseMs: SHORT_LEASE_MS }),
    elapse: sleep,
    open: (options) => pgliteLedger({ db, table, ...options }),
    checksTokens: true,
    broken: dropped,
    transactional: {
      store: await pgliteLedger({ db, table, transactional: true }),
      record: async (tx, key) => void (await (tx as PGlite).query('INSERT INTO grants (key) VALUES ($1)', [key])),
      count: async (key) => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM grants WHERE key = $1', [key])).rows[0]!.n,
    },
  };
});

describe('PGlite ledger on disk', () => {
  // two PGlite start-ups on disk (initdb, then recovery) take seconds each, far more on a loaded machine: a bound on a hang only
  it('keeps finished keys across a restart; a claim left open by the closed process is busy until its lease ends', { timeout: 180_000 }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'gamestore-pglite-'));
    try {
      const [done, open] = [freshKey('restart-done'), freshKey('restart-open')];
      const first = await pgliteLedger({ dataDir });
      const claim = (await first.claim(done)) as { token: string };
      expect(await first.commit(done, claim.token)).toBe(true);
      expect(await first.claim(open)).toMatchObject({ state: 'claimed' });
      await first.close();

      const second = await pgliteLedger({ dataDir });
      try {
        expect(await second.claim(done)).toEqual({ state: 'done' });
        expect(await second.claim(open)).toEqual({ state: 'busy' });
        expect(await second.prune({ olderThan: 0 })).toBe(1);
        expect(await second.claim(done)).toMatchObject({ state: 'claimed' });
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('closes only the database it opened', async () => {
    const ledger = await pgliteLedger({ db, table: 'ledger_shared' });
    await ledger.close();
    expect(db.closed).toBe(false);
    await expect(pgliteLedger({ dataDir: '' })).rejects.toBeInstanceOf(TypeError);
  });
});
