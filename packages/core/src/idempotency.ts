/**
 * Exactly once, for handlers that move money. Every gamestore handler that grants (STOVE payment complete, the
 * Xsolla webhooks, the Hive payment notification) goes through `runOnce` over an `IdempotencyStore`: the
 * payment's key (an order or transaction number) is claimed before the user's callback runs, committed after it
 * succeeded, released when it failed. A replayed or concurrent duplicate never runs the callback twice; a failed
 * one runs again on the provider's next delivery.
 *
 * The ledger contract, per key:
 *
 *   (absent) ──claim──▶ claimed(token, lease) ──commit(token)──▶ done      (kept; a later claim answers `done`)
 *                           │        └──────release(token)─────▶ (absent)  (a redelivery may claim again)
 *                           └── lease runs out ───────────────▶ claimable again: the next claim gets a new token
 *
 * - `claim` is atomic across every process sharing the store: exactly one caller gets `claimed`; the others get
 *   `busy` (a live claim is held) or `done`.
 * - A claim holds for the store's lease. A process that dies after claiming blocks the key only until the lease
 *   ends; then the next delivery claims it under a new token.
 * - `commit` and `release` act only while `token` still holds the key. A commit whose lease ran out and whose key
 *   another delivery claimed since is refused (`false`): the other delivery now owns the grant.
 * - Hence the user's grant must either finish well inside the lease and be idempotent on the payment key (a
 *   unique order number in the game's own table), or run inside the store's transaction (`transaction`, offered
 *   by the PostgreSQL and PGlite ledgers of `@gamestore/ledger`), where recording the grant and giving the item
 *   commit together and no lease is needed.
 */

/** What a claim found: the key is now ours (`token` proves it), already granted for good, or held by another delivery. */
export type Claim =
  | { readonly state: 'claimed'; readonly token: string }
  | { readonly state: 'done' }
  | { readonly state: 'busy' };

/** The outcome of `IdempotencyStore.transaction`: the work ran and committed with the key, or the key was taken. */
export type TransactionOutcome<T> =
  | { readonly state: 'done'; readonly value: T }
  | { readonly state: 'already' | 'busy' };

/** Where handled payment keys are kept. Production stores are shared and atomic: see `@gamestore/ledger`. */
export interface IdempotencyStore {
  /** Atomically claims `key` for the store's lease. */
  claim(key: string): Promise<Claim> | Claim;
  /** Marks the key granted for good. `false` when `token` no longer holds it (lease lost): nothing was recorded. */
  commit(key: string, token: string): Promise<boolean> | boolean;
  /** Frees the key after a failed grant, when `token` still holds it, so a redelivery may run it. */
  release(key: string, token: string): Promise<void> | void;
  /**
   * Optional: claims every key and runs `work` inside one database transaction that also records the keys as
   * done, so the grant and its record commit (or roll back) together. `work` gets the store's transaction handle
   * (a `pg` client for PostgreSQL, a PGlite transaction) to give the item on. When present, `runOnce` uses it.
   */
  transaction?<T>(keys: readonly string[], work: (transaction: unknown) => Promise<T>): Promise<TransactionOutcome<T>>;
}

/** True when `store` has the three calls of the contract. */
export const isIdempotencyStore = (store: unknown): store is IdempotencyStore =>
  !!store &&
  typeof (store as IdempotencyStore).claim === 'function' &&
  typeof (store as IdempotencyStore).commit === 'function' &&
  typeof (store as IdempotencyStore).release === 'function';

export interface MemoryStoreOptions {
  /** how long a claim holds before another delivery may take the key (ms). Default 60000. */
  leaseMs?: number | undefined;
  /** finished keys kept at most; the oldest are forgotten first. Default 100000 (about 6 MB). */
  maxEntries?: number | undefined;
  /** finished keys are forgotten after this long (ms). Default 7 days, longer than any provider retries. */
  maxAgeMs?: number | undefined;
  /** time source (tests inject one). Default `Date.now`. */
  now?: (() => number) | undefined;
}

/**
 * A store inside one process: for tests, development and a single instance. It is lost on restart and not shared
 * between instances, so two instances (or a restart between a grant and its answer) can grant twice; use a ledger
 * from `@gamestore/ledger` (PostgreSQL, Redis, PGlite) in production. Bounded: at most `maxEntries` finished keys,
 * each kept `maxAgeMs`.
 */
export function memoryIdempotencyStore(options: MemoryStoreOptions = {}): IdempotencyStore & { readonly size: number } {
  const leaseMs = options.leaseMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 100_000;
  const maxAgeMs = options.maxAgeMs ?? 7 * 24 * 3_600_000;
  const now = options.now ?? Date.now;
  for (const [name, v] of [['leaseMs', leaseMs], ['maxEntries', maxEntries], ['maxAgeMs', maxAgeMs]] as const) {
    if (!(v > 0)) throw new RangeError(`memoryIdempotencyStore: ${name} must be > 0`);
  }
  // insertion order of `done` is commit order, so the oldest finished keys come first
  const done = new Map<string, number>();
  const claims = new Map<string, { token: string; until: number }>();
  let serial = 0;
  const prune = (t: number) => {
    for (const [key, at] of done) {
      if (done.size <= maxEntries && t - at < maxAgeMs) break;
      done.delete(key);
    }
  };
  const holds = (key: string, token: string) => claims.get(key)?.token === token;
  return {
    claim(key) {
      if (typeof key !== 'string' || key === '') throw new TypeError('memoryIdempotencyStore: key must be a non-empty string');
      const t = now();
      prune(t);
      if (done.has(key)) return { state: 'done' };
      const held = claims.get(key);
      if (held && held.until > t) return { state: 'busy' };
      const token = `m${++serial}`;
      claims.set(key, { token, until: t + leaseMs });
      return { state: 'claimed', token };
    },
    commit(key, token) {
      if (!holds(key, token)) return false;
      const t = now();
      claims.delete(key);
      done.set(key, t);
      prune(t);
      return true;
    },
    release(key, token) {
      if (holds(key, token)) claims.delete(key);
    },
    get size() {
      return done.size + claims.size;
    },
  };
}

/**
 * How one delivery ended: `done` (the callback ran and committed now), `already` (an earlier delivery completed
 * it), `busy` (another delivery holds the claim: answer so that the provider retries), `failed` (the callback
 * threw: the claim was released), `store` (the store failed before the callback ran: nothing happened).
 */
export type RunOnceOutcome<T> =
  | { readonly outcome: 'done'; readonly value: T }
  | { readonly outcome: 'already' | 'busy' }
  | { readonly outcome: 'failed' | 'store'; readonly error: unknown };

/** What `runOnce` hands the work: the store's transaction handle when the store runs it in one (else `undefined`). */
export interface RunScope {
  readonly transaction?: unknown;
}

/** Reported (never thrown) when a commit is refused: the work ran, but its lease ran out and another delivery claimed the key. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
  constructor(readonly key: string) {
    super(`the claim on ${JSON.stringify(key)} ran out before the grant committed; another delivery holds it now`);
  }
}

/** Thrown inside a store transaction to roll it back while keeping the work's error. */
class WorkFailed {
  constructor(readonly error: unknown) {}
}

/**
 * Runs `work` at most once per payment across every delivery that shares `store`. `keys` are the payment's
 * identifiers (one, or several aliases when a provider names a payment in more than one way, as STOVE does with
 * `tid` and `txn_mst_no`): every alias is claimed, so two deliveries that share any one of them never both run,
 * and every alias a delivery carried is recorded done, so a later delivery that carries any one of them alone is
 * `already`. Aliases are claimed in sorted order, so overlapping deliveries cannot each hold one and all be busy.
 * Never throws: each way it can end is an outcome. `report` gets the errors a caller does not see in the outcome
 * (a failed release or commit, a `LeaseLostError`).
 */
export async function runOnce<T>(
  store: IdempotencyStore,
  keys: string | readonly string[],
  work: (scope: RunScope) => Promise<T> | T,
  report: (error: unknown) => void = () => undefined,
): Promise<RunOnceOutcome<T>> {
  // sorted: deliveries with overlapping aliases claim them in one order, so they cannot hold one each and all end busy
  const all = [...new Set(typeof keys === 'string' ? [keys] : keys)].sort();
  if (store.transaction) return runInTransaction(store.transaction.bind(store), all, work);
  const claimed: [key: string, token: string][] = [];
  const releaseClaimed = () =>
    Promise.all(claimed.map(([k, t]) => Promise.resolve().then(() => store.release(k, t)).catch(report))).then(() => undefined);
  const commitClaimed = async () => {
    for (const [key, token] of claimed) {
      try {
        if (!(await store.commit(key, token))) report(new LeaseLostError(key));
      } catch (error) {
        report(error);
      }
    }
  };
  for (const key of all) {
    let claim: Claim;
    try {
      claim = await store.claim(key);
    } catch (error) {
      await releaseClaimed();
      return { outcome: 'store', error };
    }
    if (claim.state === 'busy') {
      // another delivery of the same payment (under this alias) is under way: give back what we took
      await releaseClaimed();
      return { outcome: 'busy' };
    }
    if (claim.state === 'done') {
      // the payment was granted under this alias: the aliases we hold name the same payment, so they are done too
      // (released, a later delivery carrying only one of them would grant it again)
      await commitClaimed();
      return { outcome: 'already' };
    }
    claimed.push([key, claim.token]);
  }
  let value: T;
  try {
    value = await work({});
  } catch (error) {
    await releaseClaimed();
    return { outcome: 'failed', error };
  }
  // the work is done: the outcome stays `done` either way; the caller learns what the store missed
  await commitClaimed();
  return { outcome: 'done', value };
}

async function runInTransaction<T>(
  transaction: NonNullable<IdempotencyStore['transaction']>,
  keys: readonly string[],
  work: (scope: RunScope) => Promise<T> | T,
): Promise<RunOnceOutcome<T>> {
  try {
    const ran = await transaction(keys, async (handle) => {
      try {
        return await work({ transaction: handle });
      } catch (error) {
        throw new WorkFailed(error);
      }
    });
    return ran.state === 'done' ? { outcome: 'done', value: ran.value } : { outcome: ran.state };
  } catch (error) {
    return error instanceof WorkFailed ? { outcome: 'failed', error: error.error } : { outcome: 'store', error };
  }
}
