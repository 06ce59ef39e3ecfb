/**
 * JobRunner: polls the job table, runs claimed jobs with bounded concurrency and records the outcome. Any number of
 * runners (in one process or on several nodes) may share the table: claiming is atomic (see queue.ts).
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database } from '../../db/database.ts';
import { type ClaimedJob, claimNext, complete, extendLease, fail, type Lease, reapExpired } from './queue.ts';

export type JobHandler<P = unknown> = (payload: P, job: ClaimedJob) => Promise<void> | void;

export interface JobRunnerOptions {
  /** Written to locked_by; unique per runner (default: host, pid and a random suffix). */
  workerId?: string;
  /** Queues to claim from (default: the queues that have a handler when start() or poll() runs). */
  queues?: readonly string[];
  /** How often to look for due jobs when idle (default 1000 ms). */
  pollIntervalMs?: number;
  /** Jobs run at the same time by this runner (default 4). */
  concurrency?: number;
  /** How long a claim holds a job; renewed at half-time while the handler runs (default 300 s). */
  leaseSeconds?: number;
  /** How often this runner re-queues jobs whose lease expired (default 30 000 ms; 0 turns the reaper off). */
  reapIntervalMs?: number;
  /** Delay before a retry, given the attempts made (default: backoffMs from queue.ts). */
  backoff?: (attempts: number) => number;
  /** The time source, for tests (default: new Date()). */
  clock?: () => Date;
  /** Told about errors outside handlers (database down, lease lost). Default: console.error. */
  onError?: (error: unknown, job?: ClaimedJob) => void;
}

export class UnknownQueueError extends Error {
  constructor(queue: string, workerId: string) {
    super(`no handler registered for queue "${queue}" on worker ${workerId}`);
    this.name = 'UnknownQueueError';
  }
}

export class JobRunner {
  readonly workerId: string;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly pollIntervalMs: number;
  private readonly concurrency: number;
  private readonly leaseSeconds: number;
  private readonly reapIntervalMs: number;
  private readonly clock: () => Date;
  private readonly onError: (error: unknown, job?: ClaimedJob) => void;
  private started = false;
  private stopping = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private reapTimer: NodeJS.Timeout | undefined;
  private filling: Promise<number> | null = null;
  private fillAgain = false;

  constructor(
    private readonly database: Database,
    private readonly options: JobRunnerOptions = {},
  ) {
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.concurrency = options.concurrency ?? 4;
    this.leaseSeconds = options.leaseSeconds ?? 300;
    this.reapIntervalMs = options.reapIntervalMs ?? 30_000;
    this.clock = options.clock ?? (() => new Date());
    this.onError =
      options.onError ??
      ((error, job) => console.error(`[jobs] ${this.workerId}${job ? ` job ${job.id}` : ''}:`, error));
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1)
      throw new RangeError('concurrency must be a positive integer');
  }

  /** Registers the handler for a queue. A handler that throws (or rejects) fails the job, which is retried later. */
  handle<P = unknown>(queue: string, handler: JobHandler<P>): this {
    this.handlers.set(queue, handler as JobHandler);
    return this;
  }

  /** Starts polling every pollIntervalMs (and reaping expired leases every reapIntervalMs). */
  start(): void {
    if (this.started) return;
    if (this.queues().length === 0)
      throw new Error(`job runner ${this.workerId} has no queues: register a handler first`);
    this.started = true;
    this.stopping = false;
    if (this.reapIntervalMs > 0) {
      const reap = () => reapExpired(this.database, this.clock()).catch((error) => this.onError(error));
      void reap();
      this.reapTimer = setInterval(reap, this.reapIntervalMs);
    }
    const loop = async () => {
      await this.poll().catch((error) => this.onError(error));
      if (this.started) this.pollTimer = setTimeout(loop, this.pollIntervalMs);
    };
    void loop();
  }

  /** Stops claiming, then waits for the jobs in flight to finish. */
  async stop(): Promise<void> {
    this.started = false;
    this.stopping = true;
    clearTimeout(this.pollTimer);
    clearInterval(this.reapTimer);
    await this.filling?.catch(() => undefined);
    await this.idle();
    this.stopping = false;
  }

  /** Resolves once no job is running. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Jobs currently running in this runner. */
  get running(): number {
    return this.inFlight.size;
  }

  /**
   * Claims due jobs until every slot is busy or none is due, and starts them; returns how many it started.
   * start() calls this on every poll and whenever a job finishes; tests may call it directly without start().
   */
  poll(): Promise<number> {
    if (this.filling) {
      this.fillAgain = true;
      return this.filling;
    }
    this.filling = this.fill().finally(() => {
      this.filling = null;
    });
    return this.filling;
  }

  private queues(): readonly string[] {
    return this.options.queues ?? [...this.handlers.keys()];
  }

  private async fill(): Promise<number> {
    let started = 0;
    do {
      this.fillAgain = false;
      while (!this.stopping && this.inFlight.size < this.concurrency) {
        const job = await claimNext(this.database, this.workerId, this.queues(), this.leaseSeconds, this.clock());
        if (!job) break;
        this.launch(job);
        started += 1;
      }
    } while (this.fillAgain && !this.stopping);
    return started;
  }

  private launch(job: ClaimedJob): void {
    const run: Promise<void> = this.execute(job)
      .catch((error) => this.onError(error, job))
      .finally(() => {
        this.inFlight.delete(run);
        if (this.started) this.poll().catch((error) => this.onError(error));
      });
    this.inFlight.add(run);
  }

  private async execute(job: ClaimedJob): Promise<void> {
    const lease: Lease = { workerId: this.workerId, attempts: job.attempts };
    const heartbeat = setInterval(() => {
      extendLease(this.database, job.id, lease, this.leaseSeconds, this.clock())
        .then((held) => {
          if (!held) this.onError(new Error(`lease on job ${job.id} was lost while it ran`), job);
        })
        .catch((error) => this.onError(error, job));
    }, this.leaseSeconds * 500);
    let failure: { error: unknown } | undefined;
    try {
      const handler = this.handlers.get(job.queue);
      if (!handler) throw new UnknownQueueError(job.queue, this.workerId);
      await handler(job.payload, job);
    } catch (error) {
      failure = { error };
    } finally {
      clearInterval(heartbeat);
    }
    const held = failure
      ? (await fail(this.database, job.id, failure.error, {
          lease,
          now: this.clock(),
          backoff: this.options.backoff,
        })) !== 'lost'
      : await complete(this.database, job.id, lease, this.clock());
    if (!held)
      this.onError(new Error(`job ${job.id} finished after its lease was lost; the outcome was not recorded`), job);
  }
}
