import type { components, operations } from './generated/bill-store.js';

type Schemas = components['schemas'];

export type StoveEnvelope = Schemas['StoveEnvelope'];
export type Category = Schemas['Category'];
export type ProductDetail = Schemas['ProductDetail'];
export type PurchaseRequest = Schemas['PurchaseRequest'];
export type PurchaseStatus = Schemas['PurchaseStatus'];
export type InventoryItem = Schemas['InventoryItem'];
export type PaymentDetail = Schemas['PaymentDetail'];
export type PaymentCompleteNotification = Schemas['PaymentCompleteNotification'];
export type PaymentCompleteAck = Schemas['PaymentCompleteAck'];

/** The successful (HTTP 200, `code` 0) body of an operation. */
export type StoveResult<K extends keyof operations> = operations[K]['responses'] extends {
  200: { content: { 'application/json': infer B } };
}
  ? B
  : never;
