import {
  createQuerySerializer,
  defaultBodySerializer,
  mergeHeaders,
  removeTrailingSlash,
  type Client,
  type ClientPathsWithMethod,
  type FetchResponse,
  type MaybeOptionalInit,
  type MergedOptions,
  type Middleware,
} from 'openapi-fetch';
import { chooseCredentials, isBrowser, type Credential } from './auth.js';
import { GamestoreError, redact, redactedError, type GamestoreErrorInit, type GamestoreErrorKind } from './errors.js';
import { parseJson, stringifyJson } from './int64.js';
import { OperationIndex, type OperationTable } from './operations.js';
import {
  backoff,
  IDEMPOTENT,
  policy,
  retryableStatus,
  retryAfter,
  RetryBudget,
  systemClock,
  type Clock,
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
   * values this client must never show: scrubbed from every error it raises, like credentials. Credentials given
   * through `auth`, credential-like headers (`authorization`, `x-api-key`, `*-token`, …) and secret-like body fields
   * (`client_secret`, `password`, `*_token`, …) are found on their own; list here what has another name.
   */
  secrets?: readonly string[] | undefined;
  /** extra openapi-fetch middleware; it runs on every attempt and never sees the credentials */
  middleware?: readonly Middleware[] | undefined;
  /** credentials by security scheme name (see `basic`, `bearer`, `apiKey`, `headerSet`, `guestCart`) */
  auth?: Readonly<Record<string, Credential>> | undefined;
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
};

type Init = Record<string, unknown> & CallOptions & { signal?: AbortSignal; parseAs?: string; headers?: unknown };
type Params = { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: Record<string, unknown> };
const HTTP_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'];
type Result = { data?: unknown; error?: unknown; response: Response };

/** Header names that carry credentials: a call that sends one is credentialed, and the value is scrubbed from errors. */
export const SENSITIVE_HEADER =
  /^(?:(?:proxy-)?authorization|cookie|x-(?:user|unauthorized-id))$|(?:^|[-_])(?:api-?key|token|secret|signature|session|password|auth)(?:$|[-_])/i;
/** JSON body fields that carry credentials (`client_secret`, `clientSecret`, `password`, `access_token`, …). */
const SECRET_FIELD = /"([A-Za-z0-9_-]*(?:secret|password|passwd|token|api_?key|private_?key|signature))"\s*:\s*"((?:[^"\\]|\\.)*)"/gi;

/** The string values of secret-like fields in a JSON request body (as sent and as decoded). */
function bodySecrets(payload: unknown): string[] {
  if (typeof payload !== 'string' || !payload.includes('"')) return [];
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

const urlOrUndefined = (url: string, base?: string): URL | undefined => {
  try {
    return new URL(url, base);
  } catch {
    return undefined;
  }
};

/** `new URL(base)` for an http(s) base URL, or a `config` error that does not quote it. */
function checkBaseUrl(base: unknown, what = 'baseUrl'): string {
  if (typeof base !== 'string' || !/^https?:$/.test(urlOrUndefined(base)?.protocol ?? '')) throw new GamestoreError({ kind: 'config', message: `${what} must be an absolute http(s) URL` });
  return removeTrailingSlash(base as string);
}

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

/** The `init` given to fetch: its AbortController is made only when `signal` is read (speed: see BENCHMARKS.md). */
class FetchInit {
  declare c: AbortController | undefined;
  constructor(readonly redirect: RequestRedirect) {}
  get signal(): AbortSignal {
    return (this.c ??= new AbortController()).signal;
  }
}
const failures = new WeakMap<Response, GamestoreError>();

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** What fetch accepts in a header value: Latin-1 without CR, LF or NUL */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Rejects a header fetch could not send (a name that is not a token; a value with CR/LF/NUL or a character
 * outside Latin-1), naming the header, never the value. Returns the values of credential headers.
 */
function checkHeaders(headers: unknown, kind: 'config' | 'input', operation?: string): string[] {
  const secrets: string[] = [];
  if (!headers) return secrets;
  for (const [name, value] of (headers instanceof Headers || Array.isArray(headers)
    ? headers
    : Object.entries(headers)) as Iterable<[string, unknown]>) {
    if (value === undefined || value === null) continue;
    const shown = HEADER_NAME.test(name) ? JSON.stringify(name) : 'name';
    const values = [value].flat().map(String);
    if (!HEADER_NAME.test(name) || !values.every((v) => HEADER_VALUE.test(v))) {
      throw new GamestoreError({ kind, operation, message: `header ${shown} cannot be sent: a name must be a token, a value Latin-1 without CR, LF or NUL` });
    }
    if (SENSITIVE_HEADER.test(name)) for (const v of values) secrets.push(v, v.slice(v.indexOf(' ') + 1));
  }
  return secrets;
}

/** The values of the credential headers in `headers` (the client scrubs them from errors); bad headers are a `config` error. */
export const headerSecrets = (headers: Record<string, string> | undefined): string[] => checkHeaders(headers, 'config');

/** Fills a path template; a parameter that is missing, empty, `.` or `..` is an `input` error. */
export function fillPath(template: string, params: Record<string, unknown> | undefined, operation?: string): string {
  const parts = template.split(/\{([^{}]+)\}/);
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

/**
 * An openapi-fetch client for one API with gamestore's runtime: credentials per operation, retries with backoff
 * and a budget, per-attempt timeouts and a total deadline, lossless int64 both ways, input checks, envelope
 * errors and a redirect policy. Results keep openapi-fetch's `{ data, error, response }`; `unwrap()` throws.
 */
export function createApiClient<Paths extends {}>(options: ApiClientOptions): ApiClient<Paths> {
  const { auth = {}, retry, logger, envelope } = options;
  const index = new OperationIndex(options.operations);
  const clock: Clock = { ...systemClock, ...options.clock };
  const { budget = new RetryBudget() } = retry || {};
  const clientPolicy = policy(retry, options);
  // values every error of this client is scrubbed of; a call also adds its own (credentials, headers, body fields)
  const clientSecrets = [...checkHeaders(options.headers, 'config'), ...(options.secrets ?? [])];
  if (!options.dangerouslyAllowBrowser && isBrowser() && Object.values(auth).some((c) => c.secret)) {
    throw new GamestoreError({ kind: 'config', message: 'a secret in a browser needs dangerouslyAllowBrowser' });
  }
  const baseUrl = checkBaseUrl(options.baseUrl);
  const querySerializer = createQuerySerializer();
  const middleware: Middleware[] = [...(options.middleware ?? [])];
  let requests = 0;

  const call = async (method: string, path: string, init: Init = {}): Promise<Result> => {
    const {
      retry: callRetry,
      timeout,
      deadline,
      idempotent,
      idempotencyKey,
      signal,
      params = {},
      body,
      headers,
      parseAs = 'json',
      ...rest
    } = init as Init & { params?: Params; body?: unknown };
    const op = index.find(method, path);
    const operation = op?.id;
    // every value this call must not show; filled in as credentials, headers and the body are read
    const secrets: string[] = [...clientSecrets];
    const fail = (kind: GamestoreErrorKind, what: string, extra?: Partial<GamestoreErrorInit>) =>
      redactedError({ kind, operation, message: `${method} ${path}: ${what}`, ...extra }, secrets);
    if (signal?.aborted) throw fail('aborted', 'aborted', { attempts: 0 });
    // a bad path parameter is an `input` error, even under a custom pathSerializer
    const filled = path.includes('{') ? fillPath(path, { ...options.pathParams, ...params.path }, operation) : path;
    // both are checked: a credential in one must not skip the check of the other
    secrets.push(...checkHeaders(params.header, 'input', operation), ...checkHeaders(headers, 'input', operation));

    // credentials of the first fully configured security alternative; their values are scrubbed from errors. A
    // credential read (a token fetch, say) ends when the caller aborts, whatever the credential does with the signal.
    const creds = chooseCredentials(op?.meta, auth, operation);
    let added: Record<string, string> | undefined;
    if (creds.length || idempotencyKey !== undefined) {
      added = idempotencyKey === undefined ? {} : { [options.idempotencyHeader ?? 'idempotency-key']: idempotencyKey };
      for (const c of creds) {
        const h = await abortable(Promise.resolve(c.headers({ signal })), signal, () => fail('aborted', 'aborted', { attempts: 0 }));
        Object.assign(added, h);
        for (const v of [...Object.values(h), ...(c.redact ?? [])]) secrets.push(v, v.slice(v.indexOf(' ') + 1));
      }
      checkHeaders(added, 'input', operation);
    }

    const p = (callRetry ?? timeout ?? deadline) === undefined ? clientPolicy : policy(clientPolicy, callRetry, { timeout, deadline });
    const deadlineAt = clock.now() + p.deadline;
    const maxAttempts = IDEMPOTENT.test(method) || idempotent || idempotencyKey !== undefined ? p.attempts : 1;
    const {
      baseUrl: callBaseUrl,
      querySerializer: callQuery,
      pathSerializer,
      middleware: callMiddleware = [],
      fetch: callFetch,
      bodySerializer = op?.requestInt64 ? (b: unknown) => stringifyJson(b, op.requestInt64) : defaultBodySerializer,
      ...requestInit
    } = rest as Record<string, unknown> & Partial<MergedOptions> & { middleware?: Middleware[]; fetch?: FetchLike };
    const fetchImpl = callFetch ?? options.fetch ?? fetch;

    // the URL, headers and body as openapi-fetch builds them (its serializers); the body is serialised once, so
    // every attempt resends the same bytes
    const routes = options.operationServers;
    const own = routes && op?.meta.servers;
    const server = callBaseUrl ?? (own && !own.includes(baseUrl) ? (routes[own[0]!] ?? own[0]) : undefined);
    const base = server ? removeTrailingSlash(server as string) : baseUrl;
    const query = typeof callQuery === 'function' ? callQuery : callQuery ? createQuerySerializer(callQuery) : querySerializer;
    const search = query((params.query ?? {}) as never).replace(/^\?/, '');
    const url = (pathSerializer ? pathSerializer(base + path, params.path ?? {}) : base + filled) + (search && `?${search}`);
    // serialised once, so every attempt resends the same bytes
    const payload = body === undefined ? undefined : (bodySerializer as (b: unknown, h: unknown) => unknown)(body, mergeHeaders(options.headers, headers as never, params.header as never));
    const json = payload !== undefined && !(payload instanceof FormData) && { 'Content-Type': 'application/json' };
    const merged = mergeHeaders(json || {}, options.headers, headers as never, params.header as never);
    secrets.push(...bodySecrets(payload));
    // a call that carries any secret (auth, a credential header, a secret body field) is credentialed: it follows
    // no redirect to another origin, and none of a POST
    const redirect: RequestRedirect = secrets.length || creds.length ? 'manual' : 'follow';
    const hooks = [...middleware, ...callMiddleware];

    let attempt = 0;
    let attemptInit: FetchInit;
    // credentials are added here, after user middleware ran, so middleware never sees them
    const send = async (request: Request): Promise<Response> => {
      for (const k in added) if (!request.headers.has(k)) request.headers.set(k, added[k]!);
      for (let hop = 0; ; hop++) {
        const response = await fetchImpl(request, attemptInit);
        const status = response.status;
        if (redirect < 'm' || (response.type !== 'opaqueredirect' && !/^30[12378]$/.test(`${status}`))) return response;
        // a credentialed call: only a same-origin redirect of a GET/HEAD is followed. A browser hides the target of
        // a manual redirect (`opaqueredirect`, status 0): it is refused, never guessed.
        const location = response.type === 'opaqueredirect' ? null : response.headers.get('location');
        const to = location === null ? undefined : urlOrUndefined(location, request.url);
        if (!to || to.origin !== new URL(request.url).origin || !/^(GET|HEAD)$/.test(request.method) || hop > 4) {
          throw fail('redirect', 'redirect refused', { status, attempts: attempt });
        }
        request = new Request(to, request);
      }
    };
    /** One attempt, with openapi-fetch's middleware contract and its way of reading an answer. */
    const exchange = async (): Promise<Result> => {
      let request: Request;
      try {
        request = new Request(url, { ...(requestInit as RequestInit), method, redirect, body: (payload ?? null) as BodyInit | null, headers: merged });
      } catch {
        // nothing was sent: a URL or init fetch cannot represent (the message names neither)
        throw fail('input', 'the request cannot be built from these parameters', { attempts: 0 });
      }
      let response: Response | undefined;
      if (hooks.length) {
        // one id and one options object per request, as openapi-fetch gives its hooks
        const reversed = hooks.slice().reverse();
        const id = `${++requests}`;
        const mergedOptions = { baseUrl: base, parseAs, querySerializer: query, bodySerializer, pathSerializer, fetch: fetchImpl } as MergedOptions;
        const context = () => ({ request, schemaPath: path, params, id, options: mergedOptions });
        for (const m of hooks) {
          const r = await m.onRequest?.(context());
          if (r instanceof Request) request = r;
          else if (r instanceof Response) {
            response = r;
            break;
          }
        }
        if (!response) {
          try {
            response = await send(request);
          } catch (e) {
            let error = e;
            for (const m of reversed) {
              const r = await m.onError?.({ ...context(), error });
              if (r instanceof Response) {
                response = r;
                break;
              }
              if (r instanceof Error) error = r;
            }
            if (!response) throw error;
          }
          for (const m of reversed) {
            const r: Response | void | undefined = await m.onResponse?.({ ...context(), response: response! });
            if (r instanceof Response) response = r;
          }
        }
      } else {
        response = await send(request);
      }
      const length = response.headers.get('content-length');
      if (response.status === 204 || request.method === 'HEAD' || (length === '0' && !response.headers.get('transfer-encoding')?.includes('chunked'))) {
        return response.ok ? { data: undefined, response } : { error: undefined, response };
      }
      if (response.ok) {
        return { data: parseAs === 'stream' ? response.body : await response[parseAs === 'json' ? 'text' : (parseAs as 'text')](), response };
      }
      let error: unknown = await response.text();
      try {
        // error schemas are scanned for int64 keys too: their ids keep every digit
        error = parseJson(error as string, op?.responseInt64);
      } catch {
        // not JSON: the text as it is
      }
      return { error, response };
    };

    for (;;) {
      if (signal?.aborted) throw fail('aborted', 'aborted', { attempts: attempt });
      attempt++;
      const started = clock.now();
      const current = (attemptInit = new FetchInit(redirect));
      let why: 'timeout' | 'aborted' | undefined;
      let stop!: (reason: unknown) => void;
      const stopped = new Promise<never>((_, reject) => (stop = reject));
      const abort = () => {
        why ??= 'timeout';
        current.c?.abort();
        stop(why);
      };
      const onAbort = () => {
        why ??= 'aborted';
        abort();
      };
      const cancelTimer = clock.timer(Math.min(p.timeout, deadlineAt - started), abort);
      signal?.addEventListener('abort', onAbort);

      let result: Result | undefined;
      let thrown: unknown;
      try {
        result = await Promise.race([exchange(), stopped]);
      } catch (e) {
        thrown = e;
      } finally {
        cancelTimer();
        signal?.removeEventListener('abort', onAbort);
      }

      const status = result?.response.status;
      const kind: GamestoreErrorKind | undefined =
        thrown instanceof GamestoreError ? thrown.kind : thrown ? (why ?? (thrown instanceof TypeError ? 'network' : undefined)) : undefined;
      const now = clock.now();
      let retryIn: number | undefined;
      if (attempt < maxAttempts && (status ? retryableStatus(status) : kind === 'network' || (kind === 'timeout' && now < deadlineAt))) {
        retryIn = (result && retryAfter(result.response.headers.get('retry-after'), now)) ?? backoff(attempt, p, clock.random);
        if (retryIn > p.maxRetryAfter || now + retryIn >= deadlineAt || (budget && !budget.take())) retryIn = undefined;
      }
      logger?.({ operation, method, path, attempt, ms: now - started, status, error: kind, retryIn });
      if (retryIn !== undefined) {
        // an abort during the wait is thrown at the top of the loop
        await clock.sleep(retryIn, signal).catch(() => undefined);
        continue;
      }

      if (!result) {
        if (thrown instanceof GamestoreError || !(why || kind)) throw thrown;
        throw fail(why ?? 'network', why ?? 'network error', { attempts: attempt, cause: thrown });
      }
      const { response } = result;
      let { data, error } = result;
      let found: ProviderError | undefined;
      if (response.ok) {
        if (parseAs === 'json') {
          try {
            data = data ? parseJson(data as string, op?.responseInt64) : undefined;
          } catch (e) {
            // no cause: V8's SyntaxError quotes the body, which may echo a secret. An int64 field that is not
            // an int64 is named (the key is the spec's, never the provider's text).
            throw fail('parse', e instanceof GamestoreError ? e.message : 'invalid JSON', { status, attempts: attempt });
          }
          found = envelope?.((error = data), response);
        }
        if (!found) {
          if (budget) budget.success();
          result.data = data;
          return result;
        }
      } else {
        found = (options.describeError ?? describeError)(error, response);
      }
      // the result's `error` is scrubbed like the thrown error: a provider may echo a credential in its answer
      error = redact(error, secrets);
      failures.set(
        response,
        fail(response.ok ? 'envelope' : 'http', response.ok ? `envelope code ${found?.code}` : `HTTP ${status}`, {
          status,
          attempts: attempt,
          code: found?.code,
          providerMessage: found?.message,
          requestId: found?.requestId,
          body: error,
        }),
      );
      return { data: undefined, error, response };
    }
  };

  const client: Record<string, unknown> = {
    operationIndex: index,
    request: (method: string, path: string, init?: Init) => call(method.toUpperCase(), path, init),
    use: (...m: Middleware[]) => void middleware.push(...m.filter(Boolean)),
    eject: (...m: Middleware[]) => m.forEach((x) => middleware.includes(x) && middleware.splice(middleware.indexOf(x), 1)),
  };
  for (const method of HTTP_METHODS) client[method] = (path: string, init?: Init) => call(method, path, init);
  return client as unknown as ApiClient<Paths>;
}

type DataOf<R> = R extends { data: infer D } ? D : never;

/**
 * The throwing style: resolves with `data`, or throws the call's `GamestoreError` (`http` or `envelope` here;
 * every other kind is thrown by the call itself).
 *
 *   const item = await unwrap(client.GET('/items/{id}', { params: { path: { id } } }));
 */
export async function unwrap<R extends Result>(result: R | Promise<R>): Promise<DataOf<R>> {
  const { data, response } = await result;
  const error = failures.get(response);
  if (error || !response.ok) {
    throw error ?? new GamestoreError({ kind: 'http', message: `HTTP ${response.status}`, status: response.status, attempts: 1 });
  }
  return data as DataOf<R>;
}
