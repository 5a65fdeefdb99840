/**
 * Builds the docs site into docs/dist/ from redocly.yaml, the specs and the package manifests/READMEs.
 *
 *   pnpm build                      docs/dist/
 *   pnpm build --serve [--port N]   build, then serve it on 127.0.0.1 (see serve.ts)
 *
 * For each API `<name>` in redocly.yaml:
 *   dist/<name>/openapi.yaml, openapi.json   `redocly bundle <name>`: the plain bundle
 *   dist/<name>/index.html                   `redocly build-docs --inlineBundle` with templates/reference.hbs, of the
 *                                            bundle with the SDK added (scripts/samples.ts: a TypeScript sample and
 *                                            the SDK call on every operation and webhook); the sidebar links get the
 *                                            hrefs Redoc's hash router gives them (`routeLinks`), and the one CDN
 *                                            image Redoc loads (its logo) is pointed at assets/
 * and once:
 *   dist/index.html                          the landing page (scripts/landing.ts)
 *   dist/assets/                             docs/assets/
 *
 * The result makes no request to any other host: the build fails if a reference page still names a CDN.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { DIST, DOCS, ROOT, readApis, readSite, type SiteModel } from './model.js';
import { renderLanding } from './landing.js';
import { packageOf, sdkSamples, withSdk } from './samples.js';
import { serveForever, toPort } from './serve.js';

const REDOCLY = path.join(ROOT, 'node_modules', '.bin', 'redocly');
const TEMPLATE = path.join(DOCS, 'templates', 'reference.hbs');
/** Redoc 3 shows its logo from this CDN; the site serves a local stand-in instead. */
const CDN_LOGOS = /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g;
const LOCAL_LOGO = '../assets/redocly.svg';
/** What would make a reference page load something from another host. */
const REMOTE_LOADS: Array<[RegExp, string]> = [
  [/fonts\.(googleapis|gstatic)\.com/i, 'Google Fonts'],
  [/\bsrc\s*[:=]\s*[`"']?(https?:)?\/\//i, 'a remote script or image (src)'],
  [/<link[^>]+\bhref\s*=\s*["']?(https?:)?\/\//i, 'a remote stylesheet or preload'],
  [/@import\s+(url\()?["']?(https?:)?\/\//i, 'a remote CSS @import'],
  [/url\(\s*["']?(https?:)?\/\//i, 'a remote CSS url()'],
];

const ENV = {
  ...process.env,
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
  REDOCLY_SUPPRESS_NOTIFICATIONS: 'true',
  NO_COLOR: '1',
};

/** Runs the root redocly CLI in the repo root (where redocly.yaml is); throws with its output on failure. */
function redocly(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(REDOCLY, args, { cwd: ROOT, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`redocly ${args.join(' ')} exited with ${code}:\n${output.trim()}`));
    });
  });
}

/** Runs the tasks with at most `limit` at once. */
async function pool(tasks: Array<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}

/** Points Redoc's CDN logo at the local one and fails on anything else that would load from another host. */
export function makeOffline(html: string, page: string): string {
  const out = html.replace(CDN_LOGOS, LOCAL_LOGO);
  // the embedded spec is data (its examples may quote any URL); the browser test checks what it renders
  const code = out.replace(/const __redoc_definition = .*;\n/, '');
  for (const [pattern, what] of REMOTE_LOADS) {
    const m = pattern.exec(code);
    if (m) {
      const at = code.slice(Math.max(0, m.index - 80), m.index + 120).replace(/\s+/g, ' ');
      throw new Error(`${page} would load ${what} from another host: …${at}…`);
    }
  }
  return out;
}

/**
 * Redoc renders its sidebar on the server with path hrefs (`/catalog`), while in the browser it routes by the hash
 * (`#/catalog`, which is also what it renders for every link it mounts later); hydration keeps the server's hrefs,
 * so a sidebar link opened in a new tab or copied asked the server for `/catalog`: 404. Gives the server-rendered
 * router links (`data-discover`, react-router's mark) the hash hrefs the client would render; scripts are left alone.
 */
export function routeLinks(html: string): string {
  return html
    .split(/(<script\b[\s\S]*?<\/script>)/i)
    .map((part, i) =>
      i % 2 ? part : part.replace(/<a\b[^>]*\bdata-discover="true"[^>]*>/g, (tag) => tag.replace(/(\shref=")\/(?!\/)/, '$1#/')),
    )
    .join('');
}

/**
 * The Redoc options of one reference page: redocly.yaml's `openapi` options (which `--openapi` replaces) with the
 * package's TypeScript samples among the code sample languages (Redoc shows an `x-codeSamples` entry only when its
 * label is one of them).
 */
export function redocOptions(config: Record<string, any>, pkg: string): Record<string, unknown> {
  const options = (config.openapi ?? {}) as Record<string, any>;
  const languages = [...(options.codeSamples?.languages ?? []), { lang: 'TypeScript', label: pkg }];
  return { ...options, codeSamples: { ...options.codeSamples, languages } };
}

export async function build(dist = DIST): Promise<SiteModel> {
  const apis = await readApis();
  const config = (parseYaml(await readFile(path.join(ROOT, 'redocly.yaml'), 'utf8')) ?? {}) as Record<string, unknown>;
  await rm(dist, { recursive: true, force: true });
  await mkdir(dist, { recursive: true });
  // the bundles with the SDK added, which the reference pages are built from: not part of the site
  const work = await mkdtemp(path.join(tmpdir(), 'gamestore-docs-reference-'));

  try {
    const tasks: Array<() => Promise<void>> = [];
    for (const api of apis) {
      const dir = path.join(dist, api.name);
      await mkdir(dir, { recursive: true });
      tasks.push(
        () => redocly(['bundle', api.name, '-o', path.join(dir, 'openapi.yaml')]),
        async () => {
          const json = path.join(dir, 'openapi.json');
          await redocly(['bundle', api.name, '-o', json]);
          const doc = JSON.parse(await readFile(json, 'utf8')) as Record<string, unknown>;
          const pkg = await packageOf(api);
          const [reference, options] = [path.join(work, `${api.name}.json`), path.join(work, `${api.name}.options.json`)];
          await writeFile(reference, JSON.stringify(withSdk(doc, sdkSamples(api.name, pkg, doc))));
          await writeFile(options, JSON.stringify(redocOptions(config, pkg)));
          const page = path.join(dir, 'index.html');
          await redocly(['build-docs', reference, '-o', page, '--inlineBundle', '-t', TEMPLATE, '--openapi', options]);
          const html = await readFile(page, 'utf8');
          await writeFile(page, makeOffline(routeLinks(html), path.relative(DOCS, page)));
        },
      );
    }
    await pool(tasks, Math.max(2, availableParallelism()));
  } finally {
    await rm(work, { recursive: true, force: true });
  }

  await cp(path.join(DOCS, 'assets'), path.join(dist, 'assets'), { recursive: true });
  const site = await readSite(dist);
  await writeFile(path.join(dist, 'index.html'), renderLanding(site));
  return site;
}

async function main() {
  let values: { serve?: boolean; port?: string };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2).filter((a) => a !== '--'),
      options: { serve: { type: 'boolean' }, port: { type: 'string' } },
    }));
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : e}\nusage: build [--serve [--port N]]`);
  }
  const serve = values.serve === true;
  const port = toPort(values.port);
  const started = Date.now();
  const site = await build();
  const rel = (p: string) => path.relative(process.cwd(), p) || '.';
  console.log(`docs: built ${rel(DIST)}/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`  index.html  landing: ${site.packages.length} published package(s), ${site.apis.length} API(s)`);
  for (const api of site.apis) {
    const ops = api.operations.length;
    console.log(`  ${api.name}/  ${api.title} ${api.version}, ${ops} operation(s), sha256 ${api.sha256}`);
  }
  for (const pkg of site.packages) {
    if (!pkg.hasReadme) console.log(`  note: packages/${pkg.dir} has no README.md yet: its card shows the install line only`);
    else if (!pkg.quickStart) console.log(`  note: packages/${pkg.dir}/README.md has no \`\`\`ts block under "Quick start": its card shows the install line only`);
    else if (pkg.quickStart.split('\n').length > 10) console.log(`  note: packages/${pkg.dir} quick start is ${pkg.quickStart.split('\n').length} lines (aim for ten)`);
  }
  if (serve) await serveForever(port, DIST);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
