/** The Xsolla LiveOps operations, one constant each, for `@gamestore/xsolla/liveops/call` (and the whole table). */
export * from './generated/liveops.meta.js';
