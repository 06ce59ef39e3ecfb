export {
  backoffMs,
  type ClaimedJob,
  claimNext,
  complete,
  DEFAULT_MAX_ATTEMPTS,
  type EnqueueInput,
  enqueue,
  extendLease,
  type FailOptions,
  type FailOutcome,
  fail,
  type JobState,
  type Lease,
  reapExpired,
} from './queue.ts';
export {
  dedupeKeyFor,
  enqueueTick,
  SCHEDULE_TIMEZONE,
  type ScheduledJob,
  Scheduler,
  type SchedulerOptions,
} from './schedule.ts';
export { type JobHandler, JobRunner, type JobRunnerOptions, UnknownQueueError } from './worker.ts';
