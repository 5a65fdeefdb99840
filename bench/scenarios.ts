/**
 * The client scenarios of `pnpm bench`, one per process: bench/run.ts builds the library under test into
 * bench/.cache/lib.mjs, then forks this file once per scenario and repetition, so that no scenario runs on a heap
 * or on inline caches shaped by the ones before it (in one process, two copies of the same build measured side by
 * side after the other scenarios gave 1.24× and 1.56× openapi-fetch on the small GET). Each fork answers its rows
 * over IPC.
 *
 *   bench/scenarios.ts <name> <rounds>     one scenario; `list` answers the names
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { median } from './stats.js';

const [NAME, ROUNDS_ARG] = process.argv.slice(2);
const ROUNDS = Number(ROUNDS_ARG ?? 60);

type Core = typeof import('../packages/core/src/index.js');
const lib = (await import(new URL('.cache/lib.mjs', import.meta.url).href)) as Core & {
  createClient: typeof import('openapi-fetch').default;
  defaultBodySerializer: typeof import('openapi-fetch').defaultBodySerializer;
  requestPayload: typeof import('../packages/core/src/client.js').requestPayload;
  createStoveClient: typeof import('../packages/stove/src/index.js').createStoveClient;
  createXsollaCatalogClient: typeof import('../packages/xsolla/src/catalog.js').createXsollaCatalogClient;
};
const { createClient, createApiClient, parseJson, basic, bearer, createStoveClient, createXsollaCatalogClient, requestPayload, defaultBodySerializer } = lib;

export interface Row {
  name: string;
  median_ns: number;
  ratio_vs_raw: number | null;
  ratio_vs_openapi_fetch: number | null;
}
/** a lossless-parsing row and its payload size (the budget lines of issue 20) */
export interface ParseRow {
  name: string;
  bytes: number;
  ratio: number;
}
/** heap bytes one call leaves behind, per client */
export interface GarbageRow {
  name: string;
  openapi_bytes: number;
  core_bytes: number;
}
export interface ScenarioResult {
  rows: Row[];
  parseRows: ParseRow[];
  garbage: GarbageRow[];
}

// ---------------------------------------------------------------------------------------------------------
// fixtures: one API, canned answers

const BASE = 'https://api.example.com/v2';
// as users set clients up: a server key on every call (and a user token for the per-user scenario), retries on
const operations = {
  getItem: { method: 'GET', path: '/items/{item_id}', security: [['userJwt'], ['basicAuth']] },
  createOrder: { method: 'POST', path: '/orders', security: [['basicAuth']] },
  listItems: { method: 'GET', path: '/items', security: [['basicAuth']], int64: { response: ['id'] } },
} as const;
const API_KEY = 'bench-project-key-0123456789';
const BASIC = `Basic ${btoa(`44056:${API_KEY}`)}`;

const SMALL = JSON.stringify({ id: 'sword', sku: 'sword-01', name: 'Sword', price: 10 });
const ORDER = { lines: Array.from({ length: 16 }, (_, i) => ({ sku: `item-sku-${i}`, quantity: i + 1, note: 'x'.repeat(80) })) };
const ORDER_BYTES = Buffer.byteLength(JSON.stringify(ORDER));
const LIST = `{"items":[${Array.from(
  { length: 1000 },
  (_, i) => `{"id":${9007199254740993n + BigInt(i) * 7919n},"sku":"sku-${i}","name":"Item ${i}","price":${(i % 50) + 0.99},"is_free":false}`,
).join(',')}],"has_more":false,"total_items_count":1000}`;
const LIST_FIELDS = { keys: ['id'] };
const HEADERS = { 'content-type': 'application/json' };

const answer = (req: Request) =>
  new Response(req.method === 'POST' ? '{"order_id":"1"}' : req.url.endsWith('/items') ? LIST : SMALL, { status: 200, headers: HEADERS });
const fetchImpl = async (req: Request) => answer(req);

const bare = createClient<any>({ baseUrl: BASE, fetch: fetchImpl, headers: { authorization: BASIC } });
const ours = createApiClient<any>({ baseUrl: BASE, operations, fetch: fetchImpl, auth: { basicAuth: basic('44056', API_KEY) }, retry: { attempts: 3 } });
const userToken = (i: number) => `user-jwt-${i % 100}`;
let requestNo = 0;

// ---------------------------------------------------------------------------------------------------------
// measurement

type Variant = () => Promise<unknown> | unknown;


/** A minor (young generation) collection: the fork runs with `--expose-gc`. */
const collectYoung = () => (globalThis as { gc?: (options: { type: 'minor' }) => void }).gc?.({ type: 'minor' });

/** Runs the variants in interleaved rounds; returns per-round ns/call for each. */
async function measure(variants: Record<string, Variant>, batch: number, warmup: number) {
  const names = Object.keys(variants);
  for (const n of names) for (let i = 0; i < warmup; i++) await variants[n]!();
  const perRound: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < ROUNDS; r++) {
    // rotate the order each round, so that no variant always pays for the garbage of the one before it
    for (let k = 0; k < names.length; k++) {
      const n = names[(r + k) % names.length]!;
      const fn = variants[n]!;
      // each batch starts on an empty young generation, so that it pays for its own garbage, not the last one's
      collectYoung();
      const start = process.hrtime.bigint();
      for (let i = 0; i < batch; i++) await fn();
      perRound[n]!.push(Number(process.hrtime.bigint() - start) / batch);
    }
  }
  return perRound;
}

const pairedRatio = (a: number[], b: number[]) => median(a.map((x, i) => x / b[i]!));
const rows: Row[] = [];
const parseRows: ParseRow[] = [];
const garbage: GarbageRow[] = [];

async function scenario(title: string, variants: { raw: Variant; openapi: Variant; core: Variant }, batch: number, warmup: number) {
  const t = await measure({ raw: variants.raw, openapi: variants.openapi, core: variants.core }, batch, warmup);
  rows.push(
    { name: `${title} · raw fetch`, median_ns: median(t.raw!), ratio_vs_raw: 1, ratio_vs_openapi_fetch: pairedRatio(t.raw!, t.openapi!) },
    { name: `${title} · openapi-fetch`, median_ns: median(t.openapi!), ratio_vs_raw: pairedRatio(t.openapi!, t.raw!), ratio_vs_openapi_fetch: 1 },
    {
      name: `${title} · @gamestore/core`,
      median_ns: median(t.core!),
      ratio_vs_raw: pairedRatio(t.core!, t.raw!),
      ratio_vs_openapi_fetch: pairedRatio(t.core!, t.openapi!),
    },
  );
}

const rawJson = async (req: Request) => (await fetchImpl(req)).json();

// STOVE, as a game server sets it up (locale headers, the player's token, retries on), against openapi-fetch with the
// same headers written by hand (the UTC offset computed once) and the same query (shop_key, guid, ts)
const STOVE = 'https://api.onstove.com';
const STOVE_PATH = '/bill-store/v1.0/{service_id}/product/inventory/web';
const STOVE_HEADERS = { lang: 'ko', nation: 'KR', timezone: 'Asia/Seoul', callerId: 'MYGAME_GAME_SERVER' };
const STOVE_WIRE = { 'X-Lang': 'ko', 'X-Nation': 'KR', 'X-Timezone': 'Asia/Seoul', 'X-Utc-Offset': '540', 'caller-id': 'MYGAME_GAME_SERVER' };
const PLAYER_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.player-token.signature';
const inventoryLine = (i: number) =>
  `{"txn_mst_no":${4683669676745096843n + BigInt(i)},"txn_dtl_no":${5683669676745096842n + BigInt(i)},"product_id":${1001 + i},` +
  `"inservice_item_id":"gameid${i}","product_name":"아이템 ${i}","quantity":1,"thumbnail_url":"https://cdn.example.com/items/${i}.png"}`;
const inventory = (lines: number) => `{"value":{"total_count":${lines},"list":[${Array.from({ length: lines }, (_, i) => inventoryLine(i)).join(',')}]},"code":0,"message":"OK"}`;
const INVENTORY_FIELDS = { keys: ['product_id', 'txn_dtl_no', 'txn_mst_no'] };

/**
 * The STOVE inventory call of `lines` lines as a game server makes it (\`shared\`), and the same call through a
 * per-user client made for each request (\`perUser\`), each with its raw fetch and openapi-fetch counterparts.
 */
function stoveCalls(lines: number) {
  const text = inventory(lines);
  const stoveFetch = async (_req: Request) => new Response(text, { status: 200, headers: HEADERS });
  const stove = createStoveClient({ environment: 'live', serviceId: 'MYGAME', headers: STOVE_HEADERS, accessToken: PLAYER_TOKEN, fetch: stoveFetch });
  const bareStove = createClient<any>({ baseUrl: STOVE, fetch: stoveFetch, headers: { ...STOVE_WIRE, authorization: PLAYER_TOKEN } });
  const shared = createStoveClient({ environment: 'live', serviceId: 'MYGAME', headers: STOVE_HEADERS, fetch: stoveFetch });
  const bareShared = createClient<any>({ baseUrl: STOVE, fetch: stoveFetch, headers: STOVE_WIRE });
  const query = { shop_key: 'indie', guid: '123456' };
  const rawUrl = () => `${STOVE}/bill-store/v1.0/MYGAME/product/inventory/web?shop_key=indie&guid=123456&ts=${Date.now()}`;
  return {
    shared: {
      raw: async () => (await stoveFetch(new Request(rawUrl(), { headers: { ...STOVE_WIRE, authorization: PLAYER_TOKEN } }))).json(),
      openapi: () => bareStove.GET(STOVE_PATH, { params: { path: { service_id: 'MYGAME' }, query: { ...query, ts: Date.now() } } }),
      core: () => stove.listWebInventory({ query }),
    },
    perUser: {
      raw: async () => (await stoveFetch(new Request(rawUrl(), { headers: { ...STOVE_WIRE, authorization: userToken(++requestNo) } }))).json(),
      openapi: () => bareShared.GET(STOVE_PATH, { params: { path: { service_id: 'MYGAME' }, query: { ...query, ts: Date.now() } }, headers: { authorization: userToken(++requestNo) } }),
      core: () => shared.forUser(userToken(++requestNo)).listWebInventory({ query }),
    },
  };
}

// Xsolla Catalog as a game server uses it per request: a per-user client (`forUser(jwt)`) and one user call (the cart,
// whose item ids are int64), against openapi-fetch with a per-call token
const XSOLLA = 'https://store.xsolla.com/api';
const CART =
  '{"cart_id":"cart-1","is_free":false,"items":[{"item_id":726382740000000001,"sku":"sword-01","name":"Sword","quantity":1,' +
  '"price":{"amount":"9.99","currency":"USD"}}],"price":{"amount":"9.99","currency":"USD"}}';
const cartFetch = async (_req: Request) => new Response(CART, { status: 200, headers: HEADERS });
const xsolla = createXsollaCatalogClient({ projectId: 44056, fetch: cartFetch });
const bareXsolla = createClient<any>({ baseUrl: XSOLLA, fetch: cartFetch });
const xsollaPerUser = {
  raw: async () => (await cartFetch(new Request(`${XSOLLA}/v2/project/44056/cart`, { headers: { authorization: `Bearer ${userToken(++requestNo)}` } }))).json(),
  openapi: () =>
    bareXsolla.GET('/v2/project/{project_id}/cart', { params: { path: { project_id: 44056 } }, headers: { authorization: `Bearer ${userToken(++requestNo)}` } }),
  core: () => xsolla.forUser(userToken(++requestNo)).getUserCart(),
};

/** The STOVE inventory call of `lines` lines, and for one line the same call through a per-user client. */
async function stoveInventory(lines: number): Promise<void> {
  const calls = stoveCalls(lines);
  await scenario(`STOVE ${lines === 1 ? 'one-line' : '1,000-line'} inventory`, calls.shared, lines === 1 ? 300 : 5, lines === 1 ? 3000 : 100);
  if (lines === 1) await scenario('STOVE forUser + one-line inventory', calls.perUser, 300, 3000);
}

let collections = 0;
new PerformanceObserver((list) => (collections += list.getEntries().length)).observe({ entryTypes: ['gc'] });
/** a full collection, returned once its report has come in (the observer hears of it a few turns later) */
async function collect(): Promise<void> {
  const seen = collections;
  (globalThis as { gc?: () => void }).gc?.();
  for (let turn = 0; collections === seen && turn < 1000; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * What one call leaves on the heap: heap growth over 2,000 calls after a full collection, in a fork whose young
 * generation is large enough that nothing is collected meanwhile (checked: a collection voids the figure).
 */
async function garbagePerCall(name: string, variants: { openapi: Variant; core: Variant }): Promise<void> {
  const CALLS = 2000;
  const bytes = async (fn: Variant) => {
    for (let i = 0; i < CALLS; i++) await fn();
    await collect();
    const before = collections;
    const used = process.memoryUsage().heapUsed;
    for (let i = 0; i < CALLS; i++) await fn();
    const grown = process.memoryUsage().heapUsed - used;
    await collect(); // its report comes after any the calls caused
    if (collections !== before + 1) throw new Error(`bench: a collection ran while measuring the garbage of ${name}`);
    return Math.round(grown / CALLS);
  };
  garbage.push({ name, openapi_bytes: await bytes(variants.openapi), core_bytes: await bytes(variants.core) });
}

/** Lossless int64 parsing alone against `JSON.parse`, on a STOVE inventory (each line ~230 B, three int64). */
async function losslessParsing(lines: number): Promise<void> {
  const text = inventory(lines);
  const rounds = lines >= 43000 ? 3 : lines >= 4300 ? 10 : 20;
  const t = await measure({ json: () => JSON.parse(text), lossless: () => parseJson(text, INVENTORY_FIELDS) }, rounds === 3 ? 1 : 3, rounds);
  const size = text.length >= 1e6 ? `${(text.length / 1e6).toFixed(1)} MB` : `${Math.round(text.length / 1e3)} KB`;
  const name = lines === 1000 ? `STOVE 1,000-line inventory (${size})` : `STOVE inventory, ${size}`;
  rows.push(
    { name: `${name} · JSON.parse`, median_ns: median(t.json!), ratio_vs_raw: 1, ratio_vs_openapi_fetch: null },
    { name: `${name} · parseJson (lossless)`, median_ns: median(t.lossless!), ratio_vs_raw: pairedRatio(t.lossless!, t.json!), ratio_vs_openapi_fetch: null },
  );
  parseRows.push({ name, bytes: text.length, ratio: pairedRatio(t.lossless!, t.json!) });
}

const smallGet = {
  raw: () => rawJson(new Request(`${BASE}/items/sword`)),
  openapi: () => bare.GET('/items/{item_id}', { params: { path: { item_id: 'sword' } } }),
  core: () => ours.GET('/items/{item_id}', { params: { path: { item_id: 'sword' } } }),
};

/** Every scenario, by name, in the order of the report; each adds its rows. */
const SCENARIOS: Record<string, () => Promise<void>> = {
  'small GET': () => scenario('small GET', smallGet, 300, 3000),
  POST: () =>
    scenario(
      `${(ORDER_BYTES / 1024).toFixed(1)} KB POST`,
      {
        raw: () => rawJson(new Request(`${BASE}/orders`, { method: 'POST', headers: HEADERS, body: JSON.stringify(ORDER) })),
        openapi: () => bare.POST('/orders', { body: ORDER }),
        core: () => ours.POST('/orders', { body: ORDER }),
      },
      300,
      3000,
    ),
  // a game server makes one per-user client per request (the README's advice) and one call with it
  'per-user client': () =>
    scenario(
      'per-user client, made and used once per request',
      {
        raw: () => rawJson(new Request(`${BASE}/items/sword`, { headers: { authorization: `Bearer ${userToken(++requestNo)}` } })),
        openapi: () => bare.GET('/items/{item_id}', { params: { path: { item_id: 'sword' } }, headers: { authorization: `Bearer ${userToken(++requestNo)}` } }),
        core: () => ours.withAuth({ userJwt: bearer(userToken(++requestNo)) }).GET('/items/{item_id}', { params: { path: { item_id: 'sword' } } }),
      },
      300,
      3000,
    ),
  'Xsolla forUser': () => scenario('Xsolla Catalog forUser + cart', xsollaPerUser, 300, 3000),
  '1,000-item list': async () => {
    await scenario(
      '1,000-item list, int64 ids',
      {
        raw: () => rawJson(new Request(`${BASE}/items`)),
        openapi: () => bare.GET('/items'),
        core: () => ours.GET('/items'),
      },
      5,
      100,
    );
    // the lossless parse alone, against JSON.parse on the same text
    const t = await measure({ json: () => JSON.parse(LIST), lossless: () => parseJson(LIST, LIST_FIELDS) }, 10, 200);
    rows.push(
      { name: '1,000-item list · JSON.parse', median_ns: median(t.json!), ratio_vs_raw: 1, ratio_vs_openapi_fetch: null },
      { name: '1,000-item list · parseJson (lossless)', median_ns: median(t.lossless!), ratio_vs_raw: pairedRatio(t.lossless!, t.json!), ratio_vs_openapi_fetch: null },
    );
    // sanity: the lossless path really is lossless, and the lossy one is not
    const first = (await ours.GET('/items')).data as { items: { id: string }[] };
    const lossy = (await bare.GET('/items')).data as { items: { id: number }[] };
    if (first.items[0]!.id !== '9007199254740993' || String(lossy.items[0]!.id) === '9007199254740993') {
      throw new Error('bench fixture: int64 ids are not what the benchmark assumes');
    }
  },
  'STOVE one-line': () => stoveInventory(1),
  'STOVE 1,000-line': () => stoveInventory(1000),
  'lossless parsing, 1,000 lines': () => losslessParsing(1000),
  'lossless parsing, 91 KB': () => losslessParsing(430),
  'lossless parsing, 921 KB': () => losslessParsing(4300),
  'lossless parsing, 9.4 MB': () => losslessParsing(43000),
  // run by bench/run.ts in a fork with a large young generation (see garbagePerCall)
  'garbage per call': async () => {
    const stove = stoveCalls(1);
    await garbagePerCall('small GET', smallGet);
    await garbagePerCall('STOVE one-line inventory', stove.shared);
    await garbagePerCall('STOVE forUser + one-line inventory', stove.perUser);
    await garbagePerCall('Xsolla Catalog forUser + cart', xsollaPerUser);
  },
  // the body of a POST without int64 fields: what core sends (the serializer choice included) against openapi-fetch's
  'POST body': async () => {
    const t = await measure({ openapi: () => defaultBodySerializer(ORDER), core: () => requestPayload(ORDER, undefined) }, 300, 3000);
    rows.push(
      { name: `${(ORDER_BYTES / 1024).toFixed(1)} KB POST body, no int64 · openapi-fetch serializer`, median_ns: median(t.openapi!), ratio_vs_raw: null, ratio_vs_openapi_fetch: 1 },
      { name: `${(ORDER_BYTES / 1024).toFixed(1)} KB POST body, no int64 · @gamestore/core`, median_ns: median(t.core!), ratio_vs_raw: null, ratio_vs_openapi_fetch: pairedRatio(t.core!, t.openapi!) },
    );
  },
};

if (NAME === 'list') process.send!(Object.keys(SCENARIOS));
else {
  const run = SCENARIOS[NAME ?? ''];
  if (!run) throw new Error(`bench/scenarios.ts: no scenario ${JSON.stringify(NAME)}`);
  await run();
  process.send!({ rows, parseRows, garbage } satisfies ScenarioResult);
}
