import { GamestoreError } from './errors.js';

/** What `fetchPage` is asked for: the offset of the first item and the page size. */
export interface PageRequest {
  offset: number;
  limit: number;
}

/** The paging fields our providers send (Xsolla `has_more`/`total_items_count`, STOVE/Xsolla `total_count`). */
export interface PageLike<T> {
  items?: readonly T[] | null | undefined;
  list?: readonly T[] | null | undefined;
  has_more?: boolean | null | undefined;
  total_count?: number | null | undefined;
  total_items_count?: number | null | undefined;
}

export interface PaginateOptions<P> {
  /** page size asked for (default 50) */
  limit?: number | undefined;
  /** offset of the first page (default 0) */
  offset?: number | undefined;
  /** pages fetched at most; one more page to fetch past it throws a `limit` error (default 1000) */
  maxPages?: number | undefined;
  /** the items of a page (default `page.items ?? page.list`) */
  items?: ((page: P) => readonly unknown[] | null | undefined) | undefined;
}

type ItemOf<P, O> = O extends { items: (page: P) => readonly (infer T)[] | null | undefined }
  ? T
  : P extends PageLike<infer T>
    ? T
    : unknown;

/**
 * Iterates the items of an offset-paged list (`limit`/`offset`), one page at a time:
 *
 *   for await (const item of paginate(({ offset, limit }) =>
 *     unwrap(client.GET('/v2/project/{project_id}/items', { params: { path, query: { offset, limit } } })))) { … }
 *
 * It stops after a page with `has_more: false`, after reaching `total_count`/`total_items_count` (when there is
 * no `has_more`), or after an empty page. The offset advances by the number of items received, so a server
 * that returns fewer than `limit` items loses nothing. If the list still goes on after `maxPages` pages, it
 * throws `GamestoreError` kind `limit` (after yielding every item fetched) rather than stop silently.
 */
export async function* paginate<P, O extends PaginateOptions<P> = PaginateOptions<P>>(
  fetchPage: (request: PageRequest) => Promise<P>,
  options?: O,
): AsyncGenerator<ItemOf<P, O>, void, undefined> {
  const limit = options?.limit ?? 50;
  const maxPages = options?.maxPages ?? 1000;
  let offset = options?.offset ?? 0;
  for (let pages = 1; ; pages++) {
    const page = (await fetchPage({ offset, limit })) as PageLike<ItemOf<P, O>> | null | undefined;
    const items = ((options?.items ? options.items(page as P) : (page?.items ?? page?.list)) ?? []) as ItemOf<P, O>[];
    yield* items;
    offset += items.length;
    const total = page?.total_count ?? page?.total_items_count;
    const more = page?.has_more ?? (typeof total !== 'number' || offset < total);
    if (!items.length || !more) return;
    if (pages >= maxPages) {
      throw new GamestoreError({ kind: 'limit', message: `more than maxPages (${maxPages}) pages` });
    }
  }
}
