/**
 * How our clients call each operation of each spec in redocly.yaml, pointed at a mock of that spec. An API
 * without an entry here (or an operation its entry cannot call) has no contract call, and the contract test
 * fails naming it.
 *
 * Every server a spec names, the document's and the per-path ones, is mapped to the one mock base URL (Prism
 * serves all paths at its root): Xsolla through `baseUrl` + `operationServers`, STOVE and the Hive webshop
 * and Hive purchase-limit clients through `baseUrl`.
 */
import type { FetchLike } from '@gamestore/core';
import {
  createHivePaymentClient,
  createHivePurchaseLimitClient,
  createHiveWebshopClient,
  type QuantityLimitRequest,
} from '@gamestore/hive';
import { createStoveClient } from '@gamestore/stove';
import { createXsollaCatalogClient, createXsollaLiveOpsClient, type XsollaClientOptions } from '@gamestore/xsolla';
import type { CallInput, Spec } from './spec.js';

/** Calls one operation with the typed input built from the spec's examples. */
export type Caller = (input: CallInput) => Promise<unknown>;

export interface Adapter {
  /** path parameters the client fills in itself (left out of the input) */
  bound?: readonly string[];
  /** the callers of the API's operations, by operationId, for the mock at `base` */
  connect(base: string, fetch: FetchLike, spec: Spec): Record<string, Caller>;
}

/** Credentials the mocks accept (Prism checks that they are present and of the documented form). */
export const CREDENTIALS = {
  xsolla: { projectId: '44056', merchantId: '121212', apiKey: 'contract-api-key', userToken: 'user.jwt.token' },
  stove: { accessToken: 'eyJhbGciOiJIUzI1NiJ9.player.token', serverToken: 'eyJhbGciOiJIUzI1NiJ9.server.token' },
  hive: { authKey: 'hive-auth-key', accessToken: 'hive-access-token', appId: 'com.example.game.windows.hivepc.global.normal' },
} as const;

type Methods = Record<string, Caller>;

const xsolla =
  (create: (options: XsollaClientOptions) => unknown): Adapter['connect'] =>
  (base, fetch, spec) =>
    create({
      ...CREDENTIALS.xsolla,
      baseUrl: base,
      // the servers single operations document for themselves (connector.xsolla.com) go to the same mock
      operationServers: Object.fromEntries(spec.operations.map((op) => [op.server, base])),
      fetch,
      retry: false,
    }) as Methods;

/** The STOVE client sets the locale/caller headers and `service_id` itself (from its options). */
const stove: Adapter['connect'] = (base, fetch, spec) => {
  const serviceId = String(spec.operations[0]!.params.find((p) => p.name === 'service_id')?.example);
  const client = createStoveClient({
    baseUrl: base,
    serviceId,
    headers: { lang: 'ko', nation: 'KR', timezone: 'Asia/Seoul', callerId: 'GAMESTORE_CONTRACT' },
    ...CREDENTIALS.stove,
    fetch,
    retry: false,
  }) as unknown as Methods;
  // the operation methods sit on the client's prototype: listed by `for...in`, not by `Object.keys`
  const callers: Methods = {};
  for (const id in client) callers[id] = ({ header: _wireHeaders, ...input }: CallInput) => client[id]!(input);
  return callers;
};

const purchaseLimit: Adapter['connect'] = (base, fetch) => {
  const v2 = (token: { appid: string; client_id: string; client_secret: string }) =>
    createHivePurchaseLimitClient({
      environment: 'sandbox',
      appId: token.appid,
      clientId: token.client_id,
      clientSecret: token.client_secret,
      baseUrl: base,
      fetch,
    });
  const exampleToken = { appid: 'com.example.game', client_id: 'contract-client', client_secret: 'contract-secret' };
  return {
    checkQuantityLimitV1: ({ body }) =>
      createHivePurchaseLimitClient({ environment: 'sandbox', version: 'v1', authKey: CREDENTIALS.hive.authKey, baseUrl: base, fetch }).validatePurchase(
        body as QuantityLimitRequest,
      ),
    // the v2 call asks for its OAuth token first (issueAccessToken), then validates
    checkQuantityLimitV2: ({ body }) => v2(exampleToken).validatePurchase(body as QuantityLimitRequest),
    issueAccessToken: ({ body }) => v2(body as typeof exampleToken).tokens.getToken(),
  };
};

const webshop: Adapter['connect'] = (base, fetch) => {
  const client = createHiveWebshopClient({ baseUrl: base, fetch });
  return { getWebstoreProfile: ({ body }) => client.getWebstoreProfile(String((body as { cs_code: unknown }).cs_code)) };
};

/** Every operation of the Hive payment spec is a method of the payment client; the mock takes every Hive host. */
const payment: Adapter['connect'] = (base, fetch) => {
  const client = createHivePaymentClient({ environment: 'sandbox', ...CREDENTIALS.hive, baseUrl: base, fetch, retry: false }) as unknown as Methods;
  const ids = ['listUnconsumedPgPurchases', 'verifyPurchase', 'sendItemResult', 'sendItemResultV2', 'getWebPgProducts', 'getWebPgProductsV2'];
  return Object.fromEntries(ids.map((id) => [id, (input: CallInput) => client[id]!(input)]));
};

/** By API name in redocly.yaml. */
export const ADAPTERS: Readonly<Record<string, Adapter>> = {
  'xsolla-catalog': { bound: ['project_id'], connect: xsolla(createXsollaCatalogClient) },
  'xsolla-liveops': { bound: ['project_id'], connect: xsolla(createXsollaLiveOpsClient) },
  'stove-bill-store': { bound: ['service_id'], connect: stove },
  'hive-payment': { connect: payment },
  'hive-purchase-limit': { connect: purchaseLimit },
  'hive-webshop': { connect: webshop },
};
