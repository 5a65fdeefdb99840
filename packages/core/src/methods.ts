/**
 * The one operation layer: a typed method per operationId over an `ApiClient`. The generated table says how to
 * send each operation (path, parameters, body and answer media, file fields); a provider package adds only what
 * is its own: the path parameters it binds, the query defaults it fills, and hooks for its own inputs and answers.
 *
 *   const methods = createMethods<operations>(api, table, { query: { locale: 'en' } });
 *   const { items } = await methods.getVirtualItems({ query: { limit: 10 } });
 */
import { dataOf, type CallOptions } from './client.js';
import { GamestoreError } from './errors.js';
import type { OperationMeta, OperationTable } from './operations.js';

type Defined<T> = Exclude<T, undefined>;
type Params<O> = O extends { parameters: infer P } ? P : never;
type ParamsIn<O, Where extends string> = Defined<Params<O>[Where & keyof Params<O>]>;
type Media<O> = O extends { requestBody?: infer B } ? (Defined<B> extends { content: infer C } ? C : never) : never;
/** a multipart body: a file field also takes a `Blob` (a string is sent as a file part) */
type FormBody<F> = { [K in keyof F]: F[K] extends string ? F[K] | Blob : F[K] };
type BodyOf<O> = Media<O> extends { 'multipart/form-data': infer F } ? FormBody<F> : Media<O>[keyof Media<O>];
/** `Name` required when `T` has a required key, optional when all are optional, absent when `T` is empty */
type Slot<Name extends string, T> = [T] extends [never]
  ? { [K in Name]?: never }
  : [keyof T] extends [never]
    ? { [K in Name]?: never }
    : {} extends T
      ? { [K in Name]?: T }
      : { [K in Name]: T };
/** `T` with the keys `K` optional */
type WithOptional<T, K extends PropertyKey> = [keyof T & K] extends [never] ? T : Omit<T, K & keyof T> & Partial<Pick<T, K & keyof T>>;

type Responses<O> = O extends { responses: infer R } ? R : never;
type Content<R> = R extends { content: infer C } ? C[keyof C] : undefined;
type Success = 200 | 201 | 202 | 203 | 204 | 205 | 206 | '2XX';

/**
 * What a call of operation `O` takes: its path parameters (without the `Bound` ones the client fills in), query
 * (with the `Defaulted` ones optional), header parameters and body, typed from the generated `operations`; plus the
 * caller's signal and per-call retry and timeout options.
 */
export type Input<O, Bound extends string = never, Defaulted extends string = never> = Slot<'path', Omit<ParamsIn<O, 'path'>, Bound>> &
  Slot<'query', WithOptional<ParamsIn<O, 'query'>, Defaulted>> &
  Slot<'header', ParamsIn<O, 'header'>> &
  ([BodyOf<O>] extends [never] ? { body?: never } : O extends { requestBody: {} } ? { body: BodyOf<O> } : { body?: BodyOf<O> }) & {
    signal?: AbortSignal | undefined;
  } & Pick<CallOptions, 'timeout' | 'deadline' | 'retry' | 'idempotent'>;

/** The body of operation `O`'s documented 2xx answer (`undefined` for 204 and other empty answers). */
export type Output<O> = { [S in keyof Responses<O>]: S extends Success ? Content<Responses<O>[S]> : never }[keyof Responses<O>];

/** One method per operation of `Ops`; the input may be left out when nothing in it is required. */
export type Methods<Ops, Bound extends string = never, Defaulted extends string = never> = {
  [K in keyof Ops]: {} extends Input<Ops[K], Bound, Defaulted>
    ? (input?: Input<Ops[K], Bound, Defaulted>) => Promise<Output<Ops[K]>>
    : (input: Input<Ops[K], Bound, Defaulted>) => Promise<Output<Ops[K]>>;
};

/** A call's input as the hooks see it. */
export type CallInput = Record<string, unknown> & {
  path?: Record<string, unknown> | undefined;
  query?: Record<string, unknown> | undefined;
  header?: unknown;
  body?: unknown;
};

export interface MethodsOptions {
  /**
   * query parameter defaults, filled in where the operation takes the parameter and the call leaves it out; a
   * function is asked on every call (e.g. STOVE's `ts`, the current time)
   */
  query?: Readonly<Record<string, unknown>> | undefined;
  /** rewrites a call's input before it is sent: a provider's own parameters (STOVE's headers and `serviceId`) */
  input?: ((input: CallInput, operation: OperationMeta & { id: string }) => CallInput) | undefined;
  /** reads a 2xx body (a provider's normalisation of a documented quirk) */
  output?: ((data: unknown, operation: OperationMeta & { id: string }) => unknown) | undefined;
}

/** A multipart body: a `Blob` as it is, a string given for one of `files` as a file part, anything else as text. */
export function toFormData(body: Record<string, unknown>, files: readonly string[]): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(body)) {
    if (value instanceof Blob) form.append(name, value, value instanceof File ? value.name : name);
    else if (value !== undefined && value !== null) {
      if (files.includes(name)) form.append(name, new Blob([String(value)], { type: 'application/octet-stream' }), name);
      else form.append(name, String(value));
    }
  }
  return form;
}

type Request = (method: string, path: string, init?: Record<string, unknown>) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** What a method needs of its operation, worked out once per operation (not once per client). */
interface Prepared {
  readonly id: string;
  readonly meta: OperationMeta;
  readonly op: OperationMeta & { id: string };
  readonly defaults: readonly (readonly [string, unknown])[] | undefined;
  readonly options: MethodsOptions;
}

function prepare(id: string, meta: OperationMeta, options: MethodsOptions): Prepared {
  const defaults = options.query && Object.entries(options.query).filter(([name, value]) => value !== undefined && meta.query?.includes(name));
  return { id, meta, op: { ...meta, id }, defaults, options };
}

/** One call of a prepared operation: the input mapped to openapi-fetch's, the 2xx body out (as `unwrap` gives it). */
async function call(request: Request, { id, meta, op, defaults, options }: Prepared, given: CallInput = {}): Promise<unknown> {
  if (typeof given !== 'object' || given === null) throw new GamestoreError({ kind: 'input', operation: id, message: `${id}: the input must be an object` });
  const input = options.input ? options.input(given, op) : given;
  const { path, query, header, body, ...callOptions } = input;
  let q = query;
  for (const [name, value] of defaults ?? []) {
    if (q?.[name] === undefined || q[name] === null) q = { ...q, [name]: typeof value === 'function' ? (value as () => unknown)() : value };
  }
  // built by assignment, not conditional spreads (each makes an object to copy: about 1% of a per-user call)
  const params: Record<string, unknown> = { path };
  if (q) params.query = q;
  if (header !== undefined) params.header = header;
  const init: Record<string, unknown> = { params };
  if (body !== undefined) init.body = meta.multipart ? toFormData(body as Record<string, unknown>, meta.multipart) : body;
  if (meta.response === 'text') init.parseAs = 'text';
  // the call's own options (retry, signal, headers, ...) last, as given
  for (const name in callOptions) init[name] = callOptions[name as keyof typeof callOptions];
  const data = dataOf(await request(meta.method, meta.path, init));
  return options.output ? options.output(data, op) : data;
}

/** The method of a prepared operation over `api`. */
const bind =
  (api: { readonly request: unknown }, prepared: Prepared) =>
  (given?: CallInput): Promise<unknown> =>
    call(api.request as unknown as Request, prepared, given);

/** The method of one operation over `api`: the input mapped to openapi-fetch's, the 2xx body out (`unwrap`). */
export function operationMethod(api: { readonly request: unknown }, id: string, meta: OperationMeta, options: MethodsOptions = {}): (input?: CallInput) => Promise<unknown> {
  return bind(api, prepare(id, meta, options));
}

/** where a methods object keeps the client its methods call */
const API = Symbol('api');

/**
 * The methods of `table` for any number of `ApiClient`s: each operation is worked out once here, onto one prototype
 * whose getters answer a method bound to the object's client (so `const { getItem } = methods` works). A methods
 * object is then one small object over its client, cheap enough to make per request (`forUser`). The methods are
 * enumerable on the prototype: `for...in` lists them, `Object.keys` does not. `own` members (a provider client's
 * `api`, `forUser`) are set on the object itself.
 */
export function methodsFor<Ops, Bound extends string = never, Defaulted extends string = never>(
  table: OperationTable,
  options: MethodsOptions = {},
): <Own extends object = {}>(api: { readonly request: unknown }, own?: Own) => Methods<Ops, Bound, Defaulted> & Own {
  const proto: Record<string, unknown> = {};
  for (const [id, meta] of Object.entries(table)) {
    const prepared = prepare(id, meta, options);
    Object.defineProperty(proto, id, {
      enumerable: true,
      get(this: { [API]: { readonly request: unknown } }) {
        return bind(this[API], prepared);
      },
    });
  }
  return <Own extends object = {}>(api: { readonly request: unknown }, own?: Own) => {
    const methods = Object.create(proto) as Record<string | symbol, unknown>;
    methods[API] = api;
    // set one by one: `Object.assign(methods, { ... })` cost about 2% of a per-user STOVE call (measured)
    for (const name in own) methods[name] = own[name];
    return methods as unknown as Methods<Ops, Bound, Defaulted> & Own;
  };
}

/** One method per operation of `table` over `api` (see `Methods` for their types). */
export function createMethods<Ops, Bound extends string = never, Defaulted extends string = never>(
  api: { readonly request: unknown },
  table: OperationTable,
  options: MethodsOptions = {},
): Methods<Ops, Bound, Defaulted> {
  return methodsFor<Ops, Bound, Defaulted>(table, options)(api);
}
