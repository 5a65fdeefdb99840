/** The adapters take the real drivers' objects, without importing a driver type into the published .d.ts. */
import { PGlite } from '@electric-sql/pglite';
import type { IdempotencyStore } from '@gamestore/core';
import pg from 'pg';
import { createClient } from 'redis';
import { describe, expectTypeOf, it } from 'vitest';
import { pgLedger, type PgPoolClient } from '../src/pg.js';
import { pgliteLedger, type PGliteTransactionLike } from '../src/pglite.js';
import { redisLedger } from '../src/redis.js';

describe('adapter types', () => {
  it('pg: a Pool or a Client for the lease path; only a Pool in transaction mode, whose grant gets the pool client', () => {
    const pool = new pg.Pool();
    const client = new pg.Client();
    expectTypeOf(pgLedger({ pool })).toExtend<IdempotencyStore>();
    expectTypeOf(pgLedger({ pool: client })).toExtend<IdempotencyStore>();
    const tx = pgLedger({ pool, transactional: true });
    expectTypeOf(tx.transaction<number>).parameter(1).parameter(0).toEqualTypeOf<PgPoolClient>();
    expectTypeOf<pg.PoolClient>().toExtend<PgPoolClient>();
    // @ts-expect-error a Client cannot lend transaction clients
    pgLedger({ pool: client, transactional: true });
    // @ts-expect-error the lease path has no transaction: runOnce must not hand the grant a handle
    pgLedger({ pool }).transaction;
  });

  it('PGlite: an instance, and in transaction mode its transaction', async () => {
    const ledger = await pgliteLedger({ db: new PGlite(), transactional: true });
    expectTypeOf(ledger.transaction<number>).parameter(1).parameter(0).toEqualTypeOf<PGliteTransactionLike>();
    expectTypeOf(ledger.close).returns.resolves.toBeVoid();
  });

  it('Redis: a node-redis client', () => {
    const client = createClient();
    expectTypeOf(redisLedger({ client })).toExtend<IdempotencyStore>();
    // @ts-expect-error a URL is not a client
    redisLedger({ client: 'redis://127.0.0.1' });
  });
});
