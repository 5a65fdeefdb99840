/**
 * The Xsolla LiveOps API one operation at a time (`@gamestore/xsolla/liveops/call`): import the operations you use from
 * `@gamestore/xsolla/liveops/operations` and a bundle carries only those.
 *
 *   import { createXsollaLiveOpsCaller } from '@gamestore/xsolla/liveops/call';
 *   import { getDailyChainsList } from '@gamestore/xsolla/liveops/operations';
 *   const xsolla = createXsollaLiveOpsCaller({ projectId: 44056 });
 *   const page = await xsolla.call(getDailyChainsList);
 */
import type { operations } from './generated/liveops.js';
import { servers } from './generated/liveops.meta.js';
import { createXsollaCaller, type XsollaCaller, type XsollaClientOptions } from './client.js';


export type XsollaLiveOpsCaller = XsollaCaller<operations>;

/** A caller for the Xsolla LiveOps API: the same calls as `createXsollaLiveOpsClient`, one imported operation at a time. */
export const createXsollaLiveOpsCaller = (options: XsollaClientOptions): XsollaLiveOpsCaller =>
  createXsollaCaller<operations>({ servers }, options);

export type { XsollaCallInput, XsollaClientOptions, XsollaResult } from './client.js';
export { GamestoreError, isGamestoreError } from '@gamestore/core';
