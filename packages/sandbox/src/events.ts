/**
 * The platforms' webhooks as test events: each documented webhook of each spec, its body built from the spec's
 * example (ids made fresh, fields set by the caller), sent to a URL signed as the platform signs it, and the reply
 * judged against what the spec documents as success. Used by `gamestore trigger` and by the sandbox's deliveries.
 */
import { stringifyJson } from '@gamestore/core';
import { signXsollaWebhook } from '@gamestore/xsolla/webhooks';
import { PROVIDERS, specs, violations, type BundledSpec, type Provider, type SpecWebhook } from './specs.js';

export interface WebhookEvent extends SpecWebhook {
  provider: Provider;
  spec: BundledSpec;
}

/** Every documented webhook, of one provider or of all, in spec order. */
export function webhookEvents(provider?: Provider): WebhookEvent[] {
  return specs()
    .filter((s) => provider === undefined || s.provider === provider)
    .flatMap((spec) => spec.webhooks.map((w) => ({ ...w, provider: spec.provider, spec })));
}

/** The event a provider documents under `name` (its event name or its operationId). */
export function findEvent(provider: Provider, name: string): WebhookEvent | undefined {
  return webhookEvents(provider).find((e) => e.event === name || e.id === name);
}

type Json = Record<string, unknown>;

/** Fields that identify a payment or an order: given fresh values on every event, so a replay is deliberate. */
const IDS = ['order.id', 'order.invoice_id', 'transaction.id', 'tid', 'order_id', 'txn_mst_no'];

/** `n` random decimal digits, the first not 0. */
export function randomDigits(n: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(n));
  return [...bytes].map((b, i) => (i === 0 ? 1 + (b % 9) : b % 10)).join('');
}

/** A fresh value shaped like `value`: a 9-digit number, or a string whose trailing digits are replaced. */
function fresh(value: unknown): unknown {
  if (typeof value === 'number') return Number(randomDigits(9));
  if (typeof value === 'string') return value.replace(/\d*$/, (digits) => randomDigits(Math.max(digits.length, 9)));
  return value;
}

function get(body: Json, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Json)[key] : undefined), body);
}

/** Sets `path` (`order.id`, `items.0.sku`) in `body`, creating the objects on the way. */
function set(body: Json, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop()!;
  let node = body;
  for (const key of keys) {
    const next = node[key];
    node = (next !== null && typeof next === 'object' ? next : (node[key] = {})) as Json;
  }
  node[last] = value;
}

/**
 * The event's body: the spec's example with fresh ids, then `fields` set by dotted path. A `bigint` value is sent
 * as a bare JSON integer, digit for digit.
 */
export function eventBody(event: WebhookEvent, fields: Readonly<Record<string, unknown>> = {}): Json {
  const body = structuredClone(event.example ?? {}) as Json;
  for (const path of IDS) if (get(body, path) !== undefined) set(body, path, fresh(get(body, path)));
  for (const [path, value] of Object.entries(fields)) set(body, path, value);
  return body;
}

/** JSON text of `value`, every `bigint` in it a bare integer (core's int64 writer, keyed by where they stand). */
export function jsonText(value: unknown): string {
  const keys = new Set<string>();
  const walk = (node: unknown, key: string) => {
    if (typeof node === 'bigint') keys.add(key);
    else if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, Array.isArray(node) ? key : k);
  };
  walk(value, '');
  return stringifyJson(value, { keys: [...keys] });
}

export interface Delivery {
  provider: Provider;
  event: string;
  url: string;
  /** the body as sent */
  body: string;
  /** the reply's status (0: no reply) and body */
  status: number;
  reply: string;
  /** whether the reply is what the platform expects: a documented success status, with a body that conforms */
  accepted: boolean;
  /** why it is not (empty when accepted) */
  problems: string[];
}

export interface DeliverOptions {
  /** the webhook secret the platform signs with (Xsolla) */
  secret?: string | undefined;
  fetch?: typeof fetch | undefined;
  /** ms to wait for the reply (default 10 000) */
  timeoutMs?: number | undefined;
}

/** Sends one event body (JSON text) to `url` as the platform does, and judges the reply. Never throws. */
export async function deliver(event: WebhookEvent, url: string, body: string, options: DeliverOptions = {}): Promise<Delivery> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...event.headers };
  if (event.signature === 'xsolla') headers.authorization = await signXsollaWebhook(body, options.secret ?? '');
  const delivery: Delivery = { provider: event.provider, event: event.event, url, body, status: 0, reply: '', accepted: false, problems: [] };
  try {
    const response = await (options.fetch ?? fetch)(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
    delivery.status = response.status;
    delivery.reply = await response.text();
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
    delivery.problems.push(`no reply from ${url} (${cause})`);
    return delivery;
  }
  const documented = Object.keys(event.success);
  const schema = event.success[delivery.status];
  if (schema === undefined) {
    delivery.problems.push(`${PROVIDERS[event.provider]} expects ${documented.join(' or ')} for ${event.event}, not ${delivery.status}`);
  } else if (schema !== null) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(delivery.reply);
    } catch {
      delivery.problems.push('the reply is not the JSON body the spec documents');
    }
    if (parsed !== undefined) delivery.problems.push(...violations(event.spec, schema, parsed).map((v) => `reply body ${v}`));
  }
  delivery.accepted = delivery.problems.length === 0;
  return delivery;
}
