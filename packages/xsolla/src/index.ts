/**
 * Both Xsolla APIs. A bundle that uses one only can import `@gamestore/xsolla/catalog` or
 * `@gamestore/xsolla/liveops` instead (with `sideEffects: false`, bundlers also drop the unused API's module
 * from this entry).
 */
export * from './catalog.js';
export * from './liveops.js';
