/**
 * Adapter from a web-standard handler to a node:http request listener.
 *
 *   import { createServer } from 'node:http';
 *   import { toNodeListener } from '@gamestore/core/node';
 *   createServer(toNodeListener(handler)).listen(8080);
 *
 * The socket's remote address is passed to the handler as `info.remoteAddress` (used by IP allow-lists).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

export interface HandlerInfo {
  /** address of the peer that opened the connection */
  remoteAddress?: string | undefined;
}

export type WebHandler = (request: Request, info?: HandlerInfo) => Promise<Response>;

export function toNodeListener(handler: WebHandler): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const host = req.headers.host ?? 'localhost';
    const url = new URL(req.url ?? '/', `http://${host}`);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const item of v) headers.append(k, item);
      else headers.set(k, v);
    }
    const method = req.method ?? 'GET';
    const hasBody = method !== 'GET' && method !== 'HEAD';
    const request = new Request(url, {
      method,
      headers,
      ...(hasBody && { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' }),
    } as RequestInit);
    handler(request, { remoteAddress: req.socket.remoteAddress })
      .then(async (response) => {
        res.statusCode = response.status;
        response.headers.forEach((value, key) => res.setHeader(key, value));
        const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
        res.end(body);
      })
      .catch(() => {
        if (!res.headersSent) {
          res.statusCode = 500;
          res.setHeader('content-type', 'application/json; charset=utf-8');
        }
        res.end('{"error":"internal error"}');
      });
  };
}
