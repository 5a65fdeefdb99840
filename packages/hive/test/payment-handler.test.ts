/**
 * The Hive PG payment notification handler on loopback: a real node:http server runs the handler, and a second
 * one plays Hive (the payment completion history and IAP v4 receipt verification), reached by the real payment
 * client. Nothing is granted that Hive did not confirm, and nothing twice.
 */
import { unavailableStore } from '@gamestore/core/testing';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { memoryIdempotencyStore, type IdempotencyStore } from '@gamestore/core';
import { toNodeListener, type WebHandler } from '@gamestore/core/node';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHivePaymentClient, createHivePaymentHandler, identifyPgPayment, type UnconsumedPurchase } from '../src/index.js';

const PLAYER = '9007199254740993'; // above 2^53: a double would turn it into ...992
const PURCHASE: UnconsumedPurchase = {
  market_pid: 'com.example.gem_100',
  order_id: 'PG-1',
  server_id: 'global',
  vid: PLAYER,
  amount: '1200',
  currency: 'KRW',
  quantity: 1,
  started_datetime: '2025-02-21 10:14:02',
  paid_datetime: '2025-02-21 10:15:40',
  purchase_bypass_info: 'receipt-PG-1',
};

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/** Hive on loopback: what it has recorded, what it answers, and every request it got. */
const hive = {
  purchases: [] as UnconsumedPurchase[],
  receiptResult: 0,
  down: false,
  requests: [] as { path: string; auth: string | undefined; body: string }[],
};
const hiveServer = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    hive.requests.push({ path: req.url ?? '', auth: req.headers.authorization, body });
    if (hive.down) return void res.writeHead(503).end();
    res.setHeader('content-type', 'application/json');
    if (req.url === '/api_v4/purchases/unconsumed') {
      return void res.end(JSON.stringify({ result: 0, result_msg: 'SUCCESS', unconsumed_lists: hive.purchases }));
    }
    if (req.url === '/api_v4/verify') {
      return void res.end(JSON.stringify({ result: hive.receiptResult, result_msg: hive.receiptResult ? 'invalid receipt' : 'SUCCESS', hiveiap_transaction_id: 'TX-1' }));
    }
    res.writeHead(404).end('{}');
  });
});

let hiveUrl = '';
beforeAll(async () => {
  hiveUrl = await listen(hiveServer);
});
afterAll(() => close(hiveServer));
beforeEach(() => {
  hive.purchases = [PURCHASE];
  hive.receiptResult = 0;
  hive.down = false;
  hive.requests = [];
});

const client = () => createHivePaymentClient({ environment: 'production', authKey: 'hive-auth-key-canary', appId: 'com.example.game', baseUrl: hiveUrl, retry: false });

/** The notification as Hive would post it for PURCHASE (player id as a bare JSON integer). */
const NOTIFICATION = `{"type":"paid","order_id":"PG-1","server_id":"global","vid":${PLAYER},"market_pid":"com.example.gem_100"}`;

async function serve(handler: WebHandler) {
  const server = createServer(toNodeListener(handler));
  const url = await listen(server);
  const post = (body: string = NOTIFICATION, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(url, { method: 'POST', headers, body });
  return { url, post, close: () => close(server) };
}

function setup(options: { grant?: (p: UnconsumedPurchase) => unknown; idempotency?: IdempotencyStore; allowedIps?: string[] } = {}) {
  const grants: { purchase: UnconsumedPurchase; orderKey: string; transactionId?: string | undefined }[] = [];
  const revokes: string[] = [];
  const errors: unknown[] = [];
  const handler = createHivePaymentHandler({
    verifyPayment: client(),
    idempotency: options.idempotency ?? memoryIdempotencyStore(),
    grant: async (purchase, context) => {
      await options.grant?.(purchase);
      grants.push({ purchase, orderKey: context.orderKey, transactionId: context.transactionId });
    },
    revoke: (payment, context) => void revokes.push(`${context.orderKey} ${payment.playerId}`),
    allowedIps: options.allowedIps,
    onError: (e) => errors.push(e),
  });
  return { handler, grants, revokes, errors };
}

describe('Hive payment notification handler: verified, then granted once', () => {
  it('a valid notification is verified with Hive and granted once, from Hive\'s record', async () => {
    const { handler, grants } = setup();
    const server = await serve(handler);
    const response = await server.post();
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(grants).toEqual([{ purchase: { ...PURCHASE, vid: PLAYER }, orderKey: 'hive-pg:PG-1', transactionId: 'TX-1' }]);
    // the completion history was asked for this player, digit for digit, with the auth key; then the receipt
    expect(hive.requests.map((r) => r.path)).toEqual(['/api_v4/purchases/unconsumed', '/api_v4/verify']);
    expect(hive.requests[0]!.auth).toBe('Bearer hive-auth-key-canary');
    expect(hive.requests[0]!.body).toBe(`{"appid":"com.example.game","market_id":15,"server_id":"global","user_id_type":"player_id","user_id":${PLAYER}}`);
    await server.close();
  });

  it('verification says no: nothing granted, the documented 422; once Hive has the order, a redelivery grants', async () => {
    const { handler, grants } = setup();
    const server = await serve(handler);
    hive.purchases = [];
    const unknown = await server.post();
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ error_code: 'payment_not_verified' });
    hive.purchases = [{ ...PURCHASE, server_id: 'asia' }];
    expect((await server.post()).status).toBe(422); // another server's record: a mismatch
    hive.purchases = [PURCHASE];
    hive.receiptResult = 1;
    expect((await server.post()).status).toBe(422); // IAP v4 refused the receipt
    expect(grants).toHaveLength(0);
    hive.receiptResult = 0;
    expect((await server.post()).status).toBe(200);
    expect(grants).toHaveLength(1);
    await server.close();
  });

  it('a replay and 200 concurrent duplicates grant once; every answer is 200 or a 409 to try again', async () => {
    const { handler, grants } = setup({ grant: () => new Promise((r) => setTimeout(r, 20)) });
    const server = await serve(handler);
    const answers = await Promise.all(Array.from({ length: 200 }, () => server.post().then((r) => r.status)));
    expect(grants).toHaveLength(1);
    expect(answers.filter((s) => s !== 200 && s !== 409)).toEqual([]);
    expect(answers).toContain(200);
    expect((await server.post()).status).toBe(200); // a later replay: already granted, Hive not asked again
    expect(grants).toHaveLength(1);
    expect(hive.requests.filter((r) => r.path === '/api_v4/purchases/unconsumed')).toHaveLength(1);
    await server.close();
  });

  it('a grant that throws is released: 500 without details, and the redelivery grants once', async () => {
    let fail = true;
    const { handler, grants, errors } = setup({
      grant: () => {
        if (fail) throw new Error('inventory down');
      },
    });
    const server = await serve(handler);
    const failed = await server.post();
    expect(failed.status).toBe(500);
    expect(await failed.text()).not.toContain('inventory');
    expect(errors).toEqual([expect.objectContaining({ message: 'inventory down' })]);
    fail = false;
    expect((await server.post()).status).toBe(200);
    expect((await server.post()).status).toBe(200);
    expect(grants).toHaveLength(1);
    await server.close();
  });

  it('Hive unreachable: 500, nothing granted, and the next delivery verifies again', async () => {
    const { handler, grants } = setup();
    const server = await serve(handler);
    hive.down = true;
    expect((await server.post()).status).toBe(500);
    hive.down = false;
    expect((await server.post()).status).toBe(200);
    expect(grants).toHaveLength(1);
    await server.close();
  });

  it('a store that fails grants nothing and answers 503', async () => {
    const broken = unavailableStore(new Error('db down'));
    const { handler, grants } = setup({ idempotency: broken });
    const server = await serve(handler);
    const response = await server.post();
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error_code: 'store_unavailable' });
    expect(grants).toHaveLength(0);
    await server.close();
  });

  it('a cancellation revokes once; an event it does not know is acknowledged and changes nothing', async () => {
    const { handler, grants, revokes } = setup();
    const server = await serve(handler);
    const cancel = NOTIFICATION.replace('"paid"', '"cancelled"');
    expect((await server.post(cancel)).status).toBe(200);
    expect((await server.post(cancel)).status).toBe(200);
    expect(revokes).toEqual([`hive-pg:PG-1 ${PLAYER}`]);
    expect((await server.post(NOTIFICATION.replace('"paid"', '"repaid_by_user"'))).status).toBe(200);
    expect(grants).toHaveLength(0);
    expect(hive.requests).toHaveLength(0);
    await server.close();
  });
});

describe('Hive payment notification handler: refusals', () => {
  it('a caller outside the allow-list is refused with 403 before its body is read', async () => {
    const { handler, grants } = setup({ allowedIps: ['10.0.0.0/8'] });
    let pulled = false;
    const body = new ReadableStream(
      {
        pull(controller) {
          pulled = true;
          controller.enqueue(new TextEncoder().encode(NOTIFICATION));
          controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    const request = new Request('http://127.0.0.1/', { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
    const response = await handler(request, { remoteAddress: '203.0.113.5' });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error_code: 'forbidden' });
    expect(pulled).toBe(false);
    expect(grants).toHaveLength(0);
    // over loopback, 127.0.0.1 is outside 10.0.0.0/8 too
    const server = await serve(handler);
    expect((await server.post()).status).toBe(403);
    await server.close();
  });

  it.each([
    ['malformed JSON', '{"order_id":', 'application/json', 400, 'invalid_json'],
    ['not an object', '[1,2]', 'application/json', 400, 'invalid_body'],
    ['no order named', '{"type":"paid","server_id":"global"}', 'application/json', 400, 'invalid_body'],
    ['a fractional player id', '{"order_id":"PG-1","server_id":"global","vid":1.5}', 'application/json', 400, 'invalid_json'],
    ['the wrong content type', NOTIFICATION, 'text/plain', 415, 'unsupported_media_type'],
    ['an oversized body', `{"pad":"${'x'.repeat(70_000)}"}`, 'application/json', 413, 'body_too_large'],
  ])('%s → %i %s, nothing granted, Hive not asked', async (_name, body, type, status, code) => {
    const { handler, grants } = setup();
    const server = await serve(handler);
    const response = await server.post(body, { 'content-type': type });
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ error_code: code });
    expect(grants).toHaveLength(0);
    expect(hive.requests).toHaveLength(0);
    await server.close();
  });

  it('answers GET with 405 naming POST', async () => {
    const { handler } = setup();
    const response = await handler(new Request('http://127.0.0.1/', { method: 'GET' }));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('never throws and never answers 5xx for a body it was sent (500 random bodies)', async () => {
    const { handler, grants } = setup();
    hive.purchases = [];
    const value = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.constant(null), fc.boolean(), fc.constant('PG-1'), fc.constant('global'));
    const body = fc.oneof(
      fc.string(),
      fc.json(),
      fc.dictionary(fc.constantFrom('order_id', 'server_id', 'vid', 'player_id', 'type', 'market_pid', 'x'), value).map((o) => JSON.stringify(o)),
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const response = await handler(new Request('http://127.0.0.1/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: text }));
        expect(response.status === 200 || (response.status >= 400 && response.status < 500), `${response.status} for ${text}`).toBe(true);
      }),
      { numRuns: 500 },
    );
    expect(grants).toHaveLength(0);
  });

  it('refuses to build without grant, store or a way to verify', () => {
    const base = { verifyPayment: client(), grant: () => undefined, idempotency: memoryIdempotencyStore() };
    expect(() => createHivePaymentHandler({ ...base, grant: undefined as never })).toThrow(/grant/);
    expect(() => createHivePaymentHandler({ ...base, idempotency: {} as never })).toThrow(/idempotency/);
    expect(() => createHivePaymentHandler({ ...base, verifyPayment: {} as never })).toThrow(/verifyPayment/);
  });
});

describe('identifyPgPayment', () => {
  it('reads the order, server and player, the event from `type`, and paid when there is none', () => {
    expect(identifyPgPayment({ order_id: 'A', server_id: 's', player_id: 7 })).toEqual({ orderId: 'A', serverId: 's', playerId: '7', event: 'paid' });
    expect(identifyPgPayment({ order_id: 'A', server_id: 's', vid: '7', type: 'Refunded' })).toMatchObject({ event: 'cancelled' });
    expect(identifyPgPayment({ order_id: 'A', server_id: 's' })).toBeUndefined();
    expect(identifyPgPayment({ order_id: 'A'.repeat(300), server_id: 's', vid: '7' })).toBeUndefined();
  });
});
