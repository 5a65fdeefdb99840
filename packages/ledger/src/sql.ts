/**
 * The SQL ledger, shared by the PostgreSQL (`pg`) and PGlite adapters: one table, the same statements, run over
 * anything with `query(text, values)`. Internal; the published entries are `./pg` and `./pglite`.
 */
import type { Claim, IdempotencyStore, TransactionOutcome } from '@gamestore/core';
import { checkKey, checkToken, durationMs, newToken } from './checks.js';

/** The default table: `gamestore_grant_ledger`. */
export const DEFAULT_TABLE = 'gamestore_grant_ledger';
/** The default lease of a claim: one minute, measured by the database clock. */
export const DEFAULT_LEASE_MS = 60_000;

/** Where the ledger lives. */
export interface LedgerTableOptions {
  /** table name. Default `gamestore_grant_ledger`. */
  table?: string | undefined;
  /** schema holding the table (it must exist). Default: the connection's `search_path`. */
  schema?: string | undefined;
}

/** What both SQL adapters run statements on: a `pg` Pool, Client or PoolClient, a PGlite instance or transaction. */
export interface SqlQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** A ledger on a SQL table: the `IdempotencyStore` contract (lease path) plus housekeeping. */
export interface SqlLedger extends Omit<IdempotencyStore, 'transaction'> {
  /** the quoted, schema-qualified table name the statements use */
  readonly table: string;
  /**
   * Deletes the finished keys recorded more than `olderThan` ms ago (and claims whose lease ended that long ago),
   * by the database clock; answers how many rows went. A delivery of a pruned key would grant again: keep finished
   * keys longer than any provider retries (days).
   */
  prune(options: { olderThan: number }): Promise<number>;
}

/** A SQL ledger whose grants run inside its transaction (`transactional: true`). */
export interface TransactionalSqlLedger<Handle> extends SqlLedger {
  /** See `IdempotencyStore.transaction`: `work` gets the transaction's `Handle` to give the item on. */
  transaction<T>(keys: readonly string[], work: (transaction: Handle) => Promise<T>): Promise<TransactionOutcome<T>>;
}

const quoteIdent = (where: string, name: string, value: unknown): string => {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${where}: ${name} must be a non-empty string`);
  return `"${value.replaceAll('"', '""')}"`;
};

function tableNames(where: string, options: LedgerTableOptions) {
  const table = options.table ?? DEFAULT_TABLE;
  const qualified = `${options.schema === undefined ? '' : `${quoteIdent(where, 'schema', options.schema)}.`}${quoteIdent(where, 'table', table)}`;
  return { qualified, index: quoteIdent(where, 'table', `${table}_done_at`) };
}

/**
 * The migration, one statement per entry (PGlite's `query` runs one statement at a time): the table and the index
 * `prune` uses. Idempotent (`IF NOT EXISTS`). Run it once per database, before the handlers start (two
 * concurrent `CREATE TABLE IF NOT EXISTS` can collide in PostgreSQL's catalog).
 */
export function migrationStatements(options: LedgerTableOptions = {}): string[] {
  const { qualified, index } = tableNames('migrationStatements', options);
  return [
    `CREATE TABLE IF NOT EXISTS ${qualified} (
  key         text        PRIMARY KEY,
  state       text        NOT NULL CHECK (state IN ('claimed', 'done')),
  token       text        NOT NULL,
  lease_until timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  done_at     timestamptz
)`,
    `CREATE INDEX IF NOT EXISTS ${index} ON ${qualified} (done_at) WHERE state = 'done'`,
  ];
}

/** The migration as one SQL text, to print or paste into your own migration tool. */
export const migrationSql = (options: LedgerTableOptions = {}): string => `${migrationStatements(options).join(';\n\n')};\n`;

/** Runs the migration on `db` (a `pg` Pool or Client, a PGlite instance). Idempotent. */
export async function migrate(db: SqlQueryable, options: LedgerTableOptions = {}): Promise<void> {
  for (const statement of migrationStatements(options)) await db.query(statement);
}

const LEASE = `now() + $3::float8 * interval '1 millisecond'`;
/**
 * Takes a key in one atomic statement: inserts it, or takes over a claim whose lease ended (by the database clock).
 * A live claim or a finished key is left alone and nothing is returned. `claimed` rows hold a lease; `done` rows
 * (the transaction path) are final once their transaction commits. A concurrent insert of the same key waits on the
 * primary key until the other transaction ends, then sees its row.
 */
const takeSql = (t: string, state: 'claimed' | 'done') => `INSERT INTO ${t} AS l (key, state, token, lease_until, done_at)
VALUES ($1, '${state}', $2, ${state === 'claimed' ? LEASE : 'NULL'}, ${state === 'done' ? 'now()' : 'NULL'})
ON CONFLICT (key) DO UPDATE SET state = excluded.state, token = excluded.token, lease_until = excluded.lease_until, done_at = excluded.done_at
WHERE l.state = 'claimed' AND l.lease_until <= now()
RETURNING l.token`;

function statements(t: string) {
  return {
    claim: takeSql(t, 'claimed'),
    claimDone: takeSql(t, 'done'),
    state: `SELECT state FROM ${t} WHERE key = $1`,
    commit: `UPDATE ${t} SET state = 'done', lease_until = NULL, done_at = now() WHERE key = $1 AND token = $2 AND state = 'claimed' RETURNING key`,
    release: `DELETE FROM ${t} WHERE key = $1 AND token = $2 AND state = 'claimed' RETURNING key`,
    prune: `WITH gone AS (
  DELETE FROM ${t}
  WHERE (state = 'done' AND done_at < now() - $1::float8 * interval '1 millisecond')
     OR (state = 'claimed' AND lease_until < now() - $1::float8 * interval '1 millisecond')
  RETURNING 1
) SELECT count(*)::int AS n FROM gone`,
  };
}

export interface SqlLedgerConfig<Handle> extends LedgerTableOptions {
  /** adapter name, for error messages */
  name: string;
  db: SqlQueryable;
  leaseMs?: number | undefined;
  /** present in transaction mode: runs `fn` in one transaction (BEGIN … COMMIT, ROLLBACK when it throws) */
  runTransaction?: (<T>(fn: (q: SqlQueryable, handle: Handle) => Promise<T>) => Promise<T>) | undefined;
}

/** What a transaction answers when one of its keys was already done (its other keys are committed as done). */
const ALREADY = Symbol('already');

/** Stops a transaction whose key is taken (the rollback leaves no trace); carries what was found. */
class Taken {
  constructor(readonly state: 'already' | 'busy') {}
}

/** Checks a SQL ledger's options (the lease, the table and schema names); answers the lease and the quoted table. */
export function sqlLedgerSettings(where: string, options: LedgerTableOptions & { leaseMs?: number | undefined }) {
  return { leaseMs: durationMs(where, 'leaseMs', options.leaseMs, DEFAULT_LEASE_MS), table: tableNames(where, options).qualified };
}

export function sqlLedger<Handle>(config: SqlLedgerConfig<Handle>): SqlLedger | TransactionalSqlLedger<Handle> {
  const where = config.name;
  const { leaseMs, table: qualified } = sqlLedgerSettings(where, config);
  const sql = statements(qualified);
  const { db, runTransaction } = config;

  /** One claim: ours (`claimed`), or what holds the key. A key that vanished meanwhile (released) reads as busy: retry. */
  async function take(q: SqlQueryable, key: string, token: string, done: boolean): Promise<Claim> {
    const { rows } = done ? await q.query(sql.claimDone, [key, token]) : await q.query(sql.claim, [key, token, leaseMs]);
    if (rows.length > 0) return { state: 'claimed', token };
    const found = await q.query(sql.state, [key]);
    return (found.rows[0] as { state?: string } | undefined)?.state === 'done' ? { state: 'done' } : { state: 'busy' };
  }

  const ledger: SqlLedger = {
    table: qualified,
    async claim(key) {
      checkKey(`${where}.claim`, key);
      return take(db, key, newToken(), false);
    },
    async commit(key, token) {
      checkKey(`${where}.commit`, key);
      checkToken(`${where}.commit`, token);
      return (await db.query(sql.commit, [key, token])).rows.length > 0;
    },
    async release(key, token) {
      checkKey(`${where}.release`, key);
      checkToken(`${where}.release`, token);
      await db.query(sql.release, [key, token]);
    },
    async prune(options) {
      const olderThan = durationMs(`${where}.prune`, 'olderThan', options?.olderThan, NaN, true);
      return (((await db.query(sql.prune, [olderThan])).rows[0] as { n?: number } | undefined)?.n ?? 0);
    },
  };
  if (!runTransaction) return ledger;

  return Object.assign(ledger, {
    async transaction<T>(keys: readonly string[], work: (transaction: Handle) => Promise<T>): Promise<TransactionOutcome<T>> {
      if (!Array.isArray(keys) || keys.length === 0) throw new TypeError(`${where}.transaction: keys must be a non-empty array`);
      for (const key of keys) checkKey(`${where}.transaction`, key);
      if (typeof work !== 'function') throw new TypeError(`${where}.transaction: work must be a function`);
      // sorted, so two transactions that share keys take them in the same order and never deadlock
      const sorted = [...new Set(keys)].sort();
      const token = newToken();
      try {
        const ran = await runTransaction(async (q, handle) => {
          let found: 'already' | 'busy' | undefined;
          for (const key of sorted) {
            const claim = await take(q, key, token, true);
            if (claim.state === 'done') found = 'already';
            else if (claim.state === 'busy') found ??= 'busy';
          }
          // another delivery holds a key: roll back, it decides
          if (found === 'busy') throw new Taken('busy');
          // granted before under one alias: commit the other aliases as done too (they name the same payment), and
          // run nothing, so a later delivery carrying only one of them is `already`
          if (found === 'already') return ALREADY;
          return { value: await work(handle) };
        });
        return ran === ALREADY ? { state: 'already' } : { state: 'done', value: ran.value };
      } catch (error) {
        if (error instanceof Taken) return { state: error.state };
        throw error;
      }
    },
  });
}
