/** waitForOrder: polls on the injected clock (no real waits), ends in a typed outcome or a typed error. */
import { GamestoreError } from '@gamestore/core';
import { describe, expect, it } from 'vitest';
import { waitForOrder, type OrderReader } from '../src/index.js';

type Order = { order_id: number; status: string };

/** A reader answering the statuses in turn (the last repeats), and a clock whose sleeps only move time. */
function scripted(...statuses: string[]) {
  const reads: string[] = [];
  const reader: OrderReader<Order> = {
    getOrder: async ({ path }) => {
      reads.push(path.order_id);
      return { order_id: Number(path.order_id), status: statuses[Math.min(reads.length - 1, statuses.length - 1)]! };
    },
  };
  let t = 0;
  const sleeps: number[] = [];
  const clock = { now: () => t, sleep: async (ms: number) => void (sleeps.push(ms), (t += ms)) };
  return { reader, reads, sleeps, clock };
}

describe('waitForOrder', () => {
  it('reads every 3 s until the order is done', async () => {
    const s = scripted('new', 'new', 'paid', 'done');
    const outcome = await waitForOrder(s.reader, 123, { clock: s.clock });
    expect(outcome).toEqual({ status: 'done', order: { order_id: 123, status: 'done' } });
    expect(s.reads).toEqual(['123', '123', '123', '123']);
    expect(s.sleeps).toEqual([3000, 3000, 3000]);
  });

  it("until: 'paid' ends at paid (or at done when it skipped paid)", async () => {
    expect((await waitForOrder(scripted('new', 'paid').reader, 1, { until: 'paid', clock: scripted().clock })).status).toBe('paid');
    const s = scripted('new', 'done');
    expect((await waitForOrder(s.reader, 1, { until: 'paid', clock: s.clock })).status).toBe('done');
  });

  it.each(['canceled', 'expired'])('ends at %s, a final status', async (final) => {
    const s = scripted('new', final);
    expect(await waitForOrder(s.reader, 7, { clock: s.clock })).toMatchObject({ status: final });
  });

  it('gives up at the deadline (10 minutes by default) with a typed timeout', async () => {
    const s = scripted('new');
    const error = await waitForOrder(s.reader, 9, { clock: s.clock }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GamestoreError);
    expect(error).toMatchObject({ kind: 'timeout', operation: 'getOrder', attempts: s.reads.length });
    expect(s.reads).toHaveLength(201); // at 0 s, 3 s, …, 600 s
    expect(s.sleeps.reduce((a, b) => a + b, 0)).toBe(600_000);
  });

  it("honours the caller's signal between reads", async () => {
    const controller = new AbortController();
    const s = scripted('new');
    const clock = { ...s.clock, sleep: async () => controller.abort() };
    await expect(waitForOrder(s.reader, 5, { clock, signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted', attempts: 1 });
  });

  it('refuses options that cannot work', async () => {
    await expect(waitForOrder(scripted('new').reader, 1, { interval: 0 })).rejects.toMatchObject({ kind: 'input' });
    await expect(waitForOrder(scripted('new').reader, 1, { until: 'shipped' as never })).rejects.toMatchObject({ kind: 'input' });
  });
});
