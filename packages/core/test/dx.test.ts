/** What a user reads when something fails, and what a provider sees of us: the network reason, the answer's safe headers, the User-Agent. */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { basic, createApiClient, isGamestoreError, unwrap } from '../src/index.js';
import { recordingFetch } from '../src/testing.js';
import { operations, type paths } from './fixtures.js';

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('errors that say why', () => {
  it('a refused connection names its code and address in the message, never the key', async () => {
    const port = await closedPort();
    const api = createApiClient<paths>({ baseUrl: `http://127.0.0.1:${port}/v2`, operations, auth: { basicAuth: basic('44056', 'key-canary-123') }, retry: false });
    const error = await unwrap(api.GET('/items')).catch((e: unknown) => e);
    expect(isGamestoreError(error) && error.kind).toBe('network');
    expect((error as Error).message).toBe(`GET /items: network error: ECONNREFUSED 127.0.0.1:${port}`);
    expect(JSON.stringify(error)).not.toContain('key-canary');
  });

  it('an HTTP error carries a safe view of the answer headers: request id, retry hint, a mock\'s sl-violations; no cookie', async () => {
    const violations = '[{"location":["request","body","sku"],"severity":"Error","message":"must have required property \'sku\'"}]';
    const { fetch } = recordingFetch({
      status: 422,
      headers: { 'content-type': 'application/json', 'sl-violations': violations, 'x-request-id': 'req-7', 'set-cookie': 'session=secret', 'retry-after': '3' },
      body: { code: 'INVALID', message: 'sku is required' },
    });
    const api = createApiClient<paths>({ baseUrl: 'https://api.example.com/v2', operations, fetch, retry: false });
    const error = await unwrap(api.GET('/items')).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'http', status: 422, requestId: 'req-7' });
    expect((error as { responseHeaders: unknown }).responseHeaders).toEqual({
      'content-type': 'application/json',
      'retry-after': '3',
      'x-request-id': 'req-7',
      'sl-violations': violations,
    });
    expect(JSON.stringify(error)).toContain('sl-violations');
  });
});

describe('User-Agent', () => {
  it('names the package and version on every request; the caller\'s own header wins', async () => {
    const { fetch, calls } = recordingFetch({ status: 200, body: {} });
    const api = createApiClient<paths>({ baseUrl: 'https://api.example.com/v2', operations, fetch, userAgent: '@gamestore/example/1.2.3' });
    await api.GET('/items');
    const mine = createApiClient<paths>({ baseUrl: 'https://api.example.com/v2', operations, fetch, userAgent: '@gamestore/example/1.2.3', headers: { 'User-Agent': 'my-game/9' } });
    await mine.GET('/items');
    expect(calls.map((c) => c.headers.get('user-agent'))).toEqual(['@gamestore/example/1.2.3', 'my-game/9']);
    expect(() => createApiClient<paths>({ baseUrl: 'https://x.test', operations, userAgent: 'bad\r\nagent' })).toThrow(/header/);
  });
});
