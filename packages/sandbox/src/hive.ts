/**
 * Hive's web shop with state. Profiles: a control call asks the game's `webstore-profile` endpoint for a buyer's
 * servers, channels and characters, as Hive does when the buyer opens the shop, checks the answer against the
 * contract and keeps it. Payments: a control call records a paid PG payment (for a server, and character, the
 * buyer's profile lists when one is kept) and posts the payment notification to the game server; the completion
 * history lists it until an item delivery result consumes it, and receipt verification knows its
 * `purchase_bypass_info`.
 */
import { parseJson } from '@gamestore/core';
import { checkWebstoreProfileResponse, createHiveWebshopClient, type Departure, type WebstoreServer } from '@gamestore/hive';
import { randomDigits } from './events.js';
import { json, type Call, type HivePayment, type HiveProfile, type ProviderContext, type ProviderRoutes, type Reply } from './state.js';

export interface HiveProfileOptions {
  /** the game's webstore-profile endpoint base (`createHiveWebshopClient`'s `baseUrl`); undefined: none set */
  profileUrl?: string | undefined;
  fetch?: typeof fetch | undefined;
  log?: ((line: string) => void) | undefined;
}

/** `2025-02-21 10:15:40`, the completion history's format (UTC here) */
const dateTime = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
const failure = (message: string) => json(200, { result: 1, result_msg: message });

/** The endpoint Hive calls for a `createHiveWebshopClient` base URL. */
export const profileEndpoint = (baseUrl: string) => `${baseUrl.replace(/\/+$/, '')}/webstore-profile`;

/** The documented fields of a conforming answer's tree (an undocumented field is a warning, and is not kept). */
const tree = (data: WebstoreServer[]): WebstoreServer[] =>
  data.map(({ server_id, server_name, channels }) => ({
    server_id,
    server_name,
    channels: channels.map(({ channel_id, channel_name, characters }) => ({
      channel_id,
      channel_name,
      characters: characters.map(({ character_id, character_name, character_level }) => ({ character_id, character_name, character_level })),
    })),
  }));

/** Every way an answer of the webstore-profile endpoint departs from the contract, and its body when it is JSON. */
function judge(status: number, text: string, csCode: string): { departures: Departure[]; body?: { data: WebstoreServer[] } } {
  const departures: Departure[] = status === 200 ? [] : [{ path: 'HTTP status', severity: 'error', message: `is ${status}; Hive expects 200` }];
  let body: unknown;
  try {
    body = parseJson(text, { keys: ['cs_code'] });
  } catch {
    return { departures: [...departures, { path: '$', severity: 'error', message: 'the body is not valid JSON' }] };
  }
  departures.push(...checkWebstoreProfileResponse(body, { csCode }));
  return { departures, body: body as { data: WebstoreServer[] } };
}

/** Why Hive's purchase UI would not offer this server (or character) to the player, given the kept profile. */
function notOffered(profile: HiveProfile, serverId: string, characterId: string | undefined): string | undefined {
  const player = `player ${profile.cs_code}`;
  if (profile.status === 'refused') {
    return `the kept profile of ${player} was refused (the endpoint's answer breaks the webstore-profile contract), so Hive's purchase UI offers no server; fetch it again with POST /_sandbox/hive/profiles`;
  }
  const listed = (ids: string[]) => (ids.length ? ids.join(', ') : 'none');
  const server = profile.servers.find((s) => s.server_id === serverId);
  if (!server) {
    return `server_id ${serverId} is not in the profile of ${player} (servers: ${listed(profile.servers.map((s) => s.server_id))}); Hive's purchase UI only offers what the profile lists`;
  }
  const characters = server.channels.flatMap((c) => c.characters.map((k) => k.character_id));
  if (characterId !== undefined && !characters.includes(characterId)) {
    return `character_id ${characterId} is not on server ${serverId} in the profile of ${player} (characters: ${listed(characters)}); Hive's purchase UI only offers what the profile lists`;
  }
  return undefined;
}

export function hive({ state, deliver }: ProviderContext, options: HiveProfileOptions = {}): ProviderRoutes {
  const { payments, profiles } = state.hive;
  const log = options.log ?? (() => {});
  // by cs_code, which is the caller's text: own keys only (a `constructor` or `__proto__` is a player like any other)
  const kept = (csCode: string) => (Object.hasOwn(profiles, csCode) ? profiles[csCode] : undefined);
  const keep = (profile: HiveProfile) => Object.defineProperty(profiles, profile.cs_code, { value: profile, enumerable: true, writable: true, configurable: true });
  // one attempt, as long as a callback may take: Hive asks once while the buyer waits
  const webshop = options.profileUrl ? createHiveWebshopClient({ baseUrl: options.profileUrl, fetch: options.fetch, retry: false, timeout: 10_000 }) : undefined;

  /** asks the game's endpoint for the profile of `csCode`, keeps what it answered and judges it */
  const fetchProfile = async (csCode: string): Promise<Reply> => {
    if (!webshop) return json(409, { error: "the sandbox does not know the game's webstore-profile endpoint: start it with --hive-profile <url> (hiveProfileUrl)" });
    const where = profileEndpoint(options.profileUrl!);
    let answer: { response: Response; text: string };
    try {
      answer = await webshop.getWebstoreProfileRaw(csCode);
    } catch (e) {
      log(`  ✗ hive webstore-profile ${where}: no answer (${(e as Error).message})`);
      return json(502, { error: `the game's webstore-profile endpoint gave no answer: ${(e as Error).message}` });
    }
    const { departures, body } = judge(answer.response.status, answer.text, csCode);
    const refused = departures.some((d) => d.severity === 'error');
    const profile: HiveProfile = {
      cs_code: csCode,
      status: refused ? 'refused' : 'accepted',
      servers: refused || !body ? [] : tree(body.data),
      fetched_at: new Date().toISOString(),
      departures,
    };
    keep(profile);
    log(`  ${refused ? '✗' : '✓'} hive webstore-profile ${where}: ${answer.response.status}${refused ? ` (${departures.map((d) => `${d.path} ${d.message}`).join('; ')})` : ''}`);
    if (!refused) return json(201, { profile, departures });
    return json(502, { error: "the answer of the game's webstore-profile endpoint breaks the contract; the profile is kept as refused", profile, departures });
  };
  const itemResult = ({ body }: Call) => {
    const payment = payments.find((p) => p.hiveiap_transaction_id === body.hiveiap_transaction_id);
    if (!payment) return failure(`unknown hiveiap_transaction_id ${body.hiveiap_transaction_id}`);
    if (body.result_status === 1) payment.consumed = true;
    return json(200, { result: 0 });
  };
  return {
    answers: {
      listUnconsumedPgPurchases: ({ body }) => {
        const list = payments
          .filter((p) => !p.consumed && p.vid === String(body.user_id) && p.server_id === body.server_id)
          .map(({ consumed: _c, hiveiap_transaction_id: _t, character_id: _k, ...entry }) => entry);
        return json(200, { result: 0, result_msg: 'SUCCESS', unconsumed_lists: list });
      },
      verifyPurchase: ({ body }) => {
        const payment = payments.find((p) => p.purchase_bypass_info === body.purchase_bypass_info);
        if (!payment) return failure('the sandbox issued no such purchase_bypass_info');
        return json(200, { result: 0, hiveiap_transaction_id: payment.hiveiap_transaction_id, hiveiap_market_id: 15, hiveiap_market_pid: payment.market_pid });
      },
      sendItemResult: itemResult,
      sendItemResultV2: itemResult,
    },
    control: {
      // body: { cs_code } (a string, or an integer Player ID)
      'POST /_sandbox/hive/profiles': ({ body }) => {
        if (typeof body?.cs_code !== 'string' || !body.cs_code) return json(400, { error: 'cs_code (a string, or an integer Player ID) is required' });
        return fetchProfile(body.cs_code);
      },
      'GET /_sandbox/hive/profiles/{cs_code}': ({ params }) => {
        const profile = kept(params.cs_code!);
        return profile ? json(200, profile) : json(404, { error: `no profile of ${params.cs_code}: fetch it with POST /_sandbox/hive/profiles` });
      },
      // body: { player_id (or vid), server_id, market_pid, character_id?, quantity?, amount?, currency? }
      'POST /_sandbox/hive/payments': async ({ body }) => {
        const vid = String(body?.player_id ?? body?.vid ?? '');
        if (!/^\d{1,19}$/.test(vid) || typeof body.server_id !== 'string' || typeof body.market_pid !== 'string') {
          return json(400, { error: 'player_id (a decimal Player ID), server_id and market_pid are required' });
        }
        const characterId: unknown = body.character_id;
        if (characterId !== undefined && typeof characterId !== 'string') return json(400, { error: 'character_id, when given, must be a string' });
        // Hive's purchase UI offers only what the buyer's profile lists; without a kept profile, anything goes
        const profile = kept(vid);
        const refusal = profile && notOffered(profile, body.server_id, characterId);
        if (refusal) return json(400, { error: refusal });
        const now = new Date();
        const order_id = `PG-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${randomDigits(9)}`;
        const payment: HivePayment = {
          order_id,
          vid,
          server_id: body.server_id,
          market_pid: body.market_pid,
          amount: String(body.amount ?? '1200'),
          currency: String(body.currency ?? 'KRW'),
          quantity: Number(body.quantity ?? 1),
          started_datetime: dateTime(now),
          paid_datetime: dateTime(now),
          purchase_bypass_info: Buffer.from(JSON.stringify({ sandbox: true, order_id, vid, market_pid: body.market_pid })).toString('base64'),
          hiveiap_transaction_id: `SANDBOX-${randomDigits(12)}`,
          consumed: false,
          ...(characterId !== undefined && { character_id: characterId }),
        };
        payments.push(payment);
        const delivery = await deliver('hive', 'pg_payment', {
          type: 'paid',
          order_id,
          server_id: payment.server_id,
          market_pid: payment.market_pid,
          vid,
          started_datetime_ms: now.getTime(),
          paid_datetime_ms: now.getTime(),
        });
        return json(201, { payment, delivery: delivery ?? null });
      },
    },
  };
}
