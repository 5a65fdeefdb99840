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
    expect(parseJson('{"guid":1.5,"txn_mst_no":1e3}', fields)).toEqual({ guid: 1.5, txn_mst_no: 1000 });
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
