/**
 * Async iteration over Xsolla's offset-paged lists, for any typed method whose query takes `limit` and `offset`:
 *
 *   for await (const item of paginate(catalog.adminGetVirtualItemsList, {}, { pageSize: 50, maxPages: 20 })) { … }
 *
 * Built on `paginate` of `@gamestore/core`: it stops after a page with `has_more: false`, after
 * `total_items_count` (or `total_count`) items when there is no `has_more`, or after an empty page; the offset
 * advances by the number of items received. More pages than `maxPages` is a `GamestoreError` of kind `limit`,
 * thrown after every fetched item was yielded.
 */
import { paginate as corePaginate, type PaginateOptions } from '@gamestore/core';

type QueryOf<I> = I extends { query?: infer Q } ? Exclude<Q, undefined> : never;
type IsPaged<I> = [QueryOf<I>] extends [never] ? false : 'limit' | 'offset' extends keyof QueryOf<I> ? true : false;
type ItemsOf<R> = R extends { items?: infer L } ? (Exclude<L, null | undefined> extends readonly (infer T)[] ? T : never) : never;

export interface XsollaPaginateOptions<R, T> {
  /** `limit` sent with every page; default: the call's own `query.limit`, else none (the server's default page) */
  pageSize?: number | undefined;
  /** pages fetched at most (default 1000); a longer list throws a `limit` error after its items were yielded */
  maxPages?: number | undefined;
  /** the items of a page, for envelopes without `items` (e.g. `(page) => page.codes`) */
  items?: ((page: R) => readonly T[] | null | undefined) | undefined;
}

/** The input of a paged call without `offset`, which the iterator sets. */
export type PagedInput<I> = Omit<Exclude<I, undefined>, 'query'> & { query?: Omit<QueryOf<I>, 'offset'> };

/**
 * Iterates every item of a paged list call. The call must take `limit` and `offset` in its query (a method
 * without them is a compile error); pass `items` when the answer keeps its list under another key.
 */
export function paginate<I, R, T = ItemsOf<R>>(
  method: (input: I) => Promise<R>,
  ...args: IsPaged<I> extends true
    ? [input?: PagedInput<I>, options?: XsollaPaginateOptions<R, T>]
    : [input: never, options: { error: 'this call takes no limit/offset query' }]
): AsyncGenerator<T, void, undefined> {
  const [input, options] = args as [PagedInput<I> | undefined, XsollaPaginateOptions<R, T> | undefined];
  const query = (input?.query ?? {}) as Record<string, unknown>;
  const limit = options?.pageSize ?? (typeof query.limit === 'number' ? query.limit : undefined);
  return corePaginate<R, PaginateOptions<R>>(
    ({ offset }) =>
      method({ ...input, query: { ...query, ...(limit !== undefined && { limit }), offset } } as I),
    {
      ...(limit !== undefined && { limit }),
      maxPages: options?.maxPages,
      items: options?.items,
    },
  ) as AsyncGenerator<T, void, undefined>;
}
