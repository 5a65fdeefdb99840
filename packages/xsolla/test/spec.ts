/**
 * Reads the two Xsolla specs (bundled by Redocly, never re-typed by hand) and turns every operation into a
 * call built from the spec's own examples, with the request and answer the spec documents for it. Reading the
 * spec and building the calls is shared with the contract tests (contract/src/spec.ts); this file adds what
 * these tests expect on the wire.
 */
import { fileURLToPath } from 'node:url';
import * as shared from '../../../contract/src/spec.js';
import { callsFor, int64AsStrings } from '../../../contract/src/spec.js';
import { deref } from '../../../scripts/spec.js';

export { int64AsStrings, type SpecParam } from '../../../contract/src/spec.js';
export { deref } from '../../../scripts/spec.js';
type Json = Record<string, any>;
export type ApiName = 'catalog' | 'liveops';
export type SpecOperation = shared.SpecOperation<ApiName>;
export type Spec = shared.Spec<ApiName>;

export const PROJECT_ID = '44056';
export const API_KEY = 'test-api-key-1234';
export const MERCHANT_ID = '121212';
export const USER_TOKEN = 'user.jwt.token';
export const GUEST = { unauthorizedId: 'guest-req-42', email: 'buyer@example.com' } as const;

export const loadSpec = (api: ApiName): Promise<Spec> =>
  shared.loadSpec(api, fileURLToPath(new URL(`../../../specs/xsolla/${api}.yaml`, import.meta.url)));

/** One call of the data-driven test: the typed input, and the request and result the spec documents. */
export interface Case {
  api: ApiName;
  id: string;
  tag: string;
  name: string;
  input: Record<string, unknown>;
  request: {
    method: string;
    /** full URL without the query */
    url: string;
    query: [string, string][];
    headers: Record<string, string>;
    /** `authorization` expected with an API key and a user token configured (`null`: none) */
    authorization: string | null;
    media: string | undefined;
    body: unknown;
    /** multipart fields the spec marks as file content (sent as file parts) */
    files: string[];
  };
  response: { status: number; media: string | undefined; text: string | null };
  result: unknown;
}

const sortEntries = (entries: [string, string][]) => [...entries].sort(([a, x], [b, y]) => a.localeCompare(b) || x.localeCompare(y));
export { sortEntries };

/** The authorization header the spec asks for with `apiKey`, `merchantId` and `userToken` configured. */
function authorizationFor(spec: Spec, op: SpecOperation): string | null {
  const usable = op.security.find((alt) => alt.every((s) => spec.schemes[s]?.type === 'http'));
  const scheme = usable?.[0] && spec.schemes[usable[0]];
  if (!scheme) return null;
  if (scheme.scheme === 'basic') return `Basic ${btoa(`${usable![0] === 'basicMerchantAuth' ? MERCHANT_ID : PROJECT_ID}:${API_KEY}`)}`;
  if (scheme.scheme === 'bearer') return `Bearer ${USER_TOKEN}`;
  throw new Error(`unexpected scheme ${JSON.stringify(scheme)}`);
}

/**
 * Every call the spec's examples allow for `op` (one per request-body example), or the reason there is none.
 */
export function casesFor(spec: Spec, op: SpecOperation): Case[] | string {
  const { doc } = spec;
  const calls = callsFor(spec, op, { bound: ['project_id'] });
  if (typeof calls === 'string') return calls;
  if (op.success.media && op.success.example === undefined) return `no ${op.success.status} response example`;

  const { values } = calls[0]!;
  const pathValues: Record<string, unknown> = { ...values.path, project_id: PROJECT_ID };
  const url = op.server + op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(pathValues[name])));
  const query = values.query.flatMap(([name, v]) => (Array.isArray(v) ? v : [v]).map((x): [string, string] => [name, String(x)]));
  const headers = Object.fromEntries(values.header.map(([name, v]) => [name.toLowerCase(), String(v)]));

  const { media, schema, example } = op.success;
  const text = example === undefined ? null : media?.includes('json') ? JSON.stringify(example) : String(example);
  const result = example === undefined ? undefined : media?.includes('json') ? int64AsStrings(doc, schema, example) : example;
  const files = Object.entries<Json>(deref(doc, op.body?.schema)?.properties ?? {})
    .filter(([, p]) => p.contentMediaType || p.format === 'binary')
    .map(([k]) => k);

  return calls.map((call) => ({
    api: op.api,
    id: op.id,
    tag: op.tag,
    name: call.name,
    input: call.input as Record<string, unknown>,
    request: {
      method: op.method,
      url,
      query: sortEntries(query),
      headers,
      authorization: authorizationFor(spec, op),
      media: call.body === undefined ? undefined : op.body!.media,
      body: call.body,
      files,
    },
    response: { status: op.success.status, media, text },
    result,
  }));
}
