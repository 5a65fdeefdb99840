/** Retry policy: which outcomes are retried, how long to wait, and a budget so a dead upstream is not hammered. */
import { GamestoreError } from './errors.js';

export interface Clock {
  /** milliseconds since some epoch (deadlines, HTTP-date `Retry-After`) */
  now(): number;
  /** resolves after `ms`, rejects when `signal` aborts */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** a number in [0, 1) (backoff jitter) */
  random(): number;
  /** calls `fire` after `ms` unless the returned cancel function runs first (attempt timeouts, deadlines) */
  timer(ms: number, fire: () => void): () => void;
}

export interface RetryOptions {
  /** attempts in total, the first included (1 = never retry). Default 3. */
  attempts?: number | undefined;
  /** backoff base in ms: attempt n waits random() × min(maxDelay, baseDelay × 2^(n-1)). Default 500. */
  baseDelay?: number | undefined;
  /** backoff cap in ms. Default 8000. */
  maxDelay?: number | undefined;
  /** a `Retry-After` longer than this (ms) is not waited for: the answer is returned as it is. Default 60000. */
  maxRetryAfter?: number | undefined;
}

export interface TimeoutOptions {
  /** per-attempt timeout in ms, covering the response headers and body. Default 30000. */
  timeout?: number | undefined;
  /** total deadline in ms for the call: every attempt and every wait. Default 120000. */
  deadline?: number | undefined;
}

export type Policy = Required<{ [K in keyof (RetryOptions & TimeoutOptions)]: number }>;

export const DEFAULT_POLICY: Readonly<Policy> = {
  attempts: 3,
  baseDelay: 500,
  maxDelay: 8000,
  maxRetryAfter: 60_000,
  timeout: 30_000,
  deadline: 120_000,
};

type PolicySource = Partial<Record<keyof Policy, number | undefined>> | false | undefined;

const positive = (v: number) => Number.isFinite(v) && v > 0;
const nonNegative = (v: number) => Number.isFinite(v) && v >= 0;
/** What each policy number must be: a timer of 0, NaN or Infinity would fire at once, so timeouts are positive and finite. */
const VALID: Record<keyof Policy, [check: (v: number) => boolean, what: string]> = {
  attempts: [(v) => Number.isInteger(v) && v >= 1, 'an integer ≥ 1'],
  baseDelay: [nonNegative, 'finite and ≥ 0'],
  maxDelay: [nonNegative, 'finite and ≥ 0'],
  maxRetryAfter: [(v) => v >= 0, '≥ 0'],
  timeout: [positive, 'finite and > 0'],
  deadline: [positive, 'finite and > 0'],
};

/**
 * Merges policy sources left to right; `undefined` values are skipped and `false` means a single attempt. A value
 * that cannot work (a non-finite or non-positive timeout, zero attempts) is a `config` error naming the option.
 */
export function policy(...sources: PolicySource[]): Policy {
  const out: Policy = { ...DEFAULT_POLICY };
  for (const source of sources) {
    for (const [k, v] of Object.entries(source === false ? { attempts: 1 } : (source ?? {}))) {
      if (!(k in out) || v === undefined) continue;
      const [check, what] = VALID[k as keyof Policy];
      if (typeof v !== 'number' || !check(v)) throw new GamestoreError({ kind: 'config', message: `${k} must be ${what}` });
      out[k as keyof Policy] = v;
    }
  }
  return out;
}

export const systemClock: Clock = {
  now: Date.now,
  random: Math.random,
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      // the listener goes when the wait ends either way: a long-lived signal does not collect one per retry
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal!.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
  timer: (ms, fire) => {
    const t = setTimeout(fire, ms);
    return () => clearTimeout(t);
  },
};

/** The system clock with the members `clock` gives replaced (tests inject time this way). */
export const systemClockOf = (clock?: Partial<Clock>): Clock => ({ ...systemClock, ...clock });

/** Methods that may be repeated without opt-in (RFC 9110 §9.2.2). */
export const IDEMPOTENT = /^(GET|HEAD|OPTIONS|PUT|DELETE|TRACE)$/;

/** Statuses worth another attempt: 408, 429 and 5xx. */
export const retryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;

/** Full-jitter exponential backoff before attempt `failed + 1`. */
export const backoff = (failed: number, p: Policy, random: () => number): number =>
  random() * Math.min(p.maxDelay, p.baseDelay * 2 ** (failed - 1));

/** `Retry-After` in ms (delta-seconds or an HTTP date), or undefined when absent or unreadable. */
export function retryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const at = /^\s*\d/.test(value) ? now + Number(value) * 1000 : /^[a-z]/i.test(value) ? Date.parse(value) : NaN;
  return at >= 0 ? Math.max(0, at - now) : undefined;
}

/**
 * A token bucket of retries shared by the calls of one client (or several, if passed to each). Every retry
 * takes a token; every successful call gives back `refill`. With the defaults (10, 0.1) a dead upstream costs
 * at most 10 retries, after which each call makes one attempt until successes refill the bucket.
 */
export class RetryBudget {
  /** retries left */
  tokens: number;
  constructor(
    readonly capacity = 10,
    readonly refill = 0.1,
  ) {
    this.tokens = capacity;
  }
  /** takes one retry token; false when the budget is spent */
  take(): boolean {
    return this.tokens >= 1 && this.tokens-- > 0;
  }
  success(): void {
    this.tokens = Math.min(this.capacity, this.tokens + this.refill);
  }
}
