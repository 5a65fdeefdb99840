/**
 * Building blocks for the web-standard handlers (`(request: Request) => Promise<Response>`) that provider
 * packages export for the endpoints a game server implements and a platform calls.
 */
import { parseJson, type Int64Fields } from './int64.js';

/** 16 KiB */
export const DEFAULT_MAX_BODY_BYTES = 16384;

export type BodyProblem =
  | { code: 'unsupported_media_type'; status: 415; message: string }
  | { code: 'body_too_large'; status: 413; message: string }
  | { code: 'invalid_json'; status: 400; message: string };

export type JsonBodyResult = { ok: true; value: unknown; text: string } | { ok: false; problem: BodyProblem };

const problem = <C extends BodyProblem['code']>(code: C, status: number, message: string) =>
  ({ ok: false, problem: { code, status, message } }) as { ok: false; problem: BodyProblem };

export type BodyResult = { ok: true; bytes: Uint8Array } | { ok: false; problem: BodyProblem };

/**
 * The raw bytes of a JSON request body, read up to `maxBytes` without buffering more: for handlers that must check
 * a signature over the exact bytes before parsing anything. The media type must be JSON (`application/json` or
 * `application/*+json`).
 */
export async function readBody(request: Request, options: { maxBytes?: number | undefined } = {}): Promise<BodyResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!/^application\/(?:[a-z0-9.+-]*\+)?json$/.test(type)) {
    return problem('unsupported_media_type', 415, 'content-type must be application/json');
  }
  const tooLarge = problem('body_too_large', 413, `body exceeds ${maxBytes} bytes`);
  if (Number(request.headers.get('content-length')) > maxBytes) return tooLarge;

  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  try {
    for (let r; reader && !(r = await reader.read()).done; chunks.push(r.value)) {
      if ((size += r.value.byteLength) > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return tooLarge;
      }
    }
  } catch {
    return problem('invalid_json', 400, 'the body could not be read');
  }
  return { ok: true, bytes: new Uint8Array(await new Blob(chunks as BlobPart[]).arrayBuffer()) };
}

/** `bytes` as JSON text (strict UTF-8), parsed with its int64 fields kept exact. */
export function parseJsonBody(bytes: Uint8Array, int64?: Int64Fields): JsonBodyResult {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return problem('invalid_json', 400, 'body is not valid UTF-8');
  }
  try {
    return { ok: true, value: parseJson(text, int64), text };
  } catch {
    return problem('invalid_json', 400, 'body is not valid JSON');
  }
}

/** Reads at most `maxBytes` of the body without buffering more, then parses it (int64 fields losslessly). */
export async function readJsonBody(
  request: Request,
  options: { maxBytes?: number | undefined; int64?: Int64Fields | undefined } = {},
): Promise<JsonBodyResult> {
  const body = await readBody(request, options);
  return body.ok ? parseJsonBody(body.bytes, options.int64) : body;
}

/** A JSON response with `content-type: application/json; charset=utf-8` and `cache-control: no-store`. */
export function jsonResponse(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

const ipv4 = (ip: string): number | undefined => {
  const parts = ip.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
};

/**
 * An allow-list of caller addresses: exact addresses (IPv4 or IPv6) and IPv4 ranges in CIDR form
 * (`185.30.20.0/24`). The peer address must come from the runtime (`remoteAddressOf`), never from a header.
 */
export function ipAllowList(entries: readonly string[]): (ip: string | undefined) => boolean {
  const exact = new Set<string>();
  const ranges: [base: number, mask: number][] = [];
  for (const entry of entries) {
    const [addr, bits] = entry.split('/');
    const base = bits === undefined ? undefined : ipv4(addr!);
    if (base !== undefined && /^\d{1,2}$/.test(bits!) && Number(bits) <= 32) {
      const mask = Number(bits) === 0 ? 0 : (0xffffffff << (32 - Number(bits))) >>> 0;
      ranges.push([(base & mask) >>> 0, mask]);
    } else if (bits === undefined) exact.add(normalizeIp(entry));
    else throw new TypeError(`ipAllowList: not an address or an IPv4 CIDR range: ${entry}`);
  }
  return (ip) => {
    if (!ip) return false;
    const v = normalizeIp(ip);
    if (exact.has(v)) return true;
    const n = ipv4(v);
    return n !== undefined && ranges.some(([base, mask]) => ((n & mask) >>> 0) === base);
  };
}

/** Normalises an IP address for allow-list comparison (strips an IPv4-mapped IPv6 prefix). */
export function normalizeIp(ip: string): string {
  const v = ip.trim().toLowerCase();
  return v.startsWith('::ffff:') && v.includes('.') ? v.slice(7) : v;
}

/**
 * What the runtime passes next to the request, as each one does it:
 * - `toNodeListener` (node:http): `{ remoteAddress }`
 * - Deno (`Deno.serve(handler)`): `{ remoteAddr: { hostname } }`
 * - Bun (`Bun.serve({ fetch: handler })`): the server, whose `requestIP(request)` gives `{ address }`
 */
export type HandlerInfo =
  | { readonly remoteAddress?: string | undefined }
  | { readonly remoteAddr?: { readonly hostname?: string | undefined } | undefined }
  | { requestIP?(request: Request): { readonly address?: string | undefined } | null | undefined };

/** The peer address the runtime reports for `request`, never taken from a header. */
export function remoteAddressOf(request: Request, info: HandlerInfo | undefined): string | undefined {
  if (!info || typeof info !== 'object') return undefined;
  const i = info as { remoteAddress?: unknown; remoteAddr?: { hostname?: unknown }; requestIP?: unknown };
  if (typeof i.remoteAddress === 'string') return i.remoteAddress;
  if (typeof i.remoteAddr?.hostname === 'string') return i.remoteAddr.hostname;
  if (typeof i.requestIP === 'function') {
    const found = (i.requestIP as (r: Request) => { address?: unknown } | null | undefined).call(info, request);
    if (typeof found?.address === 'string') return found.address;
  }
  return undefined;
}

/** What a provider answers when the frame refuses a request (its own reply shape: Hive, STOVE and Xsolla differ). */
export type FrameRefusal = (status: 403 | 405 | 500, message: string, headers?: Record<string, string>) => Response;

export interface HandlerFrameOptions {
  /** only these caller addresses are served (403); the address comes from the runtime, never a header */
  allowedIps?: readonly string[] | undefined;
  /** the user's own check of a delivery before its body is read (403 when false) */
  verify?: ((request: Request, info: HandlerInfo | undefined) => boolean | Promise<boolean>) | undefined;
  /** told of every error the handler swallows; a reporter that throws changes nothing */
  onError?: ((error: unknown) => void) | undefined;
}

/**
 * The frame every gamestore handler of a provider's call is built in, so that none of them can throw: the caller's
 * address against the allow-list, the user's `verify`, POST only (all before the body is read); then `handle`; any
 * error it lets escape is reported and answered 500. `refuse` gives each refusal the provider's reply shape.
 */
export function handlerFrame(
  options: HandlerFrameOptions,
  refuse: FrameRefusal,
  handle: (request: Request, report: (error: unknown) => void) => Promise<Response>,
): (request: Request, info?: HandlerInfo) => Promise<Response> {
  const allowed = options.allowedIps ? ipAllowList(options.allowedIps) : undefined;
  const report = (e: unknown) => {
    try {
      options.onError?.(e);
    } catch {
      // a failing reporter must not turn into a failed answer
    }
  };
  return async (request, info) => {
    try {
      if (allowed && !allowed(remoteAddressOf(request, info))) return refuse(403, 'caller address is not allowed');
      if (options.verify && !(await options.verify(request, info))) return refuse(403, 'delivery not verified');
      if (request.method !== 'POST') return refuse(405, `method ${request.method} is not allowed; use POST`, { allow: 'POST' });
      return await handle(request, report);
    } catch (e) {
      report(e);
      return refuse(500, 'internal error');
    }
  };
}
