/**
 * The local sandbox: every operation of every bundled spec on one loopback server. The purchase flows keep state
 * (`xsolla.ts`, `stove.ts`, `hive.ts`); every other operation answers the first example of its documented 2xx
 * response. Request bodies are validated against their schemas first (a violation answers 422 and lists them, as a
 * Prism mock does in `sl-violations`). The platform's callbacks go to the game server's endpoints, signed as the
 * platform signs them, and are recorded; the state is written to a JSON file after each change when one is given.
 *
 *   const sandbox = await startSandbox({ xsollaWebhook: 'http://127.0.0.1:8080/xsolla', xsollaSecret: 'secret' });
 *   const catalog = createXsollaCatalogClient({ projectId: 44056, apiKey: 'key', baseUrl: `${sandbox.url}/api` });
 *   await sandbox.stop();
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isGamestoreError, parseJson } from '@gamestore/core';
import { toNodeListener } from '@gamestore/core/node';
import { deliver, eventBody, findEvent, jsonText, type Delivery } from './events.js';
import { hive } from './hive.js';
import { match, route, specs, violations, type BundledSpec, type Provider, type SpecOperation } from './specs.js';
import { emptyState, json, type Answer, type Call, type ProviderRoutes, type Reply, type SandboxState } from './state.js';
import { stove } from './stove.js';
import { xsolla } from './xsolla.js';

/** The port `gamestore sandbox` listens on unless told otherwise. */
export const DEFAULT_PORT = 4020;

export interface SandboxOptions {
  /** port on 127.0.0.1 (default 0: any free port) */
  port?: number | undefined;
  /** a JSON file that keeps the state across restarts (default: in memory) */
  data?: string | undefined;
  /** where Xsolla's webhooks go, and the secret they are signed with */
  xsollaWebhook?: string | undefined;
  xsollaSecret?: string | undefined;
  /** where STOVE's payment-complete notification goes */
  stoveWebhook?: string | undefined;
  /** where Hive's PG payment notification goes */
  hiveWebhook?: string | undefined;
  /**
   * the game's webstore-profile endpoint base, as `createHiveWebshopClient` takes it (the registered URL without
   * `/webstore-profile`): where `POST /_sandbox/hive/profiles` asks for a buyer's profile, as Hive's web shop does
   */
  hiveProfileUrl?: string | undefined;
  /** one line per request, per delivery and per profile fetched */
  log?: ((line: string) => void) | undefined;
  /** the fetch deliveries and profile requests are sent with (default: the global one) */
  fetch?: typeof fetch | undefined;
}

export interface Sandbox {
  /** `http://127.0.0.1:<port>`; Xsolla's base URL is `${url}/api` */
  url: string;
  /** the live state (read it in tests; change it through the APIs and control calls) */
  state: SandboxState;
  stop(): Promise<void>;
}

type Operation = { spec: BundledSpec; op: SpecOperation };

/** the int64 keys of control call bodies, read as exact digit strings */
const CONTROL_INT64 = { keys: ['cs_code'] } as const;

const CORS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'sl-violations, x-sandbox-operation' };

function respond(reply: Reply, headers: Record<string, string> = {}): Response {
  if (reply.body === undefined) return new Response(null, { status: reply.status, headers: { ...CORS, ...headers } });
  return new Response(jsonText(reply.body), { status: reply.status, headers: { 'content-type': 'application/json', ...CORS, ...headers } });
}

/** What is wrong with a request body, as Prism lists it (empty: nothing). */
function bodyViolations({ spec, op }: Operation, text: string): string[] {
  if (!op.body || !/json/.test(op.body.media)) return [];
  if (!text) return op.body.required ? ['/ the request body is required'] : [];
  try {
    return violations(spec, op.body.schema, JSON.parse(text));
  } catch {
    return ['/ the request body is not JSON'];
  }
}

function loadState(file: string | undefined): SandboxState {
  const empty = emptyState();
  if (!file || !existsSync(file)) return empty;
  const saved = JSON.parse(readFileSync(file, 'utf8')) as Partial<SandboxState>;
  // a file written before a provider kept some resource still loads: each provider's missing stores start empty
  return {
    ...empty,
    ...saved,
    xsolla: { ...empty.xsolla, ...saved.xsolla },
    stove: { ...empty.stove, ...saved.stove },
    hive: { ...empty.hive, ...saved.hive },
  };
}

/** Starts the sandbox on 127.0.0.1. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  if (options.xsollaWebhook && !options.xsollaSecret) throw new TypeError('startSandbox: xsollaWebhook needs xsollaSecret (Xsolla signs every webhook)');
  const log = options.log ?? (() => {});
  const state = loadState(options.data);
  let saved = JSON.stringify(state);
  /** writes the state when it changed: to a temporary file, then renamed over the old one */
  const persist = () => {
    const text = JSON.stringify(state);
    if (!options.data || text === saved) return;
    writeFileSync(`${options.data}.tmp`, text);
    renameSync(`${options.data}.tmp`, options.data);
    saved = text;
  };

  const hooks: Record<Provider, string | undefined> = { xsolla: options.xsollaWebhook, stove: options.stoveWebhook, hive: options.hiveWebhook };
  const send = async (provider: Provider, event: string, body: string): Promise<Delivery | undefined> => {
    const url = hooks[provider];
    const spec = findEvent(provider, event)!;
    if (!url) {
      log(`  ${provider} ${event} not delivered: no --${provider}-webhook`);
      return undefined;
    }
    const delivery = await deliver(spec, url, body, { secret: options.xsollaSecret, fetch: options.fetch });
    state.deliveries.push(delivery);
    log(`  ${delivery.accepted ? '✓' : '✗'} ${provider} ${event} → ${url}: ${delivery.status || 'no reply'}${delivery.accepted ? '' : ` (${delivery.problems.join('; ')})`}`);
    return delivery;
  };
  const context = {
    state,
    deliver: (provider: Provider, event: string, fields: Record<string, unknown>) => send(provider, event, jsonText(eventBody(findEvent(provider, event)!, fields))),
  };

  const providers: ProviderRoutes[] = [xsolla(context), stove(context), hive(context, { profileUrl: options.hiveProfileUrl, fetch: options.fetch, log })];
  const answers: Record<string, Answer> = Object.assign({}, ...providers.map((p) => p.answers));
  const control = [
    ...providers.flatMap((p) => Object.entries(p.control)),
    ['GET /_sandbox/state', () => json(200, state)] as const,
    [
      // sends a recorded delivery again, byte for byte (a platform's retry): the endpoint must not grant twice
      'POST /_sandbox/deliveries/{id}/resend',
      async ({ params }: Call) => {
        const old = state.deliveries[Number(params.id)];
        return old ? json(200, await send(old.provider, old.event, old.body)) : json(404, { error: `no delivery ${params.id}` });
      },
    ] as const,
  ].map(([key, answer]) => route(key.split(' ')[0]!, key.split(' ')[1]!, answer as Answer));
  const operations = specs().flatMap((spec) => spec.operations.map((op) => route(op.method, op.prefix + op.path, { spec, op })));

  const handler = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (request.method === 'OPTIONS') {
      return new Response(null, { status: 204, headers: { ...CORS, 'access-control-allow-methods': '*', 'access-control-allow-headers': request.headers.get('access-control-request-headers') ?? '*' } });
    }
    const text = await request.text();
    const call = (params: Record<string, string>, body: unknown): Call => ({ params, query: url.searchParams, headers: request.headers, body });

    const command = match(control, request.method, url.pathname);
    if (command) {
      let body: unknown;
      try {
        // a Player ID given as a JSON integer keeps every digit (a 64-bit cs_code is beyond a double's)
        body = text ? parseJson(text, CONTROL_INT64) : {};
      } catch (e) {
        return respond(json(400, { error: isGamestoreError(e) ? e.message : 'the body must be JSON' }));
      }
      const reply = await command.target(call(command.params, body));
      persist();
      log(`${request.method} ${url.pathname} → ${reply.status}`);
      return respond(reply);
    }

    const found = match(operations, request.method, url.pathname);
    if (!found) {
      log(`${request.method} ${url.pathname} → 404 (no operation of the specs)`);
      return respond(json(404, { error: `no operation of the specs is ${request.method} ${url.pathname}` }));
    }
    const { op } = found.target;
    const problems = bodyViolations(found.target, text);
    if (problems.length) {
      log(`${request.method} ${url.pathname} → 422 ${op.id}: ${problems.join('; ')}`);
      const listed = problems.map((message) => ({ location: ['request', 'body'], severity: 'Error', code: 'schema', message }));
      return respond(json(422, { title: 'Invalid request', status: 422, detail: `the request body of ${op.id} breaks its schema`, validation: listed }), {
        'sl-violations': JSON.stringify(listed),
        'x-sandbox-operation': op.id,
      });
    }
    const answer = answers[op.id];
    let reply: Reply = { status: op.status, body: op.example };
    try {
      if (answer) reply = await answer(call(found.params, text ? parseJson(text, { keys: op.int64 }) : undefined));
    } catch (e) {
      reply = json(500, { error: `the sandbox failed on ${op.id}: ${(e as Error).message}` });
    }
    persist();
    log(`${request.method} ${url.pathname} → ${reply.status} ${op.id}${answer ? '' : ' (spec example)'}`);
    return respond(reply, { 'x-sandbox-operation': op.id });
  };

  const server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
