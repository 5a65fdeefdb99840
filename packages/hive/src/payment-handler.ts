/**
 * The endpoint a game server registers for Hive's PG payment notification (Hive Console > Billing > Payment
 * Settings > PG Settings > Additional Features): how a web-shop purchase reaches the game to be granted.
 *
 *   const hive = createHivePaymentClient({ environment: 'production', authKey, appId });
 *   const handler = createHivePaymentHandler({
 *     verifyPayment: hive,                          // asks Hive before anything is granted
 *     grant: async (purchase, { orderKey }) => { await inventory.give(purchase.vid, purchase.market_pid, orderKey); },
 *     idempotency: pgLedger({ pool }),              // shared by every instance; memoryIdempotencyStore() for one
 *   });
 *   createServer(toNodeListener(handler)).listen(8080);
 *
 * Hive documents no signature and no source addresses for this notification, so the handler trusts none of it:
 * the order it names is looked up with Hive (`verifyPgPayment`: the payment completion history, then IAP v4
 * receipt verification) and `grant` gets Hive's record, never the notification's. A payment is granted at most
 * once per order across every delivery that shares the idempotency store; a failed grant is released so the next
 * delivery can grant. The handler is web-standard and never throws.
 */
import {
  handlerFrame,
  isIdempotencyStore,
  jsonResponse,
  readJsonBody,
  runOnce,
  type HandlerFrameOptions,
  type HandlerInfo,
  type IdempotencyStore,
  type RunOnceOutcome,
} from '@gamestore/core';
import type { components } from './generated/payment.js';
import type { HivePaymentClient, PaymentClaim, PaymentVerdict, UnconsumedPurchase } from './payment.js';

/** A notification as received: an open JSON object (its field table is not published; see the spec's gaps). */
export type PgPaymentNotification = components['schemas']['PgPaymentNotification'] & Record<string, unknown>;
export type PaymentHandlerErrorCode = components['schemas']['HandlerError']['error_code'];

/** What a notification is about, read from its body by `identify`. */
export interface NotifiedPayment extends PaymentClaim {
  /** `paid` grants (after verification); `cancelled` revokes; `ignored` is acknowledged and nothing else */
  readonly event: 'paid' | 'cancelled' | 'ignored';
}

export interface PaymentGrantContext {
  /** the key the payment was de-duplicated on (`hive-pg:<order_id>`) */
  readonly orderKey: string;
  /** the notification as received */
  readonly notification: PgPaymentNotification;
  /** IAP v4's receipt id when the purchase had one (what the item delivery result call needs) */
  readonly transactionId?: string | undefined;
  readonly request: Request;
  /** the ledger's transaction when the idempotency store runs grants in one (see `@gamestore/ledger`) */
  readonly transaction?: unknown;
}

export interface PaymentRevokeContext {
  readonly orderKey: string;
  readonly request: Request;
  readonly transaction?: unknown;
}

export interface HivePaymentHandlerOptions extends HandlerFrameOptions {
  /**
   * Confirms the notified payment with Hive before `grant` runs: a `createHivePaymentClient(...)` (its
   * `verifyPgPayment`), or your own function. Nothing is granted unless it answers `verified: true`.
   */
  verifyPayment: Pick<HivePaymentClient, 'verifyPgPayment'> | ((claim: PaymentClaim, request: Request) => Promise<PaymentVerdict>);
  /** gives the player the purchase Hive recorded; runs once per order. Throw to have a later delivery try again. */
  grant: (purchase: UnconsumedPurchase, context: PaymentGrantContext) => Promise<void> | void;
  /** takes a cancelled or refunded purchase back; runs once per order. Without it, cancellations are acknowledged. */
  revoke?: ((notification: NotifiedPayment, context: PaymentRevokeContext) => Promise<void> | void) | undefined;
  /** where granted orders are kept: a ledger shared by every instance (`@gamestore/ledger`), or `memoryIdempotencyStore()` */
  idempotency: IdempotencyStore;
  /**
   * Reads the payment a notification names. The notification's field table is not published; the default reads
   * the names Hive uses for the same payment in its completion history (`order_id`, `server_id`, `vid`, or
   * `player_id`) and in the web shop's notification-shaped validation body (`type`: `paid` or `cancelled`; a body
   * without `type` is treated as `paid`, which verification guards). Answer `undefined` for a body you cannot read.
   */
  identify?: ((notification: PgPaymentNotification) => NotifiedPayment | undefined) | undefined;
  /** largest accepted body in bytes (default 64 KiB) */
  maxBodyBytes?: number | undefined;
}

/**
 * Fields that may carry a 64-bit integer (a Player ID, an order number): read as exact digit strings. Their types
 * are not published (see the spec's gaps), so the handler reads them losslessly whichever way they come.
 */
const INT64 = { keys: ['vid', 'uid', 'player_id', 'order_id'] } as const;
const LIMIT = 256;

const text = (v: unknown): string | undefined => {
  const s = typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v;
  return typeof s === 'string' && s.length > 0 && s.length <= LIMIT ? s : undefined;
};

const EVENTS: Readonly<Record<string, NotifiedPayment['event']>> = {
  paid: 'paid',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  refunded: 'cancelled',
  refund: 'cancelled',
};

/** The default `identify` (see the option). */
export function identifyPgPayment(n: PgPaymentNotification): NotifiedPayment | undefined {
  const orderId = text(n.order_id);
  const serverId = text(n.server_id);
  const playerId = text(n.vid ?? n.player_id);
  // a Player ID is a 64-bit integer: its decimal text, nothing else
  if (!orderId || !serverId || !playerId || !/^\d{1,19}$/.test(playerId)) return undefined;
  const type = n.type === undefined ? 'paid' : typeof n.type === 'string' ? n.type.toLowerCase() : '';
  const marketPid = text(n.market_pid);
  return { orderId, serverId, playerId, event: EVENTS[type] ?? 'ignored', ...(marketPid && { marketPid }) };
}

const reply = (status: number, code: PaymentHandlerErrorCode, message: string, headers?: Record<string, string>) =>
  jsonResponse(status, JSON.stringify({ error_code: code, message }), headers);
const handled = () => new Response(null, { status: 200 });

/** Thrown inside the claimed work when Hive does not confirm the payment: the claim is released, nothing granted. */
class NotVerified {
  constructor(readonly verdict: Extract<PaymentVerdict, { verified: false }>) {}
}

/** Thrown inside the claimed work when Hive could not be asked (it keeps the cause for `onError`). */
class VerificationFailed {
  constructor(readonly error: unknown) {}
}

export function createHivePaymentHandler(options: HivePaymentHandlerOptions): (request: Request, info?: HandlerInfo) => Promise<Response> {
  if (typeof options?.grant !== 'function') throw new TypeError('createHivePaymentHandler: options.grant must be a function');
  if (!isIdempotencyStore(options.idempotency)) {
    throw new TypeError('createHivePaymentHandler: options.idempotency must be an IdempotencyStore (memoryIdempotencyStore() for one process)');
  }
  const given = options.verifyPayment;
  const verify =
    typeof given === 'function'
      ? given
      : given && typeof given.verifyPgPayment === 'function'
        ? (claim: PaymentClaim) => given.verifyPgPayment(claim)
        : undefined;
  if (!verify) throw new TypeError('createHivePaymentHandler: options.verifyPayment must be a Hive payment client or a function');
  const store = options.idempotency;
  const identify = options.identify ?? identifyPgPayment;
  const maxBytes = options.maxBodyBytes ?? 64 * 1024;
  const CODES = { 403: 'forbidden', 405: 'method_not_allowed', 500: 'internal_error' } as const;
  const refuse = (status: 403 | 405 | 500, message: string, headers?: Record<string, string>) => reply(status, CODES[status], message, headers);

  /** The answer for each way a claimed run can end. */
  const answer = (run: RunOnceOutcome<void>, report: (e: unknown) => void): Response => {
    switch (run.outcome) {
      case 'done':
      case 'already':
        return handled();
      case 'busy':
        return reply(409, 'busy', 'this order is being handled by another delivery; try again later', { 'retry-after': '5' });
      case 'store':
        report(run.error);
        return reply(503, 'store_unavailable', 'the idempotency store is unavailable; nothing was granted');
      case 'failed':
        if (run.error instanceof NotVerified) return reply(422, 'payment_not_verified', run.error.verdict.message);
        if (run.error instanceof VerificationFailed) {
          report(run.error.error);
          return reply(500, 'verification_unavailable', 'the payment could not be verified now; nothing was granted');
        }
        report(run.error);
        return reply(500, 'internal_error', 'the grant failed; nothing was granted');
    }
  };

  return handlerFrame(options, refuse, async (request, report) => {
    const read = await readJsonBody(request, { maxBytes, int64: INT64 });
    if (!read.ok) return reply(read.problem.status, read.problem.code, read.problem.message);
    const body = read.value;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return reply(400, 'invalid_body', 'body must be a JSON object');
    const notification = body as PgPaymentNotification;
    let payment: NotifiedPayment | undefined;
    try {
      payment = identify(notification);
    } catch (e) {
      report(e);
    }
    if (!payment) return reply(400, 'invalid_body', 'the notification names no order (order_id, server_id and a decimal player id are required)');
    if (payment.event === 'ignored') return handled();
    const orderKey = `hive-pg:${payment.orderId}`;

    if (payment.event === 'cancelled') {
      const revoke = options.revoke;
      if (!revoke) return handled();
      const run = await runOnce(store, `${orderKey}:cancelled`, ({ transaction }) => revoke(payment, { orderKey, request, transaction }), report);
      return answer(run, report);
    }

    const claim: PaymentClaim = { orderId: payment.orderId, serverId: payment.serverId, playerId: payment.playerId, marketPid: payment.marketPid };
    const run = await runOnce(
      store,
      orderKey,
      async ({ transaction }) => {
        const verdict = await verify(claim, request).catch((e: unknown) => {
          throw new VerificationFailed(e);
        });
        if (!verdict.verified) throw new NotVerified(verdict);
        await options.grant(verdict.purchase, { orderKey, notification, transactionId: verdict.transactionId, request, transaction });
      },
      report,
    );
    return answer(run, report);
  });
}
