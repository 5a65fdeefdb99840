/**
 * `@gamestore/ledger`: durable grant ledgers for the gamestore payment handlers (the `IdempotencyStore` contract
 * of `@gamestore/core`). This entry holds the shared SQL and types only; the adapters are separate entries so
 * that nobody installs a driver they do not use:
 *
 *   @gamestore/ledger/pg       PostgreSQL through `pg`
 *   @gamestore/ledger/pglite   PGlite (embedded PostgreSQL): development, tests, demos
 *   @gamestore/ledger/redis    Redis through `redis` (node-redis)
 */
export {
  DEFAULT_LEASE_MS,
  DEFAULT_TABLE,
  migrationSql,
  migrationStatements,
  type LedgerTableOptions,
  type SqlLedger,
  type SqlQueryable,
  type TransactionalSqlLedger,
} from './sql.js';
export type { Claim, IdempotencyStore, TransactionOutcome } from '@gamestore/core';
