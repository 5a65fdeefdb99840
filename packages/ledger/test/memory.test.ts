import { memoryIdempotencyStore } from '@gamestore/core';
import { ledgerContract, SHORT_LEASE_MS } from './contract.js';

// the in-process store of @gamestore/core, on an injected clock: one store plays both leases
ledgerContract('memory', { databaseErrors: false, transactions: false }, async () => {
  let t = 0;
  const store = memoryIdempotencyStore({ leaseMs: SHORT_LEASE_MS, now: () => t });
  return {
    long: store,
    short: store,
    elapse: async (ms) => void (t += ms),
    open: (options) => memoryIdempotencyStore(options),
    checksTokens: false,
  };
});
