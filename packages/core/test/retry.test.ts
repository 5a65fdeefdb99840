import { readFileSync } from 'node:fs';
import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoff, DEFAULT_POLICY, RetryBudget, retryAfter } from '../src/index.js';
import { IDEMPOTENT, policy, retryableStatus, systemClock } from '../src/retry.js';

describe('defaults', () => {
  it('are the ones the README states (read from its runtime defaults table)', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const seconds = (re: RegExp) => Number(re.exec(readme)?.[1]) * 1000;
    expect(DEFAULT_POLICY).toEqual({
      attempts: Number(/\| attempts \(first included\) \| (\d+) \|/.exec(readme)?.[1]),
      baseDelay: seconds(/min\([\d.]+ s, ([\d.]+) s × 2/),
      maxDelay: seconds(/min\(([\d.]+) s, [\d.]+ s × 2/),
      maxRetryAfter: seconds(/honoured up to (\d+) s/),
      timeout: seconds(/\| per-attempt timeout \(headers and body\) \| (\d+) s \|/),
      deadline: seconds(/\| total deadline \| (\d+) s \|/),
    });
    const [, capacity, refill] = /\| retry budget \| (\d+) retries, refilled by ([\d.]+) per success/.exec(readme) ?? [];
    const budget = new RetryBudget();
    expect([budget.capacity, budget.refill, budget.tokens]).toEqual([Number(capacity), Number(refill), Number(capacity)]);
  });
});

describe('policy', () => {
  it('merges left to right, skipping undefined; false means a single attempt', () => {
    expect(policy({ attempts: 5, timeout: undefined }, { baseDelay: 1 })).toEqual({ ...DEFAULT_POLICY, attempts: 5, baseDelay: 1 });
    expect(policy({ attempts: 5 }, false).attempts).toBe(1);
    expect(policy(undefined, { timeout: 10, deadline: 20 })).toMatchObject({ timeout: 10, deadline: 20 });
  });
});

describe('what is retried', () => {
  it('408, 429 and 5xx; nothing else', () => {
    const retried = [...Array(500).keys()].map((i) => i + 100).filter(retryableStatus);
    expect(retried).toEqual([408, 429, ...Array.from({ length: 100 }, (_, i) => 500 + i)]);
  });

  it('idempotent methods without opt-in', () => {
    expect(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE', 'POST', 'PATCH'].filter((m) => IDEMPOTENT.test(m))).toEqual([
      'GET',
      'HEAD',
      'OPTIONS',
      'PUT',
      'DELETE',
      'TRACE',
    ]);
  });
});

describe('backoff', () => {
  it('is full jitter under min(cap, base × 2^(n-1))', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (n, r) => {
        const d = backoff(n, DEFAULT_POLICY, () => r);
        const ceiling = Math.min(8000, 500 * 2 ** (n - 1));
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(ceiling);
        expect(d).toBe(r * ceiling);
      }),
    );
  });
});

describe('Retry-After', () => {
  const now = Date.UTC(2030, 5, 1, 0, 0, 0);
  it.each([
    ['0', 0],
    ['3', 3000],
    ['1.5', 1500],
    [' 120', 120_000],
    [new Date(now + 42_000).toUTCString(), 42_000],
    [new Date(now - 5_000).toUTCString(), 0],
    ['Wed, 21 Oct 2015 07:28:00 GMT', 0],
  ])('%j → %d ms', (value, ms) => {
    expect(retryAfter(value, now)).toBe(ms);
  });

  it.each([null, '', 'soon', '-1', '3 seconds'])('%j is ignored', (value) => {
    expect(retryAfter(value, now)).toBeUndefined();
  });
});

describe('RetryBudget', () => {
  it('spends one token per retry and refills on success, up to its capacity', () => {
    const b = new RetryBudget(2, 0.5);
    expect([b.take(), b.take(), b.take()]).toEqual([true, true, false]);
    b.success();
    expect(b.take()).toBe(false);
    b.success();
    expect(b.take()).toBe(true);
    for (let i = 0; i < 10; i++) b.success();
    expect(b.tokens).toBe(2);
  });
});

describe('the system clock', () => {
  it('sleeps, and rejects at once with the reason when the signal aborts', async () => {
    const start = performance.now();
    await systemClock.sleep(20);
    expect(performance.now() - start).toBeGreaterThanOrEqual(19); // Node may fire a timer up to 1 ms early
    const controller = new AbortController();
    const slept = systemClock.sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(slept).rejects.toThrow('stop');
    await expect(systemClock.sleep(10, controller.signal)).rejects.toThrow('stop'); // already aborted: no wait
  });

  it('leaves no listener on a long-lived signal after its waits end', async () => {
    const controller = new AbortController();
    for (let i = 0; i < 20; i++) await systemClock.sleep(0, controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('runs a timer once, and never after it is cancelled', async () => {
    const fired: string[] = [];
    systemClock.timer(1, () => fired.push('kept'));
    const cancel = systemClock.timer(1, () => fired.push('cancelled'));
    cancel();
    await systemClock.sleep(20);
    expect(fired).toEqual(['kept']);
  });
});
