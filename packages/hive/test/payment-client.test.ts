import { readFileSync } from 'node:fs';
/** The Hive payment client: documented hosts per operation and environment, auth, exact Player IDs, verification. */
import { isGamestoreError } from '@gamestore/core';
import { recordingFetch } from '@gamestore/core/testing';
import { describe, expect, it } from 'vitest';
import { createHivePaymentClient, type UnconsumedPurchase } from '../src/index.js';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const PLAYER = '9223372036854775807';
const PURCHASE: UnconsumedPurchase = {
  market_pid: 'gem_100',
  order_id: 'PG-9',
  server_id: 'kr',
  vid: PLAYER,
  amount: '1200',
  currency: 'KRW',
  quantity: 1,
  started_datetime: '2025-02-21 10:14:02',
  paid_datetime: '2025-02-21 10:15:40',
};

/** A fake Hive answering each documented path. */
function fakeHive(answers: { purchases?: UnconsumedPurchase[]; receipt?: unknown } = {}) {
  return recordingFetch(async (req) => {
    const path = new URL(req.url).pathname;
    if (path === '/api_v4/purchases/unconsumed') return json({ result: 0, result_msg: 'SUCCESS', unconsumed_lists: answers.purchases ?? [PURCHASE] });
    if (path === '/api_v4/verify') return json(answers.receipt ?? { result: 0, hiveiap_transaction_id: 'TX-9' });
    return json({ result: 0, result_msg: 'SUCCESS', product_list: [] });
  });
}

const productRequest = { api: 'product', market_id: 15, appid: 'a', hive_country: 'KR', game_language: 'ko', vid: '1', vid_type: 'v4', market_pid_type: 'consumable' } as const;

describe('Hive payment client', () => {
  it('sends each operation to its documented host, production or sandbox, with the auth key as Bearer', async () => {
    for (const [environment, iap, verify, store] of [
      ['production', 'https://hiveiap.qpyou.cn', 'https://hiveiap-verify.qpyou.cn', 'https://store.withhive.com'],
      ['sandbox', 'https://sandbox-hiveiap.qpyou.cn', 'https://sandbox-hiveiap-verify.qpyou.cn', 'https://sandbox-store.withhive.com'],
    ] as const) {
      const { fetch, calls } = fakeHive({ purchases: [{ ...PURCHASE, purchase_bypass_info: 'receipt' }] });
      const hive = createHivePaymentClient({ environment, authKey: 'k-canary', appId: 'com.example.game', fetch });
      await hive.verifyPgPayment({ orderId: 'PG-9', serverId: 'kr', playerId: PLAYER });
      await hive.getWebPgProducts({ body: productRequest });
      await hive.sendItemResult({ body: { hiveiap_transaction_id: 'TX-9', result_status: 1, user_id_type: 'player_id', user_id: PLAYER } });
      expect(calls.map((c) => c.url)).toEqual([
        `${iap}/api_v4/purchases/unconsumed`,
        `${verify}/api_v4/verify`,
        `${store}/external/api/product`,
        `${iap}/api_v4/item_result`,
      ]);
      expect(calls.every((c) => c.headers.get('authorization') === 'Bearer k-canary')).toBe(true);
    }
  });

  it('sends the Player ID as a bare integer, every digit kept', async () => {
    const { fetch, calls } = fakeHive();
    const hive = createHivePaymentClient({ environment: 'production', authKey: 'k', appId: 'com.example.game', fetch });
    await hive.listUnconsumedPgPurchases({ body: { appid: 'com.example.game', market_id: 15, server_id: 'kr', user_id_type: 'player_id', user_id: PLAYER } });
    expect(calls[0]!.body).toBe(`{"appid":"com.example.game","market_id":15,"server_id":"kr","user_id_type":"player_id","user_id":${PLAYER}}`);
  });

  it('sendItemResultV2 sends the OAuth access token in X-Access-Token, asked for on every call', async () => {
    const { fetch, calls } = fakeHive();
    let n = 0;
    const hive = createHivePaymentClient({ environment: 'production', authKey: 'k', accessToken: async () => `token-${++n}`, fetch });
    const body = { hiveiap_transaction_id: 'TX-9', result_status: 1, user_id_type: 'player_id', user_id: PLAYER } as const;
    await hive.sendItemResultV2({ body });
    await hive.sendItemResultV2({ body });
    expect(calls.map((c) => [new URL(c.url).pathname, c.headers.get('x-access-token')])).toEqual([
      ['/v2/api/item_result', 'token-1'],
      ['/v2/api/item_result', 'token-2'],
    ]);
  });

  it('verifyPgPayment: verified with Hive\'s record and the receipt id; not found; mismatch; refused receipt', async () => {
    const claim = { orderId: 'PG-9', serverId: 'kr', playerId: PLAYER, marketPid: 'gem_100' };
    const verify = (answers: Parameters<typeof fakeHive>[0]) =>
      createHivePaymentClient({ environment: 'production', authKey: 'k', appId: 'g', fetch: fakeHive(answers).fetch }).verifyPgPayment(claim);
    const withReceipt = { ...PURCHASE, purchase_bypass_info: 'r' };
    expect(await verify({ purchases: [withReceipt] })).toEqual({ verified: true, purchase: withReceipt, transactionId: 'TX-9' });
    expect(await verify({ purchases: [PURCHASE] })).toEqual({ verified: true, purchase: PURCHASE });
    expect(await verify({ purchases: [] })).toMatchObject({ verified: false, reason: 'not_found' });
    expect(await verify({ purchases: [{ ...PURCHASE, market_pid: 'gem_9999' }] })).toMatchObject({ verified: false, reason: 'mismatch', message: expect.stringContaining('market_pid') });
    expect(await verify({ purchases: [{ ...PURCHASE, vid: '1' }] })).toMatchObject({ verified: false, reason: 'mismatch' });
    expect(await verify({ purchases: [withReceipt], receipt: { result: 2001 } })).toMatchObject({ verified: false, reason: 'receipt_rejected' });
  });

  it('a failure to ask Hive is thrown, never a verdict; a non-zero result is an envelope error', async () => {
    const down = createHivePaymentClient({ environment: 'production', authKey: 'k', appId: 'g', retry: false, fetch: async () => new Response('', { status: 503 }) });
    await expect(down.verifyPgPayment({ orderId: 'o', serverId: 's', playerId: '1' })).rejects.toMatchObject({ kind: 'http', status: 503 });
    const refused = createHivePaymentClient({ environment: 'production', authKey: 'k', fetch: async () => json({ result: 4001, result_msg: 'bad key' }) });
    const error = await refused.getWebPgProducts({ body: productRequest }).catch((e: unknown) => e);
    expect(isGamestoreError(error) && [error.kind, error.code]).toEqual(['envelope', 4001]);
  });

  it('refuses bad options and bad claims with typed errors, and never shows the auth key', async () => {
    expect(() => createHivePaymentClient({ environment: 'staging' as never, authKey: 'k' })).toThrow(/environment/);
    expect(() => createHivePaymentClient({ environment: 'production', authKey: '' })).toThrow(/authKey/);
    const hive = createHivePaymentClient({ environment: 'production', authKey: 'k-canary', fetch: fakeHive().fetch });
    await expect(hive.verifyPgPayment({ orderId: 'o', serverId: 's', playerId: '1' })).rejects.toMatchObject({ kind: 'config' });
    const withApp = createHivePaymentClient({ environment: 'production', authKey: 'k-canary', appId: 'g', fetch: async () => json({ result: 1, result_msg: 'key k-canary is wrong' }, 401) });
    await expect(withApp.verifyPgPayment({ orderId: 'o', serverId: 's', playerId: 'x1' })).rejects.toMatchObject({ kind: 'input' });
    const error = await withApp.verifyPgPayment({ orderId: 'o', serverId: 's', playerId: '1' }).catch((e: unknown) => e);
    expect(JSON.stringify(error)).not.toContain('k-canary');
    expect(String((error as Error).message)).not.toContain('k-canary');
  });

  it('a mock base URL takes every host', async () => {
    const { fetch, calls } = fakeHive();
    const hive = createHivePaymentClient({ environment: 'production', authKey: 'k', appId: 'g', baseUrl: 'http://127.0.0.1:4010', fetch });
    await hive.verifyPgPayment({ orderId: 'PG-9', serverId: 'kr', playerId: PLAYER });
    await hive.getWebPgProductsV2({ body: productRequest });
    expect(calls.map((c) => c.url)).toEqual(['http://127.0.0.1:4010/api_v4/purchases/unconsumed', 'http://127.0.0.1:4010/v2/external/api/product']);
  });
});

describe('User-Agent', () => {
  it('names this package and its package.json version on every call', async () => {
    const { name, version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
    const { fetch, calls } = recordingFetch({ status: 200, body: { result: 0, product_list: [] } });
    await ((fetch) => createHivePaymentClient({ environment: 'production', authKey: 'k', fetch }).getWebPgProducts({ body: productRequest }))(fetch);
    expect(calls[0]!.headers.get('user-agent')).toBe(`${name}/${version}`);
  });
});
