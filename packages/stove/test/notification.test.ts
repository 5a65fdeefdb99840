import { unavailableStore } from '@gamestore/core/testing';
import { describe, expect, it, vi } from 'vitest';
import { createPaymentCompleteHandler, memoryIdempotencyStore, type IdempotencyStore } from '../src/index.js';

const post = (body: string, type = 'application/json') =>
  new Request('http://game.test/stove/payment-complete', { method: 'POST', headers: { 'content-type': type }, body });
const NOTIFICATION = '{"bill_platform_type":"SHOP","noti_type":"ONLINE_PURCHASE","world_id":"AAA","guid":"200000000397","tid":"T202202103125","txn_mst_no":5683669676745096842,"products":[{"product_id":1}]}';
const answer = async (r: Response) => ({ status: r.status, body: JSON.parse(await r.text()) as { code: number; message: string } });

describe('payment-complete handler', () => {
  it('grants once and acknowledges with code 0, passing the order number exact to the digit', async () => {
    const grant = vi.fn();
    const handler = createPaymentCompleteHandler({ grant, idempotency: memoryIdempotencyStore() });
    expect(await answer(await handler(post(NOTIFICATION)))).toEqual({ status: 200, body: { code: 0, message: 'OK' } });
    expect(grant).toHaveBeenCalledOnce();
    const [notification, context] = grant.mock.calls[0]!;
    expect(notification).toMatchObject({ guid: '200000000397', tid: 'T202202103125', txn_mst_no: '5683669676745096842', products: [{ product_id: 1 }] });
    expect(context.orderKey).toBe('T202202103125');
  });

  it('does not grant twice when STOVE replays the notification', async () => {
    const grant = vi.fn();
    const store = memoryIdempotencyStore();
    const handler = createPaymentCompleteHandler({ grant, idempotency: store });
    await handler(post(NOTIFICATION));
    const replay = await answer(await handler(post(NOTIFICATION)));
    expect(replay).toEqual({ status: 200, body: { code: 0, message: 'OK (already granted)' } });
    expect(grant).toHaveBeenCalledOnce();
    expect(store.size).toBe(2); // both identifiers of the payment: tid and txn_mst_no
  });

  it('grants once when one payment arrives with its tid, without it, and with the tid in another case', async () => {
    const grant = vi.fn();
    const handler = createPaymentCompleteHandler({ grant, idempotency: memoryIdempotencyStore() });
    const withTid = NOTIFICATION;
    const withoutTid = NOTIFICATION.replace('"tid":"T202202103125",', '');
    const otherCase = NOTIFICATION.replace('T202202103125', 't202202103125');
    const answers = [];
    for (const body of [withTid, withoutTid, otherCase]) answers.push((await answer(await handler(post(body)))).body.code);
    expect(answers).toEqual([0, 0, 0]);
    expect(grant).toHaveBeenCalledOnce();
    // and in the other order: the delivery without tid first
    const second = vi.fn();
    const other = createPaymentCompleteHandler({ grant: second, idempotency: memoryIdempotencyStore() });
    for (const body of [withoutTid, otherCase, withTid]) await other(post(body));
    expect(second).toHaveBeenCalledOnce();
  });

  it('refuses a forged caller before reading its body: outside the allow-list, or failing verify', async () => {
    const grant = vi.fn();
    const handler = createPaymentCompleteHandler({ grant, idempotency: memoryIdempotencyStore(), allowedIps: ['10.1.2.0/24'] });
    const body = new ReadableStream({ pull: () => Promise.reject(new Error('the body must not be read')) });
    const forged = new Request('http://game.test/', { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
    const refused = await handler(forged, { remoteAddress: '203.0.113.5' });
    expect(await answer(refused)).toEqual({ status: 403, body: { code: 40300, message: 'caller address is not allowed' } });
    expect((await answer(await handler(post(NOTIFICATION), { remoteAddress: '10.1.2.3' }))).status).toBe(200);
    expect(await handler(post(NOTIFICATION))).toMatchObject({ status: 403 }); // no address from the runtime: refused
    const verified = createPaymentCompleteHandler({
      grant,
      idempotency: memoryIdempotencyStore(),
      verify: (request) => request.headers.get('x-stove-shared-secret') === 'agreed-with-stove',
    });
    expect((await verified(post(NOTIFICATION))).status).toBe(403);
    const ok = new Request('http://game.test/', { method: 'POST', headers: { 'content-type': 'application/json', 'x-stove-shared-secret': 'agreed-with-stove' }, body: NOTIFICATION });
    expect((await verified(ok)).status).toBe(200);
    expect(grant).toHaveBeenCalledTimes(2);
  });

  it('grants once when two deliveries of the same order arrive together', async () => {
    let finish!: () => void;
    const grant = vi.fn(() => new Promise<void>((r) => (finish = r)));
    const handler = createPaymentCompleteHandler({ grant, idempotency: memoryIdempotencyStore() });
    const first = handler(post(NOTIFICATION));
    await vi.waitFor(() => expect(grant).toHaveBeenCalledOnce());
    const second = await answer(await handler(post(NOTIFICATION)));
    expect(second.status).toBe(409);
    expect(second.body.code).not.toBe(0);
    finish();
    expect((await answer(await first)).body.code).toBe(0);
    expect(grant).toHaveBeenCalledOnce();
  });

  it('de-duplicates on txn_mst_no when there is no tid', async () => {
    const grant = vi.fn();
    const handler = createPaymentCompleteHandler({ grant, idempotency: memoryIdempotencyStore() });
    const body = '{"bill_platform_type":"SHOP","noti_type":"ONLINE_PURCHASE","guid":"1","txn_mst_no":5683669676745096842}';
    await handler(post(body));
    await handler(post(body.replace('96842', '96843')));
    await handler(post(body));
    expect(grant.mock.calls.map(([, c]) => c.orderKey)).toEqual(['5683669676745096842', '5683669676745096843']);
  });

  it('releases the order after a failed grant so the retry grants, and never leaks the failure', async () => {
    const onError = vi.fn();
    const grant = vi.fn().mockRejectedValueOnce(new Error('db password=hunter2')).mockResolvedValueOnce(undefined);
    const handler = createPaymentCompleteHandler({ grant, idempotency: memoryIdempotencyStore(), onError });
    const failed = await handler(post(NOTIFICATION));
    expect(failed.status).toBe(500);
    expect(await failed.text()).not.toContain('hunter2');
    expect(onError).toHaveBeenCalledOnce();
    expect((await answer(await handler(post(NOTIFICATION)))).body.code).toBe(0);
    expect(grant).toHaveBeenCalledTimes(2);
  });

  it('answers 500 without granting when the store is down', async () => {
    const grant = vi.fn();
    const broken = unavailableStore(new Error('down'));
    const handler = createPaymentCompleteHandler({ grant, idempotency: broken });
    expect((await handler(post(NOTIFICATION))).status).toBe(500);
    expect(grant).not.toHaveBeenCalled();
  });

  it.each([
    ['not JSON', post('{"bill_platform_type":'), 400],
    ['an array', post('[]'), 400],
    ['no guid', post('{"bill_platform_type":"SHOP","noti_type":"ONLINE_PURCHASE","tid":"T1"}'), 400],
    ['no order number', post('{"bill_platform_type":"SHOP","noti_type":"ONLINE_PURCHASE","guid":"1"}'), 400],
    ['tid too long', post('{"bill_platform_type":"SHOP","noti_type":"ONLINE_PURCHASE","guid":"1","tid":"T123456789012345678901"}'), 400],
    ['guid an object', post('{"bill_platform_type":"SHOP","noti_type":"ONLINE_PURCHASE","guid":{},"tid":"T1"}'), 400],
    ['txn_mst_no a fraction', post('{"bill_platform_type":"SHOP","noti_type":"ONLINE_PURCHASE","guid":"1","txn_mst_no":1.5}'), 400],
    ['form body', post('a=1', 'application/x-www-form-urlencoded'), 415],
    ['too large', post(`{"bill_platform_type":"SHOP","x":"${'y'.repeat(70_000)}"}`), 413],
    ['GET', new Request('http://game.test/', { method: 'GET' }), 405],
  ])('rejects %s with a clear error and grants nothing', async (_name, request, status) => {
    const grant = vi.fn();
    const handler = createPaymentCompleteHandler({ grant, idempotency: memoryIdempotencyStore() });
    const r = await answer(await handler(request));
    expect(r.status).toBe(status);
    expect(r.body.code).not.toBe(0);
    expect(r.body.message.length).toBeGreaterThan(3);
    expect(grant).not.toHaveBeenCalled();
  });

  it('accepts a numeric guid as its digits', async () => {
    const grant = vi.fn();
    const handler = createPaymentCompleteHandler({ grant, idempotency: memoryIdempotencyStore() });
    await handler(post('{"bill_platform_type":"SHOP","noti_type":"ONLINE_PURCHASE","guid":200000000397,"tid":"T9"}'));
    expect(grant.mock.calls[0]![0].guid).toBe('200000000397');
  });

  it('refuses to build without a grant function or a store', () => {
    expect(() => createPaymentCompleteHandler({ idempotency: memoryIdempotencyStore() } as never)).toThrow(/grant/);
    expect(() => createPaymentCompleteHandler({ grant: () => undefined } as never)).toThrow(/idempotency/);
  });
});
