/** Starts one PostgreSQL and one Redis for the whole run; every test file gets their URLs through `inject`. */
import type { TestProject } from 'vitest/node';
import { startPostgres, startRedis, type Server } from './servers.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
    redisUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const started = await Promise.allSettled([startPostgres(), startRedis()]);
  const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stop = async () => void (await Promise.allSettled(servers.map((s: Server) => s.stop())));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const [postgres, redis] = servers as [Server, Server];
  project.provide('pgUrl', postgres.url);
  project.provide('redisUrl', redis.url);
  return stop;
}
