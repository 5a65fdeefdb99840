/**
 * One error class for every failure a gamestore client can report.
 *
 * `kind` says where it failed:
 * - `http`      the provider answered with a non-2xx status
 * - `envelope`  the provider answered 2xx but its body carries a failure code (e.g. STOVE `code != 0`)
 * - `network`   the connection failed (reset, refused, DNS)
 * - `timeout`   an attempt or the whole call ran past its deadline
 * - `aborted`   the caller's AbortSignal fired
 * - `parse`     the body could not be read as the documented format
 * - `config`    the client was set up or called in a way that can never work (missing key, bad header default)
 * - `input`     a value given to a call is unusable (bad path parameter, header with CR/LF, bad int64)
 * - `redirect`  a credentialed call was redirected to another origin (or looped), and was not followed
 * - `limit`     a safety cap was reached (pagination page cap)
 *
 * Messages are written by us and never contain credentials, header values, URLs or bodies: the operation is
 * named by its method and path template. `body` (the provider's parsed error body) is kept off `toJSON()` and is
 * not enumerable, so loggers that copy an error's own properties do not print it.
 */
export type GamestoreErrorKind =
  | 'http'
  | 'envelope'
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'parse'
  | 'config'
  | 'input'
  | 'redirect'
  | 'limit';

export interface GamestoreErrorInit {
  kind: GamestoreErrorKind;
  message: string;
  /** HTTP status, when a response was received */
  status?: number | undefined;
  /** the provider's own error code (`errorCode`, `code`, `result_code`, …) */
  code?: string | number | undefined;
  /** the provider's own message, as sent */
  providerMessage?: string | undefined;
  /** the provider's request / transaction id, when it sends one */
  requestId?: string | undefined;
  /**
   * A safe view of the answer's headers (`http` and `envelope` errors): content type, retry hints, request ids and
   * a mock's `sl-violations`; never a credential or a cookie.
   */
  responseHeaders?: Readonly<Record<string, string>> | undefined;
  /** how many attempts were made (1 = no retry) */
  attempts?: number | undefined;
  /** operationId of the call, when known */
  operation?: string | undefined;
  /** the parsed error body, when there was one */
  body?: unknown;
  cause?: unknown;
}

export class GamestoreError extends Error {
  override readonly name = 'GamestoreError';
  declare readonly kind: GamestoreErrorKind;
  declare readonly status: number | undefined;
  declare readonly code: string | number | undefined;
  declare readonly providerMessage: string | undefined;
  declare readonly requestId: string | undefined;
  declare readonly responseHeaders: Readonly<Record<string, string>> | undefined;
  /** how many attempts were made (0 = nothing was sent) */
  declare readonly attempts: number;
  declare readonly operation: string | undefined;
  /** the provider's parsed error body (not enumerable, never in `toJSON()`) */
  declare readonly body: unknown;

  constructor({ message, cause, body, ...fields }: GamestoreErrorInit) {
    super(message, cause === undefined ? undefined : { cause });
    Object.assign(this, fields, { attempts: fields.attempts ?? 0 });
    Object.defineProperty(this, 'body', { value: body });
  }

  /** A plain object with every field except `cause` and `body` (safe to log). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...(this as object) };
  }
}

export const isGamestoreError = (e: unknown): e is GamestoreError => e instanceof GamestoreError;

/** Secrets shorter than this are not scrubbed (they would blank out ordinary words); credentials are longer. */
const MIN_SECRET = 4;
const REDACTED = '[redacted]';

/**
 * `value` with every occurrence of each secret replaced by `[redacted]`: a string, or the strings inside arrays,
 * plain objects and errors (message, stack and `cause` chain), at any depth. An error that holds no secret is
 * kept as it is, so a `cause` keeps its class when there is nothing to hide.
 */
export function redact<T>(value: T, secrets: readonly string[]): T {
  const list = secrets.filter((s) => s.length >= MIN_SECRET);
  const scrub = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return list.reduce((s, x) => s.split(x).join(REDACTED), v);
    if (!v || typeof v !== 'object' || depth > 32) return v;
    if (v instanceof Error) {
      const cause = scrub(v.cause, depth + 1);
      if (cause === v.cause && !list.some((x) => `${v.message}${v.stack}`.includes(x))) return v;
      const copy = new (v instanceof TypeError ? TypeError : Error)(scrub(v.message, 0) as string, { cause });
      return Object.assign(copy, { name: v.name, stack: scrub(v.stack, 0) });
    }
    if (Array.isArray(v)) return v.map((x) => scrub(x, depth + 1));
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [scrub(k, 0), scrub(x, depth + 1)]));
  };
  return (list.length ? scrub(value, 0) : value) as T;
}

/** A `GamestoreError` whose every string (message, code, provider message, request id, body, cause) is scrubbed of `secrets`. */
export function redactedError(init: GamestoreErrorInit, secrets: readonly string[]): GamestoreError {
  return new GamestoreError(secrets.length ? redact(init, secrets) : init);
}
