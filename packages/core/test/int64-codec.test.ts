import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GamestoreError, isInt64String, parseJson, quoteInt64, stringifyJson } from '../src/index.js';

const fields = { keys: ['txn_mst_no', 'guid'], arrayKeys: ['ids'] };

describe('lossless int64 codec', () => {
  it('reads int64 keys as exact digit strings and leaves every other number alone', () => {
    const text = '{"txn_mst_no": 5683669676745096842, "price": 9007199254740993, "nested": {"guid":-9223372036854775808}, "ids":[1, 9223372036854775807]}';
    expect(parseJson(text, fields)).toEqual({
      txn_mst_no: '5683669676745096842',
      price: 9007199254740992, // not an int64 key: plain JSON.parse semantics
      nested: { guid: '-9223372036854775808' },
      ids: ['1', '9223372036854775807'],
    });
  });

  it('never rewrites text inside string values', () => {
    const text = '{"note":"{\\"txn_mst_no\\": 1, \\"guid\\":2}","guid":3}';
    expect(quoteInt64(text, fields)).toBe('{"note":"{\\"txn_mst_no\\": 1, \\"guid\\":2}","guid":"3"}');
  });

  it('does not turn invalid JSON numbers into valid strings', () => {
    expect(() => parseJson('{"guid":007}', fields)).toThrow(SyntaxError);
  });

  it('writes int64 keys as bare integers, from strings, bigints or safe numbers', () => {
    expect(stringifyJson({ guid: '9223372036854775807', txn_mst_no: 12n, ids: ['1', 2n, 3], other: '5' }, fields)).toBe(
      '{"guid":9223372036854775807,"txn_mst_no":12,"ids":[1,2,3],"other":"5"}',
    );
    expect(stringifyJson({ a: { guid: '-1' }, list: [{ guid: '2' }] }, fields)).toBe('{"a":{"guid":-1},"list":[{"guid":2}]}');
  });

  it('rejects a value that is not an int64 with an input error naming the field, not the value', () => {
    for (const bad of ['12a', '9223372036854775808', '', ' 1', 1.5, 2 ** 60, true]) {
      const e = (() => {
        try {
          stringifyJson({ guid: bad }, fields);
        } catch (err) {
          return err;
        }
      })();
      expect(e).toBeInstanceOf(GamestoreError);
      expect((e as GamestoreError).kind).toBe('input');
      expect((e as GamestoreError).message).toContain('"guid"');
      if (typeof bad === 'string' && bad.length > 2) expect((e as GamestoreError).message).not.toContain(bad);
    }
  });

  it('knows the int64 range exactly', () => {
    expect(isInt64String('9223372036854775807')).toBe(true);
    expect(isInt64String('-9223372036854775808')).toBe(true);
    expect(isInt64String('9223372036854775808')).toBe(false);
    expect(isInt64String('-9223372036854775809')).toBe(false);
    expect(isInt64String('01')).toBe(false);
    expect(isInt64String('-0')).toBe(true);
  });
});

describe('int64 literal forms (decided: the exact digits, or a parse error; never a rounded number)', () => {
  it('reads a fraction or exponent literal that denotes an integer as that integer, digit for digit', () => {
    const text = '{"txn_mst_no":5683669676745096842.0,"guid":1e3,"ids":[1E+2,100e-2,-1.50e1,0.000,9.223372036854775807e18]}';
    expect(parseJson(text, fields)).toEqual({
      txn_mst_no: '5683669676745096842',
      guid: '1000',
      ids: ['100', '1', '-15', '0', '9223372036854775807'],
    });
  });

  it.each([
    ['a fraction', '{"guid":1.5}'],
    ['a tiny fraction', '{"guid":1e-400}'],
    ['one above the range', '{"guid":9223372036854775808}'],
    ['one below the range', '{"guid":-9223372036854775809}'],
    ['an exponent far outside the range', '{"guid":1e400}'],
    ['an exponent just outside the range', '{"guid":1e19}'],
    ['an out-of-range array item', '{"ids":[1,99999999999999999999]}'],
  ])('answers %s under an int64 key with a parse error naming the field, not the value', (_name, text) => {
    let error: unknown;
    try {
      parseJson(text, fields);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GamestoreError);
    expect(error).toMatchObject({ kind: 'parse' });
    const message = (error as GamestoreError).message;
    expect(message).toMatch(/field "(guid|ids)" is not an int64/);
    expect(message).not.toMatch(/\d{3}/);
  });

  it('reads a key written with escapes as the same key', () => {
    const text = '{"txn\\u005fmst_no":5683669676745096842,"\\u0069ds":[9223372036854775807],"url":"a\\/b","n\\u0061me":9007199254740993}';
    expect(parseJson(text, fields)).toEqual({
      txn_mst_no: '5683669676745096842',
      ids: ['9223372036854775807'],
      url: 'a/b',
      name: 9007199254740992, // an escaped key that is not an int64 field keeps JSON.parse semantics
    });
  });

  it('keeps every int64 exact in every literal form (property)', () => {
    const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    fc.assert(
      fc.property(int64, fc.nat(5), fc.nat(5), (n, zeros, shift) => {
        const digits = `${n < 0n ? -n : n}`;
        const sign = n < 0n ? '-' : '';
        // the same integer written three ways: with a zero fraction, as mantissa × 10^shift, plainly
        const forms = [
          `${sign}${digits}.${'0'.repeat(zeros + 1)}`,
          digits.length > shift ? `${sign}${digits.slice(0, digits.length - shift)}${shift ? `.${digits.slice(-shift)}` : ''}e${shift}` : `${sign}${digits}`,
          `${sign}${digits}`,
        ];
        for (const form of forms) expect(parseJson(`{"guid":${form}}`, fields)).toEqual({ guid: `${n}` });
      }),
      { numRuns: 300 },
    );
  });
});

describe('the one-pass reader (int64 scalar keys only: no callback per value)', () => {
  const scalars = { keys: ['txn_mst_no', 'guid'] };
  const exact = (text: string) => JSON.parse(quoteInt64(text, scalars));

  it('reads plain literals in one pass, and hands every literal that needs checking to the exact reader', () => {
    const text =
      '{"list":[{"txn_mst_no":5683669676745096842,"guid":-7,"price":1.5},{"txn_mst_no":8999999999999999999,"guid":9223372036854775807}],' +
      '"guid" : 1e3 ,"note":"\\"guid\\":12"}';
    expect(parseJson(text, scalars)).toEqual({
      list: [
        { txn_mst_no: '5683669676745096842', guid: '-7', price: 1.5 },
        { txn_mst_no: '8999999999999999999', guid: '9223372036854775807' },
      ],
      guid: '1000',
      note: '"guid":12',
    });
    for (const bad of ['{"guid":9223372036854775808}', '{"guid":12345678901234567890}', '{"guid":0.5}']) {
      expect(() => parseJson(bad, scalars)).toThrow(/field "guid" is not an int64/);
    }
    expect(() => parseJson('{"guid":01}', scalars)).toThrow(SyntaxError);
    expect(() => parseJson('{"guid":-}', scalars)).toThrow(SyntaxError);
    // a longer key that ends in an escaped quote and the name of an int64 key is not that key
    expect(parseJson('{"x\\"guid":5,"guid":5}', scalars)).toEqual({ 'x"guid': 5, guid: '5' });
  });

  it('answers exactly what the exact reader answers (property)', () => {
    const literal = fc.oneof(
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String),
      fc.bigInt({ min: 2n ** 63n, max: 10n ** 21n }).map(String),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.constantFrom('1e3', '-0', '0', '2.50e1', '"text"', 'null', 'true', '[1,2]', '{"guid":4}'),
    );
    const entry = fc.tuple(fc.constantFrom('guid', 'txn_mst_no', 'other', 'guidx', 'x\\"guid'), literal, fc.constantFrom('', ' ', '\n'));
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 6 }), (entries) => {
        const text = `{${entries.map(([k, v, ws]) => `"${k}"${ws}:${ws}${v}`).join(',')}}`;
        let expected: unknown;
        let fast: unknown;
        try {
          expected = exact(text);
        } catch (e) {
          expected = e instanceof Error ? e.message : e;
        }
        try {
          fast = parseJson(text, scalars);
        } catch (e) {
          fast = e instanceof Error ? e.message : e;
        }
        expect(fast).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });
});
