/**
 * Round trips of the three chain kinds against an in-memory fake of the admin chain calls: create → get →
 * update → toggle (reward and offer chains) or reset (daily chains) → delete, with the spec's own bodies.
 */
import { recordingFetch, type CannedAnswer, type RecordedRequest } from '@gamestore/core/testing';
import { describe, expect, it } from 'vitest';
import { createXsollaLiveOpsClient, GamestoreError, paginate, type XsollaLiveOpsInput, type XsollaLiveOpsOperation } from '../src/index.js';
import { rejection } from './helpers.js';
import { API_KEY, casesFor, loadSpec, PROJECT_ID, type Case } from './spec.js';

const spec = await loadSpec('liveops');
/** The spec's request body example of `id`, typed as the call takes it. */
const exampleBody = <K extends XsollaLiveOpsOperation>(id: K) =>
  (casesFor(spec, spec.operations.find((op) => op.id === id)!) as Case[])[0]!.input.body as NonNullable<XsollaLiveOpsInput<K>['body']>;

const notFound = (what: string): CannedAnswer => ({
  status: 404,
  body: JSON.stringify({ statusCode: 404, errorCode: 4001, errorMessage: `[0401-4001]: ${what} not found`, transactionId: 'tx-fake' }),
});

/** The admin chain calls of one project, kept in memory; ids are sent as bare JSON integers. */
function chainServer() {
  const chains = new Map<string, { kind: string; id: number; body: Record<string, unknown> }>();
  let next = 9_007_199_254_740_993n; // above 2^53: survives only as a string
  const route = /^\/api\/v([23])\/project\/44056\/admin\/(reward_chain|daily_chain|offer_chain)(?:\/id\/(\d+))?(?:\/(toggle|reset))?$/;
  return recordingFetch((req: RecordedRequest): CannedAnswer => {
    if (req.headers.get('authorization') !== `Basic ${btoa(`${PROJECT_ID}:${API_KEY}`)}`) {
      return { status: 401, body: '{"statusCode":401,"errorCode":1020,"errorMessage":"[0401-1020]: Error in Authentication method"}' };
    }
    const url = new URL(req.url);
    const m = route.exec(url.pathname);
    if (!m) return notFound('route');
    const [, , kind, id, action] = m as unknown as [string, string, string, string | undefined, string | undefined];
    const idKey = kind === 'reward_chain' ? 'reward_chain_id' : 'id';
    const view = (key: string) => {
      const c = chains.get(key)!;
      return JSON.stringify({ ...c.body, [idKey]: 0 }).replace(`"${idKey}":0`, `"${idKey}":${key}`);
    };
    if (!id) {
      if (req.method === 'POST') {
        const key = String(next++);
        chains.set(key, { kind, id: 0, body: JSON.parse(req.body) });
        return { status: 201, body: `{"${kind}_id":${key}}` };
      }
      const mine = [...chains.keys()].filter((k) => chains.get(k)!.kind === kind);
      return { body: `{"has_more":false,"items":[${mine.map(view).join(',')}]}` };
    }
    const chain = chains.get(id);
    if (!chain || chain.kind !== kind) return notFound(kind);
    if (action === 'toggle') chain.body.is_enabled = !chain.body.is_enabled;
    else if (action === 'reset') chain.body.reset_count = Number(chain.body.reset_count ?? 0) + 1;
    else if (req.method === 'GET') return { body: view(id) };
    else if (req.method === 'PUT') chain.body = JSON.parse(req.body);
    else if (req.method === 'DELETE') chains.delete(id);
    return { status: 204 };
  });
}

const liveopsWith = (fetch: ReturnType<typeof chainServer>['fetch']) => createXsollaLiveOpsClient({ projectId: PROJECT_ID, apiKey: API_KEY, fetch, retry: false });

describe('chain round trips against a fake server', () => {
  it('reward chains: create → get → update → toggle → list → delete', async () => {
    const { fetch } = chainServer();
    const liveops = liveopsWith(fetch);
    const { reward_chain_id } = await liveops.adminCreateRewardChain({ body: exampleBody('adminCreateRewardChain') });
    expect(reward_chain_id).toBe('9007199254740993');
    const path = { reward_chain_id };
    const created = await liveops.adminGetRewardChain({ path });
    expect(created.reward_chain_id).toBe(reward_chain_id);
    expect(created.name).toEqual(exampleBody('adminCreateRewardChain').name);

    const update = { ...exampleBody('adminUpdateRewardChain'), name: { en: 'Renamed chain' }, is_enabled: true };
    await liveops.adminUpdateRewardChain({ path, body: update });
    expect((await liveops.adminGetRewardChain({ path })).name).toEqual({ en: 'Renamed chain' });

    await liveops.adminToggleRewardChain({ path });
    expect((await liveops.adminGetRewardChain({ path })).is_enabled).toBe(false);
    const listed = [];
    for await (const chain of paginate(liveops.adminGetRewardChains)) listed.push(chain.reward_chain_id);
    expect(listed).toEqual([reward_chain_id]);

    await liveops.adminDeleteRewardChain({ path });
    const gone = await rejection(liveops.adminGetRewardChain({ path }));
    expect(gone).toBeInstanceOf(GamestoreError);
    expect(gone).toMatchObject({ kind: 'http', status: 404, code: 4001, requestId: 'tx-fake', operation: 'adminGetRewardChain' });
  });

  it('daily chains: create → get → update → reset → delete (no toggle is documented)', async () => {
    const { fetch, calls } = chainServer();
    const liveops = liveopsWith(fetch);
    const { daily_chain_id } = await liveops.adminCreateDailyChain({ body: exampleBody('adminCreateDailyChain') });
    const path = { daily_chain_id };
    const created = await liveops.adminGetDailyChain({ path });
    expect(created.id).toBe(daily_chain_id);
    expect(created.type).toBe('calendar_hard');

    await liveops.adminUpdateDailyChain({ path, body: { ...exampleBody('adminUpdateDailyChain'), is_enabled: false } });
    expect((await liveops.adminGetDailyChain({ path })).is_enabled).toBe(false);
    await liveops.adminResetDailyChain({ path });
    expect(calls.at(-1)!.url).toMatch(new RegExp(`/v2/project/44056/admin/daily_chain/id/${daily_chain_id}/reset$`));

    await liveops.adminDeleteDailyChain({ path });
    await expect(liveops.adminGetDailyChain({ path })).rejects.toMatchObject({ kind: 'http', status: 404 });
    expect(Object.keys(liveops)).not.toContain('adminToggleDailyChain');
  });

  it('offer chains: create → get → update → toggle → delete', async () => {
    const { fetch } = chainServer();
    const liveops = liveopsWith(fetch);
    const { offer_chain_id } = await liveops.adminCreateOfferChain({ body: exampleBody('adminCreateOfferChain') });
    const path = { offer_chain_id };
    expect((await liveops.adminGetOfferChain({ path })).id).toBe(offer_chain_id);

    await liveops.adminUpdateOfferChain({ path, body: { ...exampleBody('adminUpdateOfferChain'), order: 7 } });
    expect((await liveops.adminGetOfferChain({ path })).order).toBe(7);
    const enabled = (await liveops.adminGetOfferChain({ path })).is_enabled;
    await liveops.adminToggleOfferChain({ path });
    expect((await liveops.adminGetOfferChain({ path })).is_enabled).toBe(!enabled);

    await liveops.adminDeleteOfferChain({ path });
    await expect(liveops.adminDeleteOfferChain({ path })).rejects.toMatchObject({ kind: 'http', status: 404, code: 4001 });
  });

  it('a wrong API key comes back as the documented 401 error', async () => {
    const { fetch } = chainServer();
    const liveops = createXsollaLiveOpsClient({ projectId: PROJECT_ID, apiKey: 'wrong', fetch });
    await expect(liveops.adminGetDailyChains()).rejects.toMatchObject({ kind: 'http', status: 401, code: 1020 });
  });
});
