// The type budget's consumer: ten typed calls per provider client, type-checked against the installed tarballs'
// declarations with `tsc --extendedDiagnostics`. (Hive has fewer than ten operations: each one is called in both
// styles, plus the handler and the checker.) Nothing here runs.
import { createApiClient, isGamestoreError, unwrap } from '@gamestore/core';
import {
  checkWebstoreProfileResponse,
  createHivePurchaseLimitClient,
  createHiveWebshopClient,
  createWebstoreProfileHandler,
  type WebstoreProfileResponse,
} from '@gamestore/hive';
import { createStoveClient, type StoveResult } from '@gamestore/stove';
import { createXsollaCatalogClient, paginate, type XsollaCatalogResult } from '@gamestore/xsolla/catalog';
import { createXsollaLiveOpsClient, type XsollaLiveOpsInput } from '@gamestore/xsolla/liveops';

export async function xsollaCatalog(): Promise<string[]> {
  const catalog = createXsollaCatalogClient({ projectId: 44056, apiKey: 'key', userToken: () => 'jwt' });
  const out: string[] = [];
  const items: XsollaCatalogResult<'getVirtualItems'> = await catalog.getVirtualItems({ query: { locale: 'de', limit: 10 } });
  out.push(String(items.items?.[0]?.item_id));
  await catalog.adminCreateVirtualItem({ body: { sku: 'booster_mega_1', name: { en: 'Mega booster' } } });
  const item = await catalog.adminGetVirtualItem({ path: { item_sku: 'booster_mega_1' } });
  out.push(String(item.sku));
  await catalog.adminDeleteVirtualItem({ path: { item_sku: 'booster_mega_1' } });
  await catalog.getVirtualCurrency();
  await catalog.getBundle({ path: { sku: 'starter' } });
  await catalog.getSellableItems({ query: { limit: 5 } });
  await catalog.getUserCart();
  await catalog.adminGetRegions();
  for await (const it of paginate(catalog.getVirtualItems, { query: { locale: 'en' } })) out.push(it.sku ?? '');
  return out;
}

export async function xsollaLiveOps(): Promise<unknown[]> {
  const liveops = createXsollaLiveOpsClient({ projectId: 44056, apiKey: 'key', userToken: 'jwt' });
  const coupon: XsollaLiveOpsInput<'adminCreateCoupon'> = {
    body: { external_id: 'summer', name: { en: 'Summer' }, bonus: [{ sku: 'gem', quantity: 1 }] },
  };
  return Promise.all([
    liveops.getDailyChainsList(),
    liveops.getCoupons(),
    liveops.adminCreateCoupon(coupon),
    liveops.getUpsellForProjectClient(),
    liveops.adminToggleRewardChain({ path: { reward_chain_id: '1' } }),
    liveops.getUserDailyChainById({ path: { daily_chain_id: '3' } }),
    liveops.generateCouponCodes({ path: { external_id: 'summer' }, body: { count: 10 } }),
    liveops.removeUserPromotionLimit({ path: { promotion_id: '1' }, body: { user: { user_external_id: 'u1' }, available: 1 } }),
    liveops.adminToggleOfferChain({ path: { offer_chain_id: '1' } }),
    liveops.api.GET('/v2/project/{project_id}/user/daily_chain', { params: { path: { project_id: '44056' } } }),
  ]);
}

export async function stove(): Promise<string | undefined> {
  const client = createStoveClient({
    environment: 'sandbox',
    serviceId: 'MYGAME',
    headers: { lang: 'ko', nation: 'KR', timezone: 'Asia/Seoul', callerId: 'MYGAME_GAME_SERVER' },
    serverToken: 'server-token',
  });
  const player = client.forUser('player-token');
  await client.listCategories({ query: { shop_key: 'indie' } });
  await client.getProduct({ path: { product_id: '1' }, query: { shop_key: 'indie' } });
  await player.startPurchase({
    body: { shop_key: 'indie', guid: '123456', access_token: 'player-token', product_infos: [], price: 1000, ingame_flag: true },
  });
  await player.getPurchaseStatus({ query: { shop_key: 'indie', guid: '123456', txn_mst_no: '5683669676745096842' } });
  const inventory: StoveResult<'listWebInventory'> = await player.listWebInventory({ query: { shop_key: 'indie', guid: '123456' } });
  await client.getPaymentDetail({ query: { bill_platform_type: 'STOVE', member_no: '1', tid: '1' } });
  await client.getPaymentDetailsBulk({ body: { details: [{ bill_platform_type: 'STOVE', noti_type: 'PAY', guid: '1', member_no: '1', tid: '1' }] } });
  await client.api.GET('/bill-store/v1.0/{service_id}/product/categories', {
    params: {
      path: { service_id: 'MYGAME' },
      query: { shop_key: 'indie' },
      header: { 'X-Lang': 'ko', 'X-Nation': 'KR', 'X-Timezone': 'Asia/Seoul', 'X-Utc-Offset': 540, 'caller-id': 'MYGAME_GAME_SERVER' },
    },
  });
  await client.listCategories({ query: { shop_key: 'indie' }, header: { lang: 'en' } });
  await player.listWebInventory({ query: { shop_key: 'indie', guid: '1' }, retry: false });
  return inventory.value?.list?.[0]?.txn_mst_no;
}

export async function hive(): Promise<unknown[]> {
  const webshop = createHiveWebshopClient({ baseUrl: 'https://game.example.com' });
  const limits = createHivePurchaseLimitClient({ environment: 'sandbox', appId: 'com.example.game', clientId: 'id', clientSecret: 'secret' });
  const handler = createWebstoreProfileHandler({ lookup: async ({ csCode }) => (csCode ? [{ server_id: '1', server_name: 'Asia' }] : null) });
  const profile: WebstoreProfileResponse = await webshop.getWebstoreProfile('100001234');
  return Promise.all([
    profile.cs_code,
    webshop.getWebstoreProfileRaw('100001234', { csCodeType: 'string' }),
    webshop.request('post', '/webstore-profile', { body: { cs_code: '100001234' } }),
    unwrap(webshop.POST('/webstore-profile', { body: { cs_code: '1' } })),
    limits.validatePurchase({ type: 'paid', market_pid: 'gem_100' }),
    handler(new Request('http://127.0.0.1/webstore-profile', { method: 'POST', body: '{"cs_code":"1"}' })),
    checkWebstoreProfileResponse(profile),
    createApiClient<{}>({ baseUrl: 'https://x', operations: {} }),
    isGamestoreError(null),
  ]);
}
