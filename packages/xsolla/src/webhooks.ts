/**
 * The endpoint a game server registers for Xsolla's webhooks (`@gamestore/xsolla/webhooks`): one web-standard
 * handler for every notification type.
 *
 *   const handler = createXsollaWebhookHandler({
 *     secret: process.env.XSOLLA_WEBHOOK_SECRET,
 *     idempotency: memoryIdempotencyStore(), // a shared store with several instances
 *     grant: async (event) => inventory.grant(event.user.id, event.items),   // order_paid, once per order
 *     revoke: async (event) => inventory.revoke(event),                        // canceled orders and refunds, once each
 *     validateUser: async (event) => players.exists(event.user.id),
 *   });
 *   createServer(toNodeListener(handler)).listen(8080); // or Bun.serve({ fetch: handler }), Deno.serve(handler)
 *
 * In this order, and never throwing: the caller's address against the allow-list (from the runtime, never a
 * header), the method, a bounded read of the raw body, the `Authorization: Signature <sha1(body + secret)>`
 * check over those exact bytes in constant time, and only then parsing (int64 ids kept exact). Callbacks that move
 * money run exactly once per order or transaction through the idempotency store (core's `runOnce`); the answers
 * are the ones Xsolla documents: 204 when handled, 400 `{ error: { code, message } }` when the notification is
 * refused (bad signature, unknown user, bad body), a 5xx when a callback or the store failed (Xsolla retries).
 */
import {
  handlerFrame,
  isIdempotencyStore,
  jsonResponse,
  parseJsonBody,
  readBody,
  runOnce,
  type HandlerInfo,
  type IdempotencyStore,
  type Int64Fields,
} from '@gamestore/core';
import type { webhooks as catalogWebhooks } from './generated/catalog.js';
import type { webhooks as liveOpsWebhooks } from './generated/liveops.js';
import { extensions, webhooks as catalogMeta } from './generated/catalog.meta.js';

type Body<W> = W extends { post: { requestBody: { content: { 'application/json': infer B } } } } ? B : never;
type Answer<W> = W extends { post: { responses: { 200: { content: { 'application/json': infer A } } } } } ? A : never;

/** The documented body of each notification, by `notification_type`. */
/** the shared idempotency contract every handler that grants goes through (core's), so one install is enough */
export { memoryIdempotencyStore, type IdempotencyStore } from '@gamestore/core';

export interface XsollaWebhookEvents {
  user_validation: Body<catalogWebhooks['user_validation']>;
  payment: Body<catalogWebhooks['payment']>;
  order_paid: Body<catalogWebhooks['order_paid']>;
  order_canceled: Body<catalogWebhooks['order_canceled']>;
  refund: Body<catalogWebhooks['refund']>;
  partial_refund: Body<catalogWebhooks['partial_refund']>;
}
/** The LiveOps notification, by `notification_type`. */
export interface XsollaLiveOpsWebhookEvents {
  partner_side_catalog: Body<liveOpsWebhooks['partner_side_catalog']>;
}
/** One item of the answer to `partner_side_catalog`. */
export type XsollaPartnerCatalogItem = Answer<liveOpsWebhooks['partner_side_catalog']>[number];
export type XsollaNotificationType = keyof XsollaWebhookEvents | keyof XsollaLiveOpsWebhookEvents;
/** A notification that takes items back: a canceled order, a refund, a partial refund. */
export type XsollaRevocation = XsollaWebhookEvents['order_canceled'] | XsollaWebhookEvents['refund'] | XsollaWebhookEvents['partial_refund'];

/** The addresses Xsolla publishes for the servers that send webhooks (from the spec): pass as `allowedIps`. */
export const XSOLLA_WEBHOOK_IPS: readonly string[] = extensions['x-xsolla-webhook-source-ips'];

export interface XsollaWebhookContext {
  /** the key the notification was de-duplicated on (`order_paid:<order id>`, `refund:<transaction id>`, …) */
  readonly key: string;
  readonly request: Request;
  /**
   * The ledger's transaction when the idempotency store runs grants in one (`@gamestore/ledger`'s PostgreSQL and
   * PGlite ledgers: a `pg` client or a PGlite transaction): give the item on it and both commit together.
   */
  readonly transaction?: unknown;
}

type Callback<E, R = void> = (event: E, context: XsollaWebhookContext) => Promise<R> | R;

export interface XsollaWebhookHandlerOptions {
  /** the project's webhook secret key (Publisher Account: project settings, webhooks) */
  secret: string;
  /** where handled orders and transactions are kept (`memoryIdempotencyStore()` for one process) */
  idempotency: IdempotencyStore;
  /** `order_paid`: give the player the items; runs once per order. Throw to make Xsolla deliver again. */
  grant?: Callback<XsollaWebhookEvents['order_paid']> | undefined;
  /** `order_canceled`, `refund`, `partial_refund`: take the items back; runs once per order or transaction */
  revoke?: Callback<XsollaRevocation> | undefined;
  /** `payment` (a Pay Station transaction): record it; runs once per transaction. Items are granted on `order_paid`. */
  payment?: Callback<XsollaWebhookEvents['payment']> | undefined;
  /**
   * LiveOps `partner_side_catalog`: the items this user may see (with optional quantities and periods), or `null`
   * when the user is unknown (answered 404). Without it, the answer is an empty list.
   */
  personalizeCatalog?: Callback<XsollaLiveOpsWebhookEvents['partner_side_catalog'], readonly XsollaPartnerCatalogItem[] | null> | undefined;
  /** `user_validation`: whether the user exists in the game (false answers `INVALID_USER`) */
  validateUser?: Callback<XsollaWebhookEvents['user_validation'], boolean> | undefined;
  /** only these caller addresses are served (`XSOLLA_WEBHOOK_IPS`); the address comes from the runtime */
  allowedIps?: readonly string[] | undefined;
  /** largest accepted body in bytes (default 64 KiB) */
  maxBodyBytes?: number | undefined;
  /** called with every error a callback or the store raised (the answer never carries it) */
  onError?: ((error: unknown) => void) | undefined;
}

/** Keys whose numbers are int64 in any webhook body: read as exact digit strings. */
const INT64: Int64Fields = {
  keys: [...new Set(Object.values(catalogMeta).flatMap((w) => (w as { int64?: { request?: readonly string[] } }).int64?.request ?? []))],
};

const SIGNATURE = /^Signature ([0-9a-f]{40})$/i;
const hexBytes = (hex: string) => Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));

/** SHA-1 of the raw body bytes followed by the secret's: what Xsolla signs. */
async function digestOf(body: Uint8Array, secret: Uint8Array): Promise<Uint8Array> {
  const data = new Uint8Array(body.length + secret.length);
  data.set(body);
  data.set(secret, body.length);
  return new Uint8Array(await crypto.subtle.digest('SHA-1', data));
}

/** The header's digest against the body's, compared in constant time (every byte, whatever differs first). */
async function signed(header: string | null, body: Uint8Array, secret: Uint8Array): Promise<boolean> {
  const given = header ? SIGNATURE.exec(header.trim()) : null;
  const expected = await digestOf(body, secret);
  const actual = hexBytes(given?.[1] ?? '00'.repeat(20));
  let diff = given ? 0 : 1;
  for (let i = 0; i < expected.length; i++) diff |= expected[i]! ^ actual[i]!;
  return diff === 0;
}

/** A refusal in Xsolla's shape: `{ error: { code, message } }`. */
const errorReply = (status: number, code: string, message: string, headers?: Record<string, string>) =>
  jsonResponse(status, JSON.stringify({ error: { code, message } }), headers);
const handled = () => new Response(null, { status: 204 });
/** A temporary failure: no body (nothing of the failure leaves the server); Xsolla sends the notification again. */
const retryLater = (retryAfter?: string) => new Response(null, { status: 500, headers: { 'cache-control': 'no-store', ...(retryAfter && { 'retry-after': retryAfter }) } });

type Json = Record<string, unknown>;
const idOf = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);

/** The de-duplication key of a notification that moves money, or undefined when its id is missing. */
function keyOf(type: string, event: Json): string | undefined {
  const order = idOf((event.order as Json | undefined)?.id);
  const transaction = idOf((event.transaction as Json | undefined)?.id);
  if (type === 'order_paid' || type === 'order_canceled') return order && `${type}:${order}`;
  if (type === 'payment' || type === 'refund') return transaction && `${type}:${transaction}`;
  if (type === 'partial_refund') {
    // several partial refunds of one transaction are each their own: the refunded amount tells them apart
    const amount = JSON.stringify((event.transaction as Json | undefined)?.refund ?? (event as Json).refund_details ?? '');
    return transaction && `${type}:${transaction}:${amount}`;
  }
  return undefined;
}

/** Builds the handler for every Xsolla webhook. */
export function createXsollaWebhookHandler(options: XsollaWebhookHandlerOptions): (request: Request, info?: HandlerInfo) => Promise<Response> {
  if (typeof options?.secret !== 'string' || options.secret.length === 0) {
    throw new TypeError('createXsollaWebhookHandler: options.secret must be the project webhook secret key');
  }
  if (!isIdempotencyStore(options.idempotency)) {
    throw new TypeError('createXsollaWebhookHandler: options.idempotency must be an IdempotencyStore (memoryIdempotencyStore() for one process)');
  }
  const secret = new TextEncoder().encode(options.secret);
  const maxBytes = options.maxBodyBytes ?? 64 * 1024;
  const callbacks: Record<string, Callback<never, unknown> | undefined> = {
    order_paid: options.grant,
    order_canceled: options.revoke,
    refund: options.revoke,
    partial_refund: options.revoke,
    payment: options.payment,
  };

  /** Runs a money-moving callback once per key and answers for each outcome. */
  const once = async (type: string, event: Json, request: Request, report: (e: unknown) => void): Promise<Response> => {
    const callback = callbacks[type];
    if (!callback) return handled(); // nothing to do for this type: acknowledged, so Xsolla stops sending it
    const key = keyOf(type, event);
    if (!key) return errorReply(400, 'INVALID_PARAMETER', `${type} needs its order or transaction id`);
    const run = await runOnce(options.idempotency, key, ({ transaction }) => callback(event as never, { key, request, transaction }), report);
    switch (run.outcome) {
      case 'done':
      case 'already':
        return handled();
      case 'busy':
        // another delivery holds the claim right now: let Xsolla send it again later
        return retryLater('5');
      default:
        report(run.error);
        return retryLater();
    }
  };

  // the frame refuses a caller outside the allow-list or another method; a temporary failure has no body
  const refuse = (status: 403 | 405 | 500, message: string, headers?: Record<string, string>) =>
    status === 500 ? retryLater() : errorReply(status, 'INVALID_PARAMETER', message, headers);

  return handlerFrame(options, refuse, async (request, report) => {
    const body = await readBody(request, { maxBytes });
    if (!body.ok) return errorReply(body.problem.status, 'INVALID_PARAMETER', body.problem.message);
    // nothing is parsed before the signature holds
    if (!(await signed(request.headers.get('authorization'), body.bytes, secret))) return errorReply(400, 'INVALID_SIGNATURE', 'invalid signature');
    const parsed = parseJsonBody(body.bytes, INT64);
    if (!parsed.ok) return errorReply(400, 'INVALID_PARAMETER', parsed.problem.message);
    const event = parsed.value as Json;
    if (typeof event !== 'object' || event === null || Array.isArray(event) || typeof event.notification_type !== 'string') {
      return errorReply(400, 'INVALID_PARAMETER', 'notification_type is required');
    }
    const type = event.notification_type;
    if (type === 'partner_side_catalog') {
      try {
        const items = options.personalizeCatalog ? await options.personalizeCatalog(event as never, { key: type, request }) : [];
        return items === null ? new Response(null, { status: 404 }) : jsonResponse(200, JSON.stringify(items));
      } catch (e) {
        report(e);
        return retryLater();
      }
    }
    if (type === 'user_validation') {
      if (!options.validateUser) return handled();
      try {
        const known = await options.validateUser(event as never, { key: `user_validation:${idOf((event.user as Json | undefined)?.id)}`, request });
        return known ? handled() : errorReply(400, 'INVALID_USER', 'invalid user');
      } catch (e) {
        report(e);
        return retryLater();
      }
    }
    return once(type, event, request, report);
  });
}

/** The `Authorization` header Xsolla would send for `body` (tests, local replays of a notification). */
export async function signXsollaWebhook(body: string | Uint8Array, secret: string): Promise<string> {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  const digest = await digestOf(bytes, new TextEncoder().encode(secret));
  return `Signature ${[...digest].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
