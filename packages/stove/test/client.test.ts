import { readFileSync } from 'node:fs';
import { GamestoreError } from '@gamestore/core';
import { recordingFetch } from '@gamestore/core/testing';
import { describe, expect, it } from 'vitest';
import { createStoveClient, utcOffsetMinutes, type StoveHeaders } from '../src/index.js';
import { client, fixture, HEADERS, NOW } from './helpers.js';

const INVENTORY = { query: { shop_key: 'indie', guid: '123456' } } as const;

describe('STOVE client: requests', () => {
  it('sends the inventory call exactly as documented', async () => {
    const { fetch, calls } = recordingFetch({ body: fixture('inventory.json') });
    await client(fetch).listWebInventory(INVENTORY);
    expect(calls).toHaveLength(1);
    const [c] = calls;
    const url = new URL(c!.url);
    expect(c!.method).toBe('GET');
    expect(url.origin).toBe('https://api.gate8.com');
    expect(url.pathname).toBe('/bill-store/v1.0/MYGAME/product/inventory/web');
    expect(Object.fromEntries(url.searchParams)).toEqual({ shop_key: 'indie', guid: '123456', ts: String(NOW) });
    expect(c!.headers.get('authorization')).toBe('player-token-abc');
    expect(c!.headers.get('x-lang')).toBe('ko');
    expect(c!.headers.get('x-nation')).toBe('KR');
    expect(c!.headers.get('x-timezone')).toBe('Asia/Seoul');
    expect(c!.headers.get('x-utc-offset')).toBe('540');
    expect(c!.headers.get('caller-id')).toBe('MYGAME_GAME_SERVER');
  });

  it('uses LIVE or sandbox as chosen, and a caller-given ts and header override', async () => {
    const { fetch, calls } = recordingFetch({ body: '{"code":0,"message":"OK","value":{"total_count":0,"list":[]}}' });
    const live = createStoveClient({ environment: 'live', serviceId: 'G', headers: HEADERS, fetch });
    await live.listCategories({ query: { shop_key: 'indie' }, header: { lang: 'en', nation: 'US' } });
    expect(calls[0]!.url).toBe('https://api.onstove.com/bill-store/v1.0/G/product/categories?shop_key=indie');
    expect(calls[0]!.headers.get('x-lang')).toBe('en');
    expect(calls[0]!.headers.get('x-nation')).toBe('US');
    expect(calls[0]!.headers.has('authorization')).toBe(false); // optional on the category list
    await client(fetch).listWebInventory({ query: { shop_key: 'indie', guid: '1', ts: '1608252682229' } });
    expect(new URL(calls[1]!.url).searchParams.get('ts')).toBe('1608252682229');
  });

  it('follows a daylight-saving change to the minute, however the calls fall (the offset is cached per minute)', () => {
    const change = Date.UTC(2026, 2, 8, 7); // New York: 02:00 EST becomes 03:00 EDT
    // epoch milliseconds, as the client passes them (a Date gives the same answer: the lines below)
    const at = (ms: number) => utcOffsetMinutes('America/New_York', change + ms);
    expect([at(-60_000), at(-30_000), at(-1), at(0), at(1), at(59_999), at(-1)]).toEqual([-300, -300, -300, -240, -240, -240, -300]);
    const back = Date.UTC(2026, 10, 1, 6); // 02:00 EDT becomes 01:00 EST
    expect([utcOffsetMinutes('America/New_York', new Date(back - 1)), utcOffsetMinutes('America/New_York', new Date(back))]).toEqual([-240, -300]);
    expect(utcOffsetMinutes('Australia/Lord_Howe', new Date(Date.UTC(2026, 0, 1)))).toBe(660); // half-hour DST zone
    expect(utcOffsetMinutes('Australia/Lord_Howe', new Date(Date.UTC(2026, 6, 1)))).toBe(630);
  });

  it('computes X-Utc-Offset from the time zone at the time of the call (daylight saving included)', async () => {
    expect(utcOffsetMinutes('Asia/Seoul', new Date(NOW))).toBe(540);
    expect(utcOffsetMinutes('America/New_York', new Date(Date.UTC(2026, 0, 15)))).toBe(-300);
    expect(utcOffsetMinutes('America/New_York', new Date(Date.UTC(2026, 6, 15)))).toBe(-240);
    expect(utcOffsetMinutes('Asia/Kolkata', new Date(NOW))).toBe(330);
    const { fetch, calls } = recordingFetch({ body: fixture('inventory.json') });
    await client(fetch, { headers: { ...HEADERS, timezone: 'America/New_York' }, now: () => Date.UTC(2026, 6, 15) }).listWebInventory(INVENTORY);
    expect(calls[0]!.headers.get('x-utc-offset')).toBe('-240');
    await client(fetch, { headers: { ...HEADERS, utcOffset: 600 } }).listWebInventory(INVENTORY);
    expect(calls[1]!.headers.get('x-utc-offset')).toBe('600');
  });

  it('one client follows a daylight-saving change from call to call, and sends the headers it was created with', async () => {
    const change = Date.UTC(2026, 2, 8, 7); // New York: 02:00 EST becomes 03:00 EDT
    let now = change - 60_000;
    const { fetch, calls } = recordingFetch({ body: fixture('inventory.json') });
    const headers: StoveHeaders = { ...HEADERS, timezone: 'America/New_York' };
    const stove = client(fetch, { headers, now: () => now });
    headers.lang = 'en'; // after creation: not sent (the headers were validated as given)
    for (const at of [change - 60_000, change - 1, change, change + 1, change - 1]) {
      now = at;
      await stove.listWebInventory(INVENTORY);
    }
    expect(calls.map((c) => c.headers.get('x-utc-offset'))).toEqual(['-300', '-300', '-240', '-240', '-300']);
    expect(calls.map((c) => c.headers.get('x-lang'))).toEqual(['ko', 'ko', 'ko', 'ko', 'ko']);
    // a per-call override is validated and sent for that call only
    await stove.listWebInventory({ ...INVENTORY, header: { lang: 'ja' } });
    await stove.listWebInventory(INVENTORY);
    expect(calls.slice(5).map((c) => c.headers.get('x-lang'))).toEqual(['ja', 'ko']);
    await expect(stove.listWebInventory({ ...INVENTORY, header: { lang: 'not a language' } })).rejects.toThrow(/X-Lang/);
  });

  it('sends the purchase request to /bill-store/v2.0 with int64 ids as bare JSON integers', async () => {
    const { fetch, calls } = recordingFetch({ body: '{"code":0,"message":"OK","value":{}}' });
    await client(fetch).startPurchase({
      body: { shop_key: 'indie', guid: '9223372036854775807', product_infos: [{}] } as never,
    });
    expect(calls[0]!.method).toBe('POST');
    expect(new URL(calls[0]!.url).pathname).toBe('/bill-store/v2.0/MYGAME/purchase');
    expect(calls[0]!.body).toContain('"guid":9223372036854775807');
  });

  it('sends the bill-cpm checks with a Bearer server token and treats the bulk check as safe to retry', async () => {
    const { fetch, calls } = recordingFetch([{ status: 503, body: '{"code":500,"message":"busy"}' }, { body: '{"code":0,"message":"OK","data":[]}' }]);
    await client(fetch).getPaymentDetailsBulk({ body: { details: [{ bill_platform_type: 'SHOP', tid: 'T1', guid: '1' }] } as never });
    expect(calls).toHaveLength(2);
    expect(new URL(calls[0]!.url).pathname).toBe('/bill-cpm/v1.0/payment/MYGAME/details');
    expect(calls[0]!.headers.get('authorization')).toBe('Bearer server-token-xyz');
  });

  it('never retries the purchase request on a 503', async () => {
    const { fetch, calls } = recordingFetch({ status: 503, body: '{"code":500,"message":"busy"}' });
    const e = await client(fetch).startPurchase({ body: { shop_key: 'indie', guid: '1', product_infos: [{}] } as never }).catch((x: unknown) => x);
    expect(calls).toHaveLength(1);
    expect(e).toMatchObject({ kind: 'http', status: 503, attempts: 1, code: 500 });
  });
});

describe('STOVE client: answers', () => {
  it('returns txn_mst_no and txn_dtl_no exact to the digit (raw-text fixture)', async () => {
    const { fetch } = recordingFetch({ body: fixture('inventory.json') });
    const { value } = await client(fetch).listWebInventory(INVENTORY);
    expect(value?.list?.[0]).toMatchObject({ txn_mst_no: '5683669676745096842', txn_dtl_no: '5683669676745096842', product_id: '9007199254740993' });
    expect(value?.list?.[1]).toMatchObject({ txn_mst_no: '-9223372036854775808', txn_dtl_no: '9223372036854775807' });
    // what a plain JSON.parse would have produced
    expect(String(JSON.parse(fixture('inventory.json')).value.list[0].txn_mst_no)).not.toBe('5683669676745096842');
  });

  it('turns {code: 999999} under HTTP 200 into an envelope error in the throwing style', async () => {
    const { fetch } = recordingFetch({ body: fixture('undefined-error.json') });
    const e = await client(fetch).listWebInventory(INVENTORY).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(GamestoreError);
    expect(e).toMatchObject({ kind: 'envelope', status: 200, code: 999999, providerMessage: '정의되지 않은 오류입니다.', operation: 'listWebInventory' });
  });

  it('turns {code: 999999} under HTTP 200 into an error in the { data, error } style', async () => {
    const { fetch } = recordingFetch({ body: fixture('undefined-error.json') });
    const result = await client(fetch).api.GET('/bill-store/v1.0/{service_id}/product/inventory/web', {
      params: {
        path: { service_id: 'MYGAME' },
        query: { shop_key: 'indie', guid: '1', ts: '1' },
        header: { authorization: 't', 'X-Lang': 'ko', 'X-Nation': 'KR', 'X-Timezone': 'Asia/Seoul', 'X-Utc-Offset': 540, 'caller-id': 'c' },
      },
    });
    expect(result.data).toBeUndefined();
    expect(result.error).toEqual({ code: 999999, message: '정의되지 않은 오류입니다.' });
    expect(result.response.status).toBe(200);
  });

  it('reads the purchase status as true/false whether STOVE sends a boolean or the 1/0 of its example', async () => {
    const status = (wire: string) =>
      client(recordingFetch({ body: `{"code":0,"message":"OK","value":{"status":${wire},"shop_key":"indie","product_infos":[]}}` }).fetch)
        .getPurchaseStatus({ query: { shop_key: 'indie', guid: '1', tid: 'T1' } as never })
        .then((r) => r.value?.status);
    expect(await status('1')).toBe(true);
    expect(await status('0')).toBe(false);
    expect(await status('true')).toBe(true);
    expect(await status('false')).toBe(false);
  });

  it('accepts the code as a string, as some STOVE samples print it', async () => {
    const { fetch } = recordingFetch({ body: '{"code":"50002","message":"product not on sale"}' });
    await expect(client(fetch).getProduct({ path: { product_id: '1' }, query: { shop_key: 'indie' } })).rejects.toMatchObject({ kind: 'envelope', code: '50002' });
  });
});

describe('STOVE client: configuration errors come before any request', () => {
  const { fetch, calls } = recordingFetch({ body: '{}' });
  const base = { environment: 'live' as const, serviceId: 'G', headers: HEADERS, fetch };

  it.each([
    ['no caller-id', { ...base, headers: { lang: 'ko', nation: 'KR', timezone: 'Asia/Seoul' } }, /caller-id/],
    ['no headers at all', { ...base, headers: undefined }, /X-Lang, X-Nation, X-Timezone, caller-id/],
    ['bad X-Nation', { ...base, headers: { ...HEADERS, nation: 'korea' } }, /X-Nation/],
    ['unknown time zone', { ...base, headers: { ...HEADERS, timezone: 'Mars/Olympus' } }, /X-Timezone/],
    ['offset out of range', { ...base, headers: { ...HEADERS, utcOffset: 5000 } }, /X-Utc-Offset/],
    ['caller-id with CR/LF', { ...base, headers: { ...HEADERS, callerId: 'a\r\nx-injected: 1' } }, /caller-id/],
    ['no service id', { ...base, serviceId: '' }, /serviceId/],
    ['no environment', { ...base, environment: undefined }, /environment/],
  ])('%s', (_name, options, message) => {
    let error: unknown;
    try {
      createStoveClient(options as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GamestoreError);
    expect((error as GamestoreError).kind).toBe('config');
    expect((error as GamestoreError).message).toMatch(message);
    expect((error as GamestoreError).message).not.toContain('x-injected');
    expect(calls).toHaveLength(0);
  });

  it('a call that needs the player token fails without sending when none is set; forPlayer binds one', async () => {
    const { fetch: f, calls: c } = recordingFetch({ body: fixture('inventory.json') });
    const stove = createStoveClient({ ...base, fetch: f });
    await expect(stove.listWebInventory(INVENTORY)).rejects.toMatchObject({ kind: 'config', operation: 'listWebInventory' });
    expect(c).toHaveLength(0);
    await stove.forPlayer(() => 'player-2').listWebInventory(INVENTORY);
    expect(c).toHaveLength(1);
    expect(c[0]!.headers.get('authorization')).toBe('player-2');
    // per-user clients share the operations worked out once (one prototype); a method taken off one keeps its token
    const { listWebInventory } = stove.forUser('player-3');
    expect(Object.getPrototypeOf(stove.forUser('player-4'))).toBe(Object.getPrototypeOf(stove));
    await listWebInventory(INVENTORY);
    expect(c[1]!.headers.get('authorization')).toBe('player-3');
  });

  it('a bad per-call override is an input error, and nothing is sent', async () => {
    const { fetch: f, calls: c } = recordingFetch({ body: '{}' });
    const stove = createStoveClient({ ...base, fetch: f });
    await expect(stove.listCategories({ query: { shop_key: 'x' }, header: { lang: 'not a language' } })).rejects.toMatchObject({ kind: 'input' });
    expect(c).toHaveLength(0);
  });
});

describe('User-Agent', () => {
  it('names this package and its package.json version on every call', async () => {
    const { name, version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
    const { fetch, calls } = recordingFetch({ status: 200, body: { code: 0, message: 'OK', value: {} } });
    await ((fetch) => createStoveClient({ environment: 'live', serviceId: 'MYGAME', headers: HEADERS, fetch }).listCategories({ query: { shop_key: 'indie' } }))(fetch);
    expect(calls[0]!.headers.get('user-agent')).toBe(`${name}/${version}`);
  });
});
