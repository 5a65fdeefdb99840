import { describe, expect, it } from 'vitest';
import { checkWebstoreProfileResponse } from '../src/check.js';
import { specExamples } from './helpers.js';

const good = () => ({
  result_code: 200,
  result_message: 'success',
  cs_code: 'c_1',
  data: [{ server_id: '1', server_name: 'S', channels: [{ channel_id: '0', channel_name: '-', characters: [] as unknown[] }] }],
});

describe('checkWebstoreProfileResponse', () => {
  it('accepts every response example in the spec', () => {
    for (const [name, example] of Object.entries(specExamples().response)) {
      const value = JSON.parse(JSON.stringify(example.value, (_k, v: unknown) => (typeof v === 'number' && v > 1e6 ? String(v) : v)));
      expect(checkWebstoreProfileResponse(value), name).toEqual([]);
    }
  });

  it('names every departure with its path', () => {
    const body: any = good();
    delete body.result_message;
    body.result_code = '200';
    body.data[0].server_id = 1;
    body.data[0].channels[0].channel_name = 'none';
    body.data[0].channels[0].characters = [{ character_id: 'a', character_name: 'A', character_level: '' }, { character_id: 'b' }];
    body.extra = true;
    const found = checkWebstoreProfileResponse(body).map((d) => `${d.severity} ${d.path}`);
    expect(found.sort()).toEqual(
      [
        'error $.result_message',
        'error $.result_code',
        'warning $.extra',
        'error $.data[0].server_id',
        'warning $.data[0].channels[0].channel_name',
        'warning $.data[0].channels[0].characters[0].character_level',
        'error $.data[0].channels[0].characters[1].character_name',
        'error $.data[0].channels[0].characters[1].character_level',
      ].sort(),
    );
  });

  it('flags an empty channel list, a missing characters list and non-objects', () => {
    const noChannels: any = good();
    noChannels.data[0].channels = [];
    expect(checkWebstoreProfileResponse(noChannels)).toEqual([expect.objectContaining({ path: '$.data[0].channels', severity: 'error' })]);
    const noCharacters: any = good();
    delete noCharacters.data[0].channels[0].characters;
    expect(checkWebstoreProfileResponse(noCharacters)).toEqual([
      expect.objectContaining({ path: '$.data[0].channels[0].characters', severity: 'error' }),
    ]);
    expect(checkWebstoreProfileResponse([])).toEqual([{ path: '$', severity: 'error', message: 'must be an object' }]);
    expect(checkWebstoreProfileResponse({ ...good(), data: {} })).toEqual([expect.objectContaining({ path: '$.data' })]);
  });

  it('warns about an undocumented result code, a cs_code that is not echoed and data with result 500', () => {
    expect(checkWebstoreProfileResponse({ ...good(), result_code: 201 }).map((d) => d.path)).toEqual(['$.result_code']);
    expect(checkWebstoreProfileResponse(good(), { csCode: 'other' }).map((d) => d.path)).toEqual(['$.cs_code']);
    expect(checkWebstoreProfileResponse({ ...good(), result_code: 500 }).map((d) => d.path)).toEqual(['$.data']);
  });
});
