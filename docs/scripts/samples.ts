/**
 * The SDK on the reference pages: for every operation and webhook of a bundled spec, the TypeScript program that
 * calls it (or serves it) through our packages. An operation's input is its first call built from the spec's
 * examples by contract/src/spec.ts (`callsFor`: the inputs the contract tests send through the same clients).
 *
 * `withSdk(doc, samples)` returns a copy of the bundle in which each operation carries its program as
 * `x-codeSamples` (Redoc shows it in the right panel) and a first description line naming the SDK call, which
 * Redoc's search reads, so that an operation is found by its method name. The downloads (`openapi.yaml`,
 * `openapi.json`) stay the plain bundle; nothing here is written into specs/.
 *
 * How each client is created, which credentials a call needs and the calls that are not named after their
 * operationId (Hive purchase limit and web shop) are the package READMEs' facts, kept once here in `SDKS`.
 */
import { callsFor, specOf, type CallInput, type Spec, type SpecOperation } from '../../contract/src/spec.js';
import { resolvePointer, type Json } from '../../scripts/spec.js';
import { readPackages, type ApiEntry } from './model.js';

export interface SdkSample {
  api: string;
  kind: 'operation' | 'webhook';
  /** the operationId */
  id: string;
  /** JSON pointer of the operation in the bundle */
  pointer: string;
  /** npm name of the package */
  pkg: string;
  /** what a reader searches for: the client method, or the handler factory of a webhook */
  method: string;
  /** the call in one line, for the description: `client.adminCreateVirtualItem(…)` */
  call: string;
  /** the whole program */
  source: string;
}

/** The widest line a sample aims for: Redoc's code panel shows about this many characters. */
const WIDTH = 64;

// ---------------------------------------------------------------------------------------------------------------
// TypeScript text

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** A single-quoted string literal. */
const quote = (s: string) => `'${JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;

/**
 * A JSON value as a TypeScript literal: single quotes, bare keys where they can be, on one line when it fits in
 * `room` characters, else one entry a line indented from `indent`.
 */
export function literal(value: unknown, indent = '', room = WIDTH - indent.length): string {
  if (typeof value === 'string') return quote(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  const inner = `${indent}  `;
  const array = Array.isArray(value);
  const entries = array
    ? value.map((v) => literal(v, inner, WIDTH - inner.length - 1))
    : Object.entries(value).map(([k, v]) => {
        const key = IDENTIFIER.test(k) ? k : quote(k);
        return `${key}: ${literal(v, inner, WIDTH - inner.length - key.length - 3)}`;
      });
  if (!entries.length) return array ? '[]' : '{}';
  const line = array ? `[${entries.join(', ')}]` : `{ ${entries.join(', ')} }`;
  if (!line.includes('\n') && line.length <= room) return line;
  return `${array ? '[' : '{'}\n${entries.map((e) => `${inner}${e},`).join('\n')}\n${indent}${array ? ']' : '}'}`;
}

/** An option of a factory call, with a comment when it needs one. */
type Option = string | [code: string, comment: string];

/** `const name = factory({ …options });`: on one line when it fits and has no comment, else one option a line. */
function construct(name: string, factory: string, options: readonly Option[]): string[] {
  const line = `const ${name} = ${factory}({ ${options.join(', ')} });`;
  if (line.length <= WIDTH && !line.includes('\n') && options.every((o) => typeof o === 'string')) return [line];
  const lines = options.map((o) => (typeof o === 'string' ? `  ${o},` : `  ${o[0]}, // ${o[1]}`));
  return [`const ${name} = ${factory}({`, ...lines, '});'];
}

// ---------------------------------------------------------------------------------------------------------------
// the SDK of each API in redocly.yaml

/** What a program needs before its call: imports and setup, and the expression the method is called on. */
interface Program {
  setup: string[];
  receiver: string;
}

interface Sdk {
  /** path parameters the client fills in itself: left out of the input */
  bound?: readonly string[];
  /** the client sends every header parameter itself (from its options): the input has no `header` */
  ownHeaders?: boolean;
  /** the client an operation is called on */
  client(pkg: string, op: SpecOperation, input: CallInput): Program;
  /** the operations that are not `<operationId>(input)`: method, argument (a JSON value) and, when it differs, the client */
  methods?: Readonly<Record<string, (input: CallInput, pkg: string) => { method: string; arg?: unknown; program?: Program }>>;
  /** the program serving a webhook: the handler factory, the options the description names, the lines */
  webhook?(pkg: string, op: SpecOperation): { method: string; options: string; source: string[] };
}

/** Whether a credential set meets the operation's security (an operation without security is met by anything). */
const meets = (op: SpecOperation, have: (scheme: string) => boolean) =>
  op.security.length === 0 || op.security.some((alternative) => alternative.every(have));
const needs = (op: SpecOperation, scheme: string) => op.security.some((alternative) => alternative.includes(scheme));

const LEDGER: Option = ['idempotency: memoryIdempotencyStore()', 'one process; else @gamestore/ledger'];
/** The `node:http` program around a handler built by `lines`. */
const served = (imports: string[], lines: string[]) => [
  "import { createServer } from 'node:http';",
  ...imports,
  '',
  ...lines,
  '',
  'createServer(toNodeListener(handler)).listen(8080);',
];
/** An async callback option whose body is a comment. */
const callback = (head: string, comment: string): Option => `${head} => {\n    // ${comment}\n  }`;

/** Xsolla: one client per API; `apiKey` for admin calls, `forUser(jwt)` for the calls only a user token opens. */
function xsolla(factory: string): Sdk {
  /** the `createXsollaWebhookHandler` option that serves each webhook */
  const handlers: Record<string, Option> = {
    order_paid: callback('grant: async (event)', 'give the player event.items, once per order'),
    order_canceled: callback('revoke: async (event)', 'take the order back'),
    refund: callback('revoke: async (event)', 'take the refunded items back'),
    partial_refund: callback('revoke: async (event)', 'take the refunded items back'),
    payment: callback('payment: async (event)', 'record the transaction (grant on order_paid)'),
    user_validation: ['validateUser: async (event) => true', 'does event.user.id play?'],
    partner_side_catalog: ['personalizeCatalog: async (event) => []', 'what this user may see'],
  };
  return {
    bound: ['project_id'],
    client(pkg, op, input) {
      const merchant = needs(op, 'basicMerchantAuth');
      const options = [
        'projectId: 44056',
        ...(merchant ? [`merchantId: ${literal(input.path?.merchant_id)}`] : []),
        'apiKey: process.env.XSOLLA_API_KEY',
      ];
      const setup = [`import { ${factory} } from '${pkg}';`, '', ...construct('client', factory, options)];
      if (merchant || meets(op, (s) => s === 'basicAuth')) return { setup, receiver: 'client' };
      return { setup: [...setup, "const userJwt = '…'; // the player's Xsolla Login token"], receiver: 'client.forUser(userJwt)' };
    },
    webhook(pkg, op) {
      const handler = handlers[op.path];
      if (!handler) throw new Error(`no createXsollaWebhookHandler option for the ${op.path} webhook`);
      return {
        method: 'createXsollaWebhookHandler',
        options: (typeof handler === 'string' ? handler : handler[0]).split(':')[0]!,
        source: served(
          [`import { createXsollaWebhookHandler, memoryIdempotencyStore } from '${pkg}/webhooks';`, `import { toNodeListener } from '${pkg}/node';`],
          construct('handler', 'createXsollaWebhookHandler', ['secret: process.env.XSOLLA_WEBHOOK_SECRET!', LEDGER, handler]),
        ),
      };
    },
  };
}

const HIVE_PAYMENT: Option[] = ["environment: 'production'", 'authKey: process.env.HIVE_AUTH_KEY!', "appId: 'com.example.game'"];

/** Hive purchase limit: v1 with the auth key, v2 with OAuth client credentials (the client fetches the token). */
function purchaseLimit(pkg: string, version: 'v1' | 'v2'): Program {
  const options: Option[] =
    version === 'v1'
      ? ["environment: 'production'", ['authKey: process.env.HIVE_AUTH_KEY', 'v1']]
      : ["environment: 'production'", "appId: 'com.example.game'", "clientId: 'my-client'", ['clientSecret: process.env.HIVE_CLIENT_SECRET', 'v2']];
  return { setup: [`import { createHivePurchaseLimitClient } from '${pkg}';`, '', ...construct('client', 'createHivePurchaseLimitClient', options)], receiver: 'client' };
}

/** By API name in redocly.yaml. */
export const SDKS: Readonly<Record<string, Sdk>> = {
  'xsolla-catalog': xsolla('createXsollaCatalogClient'),
  'xsolla-liveops': xsolla('createXsollaLiveOpsClient'),
  'stove-bill-store': {
    bound: ['service_id'],
    ownHeaders: true,
    client(pkg, op) {
      const token: Option[] = meets(op, () => false)
        ? []
        : needs(op, 'stoveBearer')
          ? ['serverToken: process.env.STOVE_SERVER_TOKEN']
          : [["accessToken: '…'", "the player's STOVE token"]];
      const options: Option[] = [
        "environment: 'live'",
        "serviceId: 'MYGAME'",
        `headers: ${literal({ lang: 'ko', nation: 'KR', timezone: 'Asia/Seoul', callerId: 'MYGAME_GAME_SERVER' }, '  ')}`,
        ...token,
      ];
      return { setup: [`import { createStoveClient } from '${pkg}';`, '', ...construct('client', 'createStoveClient', options)], receiver: 'client' };
    },
    webhook: (pkg) => ({
      method: 'createPaymentCompleteHandler',
      options: 'grant',
      source: served(
        [`import { createPaymentCompleteHandler, memoryIdempotencyStore } from '${pkg}';`, `import { toNodeListener } from '${pkg}/node';`],
        construct('handler', 'createPaymentCompleteHandler', [callback('grant: async (notification, { orderKey })', 'give the items, once per orderKey'), LEDGER]),
      ),
    }),
  },
  'hive-payment': {
    client(pkg, op) {
      const token: Option[] = needs(op, 'hiveAccessToken') ? [["accessToken: '…'", 'OAuth: purchase-limit client tokens.getToken()']] : [];
      return {
        setup: [`import { createHivePaymentClient } from '${pkg}';`, '', ...construct('client', 'createHivePaymentClient', [...HIVE_PAYMENT, ...token])],
        receiver: 'client',
      };
    },
    webhook: (pkg) => ({
      method: 'createHivePaymentHandler',
      options: 'verifyPayment, grant',
      source: served(
        [`import { createHivePaymentClient, createHivePaymentHandler, memoryIdempotencyStore } from '${pkg}';`, `import { toNodeListener } from '${pkg}/node';`],
        [
          ...construct('hive', 'createHivePaymentClient', HIVE_PAYMENT),
          ...construct('handler', 'createHivePaymentHandler', [
            ['verifyPayment: hive', 'the order is confirmed with Hive first'],
            callback('grant: async (purchase, { orderKey })', 'give purchase.market_pid, once per orderKey'),
            LEDGER,
          ]),
        ],
      ),
    }),
  },
  'hive-purchase-limit': {
    client: (pkg) => purchaseLimit(pkg, 'v2'),
    methods: {
      checkQuantityLimitV1: ({ body }, pkg) => ({ method: 'validatePurchase', arg: body, program: purchaseLimit(pkg, 'v1') }),
      checkQuantityLimitV2: ({ body }) => ({ method: 'validatePurchase', arg: body }),
      issueAccessToken: () => ({ method: 'tokens.getToken' }),
    },
  },
  'hive-webshop': {
    client: (pkg) => ({
      setup: [`import { createHiveWebshopClient } from '${pkg}';`, '', ...construct('client', 'createHiveWebshopClient', ["baseUrl: 'https://game.example.com'"])],
      receiver: 'client',
    }),
    methods: {
      getWebstoreProfile: ({ body }) => ({ method: 'getWebstoreProfile', arg: String((body as Json).cs_code) }),
    },
  },
};

// ---------------------------------------------------------------------------------------------------------------

/** An operation's input: its first call from the spec's examples, without what the client fills in. */
function inputOf(sdk: Sdk, spec: Spec, op: SpecOperation): CallInput {
  const calls = callsFor(spec, op, { bound: sdk.bound });
  if (typeof calls === 'string') throw new Error(`${spec.api} ${op.id}: no sample input (${calls})`);
  const { header: _header, ...input } = calls[0]!.input;
  return sdk.ownHeaders ? input : calls[0]!.input;
}

function operationSample(sdk: Sdk, spec: Spec, op: SpecOperation, pkg: string): SdkSample {
  const input = inputOf(sdk, spec, op);
  const special = sdk.methods?.[op.id]?.(input, pkg);
  const { setup, receiver } = special?.program ?? sdk.client(pkg, op, input);
  const method = special?.method ?? op.id;
  const head = `const result = await ${receiver}.${method}(`;
  const arg = special ? special.arg : Object.keys(input).length ? input : undefined;
  const args = arg === undefined ? '' : literal(arg, '', WIDTH - head.length - 2);
  return {
    api: spec.api,
    kind: 'operation',
    id: op.id,
    pointer: op.pointer,
    pkg,
    method: method.split('.').pop()!,
    call: `${receiver}.${method}(${args ? '…' : ''})`,
    source: [...setup, `${head}${args});`, ''].join('\n'),
  };
}

/** The npm name of an API's package: its package.json's, or `@gamestore/<folder>` while it has none. */
export async function packageOf(api: ApiEntry): Promise<string> {
  return (await readPackages()).find((p) => p.dir === api.pkg)?.name ?? `@gamestore/${api.pkg}`;
}

/**
 * The sample of every operation and webhook of the bundled `doc` of `api`, whose package is `pkg`. Throws naming
 * the operation when the API has no entry in `SDKS` or an operation cannot be given a sample.
 */
export function sdkSamples(api: string, pkg: string, doc: Json): SdkSample[] {
  const sdk = SDKS[api];
  if (!sdk) throw new Error(`${api}: no SDK entry in docs/scripts/samples.ts`);
  const spec = specOf(api, doc);
  return [
    ...spec.operations.map((op) => operationSample(sdk, spec, op, pkg)),
    ...spec.webhooks.map((op): SdkSample => {
      if (!sdk.webhook) throw new Error(`${api} ${op.id}: no webhook handler in docs/scripts/samples.ts`);
      const { method, options, source } = sdk.webhook(pkg, op);
      return { api, kind: 'webhook', id: op.id, pointer: op.pointer, pkg, method, call: `${method}({ ${options} })`, source: [...source, ''].join('\n') };
    }),
  ];
}

/**
 * A copy of `doc` in which each sampled operation carries its program as an `x-codeSamples` entry (labelled with
 * the package) and starts its description with the SDK call.
 */
export function withSdk(doc: Json, samples: readonly SdkSample[]): Json {
  const copy = structuredClone(doc);
  for (const sample of samples) {
    const op = resolvePointer(copy, sample.pointer) as Json | undefined;
    if (!op) throw new Error(`${sample.api} ${sample.id}: nothing at ${sample.pointer}`);
    const line = `**${sample.kind === 'webhook' ? 'Served by' : 'SDK'}** \`${sample.pkg}\`: \`${sample.call}\``;
    op.description = op.description ? `${line}\n\n${op.description}` : line;
    op['x-codeSamples'] = [...(op['x-codeSamples'] ?? []), { lang: 'TypeScript', label: sample.pkg, source: sample.source }];
  }
  return copy;
}
