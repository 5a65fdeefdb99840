export {
  createWebstoreProfileHandler,
  remoteAddressOf,
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
  type HandlerInfo,
} from './handler.js';
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
