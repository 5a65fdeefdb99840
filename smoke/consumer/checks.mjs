// The consumer's side of the smoke suite: one client per published package, created from the installed tarballs
// and called against the fixture server. Plain ESM JavaScript, so Node, Bun, Deno and a browser bundle run the
// same file. Every check throws on a wrong answer; `runChecks` never throws.
import { createApiClient, isGamestoreError, unwrap } from '@gamestore/core';
import { createHiveWebshopClient } from '@gamestore/hive';
import { createStoveClient } from '@gamestore/stove';
import { createXsollaCatalogClient } from '@gamestore/xsolla/catalog';
import { createXsollaLiveOpsClient } from '@gamestore/xsolla/liveops';
import { createXsollaLiveOpsCaller } from '@gamestore/xsolla/liveops/call';
import { getDailyChainsList } from '@gamestore/xsolla/liveops/operations';

import { INT64_MAX, ITEM_ID, ORDER_NO, PLAYER_TOKEN, PROJECT_ID, USER_TOKEN } from './fixtures.mjs';

export function expectEqual(what, actual, expected) {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

const quick = { retry: false, timeout: 10_000 };

export const checks = {
  async core(base) {
    const operations = {
      getThing: { method: 'GET', path: '/core/things/{id}', security: [], int64: { response: ['id'] } },
      getMoved: { method: 'GET', path: '/core/moved', security: [], int64: { response: ['id'] } },
      createThing: { method: 'POST', path: '/core/things', security: [], int64: { request: ['id'], response: ['id'] } },
    };
    const api = createApiClient({ baseUrl: base, operations, ...quick });
    const thing = await unwrap(api.GET('/core/things/{id}', { params: { path: { id: INT64_MAX } } }));
    expectEqual('GET /core/things/{id} id', thing.id, INT64_MAX);
    // the fixture answers 400 unless the body carries the bare integer, digit for digit
    const created = await unwrap(api.POST('/core/things', { body: { id: INT64_MAX, name: 'sword' } }));
    expectEqual('POST /core/things echoed id', created.id, INT64_MAX);
    try {
      await unwrap(api.GET('/core/things/{id}', { params: { path: { id: '404' } } }));
      throw new Error('GET of a missing thing resolved');
    } catch (e) {
      if (!isGamestoreError(e)) throw e;
      expectEqual('404 kind', e.kind, 'http');
      expectEqual('404 status', e.status, 404);
      expectEqual('404 code', e.code, 4001);
    }
    // a credentialed GET redirected on its own origin: followed where fetch shows the target; in a browser the
    // target is hidden (`opaqueredirect`, status 0), so it is a typed `redirect` error after exactly one fetch
    let fetches = 0;
    const counted = createApiClient({ baseUrl: base, operations, ...quick, fetch: (r, i) => (fetches++, fetch(r, i)) });
    const moved = counted.GET('/core/moved', { headers: { authorization: 'Bearer smoke' } });
    if (typeof document === 'undefined') {
      expectEqual('same-origin redirect followed: id', (await unwrap(moved)).id, '1');
      expectEqual('same-origin redirect followed: fetches', fetches, 2);
    } else {
      const e = await moved.then(() => undefined, (x) => x);
      expectEqual('opaque redirect kind', isGamestoreError(e) ? e.kind : String(e), 'redirect');
      expectEqual('opaque redirect fetches', fetches, 1);
    }
  },

  async hive(base) {
    const client = createHiveWebshopClient({ baseUrl: base });
    const profile = await client.getWebstoreProfile(INT64_MAX);
    expectEqual('webstore-profile cs_code', profile.cs_code, INT64_MAX);
    expectEqual('webstore-profile server', profile.data[0]?.server_id, '1');
  },

  async stove(base) {
    const stove = createStoveClient({
      baseUrl: base,
      serviceId: 'SMOKE',
      headers: { lang: 'ko', nation: 'KR', timezone: 'Asia/Seoul', callerId: 'SMOKE_GAME_SERVER' },
      accessToken: PLAYER_TOKEN,
      ...quick,
    });
    const { value } = await stove.listWebInventory({ query: { shop_key: 'indie', guid: INT64_MAX } });
    expectEqual('web inventory txn_mst_no', value?.list?.[0]?.txn_mst_no, ORDER_NO);
  },

  async xsolla(base) {
    const catalog = createXsollaCatalogClient({ projectId: PROJECT_ID, baseUrl: base, ...quick });
    const { items } = await catalog.getVirtualItems({ query: { limit: 1 } });
    expectEqual('catalog item_id', items?.[0]?.item_id, ITEM_ID);
    const liveops = createXsollaLiveOpsClient({ projectId: PROJECT_ID, baseUrl: base, userToken: () => USER_TOKEN, ...quick });
    const chains = await liveops.getDailyChainsList();
    expectEqual('daily chain id', chains.items?.[0]?.id, INT64_MAX);
    // the one-operation entry: same call, same digits
    const caller = createXsollaLiveOpsCaller({ projectId: PROJECT_ID, baseUrl: base, userToken: () => USER_TOKEN, ...quick });
    const again = await caller.call(getDailyChainsList);
    expectEqual('daily chain id (caller)', again.items?.[0]?.id, INT64_MAX);
  },
};

/** Runs every check; answers `{ core: 'ok' | '<why it failed>', … }`. */
export async function runChecks(base) {
  const results = {};
  for (const [name, check] of Object.entries(checks)) {
    try {
      await check(base);
      results[name] = 'ok';
    } catch (e) {
      results[name] = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    }
  }
  return results;
}
