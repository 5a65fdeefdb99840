/** The Xsolla Catalog operations, one constant each, for `@gamestore/xsolla/catalog/call` (and the whole table). */
export * from './generated/catalog.meta.js';
