/**
 * The landing page states what the specs say: each API's info.version and operation count, computed here from a
 * fresh `redocly bundle` of the spec. Reads the built site and writes nothing.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIST, ROOT, extractQuickStart, listOperations, readApis, readPackages, readSite, type ApiEntry } from '../scripts/model.js';
import { esc, renderLanding } from '../scripts/landing.js';
import { makeOffline, redocOptions, routeLinks } from '../scripts/build.js';
import { bundleFresh, countSpec, requireBuiltSite } from './helpers.js';

type Json = Record<string, unknown>;

let apis: ApiEntry[];
let landing: string;
const specs = new Map<string, Json>();

beforeAll(async () => {
  await requireBuiltSite();
  apis = await readApis();
  landing = await readFile(path.join(DIST, 'index.html'), 'utf8');
  for (const api of apis) specs.set(api.name, await bundleFresh(api.name));
});

/** The `<section class="api" … data-api="name">` block of the landing page. */
function apiSection(html: string, name: string): string {
  const start = html.indexOf(`data-api="${esc(name)}"`);
  expect(start, `landing page has no section for ${name}`).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</section>', start));
}

function field(section: string, name: string): string | undefined {
  const m = new RegExp(`data-field="${name}"[^>]*>([^<]*)<`).exec(section);
  return m?.[1];
}

describe('landing page', () => {
  it('lists every API in redocly.yaml', () => {
    expect(apis.length).toBeGreaterThan(0);
    for (const api of apis) {
      expect(landing).toContain(`href="${api.name}/"`);
      apiSection(landing, api.name);
    }
  });

  it("shows each API's info.version and operation count as the bundled spec has them", () => {
    for (const api of apis) {
      const doc = specs.get(api.name)!;
      const { operations, webhooks } = countSpec(doc);
      const section = apiSection(landing, api.name);
      expect(field(section, 'version'), api.name).toBe(esc(String((doc.info as Json).version)));
      expect(field(section, 'operations'), api.name).toBe(String(operations));
      if (webhooks) expect(field(section, 'webhooks'), api.name).toBe(String(webhooks));
      else expect(field(section, 'webhooks'), api.name).toBeUndefined();
    }
  });

  it('shows the bundled sha256 that the generated code carries', async () => {
    for (const api of apis) {
      const sha = field(apiSection(landing, api.name), 'sha256');
      expect(sha, api.name).toMatch(/^[0-9a-f]{12}$/);
      let meta: string | undefined;
      try {
        meta = await readFile(path.join(ROOT, api.output.replace(/\.ts$/, '.meta.ts')), 'utf8');
      } catch {
        meta = undefined; // not generated yet: `pnpm generate:check` reports that, not this test
      }
      if (meta) expect(meta, `${api.output}: run \`pnpm generate\``).toContain(`// bundled sha256: ${sha}\n`);
    }
  });

  it('serves downloads equal to a fresh bundle of each spec', async () => {
    for (const api of apis) {
      const json = JSON.parse(await readFile(path.join(DIST, api.name, 'openapi.json'), 'utf8')) as Json;
      expect(json, `${api.name}/openapi.json is stale: run \`pnpm build\``).toEqual(specs.get(api.name));
      const yaml = await readFile(path.join(DIST, api.name, 'openapi.yaml'), 'utf8');
      expect(yaml).toMatch(/^openapi: 3\./m);
    }
  });

  it('has one card per published package with its install line and, when its README has one, its quick start', async () => {
    const packages = await readPackages();
    for (const pkg of packages) {
      const card = landing.includes(`data-package="${esc(pkg.name)}"`);
      expect(card, pkg.name).toBe(!pkg.private);
      if (pkg.private) continue;
      expect(landing).toContain(`<code>pnpm add ${esc(pkg.name)}</code>`);
      if (pkg.quickStart) expect(landing).toContain(esc(pkg.quickStart));
    }
  });

  it('is the page the current sources render, with no script and no remote address', async () => {
    expect(renderLanding(await readSite(DIST))).toBe(landing);
    expect(landing).not.toMatch(/<script/i);
    expect(landing).not.toMatch(/(src|href)="(https?:)?\/\//i);
  });
});

describe('quick start extraction', () => {
  it('takes the first ts block under a "Quick start" heading', () => {
    const md = [
      '# @gamestore/x',
      '```ts',
      'notThis();',
      '```',
      '## Quick start',
      'Install it, then:',
      '```sh',
      'pnpm add @gamestore/x',
      '```',
      '```ts',
      "import { x } from '@gamestore/x';",
      '',
      'await x();',
      '```',
      '```ts',
      'notThisEither();',
      '```',
    ].join('\n');
    expect(extractQuickStart(md)).toBe("import { x } from '@gamestore/x';\n\nawait x();");
  });

  it('stops at the next heading of the same level and ignores headings inside code', () => {
    expect(extractQuickStart('## Quick start\ntext\n## Usage\n```ts\nlate();\n```\n')).toBeUndefined();
    expect(extractQuickStart('## Quick start\n### Node\n```typescript\nok();\n```\n')).toBe('ok();');
    expect(extractQuickStart('```md\n## Quick start\n```\n```ts\nno();\n```\n')).toBeUndefined();
    expect(extractQuickStart('# x\nno quick start here\n')).toBeUndefined();
  });
});

describe('operations of a spec', () => {
  it('counts paths and webhooks, following path item $refs', () => {
    const doc = {
      openapi: '3.1.0',
      paths: {
        '/a': { get: { summary: 'A' }, post: { operationId: 'b' }, parameters: [] },
        '/c': { $ref: '#/components/pathItems/C' },
      },
      webhooks: { done: { post: { summary: 'Done' } } },
      components: { pathItems: { C: { delete: { summary: 'C' } } } },
    };
    const ops = listOperations(doc);
    expect(ops.map((o) => `${o.kind} ${o.method} ${o.path}`)).toEqual([
      'operation GET /a',
      'operation POST /a',
      'operation DELETE /c',
      'webhook POST done',
    ]);
    expect(countSpec(doc)).toEqual({ operations: 3, webhooks: 1, summaries: ['A', 'b', 'C', 'Done'] });
  });
});

describe('offline reference pages', () => {
  it("points Redoc's CDN logo at the local one", () => {
    const html = 'src:e?`https://cdn.redoc.ly/redoc/logo-mini-full.svg`:`https://cdn.redoc.ly/redoc/logo-mini.svg`';
    expect(makeOffline(html, 'x')).toBe('src:e?`../assets/redocly.svg`:`../assets/redocly.svg`');
  });

  it('refuses a page that would load from another host', () => {
    expect(() => makeOffline('<script src="https://cdn.example.com/x.js"></script>', 'x')).toThrow(/remote script/);
    expect(() => makeOffline('<link rel="stylesheet" href="https://fonts.googleapis.com/css">', 'x')).toThrow(/Google Fonts/);
    expect(() => makeOffline('body{background:url(//example.com/a.png)}', 'x')).toThrow(/url\(\)/);
    expect(makeOffline('<a href="https://redocly.com/">docs</a>', 'x')).toContain('https://redocly.com/');
    // the embedded spec is data: an example quoting a URL is not a load
    const spec = 'const __redoc_definition = {"example":"<img src=\\"https://example.com/a.png\\">"};\n';
    expect(makeOffline(spec, 'x')).toBe(spec);
  });

  it('leaves no remote load in the built pages', async () => {
    for (const api of apis) {
      const html = await readFile(path.join(DIST, api.name, 'index.html'), 'utf8');
      expect(() => makeOffline(html, api.name)).not.toThrow();
      expect(html).not.toContain('cdn.redoc.ly');
    }
  });
});

describe('reference pages: router links and options', () => {
  it("gives Redoc's server-rendered router links the hash hrefs its browser router renders", () => {
    // [server-rendered, after routeLinks] (one element: left as it is)
    const cases = [
      ['<a class="x" href="/" data-discover="true">Overview</a>', '<a class="x" href="#/" data-discover="true">Overview</a>'],
      ['<a class="x" href="/cart-(client-side)" data-discover="true">Cart</a>', '<a class="x" href="#/cart-(client-side)" data-discover="true">Cart</a>'],
      ['<a href="../">home</a><a href="openapi.yaml" download>yaml</a>'],
      ['<a href="//example.com/" data-discover="true">other host</a>'],
      ['<script>const s = `<a href="/inside" data-discover="true">`;</script>'],
    ];
    expect(routeLinks(cases.map((c) => c[0]).join(''))).toBe(cases.map((c) => c[1] ?? c[0]).join(''));
  });

  it('leaves no root-absolute router link in the built pages', async () => {
    for (const api of apis) {
      const html = await readFile(path.join(DIST, api.name, 'index.html'), 'utf8');
      expect(html, api.name).toContain('href="#/" data-discover="true"');
      expect(routeLinks(html), `${api.name}/index.html is stale: run \`pnpm build\``).toBe(html);
    }
  });

  it("adds the package's TypeScript samples to redocly.yaml's code sample languages", () => {
    expect(redocOptions({}, '@gamestore/x')).toEqual({ codeSamples: { languages: [{ lang: 'TypeScript', label: '@gamestore/x' }] } });
    const config = { openapi: { hideLoading: true, codeSamples: { skipOptionalParameters: true, languages: [{ lang: 'curl' }] } } };
    expect(redocOptions(config, '@gamestore/x')).toEqual({
      hideLoading: true,
      codeSamples: { skipOptionalParameters: true, languages: [{ lang: 'curl' }, { lang: 'TypeScript', label: '@gamestore/x' }] },
    });
  });
});
