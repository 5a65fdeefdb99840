import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrate, migrationSql, pgLedger } from '../src/pg.js';
import { freshKey, ledgerContract, SHORT_LEASE_MS } from './contract.js';

const pool = new pg.Pool({ connectionString: inject('pgUrl'), max: 20 });
afterAll(() => pool.end());

ledgerContract('PostgreSQL', { databaseErrors: true, transactions: true }, async () => {
  const table = 'ledger_contract';
  await migrate(pool, { table });
  await pool.query('CREATE TABLE IF NOT EXISTS contract_grants (key text)'); // no unique key: a double grant would show
  return {
    long: pgLedger({ pool, table }),
    short: pgLedger({ pool, table, leaseMs: SHORT_LEASE_MS }),
    elapse: sleep,
    open: (options) => pgLedger({ pool, table, ...options }),
    checksTokens: true,
    broken: pgLedger({ pool, table: 'no_such_table' }),
    transactional: {
      store: pgLedger({ pool, table, transactional: true }),
      record: async (client, key) => void (await (client as pg.PoolClient).query('INSERT INTO contract_grants (key) VALUES ($1)', [key])),
      count: async (key) => (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM contract_grants WHERE key = $1', [key])).rows[0]!.n,
    },
  };
});

describe('PostgreSQL ledger', () => {
  beforeAll(() => migrate(pool, { table: 'ledger_misc', schema: 'public' }));

  it('prints the migration the README shows', () => {
    expect(readFileSync(new URL('../README.md', import.meta.url), 'utf8')).toContain(migrationSql());
  });

  it('migrates idempotently, in a schema, as the SQL it prints', async () => {
    await migrate(pool, { table: 'ledger_misc', schema: 'public' });
    const sql = migrationSql({ table: 'ledger_misc', schema: 'public' });
    expect(sql).toContain('CREATE TABLE IF NOT EXISTS "public"."ledger_misc"');
    await pool.query(sql); // the printed text runs as it is
    const columns = await pool.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'ledger_misc' ORDER BY ordinal_position",
    );
    expect(columns.rows.map((r) => r.column_name)).toEqual(['key', 'state', 'token', 'lease_until', 'created_at', 'done_at']);
  });

  it('prunes finished keys older than asked, by the database clock', async () => {
    const ledger = pgLedger({ pool, table: 'ledger_misc', schema: 'public' });
    const key = freshKey('prune');
    const claim = (await ledger.claim(key)) as { token: string };
    await ledger.commit(key, claim.token);
    expect(await ledger.prune({ olderThan: 3_600_000 })).toBe(0);
    expect(await ledger.claim(key)).toEqual({ state: 'done' });
    expect(await ledger.prune({ olderThan: 0 })).toBeGreaterThanOrEqual(1);
    expect(await ledger.claim(key)).toMatchObject({ state: 'claimed' });
    await expect(ledger.prune({ olderThan: -1 })).rejects.toBeInstanceOf(RangeError);
  });

  it('refuses a pool it cannot use, and a name that is not a string', () => {
    expect(() => pgLedger({ pool: {} as pg.Pool })).toThrow(TypeError);
    expect(() => pgLedger({ pool: { query: pool.query.bind(pool) }, transactional: true } as never)).toThrow(/connect/);
    expect(() => pgLedger({ pool, table: '' })).toThrow(TypeError);
  });

  it('quotes the table name: a hostile name is a name, not SQL', async () => {
    const table = 'ledger"; DROP TABLE ledger_misc; --';
    await migrate(pool, { table });
    const ledger = pgLedger({ pool, table });
    const claim = (await ledger.claim(freshKey('quoted'))) as { state: string };
    expect(claim.state).toBe('claimed');
    expect((await pool.query("SELECT to_regclass('ledger_misc') AS t")).rows[0].t).toBe('ledger_misc');
  });
});
