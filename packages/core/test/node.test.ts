/**
 * toNodeListener on a real node:http server (127.0.0.1, port 0), fed raw bytes over a socket: no request line,
 * target or Host header can crash the process or reach the handler unless fetch can represent it.
 */
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toNodeListener } from '../src/node.js';

let server: Server;
let port: number;
const seen: string[] = [];
/** the handler a user mounts: it records what reached it */
const handler = async (request: Request) => {
  seen.push(`${request.method} ${request.url}`);
  if (request.headers.get('x-fail') === 'throw') throw new Error('handler bug');
  return new Response('{"ok":true}', { headers: { 'content-type': 'application/json' } });
};

beforeAll(async () => {
  server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends `text` as it is and resolves with everything the server wrote before it closed the connection. */
function raw(text: string): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.end(text));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => undefined); // a reset is an answer too
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
}
const status = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);

describe('toNodeListener: requests fetch cannot represent', () => {
  it.each([
    ['a TRACE request line', 'TRACE / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n', 501],
    ['Host: a b', 'GET / HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n', 400],
    ['Host: [::1', 'GET / HTTP/1.1\r\nHost: [::1\r\nConnection: close\r\n\r\n', 400],
    ['an absolute-form target that is no URL', 'POST http://[ HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n', 400],
    ['Host: with a user part', 'GET / HTTP/1.1\r\nHost: user@\r\nConnection: close\r\n\r\n', 400],
  ])('%s is refused without calling the handler, and the server lives on', async (_name, text, expected) => {
    const before = seen.length;
    const answer = await raw(text);
    expect(status(answer)).toBe(expected);
    expect(answer).toContain('application/json');
    expect(seen).toHaveLength(before);
    expect(status(await raw('GET /still-up HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'))).toBe(200);
  });

  it('answers a handler that throws with a 500, and the server lives on', async () => {
    const answer = await raw('GET / HTTP/1.1\r\nHost: localhost\r\nx-fail: throw\r\nConnection: close\r\n\r\n');
    expect(status(answer)).toBe(500);
    expect(answer).toContain('{"error":"internal error"}');
    expect(status(await raw('GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'))).toBe(200);
  });

  it('a client that sends half a body and goes away does not crash the server', async () => {
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write('POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{"a":');
        socket.destroy();
        resolve();
      });
    });
    expect(status(await raw('GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'))).toBe(200);
  });

  it('never crashes on any request line and Host header (property); the handler only sees valid URLs', async () => {
    const token = fc.stringMatching(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,12}$/);
    const visible = fc.stringMatching(/^[\x21-\x7e]{0,24}$/); // no space, CR or LF: one request-line field
    const hostValue = fc.oneof(
      fc.constantFrom('localhost', 'a b', '[::1', '[::1]:80', 'x:99999', 'user@host', '%', '', '\t', 'ex ample.com:1', 'ü.example'),
      fc.stringMatching(/^[\x20-\x7e]{0,20}$/),
    );
    const method = fc.oneof(fc.constantFrom('GET', 'POST', 'TRACE', 'TRACK', 'CONNECT', 'PATCH', 'get', 'M-SEARCH'), token);
    const target = fc.oneof(fc.constantFrom('/', '*', 'http://[', 'http://a b', '//x', '/%', 'http://example.com/x', 'x'), visible.map((v) => `/${v}`), visible);
    await fc.assert(
      fc.asyncProperty(method, target, hostValue, async (m, t, host) => {
        const before = seen.length;
        await raw(`${m} ${t} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
        for (const line of seen.slice(before)) expect(() => new URL(line.slice(line.indexOf(' ') + 1))).not.toThrow();
      }),
      { numRuns: 150 },
    );
    expect(status(await raw('GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'))).toBe(200);
  });
});
