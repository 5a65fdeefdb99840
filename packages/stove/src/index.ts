export {
  createStoveClient,
  stoveEnvelope,
  type StoveClient,
  type StoveClientOptions,
  type StoveCallInput,
  type StoveMethods,
  type StoveOperation,
} from './client.js';
export { utcOffsetMinutes, validateHeaders, type StoveHeaders } from './headers.js';
export {
  createPaymentCompleteHandler,
  memoryIdempotencyStore,
  parseNotification,
  type IdempotencyStore,
  type PaymentCompleteHandlerOptions,
  type GrantContext,
} from './notification.js';
export type * from './types.js';
export type { paths, components, operations } from './generated/bill-store.js';
export { spec as billStoreSpec } from './generated/bill-store.meta.js';
/** every failure of this package is a `GamestoreError` (core's): re-exported so one install is enough */
export { GamestoreError, isGamestoreError, type GamestoreErrorKind } from '@gamestore/core';
