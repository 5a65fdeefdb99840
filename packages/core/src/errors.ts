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
 *
 * Messages are written by us and never contain credentials or request/response bytes beyond field names.
 */
export type GamestoreErrorKind =
  | 'http'
  | 'envelope'
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'parse'
  | 'config'
  | 'input';

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
  readonly kind: GamestoreErrorKind;
  readonly status: number | undefined;
  readonly code: string | number | undefined;
  readonly providerMessage: string | undefined;
  readonly requestId: string | undefined;
  readonly attempts: number;
  readonly operation: string | undefined;
  readonly body: unknown;

  constructor(init: GamestoreErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.providerMessage = init.providerMessage;
    this.requestId = init.requestId;
    this.attempts = init.attempts ?? 0;
    this.operation = init.operation;
    this.body = init.body;
  }

  /** A plain object with every field except `cause` and `body` (safe to log). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      status: this.status,
      code: this.code,
      providerMessage: this.providerMessage,
      requestId: this.requestId,
      attempts: this.attempts,
      operation: this.operation,
    };
  }
}

export const isGamestoreError = (e: unknown): e is GamestoreError => e instanceof GamestoreError;
