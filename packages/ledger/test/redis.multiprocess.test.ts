import { createClient } from 'redis';
import { inject } from 'vitest';
import { multiProcessSuite } from './multiprocess.js';

multiProcessSuite(
  'Redis',
  async () => {
    const client = await createClient({ url: inject('redisUrl') }).connect();
    const prefix = `multiprocess:${process.pid}:`;
    const grants = `${prefix}grants`;
    return {
      env: { LEDGER: 'redis', URL: inject('redisUrl'), PREFIX: prefix, GRANTS: grants },
      grants: async () => (await client.lRange(grants, 0, -1)).map((g) => g.split(' ') as [string, string]),
      close: () => client.close(),
    };
  },
  [{ title: 'a 1 s lease', env: { LEASE_MS: '1000' } }],
);
