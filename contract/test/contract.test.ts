/**
 * The contract of every spec in redocly.yaml:
 *
 * 1. Clients → mocks. For each API, a Prism mock of its spec (request validation on) is started; every operation is
 *    called at least once through our client, with the typed input built from the spec's own examples (one call per
 *    request-body example). A call passes when Prism reports no violation (`sl-violations`), the request reached the
 *    operation's path with its documented 2xx, and the client resolved. Int64 digits are not compared: Prism reads
 *    JSON into doubles, so the mocks' int64 examples are shortened below 2^53 (`mockDocument` in scripts/mock.ts)
 *    and the raw-text fixtures of the package tests prove exact digits.
 * 2. Handlers → specs. The servers we implement (Hive webstore-profile, STOVE payment-complete webhook) answer every
 *    request the specs describe, and every status they document, with a body that validates against the spec.
 * 3. Coverage. Every operation and webhook of every spec has a passing contract call, or the suite fails naming it.
 */
import { unavailableStore } from '@gamestore/core/testing';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeListener, type WebHandler } from '@gamestore/core/node';
import {
  createHivePaymentClient,
  createHivePaymentHandler,
  createHiveWebshopClient,
  createWebstoreProfileHandler,
  HIVE_SERVER_IPS,
  type PaymentClaim,
  type ServerInput,
} from '@gamestore/hive';
import { createPaymentCompleteHandler, memoryIdempotencyStore } from '@gamestore/stove';
import { createXsollaWebhookHandler, signXsollaWebhook } from '@gamestore/xsolla/webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readApis } from '../../scripts/generate.js';
import { mockDocument, startMock, type MockServer } from '../../scripts/mock.js';
import { ADAPTERS, CREDENTIALS, type Caller } from '../src/clients.js';
import { callsFor, specOf, type Call, type Spec, type SpecOperation } from '../src/spec.js';
import { answerChecker, documentedStatuses } from '../src/validate.js';
import { recorder, templatePattern, type Exchange } from '../src/wire.js';

const apis = await readApis();
// built from the document each mock serves (int64 examples beyond 2^53 shortened: Prism reads doubles)
const specs = await Promise.all(apis.map(async (api) => specOf(api.name, await mockDocument(api))));
const specNamed = (name: string) => specs.find((s) => s.api === name)!;

/** `api operationId` of every passing contract call */
const covered = new Set<string>();
/** operations that have no contract call, and why */
const missing: string[] = [];
/** `api operationId` of every operation that has at least one contract call */
const attempted = new Set<string>();
const stats = new Map<string, { calls: number; warnings: number; startMs?: number }>();
const key = (spec: Spec, op: SpecOperation) => `${spec.api} ${op.id}`;

const show = (e: Exchange) =>
  `${e.method} ${e.url.pathname}${e.url.search} → ${e.status}: ${e.violations.map((v) => `[${v.location.join('.')}] ${v.message}`).join('; ')}`;

// ---------------------------------------------------------------------------------------------------------------
// 1. every operation, through our clients, against a Prism mock of its spec

for (const spec of specs) {
  const adapter = ADAPTERS[spec.api];
  const cases: { op: SpecOperation; call: Call }[] = [];
  for (const op of spec.operations) {
    const built = adapter ? callsFor(spec, op, { bound: adapter.bound }) : 'no client adapter in contract/src/clients.ts';
    if (typeof built === 'string') missing.push(`${key(spec, op)}: ${built}`);
    else {
      attempted.add(key(spec, op));
      cases.push(...built.map((call) => ({ op, call })));
    }
  }
  stats.set(spec.api, { calls: cases.length, warnings: 0 });
  if (!adapter || !cases.length) continue;

  describe(`${spec.api}: our client against a Prism mock of ${apis.find((a) => a.name === spec.api)!.root}`, () => {
    const { fetch, exchanges } = recorder();
    let mock: MockServer | undefined;
    let callers: Record<string, Caller> = {};

    beforeAll(async () => {
      mock = await startMock(apis.find((a) => a.name === spec.api)!, { port: 0, logLevel: 'error', timeoutMs: 30_000 });
      stats.get(spec.api)!.startMs = mock.startMs;
      callers = adapter.connect(mock.url, fetch, spec);
    });
    afterAll(async () => {
      await mock?.stop();
    });

    it.each(cases)('$call.name', async ({ op, call }) => {
      const caller = callers[op.id];
      expect(caller, `the ${spec.api} client has no call for ${op.id}`).toBeTypeOf('function');
      const before = exchanges.length;
      const outcome = await caller!(call.input).then(
        () => undefined,
        (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e)),
      );
      const sent = exchanges.slice(before);
      const violations = sent.filter((e) => e.violations.some((v) => v.severity === 'Error'));
      stats.get(spec.api)!.warnings += sent.flatMap((e) => e.violations).filter((v) => v.severity !== 'Error').length;
      expect(violations.map(show), `Prism found request violations in ${op.id}`).toEqual([]);
      expect(outcome, `${op.id} rejected`).toBeUndefined();
      const pattern = templatePattern(op.path);
      const hit = sent.find((e) => e.method === op.method && pattern.test(e.url.pathname));
      expect(hit, `no ${op.method} ${op.path} reached the mock (sent: ${sent.map(show).join(', ') || 'nothing'})`).toBeDefined();
      expect(hit!.status).toBe(op.success.status);
      covered.add(key(spec, op));
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// 2. the handlers we implement answer as their specs document

const json = (body: unknown, type = 'application/json') =>
  new Request('http://127.0.0.1/', { method: 'POST', headers: { 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) });

async function conforms(spec: Spec, op: SpecOperation, response: Response, text?: string) {
  const body = text ?? (await response.text());
  const problems = answerChecker(spec).check(op, response.status, response.headers.get('content-type'), body ? JSON.parse(body) : undefined);
  expect(problems, `${op.id} answered ${response.status} ${body}`).toEqual([]);
}

/**
 * One test per documented error status of `op`: its trigger's answer has that status and validates against the
 * spec; with `complete`, also that there is a trigger for every documented error status and no other.
 */
function errorStatusTests(spec: Spec, op: SpecOperation, triggers: Record<number, () => Promise<Response>>, prefix: string, complete = true) {
  const errors = documentedStatuses(spec, op).filter((s) => s !== op.success.status);
  if (complete) it(`${prefix}a trigger for every documented error status`, () => expect(Object.keys(triggers).map(Number)).toEqual(errors));
  it.each(errors)(`${prefix}status %i validates against the spec`, async (status) => {
    const response = await triggers[status]!();
    expect(response.status).toBe(status);
    await conforms(spec, op, response);
  });
}

/** The answer to a duplicate delivered while the first delivery of the same body is still granting (a 409). */
async function duplicateWhileGranting(build: (grant: () => Promise<void>) => WebHandler, body: unknown): Promise<Response> {
  let release!: () => void;
  let entered!: () => void;
  const granting = new Promise<void>((r) => (entered = r));
  const slow = build(
    () =>
      new Promise<void>((r) => {
        release = r;
        entered();
      }),
  );
  const first = slow(json(body));
  await granting; // the first delivery holds the claim while its grant runs
  const second = await slow(json(body));
  release();
  await first;
  return second;
}

function serve(handler: WebHandler) {
  const server: Server = createServer(toNodeListener(handler));
  return {
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    listen: () => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('hive-webshop: our webstore-profile handler, called by our client on 127.0.0.1', () => {
  const spec = specNamed('hive-webshop');
  const op = spec.operations.find((o) => o.id === 'getWebstoreProfile')!;
  const players: Record<string, ServerInput[]> = {
    '100001234': [
      { server_id: '1', server_name: 'Server 1', channels: [{ channel_id: '1', channel_name: 'Channel 1', characters: [{ character_id: 'A', character_name: 'Character A', character_level: '99' }] }] },
    ],
    c_1234123: [{ server_id: '4', server_name: 'Server 4' }],
  };
  const lookup = ({ csCode }: { csCode: string }) => players[csCode] ?? null;
  const handler = createWebstoreProfileHandler({ lookup });
  const server = serve(handler);
  beforeAll(server.listen);
  afterAll(server.close);

  const examples = (op.body?.examples ?? []) as { cs_code: string | number }[];
  it.each([...examples.map((e) => String(e.cs_code)), 'unknown-player'])('cs_code %s: the answer validates against the 200 response', async (csCode) => {
    const { response, text } = await createHiveWebshopClient({ baseUrl: server.url() }).getWebstoreProfileRaw(csCode);
    expect(response.status).toBe(200);
    await conforms(spec, op, response, text);
  });

  // one request per documented error status, each answer validated against that status's response
  const triggers: Record<number, () => Promise<Response>> = {
    400: () => handler(json({})),
    403: () => createWebstoreProfileHandler({ lookup, allowedIps: HIVE_SERVER_IPS })(json({ cs_code: 'c_1234123' }), { remoteAddress: '127.0.0.1' }),
    405: () => handler(new Request('http://127.0.0.1/', { method: 'GET' })),
    413: () => handler(json({ cs_code: 'x'.repeat(20_000) })),
    415: () => handler(json({ cs_code: 'c_1234123' }, 'text/plain')),
    500: () => createWebstoreProfileHandler({ lookup: () => Promise.reject(new Error('database down')) })(json({ cs_code: 'c_1234123' })),
  };
  errorStatusTests(spec, op, triggers, '');
});

describe('stove-bill-store: our payment-complete handler (the notifyPaymentComplete webhook) on 127.0.0.1', () => {
  const spec = specNamed('stove-bill-store');
  const handler = createPaymentCompleteHandler({ grant: () => undefined, idempotency: memoryIdempotencyStore() });
  const server = serve(handler);
  beforeAll(server.listen);
  afterAll(server.close);
  const notification = { bill_platform_type: 'SHOP', noti_type: 'ONLINE_PURCHASE', guid: '1', tid: 'T-contract' };

  // one request per documented error status, each answer validated against that status's response
  const triggers: Record<number, () => Promise<Response>> = {
    400: () => handler(json({ noti_type: 'ONLINE_PURCHASE' })),
    403: () =>
      createPaymentCompleteHandler({ grant: () => undefined, idempotency: memoryIdempotencyStore(), allowedIps: ['10.0.0.0/8'] })(json(notification), {
        remoteAddress: '203.0.113.5',
      }),
    405: () => handler(new Request('http://127.0.0.1/', { method: 'GET' })),
    409: () => duplicateWhileGranting((grant) => createPaymentCompleteHandler({ grant, idempotency: memoryIdempotencyStore() }), notification),
    413: () => handler(json({ ...notification, pad: 'x'.repeat(70_000) })),
    415: () => handler(json(notification, 'text/plain')),
    500: () => createPaymentCompleteHandler({ grant: () => Promise.reject(new Error('inventory down')), idempotency: memoryIdempotencyStore() })(json(notification)),
  };

  for (const op of spec.webhooks) {
    const post = (body: unknown) => fetch(server.url(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    it.each(op.body?.examples ?? [])(`${op.id}: the spec's notification %# is granted with a documented answer`, async (example) => {
      const response = await post(example);
      expect(response.status).toBe(op.success.status);
      await conforms(spec, op, response);
      covered.add(key(spec, op));
    });
    errorStatusTests(spec, op, triggers, `${op.id}: `);
  }
});

describe('hive-payment: our PG payment notification handler, verifying with our client against a Prism mock of Hive', () => {
  const spec = specNamed('hive-payment');
  let mock: MockServer | undefined;
  // our client against the mock, made when a payment is verified (the mock's URL is known from beforeAll on)
  const verifyPayment = (claim: PaymentClaim) =>
    createHivePaymentClient({ environment: 'sandbox', ...CREDENTIALS.hive, baseUrl: mock!.url, retry: false }).verifyPgPayment(claim);
  const make = (over: Partial<Parameters<typeof createHivePaymentHandler>[0]> = {}) =>
    createHivePaymentHandler({ verifyPayment, grant: () => undefined, idempotency: memoryIdempotencyStore(), ...over });
  const handler = make();
  beforeAll(async () => {
    // the completion history the mock answers (its first example) holds the order of the webhook's example
    mock = await startMock(apis.find((a) => a.name === 'hive-payment')!, { port: 0, logLevel: 'error', timeoutMs: 30_000 });
  });
  afterAll(() => mock?.stop());

  for (const op of spec.webhooks) {
    const example = op.body?.examples[0] as Record<string, unknown>;
    it.each(op.body?.examples ?? [])(`${op.id}: the spec's notification %# is verified with Hive and granted, with a documented answer`, async (body) => {
      let granted = 0;
      const once = make({ grant: () => void granted++ });
      const response = await once(json(body));
      expect(response.status).toBe(op.success.status);
      await conforms(spec, op, response);
      expect(granted).toBe(1);
      covered.add(key(spec, op));
    });
    const triggers: Record<number, () => Promise<Response>> = {
      400: () => handler(json({ type: 'paid' })),
      403: () => make({ allowedIps: ['10.0.0.0/8'] })(json(example), { remoteAddress: '203.0.113.5' }),
      405: () => handler(new Request('http://127.0.0.1/', { method: 'GET' })),
      409: () => duplicateWhileGranting((grant) => make({ grant }), example),
      413: () => handler(json({ ...example, pad: 'x'.repeat(70_000) })),
      415: () => handler(json(example, 'text/plain')),
      422: () => handler(json({ ...example, order_id: 'an-order-hive-never-recorded' })),
      500: () => make({ grant: () => Promise.reject(new Error('inventory down')) })(json(example)),
      503: () => make({ idempotency: unavailableStore(new Error('db down')) })(json(example)),
    };
    errorStatusTests(spec, op, triggers, `${op.id}: `);
  }
});

describe('xsolla: our webhook handler (every webhook of the Catalog and LiveOps specs) on 127.0.0.1', () => {
  const SECRET = 'contract-webhook-secret';
  const handler = createXsollaWebhookHandler({
    secret: SECRET,
    idempotency: memoryIdempotencyStore(),
    grant: () => undefined,
    revoke: () => undefined,
    payment: () => undefined,
    validateUser: () => true,
    personalizeCatalog: () => [{ sku: 'com.xsolla.sword_1', quantity: 1 }],
  });
  const server = serve(handler);
  beforeAll(server.listen);
  afterAll(server.close);
  const signed = async (body: unknown) => {
    const text = JSON.stringify(body);
    return { method: 'POST', headers: { 'content-type': 'application/json', authorization: await signXsollaWebhook(text, SECRET) }, body: text };
  };
  const failing = createXsollaWebhookHandler({
    secret: SECRET,
    idempotency: memoryIdempotencyStore(),
    grant: () => Promise.reject(new Error('inventory down')),
    revoke: () => Promise.reject(new Error('inventory down')),
    payment: () => Promise.reject(new Error('ledger down')),
    validateUser: () => Promise.reject(new Error('players down')),
    personalizeCatalog: () => null,
  });

  for (const spec of [specNamed('xsolla-catalog'), specNamed('xsolla-liveops')]) {
    for (const op of spec.webhooks) {
      const example = op.body?.examples[0];
      it.each(op.body?.examples ?? [])(`${spec.api} ${op.id}: the spec's notification %# gets its documented answer`, async (body) => {
        const response = await fetch(server.url(), await signed(body));
        expect(response.status).toBe(op.success.status);
        await conforms(spec, op, response);
        covered.add(key(spec, op));
      });
      // one trigger per documented error status: a bad signature (400), a failing callback (500), an unknown user (404)
      const triggers: Record<number, () => Promise<Response>> = {
        400: async () => handler(new Request('http://127.0.0.1/', { ...(await signed(example)), headers: { 'content-type': 'application/json', authorization: 'Signature 0' } })),
        404: async () => failing(new Request('http://127.0.0.1/', await signed(example))),
        500: async () => failing(new Request('http://127.0.0.1/', await signed(example))),
      };
      errorStatusTests(spec, op, triggers, `${spec.api} ${op.id}: `, false);
    }
  }
});

// ---------------------------------------------------------------------------------------------------------------
// 3. coverage: nothing in specs/ without a contract call

describe('coverage', () => {
  it('every operation and webhook of every spec in redocly.yaml has a passing contract call', () => {
    const rows = specs.map((spec) => {
      const all = [...spec.operations, ...spec.webhooks];
      const done = all.filter((op) => covered.has(key(spec, op)));
      const s = stats.get(spec.api)!;
      return {
        api: spec.api,
        operations: spec.operations.length,
        webhooks: spec.webhooks.length,
        covered: done.length,
        'mock calls': s.calls,
        'Prism warnings': s.warnings,
        'Prism start (ms)': s.startMs ?? '-',
      };
    });
    const total = rows.reduce((n, r) => n + r.operations + r.webhooks, 0);
    const done = rows.reduce((n, r) => n + r.covered, 0);
    console.log(`contract calls cover ${done} of ${total} operations and webhooks in ${specs.length} specs`);
    console.table(rows);
    const uncovered = specs.flatMap((spec) =>
      [...spec.operations, ...spec.webhooks].filter((op) => !covered.has(key(spec, op))).map((op) => {
        const why = missing.find((m) => m.startsWith(`${key(spec, op)}:`));
        return why ?? `${key(spec, op)}: ${attempted.has(key(spec, op)) ? 'its contract call failed (see above)' : 'has no contract call'}`;
      }),
    );
    if (uncovered.length) console.log(`without a passing contract call:\n  ${uncovered.join('\n  ')}`);
    expect(uncovered).toEqual([]);
  });
});
