/**
 * Adapter from a web-standard handler to a node:http request listener.
 *
 *   import { createServer } from 'node:http';
 *   import { toNodeListener } from '@gamestore/core/node';
 *   createServer(toNodeListener(handler)).listen(8080);
 *
 * The socket's remote address is passed to the handler as `info.remoteAddress` (used by IP allow-lists).
 *
 * Nothing a client sends can make the listener throw. A request that the Fetch API cannot represent never
 * reaches the handler: a method fetch forbids (`CONNECT`, `TRACE`, `TRACK`) is answered 501, and a target, a
 * `Host` or a header that does not make a valid URL or `Request` is answered 400. A handler that rejects (it
 * should not) is answered 500; a response that fails while it is written ends the connection.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { HandlerInfo } from './server.js';

export type { HandlerInfo } from './server.js';

/** A web-standard handler: what every gamestore handler is, and what `toNodeListener` mounts. */
export type WebHandler = (request: Request, info?: HandlerInfo) => Promise<Response>;

/** Methods `new Request` refuses (Fetch standard, "forbidden method"). */
const FORBIDDEN_METHOD = /^(CONNECT|TRACE|TRACK)$/i;

type Built = { request: Request } | { status: 400 | 501; message: string };

/** The web `Request` for a node:http request, or the status that refuses it (the handler is not called). */
function toRequest(req: IncomingMessage): Built {
  const method = req.method ?? 'GET';
  if (FORBIDDEN_METHOD.test(method)) return { status: 501, message: `method ${method.toUpperCase()} is not supported` };
  try {
    // the Host header is client input: a value that is not a host makes the URL fail, and the request is refused
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const item of v) headers.append(k, item);
      else headers.set(k, v);
    }
    const hasBody = method !== 'GET' && method !== 'HEAD';
    const init = { method, headers, ...(hasBody && { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' }) };
    return { request: new Request(url, init as RequestInit) };
  } catch {
    return { status: 400, message: 'the request target, Host or a header is not valid' };
  }
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', connection: 'close' });
  res.end(JSON.stringify({ error: message }));
}

async function write(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, key) => res.setHeader(key, value));
  res.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
}

export function toNodeListener(handler: WebHandler): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    // a body the handler left unread, or a client that goes away, must not raise an unhandled 'error'
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    const built = toRequest(req);
    if (!('request' in built)) return refuse(res, built.status, built.message);
    Promise.resolve()
      .then(() => handler(built.request, { remoteAddress: req.socket.remoteAddress }))
      .then((response) => write(res, response))
      .catch(() => {
        if (res.headersSent) return void res.destroy();
        try {
          refuse(res, 500, 'internal error');
        } catch {
          res.destroy();
        }
      });
  };
}
