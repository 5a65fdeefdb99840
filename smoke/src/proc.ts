/** Child processes with a time limit, and an environment fit for npm/npx (none of pnpm's `npm_*` variables). */
import { spawn } from 'node:child_process';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

/** npm settings a user may give through the environment; every other `npm_config_*` is pnpm's and is dropped. */
const NPM_KEEP = /^npm_config_(cache|registry|cafile|ca|userconfig|globalconfig|prefix|strict_ssl|proxy|https_proxy|noproxy|offline|prefer_offline|fetch_retries|fetch_timeout)$/i;

/**
 * The environment for npm, npx and the runtimes: the caller's, less the `npm_package_*`, `npm_lifecycle_*` and
 * pnpm-only `npm_config_*` variables that `pnpm run` sets (npx would read them as its own configuration), and
 * with update checks and telemetry off.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^npm_(config|package|lifecycle)_/i.test(k) || NPM_KEEP.test(k)) env[k] = v;
  }
  return {
    ...env,
    NO_UPDATE_NOTIFIER: '1',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    DENO_NO_UPDATE_CHECK: '1',
    DENO_NO_PROMPT: '1',
    DO_NOT_TRACK: '1',
    ...extra,
  };
}

/** Runs `cmd args` in `cwd`, killing its process group after `timeoutMs`. Never rejects. */
export function run(cmd: string, args: readonly string[], opts: { cwd?: string; timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, opts.timeoutMs);
    const done = (code: number | null) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started, timedOut });
    };
    child.on('error', (e) => {
      stderr += String(e);
      done(-1);
    });
    child.on('close', done);
  });
}

/** `1.23 s` */
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** The last lines of a command's output, for a failure report (npm's `nodedir` configuration warning dropped). */
export function tail(text: string, lines = 15): string {
  return text
    .split('\n')
    .filter((l) => l.trim() && !/Unknown user config "nodedir"/.test(l))
    .slice(-lines)
    .join('\n');
}
