/**
 * A tiny static server for docs/dist, on 127.0.0.1 only.
 *
 *   pnpm serve               http://127.0.0.1:4173/
 *   pnpm serve --port 8080   another port (0 picks a free one)
 */
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const DEFAULT_PORT = 4173;
const DEFAULT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.yaml': 'application/yaml; charset=utf-8',
  '.yml': 'application/yaml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticServer {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

export async function startServer(options: { root?: string; port?: number; host?: string } = {}): Promise<StaticServer> {
  const root = path.resolve(options.root ?? DEFAULT_ROOT);
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n', { allow: 'GET, HEAD' });
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      return send(400, 'bad request\n');
    }
    const file = path.join(root, pathname);
    if (file !== root && !file.startsWith(root + path.sep)) return send(404, 'not found\n');
    void (async () => {
      try {
        let target = file;
        const info = await stat(target);
        if (info.isDirectory()) {
          if (!pathname.endsWith('/')) return send(301, 'moved\n', { location: `${pathname}/` });
          target = path.join(target, 'index.html');
        }
        const body = await readFile(target);
        res.writeHead(200, {
          'content-type': TYPES[path.extname(target).toLowerCase()] ?? 'application/octet-stream',
          'content-length': String(body.length),
          'cache-control': 'no-cache',
          'x-content-type-options': 'nosniff',
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      } catch {
        send(404, 'not found\n');
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${host}:${port}/`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** The port a `--port` value names (`util.parseArgs` gives `true` for a bare `--port`); DEFAULT_PORT when absent. */
export function toPort(value: string | boolean | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port needs a number 0-65535, got ${value === true ? 'none' : value}`);
  return port;
}

/** `--port N` (or `--port=N`) from argv, whatever else it holds; DEFAULT_PORT when absent. */
export function parsePort(argv: string[]): number {
  return toPort(parseArgs({ args: argv, options: { port: { type: 'string' } }, strict: false, allowPositionals: true }).values.port);
}

/** Serves until Ctrl+C. */
export async function serveForever(port: number, root = DEFAULT_ROOT): Promise<void> {
  try {
    await stat(path.join(root, 'index.html'));
  } catch {
    throw new Error(`${path.relative(process.cwd(), root) || root}/index.html is missing: run \`pnpm build\` in docs/ first`);
  }
  const s = await startServer({ root, port });
  console.log(`docs: serving ${path.relative(process.cwd(), root) || root} at ${s.url} (Ctrl+C to stop)`);
  const stop = () => void s.close().finally(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  serveForever(parsePort(args)).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
