import { createXsollaCatalogClient, createXsollaLiveOpsClient, type XsollaClientOptions } from '../src/index.js';
import { API_KEY, PROJECT_ID, USER_TOKEN, type ApiName, type Case } from './spec.js';

export interface Recorded {
  method: string;
  url: string;
  headers: Headers;
  body: string;
  request: Request;
}

export interface Reply {
  status?: number | undefined;
  /** raw response text (never re-serialised); `null` for no body */
  body?: string | null | undefined;
  type?: string | undefined;
}

/** The documented 2xx answer of a spec case. */
export const documented = (c: Case): Reply => ({ status: c.response.status, body: c.response.text, type: c.response.media });

/** A fetch that records every request and answers canned raw text, or what `answer` returns for the request. */
export function recorder(answer: Reply | ((req: Recorded) => Reply) = {}) {
  const calls: Recorded[] = [];
  const fetch = async (request: Request) => {
    const rec = { method: request.method, url: request.url, headers: request.headers, body: await request.clone().text(), request };
    calls.push(rec);
    const r = typeof answer === 'function' ? answer(rec) : answer;
    const body = r.body ?? null;
    return new Response(body, {
      status: r.status ?? 200,
      headers: body === null ? {} : { 'content-type': r.type ?? 'application/json' },
    });
  };
  return { fetch, calls };
}

export const FACTORIES = { catalog: createXsollaCatalogClient, liveops: createXsollaLiveOpsClient } as const;

/** A client of either API with every credential the tests usually need; `extra` overrides. */
export function clientOf(api: ApiName, fetch: XsollaClientOptions['fetch'], extra: Partial<XsollaClientOptions> = {}) {
  return FACTORIES[api]({ projectId: PROJECT_ID, apiKey: API_KEY, userToken: USER_TOKEN, fetch, retry: false, ...extra }) as unknown as Record<
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
