import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeListener } from '@gamestore/core/node';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebstoreProfileHandler } from '../src/index.js';
import { runCheckCommand } from '../src/check-command.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function serve(listener: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function run(argv: string[]) {
  const lines: string[] = [];
  const code = await runCheckCommand(argv, { out: (l) => lines.push(l) });
  return { code, output: lines.join('\n') };
}

describe('gamestore-hive check', () => {
  it('passes a conforming implementation on loopback', async () => {
    const handler = createWebstoreProfileHandler({
      lookup: () => [{ server_id: '1', server_name: 'S1', characters: [{ character_id: 'a', character_name: 'A' }] }],
    });
    const base = await serve(toNodeListener(handler));
    const { code, output } = await run(['check', `${base}/webstore-profile`, '--cs-code', '100001234']);
    expect(output).toContain('✓ the answer conforms');
    expect(output).toContain('cs_code=100001234 (integer)');
    expect(code).toBe(0);
  });

  it('lists every departure of a broken implementation and exits 1', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"result_code":200,"cs_code":"100001234","data":[{"server_id":1,"server_name":"S","channels":[]}]}');
    });
    const { code, output } = await run(['check', `${base}/webstore-profile`, '--cs-code', '100001234']);
    expect(code).toBe(1);
    expect(output).toContain('$.result_message is required');
    expect(output).toContain('$.data[0].server_id must be a string');
    expect(output).toContain('$.data[0].channels must hold at least one channel');
    expect(output).toContain('$.cs_code was sent as an integer but echoed as a string');
  });

  it('reports a non-200 status and a body that is not JSON', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>bad gateway</html>');
    });
    const { code, output } = await run(['check', base, '--cs-code', 'c_1']);
    expect(code).toBe(1);
    expect(output).toContain('HTTP status is 502');
    expect(output).toContain('the body is not valid JSON');
  });

  it('exits 2 on usage errors and when nothing answers', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['check', 'http://127.0.0.1:9'])).output).toContain('missing --cs-code');
    expect((await run(['check', 'ftp://x', '--cs-code', '1'])).code).toBe(2);
    expect((await run(['check', 'http://x', '--cs-code', '1', '--timeout', '-3'])).code).toBe(2);
    const base = await serve(() => undefined); // accepts, never answers
    const hung = await run(['check', base, '--cs-code', '1', '--timeout', '200']);
    expect(hung.code).toBe(2);
    expect(hung.output).toContain('no answer within 200 ms');
  });
});
