/**
 * The grant ledger on Redis, through the official client `redis` (node-redis). Install `redis` yourself; this
 * entry imports nothing from it, it takes your connected client.
 *
 *   import { createClient } from 'redis';
 *   import { redisLedger } from '@gamestore/ledger/redis';
 *   const client = await createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true }).connect();
 *   createPaymentCompleteHandler({ grant, idempotency: redisLedger({ client }) });
 *
 * One Redis string per key: a claim is `SET key <token> NX GET PX <lease>` (one atomic command that also reads
 * what holds the key), a commit turns it into `done` with a TTL of `doneTtlMs`, and commit and release compare the
 * token inside a Lua script, so a stale holder never touches another delivery's claim.
 */
import { createHash } from 'node:crypto';
import type { Claim, IdempotencyStore } from '@gamestore/core';
import { checkKey, checkToken, durationMs, newToken } from './checks.js';

/** A node-redis client (`createClient()`), or anything that sends a raw command the same way. */
export interface RedisCommander {
  sendCommand(args: string[]): Promise<unknown>;
}

export interface RedisLedgerOptions {
  /** a connected node-redis client; create it with `disableOfflineQueue: true` so an outage fails calls at once */
  client: RedisCommander;
  /** prefix of every ledger key. Default `gamestore:ledger:`. */
  prefix?: string | undefined;
  /** how long a claim holds before another delivery may take the key, by the Redis clock (ms). Default 60000. */
  leaseMs?: number | undefined;
  /**
   * How long a finished key is kept (ms). Default 30 days. After that a delivery of the same payment would grant
   * again, so keep it longer than any provider retries.
   */
  doneTtlMs?: number | undefined;
}

/** The default time a finished key is kept: 30 days. */
export const DEFAULT_DONE_TTL_MS = 30 * 24 * 3_600_000;
const DONE = 'done';

// KEYS[1] = key, ARGV[1] = token, ARGV[2] = TTL of the finished key (ms)
const COMMIT = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], '${DONE}', 'PX', ARGV[2]) return 1 end return 0`;
// KEYS[1] = key, ARGV[1] = token
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** Runs a Lua script by its SHA1, loading it (EVAL) the first time a server does not know it. */
function script(client: RedisCommander, source: string) {
  const sha = createHash('sha1').update(source).digest('hex');
  return async (key: string, ...args: string[]): Promise<unknown> => {
    try {
      return await client.sendCommand(['EVALSHA', sha, '1', key, ...args]);
    } catch (error) {
      if (!String((error as Error | undefined)?.message).startsWith('NOSCRIPT')) throw error;
      return client.sendCommand(['EVAL', source, '1', key, ...args]);
    }
  };
}

/** A ledger on Redis (a single primary: claims rely on one server's atomic commands and clock). */
export function redisLedger(options: RedisLedgerOptions): IdempotencyStore & { readonly prefix: string } {
  const client = options?.client;
  if (!client || typeof client.sendCommand !== 'function') throw new TypeError('redisLedger: options.client must be a node-redis client');
  const prefix = options.prefix ?? 'gamestore:ledger:';
  if (typeof prefix !== 'string') throw new TypeError('redisLedger: options.prefix must be a string');
  // PX takes whole milliseconds: round up, so a lease is never shorter than asked
  const leaseMs = String(Math.ceil(durationMs('redisLedger', 'leaseMs', options.leaseMs, 60_000)));
  const doneTtlMs = String(Math.ceil(durationMs('redisLedger', 'doneTtlMs', options.doneTtlMs, DEFAULT_DONE_TTL_MS)));
  const commit = script(client, COMMIT);
  const release = script(client, RELEASE);
  return {
    prefix,
    async claim(key): Promise<Claim> {
      checkKey('redisLedger.claim', key);
      const token = newToken();
      // NX: only when nobody holds the key; GET: answers what held it (nil when the SET happened)
      const held = await client.sendCommand(['SET', prefix + key, token, 'NX', 'GET', 'PX', leaseMs]);
      if (held === null || held === undefined) return { state: 'claimed', token };
      return String(held) === DONE ? { state: 'done' } : { state: 'busy' };
    },
    async commit(key, token) {
      checkKey('redisLedger.commit', key);
      checkToken('redisLedger.commit', token);
      return Number(await commit(prefix + key, token, doneTtlMs)) === 1;
    },
    async release(key, token) {
      checkKey('redisLedger.release', key);
      checkToken('redisLedger.release', token);
      await release(prefix + key, token);
    },
  };
}
