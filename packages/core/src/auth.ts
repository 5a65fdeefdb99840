/**
 * Credentials, keyed in `createApiClient({ auth })` by the security scheme names of the spec:
 *
 *   auth: { basicAuth: basic(projectId, apiKey), XsollaLoginUserJWT: bearer(() => session.token) }
 *
 * For each call the client takes the operation's first security alternative whose schemes are all configured.
 * A `secret` credential (a server key) refuses to be configured in a browser-like environment unless the
 * client is created with `dangerouslyAllowBrowser: true`; user tokens (bearer, guest cart) are fine there.
 */
import { GamestoreError } from './errors.js';
import type { OperationMeta } from './operations.js';

/** What a credential read is told about its call: the caller's signal (a token fetch should end when it aborts). */
export interface CredentialContext {
  readonly signal?: AbortSignal | undefined;
}

type Source<T> = T | ((context: CredentialContext) => T | Promise<T>);

export interface Credential {
  /** true for server secrets (API keys): refused in browsers unless `dangerouslyAllowBrowser` */
  readonly secret: boolean;
  /** the headers this credential adds to a call; called once per call */
  headers(context?: CredentialContext): Record<string, string> | Promise<Record<string, string>>;
  /** extra strings scrubbed from provider messages, besides the header values (e.g. the raw API key) */
  readonly redact?: readonly string[] | undefined;
}

const read = <T>(v: Source<T>, context: CredentialContext = {}): T | Promise<T> =>
  typeof v === 'function' ? (v as (c: CredentialContext) => T | Promise<T>)(context) : v;

/** Base64 of the UTF-8 bytes of `text` (works in every runtime with `btoa`). */
export const base64 = (text: string): string => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

/** A set of headers as a credential (provider header sets). `secret` defaults to true. */
export const headerSet = (
  headers: Source<Record<string, string>>,
  options: { secret?: boolean; redact?: readonly string[] } = {},
): Credential => ({ secret: options.secret ?? true, redact: options.redact, headers: (context) => read(headers, context) });

/** One header: `prefix` then a key or token. A value is one header set for every call; a function is asked per call. */
const tokenHeader = (header: string, prefix: string, value: Source<string>, options?: { secret?: boolean }): Credential =>
  headerSet(typeof value === 'function' ? async (context) => ({ [header]: prefix + (await read(value, context)) }) : { [header]: prefix + value }, options);

/** One header carrying a key or token, e.g. `apiKey('x-api-key', key)`. `secret` defaults to true. */
export const apiKey = (header: string, value: Source<string>, options?: { secret?: boolean }): Credential => tokenHeader(header, '', value, options);

/** `Authorization: Basic base64(id:apiKey)`, e.g. an Xsolla project or merchant key. A server secret. */
export const basic = (id: string | number, key: string): Credential =>
  headerSet({ authorization: `Basic ${base64(`${id}:${key}`)}` }, { redact: [key] });

/** `Authorization: Bearer <token>`: a user token, allowed in browsers. Pass a function to refresh it per call. */
export const bearer = (token: Source<string>): Credential => tokenHeader('authorization', 'Bearer ', token, { secret: false });

/**
 * Xsolla's guest cart mode: `x-unauthorized-id` plus `x-user` (the buyer's email in Base64). Map both schemes
 * to it: `{ AuthForCartGuestId: guest, AuthForCartGuestUser: guest }` (it is applied once).
 */
export const guestCart = (unauthorizedId: string, email: string): Credential =>
  headerSet({ 'x-unauthorized-id': unauthorizedId, 'x-user': base64(email) }, { secret: false });

/** A browser window or a browser worker (Node, Deno, Bun and edge workers are not). */
export const isBrowser = (): boolean => {
  const g = globalThis as { document?: unknown; importScripts?: unknown };
  return typeof g.document === 'object' || typeof g.importScripts === 'function';
};

/** The credentials of a security alternative, each once (two schemes may name one credential). Runs on every call. */
function credentialsOf(alt: readonly string[], auth: Readonly<Record<string, Credential>>): Credential[] {
  const found: Credential[] = [];
  for (const s of alt) if (!found.includes(auth[s]!)) found.push(auth[s]!);
  return found;
}

/**
 * The credentials for one call: those of the first security alternative whose schemes are all configured.
 * An operation without security (or with an empty alternative that comes first) needs none. Throws a
 * `config` error, before anything is sent, when the operation needs credentials that are not configured.
 */
export function chooseCredentials(
  meta: OperationMeta | undefined,
  auth: Readonly<Record<string, Credential>>,
  operation?: string,
  names: Readonly<Record<string, string>> = {},
): Credential[] {
  const alternatives = meta?.security ?? [];
  if (!alternatives.length) return [];
  for (const alt of alternatives) if (alt.every((s) => auth[s])) return credentialsOf(alt, auth);
  // named as the user configures them (`apiKey`, `userToken`), not by the spec's scheme names
  const needs = [...new Set(alternatives.map((alt) => [...new Set(alt.map((s) => names[s] ?? s))].join(' and ')))];
  throw new GamestoreError({ kind: 'config', operation, message: `${operation} needs ${needs.join(' or ')}` });
}
