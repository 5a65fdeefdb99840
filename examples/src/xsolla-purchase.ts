/**
 * Xsolla: the seed's basic purchase flow, end to end. The admin creates an item, the player's client lists it,
 * fills a cart and creates an order; Xsolla's signed `order_paid` reaches the game server's webhook handler (here a
 * local one on 127.0.0.1, signed as Xsolla signs), the item is granted once, and a replay grants nothing.
 *
 *   XSOLLA_BASE_URL=http://127.0.0.1:4010 pnpm --filter @gamestore/examples xsolla:purchase   (a `pnpm mock xsolla-catalog`)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { memoryIdempotencyStore } from '@gamestore/core';
import { toNodeListener } from '@gamestore/xsolla/node';
import { createXsollaCatalogClient } from '@gamestore/xsolla';
import { createXsollaWebhookHandler, signXsollaWebhook } from '@gamestore/xsolla/webhooks';

const projectId = process.env.XSOLLA_PROJECT_ID ?? '44056';
const baseUrl = process.env.XSOLLA_BASE_URL;
const secret = process.env.XSOLLA_WEBHOOK_SECRET ?? 'example-webhook-secret';

// 1. the game's back office creates an item (server key)
const admin = createXsollaCatalogClient({ projectId, baseUrl, apiKey: process.env.XSOLLA_API_KEY ?? 'example-api-key' });
await admin.adminCreateVirtualItem({
  body: { sku: 'booster_mega_1', name: { en: 'Mega booster' }, is_enabled: true, prices: [{ amount: 2.99, currency: 'USD', is_default: true, is_enabled: true }] },
});
console.log('admin: created booster_mega_1');

// 2. the player's client lists the catalog, fills the cart and creates an order (the player's JWT)
const player = createXsollaCatalogClient({ projectId, baseUrl }).forUser(process.env.XSOLLA_USER_JWT ?? 'example.user.jwt');
const { items } = await player.getVirtualItems({ query: { limit: 5 } });
console.log(`client: ${items.length} item(s) in the catalog, first ${items[0]?.sku}`);
await player.putItem({ path: { item_sku: items[0]?.sku ?? 'booster_mega_1' }, body: { quantity: 1 } });
const order = await player.createOrder({ body: { sandbox: true } });
console.log(`client: order ${order.order_id} created; the payment UI opens with its token`);

// 3. the game server's webhook endpoint: grants exactly once per order
const granted: string[] = [];
const handler = createXsollaWebhookHandler({
  secret,
  idempotency: memoryIdempotencyStore(),
  grant: (event) => void granted.push(`${event.order.id}: ${event.items.map((i) => `${i.quantity} × ${i.sku}`).join(', ')}`),
});
const server = createServer(toNodeListener(handler));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/xsolla`;

// 4. Xsolla says the order is paid (a notification signed as Xsolla signs it), then sends it again
const body = JSON.stringify({
  notification_type: 'order_paid',
  items: [{ sku: 'booster_mega_1', type: 'virtual_good', quantity: 1, amount: '2.99', promotions: [] }],
  order: { id: Number(order.order_id), mode: 'sandbox', currency_type: 'real', currency: 'USD', amount: '2.99', status: 'paid', platform: 'xsolla' },
  user: { external_id: 'player-1', email: 'player@example.com' },
});
const deliver = async () => (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: await signXsollaWebhook(body, secret) }, body })).status;
const first = await deliver();
const replay = await deliver();
server.close();
console.log(`webhook: order_paid answered ${first}, the replay ${replay}; granted ${granted.length} time(s): ${granted.join('; ')}`);
if (granted.length !== 1 || first !== 204 || replay !== 204) throw new Error('the order was not granted exactly once');
