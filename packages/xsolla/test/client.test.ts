import { readFileSync } from 'node:fs';
import { GamestoreError, parseJson, type OperationTable } from '@gamestore/core';
import { recordingFetch } from '@gamestore/core/testing';
import { describe, expect, it } from 'vitest';
import * as catalogMeta from '../src/generated/catalog.meta.js';
import * as liveopsMeta from '../src/generated/liveops.meta.js';
import { createXsollaCatalogClient, createXsollaLiveOpsClient } from '../src/index.js';
import { clientOf, documented, rejection } from './helpers.js';
import { API_KEY, casesFor, GUEST, loadSpec, PROJECT_ID, USER_TOKEN, type Case, type Spec, type SpecOperation } from './spec.js';

const specs = await Promise.all([loadSpec('catalog'), loadSpec('liveops')]);
const all = specs.flatMap((spec) => spec.operations.map((op) => ({ spec, op, call: (casesFor(spec, op) as Case[])[0]! })));
const kinds = (spec: Spec, alt: string[]) =>
  alt.map((s) => (spec.schemes[s]!.scheme === 'basic' ? 'key' : spec.schemes[s]!.type === 'apiKey' ? 'guest' : 'user'));
/** operations every security alternative of which needs `kind` */
const needing = (kind: 'key' | 'user') =>
  all.filter(({ spec, op }) => op.security.length > 0 && op.security.every((alt) => alt.length > 0 && kinds(spec, alt).every((k) => (kind === 'key' ? k === 'key' : k !== 'key'))));
const named = (list: typeof all) => list.map((x) => ({ ...x, name: `${x.op.api} ${x.op.id}` }));

describe('credentials', () => {
  it('names the client option to set when a call lacks its credentials, before sending anything', async () => {
    const { fetch, calls } = recordingFetch({ body: '{}' });
    const anonymous = createXsollaCatalogClient({ projectId: PROJECT_ID, fetch });
    await expect(anonymous.adminGetRegions()).rejects.toMatchObject({ kind: 'config', attempts: 0, message: 'adminGetRegions needs apiKey' });
    await expect(anonymous.getUserCart()).rejects.toMatchObject({ kind: 'config', message: 'getUserCart needs userToken (or forUser) or guest' });
    expect(calls).toHaveLength(0);
  });

  it.each(named(needing('key')))('$name needs the API key: a config error before any request', async ({ op, call }) => {
    const { fetch, calls } = recordingFetch();
    const e = await rejection(clientOf(op.api, fetch, { apiKey: undefined, guest: GUEST })[op.id]!(call.input));
    expect(e).toBeInstanceOf(GamestoreError);
    expect(e).toMatchObject({ kind: 'config', operation: op.id, attempts: 0 });
    expect(calls).toHaveLength(0);
  });

  it.each(named(needing('user')))('$name needs a user token: a config error before any request', async ({ op, call }) => {
    const { fetch, calls } = recordingFetch();
    const e = await rejection(clientOf(op.api, fetch, { userToken: undefined })[op.id]!(call.input));
    expect(e).toMatchObject({ kind: 'config', operation: op.id });
    expect(e.message).not.toContain(API_KEY);
    expect(calls).toHaveLength(0);
  });

  it('covers the expected number of admin-only and user-only operations', () => {
    expect(needing('key').length).toBe(82 + 95);
    expect(needing('user').map(({ op }) => op.id)).toContain('claimUserDailyChainStepReward');
    expect(needing('user').map(({ op }) => op.id)).toContain('getUserCart');
  });

  const guestOps = named(all.filter(({ spec, op }) => op.security.some((alt) => alt.length && kinds(spec, alt).every((k) => k === 'guest'))));
  it.each(guestOps)('$name sends the guest cart headers when only a guest is configured', async ({ op, call }) => {
    const { fetch, calls } = recordingFetch(documented(call));
    await clientOf(op.api, fetch, { apiKey: undefined, userToken: undefined, guest: GUEST })[op.id]!(call.input);
    expect(calls[0]!.headers.get('x-unauthorized-id')).toBe(GUEST.unauthorizedId);
    expect(calls[0]!.headers.get('x-user')).toBe(Buffer.from(GUEST.email).toString('base64'));
    expect(calls[0]!.headers.has('authorization')).toBe(false);
  });

  it('has guest mode on exactly the cart calls, the cart promo-code calls, the cart order calls and getOrder', () => {
    expect(guestOps.map((x) => x.op.id).sort()).toEqual(
      [
        ...['cartClear', 'cartClearById', 'cartFill', 'cartFillById', 'deleteItem', 'deleteItemByCartId', 'getCartById', 'getUserCart', 'putItem', 'putItemByCartId'],
        ...['redeemPromoCode', 'removeCartPromoCode'],
        ...['createOrder', 'createOrderByCartId', 'createFreeOrder', 'createFreeOrderByCartId', 'getOrder'],
      ].sort(),
    );
  });

  it('prefers the user token over guest mode, and never sends guest headers with it', async () => {
    const call = all.find((x) => x.op.id === 'getUserCart')!.call;
    const { fetch, calls } = recordingFetch(documented(call));
    await clientOf('catalog', fetch, { guest: GUEST }).getUserCart!(call.input);
    expect(calls[0]!.headers.get('authorization')).toBe(`Bearer ${USER_TOKEN}`);
    expect(calls[0]!.headers.has('x-user')).toBe(false);
  });

  it('sends catalog calls anonymously without a token, and with the token bound by forUser', async () => {
    const call = all.find((x) => x.op.id === 'getVirtualItems')!.call;
    const { fetch, calls } = recordingFetch(documented(call));
    const anonymous = createXsollaCatalogClient({ projectId: 44056, fetch });
    await anonymous.getVirtualItems();
    expect(calls[0]!.headers.has('authorization')).toBe(false);
    const user = anonymous.forUser(async () => 'fresh.jwt');
    await user.getVirtualItems();
    expect(calls[1]!.headers.get('authorization')).toBe('Bearer fresh.jwt');
    expect(user.projectId).toBe(PROJECT_ID);
    // the original client is unchanged: a user-only call still fails before sending
    await expect(anonymous.getUserGames()).rejects.toMatchObject({ kind: 'config' });
    expect(calls).toHaveLength(2);
    // a per-user client shares the operations worked out for its client (one prototype): it is one small object
    expect(Object.getPrototypeOf(anonymous.forUser('a'))).toBe(Object.getPrototypeOf(user));
    expect(Object.keys(user).sort()).toEqual(['api', 'forUser', 'projectId']);
    const { getVirtualItems } = anonymous.forUser('detached.jwt');
    await getVirtualItems();
    expect(calls[2]!.headers.get('authorization')).toBe('Bearer detached.jwt');
  });

  it('never lets the API key authorise user calls, nor the user token admin calls', async () => {
    const { fetch } = recordingFetch();
    const adminOnly = createXsollaLiveOpsClient({ projectId: PROJECT_ID, apiKey: API_KEY, fetch });
    await expect(adminOnly.getUserDailyChainById({ path: { daily_chain_id: '3' } })).rejects.toMatchObject({ kind: 'config' });
    await expect(adminOnly.forUser('t').adminGetRewardChains()).resolves.toBeUndefined();
    await expect(createXsollaLiveOpsClient({ projectId: PROJECT_ID, userToken: 't', fetch }).adminGetRewardChains()).rejects.toMatchObject({
      kind: 'config',
    });
  });
});

describe('Xsolla error bodies', () => {
  const seen = new Set<string>();
  const errors = all.flatMap(({ op, call }) =>
    op.errors.filter((e) => !seen.has(JSON.stringify(e)) && seen.add(JSON.stringify(e))).map((e) => ({ ...e, op, call, name: `${op.api} ${op.id} ${e.status}` })),
  );

  it.each(errors)('$name: errorCode, errorMessage and transactionId become typed fields', async ({ op, call, status, example }) => {
    const body = example as { errorCode: number; errorMessage: string; transactionId?: string };
    const { fetch } = recordingFetch({ status, body: JSON.stringify(body) });
    const e = await rejection(clientOf(op.api, fetch)[op.id]!(call.input));
    expect(e).toBeInstanceOf(GamestoreError);
    expect(e).toMatchObject({ kind: 'http', status, operation: op.id, code: body.errorCode, providerMessage: body.errorMessage, requestId: body.transactionId });
    // the body as sent, with the int64 fields of the error schema as strings (e.g. a 404's project_id)
    const int64 = ((op.api === 'catalog' ? catalogMeta : liveopsMeta).operations as OperationTable)[op.id]!.int64;
    expect(e.body).toEqual(parseJson(JSON.stringify(body), int64 && { keys: int64.response, arrayKeys: int64.responseArrays }));
  });

  it('finds the documented error examples, the coupon 404 among them', () => {
    expect(errors.length).toBeGreaterThan(5);
    expect(errors.map((e) => e.example)).toContainEqual(expect.objectContaining({ errorCode: 4001, errorMessage: expect.stringContaining('[0401-9802]') }));
  });

  it('keeps the raw api in the { data, error } style', async () => {
    const { fetch } = recordingFetch({ status: 404, body: '{"statusCode":404,"errorCode":9701,"errorMessage":"[0401-9701]: Region not found"}' });
    const client = createXsollaCatalogClient({ projectId: PROJECT_ID, apiKey: API_KEY, fetch });
    const { data, error, response } = await client.api.GET('/v2/project/{project_id}/admin/region/{region_id}', {
      params: { path: { project_id: PROJECT_ID, region_id: '7' } },
    });
    expect(data).toBeUndefined();
    expect(error).toMatchObject({ errorCode: 9701 });
    expect(response.status).toBe(404);
  });
});

describe('options', () => {
  const localeOf = async ({ op, call }: { op: SpecOperation; call: Case }, locale: string | undefined) => {
    const { fetch, calls } = recordingFetch(documented(call));
    const { locale: _given, ...query } = (call.input.query ?? {}) as Record<string, unknown>;
    await clientOf(op.api, fetch, { locale: 'de', guest: GUEST })[op.id]!({ ...call.input, query: locale ? { ...query, locale } : query });
    return new URL(calls[0]!.url).searchParams.getAll('locale');
  };

  it('fills `locale` into exactly the calls that take it, unless the call gives its own', async () => {
    for (const x of all) {
      const takesLocale = x.op.params.some((p) => p.in === 'query' && p.name === 'locale');
      expect([x.op.id, await localeOf(x, undefined)]).toEqual([x.op.id, takesLocale ? ['de'] : []]);
      if (takesLocale) expect(await localeOf(x, 'fr')).toEqual(['fr']);
    }
  });

  it('binds the project ID (a number or digits) and rejects anything else as config', async () => {
    const { fetch, calls } = recordingFetch({ body: '{"items":[]}' });
    await createXsollaCatalogClient({ projectId: 44056, apiKey: API_KEY, fetch }).adminGetVirtualItemsList();
    expect(calls[0]!.url).toBe('https://store.xsolla.com/api/v2/project/44056/admin/items/virtual_items');
    for (const projectId of ['', '0', 'abc', '12/34', 1.5, -3, Number.MAX_SAFE_INTEGER + 2, undefined] as never[]) {
      expect(() => createXsollaCatalogClient({ projectId, fetch })).toThrow(expect.objectContaining({ kind: 'config' }));
    }
    expect(() => createXsollaLiveOpsClient({ projectId: 1, apiKey: '' })).toThrow(expect.objectContaining({ kind: 'config' }));
  });

  it('sends calls to baseUrl, and import calls to their own server unless overridden', async () => {
    const { fetch, calls } = recordingFetch({ body: '{}' });
    const client = createXsollaCatalogClient({ projectId: PROJECT_ID, apiKey: API_KEY, fetch, baseUrl: 'http://127.0.0.1:4010/api' });
    await client.adminGetRegions();
    await client.getItemsImportStatus();
    const mocked = createXsollaCatalogClient({
      projectId: PROJECT_ID,
      apiKey: API_KEY,
      fetch,
      operationServers: { 'https://connector.xsolla.com': 'http://127.0.0.1:4011' },
    });
    await mocked.getItemsImportStatus();
    await mocked.api.GET('/v1/admin/projects/{project_id}/connectors/import_items/import/status', { params: { path: { project_id: '1' } } });
    expect(calls.map((c) => c.url)).toEqual([
      'http://127.0.0.1:4010/api/v2/project/44056/admin/region',
      'https://connector.xsolla.com/v1/admin/projects/44056/connectors/import_items/import/status',
      'http://127.0.0.1:4011/v1/admin/projects/44056/connectors/import_items/import/status',
      'http://127.0.0.1:4011/v1/admin/projects/1/connectors/import_items/import/status',
    ]);
  });

  it('reads int64 ids to the last digit and writes them back as bare JSON integers', async () => {
    const { fetch, calls } = recordingFetch({ status: 201, body: '{"reward_chain_id": 9223372036854775807}' });
    const liveops = createXsollaLiveOpsClient({ projectId: PROJECT_ID, apiKey: API_KEY, fetch });
    const created = await liveops.adminCreateRewardChain({ body: { name: { en: 'x' }, is_enabled: true, periods: [], steps: [], value_point: { sku: 'vp' } } });
    expect(created.reward_chain_id).toBe('9223372036854775807');
    await liveops.adminResetRewardChain({ path: { reward_chain_id: created.reward_chain_id } });
    expect(calls[1]!.url).toMatch(/\/reward_chain\/id\/9223372036854775807\/reset$/);
  });

  // PUT/DELETE calls whose documented effect changes again when repeated (a flip, new codes, a subtraction)
  const UNSAFE_TO_REPEAT = [
    'removeUserItemLimit',
    'removePreOrderLimit',
    'togglePreOrderLimit',
    'adminToggleRewardChain',
    'adminToggleOfferChain',
    'generateCouponCodes',
    'generatePromoCodeCodes',
    'generateUniqueCatalogOfferCodes',
    'removeCouponUserPromotionLimit',
    'removePromoCodeUserPromotionLimit',
    'removeUserPromotionLimit',
  ];
  const attemptsAfter503 = async ({ op, call }: { op: SpecOperation; call: Case }, extra: Record<string, unknown> = {}) => {
    const { fetch, calls } = recordingFetch((req) => (calls.length === 1 ? { status: 503, body: '{}' } : documented(call)));
    await clientOf(op.api, fetch, { retry: { baseDelay: 1, maxDelay: 1 } })[op.id]!({ ...call.input, ...extra }).catch(() => undefined);
    return calls.length;
  };

  it.each(named(all.filter(({ op }) => op.method === 'PUT' || op.method === 'DELETE')))(
    '$name is retried after a 503 only when repeating it is harmless',
    async (x) => {
      expect(await attemptsAfter503(x)).toBe(UNSAFE_TO_REPEAT.includes(x.op.id) ? 1 : 2);
      if (UNSAFE_TO_REPEAT.includes(x.op.id)) {
        expect(await attemptsAfter503(x, { idempotent: true })).toBe(2);
        // a retry object of its own does not make the call safe to repeat: only `idempotent` does
        expect(await attemptsAfter503(x, { retry: { attempts: 5, baseDelay: 1 } })).toBe(1);
      } else expect(await attemptsAfter503(x, { retry: false })).toBe(1);
    },
  );

  it('passes an abort signal through', async () => {
    const { fetch } = recordingFetch({ body: '{"items":[]}' });
    const controller = new AbortController();
    controller.abort();
    await expect(createXsollaCatalogClient({ projectId: PROJECT_ID, apiKey: API_KEY, fetch }).adminGetRegions({ signal: controller.signal })).rejects.toMatchObject({
      kind: 'aborted',
    });
  });
});

describe('User-Agent', () => {
  it('names this package and its package.json version on every call', async () => {
    const { name, version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
    const { fetch, calls } = recordingFetch({ status: 200, body: { items: [] } });
    await ((fetch) => createXsollaCatalogClient({ projectId: 44056, fetch }).getVirtualItems())(fetch);
    expect(calls[0]!.headers.get('user-agent')).toBe(`${name}/${version}`);
  });
});
