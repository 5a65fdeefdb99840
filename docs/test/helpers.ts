import { spawn } from 'node:child_process';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { operations } from '../../scripts/spec.js';
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
 * Counts a bundled spec's operations: every HTTP method of every path item under `paths` and, separately, under
 * `webhooks`, as the repository's one walker (scripts/spec.ts) lists them, with the summary (else the
 * operationId) of each. The site renders from the built copy, the tests count a fresh bundle; the browser test
 * holds the counts against what Redoc renders, and landing.test.ts the walker against a hand-written spec.
 */
export function countSpec(doc: Json): { operations: number; webhooks: number; summaries: string[] } {
  const [paths, webhooks] = [operations(doc, 'paths'), operations(doc, 'webhooks')];
  const summaries = [...paths, ...webhooks].map(({ operation: op }) => String(op.summary ?? op.operationId ?? ''));
  return { operations: paths.length, webhooks: webhooks.length, summaries };
}
