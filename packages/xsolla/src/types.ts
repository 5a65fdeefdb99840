import type { components as catalog, operations as catalogOperations, paths as catalogPaths } from './generated/catalog.js';
import type { components as liveops, operations as liveOpsOperations, paths as liveOpsPaths } from './generated/liveops.js';

/** Every schema of the Catalog API by its spec name, e.g. `CatalogSchemas['AdminVirtualItem']`. */
export type CatalogSchemas = catalog['schemas'];
/** Every schema of the LiveOps API by its spec name, e.g. `LiveOpsSchemas['RewardChain']`. */
export type LiveOpsSchemas = liveops['schemas'];
export type { catalogPaths as CatalogPaths, catalogOperations as CatalogOperations, liveOpsPaths as LiveOpsPaths, liveOpsOperations as LiveOpsOperations };

/** Xsolla's error body (`statusCode`, `errorCode`, `errorMessage`, `transactionId`, `errorMessageExtended`). */
export type XsollaErrorBody = CatalogSchemas['ErrorBody'];
/** Text keyed by language (`en`) or locale (`en-US`), as admin calls take it. */
export type LocalizedText = CatalogSchemas['LocalizedText'];
/** One validity window of the v3 promotion model (`promotion_periods`) and of chains. */
export type ValidityPeriod = LiveOpsSchemas['ValidityPeriod'];
/** A condition on a user attribute: string (`eq`/`ne`), number or date comparisons. */
export type UserAttributeCondition = LiveOpsSchemas['UserAttributeCondition'];
