/**
 * The grant ledger on PGlite (`@electric-sql/pglite`: PostgreSQL compiled to WebAssembly, in process, no server):
 * the embedded default for development, tests and demos, with the same table and SQL as the PostgreSQL ledger.
 * One process only (PGlite is a single connection): for several instances use `@gamestore/ledger/pg`.
 *
 *   import { pgliteLedger } from '@gamestore/ledger/pglite';
 *   const idempotency = await pgliteLedger({ dataDir: './.data/ledger' }); // in memory without dataDir
 */
import { migrate, sqlLedger, sqlLedgerSettings, type LedgerTableOptions, type SqlLedger, type SqlQueryable, type TransactionalSqlLedger } from './sql.js';

export { migrationSql, migrationStatements, DEFAULT_TABLE, DEFAULT_LEASE_MS, type LedgerTableOptions, type SqlLedger, type SqlQueryable, type TransactionalSqlLedger } from './sql.js';

/** A PGlite instance (or anything with its `query` and `transaction`). */
export interface PGliteLike extends SqlQueryable {
  transaction<T>(callback: (tx: PGliteTransactionLike) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A PGlite transaction: what the grant receives in transaction mode. */
export type PGliteTransactionLike = SqlQueryable;

export interface PGliteLedgerOptions extends LedgerTableOptions {
  /** your PGlite instance; when absent the ledger opens one on `dataDir` (and `close()` closes it) */
  db?: PGliteLike | undefined;
  /** where the ledger's own PGlite keeps its files; in memory when absent. Ignored with `db`. */
  dataDir?: string | undefined;
  /** how long a claim holds before another delivery may take the key, by the database clock (ms). Default 60000. */
  leaseMs?: number | undefined;
  /** run each grant inside the ledger's transaction: see `pgLedger`'s option. Default false. */
  transactional?: boolean | undefined;
}

export type PGliteLedger = SqlLedger & {
  /** the PGlite instance the ledger runs on */
  readonly db: PGliteLike;
  /** closes the PGlite instance when the ledger opened it (not one you passed) */
  close(): Promise<void>;
};

/** Opens (and migrates) a ledger on PGlite. */
export async function pgliteLedger(options: PGliteLedgerOptions & { transactional: true }): Promise<PGliteLedger & TransactionalSqlLedger<PGliteTransactionLike>>;
export async function pgliteLedger(options?: PGliteLedgerOptions): Promise<PGliteLedger>;
export async function pgliteLedger(options: PGliteLedgerOptions = {}): Promise<PGliteLedger> {
  if (options.db !== undefined && (typeof options.db.query !== 'function' || typeof options.db.transaction !== 'function')) {
    throw new TypeError('pgliteLedger: options.db must be a PGlite instance');
  }
  if (options.dataDir !== undefined && (typeof options.dataDir !== 'string' || options.dataDir === '')) {
    throw new TypeError('pgliteLedger: options.dataDir must be a non-empty string');
  }
  sqlLedgerSettings('pgliteLedger', options); // bad options fail before a database is opened
  const own = options.db === undefined;
  const db: PGliteLike = options.db ?? new (await import('@electric-sql/pglite')).PGlite(options.dataDir);
  try {
    await migrate(db, options);
  } catch (error) {
    if (own) await db.close().catch(() => undefined);
    throw error;
  }
  const ledger = sqlLedger<PGliteTransactionLike>({
    ...options,
    name: 'pgliteLedger',
    db,
    // PGlite is one connection: its transaction() holds it exclusively, so transactions run one after another
    runTransaction: options.transactional ? (fn) => db.transaction((tx) => fn(tx, tx)) : undefined,
  });
  return Object.assign(ledger, { db, close: () => (own ? db.close() : Promise.resolve()) });
}
