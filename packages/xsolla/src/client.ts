/**
 * The one factory behind the Xsolla Catalog and LiveOps clients: a typed method per operation (named by its
 * operationId), the project ID bound once, credentials chosen per operation from the spec's security, per-
 * operation servers honoured, Xsolla's error body read into `GamestoreError` fields.
 */
import {
  bearer,
  basic,
  createApiClient,
  describeError,
  GamestoreError,
  guestCart,
  unwrap,
  type ApiClient,
  type CallOptions,
  type Credential,
  type FetchLike,
  type LogEvent,
  type OperationMeta,
  type OperationTable,
  type ProviderError,
  type RetryOptions,
  RetryBudget,
} from '@gamestore/core';

type Source<T> = T | (() => T | Promise<T>);
type Defined<T> = Exclude<T, undefined>;
type Params<O> = O extends { parameters: infer P } ? P : never;
type ParamsIn<O, Where extends string> = Defined<Params<O>[Where & keyof Params<O>]>;
type Media<O> = O extends { requestBody?: infer B } ? (Defined<B> extends { content: infer C } ? C : never) : never;
type FormBody<F> = { [K in keyof F]: F[K] extends string ? F[K] | Blob : F[K] };
type BodyOf<O> = Media<O> extends { 'multipart/form-data': infer F } ? FormBody<F> : Media<O>[keyof Media<O>];
/** `keyof T`, but nothing for `never` (whose keyof is every key) */
type Keys<T> = [T] extends [never] ? never : keyof T;
type Slot<Name extends string, T> = [T] extends [never]
  ? { [K in Name]?: never }
  : [keyof T] extends [never]
    ? { [K in Name]?: never }
    : {} extends T
      ? { [K in Name]?: T }
      : { [K in Name]: T };

/** The path parameters a caller gives: the spec's, without `project_id` (bound on the client). */
export type PathInput<O> = Omit<ParamsIn<O, 'path'>, 'project_id'>;

/**
 * What one call takes: its path parameters (without `project_id`), query, header parameters and body, typed
 * from the generated `operations`; plus an abort signal and per-call retry/timeout options.
 */
export type XsollaCallInput<O> = Slot<'path', PathInput<O>> &
  Slot<'query', ParamsIn<O, 'query'>> &
  Slot<'header', ParamsIn<O, 'header'>> &
  ([BodyOf<O>] extends [never]
    ? { body?: never }
    : O extends { requestBody: {} }
      ? { body: BodyOf<O> }
      : { body?: BodyOf<O> }) & {
    signal?: AbortSignal | undefined;
  } & Pick<CallOptions, 'timeout' | 'deadline' | 'retry' | 'idempotent'>;

type Responses<O> = O extends { responses: infer R } ? R : never;
type Content<R> = R extends { content: infer C } ? C[keyof C] : undefined;
type Success = 200 | 201 | 202 | 203 | 204 | 205 | 206 | '2XX';

/** The body of an operation's documented 2xx answer (`undefined` for 204 and other empty answers). */
export type XsollaResult<O> = { [S in keyof Responses<O>]: S extends Success ? Content<Responses<O>[S]> : never }[keyof Responses<O>];

/** One typed method per operation; the input may be left out when nothing in it is required. */
export type XsollaMethods<Ops> = {
  [K in keyof Ops]: {} extends XsollaCallInput<Ops[K]>
    ? (input?: XsollaCallInput<Ops[K]>) => Promise<XsollaResult<Ops[K]>>
    : (input: XsollaCallInput<Ops[K]>) => Promise<XsollaResult<Ops[K]>>;
};

export interface XsollaGuest {
  /** `x-unauthorized-id`: an identifier of the request, chosen by you */
  unauthorizedId: string;
  /** the buyer's email; sent Base64-encoded in `x-user` */
  email: string;
}

export interface XsollaClientOptions {
  /** the project ID from Publisher Account; filled into every `{project_id}` path parameter */
  projectId: string | number;
  /** the project API key (a server secret): `Authorization: Basic base64(project_id:api_key)` on admin calls */
  apiKey?: string | undefined;
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
  serverOverrides?: Readonly<Record<string, string>> | undefined;
  fetch?: FetchLike | undefined;
  retry?: RetryOptions | false | undefined;
  /** per-attempt timeout in ms */
  timeout?: number | undefined;
  /** total deadline per call in ms */
  deadline?: number | undefined;
  /** allow the API key in a browser-like environment (every user could read it) */
  dangerouslyAllowBrowser?: boolean | undefined;
  /** one secret-free event per attempt */
  logger?: ((event: LogEvent) => void) | undefined;
}

export type XsollaClient<Ops, Paths extends {}> = XsollaMethods<Ops> & {
  /** the same client with a user JWT for this user's calls (user calls, personalised catalog, cart) */
  forUser(userToken: Source<string>): XsollaClient<Ops, Paths>;
  /** the openapi-fetch style client (`{ data, error, response }`) with the same runtime, project ID and servers */
  readonly api: ApiClient<Paths>;
  /** the project ID the client is bound to */
  readonly projectId: string;
};

/** What the factory needs to know about one API; the lists are checked against the spec at compile time. */
export interface XsollaApi {
  readonly operations: OperationTable;
  readonly servers: readonly string[];
  /** operations that take the `locale` query parameter */
  readonly locale: ReadonlySet<string>;
  /** operations whose 2xx answer is `text/plain` */
  readonly text: ReadonlySet<string>;
  /** operations whose body is `multipart/form-data` */
  readonly multipart: ReadonlySet<string>;
  /** encodes those bodies (`multipartEncoder`); an API without multipart calls leaves it out, and so do its bundles */
  readonly form?: ((body: Record<string, unknown>) => FormData) | undefined;
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
  const callerFor = (userAuth: Record<string, Credential> | undefined): XsollaCaller<Ops> => ({
    projectId,
    call(operation, ...[input]) {
      const id = operation?.id;
      if (typeof id !== 'string' || typeof operation.path !== 'string' || typeof operation.method !== 'string') {
        return Promise.reject(new GamestoreError({ kind: 'input', message: 'call() needs an operation from @gamestore/xsolla/<api>/operations' }));
      }
      let core = clients.get(id);
      if (!core) clients.set(id, (core = coreClient({ ...facts, operations: { [id]: operation } }, { ...options, retry }, projectId)));
      return operationMethod({ ...facts, operations: { [id]: operation } }, id, options, userAuth ? core.withAuth(userAuth) : core)(input as never) as never;
    },
    forUser: (userToken) => callerFor(userCredentials(userToken)),
  });
  return callerFor(undefined);
}

const PROJECT_ID = /^[1-9]\d{0,18}$/;

type Init = Record<string, unknown>;
type RawRequest = (method: string, path: string, init?: Init) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** The multipart encoder of an API whose file fields are `files`: a string given for one is sent as a file part. */
export const multipartEncoder =
  (files: ReadonlySet<string>) =>
  (body: Record<string, unknown>): FormData => {
    const form = new FormData();
    for (const [name, value] of Object.entries(body)) {
      if (value instanceof Blob) form.append(name, value, value instanceof File ? value.name : name);
      else if (value !== undefined && value !== null) {
        if (files.has(name)) form.append(name, new Blob([String(value)], { type: 'application/octet-stream' }), name);
        else form.append(name, String(value));
      }
    }
    return form;
  };

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
  }
  if (options.userToken !== undefined) Object.assign(auth, userCredentials(options.userToken));
  if (options.guest !== undefined) {
    auth.AuthForCartGuestId = auth.AuthForCartGuestUser = guestCart(options.guest.unauthorizedId, options.guest.email);
  }
  const { serverOverrides, userToken: _u, guest: _g, locale: _l, apiKey: _k, projectId: _p, ...transport } = options;
  return createApiClient<Paths>({
    ...transport,
    baseUrl: options.baseUrl ?? spec.servers[0]!,
    operations: spec.operations,
    pathParams: { project_id: projectId },
    operationServers: serverOverrides ?? {},
    auth,
    describeError: describeXsollaError,
  });
}

/** The typed method of one operation over a core client: the input mapped to openapi-fetch's, the 2xx body out. */
function operationMethod(spec: XsollaApi, id: string, options: XsollaClientOptions, core: ApiClient<{}>) {
  const m = spec.operations[id]!;
  const request = core.request as unknown as RawRequest;
  return (input: Record<string, unknown> = {}) => {
    const { path, query, header, body, ...callOptions } = input as Init & { query?: Record<string, unknown>; header?: unknown; body?: unknown };
    const q = options.locale !== undefined && spec.locale.has(id) && query?.locale === undefined ? { ...query, locale: options.locale } : query;
    // an operation that is unsafe to repeat (`unsafe` in the table) is sent once unless the call says otherwise: core's rule
    return unwrap(
      request(m.method, m.path, {
        params: { path: path as Record<string, unknown>, ...(q && { query: q }), ...(header !== undefined && { header }) },
        ...(body !== undefined && { body: spec.multipart.has(id) ? spec.form!(body as Record<string, unknown>) : body }),
        ...(spec.text.has(id) && { parseAs: 'text' }),
        ...callOptions,
      }),
    );
  };
}

/** One method per operation over `core`, plus `api`, `projectId` and `forUser`. */
function clientOver<Ops, Paths extends {}>(spec: XsollaApi, options: XsollaClientOptions, projectId: string, core: ApiClient<Paths>): XsollaClient<Ops, Paths> {
  const methods = Object.fromEntries(Object.keys(spec.operations).map((id) => [id, operationMethod(spec, id, options, core as ApiClient<{}>)]));
  return Object.assign(methods, {
    api: core,
    projectId,
    // a per-user client shares this one's core: middleware, retry budget, logger and options
    forUser: (userToken: Source<string>) => clientOver<Ops, Paths>(spec, options, projectId, core.withAuth(userCredentials(userToken))),
  }) as unknown as XsollaClient<Ops, Paths>;
}

/** Builds a client for one API; `createXsollaCatalogClient` and `createXsollaLiveOpsClient` call it. */
export function createXsollaClient<Ops, Paths extends {}>(spec: XsollaApi, options: XsollaClientOptions): XsollaClient<Ops, Paths> {
  if (!options || typeof options !== 'object') throw new GamestoreError({ kind: 'config', message: 'Xsolla clients need options' });
  const projectId = projectIdOf(options.projectId);
  return clientOver<Ops, Paths>(spec, options, projectId, coreClient<Paths>(spec, options, projectId));
}
