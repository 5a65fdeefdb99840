/** Input checks every ledger shares: a bad argument is a typed error at once, never a query that hangs or fails late. */

export function checkKey(where: string, key: unknown): asserts key is string {
  if (typeof key !== 'string' || key === '') throw new TypeError(`${where}: key must be a non-empty string`);
}

export function checkToken(where: string, token: unknown): asserts token is string {
  if (typeof token !== 'string' || token === '') throw new TypeError(`${where}: token must be the non-empty string a claim returned`);
}

/** A duration option in milliseconds: `fallback` when absent, else a finite number > 0 (or ≥ 0 with `orZero`). */
export function durationMs(where: string, name: string, value: unknown, fallback: number, orZero = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (value === 0 && !orZero)) {
    throw new RangeError(`${where}: ${name} must be a finite number of milliseconds ${orZero ? '≥ 0' : '> 0'}`);
  }
  return value;
}

/** A fresh claim token: random, so a stale holder can never guess or reuse another claim's. */
export const newToken = (): string => globalThis.crypto.randomUUID();
