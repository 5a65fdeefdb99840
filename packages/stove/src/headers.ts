/**
 * The locale and caller headers every bill-store call carries (`X-Lang`, `X-Nation`, `X-Timezone`,
 * `X-Utc-Offset`, `caller-id`), set once on the client and validated before any request is sent.
 */
import { GamestoreError } from '@gamestore/core';

export interface StoveHeaders {
  /** `X-Lang`: language code, e.g. `ko`, `en`, `zh-TW` */
  lang: string;
  /** `X-Nation`: ISO 3166-1 alpha-2 country code, e.g. `KR` */
  nation: string;
  /** `X-Timezone`: IANA time zone, e.g. `Asia/Seoul` */
  timezone: string;
  /**
   * `X-Utc-Offset`: minutes east of UTC, e.g. `540`. Omit it to have it computed from `timezone` at each call,
   * which stays right across daylight-saving changes.
   */
  utcOffset?: number | undefined;
  /** `caller-id`: who is calling, e.g. `MYGAME_GAME_SERVER` */
  callerId: string;
}

const LANG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;
const NATION = /^[A-Z]{2}$/;
const CALLER = /^[\x21-\x7e]{1,100}$/;

function invalid(kind: 'config' | 'input', header: string, rule: string): GamestoreError {
  return new GamestoreError({ kind, message: `STOVE header ${header} ${rule}` });
}

/**
 * One formatter per time zone, made once: building an `Intl.DateTimeFormat` costs far more than using one (it was
 * most of a STOVE call's CPU when made per call). `undefined` when the zone is not an IANA time zone.
 */
const formatters = new Map<string, Intl.DateTimeFormat | undefined>();
function offsetFormatter(timezone: string): Intl.DateTimeFormat | undefined {
  if (!formatters.has(timezone)) {
    let format: Intl.DateTimeFormat | undefined;
    try {
      format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'longOffset' });
    } catch {
      format = undefined;
    }
    // bounded: a process talks to a handful of zones; an attacker-chosen flood of names must not grow it forever
    if (formatters.size >= 64) formatters.clear();
    formatters.set(timezone, format);
  }
  return formatters.get(timezone);
}

const isTimeZone = (tz: string): boolean => offsetFormatter(tz) !== undefined;

/**
 * The last offset computed per time zone, with the minute it holds for. Offsets change only on whole minutes
 * (daylight-saving and other transitions of the time-zone database fall on minute boundaries), so within one UTC
 * minute the offset is the same and the formatter need not run again; the next minute asks it anew, which keeps
 * the header right across a daylight-saving change.
 */
const lastOffset = new Map<string, { minute: number; offset: number }>();

/** Minutes east of UTC of `timezone` at `at`, a date or epoch milliseconds (e.g. 540 for Asia/Seoul). */
export function utcOffsetMinutes(timezone: string, at: Date | number): number {
  const ms = typeof at === 'number' ? at : at.getTime();
  const minute = Math.floor(ms / 60_000);
  const last = lastOffset.get(timezone);
  if (last?.minute === minute) return last.offset;
  const name = offsetFormatter(timezone)
    ?.formatToParts(ms)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT(?:([+-])(\d{1,2})(?::(\d{2}))?)?$/.exec(name ?? '');
  let offset = 0;
  if (m) {
    const minutes = Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
    offset = m[1] === '-' ? -minutes : minutes;
  }
  if (lastOffset.size >= 64 && !last) lastOffset.clear();
  if (Number.isFinite(minute)) lastOffset.set(timezone, { minute, offset });
  return offset;
}

/**
 * Validates a full or partial header set: `kind` is `config` for the client's defaults and `input` for a
 * per-call override. Messages name the header and the rule, never the value.
 */
export function validateHeaders(h: Partial<StoveHeaders>, kind: 'config' | 'input', complete: boolean): void {
  const required = ['lang', 'nation', 'timezone', 'callerId'] as const;
  if (complete) {
    const missing = required.filter((k) => h[k] === undefined || h[k] === null);
    if (missing.length) {
      throw new GamestoreError({
        kind,
        message: `STOVE needs the headers ${missing.map((k) => NAMES[k]).join(', ')}: set them in createStoveClient({ headers })`,
      });
    }
  }
  if (h.lang !== undefined && (typeof h.lang !== 'string' || !LANG.test(h.lang))) throw invalid(kind, 'X-Lang', 'must be a language code such as "ko"');
  if (h.nation !== undefined && (typeof h.nation !== 'string' || !NATION.test(h.nation))) throw invalid(kind, 'X-Nation', 'must be a two-letter upper-case country code such as "KR"');
  if (h.timezone !== undefined && (typeof h.timezone !== 'string' || !isTimeZone(h.timezone))) throw invalid(kind, 'X-Timezone', 'must be an IANA time zone such as "Asia/Seoul"');
  if (h.utcOffset !== undefined && (!Number.isInteger(h.utcOffset) || h.utcOffset < -720 || h.utcOffset > 840)) throw invalid(kind, 'X-Utc-Offset', 'must be whole minutes between -720 and 840');
  if (h.callerId !== undefined && (typeof h.callerId !== 'string' || !CALLER.test(h.callerId))) throw invalid(kind, 'caller-id', 'must be 1 to 100 printable ASCII characters without spaces');
}

const NAMES = { lang: 'X-Lang', nation: 'X-Nation', timezone: 'X-Timezone', utcOffset: 'X-Utc-Offset', callerId: 'caller-id' } as const;

/** The wire headers for one call at `now` (a date or epoch milliseconds). */
export function wireHeaders(h: StoveHeaders, now: Date | number): Record<string, string> {
  return {
    'X-Lang': h.lang,
    'X-Nation': h.nation,
    'X-Timezone': h.timezone,
    'X-Utc-Offset': String(h.utcOffset ?? utcOffsetMinutes(h.timezone, now)),
    'caller-id': h.callerId,
  };
}
