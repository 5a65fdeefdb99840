import { describe, expectTypeOf, it } from 'vitest';
import { createStoveClient, type InventoryItem, type PaymentCompleteNotification, type PurchaseStatus, type StoveResult } from '../src/index.js';
import type { operations } from '../src/generated/bill-store.js';

const stove = createStoveClient({
  environment: 'live',
  serviceId: 'G',
  headers: { lang: 'ko', nation: 'KR', timezone: 'Asia/Seoul', callerId: 'G_SERVER' },
});

describe('STOVE types', () => {
  it('int64 fields are strings, never numbers', () => {
    expectTypeOf<InventoryItem['txn_mst_no']>().toEqualTypeOf<string>();
    expectTypeOf<InventoryItem['txn_dtl_no']>().toEqualTypeOf<string>();
    expectTypeOf<InventoryItem['product_id']>().toEqualTypeOf<string>();
    expectTypeOf<NonNullable<PaymentCompleteNotification['txn_mst_no']>>().toEqualTypeOf<string>();
    expectTypeOf<InventoryItem['txn_mst_no']>().not.toEqualTypeOf<number>();
  });

  it('records the documented contradictions as chosen', () => {
    // `status` is typed bool in the table with example 1: boolean was chosen
    expectTypeOf<PurchaseStatus['status']>().toEqualTypeOf<boolean>();
    // `product_id` is a string in the item-details path and Int64 in responses
    expectTypeOf<operations['getProduct']['parameters']['path']['product_id']>().toEqualTypeOf<string>();
  });

  it('required query fields are enforced', () => {
    void stove.listWebInventory({ query: { shop_key: 'indie', guid: '1' } });
    // @ts-expect-error guid is required
    void stove.listWebInventory({ query: { shop_key: 'indie' } });
    // @ts-expect-error the query is required
    void stove.listWebInventory({});
    // @ts-expect-error guid is an int64: digits in a string, never a lossy number
    void stove.listWebInventory({ query: { shop_key: 'indie', guid: 123456 } });
    // @ts-expect-error product_id is a required path parameter
    void stove.getProduct({ query: { shop_key: 'indie' } });
    expectTypeOf(stove.listWebInventory).returns.resolves.toEqualTypeOf<StoveResult<'listWebInventory'>>();
  });

  it('required headers are enforced when the client is created', () => {
    // @ts-expect-error callerId is required
    createStoveClient({ environment: 'live', serviceId: 'G', headers: { lang: 'ko', nation: 'KR', timezone: 'Asia/Seoul' } });
    // @ts-expect-error X-Utc-Offset is a number of minutes
    createStoveClient({ environment: 'live', serviceId: 'G', headers: { lang: 'ko', nation: 'KR', timezone: 'Asia/Seoul', callerId: 'c', utcOffset: '540' } });
    // @ts-expect-error per-call overrides use the same keys
    void stove.listCategories({ query: { shop_key: 'indie' }, header: { 'X-Lang': 'en' } });
  });
});
