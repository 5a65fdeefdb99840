import { parseJson } from '@gamestore/core';
import { describe, expect, it, vi } from 'vitest';
import { createWebstoreProfileHandler, HIVE_SERVER_IPS, type ServerInput } from '../src/index.js';
import { checkWebstoreProfileResponse } from '../src/check.js';
import { post, specExamples } from './helpers.js';

const examples = specExamples().response;

/** The four documented shapes, as a game would return them from its lookup (placeholders left out). */
const SHAPES: Record<string, ServerInput[]> = {
  serverChannelCharacter: [
    {
      server_id: '1',
      server_name: 'Server 1',
      channels: [
        {
          channel_id: '1',
          channel_name: 'Channel 1',
          characters: [
            { character_id: 'A', character_name: 'Character A', character_level: '99' },
            { character_id: 'B', character_name: 'Character B', character_level: '10' },
          ],
        },
      ],
    },
  ],
  serverCharacter: [
    {
      server_id: '2',
      server_name: 'Server 2',
      characters: [
        { character_id: 'C', character_name: 'Character C', character_level: '11' },
        { character_id: 'D', character_name: 'Character D', character_level: '12' },
      ],
    },
  ],
  serverChannel: [{ server_id: '3', server_name: 'Server 3', channels: [{ channel_id: '2', channel_name: 'Channel 2' }] }],
  serverOnly: [{ server_id: '4', server_name: 'Server 4' }],
};

const json = async (r: Response) => JSON.parse(await r.text()) as Record<string, unknown>;

describe('webstore-profile handler: documented shapes', () => {
  for (const [name, servers] of Object.entries(SHAPES)) {
    it(`answers the "${name}" shape exactly as the spec example`, async () => {
      const expected = examples[name]!.value as Record<string, unknown>;
      const handler = createWebstoreProfileHandler({ lookup: () => servers });
      const csBody = typeof expected.cs_code === 'number' ? `{"cs_code":${expected.cs_code}}` : JSON.stringify({ cs_code: expected.cs_code });
      const res = await handler(post(csBody));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual(expected);
      expect(checkWebstoreProfileResponse(parseJson(text, { keys: ['cs_code'] }))).toEqual([]);
    });
  }

  it('fills "-" for a missing character level', async () => {
    const handler = createWebstoreProfileHandler({
      lookup: () => [{ server_id: '9', server_name: 'S', characters: [{ character_id: 'x', character_name: 'X' }] }],
    });
    const body = (await json(await handler(post('{"cs_code":"p"}')))) as any;
    expect(body.data[0].channels).toEqual([
      { channel_id: '0', channel_name: '-', characters: [{ character_id: 'x', character_name: 'X', character_level: '-' }] },
    ]);
  });

  it('passes the player id to the lookup digit for digit and echoes an integer cs_code as an integer', async () => {
    const lookup = vi.fn(() => SHAPES.serverOnly!);
    const handler = createWebstoreProfileHandler({ lookup });
    const res = await handler(post('{ "cs_code" : 9223372036854775807 }'));
    const text = await res.text();
    expect(lookup).toHaveBeenCalledWith(expect.objectContaining({ csCode: '9223372036854775807', csCodeType: 'integer' }));
    expect(text).toContain('"cs_code":9223372036854775807,');
  });

  it('reads an exponent literal as the integer it denotes, digit for digit (core\'s int64 rule)', async () => {
    const lookup = vi.fn(() => SHAPES.serverOnly!);
    const handler = createWebstoreProfileHandler({ lookup });
    const text = await (await handler(post('{"cs_code":5.683669676745096842e18}'))).text();
    expect(lookup).toHaveBeenCalledWith(expect.objectContaining({ csCode: '5683669676745096842', csCodeType: 'integer' }));
    expect(text).toContain('"cs_code":5683669676745096842,');
  });

  it('echoes a string cs_code as a string, even when it is all digits', async () => {
    const lookup = vi.fn(() => SHAPES.serverOnly!);
    const handler = createWebstoreProfileHandler({ lookup });
    const text = await (await handler(post('{"cs_code":"100001234"}'))).text();
    expect(lookup).toHaveBeenCalledWith(expect.objectContaining({ csCode: '100001234', csCodeType: 'string' }));
    expect(text).toContain('"cs_code":"100001234"');
  });

  it('answers the documented error shape for an unknown player (default) and the empty shape on request', async () => {
    const asError = createWebstoreProfileHandler({ lookup: () => null });
    const res = await asError(post('{"cs_code":"c_1234123"}'));
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual(examples.unknownPlayer!.value);

    const asEmpty = createWebstoreProfileHandler({ lookup: () => undefined, unknownPlayer: 'empty' });
    expect(await json(await asEmpty(post('{"cs_code":100001234}')))).toEqual(examples.noInformation!.value);
  });
});

describe('webstore-profile handler: bad input', () => {
  const handler = createWebstoreProfileHandler({ lookup: () => SHAPES.serverOnly!, maxBodyBytes: 64 });

  const cases: Array<[string, Request, number, string]> = [
    ['malformed JSON', post('{"cs_code": '), 400, 'invalid_json'],
    ['JSON that is not an object', post('[1,2]'), 400, 'invalid_body'],
    ['null body', post('null'), 400, 'invalid_body'],
    ['empty body', post(''), 400, 'invalid_json'],
    ['missing cs_code', post('{"player":"x"}'), 400, 'missing_cs_code'],
    ['cs_code null', post('{"cs_code":null}'), 400, 'missing_cs_code'],
    ['cs_code boolean', post('{"cs_code":true}'), 400, 'invalid_cs_code'],
    ['cs_code object', post('{"cs_code":{"id":1}}'), 400, 'invalid_cs_code'],
    ['cs_code fraction', post('{"cs_code":1.5}'), 400, 'invalid_cs_code'],
    ['cs_code exponent with a fraction', post('{"cs_code":15e-1}'), 400, 'invalid_cs_code'],
    ['cs_code beyond int64', post('{"cs_code":9223372036854775808}'), 400, 'invalid_cs_code'],
    ['cs_code empty string', post('{"cs_code":""}'), 400, 'invalid_cs_code'],
    ['body over the limit', post(JSON.stringify({ cs_code: 'x'.repeat(100) })), 413, 'body_too_large'],
    ['wrong content type', post('{"cs_code":"a"}', { 'content-type': 'text/plain' }), 415, 'unsupported_media_type'],
    ['form content type', post('cs_code=a', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type'],
    ['wrong method', new Request('http://game.test/webstore-profile', { method: 'GET' }), 405, 'method_not_allowed'],
    ['invalid UTF-8', new Request('http://game.test/webstore-profile', { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array([0x7b, 0xff, 0x7d]) }), 400, 'invalid_json'],
  ];
  for (const [name, request, status, code] of cases) {
    it(`${name} → ${status} ${code}`, async () => {
      const res = await handler(request);
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const body = await json(res);
      expect(body).toMatchObject({ result_code: status, error_code: code });
      expect(typeof body.result_message).toBe('string');
    });
  }

  it('405 names the allowed method', async () => {
    const res = await handler(new Request('http://game.test/webstore-profile', { method: 'PUT', body: '{}' }));
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('stops reading a streamed body as soon as it passes the limit', async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new TextEncoder().encode('{"cs_code":"' + 'x'.repeat(40)));
        if (pulled > 1000) controller.close();
      },
    });
    const req = new Request('http://game.test/webstore-profile', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const res = await handler(req);
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThan(10);
  });
});

describe('webstore-profile handler: failures of the game and the caller allow-list', () => {
  it('answers 500 without details when the lookup throws, and reports the error', async () => {
    const onError = vi.fn();
    const handler = createWebstoreProfileHandler({
      lookup: () => {
        throw new Error('db password=hunter2 unreachable');
      },
      onError,
    });
    const res = await handler(post('{"cs_code":"a"}'));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('hunter2');
    expect(JSON.parse(text)).toMatchObject({ error_code: 'internal_error' });
    expect(onError).toHaveBeenCalledOnce();
  });

  it('answers 500 when the lookup returns something off-contract, even if onError throws', async () => {
    const handler = createWebstoreProfileHandler({
      lookup: () => [{ server_id: 5, server_name: 'S' }] as unknown as ServerInput[],
      onError: () => {
        throw new Error('reporter down');
      },
    });
    expect((await handler(post('{"cs_code":"a"}'))).status).toBe(500);
    const notArray = createWebstoreProfileHandler({ lookup: () => ({}) as unknown as ServerInput[] });
    expect((await notArray(post('{"cs_code":"a"}'))).status).toBe(500);
  });

  it('serves only allow-listed addresses when an allow-list is set', async () => {
    const handler = createWebstoreProfileHandler({ lookup: () => SHAPES.serverOnly!, allowedIps: HIVE_SERVER_IPS });
    expect((await handler(post('{"cs_code":"a"}'), { remoteAddress: HIVE_SERVER_IPS[0] })).status).toBe(200);
    expect((await handler(post('{"cs_code":"a"}'), { remoteAddress: `::ffff:${HIVE_SERVER_IPS[1]}` })).status).toBe(200);
    const denied = await handler(post('{"cs_code":"a"}'), { remoteAddress: '203.0.113.9' });
    expect(denied.status).toBe(403);
    expect(await json(denied)).toMatchObject({ error_code: 'forbidden' });
    // no address from the adapter: refuse rather than guess from headers
    expect((await handler(post('{"cs_code":"a"}', { 'x-forwarded-for': HIVE_SERVER_IPS[0]! }))).status).toBe(403);
  });

  it('reads the peer address the way node:http, Deno and Bun each pass it', async () => {
    const handler = createWebstoreProfileHandler({ lookup: () => SHAPES.serverOnly!, allowedIps: HIVE_SERVER_IPS });
    const hive = HIVE_SERVER_IPS[2]!;
    const bun = (address: string) => ({ requestIP: (r: Request) => (r instanceof Request ? { address } : null) });
    expect((await handler(post('{"cs_code":"a"}'), { remoteAddress: hive })).status).toBe(200);
    expect((await handler(post('{"cs_code":"a"}'), { remoteAddr: { hostname: hive } })).status).toBe(200);
    expect((await handler(post('{"cs_code":"a"}'), bun(hive))).status).toBe(200);
    expect((await handler(post('{"cs_code":"a"}'), { remoteAddr: { hostname: '198.51.100.7' } })).status).toBe(403);
    expect((await handler(post('{"cs_code":"a"}'), bun('198.51.100.7'))).status).toBe(403);
    expect((await handler(post('{"cs_code":"a"}'), { requestIP: () => null })).status).toBe(403);
  });

  it('lists the addresses Hive publishes', () => {
    expect(HIVE_SERVER_IPS).toContain('15.165.223.210');
    expect(HIVE_SERVER_IPS).toHaveLength(6);
  });

  it('refuses to build without a lookup', () => {
    expect(() => createWebstoreProfileHandler({} as never)).toThrow(/lookup/);
  });
});
