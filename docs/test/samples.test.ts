/**
 * The SDK samples of the reference pages (scripts/samples.ts), on a fresh bundle of every spec in redocly.yaml: each
 * operation and webhook gets one that calls (or serves) it by its SDK name, without the parameters the client
 * fills in, with the spec's first request example as its input; and every program type-checks against the built
 * packages, imported by their npm names as a user's project imports them.
 */
import { access, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { callsFor, specOf } from '../../contract/src/spec.js';
import { resolvePointer, type Json } from '../../scripts/spec.js';
import { DOCS, ROOT, listOperations, readApis, readPackages } from '../scripts/model.js';
import { SDKS, literal, packageOf, sdkSamples, withSdk, type SdkSample } from '../scripts/samples.js';
import { bundleFresh } from './helpers.js';

const apis = await readApis();
const docs = new Map<string, Json>();
const samples = new Map<string, SdkSample[]>();
const pkgs = new Map<string, string>();

beforeAll(async () => {
  for (const api of apis) {
    const doc = await bundleFresh(api.name);
    pkgs.set(api.name, await packageOf(api));
    docs.set(api.name, doc);
    samples.set(api.name, sdkSamples(api.name, pkgs.get(api.name)!, doc));
  }
});

const all = () => [...samples.values()].flat();
const sampleOf = (api: string, id: string) => samples.get(api)!.find((s) => s.id === id)!;

describe('SDK samples', () => {
  it('cover every operation and webhook of every spec, each calling or serving it from its package', () => {
    for (const api of apis) {
      const spec = listOperations(docs.get(api.name)!);
      const list = samples.get(api.name)!;
      expect(list.map((s) => `${s.kind} ${s.id}`), api.name).toEqual(spec.map((o) => `${o.kind} ${o.operationId}`));
      for (const s of list) {
        expect(s.source, `${api.name} ${s.id}`).toContain(`from '${pkgs.get(api.name)}`);
        if (s.kind === 'webhook') {
          expect(s.source, `${api.name} ${s.id}`).toContain(`= ${s.method}({`);
          expect(s.source).toContain('createServer(toNodeListener(handler))');
        } else {
          expect(s.source, `${api.name} ${s.id}`).toContain(`const result = await ${s.call.slice(0, s.call.lastIndexOf('('))}(`);
          // named after the operationId, unless the API's SDK entry says otherwise
          if (!SDKS[api.name]!.methods?.[s.id]) expect(s.method).toBe(s.id);
        }
      }
    }
  });

  it('name the methods the READMEs document where they are not the operationId', () => {
    expect(sampleOf('xsolla-catalog', 'adminCreateVirtualItem').source).toContain('await client.adminCreateVirtualItem({');
    expect(sampleOf('xsolla-catalog', 'getUserCart').source).toContain('await client.forUser(userJwt).getUserCart(');
    for (const id of ['checkQuantityLimitV1', 'checkQuantityLimitV2']) {
      expect(sampleOf('hive-purchase-limit', id).source).toContain('await client.validatePurchase({');
    }
    expect(sampleOf('hive-purchase-limit', 'checkQuantityLimitV1').source).toMatch(/authKey: .*\/\/ v1/);
    expect(sampleOf('hive-purchase-limit', 'checkQuantityLimitV2').source).toMatch(/clientSecret: .*\/\/ v2/);
    expect(sampleOf('hive-purchase-limit', 'issueAccessToken').source).toContain('await client.tokens.getToken();');
    expect(sampleOf('hive-webshop', 'getWebstoreProfile').source).toMatch(/await client\.getWebstoreProfile\('\w+'\);/);
    expect(sampleOf('stove-bill-store', 'notifyPaymentComplete').method).toBe('createPaymentCompleteHandler');
    expect(sampleOf('hive-payment', 'pgPaymentNotification').source).toContain('verifyPayment: hive');
    expect(sampleOf('xsolla-catalog', 'orderPaidWebhook').source).toContain('grant: async (event) =>');
  });

  it('leave out the parameters the client fills in (project_id, service_id and the STOVE headers)', () => {
    for (const [api, bound] of [
      ['xsolla-catalog', ['project_id']],
      ['xsolla-liveops', ['project_id']],
      ['stove-bill-store', ['service_id', 'X-Lang', 'X-Nation', 'X-Timezone', 'caller-id']],
    ] as const) {
      const spec = specOf(api, docs.get(api)!);
      // the examples do give them: built without `bound`, the calls would carry them
      const unbound = spec.operations.map((op) => JSON.stringify(callsFor(spec, op)));
      for (const name of bound) expect(unbound.some((c) => c.includes(`"${name}"`)), `${api} ${name}`).toBe(true);
      for (const s of samples.get(api)!) for (const name of bound) expect(s.source, `${api} ${s.id}`).not.toContain(name);
    }
    for (const s of samples.get('stove-bill-store')!) expect(s.source).not.toContain('header:');
  });

  it("call with the spec's first request example, written as a TypeScript literal of the same value", () => {
    let checked = 0;
    for (const api of apis) {
      const spec = specOf(api.name, docs.get(api.name)!);
      const sdk = SDKS[api.name]!;
      for (const op of spec.operations) {
        const s = sampleOf(api.name, op.id);
        if (sdk.methods?.[op.id]) continue; // their argument is checked by name above and by the compiler
        const calls = callsFor(spec, op, { bound: sdk.bound });
        if (typeof calls === 'string') throw new Error(`${api.name} ${op.id}: ${calls}`);
        const { header, ...input } = calls[0]!.input;
        const expected = sdk.ownHeaders ? input : { ...input, ...(header && { header }) };
        const head = `${s.call.slice(0, s.call.lastIndexOf('('))}(`;
        const arg = s.source.slice(s.source.indexOf(head) + head.length, s.source.lastIndexOf(');'));
        expect(arg ? new Function(`return (${arg});`)() : {}, `${api.name} ${op.id}`).toEqual(expected);
        if (op.body) checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
    const tricky = { "it's": 'a "quote" \\ back\nslash\u2028', 'x-y': [[], {}, null, -1.5e-7, true], é: [{ a: [1, { b: 'c' }] }] };
    expect(new Function(`return (${literal(tricky)});`)()).toEqual(tricky);
    expect(literal({ a: 1, b: 'x' })).toBe("{ a: 1, b: 'x' }");
  });

  it('go into a copy of the bundle as x-codeSamples and an SDK line, leaving the bundle as it was', () => {
    for (const api of apis) {
      const doc = docs.get(api.name)!;
      const before = JSON.stringify(doc);
      const list = samples.get(api.name)!;
      const copy = withSdk(doc, list);
      expect(JSON.stringify(doc)).toBe(before);
      for (const s of list) {
        const op = resolvePointer(copy, s.pointer) as Json;
        expect(op['x-codeSamples'], `${api.name} ${s.id}`).toEqual([{ lang: 'TypeScript', label: pkgs.get(api.name), source: s.source }]);
        expect(String(op.description).split('\n')[0]).toContain(`\`${s.call}\``);
        expect(op.description).toContain(s.method);
      }
    }
  });

  it('type-check against the built packages', { timeout: 120_000 }, async () => {
    const diagnostics = await typecheck(all());
    expect(diagnostics, 'samples that do not compile').toEqual([]);
  });
});

/**
 * Writes every sample as a module of a throwaway project whose node_modules links the workspace packages (and
 * @types/node), and type-checks them with the repository's compiler options. Answers the errors, one line each.
 */
async function typecheck(list: readonly SdkSample[]): Promise<string[]> {
  const packages = (await readPackages()).filter((p) => list.some((s) => s.pkg === p.name));
  for (const p of packages) {
    try {
      await access(path.join(ROOT, 'packages', p.dir, 'dist'));
    } catch {
      throw new Error(`packages/${p.dir}/dist is missing: run \`pnpm build\` at the root first`);
    }
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'gamestore-docs-samples-'));
  try {
    await mkdir(path.join(dir, 'node_modules', '@types'), { recursive: true });
    await symlink(path.join(DOCS, 'node_modules', '@types', 'node'), path.join(dir, 'node_modules', '@types', 'node'), 'dir');
    for (const p of packages) {
      await mkdir(path.dirname(path.join(dir, 'node_modules', p.name)), { recursive: true });
      await symlink(path.join(ROOT, 'packages', p.dir), path.join(dir, 'node_modules', p.name), 'dir');
    }
    const files = new Map<string, SdkSample>();
    for (const s of list) {
      const file = path.join(dir, `${s.api}.${s.id}.mts`);
      files.set(file, s);
      await writeFile(file, s.source);
    }
    const base = JSON.parse(await readFile(path.join(ROOT, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: Json };
    const { options, errors } = ts.parseJsonConfigFileContent(
      { compilerOptions: { ...base.compilerOptions, noEmit: true, declaration: false, declarationMap: false, sourceMap: false, types: ['node'] } },
      ts.sys,
      dir,
    );
    expect(errors).toEqual([]);
    const program = ts.createProgram([...files.keys()], options);
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      const s = d.file && files.get(d.file.fileName);
      const at = s ? `${s.api} ${s.id}` : (d.file?.fileName ?? 'program');
      return `${at}${where ? `:${where.line + 1}` : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
