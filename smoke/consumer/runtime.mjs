// Run by Node, Bun and Deno from the consumer project: `<runtime> runtime.mjs <fixture base URL>`.
// 1. every client against the fixture server (checks.mjs);
// 2. the Hive webstore-profile handler served by this runtime's own server (node:http via toNodeListener,
//    Bun.serve, Deno.serve) on 127.0.0.1 and called once with the Hive client;
// 3. the same handler with `allowedIps: ['127.0.0.1']`, mounted the way the README shows (informational).
// Prints one line `SMOKE_RESULT {json}` and exits 0 (the parent judges the results).
import { createWebstoreProfileHandler, createHiveWebshopClient } from '@gamestore/hive';
import { expectEqual, runChecks } from './checks.mjs';
import { INT64_MAX } from './fixtures.mjs';

const args = globalThis.Deno ? globalThis.Deno.args : process.argv.slice(2);
const base = args[0];
if (!base) throw new Error('usage: runtime.mjs <fixture base URL>');

const runtime = globalThis.Deno
  ? `deno ${globalThis.Deno.version.deno}`
  : globalThis.Bun
    ? `bun ${globalThis.Bun.version}`
    : `node ${process.versions.node}`;

/** Starts `handler` on 127.0.0.1 with this runtime's server; answers its URL, a closer and how it was mounted. */
async function serve(handler) {
  if (globalThis.Deno) {
    const server = globalThis.Deno.serve({ hostname: '127.0.0.1', port: 0, onListen() {} }, handler);
    return { url: `http://127.0.0.1:${server.addr.port}`, close: () => server.shutdown(), how: 'Deno.serve(handler)' };
  }
  if (globalThis.Bun) {
    const server = globalThis.Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: handler });
    return { url: `http://127.0.0.1:${server.port}`, close: () => server.stop(true), how: 'Bun.serve({ fetch: handler })' };
  }
  const { createServer } = await import('node:http');
  const { toNodeListener } = await import('@gamestore/core/node');
  const server = createServer(toNodeListener(handler));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
    how: 'node:http + toNodeListener(handler)',
  };
}

async function servedHandler(allowedIps) {
  const handler = createWebstoreProfileHandler({
    lookup: async ({ csCode }) => (csCode === INT64_MAX ? [{ server_id: '7', server_name: 'Served' }] : null),
    ...(allowedIps && { allowedIps }),
  });
  const server = await serve(handler);
  try {
    const profile = await createHiveWebshopClient({ baseUrl: server.url }).getWebstoreProfile(INT64_MAX);
    expectEqual('served cs_code', profile.cs_code, INT64_MAX);
    expectEqual('served server_id', profile.data[0]?.server_id, '7');
    return { result: 'ok', how: server.how };
  } catch (e) {
    return { result: e instanceof Error ? `${e.name}: ${e.message}` : String(e), how: server.how };
  } finally {
    await server.close();
  }
}

const results = await runChecks(base);
let served;
let allowList;
try {
  served = await servedHandler();
  allowList = await servedHandler(['127.0.0.1']);
} catch (e) {
  served = { result: `could not serve: ${e instanceof Error ? e.message : String(e)}`, how: '?' };
}
console.log(`SMOKE_RESULT ${JSON.stringify({ runtime, results, served, allowList })}`);
