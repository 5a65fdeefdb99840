/**
 * The Xsolla Catalog API client, on its own (`@gamestore/xsolla/catalog`): virtual items and currency, bundles,
 * game keys, item groups, attributes, sellable items, item purchase limits, cart, payment token, regions and item
 * import (https://store.xsolla.com/api; the import calls on https://connector.xsolla.com). A bundle that imports
 * this entry carries the Catalog operation table only.
 *
 *   const catalog = createXsollaCatalogClient({ projectId: 44056, apiKey: process.env.XSOLLA_API_KEY });
 *   const { items } = await catalog.adminGetVirtualItemsList({ query: { limit: 10 } });
 */
import type { components, operations, paths } from './generated/catalog.js';
import { operations as table, servers } from './generated/catalog.meta.js';

import { xsollaClientFactory, type XsollaCallInput, type XsollaClient, type XsollaResult } from './client.js';

export type XsollaCatalogOperation = keyof operations;
export type XsollaCatalogClient = XsollaClient<operations, paths>;
/** The input of one call, e.g. `XsollaCatalogInput<'adminCreateVirtualItem'>`. */
export type XsollaCatalogInput<K extends XsollaCatalogOperation> = XsollaCallInput<operations[K]>;
/** The 2xx body of one call, e.g. `XsollaCatalogResult<'getVirtualItems'>`. */
export type XsollaCatalogResult<K extends XsollaCatalogOperation> = XsollaResult<operations[K]>;

/** Every schema of the Catalog API by its spec name, e.g. `CatalogSchemas['AdminVirtualItem']`. */
export type CatalogSchemas = components['schemas'];
export type { paths as CatalogPaths, operations as CatalogOperations };
/** Xsolla's error body (`statusCode`, `errorCode`, `errorMessage`, `transactionId`, `errorMessageExtended`). */
export type XsollaErrorBody = CatalogSchemas['ErrorBody'];
/** Text keyed by language (`en`) or locale (`en-US`), as admin calls take it. */
export type LocalizedText = CatalogSchemas['LocalizedText'];

/** A client for the Xsolla Catalog API. */
export const createXsollaCatalogClient = /* @__PURE__ */ xsollaClientFactory<operations, paths>(table, servers);

export { spec as catalogSpec } from './generated/catalog.meta.js';
export * from './shared.js';
