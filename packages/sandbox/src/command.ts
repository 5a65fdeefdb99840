/**
 * The `gamestore` command: `trigger` (one test event to your endpoint) and `sandbox` (the local platforms).
 */
import { parseArgs } from 'node:util';
import { deliver, eventBody, findEvent, jsonText, webhookEvents } from './events.js';
import { profileEndpoint } from './hive.js';
import { startSandbox, DEFAULT_PORT, type SandboxOptions } from './sandbox.js';
import { PROVIDERS, type Provider } from './specs.js';

export function usage(): string {
  const events = (Object.keys(PROVIDERS) as Provider[]).map((p) => `    ${p.padEnd(7)}${webhookEvents(p).map((e) => e.event).join(', ')}`);
  return `usage:
  gamestore trigger <provider> <event> --to <url> [--secret <s>] [--set key=value ...]
  gamestore sandbox [--port N] [--data file.json] [--xsolla-webhook URL --xsolla-secret S] [--stove-webhook URL] [--hive-webhook URL]
                    [--hive-profile URL]

trigger: sends one event, built from the spec's example with fresh ids, to <url>, signed as the platform signs it;
prints the reply and whether it is what the platform expects.
  events (from the specs):
${events.join('\n')}
  --secret   the webhook secret key (required for Xsolla, which signs; STOVE and Hive sign nothing)
  --set      a body field by dotted path, the value read as JSON when it is JSON: --set order.id=102 (a replay)
  exit status: 0 the reply is what the platform expects, 1 it is not (or no reply), 2 usage error

sandbox: the platforms on 127.0.0.1 from the specs (default port ${DEFAULT_PORT}), with state for the purchase flows and
the platform's callbacks delivered to your endpoints; see the package README for the base URLs and control calls.
  --data          keep the state in this JSON file (default: in memory)
  --hive-profile  your webstore-profile endpoint's base URL (without /webstore-profile): Hive's web shop asks it for
                  a buyer's servers, channels and characters (POST /_sandbox/hive/profiles)`;
}

export interface CommandIo {
  out: (line: string) => void;
  fetch?: typeof fetch | undefined;
  /** stops a running `sandbox` (the bin stops it on SIGINT/SIGTERM) */
  signal?: AbortSignal | undefined;
}

class UsageError extends Error {}

/** A `--set` value: JSON when it parses (an integer beyond 2^53 as a bigint, exact), else the text. */
function setValue(text: string): unknown {
  if (/^-?\d+$/.test(text) && !Number.isSafeInteger(Number(text))) return BigInt(text);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function url(text: string | undefined, option: string): string {
  try {
    const u = new URL(text ?? '');
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.href;
  } catch {}
  throw new UsageError(`${option} must be an http(s) URL`);
}

async function trigger(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { to: { type: 'string' }, secret: { type: 'string' }, set: { type: 'string', multiple: true } },
  });
  const [provider, name, extra] = positionals;
  if (!provider || !(provider in PROVIDERS)) throw new UsageError(`<provider> must be one of ${Object.keys(PROVIDERS).join(', ')}`);
  const event = name === undefined ? undefined : findEvent(provider as Provider, name);
  if (!event) throw new UsageError(`<event> must be one of ${webhookEvents(provider as Provider).map((e) => e.event).join(', ')}`);
  if (extra !== undefined) throw new UsageError(`unexpected argument: ${extra}`);
  const to = url(values.to, '--to');
  if (event.signature && !values.secret) throw new UsageError(`--secret is required: ${PROVIDERS[event.provider]} signs ${event.event}`);
  if (!event.signature && values.secret !== undefined) throw new UsageError(`${PROVIDERS[event.provider]} signs nothing: leave out --secret`);
  const fields: Record<string, unknown> = {};
  for (const pair of values.set ?? []) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new UsageError(`--set takes key=value, not ${pair}`);
    fields[pair.slice(0, eq)] = setValue(pair.slice(eq + 1));
  }
  let body: string;
  try {
    body = jsonText(eventBody(event, fields));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }

  io.out(`→ POST ${to}  ${event.provider} ${event.event} (${event.id})${event.signature ? ', signed with --secret' : ''}`);
  io.out(`  ${body}`);
  const d = await deliver(event, to, body, { secret: values.secret, fetch: io.fetch });
  if (d.status) io.out(`← ${d.status}${d.reply ? `  ${d.reply.length > 2000 ? `${d.reply.slice(0, 2000)}…` : d.reply}` : ''}`);
  if (d.accepted) io.out(`✓ ${d.status} is what ${PROVIDERS[event.provider]} expects for ${event.event}`);
  for (const p of d.problems) io.out(`✗ ${p}`);
  return d.accepted ? 0 : 1;
}

async function sandbox(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      data: { type: 'string' },
      'xsolla-webhook': { type: 'string' },
      'xsolla-secret': { type: 'string' },
      'stove-webhook': { type: 'string' },
      'hive-webhook': { type: 'string' },
      'hive-profile': { type: 'string' },
    },
  });
  if (positionals.length) throw new UsageError(`unexpected argument: ${positionals[0]}`);
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number (0: any free port)');
  const xsollaWebhook = values['xsolla-webhook'] === undefined ? undefined : url(values['xsolla-webhook'], '--xsolla-webhook');
  if (xsollaWebhook && !values['xsolla-secret']) throw new UsageError('--xsolla-webhook needs --xsolla-secret (Xsolla signs every webhook)');
  const optionalUrl = (name: 'stove-webhook' | 'hive-webhook' | 'hive-profile') => (values[name] === undefined ? undefined : url(values[name], `--${name}`));
  const options: SandboxOptions = {
    port,
    data: values.data,
    xsollaWebhook,
    xsollaSecret: values['xsolla-secret'],
    stoveWebhook: optionalUrl('stove-webhook'),
    hiveWebhook: optionalUrl('hive-webhook'),
    hiveProfileUrl: optionalUrl('hive-profile'),
    log: io.out,
    fetch: io.fetch,
  };
  const running = await startSandbox(options);
  const target = (hook: string | undefined) => (hook ? `callbacks → ${hook}` : 'callbacks not delivered (no webhook URL)');
  io.out(`gamestore sandbox on ${running.url} (state ${options.data ? `in ${options.data}` : 'in memory'})`);
  io.out(`  Xsolla  baseUrl ${running.url}/api   ${target(xsollaWebhook)}`);
  io.out(`  STOVE   baseUrl ${running.url}       ${target(options.stoveWebhook)}`);
  io.out(`  Hive    baseUrl ${running.url}       ${target(options.hiveWebhook)}`);
  io.out(`          profiles ${options.hiveProfileUrl ? `← ${profileEndpoint(options.hiveProfileUrl)}` : 'not fetched (no --hive-profile)'}`);
  await new Promise<void>((resolve) => {
    if (io.signal?.aborted) resolve();
    io.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await running.stop();
  return 0;
}

/** Runs the command; resolves with the exit status. */
export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'trigger') return await trigger(rest, io);
    if (command === 'sandbox') return await sandbox(rest, io);
    throw new UsageError(command === undefined || command === '--help' || command === '-h' ? '' : `unknown command: ${command}`);
  } catch (e) {
    // parseArgs' own errors (an unknown option, a missing value) are usage errors too
    if (!(e instanceof UsageError) && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') !== true) throw e;
    if ((e as Error).message) io.out(`error: ${(e as Error).message}`);
    io.out(usage());
    return 2;
  }
}
