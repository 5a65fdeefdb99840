/**
 * The one factory behind the Xsolla Catalog and LiveOps clients: core's operation layer (a typed method per
 * operationId, from the generated table) with what is Xsolla's own: the credentials mapped from the options, the
 * project ID bound to every `{project_id}`, `locale` filled in where an operation takes it, and Xsolla's error body
 * read into `GamestoreError` fields.
 */
import {
  bearer,
  basic,
  createApiClient,
  methodsFor,
  describeError,
  GamestoreError,
  guestCart,
  operationMethod,
  RetryBudget,
  type ApiClient,
  type CallInput,
  type Credential,
  type Input,
  type Methods,
  type OperationMeta,
  type OperationTable,
  type Output,
  type ProviderError,
  type TransportOptions,
} from '@gamestore/core';
// the package's name and version (the same in each generated meta of this package)
import { userAgent } from './generated/catalog.meta.js';

type Source<T> = T | (() => T | Promise<T>);

/**
 * What one call takes: its path parameters (without `project_id`, bound on the client), query, header parameters
 * and body, typed from the generated `operations`; plus an abort signal and per-call retry/timeout options.
 */
export type XsollaCallInput<O> = Input<O, 'project_id'>;

/** The body of an operation's documented 2xx answer (`undefined` for 204 and other empty answers). */
export type XsollaResult<O> = Output<O>;

/** One typed method per operation; the input may be left out when nothing in it is required. */
export type XsollaMethods<Ops> = Methods<Ops, 'project_id'>;

export interface XsollaGuest {
  /** `x-unauthorized-id`: an identifier of the request, chosen by you */
  unauthorizedId: string;
  /** the buyer's email; sent Base64-encoded in `x-user` */
  email: string;
}

/**
 * `fetch`, `retry`, `timeout`, `deadline`, `logger`, `clock`: as for every gamestore client (`@gamestore/core`);
 * `dangerouslyAllowBrowser` allows the API key in a browser-like environment (every user could read it).
 */
export interface XsollaClientOptions extends TransportOptions {
  /** the project ID from Publisher Account; filled into every `{project_id}` path parameter */
  projectId: string | number;
  /** the project API key (a server secret): `Authorization: Basic base64(project_id:api_key)` on admin calls */
  apiKey?: string | undefined;
  /**
   * the company (merchant) ID from Publisher Account, for company-level calls (`basicMerchantAuth`:
   * `Authorization: Basic base64(merchant_id:api_key)`); `apiKey` must then be valid for all the company's projects
   */
  merchantId?: string | number | undefined;
  /** a user JWT from Xsolla Login (or a Pay Station access token), sent as `Bearer`; a function is asked per call */
  userToken?: Source<string> | undefined;
  /** cart guest mode (game-key sales to users who are not logged in): `x-unauthorized-id` + `x-user` */
  guest?: XsollaGuest | undefined;
  /** default `locale` query parameter of every call that takes one (a call's own `locale` wins) */
  locale?: string | undefined;
  /** replaces the API's default server (`https://store.xsolla.com/api`), e.g. with a mock */
  baseUrl?: string | undefined;
  /**
   * replaces a server that single operations document for themselves (the item import calls use
   * `https://connector.xsolla.com`), keyed by that server: `{ 'https://connector.xsolla.com': 'http://127.0.0.1:4010' }`
   */
  operationServers?: Readonly<Record<string, string>> | undefined;
  /** @deprecated the same as `operationServers` (core's name, used by every gamestore client) */
  serverOverrides?: Readonly<Record<string, string>> | undefined;
}

export type XsollaClient<Ops, Paths extends {}> = XsollaMethods<Ops> & {
  /** the same client with a user JWT for this user's calls (user calls, personalised catalog, cart) */
  forUser(userToken: Source<string>): XsollaClient<Ops, Paths>;
  /** the openapi-fetch style client (`{ data, error, response }`) with the same runtime, project ID and servers */
  readonly api: ApiClient<Paths>;
  /** the project ID the client is bound to */
  readonly projectId: string;
};

/** What the factory needs to know about one API: its generated operation table and servers. */
export interface XsollaApi {
  readonly operations: OperationTable;
  readonly servers: readonly string[];
}

/** An API's facts without its operation table (see `createXsollaCaller`). */
export type XsollaFacts = Omit<XsollaApi, 'operations'>;

/** One operation's constant from `@gamestore/xsolla/<api>/operations`. */
export type XsollaOperationRef<Ops> = OperationMeta & { readonly id: keyof Ops & string };

type CallArgs<O> = {} extends XsollaCallInput<O> ? [input?: XsollaCallInput<O>] : [input: XsollaCallInput<O>];

/** The API one imported operation at a time: `call(getVirtualItems, input)`. */
export interface XsollaCaller<Ops> {
  call<R extends XsollaOperationRef<Ops>>(operation: R, ...input: CallArgs<Ops[R['id']]>): Promise<XsollaResult<Ops[R['id']]>>;
  /** the same caller with a user JWT for this user's calls */
  forUser(userToken: Source<string>): XsollaCaller<Ops>;
  /** the project ID the caller is bound to */
  readonly projectId: string;
}

/**
 * A caller for one API. Each operation gets its own small client the first time it is called (same credentials,
 * servers and one shared retry budget), so a bundle carries only the operation constants the program imports.
 */
export function createXsollaCaller<Ops>(facts: XsollaFacts, options: XsollaClientOptions): XsollaCaller<Ops> {
  const projectId = projectIdOf(options?.projectId);
  // one retry budget for every operation of this caller and of its per-user callers
  const retry = options.retry === false ? false : { ...options.retry, budget: new RetryBudget() };
  const clients = new Map<string, ApiClient<{}>>();
  const defaults = methodOptions(options);
  const callerFor = (userAuth: Record<string, Credential> | undefined): XsollaCaller<Ops> => {
    // each operation's method is made once per caller, on its first call
    const methods = new Map<string, (input?: CallInput) => Promise<unknown>>();
    return {
      projectId,
      call(operation, ...[input]) {
        const id = operation?.id;
        if (typeof id !== 'string' || typeof operation.path !== 'string' || typeof operation.method !== 'string') {
          return Promise.reject(new GamestoreError({ kind: 'input', message: 'call() needs an operation from @gamestore/xsolla/<api>/operations' }));
        }
        let method = methods.get(id);
        if (!method) {
          let core = clients.get(id);
          if (!core) clients.set(id, (core = coreClient({ ...facts, operations: { [id]: operation } }, { ...options, retry }, projectId)));
          methods.set(id, (method = operationMethod(userAuth ? core.withAuth(userAuth) : core, id, operation, defaults)));
        }
        return method(input as never) as never;
      },
      forUser: (userToken) => callerFor(userCredentials(userToken)),
    };
  };
  return callerFor(undefined);
}

const PROJECT_ID = /^[1-9]\d{0,18}$/;

function merchantIdOf(value: unknown): string {
  const id = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof id !== 'string' || !PROJECT_ID.test(id)) {
    throw new GamestoreError({ kind: 'config', message: 'Xsolla merchantId must be the company ID from Publisher Account (digits)' });
  }
  return id;
}

/** Reads Xsolla's error body (`errorCode`, `errorMessage`, `transactionId`) into `GamestoreError` fields. */
export function describeXsollaError(body: unknown, response?: Response): ProviderError {
  const b = Object(body) as Record<string, unknown>;
  const base = describeError({ code: b.errorCode ?? b.code, message: b.errorMessage ?? b.message }, response);
  return typeof b.transactionId === 'string' ? { ...base, requestId: b.transactionId } : base;
}

function projectIdOf(value: unknown): string {
  const id = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof id !== 'string' || !PROJECT_ID.test(id)) {
    throw new GamestoreError({ kind: 'config', message: 'Xsolla clients need projectId: the project ID from Publisher Account (digits)' });
  }
  return id;
}

/** The client option behind each security scheme, for errors that name what to set. */
const XSOLLA_CREDENTIALS = {
  basicAuth: 'apiKey',
  basicMerchantAuth: 'merchantId and apiKey',
  XsollaLoginUserJWT: 'userToken (or forUser)',
  AuthForCart: 'userToken (or forUser)',
  AuthForCartGuestId: 'guest',
  AuthForCartGuestUser: 'guest',
};

/** The credentials of a user token: Xsolla Login JWT and the cart's bearer scheme. */
const userCredentials = (userToken: Source<string>): Record<string, Credential> => {
  const user = bearer(userToken);
  return { XsollaLoginUserJWT: user, AuthForCart: user };
};

/** The core client of one API: credentials mapped from the options, `project_id` bound, servers and errors Xsolla's. */
function coreClient<Paths extends {}>(spec: XsollaApi, options: XsollaClientOptions, projectId: string): ApiClient<Paths> {
  const auth: Record<string, Credential> = {};
  if (options.apiKey !== undefined) {
    if (typeof options.apiKey !== 'string' || !options.apiKey) throw new GamestoreError({ kind: 'config', message: 'Xsolla apiKey must be a non-empty string' });
    auth.basicAuth = basic(projectId, options.apiKey);
    if (options.merchantId !== undefined) auth.basicMerchantAuth = basic(merchantIdOf(options.merchantId), options.apiKey);
  }
  if (options.userToken !== undefined) Object.assign(auth, userCredentials(options.userToken));
  if (options.guest !== undefined) {
    auth.AuthForCartGuestId = auth.AuthForCartGuestUser = guestCart(options.guest.unauthorizedId, options.guest.email);
  }
  const { operationServers, serverOverrides, userToken: _u, guest: _g, locale: _l, apiKey: _k, projectId: _p, merchantId: _m, ...transport } = options;
  return createApiClient<Paths>({
    ...transport,
    baseUrl: options.baseUrl ?? spec.servers[0]!,
    operations: spec.operations,
    pathParams: { project_id: projectId },
    operationServers: operationServers ?? serverOverrides ?? {},
    auth,
    credentialNames: XSOLLA_CREDENTIALS,
    describeError: describeXsollaError,
    userAgent,
  });
}

/** What Xsolla adds to core's operation layer: the client's `locale` where an operation takes one. */
const methodOptions = (options: XsollaClientOptions) => ({ query: { locale: options.locale } });

/**
 * One method per operation over `core`, plus `api`, `projectId` and `forUser`. The operations are worked out once per
 * client (`methodsFor`); a per-user client is then one small object over its own core client.
 */
function clientOver<Ops, Paths extends {}>(spec: XsollaApi, options: XsollaClientOptions, projectId: string, root: ApiClient<Paths>): XsollaClient<Ops, Paths> {
  const methodsOver = methodsFor<Ops, 'project_id'>(spec.operations, methodOptions(options));
  // a per-user client shares this one's core: middleware, retry budget, logger and options
  const forUser = (userToken: Source<string>) => over(root.withAuth(userCredentials(userToken)));
  const over = (core: ApiClient<Paths>) => methodsOver(core, { api: core, projectId, forUser }) as unknown as XsollaClient<Ops, Paths>;
  return over(root);
}

/** The client factory of one API (its generated table and servers): `createXsollaCatalogClient` is one. */
export const xsollaClientFactory =
  <Ops, Paths extends {}>(operations: OperationTable, servers: readonly string[]) =>
  (options: XsollaClientOptions): XsollaClient<Ops, Paths> =>
    createXsollaClient<Ops, Paths>({ operations, servers }, options);

/** Builds a client for one API; `createXsollaCatalogClient` and `createXsollaLiveOpsClient` call it. */
export function createXsollaClient<Ops, Paths extends {}>(spec: XsollaApi, options: XsollaClientOptions): XsollaClient<Ops, Paths> {
  if (!options || typeof options !== 'object') throw new GamestoreError({ kind: 'config', message: 'Xsolla clients need options' });
  const projectId = projectIdOf(options.projectId);
  return clientOver<Ops, Paths>(spec, options, projectId, coreClient<Paths>(spec, options, projectId));
}
