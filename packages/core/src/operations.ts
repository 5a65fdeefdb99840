import type { Int64Fields } from './int64.js';

/** Runtime facts about one operation, as written by scripts/generate.ts into `<api>.meta.ts`. */
export interface OperationMeta {
  readonly method: string;
  readonly path: string;
  /** security alternatives, each a list of scheme names (empty list = no auth) */
  readonly security: readonly (readonly string[])[];
  readonly int64?: {
    readonly response?: readonly string[];
    readonly responseArrays?: readonly string[];
    readonly request?: readonly string[];
    readonly requestArrays?: readonly string[];
  };
  /** servers this operation documents for itself, when they differ from the API's */
  readonly servers?: readonly string[];
  /**
   * a PUT/DELETE that changes state again when repeated (the spec's `x-gamestore-unsafe-to-repeat`): sent once
   * unless the call passes `idempotent: true` or an `idempotencyKey`
   */
  readonly unsafe?: boolean;
  /** a POST that only reads (the spec's `x-gamestore-safe-to-repeat`): retried like a GET unless the call passes `idempotent: false` */
  readonly safe?: boolean;
  /** names of the query parameters (a client fills its query defaults only where they apply) */
  readonly query?: readonly string[];
  /** names of the header parameters */
  readonly header?: readonly string[];
  /** `text`: the 2xx answer is text, read as a string */
  readonly response?: 'text';
  /** the request body is `multipart/form-data`; these fields are files (a string given for one is a file part) */
  readonly multipart?: readonly string[];
}

export type OperationTable = Readonly<Record<string, OperationMeta>>;

export interface ResolvedOperation {
  readonly id: string;
  readonly meta: OperationMeta;
  readonly responseInt64: Int64Fields | undefined;
  readonly requestInt64: Int64Fields | undefined;
}

const fields = (keys?: readonly string[], arrayKeys?: readonly string[]): Int64Fields | undefined =>
  keys || arrayKeys ? { keys, arrayKeys } : undefined;

/** Index of operations by path template and method, built once per client. */
export class OperationIndex {
  /** path template → method → operation (two lookups, no key built per call) */
  readonly #byPath = new Map<string, Map<string, ResolvedOperation>>();

  constructor(table: OperationTable) {
    for (const [id, meta] of Object.entries(table)) {
      const i = meta.int64 ?? {};
      let byMethod = this.#byPath.get(meta.path);
      if (!byMethod) this.#byPath.set(meta.path, (byMethod = new Map()));
      byMethod.set(meta.method.toUpperCase(), {
        id,
        meta,
        responseInt64: fields(i.response, i.responseArrays),
        requestInt64: fields(i.request, i.requestArrays),
      });
    }
  }

  find(method: string, path: string): ResolvedOperation | undefined {
    return this.#byPath.get(path)?.get(method.toUpperCase());
  }
}
