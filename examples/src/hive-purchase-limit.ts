/**
 * Hive purchase limit: before granting a web-shop product, ask Hive whether the order stays within its limits
 * (v2: an OAuth token is fetched and cached first).
 *
 *   HIVE_BASE_URL=http://127.0.0.1:4010 pnpm --filter @gamestore/examples hive:purchase-limit   (a `pnpm mock hive-purchase-limit`)
 *   HIVE_APP_ID=… HIVE_CLIENT_ID=… HIVE_CLIENT_SECRET=… pnpm --filter @gamestore/examples hive:purchase-limit   (Hive's sandbox)
 */
import { createHivePurchaseLimitClient } from '@gamestore/hive';

// The client picks Hive's shop and auth servers for the environment; a mock stands for both (baseUrl).
const hive = createHivePurchaseLimitClient({
  environment: 'sandbox',
  appId: process.env.HIVE_APP_ID ?? 'com.example.game',
  clientId: process.env.HIVE_CLIENT_ID ?? 'example-client-id',
  clientSecret: process.env.HIVE_CLIENT_SECRET ?? 'example-client-secret',
  baseUrl: process.env.HIVE_BASE_URL,
});

const order = { type: 'paid', market_pid: 'com.example.game.gem_pack_100' } as const;
const verdict = await hive.validatePurchase(order);
console.log(`order ${order.market_pid} (${order.type}): ${verdict.verdict}${verdict.verdict === 'refuse' ? ` (${verdict.reason}, code ${verdict.code})` : ''}, Hive says "${verdict.message}"`);
console.log(verdict.verdict === 'grant' ? 'grant the items' : 'do not grant; cancel the payment');
