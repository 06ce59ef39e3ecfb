/**
 * Recurring jobs without a leader. Every app node runs the same schedules; at each tick every node enqueues a job
 * whose dedupe key names the schedule and the tick's scheduled time, and the UNIQUE index on dedupe_key keeps
 * exactly one. The key uses the time the pattern matched (whole seconds), not the moment a node's timer fired, so
 * nodes that fire a few hundred milliseconds apart still agree.
 *
 * A tick that falls while every node is down is not caught up.
 */
import { Cron } from 'croner';
import type { Database } from '../../db/database.ts';
import { enqueue } from './queue.ts';

export const SCHEDULE_TIMEZONE = 'Asia/Tokyo';

/** The dedupe key of one tick of a schedule: `${name}@${tick as ISO-8601 UTC, to the second}`. */
export function dedupeKeyFor(name: string, tick: Date): string {
  const second = new Date(Math.floor(tick.getTime() / 1000) * 1000);
  return `${name}@${second.toISOString()}`;
}

export interface ScheduledJob {
  name: string;
  queue: string;
  payload?: unknown;
  tenantId?: string | null;
  maxAttempts?: number;
}

/** Enqueues the job for one tick. True if this call inserted it, false if another node (or call) already had. */
export function enqueueTick(database: Database, job: ScheduledJob, tick: Date): Promise<boolean> {
  return enqueue(database, {
    queue: job.queue,
    payload: job.payload,
    tenantId: job.tenantId,
    maxAttempts: job.maxAttempts,
    dedupeKey: dedupeKeyFor(job.name, tick),
    runAt: tick,
  });
}

/** The latest time the pattern matched at or before `at` (croner's previousRuns excludes `at` itself, hence +1 ms). */
function latestTick(cron: Cron, at: Date): Date | null {
  const [previous] = cron.previousRuns(1, new Date(at.getTime() + 1));
  return previous ?? null;
}

export interface SchedulerOptions {
  /** Default Asia/Tokyo: patterns are read as Japan time. */
  timezone?: string;
  /** Told when a tick could not be enqueued (database down). Default: console.error. */
  onError?: (error: unknown, name: string) => void;
}

interface Entry {
  job: ScheduledJob;
  cron: Cron;
}

export class Scheduler {
  private readonly entries = new Map<string, Entry>();
  private readonly timezone: string;
  private readonly onError: (error: unknown, name: string) => void;

  constructor(
    private readonly database: Database,
    options: SchedulerOptions = {},
  ) {
    this.timezone = options.timezone ?? SCHEDULE_TIMEZONE;
    this.onError = options.onError ?? ((error, name) => console.error(`[jobs] schedule ${name}:`, error));
  }

  /**
   * Runs `queue` with `payload` at every match of cronPattern (5 fields, or 6 with seconds first), in the
   * scheduler's timezone. Names must be unique and stable across nodes and releases: they are part of the key.
   */
  schedule(
    name: string,
    cronPattern: string,
    queue: string,
    payload?: unknown,
    options: Pick<ScheduledJob, 'tenantId' | 'maxAttempts'> = {},
  ): void {
    if (this.entries.has(name)) throw new Error(`schedule "${name}" is already registered`);
    if (name.includes('@')) throw new Error(`schedule name "${name}" must not contain "@"`);
    const job: ScheduledJob = { name, queue, payload, ...options };
    const cron: Cron = new Cron(
      cronPattern,
      { timezone: this.timezone, catch: (error) => this.onError(error, name) },
      async () => {
        await this.fire(entry, new Date());
      },
    );
    const entry: Entry = { job, cron };
    this.entries.set(name, entry);
  }

  /** The scheduled time of the latest tick of `name` at or before `at`, or null if there was none. */
  tickAt(name: string, at: Date = new Date()): Date | null {
    return latestTick(this.entry(name).cron, at);
  }

  /**
   * What a timer firing at `at` does: enqueue the job for the tick that is due. Returns whether this call inserted
   * it (false when another node already had, or no tick is due yet).
   */
  tick(name: string, at: Date = new Date()): Promise<boolean> {
    return this.fire(this.entry(name), at);
  }

  /** The next time `name` will fire after `after`. */
  nextRun(name: string, after: Date = new Date()): Date | null {
    return this.entry(name).cron.nextRun(after);
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  /** Stops every timer. Jobs already enqueued are left for the runners. */
  stopAll(): void {
    for (const { cron } of this.entries.values()) cron.stop();
    this.entries.clear();
  }

  private async fire(entry: Entry, at: Date): Promise<boolean> {
    const tick = latestTick(entry.cron, at);
    return tick ? enqueueTick(this.database, entry.job, tick) : false;
  }

  private entry(name: string): Entry {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`no schedule named "${name}"`);
    return entry;
  }
}
