/**
 * The job table as a queue, on SQLite and PostgreSQL with the same code.
 *
 * States: queued → running → done, or running → queued again (retry with backoff, or an expired lease re-queued by
 * the reaper) → … → failed once max_attempts is spent. Every access runs in the system scope (asSystem): on
 * PostgreSQL the job table's row-level security admits nothing else.
 *
 * Timestamps are ISO-8601 UTC strings from Date#toISOString (always the same width), so comparing them as text
 * orders them by time on both databases.
 */
import { type Selectable, sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { uuidv7 } from '../../db/ids.ts';
import type { JobTable } from '../../db/schema.ts';
import { asSystem } from '../../db/scope.ts';

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface EnqueueInput {
  queue: string;
  /** Anything JSON can carry; stored as JSON text. */
  payload?: unknown;
  /** Not before this time (default: now). */
  runAt?: Date;
  /**
   * At most one job ever exists per key (UNIQUE index): a second enqueue with the same key inserts nothing. The key
   * stays taken after the job finishes, so use keys that name one occurrence (a schedule tick, an event id).
   */
  dedupeKey?: string;
  tenantId?: string | null;
  /** How many times the job may be claimed before it is marked failed (default 5). */
  maxAttempts?: number;
}

/** A job as a worker holds it after claiming it. */
export interface ClaimedJob {
  id: string;
  queue: string;
  payload: unknown;
  tenantId: string | null;
  /** Including this claim: 1 on the first run. */
  attempts: number;
  maxAttempts: number;
  runAt: string;
  lockedBy: string;
  lockedUntil: string;
  dedupeKey: string | null;
}

/**
 * Who holds a job: the worker and the claim (its attempt number). complete/fail/extendLease given a lease touch the
 * job only while that claim still holds it, so a worker whose lease expired and was re-queued cannot finish a job
 * that another worker is now running.
 */
export interface Lease {
  workerId: string;
  attempts: number;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
const MAX_ERROR_LENGTH = 4000;

/** Exponential backoff before retry number `attempts` + 1: 10 s, 20 s, 40 s, … capped at one hour. */
export function backoffMs(attempts: number): number {
  return Math.min(3_600_000, 10_000 * 2 ** Math.max(0, attempts - 1));
}

function addMs(date: Date, ms: number): string {
  return new Date(date.getTime() + ms).toISOString();
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

/** Adds a job. Returns false when a job with the same dedupeKey already exists (nothing is inserted then). */
export async function enqueue(database: Database, input: EnqueueInput, now: Date = new Date()): Promise<boolean> {
  const maxAttempts = input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw new RangeError(`maxAttempts must be a positive integer, got ${maxAttempts}`);
  const row = await asSystem(database, (tx) =>
    tx
      .insertInto('job')
      .values({
        id: uuidv7(),
        tenant_id: input.tenantId ?? null,
        queue: input.queue,
        payload: JSON.stringify(input.payload ?? null),
        state: 'queued',
        run_at: (input.runAt ?? now).toISOString(),
        attempts: 0,
        max_attempts: maxAttempts,
        dedupe_key: input.dedupeKey ?? null,
        created_at: now.toISOString(),
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .executeTakeFirst(),
  );
  return row !== undefined;
}

function toClaimed(row: Selectable<JobTable>): ClaimedJob {
  return {
    id: row.id,
    queue: row.queue,
    payload: JSON.parse(row.payload),
    tenantId: row.tenant_id,
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    runAt: row.run_at,
    lockedBy: row.locked_by ?? '',
    lockedUntil: row.locked_until ?? '',
    dedupeKey: row.dedupe_key,
  };
}

/**
 * Atomically claims the oldest due job in one of the queues, for leaseSeconds. One statement: an UPDATE whose WHERE
 * picks the id by a subquery. On PostgreSQL the subquery locks the row it picks and skips rows other claimers hold
 * (FOR UPDATE SKIP LOCKED), so concurrent workers take different jobs without waiting on each other; SQLite has a
 * single writer, so the statement is atomic as it stands.
 */
export async function claimNext(
  database: Database,
  workerId: string,
  queues: readonly string[],
  leaseSeconds: number,
  now: Date = new Date(),
): Promise<ClaimedJob | undefined> {
  if (queues.length === 0) return undefined;
  const nowIso = now.toISOString();
  const row = await asSystem(database, (tx) => {
    const due = tx
      .selectFrom('job')
      .select('id')
      .where('state', '=', 'queued')
      .where('run_at', '<=', nowIso)
      .where('queue', 'in', queues)
      .orderBy('run_at')
      .orderBy('id')
      .limit(1);
    return tx
      .updateTable('job')
      .set((eb) => ({
        state: 'running',
        locked_by: workerId,
        locked_until: addMs(now, leaseSeconds * 1000),
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', '=', database.dialect === 'postgres' ? due.forUpdate().skipLocked() : due)
      .where('state', '=', 'queued')
      .returningAll()
      .executeTakeFirst();
  });
  return row ? toClaimed(row) : undefined;
}

/** Marks a running job done. Returns false if the job is not running (or, given a lease, no longer held by it). */
export async function complete(
  database: Database,
  id: string,
  lease?: Lease,
  now: Date = new Date(),
): Promise<boolean> {
  const result = await asSystem(database, (tx) => {
    let query = tx
      .updateTable('job')
      .set({ state: 'done', locked_until: null, finished_at: now.toISOString() })
      .where('id', '=', id)
      .where('state', '=', 'running');
    if (lease) query = query.where('locked_by', '=', lease.workerId).where('attempts', '=', lease.attempts);
    return query.executeTakeFirst();
  });
  return Number(result.numUpdatedRows) === 1;
}

export interface FailOptions {
  lease?: Lease;
  now?: Date;
  /** Delay before the next attempt, given the attempts made so far (default: backoffMs). */
  backoff?: (attempts: number) => number;
}

/** What fail() did: queued again for later, failed for good, or nothing because the job was not held. */
export type FailOutcome = 'retry' | 'failed' | 'lost';

/**
 * Records a failed run. While attempts remain the job goes back to the queue after an exponential backoff;
 * once max_attempts runs have failed it is marked failed. last_error keeps the latest error either way.
 */
export async function fail(
  database: Database,
  id: string,
  error: unknown,
  options: FailOptions = {},
): Promise<FailOutcome> {
  const now = options.now ?? new Date();
  const backoff = options.backoff ?? backoffMs;
  const lease = options.lease;
  return asSystem(database, async (tx) => {
    let find = tx
      .selectFrom('job')
      .select(['attempts', 'max_attempts'])
      .where('id', '=', id)
      .where('state', '=', 'running');
    if (lease) find = find.where('locked_by', '=', lease.workerId).where('attempts', '=', lease.attempts);
    const job = await (database.dialect === 'postgres' ? find.forUpdate() : find).executeTakeFirst();
    if (!job) return 'lost';
    const attempts = Number(job.attempts);
    const spent = attempts >= Number(job.max_attempts);
    await tx
      .updateTable('job')
      .set(
        spent
          ? { state: 'failed', locked_until: null, last_error: errorText(error), finished_at: now.toISOString() }
          : {
              state: 'queued',
              locked_by: null,
              locked_until: null,
              last_error: errorText(error),
              run_at: addMs(now, backoff(attempts)),
            },
      )
      .where('id', '=', id)
      .execute();
    return spent ? 'failed' : 'retry';
  });
}

/** Pushes a held job's lease forward (the runner's heartbeat for long jobs). False if the lease was lost. */
export async function extendLease(
  database: Database,
  id: string,
  lease: Lease,
  leaseSeconds: number,
  now: Date = new Date(),
): Promise<boolean> {
  const result = await asSystem(database, (tx) =>
    tx
      .updateTable('job')
      .set({ locked_until: addMs(now, leaseSeconds * 1000) })
      .where('id', '=', id)
      .where('state', '=', 'running')
      .where('locked_by', '=', lease.workerId)
      .where('attempts', '=', lease.attempts)
      .executeTakeFirst(),
  );
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Finds running jobs whose lease has expired (their worker died or hung) and re-queues them to run now; a job that
 * has already used all its attempts is marked failed instead, so a job that kills its worker cannot loop forever.
 */
export async function reapExpired(
  database: Database,
  now: Date = new Date(),
): Promise<{ requeued: number; failed: number }> {
  const nowIso = now.toISOString();
  return asSystem(database, async (tx) => {
    const expired = tx.updateTable('job').where('state', '=', 'running').where('locked_until', '<', nowIso);
    const why = sql<string>`'lease expired (held by ' || locked_by || ')'`;
    const failed = await expired
      .set({ state: 'failed', locked_until: null, last_error: why, finished_at: nowIso })
      .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
      .executeTakeFirst();
    const requeued = await expired
      .set({ state: 'queued', locked_by: null, locked_until: null, run_at: nowIso, last_error: why })
      .executeTakeFirst();
    return { requeued: Number(requeued.numUpdatedRows), failed: Number(failed.numUpdatedRows) };
  });
}
