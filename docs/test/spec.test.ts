/**
 * The repository's one spec walker (scripts/spec.ts), which the site, the generator, the mocks and the contract
 * tests share: JSON pointers, `$ref` chains and the operations of `paths` and `webhooks`, on hand-written documents.
 */
import { describe, expect, it } from 'vitest';
import { deref, escapeToken, follow, operations, resolvePointer } from '../../scripts/spec.js';

const doc = {
  paths: {
    '/items/{id}': {
      parameters: [{ $ref: '#/components/parameters/Id' }, { name: 'lang', in: 'query' }],
      get: { operationId: 'getItem', parameters: [{ name: 'lang', in: 'query', required: true }] },
      summary: 'not an operation',
    },
    '/moved': { $ref: '#/components/pathItems/Moved' },
  },
  webhooks: { paid: { post: { operationId: 'paid' } } },
  components: {
    parameters: { Id: { name: 'id', in: 'path', required: true } },
    pathItems: { Moved: { $ref: '#/components/pathItems/Real' }, Real: { delete: { operationId: 'remove' } } },
    schemas: { 'a/b~c': { type: 'string' }, 'with space': { type: 'integer' }, Loop: { $ref: '#/components/schemas/Loop' } },
  },
};

describe('scripts/spec.ts', () => {
  it('resolves RFC 6901 pointers, plain or as URI fragments', () => {
    expect(resolvePointer(doc, '')).toBe(doc);
    expect(resolvePointer(doc, '/components/schemas/a~1b~0c')).toEqual({ type: 'string' });
    expect(resolvePointer(doc, '#/components/schemas/with%20space')).toEqual({ type: 'integer' });
    expect(resolvePointer(doc, '/paths/~1items~1{id}/parameters/1/name')).toBe('lang');
    expect(resolvePointer(doc, '/components/nothing/here')).toBeUndefined();
    expect(resolvePointer(doc, '/components/toString')).toBeUndefined();
    expect(() => resolvePointer(doc, 'components')).toThrow(/not a JSON pointer/);
    expect(escapeToken('/a~b')).toBe('~1a~0b');
  });

  it('follows $ref chains, says where they lead, and refuses cycles and other documents', () => {
    expect(deref(doc, { $ref: '#/components/pathItems/Moved' })).toEqual({ delete: { operationId: 'remove' } });
    expect(deref(doc, { type: 'string' })).toEqual({ type: 'string' });
    expect(deref(doc, { $ref: '#/components/schemas/Missing' })).toBeUndefined();
    expect(follow(doc, '/paths/~1moved').pointer).toBe('/components/pathItems/Real');
    expect(() => deref(doc, { $ref: '#/components/schemas/Loop' })).toThrow(/\$ref cycle/);
    expect(() => deref(doc, { $ref: 'other.yaml#/x' })).toThrow(/unbundled \$ref other\.yaml/);
  });

  it('lists operations with their path item pointer and merged parameters', () => {
    const ops = operations(doc);
    expect(ops.map((o) => [o.method, o.path, o.pointer, o.operation.operationId])).toEqual([
      ['get', '/items/{id}', '/paths/~1items~1{id}', 'getItem'],
      ['delete', '/moved', '/components/pathItems/Real', 'remove'],
    ]);
    // the path's `id` (through its $ref) stays; the operation's `lang` replaces the path's
    expect(ops[0]!.parameters).toEqual([
      { name: 'id', in: 'path', required: true },
      { name: 'lang', in: 'query', required: true },
    ]);
    expect(operations(doc, 'webhooks').map((o) => `${o.method} ${o.path} ${o.pointer}`)).toEqual(['post paid /webhooks/paid']);
    expect(operations({})).toEqual([]);
  });
});
