import type { CannedAnswer } from '@gamestore/core/testing';
import { createXsollaCatalogClient, createXsollaLiveOpsClient, type XsollaClientOptions } from '../src/index.js';
import { API_KEY, MERCHANT_ID, PROJECT_ID, USER_TOKEN, type ApiName, type Case } from './spec.js';

/** The documented 2xx answer of a spec case. */
export const documented = (c: Case): CannedAnswer => ({ status: c.response.status, body: c.response.text, type: c.response.media });

export const FACTORIES = { catalog: createXsollaCatalogClient, liveops: createXsollaLiveOpsClient } as const;

/** A client of either API with every credential the tests usually need; `extra` overrides. */
export function clientOf(api: ApiName, fetch: XsollaClientOptions['fetch'], extra: Partial<XsollaClientOptions> = {}) {
  return FACTORIES[api]({ projectId: PROJECT_ID, apiKey: API_KEY, merchantId: MERCHANT_ID, userToken: USER_TOKEN, fetch, retry: false, ...extra }) as unknown as Record<
    string,
    (input?: unknown) => Promise<unknown>
  > & { forUser(token: string): Record<string, (input?: unknown) => Promise<unknown>> };
}

/** Rejection of `promise`, for asserting error fields. */
export async function rejection(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail');
}
