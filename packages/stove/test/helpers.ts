import { readFileSync } from 'node:fs';
import { createStoveClient, type StoveClientOptions } from '../src/index.js';

export const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

export const HEADERS = { lang: 'ko', nation: 'KR', timezone: 'Asia/Seoul', callerId: 'MYGAME_GAME_SERVER' } as const;
/** 2026-01-15T00:00:00Z */
export const NOW = Date.UTC(2026, 0, 15);

export interface Recorded {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

/** A fetch that records requests and answers with canned raw text (never re-serialised JSON). */
export function recorder(...replies: Array<{ status?: number; body: string; type?: string }>) {
  const calls: Recorded[] = [];
  const fetch = async (req: Request) => {
    calls.push({ method: req.method, url: new URL(req.url), headers: req.headers, body: await req.clone().text() });
    const r = replies[Math.min(calls.length - 1, replies.length - 1)]!;
    return new Response(r.body, { status: r.status ?? 200, headers: { 'content-type': r.type ?? 'application/json;charset=UTF-8' } });
  };
  return { fetch, calls };
}

export function client(fetch: StoveClientOptions['fetch'], extra: Partial<StoveClientOptions> = {}) {
  return createStoveClient({
    environment: 'sandbox',
    serviceId: 'MYGAME',
    headers: HEADERS,
    accessToken: 'player-token-abc',
    serverToken: 'server-token-xyz',
    fetch,
    now: () => NOW,
    retry: { baseDelay: 1, maxDelay: 1 },
    ...extra,
  });
}
