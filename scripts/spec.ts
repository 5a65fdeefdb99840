/**
 * The one OpenAPI walker of the repository: load a spec, resolve JSON pointers and local `$ref`s, list the
 * operations of `paths` and `webhooks`. The generator and the mocks (scripts/), the contract tests (contract/), the
 * docs site (docs/) and the Xsolla spec-driven tests (packages/xsolla/test/spec.ts) all read specs through it.
 *
 * Every function but `loadSpec` works on an already parsed, bundled document (local `$ref`s only).
 */
import { bundle, createConfig, type Config } from '@redocly/openapi-core';

/** An object of an OpenAPI document, loosely typed: callers read the fields OpenAPI defines. */
export type Json = Record<string, any>;

/** The HTTP methods a path item can hold, in the order OpenAPI lists them. */
export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type Method = (typeof METHODS)[number];

/** Where operations live: `paths` (calls to the API) or `webhooks` (OpenAPI 3.1: calls the provider makes). */
export type Section = 'paths' | 'webhooks';

/**
 * Bundles the spec at `file` (an absolute path) into one document whose `$ref`s are all local (`#/…`), from local
 * files only, without dereferencing, and returns it parsed. Throws naming every error-level problem of the bundle.
 * `config`: the Redocly config to bundle with (default: an empty one).
 */
export async function loadSpec(file: string, config?: Config): Promise<Json> {
  const { bundle: bundled, problems } = await bundle({ ref: file, config: config ?? (await createConfig({}, {})), dereference: false });
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new Error(`${file}: ${errors.map((e) => e.message).join('; ')}`);
  return bundled.parsed as Json;
}

/** One reference token escaped for a JSON pointer (RFC 6901): `~` → `~0`, `/` → `~1`. */
export const escapeToken = (token: string): string => token.replace(/~/g, '~0').replace(/\//g, '~1');

/** A pointer as a URI fragment (`#/a%20b`, the way `$ref` writes it) made plain (`/a b`); a plain one as it is. */
function plain(pointer: string): string {
  if (!pointer.startsWith('#')) return pointer;
  try {
    return decodeURIComponent(pointer.slice(1));
  } catch {
    throw new Error(`not a JSON pointer: ${pointer}`);
  }
}

/**
 * The node `pointer` names in `doc` (RFC 6901), or `undefined` when there is none. Takes a plain pointer
 * (`/components/schemas/Item`; `''` is the whole document) or a URI fragment (`#/components/schemas/Item`,
 * percent-decoded first). Each token is unescaped `~1` → `/` then `~0` → `~`; only own properties are followed.
 */
export function resolvePointer(doc: unknown, pointer: string): any {
  const path = plain(pointer);
  if (path === '') return doc;
  if (!path.startsWith('/')) throw new Error(`not a JSON pointer: ${pointer}`);
  let node = doc;
  for (const token of path.slice(1).split('/')) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

const isRef = (node: unknown): node is { $ref: string } =>
  node !== null && typeof node === 'object' && typeof (node as { $ref?: unknown }).$ref === 'string';

/** Follows `$ref`s from `node` (found at pointer `at`); see `deref` and `follow`. */
function chase(doc: unknown, node: unknown, at: string | undefined): { node: any; pointer: string | undefined } {
  const seen: string[] = [];
  let pointer = at;
  while (isRef(node)) {
    const ref = node.$ref;
    if (!ref.startsWith('#')) throw new Error(`unbundled $ref ${ref}`);
    if (seen.includes(ref)) throw new Error(`$ref cycle: ${[...seen, ref].join(' → ')}`);
    seen.push(ref);
    pointer = plain(ref);
    node = resolvePointer(doc, pointer);
  }
  return { node, pointer };
}

/**
 * `node` with its `$ref` chain followed: the first node that is not a reference, `undefined` when a reference names
 * nothing (and `node` itself when it is no reference). A `$ref` to another document (bundle first) or a chain
 * that comes back to itself throws.
 */
export function deref<T = any>(doc: unknown, node: unknown): T {
  return chase(doc, node, undefined).node as T;
}

/** `deref` of the node at `pointer`, with the plain JSON pointer of the node it reaches (where its `$ref`s led). */
export function follow(doc: unknown, pointer: string): { node: any; pointer: string } {
  const reached = chase(doc, resolvePointer(doc, pointer), plain(pointer));
  return { node: reached.node, pointer: reached.pointer! };
}

export interface PathItemEntry {
  /** the path template (`/items/{id}`), or the webhook's name */
  path: string;
  /** JSON pointer of the path item: `/paths/~1items/~1{id}`, or where its `$ref` leads */
  pointer: string;
  /** the path item, `$ref` followed (`{}` when it names nothing) */
  pathItem: Json;
}

/** The path items of `paths` (or `webhooks`), in document order. */
export function pathItems(doc: Json, from: Section = 'paths'): PathItemEntry[] {
  return Object.keys((doc[from] as Json | undefined) ?? {}).map((path) => {
    const { node, pointer } = follow(doc, `/${from}/${escapeToken(path)}`);
    return { path, pointer, pathItem: node !== null && typeof node === 'object' ? (node as Json) : {} };
  });
}

/** The operations one path item holds, in `METHODS` order. */
export function operationsIn(pathItem: Json): Array<{ method: Method; operation: Json }> {
  return METHODS.flatMap((method) => {
    const operation: unknown = pathItem[method];
    return operation !== null && typeof operation === 'object' ? [{ method, operation: operation as Json }] : [];
  });
}

export interface OperationEntry extends PathItemEntry {
  method: Method;
  operation: Json;
  /**
   * The parameters that apply, `$ref`s followed: the path item's, then the operation's; an operation parameter
   * replaces the path item's of the same `name` and `in`.
   */
  parameters: Json[];
}

/** Every operation of `paths` (or `webhooks`): path by path in document order, then in `METHODS` order. */
export function operations(doc: Json, from: Section = 'paths'): OperationEntry[] {
  return pathItems(doc, from).flatMap((entry) =>
    operationsIn(entry.pathItem).map(({ method, operation }) => {
      const own = ((operation.parameters as unknown[] | undefined) ?? []).map((p) => deref<Json>(doc, p));
      const key = (p: Json | undefined) => JSON.stringify([p?.in, p?.name]);
      const replaced = new Set(own.map(key));
      const inherited = ((entry.pathItem.parameters as unknown[] | undefined) ?? [])
        .map((p) => deref<Json>(doc, p))
        .filter((p) => !replaced.has(key(p)));
      return { ...entry, method, operation, parameters: [...inherited, ...own] };
    }),
  );
}
