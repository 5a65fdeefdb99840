import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  apiKey,
  basic,
  bearer,
  createApiClient,
  describeError,
  GamestoreError,
  guestCart,
  headerSet,
  unwrap,
  type ApiClientOptions,
  type LogEvent,
} from '../src/index.js';
import { fakeClock, json, operations, providerError, type paths } from './fixtures.js';
import { recordingFetch } from '../src/testing.js';

const BASE = 'https://api.example.com/v2';
const item = { id: '1', sku: 'sword', name: 'Sword', price: 10 };

function client(reply: Parameters<typeof recordingFetch>[0], options: Partial<ApiClientOptions> = {}) {
  const rec = recordingFetch(reply);
  const api = createApiClient<paths>({ baseUrl: BASE, operations, fetch: rec.fetch, clock: fakeClock(), describeError: providerError, ...options });
  return { api, ...rec };
}

async function rejection(p: Promise<unknown>): Promise<GamestoreError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(GamestoreError);
  return e as GamestoreError;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('results keep openapi-fetch shape', () => {
  it('returns { data, response } on success and unwrap gives the data', async () => {
    const { api, calls } = client(() => json(item));
    const result = await api.GET('/items/{item_id}', { params: { path: { item_id: 'a b/c' } } });
    expect(result.data).toEqual(item);
    expect(result.error).toBeUndefined();
    expect(result.response.status).toBe(200);
    expect(calls[0]!.url).toBe(`${BASE}/items/a%20b%2Fc`);
    expect(await unwrap(api.GET('/items/{item_id}', { params: { path: { item_id: '1' } } }))).toEqual(item);
  });

  it('returns { error } with the provider body for an HTTP error, and unwrap throws a described GamestoreError', async () => {
    const xsolla = { statusCode: 404, errorCode: 4001, errorMessage: '[0401-4001]: Item not found', transactionId: 'tx-1' };
    const { api } = client(() => json(xsolla, 404));
    const result = await api.GET('/items/{item_id}', { params: { path: { item_id: '1' } } });
    expect(result.data).toBeUndefined();
    expect(result.error).toEqual(xsolla);
    const e = await rejection(unwrap(api.GET('/items/{item_id}', { params: { path: { item_id: '1' } } })));
    expect(e).toMatchObject({
      kind: 'http',
      status: 404,
      code: 4001,
      providerMessage: '[0401-4001]: Item not found',
      requestId: 'tx-1',
      attempts: 1,
      operation: 'getItem',
      message: 'GET /items/{item_id}: HTTP 404',
    });
    expect(e.body).toEqual(xsolla);
    expect(Object.keys(e)).not.toContain('body');
    expect(JSON.parse(JSON.stringify(e))).not.toHaveProperty('body');
  });

  it('reads the request id from x-request-id when the body has none', () => {
    const r = new Response(null, { headers: { 'x-request-id': 'rid-9' } });
    expect(describeError({ code: 7, message: 'bad' }, r)).toEqual({ code: 7, message: 'bad', requestId: 'rid-9' });
    expect(describeError('<html>', r)).toEqual({ code: undefined, message: undefined, requestId: 'rid-9' });
  });

  it('uses a custom describeError', async () => {
    const { api } = client(() => json({ result_code: 9, result_message: 'nope' }, 400), {
      describeError: (body) => {
        const b = body as { result_code: number; result_message: string };
        return { code: b.result_code, message: b.result_message };
      },
    });
    const e = await rejection(unwrap(api.GET('/items/{item_id}', { params: { path: { item_id: '1' } } })));
    expect(e).toMatchObject({ kind: 'http', code: 9, providerMessage: 'nope', status: 400 });
  });

  it('throws a parse error for a 2xx body that is not JSON, without retrying', async () => {
    const { api, calls } = client(() => new Response('<html>oops</html>', { status: 200 }));
    const e = await rejection(api.GET('/items/{item_id}', { params: { path: { item_id: '1' } } }));
    expect(e).toMatchObject({ kind: 'parse', status: 200, attempts: 1, operation: 'getItem' });
    expect(calls).toHaveLength(1);
  });

  it('keeps parseAs modes other than json untouched (hive reads a stream)', async () => {
    const { api } = client(() => json(item));
    const { data } = await api.GET('/items/{item_id}', { params: { path: { item_id: '1' } }, parseAs: 'stream' });
    expect(await new Response(data).json()).toEqual(item);
    const text = await api.GET('/items/{item_id}', { params: { path: { item_id: '1' } }, parseAs: 'text' });
    expect(text.data).toBe(JSON.stringify(item));
  });

  it('uses a per-call fetch, as openapi-fetch does, under the same runtime', async () => {
    const { api, calls } = client(() => json({}, 500));
    const other = recordingFetch([json('{}', 503), json(item)]);
    const data = await unwrap(api.GET('/items/{item_id}', { params: { path: { item_id: '1' } }, fetch: other.fetch }));
    expect(data).toEqual(item);
    expect(calls).toHaveLength(0);
    expect(other.calls).toHaveLength(2);
  });

  it('answers an empty 2xx body with data undefined', async () => {
    const { api } = client(() => new Response('', { status: 200 }));
    const { data } = await api.GET('/items/{item_id}', { params: { path: { item_id: '1' } } });
    expect(data).toBeUndefined();
  });

  it('routes client.request through the same runtime', async () => {
    const { api, calls } = client(() => json(item));
    const r = await api.request('get', '/items/{item_id}', { params: { path: { item_id: '..x' } } });
    expect(r.data).toEqual(item);
    expect(calls[0]!.url).toBe(`${BASE}/items/..x`);
    await expect(api.request('get', '/items/{item_id}', { params: { path: { item_id: '..' } } })).rejects.toMatchObject({
      kind: 'input',
    });
  });
});

describe('envelope errors under HTTP 200 (STOVE)', () => {
  const stove = (body: unknown) => {
    const b = body as { code?: unknown; message?: string };
    return typeof b?.code === 'number' && b.code !== 0 ? { code: b.code, message: b.message } : undefined;
  };

  it('surfaces a non-zero code as error in the { data, error } style and as kind envelope when unwrapped', async () => {
    const body = { code: 50002, message: 'product not sellable' };
    const { api } = client(() => json(body), { envelope: stove });
    const result = await api.GET('/stove/{service_id}/categories', { params: { path: { service_id: 'GAME' } } });
    expect(result.data).toBeUndefined();
    expect(result.error).toEqual(body);
    const e = await rejection(unwrap(api.GET('/stove/{service_id}/categories', { params: { path: { service_id: 'GAME' } } })));
    expect(e).toMatchObject({
      kind: 'envelope',
      status: 200,
      code: 50002,
      providerMessage: 'product not sellable',
      operation: 'listCategories',
      attempts: 1,
    });
  });

  it('lets code 0 through as data', async () => {
    const body = { code: 0, message: 'OK', value: { total_count: 0, list: [] } };
    const { api } = client(() => json(body), { envelope: stove });
    expect(await unwrap(api.GET('/stove/{service_id}/categories', { params: { path: { service_id: 'GAME' } } }))).toEqual(body);
  });
});

describe('lossless int64', () => {
  it('parses int64 response fields of an operation as strings, digit for digit; other numbers stay numbers', async () => {
    const text = '{"items":[{"id":9223372036854775807,"sku":"a","name":"A","price":1.5}],"ids":[-9223372036854775808,1],"total_items_count":1}';
    const { api } = client(() => json(text));
    const data = await unwrap(api.GET('/items'));
    expect(data.items[0]!.id).toBe('9223372036854775807');
    expect(data.items[0]!.price).toBe(1.5);
    expect((data as unknown as { ids: string[] }).ids).toEqual(['-9223372036854775808', '1']);
    expect(data.total_items_count).toBe(1);
  });

  it('leaves responses of operations without int64 to JSON.parse', async () => {
    const { api } = client(() => json('{"id":9007199254740993,"sku":"a","name":"A","price":1}'));
    const data = await unwrap(api.GET('/items/{item_id}', { params: { path: { item_id: '1' } } }));
    expect(data.id).toBe(9007199254740992);
  });

  it('serialises int64 request fields as bare JSON integers', async () => {
    const { api, calls } = client(() => json('{"order_id":18446744073,"amount":9007199254740993}'), {
      auth: { basicAuth: basic('42', 'key') },
    });
    const data = await unwrap(
      api.POST('/orders', { body: { amount: '9007199254740993', ids: ['-1', '9223372036854775807'], note: '"amount":1' } }),
    );
    expect(calls[0]!.body).toBe('{"amount":9007199254740993,"ids":[-1,9223372036854775807],"note":"\\"amount\\":1"}');
    expect(data).toEqual({ order_id: '18446744073', amount: '9007199254740993' });
  });

  it('rejects an int64 field that is not an int64, naming the field and not the value', async () => {
    const { api, calls } = client(() => json('{}'), { auth: { basicAuth: basic('42', 'key') } });
    const e = await rejection(api.POST('/orders', { body: { amount: '12.5-secret' } }));
    expect(e.kind).toBe('input');
    expect(e.message).toContain('"amount"');
    expect(e.message).not.toContain('12.5-secret');
    expect(calls).toHaveLength(0);
  });
});

describe('auth', () => {
  it('sends Basic id:api_key for an operation that needs it', async () => {
    const { api, calls } = client(() => json({ order_id: 1, amount: 2 }), { auth: { basicAuth: basic(123, 'secret-key') } });
    await api.POST('/orders', { body: { amount: '2' } });
    expect(calls[0]!.headers.get('authorization')).toBe(`Basic ${btoa('123:secret-key')}`);
  });

  it('picks the first alternative whose schemes are all configured (merchant key when no project key)', async () => {
    const { api, calls } = client(() => json(item), { auth: { basicMerchantAuth: basic('m-7', 'mkey') } });
    await api.PUT('/items/{item_id}', { params: { path: { item_id: '1' } }, body: { name: 'x' } });
    expect(calls[0]!.headers.get('authorization')).toBe(`Basic ${btoa('m-7:mkey')}`);
  });

  it('fails with kind config before sending anything when no alternative is configured', async () => {
    const { api, calls } = client(() => json(item), { auth: { XsollaLoginUserJWT: bearer('t') } });
    const e = await rejection(api.POST('/orders', { body: { amount: '1' } }));
    expect(e).toMatchObject({ kind: 'config', operation: 'createOrder', attempts: 0 });
    expect(e.message).toContain('basicAuth');
    expect(calls).toHaveLength(0);
  });

  it('sends no credentials for an operation without security, or whose empty alternative comes first', async () => {
    const { api, calls } = client(() => json({ code: 0, message: 'OK' }), { auth: { stoveUserToken: apiKey('authorization', 'tok') } });
    await api.GET('/items/{item_id}', { params: { path: { item_id: '1' } } });
    await api.GET('/stove/{service_id}/categories', { params: { path: { service_id: 'G' } } });
    expect(calls.map((c) => c.headers.get('authorization'))).toEqual([null, null]);
  });

  it('uses an optional user token when configured, and no auth when not', async () => {
    let token = 'user-jwt-1';
    const { api, calls } = client(() => json({ items: [] }), { auth: { XsollaLoginUserJWT: bearer(() => token) } });
    await api.GET('/items');
    token = 'user-jwt-2';
    await api.GET('/items');
    expect(calls.map((c) => c.headers.get('authorization'))).toEqual(['Bearer user-jwt-1', 'Bearer user-jwt-2']);
    const anon = client(() => json({ items: [] }));
    await anon.api.GET('/items');
    expect(anon.calls[0]!.headers.get('authorization')).toBeNull();
  });

  it("sends Xsolla's guest cart headers (x-user is the email in Base64) and no Authorization", async () => {
    const guest = guestCart('req-77', 'büyer@example.com');
    const { api, calls } = client(() => json({ cart_id: 'c' }), {
      auth: { AuthForCartGuestId: guest, AuthForCartGuestUser: guest },
    });
    await api.GET('/cart');
    expect(calls[0]!.headers.get('x-unauthorized-id')).toBe('req-77');
    expect(Buffer.from(calls[0]!.headers.get('x-user')!, 'base64').toString('utf8')).toBe('büyer@example.com');
    expect(calls[0]!.headers.get('authorization')).toBeNull();
  });

  it('reads every credential of an alternative, those answering with a promise and those given as values, in order', async () => {
    const later = (headers: Record<string, string>) => headerSet(async () => (await Promise.resolve(), headers), { secret: false });
    const now = (headers: Record<string, string>) => headerSet(headers, { secret: false });
    for (const [id, user] of [
      [later({ 'x-unauthorized-id': 'g-1' }), now({ 'x-user': 'dQ==' })],
      [now({ 'x-unauthorized-id': 'g-1' }), later({ 'x-user': 'dQ==' })],
      [later({ 'x-unauthorized-id': 'g-1' }), later({ 'x-user': 'dQ==' })],
    ]) {
      const { api, calls } = client(() => json({ cart_id: 'c' }), { auth: { AuthForCartGuestId: id!, AuthForCartGuestUser: user! } });
      expect((await api.GET('/cart')).data).toEqual({ cart_id: 'c' });
      expect([calls[0]!.headers.get('x-unauthorized-id'), calls[0]!.headers.get('x-user')]).toEqual(['g-1', 'dQ==']);
    }
  });

  it('sends provider header sets, and lets an explicit per-call header win', async () => {
    const { api, calls } = client(() => json({ cart_id: 'c' }), {
      auth: { AuthForCart: headerSet({ authorization: 'Bearer a', 'x-extra': '1' }) },
    });
    await api.GET('/cart');
    await api.GET('/cart', { headers: { authorization: 'Bearer b' } });
    expect(calls.map((c) => [c.headers.get('authorization'), c.headers.get('x-extra')])).toEqual([
      ['Bearer a', '1'],
      ['Bearer b', '1'],
    ]);
  });

  it('refuses secret credentials in a browser-like environment unless dangerouslyAllowBrowser', () => {
    vi.stubGlobal('document', {});
    const options = { baseUrl: BASE, operations, fetch: async () => json({}) };
    expect(() => createApiClient<paths>({ ...options, auth: { basicAuth: basic('1', 'k') } })).toThrowError(
      expect.objectContaining({ kind: 'config' }),
    );
    expect(() => createApiClient<paths>({ ...options, auth: { x: apiKey('x-api-key', 'k') } })).toThrow(GamestoreError);
    expect(() => createApiClient<paths>({ ...options, auth: { basicAuth: basic('1', 'k') }, dangerouslyAllowBrowser: true })).not.toThrow();
    expect(() => createApiClient<paths>({ ...options, auth: { XsollaLoginUserJWT: bearer('t') } })).not.toThrow();
    vi.unstubAllGlobals();
    vi.stubGlobal('importScripts', () => undefined);
    expect(() => createApiClient<paths>({ ...options, auth: { basicAuth: basic('1', 'k') } })).toThrow(GamestoreError);
    vi.unstubAllGlobals();
    expect(() => createApiClient<paths>({ ...options, auth: { basicAuth: basic('1', 'k') } })).not.toThrow();
  });

  it('never shows credentials to user middleware', async () => {
    const seen: (string | null)[] = [];
    const { api, calls } = client(() => json({ order_id: 1, amount: 1 }), {
      auth: { basicAuth: basic('1', 'k') },
      middleware: [{ onRequest: ({ request }) => void seen.push(request.headers.get('authorization')) }],
    });
    await api.POST('/orders', { body: { amount: '1' } });
    expect(seen).toEqual([null]);
    expect(calls[0]!.headers.get('authorization')).not.toBeNull();
  });
});

describe('requests as openapi-fetch builds them (its serializers, its middleware contract)', () => {
  it('serialises the query with openapi-fetch defaults, or with per-call querySerializer options', async () => {
    const { api, calls } = client(() => json({ items: [] }));
    await api.GET('/items', { params: { query: { limit: 2, offset: undefined, tags: ['a b', 'c'] } as never } });
    expect(calls[0]!.url).toBe(`${BASE}/items?limit=2&tags=a%20b&tags=c`);
    await api.GET('/items', { params: { query: { tags: ['a', 'b'] } as never }, querySerializer: { array: { style: 'form', explode: false } } });
    expect(calls[1]!.url).toBe(`${BASE}/items?tags=a,b`);
    await api.GET('/items', { params: { query: { limit: 1 } }, querySerializer: () => '?raw=1' });
    expect(calls[2]!.url).toBe(`${BASE}/items?raw=1`);
  });

  it('merges client, call and parameter headers, sets JSON content type only for a serialised body, and honours a per-call baseUrl', async () => {
    const { api, calls } = client(() => json({ order_id: '1', amount: '2' }), {
      headers: { 'x-client': 'c', 'x-both': 'client' },
      auth: { basicAuth: basic('1', 'k') },
    });
    await api.POST('/orders', { body: { amount: '2' }, headers: { 'x-both': 'call' }, baseUrl: 'http://127.0.0.1:9/' } as never);
    const [post] = calls;
    expect(post!.url).toBe('http://127.0.0.1:9/orders');
    expect(post!.headers.get('content-type')).toBe('application/json');
    expect(post!.headers.get('x-client')).toBe('c');
    expect(post!.headers.get('x-both')).toBe('call');
    expect(post!.body).toBe('{"amount":2}');
    await api.GET('/items/{item_id}', { params: { path: { item_id: '1' } } });
    expect(calls[1]!.headers.has('content-type')).toBe(false);
  });

  it('fills client-wide path parameters; with operationServers, sends operations with their own servers there unless the client uses one', async () => {
    const table = {
      ...operations,
      importItems: { method: 'POST', path: '/projects/{project_id}/import', security: [], servers: ['https://connector.example.com', 'https://sandbox.example.com'] },
    } as const;
    const rec = recordingFetch(() => json({}));
    const make = (extra: Partial<ApiClientOptions>) =>
      createApiClient<paths>({ baseUrl: BASE, operations: table, fetch: rec.fetch, pathParams: { project_id: '44056', item_id: 'dflt' }, ...extra });
    const request = (api: ReturnType<typeof make>, path: string, init: object = {}) => (api.request as (m: string, p: string, i: object) => Promise<unknown>)('post', path, init);
    await request(make({}), '/projects/{project_id}/import');
    await request(make({ operationServers: {} }), '/projects/{project_id}/import');
    await request(make({ operationServers: { 'https://connector.example.com': 'http://127.0.0.1:4010/' } }), '/projects/{project_id}/import');
    await request(make({ baseUrl: 'https://sandbox.example.com', operationServers: {} }), '/projects/{project_id}/import', { params: { path: { project_id: '7' } } });
    await make({}).GET('/items/{item_id}', { params: { path: {} as { item_id: string } } });
    expect(rec.calls.map((c) => c.url)).toEqual([
      `${BASE}/projects/44056/import`,
      'https://connector.example.com/projects/44056/import',
      'http://127.0.0.1:4010/projects/44056/import',
      'https://sandbox.example.com/projects/7/import',
      `${BASE}/items/dflt`,
    ]);
  });

  it('reads int64 fields of an error body losslessly too', async () => {
    const { api } = client(() => json('{"order_id":9007199254740993,"amount":12,"errorCode":4001}', 422), { auth: { basicAuth: basic('1', 'k') } });
    const { error } = await api.POST('/orders', { body: { amount: '1' } });
    expect(error).toEqual({ order_id: '9007199254740993', amount: '12', errorCode: 4001 });
  });

  it('answers 204 and HEAD without reading a body, and parses a non-JSON error body as text', async () => {
    const replies = [new Response(null, { status: 204 }), new Response('plain failure', { status: 503 })];
    const { api } = client(() => replies.shift()!, { retry: false });
    expect(await api.GET('/items/{item_id}', { params: { path: { item_id: '1' } } })).toMatchObject({ data: undefined });
    const failed = await api.GET('/items/{item_id}', { params: { path: { item_id: '1' } } });
    expect(failed.error).toBe('plain failure');
    expect(failed.response.status).toBe(503);
  });

  it('runs middleware in openapi-fetch order: onRequest may replace the request or answer it, onResponse and onError run in reverse', async () => {
    const order: string[] = [];
    const ids: string[] = [];
    const { api, calls } = client(() => json(item));
    api.use(
      {
        onRequest: ({ request, schemaPath, id }) => {
          ids.push(id);
          order.push(`req1 ${schemaPath} ${typeof id}`);
          return new Request(request, { headers: { 'x-mw': '1' } });
        },
        onResponse: ({ id }) => void (order.push('res1'), ids.push(id)),
      },
      { onRequest: () => void order.push('req2'), onResponse: ({ response }) => (order.push('res2'), new Response(JSON.stringify({ ...item, name: 'swapped' }), response)) },
    );
    const { data } = await api.GET('/items/{item_id}', { params: { path: { item_id: '1' } } });
    expect(order).toEqual(['req1 /items/{item_id} string', 'req2', 'res2', 'res1']);
    expect(ids[1]).toBe(ids[0]); // one id per request, seen by every hook
    expect(calls[0]!.headers.get('x-mw')).toBe('1');
    expect(data).toMatchObject({ name: 'swapped' });

    const short = { onRequest: () => json({ ...item, name: 'cached' }) };
    api.use(short);
    const cached = await api.GET('/items/{item_id}', { params: { path: { item_id: '1' } } });
    expect(cached.data).toMatchObject({ name: 'cached' });
    expect(calls).toHaveLength(1);
    api.eject(short);
    await api.GET('/items/{item_id}', { params: { path: { item_id: '1' } } });
    expect(calls).toHaveLength(2);
  });

  it('lets per-call onError turn a network failure into an answer', async () => {
    const { api } = client(() => Promise.reject(new TypeError('fetch failed')), { retry: false });
    const { data } = await api.GET('/items/{item_id}', {
      params: { path: { item_id: '1' } },
      middleware: [{ onError: ({ error }: { error: unknown }) => json({ ...item, name: String((error as Error).message) }) }],
    } as never);
    expect(data).toMatchObject({ name: 'fetch failed' });
    const e = await rejection(api.GET('/items/{item_id}', { params: { path: { item_id: '1' } } }));
    expect(e.kind).toBe('network');
  });
});

describe('inputs', () => {
  it.each([
    ['missing', {}],
    ['undefined', { item_id: undefined }],
    ['empty', { item_id: '' }],
    ['dot', { item_id: '.' }],
    ['dot-dot', { item_id: '..' }],
    ['an object', { item_id: { a: 1 } }],
    ['a lone surrogate', { item_id: '\ud800' }],
  ])('rejects a path parameter that is %s, before sending', async (_label, path) => {
    const { api, calls } = client(() => json(item));
    const e = await rejection(api.GET('/items/{item_id}', { params: { path: path as { item_id: string } } }));
    expect(e).toMatchObject({ kind: 'input', operation: 'getItem', attempts: 0 });
    expect(e.message).toContain('"item_id"');
    expect(calls).toHaveLength(0);
  });

  it('rejects a call without params for a templated path', async () => {
    const { api, calls } = client(() => json(item));
    await expect((api.GET as (p: string) => Promise<unknown>)('/items/{item_id}')).rejects.toMatchObject({ kind: 'input' });
    expect(calls).toHaveLength(0);
  });

  it.each(['\r\n', '\n', '\r', '\0'])('rejects a header value containing %j, naming the header and never the value', async (bad) => {
    const { api, calls } = client(() => json(item));
    const value = `token-abc${bad}injected: 1`;
    for (const init of [{ headers: { 'x-trace': value } }, { params: { path: { item_id: '1' }, header: { 'x-trace': value } } }]) {
      const e = await rejection(
        api.GET('/items/{item_id}', { params: { path: { item_id: '1' } }, ...init } as { params: { path: { item_id: string } } }),
      );
      expect(e.kind).toBe('input');
      expect(e.message).toContain('"x-trace"');
      expect(e.message).not.toContain('token-abc');
      expect(JSON.stringify(e)).not.toContain('token-abc');
    }
    expect(calls).toHaveLength(0);
  });

  it('checks header parameters even when the call also sets a credential header itself', async () => {
    const { api, calls } = client(() => json(item));
    const e = await rejection(
      api.GET('/items/{item_id}', {
        headers: { authorization: 'Bearer t' },
        params: { path: { item_id: '1' }, header: { 'x-trace': 'a\r\nx-evil: 1' } },
      } as { params: { path: { item_id: string } } }),
    );
    expect(e).toMatchObject({ kind: 'input', attempts: 0 });
    expect(e.message).toContain('"x-trace"');
    expect(calls).toHaveLength(0);
  });

  it('rejects CR/LF in client headers (config) and in a credential (input), naming the header', async () => {
    expect(() => createApiClient<paths>({ baseUrl: BASE, operations, headers: { 'x-key': 'a\r\nb' } })).toThrowError(
      expect.objectContaining({ kind: 'config', message: expect.stringContaining('"x-key"') }),
    );
    const { api, calls } = client(() => json({ items: [] }), { auth: { XsollaLoginUserJWT: bearer('jwt\nx-evil: 1') } });
    const e = await rejection(api.GET('/items'));
    expect(e.kind).toBe('input');
    expect(e.message).toContain('"authorization"');
    expect(e.message).not.toContain('jwt');
    expect(calls).toHaveLength(0);
  });
});

describe('per-call policy', () => {
  it('retry: false makes one attempt; retry options and timeout override the client for that call only', async () => {
    const { api, calls } = client(() => json('{}', 503), { retry: { attempts: 2 } });
    const get = (init: Record<string, unknown> = {}) =>
      unwrap(api.GET('/items/{item_id}', { params: { path: { item_id: '1' } }, ...init })).catch((e: GamestoreError) => e.attempts);
    expect(await get({ retry: false })).toBe(1);
    expect(await get({ retry: { attempts: 4 } })).toBe(4);
    expect(await get({ timeout: 1000 })).toBe(2);
    expect(await get()).toBe(2);
    expect(calls).toHaveLength(9);
  });
});

describe('logger', () => {
  it('gets one secret-free event per attempt', async () => {
    const events: LogEvent[] = [];
    const { api } = client([json('{}', 503), json(item)], { logger: (e) => events.push(e) });
    await api.GET('/items/{item_id}', { params: { path: { item_id: 'secret-id' } } });
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ operation: 'getItem', method: 'GET', path: '/items/{item_id}', attempt: 1, status: 503, retryIn: 250 });
    expect(events[1]).toMatchObject({ attempt: 2, status: 200, retryIn: undefined });
    expect(JSON.stringify(events)).not.toContain('secret-id');
  });
});

describe('per-user clients (withAuth)', () => {
  it('share the middleware (also what use() adds later), the logger and the options of the client they come from', async () => {
    const lines: LogEvent[] = [];
    const { api, calls } = client(() => json({ cart_id: 'c1' }), { logger: (e) => lines.push(e), headers: { 'x-game': 'g1' } });
    const user = api.withAuth({ AuthForCart: bearer('user-jwt') });
    const seen: string[] = [];
    api.use({ onRequest: ({ request }) => void seen.push(new URL(request.url).pathname) });
    await unwrap(user.GET('/cart'));
    expect(seen).toEqual(['/v2/cart']);
    expect(lines).toHaveLength(1);
    expect(calls[0]!.headers.get('x-game')).toBe('g1');
    expect(calls[0]!.headers.get('authorization')).toBe('Bearer user-jwt');
  });

  it('share the retry budget: 20 calls against a dead upstream, each from its own per-user client, make 30 attempts, not 60', async () => {
    const { api, calls } = client(() => json({}, 503));
    for (let i = 0; i < 20; i++) await api.withAuth({ AuthForCart: bearer(`user-${i}`) }).GET('/cart');
    expect(calls).toHaveLength(30); // 20 first attempts + the budget's 10 retries
  });

  it('keep the credentials of the client they come from, with theirs merged over them', async () => {
    const { api, calls } = client(() => json({}), { auth: { basicAuth: basic('1', 'server-key') } });
    const user = api.withAuth({ XsollaLoginUserJWT: bearer('jwt') });
    await user.POST('/orders', { body: { amount: '1' } });
    await user.GET('/items');
    expect(calls.map((c) => c.headers.get('authorization'))).toEqual([`Basic ${btoa('1:server-key')}`, 'Bearer jwt']);
  });

  it('are one small object each: methods taken off a client (`const { GET } = client`) still call with its credentials', async () => {
    const { api, calls } = client(() => json({}), { auth: { basicAuth: basic('1', 'server-key') } });
    const user = api.withAuth({ XsollaLoginUserJWT: bearer('jwt') });
    expect(Object.keys(user)).toEqual([]); // everything is on the class, shared by every client
    const { GET, POST, request, withAuth } = user;
    await GET('/items');
    await POST('/orders', { body: { amount: '1' } });
    await request('get', '/items');
    await withAuth({ XsollaLoginUserJWT: bearer('other-jwt') }).GET('/items');
    expect(calls.map((c) => c.headers.get('authorization'))).toEqual(['Bearer jwt', `Basic ${btoa('1:server-key')}`, 'Bearer jwt', 'Bearer other-jwt']);
    expect(user.operationIndex).toBe(api.operationIndex);
  });

  it('show no credential when logged', async () => {
    const { inspect } = await import('node:util');
    const user = client(() => json({}), { auth: { basicAuth: basic('1', 'server-key') } }).api.withAuth({ XsollaLoginUserJWT: bearer('user-jwt') });
    const shown = inspect(user, { depth: 10, showHidden: true, getters: true });
    expect(shown).not.toMatch(/server-key|user-jwt|MTpzZXJ2ZXIta2V5/);
  });
});

describe('operations that are unsafe to repeat', () => {
  const unsafeOps = { ...operations, updateItem: { ...operations.updateItem, unsafe: true } } as const;
  const attempts = async (init: Record<string, unknown>) => {
    const { api, calls } = client(() => json({}, 503), { operations: unsafeOps, auth: { basicAuth: basic('1', 'k') } });
    await api.PUT('/items/{item_id}', { params: { path: { item_id: '1' } }, body: { name: 'n' }, ...init });
    return calls.length;
  };

  it('are sent once, whatever retry options the call passes', async () => {
    expect(await attempts({})).toBe(1);
    expect(await attempts({ retry: { attempts: 5 } })).toBe(1);
    expect(await attempts({ timeout: 5000 })).toBe(1);
  });

  it('are retried when the call says they are safe (idempotent or an idempotency key)', async () => {
    expect(await attempts({ idempotent: true })).toBe(3);
    expect(await attempts({ idempotencyKey: 'k-1' })).toBe(3);
  });
});

describe('nothing outlives its call', () => {
  it('no listener is left on a long-lived signal, and no timer is left pending, after retried calls', async () => {
    const controller = new AbortController();
    const clock = fakeClock();
    const { api } = client(({ n }) => (n % 2 ? json({}, 503) : json(item)), { clock });
    for (let i = 0; i < 50; i++) await api.GET('/items/{item_id}', { params: { path: { item_id: '1' } }, signal: controller.signal });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(clock.fire()).toBe(0);
  });
});
