/**
 * The grant ledger on PostgreSQL through `pg` (node-postgres). Install `pg` yourself; this entry imports nothing
 * from it, it takes your pool.
 *
 *   import pg from 'pg';
 *   import { migrate, pgLedger } from '@gamestore/ledger/pg';
 *   const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 *   await migrate(pool);                                   // once, at deploy
 *   createPaymentCompleteHandler({ grant, idempotency: pgLedger({ pool }) });
 */
import { sqlLedger, type LedgerTableOptions, type SqlLedger, type SqlQueryable, type TransactionalSqlLedger } from './sql.js';

export { migrate, migrationSql, migrationStatements, DEFAULT_TABLE, DEFAULT_LEASE_MS, type LedgerTableOptions, type SqlLedger, type SqlQueryable, type TransactionalSqlLedger } from './sql.js';

/** A client checked out of a `pg.Pool` (`pg.PoolClient`): what the grant receives in transaction mode. */
export interface PgPoolClient extends SqlQueryable {
  release(destroy?: Error | boolean): void;
}

/** A `pg.Pool`, or anything that queries and lends clients the same way. */
export interface PgPool extends SqlQueryable {
  connect(): Promise<PgPoolClient>;
}

export interface PgLedgerOptions extends LedgerTableOptions {
  /** a `pg.Pool` (or a connected `pg.Client` when `transactional` is off) */
  pool: SqlQueryable;
  /** how long a claim holds before another delivery may take the key, by the database clock (ms). Default 60000. */
  leaseMs?: number | undefined;
  /**
   * Run each grant inside the ledger's transaction (`runOnce` hands your grant the `pg` client as
   * `context.transaction`): the keys are recorded as done in the same transaction that gives the item, so both
   * commit or roll back together, and no lease is involved. Your grant must then write through that client.
   * Default false: the claim/commit lease path.
   */
  transactional?: false | undefined;
}

export interface PgTransactionalLedgerOptions extends Omit<PgLedgerOptions, 'pool' | 'transactional'> {
  pool: PgPool;
  transactional: true;
}

/** A ledger on a PostgreSQL table. Run `migrate(pool)` (or the `migrationSql()` text) first. */
export function pgLedger(options: PgTransactionalLedgerOptions): TransactionalSqlLedger<PgPoolClient>;
export function pgLedger(options: PgLedgerOptions): SqlLedger;
export function pgLedger(options: PgLedgerOptions | PgTransactionalLedgerOptions): SqlLedger | TransactionalSqlLedger<PgPoolClient> {
  const pool = options?.pool;
  if (!pool || typeof pool.query !== 'function') throw new TypeError('pgLedger: options.pool must be a pg.Pool');
  if (!options.transactional) return sqlLedger({ ...options, name: 'pgLedger', db: pool, runTransaction: undefined });
  if (typeof (pool as PgPool).connect !== 'function') throw new TypeError('pgLedger: transactional needs a pg.Pool (options.pool has no connect)');
  return sqlLedger<PgPoolClient>({
    ...options,
    name: 'pgLedger',
    db: pool,
    async runTransaction(fn) {
      const client = await (pool as PgPool).connect();
      let broken: unknown;
      try {
        await client.query('BEGIN');
        const value = await fn(client, client);
        await client.query('COMMIT');
        return value;
      } catch (error) {
        // a connection that cannot even roll back is not given back to the pool
        await client.query('ROLLBACK').catch((e: unknown) => (broken = e));
        throw error;
      } finally {
        client.release(broken instanceof Error ? broken : broken !== undefined);
      }
    },
  });
}
