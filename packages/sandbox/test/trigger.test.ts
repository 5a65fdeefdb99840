/**
 * `gamestore trigger` against our own handlers on loopback: every documented event of every provider is accepted
 * (and runs the handler's callback), every Xsolla event is refused under a wrong secret, a replay grants nothing.
 * Hive's handler verifies the notified order with Hive: the sandbox plays Hive.
 */
import { memoryIdempotencyStore } from '@gamestore/core';
import { createHivePaymentClient, createHivePaymentHandler } from '@gamestore/hive';
import { createPaymentCompleteHandler } from '@gamestore/stove';
import { createXsollaWebhookHandler } from '@gamestore/xsolla/webhooks';
import { describe, expect, it } from 'vitest';
import { webhookEvents } from '../src/events.js';
import { gamestore, sandbox, serve } from './helpers.js';

const SECRET = 'trigger-test-secret';

/** our Xsolla handler, recording which callback each notification ran */
async function xsollaEndpoint() {
  const ran: { callback: string; event: any }[] = [];
  const record = (callback: string) => (event: any) => void ran.push({ callback, event });
  const handler = createXsollaWebhookHandler({
    secret: SECRET,
    idempotency: memoryIdempotencyStore(),
    grant: record('grant'),
    revoke: record('revoke'),
    payment: record('payment'),
    validateUser: (event) => (record('validateUser')(event), true),
    personalizeCatalog: (event) => (record('personalizeCatalog')(event), [{ sku: 'sword', quantity: 1 }]),
  });
  return { url: `${(await serve(handler)).url}/xsolla`, ran };
}

/** the callback of our handler that each Xsolla notification runs */
const CALLBACK: Record<string, string> = {
  user_validation: 'validateUser',
  payment: 'payment',
  order_paid: 'grant',
  order_canceled: 'revoke',
  refund: 'revoke',
  partial_refund: 'revoke',
  partner_side_catalog: 'personalizeCatalog',
};

describe('gamestore trigger xsolla', () => {
  it('knows every webhook of the Catalog and LiveOps specs', () => {
    expect(webhookEvents('xsolla').map((e) => e.event).sort()).toEqual(Object.keys(CALLBACK).sort());
  });

  for (const { event } of webhookEvents('xsolla')) {
    it(`${event}: our handler accepts it (exit 0); under a wrong secret it refuses it (exit 1)`, async () => {
      const endpoint = await xsollaEndpoint();
      const ok = await gamestore('trigger', 'xsolla', event, '--to', endpoint.url, '--secret', SECRET);
      expect(ok.output).toContain(`expects for ${event}`);
      expect(ok.code).toBe(0);
      expect(endpoint.ran.map((r) => r.callback)).toEqual([CALLBACK[event]]);
      expect(endpoint.ran[0]!.event.notification_type).toBe(event);

      const forged = await gamestore('trigger', 'xsolla', event, '--to', endpoint.url, '--secret', 'not-the-secret');
      expect(forged.code).toBe(1);
      expect(forged.output).toContain('INVALID_SIGNATURE');
      expect(forged.output).toMatch(/✗ Xsolla expects (204|200) for/);
      expect(endpoint.ran).toHaveLength(1);
    });
  }

  it('sends fresh ids each run, so only a deliberate replay (--set order.id=…) repeats an order, and it grants nothing', async () => {
    const endpoint = await xsollaEndpoint();
    expect((await gamestore('trigger', 'xsolla', 'order_paid', '--to', endpoint.url, '--secret', SECRET)).code).toBe(0);
    expect((await gamestore('trigger', 'xsolla', 'order_paid', '--to', endpoint.url, '--secret', SECRET)).code).toBe(0);
    const [first, second] = endpoint.ran.map((r) => String(r.event.order.id));
    expect(first).not.toBe(second);

    const replay = await gamestore('trigger', 'xsolla', 'order_paid', '--to', endpoint.url, '--secret', SECRET, '--set', `order.id=${first}`);
    expect(replay.code).toBe(0);
    expect(endpoint.ran).toHaveLength(2);
  });

  it('answers usage errors with exit 2: no secret, an unknown event or provider, no --to', async () => {
    const endpoint = await xsollaEndpoint();
    for (const argv of [
      ['trigger', 'xsolla', 'order_paid', '--to', endpoint.url],
      ['trigger', 'xsolla', 'order_shipped', '--to', endpoint.url, '--secret', SECRET],
      ['trigger', 'steam', 'order_paid', '--to', endpoint.url],
      ['trigger', 'xsolla', 'order_paid', '--secret', SECRET],
      ['trigger', 'xsolla', 'order_paid', '--to', endpoint.url, '--secret', SECRET, '--set', 'order.id'],
      ['trigger', 'xsolla', 'order_paid', '--to', endpoint.url, '--secret', SECRET, '--frobnicate'],
    ]) {
      const { code, output } = await gamestore(...argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(output).toContain('usage:');
    }
    expect(endpoint.ran).toEqual([]);
  });

  it('says so when nothing answers (exit 1)', async () => {
    const endpoint = await serve();
    const { code, output } = await gamestore('trigger', 'xsolla', 'order_paid', '--to', `${endpoint.url.replace(/:\d+$/, ':9')}/x`, '--secret', SECRET);
    expect(code).toBe(1);
    expect(output).toContain('✗ no reply from');
  });
});

describe('gamestore trigger stove', () => {
  it('payment_complete: our payment-complete handler grants it once; the order number keeps every digit', async () => {
    const granted: any[] = [];
    const endpoint = await serve(createPaymentCompleteHandler({ idempotency: memoryIdempotencyStore(), grant: (n) => void granted.push(n) }));
    const argv = ['trigger', 'stove', 'payment_complete', '--to', `${endpoint.url}/stove`, '--set', 'txn_mst_no=9223372036854775807'];
    const first = await gamestore(...argv);
    expect(first.output).toContain('✓ 200 is what STOVE expects for payment_complete');
    expect(first.code).toBe(0);
    expect(granted).toHaveLength(1);
    expect(granted[0].txn_mst_no).toBe('9223372036854775807');

    const replay = await gamestore(...argv, '--set', `tid=${granted[0].tid}`);
    expect(replay.code).toBe(0);
    expect(granted).toHaveLength(1);
    expect((await gamestore('trigger', 'stove', 'payment_complete', '--to', endpoint.url, '--secret', 'x')).code).toBe(2);
  });

  it('payment_complete from a caller outside the allow-list (STOVE signs nothing: the allow-list is its secret) is refused (exit 1)', async () => {
    const granted: unknown[] = [];
    const guarded = await serve(createPaymentCompleteHandler({ idempotency: memoryIdempotencyStore(), grant: (n) => void granted.push(n), allowedIps: ['10.0.0.0/8'] }));
    const refused = await gamestore('trigger', 'stove', 'payment_complete', '--to', `${guarded.url}/stove`);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('403');
    expect(granted).toHaveLength(0);
  });
});

describe('gamestore trigger hive', () => {
  it('pg_payment: our handler verifies the order with Hive (the sandbox), grants it once, and refuses an order Hive never saw', async () => {
    const hive = await sandbox();
    const granted: any[] = [];
    const endpoint = await serve(
      createHivePaymentHandler({
        verifyPayment: createHivePaymentClient({ environment: 'sandbox', authKey: 'hive-key', appId: 'com.example.game', baseUrl: hive.url }),
        idempotency: memoryIdempotencyStore(),
        grant: (purchase) => void granted.push(purchase),
      }),
    );
    const paid = await fetch(`${hive.url}/_sandbox/hive/payments`, {
      method: 'POST',
      body: JSON.stringify({ player_id: '20000010000', server_id: 'global', market_pid: 'com.example.game.gem_pack_100' }),
    });
    const { payment } = (await paid.json()) as { payment: { order_id: string } };
    const order = ['--set', `order_id=${payment.order_id}`, '--set', 'vid="20000010000"', '--set', 'server_id=global', '--set', 'market_pid=com.example.game.gem_pack_100'];

    const first = await gamestore('trigger', 'hive', 'pg_payment', '--to', `${endpoint.url}/hive`, ...order);
    expect(first.output).toContain('✓ 200 is what Hive expects for pg_payment');
    expect(first.code).toBe(0);
    expect(granted).toEqual([expect.objectContaining({ order_id: payment.order_id, vid: '20000010000', market_pid: 'com.example.game.gem_pack_100' })]);
    expect((await gamestore('trigger', 'hive', 'pg_payment', '--to', `${endpoint.url}/hive`, ...order)).code).toBe(0);
    expect(granted).toHaveLength(1);

    const unknown = await gamestore('trigger', 'hive', 'pg_payment', '--to', `${endpoint.url}/hive`);
    expect(unknown.code).toBe(1);
    expect(unknown.output).toContain('✗ Hive expects 200 for pg_payment, not 422');
    expect(granted).toHaveLength(1);
  });
});
