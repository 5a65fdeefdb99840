/** The building blocks of the handlers that move money: runOnce over the idempotency contract, the raw body reader, the IP allow-list. */
import { describe, expect, it } from 'vitest';
import { unavailableStore } from '../src/testing.js';
import { handlerFrame, ipAllowList, memoryIdempotencyStore, parseJsonBody, readBody, runOnce, LeaseLostError, type IdempotencyStore } from '../src/index.js';

describe('runOnce', () => {
  it('runs once per key; a replay is `already`; a concurrent duplicate is `busy`', async () => {
    const store = memoryIdempotencyStore();
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = runOnce(store, 'order:1', async () => {
      runs++;
      await gate;
      return 'granted';
    });
    expect(await runOnce(store, 'order:1', () => runs++)).toEqual({ outcome: 'busy' });
    release();
    expect(await first).toEqual({ outcome: 'done', value: 'granted' });
    expect(await runOnce(store, 'order:1', () => runs++)).toEqual({ outcome: 'already' });
    expect(runs).toBe(1);
  });

  it('a failure releases the key so a redelivery runs again; a store failure runs nothing', async () => {
    const store = memoryIdempotencyStore();
    const failed = await runOnce(store, 'k', () => {
      throw new Error('inventory down');
    });
    expect(failed).toMatchObject({ outcome: 'failed' });
    expect(await runOnce(store, 'k', () => 'ok')).toEqual({ outcome: 'done', value: 'ok' });
    const broken = unavailableStore(new Error('db down'));
    let ran = false;
    expect(await runOnce(broken, 'k', () => (ran = true))).toMatchObject({ outcome: 'store' });
    expect(ran).toBe(false);
  });

  it('with alias keys, deliveries that share any one of them run once, and a refusal gives back what it took', async () => {
    const store = memoryIdempotencyStore();
    let runs = 0;
    expect(await runOnce(store, ['tid:T1', 'txn:9'], () => ++runs)).toMatchObject({ outcome: 'done' });
    expect(await runOnce(store, ['txn:9'], () => ++runs)).toEqual({ outcome: 'already' });
    expect(await runOnce(store, ['tid:T1', 'txn:10'], () => ++runs)).toEqual({ outcome: 'already' });
    expect(runs).toBe(1);
    // txn:10 was claimed then given back: a later payment under it alone still runs
    expect(await runOnce(store, ['txn:10'], () => ++runs)).toMatchObject({ outcome: 'done' });
    expect(runs).toBe(2);
  });

  it('a payment granted under one alias is done under every alias a later delivery carried (no split grant)', async () => {
    const store = memoryIdempotencyStore();
    let runs = 0;
    expect(await runOnce(store, ['txn:9'], () => ++runs)).toMatchObject({ outcome: 'done' });
    expect(await runOnce(store, ['tid:T1', 'txn:9'], () => ++runs)).toEqual({ outcome: 'already' });
    expect(await runOnce(store, ['tid:T1'], () => ++runs)).toEqual({ outcome: 'already' });
    expect(runs).toBe(1);
  });

  it('a commit that fails after the work ran stays `done` and is reported; so is a commit refused for a lost lease', async () => {
    const reported: unknown[] = [];
    const claim = () => ({ state: 'claimed', token: 't' }) as const;
    const failing: IdempotencyStore = { claim, commit: () => Promise.reject(new Error('lost')), release: () => undefined };
    expect(await runOnce(failing, 'k', () => 1, (e) => reported.push(e))).toEqual({ outcome: 'done', value: 1 });
    const refusing: IdempotencyStore = { claim, commit: () => false, release: () => undefined };
    expect(await runOnce(refusing, 'k', () => 2, (e) => reported.push(e))).toEqual({ outcome: 'done', value: 2 });
    expect(reported).toEqual([expect.objectContaining({ message: 'lost' }), expect.any(LeaseLostError)]);
    expect((reported[1] as LeaseLostError).key).toBe('k');
  });

  it('hands the work to the store transaction when the store has one: done, taken, failed, store failure', async () => {
    const seen: unknown[] = [];
    const taken = new Set<string>();
    const store: IdempotencyStore = {
      claim: () => {
        throw new Error('not used when the store runs transactions');
      },
      commit: () => false,
      release: () => undefined,
      async transaction(keys, work) {
        if (keys.some((k) => taken.has(k))) return { state: 'already' };
        if (keys.includes('down')) throw new Error('db down');
        const value = await work('tx-handle'); // throws: nothing recorded, like a rollback
        keys.forEach((k) => taken.add(k));
        return { state: 'done', value };
      },
    };
    expect(await runOnce(store, ['a', 'b'], (scope) => (seen.push(scope.transaction), 'granted'))).toEqual({ outcome: 'done', value: 'granted' });
    expect(seen).toEqual(['tx-handle']);
    expect(await runOnce(store, 'b', () => 'again')).toEqual({ outcome: 'already' });
    const boom = new Error('inventory down');
    expect(await runOnce(store, 'c', () => Promise.reject(boom))).toEqual({ outcome: 'failed', error: boom });
    expect(await runOnce(store, 'c', () => 'ok')).toEqual({ outcome: 'done', value: 'ok' });
    expect(await runOnce(store, ['down'], () => 'never')).toMatchObject({ outcome: 'store', error: { message: 'db down' } });
  });
});

describe('memoryIdempotencyStore', () => {
  it('a claim holds for the lease; after it another delivery claims, and the first commit is refused', () => {
    let t = 0;
    const store = memoryIdempotencyStore({ leaseMs: 100, now: () => t });
    const first = store.claim('k');
    expect(first).toMatchObject({ state: 'claimed' });
    t = 99;
    expect(store.claim('k')).toEqual({ state: 'busy' });
    t = 100;
    const second = store.claim('k');
    expect(second).toMatchObject({ state: 'claimed' });
    const token = (c: ReturnType<typeof store.claim>) => (c as { token: string }).token;
    expect(token(second)).not.toBe(token(first));
    expect(store.commit('k', token(first))).toBe(false);
    store.release('k', token(first)); // a stale release does not free the new claim
    expect(store.claim('k')).toEqual({ state: 'busy' });
    expect(store.commit('k', token(second))).toBe(true);
    expect(store.claim('k')).toEqual({ state: 'done' });
  });

  it('is bounded: the oldest finished keys go first past maxEntries, and every one after maxAgeMs', () => {
    let t = 0;
    const store = memoryIdempotencyStore({ maxEntries: 3, maxAgeMs: 1000, now: () => t });
    for (const k of ['a', 'b', 'c', 'd']) {
      const c = store.claim(k) as { token: string };
      store.commit(k, c.token);
      t += 10;
    }
    expect(store.size).toBe(3);
    expect(store.claim('a')).toMatchObject({ state: 'claimed' }); // forgotten
    expect(store.claim('d')).toEqual({ state: 'done' });
    t += 1000;
    expect(store.claim('d')).toMatchObject({ state: 'claimed' });
    expect(() => memoryIdempotencyStore({ leaseMs: 0 })).toThrow(/leaseMs/);
  });
});

describe('readBody and parseJsonBody', () => {
  const post = (body: BodyInit, type = 'application/json') => new Request('http://h/', { method: 'POST', headers: { 'content-type': type }, body });

  it('gives the exact bytes, then parses them with int64 fields kept', async () => {
    const read = await readBody(post('{"id":9223372036854775807}'));
    expect(read.ok && new TextDecoder().decode(read.bytes)).toBe('{"id":9223372036854775807}');
    expect(read.ok && parseJsonBody(read.bytes, { keys: ['id'] })).toMatchObject({ ok: true, value: { id: '9223372036854775807' } });
  });

  it('refuses another media type, a body over the limit, bad UTF-8 and bad JSON', async () => {
    expect(await readBody(post('{}', 'text/plain'))).toMatchObject({ ok: false, problem: { status: 415 } });
    expect(await readBody(post('x'.repeat(100)), { maxBytes: 10 })).toMatchObject({ ok: false, problem: { status: 413 } });
    expect(parseJsonBody(new Uint8Array([0x7b, 0xff, 0x7d]))).toMatchObject({ ok: false, problem: { status: 400 } });
    expect(parseJsonBody(new TextEncoder().encode('{"a":'))).toMatchObject({ ok: false, problem: { status: 400 } });
  });
});

describe('ipAllowList', () => {
  const allowed = ipAllowList(['185.30.20.0/24', '185.30.23.0/24', '10.0.0.7', '2001:db8::1']);
  it.each([
    ['185.30.20.1', true],
    ['185.30.20.255', true],
    ['::ffff:185.30.23.9', true],
    ['10.0.0.7', true],
    ['2001:db8::1', true],
    ['185.30.22.1', false],
    ['10.0.0.8', false],
    ['185.30.20', false],
    ['', false],
    [undefined, false],
  ])('%s → %s', (ip, expected) => expect(allowed(ip)).toBe(expected));

  it('refuses an entry that is neither an address nor an IPv4 range', () => {
    expect(() => ipAllowList(['10.0.0.0/33'])).toThrow(TypeError);
    expect(() => ipAllowList(['example.com/8'])).toThrow(TypeError);
  });
});

describe('handlerFrame', () => {
  const refuse = (status: number, message: string, headers?: Record<string, string>) => new Response(message, { status, ...(headers && { headers }) });
  const post = () => new Request('http://h/', { method: 'POST', body: '{}' });

  it('refuses before the handler runs: outside the allow-list, failing verify, another method', async () => {
    let ran = 0;
    const frame = handlerFrame({ allowedIps: ['10.0.0.0/8'], verify: (r) => r.headers.get('x-ok') !== 'no' }, refuse, async () => (ran++, new Response('ok')));
    expect((await frame(post(), { remoteAddress: '192.0.2.1' })).status).toBe(403);
    expect((await frame(new Request('http://h/', { method: 'POST', headers: { 'x-ok': 'no' } }), { remoteAddress: '10.1.1.1' })).status).toBe(403);
    const get = await frame(new Request('http://h/'), { remoteAddress: '10.1.1.1' });
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    expect(ran).toBe(0);
    expect(await (await frame(post(), { remoteAddress: '10.1.1.1' })).text()).toBe('ok');
  });

  it('answers 500 for anything the handler throws, and a reporter that throws changes nothing', async () => {
    const frame = handlerFrame({ onError: () => { throw new Error('reporter down'); } }, refuse, async () => {
      throw new Error('bug');
    });
    const response = await frame(post());
    expect([response.status, await response.text()]).toEqual([500, 'internal error']);
  });
});
