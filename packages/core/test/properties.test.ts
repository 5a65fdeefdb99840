/**
 * Property tests (fast-check): lossless int64 both ways over the whole int64 range, path parameters that
 * either are rejected or stay inside their segment, and a canary secret that never leaks from any error path.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  basic,
  bearer,
  createApiClient,
  GamestoreError,
  headerSet,
  parseJson,
  stringifyJson,
  unwrap,
  type ApiClientOptions,
} from '../src/index.js';
import { fakeClock, json, operations, providerError, type paths } from './fixtures.js';
import { recordingFetch } from '../src/testing.js';

const MIN = -(2n ** 63n);
const MAX = 2n ** 63n - 1n;
const EDGES = [MIN, MIN + 1n, -(2n ** 53n) - 1n, -1n, 0n, 1n, 2n ** 53n, 2n ** 53n + 1n, MAX - 1n, MAX];
const int64 = fc.oneof(fc.constantFrom(...EDGES), fc.bigInt({ min: MIN, max: MAX }));
const BASE = 'https://api.example.com/v2';

/** Reads every integer token of a JSON text as a bigint (a test oracle independent of the code under test). */
const integersIn = (text: string) => [...text.matchAll(/(?<![\d."\w])-?\d+(?![\d.eE"])/g)].map((m) => BigInt(m[0]));

describe('lossless int64 (property)', () => {
  it('every int64 round-trips digit for digit through parseJson and stringifyJson, in any JSON layout', () => {
    const fields = { keys: ['id'], arrayKeys: ['ids'] };
    fc.assert(
      fc.property(int64, fc.array(int64, { maxLength: 4 }), fc.constantFrom(undefined, 0, 1, 2, '\t'), (id, ids, indent) => {
        const text = JSON.stringify({ n: 1.5, id: `@${id}@`, ids: ids.map((x) => `@${x}@`), s: 'id' }, null, indent).replace(
          /"@(-?\d+)@"/g,
          '$1',
        );
        const parsed = parseJson(text, fields) as { id: string; ids: string[]; n: number };
        expect(parsed.id).toBe(id.toString());
        expect(parsed.ids).toEqual(ids.map(String));
        expect(parsed.n).toBe(1.5);
        const out = stringifyJson(parsed, fields);
        expect(integersIn(out)).toEqual([id, ...ids]);
        expect(out).toBe(`{"n":1.5,"id":${id},"ids":[${ids.join(',')}],"s":"id"}`);
      }),
      { numRuns: 500 },
    );
  });

  it('through the client: response ids parse to the same digits, request amounts are sent as the same integer', async () => {
    await fc.assert(
      fc.asyncProperty(int64, int64, async (id, amount) => {
        const { fetch, calls } = recordingFetch((req) =>
          req.method === 'GET'
            ? json(`{"items":[{"id":${id},"sku":"s","name":"n","price":2}],"ids":[${amount},${id}]}`)
            : json(`{"order_id":${id},"amount":${amount}}`),
        );
        const api = createApiClient<paths>({ baseUrl: BASE, operations, fetch, auth: { basicAuth: basic('1', 'k') } });
        const list = await unwrap(api.GET('/items'));
        expect(list.items[0]!.id).toBe(id.toString());
        expect((list as unknown as { ids: string[] }).ids).toEqual([amount.toString(), id.toString()]);
        const order = await unwrap(api.POST('/orders', { body: { amount: amount.toString(), order_id: id.toString() } }));
        expect(order).toEqual({ order_id: id.toString(), amount: amount.toString() });
        expect(calls[1]!.body).toBe(`{"amount":${amount},"order_id":${id}}`);
      }),
      { numRuns: 200 },
    );
  });
});

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('path parameters (property)', () => {
  const tricky = fc.constantFrom('.', '..', '...', '%2e', '%2e%2e', '../admin', '/', '?', '#', '%', '\\', '\\..', '.%2e', ' ', '\u0000', '\ud800', '\udfff\ud800', '🙂', '%00', 'a/b?c#d');
  const anyString = fc.oneof(tricky, fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string());

  it('any string is either rejected as input or stays inside its path segment, decoding back to itself', async () => {
    await fc.assert(
      fc.asyncProperty(anyString, async (value) => {
        const { fetch, calls } = recordingFetch(() => json('{}'));
        const api = createApiClient<paths>({ baseUrl: BASE, operations, fetch });
        try {
          await api.GET('/items/{item_id}', { params: { path: { item_id: value } } });
        } catch (e) {
          expect(e).toBeInstanceOf(GamestoreError);
          expect((e as GamestoreError).kind).toBe('input');
          expect(calls).toHaveLength(0);
          expect(['', '.', '..'].includes(value) || LONE_SURROGATE.test(value)).toBe(true);
          return;
        }
        const url = new URL(calls[0]!.url);
        const segments = url.pathname.split('/');
        expect(segments.slice(0, 3)).toEqual(['', 'v2', 'items']);
        expect(segments).toHaveLength(4);
        expect(decodeURIComponent(segments[3]!)).toBe(value);
        expect(url.search).toBe('');
        expect(url.hash).toBe('');
        expect(url.origin).toBe('https://api.example.com');
      }),
      { numRuns: 500 },
    );
  });
});

describe('a canary secret never leaks (property)', () => {
  /** Each error path: builds a client around the canary and makes the call that fails. */
  type Path = (canary: string, opts: Partial<ApiClientOptions>) => Promise<unknown>;
  /** an error body quoting the key (and, for Basic auth, the header value we sent) */
  const echo = (canary: string, sentBasic = true) => ({
    errorCode: canary,
    errorMessage: `invalid key ${canary}${sentBasic ? ` / ${btoa(`1:${canary}`)}` : ''}`,
    transactionId: `tx-${canary}`,
    extra: canary,
  });
  const make = (reply: Parameters<typeof recordingFetch>[0], opts: Partial<ApiClientOptions>, clock = fakeClock()) =>
    createApiClient<paths>({ baseUrl: BASE, operations, fetch: recordingFetch(reply).fetch, clock, timeout: 20, describeError: providerError, ...opts });
  /** a request that never gets an answer: the attempt's timer is fired (the clock is fake, nothing races it) */
  const hang = (clock: ReturnType<typeof fakeClock>) => () => {
    clock.fire();
    return new Promise<Response>(() => undefined);
  };
  const stalled = (extra: Partial<ApiClientOptions>) => (c: string, o: Partial<ApiClientOptions>) => {
    const clock = fakeClock();
    return order(make(hang(clock), { auth: { basicAuth: basic('1', c) }, ...extra, ...o }, clock));
  };
  const order = (api: ReturnType<typeof make>, extra: Record<string, unknown> = {}) =>
    unwrap(api.POST('/orders', { body: { amount: '1' }, idempotent: true, ...extra }));

  const paths: Record<string, Path> = {
    'http error echoing the key': (c, o) => order(make(() => json(echo(c), 401), { auth: { basicAuth: basic('1', c) }, ...o })),
    'http 5xx retried, echoing a bearer token': (c, o) =>
      unwrap(make(() => json(echo(c, false), 503), { auth: { XsollaLoginUserJWT: bearer(c) }, ...o }).GET('/items')),
    'envelope error echoing the key': (c, o) =>
      order(make(() => json({ code: 5, message: `bad ${c}` }), { auth: { basicAuth: basic('1', c) }, envelope: (b) => b as never, ...o })),
    'network error whose cause names the key': (c, o) =>
      order(
        make(() => {
          throw new TypeError(`fetch failed ${c}`);
        }, { auth: { basicAuth: basic('1', c) }, ...o }),
      ),
    'timeout': stalled({}),
    'deadline': stalled({ deadline: 15 }),
    'parse error of a body echoing the key': (c, o) =>
      order(make(() => json(`{"k":${c}`), { auth: { basicAuth: basic('1', c) }, ...o })),
    'header value with CR/LF': (c, o) =>
      order(make(() => json('{}'), { auth: { basicAuth: basic('1', 'k') }, ...o }), { headers: { 'x-key': `${c}\r\nx: y` } }),
    'credential with CR/LF': (c, o) =>
      unwrap(make(() => json('{}'), { auth: { XsollaLoginUserJWT: bearer(`${c}\n`) }, ...o }).GET('/items')),
    'client header with CR/LF': async (c, o) => make(() => json('{}'), { headers: { 'x-api-key': `${c}\r\n` }, ...o }),
    'secret in a browser': async (c, o) => {
      (globalThis as { document?: unknown }).document = {};
      try {
        return make(() => json('{}'), { auth: { basicAuth: basic('1', c) }, ...o });
      } finally {
        delete (globalThis as { document?: unknown }).document;
      }
    },
    'int64 field with the key as value': (c, o) => order(make(() => json('{}'), { auth: { basicAuth: basic('1', 'k') }, ...o }), { body: { amount: c } }),
    'path parameter rejected': (c, o) =>
      unwrap(make(() => json('{}'), o).GET('/items/{item_id}', { params: { path: { item_id: { c } as unknown as string } } })),
    'missing credentials': (_c, o) => order(make(() => json('{}'), { auth: { other: headerSet({ x: 'y' }) }, ...o })),
    'cross-origin redirect to a URL holding the key': (c, o) =>
      order(make(() => new Response(null, { status: 302, headers: { location: `https://evil.example/?key=${c}` } }), {
        auth: { basicAuth: basic('1', c) },
        ...o,
      })),
    'caller abort with the key as reason': (c, o) => {
      const controller = new AbortController();
      const abortInFlight = () => {
        controller.abort(new Error(c));
        return new Promise<Response>(() => undefined);
      };
      return order(make(abortInFlight, { auth: { basicAuth: basic('1', c) }, ...o }), { signal: controller.signal });
    },
  };

  it.each(Object.keys(paths))('%s', async (name) => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[A-Za-z0-9]{12,32}$/), async (tail) => {
        const canary = `sk_live_${tail}`;
        const lines: string[] = [];
        let error: unknown;
        try {
          await paths[name]!(canary, { logger: (e) => lines.push(JSON.stringify(e)) });
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(GamestoreError);
        const e = error as GamestoreError;
        for (const text of [e.message, e.stack ?? '', JSON.stringify(e), String(e), ...lines]) {
          expect(text).not.toContain(canary);
          expect(text).not.toContain(btoa(`1:${canary}`));
        }
      }),
      { numRuns: 25 },
    );
  });
});
