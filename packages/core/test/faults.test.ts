/**
 * Fault injection against a real node:http server on 127.0.0.1 (port 0). Every server is closed after each
 * test (and closes itself after a minute at the latest). No test races a real timer: backoff and Retry-After
 * waits, attempt timeouts and deadlines all go through an injected clock. A timeout happens when the test
 * fires the clock's timers, at a point it chooses (the server has the request, the client has the headers), so
 * timeouts are asserted exactly and hold on a machine of any speed.
 */
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { basic, bearer, createApiClient, GamestoreError, RetryBudget, unwrap, type ApiClientOptions } from '../src/index.js';
import { fakeClock, operations, providerError, startServer, type paths, type TestServer } from './fixtures.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handle: Parameters<typeof startServer>[0]) {
  const s = await startServer(handle);
  servers.push(s);
  return s;
}

const ITEM = '{"id":"1","sku":"s","name":"n","price":1}';
const ok = (res: ServerResponse, body = ITEM) => res.writeHead(200, { 'content-type': 'application/json' }).end(body);
const DEADLINE = 2000;

function setup(server: TestServer, options: Partial<ApiClientOptions> & { clock?: ReturnType<typeof fakeClock> } = {}) {
  const clock = options.clock ?? fakeClock();
  const api = createApiClient<paths>({
    baseUrl: server.url,
    operations,
    timeout: 200,
    deadline: DEADLINE,
    clock,
    describeError: providerError,
    ...options,
  });
  return { api, clock };
}

const getItem = (api: ReturnType<typeof setup>['api'], init: Record<string, unknown> = {}) =>
  api.GET('/items/{item_id}', { params: { path: { item_id: '1' } }, ...init });

/** Runs a call and returns its outcome: the value, or the GamestoreError it threw. */
async function outcome<T>(p: Promise<T>): Promise<{ value?: T; error?: GamestoreError }> {
  try {
    return { value: await p };
  } catch (e) {
    if (!(e instanceof GamestoreError)) throw e;
    return { error: e };
  }
}

describe('429 with Retry-After', () => {
  it('waits exactly the seconds given, then succeeds on the second attempt', async () => {
    const server = await serve((_req, res, hit) =>
      hit === 1 ? res.writeHead(429, { 'retry-after': '1' }).end('{"errorCode":429}') : ok(res),
    );
    const { api, clock } = setup(server);
    const { value } = await outcome(unwrap(getItem(api)));
    expect(value).toEqual(JSON.parse(ITEM));
    expect(clock.delays).toEqual([1000]);
    expect(server.hits).toHaveLength(2);
  });

  it('does not wait for a Retry-After beyond the 60 s cap: the 429 is the answer', async () => {
    const server = await serve((_req, res) => res.writeHead(429, { 'retry-after': '120' }).end('{"errorCode":1,"errorMessage":"slow down"}'));
    const { api, clock } = setup(server, { deadline: 600_000 }); // only the cap stops the wait
    const e = await outcome(unwrap(getItem(api)));
    expect(e.error).toMatchObject({ kind: 'http', status: 429, attempts: 1, providerMessage: 'slow down' });
    expect(clock.delays).toEqual([]);
    expect(server.hits).toHaveLength(1);
  });
});

describe('429 with an HTTP-date Retry-After', () => {
  it('waits exactly until the date given (injected clock)', async () => {
    const now = Date.UTC(2030, 0, 1, 12, 0, 0);
    const server = await serve((_req, res, hit) =>
      hit === 1 ? res.writeHead(429, { 'retry-after': new Date(now + 7000).toUTCString() }).end() : ok(res),
    );
    const clock = { ...fakeClock(), now: () => now };
    const { api } = setup(server, { clock, deadline: 30_000 });
    await unwrap(getItem(api));
    expect(clock.delays).toEqual([7000]);
  });
});

describe('503 burst', () => {
  it('backs off with full jitter (random × min(cap, base × 2^n)) and succeeds on the third attempt', async () => {
    const server = await serve((_req, res, hit) => (hit < 3 ? res.writeHead(503).end() : ok(res)));
    const { api, clock } = setup(server);
    const { value } = await outcome(unwrap(getItem(api)));
    expect(value).toBeDefined();
    expect(clock.delays).toEqual([250, 500]);
    expect(server.hits).toHaveLength(3);
  });

  it('gives up after the policy attempts and answers the last 503 as an http error', async () => {
    const server = await serve((_req, res) => res.writeHead(503).end());
    const { api, clock } = setup(server);
    const result = await getItem(api);
    expect(result.response.status).toBe(503);
    await expect(unwrap(getItem(api))).rejects.toMatchObject({ kind: 'http', status: 503, attempts: 3 });
    expect(clock.delays).toEqual([250, 500, 250, 500]);
    expect(server.hits).toHaveLength(6);
  });

  it('caps the backoff at maxDelay', async () => {
    const server = await serve((_req, res) => res.writeHead(500).end());
    const clock = fakeClock(1 - 2 ** -52);
    const { api } = setup(server, { retry: { attempts: 5, baseDelay: 1000, maxDelay: 3000 }, clock, deadline: 60_000 });
    await getItem(api);
    expect(clock.delays.map(Math.round)).toEqual([1000, 2000, 3000, 3000]);
    expect(server.hits).toHaveLength(5);
  });

  it('stops retrying when the retry budget is spent', async () => {
    const server = await serve((_req, res) => res.writeHead(503).end());
    const budget = new RetryBudget(3, 1);
    const { api } = setup(server, { retry: { budget } });
    await expect(unwrap(getItem(api))).rejects.toMatchObject({ attempts: 3 });
    await expect(unwrap(getItem(api))).rejects.toMatchObject({ attempts: 2 });
    await expect(unwrap(getItem(api))).rejects.toMatchObject({ attempts: 1 });
    expect(server.hits).toHaveLength(6);
    expect(budget.tokens).toBe(0);
  });
});

describe('connection reset', () => {
  it('retries a GET after a reset and succeeds', async () => {
    const server = await serve((_req, res, hit, socket) => (hit === 1 ? socket.destroy() : ok(res)));
    const { api, clock } = setup(server);
    const { value } = await outcome(unwrap(getItem(api)));
    expect(value).toBeDefined();
    expect(server.hits).toHaveLength(2);
    expect(clock.delays).toEqual([250]);
  });

  it('ends in a network error after the policy attempts', async () => {
    const server = await serve((_req, _res, _hit, socket) => socket.destroy());
    const { api } = setup(server);
    const { error } = await outcome(getItem(api));
    expect(error).toMatchObject({ kind: 'network', attempts: 3, operation: 'getItem' });
    expect(error!.cause).toBeInstanceOf(TypeError);
    expect(server.hits).toHaveLength(3);
  });
});

describe('headers that never come', () => {
  it('times out each attempt and ends in a timeout error after the policy attempts', async () => {
    const clock = fakeClock();
    const server = await serve(() => clock.fire()); // the request arrived; it never gets an answer
    const { api } = setup(server, { clock });
    const { error } = await outcome(getItem(api));
    expect(error).toMatchObject({ kind: 'timeout', attempts: 3 });
    expect(server.hits).toHaveLength(3);
    expect(clock.timers).toEqual([200, 200, 200]);
    expect(clock.delays).toEqual([250, 500]);
  });

  it('aborts the underlying request, so the server sees the connection closed', async () => {
    const clock = fakeClock();
    let closed!: Promise<void>;
    const server = await serve((_req, res) => {
      closed = new Promise((resolve) => res.on('close', resolve));
      clock.fire();
    });
    const { api } = setup(server, { retry: false, clock });
    await expect(getItem(api)).rejects.toMatchObject({ kind: 'timeout', attempts: 1 });
    await closed; // the test's own timeout is the bound: an open connection would hang here
    expect(server.hits).toHaveLength(1);
  });

  it('stops at the total deadline, inside an attempt', async () => {
    const clock = fakeClock();
    const server = await serve(() => clock.fire());
    const { api } = setup(server, { timeout: 1500, deadline: 300, clock });
    const { error } = await outcome(getItem(api));
    expect(error).toMatchObject({ kind: 'timeout', attempts: 1 });
    expect(clock.timers).toEqual([300]); // the attempt was cut to what was left of the deadline
    expect(clock.delays).toEqual([]);
  });

  it('does not start a wait that would end past the deadline', async () => {
    let t = 0;
    const server = await serve((_req, res) => res.writeHead(503).end());
    const clock = {
      ...fakeClock(),
      now: () => t,
      sleep: async (ms: number) => {
        clock.delays.push(ms);
        t += ms;
      },
    };
    const { api } = setup(server, { clock, deadline: 600 });
    // attempt 1 at t=0, wait 250; attempt 2 at t=250: a wait of 500 would end at 750, past 600
    await expect(unwrap(getItem(api))).rejects.toMatchObject({ kind: 'http', status: 503, attempts: 2 });
    expect(clock.delays).toEqual([250]);
    expect(server.hits).toHaveLength(2);
  });
});

describe("the attempt's signal", () => {
  it('reaches a fetch wrapper that copies the init, and is aborted when the attempt times out', async () => {
    const server = await serve(() => undefined); // never answers
    const clock = fakeClock();
    const seen: AbortSignal[] = [];
    // the usual wrapper: the init copied with one more option (a dispatcher, a proxy agent)
    const wrapper = (req: Request, init?: RequestInit) => {
      const copy = { ...init, keepalive: false };
      seen.push(copy.signal!);
      const answer = fetch(req, copy);
      queueMicrotask(() => clock.fire());
      return answer;
    };
    const { error } = await outcome(getItem(setup(server, { clock, fetch: wrapper, retry: { attempts: 1 } }).api));
    expect(error).toMatchObject({ kind: 'timeout', attempts: 1 });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(AbortSignal);
    expect(seen[0]!.aborted).toBe(true);
  });
});

describe('a body that stalls', () => {
  /** a fetch that fires the clock's timers once the headers are in: the timeout lands while the body is read */
  const firingAfterHeaders = (clock: ReturnType<typeof fakeClock>, stalls: (n: number) => boolean) => {
    let n = 0;
    return async (req: Request, init?: RequestInit) => {
      const response = await fetch(req, init);
      if (stalls(++n)) clock.fire();
      return response;
    };
  };
  const stall = (res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' });
    res.write('{"id":"1",');
  };

  it('is covered by the attempt timeout and retried', async () => {
    const clock = fakeClock();
    const server = await serve((_req, res, hit) => (hit > 1 ? ok(res) : stall(res)));
    const { api } = setup(server, { clock, fetch: firingAfterHeaders(clock, (n) => n === 1) });
    const { value } = await outcome(unwrap(getItem(api)));
    expect(value).toEqual(JSON.parse(ITEM));
    expect(server.hits).toHaveLength(2);
    expect(clock.timers).toEqual([200, 200]);
  });

  it('ends in a timeout error when it always stalls', async () => {
    const clock = fakeClock();
    const server = await serve((_req, res) => stall(res));
    const { api } = setup(server, { clock, fetch: firingAfterHeaders(clock, () => true) });
    const { error } = await outcome(getItem(api));
    expect(error).toMatchObject({ kind: 'timeout', attempts: 3 });
  });
});

describe('truncated JSON', () => {
  it('treats a body cut short by the connection as a network failure (retried)', async () => {
    const server = await serve((_req, res, hit, socket) => {
      if (hit > 1) return ok(res);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"id":"1","sku"', () => socket.destroy());
    });
    const { api } = setup(server);
    expect(await unwrap(getItem(api))).toEqual(JSON.parse(ITEM));
    expect(server.hits).toHaveLength(2);
  });

  it('answers a complete response with broken JSON as a parse error, not retried', async () => {
    const server = await serve((_req, res) => ok(res, '{"id":"1","sku":'));
    const { api } = setup(server);
    const { error } = await outcome(getItem(api));
    expect(error).toMatchObject({ kind: 'parse', status: 200, attempts: 1 });
    expect(server.hits).toHaveLength(1);
  });
});

describe('an HTML 502', () => {
  it('is retried, then answered as an http error whose body is the HTML text', async () => {
    const html = '<html><body><h1>502 Bad Gateway</h1></body></html>';
    const server = await serve((_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end(html));
    const { api } = setup(server);
    const result = await getItem(api);
    expect(result.error).toBe(html);
    const { error } = await outcome(unwrap(getItem(api)));
    expect(error).toMatchObject({ kind: 'http', status: 502, attempts: 3, code: undefined, providerMessage: undefined });
    expect(server.hits).toHaveLength(6);
  });
});

describe('redirects', () => {
  /** `origin` redirects everything but /moved/1 to `to`: 'other' (the other origin's /items/1) or a path of its own */
  async function pair(status: number, to: 'other' | string) {
    const other = await serve((_req, res) => ok(res));
    const origin = await serve((req, res) =>
      req.url === '/moved/1' ? ok(res) : res.writeHead(status, { location: to === 'other' ? `${other.url}/items/1` : to }).end(),
    );
    return { origin, other };
  }

  it('refuses to follow a credentialed call to another origin, with a typed error; the other origin sees nothing', async () => {
    const { origin, other } = await pair(302, 'other');
    const { api } = setup(origin, { auth: { basicAuth: basic('1', 'server-key') } });
    const { error } = await outcome(api.PUT('/items/{item_id}', { params: { path: { item_id: '1' } }, body: { name: 'n' } }));
    expect(error).toMatchObject({ kind: 'redirect', status: 302, attempts: 1, operation: 'updateItem' });
    expect(origin.hits).toHaveLength(1);
    expect(other.hits).toHaveLength(0);
  });

  it('treats a call with a caller-supplied Authorization header as credentialed', async () => {
    const { origin, other } = await pair(307, 'other');
    const { api } = setup(origin);
    const { error } = await outcome(getItem(api, { headers: { Authorization: 'Bearer user' } }));
    expect(error).toMatchObject({ kind: 'redirect', status: 307 });
    expect(other.hits).toHaveLength(0);
  });

  it('follows a same-origin redirect of a credentialed GET, keeping the credentials on that origin', async () => {
    const { origin } = await pair(301, '/moved/1');
    const { api } = setup(origin, { auth: { XsollaLoginUserJWT: bearer('jwt') } });
    const { value } = await outcome(unwrap(api.GET('/items')));
    expect(value).toEqual(JSON.parse(ITEM));
    expect(origin.hits.map((h) => [h.url, h.headers.authorization])).toEqual([
      ['/items', 'Bearer jwt'],
      ['/moved/1', 'Bearer jwt'],
    ]);
  });

  it('refuses even a same-origin redirect of a credentialed PUT', async () => {
    const { origin } = await pair(307, '/moved/1');
    const { api } = setup(origin, { auth: { basicAuth: basic('1', 'k') } });
    const { error } = await outcome(api.PUT('/items/{item_id}', { params: { path: { item_id: '1' } }, body: { name: 'n' } }));
    expect(error).toMatchObject({ kind: 'redirect', status: 307 });
    expect(origin.hits).toHaveLength(1);
  });

  it('follows a cross-origin redirect of a call without credentials, as fetch does', async () => {
    const { origin, other } = await pair(302, 'other');
    const { api } = setup(origin);
    expect(await unwrap(getItem(api))).toEqual(JSON.parse(ITEM));
    expect(origin.hits).toHaveLength(1);
    expect(other.hits).toHaveLength(1);
    expect(other.hits[0]!.headers.authorization).toBeUndefined();
  });
});

describe('non-idempotent methods', () => {
  it('never retries a POST without opt-in: not after a 503, a reset or a timeout', async () => {
    const clock = fakeClock();
    const server = await serve((_req, res, hit, socket) => {
      if (hit === 1) return res.writeHead(503).end();
      if (hit === 2) return socket.destroy();
      clock.fire(); // hit 3: never answered, the attempt times out
    });
    const { api } = setup(server, { auth: { basicAuth: basic('1', 'k') }, clock });
    await expect(unwrap(api.POST('/orders', { body: { amount: '1' } }))).rejects.toMatchObject({ kind: 'http', attempts: 1 });
    await expect(api.POST('/orders', { body: { amount: '1' } })).rejects.toMatchObject({ kind: 'network', attempts: 1 });
    await expect(api.POST('/orders', { body: { amount: '1' } })).rejects.toMatchObject({ kind: 'timeout', attempts: 1 });
    expect(server.hits).toHaveLength(3);
    expect(clock.delays).toEqual([]);
  });

  it('retries a POST the caller marks idempotent, resending the same bytes', async () => {
    let serialised = 0;
    const server = await serve((_req, res, hit) => (hit < 3 ? res.writeHead(503).end() : ok(res, '{"order_id":1,"amount":9007199254740993}')));
    const { api } = setup(server, { auth: { basicAuth: basic('1', 'k') } });
    const data = await unwrap(
      api.POST('/orders', {
        body: { amount: '9007199254740993' },
        idempotent: true,
        bodySerializer: (b) => `${JSON.stringify(b)}#${++serialised}`,
      }),
    );
    expect(data).toEqual({ order_id: '1', amount: '9007199254740993' });
    expect(server.hits.map((h) => h.body)).toEqual(Array(3).fill('{"amount":"9007199254740993"}#1'));
  });

  it('retries a POST with an idempotency key, sending the key on every attempt', async () => {
    const server = await serve((_req, res, _hit, socket) => socket.destroy());
    const { api } = setup(server, { auth: { basicAuth: basic('1', 'k') }, idempotencyHeader: 'Idempotency-Key' });
    await expect(api.POST('/orders', { body: { amount: '5' }, idempotencyKey: 'order-77' })).rejects.toMatchObject({
      kind: 'network',
      attempts: 3,
    });
    expect(server.hits.map((h) => [h.headers['idempotency-key'], h.body])).toEqual(Array(3).fill(['order-77', '{"amount":5}']));
  });
});

describe("the caller's AbortSignal", () => {
  it('is honoured while waiting for headers', async () => {
    const controller = new AbortController();
    const server = await serve(() => controller.abort()); // the request arrived; the caller gives up
    const { api, clock } = setup(server);
    const { error } = await outcome(getItem(api, { signal: controller.signal }));
    expect(error).toMatchObject({ kind: 'aborted', attempts: 1 });
    expect(server.hits).toHaveLength(1);
    expect(clock.fire()).toBe(0); // the attempt's timer went with the call
  });

  it('sends nothing when it is already aborted', async () => {
    const server = await serve((_req, res) => ok(res));
    const { api } = setup(server);
    const controller = new AbortController();
    controller.abort();
    await expect(getItem(api, { signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted', attempts: 0 });
    expect(server.hits).toHaveLength(0);
  });

  it('is honoured during a backoff wait', async () => {
    const server = await serve((_req, res) => res.writeHead(503).end());
    const controller = new AbortController();
    const { api } = setup(server, {
      clock: {
        ...fakeClock(),
        sleep: (_ms, signal) =>
          new Promise((_resolve, reject) => {
            signal?.addEventListener('abort', () => reject(signal.reason));
            controller.abort();
          }),
      },
    });
    await expect(getItem(api, { signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted', attempts: 1 });
    expect(server.hits).toHaveLength(1);
  });

  it('is honoured while a body is read', async () => {
    const controller = new AbortController();
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":');
    });
    const abortAfterHeaders = async (req: Request, init?: RequestInit) => {
      const response = await fetch(req, init);
      controller.abort();
      return response;
    };
    const { api } = setup(server, { fetch: abortAfterHeaders });
    const { error } = await outcome(getItem(api, { signal: controller.signal }));
    expect(error).toMatchObject({ kind: 'aborted', attempts: 1 });
  });
});

describe('real sleeps', () => {
  it('the default clock waits for real between attempts', async () => {
    const server = await serve((_req, res, hit) => (hit < 2 ? res.writeHead(503).end() : ok(res)));
    // random() = 1 makes the one backoff exactly baseDelay; only a lower bound is asserted (a busy machine is slower)
    const api = createApiClient<paths>({ baseUrl: server.url, operations, retry: { baseDelay: 100 }, clock: { random: () => 1 } });
    const start = performance.now();
    await unwrap(getItem(api as ReturnType<typeof setup>['api']));
    expect(performance.now() - start).toBeGreaterThanOrEqual(95); // Node may fire a timer up to 1 ms early
    expect(server.hits).toHaveLength(2);
  });
});
