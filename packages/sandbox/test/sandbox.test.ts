/**
 * The sandbox through the clients and handlers users run, on loopback: the Xsolla purchase flow (item → catalog →
 * cart → order → paid in the sandbox → signed order_paid → our handler grants once → done), cancellations and
 * refunds, STOVE's purchase → notification → inventory and Hive's payment → notification → verification with the
 * sandbox; Hive's profile fetched from the game's webstore-profile endpoint, kept, and the payments it allows; Xsolla's item groups and virtual currencies; every stateful answer checked against its spec; examples, validation, persistence and the command.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isGamestoreError, memoryIdempotencyStore } from '@gamestore/core';
import { createHivePaymentClient, createHivePaymentHandler, createWebstoreProfileHandler } from '@gamestore/hive';
import { createPaymentCompleteHandler, createStoveClient } from '@gamestore/stove';
import { createXsollaCatalogClient } from '@gamestore/xsolla';
import { createXsollaWebhookHandler } from '@gamestore/xsolla/webhooks';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../src/command.js';
import { checkingFetch, contractSpecs, sandbox, serve } from './helpers.js';

const SECRET = 'sandbox-test-secret';
const PROJECT = '44056';
const SWORD = { sku: 'sword_1', name: { en: 'Sword' }, is_enabled: true, prices: [{ amount: 2.5, currency: 'USD', is_default: true, is_enabled: true }] };
const WEAPONS = { external_id: 'weapons', name: { en: 'Weapons', de: 'Waffen' }, description: { en: 'Player weapons' }, isEnabled: true, order: 2 };
const CRYSTAL = { sku: 'crystal', name: { en: 'Crystals' }, is_hard: true, prices: [{ amount: 1, currency: 'USD', is_default: true, is_enabled: true }] };
const STATEFUL = [
  'adminCreateVirtualItem', 'adminGetVirtualItemsList', 'adminGetVirtualItem', 'getVirtualItems', 'getAllVirtualItems', 'getVirtualItemsSku',
  'adminCreateItemGroup', 'adminGetItemGroup', 'adminUpdateItemGroup', 'adminDeleteItemGroup', 'getItemGroups', 'getVirtualItemsGroup',
  'adminCreateVirtualCurrency', 'adminGetVirtualCurrenciesList', 'adminGetVirtualCurrency', 'adminUpdateVirtualCurrency', 'adminDeleteVirtualCurrency',
  'getVirtualCurrency', 'getVirtualCurrencySku',
  'putItem', 'getUserCart', 'createOrder', 'createOrderWithItem', 'getOrder', 'listWebInventory', 'listUnconsumedPgPurchases', 'verifyPurchase', 'sendItemResult',
];

const post = async (url: string, body: unknown = {}) => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as any };
};

/** a Player ID beyond 2^53, so that a digit lost anywhere on the way shows */
const PLAYER = '9007199254740993';
const PLAYER_SERVERS = [
  { server_id: 'global', server_name: 'Global', characters: [{ character_id: 'kim', character_name: 'Kim', character_level: '42' }] },
  { server_id: 'asia', server_name: 'Asia', channels: [{ channel_id: '7', channel_name: 'Seven', characters: [{ character_id: 'lee', character_name: 'Lee' }] }] },
] as const;

/** the game server's webstore-profile endpoint (our handler): PLAYER has two servers, anyone else is unknown */
const profileGame = () => serve(createWebstoreProfileHandler({ lookup: ({ csCode }) => (csCode === PLAYER ? PLAYER_SERVERS : null) }));

/** asks the sandbox to fetch PLAYER's profile, the Player ID sent as a bare JSON integer */
const fetchProfile = async (sandboxUrl: string) => {
  const response = await fetch(`${sandboxUrl}/_sandbox/hive/profiles`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"cs_code":${PLAYER}}` });
  return { status: response.status, body: (await response.json()) as any };
};
const pay = (sandboxUrl: string, fields: Record<string, string>) => post(`${sandboxUrl}/_sandbox/hive/payments`, { player_id: PLAYER, market_pid: 'gem_pack_100', ...fields });

/** the game server's Xsolla endpoint (our handler), started before the sandbox that calls it */
async function xsollaGame() {
  const ran: { callback: string; event: any }[] = [];
  const endpoint = await serve(
    createXsollaWebhookHandler({
      secret: SECRET,
      idempotency: memoryIdempotencyStore(),
      grant: (event) => void ran.push({ callback: 'grant', event }),
      revoke: (event) => void ran.push({ callback: 'revoke', event }),
    }),
  );
  return { url: `${endpoint.url}/xsolla`, ran };
}

const problems: string[] = [];
const checked = new Set<string>();
afterAll(() => {
  // every stateful operation the tests called answered what its spec documents
  expect(problems).toEqual([]);
  expect([...checked].sort()).toEqual([...STATEFUL].sort());
});
async function clientFetch() {
  const f = await checkingFetch(STATEFUL);
  return {
    fetch: async (input: Request | string | URL, init?: RequestInit) => {
      const response = await f.fetch(input, init);
      problems.push(...f.problems.splice(0));
      for (const id of f.checked.splice(0)) checked.add(id);
      return response;
    },
  };
}

describe('xsolla', () => {
  it('runs the purchase flow: item → catalog → cart → order → pay → order_paid granted once by our handler → done', async () => {
    const game = await xsollaGame();
    const s = await sandbox({ xsollaWebhook: game.url, xsollaSecret: SECRET });
    const { fetch } = await clientFetch();
    const admin = createXsollaCatalogClient({ projectId: PROJECT, apiKey: 'key', baseUrl: `${s.url}/api`, fetch });
    const player = createXsollaCatalogClient({ projectId: PROJECT, baseUrl: `${s.url}/api`, fetch }).forUser('header.eyJzdWIiOiJwbGF5ZXItNyJ9.sig');

    await admin.adminCreateVirtualItem({ body: SWORD });
    expect((await admin.adminGetVirtualItemsList()).items.map((i) => i.sku)).toEqual(['sword_1']);
    expect((await admin.adminGetVirtualItem({ path: { item_sku: 'sword_1' } })).sku).toBe('sword_1');
    const { items } = await player.getVirtualItems({ query: { limit: 5 } });
    expect(items.map((i) => [i.sku, i.price?.amount])).toEqual([['sword_1', '2.5']]);
    expect((await player.getAllVirtualItems()).items).toHaveLength(1);
    expect((await player.getVirtualItemsSku({ path: { item_sku: 'sword_1' } })).name).toBe('Sword');

    await player.putItem({ path: { item_sku: 'sword_1' }, body: { quantity: 2 } });
    const cart = await player.getUserCart();
    expect([cart.items?.map((i) => [i.sku, i.quantity]), cart.price?.amount]).toEqual([[['sword_1', 2]], '5']);
    const { order_id } = await player.createOrder({ body: { sandbox: true } });
    expect((await player.getUserCart()).items).toEqual([]);
    expect((await player.getOrder({ path: { order_id: String(order_id) } })).status).toBe('new');

    const paid = await post(`${s.url}/_sandbox/xsolla/orders/${order_id}/pay`);
    expect(paid.body.delivery).toMatchObject({ event: 'order_paid', status: 204, accepted: true });
    expect(game.ran).toMatchObject([{ callback: 'grant', event: { order: { id: String(order_id) }, items: [{ sku: 'sword_1', quantity: 2 }], user: { external_id: 'player-7' } } }]);
    expect((await player.getOrder({ path: { order_id: String(order_id) } })).status).toBe('done');

    // Xsolla's retry of the same notification (the same bytes, signed again) is acknowledged and grants nothing
    expect((await post(`${s.url}/_sandbox/deliveries/0/resend`)).body).toMatchObject({ status: 204, accepted: true });
    expect(game.ran).toHaveLength(1);
    expect((await post(`${s.url}/_sandbox/xsolla/orders/${order_id}/pay`)).status).toBe(409);
  });

  it('cancels and refunds: order_canceled and refund reach our handler, which revokes each once', async () => {
    const game = await xsollaGame();
    const s = await sandbox({ xsollaWebhook: game.url, xsollaSecret: SECRET });
    const { fetch } = await clientFetch();
    await createXsollaCatalogClient({ projectId: PROJECT, apiKey: 'key', baseUrl: `${s.url}/api`, fetch }).adminCreateVirtualItem({ body: SWORD });
    const player = createXsollaCatalogClient({ projectId: PROJECT, baseUrl: `${s.url}/api`, fetch }).forUser('a.b.c');
    const order = async () => (await player.createOrderWithItem({ path: { item_sku: 'sword_1' }, body: { quantity: 1 } })).order_id;

    const unpaid = await order();
    expect((await post(`${s.url}/_sandbox/xsolla/orders/${unpaid}/cancel`)).body).toMatchObject({ order: { status: 'canceled' }, delivery: null });
    const cancelled = await order();
    await post(`${s.url}/_sandbox/xsolla/orders/${cancelled}/pay`);
    expect((await post(`${s.url}/_sandbox/xsolla/orders/${cancelled}/cancel`)).body.delivery).toMatchObject({ event: 'order_canceled', accepted: true });
    const refunded = await order();
    await post(`${s.url}/_sandbox/xsolla/orders/${refunded}/pay`);
    expect((await post(`${s.url}/_sandbox/xsolla/orders/${refunded}/refund`)).body.delivery).toMatchObject({ event: 'refund', accepted: true });
    expect((await post(`${s.url}/_sandbox/xsolla/orders/${refunded}/refund`)).status).toBe(409);

    expect(game.ran.map((r) => [r.callback, r.event.notification_type])).toEqual([
      ['grant', 'order_paid'],
      ['revoke', 'order_canceled'],
      ['grant', 'order_paid'],
      ['revoke', 'refund'],
    ]);
    expect(game.ran[3]!.event.transaction.external_id).toBe(String(refunded));
    expect((await player.getOrder({ path: { order_id: String(refunded) } })).status).toBe('canceled');
  });

  it('answers for unknown items and users as Xsolla does', async () => {
    const s = await sandbox();
    const player = createXsollaCatalogClient({ projectId: PROJECT, baseUrl: `${s.url}/api` });
    const failure = await player.getVirtualItemsSku({ path: { item_sku: 'nope' } }).catch((e: unknown) => e);
    expect(isGamestoreError(failure) && [failure.status, failure.code]).toEqual([404, 4001]);
    const anonymous = await fetch(`${s.url}/api/v2/project/${PROJECT}/cart`);
    expect([anonymous.status, ((await anonymous.json()) as any).errorCode]).toEqual([401, 1501]);
  });
});

describe('xsolla item groups and virtual currencies', () => {
  /** the status and Xsolla error code a failed call answered */
  const failure = (call: () => Promise<unknown>) =>
    call().then(
      () => 'no failure',
      (e: unknown) => (isGamestoreError(e) ? [e.status, e.code] : e),
    );

  it('keeps item groups: created → in the catalog tree, an item in the group → in its list, renamed, deleted → 404', async () => {
    const s = await sandbox();
    const { fetch } = await clientFetch();
    const admin = createXsollaCatalogClient({ projectId: PROJECT, apiKey: 'key', baseUrl: `${s.url}/api`, fetch });
    const player = createXsollaCatalogClient({ projectId: PROJECT, baseUrl: `${s.url}/api`, fetch });
    const groupSkus = async (id: string) => (await player.getVirtualItemsGroup({ path: { external_id: id } })).items.map((i) => i.sku);

    expect(await admin.adminCreateItemGroup({ body: WEAPONS })).toEqual({ external_id: 'weapons' });
    await admin.adminCreateItemGroup({ body: { external_id: 'armor', name: { en: 'Armor' }, order: 1 } });
    await admin.adminCreateItemGroup({ body: { external_id: 'hidden', name: { en: 'Hidden' }, isEnabled: false } });
    expect(await failure(() => admin.adminCreateItemGroup({ body: WEAPONS }))).toEqual([422, 1102]);
    expect((await player.getItemGroups()).groups.map((g) => [g.external_id, g.name, g.level, g.children])).toEqual([
      ['armor', 'Armor', 0, []],
      ['weapons', 'Weapons', 0, []],
    ]);
    expect(await admin.adminGetItemGroup({ path: { external_id: 'weapons' } })).toMatchObject({ external_id: 'weapons', name: WEAPONS.name, is_enabled: true, items_count: 0 });

    await admin.adminCreateVirtualItem({ body: { ...SWORD, groups: ['weapons'] } });
    await admin.adminCreateVirtualItem({ body: { ...SWORD, sku: 'helmet_1', groups: [{ external_id: 'armor' }] } });
    expect(await groupSkus('weapons')).toEqual(['sword_1']);
    expect(await groupSkus('armor')).toEqual(['helmet_1']);
    expect((await player.getVirtualItemsSku({ path: { item_sku: 'sword_1' } })).groups).toEqual([{ external_id: 'weapons', name: 'Weapons' }]);
    expect((await admin.adminGetItemGroup({ path: { external_id: 'weapons' } })).items_count).toBe(1);
    expect(await failure(() => player.getVirtualItemsGroup({ path: { external_id: 'hidden' } }))).toEqual([404, 4001]);

    // a renamed group keeps its id and its items
    const { id } = await admin.adminGetItemGroup({ path: { external_id: 'weapons' } });
    await admin.adminUpdateItemGroup({ path: { external_id: 'weapons' }, body: { ...WEAPONS, external_id: 'arms', name: { en: 'Arms' } } });
    expect(await admin.adminGetItemGroup({ path: { external_id: 'arms' } })).toMatchObject({ id, name: { en: 'Arms' }, items_count: 1 });
    expect(await groupSkus('arms')).toEqual(['sword_1']);
    expect((await admin.adminGetVirtualItem({ path: { item_sku: 'sword_1' } })).groups).toEqual([{ external_id: 'arms', name: { en: 'Arms' } }]);
    expect(await failure(() => admin.adminUpdateItemGroup({ path: { external_id: 'arms' }, body: { external_id: 'armor', name: { en: 'Taken' } } }))).toEqual([422, 1102]);

    // a deleted group is gone; its items stay in the catalog
    await admin.adminDeleteItemGroup({ path: { external_id: 'arms' } });
    for (const call of [
      () => admin.adminGetItemGroup({ path: { external_id: 'arms' } }),
      () => admin.adminUpdateItemGroup({ path: { external_id: 'arms' }, body: WEAPONS }),
      () => admin.adminDeleteItemGroup({ path: { external_id: 'arms' } }),
      () => player.getVirtualItemsGroup({ path: { external_id: 'arms' } }),
    ]) {
      expect(await failure(call)).toEqual([404, 4001]);
    }
    expect((await player.getItemGroups()).groups.map((g) => g.external_id)).toEqual(['armor']);
    expect((await player.getVirtualItemsSku({ path: { item_sku: 'sword_1' } })).groups).toEqual([]);
  });

  it('keeps virtual currencies: created → in the catalog and by sku, updated, deleted → 404', async () => {
    const s = await sandbox();
    const { fetch } = await clientFetch();
    const admin = createXsollaCatalogClient({ projectId: PROJECT, apiKey: 'key', baseUrl: `${s.url}/api`, fetch });
    const player = createXsollaCatalogClient({ projectId: PROJECT, baseUrl: `${s.url}/api`, fetch });
    const path = { virtual_currency_sku: 'crystal' };

    expect(await admin.adminCreateVirtualCurrency({ body: CRYSTAL })).toEqual({ sku: 'crystal' });
    await admin.adminCreateVirtualItem({ body: SWORD });
    // a project's items and currencies share its skus
    expect(await failure(() => admin.adminCreateVirtualCurrency({ body: { ...CRYSTAL, sku: 'sword_1' } }))).toEqual([422, 1102]);
    expect(await failure(() => admin.adminCreateVirtualCurrency({ body: CRYSTAL }))).toEqual([422, 1102]);

    const listed = await player.getVirtualCurrency();
    expect(listed.items.map((c) => [c.sku, c.type, c.price?.amount])).toEqual([['crystal', 'virtual_currency', '1']]);
    expect(await player.getVirtualCurrencySku({ path })).toMatchObject({ sku: 'crystal', type: 'virtual_currency', name: 'Crystals' });
    expect((await admin.adminGetVirtualCurrenciesList()).items.map((c) => [c.sku, c.type, c.is_hard])).toEqual([['crystal', 'virtual_currency', true]]);
    expect(await admin.adminGetVirtualCurrency({ path })).toMatchObject({ sku: 'crystal', type: 'virtual_currency', name: { en: 'Crystals' } });
    expect((await player.getVirtualItems()).items.map((i) => i.sku)).toEqual(['sword_1']);

    await admin.adminUpdateVirtualCurrency({ path, body: { ...CRYSTAL, name: { en: 'Gems' }, prices: [{ amount: 1.5, currency: 'EUR' }] } });
    expect(await player.getVirtualCurrencySku({ path })).toMatchObject({ name: 'Gems', price: { amount: '1.5', currency: 'EUR' } });
    await admin.adminUpdateVirtualCurrency({ path, body: { ...CRYSTAL, is_enabled: false } });
    expect(await failure(() => player.getVirtualCurrencySku({ path }))).toEqual([404, 4001]);
    expect((await player.getVirtualCurrency()).items).toEqual([]);

    await admin.adminDeleteVirtualCurrency({ path });
    for (const call of [
      () => admin.adminGetVirtualCurrency({ path }),
      () => admin.adminUpdateVirtualCurrency({ path, body: CRYSTAL }),
      () => admin.adminDeleteVirtualCurrency({ path }),
      () => player.getVirtualCurrencySku({ path }),
    ]) {
      expect(await failure(call)).toEqual([404, 4001]);
    }
    expect((await admin.adminGetVirtualCurrenciesList()).items).toEqual([]);
  });
});

describe('every other operation', () => {
  it('answers the first example of its documented 2xx response', async () => {
    const s = await sandbox();
    const catalog = (await contractSpecs()).find((spec) => spec.api === 'xsolla-catalog')!;
    const op = catalog.operations.find((o) => o.id === 'getBundleList')!;
    const response = await fetch(`${s.url}/api${op.path.replace('{project_id}', PROJECT)}`);
    expect(response.status).toBe(op.success.status);
    expect(response.headers.get('x-sandbox-operation')).toBe('getBundleList');
    expect(await response.json()).toEqual(op.success.example);
  });

  it('refuses a body that breaks its schema with 422, listing the violations (sl-violations)', async () => {
    const s = await sandbox();
    const response = await fetch(`${s.url}/api/v2/project/${PROJECT}/admin/items/virtual_items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: { en: 'No sku' }, prices: 'free' }),
    });
    expect(response.status).toBe(422);
    const listed = JSON.parse(response.headers.get('sl-violations')!) as { message: string }[];
    expect(listed.map((v) => v.message)).toEqual(expect.arrayContaining(["/ must have required property 'sku'", '/prices must be array']));
    expect(s.state.xsolla.items).toEqual({});
    expect((await fetch(`${s.url}/api/v2/nothing/here`)).status).toBe(404);
  });
});

describe('persistence', () => {
  // each test's --data file, in a temporary folder of its own
  let dir: string;
  let data: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'gamestore-sandbox-'));
    data = path.join(dir, 'state.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the state in the --data file across a restart, written atomically', async () => {
    const first = await sandbox({ data });
    const admin = createXsollaCatalogClient({ projectId: PROJECT, apiKey: 'key', baseUrl: `${first.url}/api` });
    await admin.adminCreateItemGroup({ body: WEAPONS });
    await admin.adminCreateVirtualItem({ body: { ...SWORD, groups: ['weapons'] } });
    await admin.adminCreateVirtualCurrency({ body: CRYSTAL });
    await first.stop();
    expect(readdirSync(dir)).toEqual(['state.json']);

    const second = await sandbox({ data });
    const player = createXsollaCatalogClient({ projectId: PROJECT, baseUrl: `${second.url}/api` });
    expect((await player.getVirtualItems()).items.map((i) => i.sku)).toEqual(['sword_1']);
    expect((await player.getItemGroups()).groups.map((g) => g.external_id)).toEqual(['weapons']);
    expect((await player.getVirtualItemsGroup({ path: { external_id: 'weapons' } })).items.map((i) => i.sku)).toEqual(['sword_1']);
    expect((await player.getVirtualCurrencySku({ path: { virtual_currency_sku: 'crystal' } })).sku).toBe('crystal');
  });

  it("keeps a Hive buyer's profile across a restart, and with it what the buyer may pay for", async () => {
    const game = await profileGame();
    const first = await sandbox({ data, hiveProfileUrl: game.url });
    const { profile } = (await fetchProfile(first.url)).body;
    await first.stop();

    const second = await sandbox({ data });
    const kept = await fetch(`${second.url}/_sandbox/hive/profiles/${PLAYER}`);
    expect([kept.status, await kept.json()]).toEqual([200, profile]);
    expect((await pay(second.url, { server_id: 'asia', character_id: 'lee' })).status).toBe(201);
    expect((await pay(second.url, { server_id: 'europe' })).status).toBe(400);
  });

  it('loads a file written before groups, currencies and Hive profiles were kept', async () => {
    writeFileSync(data, JSON.stringify({ xsolla: { items: {}, carts: {}, orders: {} }, stove: { purchases: [] }, hive: { payments: [] }, deliveries: [] }));
    const s = await sandbox({ data });
    const admin = createXsollaCatalogClient({ projectId: PROJECT, apiKey: 'key', baseUrl: `${s.url}/api` });
    await admin.adminCreateItemGroup({ body: WEAPONS });
    await admin.adminCreateVirtualCurrency({ body: CRYSTAL });
    expect(Object.keys(JSON.parse(readFileSync(data, 'utf8')).xsolla)).toEqual(['items', 'currencies', 'groups', 'carts', 'orders']);
    // nor Hive's profiles: none is kept, so payments go through as before
    expect((await fetch(`${s.url}/_sandbox/hive/profiles/${PLAYER}`)).status).toBe(404);
    expect((await pay(s.url, { server_id: 'global' })).status).toBe(201);
    expect(Object.keys(JSON.parse(readFileSync(data, 'utf8')).hive)).toEqual(['payments', 'profiles']);
  });
});

describe('stove', () => {
  it('records a purchase: the payment-complete handler grants it once, the web inventory lists it with exact order numbers', async () => {
    const granted: any[] = [];
    const game = await serve(createPaymentCompleteHandler({ idempotency: memoryIdempotencyStore(), grant: (n) => void granted.push(n) }));
    const s = await sandbox({ stoveWebhook: `${game.url}/stove` });
    const bought = await post(`${s.url}/_sandbox/stove/purchases`, { guid: '123456', product_id: 1001, product_name: 'Sword' });
    expect(bought.status).toBe(201);
    expect(bought.body.delivery).toMatchObject({ event: 'payment_complete', status: 200, accepted: true });
    const { purchase } = bought.body;
    expect(granted).toEqual([expect.objectContaining({ guid: '123456', tid: purchase.tid, txn_mst_no: purchase.item.txn_mst_no })]);
    expect(BigInt(purchase.item.txn_mst_no) > 2n ** 53n).toBe(true);

    expect((await post(`${s.url}/_sandbox/deliveries/0/resend`)).body).toMatchObject({ status: 200, accepted: true });
    expect(granted).toHaveLength(1);

    const { fetch } = await clientFetch();
    const stoveClient = createStoveClient({ baseUrl: s.url, serviceId: 'GAME', headers: { lang: 'ko', nation: 'KR', timezone: 'Asia/Seoul', callerId: 'TEST' }, fetch });
    const { value } = await stoveClient.forUser('player-token').listWebInventory({ query: { shop_key: 'indie', guid: '123456' } });
    expect(value?.list).toEqual([expect.objectContaining({ txn_mst_no: purchase.item.txn_mst_no, txn_dtl_no: purchase.item.txn_dtl_no, product_id: '1001', product_name: 'Sword' })]);
    expect((await post(`${s.url}/_sandbox/stove/purchases`, { product_id: 1 })).status).toBe(400);
  });
});

describe('hive', () => {
  it('records a payment: the notification reaches our handler, which verifies it with the sandbox, grants once and consumes it', async () => {
    const granted: any[] = [];
    const game = await serve();
    const s = await sandbox({ hiveWebhook: `${game.url}/hive` });
    const { fetch } = await clientFetch();
    const hive = createHivePaymentClient({ environment: 'sandbox', authKey: 'hive-key', appId: 'com.example.game', baseUrl: s.url, fetch });
    game.handle(
      createHivePaymentHandler({
        verifyPayment: hive,
        idempotency: memoryIdempotencyStore(),
        grant: async (purchase, { transactionId }) => {
          granted.push(purchase);
          await hive.sendItemResult({ body: { hiveiap_transaction_id: transactionId!, result_status: 1, user_id_type: 'player_id', user_id: purchase.vid } });
        },
      }),
    );
    const paid = await post(`${s.url}/_sandbox/hive/payments`, { player_id: '20000010000', server_id: 'global', market_pid: 'gem_pack_100' });
    expect(paid.status).toBe(201);
    expect(paid.body.delivery).toMatchObject({ event: 'pg_payment', status: 200, accepted: true });
    expect(granted).toEqual([expect.objectContaining({ order_id: paid.body.payment.order_id, market_pid: 'gem_pack_100' })]);
    expect(s.state.hive.payments[0]!.consumed).toBe(true);
    expect(await hive.verifyPgPayment({ orderId: paid.body.payment.order_id, serverId: 'global', playerId: '20000010000' })).toMatchObject({ verified: false, reason: 'not_found' });

    expect((await post(`${s.url}/_sandbox/deliveries/0/resend`)).body).toMatchObject({ status: 200, accepted: true });
    expect(granted).toHaveLength(1);
  });

  it("fetches a buyer's profile from our webstore-profile handler, keeps it, and pays only for what it lists", async () => {
    const game = await profileGame();
    const s = await sandbox({ hiveProfileUrl: game.url });
    // before a profile is kept, a payment names any server, as before
    expect((await pay(s.url, { server_id: 'europe' })).status).toBe(201);

    const fetched = await fetchProfile(s.url);
    expect(fetched.status).toBe(201);
    expect(fetched.body.departures).toEqual([]);
    const { profile } = fetched.body;
    expect(profile).toMatchObject({ cs_code: PLAYER, status: 'accepted', departures: [] });
    expect(profile.servers).toEqual([
      { server_id: 'global', server_name: 'Global', channels: [{ channel_id: '0', channel_name: '-', characters: [{ character_id: 'kim', character_name: 'Kim', character_level: '42' }] }] },
      { server_id: 'asia', server_name: 'Asia', channels: [{ channel_id: '7', channel_name: 'Seven', characters: [{ character_id: 'lee', character_name: 'Lee', character_level: '-' }] }] },
    ]);
    expect(Date.now() - Date.parse(profile.fetched_at)).toBeLessThan(60_000);
    const kept = await fetch(`${s.url}/_sandbox/hive/profiles/${PLAYER}`);
    expect([kept.status, await kept.json()]).toEqual([200, profile]);
    expect(s.state.hive.profiles[PLAYER]).toEqual(profile);
    expect((await fetch(`${s.url}/_sandbox/hive/profiles/constructor`)).status).toBe(404);

    // the purchase UI offers the profile's servers and their characters, nothing else
    expect((await pay(s.url, { server_id: 'global' })).status).toBe(201);
    const forLee = await pay(s.url, { server_id: 'asia', character_id: 'lee' });
    expect([forLee.status, forLee.body.payment.character_id]).toEqual([201, 'lee']);
    const unlisted = await pay(s.url, { server_id: 'europe' });
    expect(unlisted.status).toBe(400);
    expect(unlisted.body.error).toMatch(/^server_id europe is not in the profile of player 9007199254740993 \(servers: global, asia\)/);
    const elsewhere = await pay(s.url, { server_id: 'global', character_id: 'lee' });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error).toMatch(/^character_id lee is not on server global .* \(characters: kim\)/);
    expect(s.state.hive.payments.map((p) => p.server_id)).toEqual(['europe', 'global', 'asia']);

    // a player the game does not know is a kept profile with no servers: nothing can be bought for them
    const unknown = await post(`${s.url}/_sandbox/hive/profiles`, { cs_code: 'c_1234123' });
    expect([unknown.status, unknown.body.profile.servers, unknown.body.departures]).toEqual([201, [], []]);
    expect((await post(`${s.url}/_sandbox/hive/profiles`, { cs_code: 1.5 })).body.error).toBe('field "cs_code" is not an int64');
    expect((await post(`${s.url}/_sandbox/hive/profiles`, {})).status).toBe(400);
  });

  it('keeps an answer that breaks the contract as refused: 502 with the departures, and no payment', async () => {
    const broken = await serve(async () => Response.json({ result_code: 200, result_message: 'success', cs_code: Number(PLAYER.slice(0, 6)), data: [{ server_id: 1, server_name: 'One' }] }));
    const s = await sandbox({ hiveProfileUrl: broken.url });
    const fetched = await fetchProfile(s.url);
    expect(fetched.status).toBe(502);
    expect(fetched.body.departures).toEqual([
      { path: '$.cs_code', severity: 'warning', message: 'does not echo the cs_code that was sent' },
      { path: '$.data[0].channels', severity: 'error', message: 'is required' },
      { path: '$.data[0].server_id', severity: 'error', message: 'must be a string' },
    ]);
    expect(fetched.body.profile).toMatchObject({ cs_code: PLAYER, status: 'refused', servers: [] });
    expect(((await (await fetch(`${s.url}/_sandbox/hive/profiles/${PLAYER}`)).json()) as any).status).toBe('refused');
    const refused = await pay(s.url, { server_id: '1' });
    expect([refused.status, refused.body.error]).toEqual([400, expect.stringContaining('was refused')]);

    // no answer at all keeps nothing; without an endpoint there is nothing to ask
    const silent = await sandbox({ hiveProfileUrl: 'http://127.0.0.1:1' });
    expect((await fetchProfile(silent.url)).status).toBe(502);
    expect(silent.state.hive.profiles).toEqual({});
    expect((await fetchProfile((await sandbox()).url)).status).toBe(409);
  });
});

describe('gamestore sandbox', () => {
  it('serves until stopped, printing the base URLs', async () => {
    const lines: string[] = [];
    const stop = new AbortController();
    let up: () => void;
    const started = new Promise<void>((resolve) => (up = resolve));
    const done = main(['sandbox', '--port', '0', '--hive-profile', 'http://127.0.0.1:9/game/'], { out: (l) => (lines.push(l), l.includes('profiles') && up()), signal: stop.signal });
    await started;
    const url = /on (http:\S+)/.exec(lines[0]!)![1]!;
    expect(lines[1]).toContain(`baseUrl ${url}/api`);
    expect(lines[4]).toBe('          profiles ← http://127.0.0.1:9/game/webstore-profile');
    expect((await fetch(`${url}/_sandbox/state`)).status).toBe(200);
    stop.abort();
    expect(await done).toBe(0);
  });

  it('refuses an Xsolla webhook without its secret, and a --hive-profile that is no URL (exit 2)', async () => {
    const lines: string[] = [];
    expect(await main(['sandbox', '--xsolla-webhook', 'http://127.0.0.1:1/x'], { out: (l) => lines.push(l) })).toBe(2);
    expect(lines[0]).toBe('error: --xsolla-webhook needs --xsolla-secret (Xsolla signs every webhook)');
    lines.length = 0;
    expect(await main(['sandbox', '--hive-profile', 'game.example.com'], { out: (l) => lines.push(l) })).toBe(2);
    expect(lines[0]).toBe('error: --hive-profile must be an http(s) URL');
  });
});
