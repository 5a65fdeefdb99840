import { describe, expect, it } from 'vitest';
import { createApiClient, GamestoreError, paginate, unwrap, type PageRequest } from '../src/index.js';
import { json, operations, type paths } from './fixtures.js';
import { recordingFetch } from '../src/testing.js';

const range = (from: number, n: number) => Array.from({ length: Math.max(0, n) }, (_, i) => from + i);

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** A server-side list of `total` items; `fields` decides which paging fields each page carries. */
function list(total: number, fields: (p: PageRequest, items: number[]) => Record<string, unknown>, maxLimit = Infinity) {
  const asked: PageRequest[] = [];
  const fetchPage = async (p: PageRequest) => {
    asked.push(p);
    const items = range(p.offset, Math.min(p.limit, maxLimit, total - p.offset));
    return { items, ...fields(p, items) };
  };
  return { fetchPage, asked };
}

describe('paginate', () => {
  it('stops after has_more: false (Xsolla)', async () => {
    const { fetchPage, asked } = list(7, (p, items) => ({ has_more: p.offset + items.length < 7 }));
    expect(await collect(paginate(fetchPage, { limit: 3 }))).toEqual(range(0, 7));
    expect(asked).toEqual([
      { offset: 0, limit: 3 },
      { offset: 3, limit: 3 },
      { offset: 6, limit: 3 },
    ]);
  });

  it('stops on reaching total_items_count or total_count when there is no has_more', async () => {
    for (const key of ['total_items_count', 'total_count']) {
      const { fetchPage, asked } = list(6, () => ({ [key]: 6 }));
      expect(await collect(paginate(fetchPage, { limit: 3 }))).toEqual(range(0, 6));
      expect(asked).toHaveLength(2);
    }
  });

  it('stops on an empty page', async () => {
    const { fetchPage, asked } = list(4, () => ({}));
    expect(await collect(paginate(fetchPage, { limit: 2 }))).toEqual(range(0, 4));
    expect(asked.map((p) => p.offset)).toEqual([0, 2, 4]);
  });

  it('advances by the items received, so a server that caps the page size loses nothing', async () => {
    const { fetchPage, asked } = list(5, (p, items) => ({ has_more: p.offset + items.length < 5 }), 2);
    expect(await collect(paginate(fetchPage, { limit: 50 }))).toEqual(range(0, 5));
    expect(asked.map((p) => p.offset)).toEqual([0, 2, 4]);
  });

  it('reads STOVE-style { list, total_count } pages and custom item accessors', async () => {
    const stove = async (p: PageRequest) => ({ total_count: 3, list: range(p.offset, Math.min(p.limit, 3 - p.offset)) });
    expect(await collect(paginate(stove, { limit: 2 }))).toEqual([0, 1, 2]);
    const wrapped = async (p: PageRequest) => ({ value: { rows: range(p.offset, Math.min(p.limit, 3 - p.offset)) } });
    expect(await collect(paginate(wrapped, { limit: 2, items: (page) => page.value.rows }))).toEqual([0, 1, 2]);
  });

  it('throws a limit error after yielding every item when the list goes on past maxPages', async () => {
    const endless = async (p: PageRequest) => ({ items: range(p.offset, p.limit), has_more: true });
    const seen: number[] = [];
    const e = await (async () => {
      for await (const x of paginate(endless, { limit: 2, maxPages: 3 })) seen.push(x);
    })().catch((err: unknown) => err);
    expect(e).toBeInstanceOf(GamestoreError);
    expect(e).toMatchObject({ kind: 'limit' });
    expect(seen).toEqual(range(0, 6));
  });

  it('ends normally when the last allowed page is the last page', async () => {
    const { fetchPage } = list(6, (p, items) => ({ has_more: p.offset + items.length < 6 }));
    expect(await collect(paginate(fetchPage, { limit: 2, maxPages: 3 }))).toEqual(range(0, 6));
  });

  it('pages a typed client call with unwrap', async () => {
    const { fetch, calls } = recordingFetch((req) => {
      const u = new URL(req.url);
      const offset = Number(u.searchParams.get('offset'));
      const ids = range(offset, Math.min(2, 3 - offset));
      return json(`{"items":[${ids.map((i) => `{"id":${2n ** 62n + BigInt(i)},"sku":"s","name":"n","price":1}`).join(',')}],"has_more":${offset + 2 < 3}}`);
    });
    const api = createApiClient<paths>({ baseUrl: 'https://api.example.com', operations, fetch });
    const items = await collect(paginate(({ offset, limit }) => unwrap(api.GET('/items', { params: { query: { offset, limit } } })), { limit: 2 }));
    expect(items.map((i) => i.id)).toEqual(['4611686018427387904', '4611686018427387905', '4611686018427387906']);
    expect(calls.map((c) => new URL(c.url).search)).toEqual(['?offset=0&limit=2', '?offset=2&limit=2']);
  });
});
