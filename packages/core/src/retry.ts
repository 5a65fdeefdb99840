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

/** What `timerQueue` needs of the runtime: `setTimeout`, `clearTimeout` and a monotonic clock. */
export interface TimerHost {
  set(fire: () => void, ms: number): unknown;
  clear(timer: unknown): void;
  now(): number;
}

const runtimeHost: TimerHost = {
  set: (fire, ms) => setTimeout(fire, ms),
  clear: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
  // not moved by a change of the wall clock
  now: () => performance.now(),
};

/** the longest delay `setTimeout` takes as it is (2^31 - 1 ms); a later entry is re-armed until it is due */
const LONGEST_DELAY = 2 ** 31 - 1;

/**
 * Timers for many attempts on one runtime timer (the system clock's `timer`). Each pending timer is an entry in a set;
 * the runtime timer is set for the earliest and, while nothing is pending, does not keep the process alive (where a
 * timer cannot be unreferenced, it is cleared). A runtime timer per attempt cost about 3% of a small call (`pnpm
 * bench`): Node makes a timer object, and drops and remakes its list of timers of one duration whenever the last goes.
 */
export function timerQueue(host: TimerHost = runtimeHost): Clock['timer'] {
  const pending = new Set<{ readonly at: number; readonly fire: () => void }>();
  let timer: unknown;
  let armedAt = Infinity;
  const arm = (at: number) => {
    if (timer !== undefined) host.clear(timer);
    armedAt = at;
    timer = host.set(expire, Math.min(LONGEST_DELAY, Math.max(1, at - host.now())));
  };
  // what is due fires, each in its own microtask (one that throws does not stop the others); the rest is re-armed
  function expire() {
    timer = undefined;
    armedAt = Infinity;
    const now = host.now();
    let next = Infinity;
    for (const entry of pending) {
      if (entry.at > now) next = Math.min(next, entry.at);
      else if (pending.delete(entry)) queueMicrotask(entry.fire);
    }
    if (next < Infinity) arm(next);
  }
  return (ms, fire) => {
    const entry = { at: host.now() + ms, fire };
    pending.add(entry);
    if (entry.at < armedAt) arm(entry.at);
    else if (pending.size === 1) (timer as { ref?: () => void } | undefined)?.ref?.();
    return () => {
      if (!pending.delete(entry) || pending.size > 0) return;
      const idle = timer as { unref?: () => void } | undefined;
      if (typeof idle?.unref === 'function') idle.unref();
      else {
        host.clear(timer);
        timer = undefined;
        armedAt = Infinity;
      }
    };
  };
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
  timer: timerQueue(),
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
