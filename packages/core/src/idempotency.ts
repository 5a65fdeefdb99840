/**
 * Exactly once, for handlers that move money: a notification's key (an order or transaction number) is claimed
 * in a store before the user's callback runs, completed after it succeeded, released when it failed, so a replayed
 * or concurrent duplicate never runs it twice and a failed one can run again on the provider's next delivery.
 * Every gamestore handler that grants (STOVE payment complete, the Xsolla webhooks) goes through `runOnce`.
 */

/** Where handled keys are kept. Production stores must be shared and atomic (a unique key in a database). */
export interface IdempotencyStore {
  /**
   * Atomically claims `key`: `claimed` when it was free, `done` when an earlier delivery with this key completed,
   * `busy` when another delivery holds the claim right now.
   */
  claim(key: string): Promise<'claimed' | 'done' | 'busy'> | 'claimed' | 'done' | 'busy';
  /** marks a claimed key as handled for good */
  complete(key: string): Promise<void> | void;
  /** frees a claimed key after a failed callback, so a redelivery may run it */
  release(key: string): Promise<void> | void;
}

/** A per-process store. Fine for one instance and for tests; several instances need a shared store. */
export function memoryIdempotencyStore(): IdempotencyStore & { readonly size: number } {
  const state = new Map<string, 'busy' | 'done'>();
  return {
    claim(key) {
      const s = state.get(key);
      if (s) return s;
      state.set(key, 'busy');
      return 'claimed';
    },
    complete(key) {
      state.set(key, 'done');
    },
    release(key) {
      if (state.get(key) === 'busy') state.delete(key);
    },
    get size() {
      return state.size;
    },
  };
}

/** True when `store` has the three calls of the contract. */
export const isIdempotencyStore = (store: unknown): store is IdempotencyStore =>
  !!store &&
  typeof (store as IdempotencyStore).claim === 'function' &&
  typeof (store as IdempotencyStore).complete === 'function' &&
  typeof (store as IdempotencyStore).release === 'function';

/**
 * How one delivery ended: `done` (the callback ran and completed now), `already` (an earlier delivery completed
 * it), `busy` (another delivery holds the claim: answer so that the provider retries), `failed` (the callback
 * threw: the claim was released), `store` (the store failed before the callback ran: nothing happened).
 */
export type RunOnceOutcome<T> =
  | { readonly outcome: 'done'; readonly value: T }
  | { readonly outcome: 'already' | 'busy' }
  | { readonly outcome: 'failed' | 'store'; readonly error: unknown };

/**
 * Runs `work` at most once per payment across every delivery that shares `store`. `keys` are the payment's
 * identifiers (one, or several aliases when a provider names a payment in more than one way, as STOVE does with
 * `tid` and `txn_mst_no`): every alias is claimed, so two deliveries that share any one of them never both run.
 * Never throws: each way it can end is an outcome. `report` gets the errors a caller does not see in the outcome
 * (a failed release or complete).
 */
export async function runOnce<T>(
  store: IdempotencyStore,
  keys: string | readonly string[],
  work: () => Promise<T> | T,
  report: (error: unknown) => void = () => undefined,
): Promise<RunOnceOutcome<T>> {
  const all = [...new Set(typeof keys === 'string' ? [keys] : keys)];
  const claimed: string[] = [];
  const releaseClaimed = () =>
    Promise.all(claimed.map((k) => Promise.resolve().then(() => store.release(k)).catch(report))).then(() => undefined);
  for (const key of all) {
    let claim: 'claimed' | 'done' | 'busy';
    try {
      claim = await store.claim(key);
    } catch (error) {
      await releaseClaimed();
      return { outcome: 'store', error };
    }
    if (claim !== 'claimed') {
      // another delivery of the same payment (under this alias) is done or under way: give back what we took
      await releaseClaimed();
      return { outcome: claim === 'done' ? 'already' : 'busy' };
    }
    claimed.push(key);
  }
  let value: T;
  try {
    value = await work();
  } catch (error) {
    await releaseClaimed();
    return { outcome: 'failed', error };
  }
  for (const key of claimed) {
    try {
      await store.complete(key);
    } catch (error) {
      // the work is done: the outcome stays `done`; the caller learns that the store missed it
      report(error);
    }
  }
  return { outcome: 'done', value };
}
