/**
 * Order tracking: after the payment UI closes, ask Xsolla for the order until it is paid (or done), canceled or
 * expired, the way the docs advise (every 3 seconds, for 10 minutes at most). Grant items from the `order_paid`
 * webhook, not from this: it tells the player's client what happened.
 *
 *   const outcome = await waitForOrder(catalog.forUser(jwt), orderId, { until: 'done' });
 *   if (outcome.status === 'done') showItems(outcome.order.content);
 */
import { GamestoreError, systemClockOf, type Clock } from '@gamestore/core';

/** The order statuses Xsolla documents: `new` → `paid` → `done`, or `canceled` / `expired`. */
export type OrderStatus = 'new' | 'paid' | 'done' | 'canceled' | 'expired';

export interface WaitForOrderOptions {
  /** `done` (default: the items are delivered) or `paid` (the payment went through) */
  until?: 'done' | 'paid' | undefined;
  /** ms between two reads (default 3000, as the docs advise) */
  interval?: number | undefined;
  /** ms after which the wait ends with a `timeout` error (default 600 000: ten minutes) */
  deadline?: number | undefined;
  signal?: AbortSignal | undefined;
  /** injectable time (tests) */
  clock?: Partial<Clock> | undefined;
}

/** How the wait ended: the status asked for (or a later one), or a final status that will not change. */
export type OrderOutcome<O> = { readonly status: 'paid' | 'done' | 'canceled' | 'expired'; readonly order: O };

/** Anything with the Catalog's `getOrder` (a client, a per-user client). */
export interface OrderReader<O extends { status?: unknown }> {
  getOrder(input: { path: { order_id: string }; signal?: AbortSignal | undefined }): Promise<O>;
}

const REACHED: Record<'done' | 'paid', readonly unknown[]> = { done: ['done'], paid: ['paid', 'done'] };
const FINAL: readonly unknown[] = ['canceled', 'expired'];

/** Reads the order every `interval` ms until it reaches `until` or a final status, or the deadline passes. */
export async function waitForOrder<O extends { status?: unknown }>(
  client: OrderReader<O>,
  orderId: string | number,
  options: WaitForOrderOptions = {},
): Promise<OrderOutcome<O>> {
  const { until = 'done', interval = 3000, deadline = 600_000, signal } = options;
  const clock = systemClockOf(options.clock);
  const fail = (kind: 'timeout' | 'aborted' | 'input', message: string, attempts: number) =>
    new GamestoreError({ kind, operation: 'getOrder', message: `waitForOrder: ${message}`, attempts });
  if (!(interval > 0 && Number.isFinite(interval)) || !(deadline > 0 && Number.isFinite(deadline))) throw fail('input', 'interval and deadline must be finite and > 0', 0);
  if (until !== 'done' && until !== 'paid') throw fail('input', "until must be 'done' or 'paid'", 0);
  const endAt = clock.now() + deadline;
  for (let reads = 1; ; reads++) {
    if (signal?.aborted) throw fail('aborted', 'aborted', reads - 1);
    const order = await client.getOrder({ path: { order_id: String(orderId) }, ...(signal && { signal }) });
    if (REACHED[until].includes(order.status) || FINAL.includes(order.status)) return { status: order.status as OrderOutcome<O>['status'], order };
    if (clock.now() + interval > endAt) throw fail('timeout', `order still ${String(order.status)} after ${deadline} ms`, reads);
    await clock.sleep(interval, signal).catch(() => undefined);
  }
}
