export { GamestoreError, isGamestoreError, redact, redactedError, type GamestoreErrorInit, type GamestoreErrorKind } from './errors.js';
export { parseJson, stringifyJson, quoteInt64, isInt64String, int64Literal, type Int64Fields } from './int64.js';
export {
  OperationIndex,
  type OperationMeta,
  type OperationTable,
  type ResolvedOperation,
} from './operations.js';
export {
  createApiClient,
  unwrap,
  describeError,
  fillPath,
  type ApiClient,
  type ApiClientOptions,
  type CallOptions,
  type FetchLike,
  type LogEvent,
  type ProviderError,
  type TransportOptions,
} from './client.js';
export { basic, bearer, apiKey, headerSet, guestCart, base64, isBrowser, type Credential, type CredentialContext } from './auth.js';
export {
  RetryBudget,
  DEFAULT_POLICY,
  systemClockOf,
  retryAfter,
  backoff,
  type Clock,
  type RetryOptions,
  type TimeoutOptions,
  type Policy,
} from './retry.js';
export {
  createMethods,
  methodsFor,
  operationMethod,
  toFormData,
  type CallInput,
  type Input,
  type Methods,
  type MethodsOptions,
  type Output,
} from './methods.js';
export {
  memoryIdempotencyStore,
  isIdempotencyStore,
  runOnce,
  LeaseLostError,
  type Claim,
  type IdempotencyStore,
  type MemoryStoreOptions,
  type RunOnceOutcome,
  type RunScope,
  type TransactionOutcome,
} from './idempotency.js';
export { paginate, type PageRequest, type PageLike, type PaginateOptions } from './paginate.js';
export {
  readBody,
  parseJsonBody,
  readJsonBody,
  jsonResponse,
  normalizeIp,
  ipAllowList,
  remoteAddressOf,
  handlerFrame,
  type FrameRefusal,
  type HandlerFrameOptions,
  DEFAULT_MAX_BODY_BYTES,
  type HandlerInfo,
  type BodyProblem,
  type BodyResult,
  type JsonBodyResult,
} from './server.js';
