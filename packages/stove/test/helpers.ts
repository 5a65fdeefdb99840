import { readFileSync } from 'node:fs';
import { createStoveClient, type StoveClientOptions } from '../src/index.js';

export const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

export const HEADERS = { lang: 'ko', nation: 'KR', timezone: 'Asia/Seoul', callerId: 'MYGAME_GAME_SERVER' } as const;
/** 2026-01-15T00:00:00Z */
export const NOW = Date.UTC(2026, 0, 15);

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
