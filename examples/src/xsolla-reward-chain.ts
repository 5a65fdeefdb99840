/**
 * Xsolla LiveOps: create a reward chain (two steps, paid with a value point) with the project's API key.
 *
 *   XSOLLA_BASE_URL=http://127.0.0.1:4010 pnpm --filter @gamestore/examples xsolla:reward-chain   (a `pnpm mock xsolla-liveops`)
 *   XSOLLA_PROJECT_ID=… XSOLLA_API_KEY=… pnpm --filter @gamestore/examples xsolla:reward-chain    (the real API)
 */
import { createXsollaLiveOpsClient, type XsollaLiveOpsInput } from '@gamestore/xsolla';

const liveops = createXsollaLiveOpsClient({
  projectId: process.env.XSOLLA_PROJECT_ID ?? '44056',
  apiKey: process.env.XSOLLA_API_KEY ?? 'mock-api-key',
  baseUrl: process.env.XSOLLA_BASE_URL, // unset: https://store.xsolla.com/api
});

const chain: XsollaLiveOpsInput<'adminCreateRewardChain'>['body'] = {
  name: { en: 'Spring chain' },
  description: { en: 'Collect spring points, unlock two rewards.' },
  is_enabled: true,
  periods: [{ date_from: '2026-03-01T00:00:00+00:00', date_until: '2026-05-31T23:59:59+00:00' }],
  value_point: { sku: 'spring_points' },
  steps: [
    { name: { en: 'Bronze' }, price: { amount: 10 }, reward: [{ sku: 'gold_pack_small', quantity: 1 }] },
    { name: { en: 'Silver' }, price: { amount: 25 }, reward: [{ sku: 'gold_pack_big', quantity: 1 }] },
  ],
};

const { reward_chain_id } = await liveops.adminCreateRewardChain({ body: chain });
console.log(`created reward chain ${reward_chain_id} "${chain.name.en}": ${chain.steps.length} steps, value point ${chain.value_point.sku}`);
