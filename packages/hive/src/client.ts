/**
 * A typed client for `POST {URL}/webstore-profile`, so a studio can call its own implementation the way Hive
 * does (tests, monitoring, `gamestore-hive check`).
 */
import { createApiClient, headerSecrets, parseJson, redactedError, stringifyJson, type ApiClient, type GamestoreErrorInit, type TransportOptions } from '@gamestore/core';
import type { paths } from './generated/webshop.js';
import { operations } from './generated/webshop.meta.js';
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
const CS_CODE = { keys: ['cs_code'] } as const;

export function createHiveWebshopClient(options: HiveWebshopClientOptions): HiveWebshopClient {
  const { baseUrl, fetch, retry, timeout, deadline, logger, clock, dangerouslyAllowBrowser, headers } = options;
  const secrets = [...headerSecrets(headers), ...(options.secrets ?? [])];
  const client = createApiClient<paths>({ baseUrl, operations, fetch, retry, timeout, deadline, logger, clock, dangerouslyAllowBrowser, headers, secrets });
  /** this client's errors: every string in them is scrubbed of the credentials it knows */
  const failure = (init: Omit<GamestoreErrorInit, 'operation'>) => redactedError({ ...init, operation: OPERATION }, secrets);

  const raw = async (csCode: string, opts: GetWebstoreProfileOptions = {}): Promise<RawWebstoreProfile> => {
    if (typeof csCode !== 'string' || csCode.length === 0) {
      throw failure({ kind: 'input', message: 'cs_code must be a non-empty string' });
    }
    const type = opts.csCodeType ?? (/^(?:0|[1-9]\d*)$/.test(csCode) ? 'integer' : 'string');
    // openapi-fetch reads the body of an error answer itself; keep an unread copy of every answer
    let received: Response | undefined;
    await client.POST('/webstore-profile', {
      body: { cs_code: csCode },
      parseAs: 'stream',
      middleware: [{ onResponse: ({ response }) => void (received = response.clone()) }],
      bodySerializer: (body) => (type === 'integer' ? stringifyJson(body, CS_CODE) : JSON.stringify(body)),
      ...(opts.signal && { signal: opts.signal }),
    });
    const response = received!;
    return { response, text: await response.text() };
  };

  const get = async (csCode: string, opts?: GetWebstoreProfileOptions): Promise<WebstoreProfileResponse> => {
    const { response, text } = await raw(csCode, opts);
    let body: unknown;
    try {
      body = parseJson(text, CS_CODE);
    } catch (cause) {
      throw failure({ kind: 'parse', message: 'response body is not valid JSON', status: response.status, attempts: 1, cause });
    }
    const envelope = (typeof body === 'object' && body !== null ? body : {}) as Partial<WebstoreProfileResponse> & { error_code?: string };
    const answered = (kind: 'http' | 'envelope', message: string, code: string | number | undefined) =>
      failure({ kind, message, status: response.status, code, providerMessage: envelope.result_message, attempts: 1, body });
    if (!response.ok) throw answered('http', `webstore-profile answered HTTP ${response.status}`, envelope.error_code ?? envelope.result_code);
    if (envelope.result_code !== 200) throw answered('envelope', `webstore-profile answered result_code ${String(envelope.result_code)}`, envelope.result_code);
    return body as WebstoreProfileResponse;
  };

  return Object.assign(client, { getWebstoreProfile: get, getWebstoreProfileRaw: raw });
}
