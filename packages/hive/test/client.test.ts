import { GamestoreError } from '@gamestore/core';
import { describe, expect, it } from 'vitest';
import { createHiveWebshopClient, createWebstoreProfileHandler } from '../src/index.js';
import { recordingFetch } from '@gamestore/core/testing';
import { specExamples } from './helpers.js';

const examples = specExamples();

describe('webstore-profile client', () => {
  it('sends the documented request: POST {base}/webstore-profile, JSON, integer cs_code for a Player ID', async () => {
    const { fetch, calls } = recordingFetch({ body: examples.response.serverOnly!.value });
    const client = createHiveWebshopClient({ baseUrl: 'https://game.example.com/hive', fetch });
    await client.getWebstoreProfileRaw('100001234');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url).toBe('https://game.example.com/hive/webstore-profile');
    expect(calls[0]!.headers.get('content-type')).toBe('application/json');
    expect(calls[0]!.body).toBe('{"cs_code":100001234}');
  });

  it('sends a string cs_code when asked, or when it is not all digits', async () => {
    const { fetch, calls } = recordingFetch({ body: examples.response.serverOnly!.value });
    const client = createHiveWebshopClient({ baseUrl: 'https://game.example.com', fetch });
    await client.getWebstoreProfile('c_1234123');
    await client.getWebstoreProfile('100001234', { csCodeType: 'string' });
    await client.getWebstoreProfile('9223372036854775807');
    expect(calls.map((c) => c.body)).toEqual([
      '{"cs_code":"c_1234123"}',
      '{"cs_code":"100001234"}',
      '{"cs_code":9223372036854775807}',
    ]);
  });

  it('reads an integer cs_code in the answer without losing a digit', async () => {
    const { fetch } = recordingFetch({ body: '{"result_code":200,"result_message":"success","cs_code":9007199254740993,"data":[]}' });
    const client = createHiveWebshopClient({ baseUrl: 'https://game.example.com', fetch });
    const answer = await client.getWebstoreProfile('9007199254740993');
    expect(answer.cs_code).toBe('9007199254740993');
  });

  it('also reads it losslessly through the openapi-fetch style call', async () => {
    const { fetch } = recordingFetch({ body: '{"result_code":200,"result_message":"success","cs_code":9007199254740993,"data":[]}' });
    const client = createHiveWebshopClient({ baseUrl: 'https://game.example.com', fetch });
    const { data } = await client.POST('/webstore-profile', { body: { cs_code: 'x' } });
    expect(data?.cs_code).toBe('9007199254740993');
  });

  it('rejects result_code 500 as an envelope error and an HTTP error as an http error', async () => {
    const unknown = createHiveWebshopClient({
      baseUrl: 'https://g.example',
      fetch: recordingFetch({ body: examples.response.unknownPlayer!.value }).fetch,
    });
    const e1 = await unknown.getWebstoreProfile('c_1').catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(GamestoreError);
    expect(e1).toMatchObject({ kind: 'envelope', code: 500, providerMessage: 'no user information', operation: 'getWebstoreProfile' });

    const bad = createHiveWebshopClient({
      baseUrl: 'https://g.example',
      fetch: recordingFetch({ status: 400, body: '{"result_code":400,"result_message":"cs_code is required","error_code":"missing_cs_code"}' }).fetch,
    });
    await expect(bad.getWebstoreProfile('c_1')).rejects.toMatchObject({ kind: 'http', status: 400, code: 'missing_cs_code' });

    const html = createHiveWebshopClient({
      baseUrl: 'https://g.example',
      fetch: async () => new Response('<html>bad gateway</html>', { status: 200, headers: { 'content-type': 'text/html' } }),
    });
    await expect(html.getWebstoreProfile('c_1')).rejects.toMatchObject({ kind: 'parse' });
  });

  it('refuses an empty cs_code before sending anything', async () => {
    const { fetch, calls } = recordingFetch({ body: '{}' });
    const client = createHiveWebshopClient({ baseUrl: 'https://g.example', fetch });
    await expect(client.getWebstoreProfile('')).rejects.toMatchObject({ kind: 'input' });
    expect(calls).toHaveLength(0);
  });

  it('round-trips every documented request example through the handler', async () => {
    const handler = createWebstoreProfileHandler({ lookup: () => [{ server_id: '4', server_name: 'Server 4' }] });
    const client = createHiveWebshopClient({ baseUrl: 'http://game.test', fetch: (req) => handler(req) });
    for (const example of Object.values(examples.request)) {
      const cs = String((example.value as { cs_code: unknown }).cs_code);
      const answer = await client.getWebstoreProfile(cs);
      expect(answer.cs_code).toBe(cs);
      expect(answer.data[0]!.channels[0]).toEqual({ channel_id: '0', channel_name: '-', characters: [] });
    }
  });
});
