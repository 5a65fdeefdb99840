import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { redisLedger } from '../src/redis.js';
import { freshKey, ledgerContract, SHORT_LEASE_MS } from './contract.js';

const client = await createClient({ url: inject('redisUrl'), disableOfflineQueue: true }).connect();
afterAll(() => client.close());

ledgerContract('Redis', { databaseErrors: true, transactions: false }, async () => {
  const prefix = `contract:${process.pid}:`;
  const closed = await createClient({ url: inject('redisUrl'), disableOfflineQueue: true }).connect();
  closed.destroy();
  return {
    long: redisLedger({ client, prefix }),
    short: redisLedger({ client, prefix, leaseMs: SHORT_LEASE_MS }),
    elapse: sleep,
    open: (options) => redisLedger({ client, prefix, ...options }),
    checksTokens: true,
    broken: redisLedger({ client: closed, prefix }),
  };
});

describe('Redis ledger', () => {
  it('keeps a finished key for doneTtlMs (then forgets it), and a claim for the lease, as Redis TTLs', async () => {
    const prefix = `ttl:${process.pid}:`;
    const ledger = redisLedger({ client, prefix, doneTtlMs: SHORT_LEASE_MS });
    const key = freshKey('ttl');
    const claim = (await ledger.claim(key)) as { token: string };
    const leaseTtl = Number(await client.sendCommand(['PTTL', prefix + key]));
    expect(leaseTtl).toBeGreaterThan(SHORT_LEASE_MS); // the default lease: a minute
    expect(leaseTtl).toBeLessThanOrEqual(60_000);
    expect(await ledger.commit(key, claim.token)).toBe(true);
    expect(Number(await client.sendCommand(['PTTL', prefix + key]))).toBeLessThanOrEqual(SHORT_LEASE_MS);
    expect(await ledger.claim(key)).toEqual({ state: 'done' });
    await sleep(SHORT_LEASE_MS + 100);
    expect(await ledger.claim(key)).toMatchObject({ state: 'claimed' });
  });

  it('loads its scripts again after SCRIPT FLUSH; a key of another type is a rejected promise', async () => {
    const ledger = redisLedger({ client, prefix: `flush:${process.pid}:` });
    const key = freshKey('flush');
    const claim = (await ledger.claim(key)) as { token: string };
    await client.sendCommand(['SCRIPT', 'FLUSH']);
    expect(await ledger.commit(key, claim.token)).toBe(true);
    const listKey = freshKey('list');
    await client.sendCommand(['RPUSH', `flush:${process.pid}:${listKey}`, 'x']);
    await expect(ledger.claim(listKey)).rejects.toThrow(/WRONGTYPE/);
  });

  it('refuses a client it cannot use and bad durations', () => {
    expect(() => redisLedger({ client: {} as never })).toThrow(TypeError);
    expect(() => redisLedger({ client, doneTtlMs: 0 })).toThrow(RangeError);
    expect(() => redisLedger({ client, leaseMs: Number.POSITIVE_INFINITY })).toThrow(RangeError);
  });
});
