/**
 * Hive web shop: from payment notification to granted item. A player pays in the web shop; Hive posts the PG
 * payment notification to the game server's endpoint (here a local one on 127.0.0.1); the handler asks Hive
 * whether that order was really paid (the payment completion history, then the receipt), grants Hive's record
 * once, and reports the delivery back to Hive. A replay grants nothing; a forged order is refused.
 *
 *   HIVE_BASE_URL=http://127.0.0.1:4020 pnpm --filter @gamestore/examples hive:delivery   (a `npx gamestore sandbox`)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeListener } from '@gamestore/hive/node';
import { createHivePaymentClient, createHivePaymentHandler } from '@gamestore/hive';
import { pgliteLedger } from '@gamestore/ledger/pglite';

const hive = createHivePaymentClient({
  environment: 'sandbox',
  authKey: process.env.HIVE_AUTH_KEY ?? 'example-hive-auth-key',
  appId: process.env.HIVE_APP_ID ?? 'com.example.game.windows.hivepc.global.normal',
  baseUrl: process.env.HIVE_BASE_URL, // unset: Hive's sandbox hosts
});

// 1. the grant ledger: PGlite (PostgreSQL in WebAssembly, in memory here) with the game's inventory table, so the
//    item and the ledger's record of the order commit in one transaction (pgLedger on a real PostgreSQL in production)
const ledger = await pgliteLedger({ transactional: true });
await ledger.db.query('CREATE TABLE inventory (player text, product text, quantity int, order_key text)');

// 2. the game server's notification endpoint: verify with Hive, grant once per order, report the delivery
const granted: string[] = [];
const handler = createHivePaymentHandler({
  verifyPayment: hive,
  idempotency: ledger,
  grant: async (purchase, { orderKey, transactionId, transaction }) => {
    const tx = transaction as typeof ledger.db; // the ledger's transaction: the item and the record commit together
    await tx.query('INSERT INTO inventory VALUES ($1, $2, $3, $4)', [purchase.vid, purchase.market_pid, purchase.quantity, orderKey]);
    granted.push(`${orderKey}: ${purchase.quantity} × ${purchase.market_pid} to player ${purchase.vid}`);
    if (transactionId) {
      await hive.sendItemResult({ body: { hiveiap_transaction_id: transactionId, result_status: 1, user_id_type: 'player_id', user_id: String(purchase.vid) } });
    }
  },
});
const server = createServer(toNodeListener(handler));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hive/payment`;

// 3. a player pays in the web shop: here the sandbox records the payment (POST /_sandbox/hive/payments), and Hive's
//    notification for it is posted to the endpoint, then posted again; then a forged one arrives
const recorded = await fetch(`${process.env.HIVE_BASE_URL}/_sandbox/hive/payments`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ player_id: '20000010000', server_id: 'global', market_pid: 'com.example.game.gem_pack_100' }),
});
if (recorded.status !== 201) throw new Error(`the sandbox did not record the payment: ${recorded.status} ${await recorded.text()}`);
const { payment } = (await recorded.json()) as { payment: { order_id: string } };
const paid = { type: 'paid', order_id: payment.order_id, server_id: 'global', vid: '20000010000', market_pid: 'com.example.game.gem_pack_100' };
const deliver = async (body: object) => (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status;
const first = await deliver(paid);
const replay = await deliver(paid);
const forged = await deliver({ ...paid, order_id: 'PG-FORGED-1' });
server.close();
const { rows } = await ledger.db.query('SELECT count(*)::int AS n FROM inventory');
await ledger.close();
console.log(`notification answered ${first}, the replay ${replay}, a forged order ${forged}; granted ${granted.length} time(s): ${granted.join('; ')}`);
console.log(`inventory rows: ${(rows[0] as { n: number }).n}`);
if ((rows[0] as { n: number }).n !== 1 || granted.length !== 1 || first !== 200 || replay !== 200 || forged !== 422) throw new Error('the web-shop order was not granted exactly once');
