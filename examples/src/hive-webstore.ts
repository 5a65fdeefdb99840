/**
 * Hive web shop: serve the webstore-profile endpoint on 127.0.0.1 and check it with `gamestore-hive check`, the
 * way Hive's server calls it. With HIVE_WEBSTORE_URL set (e.g. a `pnpm mock hive-webshop`), that endpoint is
 * checked too.
 *
 *   pnpm --filter @gamestore/examples hive:webstore
 *   HIVE_WEBSTORE_URL=http://127.0.0.1:4010 pnpm --filter @gamestore/examples hive:webstore
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { toNodeListener } from '@gamestore/hive/node';
import { createWebstoreProfileHandler, type ServerInput } from '@gamestore/hive';

// the game's data: a player with a character on a server without channels (the placeholder channel is filled in)
const players = new Map<string, ServerInput[]>([
  ['100001234', [{ server_id: 'kr-1', server_name: 'Korea 1', characters: [{ character_id: 'c-77', character_name: 'Aria', character_level: '42' }] }]],
]);
const handler = createWebstoreProfileHandler({ lookup: ({ csCode }) => players.get(csCode) ?? null });
const server = createServer(toNodeListener(handler));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const ours = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webstore-profile`;

// the published `gamestore-hive` command, run as a user would run it
const require = createRequire(import.meta.url);
const manifest = require.resolve('@gamestore/hive/package.json');
const bin = path.join(path.dirname(manifest), (JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> }).bin['gamestore-hive']!);
const check = (url: string, csCode: string) =>
  new Promise<number>((resolve) => {
    console.log(`$ gamestore-hive check ${url} --cs-code ${csCode}`);
    execFile(process.execPath, [bin, 'check', url, '--cs-code', csCode, '--timeout', '5000'], (error, stdout, stderr) => {
      process.stdout.write(`${stdout.trimEnd().replace(/^/gm, '  ')}\n${stderr}`);
      resolve(error ? Number(error.code ?? 2) : 0);
    });
  });

const codes = [await check(ours, '100001234'), await check(ours, 'someone-else')];
if (process.env.HIVE_WEBSTORE_URL) codes.push(await check(`${process.env.HIVE_WEBSTORE_URL.replace(/\/$/, '')}/webstore-profile`, '100001234'));
server.close();
console.log(`checked ${codes.length} endpoint answer(s): ${codes.every((c) => c === 0) ? 'all conform' : `exit codes ${codes.join(', ')}`}`);
process.exitCode = codes.every((c) => c === 0) ? 0 : 1;
