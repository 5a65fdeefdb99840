/**
 * Build step (`pnpm build`): writes `specs/<api>.json` for every API of redocly.yaml, which the published package
 * reads at run time (it never imports the repository's scripts/ or contract/). Each file holds Redocly's bundle of
 * the spec and, read from it by the repository's walker (`contract/src/spec.ts` over `scripts/spec.ts`), what the
 * sandbox needs per operation and per webhook; the int64 request keys come from the generated meta.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadSpec, type SpecOperation as ContractOperation } from '../../../contract/src/spec.js';
import { readApis, ROOT } from '../../../scripts/generate.js';
import { escapeToken, follow, type Json } from '../../../scripts/spec.js';
import type { BundledSpec, Provider, SpecOperation, SpecWebhook } from '../src/specs.js';

const OUT = path.join(ROOT, 'packages/sandbox/specs');

/** The JSON pointer of the schema of `media` under a request body or response found at `pointer`. */
function schemaPointer(doc: Json, pointer: string, media: string): string {
  return `${follow(doc, pointer).pointer}/content/${escapeToken(media)}/schema`;
}

const snake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

function operation(doc: Json, op: ContractOperation, int64: string[] | undefined): SpecOperation {
  const body = op.body && {
    media: op.body.media,
    required: op.body.required,
    schema: schemaPointer(doc, `${op.pointer}/requestBody`, op.body.media),
  };
  return {
    id: op.id,
    method: op.method,
    path: op.path,
    prefix: op.server.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/\/$/, ''),
    status: op.success.status,
    ...(op.success.example !== undefined && { example: op.success.example }),
    ...(body && { body }),
    int64: int64 ?? [],
  };
}

function webhook(doc: Json, op: ContractOperation): SpecWebhook {
  const responses = follow(doc, `${op.pointer}/responses`).node as Json;
  const success = Object.fromEntries(
    Object.keys(responses)
      .filter((s) => /^2\d\d$/.test(s))
      .map((s) => {
        const media = Object.keys((follow(doc, `${op.pointer}/responses/${s}`).node as Json).content ?? {}).find((m) => m.includes('json'));
        return [s, media ? schemaPointer(doc, `${op.pointer}/responses/${s}`, media) : null];
      }),
  );
  return {
    event: snake(op.path).replace(/_notification$/, ''),
    id: op.id,
    summary: op.summary ?? op.id,
    ...(op.security.some((alt) => alt.includes('xsollaWebhookSignature')) && { signature: 'xsolla' as const }),
    success,
    example: op.body?.examples[0],
    headers: Object.fromEntries(op.params.filter((p) => p.in === 'header' && p.example !== undefined).map((p) => [p.name, String(p.example)])),
  };
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
for (const api of await readApis()) {
  const spec = await loadSpec(api.name, path.join(ROOT, api.root));
  const meta = (await import(pathToFileURL(path.join(ROOT, api.output.replace(/\.ts$/, '.meta.ts'))).href)) as {
    operations: Record<string, { int64?: { request?: string[] } }>;
  };
  const bundled: BundledSpec = {
    api: api.name,
    provider: api.pkg as Provider,
    doc: spec.doc,
    operations: spec.operations.map((op) => operation(spec.doc, op, meta.operations[op.id]?.int64?.request)),
    webhooks: spec.webhooks.map((op) => webhook(spec.doc, op)),
  };
  writeFileSync(path.join(OUT, `${api.name}.json`), JSON.stringify(bundled));
  console.log(`specs/${api.name}.json: ${bundled.operations.length} operations, ${bundled.webhooks.length} webhooks`);
}
