import { describe, expectTypeOf, it } from 'vitest';
import {
  createXsollaCatalogClient,
  createXsollaLiveOpsClient,
  paginate,
  type CatalogSchemas,
  type LiveOpsSchemas,
  type UserAttributeCondition,
  type ValidityPeriod,
  type XsollaCatalogClient,
  type XsollaCatalogResult,
  type XsollaLiveOpsInput,
  type XsollaLiveOpsResult,
} from '../src/index.js';

const catalog = createXsollaCatalogClient({ projectId: 44056, apiKey: 'key' });
const liveops = createXsollaLiveOpsClient({ projectId: '44056', apiKey: 'key' });

const item = { sku: 'booster_mega_1', name: { en: 'Booster', 'de-DE': 'Booster' } };
const daily = {
  name: { en: 'Daily reward' },
  date_start: '2023-04-15T18:16:00+05:00',
  is_enabled: true,
  type: 'calendar_hard',
  steps: [{ step_number: 1, items: [{ sku: 'telescope', quantity: 1 }] }],
};

describe('Xsolla call inputs', () => {
  it('take path parameters without project_id, which the client binds', () => {
    void catalog.adminGetVirtualItem({ path: { item_sku: 'booster_mega_1' } });
    // @ts-expect-error a SKU is a string
    void catalog.adminGetVirtualItem({ path: { item_sku: 123 } });
    // @ts-expect-error project_id is bound on the client, never passed per call
    void catalog.adminGetVirtualItem({ path: { item_sku: 'a', project_id: '44056' } });
    // @ts-expect-error item_sku is a required path parameter
    void catalog.adminGetVirtualItem({});
    // @ts-expect-error the input is required when something in it is
    void liveops.adminGetRewardChain();
    void catalog.getDrmList();
    void catalog.getVirtualItems({ query: { limit: 50, locale: 'en', 'additional_fields[]': ['media_list'] } });
    // @ts-expect-error additional_fields[] takes the documented names only
    void catalog.getVirtualItems({ query: { 'additional_fields[]': ['everything'] } });
  });

  it('type request bodies as the spec says', () => {
    void catalog.adminCreateVirtualItem({ body: item });
    // @ts-expect-error the SKU of a new item is a string
    void catalog.adminCreateVirtualItem({ body: { ...item, sku: 42 } });
    // @ts-expect-error name is required
    void catalog.adminCreateVirtualItem({ body: { sku: 'booster_mega_1' } });
    // @ts-expect-error a localized text is an object keyed by language, not a string
    void catalog.adminCreateVirtualItem({ body: { sku: 'booster_mega_1', name: 'Booster' } });
    // @ts-expect-error localized values are strings (or null)
    void catalog.adminCreateVirtualItem({ body: { sku: 'booster_mega_1', name: { en: 5 } } });
    void liveops.adminCreateDailyChain({ body: daily });
    const { type: _type, ...withoutType } = daily;
    // @ts-expect-error a daily chain needs its type
    void liveops.adminCreateDailyChain({ body: withoutType });
    // @ts-expect-error the body is required
    void liveops.adminCreateDailyChain({});
    // @ts-expect-error calls without a body take none
    void liveops.adminToggleOfferChain({ path: { offer_chain_id: '9' }, body: {} });
  });

  it('upload game key codes as a string or a Blob', () => {
    void catalog.adminUploadCodesBySku({ path: { item_sku: 'kg_1' }, body: { file: 'AAAA-BBBB\n', region_id: '1' } });
    void catalog.adminUploadCodesBySku({ path: { item_sku: 'kg_1' }, body: { file: new Blob(['AAAA-BBBB\n']) } });
    // @ts-expect-error the file is required
    void catalog.adminUploadCodesBySku({ path: { item_sku: 'kg_1' }, body: { region_id: '1' } });
  });
});

describe('Xsolla results', () => {
  it('keep int64 fields as strings', () => {
    expectTypeOf<XsollaLiveOpsResult<'adminCreateRewardChain'>['reward_chain_id']>().toEqualTypeOf<string>();
    expectTypeOf<NonNullable<CatalogSchemas['AdminVirtualItem']['item_id']>>().toEqualTypeOf<string>();
    expectTypeOf<LiveOpsSchemas['ChainId']>().toEqualTypeOf<string>();
    expectTypeOf<XsollaLiveOpsInput<'adminGetDailyChain'>['path']['daily_chain_id']>().toEqualTypeOf<string>();
    expectTypeOf(liveops.adminCreateOfferChain).returns.resolves.toEqualTypeOf<{ offer_chain_id: string }>();
  });

  it('are the documented 2xx body: undefined for 204, a string for text/plain', () => {
    expectTypeOf(catalog.getVirtualItems).returns.resolves.toEqualTypeOf<XsollaCatalogResult<'getVirtualItems'>>();
    expectTypeOf(catalog.getVirtualItems).returns.resolves.toEqualTypeOf<CatalogSchemas['ClientVirtualItemList']>();
    expectTypeOf(liveops.adminDeleteRewardChain).returns.resolves.toEqualTypeOf<undefined>();
    expectTypeOf(catalog.adminGetCodesBySku).returns.resolves.toEqualTypeOf<string>();
    expectTypeOf(catalog.forUser('jwt')).toEqualTypeOf<XsollaCatalogClient>();
  });
});

describe('the v3 promotion model and attribute conditions', () => {
  it('uses promotion_periods with date_from required and date_until nullable', () => {
    expectTypeOf<ValidityPeriod>().toEqualTypeOf<{ date_from: string; date_until?: string | null }>();
    expectTypeOf<NonNullable<LiveOpsSchemas['CouponWrite']['promotion_periods']>>().toEqualTypeOf<ValidityPeriod[]>();
    void liveops.adminCreateCoupon({
      body: { external_id: 'coupon_1', name: { 'en-US': 'Winter' }, promotion_periods: [{ date_from: '2020-04-15T18:16:00+05:00', date_until: null }] },
    });
    void liveops.adminCreateCoupon({
      // @ts-expect-error the v2 date_start/date_end pair is gone from v3 coupons
      body: { external_id: 'coupon_1', name: { 'en-US': 'Winter' }, date_start: '2020-04-15T18:16:00+05:00' },
    });
    // @ts-expect-error a validity window needs its start
    const open: ValidityPeriod = { date_until: null };
    void open;
  });

  it('types string, number and date conditions with their own operators', () => {
    expectTypeOf<Extract<UserAttributeCondition, { type: 'string' }>['operator']>().toEqualTypeOf<'eq' | 'ne'>();
    expectTypeOf<Extract<UserAttributeCondition, { type: 'number' }>['operator']>().toEqualTypeOf<'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'>();
    expectTypeOf<Extract<UserAttributeCondition, { type: 'date' }>['operator']>().toEqualTypeOf<'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'>();
    expectTypeOf<Extract<UserAttributeCondition, { type: 'date' }>['value']>().toEqualTypeOf<string>();
    const ok: UserAttributeCondition[] = [
      { attribute: 'account_status', type: 'string', operator: 'ne', value: 'banned' },
      { attribute: 'level', type: 'number', operator: 'ge', value: 20 },
      { attribute: 'registered', type: 'date', operator: 'lt', value: '2024-01-01T00:00:00+00:00', can_be_missing: true },
    ];
    // @ts-expect-error a string attribute is only compared for equality
    const gt: UserAttributeCondition = { attribute: 'account_status', type: 'string', operator: 'gt', value: 'gold' };
    // @ts-expect-error a condition needs its type
    const untyped: UserAttributeCondition = { attribute: 'level', operator: 'eq', value: '1' };
    void [ok, gt, untyped];
  });
});

describe('paginate', () => {
  it('takes only calls with limit/offset, and yields their items', () => {
    expectTypeOf(paginate(liveops.adminGetRewardChains)).toEqualTypeOf<AsyncGenerator<LiveOpsSchemas['RewardChain'], void, undefined>>();
    expectTypeOf(paginate(catalog.getVirtualItems, { query: { locale: 'de' } }, { pageSize: 50, maxPages: 10 })).toEqualTypeOf<
      AsyncGenerator<CatalogSchemas['ClientVirtualItem'], void, undefined>
    >();
    expectTypeOf(paginate(liveops.getCouponCodes, { path: { external_id: 'c' } }, { items: (page) => page.codes })).toEqualTypeOf<
      AsyncGenerator<{ code?: string }, void, undefined>
    >();
    // @ts-expect-error the offset is the iterator's to set
    void paginate(liveops.adminGetRewardChains, { query: { offset: 10 } });
    // @ts-expect-error the DRM list is not paged
    void paginate(catalog.getDrmList);
  });
});

describe('the one-operation caller', () => {
  it('types each call from the operation constant', async () => {
    const { createXsollaCatalogCaller } = await import('../src/catalog-call.js');
    const ops = await import('../src/catalog-operations.js');
    const xsolla = createXsollaCatalogCaller({ projectId: 44056, apiKey: 'k' });
    expectTypeOf(xsolla.call(ops.getVirtualItems)).resolves.toEqualTypeOf<import('../src/index.js').XsollaCatalogResult<'getVirtualItems'>>();
    void xsolla.call(ops.getVirtualItems, { query: { limit: 10 } });
    // @ts-expect-error limit is a number
    void xsolla.call(ops.getVirtualItems, { query: { limit: 'ten' } });
    // @ts-expect-error creating a virtual item needs its body
    void xsolla.call(ops.adminCreateVirtualItem);
    // @ts-expect-error project_id is bound on the caller
    void xsolla.call(ops.adminGetVirtualItem, { path: { project_id: 1, item_sku: 'sku' } });
  });
});
