/**
 * The specs the sandbox and `gamestore trigger` work from: `specs/<api>.json`, written at build time by
 * `scripts/bundle-specs.ts` from every API of the repository's redocly.yaml (Redocly's bundle of the spec, plus the
 * facts about each operation and webhook read from it by the repository's spec walker), shipped in the package.
 *
 * Requests are validated against the bundled document's own schemas with a JSON Schema 2020-12 validator (OpenAPI
 * 3.1's dialect), the way a Prism mock validates them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

export type Provider = 'xsolla' | 'stove' | 'hive';
export const PROVIDERS: Readonly<Record<Provider, string>> = { xsolla: 'Xsolla', stove: 'STOVE', hive: 'Hive' };

/** One operation of `paths`, as the sandbox serves it. */
export interface SpecOperation {
  id: string;
  method: string;
  /** the path template of the spec */
  path: string;
  /** the base path of the operation's server (`/api` for `https://store.xsolla.com/api`): the sandbox serves `prefix + path` */
  prefix: string;
  /** the first documented 2xx status, and the first example of its body */
  status: number;
  example?: unknown;
  /** the request body: media type, whether it is required, and the JSON pointer of its schema in `doc` */
  body?: { media: string; required: boolean; schema: string };
  /** keys whose values are int64 in the request body (the generated meta's list): read as exact digit strings */
  int64: string[];
}

/** One OpenAPI 3.1 `webhooks` entry: a call the platform makes to the game server. */
export interface SpecWebhook {
  /** the name `gamestore trigger` takes: the webhook's key in snake case, without `_notification` */
  event: string;
  id: string;
  summary: string;
  /** how the platform signs it (only Xsolla signs) */
  signature?: 'xsolla';
  /** the documented 2xx statuses, each with the JSON pointer of its JSON body schema (`null`: no JSON body) */
  success: Record<string, string | null>;
  /** the first example of the request body */
  example: unknown;
  /** header parameters the platform sends, with their examples */
  headers: Record<string, string>;
}

export interface BundledSpec {
  /** the API's name in redocly.yaml (`xsolla-catalog`) */
  api: string;
  provider: Provider;
  /** Redocly's bundle of the spec (local `$ref`s only), for the schemas */
  doc: Record<string, unknown>;
  operations: SpecOperation[];
  webhooks: SpecWebhook[];
}

const DIR = new URL('../specs/', import.meta.url);
let loaded: BundledSpec[] | undefined;

/** Every bundled spec, read once. */
export function specs(): BundledSpec[] {
  loaded ??= readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(new URL(f, DIR), 'utf8')) as BundledSpec);
  return loaded;
}

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

/** Every way `value` departs from the schema at `pointer` in `spec`'s document (empty: it conforms). */
export function violations(spec: BundledSpec, pointer: string, value: unknown): string[] {
  if (!ajv) {
    ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    for (const s of specs()) ajv.addSchema(s.doc, s.api);
  }
  const ref = `${spec.api}#${pointer}`;
  let validate = compiled.get(ref);
  if (!validate) compiled.set(ref, (validate = ajv.compile({ $ref: ref })));
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

/** A path template split into segments; `{name}` segments capture. */
export interface Route<T> {
  method: string;
  segments: string[];
  target: T;
}

export function route<T>(method: string, template: string, target: T): Route<T> {
  return { method, segments: template.split('/'), target };
}

/**
 * The route that `method` and `pathname` match, with its path parameters; the route with the most literal segments
 * wins (`/cart/item/{item_sku}` before `/cart/{cart_id}/clear`).
 */
export function match<T>(routes: readonly Route<T>[], method: string, pathname: string): { target: T; params: Record<string, string> } | undefined {
  const parts = pathname.split('/');
  let best: { target: T; params: Record<string, string>; literal: number } | undefined;
  for (const r of routes) {
    if (r.method !== method || r.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let literal = 0;
    const ok = r.segments.every((seg, i) => {
      const part = parts[i]!;
      if (seg.startsWith('{') && seg.endsWith('}')) {
        const value = decoded(part);
        if (!value) return false;
        params[seg.slice(1, -1)] = value;
        return true;
      }
      literal++;
      return seg === part;
    });
    if (ok && (!best || literal > best.literal)) best = { target: r.target, params, literal };
  }
  return best && { target: best.target, params: best.params };
}

function decoded(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}
