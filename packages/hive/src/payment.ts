/**
 * The Hive calls a game server makes around a PG (web-shop) payment, on core's operation layer: the payment
 * completion history (`listUnconsumedPgPurchases`), IAP v4 receipt verification, the item delivery result that
 * completes a web PG purchase, and the web PG product list. One typed method per documented operation.
 *
 *   const hive = createHivePaymentClient({ environment: 'production', authKey, appId });
 *   const verdict = await hive.verifyPgPayment({ orderId, serverId, playerId });
 *   if (verdict.verified) grant(verdict.purchase);
 *
 * Every call answers Hive's `{ result: 0, ... }` body and throws a `GamestoreError` otherwise (`kind: 'envelope'`
 * for a non-zero `result`, `'http'` for an HTTP error). Player IDs are strings, exact to the digit.
 */
import {
  apiKey,
  createApiClient,
  createMethods,
  GamestoreError,
  headerSet,
  isGamestoreError,
  type ApiClient,
  type Methods,
  type ProviderError,
  type TransportOptions,
} from '@gamestore/core';
import type { components, operations as Operations, paths } from './generated/payment.js';
import { operations, userAgent } from './generated/payment.meta.js';

type Schemas = components['schemas'];
export type UnconsumedPurchase = Schemas['UnconsumedPurchase'];
export type UnconsumedResponse = Schemas['UnconsumedResponse'];
export type WebPgProduct = Schemas['WebPgProduct'];

export type HivePaymentOperation = keyof typeof operations;

/** `fetch`, `retry`, `timeout`, `deadline`, `logger`, `clock`, `dangerouslyAllowBrowser`: as for every gamestore client. */
export interface HivePaymentClientOptions extends TransportOptions {
  environment: 'production' | 'sandbox';
  /** the game's Hive authentication key (App Center > Project management > Game details), sent as `Bearer` */
  authKey: string;
  /** the game's Hive app id, used by `verifyPgPayment` */
  appId?: string | undefined;
  /**
   * the OAuth 2.0 access token `sendItemResultV2` sends in `X-Access-Token`: a token, or a function that answers a
   * fresh one (e.g. `createHivePurchaseLimitClient(...).tokens.getToken`, which caches and refreshes it)
   */
  accessToken?: string | (() => string | Promise<string>) | undefined;
  /**
   * replaces Hive's hosts, e.g. with a mock: one URL for every host, or a map from each documented host
   * (`https://hiveiap.qpyou.cn`, `https://store.withhive.com`, …) to its replacement
   */
  baseUrl?: string | Readonly<Record<string, string>> | undefined;
}

/** What a notification (or the game's client) says was paid, to be confirmed with Hive. */
export interface PaymentClaim {
  /** Hive's order number (`order_id`) */
  readonly orderId: string;
  /** the game server the payment was made on (`server_id`) */
  readonly serverId: string;
  /** the buyer's Player ID, as decimal text */
  readonly playerId: string;
  /** when given, the product Hive recorded must be this one */
  readonly marketPid?: string | undefined;
}

/** Hive's word on a claimed payment. `purchase` is Hive's record, never the claim: grant from it. */
export type PaymentVerdict =
  | {
      readonly verified: true;
      readonly purchase: UnconsumedPurchase;
      /** IAP v4's id of the verified receipt, when the purchase carried one (needed for the item delivery result) */
      readonly transactionId?: string | undefined;
    }
  | {
      readonly verified: false;
      /** `not_found`: no unconsumed purchase with this order; `mismatch`: it differs from the claim; `receipt_rejected`: IAP v4 refused its receipt */
      readonly reason: 'not_found' | 'mismatch' | 'receipt_rejected';
      readonly message: string;
    };

export type HivePaymentClient = Methods<Operations> & {
  /**
   * Confirms a claimed payment with Hive, the documented way: the player's unconsumed PG purchases are listed and
   * the one with the claimed `order_id` is compared with the claim; its receipt (`purchase_bypass_info`), when it
   * has one, is verified with IAP v4. Throws (a `GamestoreError`) only when Hive could not be asked.
   */
  verifyPgPayment(claim: PaymentClaim, options?: { signal?: AbortSignal | undefined }): Promise<PaymentVerdict>;
  /** the underlying openapi-fetch style client, with the same runtime */
  readonly api: ApiClient<paths>;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Hive's IAP and web store calls answer `{ result: 0 }` on success; any other `result` is a failure. */
export function hiveResultEnvelope(body: unknown): ProviderError | undefined {
  if (!isObject(body) || !('result' in body) || body.result === 0) return undefined;
  const code = body.result;
  return {
    code: typeof code === 'number' || typeof code === 'string' ? code : undefined,
    message: typeof body.result_msg === 'string' ? body.result_msg : undefined,
  };
}

/** Every host the spec documents (each operation's production and sandbox servers). */
const documented = Object.values(operations).map((op) => op.servers as readonly string[]);

/** Where each documented host goes: nowhere else in production, its sandbox twin in the sandbox, or the given URLs. */
function routesFor(options: HivePaymentClientOptions): Record<string, string> {
  const { baseUrl, environment } = options;
  if (typeof baseUrl === 'string') return Object.fromEntries(documented.flat().map((host) => [host, baseUrl]));
  const routes: Record<string, string> = environment === 'sandbox' ? Object.fromEntries(documented.map(([prod, sandbox]) => [prod!, sandbox!])) : {};
  return { ...routes, ...baseUrl };
}

const config = (message: string) => new GamestoreError({ kind: 'config', message });

export function createHivePaymentClient(options: HivePaymentClientOptions): HivePaymentClient {
  if (options?.environment !== 'production' && options?.environment !== 'sandbox') {
    throw config("createHivePaymentClient needs environment: 'production' or 'sandbox'");
  }
  if (typeof options.authKey !== 'string' || options.authKey.length === 0) throw config('createHivePaymentClient needs authKey (the Hive authentication key)');
  const { environment: _e, authKey, appId, accessToken, baseUrl: _b, ...transport } = options;
  const routes = routesFor(options);
  const first = operations.listUnconsumedPgPurchases.servers[0];
  const api = createApiClient<paths>({
    ...transport,
    baseUrl: routes[first] ?? first,
    operations,
    // every call goes to its own documented host (or the replacement in `routes`)
    operationServers: routes,
    credentialNames: { hiveAuthKey: 'authKey', hiveAccessToken: 'accessToken' },
    auth: {
      hiveAuthKey: headerSet({ authorization: `Bearer ${authKey}` }, { redact: [authKey] }),
      ...(accessToken !== undefined && { hiveAccessToken: apiKey('X-Access-Token', accessToken) }),
    },
    envelope: hiveResultEnvelope,
    describeError: hiveResultEnvelope,
    userAgent,
  });
  const methods = createMethods<Operations>(api, operations);

  async function verifyPgPayment(claim: PaymentClaim, opts: { signal?: AbortSignal | undefined } = {}): Promise<PaymentVerdict> {
    if (!appId) throw config('verifyPgPayment needs appId (the Hive app id) in the client options');
    for (const field of ['orderId', 'serverId', 'playerId'] as const) {
      if (typeof claim?.[field] !== 'string' || claim[field].length === 0) {
        throw new GamestoreError({ kind: 'input', operation: 'listUnconsumedPgPurchases', message: `verifyPgPayment: ${field} must be a non-empty string` });
      }
    }
    if (!/^\d{1,19}$/.test(claim.playerId)) {
      throw new GamestoreError({ kind: 'input', operation: 'listUnconsumedPgPurchases', message: 'verifyPgPayment: playerId must be a decimal Player ID' });
    }
    const signal = opts.signal && { signal: opts.signal };
    const history = await methods.listUnconsumedPgPurchases({
      body: { appid: appId, market_id: 15, server_id: claim.serverId, user_id_type: 'player_id', user_id: claim.playerId },
      ...signal,
    });
    const purchase = history.unconsumed_lists?.find((p) => p.order_id === claim.orderId);
    if (!purchase) return { verified: false, reason: 'not_found', message: `Hive has no unconsumed PG purchase with order ${claim.orderId} for this player and server` };
    const differs = [
      purchase.server_id !== claim.serverId && 'server_id',
      String(purchase.vid) !== claim.playerId && 'vid',
      claim.marketPid !== undefined && purchase.market_pid !== claim.marketPid && 'market_pid',
    ].filter(Boolean);
    if (differs.length) return { verified: false, reason: 'mismatch', message: `Hive's record of order ${claim.orderId} differs in ${differs.join(', ')}` };
    const receipt = purchase.purchase_bypass_info;
    if (typeof receipt !== 'string' || receipt.length === 0) return { verified: true, purchase };
    const checked = await verifyReceipt(receipt, opts.signal);
    if ('rejected' in checked) return { verified: false, reason: 'receipt_rejected', message: checked.rejected };
    return { verified: true, purchase, ...checked };
  }

  /** IAP v4 receipt verification of a purchase's `purchase_bypass_info`: its transaction id, or the refusal. */
  async function verifyReceipt(receipt: string, signal?: AbortSignal): Promise<{ transactionId?: string } | { rejected: string }> {
    try {
      const verdict = await methods.verifyPurchase({ body: { purchase_bypass_info: receipt }, ...(signal && { signal }) });
      const id = verdict.hiveiap_transaction_id;
      return typeof id === 'string' && id.length > 0 ? { transactionId: id } : {};
    } catch (e) {
      // a non-zero `result` is Hive's refusal of the receipt; anything else (network, HTTP) is not an answer
      if (isGamestoreError(e) && e.kind === 'envelope') return { rejected: `IAP v4 refused the receipt (result ${String(e.code)})` };
      throw e;
    }
  }

  return Object.assign(methods, { api, verifyPgPayment }) as HivePaymentClient;
}
