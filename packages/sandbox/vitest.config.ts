import { defineConfig } from 'vitest/config';

// Timeouts sized for a loaded 2-core machine (turbo runs this suite beside the contract and smoke suites). No test
// races a real timer (time that matters comes from an injected clock), so these bound a hang, never a result.
export default defineConfig({ test: { testTimeout: 30_000, hookTimeout: 60_000 } });
