/**
 * Every operation of both specs, called through its typed method with the spec's own examples: the request
 * must be exactly what the spec documents and the method must resolve to exactly the documented 2xx example.
 */
import { recordingFetch } from '@gamestore/core/testing';
import { describe, expect, it } from 'vitest';
import { clientOf, documented } from './helpers.js';
import { casesFor, loadSpec, sortEntries, type Case } from './spec.js';

const specs = await Promise.all([loadSpec('catalog'), loadSpec('liveops')]);
const operations = specs.flatMap((s) => s.operations);
const cases: Case[] = [];
const uncovered: string[] = [];
for (const spec of specs) {
  for (const op of spec.operations) {
    const built = casesFor(spec, op);
    if (typeof built === 'string') uncovered.push(`${op.api} ${op.id}: ${built}`);
    else cases.push(...built);
  }
}
const groups = [...new Set(operations.map((op) => `${op.api} · ${op.tag}`))];
const covered = new Set<string>();

/** The fields of a multipart body, file parts as `{ file: text }` */
async function formFields(body: string, contentType: string) {
  const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  return Object.fromEntries(await Promise.all([...form.entries()].map(async ([k, v]) => [k, typeof v === 'string' ? v : { file: await v.text() }])));
}

describe.each(groups)('%s', (group) => {
  it.each(cases.filter((c) => `${c.api} · ${c.tag}` === group))('$name', async (c) => {
    const { fetch, calls } = recordingFetch(documented(c));
    const result = await clientOf(c.api, fetch)[c.id]!(c.input);

    expect(calls).toHaveLength(1);
    const [req] = calls;
    expect(req!.method).toBe(c.request.method);
    expect(req!.url.split('?')[0]).toBe(c.request.url);
    expect(sortEntries([...new URL(req!.url).searchParams])).toEqual(c.request.query);
    expect(req!.headers.get('authorization')).toBe(c.request.authorization);
    expect(req!.headers.has('x-user')).toBe(false);
    for (const [name, value] of Object.entries(c.request.headers)) expect(req!.headers.get(name)).toBe(value);
    if (c.request.media === undefined) {
      expect(req!.headers.has('content-type')).toBe(false);
      expect(req!.body).toBe('');
    } else if (c.request.media === 'multipart/form-data') {
      const type = req!.headers.get('content-type')!;
      expect(type).toMatch(/^multipart\/form-data; boundary=/);
      const sent = Object.entries(c.request.body as Record<string, unknown>);
      expect(c.request.files.length).toBeGreaterThan(0);
      expect(await formFields(req!.body, type)).toEqual(
        Object.fromEntries(sent.map(([k, v]) => [k, c.request.files.includes(k) ? { file: String(v) } : String(v)])),
      );
    } else {
      expect(req!.headers.get('content-type')).toBe(c.request.media);
      expect(JSON.parse(req!.body)).toEqual(c.request.body);
    }

    expect(result).toEqual(c.result);
    covered.add(`${c.api} ${c.id}`);
  });
});

describe('coverage', () => {
  it('calls every operation of both specs, and the clients have exactly those methods', () => {
    const table = groups.map((group) => {
      const ops = operations.filter((op) => `${op.api} · ${op.tag}` === group);
      return { group, operations: ops.length, covered: ops.filter((op) => covered.has(`${op.api} ${op.id}`)).length };
    });
    console.log(`operations covered by the spec-example calls (${covered.size} of ${operations.length}, ${cases.length} calls)`);
    console.table(table);
    expect(uncovered).toEqual([]);
    expect(operations.filter((op) => !covered.has(`${op.api} ${op.id}`)).map((op) => `${op.api} ${op.id}`)).toEqual([]);
    expect(operations).toHaveLength(124 + 118);
    for (const spec of specs) {
      const client = clientOf(spec.api, recordingFetch().fetch);
      const methods: string[] = [];
      for (const key in client) if (!['api', 'forUser', 'projectId'].includes(key)) methods.push(key); // the methods are on the prototype
      expect(methods.sort()).toEqual(spec.operations.map((op) => op.id).sort());
    }
  });
});
