/**
 * Packing and installing the published packages, shared by `scripts/pack-check.ts` and the smoke suite:
 * every non-private `packages/*` is packed with `pnpm pack` (so `workspace:` ranges become real versions, as on
 * publish) and the tarballs are installed with plain npm into a fresh project outside the workspace.
 */
import { execFileSync, type ExecFileSyncOptions } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanEnv } from './proc.js';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface PublishedPackage {
  /** absolute folder, e.g. `<root>/packages/core` */
  dir: string;
  name: string;
  version: string;
  private?: boolean;
  bin?: Record<string, string>;
  exports: Record<string, unknown>;
  publishConfig?: Record<string, unknown>;
}

/** A failed step: its name and the command's output, for the caller to print. */
export class StepError extends Error {
  constructor(
    readonly step: string,
    readonly output: string,
  ) {
    super(`${step} failed`);
  }
}

/** Runs a command, answering its stdout; a non-zero exit is a `StepError` carrying stdout and stderr. */
export function sh(step: string, cmd: string, args: readonly string[], opts: ExecFileSyncOptions = {}): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20, ...opts }) as string;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message?: string };
    throw new StepError(step, `${err.stdout ?? ''}${err.stderr ?? ''}` || String(err.message));
  }
}

/** Every non-private package under `packages/`, in folder order. */
export function publishedPackages(root = ROOT): PublishedPackage[] {
  return readdirSync(path.join(root, 'packages'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => path.join(root, 'packages', d.name))
    .map((dir) => ({ dir, ...(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Omit<PublishedPackage, 'dir'>) }))
    .filter((p) => !p.private);
}

/** The import specifiers of a package's `exports` map (`@gamestore/core`, `@gamestore/core/node`, …). */
export function entryPoints(p: PublishedPackage): string[] {
  return Object.keys(p.exports)
    .filter((k) => k !== './package.json')
    .map((k) => (k === '.' ? p.name : `${p.name}/${k.slice(2)}`));
}

/** `pnpm pack` of one package into `dest`; answers the tarball's absolute path. */
export function packPackage(p: PublishedPackage, dest: string): string {
  mkdirSync(dest, { recursive: true });
  const out = sh(`pack ${p.name}`, 'pnpm', ['pack', '--pack-destination', dest], { cwd: p.dir });
  const tgz = out.trim().split('\n').pop()!.trim();
  return path.isAbsolute(tgz) ? tgz : path.join(dest, path.basename(tgz));
}

/** Packs every published package into `dest`. */
export function packAll(dest: string, packages = publishedPackages()): { pkg: PublishedPackage; tarball: string }[] {
  return packages.map((pkg) => ({ pkg, tarball: packPackage(pkg, dest) }));
}

/**
 * Creates `dir` as a fresh ESM project (`package.json` only) and installs the tarballs, plus `extra` registry
 * packages (e.g. `typescript@5.9.3`), with plain npm.
 */
export function installTarballs(dir: string, tarballs: readonly string[], extra: readonly string[] = []): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  sh('npm install of the tarballs', 'npm', ['install', '--no-audit', '--no-fund', '--silent', ...tarballs, ...extra], { cwd: dir });
}

/**
 * A fresh pnpm project in `dir` that adds only the packages named in `add`, from their tarballs; every
 * `@gamestore/*` dependency comes from its tarball too (pnpm `overrides`), as it would from the registry.
 * Answers `dir`.
 */
export function pnpmProject(dir: string, tarballs: readonly { name: string; tarball: string }[], add: readonly string[]): string {
  mkdirSync(dir, { recursive: true });
  const overrides = Object.fromEntries(tarballs.map((t) => [t.name, `file:${t.tarball}`]));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: path.basename(dir), private: true, type: 'module', pnpm: { overrides } }, null, 2));
  const added = add.map((name) => tarballs.find((t) => t.name === name)!.tarball);
  sh(`pnpm add ${add.join(' ')} in a fresh project`, 'pnpm', ['add', ...added], { cwd: dir, env: cleanEnv() });
  return dir;
}

/** The workspace's TypeScript version (the one the packages are built with). */
export function workspaceTypeScriptVersion(root = ROOT): string {
  return (JSON.parse(readFileSync(path.join(root, 'node_modules/typescript/package.json'), 'utf8')) as { version: string }).version;
}
