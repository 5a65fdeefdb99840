/**
 * The fixture server the consumers call: node:http on 127.0.0.1 (a random port), canned JSON for the few routes
 * the smoke checks use. int64 values are written as bare JSON integers (the JSON text is built by hand, so no
 * digit is lost here), request bodies are checked for the bare integer the client must send, and every answer
 * carries CORS headers so that a page on another 127.0.0.1 port can call it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { INT64_MAX, ITEM_ID, ORDER_NO, PLAYER_TOKEN, PROJECT_ID, USER_TOKEN } from '../consumer/fixtures.mjs';

export interface FixtureServer {
  url: string;
  /** requests answered, by route name (unknown routes count as `404`) */
  hits: Record<string, number>;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

const json = (status: number, body: string): Answer => ({ status, body });
const xsollaError = (status: number, code: number, message: string) =>
  json(status, `{"statusCode":${status},"errorCode":${code},"errorMessage":${JSON.stringify(message)},"transactionId":"smoke-tx"}`);

type Route = {
  name: string;
  method: string;
  path: RegExp;
  answer(match: RegExpMatchArray, req: IncomingMessage, body: string, url: URL): Answer;
};

const ROUTES: Route[] = [
  {
    // a same-origin redirect of a credentialed GET: followed on servers; in a browser the target of a manual
    // redirect is hidden (`opaqueredirect`), so the client refuses it after one fetch
    name: 'core redirect',
    method: 'GET',
    path: /^\/core\/moved$/,
    answer: () => ({ status: 302, body: '', headers: { location: '/core/things/1' } }),
  },
  {
    name: 'core GET',
    method: 'GET',
    path: /^\/core\/things\/(\d+)$/,
    // core's default error reader: `{ code, message }`
    answer: ([, id]) => (id === '404' ? json(404, '{"code":4001,"message":"thing not found"}') : json(200, `{"id":${id},"name":"sword"}`)),
  },
  {
    name: 'core POST',
    method: 'POST',
    path: /^\/core\/things$/,
    answer: (_m, _req, body) =>
      new RegExp(`"id":${INT64_MAX}[,}]`).test(body) ? json(200, body) : xsollaError(400, 1, `id must be the bare integer ${INT64_MAX}`),
  },
  {
    name: 'hive webstore-profile',
    method: 'POST',
    path: /^\/webstore-profile$/,
    answer: (_m, _req, body) =>
      new RegExp(`"cs_code":${INT64_MAX}[,}]`).test(body)
        ? json(
            200,
            `{"result_code":200,"result_message":"success","cs_code":${INT64_MAX},"data":[{"server_id":"1","server_name":"Asia","channels":[{"channel_id":"0","channel_name":"-","characters":[]}]}]}`,
          )
        : json(400, '{"result_code":400,"result_message":"cs_code must be a bare integer"}'),
  },
  {
    name: 'stove web inventory',
    method: 'GET',
    path: /^\/bill-store\/v1\.0\/SMOKE\/product\/inventory\/web$/,
    answer: (_m, req, _body, url) =>
      req.headers.authorization !== PLAYER_TOKEN
        ? json(200, '{"code":40101,"message":"invalid access token"}')
        : url.searchParams.get('guid') !== INT64_MAX || !url.searchParams.get('ts')
          ? json(200, '{"code":40001,"message":"guid and ts are required"}')
          : json(
              200,
              `{"code":0,"message":"OK","value":{"total_count":1,"list":[{"txn_mst_no":${ORDER_NO},"txn_dtl_no":${ORDER_NO},"product_id":123456789012345678,"product_name":"Sword"}]}}`,
            ),
  },
  {
    name: 'xsolla catalog',
    method: 'GET',
    path: new RegExp(`^/v2/project/${PROJECT_ID}/items/virtual_items$`),
    answer: () =>
      json(200, `{"has_more":false,"total_items_count":1,"items":[{"item_id":${ITEM_ID},"sku":"sword","name":"Sword","type":"virtual_good"}]}`),
  },
  {
    name: 'xsolla liveops',
    method: 'GET',
    path: new RegExp(`^/v2/project/${PROJECT_ID}/user/daily_chain$`),
    answer: (_m, req) =>
      req.headers.authorization === `Bearer ${USER_TOKEN}`
        ? json(200, `{"total_items_count":1,"items":[{"id":${INT64_MAX},"name":{"en":"Daily"},"is_enabled":true}]}`)
        : xsollaError(401, 1501, 'user token required'),
  },
];

function cors(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
  // echo what the preflight asks for: `*` does not cover `authorization`
  const asked = req.headers['access-control-request-headers'];
  if (asked) res.setHeader('access-control-allow-headers', asked);
  res.setHeader('access-control-max-age', '600');
  res.setHeader('vary', 'origin, access-control-request-headers');
}

/** Starts the fixture server on 127.0.0.1 and a random port. */
export async function startFixtureServer(): Promise<FixtureServer> {
  const hits: Record<string, number> = {};
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      cors(req, res);
      if (req.method === 'OPTIONS') {
        res.writeHead(204).end();
        return;
      }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = Buffer.concat(chunks).toString('utf8');
      let answer: Answer = json(404, '{"error":"no such fixture route"}');
      let name = '404';
      for (const route of ROUTES) {
        const match = route.method === req.method ? url.pathname.match(route.path) : null;
        if (match) {
          answer = route.answer(match, req, body, url);
          name = route.name;
          break;
        }
      }
      hits[name] = (hits[name] ?? 0) + 1;
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...answer.headers }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
