import { spawn } from 'node:child_process';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DIST, ROOT } from '../scripts/model.js';

type Json = Record<string, unknown>;

/** Fails with the fix when the site has not been built. */
export async function requireBuiltSite(): Promise<void> {
  try {
    await access(path.join(DIST, 'index.html'));
  } catch {
    throw new Error('docs/dist/index.html is missing: run `pnpm build` in docs/ (or `pnpm docs` at the root) first');
  }
}

/**
 * Bundles one API afresh with the root redocly CLI into a temporary folder and returns the parsed JSON: the
 * reference the tests compare the built site with. Writes nothing in the repository.
 */
export async function bundleFresh(api: string): Promise<Json> {
  const dir = await mkdtemp(path.join(tmpdir(), 'gamestore-docs-bundle-'));
  try {
    const out = path.join(dir, 'openapi.json');
    await new Promise<void>((resolve, reject) => {
      const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'redocly'), ['bundle', api, '-o', out], {
        cwd: ROOT,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`redocly bundle ${api}: ${output}`))));
    });
    return JSON.parse(await readFile(out, 'utf8')) as Json;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Counts a bundled spec's operations with nothing but the OpenAPI rules (deliberately not the site's own code):
 * every HTTP method of every path item under `paths` and, separately, under `webhooks`.
 */
export function countSpec(doc: Json): { operations: number; webhooks: number; summaries: string[] } {
  const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
  const deref = (item: unknown): Json => {
    let cur = item as Json;
    while (cur && typeof cur.$ref === 'string') {
      cur = (cur.$ref as string)
        .slice(2)
        .split('/')
        .reduce<unknown>((node, key) => (node as Json)[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc) as Json;
    }
    return cur ?? {};
  };
  const count = (items: unknown, summaries: string[]) => {
    let n = 0;
    for (const item of Object.values((items as Json | undefined) ?? {})) {
      for (const m of methods) {
        const op = deref(item)[m] as Json | undefined;
        if (op) {
          n++;
          summaries.push(String(op.summary ?? op.operationId ?? ''));
        }
      }
    }
    return n;
  };
  const summaries: string[] = [];
  const operations = count(doc.paths, summaries);
  const webhooks = count(doc.webhooks, summaries);
  return { operations, webhooks, summaries };
}
