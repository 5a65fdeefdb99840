/**
 * STOVE in-game store: the shop's categories, then a player's inventory with its order numbers. Order numbers are
 * 64-bit and larger than 2^53: the client hands them over as strings, digit for digit as the server sent them.
 *
 *   STOVE_BASE_URL=http://127.0.0.1:4010 pnpm --filter @gamestore/examples stove:store   (a `pnpm mock stove-bill-store`)
 *   STOVE_ENVIRONMENT=sandbox STOVE_SERVICE_ID=… STOVE_ACCESS_TOKEN=… pnpm --filter @gamestore/examples stove:store
 */
import { createStoveClient } from '@gamestore/stove';

const stove = createStoveClient({
  environment: process.env.STOVE_ENVIRONMENT === 'live' ? 'live' : 'sandbox',
  baseUrl: process.env.STOVE_BASE_URL, // overrides environment (a mock)
  serviceId: process.env.STOVE_SERVICE_ID ?? 'GAME_ID',
  headers: { lang: 'ko', nation: 'KR', timezone: 'Asia/Seoul', callerId: 'GAMESTORE_EXAMPLE' },
});
const shop_key = process.env.STOVE_SHOP_KEY ?? 'indie';

const { value: categories } = await stove.listCategories({ query: { shop_key } });
console.log(`shop ${shop_key}: ${categories?.total_count ?? 0} categories`);
for (const c of categories?.list ?? []) console.log(`  ${'  '.repeat(c.category_depth - 1)}${c.category_id}  ${c.category_name}`);

const player = stove.forUser(process.env.STOVE_ACCESS_TOKEN ?? 'mock-player-token');
const { value: inventory } = await player.listWebInventory({ query: { shop_key, guid: process.env.STOVE_GUID ?? '123456' } });
console.log(`inventory: ${inventory?.total_count ?? 0} purchased items`);
for (const item of inventory?.list ?? []) {
  // txn_mst_no / txn_dtl_no are strings (typeof === 'string'), never rounded through a double
  console.log(`  order ${item.txn_mst_no} / line ${item.txn_dtl_no} (${typeof item.txn_mst_no})  ${item.quantity} × ${item.product_name}`);
}
