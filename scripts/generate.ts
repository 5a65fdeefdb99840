/**
 * Spec → TypeScript generator.
 *
 *   pnpm generate                 regenerate every API listed in redocly.yaml
 *   pnpm generate --package hive  only the APIs whose output lives in packages/hive
 *   pnpm generate --check         regenerate in memory; exit 1 naming every stale file
 *   pnpm generate --watch         regenerate whenever a spec (or redocly.yaml) changes
 *
 * For each API `<provider>-<api>` in redocly.yaml it writes two files next to the configured output:
 *   <api>.ts       types from openapi-typescript (paths, components, operations)
 *   <api>.meta.ts  per-operation runtime facts the client needs (method, path, security, int64 fields)
 *
 * int64 decision (one place, every provider): a schema with `format: int64` is typed `string` (decimal digits).
 * Strings survive JSON.stringify, structured clone, logging and every runtime; bigint does not. The meta file
 * lists the JSON keys that carry int64 values so @gamestore/core parses responses and serialises requests
 * without losing a digit.
 *
 * Hermetic: specs are bundled from local files only; nothing is fetched.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { readdirSync, watch } from 'node:fs';
import util from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import openapiTS, { astToString, type SchemaObject, type OpenAPI3 } from 'openapi-typescript';
import { createConfig, loadConfig, type ResolvedApi } from '@redocly/openapi-core';
import { deref, loadSpec, operations } from './spec.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIX_COMMAND = 'pnpm generate';

export interface ApiEntry {
  /** `<provider>-<api>`, the key in redocly.yaml */
  name: string;
  /** root spec, relative to the repo root */
  root: string;
  /** generated types file, relative to the repo root */
  output: string;
  /** the package folder name the output belongs to (`packages/<pkg>/…`) */
  pkg: string;
}

/**
 * JSDoc for each member of the generated `operations` interface (and so for each SDK method, whose types map over
 * it): the operation's summary, the first paragraph of its description, its reference page on the docs site
 * (`docs/dist/<api>/index.html`, from `pnpm docs:build`) and the provider's page when the spec names one.
 */
function documentOperations(nodes: readonly ts.Node[], doc: Json, apiName: string): void {
  const byId = new Map(
    [...operations(doc), ...operations(doc, 'webhooks')].map(({ operation }) => [operation.operationId as string, operation] as const),
  );
  const declared = nodes.find((n): n is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(n) && n.name.text === 'operations');
  for (const member of declared?.members ?? []) {
    const id = member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name)) ? member.name.text : undefined;
    const op = id === undefined ? undefined : byId.get(id);
    if (!op) continue;
    const paragraph = typeof op.description === 'string' ? op.description.trim().split(/\n\s*\n/)[0]!.replace(/\s+/g, ' ') : '';
    const source = (op.externalDocs as Json | undefined)?.url ?? (op['x-gamestore-sources'] as string[] | undefined)?.[0];
    const lines = [
      typeof op.summary === 'string' ? op.summary : id!,
      ...(paragraph ? ['', paragraph.length > 400 ? `${paragraph.slice(0, 397)}…` : paragraph] : []),
      '',
      `Reference: \`docs/dist/${apiName}/index.html#operation/${id}\` (\`pnpm docs:build\`)`,
      ...(typeof source === 'string' ? [`@see ${source}`] : []),
    ];
    const text = `*\n${lines.map((l) => ` * ${l.replace(/\*\//g, '*\\/')}`.trimEnd()).join('\n')}\n `;
    ts.addSyntheticLeadingComment(member, ts.SyntaxKind.MultiLineCommentTrivia, text, true);
  }
}

export async function readApis(): Promise<ApiEntry[]> {
  const { apis } = await loadConfig({ configPath: path.join(ROOT, 'redocly.yaml') });
  const entries: ApiEntry[] = [];
  for (const [name, api] of Object.entries(apis)) {
    // `x-openapi-ts` is ours: Redocly's loader keeps it on the API as written, but its types do not know it
    const output = (api as ResolvedApi & { 'x-openapi-ts'?: { output?: string } })['x-openapi-ts']?.output;
    if (!api.root || !output) throw new Error(`redocly.yaml: api '${name}' needs root and x-openapi-ts.output`);
    const m = /^packages\/([^/]+)\/src\/generated\/[^/]+\.ts$/.exec(output);
    if (!m) throw new Error(`redocly.yaml: api '${name}' output must be packages/<pkg>/src/generated/<api>.ts`);
    entries.push({ name, root: api.root, output, pkg: m[1]! });
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------------------
// int64 field discovery

type Json = Record<string, unknown>;

interface FieldScan {
  /** keys whose value is an int64 (possibly alongside other types, e.g. oneOf string | int64) */
  int64: Set<string>;
  /** keys whose value is an int64 and nothing else (safe to serialise as a bare JSON number) */
  int64Only: Set<string>;
  /** keys whose value is an array of int64 */
  int64Arrays: Set<string>;
  /** keys that carry a non-int64 number somewhere (conflicts with int64 conversion) */
  otherNumbers: Set<string>;
  /** keys that carry a plain string somewhere (conflicts with request-side conversion) */
  strings: Set<string>;
}

const newScan = (): FieldScan => ({
  int64: new Set(),
  int64Only: new Set(),
  int64Arrays: new Set(),
  otherNumbers: new Set(),
  strings: new Set(),
});

/** `node` with its `$ref`s followed (`deref` of scripts/spec.ts); `undefined` when a reference names nothing. */
const resolve = (doc: Json, node: unknown): Json | undefined => deref(doc, node);

function types(schema: Json): string[] {
  const t = schema.type;
  return Array.isArray(t) ? (t as string[]) : typeof t === 'string' ? [t] : [];
}

const isInt64 = (s: Json) => s.format === 'int64' && types(s).includes('integer');

function scanSchema(doc: Json, node: unknown, key: string | null, where: string, out: FieldScan, stack: Set<unknown>) {
  const schema = resolve(doc, node);
  if (!schema || stack.has(schema)) return;
  stack.add(schema);
  try {
    const t = types(schema);
    const alternatives = [...((schema.oneOf as unknown[]) ?? []), ...((schema.anyOf as unknown[]) ?? [])];
    if (isInt64(schema)) {
      if (key === null) throw new Error(`${where}: an int64 outside an object property is not supported`);
      out.int64.add(key);
      if (t.length === 1 || (t.length === 2 && t.includes('null'))) out.int64Only.add(key);
    } else if (t.includes('integer') || t.includes('number')) {
      if (key !== null) out.otherNumbers.add(key);
    }
    if (t.includes('string') && key !== null) out.strings.add(key);
    if (alternatives.length > 0) {
      const sub = newScan();
      for (const alt of alternatives) scanSchema(doc, alt, key, where, sub, stack);
      for (const k of sub.int64) out.int64.add(k);
      for (const k of sub.int64Arrays) out.int64Arrays.add(k);
      for (const k of sub.otherNumbers) out.otherNumbers.add(k);
      for (const k of sub.strings) out.strings.add(k);
      // a key that is int64 only in every alternative stays "only"; mixed alternatives are response-side only
      for (const k of sub.int64Only) if (!sub.strings.has(k) && !sub.otherNumbers.has(k)) out.int64Only.add(k);
    }
    for (const part of (schema.allOf as unknown[]) ?? []) scanSchema(doc, part, key, where, out, stack);
    const items = schema.items !== undefined ? resolve(doc, schema.items) : undefined;
    if (items) {
      if (isInt64(items)) {
        if (key === null) throw new Error(`${where}: an int64 array outside an object property is not supported`);
        out.int64Arrays.add(key);
      } else {
        scanSchema(doc, items, null, where, out, stack);
      }
    }
    for (const [prop, sub] of Object.entries((schema.properties as Json) ?? {})) {
      scanSchema(doc, sub, prop, where, out, stack);
    }
    const extra = schema.additionalProperties;
    if (extra && typeof extra === 'object') {
      const probe = newScan();
      scanSchema(doc, extra, '*', where, probe, stack);
      if (probe.int64.has('*') || probe.int64Arrays.has('*')) {
        throw new Error(`${where}: int64 values in additionalProperties are not supported`);
      }
      scanSchema(doc, extra, null, where, out, stack);
    }
  } finally {
    stack.delete(schema);
  }
}

function jsonSchemas(doc: Json, content: unknown): unknown[] {
  const out: unknown[] = [];
  for (const [media, mt] of Object.entries((resolve(doc, content) as Json) ?? {})) {
    if (/json/i.test(media) && (mt as Json)?.schema) out.push((mt as Json).schema);
  }
  return out;
}

export interface OperationMeta {
  method: string;
  path: string;
  security: string[][];
  /** servers of this path or operation, when they differ from the document's */
  servers?: string[];
  int64?: { response?: string[]; responseArrays?: string[]; request?: string[]; requestArrays?: string[] };
  /** the spec's `x-gamestore-unsafe-to-repeat`: a repeat changes state again, so it is sent once unless the call says otherwise */
  unsafe?: true;
  /** the spec's `x-gamestore-safe-to-repeat`: a POST that only reads, retried like a GET */
  safe?: true;
  /** names of the query parameters */
  query?: string[];
  /** names of the header parameters */
  header?: string[];
  /** `text`: the 2xx answer is text, not JSON */
  response?: 'text';
  /** the request body is `multipart/form-data`; these fields are files */
  multipart?: string[];
}

/** The names of an operation's query and header parameters (a client fills its defaults only where they apply). */
function parameterNames(parameters: Json[]): Pick<OperationMeta, 'query' | 'header'> {
  const names = (where: string) => parameters.filter((x) => x?.in === where).map((x) => x.name as string);
  const query = names('query');
  const header = names('header');
  return { ...(query.length ? { query } : {}), ...(header.length ? { header } : {}) };
}

/**
 * How the bodies travel when it is not JSON: `response: 'text'` for a 2xx answer documented as text only, and
 * `multipart` (the file fields, sent as file parts) for a `multipart/form-data` request body.
 */
function media(doc: Json, op: Json): Pick<OperationMeta, 'response' | 'multipart'> {
  const out: Pick<OperationMeta, 'response' | 'multipart'> = {};
  const success = Object.entries((op.responses as Json) ?? {}).find(([status]) => /^2/.test(status))?.[1];
  const types = Object.keys((resolve(doc, resolve(doc, success)?.content) as Json | undefined) ?? {});
  if (types.length && !types.some((t) => /json/i.test(t)) && types.some((t) => t.startsWith('text/'))) out.response = 'text';
  const form = (resolve(doc, resolve(doc, op.requestBody)?.content) as Json | undefined)?.['multipart/form-data'] as Json | undefined;
  if (form) {
    const properties = (resolve(doc, form.schema)?.properties as Json | undefined) ?? {};
    out.multipart = Object.entries(properties)
      .filter(([, sub]) => {
        const schema = resolve(doc, sub);
        return schema?.format === 'binary' || typeof schema?.contentMediaType === 'string';
      })
      .map(([name]) => name);
  }
  return out;
}

/** Operations under `paths` (`from: 'paths'`) or under `webhooks` (`from: 'webhooks'`, path = webhook name). */
export function collectOperations(doc: Json, from: 'paths' | 'webhooks' = 'paths'): Record<string, OperationMeta> {
  const ops: Record<string, OperationMeta> = {};
  const globalSecurity = (doc.security as Json[] | undefined) ?? [];
  for (const { path: p, pathItem: item, method, operation: op, parameters } of operations(doc, from)) {
    {
      const id = op.operationId as string | undefined;
      if (!id) throw new Error(`${method.toUpperCase()} ${p}: operationId is required`);
      const where = `${id} (${method.toUpperCase()} ${p})`;
      const res = newScan();
      for (const r of Object.values((op.responses as Json) ?? {})) {
        for (const s of jsonSchemas(doc, (resolve(doc, r) as Json | undefined)?.content)) {
          scanSchema(doc, s, null, where, res, new Set());
        }
      }
      const req = newScan();
      const body = resolve(doc, op.requestBody) as Json | undefined;
      for (const s of jsonSchemas(doc, body?.content)) scanSchema(doc, s, null, where, req, new Set());

      for (const k of [...res.int64, ...res.int64Arrays]) {
        if (res.otherNumbers.has(k)) {
          throw new Error(`${where}: response key '${k}' is int64 in one place and another number elsewhere`);
        }
      }
      // A webhook body is read (parsed), never written: the parser quotes only bare numbers under an int64 key, so a
      // string under the same key elsewhere (a user `id` next to a transaction `id`) is no conflict there.
      if (from === 'webhooks') for (const k of req.int64Only) req.strings.delete(k);
      const reqKeys = [...req.int64Only].filter((k) => !req.strings.has(k) && !req.otherNumbers.has(k));
      for (const k of req.int64Only) {
        if (req.strings.has(k) || req.otherNumbers.has(k)) {
          throw new Error(`${where}: request key '${k}' is int64 in one place and another type elsewhere`);
        }
      }
      const int64: NonNullable<OperationMeta['int64']> = {};
      if (res.int64.size) int64.response = [...res.int64].sort();
      if (res.int64Arrays.size) int64.responseArrays = [...res.int64Arrays].sort();
      if (reqKeys.length) int64.request = reqKeys.sort();
      if (req.int64Arrays.size) int64.requestArrays = [...req.int64Arrays].sort();
      const security = ((op.security as Json[] | undefined) ?? globalSecurity).map((alt) => Object.keys(alt).sort());
      const servers = ((op.servers ?? item.servers) as Json[] | undefined)?.map((s) => s.url as string);
      if (ops[id]) throw new Error(`duplicate operationId ${id}`);
      ops[id] = {
        method: method.toUpperCase(),
        path: p,
        security,
        ...(servers?.length ? { servers } : {}),
        ...(Object.keys(int64).length ? { int64 } : {}),
        ...(op['x-gamestore-unsafe-to-repeat'] === true ? { unsafe: true as const } : {}),
        ...(op['x-gamestore-safe-to-repeat'] === true ? { safe: true as const } : {}),
        ...parameterNames(parameters),
        ...media(doc, op),
      };
    }
  }
  return ops;
}

// ---------------------------------------------------------------------------------------------------------
// generation

const STRING = ts.factory.createKeywordTypeNode(ts.SyntaxKind.StringKeyword);
const NULL = ts.factory.createLiteralTypeNode(ts.factory.createNull());

function transform(schema: SchemaObject): ts.TypeNode | undefined {
  const s = schema as Json;
  if (!isInt64(s)) return undefined;
  const t = types(s);
  const nullable = t.includes('null') || s.nullable === true;
  return nullable ? ts.factory.createUnionTypeNode([STRING, NULL]) : STRING;
}

/**
 * A copy of the document without int64 examples that JavaScript's YAML loader has already rounded (beyond 2^53):
 * a JSDoc `@example` must never show a wrong order number. Lossless example values live in tests' raw fixtures.
 */
function withoutLossyInt64Examples(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutLossyInt64Examples);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  const schema = (node as Json).schema;
  // a schema, or a parameter/media type whose inline schema is an int64
  const int64 = isInt64(node as Json) || (!!schema && typeof schema === 'object' && isInt64(schema as Json));
  for (const [k, v] of Object.entries(node as Json)) {
    if (int64 && k === 'example' && typeof v === 'number' && !Number.isSafeInteger(v)) continue;
    if (int64 && k === 'examples' && Array.isArray(v)) {
      const safe = v.filter((e) => typeof e !== 'number' || Number.isSafeInteger(e));
      if (safe.length) out[k] = safe;
      continue;
    }
    out[k] = withoutLossyInt64Examples(v);
  }
  return out;
}

const RESERVED = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'yield let static implements interface package private protected public await ' +
    'spec servers extensions operations webhooks').split(' '),
);

/** The meta file's export name of an operation: its operationId, which must be a plain, free identifier. */
function exportName(id: string): string {
  if (!/^[A-Za-z_$][\w$]*$/.test(id) || RESERVED.has(id)) {
    throw new Error(`operationId '${id}' cannot be exported from the meta file: use a camelCase identifier`);
  }
  return id;
}

export interface Generated {
  file: string;
  content: string;
}

export async function generateApi(api: ApiEntry): Promise<Generated[]> {
  const config = await createConfig({}, {});
  const doc = await loadSpec(path.join(ROOT, api.root), config);
  const canonical = JSON.stringify(doc);
  const hash = createHash('sha256').update(canonical).digest('hex').slice(0, 12);
  const version = String((doc.info as Json | undefined)?.version ?? 'unknown');
  const header = [
    '// Generated by scripts/generate.ts from the spec below. Do not edit: run `pnpm generate`.',
    `// spec: ${api.root}`,
    `// info.version: ${version}`,
    `// bundled sha256: ${hash}`,
    '',
  ].join('\n');

  const nodes = await openapiTS(withoutLossyInt64Examples(doc) as OpenAPI3, {
    transform,
    // Decided on purpose: a field with a `default` stays optional in request bodies (the server fills it in).
    defaultNonNullable: false,
    exportType: false,
    alphabetize: false,
    silent: true,
    redocly: config,
  });
  documentOperations(nodes, doc, api.name);
  const types = `${header}/* eslint-disable */\n\n${astToString(nodes)}`;

  const operations = collectOperations(doc);
  const webhooks = collectOperations(doc, 'webhooks');
  const servers = ((doc.servers as Json[] | undefined) ?? []).map((s) => s.url as string);
  const info = (doc.info as Json | undefined) ?? {};
  const extensions = Object.fromEntries(Object.entries(info).filter(([k]) => k.startsWith('x-')));
  const pkg = JSON.parse(await readFile(path.join(ROOT, 'packages', api.pkg, 'package.json'), 'utf8')) as { name: string; version: string };
  const meta = [
    header,
    '/** Runtime facts about each operation, read by @gamestore/core (auth choice, lossless int64 fields). */',
    `export const spec = ${JSON.stringify({ name: api.name, path: api.root, version, sha256: hash })} as const;`,
    '',
    '/** What the package\'s clients send as `User-Agent` (its package.json name and version; `pnpm generate` after a version bump). */',
    `export const userAgent = ${JSON.stringify(`${pkg.name}/${pkg.version}`)};`,
    '',
    `export const servers = ${JSON.stringify(servers)} as const;`,
    '',
    '/** `x-` extensions of the spec\'s info object (provider facts such as published source addresses). */',
    `export const extensions = ${JSON.stringify(extensions, null, 2)} as const;`,
    '',
    '/** Every operation, by operationId: what a whole-API client carries. */',
    `export const operations = ${JSON.stringify(operations, null, 2)} as const;`,
    '',
    '/**',
    ' * The same operations one constant each, for one-operation-at-a-time callers: a bundle keeps only the ones it',
    ' * imports (and a bundle that uses `operations` drops these). Both forms come from the same spec.',
    ' */',
    ...Object.entries(operations).map(([id, m]) => `export const ${exportName(id)} = ${JSON.stringify({ id, ...m })} as const;`),
    '',
    ...(Object.keys(webhooks).length
      ? [
          '/** Calls the provider makes to the game server (OpenAPI `webhooks`), keyed by operationId. */',
          `export const webhooks = ${JSON.stringify(webhooks, null, 2)} as const;`,
          '',
        ]
      : []),
  ].join('\n');

  return [
    { file: api.output, content: types },
    { file: api.output.replace(/\.ts$/, '.meta.ts'), content: meta },
    { file: `packages/${api.pkg}/methods/${api.name}.md`, content: methodIndex(api, doc) },
  ];
}

/**
 * The method index of one API (`packages/<pkg>/methods/<api>.md`, linked from the package README): each operation's
 * SDK method (its operationId, or the spec's `x-gamestore-sdk-method` where the client offers another call), its
 * HTTP call and summary, and the webhooks the package's handlers serve.
 */
function methodIndex(api: ApiEntry, doc: Json): string {
  const cell = (text: unknown) => String(text ?? '').replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
  const rows = (section: 'paths' | 'webhooks') =>
    operations(doc, section).map(({ path: where, method, operation }) => ({ op: operation, call: `${method.toUpperCase()} ${where}` }));
  const info = (doc.info as Json | undefined) ?? {};
  const spec = path.relative(path.join(ROOT, 'packages', api.pkg, 'methods'), path.join(ROOT, api.root));
  const calls = rows('paths');
  const webhooks = rows('webhooks');
  return [
    `<!-- Generated by scripts/generate.ts from ${api.root}. Do not edit: run \`pnpm generate\`. -->`,
    `# ${cell(info.title)}: methods`,
    '',
    `Every operation of [\`${api.root}\`](${spec}) as the SDK calls it: \`await client.<method>({ path, query, header, body })\``,
    'resolves with the documented 2xx body (path parameters the client binds, such as a project or service ID, are',
    `left out). Reference: the docs site's \`${api.name}\` page (\`pnpm docs:build\`, \`docs/dist/${api.name}/index.html\`).`,
    '',
    '| method | HTTP call | what it does |',
    '| --- | --- | --- |',
    ...calls.map(({ op, call }) => `| \`${cell(op['x-gamestore-sdk-method'] ?? op.operationId)}\` | \`${cell(call)}\` | ${cell(op.summary)} |`),
    ...(webhooks.length
      ? [
          '',
          '## Webhooks',
          '',
          'Calls the provider makes to the game server, served by this package\'s handler (see the README).',
          '',
          '| webhook | what it carries |',
          '| --- | --- |',
          ...webhooks.map(({ op }) => `| \`${cell(op.operationId)}\` | ${cell(op.summary)} |`),
        ]
      : []),
    '',
  ].join('\n');
}

async function readOrEmpty(file: string): Promise<string> {
  try {
    return await readFile(path.join(ROOT, file), 'utf8');
  } catch {
    return '';
  }
}

interface Args {
  check: boolean;
  watch: boolean;
  pkg?: string;
}

function parseArgs(argv: string[]): Args {
  let values: { check?: boolean; watch?: boolean; package?: string };
  try {
    ({ values } = util.parseArgs({
      args: argv.filter((a) => a !== '--'), // `pnpm generate -- --check` may pass the `--` on
      options: { check: { type: 'boolean' }, watch: { type: 'boolean' }, package: { type: 'string' } },
    }));
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : e}\nusage: generate [--check] [--watch] [--package <name>]`);
  }
  if (values.package === '') throw new Error('--package needs a package folder name, e.g. --package hive');
  return { check: values.check ?? false, watch: values.watch ?? false, ...(values.package ? { pkg: values.package } : {}) };
}

/** Returns the list of stale files (check mode) or of written files. */
export async function run(args: Args): Promise<{ stale: string[]; written: string[] }> {
  const apis = (await readApis()).filter((a) => !args.pkg || a.pkg === args.pkg);
  const stale: string[] = [];
  const written: string[] = [];
  for (const api of apis) {
    for (const out of await generateApi(api)) {
      const current = await readOrEmpty(out.file);
      if (current === out.content) continue;
      if (args.check) {
        stale.push(out.file);
      } else {
        await mkdir(path.dirname(path.join(ROOT, out.file)), { recursive: true });
        await writeFile(path.join(ROOT, out.file), out.content);
        written.push(out.file);
      }
    }
  }
  return { stale, written };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const once = async () => {
    const { stale, written } = await run(args);
    if (args.check) {
      if (stale.length) {
        console.error(`generated code is stale:\n${stale.map((f) => `  ${f}`).join('\n')}\nfix: ${FIX_COMMAND}`);
        return false;
      }
      console.log('generated code is up to date');
      return true;
    }
    console.log(written.length ? `wrote:\n${written.map((f) => `  ${f}`).join('\n')}` : 'generated code is up to date');
    return true;
  };

  if (!args.watch) {
    process.exitCode = (await once()) ? 0 : 1;
    return;
  }
  await once().catch((e: unknown) => console.error(e instanceof Error ? e.message : e));
  let timer: NodeJS.Timeout | undefined;
  const trigger = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      once().catch((e: unknown) => console.error(e instanceof Error ? e.message : e));
    }, 150);
  };
  // one watcher per directory: a directory watcher also sees files that editors and git replace by rename
  // (a recursive or per-file watcher loses them on Linux), and new folders are picked up on the next event
  const watched = new Set<string>();
  const watchDirs = (dir: string) => {
    if (watched.has(dir)) return;
    watched.add(dir);
    watch(dir, () => {
      watchDirs(dir);
      trigger();
    });
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) watchDirs(path.join(dir, entry.name));
    }
  };
  watchDirs(path.join(ROOT, 'specs'));
  watch(ROOT, (_event, file) => {
    if (file === 'redocly.yaml') trigger();
  });
  console.log('watching specs/ and redocly.yaml (Ctrl+C to stop)');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
