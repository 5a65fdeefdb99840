/**
 * A canary secret, given to the client in each of the five forms a credential takes (an `auth` credential, a client
 * header, a per-call header, a header parameter, a body field), never shows in anything an error exposes, on
 * every way a call can fail; and a call that carries it in any form follows no redirect to another origin.
 */
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { basic, createApiClient, GamestoreError, unwrap, type ApiClientOptions } from '../src/index.js';
import { fakeClock, json, operations, providerError, type paths } from './fixtures.js';
import { recordingFetch, type RecordedRequest } from '../src/testing.js';

const BASE = 'https://api.example.com/v2';
/** one frozen set per canary, reused by every call that names it (as a provider client reuses its header set) */
const frozenSets = new Map<string, Readonly<Record<string, string>>>();
const FROZEN = (c: string) => frozenSets.get(c) ?? frozenSets.set(c, Object.freeze({ 'x-access-token': c })).get(c)!;
const OTHER_KEY = { basicAuth: basic('1', 'other-key') };

type Form = (canary: string) => { client?: Partial<ApiClientOptions>; call?: Record<string, unknown>; body?: Record<string, unknown> };
const FORMS: Record<string, Form> = {
  'auth credential': (c) => ({ client: { auth: { basicAuth: basic('1', c) } } }),
  'client header': (c) => ({ client: { auth: OTHER_KEY, headers: { 'x-api-key': c } } }),
  'per-call header': (c) => ({ client: { auth: OTHER_KEY }, call: { headers: { authorization: `Bearer ${c}` } } }),
  'header parameter': (c) => ({ client: { auth: OTHER_KEY }, call: { params: { header: { 'x-access-token': c } } } }),
  // a provider's per-client header set is frozen and checked once: its secret is still known to every call
  'frozen header set': (c) => ({ client: { auth: OTHER_KEY }, call: { params: { header: FROZEN(c) } } }),
  'body field': (c) => ({ client: { auth: OTHER_KEY }, body: { client_secret: c } }),
};

/** an answer that quotes the canary, and the credential header it got, everywhere a provider could */
const echo = (c: string, req: RecordedRequest) => ({
  errorCode: c,
  errorMessage: `invalid key ${c} / ${req.headers.get('authorization')}`,
  transactionId: `tx-${c}`,
  extra: [c],
});

type Answer = (canary: string, clock: ReturnType<typeof fakeClock>, abort: (reason: unknown) => void) => (req: RecordedRequest) => Response | Promise<Response>;
const ANSWERS: Record<string, Answer> = {
  'http 4xx echoing it': (c) => (req) => json(echo(c, req), 401, { 'x-request-id': c }),
  'http 5xx echoing it, retried': (c) => (req) => json(echo(c, req), 503),
  'envelope echoing it in its code': (c) => () => json({ code: `E401 bad token ${c}`, message: `bad ${c}` }),
  'unparseable body echoing it': (c) => () => new Response(`{"k":${c}`, { headers: { 'content-type': 'application/json' } }),
  'network error naming it': (c) => () => {
    throw new TypeError(`fetch failed ${c}`, { cause: new Error(`connect ECONNREFUSED ${c}`) });
  },
  'cross-origin redirect to a URL holding it': (c) => () =>
    new Response(null, { status: 307, headers: { location: `https://evil.example/oauth/token?k=${c}` } }),
  'caller abort with it as reason': (c, _clock, abort) => () => {
    abort(new Error(c));
    return new Promise<Response>(() => undefined);
  },
  'timeout': (_c, clock) => () => {
    clock.fire();
    return new Promise<Response>(() => undefined);
  },
};

/** Every string a user could see of a failed call. */
function exposed(e: GamestoreError, result: { error?: unknown } | undefined, lines: string[]): string[] {
  return [
    e.message,
    e.stack ?? '',
    String(e),
    JSON.stringify(e),
    JSON.stringify(e.body) ?? '',
    String(e.code),
    String(e.providerMessage),
    String(e.requestId),
    inspect(e, { showHidden: true, depth: 20 }),
    JSON.stringify(result?.error) ?? '',
    ...lines,
  ];
}

describe('a canary secret in any credential form never leaks, on any failure (property)', () => {
  const cases = Object.keys(FORMS).flatMap((form) => Object.keys(ANSWERS).map((answer) => [form, answer] as const));

  it.each(cases)('%s, %s', async (form, answer) => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[A-Za-z0-9]{12,32}$/), async (tail) => {
        const canary = `sk_live_${tail}`;
        const clock = fakeClock();
        const controller = new AbortController();
        const { client, call, body } = FORMS[form]!(canary);
        const { fetch, calls } = recordingFetch(ANSWERS[answer]!(canary, clock, (r) => controller.abort(r)));
        const lines: string[] = [];
        const api = createApiClient<paths>({
          baseUrl: BASE,
          operations,
          fetch,
          clock,
          describeError: providerError,
          envelope: (b) => ((b as { code?: string }).code ? { code: (b as { code: string }).code, message: (b as { message?: string }).message } : undefined),
          logger: (event) => lines.push(JSON.stringify(event)),
          ...client,
        });
        const send = () =>
          api.POST('/orders', { body: { amount: '1', ...body } as { amount: string }, idempotent: true, signal: controller.signal, ...call });
        let result: { error?: unknown } | undefined;
        let error: unknown;
        try {
          result = await send();
          await unwrap(result as Awaited<ReturnType<typeof send>>);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(GamestoreError);
        for (const text of exposed(error as GamestoreError, result, lines)) {
          expect(text).not.toContain(canary);
          expect(text).not.toContain(btoa(`1:${canary}`));
        }
        // the call was credentialed: it never reached another origin
        expect(calls.every((c) => c.url.startsWith(BASE))).toBe(true);
        if (answer.includes('redirect')) expect(error).toMatchObject({ kind: 'redirect', attempts: 1 });
      }),
      { numRuns: 10 },
    );
  });
});

describe('what can never be sent fails before anything leaves', () => {
  const attempt = async (options: Partial<ApiClientOptions>, init: Record<string, unknown> = {}) => {
    const { fetch, calls } = recordingFetch(() => json({ id: '1', sku: 's', name: 'n', price: 1 }));
    let error: unknown;
    try {
      await createApiClient<paths>({ baseUrl: BASE, operations, fetch, clock: fakeClock(), ...options }).GET('/items/{item_id}', {
        params: { path: { item_id: '1' } },
        ...init,
      });
    } catch (e) {
      error = e;
    }
    return { error: error as GamestoreError, calls };
  };

  it.each([
    ['a credential header value outside Latin-1', { headers: { 'x-api-key': 'key-€uro' } }, {}, 'config'],
    ['a client header name with a space', { headers: { 'x api key': 'k' } }, {}, 'config'],
    ['a per-call header value outside Latin-1', {}, { headers: { authorization: 'Bearer tökén-ß€' } }, 'input'],
    ['a per-call header name with a space', {}, { headers: { 'bad name': 'v' } }, 'input'],
  ] as const)('%s is a typed %s error with attempts 0, naming no value', async (_name, options, init, kind) => {
    const { error, calls } = await attempt(options, init);
    expect(error).toBeInstanceOf(GamestoreError);
    expect(error).toMatchObject({ kind, attempts: 0 });
    expect(error.message).not.toMatch(/€|ö|ß|Bearer|key-/);
    expect(calls).toHaveLength(0);
  });

  it('an idempotency key that cannot be a header value is a typed input error, naming no value', async () => {
    const { fetch, calls } = recordingFetch(() => json({}));
    const api = createApiClient<paths>({ baseUrl: BASE, operations, fetch, clock: fakeClock(), auth: OTHER_KEY });
    const error = await api.POST('/orders', { body: { amount: '1' }, idempotencyKey: 'order-7\r\nx-injected: 1' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'input', attempts: 0, message: expect.stringContaining('"idempotency-key"') });
    expect((error as Error).message).not.toContain('order-7');
    expect(calls).toHaveLength(0);
  });

  it('a credential header without a value is left out; the credential\'s other headers are sent and scrubbed', async () => {
    const { fetch, calls } = recordingFetch(() => json({ code: 'E401', message: 'bad key cred-canary-77' }, 401));
    const api = createApiClient<paths>({
      baseUrl: BASE,
      operations,
      fetch,
      clock: fakeClock(),
      auth: { basicAuth: { secret: true, headers: () => ({ 'x-api-key': 'cred-canary-77', 'x-empty': undefined as never, 'x-null': null as never }) } },
    });
    const error = await unwrap(api.POST('/orders', { body: { amount: '1' } })).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'http', status: 401 });
    expect(JSON.stringify(error)).not.toContain('cred-canary-77');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.headers.get('x-api-key')).toBe('cred-canary-77');
    expect(calls[0]!.headers.has('x-empty')).toBe(false);
    expect(calls[0]!.headers.has('x-null')).toBe(false);
  });

  it('a frozen header set is checked once when good, and refused every time when not', async () => {
    const bad = Object.freeze({ 'x-lang': 'k\r\nx-injected: 1' });
    for (let i = 0; i < 2; i++) {
      const { error, calls } = await attempt({}, { params: { path: { item_id: '1' }, header: bad } });
      expect(error).toMatchObject({ kind: 'input', attempts: 0 });
      expect(calls).toHaveLength(0);
    }
    const good = Object.freeze({ 'x-access-token': 'sk_live_frozen_canary' });
    const { fetch, calls } = recordingFetch(() => json({ code: 'E401', message: 'bad key sk_live_frozen_canary' }, 401));
    const client = createApiClient<paths>({ baseUrl: BASE, operations, fetch, clock: fakeClock() });
    for (let i = 0; i < 2; i++) {
      const error = await unwrap(client.GET('/items/{item_id}', { params: { path: { item_id: '1' }, header: good as never } })).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'http', providerMessage: expect.stringContaining('bad key') });
      for (const shown of [inspect(error, { depth: 5 }), JSON.stringify(error), JSON.stringify((error as GamestoreError).body)]) {
        expect(shown).not.toContain('sk_live_frozen_canary');
      }
    }
    expect(calls.map((c) => c.headers.get('x-access-token'))).toEqual(['sk_live_frozen_canary', 'sk_live_frozen_canary']);
  });

  it.each(['api.example.com/v2', '/v2', 'ftp://api.example.com', '', 'http://[::1'])('a baseUrl without an http(s) scheme (%j) is a config error when the client is made', (baseUrl) => {
    expect(() => createApiClient<paths>({ baseUrl, operations })).toThrow(expect.objectContaining({ kind: 'config' }));
    try {
      createApiClient<paths>({ baseUrl, operations });
    } catch (e) {
      if (baseUrl) expect((e as Error).message).not.toContain(baseUrl);
    }
  });

  it.each([
    ['timeout', Infinity],
    ['timeout', 0],
    ['timeout', Number.NaN],
    ['timeout', -5],
    ['deadline', Infinity],
    ['deadline', 0],
  ] as const)('%s: %s is a config error, for the client and for a call', async (option, value) => {
    expect(() => createApiClient<paths>({ baseUrl: BASE, operations, [option]: value })).toThrow(expect.objectContaining({ kind: 'config' }));
    const { error, calls } = await attempt({}, { [option]: value });
    expect(error).toMatchObject({ kind: 'config', attempts: 0 });
    expect(calls).toHaveLength(0);
  });

  it('an already aborted signal sends nothing and asks no credential for a value', async () => {
    let asked = 0;
    const controller = new AbortController();
    controller.abort();
    const { fetch, calls } = recordingFetch(() => json({}));
    const api = createApiClient<paths>({
      baseUrl: BASE,
      operations,
      fetch,
      auth: { basicAuth: { secret: true, headers: () => (asked++, { authorization: 'Basic x' }) } },
    });
    await expect(api.POST('/orders', { body: { amount: '1' }, signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted', attempts: 0 });
    expect(asked).toBe(0);
    expect(calls).toHaveLength(0);
  });

  it('an abort while a credential is read (a token fetch that stalls) ends the call at once, as aborted', async () => {
    const controller = new AbortController();
    const { fetch, calls } = recordingFetch(() => json({}));
    const api = createApiClient<paths>({
      baseUrl: BASE,
      operations,
      fetch,
      auth: {
        basicAuth: {
          secret: true,
          headers: () => {
            controller.abort(); // the caller gives up while the credential is being fetched
            return new Promise<Record<string, string>>(() => undefined); // and the fetch never ends
          },
        },
      },
    });
    await expect(api.POST('/orders', { body: { amount: '1' }, signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted', attempts: 0 });
    expect(calls).toHaveLength(0);
  });
});
