/**
 * The `POST {URL}/webstore-profile` endpoint that a game's app server implements and Hive's web shop calls.
 *
 *   const handler = createWebstoreProfileHandler({
 *     lookup: async ({ csCode }) => (await db.servers(csCode)) ?? null,
 *     allowedIps: HIVE_SERVER_IPS,
 *   });
 *   // Bun.serve({ fetch: handler }) · Deno.serve(handler) · createServer(toNodeListener(handler))
 *
 * The handler is web-standard (`Request` in, `Response` out), so it mounts on node:http, Express and Hono
 * adapters, Bun, Deno and workers. It never throws: every failure becomes a JSON answer.
 */
import {
  DEFAULT_MAX_BODY_BYTES,
  isInt64String,
  jsonResponse,
  handlerFrame,
  parseJson,
  readJsonBody,
  stringifyJson,
  type HandlerInfo,
} from '@gamestore/core';
import { checkWebstoreProfileResponse } from './check.js';
import { extensions } from './generated/webshop.meta.js';
import type { WebstoreHandlerErrorCode, WebstoreProfileResponse } from './types.js';

/** The addresses Hive publishes for the servers that call this endpoint (from the spec). */
export const HIVE_SERVER_IPS: readonly string[] = extensions['x-hive-source-ips'];

export interface CharacterInput {
  readonly character_id: string;
  readonly character_name: string;
  /** the character's level as text; `"-"` is sent when omitted */
  readonly character_level?: string | undefined;
}

export interface ChannelInput {
  readonly channel_id: string;
  readonly channel_name: string;
  /** omitted or empty when the game has no characters */
  readonly characters?: readonly CharacterInput[] | undefined;
}

/** A game server with channels. */
export interface ServerWithChannels {
  readonly server_id: string;
  readonly server_name: string;
  readonly channels: readonly ChannelInput[];
  readonly characters?: never;
}

/** A game server without channels: the placeholder channel (`"0"`, `"-"`) is filled in. */
export interface ServerWithoutChannels {
  readonly server_id: string;
  readonly server_name: string;
  readonly channels?: never;
  /** omitted or empty when the game has no characters */
  readonly characters?: readonly CharacterInput[] | undefined;
}

export type ServerInput = ServerWithChannels | ServerWithoutChannels;

export interface LookupContext {
  /** the player's identifier, digit for digit (an integer cs_code arrives here as its decimal text) */
  readonly csCode: string;
  /** how Hive sent it: older document versions use a string, newer ones an integer */
  readonly csCodeType: 'string' | 'integer';
  readonly request: Request;
}

/**
 * The game's lookup: the player's servers, or `null`/`undefined` when the player is unknown to the game.
 */
export type LookupResult = readonly ServerInput[] | null | undefined;

export type WebstoreProfileLookup<R extends LookupResult = LookupResult> = (context: LookupContext) => Promise<R> | R;

/**
 * `T` with every key that `Shape` does not have turned into `never`, at every depth: a misspelt optional field
 * (`character_levl`) in a lookup result is a compile error instead of a silent `"-"`.
 */
export type NoExtraFields<T, Shape> = T extends readonly (infer E)[]
  ? Shape extends readonly (infer SE)[]
    ? readonly NoExtraFields<E, SE>[]
    : T
  : T extends object
    ? { [K in keyof T]: K extends keyof Shape ? NoExtraFields<T[K], NonNullable<Shape[K]>> : never }
    : T;

export interface WebstoreProfileHandlerOptions<R extends LookupResult = LookupResult> {
  lookup: (context: LookupContext) => Promise<R & NoExtraFields<R, readonly ServerInput[]>> | (R & NoExtraFields<R, readonly ServerInput[]>);
  /** largest accepted body in bytes (default 16 KiB; a cs_code request is under 100 bytes) */
  maxBodyBytes?: number | undefined;
  /**
   * Only these caller addresses are served (403 otherwise). Pass `HIVE_SERVER_IPS` for Hive's published list.
   * The address comes from the runtime (node:http via `toNodeListener`, Bun's `requestIP`, Deno's `remoteAddr`),
   * never from a request header; without one,
   * an allow-listed handler refuses the call.
   */
  allowedIps?: readonly string[] | undefined;
  /**
   * How an unknown player is answered: `error` (default, older documents): `result_code` 500 with an empty list;
   * `empty` (newer documents): `result_code` 200 with an empty list.
   */
  unknownPlayer?: 'error' | 'empty' | undefined;
  /** message sent with `result_code` 500 for an unknown player (default `no user information`) */
  unknownPlayerMessage?: string | undefined;
  /** called when the lookup throws or returns something that does not fit the contract */
  onError?: ((error: unknown) => void) | undefined;
}

const CS_CODE = { keys: ['cs_code'] } as const;
const MAX_CS_CODE_LENGTH = 128;

function fail(status: number, code: WebstoreHandlerErrorCode, message: string, headers?: Record<string, string>) {
  return jsonResponse(status, JSON.stringify({ result_code: status, result_message: message, error_code: code }), headers);
}

function fillPlaceholders(servers: readonly ServerInput[]): WebstoreProfileResponse['data'] {
  const character = (c: CharacterInput) => ({
    character_id: c.character_id,
    character_name: c.character_name,
    character_level: c.character_level === undefined || c.character_level === '' ? '-' : c.character_level,
  });
  return servers.map((s) => ({
    server_id: s.server_id,
    server_name: s.server_name,
    channels:
      s.channels !== undefined
        ? s.channels.map((ch) => ({
            channel_id: ch.channel_id,
            channel_name: ch.channel_name,
            characters: (ch.characters ?? []).map(character),
          }))
        : [{ channel_id: '0', channel_name: '-', characters: (s.characters ?? []).map(character) }],
  }));
}

type CsCode = { ok: true; csCode: string; type: 'string' | 'integer' } | { ok: false; response: Response };

function readCsCode(body: unknown, text: string): CsCode {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, response: fail(400, 'invalid_body', 'body must be a JSON object') };
  }
  const raw = (body as Record<string, unknown>).cs_code;
  if (raw === undefined || raw === null) {
    return { ok: false, response: fail(400, 'missing_cs_code', 'cs_code is required') };
  }
  if (typeof raw === 'string') {
    if (raw.length === 0 || raw.length > MAX_CS_CODE_LENGTH) {
      return { ok: false, response: fail(400, 'invalid_cs_code', `cs_code must be 1 to ${MAX_CS_CODE_LENGTH} characters`) };
    }
    return { ok: true, csCode: raw, type: 'string' };
  }
  if (typeof raw === 'number') {
    // re-read losslessly: an integer Player ID may exceed 2^53. A literal such as `1e3` is the integer it denotes;
    // a fraction or a value outside the int64 range is refused by the reader.
    let exact: unknown;
    try {
      exact = (parseJson(text, CS_CODE) as Record<string, unknown>).cs_code;
    } catch {
      // not an int64
    }
    if (isInt64String(exact)) return { ok: true, csCode: exact, type: 'integer' };
  }
  return { ok: false, response: fail(400, 'invalid_cs_code', 'cs_code must be a string or a 64-bit integer') };
}

/** Builds the web-standard handler for `POST {URL}/webstore-profile`. */
export function createWebstoreProfileHandler<R extends LookupResult>(
  options: WebstoreProfileHandlerOptions<R>,
): (request: Request, info?: HandlerInfo) => Promise<Response> {
  if (typeof options?.lookup !== 'function') throw new TypeError('createWebstoreProfileHandler: options.lookup must be a function');
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const CODES = { 403: 'forbidden', 405: 'method_not_allowed', 500: 'internal_error' } as const;
  const refuse = (status: 403 | 405 | 500, message: string, headers?: Record<string, string>) => fail(status, CODES[status], message, headers);

  return handlerFrame(options, refuse, async (request, report) => {
    const read = await readJsonBody(request, { maxBytes });
    if (!read.ok) return fail(read.problem.status, read.problem.code, read.problem.message);
    const cs = readCsCode(read.value, read.text);
    if (!cs.ok) return cs.response;

    let servers: LookupResult;
    try {
      servers = await options.lookup({ csCode: cs.csCode, csCodeType: cs.type, request });
    } catch (e) {
      report(e);
      return fail(500, 'internal_error', 'internal error');
    }
    const known = servers !== null && servers !== undefined;
    if (known && !Array.isArray(servers)) {
      report(new TypeError('webstore-profile lookup must return an array of servers, null or undefined'));
      return fail(500, 'internal_error', 'internal error');
    }
    const unknownAsError = !known && options.unknownPlayer !== 'empty';
    const answer: WebstoreProfileResponse = {
      result_code: unknownAsError ? 500 : 200,
      result_message: unknownAsError ? (options.unknownPlayerMessage ?? 'no user information') : 'success',
      cs_code: cs.csCode,
      data: known ? fillPlaceholders(servers as readonly ServerInput[]) : [],
    };
    const departures = checkWebstoreProfileResponse(answer).filter((d) => d.severity === 'error');
    if (departures.length > 0) {
      report(new TypeError(`webstore-profile lookup result does not fit the contract: ${departures.map((d) => `${d.path} ${d.message}`).join('; ')}`));
      return fail(500, 'internal_error', 'internal error');
    }
    // echo cs_code in the JSON type Hive used
    return jsonResponse(200, cs.type === 'integer' ? stringifyJson(answer, CS_CODE) : JSON.stringify(answer));
  });
}
