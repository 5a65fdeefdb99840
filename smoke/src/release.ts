/**
 * Release dry-run, in a throwaway copy of the current working tree (tracked and untracked-but-not-ignored files,
 * plus the built `dist` of each published package), so the real tree is never touched:
 *
 *   pnpm install --offline --frozen-lockfile   (from the local store; the copy gets its own node_modules)
 *   + a sample changeset (patch of @gamestore/core)
 *   pnpm exec changeset version                (every published package bumped; private ones untouched)
 *   pnpm -r publish --dry-run --no-git-checks  (exactly the published packages; no private one)
 *   pnpm pack of each published package        (no `workspace:` range left; publishConfig asks for provenance)
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { publishedPackages, ROOT } from './pack.js';
import { cleanEnv, run, tail } from './proc.js';

export interface ReleaseOutcome {
  ok: boolean;
  lines: string[];
  failures: string[];
  ms: number;
}

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  publishConfig?: { access?: string; provenance?: boolean };
}

function copyTree(dest: string): number {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 })
    .split('\0')
    .filter(Boolean);
  const dist = publishedPackages().flatMap((p) => walk(path.join(p.dir, 'dist')).map((f) => path.relative(ROOT, f)));
  let n = 0;
  for (const rel of new Set([...listed, ...dist])) {
    const from = path.join(ROOT, rel);
    if (!existsSync(from) || !statSync(from).isFile()) continue; // deleted in the working tree
    mkdirSync(path.dirname(path.join(dest, rel)), { recursive: true });
    copyFileSync(from, path.join(dest, rel));
    n++;
  }
  return n;
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

/** Workspace packages of the copy (root excluded), by folder, from its pnpm-workspace.yaml globs `x/*` and `x`. */
function workspaceManifests(root: string): Map<string, Manifest> {
  const yaml = readFileSync(path.join(root, 'pnpm-workspace.yaml'), 'utf8');
  const block = /^packages:\s*\n((?:\s+-\s*.+\n?)+)/m.exec(yaml)?.[1] ?? '';
  const globs = [...block.matchAll(/-\s*['"]?([^'"\n]+)['"]?/g)].map((m) => m[1]!.trim());
  const dirs = globs.flatMap((g) =>
    g.endsWith('/*')
      ? existsSync(path.join(root, g.slice(0, -2)))
        ? readdirSync(path.join(root, g.slice(0, -2))).map((d) => path.join(g.slice(0, -2), d))
        : []
      : [g],
  );
  const out = new Map<string, Manifest>();
  for (const d of dirs) {
    const file = path.join(root, d, 'package.json');
    if (existsSync(file)) out.set(d, JSON.parse(readFileSync(file, 'utf8')) as Manifest);
  }
  return out;
}

export async function releaseDryRun(work: string): Promise<ReleaseOutcome> {
  const started = performance.now();
  const lines: string[] = [];
  const failures: string[] = [];
  const copy = path.join(work, 'release-copy');
  const env = cleanEnv();
  const step = async (name: string, cmd: string, args: string[], timeoutMs = 180_000) => {
    const r = await run(cmd, args, { cwd: copy, timeoutMs, env });
    if (r.code !== 0) failures.push(`${name}: ${r.timedOut ? 'timed out' : `exit ${r.code}`}\n${tail(r.stdout + r.stderr, 25)}`);
    return r;
  };

  const files = copyTree(copy);
  lines.push(`copied the working tree (${files} files, with the built dist folders) to a throwaway folder`);

  let install = await run('pnpm', ['install', '--offline', '--frozen-lockfile'], { cwd: copy, timeoutMs: 300_000, env });
  if (install.code !== 0) {
    // a lockfile that is being edited in the real tree: still install from the store, and say so
    lines.push('⚠ the lockfile is not up to date with package.json: installed with --no-frozen-lockfile');
    install = await step('pnpm install', 'pnpm', ['install', '--offline', '--no-frozen-lockfile'], 300_000);
  }
  if (install.code !== 0) return { ok: false, lines, failures, ms: performance.now() - started };
  lines.push(`pnpm install --offline --frozen-lockfile in the copy: ${(install.ms / 1000).toFixed(1)} s`);

  const before = workspaceManifests(copy);
  const beforeText = new Map([...before.keys()].map((d) => [d, readFileSync(path.join(copy, d, 'package.json'), 'utf8')]));
  writeFileSync(
    path.join(copy, '.changeset', 'smoke-release-dry-run.md'),
    '---\n"@gamestore/core": patch\n---\n\n**core**: sample changeset of the release dry-run (lives only in the throwaway copy)\n',
  );
  const pending = readdirSync(path.join(copy, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');

  const version = await step('changeset version', 'pnpm', ['exec', 'changeset', 'version']);
  if (version.code !== 0) return { ok: false, lines, failures, ms: performance.now() - started };
  const after = workspaceManifests(copy);
  const left = readdirSync(path.join(copy, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');
  lines.push(`changeset version consumed ${pending.length} changeset(s) (${pending.join(', ')}); ${left.length} left`);
  if (left.length) failures.push(`changeset version left ${left.join(', ')}`);

  const published = new Set<string>();
  for (const [dir, m] of after) {
    const was = before.get(dir)!;
    const changelog = existsSync(path.join(copy, dir, 'CHANGELOG.md'));
    if (m.private) {
      const untouched = readFileSync(path.join(copy, dir, 'package.json'), 'utf8') === beforeText.get(dir);
      lines.push(`${untouched && !changelog ? '✓' : '✗'} ${m.name} (private) stays ${m.version}${changelog ? ', but got a CHANGELOG.md' : ''}${untouched ? '' : ', but its package.json changed'}`);
      if (!untouched || changelog) failures.push(`private package ${m.name} was versioned`);
    } else {
      published.add(m.name);
      const bumped = m.version !== was.version;
      const provenance = m.publishConfig?.provenance === true && m.publishConfig.access === 'public';
      lines.push(
        `${bumped && changelog && provenance ? '✓' : '✗'} ${m.name} ${was.version} → ${m.version}${changelog ? ', CHANGELOG.md written' : ', no CHANGELOG.md'}; publishConfig ${provenance ? 'asks for provenance, public access' : `is ${JSON.stringify(m.publishConfig)}`}`,
      );
      if (!bumped || !changelog) failures.push(`${m.name} was not versioned`);
      if (!provenance) failures.push(`${m.name}: publishConfig must be { access: 'public', provenance: true }`);
    }
  }

  const publish = await step('pnpm -r publish --dry-run', 'pnpm', ['-r', 'publish', '--dry-run', '--no-git-checks']);
  const announced = [...(publish.stdout + publish.stderr).matchAll(/^\+ (@?[^@\s]+)@(\S+)$/gm)].map((m) => `${m[1]}@${m[2]}`);
  lines.push(`pnpm -r publish --dry-run --no-git-checks (${(publish.ms / 1000).toFixed(1)} s) would publish: ${announced.join(', ') || 'nothing'}`);
  const names = new Set(announced.map((a) => a.slice(0, a.lastIndexOf('@'))));
  for (const n of published) if (!names.has(n)) failures.push(`publish --dry-run did not publish ${n}`);
  for (const n of names) if (!published.has(n)) failures.push(`publish --dry-run would publish ${n}, which is not a published package`);

  // the packed manifests: `workspace:` ranges replaced, publishConfig kept
  const packs = path.join(work, 'release-packs');
  for (const [dir, m] of after) {
    if (m.private) continue;
    const r = await run('pnpm', ['pack', '--pack-destination', packs], { cwd: path.join(copy, dir), timeoutMs: 60_000, env });
    const tgz = r.stdout.trim().split('\n').pop()!.trim();
    const manifest = r.code === 0 ? execFileSync('tar', ['-xOzf', path.isAbsolute(tgz) ? tgz : path.join(packs, tgz), 'package/package.json'], { encoding: 'utf8' }) : '';
    const packed = manifest ? (JSON.parse(manifest) as Manifest & { dependencies?: Record<string, string> }) : undefined;
    const deps = Object.entries(packed?.dependencies ?? {}).map(([k, v]) => `${k}@${v}`);
    const ok = !!packed && !manifest.includes('workspace:') && packed.publishConfig?.provenance === true;
    lines.push(`${ok ? '✓' : '✗'} packed ${m.name}@${packed?.version}: dependencies ${deps.join(', ') || 'none'}; provenance ${packed?.publishConfig?.provenance}`);
    if (!ok) failures.push(`packed ${m.name}: ${r.code !== 0 ? tail(r.stderr) : 'a workspace: range or publishConfig.provenance is missing'}`);
  }
  return { ok: failures.length === 0, lines, failures, ms: performance.now() - started };
}
