/**
 * `pnpm demo` (after `pnpm build`): starts the local sandbox (`@gamestore/sandbox`: every spec of redocly.yaml,
 * stateful where the purchase flows need it), runs every program in examples/src against it, prints what each did,
 * stops it and exits 0 (1 when an example failed). The examples are stopped by process group, also on Ctrl+C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ROOT } from './generate.js';

const EXAMPLES_DIR = path.join(ROOT, 'examples');
const TIMEOUT_MS = 60_000;

interface Example {
  file: string;
  what: string;
  /** the example's environment: base URLs of the mocks it talks to, by API name */
  env(mock: (api: string) => string): Record<string, string>;
  note?: string;
}

const EXAMPLES: readonly Example[] = [
  {
    file: 'xsolla-catalog.ts',
    what: 'Xsolla Catalog: every virtual item of the store, page by page',
    env: (mock) => ({ XSOLLA_BASE_URL: mock('xsolla-catalog') }),
  },
  {
    file: 'xsolla-purchase.ts',
    what: 'Xsolla: the purchase flow (create an item, list, cart, order; a signed order_paid granted once, the replay not)',
    env: (mock) => ({ XSOLLA_BASE_URL: mock('xsolla-catalog') }),
  },
  {
    file: 'xsolla-reward-chain.ts',
    what: 'Xsolla LiveOps: create a reward chain',
    env: (mock) => ({ XSOLLA_BASE_URL: mock('xsolla-liveops') }),
  },
  {
    file: 'stove-store.ts',
    what: "STOVE: the shop's categories, then a player's inventory with its order numbers",
    env: (mock) => ({ STOVE_BASE_URL: mock('stove-bill-store') }),
  },
  {
    file: 'hive-purchase-limit.ts',
    what: 'Hive: validate a web-shop order against its purchase limits (OAuth token, then v2 check)',
    env: (mock) => ({ HIVE_BASE_URL: mock('hive-purchase-limit') }),
  },
  {
    file: 'hive-webshop-delivery.ts',
    what: "Hive: a web-shop payment notification verified with Hive (completion history), granted once in the PGlite ledger's transaction; the replay and a forged order not",
    env: (mock) => ({ HIVE_BASE_URL: mock('hive-payment') }),
  },
  {
    file: 'hive-webstore.ts',
    what: 'Hive: serve the webstore-profile handler on 127.0.0.1 and check it (and the mock) with gamestore-hive check',
    env: (mock) => ({ HIVE_WEBSTORE_URL: mock('hive-webshop') }),
  },
];

let current: ChildProcess | undefined;
process.on('exit', () => {
  if (current?.pid && current.exitCode === null) {
    try {
      process.kill(-current.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
});

/** Runs one example in its own process group; resolves with its exit code and output. */
function run(example: Example, env: Record<string, string>): Promise<{ code: number | string; output: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('src', example.file)], {
      cwd: EXAMPLES_DIR,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    current = child;
    child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
    const timer = setTimeout(() => {
      output += `\n(no end after ${TIMEOUT_MS} ms: stopped)`;
      process.kill(-child.pid!, 'SIGKILL');
    }, TIMEOUT_MS);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      current = undefined;
      resolve({ code: code ?? signal ?? 1, output, ms: Math.round(performance.now() - started) });
    });
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function main(): Promise<number> {
  const files = (await readdir(path.join(EXAMPLES_DIR, 'src'))).filter((f) => f.endsWith('.ts'));
  const unlisted = files.filter((f) => !EXAMPLES.some((e) => e.file === f));
  if (unlisted.length) throw new Error(`examples/src has programs the demo does not run: ${unlisted.join(', ')} (list them in scripts/demo.ts)`);

  // the examples run on the local sandbox (@gamestore/sandbox): stateful where the purchase flows need it, every
  // other operation answered from its spec's examples after its body is validated
  const started = performance.now();
  // the built package, as the examples use the built packages (`pnpm build` first); typed here by what the demo uses
  const { startSandbox } = (await import(pathToFileURL(path.join(ROOT, 'packages', 'sandbox', 'dist', 'index.js')).href)) as {
    startSandbox(options: { port: number }): Promise<{ url: string; stop(): Promise<void> }>;
  };
  const sandbox = await startSandbox({ port: 0 });
  console.log(`started the sandbox on ${sandbox.url} in ${Math.round(performance.now() - started)} ms (every API of redocly.yaml; Xsolla under /api)`);
  const mock = (api: string) => (api.startsWith('xsolla-') ? `${sandbox.url}/api` : sandbox.url);

  const failed: string[] = [];
  try {
    for (const example of EXAMPLES) {
      const env = example.env(mock);
      console.log(`\n── examples/src/${example.file}: ${example.what}`);
      console.log(`   ${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')}`);
      if (example.note) console.log(`   note: ${example.note}`);
      const { code, output, ms } = await run(example, env);
      console.log(output.trimEnd().replace(/^/gm, '   │ '));
      console.log(`   ${code === 0 ? '✓' : '✗'} exit ${code} in ${ms} ms`);
      if (code !== 0) failed.push(example.file);
    }
  } finally {
    await sandbox.stop();
  }

  console.log('\nstopped the sandbox');
  console.log(`${EXAMPLES.length - failed.length} passed, ${failed.length} failed`);
  if (failed.length) console.log(`failed: ${failed.join(', ')} (the examples import the built packages: run \`pnpm build\` first)`);
  return failed.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
