/**
 * What the docs site shows, read from the repository: every API in redocly.yaml (through `readApis()`, the same
 * reader `pnpm generate` uses) and every published package under packages/. Nothing here lists APIs or packages
 * by hand; versions, counts and hashes come from the specs.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { operations } from '../../scripts/spec.js';

/** An API as redocly.yaml lists it (`ApiEntry` in scripts/generate.ts). */
export interface ApiEntry {
  /** `<provider>-<api>`, the key in redocly.yaml */
  name: string;
  /** root spec, relative to the repo root */
  root: string;
  /** generated types file, relative to the repo root */
  output: string;
  /** the package folder name the output belongs to */
  pkg: string;
}

/**
 * The part of scripts/generate.ts the site uses: the one reader of redocly.yaml, and the generator whose header
 * carries each spec's version and hash. Imported by a computed specifier so that `tsc` here checks this contract
 * rather than the generator's own sources (which belong to the root, not to this package).
 */
interface Generator {
  ROOT: string;
  readApis(): Promise<ApiEntry[]>;
  generateApi(api: ApiEntry): Promise<Array<{ file: string; content: string }>>;
}
const GENERATOR: string = new URL('../../scripts/generate.ts', import.meta.url).href;
const generator = (await import(GENERATOR)) as Generator;

/** The repository root. */
export const ROOT = generator.ROOT;
/** Every API in redocly.yaml, read by the generator's own reader. */
export const readApis = (): Promise<ApiEntry[]> => generator.readApis();
const generateApi = (api: ApiEntry) => generator.generateApi(api);

/** docs/ */
export const DOCS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** docs/dist/: the built site */
export const DIST = path.join(DOCS, 'dist');

type Json = Record<string, unknown>;

export interface SpecOperation {
  kind: 'operation' | 'webhook';
  method: string;
  /** the path for an operation, the webhook's name for a webhook */
  path: string;
  operationId?: string;
  summary?: string;
}

/** Every operation of a bundled OpenAPI document: `paths` first, then `webhooks` (OpenAPI 3.1); walked by scripts/spec.ts. */
export function listOperations(doc: Json): SpecOperation[] {
  return (['paths', 'webhooks'] as const).flatMap((from) =>
    operations(doc, from).map(
      ({ path, method, operation: op }): SpecOperation => ({
        kind: from === 'paths' ? 'operation' : 'webhook',
        method: method.toUpperCase(),
        path,
        ...(typeof op.operationId === 'string' ? { operationId: op.operationId } : {}),
        ...(typeof op.summary === 'string' ? { summary: op.summary } : {}),
      }),
    ),
  );
}

/**
 * The first ```ts block under a heading named "Quick start" (any level, case-insensitive), up to the next
 * heading of the same or a higher level. `undefined` when the README has no such block.
 */
export function extractQuickStart(markdown: string): string | undefined {
  let section = 0; // depth of the open "Quick start" heading, 0 outside one
  let fence: string | null = null; // the opening fence while inside a fenced block
  let code: string[] | null = null; // the block being captured
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
      if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length) {
        if (code) return code.join('\n').trimEnd();
        fence = null;
      } else {
        code?.push(line);
      }
      continue;
    }
    const open = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/.exec(line);
    if (open) {
      fence = open[1]!;
      if (section && /^(ts|typescript)$/i.test(open[2]!)) code = [];
      continue;
    }
    const heading = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const depth = heading[1]!.length;
      if (/^quick[\s-]?start$/i.test(heading[2]!)) section = depth;
      else if (section && depth <= section) section = 0;
    }
  }
  return undefined;
}

export interface ApiInfo {
  /** `<provider>-<api>`, the key in redocly.yaml; also the folder of its pages in dist/ */
  name: string;
  /** root spec, relative to the repo root */
  root: string;
  /** the package folder the generated code goes to */
  pkg: string;
  title: string;
  summary?: string;
  /** info.version of the bundled spec */
  version: string;
  /** sha256 prefix of the bundled spec, exactly as `pnpm generate` writes it into `<api>.meta.ts` */
  sha256: string;
  /** the file under packages/ whose header carries that hash */
  metaFile: string;
  operations: SpecOperation[];
}

export interface PackageInfo {
  /** folder name under packages/ */
  dir: string;
  name: string;
  description: string;
  version: string;
  /** whether packages/<dir>/README.md exists */
  hasReadme: boolean;
  /** the ```ts block under "Quick start" in the package README, when there is one */
  quickStart?: string;
  apis: ApiInfo[];
}

export interface SiteModel {
  apis: ApiInfo[];
  /** published packages (package.json not private), sorted by folder name */
  packages: PackageInfo[];
  /** APIs whose package is not published (yet): still documented, listed apart */
  unpublishedApis: ApiInfo[];
}

/** Reads a bundled spec written by `redocly bundle` (dist/<api>/openapi.json). */
export async function readBundledSpec(dist: string, api: string): Promise<Json> {
  return JSON.parse(await readFile(path.join(dist, api, 'openapi.json'), 'utf8')) as Json;
}

/** The `// info.version:` and `// bundled sha256:` header lines `pnpm generate` writes, computed in memory. */
export async function generatedHeader(api: ApiEntry): Promise<{ version: string; sha256: string; metaFile: string }> {
  const files = await generateApi(api);
  const meta = files.find((f) => f.file.endsWith('.meta.ts'));
  if (!meta) throw new Error(`${api.name}: the generator wrote no .meta.ts`);
  const version = /^\/\/ info\.version: (.*)$/m.exec(meta.content)?.[1];
  const sha256 = /^\/\/ bundled sha256: ([0-9a-f]+)$/m.exec(meta.content)?.[1];
  if (version === undefined || !sha256) throw new Error(`${api.name}: no version/sha256 header in ${meta.file}`);
  return { version, sha256, metaFile: meta.file };
}

export async function readPackages(): Promise<Array<Omit<PackageInfo, 'apis'> & { private: boolean }>> {
  const dirs = (await readdir(path.join(ROOT, 'packages'), { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const out: Array<Omit<PackageInfo, 'apis'> & { private: boolean }> = [];
  for (const dir of dirs) {
    let pkg: Json;
    try {
      pkg = JSON.parse(await readFile(path.join(ROOT, 'packages', dir, 'package.json'), 'utf8')) as Json;
    } catch {
      continue; // a folder without package.json is not a package
    }
    let readme: string | undefined;
    try {
      readme = await readFile(path.join(ROOT, 'packages', dir, 'README.md'), 'utf8');
    } catch {
      readme = undefined;
    }
    const quickStart = readme === undefined ? undefined : extractQuickStart(readme);
    out.push({
      dir,
      name: String(pkg.name ?? `@gamestore/${dir}`),
      description: String(pkg.description ?? ''),
      version: String(pkg.version ?? '0.0.0'),
      private: pkg.private === true,
      hasReadme: readme !== undefined,
      ...(quickStart ? { quickStart } : {}),
    });
  }
  return out;
}

/** Builds the model from redocly.yaml, packages/ and the bundled specs already written to `dist`. */
export async function readSite(dist = DIST): Promise<SiteModel> {
  const entries = await readApis();
  const apis: ApiInfo[] = [];
  for (const entry of entries) {
    const doc = await readBundledSpec(dist, entry.name);
    const info = (doc.info as Json | undefined) ?? {};
    const header = await generatedHeader(entry);
    const version = String(info.version ?? 'unknown');
    if (header.version !== version) {
      throw new Error(`${entry.name}: bundled info.version ${version} but the generator reads ${header.version}`);
    }
    apis.push({
      name: entry.name,
      root: entry.root,
      pkg: entry.pkg,
      title: String(info.title ?? entry.name),
      ...(typeof info.summary === 'string' ? { summary: info.summary } : {}),
      version,
      sha256: header.sha256,
      metaFile: header.metaFile,
      operations: listOperations(doc),
    });
  }
  const all = await readPackages();
  const packages: PackageInfo[] = all
    .filter((p) => !p.private)
    .map(({ private: _private, ...p }) => ({ ...p, apis: apis.filter((a) => a.pkg === p.dir) }));
  const published = new Set(packages.map((p) => p.dir));
  return { apis, packages, unpublishedApis: apis.filter((a) => !published.has(a.pkg)) };
}
