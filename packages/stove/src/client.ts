/**
 * The STOVE in-game store client.
 *
 *   const stove = createStoveClient({
 *     environment: 'sandbox',
 *     serviceId: 'MYGAME',
 *     headers: { lang: 'ko', nation: 'KR', timezone: 'Asia/Seoul', callerId: 'MYGAME_GAME_SERVER' },
 *   });
 *   const { value } = await stove.listCategories({ query: { shop_key: 'indie' } });
 *   const inventory = await stove.forPlayer(accessToken).listWebInventory({ query: { shop_key: 'indie', guid: '123456' } });
 *
 * Every call answers the envelope `{ code, message, value }` when `code` is 0 and throws a `GamestoreError`
 * otherwise (`kind: 'envelope'` for a failure code under HTTP 200, `'http'` for an HTTP error). Order numbers and
 * other 64-bit ids are strings, exact to the digit.
 */
import {
  apiKey,
  createApiClient,
  methodsFor,
  GamestoreError,
  headerSet,
  type ApiClient,
  type CallInput,
  type CallOptions,
  type Credential,
  type OperationMeta,
  type ProviderError,
  type TransportOptions,
} from '@gamestore/core';
import type { operations, paths } from './generated/bill-store.js';
import { operations as meta, servers, userAgent } from './generated/bill-store.meta.js';
import { utcOffsetMinutes, validateHeaders, wireHeaders, type StoveHeaders } from './headers.js';
import type { StoveResult } from './types.js';

export type StoveOperation = keyof typeof meta;

type Source<T> = T | (() => T | Promise<T>);
type Params<K extends StoveOperation> = operations[K]['parameters'];
type Defined<T> = Exclude<T, undefined>;
type OptionalTs<Q> = Q extends { ts: infer T } ? Omit<Q, 'ts'> & { ts?: T } : Q;
type PathInput<K extends StoveOperation> = Omit<Defined<Params<K>['path']>, 'service_id'>;
type QueryInput<K extends StoveOperation> = OptionalTs<Defined<Params<K>['query']>>;
type BodyInput<K extends StoveOperation> = operations[K] extends { requestBody: { content: { 'application/json': infer B } } }
  ? B
  : never;

/** What one call takes: its path and query parameters and body, with `service_id` and the headers filled in. */
export type StoveCallInput<K extends StoveOperation> = ([keyof PathInput<K>] extends [never]
  ? { path?: never }
  : { path: PathInput<K> }) &
  ([Defined<Params<K>['query']>] extends [never]
    ? { query?: never }
    : {} extends QueryInput<K>
      ? { query?: QueryInput<K> }
      : { query: QueryInput<K> }) &
  ([BodyInput<K>] extends [never] ? { body?: never } : { body: BodyInput<K> }) & {
    /** per-call header overrides (validated like the defaults) */
    header?: Partial<StoveHeaders> | undefined;
    /** overrides the client's `serviceId` for this call */
    serviceId?: string | undefined;
    signal?: AbortSignal | undefined;
  } & Pick<CallOptions, 'timeout' | 'deadline' | 'retry' | 'idempotent'>;

/** One method per operation; mapped over the generated `operations`, so each method shows its operation's JSDoc. */
export type StoveMethods = {
  [K in keyof Pick<operations, StoveOperation>]: (input: StoveCallInput<K>) => Promise<StoveResult<K>>;
};

/** `fetch`, `retry`, `timeout`, `deadline`, `logger`, `clock`, `dangerouslyAllowBrowser`: as for every gamestore client. */
export interface StoveClientOptions extends TransportOptions {
  /** `live` (`https://api.onstove.com`) or `sandbox` (`https://api.gate8.com`); or give `baseUrl` */
  environment?: 'live' | 'sandbox' | undefined;
  /** overrides `environment`, e.g. a local mock */
  baseUrl?: string | undefined;
  /** the game ID issued by STOVE (`service_id`) */
  serviceId: string;
  /** headers sent with every call; all but `utcOffset` are required */
  headers: StoveHeaders;
  /** the player's access token for bill-store calls (raw, no `Bearer `; on the web the `SUAT` cookie value) */
  accessToken?: Source<string> | undefined;
  /** the token for the bill-cpm payment checks, sent as `Bearer` (a server secret) */
  serverToken?: Source<string> | undefined;
  /** current time, for `ts` and `X-Utc-Offset` (tests) */
  now?: (() => number) | undefined;
}

export type StoveClient = StoveMethods & {
  /**
   * A per-user client: the same client with a player's access token for the bill-store calls. It shares this
   * client's middleware, retry budget, logger and options; cheap enough to make once per request.
   */
  forUser(accessToken: Source<string>): StoveClient;
  /** @deprecated the same as `forUser` (the name every gamestore client uses for a per-user client) */
  forPlayer(accessToken: Source<string>): StoveClient;
  /** the underlying openapi-fetch style client (`{ data, error, response }`), with the same runtime */
  readonly api: ApiClient<paths>;
};

/**
 * Answers whose documented type and documented example disagree, read in both forms: the purchase status
 * `status` is typed bool but its example is `1`, so `1`/`0` come back as `true`/`false`.
 */
const NORMALIZE: Partial<Record<StoveOperation, (data: unknown) => void>> = {
  getPurchaseStatus(data) {
    const value = (data as { value?: { status?: unknown } } | undefined)?.value;
    if (value && (value.status === 1 || value.status === 0)) value.status = value.status === 1;
  },
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** STOVE reports failures inside the body: `{ code: <non-zero>, message }`, mostly under HTTP 200. */
export function stoveEnvelope(body: unknown): ProviderError | undefined {
  if (!isObject(body) || !('code' in body)) return undefined;
  const code = body.code;
  if (code === 0 || code === '0') return undefined;
  return {
    code: typeof code === 'number' || typeof code === 'string' ? code : String(code),
    message: typeof body.message === 'string' ? body.message : undefined,
  };
}

export function createStoveClient(options: StoveClientOptions): StoveClient {
  if (!options || typeof options !== 'object') throw new GamestoreError({ kind: 'config', message: 'createStoveClient needs options' });
  validateHeaders(options.headers ?? {}, 'config', true);
  if (typeof options.serviceId !== 'string' || options.serviceId.length === 0) {
    throw new GamestoreError({ kind: 'config', message: 'createStoveClient needs serviceId (the game ID issued by STOVE)' });
  }
  if (!options.baseUrl && options.environment !== 'live' && options.environment !== 'sandbox') {
    throw new GamestoreError({ kind: 'config', message: "createStoveClient needs environment: 'live' or 'sandbox' (or a baseUrl)" });
  }
  const baseUrl = options.baseUrl ?? (options.environment === 'sandbox' ? servers[1] : servers[0]);

  const auth: Record<string, Credential> = {};
  if (options.accessToken !== undefined) Object.assign(auth, playerCredentials(options.accessToken));
  if (options.serverToken !== undefined) {
    const token = options.serverToken;
    auth.stoveBearer = headerSet(async () => ({ authorization: `Bearer ${typeof token === 'function' ? await token() : token}` }));
  }
  const api = createApiClient<paths>({
    baseUrl,
    operations: meta,
    fetch: options.fetch,
    auth,
    envelope: stoveEnvelope,
    describeError: stoveEnvelope,
    credentialNames: { stoveUserToken: 'accessToken (or forUser)', stoveBearer: 'serverToken' },
    retry: options.retry,
    timeout: options.timeout,
    deadline: options.deadline,
    logger: options.logger,
    clock: options.clock,
    dangerouslyAllowBrowser: options.dangerouslyAllowBrowser,
    userAgent,
  });
  return clientOver(options, api);
}

/** The credential of a player's access token (raw in `Authorization`, as STOVE documents it). */
const playerCredentials = (accessToken: Source<string>): Record<string, Credential> => ({
  stoveUserToken: apiKey('authorization', accessToken, { secret: false }),
});

/** One method per operation over the core client `api`, plus `api` and the per-user `forUser`. */
function clientOver(options: StoveClientOptions, api: ApiClient<paths>): StoveClient {
  const now = options.now ?? Date.now;
  // the headers as validated at creation (later changes to the options object do not reach the wire)
  const defaults: StoveHeaders = { ...options.headers };
  /**
   * The client's wire headers, one frozen set per UTC offset: most calls send the very same set, and core checks a
   * frozen set only the first time it sees it.
   */
  let wire: { offset: number; headers: Readonly<Record<string, string>> } | undefined;
  const defaultWire = (at: number) => {
    const offset = defaults.utcOffset ?? utcOffsetMinutes(defaults.timezone, at);
    if (wire?.offset !== offset) wire = { offset, headers: Object.freeze(wireHeaders({ ...defaults, utcOffset: offset }, at)) };
    return wire.headers;
  };
  /** STOVE's own inputs: `serviceId` into the path, the locale headers (where documented) and `ts` for one instant */
  const input = (given: CallInput, op: OperationMeta & { id: string }): CallInput => {
    const { path, query, header, serviceId, ...rest } = given as CallInput & { header?: Partial<StoveHeaders>; serviceId?: string };
    if (header) validateHeaders(header, 'input', false);
    const at = now();
    return {
      ...rest,
      path: { ...path, service_id: serviceId ?? options.serviceId },
      query: op.query?.includes('ts') && (query?.ts === undefined || query.ts === null) ? { ...query, ts: String(at) } : query,
      header: op.header?.includes('X-Lang')
        ? header
          ? wireHeaders({ ...defaults, ...header } as StoveHeaders, at)
          : defaultWire(at)
        : { 'caller-id': header?.callerId ?? defaults.callerId },
    };
  };
  const output = (data: unknown, op: { id: string }) => (NORMALIZE[op.id as StoveOperation]?.(data), data);
  // the operations are worked out once; a per-user client is one object over its own core client
  const methodsOver = methodsFor<operations>(meta, { input, output });
  // a per-user client shares this one's core client: middleware, retry budget, logger and options
  const forUser = (accessToken: Source<string>): StoveClient => over(api.withAuth(playerCredentials(accessToken)));
  const over = (client: ApiClient<paths>): StoveClient =>
    methodsOver(client, { api: client, forUser, forPlayer: forUser }) as unknown as StoveClient;
  return over(api);
}
