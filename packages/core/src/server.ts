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
  ({ ok: false, problem: { code, status, message } }) as JsonBodyResult;

/** Reads at most `maxBytes` of the body without buffering more, then parses it (int64 fields losslessly). */
export async function readJsonBody(
  request: Request,
  options: { maxBytes?: number | undefined; int64?: Int64Fields | undefined } = {},
): Promise<JsonBodyResult> {
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
  for (let r; reader && !(r = await reader.read()).done; chunks.push(r.value)) {
    if ((size += r.value.byteLength) > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return tooLarge;
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await new Blob(chunks as BlobPart[]).arrayBuffer());
  } catch {
    return problem('invalid_json', 400, 'body is not valid UTF-8');
  }
  try {
    return { ok: true, value: parseJson(text, options.int64), text };
  } catch {
    return problem('invalid_json', 400, 'body is not valid JSON');
  }
}

/** A JSON response with `content-type: application/json; charset=utf-8` and `cache-control: no-store`. */
export function jsonResponse(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
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
