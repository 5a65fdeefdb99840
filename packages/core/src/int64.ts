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

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INTEGER = '-?(?:0|[1-9]\\d*)';
const INT64_TEXT = new RegExp(`^${INTEGER}$`);

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const keyAlternation = (keys: readonly string[]) => keys.map((k) => escapeRe(JSON.stringify(k).slice(1, -1))).join('|');

interface Compiled {
  parseScalar?: RegExp;
  parseArray?: RegExp;
  stringifyScalar?: RegExp;
  stringifyArray?: RegExp;
  keySet: Set<string>;
  arrayKeySet: Set<string>;
}
const cache = new WeakMap<Int64Fields, Compiled>();

function compile(fields: Int64Fields): Compiled {
  let c = cache.get(fields);
  if (c) return c;
  const keys = fields.keys ?? [];
  const arrayKeys = fields.arrayKeys ?? [];
  c = { keySet: new Set(keys), arrayKeySet: new Set(arrayKeys) };
  if (keys.length) {
    const k = keyAlternation(keys);
    c.parseScalar = new RegExp(`([{,]\\s*"(?:${k})"\\s*:\\s*)(${INTEGER})(?=\\s*[,}\\]])`, 'g');
    c.stringifyScalar = new RegExp(`([{,]"(?:${k})":)"(${INTEGER})"`, 'g');
  }
  if (arrayKeys.length) {
    const k = keyAlternation(arrayKeys);
    const list = `\\[\\s*(?:${INTEGER}\\s*(?:,\\s*${INTEGER}\\s*)*)?\\]`;
    c.parseArray = new RegExp(`([{,]\\s*"(?:${k})"\\s*:\\s*)(${list})`, 'g');
    c.stringifyArray = new RegExp(`([{,]"(?:${k})":)(\\[(?:"${INTEGER}"(?:,"${INTEGER}")*)?\\])`, 'g');
  }
  cache.set(fields, c);
  return c;
}

const hasFields = (f: Int64Fields | undefined): f is Int64Fields =>
  !!f && ((f.keys?.length ?? 0) > 0 || (f.arrayKeys?.length ?? 0) > 0);

/** Rewrites JSON text so that integers under int64 keys become strings. The text is otherwise untouched. */
export function quoteInt64(text: string, fields: Int64Fields | undefined): string {
  if (!hasFields(fields)) return text;
  const c = compile(fields);
  let out = text;
  if (c.parseScalar) out = out.replace(c.parseScalar, '$1"$2"');
  if (c.parseArray) {
    out = out.replace(c.parseArray, (_m, prefix: string, list: string) =>
      prefix + list.replace(new RegExp(INTEGER, 'g'), '"$&"'),
    );
  }
  return out;
}

/** `JSON.parse` that keeps every digit of the int64 fields named in `fields` (as strings). */
export function parseJson(text: string, fields?: Int64Fields): unknown {
  return JSON.parse(quoteInt64(text, fields));
}

/** True when `value` is the decimal text of an integer in [-2^63, 2^63-1]. */
export function isInt64String(value: unknown): value is string {
  if (typeof value !== 'string' || !INT64_TEXT.test(value) || value.length > 20) return false;
  const n = BigInt(value);
  return n >= INT64_MIN && n <= INT64_MAX;
}

function toInt64Text(key: string, value: unknown): string {
  if (typeof value === 'bigint') value = value.toString();
  else if (typeof value === 'number' && Number.isSafeInteger(value)) value = String(value);
  if (!isInt64String(value)) {
    throw new GamestoreError({
      kind: 'input',
      message: `field "${key}" must be a 64-bit integer written as decimal digits`,
    });
  }
  return value;
}

/**
 * `JSON.stringify` that writes the int64 fields named in `fields` as bare JSON integers, digit for digit.
 * An int64 field may be given as a decimal string, a bigint or a safe integer; anything else is an input
 * error naming the field (never its value).
 */
export function stringifyJson(value: unknown, fields?: Int64Fields): string {
  if (!hasFields(fields)) {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  }
  const c = compile(fields);
  const text = JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
    if (Array.isArray(this)) return typeof v === 'bigint' ? v.toString() : v;
    if (c.keySet.has(key) && v !== null && v !== undefined) return toInt64Text(key, v);
    if (c.arrayKeySet.has(key) && Array.isArray(v)) return v.map((item) => toInt64Text(key, item));
    return typeof v === 'bigint' ? v.toString() : v;
  });
  if (text === undefined) return text as unknown as string;
  let out = text;
  if (c.stringifyScalar) out = out.replace(c.stringifyScalar, '$1$2');
  if (c.stringifyArray) out = out.replace(c.stringifyArray, (_m, prefix: string, list: string) => prefix + list.replace(/"/g, ''));
  return out;
}
