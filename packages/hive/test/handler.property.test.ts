import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWebstoreProfileHandler } from '../src/index.js';
import { parseJson } from '@gamestore/core';
import { checkWebstoreProfileResponse } from '../src/check.js';

const handler = createWebstoreProfileHandler({
  lookup: ({ csCode }) => (csCode.length % 3 === 0 ? null : [{ server_id: csCode.slice(0, 8) || 's', server_name: 'S' }]),
  maxBodyBytes: 2048,
});

const jsonBody = fc.oneof(
  fc.json(),
  fc.record({ cs_code: fc.oneof(fc.string(), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), fc.double(), fc.boolean(), fc.constant(null), fc.json()) })
    .map((o) => JSON.stringify(o, (_k, v: unknown) => (typeof v === 'bigint' ? `__BIG__${v}` : v)).replace(/"__BIG__(-?\d+)"/g, '$1')),
  fc.string({ maxLength: 3000 }),
  fc.uint8Array({ maxLength: 300 }).map((b) => new TextDecoder('latin1').decode(b)),
);

describe('webstore-profile handler: random bodies', () => {
  it('never throws and never answers 5xx for a client mistake (1,000 bodies)', async () => {
    await fc.assert(
      fc.asyncProperty(
        jsonBody,
        fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH'),
        fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', '', 'application/vnd.hive+json'),
        async (body, method, type) => {
          const init: RequestInit = { method, headers: type ? { 'content-type': type } : {} };
          if (method !== 'GET') init.body = body;
          const res = await handler(new Request('http://game.test/webstore-profile', init));
          expect(res.status).toBeLessThan(500);
          const parsed = parseJson(await res.text(), { keys: ['cs_code'] }) as Record<string, unknown>;
          if (res.status === 200) {
            expect(checkWebstoreProfileResponse(parsed).filter((d) => d.severity === 'error')).toEqual([]);
          } else {
            expect(parsed.result_code).toBe(res.status);
            expect(typeof parsed.error_code).toBe('string');
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
