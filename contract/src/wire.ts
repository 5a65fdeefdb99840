/**
 * What went over the wire between a client and a Prism mock: every request and Prism's verdict on it.
 */
import type { FetchLike } from '@gamestore/core';

/** One entry of Prism's `sl-violations` header. */
export interface Violation {
  location: string[];
  severity: string;
  code: string | number;
  message: string;
}

export interface Exchange {
  method: string;
  url: URL;
  status: number;
  /** what Prism found wrong with the request (or with its own answer); empty when none */
  violations: Violation[];
}

function violationsOf(response: Response): Violation[] {
  const header = response.headers.get('sl-violations');
  if (!header) return [];
  try {
    return JSON.parse(header) as Violation[];
  } catch {
    return [{ location: [], severity: 'Error', code: 'unreadable', message: header }];
  }
}

/** A fetch that sends through `inner` (default: the global fetch) and records every exchange. */
export function recorder(inner: FetchLike = (request, init) => fetch(request, init)) {
  const exchanges: Exchange[] = [];
  const record: FetchLike = async (request, init) => {
    const response = await inner(request, init);
    exchanges.push({ method: request.method, url: new URL(request.url), status: response.status, violations: violationsOf(response) });
    return response;
  };
  return { fetch: record, exchanges };
}

/** `^…$` for a path template: each `{name}` matches one path segment. */
export function templatePattern(template: string): RegExp {
  const literal = template.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${literal.join('[^/]+')}$`);
}
