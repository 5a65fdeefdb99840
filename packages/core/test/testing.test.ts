/** The published test helper, `@gamestore/core/testing`: what it records and what it answers. */
import { describe, expect, it } from 'vitest';
import { basic, createApiClient, unwrap } from '../src/index.js';
import { recordingFetch, type CannedAnswer } from '../src/testing.js';
import { operations, type paths } from './fixtures.js';

const post = (body: string, headers: Record<string, string> = {}) =>
  new Request('https://api.example.com/orders?x=1', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('recordingFetch', () => {
  it('answers an empty 200 by default', async () => {
    const { fetch, calls } = recordingFetch();
    const res = await fetch(new Request('https://api.example.com/items'));
    expect(res.status).toBe(200);
    expect(res.headers.has('content-type')).toBe(false);
    expect(await res.text()).toBe('');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'GET', url: 'https://api.example.com/items', body: '', n: 1 });
  });

  it('answers a canned answer every time: a string raw, anything else as JSON, null as no body', async () => {
    const raw = recordingFetch({ status: 201, body: '{"id":9223372036854775807}', headers: { 'x-request-id': 'r1' } });
    for (let i = 0; i < 2; i++) {
      const res = await raw.fetch(new Request('https://api.example.com/a'));
      expect(res.status).toBe(201);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.headers.get('x-request-id')).toBe('r1');
      expect(await res.text()).toBe('{"id":9223372036854775807}');
    }
    const json = await recordingFetch({ body: { items: [1] }, type: 'application/vnd.api+json' }).fetch(new Request('https://a.test/'));
    expect(json.headers.get('content-type')).toBe('application/vnd.api+json');
    expect(await json.text()).toBe('{"items":[1]}');
    const empty = await recordingFetch({ status: 204, body: null, type: 'text/plain' }).fetch(new Request('https://a.test/'));
    expect(empty.status).toBe(204);
    expect(empty.headers.has('content-type')).toBe(false);
    expect(await empty.text()).toBe('');
  });

  it('answers a given Response again and again, each time with its whole body', async () => {
    const { fetch } = recordingFetch(new Response('hello', { status: 202 }));
    expect(await (await fetch(new Request('https://a.test/'))).text()).toBe('hello');
    const again = await fetch(new Request('https://a.test/'));
    expect(again.status).toBe(202);
    expect(await again.text()).toBe('hello');
  });

  it('uses a list of answers in turn, the last one repeating', async () => {
    const { fetch, calls } = recordingFetch([{ status: 503, body: '{}' }, new Response('second'), { body: 'last' }]);
    const statuses: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(new Request(`https://a.test/${i}`));
      statuses.push(`${res.status} ${await res.text()}`);
    }
    expect(statuses).toEqual(['503 {}', '200 second', '200 last', '200 last', '200 last']);
    expect(calls.map((c) => c.n)).toEqual([1, 2, 3, 4, 5]);
    expect(() => recordingFetch([])).toThrow(TypeError);
  });

  it('answers what a function of the recorded request returns or resolves to; a throw is a network error', async () => {
    const seen: unknown[] = [];
    const { fetch, calls } = recordingFetch(async (req) => {
      seen.push(req);
      if (req.n === 3) throw new TypeError('fetch failed');
      return req.method === 'POST' ? { status: 201, body: { echo: JSON.parse(req.body), n: req.n } } : new Response('plain');
    });
    expect(await (await fetch(post('{"a":1}'))).json()).toEqual({ echo: { a: 1 }, n: 1 });
    expect(await (await fetch(new Request('https://a.test/'))).text()).toBe('plain');
    await expect(fetch(new Request('https://a.test/'))).rejects.toThrow('fetch failed');
    expect(seen).toEqual(calls);
    expect(calls).toHaveLength(3);
  });

  it('records the body without consuming the request, and a copy of the headers', async () => {
    const { fetch, calls } = recordingFetch((req) => new Response(req.request.body));
    const request = post('{"amount":9007199254740993}', { authorization: 'Bearer t' });
    const res = await fetch(request);
    expect(await res.text()).toBe('{"amount":9007199254740993}'); // the answer read the request's own, unread body
    const [call] = calls;
    expect(call).toMatchObject({ method: 'POST', url: 'https://api.example.com/orders?x=1', body: '{"amount":9007199254740993}', n: 1 });
    expect(call!.request).toBe(request);
    expect(call!.headers.get('authorization')).toBe('Bearer t');
    expect(call!.headers).not.toBe(request.headers);
    request.headers.set('authorization', 'changed later');
    expect(call!.headers.get('authorization')).toBe('Bearer t');
  });

  it('records the init passed beside the request, and builds a Request from a URL and init as fetch does', async () => {
    const { fetch, calls } = recordingFetch({ body: {} });
    const controller = new AbortController();
    const init = { signal: controller.signal, redirect: 'manual' as const };
    await fetch(new Request('https://a.test/1'), init);
    await fetch('https://a.test/2', { method: 'PUT', body: 'x', headers: { 'x-a': '1' } });
    await fetch(new URL('https://a.test/3'));
    expect(calls[0]!.init).toBe(init);
    expect(calls[1]).toMatchObject({ method: 'PUT', url: 'https://a.test/2', body: 'x', init: { method: 'PUT', body: 'x' } });
    expect(calls[1]!.headers.get('x-a')).toBe('1');
    expect(calls[2]).toMatchObject({ method: 'GET', url: 'https://a.test/3', init: undefined });
  });

  it('serves as a client fetch: the client passes its signal and redirect mode as init', async () => {
    const answer: CannedAnswer = { body: '{"order_id":18446744073,"amount":9007199254740993}' };
    const { fetch, calls } = recordingFetch(answer);
    const api = createApiClient<paths>({ baseUrl: 'https://api.example.com', operations, fetch, auth: { basicAuth: basic('1', 'k') } });
    const order = await unwrap(api.POST('/orders', { body: { amount: '9007199254740993' } }));
    expect(order).toEqual({ order_id: '18446744073', amount: '9007199254740993' });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toBe('{"amount":9007199254740993}');
    expect(calls[0]!.init).toMatchObject({ redirect: 'manual', signal: expect.any(AbortSignal) });
  });
});
