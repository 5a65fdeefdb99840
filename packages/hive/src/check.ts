/**
 * Checks a webstore-profile answer against the spec (specs/hive/webshop.yaml) and the documented placeholder
 * rules. Used by the handler (so it never sends a malformed answer) and by `gamestore-hive check`.
 */
export interface Departure {
  /** JSON path of the offending value, e.g. `$.data[0].channels[1].channel_name` */
  path: string;
  /** `error`: breaks the spec; `warning`: allowed by the schema but not what Hive documents */
  severity: 'error' | 'warning';
  message: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const SHAPES = {
  root: ['result_code', 'result_message', 'cs_code', 'data'],
  server: ['server_id', 'server_name', 'channels'],
  channel: ['channel_id', 'channel_name', 'characters'],
  character: ['character_id', 'character_name', 'character_level'],
} as const;

function fields(out: Departure[], path: string, value: unknown, shape: readonly string[], strings: readonly string[]): value is Obj {
  if (!isObj(value)) {
    out.push({ path, severity: 'error', message: 'must be an object' });
    return false;
  }
  for (const key of shape) {
    if (!(key in value)) out.push({ path: `${path}.${key}`, severity: 'error', message: 'is required' });
  }
  for (const key of strings) {
    if (key in value && typeof value[key] !== 'string') {
      out.push({ path: `${path}.${key}`, severity: 'error', message: 'must be a string' });
    }
  }
  for (const key of Object.keys(value)) {
    if (!shape.includes(key)) {
      out.push({ path: `${path}.${key}`, severity: 'warning', message: 'is not a documented field' });
    }
  }
  return true;
}

export interface CheckOptions {
  /** the cs_code that was sent; the answer should echo it */
  csCode?: string | undefined;
}

/**
 * Lists every way `body` departs from the webstore-profile response contract. An empty list means it conforms.
 * `body` should be parsed losslessly (integer `cs_code` as a digit string), as `parseJson` from core does.
 */
export function checkWebstoreProfileResponse(body: unknown, options: CheckOptions = {}): Departure[] {
  const out: Departure[] = [];
  if (!fields(out, '$', body, SHAPES.root, ['result_message'])) return out;
  const rc = body.result_code;
  if ('result_code' in body) {
    if (typeof rc !== 'number' || !Number.isInteger(rc)) {
      out.push({ path: '$.result_code', severity: 'error', message: 'must be an integer' });
    } else if (rc !== 200 && rc !== 500) {
      out.push({ path: '$.result_code', severity: 'warning', message: `${rc} is not a documented result code (200, 500)` });
    }
  }
  if ('cs_code' in body) {
    const cs = body.cs_code;
    if (typeof cs !== 'string' || cs.length === 0) {
      out.push({ path: '$.cs_code', severity: 'error', message: 'must be a non-empty string or an integer' });
    } else if (options.csCode !== undefined && cs !== options.csCode) {
      out.push({ path: '$.cs_code', severity: 'warning', message: 'does not echo the cs_code that was sent' });
    }
  }
  if (!('data' in body)) return out;
  const data = body.data;
  if (!Array.isArray(data)) {
    out.push({ path: '$.data', severity: 'error', message: 'must be an array' });
    return out;
  }
  if (rc === 500 && data.length > 0) {
    out.push({ path: '$.data', severity: 'warning', message: 'result_code 500 (no user information) should come with an empty data list' });
  }
  data.forEach((server, i) => {
    const sp = `$.data[${i}]`;
    if (!fields(out, sp, server, SHAPES.server, ['server_id', 'server_name'])) return;
    const channels = server.channels;
    if (!('channels' in server)) return;
    if (!Array.isArray(channels)) {
      out.push({ path: `${sp}.channels`, severity: 'error', message: 'must be an array' });
      return;
    }
    if (channels.length === 0) {
      out.push({ path: `${sp}.channels`, severity: 'error', message: 'must hold at least one channel (use channel_id "0", channel_name "-" when channels are not used)' });
    }
    channels.forEach((channel, j) => {
      const cp = `${sp}.channels[${j}]`;
      if (!fields(out, cp, channel, SHAPES.channel, ['channel_id', 'channel_name'])) return;
      if (channel.channel_id === '0' && channel.channel_name !== '-' && typeof channel.channel_name === 'string') {
        out.push({ path: `${cp}.channel_name`, severity: 'warning', message: 'the placeholder channel "0" should be named "-"' });
      }
      if (!('characters' in channel)) return;
      const characters = channel.characters;
      if (!Array.isArray(characters)) {
        out.push({ path: `${cp}.characters`, severity: 'error', message: 'must be an array ([] when characters are not used)' });
        return;
      }
      characters.forEach((character, k) => {
        const kp = `${cp}.characters[${k}]`;
        if (!fields(out, kp, character, SHAPES.character, SHAPES.character)) return;
        if (character.character_level === '') {
          out.push({ path: `${kp}.character_level`, severity: 'warning', message: 'is empty; send "-" when there is no level' });
        }
      });
    });
  });
  return out;
}
