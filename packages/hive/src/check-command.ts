/**
 * `gamestore-hive check <url> --cs-code <id>`: calls a live webstore-profile implementation the way Hive does
 * and reports every way its answer departs from the spec.
 */
import { parseArgs } from 'node:util';
import { GamestoreError, parseJson, type FetchLike } from '@gamestore/core';
import { checkWebstoreProfileResponse, type Departure } from './check.js';
import { createHiveWebshopClient } from './client.js';

export const USAGE = `usage: gamestore-hive check <url> --cs-code <id> [--string] [--timeout <ms>]

  <url>          the registered endpoint, e.g. https://game.example.com/webstore-profile
  --cs-code      the player identifier to ask about
  --string       send cs_code as a JSON string (older Hive documents); default: an integer when it is all digits
  --timeout      give up after this many milliseconds (default 10000)

exit status: 0 the answer conforms (warnings may be printed), 1 it departs from the spec, 2 usage or network error`;

export interface CheckCommandIo {
  fetch?: FetchLike | undefined;
  out: (line: string) => void;
}

interface Parsed {
  url: URL;
  csCode: string;
  asString: boolean;
  timeoutMs: number;
}

const OPTIONS = { 'cs-code': { type: 'string' }, string: { type: 'boolean' }, timeout: { type: 'string' } } as const;

function parse(argv: readonly string[]): Parsed | string {
  const [command, ...rest] = argv;
  if (command !== 'check') return command === undefined || command === '--help' || command === '-h' ? '' : `unknown command: ${command}`;
  // not strict: every mistake is reported below in this command's own words (a bare `--cs-code` or `--timeout`
  // comes back as `true`, a value starting with `-` is taken as the value)
  const { values, positionals, tokens } = parseArgs({ args: [...rest], options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
  const unknown = tokens.find((t) => t.kind === 'option' && (!Object.hasOwn(OPTIONS, t.name) || (t.name === 'string' && t.inlineValue)));
  if (unknown?.kind === 'option') return `unknown option: ${unknown.inlineValue ? `${unknown.rawName}=${unknown.value}` : unknown.rawName}`;
  const [url, extra] = positionals;
  if (extra !== undefined) return `unexpected argument: ${extra}`;
  const csCode = values['cs-code'];
  const asString = values.string === true;
  const timeoutMs = values.timeout === undefined ? 10_000 : typeof values.timeout === 'string' ? Number(values.timeout) : NaN;
  if (!url) return 'missing <url>';
  if (typeof csCode !== 'string' || !csCode) return 'missing --cs-code';
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) return '--timeout must be a positive integer';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `not a URL: ${url}`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'the URL must be http or https';
  return { url: parsed, csCode, asString, timeoutMs };
}

function print(out: (line: string) => void, departures: readonly Departure[]) {
  for (const d of departures) out(`  ${d.severity === 'error' ? '✗' : '!'} ${d.path} ${d.message}`);
}

/** Runs the command; resolves with the exit status. Never throws. */
export async function runCheckCommand(argv: readonly string[], io: CheckCommandIo): Promise<number> {
  const args = parse(argv);
  if (typeof args === 'string') {
    if (args) io.out(`error: ${args}`);
    io.out(USAGE);
    return 2;
  }
  const base = args.url.href.replace(/\/webstore-profile\/?$/, '').replace(/\/$/, '');
  const client = createHiveWebshopClient({ baseUrl: base, fetch: io.fetch });
  const type = args.asString || !/^(?:0|[1-9]\d*)$/.test(args.csCode) ? 'string' : 'integer';
  io.out(`POST ${base}/webstore-profile  cs_code=${args.csCode} (${type})`);

  let response: Response;
  let text: string;
  try {
    ({ response, text } = await client.getWebstoreProfileRaw(args.csCode, {
      csCodeType: type,
      signal: AbortSignal.timeout(args.timeoutMs),
    }));
  } catch (e) {
    const timedOut =
      (e instanceof GamestoreError && (e.kind === 'timeout' || e.kind === 'aborted')) ||
      (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError'));
    const why = timedOut ? `no answer within ${args.timeoutMs} ms` : e instanceof GamestoreError ? e.message : 'the request failed';
    io.out(`error: ${why}`);
    return 2;
  }

  const departures: Departure[] = [];
  if (response.status !== 200) {
    departures.push({ path: 'HTTP status', severity: 'error', message: `is ${response.status}; Hive expects 200` });
  }
  const type_ = response.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type_)) {
    departures.push({ path: 'content-type', severity: 'warning', message: `is "${type_}", not application/json` });
  }
  let body: unknown;
  try {
    body = parseJson(text, { keys: ['cs_code'] });
  } catch {
    departures.push({ path: '$', severity: 'error', message: 'the body is not valid JSON' });
  }
  if (body !== undefined) {
    departures.push(...checkWebstoreProfileResponse(body, { csCode: args.csCode }));
    if (type === 'integer' && /"cs_code"\s*:\s*"/.test(text)) {
      departures.push({ path: '$.cs_code', severity: 'warning', message: 'was sent as an integer but echoed as a string' });
    }
  }
  const errors = departures.filter((d) => d.severity === 'error').length;
  const warnings = departures.length - errors;
  if (departures.length === 0) io.out('✓ the answer conforms to the webstore-profile spec');
  else {
    io.out(`${errors ? '✗' : '✓'} ${errors} error(s), ${warnings} warning(s)`);
    print(io.out, departures);
  }
  return errors ? 1 : 0;
}
