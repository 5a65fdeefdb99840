export {
  createWebstoreProfileHandler,
  HIVE_SERVER_IPS,
  type WebstoreProfileHandlerOptions,
  type WebstoreProfileLookup,
  type LookupResult,
  type NoExtraFields,
  type LookupContext,
  type ServerInput,
  type ServerWithChannels,
  type ServerWithoutChannels,
  type ChannelInput,
  type CharacterInput,
} from './handler.js';
/** the peer address as node:http (`toNodeListener`), Deno and Bun pass it: core's, shared by every handler */
export { remoteAddressOf, type HandlerInfo } from '@gamestore/core';
export {
  createHiveWebshopClient,
  type HiveWebshopClient,
  type HiveWebshopClientOptions,
  type GetWebstoreProfileOptions,
  type RawWebstoreProfile,
} from './client.js';
export { checkWebstoreProfileResponse, type Departure, type CheckOptions } from './check.js';
export type * from './types.js';
export type { paths, components, operations } from './generated/webshop.js';
export { spec as webshopSpec } from './generated/webshop.meta.js';
export {
  createHivePurchaseLimitClient,
  createTokenProvider,
  TOKEN_LIFETIME_MS,
  type HivePurchaseLimitClient,
  type HivePurchaseLimitClientOptions,
  type PurchaseVerdict,
  type TokenProvider,
  type QuantityLimitRequest,
  type QuantityLimitResponse,
  type TokenResponse,
} from './purchase-limit.js';
export {
  createHivePaymentClient,
  hiveResultEnvelope,
  type HivePaymentClient,
  type HivePaymentClientOptions,
  type HivePaymentOperation,
  type PaymentClaim,
  type PaymentVerdict,
  type UnconsumedPurchase,
  type UnconsumedResponse,
  type WebPgProduct,
} from './payment.js';
export {
  createHivePaymentHandler,
  identifyPgPayment,
  type HivePaymentHandlerOptions,
  type NotifiedPayment,
  type PaymentGrantContext,
  type PaymentRevokeContext,
  type PaymentHandlerErrorCode,
  type PgPaymentNotification,
} from './payment-handler.js';
export { spec as paymentSpec } from './generated/payment.meta.js';
/** the shared idempotency contract every handler that grants goes through (core's) */
export { memoryIdempotencyStore, type IdempotencyStore } from '@gamestore/core';
/** every failure of this package is a `GamestoreError` (core's): re-exported so one install is enough */
export { GamestoreError, isGamestoreError, type GamestoreErrorKind } from '@gamestore/core';
