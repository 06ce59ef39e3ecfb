import type { Database } from '../db/database.ts';
import { asSystem } from '../db/scope.ts';
import { registerPolicyJobs } from '../modules/policies/reminders.ts';
import { JobRunner, Scheduler } from './jobs/index.ts';

/** Removes sessions past their absolute expiry and stale sign-in throttle rows. Idempotent. */
export async function purgeExpired(
  database: Database,
  now: Date = new Date(),
): Promise<{ sessions: number; throttles: number }> {
  return asSystem(database, async (tx) => {
    const s = await tx.deleteFrom('auth_session').where('expires_at', '<', now.toISOString()).executeTakeFirst();
    const dayAgo = new Date(now.getTime() - 86_400_000).toISOString();
    const t = await tx
      .deleteFrom('login_throttle')
      .where('window_started_at', '<', dayAgo)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now.toISOString())]))
      .executeTakeFirst();
    return { sessions: Number(s.numDeletedRows), throttles: Number(t.numDeletedRows) };
  });
}

/**
 * The background work of one app node: a job runner plus the platform's schedules. Several nodes may run this
 * against one PostgreSQL database; schedules enqueue with a dedupe key, so each tick runs once.
 */
export function startBackgroundWork(database: Database): { stop(): Promise<void> } {
  const runner = new JobRunner(database).handle('platform.purge-expired', async () => {
    await purgeExpired(database);
  });
  const scheduler = new Scheduler(database);
  scheduler.schedule('platform.purge-expired', '15 * * * *', 'platform.purge-expired');
  registerPolicyJobs(runner, scheduler, database);
  runner.start();
  return {
    async stop() {
      scheduler.stopAll();
      await runner.stop();
    },
  };
}
