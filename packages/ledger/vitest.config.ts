import { defineConfig } from 'vitest/config';

// Timeouts sized for a loaded 2-core machine (turbo runs this suite beside the contract and smoke suites). No test
// races a real timer (lease waits only assert a lower bound), so these bound a hang, never a result. The global
// setup starts a real PostgreSQL and Redis on loopback ports and stops them after the run.
export default defineConfig({ test: { testTimeout: 30_000, hookTimeout: 60_000, globalSetup: ['test/global-setup.ts'] } });
