import { describe, expectTypeOf, it } from 'vitest';
import {
  basic,
  createApiClient,
  createMethods,
  paginate,
  unwrap,
  type ApiClient,
  type Credential,
  type GamestoreError,
  type GamestoreErrorKind,
  type Input,
  type Methods,
  type Output,
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

  it('types one method per operation from the generated operations (Input, Output, Methods)', () => {
    type Ops = {
      getItem: paths['/items/{item_id}']['get'];
      listItems: paths['/items']['get'];
      createOrder: paths['/orders']['post'];
    };
    type M = Methods<Ops, 'item_id'>;
    // the bound path parameter is gone, the optional query stays optional, a required body is required
    expectTypeOf<Input<Ops['getItem'], 'item_id'>>().toEqualTypeOf<Input<Ops['getItem'], 'item_id'>>();
    expectTypeOf<Output<Ops['getItem']>>().toEqualTypeOf<Item>();
    expectTypeOf<Output<Ops['listItems']>>().toEqualTypeOf<ItemList>();
    const methods = createMethods<Ops, 'item_id'>(api, operations);
    expectTypeOf(methods).toEqualTypeOf<M>();
    void methods.getItem();
    void methods.listItems({ query: { limit: 10 } });
    void methods.createOrder({ body: { amount: '1' } });
    // @ts-expect-error the body is required
    void methods.createOrder();
    // @ts-expect-error a query parameter the operation does not take
    void methods.listItems({ query: { page: 1 } });
    // @ts-expect-error the bound path parameter cannot be given
    void methods.getItem({ path: { item_id: '1' } });
  });
});
