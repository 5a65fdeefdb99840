/**
 * The payment-complete notification STOVE's billing middleware sends to the game server after a player pays.
 *
 *   const handler = createPaymentCompleteHandler({
 *     grant: async (n) => { await inventory.grant(n.guid, n); },
 *     idempotency: myDatabaseStore, // claim/complete/release keyed by the STOVE order number
 *   });
 *   createServer(toNodeListener(handler)).listen(8080);
 *
 * The order number (`tid`, or `txn_mst_no` when `tid` is absent) is claimed in the idempotency store before
 * `grant` runs, so a replayed or concurrent duplicate never grants twice; a failed grant releases the claim so
 * STOVE's retry can grant. The handler is web-standard and never throws.
 */
import {
  handlerFrame,
  isIdempotencyStore,
  isInt64String,
  jsonResponse,
  parseJson,
  readJsonBody,
  runOnce,
  type HandlerInfo,
  type IdempotencyStore,
  type Int64Fields,
} from '@gamestore/core';
import { webhooks } from './generated/bill-store.meta.js';
import type { PaymentCompleteAck, PaymentCompleteNotification } from './types.js';

export { memoryIdempotencyStore, type IdempotencyStore } from '@gamestore/core';

export interface GrantContext {
  /** the order number the notification was de-duplicated on */
  readonly orderKey: string;
  readonly request: Request;
  /**
   * The ledger's transaction when the idempotency store runs grants in one (`@gamestore/ledger`'s PostgreSQL and
   * PGlite ledgers: a `pg` client or a PGlite transaction): give the item on it and both commit together.
   */
  readonly transaction?: unknown;
}

export interface PaymentCompleteHandlerOptions {
  /** hands the purchased items to the player; throw to report a failure (STOVE may deliver again) */
  grant: (notification: PaymentCompleteNotification, context: GrantContext) => Promise<void> | void;
  idempotency: IdempotencyStore;
  /** largest accepted body in bytes (default 64 KiB) */
  maxBodyBytes?: number | undefined;
  /** called with the error when grant or the store fails */
  onError?: ((error: unknown) => void) | undefined;
  /**
   * Only these caller addresses are served (403 before the body is read). STOVE signs nothing: an allow-list of the
   * addresses STOVE's billing calls from (ask STOVE for them) and `verify` are the only defence against forged
   * notifications. The address comes from the runtime (`toNodeListener`, Bun, Deno), never from a header.
   */
  allowedIps?: readonly string[] | undefined;
  /**
   * Your own check of a delivery before its body is read (a shared secret in a header you agreed with STOVE, a
   * mutual-TLS result from your proxy): false refuses it with 403. It must not read the body.
   */
  verify?: ((request: Request, info: HandlerInfo | undefined) => boolean | Promise<boolean>) | undefined;
}

const FIELDS: Int64Fields = {
  keys: webhooks.notifyPaymentComplete.int64?.request ?? [],
};
const LIMITS = { bill_platform_type: 16, noti_type: 32, world_id: 30, guid: 50, tid: 20 } as const;

type Code = 0 | 40000 | 40300 | 40500 | 41300 | 41500 | 40900 | 50000;
const ack = (status: number, code: Code, message: string, headers?: Record<string, string>) =>
  jsonResponse(status, JSON.stringify({ code, message } satisfies PaymentCompleteAck), headers);

type Checked = { ok: true; notification: PaymentCompleteNotification; orderKey: string; keys: string[] } | { ok: false; message: string };

function check(body: unknown): Checked {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, message: 'body must be a JSON object' };
  const b = body as Record<string, unknown>;
  for (const field of ['bill_platform_type', 'noti_type', 'guid'] as const) {
    if (b[field] === undefined || b[field] === null) return { ok: false, message: `${field} is required` };
  }
  // guid is documented as string(50); a numeric guid is accepted as its digits
  if (typeof b.guid === 'number' && Number.isSafeInteger(b.guid)) b.guid = String(b.guid);
  for (const [field, max] of Object.entries(LIMITS)) {
    const v = b[field];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v.length === 0 || v.length > max) return { ok: false, message: `${field} must be a string of 1 to ${max} characters` };
  }
  if (b.txn_mst_no !== undefined && !isInt64String(b.txn_mst_no)) return { ok: false, message: 'txn_mst_no must be a 64-bit integer' };
  // One payment, however STOVE names it: the billing order number `tid` (letters compared without case) and the
  // order number `txn_mst_no` are both claimed, so deliveries that carry either, both, or `tid` in another case
  // never grant twice (see `x-gamestore-decision` on the webhook).
  const keys = [
    ...(typeof b.tid === 'string' ? [`tid:${b.tid.toUpperCase()}`] : []),
    ...(typeof b.txn_mst_no === 'string' ? [`txn_mst_no:${b.txn_mst_no}`] : []),
  ];
  const orderKey = (b.tid as string | undefined) ?? (b.txn_mst_no as string | undefined);
  if (orderKey === undefined) return { ok: false, message: 'tid (or txn_mst_no) is required to grant exactly once' };
  return { ok: true, notification: b as PaymentCompleteNotification, orderKey, keys };
}

export function createPaymentCompleteHandler(options: PaymentCompleteHandlerOptions): (request: Request, info?: HandlerInfo) => Promise<Response> {
  if (typeof options?.grant !== 'function') throw new TypeError('createPaymentCompleteHandler: options.grant must be a function');
  const store = options.idempotency;
  if (!isIdempotencyStore(store)) {
    throw new TypeError('createPaymentCompleteHandler: options.idempotency must be an IdempotencyStore (memoryIdempotencyStore() for one process)');
  }
  const maxBytes = options.maxBodyBytes ?? 64 * 1024;
  const CODES = { 403: 40300, 405: 40500, 500: 50000 } as const;
  const refuse = (status: 403 | 405 | 500, message: string, headers?: Record<string, string>) => ack(status, CODES[status], message, headers);

  // a forged caller (allow-list, verify) is refused by the frame before its body is read
  return handlerFrame(options, refuse, async (request, report) => {
    const read = await readJsonBody(request, { maxBytes, int64: FIELDS });
    if (!read.ok) {
      const code = read.problem.status === 413 ? 41300 : read.problem.status === 415 ? 41500 : 40000;
      return ack(read.problem.status, code, read.problem.message);
    }
    const checked = check(read.value);
    if (!checked.ok) return ack(400, 40000, checked.message);

    const { notification, orderKey, keys } = checked;
    const run = await runOnce(store, keys, ({ transaction }) => options.grant(notification, { orderKey, request, transaction }), report);
    switch (run.outcome) {
      case 'already':
        return ack(200, 0, 'OK (already granted)');
      case 'busy':
        return ack(409, 40900, 'this order is being granted by another delivery; retry later');
      case 'store':
        report(run.error);
        return ack(500, 50000, 'idempotency store unavailable');
      case 'failed':
        report(run.error);
        return ack(500, 50000, 'grant failed');
    }
    return ack(200, 0, 'OK');
  });
}

/** Exposed for tests and custom handlers: parses a raw notification body without losing int64 digits. */
export const parseNotification = (text: string): unknown => parseJson(text, FIELDS);
