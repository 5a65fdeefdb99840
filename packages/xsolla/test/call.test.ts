/**
 * The one-operation-at-a-time entries (`@gamestore/xsolla/<api>/call` + `/operations`): every spec-example call
 * made through `call(operation, input)` sends exactly the request the whole-API client sends and resolves to the
 * same value.
 */
import { GamestoreError } from '@gamestore/core';
import { recordingFetch } from '@gamestore/core/testing';
import { describe, expect, it } from 'vitest';
import { createXsollaCatalogCaller } from '../src/catalog-call.js';
import * as catalogOps from '../src/catalog-operations.js';
import { createXsollaLiveOpsCaller } from '../src/liveops-call.js';
import * as liveopsOps from '../src/liveops-operations.js';
import { clientOf, documented, rejection } from './helpers.js';
import { API_KEY, casesFor, loadSpec, MERCHANT_ID, PROJECT_ID, USER_TOKEN, type Case } from './spec.js';

const specs = await Promise.all([loadSpec('catalog'), loadSpec('liveops')]);
const cases: Case[] = specs.flatMap((spec) => spec.operations.flatMap((op) => {
  const built = casesFor(spec, op);
  return typeof built === 'string' ? [] : built;
}));
const CALLERS = { catalog: createXsollaCatalogCaller, liveops: createXsollaLiveOpsCaller } as const;
const OPS = { catalog: catalogOps, liveops: liveopsOps } as Record<string, Record<string, unknown>>;
const options = (fetch: (r: Request) => Promise<Response>) => ({ projectId: PROJECT_ID, apiKey: API_KEY, merchantId: MERCHANT_ID, userToken: USER_TOKEN, fetch, retry: false as const });
const seen = (calls: { method: string; url: string; headers: Headers; body: string }[]) =>
  calls.map((c) => ({ method: c.method, url: c.url, headers: [...c.headers].filter(([k]) => k !== 'content-type' || !c.headers.get(k)!.includes('boundary')), body: c.headers.get('content-type')?.includes('boundary') ? '(multipart)' : c.body }));

describe('call(operation, input) = client[operation](input)', () => {
  it.each(cases)('$api $name', async (c) => {
    const whole = recordingFetch(documented(c));
    const expected = await clientOf(c.api, whole.fetch)[c.id]!(c.input);
    const one = recordingFetch(documented(c));
    const caller = CALLERS[c.api](options(one.fetch));
    const result = await (caller.call as (op: unknown, input?: unknown) => Promise<unknown>)(OPS[c.api]![c.id], c.input);
    expect(seen(one.calls)).toEqual(seen(whole.calls));
    expect(result).toEqual(expected);
  });

  it('every operation constant is exported, with its id', () => {
    for (const spec of specs) for (const op of spec.operations) expect(OPS[spec.api]![op.id]).toMatchObject({ id: op.id, path: op.path });
  });
});

describe('caller', () => {
  it('checks the project ID when it is created, and credentials before sending', async () => {
    expect(() => createXsollaCatalogCaller({ projectId: 'abc' })).toThrow(GamestoreError);
    const { fetch, calls } = recordingFetch();
    const caller = createXsollaCatalogCaller({ projectId: PROJECT_ID, fetch });
    expect(await rejection(caller.call(catalogOps.adminGetVirtualItemsList))).toMatchObject({ kind: 'config', operation: 'adminGetVirtualItemsList' });
    expect(await rejection((caller.call as (op: unknown) => Promise<unknown>)({ nope: true }))).toMatchObject({ kind: 'input' });
    expect(calls).toHaveLength(0);
  });

  it('binds a user token with forUser', async () => {
    const c = cases.find((x) => x.api === 'catalog' && x.id === 'getUserCart')!;
    const { fetch, calls } = recordingFetch(documented(c));
    await createXsollaCatalogCaller({ projectId: PROJECT_ID, fetch }).forUser('other.jwt').call(catalogOps.getUserCart, c.input as never);
    expect(calls[0]!.headers.get('authorization')).toBe('Bearer other.jwt');
  });

  it('shares one retry budget across operations', async () => {
    let hits = 0;
    const fetch = async () => (hits++, new Response('{}', { status: 503, headers: { 'content-type': 'application/json' } }));
    const caller = createXsollaCatalogCaller({ projectId: PROJECT_ID, fetch, retry: { attempts: 20, baseDelay: 0, maxDelay: 0 } });
    await rejection(caller.call(catalogOps.getVirtualItems));
    await rejection(caller.call(catalogOps.getBundleList));
    expect(hits).toBe(2 + 10); // one first attempt each, then the budget's 10 retries in all
  });
});
