import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const SPEC_PATH = fileURLToPath(new URL('../../../specs/hive/webshop.yaml', import.meta.url));

type Example = { summary?: string; value: unknown };
type Json = Record<string, any>;

/** The spec's named examples for getWebstoreProfile (request and 200 response). */
export function specExamples(): { request: Record<string, Example>; response: Record<string, Example> } {
  const doc = parse(readFileSync(SPEC_PATH, 'utf8')) as Json;
  const op = doc.paths['/webstore-profile'].post;
  return {
    request: op.requestBody.content['application/json'].examples,
    response: op.responses['200'].content['application/json'].examples,
  };
}

export function post(body: string, headers: Record<string, string> = {}): Request {
  return new Request('http://game.test/webstore-profile', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}
