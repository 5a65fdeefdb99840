/**
 * The Xsolla Catalog API one operation at a time (`@gamestore/xsolla/catalog/call`): import the operations you use from
 * `@gamestore/xsolla/catalog/operations` and a bundle carries only those.
 *
 *   import { createXsollaCatalogCaller } from '@gamestore/xsolla/catalog/call';
 *   import { getVirtualItems } from '@gamestore/xsolla/catalog/operations';
 *   const xsolla = createXsollaCatalogCaller({ projectId: 44056 });
 *   const page = await xsolla.call(getVirtualItems, { query: { limit: 10 } });
 */
import type { operations } from './generated/catalog.js';
import { servers } from './generated/catalog.meta.js';
import { createXsollaCaller, type XsollaCaller, type XsollaClientOptions } from './client.js';


export type XsollaCatalogCaller = XsollaCaller<operations>;

/** A caller for the Xsolla Catalog API: the same calls as `createXsollaCatalogClient`, one imported operation at a time. */
export const createXsollaCatalogCaller = (options: XsollaClientOptions): XsollaCatalogCaller =>
  createXsollaCaller<operations>({ servers }, options);

export type { XsollaCallInput, XsollaClientOptions, XsollaResult } from './client.js';
export { GamestoreError, isGamestoreError } from '@gamestore/core';
