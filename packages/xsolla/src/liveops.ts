/**
 * The Xsolla LiveOps API client, on its own (`@gamestore/xsolla/liveops`): coupons, promo codes, unique catalog
 * offers, discounts, bonuses, promotion limits, personalized catalog, reward chains and value points, daily chains,
 * offer chains and upsell (https://store.xsolla.com/api). A bundle that imports this entry carries the LiveOps
 * operation table only.
 *
 *   const liveops = createXsollaLiveOpsClient({ projectId: 44056, userToken: () => session.jwt });
 *   const { items } = await liveops.getDailyChainsList();
 */
import type { components, operations, paths } from './generated/liveops.js';
import { operations as table, servers } from './generated/liveops.meta.js';

import { xsollaClientFactory, type XsollaCallInput, type XsollaClient, type XsollaResult } from './client.js';

export type XsollaLiveOpsOperation = keyof operations;
export type XsollaLiveOpsClient = XsollaClient<operations, paths>;
/** The input of one call, e.g. `XsollaLiveOpsInput<'adminCreateRewardChain'>`. */
export type XsollaLiveOpsInput<K extends XsollaLiveOpsOperation> = XsollaCallInput<operations[K]>;
/** The 2xx body of one call, e.g. `XsollaLiveOpsResult<'getCoupons'>`. */
export type XsollaLiveOpsResult<K extends XsollaLiveOpsOperation> = XsollaResult<operations[K]>;

/** Every schema of the LiveOps API by its spec name, e.g. `LiveOpsSchemas['RewardChain']`. */
export type LiveOpsSchemas = components['schemas'];
export type { paths as LiveOpsPaths, operations as LiveOpsOperations };
/** One validity window of the v3 promotion model (`promotion_periods`) and of chains. */
export type ValidityPeriod = LiveOpsSchemas['ValidityPeriod'];
/** A condition on a user attribute: string (`eq`/`ne`), number or date comparisons. */
export type UserAttributeCondition = LiveOpsSchemas['UserAttributeCondition'];

/** A client for the Xsolla LiveOps API. */
export const createXsollaLiveOpsClient = /* @__PURE__ */ xsollaClientFactory<operations, paths>(table, servers);

export { spec as liveOpsSpec } from './generated/liveops.meta.js';
export * from './shared.js';
