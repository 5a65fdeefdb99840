import { GamestoreError } from '@gamestore/core';
import { recordingFetch } from '@gamestore/core/testing';
import { describe, expect, it } from 'vitest';
import { createHivePurchaseLimitClient, TOKEN_LIFETIME_MS } from '../src/index.js';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const ORDER = { type: 'paid', market_pid: 'com.example.gem_100', order_id: 'o-1' } as const;

/** A fake Hive: token server and web shop, recording every request. */
function fakeHive(verdictCode: number | null = 0) {
  let issued = 0;
  const { fetch, calls } = recordingFetch(async (req) => {
    if (req.url.endsWith('/oauth/token')) {
      issued++;
      await new Promise((r) => setTimeout(r, 5)); // let concurrent callers pile up
      return json({ result_code: 0, result_msg: 'SUCCESS', data: { access_token: `token-${issued}` } });
    }
    if (req.headers.get('x-access-token') === 'revoked') return json({ result_code: 4001, result_msg: 'expired' }, 401);
    return json(verdictCode === null ? { unexpected: true } : { result_code: verdictCode, result_msg: verdictCode ? 'exceeded' : 'SUCCESS' });
  });
  return { fetch, calls, tokenRequests: () => calls.filter((c) => c.url.endsWith('/oauth/token')).length };
}

const v2 = (fetch: (r: Request) => Promise<Response>, now = () => 0) =>
  createHivePurchaseLimitClient({ environment: 'production', appId: 'com.example.game', clientId: 'cid', clientSecret: 'csecret-canary', fetch, now });

describe('Hive purchase limit validation', () => {
  it('v1: POSTs the order to the documented URL with the Hive authentication key as Bearer', async () => {
    const hive = fakeHive();
    const client = createHivePurchaseLimitClient({ environment: 'production', authKey: 'hive-auth-key', fetch: hive.fetch });
    await client.validatePurchase(ORDER);
    expect(hive.calls).toHaveLength(1);
    expect(hive.calls[0]!.url).toBe('https://shop.withhive.com/api/webstore/check-quantity-limit');
    expect(hive.calls[0]!.headers.get('authorization')).toBe('Bearer hive-auth-key');
    expect(hive.calls[0]!.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(hive.calls[0]!.body)).toEqual(ORDER);
  });

  it('v2: issues a token exactly as documented, then sends it in X-Access-Token', async () => {
    const hive = fakeHive();
    await v2(hive.fetch).validatePurchase(ORDER);
    const [token, check] = hive.calls;
    expect(token!.url).toBe('https://auth.qpyou.cn/oauth/token');
    expect(token!.headers.get('iscrypt')).toBe('0');
    expect(JSON.parse(token!.body)).toEqual({ appid: 'com.example.game', grant_type: 'client_credentials', client_id: 'cid', client_secret: 'csecret-canary' });
    expect(check!.url).toBe('https://shop.withhive.com/api/v2/webstore/check-quantity-limit');
    expect(check!.headers.get('x-access-token')).toBe('token-1');
    expect(check!.headers.has('authorization')).toBe(false);
  });

  it('sends both calls to baseUrl when given (a mock), or to separate shop and auth URLs', async () => {
    const one = fakeHive();
    const creds = { appId: 'a', clientId: 'c', clientSecret: 's' };
    await createHivePurchaseLimitClient({ environment: 'production', ...creds, baseUrl: 'http://127.0.0.1:4010/', fetch: one.fetch }).validatePurchase(ORDER);
    expect(one.calls.map((c) => c.url)).toEqual(['http://127.0.0.1:4010/oauth/token', 'http://127.0.0.1:4010/api/v2/webstore/check-quantity-limit']);
    const two = fakeHive();
    await createHivePurchaseLimitClient({ environment: 'sandbox', ...creds, baseUrl: { shop: 'http://127.0.0.1:1/shop', auth: 'http://127.0.0.1:2' }, fetch: two.fetch }).validatePurchase(ORDER);
    expect(two.calls.map((c) => c.url)).toEqual(['http://127.0.0.1:2/oauth/token', 'http://127.0.0.1:1/shop/api/v2/webstore/check-quantity-limit']);
    expect(() => createHivePurchaseLimitClient({ environment: 'sandbox', ...creds, baseUrl: { shop: 'x' } as never })).toThrow(/baseUrl/);
  });

  it('uses the sandbox hosts in the sandbox', async () => {
    const hive = fakeHive();
    await createHivePurchaseLimitClient({ environment: 'sandbox', appId: 'a', clientId: 'c', clientSecret: 's', fetch: hive.fetch }).validatePurchase(ORDER);
    expect(hive.calls.map((c) => new URL(c.url).host)).toEqual(['sandbox-auth.qpyou.cn', 'sandbox-shop.withhive.com']);
  });

  it('ten concurrent calls with no token, then with an expired one, cause one token request each time', async () => {
    const hive = fakeHive();
    let now = 0;
    const client = v2(hive.fetch, () => now);
    await Promise.all(Array.from({ length: 10 }, () => client.validatePurchase(ORDER)));
    expect(hive.tokenRequests()).toBe(1);
    now = TOKEN_LIFETIME_MS - 60_000; // inside the refresh margin: treated as expired
    await Promise.all(Array.from({ length: 10 }, () => client.validatePurchase(ORDER)));
    expect(hive.tokenRequests()).toBe(2);
    const used = hive.calls.filter((c) => !c.url.endsWith('/oauth/token')).map((c) => c.headers.get('x-access-token'));
    expect(used).toEqual([...Array(10).fill('token-1'), ...Array(10).fill('token-2')]);
  });

  it('reuses a fresh token', async () => {
    const hive = fakeHive();
    let now = 0;
    const client = v2(hive.fetch, () => now);
    await client.validatePurchase(ORDER);
    now = 60_000;
    await client.validatePurchase(ORDER);
    expect(hive.tokenRequests()).toBe(1);
  });

  it('a token error code is a typed error that never carries the client secret', async () => {
    const fetch = async () => json({ result_code: 4001, result_msg: 'client authentication failed' });
    const e = await v2(fetch).validatePurchase(ORDER).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(GamestoreError);
    expect(e).toMatchObject({ kind: 'envelope', code: 4001, providerMessage: 'client authentication failed', operation: 'issueAccessToken' });
    expect(`${String(e)} ${JSON.stringify(e)} ${(e as Error).stack}`).not.toContain('csecret-canary');
  });

  it('refetches the token once when Hive rejects it', async () => {
    const hive = fakeHive();
    const client = v2(hive.fetch);
    let first = true;
    client.tokens.getToken = (orig => async () => (first ? ((first = false), 'revoked') : orig()))(client.tokens.getToken.bind(client.tokens));
    expect((await client.validatePurchase(ORDER)).verdict).toBe('grant');
  });

  it('answers grant only for result_code 0; over the limit and unreadable answers refuse', async () => {
    expect(await v2(fakeHive(0).fetch).validatePurchase(ORDER)).toMatchObject({ verdict: 'grant', code: 0 });
    expect(await v2(fakeHive(4100).fetch).validatePurchase(ORDER)).toMatchObject({ verdict: 'refuse', reason: 'over_limit', code: 4100, message: 'exceeded' });
    expect(await v2(fakeHive(null).fetch).validatePurchase(ORDER)).toMatchObject({ verdict: 'refuse', reason: 'unreadable_answer', code: undefined });
  });

  it('throws (neither grant nor refuse) when Hive cannot be reached, and never retries the counting call', async () => {
    let checks = 0;
    const fetch = async (req: Request) => {
      if (req.url.endsWith('/oauth/token')) return json({ result_code: 0, result_msg: 'SUCCESS', data: { access_token: 't' } });
      checks++;
      return new Response('<html>bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } });
    };
    await expect(v2(fetch).validatePurchase(ORDER)).rejects.toMatchObject({ kind: 'http', status: 502 });
    expect(checks).toBe(1);
  });

  it('refuses bad configuration and bad orders before sending', async () => {
    const hive = fakeHive();
    expect(() => createHivePurchaseLimitClient({ environment: 'prod' as never, authKey: 'k' })).toThrow(/environment/);
    expect(() => createHivePurchaseLimitClient({ environment: 'production' })).toThrow(/authKey/);
    expect(() => createHivePurchaseLimitClient({ environment: 'production', clientId: 'c' })).toThrow(/appId, clientId and clientSecret/);
    await expect(v2(hive.fetch).validatePurchase({ type: 'refunded', market_pid: 'x' } as never)).rejects.toMatchObject({ kind: 'input' });
    expect(hive.calls).toHaveLength(0);
  });
});
