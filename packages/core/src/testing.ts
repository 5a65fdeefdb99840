/**
 * A fake `fetch` for tests: it keeps a record of every request it is given and answers with what the test
 * decided in advance. Hand it to a client as its `fetch` option, make calls, then look at `calls` to see what
 * the client sent (method, URL, headers, body text) without a server or a network.
 *
 *   import { recordingFetch } from '@gamestore/core/testing';
 *   const { fetch, calls } = recordingFetch({ body: { items: [] } });
 *   const client = createXsollaCatalogClient({ projectId: 44056, apiKey, fetch });
 *   await client.adminGetVirtualItemsList();
 *   expect(calls[0]!.url).toBe('https://store.xsolla.com/api/v2/project/44056/admin/items/virtual_items');
 *
 * `unavailableStore()` is a store whose claims fail, for testing a handler's answer when its database is down.
 *
 * Only web-standard APIs are used (`Request`, `Response`, `Headers`), so it runs unchanged under Node, Bun, Deno
 * and in browsers, next to any test runner.
 */
import type { IdempotencyStore } from './idempotency.js';

/** One request the fake fetch received. */
export interface RecordedRequest {
  /** the HTTP method, upper-case as `Request` normalises it */
  method: string;
  /** the full URL, query string included */
  url: string;
  /** a copy of the request headers, taken when the request arrived */
  headers: Headers;
  /** the body as text (`''` when there is none); reading it leaves `request` unread */
  body: string;
  /** the request itself, its body still unread */
  request: Request;
  /** the second argument the caller passed to `fetch`, as it was (gamestore clients pass `signal` and `redirect` there) */
  init: unknown;
  /** 1 for the first request, 2 for the second, … */
  n: number;
}

/**
 * A response described by its parts. `body`: a string is sent as it is (so a test can answer JSON that
 * `JSON.parse` would alter, such as a 64-bit integer), `null` or `undefined` sends no body, anything else is
 * sent as `JSON.stringify(body)`.
 */
export interface CannedAnswer {
  /** default 200 */
  status?: number | undefined;
  body?: unknown;
  /** extra response headers; they win over the `content-type` set from `type` */
  headers?: Record<string, string> | undefined;
  /** the `content-type` of the body, default `application/json`; not sent when there is no body */
  type?: string | undefined;
}

/** What the fake fetch answers: a ready `Response` or a canned one. */
export type Answer = Response | CannedAnswer;

/** How a test tells the fake fetch what to answer. */
export type Answers = Answer | readonly Answer[] | ((request: RecordedRequest) => Answer | Promise<Answer>);

/** The fake fetch, assignable wherever a `fetch` is expected, and the requests it has received so far. */
export interface RecordingFetch {
  fetch: (input: Request | string | URL, init?: unknown) => Promise<Response>;
  calls: RecordedRequest[];
}

function responseOf(answer: Answer, fresh: boolean): Response {
  // a Response given once but answered many times is cloned each time, so every answer has an unread body
  if (answer instanceof Response) return fresh ? answer : answer.clone();
  const raw = answer.body;
  const body = raw === null || raw === undefined ? null : typeof raw === 'string' ? raw : JSON.stringify(raw);
  const type: Record<string, string> = body === null ? {} : { 'content-type': answer.type ?? 'application/json' };
  return new Response(body, { status: answer.status ?? 200, headers: { ...type, ...answer.headers } });
}

/**
 * A fetch that records every request it gets (in `calls`, before answering) and answers with `answer`:
 * - a canned answer or a `Response`: the same answer every time (default: an empty 200);
 * - a list of them: the first request gets the first, the second the second, …, and the last one repeats;
 * - a function of the recorded request: what it returns (or resolves to); if it throws or rejects, so does the
 *   fetch, which is how a test stands for a network error.
 *
 * A string or `URL` input is turned into a `Request` with `init`, as `fetch` does; a `Request` input is recorded
 * as it is, and `init` only kept in `calls[i].init`. The fake does not watch `init.signal`: a request the
 * function never answers stays pending.
 */
export function recordingFetch(answer: Answers = {}): RecordingFetch {
  if (Array.isArray(answer) && answer.length === 0) throw new TypeError('recordingFetch: the list of answers is empty');
  const calls: RecordedRequest[] = [];
  const fetch = async (input: Request | string | URL, init?: unknown): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init as RequestInit | undefined);
    const body = await request.clone().text();
    const recorded: RecordedRequest = { method: request.method, url: request.url, headers: new Headers(request.headers), body, request, init, n: calls.length + 1 };
    calls.push(recorded);
    if (typeof answer === 'function') return responseOf(await answer(recorded), true);
    const list = answer as Answer | readonly Answer[];
    return responseOf(Array.isArray(list) ? list[Math.min(recorded.n, list.length) - 1]! : (list as Answer), false);
  };
  return { fetch, calls };
}

/**
 * An idempotency store whose every claim fails with `error`, as a database that is down does: for testing that a
 * handler grants nothing and answers a retryable failure when its store is unavailable.
 */
export function unavailableStore(error: unknown = new Error('idempotency store unavailable')): IdempotencyStore {
  return { claim: () => Promise.reject(error), commit: () => false, release: () => undefined };
}
