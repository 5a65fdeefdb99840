/**
 * The Xsolla webhook handler on a real node:http server on 127.0.0.1 (and called directly where the socket adds
 * nothing): signatures over the raw bytes, exactly-once callbacks through the idempotency store, the documented
 * replies for every notification type of the spec, and no throw or 5xx for anything a client can send.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { memoryIdempotencyStore, type HandlerInfo, type IdempotencyStore } from '@gamestore/core';
import { toNodeListener } from '@gamestore/core/node';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createXsollaWebhookHandler, signXsollaWebhook, XSOLLA_WEBHOOK_IPS, type XsollaWebhookHandlerOptions } from '../src/webhooks.js';
import { loadSpec } from './spec.js';

const SECRET = 'webhook-secret-key-6f1d';
const spec = await loadSpec('catalog');
/** the spec's first example of each webhook, by notification_type */
const EXAMPLES = Object.fromEntries(
  spec.webhooks.flatMap((w) => (w.body?.examples ?? []).slice(0, 1).map((e) => [(e as { notification_type: string }).notification_type, e])),
) as Record<string, Record<string, any>>;
const ORDER_PAID = EXAMPLES.order_paid!;

/**
 * Every test talks to the handler over a real socket: one node:http server on 127.0.0.1 for the file, serving the
 * handler of the test at hand (tests of one file run one after another).
 */
type Handler = (request: Request, info?: HandlerInfo) => Promise<Response>;
let current: Handler = async () => new Response(null, { status: 503 });
let loopback: Server;
let base: string;
beforeAll(async () => {
  loopback = createServer(toNodeListener((request, info) => current(request, info)));
  await new Promise<void>((resolve) => loopback.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(loopback.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => loopback.close(() => resolve())));

/** `handler` behind the loopback server: a Request in, the server's Response out. */
const overLoopback =
  (handler: Handler): Handler =>
  async (request) => {
    current = handler;
    const { pathname } = new URL(request.url);
    const body = request.method === 'GET' || request.method === 'HEAD' ? null : await request.arrayBuffer();
    return fetch(base + pathname, { method: request.method, headers: request.headers, body });
  };

type Calls = { grant: unknown[]; revoke: unknown[]; payment: unknown[] };
function setup(extra: Partial<XsollaWebhookHandlerOptions> = {}, store: IdempotencyStore = memoryIdempotencyStore()) {
  const calls: Calls = { grant: [], revoke: [], payment: [] };
  const errors: unknown[] = [];
  const handler = createXsollaWebhookHandler({
    secret: SECRET,
    idempotency: store,
    grant: (e) => void calls.grant.push(e),
    revoke: (e) => void calls.revoke.push(e),
    payment: (e) => void calls.payment.push(e),
    validateUser: (e) => (e as { user?: { id?: string } }).user?.id !== 'unknown-user',
    onError: (e) => errors.push(e),
    ...extra,
  });
  return { handler: overLoopback(handler), calls, errors };
}

const signedRequest = async (body: string, auth?: string | null, headers: Record<string, string> = {}) =>
  new Request('http://game.test/xsolla', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth !== null && { authorization: auth ?? (await signXsollaWebhook(body, SECRET)) }), ...headers },
    body,
  });
const errorCode = async (r: Response) => ((await r.json()) as { error: { code: string } }).error.code;

describe('the signature', () => {
  const body = JSON.stringify(ORDER_PAID);

  it('a valid signature over the raw bytes grants once', async () => {
    const { handler, calls } = setup();
    expect((await handler(await signedRequest(body))).status).toBe(204);
    expect(calls.grant).toHaveLength(1);
  });

  it.each([
    ['wrong', 'Signature ' + '0'.repeat(40)],
    ['missing', null],
    ['length-extended', async () => `${await signXsollaWebhook(body, SECRET)}00`],
    ['truncated', async () => (await signXsollaWebhook(body, SECRET)).slice(0, -2)],
    ['another scheme', async () => (await signXsollaWebhook(body, SECRET)).replace('Signature', 'Bearer')],
    ['signed with another secret', async () => signXsollaWebhook(body, `${SECRET}x`)],
  ] as const)('a %s signature is refused with INVALID_SIGNATURE and nothing runs', async (_name, auth) => {
    const { handler, calls } = setup();
    const header = typeof auth === 'function' ? await auth() : auth;
    const response = await handler(await signedRequest(body, header));
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('INVALID_SIGNATURE');
    expect(calls.grant).toHaveLength(0);
  });

  it('a body changed by one byte after signing is refused (still valid JSON: another order id)', async () => {
    const { handler, calls } = setup();
    const auth = await signXsollaWebhook(body, SECRET);
    const changed = body.replace(/("order":\{"id":\d*)(\d)/, (_m, head: string, last: string) => head + ((Number(last) + 1) % 10));
    expect(changed).not.toBe(body);
    expect(changed.length).toBe(body.length);
    const response = await handler(await signedRequest(changed, auth));
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('INVALID_SIGNATURE');
    expect(calls.grant).toHaveLength(0);
  });
});

describe('exactly once', () => {
  const body = JSON.stringify(ORDER_PAID);

  it('a replay is acknowledged and does not grant again', async () => {
    const { handler, calls } = setup();
    const first = await handler(await signedRequest(body));
    const replay = await handler(await signedRequest(body));
    expect([first.status, replay.status]).toEqual([204, 204]);
    expect(calls.grant).toHaveLength(1);
  });

  it('200 concurrent duplicates grant once; the others are told to retry (500) or acknowledged', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let granted = 0;
    const { handler } = setup({
      grant: async () => {
        granted++;
        await gate;
      },
    });
    const requests = await Promise.all(Array.from({ length: 200 }, () => signedRequest(body)));
    const pending = requests.map((r) => handler(r));
    await new Promise((r) => setImmediate(r));
    release();
    const statuses = (await Promise.all(pending)).map((r) => r.status);
    expect(granted).toBe(1);
    expect(statuses.filter((s) => s === 204).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 204 || s === 500)).toBe(true);
    expect((await handler(await signedRequest(body))).status).toBe(204); // the redelivery after: acknowledged
    expect(granted).toBe(1);
  });

  it('a grant that throws answers 5xx, is released, and is granted on redelivery', async () => {
    let attempts = 0;
    const { handler, errors } = setup({
      grant: () => {
        if (++attempts === 1) throw new Error('inventory down');
      },
    });
    const failed = await handler(await signedRequest(body));
    expect(failed.status).toBe(500);
    expect(await failed.text()).toBe(''); // nothing of the failure leaves the server
    expect(errors).toHaveLength(1);
    expect((await handler(await signedRequest(body))).status).toBe(204);
    expect(attempts).toBe(2);
  });

  it('keeps every digit of an int64 order id', async () => {
    const { handler, calls } = setup();
    const text = body.replace(/"order":\{"id":\d+/, '"order":{"id":9223372036854775807');
    expect((await handler(await signedRequest(text))).status).toBe(204);
    expect((calls.grant[0] as { order: { id: unknown } }).order.id).toBe('9223372036854775807');
  });
});

describe('bodies', () => {
  it('an oversized body is refused before it is read whole (413)', async () => {
    const { handler } = setup({ maxBodyBytes: 1024 });
    const big = JSON.stringify({ ...ORDER_PAID, pad: 'x'.repeat(4096) });
    expect((await handler(await signedRequest(big))).status).toBe(413);
  });

  it.each([
    ['not JSON', '{"notification_type":'],
    ['an array', '[1,2]'],
    ['no notification_type', '{"order":{"id":1}}'],
    ['an order_paid without an order id', '{"notification_type":"order_paid","order":{}}'],
  ])('a signed body that is %s is refused with INVALID_PARAMETER', async (_name, text) => {
    const { handler, calls } = setup();
    const response = await handler(await signedRequest(text));
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('INVALID_PARAMETER');
    expect(calls.grant).toHaveLength(0);
  });

  it('another media type is refused (415), another method too (405)', async () => {
    const { handler } = setup();
    const text = JSON.stringify(ORDER_PAID);
    expect((await handler(await signedRequest(text, undefined, { 'content-type': 'text/plain' }))).status).toBe(415);
    expect((await handler(new Request('http://game.test/xsolla'))).status).toBe(405);
  });
});

describe('every notification type of the spec gets its documented reply', () => {
  it.each(Object.keys(EXAMPLES))('%s', async (type) => {
    const { handler, calls } = setup();
    const response = await handler(await signedRequest(JSON.stringify(EXAMPLES[type])));
    expect(response.status).toBe(204);
    const ran = { order_paid: calls.grant, payment: calls.payment, order_canceled: calls.revoke, refund: calls.revoke, partial_refund: calls.revoke }[type];
    if (ran) expect(ran).toHaveLength(1);
  });

  it('user_validation of an unknown user answers INVALID_USER', async () => {
    const { handler } = setup();
    const response = await handler(await signedRequest(JSON.stringify({ ...EXAMPLES.user_validation, user: { ...EXAMPLES.user_validation!.user, id: 'unknown-user' } })));
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('INVALID_USER');
  });
});

describe('LiveOps partner_side_catalog', () => {
  const event = { notification_type: 'partner_side_catalog', user: { user_id: '12345', country: 'US' } };
  it('answers the items the game gives, 404 for an unknown user, an empty list without a callback', async () => {
    const items = [{ sku: 'com.xsolla.sword_1', quantity: null }];
    const known = setup({ personalizeCatalog: (e) => ((e as { user: { user_id: string } }).user.user_id === '12345' ? items : null) });
    const answer = await known.handler(await signedRequest(JSON.stringify(event)));
    expect([answer.status, await answer.json()]).toEqual([200, items]);
    const unknown = await known.handler(await signedRequest(JSON.stringify({ ...event, user: { user_id: 'nobody' } })));
    expect(unknown.status).toBe(404);
    const none = await setup().handler(await signedRequest(JSON.stringify(event)));
    expect([none.status, await none.json()]).toEqual([200, []]);
  });
});

describe('on a node:http server on 127.0.0.1', () => {
  let server: Server;
  let url: string;
  let granted = 0;
  beforeAll(async () => {
    const handler = createXsollaWebhookHandler({ secret: SECRET, idempotency: memoryIdempotencyStore(), grant: () => void granted++, allowedIps: ['127.0.0.0/8'] });
    server = createServer(toNodeListener(handler));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/xsolla`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('grants once over the socket, and a replay is acknowledged without a second grant', async () => {
    const body = JSON.stringify(ORDER_PAID);
    const post = async () => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: await signXsollaWebhook(body, SECRET) }, body });
    expect((await post()).status).toBe(204);
    expect((await post()).status).toBe(204);
    expect(granted).toBe(1);
  });

  it('refuses a caller outside the allow-list, whatever its headers say', async () => {
    const handler = createXsollaWebhookHandler({ secret: SECRET, idempotency: memoryIdempotencyStore(), allowedIps: XSOLLA_WEBHOOK_IPS });
    const request = await signedRequest(JSON.stringify(ORDER_PAID), undefined, { 'x-forwarded-for': XSOLLA_WEBHOOK_IPS[0]!.split('/')[0]! });
    expect((await handler(request, { remoteAddress: '203.0.113.9' })).status).toBe(403);
  });
});

describe('no input makes it throw or answer 5xx (property)', () => {
  it('random bodies and headers, signed or not', async () => {
    const { handler, errors } = setup();
    const bodies = fc.oneof(
      fc.string(),
      fc.json(),
      fc.record({ notification_type: fc.constantFrom(...Object.keys(EXAMPLES), 'other', ''), order: fc.anything(), transaction: fc.anything(), user: fc.anything() }).map((o) => JSON.stringify(o)),
    );
    await fc.assert(
      fc.asyncProperty(bodies, fc.boolean(), fc.option(fc.string()), async (body, sign, header) => {
        const response = await handler(await signedRequest(body, sign ? undefined : (header ?? null)));
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
    expect(errors).toEqual([]);
  });
});
