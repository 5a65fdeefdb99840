import { describe, expectTypeOf, it } from 'vitest';
import {
  basic,
  createApiClient,
  exactly,
  paginate,
  unwrap,
  type ApiClient,
  type Credential,
  type GamestoreError,
  type GamestoreErrorKind,
  type WithParam,
  type WithRequestMedia,
  type WithResponseMedia,
} from '../src/index.js';
import { operations, type Item, type ItemList, type paths } from './fixtures.js';

declare const api: ApiClient<paths>;

describe('types', () => {
  it('createApiClient returns an ApiClient of the paths', () => {
    expectTypeOf(createApiClient<paths>({ baseUrl: 'https://x', operations })).toEqualTypeOf<ApiClient<paths>>();
    expectTypeOf(basic('1', 'k')).toEqualTypeOf<Credential>();
  });

  it('keeps the openapi-fetch result shape with typed data and error', async () => {
    const r = await api.GET('/items/{item_id}', { params: { path: { item_id: '1' } } });
    if (r.data) expectTypeOf(r.data).toEqualTypeOf<Item>();
    if (r.error) expectTypeOf(r.error.errorCode).toEqualTypeOf<number>();
    expectTypeOf(r.response).toEqualTypeOf<Response>();
  });

  it('unwrap preserves the data type', () => {
    expectTypeOf(unwrap(api.GET('/items'))).toEqualTypeOf<Promise<ItemList>>();
    expectTypeOf(unwrap(api.POST('/orders', { body: { amount: '1' } }))).toEqualTypeOf<Promise<{ order_id: string; amount: string }>>();
  });

  it('accepts the call options next to the openapi-fetch ones, typed', () => {
    void api.POST('/orders', { body: { amount: '1' }, idempotent: true, retry: { attempts: 5 }, timeout: 100, deadline: 1000 });
    void api.POST('/orders', { body: { amount: '1' }, idempotencyKey: 'k', retry: false, signal: AbortSignal.timeout(10) });
    // @ts-expect-error timeout is a number of ms
    void api.GET('/items', { timeout: '5s' });
    // @ts-expect-error retry takes options or false
    void api.GET('/items', { retry: true });
  });

  it('still checks paths, params and bodies', () => {
    // @ts-expect-error unknown path
    void api.GET('/nope');
    // @ts-expect-error the path parameter is required
    void api.GET('/items/{item_id}', { params: { path: {} } });
    // @ts-expect-error amount is an int64 string
    void api.POST('/orders', { body: { amount: 1 } });
    // @ts-expect-error GET is not defined on /orders
    void api.GET('/orders');
  });

  it('parseAs changes the data type as in openapi-fetch', async () => {
    const r = await api.GET('/items', { parseAs: 'stream' });
    if (r.data) expectTypeOf(r.data).toEqualTypeOf<NonNullable<Response['body']>>();
  });

  it('paginate yields the page items', () => {
    const it = paginate(({ offset, limit }) => unwrap(api.GET('/items', { params: { query: { offset, limit } } })));
    expectTypeOf(it).toEqualTypeOf<AsyncGenerator<Item, void, undefined>>();
    const custom = paginate(async () => ({ value: { rows: [1, 2] } }), { items: (p) => p.value.rows });
    expectTypeOf(custom).toEqualTypeOf<AsyncGenerator<number, void, undefined>>();
  });

  it('errors are typed', () => {
    expectTypeOf<GamestoreError['kind']>().toEqualTypeOf<GamestoreErrorKind>();
    expectTypeOf<GamestoreError['attempts']>().toEqualTypeOf<number>();
  });

  it('checks hand-kept operation lists against the generated operations (WithParam, media, exactly)', () => {
    type Ops = {
      getItem: paths['/items/{item_id}']['get'];
      updateItem: paths['/items/{item_id}']['put'];
      listItems: paths['/items']['get'];
      createOrder: paths['/orders']['post'];
    };
    expectTypeOf<WithParam<Ops, 'query', 'limit'>>().toEqualTypeOf<'listItems'>();
    expectTypeOf<WithParam<Ops, 'path', 'item_id'>>().toEqualTypeOf<'getItem' | 'updateItem'>();
    expectTypeOf<WithParam<Ops, 'header', 'x-any'>>().toEqualTypeOf<never>();
    expectTypeOf<WithRequestMedia<Ops, 'application/json'>>().toEqualTypeOf<'updateItem' | 'createOrder'>();
    expectTypeOf<WithResponseMedia<Ops, 'application/json'>>().toEqualTypeOf<keyof Ops>();
    exactly<WithParam<Ops, 'path', 'item_id'>>()(['getItem', 'updateItem']);
    // @ts-expect-error one missing
    exactly<WithParam<Ops, 'path', 'item_id'>>()(['getItem']);
    // @ts-expect-error one too many
    exactly<WithParam<Ops, 'path', 'item_id'>>()(['getItem', 'updateItem', 'listItems']);
  });
});
