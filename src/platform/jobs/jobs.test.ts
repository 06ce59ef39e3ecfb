import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, expect, it } from 'vitest';
import { describeEachDatabase, type TestDatabase } from '../../../tests/helpers/databases.ts';
import type { Database } from '../../db/database.ts';
import { asSystem } from '../../db/scope.ts';
import { backoffMs, type ClaimedJob, claimNext, complete, enqueue, fail, reapExpired } from './queue.ts';
import { dedupeKeyFor, enqueueTick, Scheduler } from './schedule.ts';
import { JobRunner } from './worker.ts';

const T0 = new Date('2026-11-30T00:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

function rows(database: Database) {
  return asSystem(database, (tx) => tx.selectFrom('job').selectAll().orderBy('id').execute());
}

async function until(condition: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(10);
  }
}

it('dedupeKeyFor names the schedule and the tick to the second', () => {
  expect(dedupeKeyFor('daily-report', new Date('2026-11-30T00:00:00.000Z'))).toBe(
    'daily-report@2026-11-30T00:00:00.000Z',
  );
  expect(dedupeKeyFor('daily-report', new Date('2026-11-30T00:00:00.987Z'))).toBe(
    'daily-report@2026-11-30T00:00:00.000Z',
  );
  expect(dedupeKeyFor('daily-report', new Date('2026-11-30T00:00:01.000Z'))).not.toBe(dedupeKeyFor('daily-report', T0));
});

it('backoff doubles per attempt and is capped', () => {
  expect(backoffMs(2)).toBe(2 * backoffMs(1));
  expect(backoffMs(3)).toBe(4 * backoffMs(1));
  expect(backoffMs(100)).toBe(3_600_000);
});

describeEachDatabase('job queue', (make, kind) => {
  let testDb: TestDatabase;
  const opened: Database[] = [];
  const runners: JobRunner[] = [];
  const schedulers: Scheduler[] = [];

  afterEach(async () => {
    for (const s of schedulers.splice(0)) s.stopAll();
    for (const r of runners.splice(0)) await r.stop();
    for (const d of opened.splice(0)) await d.close();
    // pg-pool's end() resolves before its clients' sockets have closed; DROP DATABASE ... WITH (FORCE) would then
    // kill them mid-goodbye and the driver reports that as an uncaught error.
    if (kind === 'postgres') await sleep(200);
    await testDb?.drop();
  });

  /**
   * `n` handles on one fresh database, standing for `n` app nodes. On PostgreSQL each is its own connection pool;
   * SQLite mode is one process with one writer, so the nodes share its connection.
   */
  async function nodes(n: number): Promise<Database[]> {
    testDb = await make();
    const first = await testDb.open();
    opened.push(first);
    const handles = [first];
    for (let i = 1; i < n; i++) {
      const next = kind === 'postgres' ? await testDb.open() : first;
      if (next !== first) opened.push(next);
      handles.push(next);
    }
    return handles;
  }

  it('four concurrent claimers take 50 jobs without claiming any twice', async () => {
    const dbs = await nodes(4);
    for (let i = 0; i < 50; i++) expect(await enqueue(dbs[0], { queue: 'mail', payload: { n: i } }, at(0))).toBe(true);

    const claims: Array<{ job: ClaimedJob; worker: string }> = [];
    await Promise.all(
      dbs.map(async (db, w) => {
        for (;;) {
          const job = await claimNext(db, `w${w}`, ['mail'], 60, at(1000));
          if (!job) return;
          claims.push({ job, worker: `w${w}` });
        }
      }),
    );

    expect(claims).toHaveLength(50);
    expect(new Set(claims.map((c) => c.job.id)).size).toBe(50);
    expect(new Set(claims.map((c) => (c.job.payload as { n: number }).n)).size).toBe(50);
    const stored = await rows(dbs[0]);
    expect(stored.map((r) => r.state)).toEqual(Array(50).fill('running'));
    expect(stored.map((r) => Number(r.attempts))).toEqual(Array(50).fill(1));
    const holder = new Map(claims.map((c) => [c.job.id, c.worker]));
    for (const r of stored) expect(r.locked_by).toBe(holder.get(r.id));
  });

  it('claims only due jobs of the asked queues, oldest first', async () => {
    const [db] = await nodes(1);
    await enqueue(db, { queue: 'mail', payload: 'later', runAt: at(60_000) }, at(0));
    await enqueue(db, { queue: 'other', payload: 'elsewhere' }, at(0));
    await enqueue(db, { queue: 'mail', payload: 'second', runAt: at(20) }, at(0));
    await enqueue(db, { queue: 'mail', payload: 'first', runAt: at(10) }, at(0));

    expect((await claimNext(db, 'w', ['mail'], 60, at(1000)))?.payload).toBe('first');
    expect((await claimNext(db, 'w', ['mail'], 60, at(1000)))?.payload).toBe('second');
    expect(await claimNext(db, 'w', ['mail'], 60, at(1000))).toBeUndefined();
    const late = await claimNext(db, 'w', ['mail'], 60, at(60_000));
    expect(late?.payload).toBe('later');
    expect(late?.lockedUntil).toBe(at(120_000).toISOString());
  });

  it('four runners complete 50 jobs exactly once each', async () => {
    const dbs = await nodes(4);
    for (let i = 0; i < 50; i++) await enqueue(dbs[0], { queue: 'report', payload: { n: i } });

    const runs: Array<{ id: string; n: number; worker: string }> = [];
    for (const [w, db] of dbs.entries()) {
      const runner = new JobRunner(db, { workerId: `runner-${w}`, concurrency: 3, pollIntervalMs: 20 });
      runner.handle<{ n: number }>('report', async (payload, job) => {
        runs.push({ id: job.id, n: payload.n, worker: runner.workerId });
        await sleep(1 + Math.random() * 5);
      });
      runners.push(runner);
    }
    for (const r of runners) r.start();
    await until(async () => (await rows(dbs[0])).every((r) => r.state === 'done'));
    await Promise.all(runners.map((r) => r.stop()));

    expect(runs).toHaveLength(50);
    expect(new Set(runs.map((r) => r.id)).size).toBe(50);
    expect(runs.map((r) => r.n).sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
    expect(new Set(runs.map((r) => r.worker)).size).toBeGreaterThan(1);
    const stored = await rows(dbs[0]);
    const ranOn = new Map(runs.map((r) => [r.id, r.worker]));
    for (const r of stored) {
      expect(r.state).toBe('done');
      expect(Number(r.attempts)).toBe(1);
      expect(r.finished_at).not.toBeNull();
      expect(r.locked_by).toBe(ranOn.get(r.id));
    }
  });

  it('the same dedupe key enqueued by two nodes at once yields one row', async () => {
    const [a, b] = await nodes(2);
    for (let round = 0; round < 5; round++) {
      const key = `reminder:${round}`;
      const inserted = await Promise.all([
        enqueue(a, { queue: 'mail', payload: { from: 'a' }, dedupeKey: key }),
        enqueue(b, { queue: 'mail', payload: { from: 'b' }, dedupeKey: key }),
      ]);
      expect(inserted.filter(Boolean)).toHaveLength(1);
    }
    const stored = await rows(a);
    expect(stored).toHaveLength(5);
    expect(new Set(stored.map((r) => r.dedupe_key)).size).toBe(5);
    expect(await enqueue(b, { queue: 'mail', dedupeKey: 'reminder:0' })).toBe(false);
    expect(await enqueue(b, { queue: 'mail', dedupeKey: 'reminder:new' })).toBe(true);
  });

  it('a failing job is retried with growing backoff, then failed after max_attempts', async () => {
    const [db] = await nodes(1);
    let now = at(0);
    const calls: number[] = [];
    const runner = new JobRunner(db, { workerId: 'w', clock: () => now });
    runner.handle('flaky', async (_payload, job) => {
      calls.push(job.attempts);
      throw new Error(`boom ${job.attempts}`);
    });
    runners.push(runner);
    await enqueue(db, { queue: 'flaky', maxAttempts: 3 }, now);
    const job = async () => (await rows(db))[0];

    expect(await runner.poll()).toBe(1);
    await runner.idle();
    let row = await job();
    expect(row.state).toBe('queued');
    expect(row.last_error).toBe('Error: boom 1');
    expect(row.run_at).toBe(at(backoffMs(1)).toISOString());
    expect(row.locked_by).toBeNull();

    now = at(backoffMs(1) - 1);
    expect(await runner.poll()).toBe(0);

    now = at(backoffMs(1));
    expect(await runner.poll()).toBe(1);
    await runner.idle();
    row = await job();
    expect(row.state).toBe('queued');
    expect(row.last_error).toBe('Error: boom 2');
    expect(row.run_at).toBe(at(backoffMs(1) + backoffMs(2)).toISOString());

    now = at(backoffMs(1) + backoffMs(2));
    expect(await runner.poll()).toBe(1);
    await runner.idle();
    row = await job();
    expect(row.state).toBe('failed');
    expect(Number(row.attempts)).toBe(3);
    expect(row.last_error).toBe('Error: boom 3');
    expect(row.finished_at).toBe(now.toISOString());

    now = at(86_400_000);
    expect(await runner.poll()).toBe(0);
    expect(calls).toEqual([1, 2, 3]);
  });

  it('a job for a queue without a handler fails with a clear message', async () => {
    const [db] = await nodes(1);
    const runner = new JobRunner(db, { workerId: 'w-ghost', queues: ['ghost'] });
    runners.push(runner);
    await enqueue(db, { queue: 'ghost', maxAttempts: 1 });
    expect(await runner.poll()).toBe(1);
    await runner.idle();
    const [row] = await rows(db);
    expect(row.state).toBe('failed');
    expect(row.last_error).toBe('UnknownQueueError: no handler registered for queue "ghost" on worker w-ghost');
  });

  it('the reaper re-queues an expired lease, and the old holder can no longer finish the job', async () => {
    const [db] = await nodes(1);
    await enqueue(db, { queue: 'mail', payload: 'x' }, at(0));
    const first = await claimNext(db, 'dead-worker', ['mail'], 30, at(0));
    expect(first?.attempts).toBe(1);

    expect(await reapExpired(db, at(29_999))).toEqual({ requeued: 0, failed: 0 });
    expect((await rows(db))[0].state).toBe('running');

    expect(await reapExpired(db, at(30_001))).toEqual({ requeued: 1, failed: 0 });
    let [row] = await rows(db);
    expect(row.state).toBe('queued');
    expect(row.locked_by).toBeNull();
    expect(row.last_error).toBe('lease expired (held by dead-worker)');

    const second = await claimNext(db, 'live-worker', ['mail'], 30, at(30_001));
    expect(second?.id).toBe(first?.id);
    expect(second?.attempts).toBe(2);
    expect(await complete(db, first!.id, { workerId: 'dead-worker', attempts: 1 })).toBe(false);
    expect(await fail(db, first!.id, new Error('late'), { lease: { workerId: 'dead-worker', attempts: 1 } })).toBe(
      'lost',
    );
    expect(await complete(db, second!.id, { workerId: 'live-worker', attempts: 2 })).toBe(true);
    [row] = await rows(db);
    expect(row.state).toBe('done');
    expect(row.locked_by).toBe('live-worker');
  });

  it('the reaper fails an expired job that has no attempts left', async () => {
    const [db] = await nodes(1);
    await enqueue(db, { queue: 'mail', maxAttempts: 1 }, at(0));
    await claimNext(db, 'w', ['mail'], 30, at(0));
    expect(await reapExpired(db, at(31_000))).toEqual({ requeued: 0, failed: 1 });
    const [row] = await rows(db);
    expect(row.state).toBe('failed');
    expect(row.finished_at).toBe(at(31_000).toISOString());
  });

  it('a schedule tick enqueued twice, or by two nodes, makes one job', async () => {
    const [a, b] = await nodes(2);
    const job = { name: 'weekday-09', queue: 'report', payload: { kind: 'daily' } };
    expect(await enqueueTick(a, job, T0)).toBe(true);
    expect(await enqueueTick(a, job, T0)).toBe(false);

    // Two nodes whose timers fire at slightly different moments of the same tick (09:00 JST on a Monday).
    const [sa, sb] = [new Scheduler(a), new Scheduler(b)];
    schedulers.push(sa, sb);
    sa.schedule('weekday-0900', '0 9 * * 1-5', 'report', { kind: 'daily' });
    sb.schedule('weekday-0900', '0 9 * * 1-5', 'report', { kind: 'daily' });
    expect(sa.tickAt('weekday-0900', at(0))?.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(sa.nextRun('weekday-0900', new Date('2026-11-27T12:00:00Z'))?.toISOString()).toBe(
      '2026-11-30T00:00:00.000Z',
    );
    const results = await Promise.all([
      sa.tick('weekday-0900', at(3)),
      sb.tick('weekday-0900', at(1_250)),
      sa.tick('weekday-0900', at(40)),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);

    const stored = await rows(a);
    expect(stored.map((r) => r.dedupe_key).sort()).toEqual([
      'weekday-0900@2026-11-30T00:00:00.000Z',
      'weekday-09@2026-11-30T00:00:00.000Z',
    ]);
    const scheduled = stored.find((r) => r.dedupe_key?.startsWith('weekday-0900@'));
    expect(scheduled?.run_at).toBe(T0.toISOString());
    expect(JSON.parse(scheduled!.payload)).toEqual({ kind: 'daily' });
  });

  it('live timers on two nodes make one job per tick and stop on stopAll', async () => {
    const [a, b] = await nodes(2);
    const errors: unknown[] = [];
    const [sa, sb] = [
      new Scheduler(a, { onError: (e) => errors.push(e) }),
      new Scheduler(b, { onError: (e) => errors.push(e) }),
    ];
    schedulers.push(sa, sb);
    const started = Date.now();
    sa.schedule('every-second', '* * * * * *', 'tick');
    sb.schedule('every-second', '* * * * * *', 'tick');
    await sleep(2_600);
    sa.stopAll();
    sb.stopAll();
    const seconds = Math.ceil((Date.now() - started) / 1000) + 1;
    await sleep(300);
    const count = (await rows(a)).length;
    expect(count).toBeGreaterThanOrEqual(2);
    expect(count).toBeLessThanOrEqual(seconds);
    for (const r of await rows(a)) expect(r.dedupe_key).toMatch(/^every-second@\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    await sleep(1_200);
    expect((await rows(a)).length).toBe(count);
    expect(errors).toEqual([]);
  });
});
