/**
 * A typed client for `POST {URL}/webstore-profile`, so a studio can call its own implementation the way Hive
 * does (tests, monitoring, `gamestore-hive check`).
 */
import { createApiClient, GamestoreError, stringifyJson, unwrap, type ApiClient, type ProviderError, type TransportOptions } from '@gamestore/core';
import type { paths } from './generated/webshop.js';
import { operations, userAgent } from './generated/webshop.meta.js';
import type { WebstoreProfileResponse } from './types.js';

/** `fetch`, `retry`, `timeout`, `deadline`, `logger`, `clock`: as for every gamestore client (`@gamestore/core`). */
export interface HiveWebshopClientOptions extends TransportOptions {
  /** the app server's base URL: the registered endpoint URL without the trailing `/webstore-profile` */
  baseUrl: string;
  /** headers sent with every call; credential-like ones (`authorization`, `x-api-key`, …) are scrubbed from errors */
  headers?: Record<string, string> | undefined;
  /** other values to scrub from every error (see `ApiClientOptions.secrets`) */
  secrets?: readonly string[] | undefined;
}

export interface GetWebstoreProfileOptions {
  /**
   * Send `cs_code` as a JSON `integer` (newer Hive documents) or `string` (older). Default: `integer` when the
   * value is decimal digits, otherwise `string`.
   */
  csCodeType?: 'string' | 'integer' | undefined;
  signal?: AbortSignal | undefined;
}

export interface RawWebstoreProfile {
  /** the HTTP response (its body has been read) */
  response: Response;
  /** the body exactly as received */
  text: string;
}

export type HiveWebshopClient = ApiClient<paths> & {
  /**
   * Asks the app server for a player's servers, channels and characters. Resolves with the answer when
   * `result_code` is 200; rejects with a `GamestoreError` otherwise (`kind: 'http'` for a non-2xx status,
   * `'envelope'` for `result_code` 500, `'parse'` for a body that is not JSON).
   */
  getWebstoreProfile(csCode: string, options?: GetWebstoreProfileOptions): Promise<WebstoreProfileResponse>;
  /** The same call, answering the raw response and body text (for conformance checks). */
  getWebstoreProfileRaw(csCode: string, options?: GetWebstoreProfileOptions): Promise<RawWebstoreProfile>;
};

const OPERATION = 'getWebstoreProfile';

/** The webstore-profile envelope: `result_code` 200 is the answer; any other code is a failure. */
function profileEnvelope(body: unknown): ProviderError | undefined {
  const b = Object(body) as { result_code?: unknown };
  return b.result_code === 200 ? undefined : profileError(body);
}

/** Code and message of a webstore-profile failure (the handler's `error_code`, else `result_code`). */
function profileError(body: unknown): ProviderError {
  const b = Object(body) as { result_code?: unknown; result_message?: unknown; error_code?: unknown };
  const code = b.error_code ?? b.result_code;
  return {
    code: typeof code === 'string' || typeof code === 'number' ? code : undefined,
    message: typeof b.result_message === 'string' ? b.result_message : undefined,
  };
}
const CS_CODE = { keys: ['cs_code'] } as const;

export function createHiveWebshopClient(options: HiveWebshopClientOptions): HiveWebshopClient {
  const { baseUrl, fetch, retry, timeout, deadline, logger, clock, dangerouslyAllowBrowser, headers, secrets } = options;
  // core scrubs every error of this client of its credential headers and `secrets`
  const client = createApiClient<paths>({
    ...{ baseUrl, operations, fetch, retry, timeout, deadline, logger, clock, dangerouslyAllowBrowser, headers, secrets, userAgent },
    envelope: profileEnvelope,
    describeError: profileError,
  });
  const checkCsCode = (csCode: unknown) => {
    if (typeof csCode !== 'string' || csCode.length === 0) {
      throw new GamestoreError({ kind: 'input', message: 'cs_code must be a non-empty string', operation: OPERATION });
    }
  };
  /** `cs_code` as a JSON integer (newer documents) or string (older): decimal digits go as an integer by default */
  const serializer = (csCode: string, opts: GetWebstoreProfileOptions) => {
    const type = opts.csCodeType ?? (/^(?:0|[1-9]\d*)$/.test(csCode) ? 'integer' : 'string');
    return (body: unknown) => (type === 'integer' ? stringifyJson(body, CS_CODE) : JSON.stringify(body));
  };

  const raw = async (csCode: string, opts: GetWebstoreProfileOptions = {}): Promise<RawWebstoreProfile> => {
    checkCsCode(csCode);
    // openapi-fetch reads the body of an error answer itself; keep an unread copy of every answer
    let received: Response | undefined;
    await client.POST('/webstore-profile', {
      body: { cs_code: csCode },
      parseAs: 'stream',
      middleware: [{ onResponse: ({ response }) => void (received = response.clone()) }],
      bodySerializer: serializer(csCode, opts),
      ...(opts.signal && { signal: opts.signal }),
    });
    const response = received!;
    return { response, text: await response.text() };
  };

  // the same call through core's reading: lossless cs_code, `http`/`envelope`/`parse` errors, scrubbed
  const get = async (csCode: string, opts: GetWebstoreProfileOptions = {}): Promise<WebstoreProfileResponse> => {
    checkCsCode(csCode);
    const body = { cs_code: csCode };
    const call = client.POST('/webstore-profile', { body, bodySerializer: serializer(csCode, opts), ...(opts.signal && { signal: opts.signal }) });
    return (await unwrap(call)) as WebstoreProfileResponse;
  };

  return Object.assign(client, { getWebstoreProfile: get, getWebstoreProfileRaw: raw });
}
