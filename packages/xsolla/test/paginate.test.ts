import { recordingFetch, type RecordedRequest } from '@gamestore/core/testing';
import { describe, expect, it } from 'vitest';
import { createXsollaCatalogClient, createXsollaLiveOpsClient, GamestoreError, paginate } from '../src/index.js';
import { rejection } from './helpers.js';
import { API_KEY, PROJECT_ID, USER_TOKEN } from './spec.js';

type Envelope = 'has_more' | 'total' | 'items';

/** A fake list of `count` items answering `limit`/`offset` pages (default page size 2) in one envelope style. */
function listServer(count: number, envelope: Envelope) {
  const items = Array.from({ length: count }, (_, i) => ({ sku: `item_${i}` }));
  return recordingFetch((req: RecordedRequest) => {
    const q = new URL(req.url).searchParams;
    const offset = Number(q.get('offset') ?? 0);
    const page = items.slice(offset, offset + Number(q.get('limit') ?? 2));
    const body =
      envelope === 'has_more'
        ? { has_more: offset + page.length < count, items: page }
        : envelope === 'total'
          ? { total_items_count: count, items: page }
          : { items: page };
    return { body: JSON.stringify(body) };
  });
}

const offsets = (calls: RecordedRequest[]) => calls.map((c) => new URL(c.url).searchParams.get('offset'));
const collect = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

describe('paginate', () => {
  it('stops on has_more: false', async () => {
    const { fetch, calls } = listServer(5, 'has_more');
    const liveops = createXsollaLiveOpsClient({ projectId: PROJECT_ID, apiKey: API_KEY, fetch });
    const chains = await collect(paginate(liveops.adminGetRewardChains, { query: { enabled: 1 } }, { pageSize: 2 }));
    expect(chains).toHaveLength(5);
    expect(offsets(calls)).toEqual(['0', '2', '4']);
    expect(calls.map((c) => new URL(c.url).searchParams.get('limit'))).toEqual(['2', '2', '2']);
    expect(new URL(calls[0]!.url).searchParams.get('enabled')).toBe('1');
  });

  it('stops when total_items_count is reached', async () => {
    const { fetch, calls } = listServer(6, 'total');
    const liveops = createXsollaLiveOpsClient({ projectId: PROJECT_ID, userToken: USER_TOKEN, fetch });
    const chains = await collect(paginate(liveops.getDailyChainsList, {}, { pageSize: 2 }));
    expect(chains.map((c) => (c as { sku: string }).sku)).toEqual(['item_0', 'item_1', 'item_2', 'item_3', 'item_4', 'item_5']);
    expect(offsets(calls)).toEqual(['0', '2', '4']);
  });

  it('stops on an empty page when the envelope has only items', async () => {
    const { fetch, calls } = listServer(5, 'items');
    const catalog = createXsollaCatalogClient({ projectId: PROJECT_ID, apiKey: API_KEY, fetch });
    const items = await collect(paginate(catalog.adminGetVirtualItemsList, { query: { limit: 2 } }));
    expect(items).toHaveLength(5);
    expect(offsets(calls)).toEqual(['0', '2', '4', '5']);
  });

  it('honours the page cap: every fetched item is yielded, then a limit error', async () => {
    const { fetch, calls } = listServer(10, 'has_more');
    const liveops = createXsollaLiveOpsClient({ projectId: PROJECT_ID, apiKey: API_KEY, fetch });
    const seen: unknown[] = [];
    const e = await rejection(
      (async () => {
        for await (const x of paginate(liveops.adminGetOfferChains, {}, { pageSize: 2, maxPages: 2 })) seen.push(x);
      })(),
    );
    expect(e).toBeInstanceOf(GamestoreError);
    expect(e.kind).toBe('limit');
    expect(seen).toHaveLength(4);
    expect(calls).toHaveLength(2);
  });

  it('leaves the page size to the server unless given, and reads other envelopes through `items`', async () => {
    const { fetch, calls } = recordingFetch((req) => {
      const offset = Number(new URL(req.url).searchParams.get('offset'));
      return { body: JSON.stringify({ total_count: 3, codes: ['A', 'B', 'C'].slice(offset, offset + 2).map((code) => ({ code })) }) };
    });
    const liveops = createXsollaLiveOpsClient({ projectId: PROJECT_ID, apiKey: API_KEY, fetch });
    const codes = await collect(paginate(liveops.getCouponCodes, { path: { external_id: 'coupon_1' } }, { items: (page) => page.codes }));
    expect(codes.map((c) => c.code)).toEqual(['A', 'B', 'C']);
    expect(calls.map((c) => new URL(c.url).search)).toEqual(['?offset=0', '?offset=2']);
  });
});
