import type { Database } from '../../db/database.ts';
import { asSystem } from '../../db/scope.ts';

/** Failed sign-ins allowed from one client address in the window before it must wait. */
export const ADDRESS_FAILURE_LIMIT = 20;
export const ADDRESS_WINDOW_MINUTES = 15;
/** Consecutive failures on one account that lock it temporarily. */
export const ACCOUNT_FAILURE_LIMIT = 5;
export const ACCOUNT_LOCK_MINUTES = 15;

/** Seconds the address must still wait, or 0. Kept in the database so several nodes count together. */
export async function addressWaitSeconds(database: Database, clientIp: string): Promise<number> {
  const row = await asSystem(database, (tx) =>
    tx.selectFrom('login_throttle').selectAll().where('key', '=', `ip:${clientIp}`).executeTakeFirst(),
  );
  if (!row?.locked_until) return 0;
  return Math.max(0, Math.ceil((Date.parse(row.locked_until) - Date.now()) / 1000));
}

export async function recordAddressFailure(database: Database, clientIp: string): Promise<void> {
  const key = `ip:${clientIp}`;
  const now = new Date();
  await asSystem(database, async (tx) => {
    const row = await tx.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
    const windowOpen = row && now.getTime() - Date.parse(row.window_started_at) < ADDRESS_WINDOW_MINUTES * 60_000;
    const failures = windowOpen ? row.failures + 1 : 1;
    const lockedUntil =
      failures >= ADDRESS_FAILURE_LIMIT
        ? new Date(now.getTime() + ADDRESS_WINDOW_MINUTES * 60_000).toISOString()
        : null;
    const values = {
      failures,
      window_started_at: windowOpen ? row.window_started_at : now.toISOString(),
      locked_until: lockedUntil,
    };
    await tx
      .insertInto('login_throttle')
      .values({ key, ...values })
      .onConflict((oc) => oc.column('key').doUpdateSet(values))
      .execute();
  });
}

export async function clearAddressFailures(database: Database, clientIp: string): Promise<void> {
  await asSystem(database, (tx) => tx.deleteFrom('login_throttle').where('key', '=', `ip:${clientIp}`).execute());
}
