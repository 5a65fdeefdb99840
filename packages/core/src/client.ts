import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { MediaType } from 'openapi-typescript-helpers';
import { GamestoreError } from './errors.js';
import { quoteInt64, stringifyJson } from './int64.js';
import { OperationIndex, type OperationTable } from './operations.js';

export type FetchLike = (input: Request) => Promise<Response>;

export interface ApiClientOptions {
  /** Base URL of the API, e.g. `https://store.xsolla.com/api` */
  baseUrl: string;
  /** The generated operation table (`operations` from `<api>.meta.ts`). */
  operations: OperationTable;
  /** fetch implementation; defaults to `globalThis.fetch` at call time (never patched). */
  fetch?: FetchLike | undefined;
  /** headers sent with every request */
  headers?: Record<string, string> | undefined;
  /** extra openapi-fetch middleware, run after gamestore's own */
  middleware?: readonly Middleware[] | undefined;
}

export type ApiClient<Paths extends {}> = Client<Paths, MediaType> & {
  /** the operation index the client was built from */
  readonly operationIndex: OperationIndex;
};

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;
const JSON_TYPE = /[/+]json\b/i;

/** Response side of lossless int64: rewrites int64 integers to strings before openapi-fetch parses the body. */
function int64ResponseMiddleware(index: OperationIndex): Middleware {
  return {
    async onResponse({ request, schemaPath, response }) {
      const op = index.find(request.method, schemaPath);
      if (!op?.responseInt64 || !JSON_TYPE.test(response.headers.get('content-type') ?? '')) return undefined;
      const text = await response.text();
      return new Response(quoteInt64(text, op.responseInt64), {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    },
  };
}

/**
 * An openapi-fetch client for one API, with gamestore's runtime: lossless int64 in both directions and typed
 * input errors. The result keeps openapi-fetch's `{ data, error, response }` shape.
 */
export function createApiClient<Paths extends {}>(options: ApiClientOptions): ApiClient<Paths> {
  const index = new OperationIndex(options.operations);
  const fetchImpl = options.fetch;
  const base = createClient<Paths>({
    baseUrl: options.baseUrl,
    ...(options.headers && { headers: options.headers }),
    fetch: (input: Request) => {
      const f = fetchImpl ?? globalThis.fetch;
      if (typeof f !== 'function') {
        throw new GamestoreError({ kind: 'config', message: 'no fetch implementation: pass options.fetch' });
      }
      return f(input);
    },
  });
  base.use(int64ResponseMiddleware(index));
  for (const m of options.middleware ?? []) base.use(m);

  const client = { ...base, operationIndex: index } as Record<string, unknown>;
  for (const method of METHODS) {
    const call = (base as unknown as Record<string, (p: string, init?: Record<string, unknown>) => Promise<unknown>>)[
      method
    ]!;
    client[method] = (path: string, init: Record<string, unknown> = {}) => {
      const op = index.find(method, path);
      if (op?.requestInt64 && init.body !== undefined && !init.bodySerializer) {
        const fields = op.requestInt64;
        return call(path, { ...init, bodySerializer: (body: unknown) => stringifyJson(body, fields) });
      }
      return call(path, init);
    };
  }
  return client as unknown as ApiClient<Paths>;
}
