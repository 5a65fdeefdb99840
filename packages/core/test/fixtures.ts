/**
 * A small API in the shape scripts/generate.ts writes (`paths` from openapi-typescript, `operations` from the
 * meta file), plus test helpers: a bounded node:http server on 127.0.0.1 and an injectable clock.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { describeError, type Clock, type OperationTable, type ProviderError } from '../src/index.js';

/** The error reader of the test provider, whose bodies are Xsolla-shaped (`errorCode`, `errorMessage`, `transactionId`). */
export function providerError(body: unknown, response?: Response): ProviderError {
  const b = Object(body) as { errorCode?: unknown; errorMessage?: unknown; transactionId?: unknown };
  const base = describeError(body, response);
  return {
    code: typeof b.errorCode === 'number' ? b.errorCode : base.code,
    message: typeof b.errorMessage === 'string' ? b.errorMessage : base.message,
    requestId: typeof b.transactionId === 'string' ? b.transactionId : base.requestId,
  };
}

type Json<T> = { headers: { [name: string]: unknown }; content: { 'application/json': T } };
type XsollaError = { statusCode?: number; errorCode: number; errorMessage: string; transactionId?: string };
type NoParams = { query?: never; header?: never; path?: never; cookie?: never };
type PathParams<P> = { query?: never; header?: never; path: P; cookie?: never };
type AllMethods = { get?: never; put?: never; post?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never };
/** a path item as openapi-typescript writes it: the methods given, every other one `?: never` */
type PathItem<M> = { parameters: NoParams } & M & Omit<AllMethods, keyof M>;

export interface Item {
  id: string;
  sku: string;
  name: string;
  price: number;
}
export interface ItemList {
  items: Item[];
  has_more?: boolean;
  total_items_count?: number;
}
export interface StoveEnvelope<T> {
  code: number;
  message: string;
  value?: T;
}

export interface paths {
  '/items/{item_id}': PathItem<{
    get: {
      parameters: PathParams<{ item_id: string }>;
      requestBody?: never;
      responses: { 200: Json<Item>; 404: Json<XsollaError> };
    };
    put: {
      parameters: PathParams<{ item_id: string }>;
      requestBody: { content: { 'application/json': { name: string } } };
      responses: { 200: Json<Item>; 422: Json<XsollaError> };
    };
  }>;
  '/items': PathItem<{
    get: {
      parameters: { query?: { limit?: number; offset?: number }; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: { 200: Json<ItemList>; 401: Json<XsollaError> };
    };
  }>;
  '/orders': PathItem<{
    post: {
      parameters: NoParams;
      requestBody: { content: { 'application/json': { order_id?: string; amount: string; ids?: string[]; note?: string } } };
      responses: { 200: Json<{ order_id: string; amount: string }>; 422: Json<XsollaError> };
    };
  }>;
  '/stove/{service_id}/categories': PathItem<{
    get: {
      parameters: PathParams<{ service_id: string }>;
      requestBody?: never;
      responses: { 200: Json<StoveEnvelope<{ total_count: number; list: { category_id: string }[] }>> };
    };
  }>;
  '/cart': PathItem<{
    get: { parameters: NoParams; requestBody?: never; responses: { 200: Json<{ cart_id: string }> } };
  }>;
}

export const operations = {
  getItem: { method: 'GET', path: '/items/{item_id}', security: [] },
  updateItem: { method: 'PUT', path: '/items/{item_id}', security: [['basicAuth'], ['basicMerchantAuth']] },
  listItems: {
    method: 'GET',
    path: '/items',
    security: [['XsollaLoginUserJWT'], []],
    int64: { response: ['id'], responseArrays: ['ids'] },
  },
  createOrder: {
    method: 'POST',
    path: '/orders',
    security: [['basicAuth']],
    int64: { request: ['amount', 'order_id'], requestArrays: ['ids'], response: ['amount', 'order_id'] },
  },
  listCategories: { method: 'GET', path: '/stove/{service_id}/categories', security: [[], ['stoveUserToken']] },
  getCart: { method: 'GET', path: '/cart', security: [['AuthForCart'], ['AuthForCartGuestId', 'AuthForCartGuestUser']] },
} as const satisfies OperationTable;

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

/**
 * A clock that never waits for real. `now` starts at `start` and moves only when the code sleeps or a timer
 * fires; sleeps are recorded in `delays` and resolve at once; timers (attempt timeouts, deadlines) are recorded
 * in `timers` and fire only when the test calls `fire()`, so nothing races a real timer. `random` is fixed.
 */
export function fakeClock(random = 0.5, start = 1_000_000): Clock & { delays: number[]; timers: number[]; fire(): number } {
  const delays: number[] = [];
  const timers: number[] = [];
  let t = start;
  const pending = new Set<{ at: number; fire: () => void }>();
  return {
    delays,
    timers,
    now: () => t,
    random: () => random,
    sleep: async (ms: number, signal?: AbortSignal) => {
      delays.push(ms);
      if (signal?.aborted) throw signal.reason;
      t += ms;
    },
    timer: (ms: number, fire: () => void) => {
      timers.push(ms);
      const entry = { at: t + ms, fire };
      pending.add(entry);
      return () => void pending.delete(entry);
    },
    /** fires every pending timer (time moves to the last one's due time); returns how many fired */
    fire: () => {
      const due = [...pending];
      pending.clear();
      for (const e of due) {
        t = Math.max(t, e.at);
        e.fire();
      }
      return due.length;
    },
  };
}

export interface Hit {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface TestServer {
  url: string;
  hits: Hit[];
  close(): Promise<void>;
}

/**
 * A node:http server on 127.0.0.1, port 0. `handle` gets the request (body read), the response and the
 * 1-based hit number. Every socket is destroyed on close, and the server closes itself after `lifetimeMs`.
 */
export async function startServer(
  handle: (req: IncomingMessage, res: ServerResponse, hit: number, socket: Socket) => void,
  lifetimeMs = 60_000,
): Promise<TestServer> {
  const sockets = new Set<Socket>();
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
      handle(req, res, hits.length, req.socket);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= new Promise<void>((resolve) => {
      clearTimeout(selfStop);
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }));
  const selfStop = setTimeout(close, lifetimeMs);
  selfStop.unref();
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, close };
}
