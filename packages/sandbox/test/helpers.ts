/**
 * Loopback servers for the tests (127.0.0.1, a free port, closed after each test) and a fetch that checks every
 * sandbox answer against the response its spec documents (the contract tests' checker, independent of the sandbox).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { toNodeListener, type WebHandler } from '@gamestore/core/node';
import { afterEach } from 'vitest';
import { loadSpec, type Spec } from '../../../contract/src/spec.js';
import { answerChecker } from '../../../contract/src/validate.js';
import { readApis, ROOT } from '../../../scripts/generate.js';
import { main } from '../src/command.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../src/sandbox.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((stop) => stop()));
});

/** A node:http server on 127.0.0.1; `handle` can be given later (the sandbox and the endpoint need each other's URL). */
export async function serve(handler?: WebHandler): Promise<{ url: string; handle(h: WebHandler): void }> {
  let current = handler;
  const server: Server = createServer(toNodeListener((request, info) => (current ? current(request, info) : Promise.resolve(new Response(null, { status: 503 })))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, handle: (h) => void (current = h) };
}

/** A sandbox stopped after the test. */
export async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const s = await startSandbox(options);
  cleanup.push(() => s.stop());
  return s;
}

/** `gamestore <argv>`: its exit status and output. */
export async function gamestore(...argv: string[]): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await main(argv, { out: (l) => lines.push(l) });
  return { code, output: lines.join('\n') };
}

let contract: Promise<Spec[]> | undefined;
/** Every spec of redocly.yaml as the contract tests read it. */
export const contractSpecs = () =>
  (contract ??= readApis().then((apis) => Promise.all(apis.map((api) => loadSpec(api.name, path.join(ROOT, api.root))))));

/**
 * A fetch that sends through the global one and checks each answer of a stateful operation (`ids`) against the
 * response its spec documents for its status; `problems` lists every departure.
 */
export async function checkingFetch(ids: readonly string[]) {
  const all = await contractSpecs();
  const problems: string[] = [];
  const checked: string[] = [];
  const fetcher = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const response = await fetch(request);
    const id = response.headers.get('x-sandbox-operation');
    if (id && ids.includes(id)) {
      const spec = all.find((s) => s.operations.some((o) => o.id === id))!;
      const op = spec.operations.find((o) => o.id === id)!;
      const text = await response.clone().text();
      const found = answerChecker(spec).check(op, response.status, response.headers.get('content-type'), text ? JSON.parse(text) : undefined);
      problems.push(...found.map((p) => `${id} ${response.status}: ${p}`));
      checked.push(id);
    }
    return response;
  };
  return { fetch: fetcher, problems, checked };
}
