/**
 * Xsolla Catalog: list every virtual item of a project's store, page by page.
 *
 *   XSOLLA_BASE_URL=http://127.0.0.1:4010 pnpm --filter @gamestore/examples xsolla:catalog   (a `pnpm mock xsolla-catalog`)
 *   XSOLLA_PROJECT_ID=44056 pnpm --filter @gamestore/examples xsolla:catalog                 (the real Xsolla store)
 */
import { createXsollaCatalogClient, paginate } from '@gamestore/xsolla';

const catalog = createXsollaCatalogClient({
  projectId: process.env.XSOLLA_PROJECT_ID ?? '44056',
  baseUrl: process.env.XSOLLA_BASE_URL, // unset: https://store.xsolla.com/api
  locale: 'en',
});

let count = 0;
// `paginate` sends limit/offset and stops after `has_more: false`; maxPages bounds a runaway list
for await (const item of paginate(catalog.getVirtualItems, { query: { limit: 20 } }, { maxPages: 50 })) {
  count++;
  const price = item.price ? `${item.price.amount} ${item.price.currency}` : (item.virtual_prices?.map((p) => `${p.amount} ${p.sku}`).join(', ') ?? 'free');
  console.log(`${String(count).padStart(3)}. ${String(item.sku).padEnd(24)} ${String(item.name).padEnd(24)} ${price}`);
}
console.log(`listed ${count} virtual item(s) of project ${catalog.projectId}`);
