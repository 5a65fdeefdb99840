/**
 * The sandbox phase, in a fresh pnpm project that added only @gamestore/sandbox and the provider packages from the
 * tarballs (`pnpmProject` in pack.ts): `gamestore sandbox` started from its installed bin (as `npx gamestore` would), then
 * three delivery flows written as a user writes them, with only those packages (resolved from that folder, never
 * from the workspace), each endpoint on node:http on 127.0.0.1:
 *
 *   Xsolla  admin creates an item → the catalog lists it → cart → order → paid in the sandbox → the signed order_paid
 *           reaches createXsollaWebhookHandler, which grants once → waitForOrder says `done`
 *   STOVE   a purchase in the sandbox → createPaymentCompleteHandler grants once → listWebInventory lists it
 *   Hive    a payment in the sandbox → createHivePaymentHandler verifies it with the sandbox, grants once, reports it
 *
 * then every delivery again (the platform's retry: nothing granted), and a restart on the same `--data` file (the
 * order is still `done`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cleanEnv, seconds } from './proc.js';

export interface SandboxOutcome {
  lines: string[];
  failures: string[];
}

const SECRET = 'smoke-webhook-secret';

/** A running `gamestore sandbox`: its URL, and a stop that waits for it to exit. */
async function startBin(bin: string, args: string[]): Promise<{ url: string; stop(): Promise<void>; output(): string }> {
  const child: ChildProcess = spawn(bin, ['sandbox', '--port', '0', ...args], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gamestore sandbox did not start in 30 s:\n${output}`)), 30_000);
    const read = (d: Buffer) => {
      output += d;
      const found = /gamestore sandbox on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('close', (code) => reject(new Error(`gamestore sandbox exited ${code}:\n${output}`)));
  });
  return {
    url,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** A node:http server on 127.0.0.1 whose handler is given once the sandbox's URL is known. */
async function endpoint(toNodeListener: (h: any) => any): Promise<{ url: string; server: Server; handle(h: any): void }> {
  let listener: ((req: any, res: any) => void) | undefined;
  const server = createServer((req, res) => (listener ? listener(req, res) : res.writeHead(503).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, handle: (h) => void (listener = toNodeListener(h)) };
}

const post = async (url: string, body: unknown = {}): Promise<any> =>
  (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();

/** The packages a sandbox user adds: the sandbox and the three providers (their own dependencies come with them). */
export const SANDBOX_USER_PACKAGES = ['@gamestore/sandbox', '@gamestore/xsolla', '@gamestore/stove', '@gamestore/hive'];

export async function runSandboxFlows(consumerDir: string, work: string): Promise<SandboxOutcome> {
  const lines: string[] = [];
  const failures: string[] = [];
  const check = (ok: boolean, line: string) => {
    lines.push(`${ok ? '✓' : '✗'} ${line}`);
    if (!ok) failures.push(line);
  };
  // the installed packages, as the consumer folder resolves them
  const resolve = createRequire(path.join(consumerDir, 'package.json')).resolve;
  const load = (name: string): Promise<any> => import(pathToFileURL(resolve(name)).href);
  // only what a user installs: the provider packages and the sandbox (each provider re-exports what its README uses)
  const [node, xsolla, webhooks, stove, hive] = await Promise.all(
    ['@gamestore/hive/node', '@gamestore/xsolla', '@gamestore/xsolla/webhooks', '@gamestore/stove', '@gamestore/hive'].map(load),
  );
  const bin = path.join(consumerDir, 'node_modules', '.bin', 'gamestore');
  const data = path.join(work, 'sandbox-state.json');

  const servers: Server[] = [];
  let sandbox: Awaited<ReturnType<typeof startBin>> | undefined;
  try {
    const granted = { xsolla: [] as any[], stove: [] as any[], hive: [] as any[] };
    const xsollaGame = await endpoint(node.toNodeListener);
    const stoveGame = await endpoint(node.toNodeListener);
    const hiveGame = await endpoint(node.toNodeListener);
    servers.push(xsollaGame.server, stoveGame.server, hiveGame.server);
    const hooks = ['--xsolla-webhook', `${xsollaGame.url}/xsolla`, '--xsolla-secret', SECRET, '--stove-webhook', `${stoveGame.url}/stove`, '--hive-webhook', `${hiveGame.url}/hive`];
    const t0 = performance.now();
    sandbox = await startBin(bin, ['--data', data, ...hooks]);
    lines.push(`· gamestore sandbox (the installed bin) on ${sandbox.url} in ${seconds(performance.now() - t0)}`);
    const { url } = sandbox;

    // the game server's endpoints, as the packages' READMEs write them
    xsollaGame.handle(webhooks.createXsollaWebhookHandler({ secret: SECRET, idempotency: webhooks.memoryIdempotencyStore(), grant: (e: any) => void granted.xsolla.push(e) }));
    stoveGame.handle(stove.createPaymentCompleteHandler({ idempotency: stove.memoryIdempotencyStore(), grant: (n: any) => void granted.stove.push(n) }));
    const hiveClient = hive.createHivePaymentClient({ environment: 'sandbox', authKey: 'smoke-hive-key', appId: 'com.example.game', baseUrl: url });
    hiveGame.handle(
      hive.createHivePaymentHandler({
        verifyPayment: hiveClient,
        idempotency: hive.memoryIdempotencyStore(),
        grant: async (purchase: any, { transactionId }: any) => {
          granted.hive.push(purchase);
          await hiveClient.sendItemResult({ body: { hiveiap_transaction_id: transactionId, result_status: 1, user_id_type: 'player_id', user_id: purchase.vid } });
        },
      }),
    );

    // Xsolla
    const admin = xsolla.createXsollaCatalogClient({ projectId: '44056', apiKey: 'smoke-api-key', baseUrl: `${url}/api` });
    const player = xsolla.createXsollaCatalogClient({ projectId: '44056', baseUrl: `${url}/api` }).forUser('smoke.user.jwt');
    await admin.adminCreateVirtualItem({ body: { sku: 'booster_mega_1', name: { en: 'Mega booster' }, is_enabled: true, prices: [{ amount: 2.99, currency: 'USD', is_default: true, is_enabled: true }] } });
    const { items } = await player.getVirtualItems({ query: { limit: 5 } });
    await player.putItem({ path: { item_sku: 'booster_mega_1' }, body: { quantity: 1 } });
    const { order_id: orderId } = await player.createOrder({ body: { sandbox: true } });
    const before = (await player.getOrder({ path: { order_id: String(orderId) } })).status;
    const paid = await post(`${url}/_sandbox/xsolla/orders/${orderId}/pay`);
    const outcome = await xsolla.waitForOrder(player, orderId, { until: 'done', interval: 100, deadline: 10_000 });
    check(
      items.some((i: any) => i.sku === 'booster_mega_1') && before === 'new' && paid.delivery?.status === 204 && granted.xsolla.length === 1 && outcome.status === 'done',
      `Xsolla: item created → listed (${items.length}) → cart → order ${orderId} ${before} → paid → order_paid ${paid.delivery?.status} → granted ${granted.xsolla.length}× → getOrder ${outcome.status}`,
    );

    // STOVE
    const bought = await post(`${url}/_sandbox/stove/purchases`, { guid: '123456', product_id: 1001, product_name: 'Sword' });
    const stoveClient = stove.createStoveClient({ baseUrl: url, serviceId: 'SMOKE', headers: { lang: 'ko', nation: 'KR', timezone: 'Asia/Seoul', callerId: 'SMOKE' } });
    const { value } = await stoveClient.forUser('smoke-player-token').listWebInventory({ query: { shop_key: 'indie', guid: '123456' } });
    const listed = value?.list?.find((i: any) => i.txn_mst_no === bought.purchase?.item.txn_mst_no);
    check(
      bought.delivery?.status === 200 && granted.stove.length === 1 && granted.stove[0]?.tid === bought.purchase?.tid && listed !== undefined,
      `STOVE: purchase ${bought.purchase?.tid} → payment-complete ${bought.delivery?.status} → granted ${granted.stove.length}× → web inventory lists order ${listed?.txn_mst_no ?? '(missing)'}`,
    );

    // Hive
    const payment = await post(`${url}/_sandbox/hive/payments`, { player_id: '20000010000', server_id: 'global', market_pid: 'com.example.game.gem_pack_100' });
    const history = await hiveClient.listUnconsumedPgPurchases({ body: { appid: 'com.example.game', market_id: 15, server_id: 'global', user_id_type: 'player_id', user_id: '20000010000' } });
    check(
      payment.delivery?.status === 200 && granted.hive.length === 1 && granted.hive[0]?.order_id === payment.payment?.order_id && history.unconsumed_lists?.length === 0,
      `Hive: payment ${payment.payment?.order_id} → notification ${payment.delivery?.status} → verified with the sandbox, granted ${granted.hive.length}×, item result sent (unconsumed now: ${history.unconsumed_lists?.length})`,
    );

    // every delivery again: acknowledged, nothing granted
    const state = await (await fetch(`${url}/_sandbox/state`)).json();
    const replays = await Promise.all(state.deliveries.map((_: unknown, i: number) => post(`${url}/_sandbox/deliveries/${i}/resend`)));
    check(
      replays.every((r) => r.accepted) && granted.xsolla.length + granted.stove.length + granted.hive.length === 3,
      `replays: ${replays.map((r) => `${r.event} ${r.status}`).join(', ')}; nothing granted again`,
    );

    // a restart on the same data file keeps the store
    await sandbox.stop();
    sandbox = await startBin(bin, ['--data', data, ...hooks]);
    const restarted = xsolla.createXsollaCatalogClient({ projectId: '44056', baseUrl: `${sandbox.url}/api` }).forUser('smoke.user.jwt');
    const after = (await restarted.getOrder({ path: { order_id: String(orderId) } })).status;
    check(after === 'done', `restart with --data: order ${orderId} is still ${after}`);
  } catch (e) {
    failures.push(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}${sandbox ? `\n${sandbox.output()}` : ''}`);
  } finally {
    await sandbox?.stop();
    for (const s of servers) {
      s.closeAllConnections();
      s.close();
    }
  }
  return { lines, failures };
}
