/**
 * What the Xsolla Catalog client needs to know besides the operation table: its server and the operations that take
 * `locale`, answer text, send multipart bodies or must not be repeated. Kept apart from the table so that
 * `@gamestore/xsolla/catalog/call` bundles only the operations a program imports.
 */
import type { operations } from './generated/catalog.js';
import { servers } from './generated/catalog.meta.js';
import { exactly, type WithParam, type WithRequestMedia, type WithResponseMedia } from '@gamestore/core';
import { multipartEncoder, type XsollaFacts } from './client.js';


export const catalogFacts = {
  servers,
  locale: exactly<WithParam<operations, 'query', 'locale'>>()([
    'getVirtualItems', 'getAllVirtualItems', 'getVirtualItemsGroup', 'getVirtualItemsSku', 'getVirtualCurrency',
    'getVirtualCurrencySku', 'getVirtualCurrencyPackages', 'getVirtualCurrencyPackageSku', 'getBundleList',
    'getBundleListInGroup', 'getBundle', 'getGamesList', 'getGamesGroup', 'getGameKeysGroup', 'getGameKeyBySku',
    'getGameBySku', 'getItemGroups', 'getSellableItems', 'getSellableItemsGroup', 'getSellableItemById',
    'getSellableItemBySku', 'getUserCart', 'cartFill', 'getCartById', 'cartFillById', 'adminCartFill', 'adminFillCartById',
  ]),
  text: exactly<WithResponseMedia<operations, 'text/plain'>>()(['adminGetCodesById', 'adminGetCodesBySku']),
  multipart: exactly<WithRequestMedia<operations, 'multipart/form-data'>>()(['adminUploadCodesById', 'adminUploadCodesBySku']),
  form: /* @__PURE__ */ multipartEncoder(new Set(['file'])),
} satisfies XsollaFacts;
