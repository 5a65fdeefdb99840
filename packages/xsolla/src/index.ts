export {
  createXsollaCatalogClient,
  createXsollaLiveOpsClient,
  type XsollaCatalogClient,
  type XsollaCatalogInput,
  type XsollaCatalogOperation,
  type XsollaCatalogResult,
  type XsollaLiveOpsClient,
  type XsollaLiveOpsInput,
  type XsollaLiveOpsOperation,
  type XsollaLiveOpsResult,
} from './apis.js';
export type { XsollaCallInput, XsollaClient, XsollaClientOptions, XsollaGuest, XsollaMethods, XsollaResult } from './client.js';
export { paginate, type PagedInput, type XsollaPaginateOptions } from './paginate.js';
export type * from './types.js';
export { GamestoreError, isGamestoreError, type GamestoreErrorKind } from '@gamestore/core';
export { spec as catalogSpec } from './generated/catalog.meta.js';
export { spec as liveOpsSpec } from './generated/liveops.meta.js';
