import { describe, expectTypeOf, it } from 'vitest';
import {
  createHiveWebshopClient,
  createWebstoreProfileHandler,
  type WebstoreProfileResponse,
  type WebstoreServer,
} from '../src/index.js';

describe('types', () => {
  it('the lookup result is checked field by field', () => {
    createWebstoreProfileHandler({ lookup: () => [{ server_id: '1', server_name: 'S' }] });
    createWebstoreProfileHandler({
      lookup: async () => [{ server_id: '1', server_name: 'S', channels: [{ channel_id: '1', channel_name: 'C' }] }],
    });
    // @ts-expect-error server_id is a string
    createWebstoreProfileHandler({ lookup: () => [{ server_id: 1, server_name: 'S' }] });
    // @ts-expect-error a field the contract does not have
    createWebstoreProfileHandler({ lookup: () => [{ server_id: '1', server_name: 'S', server_region: 'kr' }] });
    createWebstoreProfileHandler({
      lookup: () => [
        // @ts-expect-error characters go either on the server (no channels) or on each channel, not both
        { server_id: '1', server_name: 'S', channels: [], characters: [] },
      ],
    });
    createWebstoreProfileHandler({
      // @ts-expect-error character_level is text ("-" when absent), not a number
      lookup: () => [{ server_id: '1', server_name: 'S', characters: [{ character_id: 'a', character_name: 'A', character_level: 3 }] }],
    });
  });

  it('the client call is checked', () => {
    const client = createHiveWebshopClient({ baseUrl: 'https://g.example' });
    expectTypeOf(client.getWebstoreProfile('1')).resolves.toEqualTypeOf<WebstoreProfileResponse>();
    // @ts-expect-error cs_code is passed as text (digits for an integer Player ID)
    void client.getWebstoreProfile(100001234);
    void client.POST('/webstore-profile', { body: { cs_code: 'c_1' } });
    // @ts-expect-error a misspelt field (cs_code is required)
    void client.POST('/webstore-profile', { body: { cs_cod: 'c_1' } });
    // @ts-expect-error an int64 cs_code is digits in a string, never a lossy number
    void client.POST('/webstore-profile', { body: { cs_code: 100001234 } });
    // @ts-expect-error cs_code is required
    void client.POST('/webstore-profile', { body: {} });
    // @ts-expect-error the endpoint is POST only
    void client.GET('/webstore-profile');
  });

  it('int64 is a string, never a number', () => {
    expectTypeOf<WebstoreProfileResponse['cs_code']>().toEqualTypeOf<string>();
    expectTypeOf<WebstoreServer['channels'][number]['characters'][number]['character_level']>().toEqualTypeOf<string>();
  });
});

describe('purchase limit verdict types', () => {
  it('an over-limit verdict cannot be mistaken for a grant', async () => {
    const { createHivePurchaseLimitClient } = await import('../src/index.js');
    const client = createHivePurchaseLimitClient({ environment: 'production', authKey: 'k' });
    const v = await client.validatePurchase({ type: 'paid', market_pid: 'p' });
    // @ts-expect-error the code is only known to be 0 after checking the verdict
    const zero: 0 = v.code;
    void zero;
    if (v.verdict === 'grant') {
      expectTypeOf(v.code).toEqualTypeOf<0>();
    } else {
      expectTypeOf(v.reason).toEqualTypeOf<'over_limit' | 'unreadable_answer'>();
      // @ts-expect-error a refusal is not a grant
      const granted: Extract<typeof v, { verdict: 'grant' }> = v;
      void granted;
    }
    // @ts-expect-error type is 'paid' or 'cancelled'
    void client.validatePurchase({ type: 'refunded', market_pid: 'p' });
  });
});
