/**
 * The two Xsolla APIs, each a client made by the one factory in `client.ts`:
 *
 * - Catalog: virtual items and currency, bundles, game keys, item groups, attributes, sellable items, item
 *   purchase limits, cart, payment token, regions and item import (https://store.xsolla.com/api; the import
 *   calls on https://connector.xsolla.com).
 * - LiveOps: coupons, promo codes, unique catalog offers, discounts, bonuses, promotion limits, personalized
 *   catalog, reward chains and value points, daily chains, offer chains and upsell (https://store.xsolla.com/api).
 *
 *   const catalog = createXsollaCatalogClient({ projectId: 44056, apiKey: process.env.XSOLLA_API_KEY });
 *   const { items } = await catalog.adminGetVirtualItemsList({ query: { limit: 10 } });
 */
import type * as catalog from './generated/catalog.js';
import * as catalogMeta from './generated/catalog.meta.js';
import type * as liveops from './generated/liveops.js';
import * as liveopsMeta from './generated/liveops.meta.js';
import {
  createXsollaClient,
  exactly,
  type WithQuery,
  type WithRequestMedia,
  type WithResponseMedia,
  type XsollaApi,
  type XsollaCallInput,
  type XsollaClient,
  type XsollaClientOptions,
  type XsollaResult,
} from './client.js';

type CatalogOps = catalog.operations;
type LiveOpsOps = liveops.operations;
export type XsollaCatalogOperation = keyof CatalogOps;
export type XsollaLiveOpsOperation = keyof LiveOpsOps;
export type XsollaCatalogClient = XsollaClient<CatalogOps, catalog.paths>;
export type XsollaLiveOpsClient = XsollaClient<LiveOpsOps, liveops.paths>;
/** The input of one call, e.g. `XsollaCatalogInput<'adminCreateVirtualItem'>`, `XsollaLiveOpsInput<'adminCreateRewardChain'>`. */
export type XsollaCatalogInput<K extends XsollaCatalogOperation> = XsollaCallInput<CatalogOps[K]>;
export type XsollaLiveOpsInput<K extends XsollaLiveOpsOperation> = XsollaCallInput<LiveOpsOps[K]>;
/** The 2xx body of one call, e.g. `XsollaCatalogResult<'getVirtualItems'>`, `XsollaLiveOpsResult<'getCoupons'>`. */
export type XsollaCatalogResult<K extends XsollaCatalogOperation> = XsollaResult<CatalogOps[K]>;
export type XsollaLiveOpsResult<K extends XsollaLiveOpsOperation> = XsollaResult<LiveOpsOps[K]>;

const catalogApi = {
  ...catalogMeta,
  locale: exactly<WithQuery<CatalogOps, 'locale'>>()([
    'getVirtualItems', 'getAllVirtualItems', 'getVirtualItemsGroup', 'getVirtualItemsSku', 'getVirtualCurrency',
    'getVirtualCurrencySku', 'getVirtualCurrencyPackages', 'getVirtualCurrencyPackageSku', 'getBundleList',
    'getBundleListInGroup', 'getBundle', 'getGamesList', 'getGamesGroup', 'getGameKeysGroup', 'getGameKeyBySku',
    'getGameBySku', 'getItemGroups', 'getSellableItems', 'getSellableItemsGroup', 'getSellableItemById',
    'getSellableItemBySku', 'getUserCart', 'cartFill', 'getCartById', 'cartFillById', 'adminCartFill', 'adminFillCartById',
  ]),
  text: exactly<WithResponseMedia<CatalogOps, 'text/plain'>>()(['adminGetCodesById', 'adminGetCodesBySku']),
  multipart: exactly<WithRequestMedia<CatalogOps, 'multipart/form-data'>>()(['adminUploadCodesById', 'adminUploadCodesBySku']),
  files: new Set(['file']),
  unsafeToRepeat: new Set<XsollaCatalogOperation>(['removeUserItemLimit']),
} satisfies XsollaApi;

const liveOpsApi = {
  ...liveopsMeta,
  locale: exactly<WithQuery<LiveOpsOps, 'locale'>>()(['getUpsellForProjectClient']),
  text: exactly<WithResponseMedia<LiveOpsOps, 'text/plain'>>()([]),
  multipart: exactly<WithRequestMedia<LiveOpsOps, 'multipart/form-data'>>()([]),
  files: new Set<string>(),
  unsafeToRepeat: new Set<XsollaLiveOpsOperation>([
    'adminToggleRewardChain', 'adminToggleOfferChain',
    'generateCouponCodes', 'generatePromoCodeCodes', 'generateUniqueCatalogOfferCodes',
    'removeCouponUserPromotionLimit', 'removePromoCodeUserPromotionLimit', 'removeUserPromotionLimit',
  ]),
} satisfies XsollaApi;

/** A client for the Xsolla Catalog API. */
export const createXsollaCatalogClient = (options: XsollaClientOptions): XsollaCatalogClient => createXsollaClient<CatalogOps, catalog.paths>(catalogApi, options);

/** A client for the Xsolla LiveOps API. */
export const createXsollaLiveOpsClient = (options: XsollaClientOptions): XsollaLiveOpsClient => createXsollaClient<LiveOpsOps, liveops.paths>(liveOpsApi, options);
