/**
 * Reads any spec of redocly.yaml (bundled by Redocly, never re-typed by hand) and turns every operation into the
 * calls its own examples allow: path, query and header parameter examples and one call per request-body example,
 * typed the way the clients take them (every `format: int64` integer as its decimal string).
 *
 * One builder for every provider: the contract tests call the mocks with it, and a package's own tests can build
 * their recorded-request expectations on top of `loadSpec` and `callsFor` (as packages/xsolla/test/spec.ts does).
 * Bundling, `$ref`s and the walk over `paths`/`webhooks` are scripts/spec.ts's, as for the generator and the mocks.
 */
import { deref, loadSpec as loadDocument, operations, type Json } from '../../scripts/spec.js';

export interface SpecParam {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: Json;
  example: unknown;
}

export interface SpecOperation<A extends string = string> {
  api: A;
  id: string;
  /** the operation's `summary` */
  summary?: string | undefined;
  tag: string;
  method: string;
  /** the path template, or the webhook's name */
  path: string;
  /** JSON pointer of the path item (`/paths/~1items` or `/webhooks/paymentComplete`) */
  pointer: string;
  /** the server the operation is sent to (its own, else the API's) */
  server: string;
  /** security alternatives, each a list of scheme names */
  security: string[][];
  params: SpecParam[];
  body?: { media: string; schema: Json; required: boolean; examples: unknown[] } | undefined;
  success: { status: number; media?: string | undefined; schema?: Json | undefined; example?: unknown };
  errors: { status: number; example: unknown }[];
}

export interface Spec<A extends string = string> {
  api: A;
  doc: Json;
  operations: SpecOperation<A>[];
  /** OpenAPI 3.1 `webhooks`: calls the provider makes to us */
  webhooks: SpecOperation<A>[];
  /** `http`/`apiKey` definition of each security scheme */
  schemes: Record<string, Json>;
}

/** The examples of a parameter or media type object: `example`, else every `examples` value. */
export function examplesOf(doc: Json, holder: Json | undefined): unknown[] {
  if (!holder) return [];
  if ('example' in holder) return [holder.example];
  if (holder.examples) return Object.values(holder.examples).map((e) => deref(doc, e).value);
  const schema = deref(doc, holder.schema);
  if (schema && 'example' in schema) return [schema.example];
  return Array.isArray(schema?.examples) ? schema.examples.slice(0, 1) : [];
}

function operationsOf<A extends string>(api: A, doc: Json, from: 'paths' | 'webhooks'): SpecOperation<A>[] {
  return operations(doc, from).map(({ path, pointer, method, operation: op, pathItem: item, parameters }) => {
    const params: SpecParam[] = parameters.map((p) => ({
      name: p.name,
      in: p.in,
      required: !!p.required,
      schema: p.schema ?? {},
      example: examplesOf(doc, p)[0],
    }));
    const rb = deref(doc, op.requestBody) as Json | undefined;
    const bodyMedia = rb && Object.keys(rb.content)[0]!;
    const statuses = Object.keys(op.responses);
    const ok = statuses.find((s) => s.startsWith('2'))!;
    const okResponse = deref(doc, op.responses[ok]) as Json;
    const okMedia = okResponse.content && Object.keys(okResponse.content)[0];
    return {
      api,
      id: op.operationId,
      summary: op.summary,
      tag: op.tags[0],
      method: method.toUpperCase(),
      path,
      pointer: `${pointer}/${method}`,
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
    };
  });
}

/** Lists the operations and webhooks of a bundled document. */
export function specOf<A extends string>(api: A, doc: Json): Spec<A> {
  const schemes = Object.fromEntries(Object.entries(doc.components?.securitySchemes ?? {}).map(([k, v]) => [k, deref(doc, v)]));
  return { api, doc, operations: operationsOf(api, doc, 'paths'), webhooks: operationsOf(api, doc, 'webhooks'), schemes };
}

/** Bundles the spec at `file` (an absolute path) and lists its operations and webhooks. */
export async function loadSpec<A extends string>(api: A, file: string): Promise<Spec<A>> {
  return specOf(api, await loadDocument(file));
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

/** The typed input of one call: the `{ path, query, header, body }` slots the generated clients take. */
export interface CallInput {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  header?: Record<string, unknown>;
  body?: unknown;
}

/** One call the spec's examples allow. */
export interface Call {
  /** `METHOD operationId`, with `(body example i)` when the operation has several */
  name: string;
  input: CallInput;
  /** the parameter examples by location and name, as the spec writes them (path values include bound ones) */
  values: { path: Record<string, unknown>; query: [string, unknown][]; header: [string, unknown][] };
  /** the request-body example as the spec writes it (`undefined`: no body) */
  body: unknown;
}

export interface CallOptions {
  /** path parameters the client binds itself (`project_id`, `service_id`): left out of `input.path` */
  bound?: readonly string[] | undefined;
}

/**
 * Every call the spec's examples allow for `op` (one per request-body example), or the reason there is none.
 */
export function callsFor(spec: Spec, op: SpecOperation, options: CallOptions = {}): Call[] | string {
  const { doc } = spec;
  const bound = new Set(options.bound ?? []);
  const missing = op.params.filter((p) => p.required && p.example === undefined && !bound.has(p.name)).map((p) => p.name);
  if (missing.length) return `no example for required parameter(s) ${missing.join(', ')}`;
  if (op.body?.required && !op.body.examples.length) return 'no request body example';

  const given = op.params.filter((p) => p.example !== undefined);
  const slot = (where: SpecParam['in']) => {
    const ps = given.filter((p) => p.in === where && !(where === 'path' && bound.has(p.name)));
    return ps.length ? { [where]: Object.fromEntries(ps.map((p) => [p.name, int64AsStrings(doc, p.schema, p.example)])) } : {};
  };
  const values: Call['values'] = {
    path: Object.fromEntries(given.filter((p) => p.in === 'path').map((p) => [p.name, p.example])),
    query: given.filter((p) => p.in === 'query').map((p) => [p.name, p.example]),
    header: given.filter((p) => p.in === 'header').map((p) => [p.name, p.example]),
  };
  const bodies = op.body?.examples.length ? op.body.examples : [undefined];
  return bodies.map((body, i) => ({
    name: `${op.method} ${op.id}${bodies.length > 1 ? ` (body example ${i + 1})` : ''}`,
    input: {
      ...slot('path'),
      ...slot('query'),
      ...slot('header'),
      ...(body !== undefined && { body: int64AsStrings(doc, op.body!.schema, body) }),
    },
    values,
    body,
  }));
}
