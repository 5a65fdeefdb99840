/**
 * The operation layer as a provider package uses it (the shape CONTRIBUTING shows): a client over a generated-style
 * table, a bound path parameter, a query default, credentials named by their option, a per-user client, and the
 * table's media facts (text answers, multipart file fields).
 */
import { describe, expect, it } from 'vitest';
import { basic, bearer, createApiClient, createMethods, GamestoreError, methodsFor, type FetchLike, type Methods, type OperationTable } from '../src/index.js';
import { fakeClock, json, operations, type paths } from './fixtures.js';
import { recordingFetch } from '../src/testing.js';

type Ops = {
  getItem: paths['/items/{item_id}']['get'];
  updateItem: paths['/items/{item_id}']['put'];
  listItems: paths['/items']['get'];
  createOrder: paths['/orders']['post'];
};

const table = {
  ...operations,
  listItems: { ...operations.listItems, query: ['limit', 'offset'] },
  getItem: { ...operations.getItem, query: ['locale'] },
} as const satisfies OperationTable;

/** A provider package file, as small as CONTRIBUTING says it is. */
function createShopClient(options: { apiKey?: string; fetch: FetchLike }) {
  const api = createApiClient<paths>({
    baseUrl: 'https://shop.example/v2',
    operations: table,
    fetch: options.fetch,
    clock: fakeClock(),
    ...(options.apiKey && { auth: { basicAuth: basic('1', options.apiKey) } }),
    credentialNames: { basicAuth: 'apiKey', basicMerchantAuth: 'merchantKey', XsollaLoginUserJWT: 'userToken' },
  });
  const methods: Methods<Ops> = createMethods<Ops>(api, table, { query: { limit: () => 20, locale: undefined } });
  return Object.assign(methods, { api, forUser: (token: string) => createMethods<Ops>(api.withAuth({ XsollaLoginUserJWT: bearer(token) }), table) });
}

describe('the operation layer', () => {
  it('makes a methods object of one operation per key of the table, whose methods work taken off it', async () => {
    const { fetch, calls } = recordingFetch(() => json({ items: [] }));
    const shop = createShopClient({ fetch });
    const user = shop.forUser('jwt');
    const listed: string[] = [];
    for (const key in user) listed.push(key);
    expect(listed.sort()).toEqual(Object.keys(table).sort());
    expect(Object.keys(user)).toEqual([]); // the methods are shared: a per-user methods object is one small object
    const { listItems } = user;
    const { getItem } = shop;
    await listItems();
    await getItem({ path: { item_id: '7' } });
    expect(calls.map((c) => new URL(c.url).pathname)).toEqual(['/v2/items', '/v2/items/7']);
  });

  it('sets a methods object\'s own members on it, beside the shared methods (what a provider client adds)', async () => {
    const { fetch, calls } = recordingFetch(() => json({ items: [] }));
    const api = createApiClient<paths>({ baseUrl: 'https://shop.example/v2', operations: table, fetch, clock: fakeClock() });
    const over = methodsFor<Ops>(table);
    const client = over(api, { api, label: 'shop' });
    expect(Object.keys(client)).toEqual(['api', 'label']);
    expect(client.api).toBe(api);
    expect(client.label).toBe('shop');
    await client.listItems();
    expect(Object.keys(over(api))).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it('fills a query default only where the operation takes it, and never over the call\'s own value', async () => {
    const { fetch, calls } = recordingFetch(() => json({ items: [] }));
    const shop = createShopClient({ fetch });
    await shop.listItems();
    await shop.listItems({ query: { limit: 5 } });
    await shop.getItem({ path: { item_id: '7' } });
    expect(calls.map((c) => new URL(c.url).search)).toEqual(['?limit=20', '?limit=5', '']);
  });

  it('resolves with the 2xx body and reads int64 keys losslessly', async () => {
    const { fetch } = recordingFetch(() => json('{"items":[{"id":9223372036854775807,"sku":"s","name":"n","price":1}]}'));
    const { items } = await createShopClient({ fetch }).listItems();
    expect(items[0]!.id).toBe('9223372036854775807');
  });

  it('names the option to set when credentials are missing, before sending', async () => {
    const { fetch, calls } = recordingFetch(() => json({}));
    const error = await createShopClient({ fetch })
      .createOrder({ body: { amount: '1' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GamestoreError);
    expect(error).toMatchObject({ kind: 'config', attempts: 0, message: 'createOrder needs apiKey' });
    expect(calls).toHaveLength(0);
  });

  it('a per-user client sends the user token with the same methods', async () => {
    const { fetch, calls } = recordingFetch(() => json({ items: [] }));
    await createShopClient({ fetch }).forUser('jwt-1').listItems();
    expect(calls[0]!.headers.get('authorization')).toBe('Bearer jwt-1');
  });

  it('sends a multipart body with its file fields as files, and reads a text answer as text', async () => {
    const media = {
      upload: { method: 'POST', path: '/orders', security: [], multipart: ['file'] },
      codes: { method: 'GET', path: '/items', security: [], response: 'text' },
    } as const satisfies OperationTable;
    const { fetch, calls } = recordingFetch((req) => (req.method === 'GET' ? new Response('AAAA\nBBBB', { headers: { 'content-type': 'text/plain' } }) : json({})));
    const api = createApiClient<paths>({ baseUrl: 'https://shop.example', operations: media, fetch });
    const methods = createMethods<{ upload: unknown; codes: unknown }>(api, media) as unknown as Record<string, (input?: object) => Promise<unknown>>;
    await methods.upload!({ body: { file: 'AAAA\nBBBB', region_id: '1' } });
    expect(calls[0]!.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    expect(calls[0]!.body).toMatch(/name="file"; filename="file"\r\nContent-Type: application\/octet-stream\r\n\r\nAAAA\nBBBB/);
    expect(calls[0]!.body).toMatch(/name="region_id"\r\n\r\n1\r\n/);
    expect(await methods.codes!()).toBe('AAAA\nBBBB');
  });
});
