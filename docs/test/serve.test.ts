import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePort, startServer, type StaticServer } from '../scripts/serve.js';

let root: string;
let server: StaticServer;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'gamestore-docs-serve-'));
  await mkdir(path.join(root, 'api'));
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>home</title>');
  await writeFile(path.join(root, 'api', 'index.html'), '<!doctype html><title>api</title>');
  await writeFile(path.join(root, 'api', 'openapi.yaml'), 'openapi: 3.1.0\n');
  server = await startServer({ root, port: 0 });
});

afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

const get = (p: string, init?: RequestInit) => fetch(new URL(p, server.url), { redirect: 'manual', ...init });

describe('static server', () => {
  it('listens on 127.0.0.1 on the port it was given (0: a free one)', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.port).toBeGreaterThan(0);
  });

  it('serves index.html for folders, with content types', async () => {
    const home = await get('/');
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await home.text()).toContain('<title>home</title>');
    expect(await (await get('/api/')).text()).toContain('<title>api</title>');
    const yaml = await get('/api/openapi.yaml');
    expect(yaml.headers.get('content-type')).toBe('application/yaml; charset=utf-8');
  });

  it('redirects a folder without its slash, so relative links resolve', async () => {
    const r = await get('/api');
    expect(r.status).toBe(301);
    expect(r.headers.get('location')).toBe('/api/');
  });

  it('answers 404 outside the root and for missing files, 405 for other methods', async () => {
    expect((await get('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
    expect((await get('/nope.html')).status).toBe(404);
    expect((await get('/', { method: 'POST' })).status).toBe(405);
    const head = await get('/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('reads --port', () => {
    expect(parsePort([])).toBe(4173);
    expect(parsePort(['--port', '8080'])).toBe(8080);
    expect(parsePort(['--serve', '--port=0'])).toBe(0);
    expect(() => parsePort(['--port', 'x'])).toThrow(/--port/);
  });
});
