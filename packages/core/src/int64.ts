/**
 * Lossless int64 in JSON.
 *
 * Decision (all providers): an int64 value is a `string` of decimal digits in TypeScript. Responses are
 * rewritten before `JSON.parse` so that a bare JSON integer under a known int64 key becomes a JSON string
 * (digits untouched); requests are serialised with `JSON.stringify` and the int64 keys turned back into bare
 * JSON integers. The set of keys comes from the generator (`<api>.meta.ts`), per operation.
 *
 * Only structural keys are matched: a key token is always preceded by `{` or `,` (plus white space) and
 * followed by `:`, and a JSON string can never contain an unescaped `"`, so text inside string values is never
 * rewritten.
 */
import { GamestoreError } from './errors.js';

export interface Int64Fields {
  /** keys whose value is a single int64 */
  readonly keys?: readonly string[] | undefined;
  /** keys whose value is an array of int64 */
  readonly arrayKeys?: readonly string[] | undefined;
}

const INTEGER = '-?(?:0|[1-9]\\d*)';
const INT_G = new RegExp(INTEGER, 'g');
const INT64_TEXT = new RegExp(`^${INTEGER}$`);
const LIMIT = 2n ** 63n;

type Compiled = (RegExp | undefined)[];
const cache = new WeakMap<Int64Fields, Compiled>();

/** [parse scalar, parse array, stringify scalar, stringify array] for the keys of `fields` */
function compile(fields: Int64Fields): Compiled {
  let c = cache.get(fields);
  if (!c) {
    const build = (keys: readonly string[] | undefined, value: string) =>
      keys?.length
        ? new RegExp(
            `([{,]\\s*"(?:${keys.map((k) => JSON.stringify(k).slice(1, -1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})"\\s*:\\s*)${value}`,
            'g',
          )
        : undefined;
    const { keys, arrayKeys } = fields;
    c = [
      build(keys, `(${INTEGER})(?=\\s*[,}\\]])`),
      build(arrayKeys, `(\\[\\s*(?:${INTEGER}\\s*(?:,\\s*${INTEGER}\\s*)*)?\\])`),
      build(keys, `"(${INTEGER})"`),
      build(arrayKeys, `(\\[(?:"${INTEGER}"(?:,"${INTEGER}")*)?\\])`),
    ];
    cache.set(fields, c);
  }
  return c;
}

const rewrite = (text: string, re: RegExp | undefined, value: (list: string) => string) =>
  re ? text.replace(re, (_m, prefix: string, v: string) => prefix + value(v)) : text;

/** Rewrites JSON text so that integers under int64 keys become strings. The text is otherwise untouched. */
export function quoteInt64(text: string, fields: Int64Fields | undefined): string {
  if (!fields) return text;
  const [scalar, array] = compile(fields);
  return rewrite(rewrite(text, scalar, (v) => `"${v}"`), array, (v) => v.replace(INT_G, '"$&"'));
}

/** `JSON.parse` that keeps every digit of the int64 fields named in `fields` (as strings). */
export function parseJson(text: string, fields?: Int64Fields): unknown {
  return JSON.parse(quoteInt64(text, fields));
}

/** True when `value` is the decimal text of an integer in [-2^63, 2^63-1]. */
export function isInt64String(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length < 21 &&
    INT64_TEXT.test(value) &&
    BigInt(value) >= -LIMIT &&
    BigInt(value) < LIMIT
  );
}

const plain = (v: unknown) => (typeof v === 'bigint' ? `${v}` : v);

function toInt64Text(key: string, value: unknown): string {
  const v = typeof value === 'number' && Number.isSafeInteger(value) ? `${value}` : plain(value);
  if (!isInt64String(v)) throw new GamestoreError({ kind: 'input', message: `field "${key}" must be an int64` });
  return v;
}

/**
 * `JSON.stringify` that writes the int64 fields named in `fields` as bare JSON integers, digit for digit.
 * An int64 field may be given as a decimal string, a bigint or a safe integer; anything else is an input
 * error naming the field (never its value). A bigint anywhere else is written as a string.
 */
export function stringifyJson(value: unknown, fields?: Int64Fields): string {
  const { keys = [], arrayKeys = [] } = fields ?? {};
  const text: string = JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
    if (v == null || Array.isArray(this)) return plain(v);
    if (keys.includes(key)) return toInt64Text(key, v);
    return arrayKeys.includes(key) && Array.isArray(v) ? v.map((item) => toInt64Text(key, item)) : plain(v);
  });
  if (!fields || text === undefined) return text;
  const [, , scalar, array] = compile(fields);
  return rewrite(rewrite(text, scalar, (v) => v), array, (v) => v.replace(/"/g, ''));
}
