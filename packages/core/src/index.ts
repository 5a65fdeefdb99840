export { GamestoreError, isGamestoreError, type GamestoreErrorInit, type GamestoreErrorKind } from './errors.js';
export { parseJson, stringifyJson, quoteInt64, isInt64String, type Int64Fields } from './int64.js';
export { OperationIndex, type OperationMeta, type OperationTable, type ResolvedOperation } from './operations.js';
export { createApiClient, type ApiClient, type ApiClientOptions, type FetchLike } from './client.js';
export {
  readJsonBody,
  jsonResponse,
  normalizeIp,
  DEFAULT_MAX_BODY_BYTES,
  type BodyProblem,
  type JsonBodyResult,
} from './server.js';
