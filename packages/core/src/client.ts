import createClient, {
  defaultBodySerializer,
  mergeHeaders,
  removeTrailingSlash,
  type Client,
  type ClientPathsWithMethod,
  type FetchResponse,
  type MaybeOptionalInit,
  type Middleware,
} from 'openapi-fetch';
import { chooseCredentials, isBrowser, type Credential } from './auth.js';
import { GamestoreError, redact, redactedError, type GamestoreErrorInit, type GamestoreErrorKind } from './errors.js';
import { parseJson, stringifyJson, type Int64Fields } from './int64.js';
import { OperationIndex, type OperationTable, type ResolvedOperation } from './operations.js';
import {
  backoff,
  IDEMPOTENT,
  policy,
  retryableStatus,
  retryAfter,
  RetryBudget,
  systemClockOf,
  type Clock,
  type Policy,
  type RetryOptions,
  type TimeoutOptions,
} from './retry.js';

/** A fetch implementation. `init` carries the attempt's `signal` and `redirect`: forward it to keep them. */
export type FetchLike = (input: Request, init?: { signal?: AbortSignal; redirect?: RequestRedirect }) => Promise<Response>;

/** What a provider says about a failure: its code, message and request id. */
export interface ProviderError {
  code?: string | number | undefined;
  message?: string | undefined;
  requestId?: string | undefined;
}

/** One line for the `logger` hook, per attempt. It never holds header values, URLs, query strings or bodies. */
export interface LogEvent {
  operation: string | undefined;
  method: string;
  /** the path template, e.g. `/v2/project/{project_id}/items` */
  path: string;
  attempt: number;
  /** duration of the attempt in ms */
  ms: number;
  status?: number | undefined;
  /** set when the attempt failed without a response */
  error?: GamestoreErrorKind | undefined;
  /** set when another attempt follows after this many ms */
  retryIn?: number | undefined;
}

export interface ApiClientOptions extends TimeoutOptions {
  /** Base URL of the API, e.g. `https://store.xsolla.com/api` */
  baseUrl: string;
  /** The generated operation table (`operations` from `<api>.meta.ts`). */
  operations: OperationTable;
  /** path parameters filled into every path that has them (e.g. Xsolla's `project_id`); a call's own win */
  pathParams?: Readonly<Record<string, string>> | undefined;
  /**
   * Opt-in: send operations that document their own servers (`servers` in the table) to the first of those, unless
   * `baseUrl` is one of them; each such server is replaced by its entry here when it has one, e.g.
   * `{ 'https://connector.xsolla.com': 'http://127.0.0.1:4010' }` (`{}`: as documented). Left out, every call goes to
   * `baseUrl`, so a client pointed at a mock never reaches a documented host by surprise.
   */
  operationServers?: Readonly<Record<string, string>> | undefined;
  /** fetch implementation; defaults to `globalThis.fetch` at call time (never patched). */
  fetch?: FetchLike | undefined;
  /** headers sent with every request (values with CR/LF are a `config` error) */
  headers?: Record<string, string> | undefined;
  /**
   * `User-Agent` of every request outside browsers (which set their own), e.g. `@gamestore/xsolla/0.1.0`; a
   * `user-agent` in `headers` wins. Provider packages name themselves here.
   */
  userAgent?: string | undefined;
  /**
   * values this client must never show: scrubbed from every error it raises, like credentials. Credentials given
   * through `auth`, credential-like headers (`authorization`, `x-api-key`, `*-token`, …) and secret-like body fields
   * (`client_secret`, `password`, `*_token`, …) are found on their own; list here what has another name.
   */
  secrets?: readonly string[] | undefined;
  /** extra openapi-fetch middleware; it runs on every attempt and never sees the credentials */
  middleware?: readonly Middleware[] | undefined;
  /** credentials by security scheme name (see `basic`, `bearer`, `apiKey`, `headerSet`, `guestCart`) */
  auth?: Readonly<Record<string, Credential>> | undefined;
  /**
   * how a user configures each security scheme (`{ basicAuth: 'apiKey' }`), so that a missing credential is named
   * by the option to set (`getItems needs apiKey`), not by the spec's scheme
   */
  credentialNames?: Readonly<Record<string, string>> | undefined;
  /** allow secret credentials in a browser-like environment (they would be visible to every user) */
  dangerouslyAllowBrowser?: boolean | undefined;
  /** retry policy (`false`: never retry); `budget: false` turns the shared retry budget off */
  retry?: (RetryOptions & { budget?: RetryBudget | false | undefined }) | false | undefined;
  /** header that carries a call's `idempotencyKey` (default `idempotency-key`) */
  idempotencyHeader?: string | undefined;
  /** recognises a failure envelope under HTTP 2xx (e.g. STOVE `{code != 0}`) */
  envelope?: ((body: unknown, response: Response) => ProviderError | undefined) | undefined;
  /** reads code/message/request id out of a non-2xx body; the default knows Xsolla's and common shapes */
  describeError?: ((body: unknown, response: Response) => ProviderError | undefined) | undefined;
  /** called once per attempt with a secret-free event */
  logger?: ((event: LogEvent) => void) | undefined;
  /** injectable time source, sleep and randomness (tests) */
  clock?: Partial<Clock> | undefined;
}

/** The transport options every provider client takes, with the meaning they have here. */
export type TransportOptions = Pick<ApiClientOptions, 'fetch' | 'retry' | 'timeout' | 'deadline' | 'logger' | 'clock' | 'dangerouslyAllowBrowser'>;

/** Per-call options, next to openapi-fetch's own (`params`, `body`, `headers`, `parseAs`, `signal`, …). */
export interface CallOptions extends TimeoutOptions {
  /** per-call retry overrides; `false` never retries */
  retry?: RetryOptions | false | undefined;
  /** allow retries of a POST/PATCH the caller knows is safe to repeat */
  idempotent?: boolean | undefined;
  /** sent in the client's `idempotencyHeader` (for providers that support one); allows retries of a POST/PATCH */
  idempotencyKey?: string | undefined;
}

type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
type InitParam<I> = RequiredKeys<I> extends never ? [(I & { [key: string]: unknown })?] : [I & { [key: string]: unknown }];
type Method<Paths extends {}, M extends HttpMethod> = <
  Path extends ClientPathsWithMethod<Client<Paths>, M>,
  Init extends MaybeOptionalInit<Paths[Path], M & keyof Paths[Path]>,
>(
  url: Path,
  ...init: InitParam<Init & CallOptions>
) => Promise<FetchResponse<Paths[Path][M & keyof Paths[Path]] & {}, Init, `${string}/${string}`>>;

export type ApiClient<Paths extends {}> = Omit<Client<Paths>, Uppercase<HttpMethod>> & {
  [M in HttpMethod as Uppercase<M>]: Method<Paths, M>;
} & {
  /** the operation index the client was built from */
  readonly operationIndex: OperationIndex;
  /**
   * A client with these credentials merged over this one's (a per-user client: `withAuth({ userJwt: bearer(token) })`),
   * sharing everything else: middleware (also what `use` adds later), retry budget, logger, options. Cheap enough to
   * make once per request.
   */
  withAuth(auth: Readonly<Record<string, Credential>>): ApiClient<Paths>;
};

type Init = Record<string, unknown> & CallOptions & { signal?: AbortSignal; parseAs?: string; headers?: unknown };
type Params = { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: Record<string, unknown> };
type Result = { data?: unknown; error?: unknown; response: Response };

/** Header names that carry credentials: a call that sends one is credentialed, and the value is scrubbed from errors. */
export const SENSITIVE_HEADER =
  /^(?:(?:proxy-)?authorization|cookie|x-(?:user|unauthorized-id))$|(?:^|[-_])(?:api-?key|token|secret|signature|session|password|auth)(?:$|[-_])/i;
/** JSON body fields that carry credentials (`client_secret`, `clientSecret`, `password`, `access_token`, …). */
const SECRET_FIELD = /"([A-Za-z0-9_-]*(?:secret|password|passwd|token|api_?key|private_?key|signature))"\s*:\s*"((?:[^"\\]|\\.)*)"/gi;

const SECRET_WORD = /secret|passw|token|api_?key|private_?key|signature/i;

type BodySerializer = (body: unknown, headers?: unknown) => unknown;

/**
 * A request body as sent: the caller's serializer when it gives one; else openapi-fetch's own serializer (plain
 * `JSON.stringify`, form encoding for a form content type) for the many operations without an int64 request
 * field; else the int64-aware one. `headers`: the call's merged headers, when it has any.
 */
export function requestPayload(body: unknown, int64: Int64Fields | undefined, headers?: Headers, custom?: BodySerializer): unknown {
  if (custom) return custom(body, headers);
  // its declared type omits the headers argument that its form encoding reads
  return int64 ? stringifyJson(body, int64) : (defaultBodySerializer as BodySerializer)(body, headers);
}

/** The string values of secret-like fields in a JSON request body (as sent and as decoded). */
function bodySecrets(payload: unknown): string[] {
  // most bodies name no secret: one quick scan for the words before the field-by-field one
  if (typeof payload !== 'string' || !SECRET_WORD.test(payload)) return [];
  const found: string[] = [];
  for (const [, , raw] of payload.matchAll(SECRET_FIELD)) {
    found.push(raw!);
    try {
      found.push(JSON.parse(`"${raw}"`) as string);
    } catch {
      // not a JSON string: the raw text is enough
    }
  }
  return found;
}

/** Adds a credential value and its token alone (`Bearer abc` → also `abc`) to `secrets`: both are scrubbed from errors. */
const addScrubbed = (secrets: string[], v: string): void => {
  secrets.push(v, v.slice(v.indexOf(' ') + 1));
};

/**
 * Appends `more` to `secrets`. The secrets of a call are gathered on every call: plain appends, not spread
 * arguments or `flatMap` (these cost about 5% of a per-user STOVE call, measured by taking them out).
 */
const addAll = (secrets: string[], more: readonly string[]): void => {
  for (const s of more) secrets.push(s);
};

const urlOrUndefined = (url: string, base?: string): URL | undefined => {
  try {
    return new URL(url, base);
  } catch {
    return undefined;
  }
};

/** `new URL(base)` for an http(s) base URL, or a `config` error that does not quote it. */
function checkBaseUrl(base: unknown): string {
  if (typeof base !== 'string' || !/^https?:$/.test(urlOrUndefined(base)?.protocol ?? '')) throw new GamestoreError({ kind: 'config', message: 'baseUrl must be an absolute http(s) URL' });
  return removeTrailingSlash(base as string);
}

const isThenable = <T>(v: T | PromiseLike<T>): v is PromiseLike<T> => typeof (v as { then?: unknown } | null)?.then === 'function';

/** Resolves `promise`, or rejects with `onAbort()` as soon as `signal` aborts (listener removed either way). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined, onAbort: () => unknown): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(onAbort());
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    promise.then(
      (v) => (signal.removeEventListener('abort', stop), resolve(v)),
      (e) => (signal.removeEventListener('abort', stop), reject(e)),
    );
  });
}

const failures = new WeakMap<Response, GamestoreError>();

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** What fetch accepts in a header value: Latin-1 without CR, LF or NUL */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Frozen header sets that passed `checkHeaders`, with the credential values they carry. */
const checkedHeaders = new WeakMap<object, string[]>();

/**
 * The text of one header value, or an error naming the header (never the value) when fetch could not send it: a
 * name that is not a token, a value with CR/LF/NUL or a character outside Latin-1.
 */
function headerText(name: string, value: unknown, kind: 'config' | 'input', operation?: string): string {
  const text = String(value);
  if (!HEADER_NAME.test(name) || !HEADER_VALUE.test(text)) {
    const shown = HEADER_NAME.test(name) ? JSON.stringify(name) : 'name';
    throw new GamestoreError({ kind, operation, message: `header ${shown} cannot be sent: a name must be a token, a value Latin-1 without CR, LF or NUL` });
  }
  return text;
}

/** Rejects a header set holding a header fetch could not send (see `headerText`). Returns the values of credential headers. */
function checkHeaders(headers: unknown, kind: 'config' | 'input', operation?: string): string[] {
  if (!headers) return [];
  // a frozen set (a provider's per-client headers) cannot change: checked the first time it is seen
  const frozen = typeof headers === 'object' && Object.isFrozen(headers);
  const known = frozen ? checkedHeaders.get(headers) : undefined;
  if (known) return known;
  const secrets: string[] = [];
  for (const [name, value] of (headers instanceof Headers || Array.isArray(headers)
    ? headers
    : Object.entries(headers)) as Iterable<[string, unknown]>) {
    if (value === undefined || value === null) continue;
    const sensitive = SENSITIVE_HEADER.test(name);
    // a loop, not map/every/flatMap: headers are checked on every call (three times faster measured)
    for (const v of Array.isArray(value) ? (value as unknown[]) : [value]) {
      const text = headerText(name, v, kind, operation);
      if (sensitive) addScrubbed(secrets, text);
    }
  }
  if (frozen) checkedHeaders.set(headers, Object.freeze(secrets) as string[]);
  return secrets;
}

/** A path template split into text and parameter names (`/a/{id}` → `['/a/', 'id', '']`), once per template. */
const templates = new Map<string, readonly string[]>();
function pathParts(template: string): readonly string[] {
  let parts = templates.get(template);
  if (!parts) {
    parts = template.split(/\{([^{}]+)\}/);
    // bounded: a client has a few hundred templates, but a caller may build paths of its own
    if (templates.size >= 1000) templates.clear();
    templates.set(template, parts);
  }
  return parts;
}

/** Fills a path template; a parameter that is missing, empty, `.` or `..` is an `input` error. */
export function fillPath(template: string, params: Record<string, unknown> | undefined, operation?: string): string {
  const parts = pathParts(template);
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    const v = params?.[name];
    const s = /^(string|number|bigint|boolean)$/.test(typeof v) ? `${v as string}` : '';
    try {
      if (s && s !== '.' && s !== '..') {
        out += encodeURIComponent(s) + parts[i + 1];
        continue;
      }
    } catch {
      // a lone surrogate cannot be encoded
    }
    throw new GamestoreError({ kind: 'input', operation, message: `bad path parameter "${name}"` });
  }
  return out;
}

const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? v : undefined);

/**
 * The default reader of an error body: `{ code, message }` and the `x-request-id` header. Provider packages pass
 * their own (`describeError` option) for their error shapes.
 */
export function describeError(body: unknown, response?: Response): ProviderError {
  const b = Object(body) as Record<string, unknown>;
  return { code: text(b.code), message: text(b.message) as string | undefined, requestId: response?.headers.get('x-request-id') ?? undefined };
}

/** What a client keeps for all its calls; the per-user clients made with `withAuth` share it. */
interface Runtime {
  readonly options: ApiClientOptions;
  /** openapi-fetch's own client: it builds every request, runs the middleware and reads the answer */
  readonly inner: Client<Record<string, never>>;
  readonly index: OperationIndex;
  readonly clock: Clock;
  readonly budget: RetryBudget | undefined;
  readonly policy: Policy;
  readonly baseUrl: string;
  /** secrets the client knows before any call: credential headers among its `headers`, and `options.secrets` */
  readonly secrets: readonly string[];
}

/** One call, prepared before anything is sent: what every attempt of it shares. */
interface Call {
  readonly method: string;
  readonly path: string;
  readonly op: ResolvedOperation | undefined;
  /** every value the call must not show (the client's, its credentials, credential headers, secret body fields) */
  readonly secrets: string[];
  readonly fail: (kind: GamestoreErrorKind, what: string, extra?: Partial<GamestoreErrorInit>) => GamestoreError;
  readonly policy: Policy;
  readonly deadlineAt: number;
  readonly maxAttempts: number;
  readonly signal: AbortSignal | undefined;
  /** credential headers, added after the middleware ran (so it never sees them) */
  readonly credentials: Record<string, string> | undefined;
  /** `manual` for a credentialed call: its redirects are vetted by `send` */
  readonly redirect: RequestRedirect;
  readonly fetch: FetchLike;
  readonly parseAs: string;
  /** what openapi-fetch gets, but for the attempt's own `fetch` and `signal` */
  readonly init: Record<string, unknown>;
}

/** How one attempt ended: an answer, or what was thrown (and why, when a timer or the caller stopped it). */
interface Outcome {
  readonly result?: Result | undefined;
  readonly thrown?: unknown;
  readonly kind?: GamestoreErrorKind | undefined;
  readonly started: number;
}

/** Error bodies as received, before openapi-fetch's `JSON.parse` (which rounds int64 ids): read with the call's int64 keys. */
const errorTexts = new WeakMap<Response, string>();

/**
 * Step 1, before anything is sent: checks the inputs, picks and reads the credentials, gathers the secrets and
 * the policy. Whatever fails here is an `input`, `config` or `aborted` error with `attempts: 0`. The call comes back
 * at once when every credential answers at once (a value), in a promise when one answers with a promise: a promise
 * and an await per call were about 1.4% of a per-user STOVE call.
 */
function prepare(rt: Runtime, auth: Readonly<Record<string, Credential>>, method: string, path: string, init: Init): Call | Promise<Call> {
  const {
    retry,
    timeout,
    deadline,
    idempotent,
    idempotencyKey,
    signal,
    params = {},
    body,
    headers,
    parseAs = 'json',
    baseUrl: callBaseUrl,
    fetch: callFetch,
    bodySerializer,
    ...openapiInit
  } = init as Init & { params?: Params; body?: unknown; baseUrl?: string; fetch?: FetchLike; bodySerializer?: BodySerializer };
  const { options } = rt;
  const op = rt.index.find(method, path);
  const operation = op?.id;
  const secrets = [...rt.secrets];
  const fail = (kind: GamestoreErrorKind, what: string, extra?: Partial<GamestoreErrorInit>) =>
    redactedError({ kind, operation, message: `${method} ${path}: ${what}`, ...extra }, secrets);
  if (signal?.aborted) throw fail('aborted', 'aborted', { attempts: 0 });

  // a bad path parameter is an `input` error, even under a custom pathSerializer
  const pathParams = { ...options.pathParams, ...params.path };
  const filled = path.includes('{') ? fillPath(path, pathParams, operation) : path;
  // both are checked: a credential in one must not skip the check of the other
  addAll(secrets, checkHeaders(params.header, 'input', operation));
  addAll(secrets, checkHeaders(headers, 'input', operation));

  // credentials of the first fully configured security alternative. Reading one (a token fetch, say) ends when
  // the caller aborts, whatever the credential does with the signal it is given.
  const creds = chooseCredentials(op?.meta, auth, operation, options.credentialNames);
  const credentials: Record<string, string> | undefined = creds.length || idempotencyKey !== undefined ? {} : undefined;
  if (idempotencyKey !== undefined) {
    const name = options.idempotencyHeader ?? 'idempotency-key';
    credentials![name] = headerText(name, idempotencyKey, 'input', operation);
  }
  /** One credential's headers into the call: each checked and its value scrubbed from errors, in one pass. */
  const take = (c: Credential, h: Record<string, string>) => {
    for (const [name, value] of Object.entries(h)) {
      if (value === undefined || value === null) continue;
      const text = headerText(name, value, 'input', operation);
      credentials![name] = text;
      addScrubbed(secrets, text);
    }
    for (const v of c.redact ?? []) addScrubbed(secrets, v);
  };
  /**
   * The credentials from `i` on, then the rest of the call. A credential given as a value answers at once; one that
   * answers with a promise is waited for (the wait ends when the caller aborts) and the reading goes on after it.
   */
  const readFrom = (i: number): Call | Promise<Call> => {
    for (; i < creds.length; i++) {
      const c = creds[i]!;
      const read = c.headers({ signal });
      if (isThenable(read)) {
        const next = i + 1;
        return abortable(Promise.resolve(read), signal, () => fail('aborted', 'aborted', { attempts: 0 })).then((h) => {
          take(c, h);
          return readFrom(next);
        });
      }
      take(c, read);
    }
    return finish();
  };
  return readFrom(0);

  /** The rest of the call, once its credentials are in: policy, body, server. */
  function finish(): Call {
    const p = (retry ?? timeout ?? deadline) === undefined ? rt.policy : policy(rt.policy, retry, { timeout, deadline });
    // an operation that is unsafe to repeat is sent once unless the call says it is safe
    const repeatable =
      idempotent === true || idempotencyKey !== undefined || (op?.meta.safe && idempotent !== false) || (IDEMPOTENT.test(method) && !op?.meta.unsafe);

    // serialised once, here: every attempt resends the same bytes, and a secret-like field is known before sending
    const payload =
      body === undefined
        ? undefined
        : requestPayload(
            body,
            op?.requestInt64,
            options.headers || headers || params.header ? mergeHeaders(options.headers, headers as never, params.header as never) : undefined,
            bodySerializer,
          );
    addAll(secrets, bodySecrets(payload));
    const routes = options.operationServers;
    const own = routes && op?.meta.servers;
    const server = callBaseUrl ?? (own && !own.includes(rt.baseUrl) ? (routes[own[0]!] ?? own[0]) : undefined);

    return {
      method,
      path,
      op,
      secrets,
      fail,
      policy: p,
      deadlineAt: rt.clock.now() + p.deadline,
      maxAttempts: repeatable ? p.attempts : 1,
      signal,
      credentials,
      // a call that carries any secret is credentialed: no redirect to another origin, none of a non-GET
      redirect: secrets.length || creds.length ? 'manual' : 'follow',
      fetch: callFetch ?? options.fetch ?? ((r, i) => fetch(r, i)),
      parseAs,
      init: {
        ...openapiInit,
        ...(server !== undefined && { baseUrl: server }),
        params: { ...params, path: pathParams },
        headers,
        ...(payload !== undefined && { body, bodySerializer: () => payload }),
        // the path as filled and checked above (openapi-fetch would fill it again)
        ...(!openapiInit.pathSerializer && { pathSerializer: (url: string) => url.slice(0, url.length - path.length) + filled }),
        // gamestore reads JSON itself, so int64 fields keep every digit
        parseAs: parseAs === 'json' ? 'text' : parseAs,
      },
    };
  }
}

/**
 * The `fetch` openapi-fetch calls for one attempt: adds the credentials (after the middleware ran), vets the
 * redirects of a credentialed call, and keeps the text of an error body for the lossless reader.
 */
function sender(call: Call, attempt: number, init: AttemptInit): (request: Request) => Promise<Response> {
  const { credentials, redirect, fail } = call;
  return async (request) => {
    for (const k in credentials) if (!request.headers.has(k)) request.headers.set(k, credentials[k]!);
    for (let hop = 0; ; hop++) {
      const response = await call.fetch(request, init);
      const status = response.status;
      if (redirect === 'manual' && (response.type === 'opaqueredirect' || /^30[12378]$/.test(`${status}`))) {
        // only a same-origin redirect of a GET/HEAD is followed. A browser hides the target of a manual redirect
        // (`opaqueredirect`, status 0): it is refused, never guessed.
        const location = response.type === 'opaqueredirect' ? null : response.headers.get('location');
        const to = location === null ? undefined : urlOrUndefined(location, request.url);
        if (!to || to.origin !== new URL(request.url).origin || !/^(GET|HEAD)$/.test(request.method) || hop > 4) {
          throw fail('redirect', 'redirect refused', { status, attempts: attempt });
        }
        request = new Request(to, request);
        continue;
      }
      if (response.ok || !response.body || call.op?.responseInt64 === undefined) return response;
      const text = await response.text();
      const copy = new Response(text, { status, statusText: response.statusText, headers: response.headers });
      errorTexts.set(copy, text);
      return copy;
    }
  };
}

/** The `init` an attempt gives `fetch`: its `redirect`, and its `signal`, aborted when the attempt ends early. */
interface AttemptInit {
  readonly redirect: RequestRedirect;
  readonly signal: AbortSignal;
  abort(): void;
}

/**
 * The attempt's AbortController is made when `fetch` first reads `init.signal` (undici's fetch does; a fetch that
 * ignores the signal does not). Measured: an AbortController costs about a tenth of a small call (`pnpm bench`).
 * An attempt that ended before `fetch` read the signal hands out an aborted one. `signal` is an own property (a
 * getter on the object, not on a prototype): a fetch wrapper that copies the init (`{ ...init, dispatcher }`)
 * keeps it.
 */
function attemptInit(redirect: RequestRedirect): AttemptInit {
  let controller: AbortController | undefined;
  let ended = false;
  return {
    redirect,
    get signal() {
      if (!controller) {
        controller = new AbortController();
        if (ended) controller.abort();
      }
      return controller.signal;
    },
    abort() {
      ended = true;
      controller?.abort();
    },
  };
}

/**
 * Step 2, one attempt: openapi-fetch builds the request, runs the middleware, calls `sender` and reads the body,
 * all under the attempt's timer (the smaller of `timeout` and what is left of the deadline) and the caller's signal.
 */
async function attempt(rt: Runtime, call: Call, n: number): Promise<Outcome> {
  const started = rt.clock.now();
  const fetchInit = attemptInit(call.redirect);
  let why: 'timeout' | 'aborted' | undefined;
  // the attempt's answer, unless `end` (its timer or the caller's signal) rejects it first: one promise, no race
  let answer!: (result: Result) => void;
  let stop!: (reason: unknown) => void;
  const answered = new Promise<Result>((resolve, reject) => ((answer = resolve), (stop = reject)));
  const end = (reason: 'timeout' | 'aborted') => {
    why ??= reason;
    fetchInit.abort();
    stop(why);
  };
  const onAbort = () => end('aborted');
  const cancelTimer = rt.clock.timer(Math.min(call.policy.timeout, call.deadlineAt - started), () => end('timeout'));
  call.signal?.addEventListener('abort', onAbort);
  let sent = false;
  const send = sender(call, n, fetchInit);
  try {
    // the attempt's signal goes to `fetch` with the request (not into the Request: undici would follow it twice)
    const init = { ...call.init, redirect: call.redirect, fetch: (r: Request) => ((sent = true), send(r)) };
    // `.then`, not `answer(promise)`: a promise resolved with another one follows it, and `stop` could not end it
    (rt.inner.request(call.method as 'get', call.path as never, init as never) as Promise<Result>).then(answer, stop);
    return { result: await answered, started };
  } catch (thrown) {
    if (!sent && !why && thrown instanceof TypeError) {
      // `new Request` refused what it was given (an init option, a URL): nothing left; the message names neither
      return { thrown: call.fail('input', 'the request cannot be built from these parameters', { attempts: 0 }), kind: 'input', started };
    }
    const kind = thrown instanceof GamestoreError ? thrown.kind : (why ?? (thrown instanceof TypeError ? 'network' : undefined));
    return { thrown, kind, started };
  } finally {
    cancelTimer();
    call.signal?.removeEventListener('abort', onAbort);
  }
}

/** Step 3: how long to wait before another attempt, or undefined when this outcome is final. */
function retryDelay(rt: Runtime, call: Call, outcome: Outcome, n: number, now: number): number | undefined {
  const status = outcome.result?.response.status;
  const retryable = status ? retryableStatus(status) : outcome.kind === 'network' || (outcome.kind === 'timeout' && now < call.deadlineAt);
  if (n >= call.maxAttempts || !retryable) return undefined;
  const wait = (outcome.result && retryAfter(outcome.result.response.headers.get('retry-after'), now)) ?? backoff(n, call.policy, rt.clock.random);
  if (wait > call.policy.maxRetryAfter || now + wait >= call.deadlineAt || (rt.budget && !rt.budget.take())) return undefined;
  return wait;
}

/**
 * Step 4, the final outcome: the data read losslessly, or the typed error (thrown for failures without an
 * answer; kept for `unwrap()` for an answer that is an error).
 */
function settle(rt: Runtime, call: Call, outcome: Outcome, n: number): Result {
  const { fail, op } = call;
  if (!outcome.result) {
    const { thrown, kind } = outcome;
    if (thrown instanceof GamestoreError || !kind) throw thrown;
    throw fail(kind, kind === 'network' ? `network error${networkReason(thrown)}` : kind, { attempts: n, cause: thrown });
  }
  const { response } = outcome.result;
  const status = response.status;
  let { data, error } = outcome.result;
  let found: ProviderError | undefined;
  if (response.ok) {
    if (call.parseAs === 'json') {
      try {
        data = data ? parseJson(data as string, op?.responseInt64) : undefined;
      } catch (e) {
        // no cause: V8's SyntaxError quotes the body, which may echo a secret. An int64 field that is not an int64
        // is named (the key is the spec's, never the provider's text).
        throw fail('parse', e instanceof GamestoreError ? e.message : 'invalid JSON', { status, attempts: n });
      }
      found = rt.options.envelope?.((error = data), response);
    }
    if (!found) {
      rt.budget?.success();
      return { data, response };
    }
  } else {
    const text = errorTexts.get(response);
    if (text !== undefined) {
      try {
        // error schemas are scanned for int64 keys too: their ids keep every digit
        error = parseJson(text, op?.responseInt64);
      } catch {
        // not JSON (or an int64 field that is not one): openapi-fetch's reading stands
      }
    }
    found = (rt.options.describeError ?? describeError)(error, response);
  }
  // the result's `error` is scrubbed like the thrown error: a provider may echo a credential in its answer
  error = redact(error, call.secrets);
  failures.set(
    response,
    fail(response.ok ? 'envelope' : 'http', response.ok ? `envelope code ${found?.code}` : `HTTP ${status}`, {
      status,
      attempts: n,
      code: found?.code,
      providerMessage: found?.message,
      requestId: found?.requestId,
      responseHeaders: shownHeaders(response.headers),
      body: error,
    }),
  );
  return { data: undefined, error, response };
}

/**
 * The reason of a failed connection in one line, from the cause chain of fetch's `TypeError` (undici puts the
 * system error under `cause`): its code and the address it tried, e.g. `: ECONNREFUSED 127.0.0.1:5999`. Codes are
 * the system's and addresses the URL's host; the error is scrubbed of every secret the call knows anyway.
 */
function networkReason(thrown: unknown): string {
  for (let e = thrown, depth = 0; e && typeof e === 'object' && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, address, port, hostname } = e as { code?: unknown; address?: unknown; port?: unknown; hostname?: unknown };
    if (typeof code !== 'string' || !/^[A-Z][A-Z0-9_]{1,40}$/.test(code)) continue;
    const host = typeof address === 'string' ? address : typeof hostname === 'string' ? hostname : undefined;
    const where = host && /^[\w.:[\]-]{1,255}$/.test(host) ? ` ${host}${typeof port === 'number' ? `:${port}` : ''}` : '';
    return `: ${code}${where}`;
  }
  return '';
}

/** Answer headers an error shows (request ids, retry hints, a mock's validation report); never credentials. */
const SHOWN_HEADERS = ['content-type', 'retry-after', 'x-request-id', 'request-id', 'x-correlation-id', 'x-amzn-requestid', 'cf-ray', 'sl-violations'];

function shownHeaders(headers: Headers): Readonly<Record<string, string>> | undefined {
  let shown: Record<string, string> | undefined;
  for (const name of SHOWN_HEADERS) {
    const value = headers.get(name);
    if (value !== null) (shown ??= {})[name] = value.length > 2000 ? `${value.slice(0, 2000)}…` : value;
  }
  return shown;
}

/** One call: prepare, then attempts until one is final, then settle. */
async function run(rt: Runtime, auth: Readonly<Record<string, Credential>>, method: string, path: string, init: Init = {}): Promise<Result> {
  const prepared = prepare(rt, auth, method, path, init);
  const call = isThenable(prepared) ? await prepared : prepared;
  for (let n = 1; ; n++) {
    const outcome = await attempt(rt, call, n);
    const now = rt.clock.now();
    const wait = outcome.kind === 'input' ? undefined : retryDelay(rt, call, outcome, n, now);
    rt.options.logger?.({ operation: call.op?.id, method, path, attempt: n, ms: now - outcome.started, status: outcome.result?.response.status, error: outcome.kind, retryIn: wait });
    if (wait === undefined) return settle(rt, call, outcome, n);
    // an abort during the wait ends the call here
    await rt.clock.sleep(wait, call.signal).catch(() => undefined);
    if (call.signal?.aborted) throw call.fail('aborted', 'aborted', { attempts: n });
  }
}

function refuseSecretsInBrowser(options: ApiClientOptions, auth: Readonly<Record<string, Credential>>): void {
  if (!options.dangerouslyAllowBrowser && isBrowser() && Object.values(auth).some((c) => c.secret)) {
    throw new GamestoreError({ kind: 'config', message: 'a secret in a browser needs dangerouslyAllowBrowser' });
  }
}

/**
 * The client over a runtime and one set of credentials. Its methods live on the class, so a per-user client
 * (`withAuth`, made per request) is one small object; each is a getter answering a function bound to the client, so
 * `const { GET } = client` works as with openapi-fetch (`GET` to `TRACE` are added by its static block). The runtime and
 * credentials are private fields: logging a client shows neither.
 */
class CoreClient {
  readonly #rt: Runtime;
  readonly #auth: Readonly<Record<string, Credential>>;
  constructor(rt: Runtime, auth: Readonly<Record<string, Credential>>) {
    refuseSecretsInBrowser(rt.options, auth);
    this.#rt = rt;
    this.#auth = auth;
  }
  get request() {
    return (method: string, path: string, init?: Init): Promise<Result> => run(this.#rt, this.#auth, method.toUpperCase(), path, init);
  }
  get use() {
    return (...m: Middleware[]) => this.#rt.inner.use(...m.filter(Boolean));
  }
  get eject() {
    return (...m: Middleware[]) => this.#rt.inner.eject(...m);
  }
  get withAuth() {
    return (more: Readonly<Record<string, Credential>>) => new CoreClient(this.#rt, { ...this.#auth, ...more });
  }
  get operationIndex(): OperationIndex {
    return this.#rt.index;
  }
  // `GET` to `TRACE`, each calling `run` itself (not through `request`: no second function and no upper-casing per call)
  static {
    for (const method of ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE']) {
      Object.defineProperty(CoreClient.prototype, method, {
        get(this: CoreClient) {
          return (path: string, init?: Init) => run(this.#rt, this.#auth, method, path, init);
        },
      });
    }
  }
}

/**
 * An openapi-fetch client for one API with gamestore's runtime: credentials per operation, retries with backoff
 * and a budget, per-attempt timeouts and a total deadline, lossless int64 both ways, input checks, envelope
 * errors and a redirect policy. openapi-fetch's `createClient` builds and sends each attempt (its serializers,
 * middleware and reading of the answer); gamestore adds the steps around it. Results keep openapi-fetch's
 * `{ data, error, response }`; `unwrap()` throws.
 */
export function createApiClient<Paths extends {}>(options: ApiClientOptions): ApiClient<Paths> {
  const { retry } = options;
  const baseUrl = checkBaseUrl(options.baseUrl);
  const ua = options.userAgent && !isBrowser() ? { 'user-agent': options.userAgent } : undefined;
  const headers = ua || options.headers ? { ...ua, ...options.headers } : undefined;
  const inner = createClient<Record<string, never>>({ baseUrl, ...(headers && { headers }) });
  if (options.middleware?.length) inner.use(...options.middleware.filter(Boolean));
  const rt: Runtime = {
    options,
    inner,
    index: new OperationIndex(options.operations),
    clock: systemClockOf(options.clock),
    budget: retry === false ? new RetryBudget() : retry?.budget === false ? undefined : (retry?.budget ?? new RetryBudget()),
    policy: policy(retry, options),
    baseUrl,
    // values every error of this client is scrubbed of; a call adds its own (credentials, headers, body fields)
    secrets: [...checkHeaders(headers, 'config'), ...(options.secrets ?? [])],
  };
  return new CoreClient(rt, options.auth ?? {}) as unknown as ApiClient<Paths>;
}

type DataOf<R> = R extends { data: infer D } ? D : never;

/**
 * The throwing style: resolves with `data`, or throws the call's `GamestoreError` (`http` or `envelope` here;
 * every other kind is thrown by the call itself).
 *
 *   const item = await unwrap(client.GET('/items/{id}', { params: { path: { id } } }));
 */
export async function unwrap<R extends Result>(result: R | Promise<R>): Promise<DataOf<R>> {
  return dataOf(await result);
}

/** `unwrap` of a result in hand: its `data`, or the call's `GamestoreError` thrown. */
export function dataOf<R extends Result>({ data, response }: R): DataOf<R> {
  const error = failures.get(response);
  if (error || !response.ok) {
    throw error ?? new GamestoreError({ kind: 'http', message: `HTTP ${response.status}`, status: response.status, attempts: 1 });
  }
  return data as DataOf<R>;
}
