import { readFileSync } from 'node:fs';
import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoff, DEFAULT_POLICY, RetryBudget, retryAfter } from '../src/index.js';
import { IDEMPOTENT, policy, retryableStatus, systemClock, timerQueue, type TimerHost } from '../src/retry.js';

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

  it('keeps the process alive while a timer is pending, and not after (Node\'s own timers, counted by Node)', () => {
    const refed = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const timer = timerQueue(); // a queue of its own on the runtime's timers: other tests' pending timers do not count
    const before = refed();
    const cancelA = timer(60_000, () => undefined);
    const cancelB = timer(120_000, () => undefined);
    expect(refed()).toBe(before + 1); // one runtime timer for both
    cancelA();
    expect(refed()).toBe(before + 1);
    cancelB();
    expect(refed()).toBe(before); // armed still, but unreferenced: an idle process exits
    const cancelC = timer(90_000, () => undefined);
    expect(refed()).toBe(before + 1);
    cancelC();
    expect(refed()).toBe(before);
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

/** A runtime stand-in for `timerQueue`: time moves only when the test says, and it records what the queue asks of it. */
function fakeHost(options: { unref?: boolean } = {}) {
  let now = 1000;
  const timers = new Map<number, { fire: () => void; at: number; refed: boolean }>();
  let nextId = 1;
  const handle = (id: number) =>
    options.unref === false ? id : { id, ref: () => (timers.get(id)!.refed = true), unref: () => (timers.get(id)!.refed = false) };
  const idOf = (timer: unknown) => (typeof timer === 'number' ? timer : (timer as { id: number }).id);
  const host: TimerHost = {
    now: () => now,
    set: (fire, ms) => {
      const id = nextId++;
      timers.set(id, { fire, at: now + ms, refed: true });
      return handle(id);
    },
    clear: (timer) => void timers.delete(idOf(timer)),
  };
  return {
    host,
    timers,
    /** moves time on, running the runtime timers that come due, in order, and the microtasks they queue */
    async advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...timers].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fire();
        await Promise.resolve();
      }
      now = until;
      await Promise.resolve();
    },
  };
}

describe('timerQueue (the system clock\'s timers)', () => {
  it('fires each entry once when it is due, in the order they come due, on one runtime timer', async () => {
    const fake = fakeHost();
    const timer = timerQueue(fake.host);
    const fired: string[] = [];
    timer(300, () => fired.push('300'));
    timer(100, () => fired.push('100'));
    timer(200, () => fired.push('200'));
    expect(fake.timers.size).toBe(1); // the earlier entry re-armed the one runtime timer
    await fake.advance(99);
    expect(fired).toEqual([]);
    await fake.advance(1);
    expect(fired).toEqual(['100']);
    await fake.advance(250);
    expect(fired).toEqual(['100', '200', '300']);
    expect(fake.timers.size).toBe(0); // nothing pending: nothing armed
  });

  it('never fires a cancelled entry; the last cancel leaves the runtime timer armed but not keeping the process alive', async () => {
    const fake = fakeHost();
    const timer = timerQueue(fake.host);
    const fired: string[] = [];
    const cancelA = timer(100, () => fired.push('a'));
    const cancelB = timer(200, () => fired.push('b'));
    cancelA();
    expect([...fake.timers.values()].map((t) => t.refed)).toEqual([true]); // b is still pending
    cancelB();
    cancelB(); // twice is harmless
    expect([...fake.timers.values()].map((t) => t.refed)).toEqual([false]);
    // a later entry reuses it (referenced again) instead of arming another
    timer(500, () => fired.push('c'));
    expect([...fake.timers.values()].map((t) => t.refed)).toEqual([true]);
    await fake.advance(100); // the runtime timer fires for the cancelled a: nothing is due, it re-arms for c
    expect(fired).toEqual([]);
    expect(fake.timers.size).toBe(1);
    await fake.advance(400);
    expect(fired).toEqual(['c']);
  });

  it('clears the runtime timer when nothing is pending where timers cannot be unreferenced (browsers, Deno)', () => {
    const fake = fakeHost({ unref: false });
    const timer = timerQueue(fake.host);
    const cancel = timer(100, () => undefined);
    expect(fake.timers.size).toBe(1);
    cancel();
    expect(fake.timers.size).toBe(0);
    timer(100, () => undefined);
    expect(fake.timers.size).toBe(1);
  });

  it('arms at most 2^31 - 1 ms ahead (what setTimeout takes) and re-arms until a longer entry is due', async () => {
    const fake = fakeHost();
    const timer = timerQueue(fake.host);
    const fired: number[] = [];
    timer(2 ** 32, () => fired.push(1));
    expect([...fake.timers.values()][0]!.at - fake.host.now()).toBe(2 ** 31 - 1);
    await fake.advance(2 ** 31 - 1);
    expect(fired).toEqual([]);
    await fake.advance(2 ** 32 - (2 ** 31 - 1));
    expect(fired).toEqual([1]);
  });

  it('an entry that throws does not stop the others due with it', async () => {
    const fake = fakeHost();
    const timer = timerQueue(fake.host);
    const fired: string[] = [];
    const thrown: unknown[] = [];
    const listener = (e: unknown) => thrown.push(e);
    // queueMicrotask reports a throw as uncaught; this test catches it
    process.prependListener('uncaughtException', listener);
    try {
      timer(100, () => {
        throw new Error('boom');
      });
      timer(100, () => fired.push('other'));
      await fake.advance(100);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.removeListener('uncaughtException', listener);
    }
    expect(fired).toEqual(['other']);
    expect(thrown).toEqual([new Error('boom')]);
  });
});
