/**
 * The Hive clients under attack: a token request redirected to another origin (real node:http servers on
 * 127.0.0.1), a client secret echoed in every kind of answer, a caller that aborts while a token is fetched, and
 * the transport options every gamestore client takes.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { GamestoreError } from '@gamestore/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createHivePurchaseLimitClient, createHiveWebshopClient } from '../src/index.js';

const ORDER = { type: 'paid', market_pid: 'com.example.gem_100', order_id: 'o-1' } as const;
const SECRET = 'csecret-canary-7f3a9';
const CREDS = { appId: 'com.example.game', clientId: 'cid', clientSecret: SECRET } as const;
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

type Hit = { url: string; bytes: number };
const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((close) => close()));
});

/** A node:http server on 127.0.0.1 that records every request (and every body byte it got). */
async function serve(handle: (req: IncomingMessage, res: ServerResponse) => void) {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    const hit = { url: req.url ?? '', bytes: 0 };
    hits.push(hit);
    req.on('data', (c: Buffer) => (hit.bytes += c.length));
    req.on('end', () => handle(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

/** Every string a user could see of an error. */
const exposed = (e: GamestoreError) =>
  [e.message, e.stack, String(e), JSON.stringify(e), JSON.stringify(e.body), String(e.code), String(e.providerMessage), String(e.requestId), inspect(e, { showHidden: true, depth: 20 })].join('\n');

describe('the OAuth token request and redirects', () => {
  it.each([307, 302, 308, 301])('a %i from the auth host is refused: no byte of the client secret reaches the other origin', async (status) => {
    const other = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"result_code":0,"data":{"access_token":"foreign"}}'));
    const auth = await serve((_req, res) => res.writeHead(status, { location: `${other.url}/oauth/token` }).end());
    const shop = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"result_code":0}'));
    const client = createHivePurchaseLimitClient({ environment: 'production', ...CREDS, baseUrl: { shop: shop.url, auth: auth.url } });
    const error = await client.validatePurchase(ORDER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GamestoreError);
    expect(error).toMatchObject({ kind: 'redirect', status, operation: 'issueAccessToken' });
    expect(other.hits).toHaveLength(0);
    expect(shop.hits).toHaveLength(0); // no foreign token was ever used: nothing was granted
    expect(auth.hits).toHaveLength(1);
  });
});

describe('the client secret is scrubbed from every answer that echoes it', () => {
  const echoing = {
    'a 400 on the token call': (req: Request) => (req.url.endsWith('/oauth/token') ? json({ result_code: 400, result_msg: `bad client_secret ${SECRET}` }, 400) : json({})),
    'a 500 on the token call': (req: Request) => (req.url.endsWith('/oauth/token') ? json({ error: SECRET, message: `secret=${SECRET}` }, 500) : json({})),
    'result_code 4001 on the token call': (req: Request) =>
      req.url.endsWith('/oauth/token') ? json({ result_code: 4001, result_msg: `client ${SECRET} failed`, data: { client_secret: SECRET } }) : json({}),
    'a 400 on the validation call': (req: Request) =>
      req.url.endsWith('/oauth/token') ? json({ result_code: 0, data: { access_token: 't' } }) : json({ result_code: 400, result_msg: `${SECRET}` }, 400),
  };
  it.each(Object.entries(echoing))('%s', async (_name, reply) => {
    const client = createHivePurchaseLimitClient({ environment: 'production', ...CREDS, fetch: async (req) => reply(req), retry: false });
    const error = (await client.validatePurchase(ORDER).catch((e: unknown) => e)) as GamestoreError;
    expect(error).toBeInstanceOf(GamestoreError);
    expect(exposed(error)).not.toContain(SECRET);
  });

  it('the webshop client scrubs a credential header it was given from the errors it builds', async () => {
    const key = 'game-server-key-51c2e';
    const fetch = async () => json({ result_code: 500, result_message: `denied for ${key}`, error_code: key }, 401);
    const client = createHiveWebshopClient({ baseUrl: 'http://game.test', headers: { 'x-api-key': key }, fetch });
    const error = (await client.getWebstoreProfile('123').catch((e: unknown) => e)) as GamestoreError;
    expect(error).toMatchObject({ kind: 'http', status: 401 });
    expect(exposed(error)).not.toContain(key);
  });
});

describe("the caller's signal while a token is fetched", () => {
  it('an abort during a token request that stalls settles the call at once as aborted', async () => {
    const controller = new AbortController();
    let tokenRequests = 0;
    const fetch = async (req: Request) => {
      if (req.url.endsWith('/oauth/token')) {
        tokenRequests++;
        controller.abort(); // the caller gives up while the token server stalls
        return new Promise<Response>(() => undefined);
      }
      return json({ result_code: 0 });
    };
    // a clock whose timers never fire: only the abort can end the call (a real 60 s timeout would be the bug)
    const clock = { timer: () => () => undefined };
    const client = createHivePurchaseLimitClient({ environment: 'production', ...CREDS, fetch, clock });
    await expect(client.validatePurchase(ORDER, { signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted', attempts: 0 });
    expect(tokenRequests).toBe(1);
  });

  it('an already aborted signal sends no token request', async () => {
    const calls: string[] = [];
    const fetch = async (req: Request) => (calls.push(req.url), json({ result_code: 0, data: { access_token: 't' } }));
    const client = createHivePurchaseLimitClient({ environment: 'production', ...CREDS, fetch });
    await expect(client.validatePurchase(ORDER, { signal: AbortSignal.abort() })).rejects.toMatchObject({ kind: 'aborted', attempts: 0 });
    expect(calls).toHaveLength(0);
  });
});

describe('transport options, as every gamestore client takes them', () => {
  it('purchase limit: timeout, retry and logger reach both calls', async () => {
    const events: { operation?: string | undefined; attempt: number }[] = [];
    let tokens = 0;
    const fetch = async (req: Request) => {
      if (req.url.endsWith('/oauth/token')) return ++tokens === 1 ? new Response('', { status: 503 }) : json({ result_code: 0, data: { access_token: 't' } });
      return json({ result_code: 0 });
    };
    const clock = { sleep: async () => undefined };
    const client = createHivePurchaseLimitClient({ environment: 'production', ...CREDS, fetch, clock, logger: (e) => events.push(e), timeout: 5000 });
    expect((await client.validatePurchase(ORDER)).verdict).toBe('grant');
    expect(events.map((e) => `${e.operation}#${e.attempt}`)).toEqual(['issueAccessToken#1', 'issueAccessToken#2', 'checkQuantityLimitV2#1']);
    const noRetry = createHivePurchaseLimitClient({ environment: 'production', ...CREDS, fetch: async () => new Response('', { status: 503 }), retry: false });
    await expect(noRetry.validatePurchase(ORDER)).rejects.toMatchObject({ kind: 'http', status: 503, attempts: 1 });
    expect(() => createHivePurchaseLimitClient({ environment: 'production', ...CREDS, timeout: Infinity })).toThrow(expect.objectContaining({ kind: 'config' }));
  });

  it('webshop: the logger sees the call, and a bad timeout is a config error', async () => {
    const events: unknown[] = [];
    const fetch = async () => json({ result_code: 200, result_message: 'success', cs_code: '1', data: [] });
    await createHiveWebshopClient({ baseUrl: 'http://game.test', fetch, logger: (e) => events.push(e) }).getWebstoreProfile('1');
    expect(events).toHaveLength(1);
    expect(() => createHiveWebshopClient({ baseUrl: 'http://game.test', deadline: 0 })).toThrow(expect.objectContaining({ kind: 'config' }));
  });
});
