/** What every entry of `@gamestore/xsolla` (`.`, `./catalog`, `./liveops`) exports besides its clients. */
export type { XsollaCallInput, XsollaClient, XsollaClientOptions, XsollaGuest, XsollaMethods, XsollaResult } from './client.js';
export { paginate, type PagedInput, type XsollaPaginateOptions } from './paginate.js';
export { GamestoreError, isGamestoreError, type GamestoreErrorKind } from '@gamestore/core';
export { describeXsollaError } from './client.js';
export { waitForOrder, type OrderOutcome, type OrderReader, type OrderStatus, type WaitForOrderOptions } from './orders.js';
