/**
 * The ledger contract of `@gamestore/core` (idempotency.ts), as one suite that every store runs: memory, PGlite,
 * PostgreSQL, Redis. Time only ever passes forward through `elapse` (an injected clock for memory, a real wait for
 * the servers, which only bounds it from below): no assertion depends on a wait being short.
 */
import { runOnce, type Claim, type IdempotencyStore } from '@gamestore/core';
import { beforeAll, describe, expect, it } from 'vitest';

export interface LedgerFixture {
  /** a store whose claims hold for a long time (a minute) */
  long: IdempotencyStore;
  /** a store on the same keys whose claims hold for `SHORT_LEASE_MS` */
  short: IdempotencyStore;
  /** lets at least `ms` pass on the store's clock */
  elapse(ms: number): Promise<void>;
  /** opens a store with these options (bad options must throw or reject with a typed error) */
  open(options: { leaseMs: number }): unknown;
  /** the store checks tokens too (the memory store answers a wrong token with false/no-op) */
  checksTokens: boolean;
  /** a store whose database fails (a missing table, a closed client) */
  broken?: IdempotencyStore;
  /** transaction mode, for the stores that offer it */
  transactional?: {
    store: IdempotencyStore;
    /** records a grant of `key` through the transaction handle the work received */
    record(handle: unknown, key: string): Promise<void>;
    /** how many grants of `key` were committed */
    count(key: string): Promise<number>;
  };
}

export const SHORT_LEASE_MS = 300;

let serial = 0;
/** A key no other test (or earlier run against the same server) uses. */
export const freshKey = (label: string) => `${label}:${process.pid}:${Date.now().toString(36)}:${++serial}`;

const tokenOf = (claim: Claim) => {
  expect(claim.state).toBe('claimed');
  return (claim as { token: string }).token;
};

/** What a store offers beyond the contract: a database that can fail, a transaction mode. */
export interface Offers {
  databaseErrors: boolean;
  transactions: boolean;
}

export function ledgerContract(name: string, offers: Offers, setup: () => Promise<LedgerFixture>) {
  describe(`ledger contract: ${name}`, () => {
    let f!: LedgerFixture;
    beforeAll(async () => {
      f = await setup();
    });

    it('claim, commit: later claims answer done; a live claim is busy; a second commit is refused', async () => {
      const key = freshKey('commit');
      const token = tokenOf(await f.long.claim(key));
      expect(await f.long.claim(key)).toEqual({ state: 'busy' });
      expect(await f.long.commit(key, token)).toBe(true);
      expect(await f.long.claim(key)).toEqual({ state: 'done' });
      expect(await f.short.claim(key)).toEqual({ state: 'done' });
      expect(await f.long.commit(key, token)).toBe(false);
    });

    it('claim, release, reclaim under a new token; the old token can neither release nor commit the new claim', async () => {
      const key = freshKey('release');
      const first = tokenOf(await f.long.claim(key));
      await f.long.release(key, first);
      const second = tokenOf(await f.long.claim(key));
      expect(second).not.toBe(first);
      await f.long.release(key, first);
      expect(await f.long.claim(key)).toEqual({ state: 'busy' });
      expect(await f.long.commit(key, first)).toBe(false);
      expect(await f.long.commit(key, second)).toBe(true);
      expect(await f.long.claim(key)).toEqual({ state: 'done' });
    });

    it('a claim whose lease ran out is taken by the next delivery; the first commit is then refused and its release is a no-op', async () => {
      const key = freshKey('lease');
      const a = tokenOf(await f.short.claim(key));
      await f.elapse(SHORT_LEASE_MS + 100);
      const b = tokenOf(await f.long.claim(key));
      expect(b).not.toBe(a);
      expect(await f.short.commit(key, a)).toBe(false);
      await f.short.release(key, a);
      expect(await f.long.claim(key)).toEqual({ state: 'busy' });
      expect(await f.long.commit(key, b)).toBe(true);
      expect(await f.short.claim(key)).toEqual({ state: 'done' });
    });

    it('200 concurrent claims of one key: exactly one is claimed; after its commit all 200 answer done', async () => {
      const key = freshKey('race');
      const claims = await Promise.all(Array.from({ length: 200 }, () => f.long.claim(key)));
      const won = claims.filter((c) => c.state === 'claimed');
      expect(won).toHaveLength(1);
      expect(claims.filter((c) => c.state === 'busy')).toHaveLength(199);
      expect(await f.long.commit(key, tokenOf(won[0]!))).toBe(true);
      const after = await Promise.all(Array.from({ length: 200 }, () => f.long.claim(key)));
      expect(after.every((c) => c.state === 'done')).toBe(true);
    });

    it('runOnce: aliases of one payment grant once, concurrently or replayed; a failed grant runs again', async () => {
      const [tid, txn] = [freshKey('tid'), freshKey('txn')];
      // every delivery carries txn (STOVE's txn_mst_no), some also tid: all of them name one payment
      const aliases = [[tid, txn], [txn], [txn, tid]];
      let runs = 0;
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => runOnce(f.long, aliases[i % aliases.length]!, async () => ++runs)),
      );
      // at most one ran; all may have been busy (each holding one alias another wanted): the provider retries
      expect(runs).toBeLessThanOrEqual(1);
      expect(outcomes.filter((o) => o.outcome === 'done')).toHaveLength(runs);
      expect(outcomes.every((o) => ['done', 'busy', 'already'].includes(o.outcome))).toBe(true);
      const ranInBurst = runs;
      const retries = [];
      for (const keys of aliases) retries.push((await runOnce(f.long, keys, () => ++runs)).outcome);
      expect(runs).toBe(1);
      expect(retries.filter((o) => o === 'done')).toHaveLength(1 - ranInBurst);
      for (const keys of aliases) expect(await runOnce(f.long, keys, () => ++runs)).toEqual({ outcome: 'already' });

      const key = freshKey('fail');
      const boom = new Error('inventory down');
      expect(await runOnce(f.long, key, () => Promise.reject(boom))).toEqual({ outcome: 'failed', error: boom });
      expect(await runOnce(f.long, key, () => 'granted')).toEqual({ outcome: 'done', value: 'granted' });
      expect(await runOnce(f.long, key, () => 'again')).toEqual({ outcome: 'already' });
    });

    it('runOnce: a payment granted under one alias is done under every alias a later delivery carried', async () => {
      const [tid, txn] = [freshKey('tid'), freshKey('txn')];
      let runs = 0;
      expect(await runOnce(f.long, [txn], () => ++runs)).toEqual({ outcome: 'done', value: 1 });
      // carries both: already granted under txn, and tid is recorded done with it
      expect(await runOnce(f.long, [tid, txn], () => ++runs)).toEqual({ outcome: 'already' });
      // carries only tid: still the same payment
      expect(await runOnce(f.long, [tid], () => ++runs)).toEqual({ outcome: 'already' });
      expect(runs).toBe(1);
    });

    it('bad input is a typed error at once: an empty key, a lease that is not positive, an empty token', async () => {
      await expect((async () => f.long.claim(''))()).rejects.toBeInstanceOf(TypeError);
      for (const leaseMs of [0, -1, Number.NaN]) {
        await expect((async () => f.open({ leaseMs }))()).rejects.toBeInstanceOf(RangeError);
      }
      if (f.checksTokens) {
        await expect((async () => f.long.commit(freshKey('bad'), ''))()).rejects.toBeInstanceOf(TypeError);
        await expect((async () => f.long.release('', 'token'))()).rejects.toBeInstanceOf(TypeError);
      }
    });

    if (offers.databaseErrors) it('a database error is a rejected promise, which runOnce answers as `store` without running the grant', async () => {
      const broken = f.broken!;
      await expect((async () => broken.claim(freshKey('broken')))()).rejects.toBeInstanceOf(Error);
      let ran = false;
      expect(await runOnce(broken, freshKey('broken'), () => (ran = true))).toMatchObject({ outcome: 'store', error: expect.any(Error) });
      expect(ran).toBe(false);
    });

    if (offers.transactions) describe('transaction mode', () => {
      const tx = () => f.transactional!;

      it('the grant gets the transaction handle and commits with the keys; every mode then answers done', async () => {
        const [tid, txn] = [freshKey('tx-tid'), freshKey('tx-txn')];
        const seen: unknown[] = [];
        const run = await runOnce(tx().store, [tid, txn], async ({ transaction }) => {
          seen.push(transaction);
          await tx().record(transaction, tid);
          return 'granted';
        });
        expect(run).toEqual({ outcome: 'done', value: 'granted' });
        expect(seen).toHaveLength(1);
        expect(seen[0]).toBeTruthy();
        expect(await tx().count(tid)).toBe(1);
        expect(await runOnce(tx().store, [txn], () => 'again')).toEqual({ outcome: 'already' });
        expect(await f.long.claim(tid)).toEqual({ state: 'done' });
      });

      it('a grant that throws rolls back its own writes and the keys, so the next delivery grants', async () => {
        const key = freshKey('tx-rollback');
        const boom = new Error('inventory down');
        const failed = await runOnce(tx().store, key, async ({ transaction }) => {
          await tx().record(transaction, key);
          throw boom;
        });
        expect(failed).toEqual({ outcome: 'failed', error: boom });
        expect(await tx().count(key)).toBe(0);
        expect(await runOnce(tx().store, key, ({ transaction }) => tx().record(transaction, key))).toMatchObject({ outcome: 'done' });
        expect(await tx().count(key)).toBe(1);
      });

      it('concurrent transactions on one key: one grants, the others find it taken', async () => {
        const key = freshKey('tx-race');
        const outcomes = await Promise.all(
          Array.from({ length: 10 }, () => runOnce(tx().store, key, ({ transaction }) => tx().record(transaction, key))),
        );
        expect(outcomes.filter((o) => o.outcome === 'done')).toHaveLength(1);
        expect(outcomes.every((o) => ['done', 'already', 'busy'].includes(o.outcome))).toBe(true);
        expect(await tx().count(key)).toBe(1);
      });

      it('a live lease claim makes a transaction busy; a done key makes it already', async () => {
        const key = freshKey('tx-busy');
        const token = tokenOf(await f.long.claim(key));
        let ran = false;
        expect(await runOnce(tx().store, key, () => (ran = true))).toEqual({ outcome: 'busy' });
        expect(await f.long.commit(key, token)).toBe(true);
        expect(await runOnce(tx().store, key, () => (ran = true))).toEqual({ outcome: 'already' });
        expect(ran).toBe(false);
      });
    });
  });
}
