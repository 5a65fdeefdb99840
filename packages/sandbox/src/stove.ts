/**
 * STOVE with state: a control call records a player's purchase, which the web inventory then lists and which is
 * announced to the game server with the payment-complete notification. Products and categories are the spec's.
 */
import { randomDigits } from './events.js';
import { json, type ProviderContext, type ProviderRoutes, type StovePurchase } from './state.js';

const DIGITS = /^\d{1,19}$/;
/** a fresh int64 order number like STOVE's: above 2^53, below 2^63 */
const orderNumber = () => String(BigInt(randomDigits(18)) * 9n);

export function stove({ state, deliver }: ProviderContext): ProviderRoutes {
  const { purchases } = state.stove;
  return {
    answers: {
      listWebInventory: (call) => {
        const list = purchases
          .filter((p) => p.guid === call.query.get('guid'))
          .map(({ item }) => ({ ...item, txn_mst_no: BigInt(item.txn_mst_no), txn_dtl_no: BigInt(item.txn_dtl_no), product_id: BigInt(item.product_id) }));
        return json(200, { code: 0, message: 'OK', value: { total_count: list.length, list } });
      },
    },
    control: {
      // body: { guid, product_id, product_name?, quantity?, inservice_item_id?, world_id? }
      'POST /_sandbox/stove/purchases': async ({ body }) => {
        const guid = String(body?.guid ?? '');
        const productId = String(body?.product_id ?? '');
        if (!DIGITS.test(guid) || !DIGITS.test(productId)) return json(400, { error: 'guid and product_id (decimal ids) are required' });
        const purchase: StovePurchase = {
          guid,
          tid: `T${randomDigits(12)}`,
          world_id: String(body.world_id ?? 'sandbox'),
          purchased_at: new Date().toISOString(),
          item: {
            txn_mst_no: orderNumber(),
            txn_dtl_no: orderNumber(),
            product_id: productId,
            inservice_item_id: String(body.inservice_item_id ?? productId),
            product_name: String(body.product_name ?? `Product ${productId}`),
            quantity: Number(body.quantity ?? 1),
            thumbnail_url: '',
          },
        };
        purchases.push(purchase);
        const delivery = await deliver('stove', 'payment_complete', {
          guid,
          tid: purchase.tid,
          txn_mst_no: BigInt(purchase.item.txn_mst_no),
          world_id: purchase.world_id,
        });
        return json(201, { purchase, delivery: delivery ?? null });
      },
    },
  };
}
