import pg from 'pg';
import { inject } from 'vitest';
import { migrate } from '../src/pg.js';
import { multiProcessSuite } from './multiprocess.js';

// two workers on the lease path and two in transaction mode, on one table: both kinds of claim meet
multiProcessSuite(
  'PostgreSQL',
  async () => {
    const pool = new pg.Pool({ connectionString: inject('pgUrl'), max: 2 });
    const table = 'ledger_multiprocess';
    await migrate(pool, { table });
    await pool.query('CREATE TABLE IF NOT EXISTS grants_multiprocess (order_key text NOT NULL, worker text NOT NULL)'); // no unique key
    return {
      env: { LEDGER: 'pg', URL: inject('pgUrl'), TABLE: table, GRANTS: 'grants_multiprocess' },
      workerEnv: (i) => (i % 2 ? { TRANSACTIONAL: '1' } : {}),
      grants: async () => (await pool.query<{ order_key: string; worker: string }>('SELECT order_key, worker FROM grants_multiprocess')).rows.map((r) => [r.order_key, r.worker]),
      close: () => pool.end(),
    };
  },
  [
    { title: 'lease path, a 1 s lease', env: { LEASE_MS: '1000' } },
    { title: 'transaction mode (the transaction dies with the process)', env: { LEASE_MS: '1000', TRANSACTIONAL: '1', POOL_MAX: '55' } },
  ],
);
