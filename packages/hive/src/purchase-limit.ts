/**
 * The calls a game server makes to Hive before granting a web-shop product with a purchase limit.
 *
 *   const hive = createHivePurchaseLimitClient({
 *     environment: 'production', appId, clientId, clientSecret,   // v2 (OAuth token, cached and refreshed)
 *   });
 *   const verdict = await hive.validatePurchase({ type: 'paid', market_pid, ...notification });
 *   if (verdict.verdict === 'grant') grantItems(); else cancelPayment(verdict.code);
 *
 * `validatePurchase` never answers "grant" unless Hive said `result_code` 0. A failure to reach Hive is thrown
 * as a `GamestoreError` (retry later; neither grant nor cancel yet).
 */
import { apiKey, createApiClient, GamestoreError, headerSet, unwrap, type ProviderError, type TransportOptions } from '@gamestore/core';
import type { components, paths } from './generated/purchase-limit.js';
import { operations, userAgent } from './generated/purchase-limit.meta.js';

type Schemas = components['schemas'];
export type QuantityLimitRequest = Schemas['QuantityLimitRequest'];
export type QuantityLimitResponse = Schemas['QuantityLimitResponse'];
export type TokenResponse = Schemas['TokenResponse'];

/** Hive's verdict on an order: grant it, or refuse it (do not grant; cancel the payment). */
export type PurchaseVerdict =
  | { readonly verdict: 'grant'; readonly code: 0; readonly message: string | undefined; readonly response: QuantityLimitResponse }
  | {
      readonly verdict: 'refuse';
      /** `over_limit`: Hive answered a non-zero code; `unreadable_answer`: no usable `result_code` (never granted) */
      readonly reason: 'over_limit' | 'unreadable_answer';
      readonly code: number | undefined;
      readonly message: string | undefined;
      readonly response: unknown;
    };

export interface TokenProvider {
  /** a valid access token, fetched or refreshed when needed (concurrent callers share one request) */
  getToken(): Promise<string>;
  /** forgets the cached token (after Hive rejected it) */
  invalidate(): void;
}

/**
 * `fetch`, `retry`, `timeout`, `deadline`, `logger`, `clock` and `dangerouslyAllowBrowser` mean what they mean
 * for every gamestore client (`@gamestore/core`); they apply to the validation call and to the token request.
 */
export interface HivePurchaseLimitClientOptions extends TransportOptions {
  environment: 'production' | 'sandbox';
  /** v2 (default when clientId is set): the game's Hive app id and OAuth client credentials */
  appId?: string | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  /** v1: the game's Hive authentication key */
  authKey?: string | undefined;
  /** which validation call to use; default `v2` when client credentials are given, else `v1` */
  version?: 'v1' | 'v2' | undefined;
  /**
   * replaces Hive's hosts of the environment, e.g. with a mock: one URL for both, or the shop (validation) and auth
   * (OAuth token) servers apart
   */
  baseUrl?: string | { shop: string; auth: string } | undefined;
  /** current time in ms for the token cache (tests) */
  now?: (() => number) | undefined;
  /** refresh the token this many ms before it expires (default 300 000: five minutes) */
  refreshMarginMs?: number | undefined;
}

export interface HivePurchaseLimitClient {
  validatePurchase(order: QuantityLimitRequest, options?: { signal?: AbortSignal | undefined }): Promise<PurchaseVerdict>;
  readonly tokens: TokenProvider;
}

/** The documented lifetime of a Hive OAuth access token. */
export const TOKEN_LIFETIME_MS = 3_600_000;

const SERVERS = {
  production: { shop: operations.checkQuantityLimitV2.servers[0], auth: operations.issueAccessToken.servers[0] },
  sandbox: { shop: operations.checkQuantityLimitV2.servers[1], auth: operations.issueAccessToken.servers[1] },
} as const;

const hiveResult = (body: unknown): ProviderError | undefined => {
  const b = body as { result_code?: unknown; result_msg?: unknown } | null;
  if (!b || typeof b !== 'object' || b.result_code === 0) return undefined;
  return { code: typeof b.result_code === 'number' ? b.result_code : undefined, message: typeof b.result_msg === 'string' ? b.result_msg : undefined };
};

function config(message: string): GamestoreError {
  return new GamestoreError({ kind: 'config', message });
}

export function createTokenProvider(
  issue: () => Promise<string>,
  options: { now?: (() => number) | undefined; refreshMarginMs?: number | undefined } = {},
): TokenProvider {
  const now = options.now ?? Date.now;
  const margin = options.refreshMarginMs ?? 300_000;
  let cached: { token: string; expiresAt: number } | undefined;
  let inflight: Promise<string> | undefined;
  return {
    getToken() {
      if (cached && now() < cached.expiresAt - margin) return Promise.resolve(cached.token);
      inflight ??= (async () => {
        const requestedAt = now();
        try {
          const token = await issue();
          cached = { token, expiresAt: requestedAt + TOKEN_LIFETIME_MS };
          return token;
        } finally {
          inflight = undefined;
        }
      })();
      return inflight;
    },
    invalidate() {
      cached = undefined;
    },
  };
}

export function createHivePurchaseLimitClient(options: HivePurchaseLimitClientOptions): HivePurchaseLimitClient {
  const documented = SERVERS[options?.environment];
  if (!documented) throw config("createHivePurchaseLimitClient needs environment: 'production' or 'sandbox'");
  const { baseUrl } = options;
  const servers = typeof baseUrl === 'string' ? { shop: baseUrl, auth: baseUrl } : (baseUrl ?? documented);
  if (typeof servers.shop !== 'string' || typeof servers.auth !== 'string') throw config('baseUrl needs a URL, or { shop, auth } URLs');
  const version = options.version ?? (options.clientId !== undefined ? 'v2' : 'v1');
  if (version === 'v1' && !options.authKey) throw config('the v1 validation call needs authKey (the Hive authentication key)');
  if (version === 'v2' && !(options.appId && options.clientId && options.clientSecret)) {
    throw config('the v2 validation call needs appId, clientId and clientSecret');
  }
  const { fetch, retry, timeout, deadline, logger, clock, dangerouslyAllowBrowser } = options;
  // both clients know every credential of this one, so an answer that echoes any of them is scrubbed
  const secrets = [options.clientSecret, options.authKey].filter((s): s is string => typeof s === 'string');
  const common = { fetch, retry, timeout, deadline, logger, clock, dangerouslyAllowBrowser, operations, secrets, userAgent };
  const auth = createApiClient<paths>({ ...common, baseUrl: servers.auth, envelope: hiveResult, describeError: hiveResult });

  const tokens = createTokenProvider(
    async () => {
      const data = await unwrap(
        auth.POST('/oauth/token', {
          params: { header: { ISCRYPT: 0 } },
          body: { appid: options.appId!, grant_type: 'client_credentials', client_id: options.clientId!, client_secret: options.clientSecret! },
          // a token request is safe to repeat; one retry unless the client turned retries off
          ...(retry !== false && { retry: { attempts: 2 } }),
          idempotent: true,
        }),
      );
      const token = data?.data?.access_token;
      if (typeof token !== 'string' || token.length === 0) {
        throw new GamestoreError({ kind: 'parse', message: 'token answer has no data.access_token', operation: 'issueAccessToken' });
      }
      return token;
    },
    { now: options.now, refreshMarginMs: options.refreshMarginMs },
  );

  const shop = createApiClient<paths>({
    ...common,
    credentialNames: { hiveAuthKey: 'authKey', hiveAccessToken: 'appId, clientId and clientSecret' },
    baseUrl: servers.shop,
    auth:
      version === 'v1'
        ? { hiveAuthKey: headerSet({ authorization: `Bearer ${options.authKey}` }, { redact: [options.authKey!] }) }
        : { hiveAccessToken: apiKey('X-Access-Token', () => tokens.getToken()) },
  });

  const send = (order: QuantityLimitRequest, signal?: AbortSignal) =>
    version === 'v1'
      ? shop.POST('/api/webstore/check-quantity-limit', { body: order, ...(signal && { signal }) })
      : shop.POST('/api/v2/webstore/check-quantity-limit', { body: order, ...(signal && { signal }) });

  return {
    tokens,
    async validatePurchase(order, opts = {}) {
      if (!order || (order.type !== 'paid' && order.type !== 'cancelled') || typeof order.market_pid !== 'string' || !order.market_pid) {
        throw new GamestoreError({ kind: 'input', message: "order needs type ('paid' or 'cancelled') and market_pid" });
      }
      let result = await send(order, opts.signal);
      if (version === 'v2' && result.response.status === 401) {
        tokens.invalidate(); // rejected token: fetch a fresh one once
        result = await send(order, opts.signal);
      }
      const body = await unwrap(result);
      const code = (body as { result_code?: unknown } | undefined)?.result_code;
      const message = typeof body?.result_msg === 'string' ? body.result_msg : undefined;
      if (code === 0) return { verdict: 'grant', code: 0, message, response: body };
      return {
        verdict: 'refuse',
        reason: typeof code === 'number' ? 'over_limit' : 'unreadable_answer',
        code: typeof code === 'number' ? code : undefined,
        message,
        response: body,
      };
    },
  };
}
