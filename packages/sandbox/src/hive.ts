/**
 * Hive's web-shop payments with state: a control call records a paid PG payment and posts the payment notification
 * to the game server; the completion history lists it until an item delivery result consumes it, and receipt
 * verification knows its `purchase_bypass_info`.
 */
import { randomDigits } from './events.js';
import { json, type Call, type HivePayment, type ProviderContext, type ProviderRoutes } from './state.js';

/** `2025-02-21 10:15:40`, the completion history's format (UTC here) */
const dateTime = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
const failure = (message: string) => json(200, { result: 1, result_msg: message });

export function hive({ state, deliver }: ProviderContext): ProviderRoutes {
  const { payments } = state.hive;
  const itemResult = ({ body }: Call) => {
    const payment = payments.find((p) => p.hiveiap_transaction_id === body.hiveiap_transaction_id);
    if (!payment) return failure(`unknown hiveiap_transaction_id ${body.hiveiap_transaction_id}`);
    if (body.result_status === 1) payment.consumed = true;
    return json(200, { result: 0 });
  };
  return {
    answers: {
      listUnconsumedPgPurchases: ({ body }) => {
        const list = payments
          .filter((p) => !p.consumed && p.vid === String(body.user_id) && p.server_id === body.server_id)
          .map(({ consumed: _c, hiveiap_transaction_id: _t, ...entry }) => entry);
        return json(200, { result: 0, result_msg: 'SUCCESS', unconsumed_lists: list });
      },
      verifyPurchase: ({ body }) => {
        const payment = payments.find((p) => p.purchase_bypass_info === body.purchase_bypass_info);
        if (!payment) return failure('the sandbox issued no such purchase_bypass_info');
        return json(200, { result: 0, hiveiap_transaction_id: payment.hiveiap_transaction_id, hiveiap_market_id: 15, hiveiap_market_pid: payment.market_pid });
      },
      sendItemResult: itemResult,
      sendItemResultV2: itemResult,
    },
    control: {
      // body: { player_id (or vid), server_id, market_pid, quantity?, amount?, currency? }
      'POST /_sandbox/hive/payments': async ({ body }) => {
        const vid = String(body?.player_id ?? body?.vid ?? '');
        if (!/^\d{1,19}$/.test(vid) || typeof body.server_id !== 'string' || typeof body.market_pid !== 'string') {
          return json(400, { error: 'player_id (a decimal Player ID), server_id and market_pid are required' });
        }
        const now = new Date();
        const order_id = `PG-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${randomDigits(9)}`;
        const payment: HivePayment = {
          order_id,
          vid,
          server_id: body.server_id,
          market_pid: body.market_pid,
          amount: String(body.amount ?? '1200'),
          currency: String(body.currency ?? 'KRW'),
          quantity: Number(body.quantity ?? 1),
          started_datetime: dateTime(now),
          paid_datetime: dateTime(now),
          purchase_bypass_info: Buffer.from(JSON.stringify({ sandbox: true, order_id, vid, market_pid: body.market_pid })).toString('base64'),
          hiveiap_transaction_id: `SANDBOX-${randomDigits(12)}`,
          consumed: false,
        };
        payments.push(payment);
        const delivery = await deliver('hive', 'pg_payment', {
          type: 'paid',
          order_id,
          server_id: payment.server_id,
          market_pid: payment.market_pid,
          vid,
          started_datetime_ms: now.getTime(),
          paid_datetime_ms: now.getTime(),
        });
        return json(201, { payment, delivery: delivery ?? null });
      },
    },
  };
}
