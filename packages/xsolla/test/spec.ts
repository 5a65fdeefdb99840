/**
 * Reads the two Xsolla specs (bundled by Redocly, never re-typed by hand) and turns every operation into a
 * call built from the spec's own examples, with the request and answer the spec documents for it.
 */
import { fileURLToPath } from 'node:url';
import { bundle, createConfig } from '@redocly/openapi-core';

type Json = Record<string, any>;
export type ApiName = 'catalog' | 'liveops';

export const PROJECT_ID = '44056';
export const API_KEY = 'test-api-key-1234';
export const USER_TOKEN = 'user.jwt.token';
export const GUEST = { unauthorizedId: 'guest-req-42', email: 'buyer@example.com' } as const;

export interface SpecParam {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Json;
  example: unknown;
}

export interface SpecOperation {
  api: ApiName;
  id: string;
  tag: string;
  method: string;
  path: string;
  /** the server the operation is sent to (its own, else the API's) */
  server: string;
  /** security alternatives, each a list of scheme names */
  security: string[][];
  params: SpecParam[];
  body?: { media: string; schema: Json; required: boolean; examples: unknown[] } | undefined;
  success: { status: number; media?: string | undefined; schema?: Json | undefined; example?: unknown };
  errors: { status: number; example: unknown }[];
}

export interface Spec {
  api: ApiName;
  doc: Json;
  operations: SpecOperation[];
  /** `http`/`apiKey` definition of each security scheme */
  schemes: Record<string, Json>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Follows local `$ref`s (the bundle has only local ones). */
export function deref(doc: Json, node: unknown): any {
  let n = node as Json | undefined;
  for (let hops = 0; n && typeof n === 'object' && typeof n.$ref === 'string'; hops++) {
    if (hops > 50) throw new Error(`$ref loop at ${n.$ref}`);
    n = (n.$ref as string)
      .slice(2)
      .split('/')
      .reduce<any>((at, key) => at?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  }
  return n;
}

/** The examples of a parameter or media type object: `example`, else every `examples` value. */
function examplesOf(doc: Json, holder: Json | undefined): unknown[] {
  if (!holder) return [];
  if ('example' in holder) return [holder.example];
  if (holder.examples) return Object.values(holder.examples).map((e) => deref(doc, e).value);
  const schema = deref(doc, holder.schema);
  if (schema && 'example' in schema) return [schema.example];
  return Array.isArray(schema?.examples) ? schema.examples.slice(0, 1) : [];
}

export async function loadSpec(api: ApiName): Promise<Spec> {
  const ref = fileURLToPath(new URL(`../../../specs/xsolla/${api}.yaml`, import.meta.url));
  const { bundle: bundled } = await bundle({ ref, config: await createConfig({}, {}), dereference: false });
  const doc = bundled.parsed as Json;
  const schemes = Object.fromEntries(Object.entries(doc.components?.securitySchemes ?? {}).map(([k, v]) => [k, deref(doc, v)]));
  const operations: SpecOperation[] = [];
  for (const [path, rawItem] of Object.entries<Json>(doc.paths)) {
    const item = deref(doc, rawItem) as Json;
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const params: SpecParam[] = [...(item.parameters ?? []), ...(op.parameters ?? [])]
        .map((p) => deref(doc, p))
        .map((p) => ({ name: p.name, in: p.in, required: !!p.required, schema: p.schema ?? {}, example: examplesOf(doc, p)[0] }));
      const rb = deref(doc, op.requestBody) as Json | undefined;
      const bodyMedia = rb && Object.keys(rb.content)[0]!;
      const statuses = Object.keys(op.responses);
      const ok = statuses.find((s) => s.startsWith('2'))!;
      const okResponse = deref(doc, op.responses[ok]) as Json;
      const okMedia = okResponse.content && Object.keys(okResponse.content)[0];
      operations.push({
        api,
        id: op.operationId,
        tag: op.tags[0],
        method: method.toUpperCase(),
        path,
        server: (op.servers ?? item.servers ?? doc.servers)[0].url,
        security: (op.security ?? doc.security ?? []).map((alt: Json) => Object.keys(alt)),
        params,
        body: rb && {
          media: bodyMedia!,
          schema: rb.content[bodyMedia!].schema,
          required: !!rb.required,
          examples: examplesOf(doc, rb.content[bodyMedia!]),
        },
        success: {
          status: Number(ok),
          media: okMedia,
          schema: okMedia && okResponse.content[okMedia].schema,
          ...(okMedia && { example: examplesOf(doc, okResponse.content[okMedia])[0] }),
        },
        errors: statuses
          .filter((s) => /^4/.test(s))
          .flatMap((s) => examplesOf(doc, deref(doc, op.responses[s]).content?.['application/json']).map((example) => ({ status: Number(s), example }))),
      });
    }
  }
  return { api, doc, operations, schemes };
}

/** The schemas a value may match: `schema` with its `allOf`/`oneOf`/`anyOf` branches, flattened. */
function candidates(doc: Json, schema: unknown): Json[] {
  const s = deref(doc, schema) as Json | undefined;
  if (!s || typeof s !== 'object') return [];
  return [s, ...[...(s.allOf ?? []), ...(s.oneOf ?? []), ...(s.anyOf ?? [])].flatMap((b: unknown) => candidates(doc, b))];
}

/**
 * The value as the client types it: every integer the schema marks `format: int64` becomes its decimal string.
 * Walks the schema (not a key list), so it checks the generator's per-key int64 list independently.
 */
export function int64AsStrings(doc: Json, schema: unknown, value: unknown): unknown {
  const all = candidates(doc, schema);
  if (typeof value === 'number' && Number.isInteger(value) && all.some((s) => s.format === 'int64')) return String(value);
  if (Array.isArray(value)) {
    const items = all.map((s) => s.items).filter(Boolean);
    return value.map((v) => int64AsStrings(doc, { anyOf: items }, v));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        const props = all.map((s) => s.properties?.[k] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined));
        return [k, int64AsStrings(doc, { anyOf: props.filter(Boolean) }, v)];
      }),
    );
  }
  return value;
}

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

/** The authorization header the spec asks for with `apiKey` and `userToken` configured. */
function authorizationFor(spec: Spec, op: SpecOperation): string | null {
  const usable = op.security.find((alt) => alt.every((s) => spec.schemes[s]?.type === 'http'));
  const scheme = usable?.[0] && spec.schemes[usable[0]];
  if (!scheme) return null;
  if (scheme.scheme === 'basic') return `Basic ${btoa(`${PROJECT_ID}:${API_KEY}`)}`;
  if (scheme.scheme === 'bearer') return `Bearer ${USER_TOKEN}`;
  throw new Error(`unexpected scheme ${JSON.stringify(scheme)}`);
}

/**
 * Every call the spec's examples allow for `op` (one per request-body example), or the reason there is none.
 */
export function casesFor(spec: Spec, op: SpecOperation): Case[] | string {
  const { doc } = spec;
  const missing = op.params.filter((p) => p.required && p.example === undefined).map((p) => p.name);
  if (missing.length) return `no example for required parameter(s) ${missing.join(', ')}`;
  if (op.body?.required && !op.body.examples.length) return 'no request body example';
  if (op.success.media && op.success.example === undefined) return `no ${op.success.status} response example`;

  const given = op.params.filter((p) => p.example !== undefined);
  const slot = (where: SpecParam['in']) => {
    const ps = given.filter((p) => p.in === where && p.name !== 'project_id');
    return ps.length ? { [where]: Object.fromEntries(ps.map((p) => [p.name, int64AsStrings(doc, p.schema, p.example)])) } : {};
  };
  const pathValues: Record<string, unknown> = Object.fromEntries(given.filter((p) => p.in === 'path').map((p) => [p.name, p.example]));
  pathValues.project_id = PROJECT_ID;
  const url = op.server + op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(pathValues[name])));
  const query = given
    .filter((p) => p.in === 'query')
    .flatMap((p) => (Array.isArray(p.example) ? p.example : [p.example]).map((v): [string, string] => [p.name, String(v)]));
  const headers = Object.fromEntries(given.filter((p) => p.in === 'header').map((p) => [p.name.toLowerCase(), String(p.example)]));

  const { media, schema, example } = op.success;
  const text = example === undefined ? null : media?.includes('json') ? JSON.stringify(example) : String(example);
  const result = example === undefined ? undefined : media?.includes('json') ? int64AsStrings(doc, schema, example) : example;

  const bodies = op.body?.examples.length ? op.body.examples : [undefined];
  return bodies.map((body, i) => ({
    api: op.api,
    id: op.id,
    tag: op.tag,
    name: `${op.method} ${op.id}${bodies.length > 1 ? ` (body example ${i + 1})` : ''}`,
    input: {
      ...slot('path'),
      ...slot('query'),
      ...slot('header'),
      ...(body !== undefined && { body: int64AsStrings(doc, op.body!.schema, body) }),
    },
    request: {
      method: op.method,
      url,
      query: sortEntries(query),
      headers,
      authorization: authorizationFor(spec, op),
      media: body === undefined ? undefined : op.body!.media,
      body,
      files: Object.entries<Json>(deref(doc, op.body?.schema)?.properties ?? {})
        .filter(([, p]) => p.contentMediaType || p.format === 'binary')
        .map(([k]) => k),
    },
    response: { status: op.success.status, media, text },
    result,
  }));
}
